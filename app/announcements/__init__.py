"""Announcements and practical-information pages."""
