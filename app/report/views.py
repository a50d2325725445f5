"""Routes of the report area (organizers only)."""

from __future__ import annotations

from flask import render_template

from app.auth.access import roles_required
from app.auth.policy import ORGANIZERS
from app.desk.dashboard.services import Bar
from app.downloads import PDF, XLSX, download_name, file_response
from app.report import bp, queries, services


def _download(body: bytes, mimetype: str, ext: str):
    return file_response(body, mimetype, download_name("forum-report", ext))


@bp.route("/", endpoint="index")
@roles_required(*ORGANIZERS)
def index():
    att = queries.attendance()
    return render_template(
        "report/index.html",
        att=att,
        headline=services.headline(att),
        figures=services.figures(att),
        charts=[
            (section.title, [Bar(label, value) for label, value in section.rows])
            for section in services.sections(att)
            if section.rows
        ],
    )


@bp.route("/report.pdf", endpoint="pdf")
@roles_required(*ORGANIZERS)
def pdf():
    return _download(services.report_pdf(queries.attendance()), PDF, "pdf")


@bp.route("/report.xlsx", endpoint="xlsx")
@roles_required(*ORGANIZERS)
def xlsx():
    return _download(
        services.report_xlsx(queries.attendance()),
        XLSX,
        "xlsx",
    )
