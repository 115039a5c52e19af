"""The register as Open Referral UK: the UK profile of HSDS 3.0, for council service directories,
police and NHS systems that read it.

The model. The scheme is the organization. Each active place is a service (helping a person
who feels lost, scared or unsafe, at that venue) delivered by the scheme at one location (the
venue, with its address), joined by one service-at-location. A place stores one UUID (its
`uuid` column, made when the place is made and never changed): that is the service at
location's id, and every other id of the place (service, location, address, phone, schedules)
is a version 5 UUID derived from it, so all of them are stable without being stored.

The organization's id is the setting SAFEPLACES_OPENREFERRAL_ORGANIZATION_ID when a scheme
sets it, and otherwise a version 5 UUID of the scheme's base address and name: stable while
neither changes. A scheme that may move or rename should set it once.

Only active places are published, and only what the public pages show: never the venue's
contact person, the checks, the reviews or the visits.

Phones. The UK profile removes `phones` from every object (service, location, service at
location, contact, organization), so it has nowhere for a number. The profile allows further
properties that do not conflict with HSDS, so each service at location carries HSDS 3.0's own
`phones` list, each phone valid against the profile's phone.json: a reader that keeps to the
profile ignores it.

Opening hours become HSDS schedules on the service (the profile keeps schedules only there),
each naming its service at location: see `weekly_schedules`.
"""

import json
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from . import geo, hours, places
from .clock import LONDON
from .dates import english_clock as clock  # the feed is data, in English whatever the caller reads
from .i18n import N_, _
from .text import is_whole_number

VERSION = "3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
# The exact API definition this feed is tested against (tests/openreferral/README.md).
OPENAPI_URL = (
    "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/"
    "ecdfabf78944d480d7f580d08b702b08cbec4b09/schema/openapi.json"
)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PROXIMITY_M = 200_000
# Filters of the UK profile's API that this feed cannot answer truthfully: it has no
# taxonomies and no age limits, and its schedules are not searched by time.
# Errors follow the caller's Accept-Language (safeplaces/i18n.py); the data stays English.
UNSUPPORTED = {
    "taxonomy_term_id": N_("this feed has no taxonomies"),
    "taxonomy_id": N_("this feed has no taxonomies"),
    "minimum_age": N_("the services here have no age limits"),
    "maximum_age": N_("the services here have no age limits"),
    "start_time": N_("searching by opening time is not supported"),
    "end_time": N_("searching by opening time is not supported"),
    "day": N_("searching by opening day is not supported"),
}
SERVICE_WORDS = (
    "A {place}. If you feel lost, scared or unsafe when you are out, go in and ask the "
    "staff for help. They will help you phone someone, or phone the police if you need them."
)
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIMES_NOTE = "Times are UK time (GMT in winter, BST in summer)."
BANK_HOLIDAY_DAYS = 366  # how far ahead bank holidays are compared with ordinary days


class FeedError(ValueError):
    """A request the feed cannot answer; the message says why, in plain words."""


@dataclass(frozen=True)
class Scheme:
    """What the feed says about the scheme: its name, its public address, its id, and what one
    of its places is called (SAFEPLACES_PLACE_NAME)."""

    name: str
    area: str
    base_url: str
    organization_id: str
    place_name: str = "Keep Safe Place"

    @classmethod
    def of(
        cls,
        name: str,
        area: str,
        base_url: str,
        organization_id: str = "",
        place_name: str = "Keep Safe Place",
    ) -> "Scheme":
        base_url = base_url.rstrip("/")
        if organization_id:
            organization_id = str(uuid.UUID(organization_id))
        else:
            organization_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/#{name}"))
        return cls(name, area, base_url, organization_id, place_name)

    def organization(self) -> dict:
        return {
            "id": self.organization_id,
            "name": self.name,
            "description": f"{self.name}: shops, libraries, cafés and other places in {self.area} "
            "where a person who feels lost, scared or unsafe can go in and get help.",
            "website": self.base_url + "/",
        }


def derived_id(place_uuid: str, part: str) -> str:
    """The stable id of one part of a place (its service, location, address...)."""
    return str(uuid.uuid5(uuid.UUID(place_uuid), part))


def _without_empty(record: dict) -> dict:
    """The record without its empty optional fields: HSDS leaves out what is not known."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


# Paging


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _whole_number(args: Mapping[str, str], name: str, default: int, largest: int) -> int:
    text = (args.get(name) or "").strip()
    if not text:
        return default
    if not is_whole_number(text) or not 1 <= int(text) <= largest:
        raise FeedError(_("%(name)s must be a whole number from 1 to %(most)d.", name=name, most=largest))
    return int(text)


def paging_of(args: Mapping) -> Paging:
    """page and per_page from a request's arguments; FeedError when they are not numbers in range."""
    return Paging(
        _whole_number(args, "page", 1, 10**9), _whole_number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    )


