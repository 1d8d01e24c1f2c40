"""Vänort: a municipality's partner-city cooperation, from register to report."""
