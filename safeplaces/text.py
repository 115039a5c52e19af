"""Text as people type it and as messages show it: one home for both.

clean() is the one place where what arrives from a form, an imported file or a card is made
safe to keep and show. Nobody means to type control characters, bidirectional overrides or
invisible zero-width characters, and each can do harm: a NUL or a line break inside a web
address can turn it into something else, an override can make a name read backwards (or one
place's name look like another's), and an invisible character makes two equal names differ.
So they are taken out, quietly, rather than refused: most arrive by copying and pasting.
A control character stands in the place of a space (a spreadsheet's line break inside a cell
is one), so words either side of it stay apart. The zero-width joiner and non-joiner are kept
only inside a word of a script that needs them (Persian, Gujarati and others do); between
ASCII letters they are only ever a disguise.
"""

import re
import unicodedata

LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
JOINERS = {"\u200c", "\u200d"}
REMOVED = {"Cf", "Cs", "Co"}  # format (invisible, bidirectional), surrogates, private use


def is_whole_number(text: str) -> bool:
    """True if text is only the digits 0 to 9. str.isdigit() also takes "¹" and "²", on which
    int() fails, and "٣" (an Arabic-Indic 3), which int() reads but nobody should have to check."""
    return text.isascii() and text.isdigit()


def capitalised(text: str) -> str:
    """text with a capital first letter, as a label or the start of a line."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """A message as a sentence: a capital first letter and one full stop at the end."""
    text = capitalised(text.strip())
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def phrase(text: str) -> str:
    """A sentence as part of a longer one: no full stop at the end."""
    return text.strip().rstrip(".")


def clean(text: object, multiline: bool = False) -> str:
    """Typed text made safe to keep: no control, bidirectional or zero-width characters, in NFC.

    One line (the default): every run of spaces and line breaks is one space, with none at
    either end. multiline=True keeps line breaks (as \\n), at most one blank line in a row.
    """
    text = LINE_BREAKS.sub("\n", "" if text is None else str(text))
    kept = []
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if ch == "\n":
            kept.append(ch)
        elif category == "Cc" or category.startswith("Z"):
            kept.append(" ")
        elif category not in REMOVED or (ch in JOINERS and _inside_a_word(text, index)):
            kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept))
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _inside_a_word(text: str, index: int) -> bool:
    """Whether text[index] sits between two letters (or marks) of a script other than ASCII."""
    if index == 0 or index == len(text) - 1:
        return False
    return all(
        not ch.isascii() and unicodedata.category(ch)[0] in "LM" for ch in (text[index - 1], text[index + 1])
    )