def check_filters(args: Mapping) -> None:
    """FeedError naming the first filter of the profile that this feed cannot answer."""
    for name, why in UNSUPPORTED.items():
        if name in args:
            raise FeedError(_("The %(name)s filter is not supported here: %(why)s.", name=name, why=_(why)))


def page_of(contents: list, total: int, paging: Paging) -> dict:
    """The UK profile's Page: the totals, where this page is, and its contents."""
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# Finding places


def _search_ids(db: Database, text: str | None) -> set[int] | None:
    """The ids of places whose name, town or address has every word of text; None if no words."""
    query = places.fts_query(text)
    if query is None:
        return None
    return {row[0] for row in db.execute("SELECT rowid FROM places_fts WHERE places_fts MATCH ?", [query])}


def active_places(
    db: Database, paging: Paging, search: str = "", near: "Near | None" = None
) -> tuple[list, int]:
    """(rows of one page, total) of active places, by name; searched by `search`'s words.

    near (a point and a proximity): nearest first instead, within the proximity. Only the
    page's places are measured and read, so a listing of the whole register by distance costs
    what its page costs.
    """
    wanted = _search_ids(db, search)
    if near is not None:
        total = geo.count_within(db, near.lat, near.lon, near.max_m, only=wanted)
        if paging.offset >= total:
            return [], total
        rows = geo.nearest(
            db, near.lat, near.lon, limit=paging.offset + paging.per_page, max_m=near.max_m, only=wanted
        )
        return rows[paging.offset :], total
    where, args = "1", []
    if wanted is not None:
        where = f"id IN ({', '.join('?' * len(wanted))})"
        args = sorted(wanted)
    total = db.execute(f"SELECT count(*) FROM public_places WHERE {where}", args).fetchone()[0]
    rows = list(
        db.query(
            f"SELECT * FROM public_places WHERE {where} ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?",
            [*args, paging.per_page, paging.offset],
        )
    )
    return rows, total


@dataclass(frozen=True)
class Near:
    """Where a listing by distance is measured from, and how far it reaches (metres)."""

    lat: float
    lon: float
    max_m: float = geo.ANYWHERE_M


def proximity_of(args: Mapping) -> float | None:
    """The proximity in metres, if given; FeedError if it is not a number in range or has no postcode."""
    text = (args.get("proximity") or "").strip()
    if not text:
        return None
    if not args.get("postcode", "").strip():
        raise FeedError(_("proximity needs a postcode to measure from."))
    try:
        metres = float(text)
    except ValueError:
        metres = math.nan
    if not 0 < metres <= MAX_PROXIMITY_M:
        raise FeedError(
            _("proximity must be a number of metres, more than 0 and at most %(most)d.", most=MAX_PROXIMITY_M)
        )
    return metres


def by_service_id(db: Database, service_id: str) -> dict | None:
    """The active place whose service has this id, or None."""
    return _by_derived(db, service_id, "service")


def by_uuid(db: Database, place_uuid: str) -> dict | None:
    """The active place whose service at location has this id (the place's own UUID), or None."""
    try:
        place_uuid = str(uuid.UUID(place_uuid))
    except ValueError:
        return None
    rows = list(db.query("SELECT * FROM public_places WHERE uuid = ?", [place_uuid]))
    return rows[0] if rows else None


def _by_derived(db: Database, wanted: str, part: str) -> dict | None:
    try:
        wanted = str(uuid.UUID(wanted))
    except ValueError:
        return None
    # Derived ids are not stored: measure each active place's. A few thousand uuid5s take
    # milliseconds, and there is no second copy of the id to keep in step.
    for row in db.query("SELECT * FROM public_places"):
        if derived_id(row["uuid"], part) == wanted:
            return row
    return None


# The objects


def _last_modified(row: Mapping) -> str | None:
    return datetime.fromisoformat(row["updated_at"]).isoformat() if row["updated_at"] else None


def service_summary(row: Mapping, scheme: Scheme, url: str) -> dict:
    """The service's own fields and its organization: an item of /services."""
    description = SERVICE_WORDS.format(place=scheme.place_name)
    if row["easy_read_description"]:
        description += " " + row["easy_read_description"]
    return _without_empty(
        {
            "id": derived_id(row["uuid"], "service"),
            "organization_id": scheme.organization_id,
            "name": row["name"],
            "description": description,
            "url": url,
            "status": "active",
            "last_modified": _last_modified(row),
            "organization": scheme.organization(),
        }
    )


