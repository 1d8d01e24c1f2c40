"""Business rules of action plans, activities, costs and visits: every door (pages, import, API,
commands) writes through these functions."""
