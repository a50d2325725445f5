"""Visa invitation letters as PDF, on the forum's letterhead, in English, French or Chinese.

One letter per page; a delegation's letters come as one document. Every string goes through
gettext under `force_locale`, and every paragraph gets a font that covers its characters, so
a Chinese or Cyrillic name prints whatever the letter's language. The facts come as plain
rows (Letterhead, Invitee); app/registration/letters.py builds them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.fonts import font_for


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The forum as the letters name it, in the letters' language."""

    forum_name: str = "Accredit"
    host: str = ""
    theme: str = ""
    venue: str = ""  # venue, city
    host_country: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    brand: str = "#1f4e79"
    contact_email: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    emblem: bytes | None = None


@dataclass(frozen=True, slots=True)
class Invitee:
    """One letter: its reference and the person it names (country names already in the
    letter's language)."""

    reference: str
    family_name: str
    given_names: str
    native_name: str
    nationality: str
    passport_number: str
    date_of_birth: date | None
    gender: str  # "female", "male" or ""
    position: str
    organization: str
    delegation: str


def _para(
    text: str, size: float = 10.5, bold: bool = False, lang: str = "en", **style
) -> Paragraph:
    font = font_for(text, bold=bold, locale=lang)
    ps = ParagraphStyle(
        "p",
        fontName=font,
        fontSize=size,
        leading=size * 1.38,
        wordWrap="CJK" if lang == "zh" else None,
        **style,
    )
    return Paragraph(escape(text).replace("\n", "<br/>"), ps)


def _date(value: date | None) -> str:
    return format_date(value, "long") if value else ""


def _letterhead(head: Letterhead, lang: str) -> list:
    """The forum's emblem above its name, in its main colour."""
    out: list = []
    if head.emblem:
        out.append(
            Image(io.BytesIO(head.emblem), width=18 * mm, height=18 * mm, kind="proportional")
        )
        out.append(Spacer(1, 2 * mm))
    out.append(_para(head.forum_name, 13, bold=True, lang=lang, alignment=TA_CENTER))
    if head.host:
        out.append(_para(head.host, 11, lang=lang, alignment=TA_CENTER))
    if head.venue:
        out.append(_para(head.venue, 9.5, lang=lang, alignment=TA_CENTER, textColor=colors.grey))
    out.append(Spacer(1, 3 * mm))
    out.append(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(head.brand)))
    out.append(Spacer(1, 5 * mm))
    return out


def _opening(head: Letterhead, invitee: Invitee, lang: str) -> list:
    out = [
        _para(_("Reference: %(ref)s", ref=invitee.reference), lang=lang, alignment=TA_RIGHT),
        _para(_("Date: %(date)s", date=_date(date.today())), lang=lang, alignment=TA_RIGHT),
        Spacer(1, 4 * mm),
    ]
    if head.host_country:
        addressee = _("To the Embassy or Consulate of %(country)s", country=head.host_country)
    else:
        addressee = _("To the Embassy or Consulate concerned")
    out.append(_para(addressee, bold=True, lang=lang))
    out.append(Spacer(1, 5 * mm))
    out.append(_para(_("Visa invitation letter"), 13, bold=True, lang=lang))
    out.append(Spacer(1, 4 * mm))
    out.append(
        _para(
            _(
                "We have the honour to confirm that the person named below is invited to attend "
                "the %(forum)s, to be held in %(venue)s from %(start)s to %(end)s.",
                forum=head.forum_name,
                venue=head.venue or head.host_country,
                start=_date(head.starts_on),
                end=_date(head.ends_on),
            ),
            lang=lang,
        )
    )
    out.append(Spacer(1, 4 * mm))
    return out


def _particulars(p: Invitee, lang: str) -> Table:
    rows = [
        (_("Family name"), p.family_name.upper()),
        (_("Given name(s)"), p.given_names),
        (_("Name in own script"), p.native_name),
        (_("Nationality"), p.nationality),
        (_("Passport number"), p.passport_number),
        (_("Date of birth"), _date(p.date_of_birth)),
        (_("Gender"), {"female": _("Female"), "male": _("Male")}.get(p.gender, "")),
        (_("Position"), p.position),
        (_("Organization"), p.organization),
        (_("Delegation"), p.delegation),
    ]
    table = Table(
        [[_para(k, 9.5, bold=True, lang=lang), _para(v, 10, lang=lang)] for k, v in rows if v],
        colWidths=[48 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _closing(head: Letterhead, lang: str) -> list:
    purpose = _(
        "The purpose of the visit is to take part in the forum, its plenary and working "
        "sessions, as a member of the delegation named above."
    )
    if head.theme:
        purpose += " " + _("The theme of the forum is: %(theme)s", theme=head.theme)
    out = [_para(purpose, lang=lang), Spacer(1, 3 * mm)]
    out.append(
        _para(
            _(
                "We would be grateful if you would issue the appropriate visa to the above-named "
                "participant for the duration of the forum. Please do not hesitate to contact "
                "the secretariat for any further information."
            ),
            lang=lang,
        )
    )
    if head.contact_email:
        out.append(_para(_("Secretariat: %(email)s", email=head.contact_email), 9.5, lang=lang))
    out.append(Spacer(1, 8 * mm))
    out.append(_para(_("Yours faithfully,"), lang=lang))
    out.append(Spacer(1, 14 * mm))
    for text, bold in (
        (head.signatory_name, True),
        (head.signatory_title, False),
        (head.host, False),
    ):
        if text:
            out.append(_para(text, bold=bold, lang=lang))
    return out


def visa_letters_pdf(invitees: list[Invitee], head: Letterhead, lang: str) -> bytes:
    """One letter per invitee (in order), each on its own page."""
    buffer = io.BytesIO()
    with force_locale(lang):
        title = _("Visa invitation letter")
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=title,
            author=head.forum_name,
        )
        story: list = []
        for i, invitee in enumerate(invitees):
            if i:
                story.append(PageBreak())
            story += _letterhead(head, lang)
            story += _opening(head, invitee, lang)
            story.append(_particulars(invitee, lang))
            story.append(Spacer(1, 5 * mm))
            story += _closing(head, lang)
        doc.build(story)
    return buffer.getvalue()