def location(row: Mapping, district_name: str | None) -> dict:
    """The venue as an HSDS location: its name, position, address and accessibility."""
    location_id = derived_id(row["uuid"], "location")
    address = {
        "id": derived_id(row["uuid"], "address"),
        "location_id": location_id,
        "address_1": row["address"],
        "city": row["town"],
        # The profile requires it; in England the local authority district is the nearest
        # thing to a state or province that every place has.
        "state_province": district_name or "",
        "postal_code": row["postcode"],
        "country": "GB",
        "address_type": "physical",
    }
    accessibility = [
        {"id": derived_id(row["uuid"], f"accessibility {facility}"), "location_id": location_id}
        | {"description": facility[:1].upper() + facility[1:]}
        for facility in json.loads(row["facilities"] or "[]")
    ]
    return _without_empty(
        {
            "id": location_id,
            "location_type": "physical",
            "name": row["name"],
            "latitude": row["lat"],
            "longitude": row["lon"],
            "addresses": [address],
            "accessibility": accessibility,
        }
    )


def phones(row: Mapping) -> list:
    if not row["phone"]:
        return []
    return [{"id": derived_id(row["uuid"], "phone"), "number": row["phone"]}]


def service_at_location_summary(row: Mapping, scheme: Scheme, url: str, district_name: str | None) -> dict:
    """An item of /service_at_locations: the link, its location and its service, without schedules."""
    return _without_empty(
        {
            "id": row["uuid"],
            "service_id": derived_id(row["uuid"], "service"),
            "location_id": derived_id(row["uuid"], "location"),
            "location": location(row, district_name),
            "service": service_summary(row, scheme, url),
            "phones": phones(row),
        }
    )


def full_service(row: Mapping, scheme: Scheme, url: str, district_name: str | None, schedules: list) -> dict:
    """/services/{id}: the service with its schedules and its one service at location."""
    link = service_at_location_summary(row, scheme, url, district_name)
    link.pop("service")
    return _without_empty(
        {**service_summary(row, scheme, url), "schedules": schedules, "service_at_locations": [link]}
    )


def full_service_at_location(
    row: Mapping, scheme: Scheme, url: str, district_name: str | None, schedules: list
) -> dict:
    """/service_at_locations/{id}: the link with its location, and its service with the schedules."""
    link = service_at_location_summary(row, scheme, url, district_name)
    link["service"] = _without_empty({**link["service"], "schedules": schedules})
    return link


# Schedules from opening hours


def reference_week(today: date) -> date:
    """The Monday of the first whole week from `today` with no bank holiday and no clock change.

    Weekly schedules describe an ordinary week; the day after the week is included, for
    hours that run past Sunday midnight.
    """
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    while True:
        days = [monday + timedelta(days=n) for n in range(8)]
        offsets = {datetime.combine(day, time(12), tzinfo=LONDON).utcoffset() for day in days}
        if len(offsets) == 1 and not any(day in hours.BANK_HOLIDAYS for day in days):
            return monday
        monday += timedelta(days=7)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON)


def _hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


@dataclass(frozen=True)
class Opening:
    """One opening, as a schedule row says it: on a day, from a time, to a time.

    `closes` earlier than `opens` means the next day (see weekly_schedules).
    """

    opens: str
    closes: str
    words: str


def _openings(start: datetime, end: datetime) -> list[tuple[int, Opening]]:
    """[(weekday, Opening)] for one open span, in London time."""
    if end - start >= timedelta(days=7):
        return [(day, Opening("00:00", "23:59", "open all day")) for day in range(7)]
    if end <= _midnight(start.date() + timedelta(days=1)) or (
        end - start < timedelta(days=1) and end.date() == start.date() + timedelta(days=1)
    ):
        # Within one day, or overnight into the next: one row, on the day it opens.
        overnight = end.date() != start.date() and end != _midnight(end.date())
        until = f"{clock(end)} the next morning" if overnight else clock(end)
        return [(start.weekday(), Opening(_hhmm(start), _hhmm(end), f"{clock(start)} to {until}"))]
    # Open for more than a day: a row for each day, whole days as HSDS suggests for 24 hours.
    rows, day = [], start.date()
    while _midnight(day) < end:
        begin, finish = max(start, _midnight(day)), min(end, _midnight(day + timedelta(days=1)))
        if begin == _midnight(day) and finish == _midnight(day + timedelta(days=1)):
            rows.append((day.weekday(), Opening("00:00", "23:59", "open all day")))
        else:
            rows.append(
                (day.weekday(), Opening(_hhmm(begin), _hhmm(finish), f"{clock(begin)} to {clock(finish)}"))
            )
        day += timedelta(days=1)
    return rows


