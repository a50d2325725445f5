"""The REST API (/api/v1) and its description (openapi.json, a browsable page)."""

from flask import Blueprint as FlaskBlueprint
from flask_smorest import Blueprint

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Accredit's resources for devices and other systems.",
)
docs_bp = FlaskBlueprint("api_docs", __name__, url_prefix="/api/v1")
