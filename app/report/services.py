"""The forum's report in words and files: the headline sentence, the PDF and the XLSX."""

from __future__ import annotations

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from app.documents.report import Figure, Section, render_report
from app.documents.spreadsheets import Sheet, xlsx_bytes
from app.i18n import current_language, forum
from app.report.queries import Attendance


def headline(att: Attendance) -> str:
    """The figures as a press release quotes them."""
    people = ngettext("%(num)d participant", "%(num)d participants", att.participants)
    countries = ngettext(
        "%(num)d country or region", "%(num)d countries and regions", att.countries
    )
    organizations = ngettext(
        "%(num)d international organization",
        "%(num)d international organizations",
        att.organizations,
    )
    return _(
        "%(people)s from %(countries)s and %(organizations)s attended the forum.",
        people=people,
        countries=countries,
        organizations=organizations,
    )


def figures(att: Attendance) -> list[Figure]:
    return [
        Figure(_("participants"), att.participants),
        Figure(_("countries and regions"), att.countries),
        Figure(_("international organizations"), att.organizations),
    ]


def sections(att: Attendance) -> list[Section]:
    return [
        Section(_("By day"), [(format_date(day, "full"), n) for day, n in att.by_day]),
        Section(_("By category"), [(r.label, r.value) for r in att.by_category]),
        Section(_("Countries and regions"), [(r.label, r.value) for r in att.by_country]),
        Section(
            _("International organizations"), [(r.label, r.value) for r in att.by_organization]
        ),
        Section(_("Other delegations"), [(r.label, r.value) for r in att.by_other]),
    ]


def _title() -> str:
    settings = forum()
    name = settings.localized("name") if settings else "Accredit"
    return _("%(forum)s: attendance", forum=name)


def _subtitle() -> str:
    settings = forum()
    if settings is None:
        return ""
    return _(
        "%(start)s to %(end)s · from the check-in records",
        start=format_date(settings.starts_on, "long"),
        end=format_date(settings.ends_on, "long"),
    )


def report_pdf(att: Attendance) -> bytes:
    return render_report(
        _title(),
        _subtitle(),
        headline(att),
        figures(att),
        sections(att),
        footer=_title(),
        lang=current_language(),
    )


def report_xlsx(att: Attendance) -> bytes:
    summary = Sheet(
        _("Summary"),
        [_("Figure"), _("Count")],
        [[f.label, f.value] for f in figures(att)] + [[headline(att), ""]],
        [50, 10],
    )
    sheets = [summary] + [
        Sheet(s.title, [_("Name"), _("Participants")], [list(r) for r in s.rows], [50, 14])
        for s in sections(att)
    ]
    return xlsx_bytes(sheets)
