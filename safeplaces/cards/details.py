"""What goes on one person's card, checked as typed: the name, who to phone, how I communicate,
medical information and my language.

Checking here is about the words themselves (given, short enough, a phone number, letters the
card's fonts can print); whether they then fit on the chosen card is the card faces' question
(faces.fit_problems), because it depends on the printed sizes.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import phonenumbers

from .. import languages
from ..i18n import N_, _
from ..languages import Language
from ..text import clean
from .typeset import printable

MAX_CONTACTS = 3
MAX_LENGTH = {
    "name": 60,
    "contact_name": 40,
    "relationship": 30,
    "phone": 30,
    "communication": 200,
    "medical": 150,
}
# The fields typed as text, in the order of the form and of a batch file's columns.
FIELDS = (
    "name",
    *(f"contact{n}_{part}" for n in range(1, MAX_CONTACTS + 1) for part in ("name", "relationship", "phone")),
    "communication",
    "medical",
)
# The holder's language is chosen from a list (languages.LANGUAGES), not typed.
LANGUAGE_FIELD = "language"
# The printed fields a person types; phone numbers are printed as tidied, in digits.
WORDS = (
    "name",
    *(f"contact{n}_{part}" for n in range(1, MAX_CONTACTS + 1) for part in ("name", "relationship")),
    "communication",
    "medical",
)
# The problems, in the reader's language (safeplaces/i18n.py), each whole for translators.
UNPRINTABLE = {
    True: N_(
        "This card can print the letters of English and other European languages, Gujarati, "
        "Punjabi (Gurmukhi), Urdu and Arabic. Write the name in those letters, or choose the blank "
        "card and write it by hand"
    ),
    False: N_(
        "This card can print the letters of English and other European languages, Gujarati, "
        "Punjabi (Gurmukhi), Urdu and Arabic. Write it in those letters, or choose the blank "
        "card and write it by hand"
    ),
}
UNKNOWN_LANGUAGE = N_("Choose your language from the list, or leave it empty")
TOO_LONG = {
    "name": N_("The name must be %(most)d characters or fewer (it has %(count)d)"),
    "contact_name": N_("The name of contact %(n)d must be %(most)d characters or fewer (it has %(count)d)"),
    "relationship": N_("Who contact %(n)d is must be %(most)d characters or fewer (it has %(count)d)"),
    "phone": N_("The phone number of contact %(n)d must be %(most)d characters or fewer (it has %(count)d)"),
    "communication": N_("How I communicate must be %(most)d characters or fewer (it has %(count)d)"),
    "medical": N_("Medical information must be %(most)d characters or fewer (it has %(count)d)"),
}


@dataclass(frozen=True, repr=False)
class Contact:
    """Someone to phone: their name, who they are to the person, and a tidy phone number."""

    name: str
    relationship: str
    phone: str


@dataclass(frozen=True, repr=False)
class Card:
    """What goes on one person's card. repr=False: a stray log line never shows a name."""

    name: str
    contacts: tuple[Contact, ...] = field(default=())
    communication: str = ""
    medical: str = ""
    language: Language | None = None


def tidy_phone(text: str) -> str:
    """A phone number written the usual way (0116 496 0123, 07700 900123); ValueError if it cannot be one.

    Loose on purpose: places.tidy_phone asks phonenumbers whether a number is in use, which
    refuses Ofcom's drama numbers (07700 900xxx) and may lag new ranges. A card only needs a
    number that has the shape of a UK number, or of a full international one.
    """
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(text) from None
    if not phonenumbers.is_valid_number(number) and (
        phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        raise ValueError(text)
    if number.country_code == 44:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        # No UK numbering pattern matched (a digit too few, say): it comes back bare, without the 0.
        if not national.startswith("0") or " " not in national:
            raise ValueError(text)
        return national
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _too_long(kind: str, text: str, n: int = 0) -> str:
    return _(TOO_LONG[kind], n=n, most=MAX_LENGTH[kind], count=len(text))


def check_card(values: Mapping[str, object]) -> tuple[Card | None, dict[str, str]]:
    """Check a card's details as typed (a mapping of FIELDS, and "language").

    Returns (Card or None, {field id: problem}).
    """
    text = {name: clean(values.get(name)) for name in FIELDS}
    problems: dict[str, str] = {}
    if not text["name"]:
        problems["name"] = _("Enter the name of the person the card is for")
    elif len(text["name"]) > MAX_LENGTH["name"]:
        problems["name"] = _too_long("name", text["name"])

    contacts, any_given = [], False
    for n in range(1, MAX_CONTACTS + 1):
        contact = _check_contact(n, text, problems)
        any_given = any_given or contact is not False
        if contact:
            contacts.append(contact)
    if not any_given:
        problems["contact1_name"] = _("Enter the name of someone to phone")
        problems["contact1_phone"] = _("Enter their phone number")

    for name in ("communication", "medical"):
        if len(text[name]) > MAX_LENGTH[name]:
            problems[name] = _too_long(name, text[name])
    for name in WORDS:
        if name not in problems and not printable(text[name]):
            problems[name] = _(UNPRINTABLE[name.endswith("name")])

    chosen = clean(values.get(LANGUAGE_FIELD))
    language = languages.find(chosen) if chosen else None
    if chosen and language is None:
        problems[LANGUAGE_FIELD] = _(UNKNOWN_LANGUAGE)
    if problems:
        return None, problems
    card = Card(text["name"], tuple(contacts), text["communication"], text["medical"], language)
    return card, problems


def _check_contact(n: int, text: dict[str, str], problems: dict[str, str]) -> Contact | None | bool:
    """Contact n: a Contact, None when it has problems, or False when its row is empty."""
    key = f"contact{n}_"
    name, relationship, phone = (text[key + part] for part in ("name", "relationship", "phone"))
    if not (name or relationship or phone):
        return False
    found = {}
    if not name:
        found[key + "name"] = _("Enter the name of contact %(n)d", n=n)
    elif len(name) > MAX_LENGTH["contact_name"]:
        found[key + "name"] = _too_long("contact_name", name, n)
    if len(relationship) > MAX_LENGTH["relationship"]:
        found[key + "relationship"] = _too_long("relationship", relationship, n)
    tidy = ""
    if not phone:
        found[key + "phone"] = _("Enter a phone number for contact %(n)d", n=n)
    elif len(phone) > MAX_LENGTH["phone"]:
        found[key + "phone"] = _too_long("phone", phone, n)
    else:
        try:
            tidy = tidy_phone(phone)
        except ValueError:
            found[key + "phone"] = _(
                "Enter a phone number for contact %(n)d like 0116 496 0123, 07700 900123 or +44 116 496 0123",
                n=n,
            )
    problems.update(found)
    return None if found else Contact(name, relationship, tidy)
