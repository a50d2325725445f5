"""A real SMTP server on loopback for the correspondence tests (the outbox tests' fixtures)."""

from tests.test_outbox import app_config, smtp, smtp_port  # noqa: F401  (fixtures)
