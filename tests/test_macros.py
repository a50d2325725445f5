"""The shared form and pagination macros render, past page one too."""

from flask import render_template_string

from app.extensions import db
from app.models import AuditLog


def test_pagination_keeps_filters_and_translations(app):
    with app.app_context():
        for i in range(120):
            db.session.add(AuditLog(action=f"test.{i}", object_type="x"))
        db.session.commit()
    with app.test_request_context("/admin/audit?action=test&page=2"):
        import sqlalchemy as sa

        page = db.paginate(sa.select(AuditLog).order_by(AuditLog.id), page=2, per_page=50)
        html = render_template_string(
            '{% from "_macros/tables.html" import pagination %}{{ pagination(page, "admin.index") }}'
            "{{ _('Next') }}",
            page=page,
        )
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "page=1" in html and "page=3" in html
    assert "action=test" in html
    assert "51–100 of 120" in html


def test_field_macro_marks_errors_for_screen_readers(app):
    from wtforms import StringField
    from wtforms.validators import DataRequired

    from app.forms import EmptyForm

    class F(EmptyForm):
        name = StringField("Name", validators=[DataRequired()])

    with app.test_request_context("/", method="POST", data={}):
        form = F()
        form.validate()
        html = render_template_string(
            '{% from "_macros/forms.html" import field %}{{ field(form.name) }}{{ _("Save") }}',
            form=form,
        )
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="name-error"' in html
    assert "This field is required." in html
