"""The area's languages: the one list, kept as data, of the languages a scheme's people speak.

Leicester's most common main languages after English are Gujarati, Polish, Punjabi, Urdu,
Somali and Arabic (issue 10); Welsh is here for schemes in Wales. Each language is named in
English and in itself, as a person who speaks it would look for it in a list: "Gujarati"
and "ગુજરાતી". The Keep Safe card prints the holder's language in both ("My language:
Gujarati (ગુજરાતી)"), so staff who read English know which interpreter to ask for, and the
holder sees their own language on their card. The site's translations (a later change) are
meant to take their list of languages from here too.

Codes are BCP 47 language tags (ISO 639-1): Punjabi is written in Gurmukhi here (pa), the
script Leicester's Punjabi speakers mostly read; Urdu and Arabic are written right to left.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language: its code, its English name, its name in itself, and its writing direction."""

    code: str
    english: str
    own: str
    direction: str = "ltr"

    @property
    def both_names(self) -> str:
        """The English name, and the language's own name after it when that differs: "Gujarati (ગુજરાતી)"."""
        return self.english if self.own == self.english else f"{self.english} ({self.own})"


LANGUAGES = (
    Language("en", "English", "English"),
    Language("gu", "Gujarati", "ગુજરાતી"),
    Language("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    Language("ur", "Urdu", "اردو", "rtl"),
    Language("ar", "Arabic", "العربية", "rtl"),
    Language("pl", "Polish", "Polski"),
    Language("so", "Somali", "Soomaali"),
    Language("cy", "Welsh", "Cymraeg"),
)
BY_CODE = {language.code: language for language in LANGUAGES}


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
