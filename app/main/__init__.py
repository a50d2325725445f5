"""The home page, dashboards, language choice and health check."""
