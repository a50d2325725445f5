"""The API's description: openapi.json, and a page to browse it (Swagger UI, vendored)."""

from __future__ import annotations

from flask import jsonify, render_template

from app.api import docs_bp
from app.auth.access import public
from app.extensions import api


@docs_bp.route("/openapi.json")
@public
def openapi_json():
    return jsonify(api.spec.to_dict())


@docs_bp.route("/docs")
@public
def browse():
    return render_template("api/docs.html")
