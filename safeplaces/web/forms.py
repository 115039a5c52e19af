"""How the site's forms are built (see docs/forms.md): the base of every form, and parts shared
by the place and application forms.

Every form is a Form (tests/web/test_input_hygiene.py checks it): whatever is typed in a text
box is cleaned before anything reads it. Its fields pass their text through text.clean, so a
view or a domain rule never sees a control character, a bidirectional override or a zero-width
character, whichever form it came from. A text area keeps its line breaks; a password is never
changed (it must stay exactly as typed, to match when typed again).

A form declares each field once, in the page's order, with its label and hint (`description`).
It has no WTForms validators: the rules live in the domain module's check function, shared with
the command line and the importer, which returns {field name: message}. The error summary lists
those messages in the form's own field order (problem_order), so no view keeps a list of field
names.
"""

from functools import partial

import wtforms
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .. import auth, week_table
from ..text import clean


class _Cleaning:
    """WTForms Meta that gives every text field (not a password) text.clean as its last filter."""

    def bind_field(self, form, unbound_field, options):
        kind = unbound_field.field_class
        if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
            cleaning = partial(clean, multiline=issubclass(kind, TextAreaField))
            options["filters"] = [*unbound_field.kwargs.get("filters", ()), cleaning]
        return unbound_field.bind(form=form, **options)


class Form(FlaskForm):
    """A page's form: CSRF-protected (Flask-WTF), its text cleaned."""

    class Meta(_Cleaning):
        pass


class SubForm(wtforms.Form):
    """Part of a page's form (a FormField), its text cleaned; the page's Form carries the CSRF token."""

    class Meta(_Cleaning):
        pass


def _week_form():
    """The week table's boxes, named as week_table.read expects: mo_opens, mo_closed, ph, ..."""
    fields = {}
    for code, day in (*week_table.DAYS, week_table.HOLIDAY):
        fields.update(
            {
                f"{code}_opens": StringField(f"{day}: opens"),
                f"{code}_closes": StringField(f"{day}: closes"),
                f"{code}_opens2": StringField(f"{day}: opens again"),
                f"{code}_closes2": StringField(f"{day}: closes again"),
            }
        )
        if code != week_table.HOLIDAY[0]:
            fields[f"{code}_closed"] = BooleanField(f"{day}: closed all day")
    # The choice is checked by week_table.read, with a message in words, not by WTForms.
    choices = [SelectChoice(value, words) for value, words in week_table.HOLIDAY_CHOICES]
    fields["ph"] = RadioField("Bank holidays", choices=choices, validate_choice=False)
    return type("WeekForm", (SubForm,), fields)


# Used in a form as FormField(WeekForm): its boxes are named "hours-mo_opens", and so on.
WeekForm = _week_form()


PASSWORD_HINT = (
    f"At least {auth.MIN_PASSWORD} characters. "
    "A few ordinary words together are easy to remember and hard to guess."
)


def new_password_fields(first, second):
    """A new password typed twice (the rules are auth.new_password_problems), for an admin setting
    someone's and for your own. The second box's id is password-again, as the pages have always had."""
    boxes = {"autocomplete": "new-password", "class": "input-wide"}
    return (
        PasswordField(first, description=PASSWORD_HINT, render_kw=boxes),
        PasswordField(second, id="password-again", render_kw=boxes),
    )


def field_names(form):
    """The names of the form's fields in page order, with the boxes of a FormField in its place."""
    names = []
    for field in form:
        names.append(field.name)
        if field.type == "FormField":
            names.extend(sub.name for sub in field)
    return names


def flat_data(form):
    """The form's values by the names of its boxes, a FormField's boxes by their own names
    ("contact1_name"), for a domain check that reads the boxes as a batch file's columns."""
    values = {}
    for field in form:
        if field.type == "FormField":
            values.update((sub.name, sub.data) for sub in field)
        else:
            values[field.name] = field.data
    return values


def problem_order(form, problems, anchors=None):
    """The problems' names in the order their fields come on the page.

    `anchors` names the field a problem belongs to when it is not a field's name ("position" is
    the latitude and longitude); a problem with neither (someone else changed the place) comes first.
    A form's ANCHORS may also name the box a field's own problem links to (its first radio): the
    field's own place on the page counts.
    """
    names = field_names(form)
    anchors = anchors or {}

    def place(name):
        target = name if name in names else anchors.get(name, name)
        return names.index(target) if target in names else -1

    return sorted(problems, key=place)
