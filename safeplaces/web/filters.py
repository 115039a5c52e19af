"""The templates' filters, registered on the app in one place.

They used to be registered by whichever blueprint first needed them (public.py, easy_read.py,
manage_checks.py), though every template may use them: a page of one blueprint then depended
on another blueprint having been registered.
"""

from flask import Flask, current_app

from .. import dates, easy_read, geo, i18n, places
from ..text import capitalised, sentence

FILTERS = {
    "miles": geo.miles,
    "how_far": geo.how_far,
    "month_year": dates.month_year,
    "long_date": dates.long_date,
    "day_in_full": dates.day_in_full,
    "capitalised": capitalised,
    "sentence": sentence,
    "category_words": places.category_words,
    "number": i18n.number,
    "sentences": easy_read.split_sentences,
}


def phone_parts(text):
    """The words cut into plain words and phone numbers, knowing the scheme's own numbers."""
    config = current_app.config
    own = (config["SAFEPLACES_EMERGENCY_PHONE"], config["SAFEPLACES_NON_EMERGENCY_PHONE"])
    return easy_read.phone_parts(text, own)


def init_app(app: Flask) -> None:
    for name, function in {**FILTERS, "phone_parts": phone_parts}.items():
        app.add_template_filter(function, name)