def _days_words(days: list[int]) -> str:
    """MO,TU,WE -> "Monday to Wednesday"; MO,WE -> "Monday and Wednesday"."""
    if len(days) == 7:
        return "Every day"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    names = [DAY_NAMES[day] for day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def weekly_schedules(spans: list, week: date, place_uuid: str, bank_holiday_note: str = "") -> list:
    """HSDS schedules (freq WEEKLY) from the open spans of one ordinary week starting on `week`.

    `spans` are hours.open_intervals' (start, end) pairs, open spans joined across midnight,
    over at least the week and the day after it. A span is written on the day it opens; when
    it runs past midnight into the next morning, closes_at is earlier than opens_at. HSDS 3.0
    says nothing about that case; it is the usual reading (schema.org's opening hours say so
    in words), and each such row's description says "the next morning" so no reader is left
    to guess. A span of more than a day gives a row for each day it covers, a whole day being
    00:00 to 23:59, which HSDS's own guidance on schedules gives for 24-hour opening. Rows with
    the same times are one schedule with several days in byday.
    """
    first, last = _midnight(week), _midnight(week + timedelta(days=7))
    by_opening = {}
    for start, end in spans:
        if end - start >= timedelta(days=7) or first <= start < last:
            for day, opening in _openings(start, end):
                by_opening.setdefault(opening, set()).add(day)
    schedules = []
    for opening, days in sorted(by_opening.items(), key=lambda item: (min(item[1]), item[0].opens)):
        days = sorted(days)
        byday = ",".join(BYDAY[day] for day in days)
        words = "Open 24 hours" if opening.words == "open all day" else opening.words
        schedules.append(
            _without_empty(
                {
                    "id": derived_id(place_uuid, f"schedule {byday} {opening.opens}-{opening.closes}"),
                    "service_id": derived_id(place_uuid, "service"),
                    "service_at_location_id": place_uuid,
                    "freq": "WEEKLY",
                    "byday": byday,
                    "opens_at": opening.opens,
                    "closes_at": opening.closes,
                    "description": f"{_days_words(days)}: {words}.",
                    "notes": f"{TIMES_NOTE} {bank_holiday_note}".strip(),
                }
            )
        )
    return schedules


def _day_hours(text: str, day: date) -> tuple[tuple[str, str], ...] | None:
    """The hours `day` is open, cut at its midnights, as ("HH:MM", "HH:MM") pairs; 24:00 is its end.
    None if some of the day's times are not known (hours that leave out bank holidays, on one)."""
    if not hours.known_all_day(text, day):
        return None
    start, end = _midnight(day), _midnight(day + timedelta(days=1))
    return tuple(
        (_hhmm(begin), "24:00" if finish == end else _hhmm(finish))
        for begin, finish in hours.open_intervals(text, start, end)
    )


def _hours_words(spans: tuple[tuple[str, str], ...] | None) -> str:
    if spans is None:
        return "times not known"
    if not spans:
        return "closed"
    if spans == (("00:00", "24:00"),):
        return "open all day"
    return "open " + ", ".join(
        f"{clock(time.fromisoformat(a))} to {'midnight' if b == '24:00' else clock(time.fromisoformat(b))}"
        for a, b in spans
    )


def bank_holiday_note(text: str, week: date, today: date) -> str:
    """How the bank holidays of the coming year differ from the same days of the ordinary week, in words.

    "" when they do not differ; "On bank holidays: closed." when all have the same hours;
    otherwise each one that differs, named. Hours that leave out bank holidays give
    "times not known" for them (see hours' docstring).
    """
    ordinary = {
        (week + timedelta(days=n)).weekday(): _day_hours(text, week + timedelta(days=n)) for n in range(7)
    }
    ahead = [
        day
        for day in (today + timedelta(days=n) for n in range(BANK_HOLIDAY_DAYS))
        if day in hours.BANK_HOLIDAYS
    ]
    on_each = [(day, _day_hours(text, day)) for day in ahead]
    differing = [(day, spans) for day, spans in on_each if spans != ordinary[day.weekday()]]
    if not differing:
        return ""
    if len({spans for _day, spans in on_each}) == 1:
        return f"On bank holidays: {_hours_words(differing[0][1])}."
    return (
        "Bank holidays: "
        + "; ".join(
            f"{hours.BANK_HOLIDAYS.get(day)}, {day.day} {day:%B %Y}: {_hours_words(spans)}"
            for day, spans in differing
        )
        + "."
    )


def schedules(row: Mapping, today: date) -> list:
    """A place's opening hours as HSDS weekly schedules, read from an ordinary week from `today`.

    Hours not known (blank) give no schedules: HSDS has no way to say "not known", and no
    schedule claims nothing.
    """
    text = row["opening_hours"] or ""
    if not text.strip():
        return []
    week = reference_week(today)
    spans = hours.open_intervals(
        text, _midnight(week - timedelta(days=1)), _midnight(week + timedelta(days=8))
    )
    return weekly_schedules(spans, week, row["uuid"], bank_holiday_note(text, week, today))
