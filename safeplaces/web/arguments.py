"""What a request's query string asks for: a page number, a row id, a date and time.

Each reads text anyone can type, so each checks the whole of it against a pattern before it
converts it: a number too large for SQLite or a year the calendar libraries cannot hold is
treated as not given (the first page, nothing named, no time), never as an error page.
"""

import re
from datetime import datetime

from flask import request

from .. import clock

YEARS = range(2000, 2101)  # for planning ahead; beyond this the calendar libraries overflow
# The largest row id SQLite stores: a bigger number from a request cannot name anything.
MAX_ROW_ID = 2**63 - 1
ROW_ID = re.compile(r"[0-9]{1,19}")
LOCAL_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?"
)


def page_arg(last: int) -> int:
    """The page asked for (?page=), from 1 to last; anything else is the first page."""
    text = (request.args.get("page") or "").strip()
    return int(text) if ROW_ID.fullmatch(text) and 1 <= int(text) <= last else 1


def row_id_arg(name: str) -> int | None:
    """The query-string value `name` as a row id (1 to MAX_ROW_ID), or None if it cannot be one."""
    text = request.args.get(name, "")
    return int(text) if ROW_ID.fullmatch(text) and 1 <= int(text) <= MAX_ROW_ID else None


def parse_local_time(text: str | None) -> datetime | None:
    """A date and time typed as ISO 8601 (London time unless an offset is given), or None."""
    text = (text or "").strip()
    if not LOCAL_TIME.fullmatch(text):
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return clock.local(at) if at.year in YEARS else None
