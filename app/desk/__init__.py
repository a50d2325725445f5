"""The staff desk at /desk: one nested blueprint per sub-domain.

badges (print runs, lost badges, pick-up), checkin (the doors), rosters (the participant
roster, its exports and the list of participants), logistics (arrivals, rooming, needs, visa
letters) and dashboard (the organizers' and staff's figures). Each sub-package holds its
blueprint in __init__.py and its routes in views.py; app/desk/views.py imports them.
"""

from flask import Blueprint

from app.desk import badges, checkin, dashboard, logistics, rosters

bp = Blueprint("desk", __name__, url_prefix="/desk", cli_group=None)

for _sub in (badges, checkin, rosters, logistics, dashboard):
    bp.register_blueprint(_sub.bp)
