"""The benchmark's own WSGI app: Accredit on the bench database, plus a bare "hello" route.

Served by gunicorn with the product's gunicorn.conf.py (`--pythonpath bench bench_wsgi:app`)
so the agenda and "hello" are measured under the same workers. The hello route exists only
in this instance, never in the product. BENCH_INSTANCE names the bench's instance folder.
"""

from __future__ import annotations

import os

from flask import Blueprint

from app import create_app
from app.auth.access import public


def make_app(instance: str, database_url: str | None = None):
    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "SQLALCHEMY_DATABASE_URI": database_url
            or "sqlite:///" + os.path.join(instance, "accredit.db"),
            "RATELIMIT_ENABLED": False,
        }
    )
    bp = Blueprint("bench", __name__)

    @bp.route("/bench/hello")
    @public
    def hello():
        return "hello"

    app.register_blueprint(bp)
    return app


app = make_app(os.environ["BENCH_INSTANCE"]) if os.environ.get("BENCH_INSTANCE") else None
