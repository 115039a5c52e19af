"""Opening hours, written in OpenStreetMap `opening_hours` syntax and read by opening-hours-py."""

import re

from opening_hours import OpeningHours, ParserError

EXAMPLE = "Mo-Fr 09:00-17:00; Sa 10:00-16:00"


def problem(text):
    """Why `text` is not valid opening hours, in words plus the parser's reason; None if valid.

    Empty text is valid: it means the hours are not known.
    """
    if not text.strip():
        return None
    try:
        OpeningHours(text)
    except ParserError as error:
        return f"the opening hours are not in the usual format, for example {EXAMPLE} ({_reason(error)})"
    return None


def _reason(error):
    """The parser's reason in one line: where it stopped and what it expected."""
    message = str(error)
    position = re.search(r"--> \d+:(\d+)", message)
    expected = re.search(r"= (.+)$", message.strip(), re.MULTILINE)
    parts = []
    if position:
        parts.append(f"problem at character {position.group(1)}")
    if expected:
        parts.append(expected.group(1).strip())
    return "; ".join(parts) or message.strip()
