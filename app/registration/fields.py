"""What a participant record holds, field by field: what may be edited, the form's sections, the dietary and language choices, the travel and passport limits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Arrival and departure may lie this many days before and after the forum.
TRAVEL_MARGIN_DAYS = 7
# Most countries want a passport valid six months beyond the stay.
PASSPORT_VALID_MONTHS = 6

DIETARY_CHOICES = [
    ("", _l("No special diet")),
    ("vegetarian", _l("Vegetarian")),
    ("vegan", _l("Vegan")),
    ("halal", _l("Halal")),
    ("kosher", _l("Kosher")),
    ("no_pork", _l("No pork")),
    ("no_beef", _l("No beef")),
    ("gluten_free", _l("Gluten-free")),
    ("lactose_free", _l("Lactose-free")),
    ("nut_allergy", _l("Nut allergy")),
    ("other", _l("Other (see notes)")),
]
DIETARY_LABELS = dict(DIETARY_CHOICES)

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("zh", "中文")]

# Punctuation that occurs in real names: O'Brien, Jean-Luc, St. John, Nguyễn Văn A (Jr.)
NAME_PUNCTUATION = set(" -'’‘.,()·・‧")

# The fields a participant form writes; nothing else of a Participant is ever set from input.
EDITABLE_FIELDS = (
    "honorific",
    "given_names",
    "family_name",
    "native_name",
    "gender",
    "nationality",
    "date_of_birth",
    "passport_number",
    "passport_expiry",
    "position",
    "organization",
    "category_id",
    "email",
    "phone",
    "languages",
    "locale",
    "arrival_date",
    "arrival_time",
    "arrival_flight",
    "arrival_airport",
    "departure_date",
    "departure_time",
    "departure_flight",
    "departure_airport",
    "hotel",
    "dietary",
    "dietary_notes",
    "accessibility_needs",
    "visa_letter_wanted",
)

# Columns that hold NULL when empty (the others hold "").
NULLABLE_FIELDS = frozenset(
    {
        "nationality",
        "date_of_birth",
        "passport_number",
        "passport_expiry",
        "email",
        "locale",
        "arrival_date",
        "arrival_time",
        "departure_date",
        "departure_time",
    }
)

PERSONAL_FIELDS = ("date_of_birth", "passport_number", "passport_expiry")

SECTIONS = (
    (
        "identity",
        _l("Identity"),
        (
            "honorific",
            "given_names",
            "family_name",
            "native_name",
            "gender",
            "nationality",
            "date_of_birth",
            "passport_number",
            "passport_expiry",
        ),
    ),
    (
        "position",
        _l("Position and contact"),
        ("position", "organization", "category", "email", "phone", "languages", "locale"),
    ),
    (
        "travel",
        _l("Travel"),
        (
            "arrival_date",
            "arrival_time",
            "arrival_flight",
            "arrival_airport",
            "departure_date",
            "departure_time",
            "departure_flight",
            "departure_airport",
        ),
    ),
    ("stay", _l("Stay"), ("hotel",)),
    ("needs", _l("Needs"), ("dietary", "dietary_notes", "accessibility_needs")),
    ("documents", _l("Documents"), ("visa_letter_wanted", "photo")),
    ("consent", _l("Consent"), ("consent",)),
)
