from rest_framework.pagination import PageNumberPagination


class CappedPagination(PageNumberPagination):
    """50 rows a page by default; ``?page_size=`` up to 200 (a larger value is capped at 200, an
    invalid one falls back to 50)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
