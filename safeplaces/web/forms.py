"""The base of every form: whatever is typed in a text box is cleaned before anything reads it.

Form's fields pass their text through text.clean, so a view or a domain rule never sees a
control character, a bidirectional override or a zero-width character, whichever form it came
from. A text area keeps its line breaks; a password is never changed (it must stay exactly as
typed, to match when typed again). tests/web/test_input_hygiene.py checks that every form of
the app is a Form.
"""

from functools import partial

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField

from ..text import clean


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                cleaning = partial(clean, multiline=issubclass(kind, TextAreaField))
                options["filters"] = [*unbound_field.kwargs.get("filters", ()), cleaning]
            return unbound_field.bind(form=form, **options)
