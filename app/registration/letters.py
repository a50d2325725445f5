"""Visa letters: the forum's and each participant's facts, as the rows app/documents/letter.py
draws."""

from __future__ import annotations

from app.documents.letter import Invitee, Letterhead
from app.documents.letter import visa_letters_pdf as render_letters
from app.i18n import country_name, forum
from app.identity import forum_emblem
from app.models import Participant, VisaLetter


def letterhead(lang: str) -> Letterhead:
    settings = forum()
    if not settings:
        return Letterhead(emblem=forum_emblem())
    return Letterhead(
        forum_name=settings.localized("name", lang),
        host=settings.localized("host", lang),
        theme=settings.localized("theme", lang),
        venue=", ".join(x for x in (settings.venue, settings.city) if x),
        host_country=country_name(settings.country_code, lang),
        starts_on=settings.starts_on,
        ends_on=settings.ends_on,
        brand=settings.brand_primary or "#1f4e79",
        contact_email=settings.contact_email or "",
        signatory_name=settings.signatory_name or "",
        signatory_title=settings.signatory_title or "",
        emblem=forum_emblem(),
    )


def invitee(p: Participant, letter: VisaLetter, lang: str) -> Invitee:
    return Invitee(
        reference=letter.reference,
        family_name=p.family_name,
        given_names=p.given_names,
        native_name=p.native_name,
        nationality=country_name(p.nationality, lang),
        passport_number=p.passport_number or "",
        date_of_birth=p.date_of_birth,
        gender=p.gender.value if p.gender else "",
        position=p.position,
        organization=p.organization,
        delegation=p.delegation.localized("name", lang) if p.delegation else "",
    )


def visa_letters_pdf(
    participants: list[Participant], letters: list[VisaLetter], lang: str
) -> bytes:
    """One letter per participant (in order), each on its own page."""
    invitees = [invitee(p, v, lang) for p, v in zip(participants, letters, strict=True)]
    return render_letters(invitees, letterhead(lang), lang)
