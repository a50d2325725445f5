"""Delegations: list, edit, focal points, registration links, nomination letters."""
