"""Text as people type it and as messages show it: one home for both."""


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
