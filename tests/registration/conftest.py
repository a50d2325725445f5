"""Helpers for the registration tests: valid form data and small images."""

from __future__ import annotations

import io

from PIL import Image


def valid_data(category_id: int, **overrides) -> dict:
    """A complete participant, valid for the test forum (17–18 September 2025)."""
    data = {
        "honorific": "Mr.",
        "given_names": "Bold",
        "family_name": "Bat",
        "native_name": "Болд Бат",
        "gender": "male",
        "nationality": "MN",
        "date_of_birth": "1980-02-03",
        "passport_number": "E7654321",
        "passport_expiry": "2030-01-01",
        "position": "Director",
        "organization": "Immigration Agency",
        "category": str(category_id),
        "email": "bold.bat@example.org",
        "phone": "+976 11 123 456",
        "languages": "Mongolian, English",
        "locale": "en",
        "arrival_date": "2025-09-16",
        "arrival_time": "14:30",
        "arrival_flight": "MU5123",
        "arrival_airport": "LYG",
        "departure_date": "2025-09-19",
        "departure_time": "09:00",
        "departure_flight": "MU5124",
        "departure_airport": "LYG",
        "hotel": "Lianyungang Hotel",
        "dietary": "halal",
        "dietary_notes": "",
        "accessibility_needs": "",
        "visa_letter_wanted": "y",
        "consent": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def image_bytes(fmt="JPEG", size=(800, 1000), colour=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, colour).save(out, format=fmt, **save)
    return out.getvalue()
