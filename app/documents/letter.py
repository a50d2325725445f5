"""Visa invitation letters as PDF, on the forum's letterhead, in English, French or Chinese.

One letter per page; a delegation's letters come as one document. Every string goes through
gettext under `force_locale`, and every paragraph gets a font that covers its characters, so
a Chinese or Cyrillic name prints whatever the letter's language.
"""

from __future__ import annotations

import io
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

from app.i18n import country_name, forum
from app.identity import forum_emblem
from app.models import Participant, VisaLetter
from app.pdf import font_for


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


def _letter(
    p: Participant, letter: VisaLetter, lang: str, settings, emblem: bytes | None = None
) -> list:
    forum_name = settings.localized("name", lang) if settings else "Accredit"
    host = settings.localized("host", lang) if settings else ""
    theme = settings.localized("theme", lang) if settings else ""
    venue = ", ".join(x for x in (settings.venue, settings.city) if x) if settings else ""
    host_country = country_name(settings.country_code, lang) if settings else ""
    starts = format_date(settings.starts_on, "long") if settings else ""
    ends = format_date(settings.ends_on, "long") if settings else ""
    today = format_date(date.today(), "long")
    out: list = []

    # Letterhead: the forum's emblem above its name, in its main colour.
    if emblem:
        out.append(Image(io.BytesIO(emblem), width=18 * mm, height=18 * mm, kind="proportional"))
        out.append(Spacer(1, 2 * mm))
    out.append(_para(forum_name, 13, bold=True, lang=lang, alignment=TA_CENTER))
    if host:
        out.append(_para(host, 11, lang=lang, alignment=TA_CENTER))
    if venue:
        out.append(_para(venue, 9.5, lang=lang, alignment=TA_CENTER, textColor=colors.grey))
    out.append(Spacer(1, 3 * mm))
    brand = settings.brand_primary if settings and settings.brand_primary else "#1f4e79"
    out.append(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(brand)))
    out.append(Spacer(1, 5 * mm))

    out.append(_para(_("Reference: %(ref)s", ref=letter.reference), lang=lang, alignment=TA_RIGHT))
    out.append(_para(_("Date: %(date)s", date=today), lang=lang, alignment=TA_RIGHT))
    out.append(Spacer(1, 4 * mm))
    if host_country:
        addressee = _("To the Embassy or Consulate of %(country)s", country=host_country)
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
                forum=forum_name,
                venue=venue or host_country,
                start=starts,
                end=ends,
            ),
            lang=lang,
        )
    )
    out.append(Spacer(1, 4 * mm))

    rows = [
        (_("Family name"), p.family_name.upper()),
        (_("Given name(s)"), p.given_names),
        (_("Name in own script"), p.native_name),
        (_("Nationality"), country_name(p.nationality, lang)),
        (_("Passport number"), p.passport_number or ""),
        (_("Date of birth"), format_date(p.date_of_birth, "long") if p.date_of_birth else ""),
        (
            _("Gender"),
            {"female": _("Female"), "male": _("Male")}.get(p.gender.value, "") if p.gender else "",
        ),
        (_("Position"), p.position),
        (_("Organization"), p.organization),
        (_("Delegation"), p.delegation.localized("name", lang) if p.delegation else ""),
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
    out.append(table)
    out.append(Spacer(1, 5 * mm))
    purpose = _(
        "The purpose of the visit is to take part in the forum, its plenary and working "
        "sessions, as a member of the delegation named above."
    )
    if theme:
        purpose += " " + _("The theme of the forum is: %(theme)s", theme=theme)
    out.append(_para(purpose, lang=lang))
    out.append(Spacer(1, 3 * mm))
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
    if settings and settings.contact_email:
        out.append(_para(_("Secretariat: %(email)s", email=settings.contact_email), 9.5, lang=lang))
    out.append(Spacer(1, 8 * mm))
    out.append(_para(_("Yours faithfully,"), lang=lang))
    out.append(Spacer(1, 14 * mm))
    if settings and settings.signatory_name:
        out.append(_para(settings.signatory_name, bold=True, lang=lang))
    if settings and settings.signatory_title:
        out.append(_para(settings.signatory_title, lang=lang))
    if host:
        out.append(_para(host, lang=lang))
    return out


def visa_letters_pdf(
    participants: list[Participant], letters: list[VisaLetter], lang: str
) -> bytes:
    """One letter per participant (in order), each on its own page."""
    settings = forum()
    emblem = forum_emblem()
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
            author=settings.localized("name", lang) if settings else "Accredit",
        )
        story: list = []
        for i, (p, letter) in enumerate(zip(participants, letters, strict=True)):
            if i:
                story.append(PageBreak())
            story += _letter(p, letter, lang, settings, emblem)
        doc.build(story)
    return buffer.getvalue()
