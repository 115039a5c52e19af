"""The app's clock: what time it is, and how times are stored and shown.

Times are stored in UTC, ISO 8601, to the second (`stamp`), and shown in Europe/London
(`local`). The web layer's `now()` can be fixed by SAFEPLACES_FIXED_NOW, for tests and
demonstrations; domain code takes the time as an argument instead of reading a clock.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def stamp(at: datetime | None = None) -> str:
    """A time in UTC, ISO 8601, to the second: how every timestamp is stored. Now if not given."""
    at = datetime.now(UTC) if at is None else at.astimezone(UTC)
    return at.replace(microsecond=0).isoformat()


def local(at: datetime) -> datetime:
    """`at` as an aware time in Europe/London; a naive time is taken to be London time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=LONDON)
    # Through UTC, so a time the clocks skip (01:30 when they go forward) becomes a real one
    # (02:30); the opening-hours parser refuses times that do not exist.
    return at.astimezone(UTC).astimezone(LONDON)


def london_now() -> datetime:
    """The time now in London."""
    return datetime.now(LONDON)
