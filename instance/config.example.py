# Copy to instance/config.py. Environment variables (DATABASE_URL, SMTP_HOST …) override it.
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://accredit@127.0.0.1/accredit"
# MAIL_SERVER = "smtp.example.org"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# MAIL_USERNAME = "accredit"
# MAIL_PASSWORD = "…"
# MAIL_DEFAULT_SENDER = "Forum Secretariat <secretariat@example.org>"
# BASE_URL = "https://accredit.example.org"
# REDIS_URL = "redis://127.0.0.1:6379/0"
# SECURE_COOKIES = True
