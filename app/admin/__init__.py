"""Administration: user accounts, forum settings, categories, outbox, audit log."""
