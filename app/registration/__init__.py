"""Participant registration: the form, photos, workflow, visa letters, import."""
