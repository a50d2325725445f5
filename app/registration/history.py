"""A participant's history in words: "Category changed from Delegate to Speaker", not
`category_id: 1 → 2`. Labels come from the registration form, values from their tables."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.core import UnboundField

from app.extensions import db
from app.models import AuditLog, Category, Delegation, ParticipantStatus
from app.registration.forms import ParticipantForm

# Columns that are not fields of the registration form.
EXTRA_LABELS = {
    "status": _l("Status"),
    "delegation_id": _l("Delegation"),
    "category_id": _l("Category"),
}


def _form_labels() -> dict[str, str]:
    labels = {}
    for name in dir(ParticipantForm):
        field = getattr(ParticipantForm, name, None)
        if isinstance(field, UnboundField):
            label = field.args[0] if field.args else field.kwargs.get("label")
            if label:
                labels[name] = label
    return labels


def describe(entries: list[AuditLog]) -> dict[int, list[str]]:
    """Sentences for each entry's changes, by entry id (two queries whatever the count)."""
    labels = {**_form_labels(), **EXTRA_LABELS}
    ids: dict[str, set] = {"category_id": set(), "delegation_id": set()}
    for e in entries:
        for key, ids_of in ids.items():
            change = (e.changes or {}).get(key)
            if isinstance(change, list):
                ids_of.update(v for v in change if isinstance(v, int))
    names = {
        "category_id": {
            c.id: c.localized("name")
            for c in db.session.scalars(
                sa.select(Category).where(Category.id.in_(ids["category_id"]))
            )
        },
        "delegation_id": {
            d.id: d.localized("name")
            for d in db.session.scalars(
                sa.select(Delegation).where(Delegation.id.in_(ids["delegation_id"]))
            )
        },
    }

    def value(key: str, v):
        if key in names:
            return names[key].get(v, str(v))
        if key == "status":
            try:
                return str(ParticipantStatus(v).label)
            except ValueError:
                return str(v)
        if isinstance(v, bool):
            return _("Yes") if v else _("No")
        return str(v)

    out = {}
    for e in entries:
        lines = []
        for key, change in (e.changes or {}).items():
            field = str(labels.get(key) or labels.get(key.removesuffix("_id")) or key)
            if isinstance(change, list) and len(change) == 2:
                old, new = (None if v in (None, "") else value(key, v) for v in change)
                if old is None:
                    lines.append(_("%(field)s set to %(new)s", field=field, new=new))
                elif new is None:
                    lines.append(_("%(field)s cleared (was %(old)s)", field=field, old=old))
                else:
                    lines.append(
                        _(
                            "%(field)s changed from %(old)s to %(new)s",
                            field=field,
                            old=old,
                            new=new,
                        )
                    )
            else:
                lines.append(f"{field}: {value(key, change)}")
        out[e.id] = lines
    return out
