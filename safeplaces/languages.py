"""The area's languages: the one list, kept as data, of the languages a scheme's people speak.

Leicester's most common main languages after English are Gujarati, Polish, Punjabi, Urdu,
Somali and Arabic (issue 10); Welsh is here for schemes in Wales. Each language is named in
English and in itself, as a person who speaks it would look for it in a list: "Gujarati"
and "ગુજરાતી". The Keep Safe card prints the holder's language in both ("My language:
Gujarati (ગુજરાતી)"), so staff who read English know which interpreter to ask for, and the
holder sees their own language on their card. The site's translations take their list of
languages from here too: which of them a scheme offers is the setting SAFEPLACES_LANGUAGES.

Codes are BCP 47 language tags (ISO 639-1): Punjabi is written in Gurmukhi here (pa), the
script Leicester's Punjabi speakers mostly read; Urdu and Arabic are written right to left.
Each language names its script (ISO 15924), which says which font its pages need.

Choosing the language of a page (`choose`): `?lang=xx` first, then the language the person chose
before (a cookie holding only the code), then the browser's Accept-Language, then English. A
browser asking for Punjabi in the Arabic script (Shahmukhi, `pa-Arab`, or Pakistan's `pa-PK`)
is not given Gurmukhi, which its reader may not read.

Whether a native speaker has checked a language's words is data, kept in
safeplaces/translations/checked.csv (who checked, and when), not code: a page in a language
nobody has checked says so (see `checked`).
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Language:
    """A language: its code, its English name, its name in itself, and its writing direction."""

    code: str
    english: str
    own: str
    direction: str = "ltr"
    script: str = "Latn"

    @property
    def both_names(self) -> str:
        """The English name, and the language's own name after it when that differs: "Gujarati (ગુજરાતી)"."""
        return self.english if self.own == self.english else f"{self.english} ({self.own})"


LANGUAGES = (
    Language("en", "English", "English"),
    Language("gu", "Gujarati", "ગુજરાતી", script="Gujr"),
    Language("pa", "Punjabi", "ਪੰਜਾਬੀ", script="Guru"),
    Language("ur", "Urdu", "اردو", "rtl", "Arab"),
    Language("ar", "Arabic", "العربية", "rtl", "Arab"),
    Language("pl", "Polish", "Polski"),
    Language("so", "Somali", "Soomaali"),
    Language("cy", "Welsh", "Cymraeg"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
ENGLISH = BY_CODE["en"]
CODES = tuple(BY_CODE)
CHECKED_FILE = Path(__file__).resolve().parent / "translations" / "checked.csv"
# Accept-Language tags for Punjabi that mean the Arabic script, not Gurmukhi.
SHAHMUKHI = ("pa-arab", "pa-pk")


def find(name: str) -> Language | None:
    """The language with this code, English name or own name (any case), or None."""
    wanted = " ".join(str(name or "").split()).casefold()
    return next(
        (
            language
            for language in LANGUAGES
            if wanted in (language.code, language.english.casefold(), language.own.casefold())
        ),
        None,
    )


def offered(setting: object) -> tuple[Language, ...]:
    """The languages a scheme offers (SAFEPLACES_LANGUAGES: codes), in this module's order.

    ValueError, saying what is wrong, for an unknown code or a list without English (the words
    every translation is made from, and the manage area's language).
    """
    codes = setting.replace(",", " ").split() if isinstance(setting, str) else list(setting or ())
    unknown = [str(code) for code in codes if code not in BY_CODE]
    if unknown:
        raise ValueError(f"SAFEPLACES_LANGUAGES has {', '.join(unknown)}: use the codes {', '.join(CODES)}")
    if ENGLISH.code not in codes:
        raise ValueError("SAFEPLACES_LANGUAGES must include en (English)")
    return tuple(language for language in LANGUAGES if language.code in codes)


def choose(
    asked: str | None, kept: str | None, accepted: list[str], codes: tuple[str, ...] | list[str]
) -> str:
    """The code of the language for a page, from the languages offered (codes).

    asked: `?lang=`; kept: the cookie's code; accepted: Accept-Language's tags, best first.
    """
    for code in (asked, kept):
        if code in codes:
            return code
    for tag in accepted:
        tag = tag.strip().lower().replace("_", "-")
        primary = tag.split("-")[0]
        if primary == "pa" and tag.startswith(SHAHMUKHI):
            continue
        if primary in codes:
            return primary
    return ENGLISH.code


@dataclass(frozen=True)
class Check:
    """A native speaker's check of a language's words: who checked, and when."""

    code: str
    checked_by: str
    checked_on: str


@lru_cache(maxsize=4)
def _checks(path: str) -> dict[str, Check]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if (row.get("code") or "").strip()]
    return {
        row["code"].strip(): Check(row["code"].strip(), row["checked_by"], row["checked_on"]) for row in rows
    }


def checked(code: str) -> Check | None:
    """The native speaker's check of this language's words (CHECKED_FILE), or None if nobody has.

    English is the language the words are written in: it needs no check.
    """
    if code == ENGLISH.code:
        return Check(code, "written in English", "")
    return _checks(str(CHECKED_FILE)).get(code)
