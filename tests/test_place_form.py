"""The registrar's place form rules (places.check_place_form) and the register's search."""

import json
from datetime import date

import pytest

from safeplaces import places, week_table
from tests.helpers import add_place

TODAY = date(2026, 11, 23)
FULL = {
    "name": "Granby Street Café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "le1 6ez",
    "latitude": "52.634",
    "longitude": "-1.131",
    "category": "café",
    "phone": "01164960107",
    "website": "https://granby.example.org/",
    "opening_hours": "Mo-Sa 08:00-18:00",
    "facilities": ["seating", "step-free access"],
    "easy_read_description": "A café. Staff will help you.",
    "contact_name": "Priya Example",
    "contact_email": "priya@example.org",
    "contact_phone": "0116 496 0999",
    "sticker_displayed": True,
    "staff_trained_on": "2 March 2026",
    "next_review_due": "2027-03-02",
}


def test_a_full_form_is_cleaned():
    clean, problems = places.check_place_form(FULL, TODAY)
    assert problems == {}
    assert clean == {
        "name": "Granby Street Café",
        "address": "41 Granby Street",
        "town": "Leicester",
        "postcode": "LE1 6EZ",
        "lat": 52.634,
        "lon": -1.131,
        "category": "café",
        "phone": "0116 496 0107",
        "website": "https://granby.example.org/",
        "opening_hours": "Mo-Sa 08:00-18:00",
        "facilities": json.dumps(["step-free access", "seating"]),
        "easy_read_description": "A café. Staff will help you.",
        "contact_name": "Priya Example",
        "contact_email": "priya@example.org",
        "contact_phone": "0116 496 0999",
        "sticker_displayed": 1,
        "staff_trained_on": "2026-03-02",
        "next_review_due": "2027-03-02",
        "position_source": "confirmed",
    }


def test_only_the_required_fields():
    clean, problems = places.check_place_form(
        {
            "name": "Library",
            "address": "1 Main Street",
            "town": "Melton Mowbray",
            "postcode": "LE13 1AA",
            "latitude": "52.766",
            "longitude": "-0.887",
            "category": "library",
        },
        TODAY,
    )
    assert problems == {}
    assert (clean["facilities"], clean["sticker_displayed"], clean["opening_hours"]) == ("[]", 0, "")
    assert (clean["staff_trained_on"], clean["next_review_due"], clean["website"]) == (None, None, "")


def test_the_position_is_needed_and_a_new_one_is_confirmed_by_the_person_who_gave_it():
    _, problems = places.check_place_form({**FULL, "latitude": "", "longitude": ""}, TODAY)
    assert problems == {"position": places.GIVE_THE_POSITION}
    clean, _ = places.check_place_form(FULL, TODAY)
    assert (clean["lat"], clean["lon"], clean["position_source"]) == (52.634, -1.131, "confirmed")


def stored(db, **changes):
    clean, _ = places.check_place_form(FULL, TODAY)
    return places.by_id(
        db, places.create(db, {**clean, "district_code": "E06000016", **changes}, by="ann", status="applied")
    )


def test_a_rough_position_saved_unchanged_stays_rough_and_cannot_be_active(db):
    rough = stored(db, lat=52.63265, lon=-1.128715, position_source="outcode")
    values = places.form_values_of(rough)
    assert (values["latitude"], values["longitude"]) == ("52.63265", "-1.128715")
    clean, problems = places.check_place_form(values, TODAY, current=rough)
    assert problems == {} and clean["position_source"] == "outcode", "an application may stay rough"
    active = {**dict(rough), "status": "active"}
    _, problems = places.check_place_form(values, TODAY, current=active)
    assert problems["position"].startswith(
        "The position of Granby Street Café is only the middle of the postcode area LE1"
    )
    moved, problems = places.check_place_form({**values, "latitude": "52.6341"}, TODAY, current=active)
    assert problems == {} and moved["position_source"] == "confirmed"


def test_a_confirmed_position_saved_unchanged_keeps_its_source(db):
    from_file = stored(db, position_source="file")
    clean, problems = places.check_place_form(places.form_values_of(from_file), TODAY, current=from_file)
    assert problems == {} and (clean["lat"], clean["position_source"]) == (52.634, "file")


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("name", "", "The name is missing"),
        ("name", "x" * 121, "The name is longer than 120 characters"),
        ("address", " ", "The address is missing"),
        ("town", "", "The town is missing"),
        ("postcode", "LE1", "'LE1' is not a full UK postcode, for example LE1 5FQ"),
        ("postcode", "", "The postcode is missing"),
        ("latitude", "fifty-two", "The latitude must be a number, like 52.636."),
        ("longitude", "", "Give both a latitude and a longitude."),
        ("latitude", "-1.131", "The position -1.131, -1.131 is not in the UK"),
        ("category", "", "Choose the category"),
        ("category", "spaceport", "'spaceport' is not a category we know"),
        ("phone", "12345", "The phone number '12345' is not a UK phone number"),
        (
            "website",
            "granby.example.org",
            "The website must be a web address starting with https:// or http://",
        ),
        ("website", "javascript:alert(1)", "The website must be a web address starting with https://"),
        ("website", "https://", "The website must be a web address"),
        ("website", "https://a.example.org/" + "x" * 200, "The website is longer than 200 characters"),
        ("opening_hours", "Mo-Fr 9 till 5", "The opening hours are not in the usual format"),
        ("hours", {"tu_opens": "9am", "tu_closes": ""}, "Tuesday: give the closing time as well."),
        ("easy_read_description", "x" * 301, "The easy-read description is longer than 300 characters"),
        ("contact_name", "x" * 121, "The contact's name is longer than 120 characters"),
        ("contact_email", "priya", "The contact's email address must look like name@example.org"),
        ("contact_email", "priya@example", "The contact's email address must look like name@example.org"),
        (
            "contact_phone",
            "999",
            "The contact's phone number is not a UK phone number, for example 0116 496 0123",
        ),
        ("facilities", ["seating", "jacuzzi"], "Choose facilities from the list"),
        (
            "staff_trained_on",
            "31/02/2026",
            "The date staff were trained must be a real date, for example 23 November 2026 or 23/11/2026",
        ),
        ("staff_trained_on", "1 January 2030", "The date staff were trained must be today or in the past"),
        ("next_review_due", "soon", "The date of the next review must be a real date"),
        ("next_review_due", "2026-13-01", "The date of the next review must be a real date"),
        ("next_review_due", "1 Jan 0999", "The date of the next review must be a real date"),
    ],
)
def test_each_problem_is_a_plain_sentence(field, typed, message):
    if field == "hours":
        typed = {**places.hours_table(FULL["opening_hours"])[0], **typed}
        field, values = (
            "hours-tu_closes",
            {**FULL, "opening_hours_shown": FULL["opening_hours"], "hours": typed},
        )
    else:
        values = {**FULL, field: typed}
    _, problems = places.check_place_form(values, TODAY)
    key = "position" if field in ("latitude", "longitude") else field
    assert list(problems) == [key]
    assert problems[key].startswith(message), problems[key]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026-11-23", "2026-11-23"),
        ("23/11/2026", "2026-11-23"),
        ("3.4.2026", "2026-04-03"),
        ("23 November 2026", "2026-11-23"),
        ("23  nov 2026", "2026-11-23"),
        ("23 11 2026", "2026-11-23"),
    ],
)
def test_dates_in_the_usual_ways(typed, expected):
    clean, problems = places.check_place_form({**FULL, "next_review_due": typed}, TODAY)
    assert problems == {} and clean["next_review_due"] == expected


def test_the_form_values_of_a_place_read_back_the_same(db):
    clean, _ = places.check_place_form(FULL, TODAY)
    place_id = places.create(db, {**clean, "district_code": "E06000016"}, by="ann")
    values = places.form_values_of(places.by_id(db, place_id))
    assert values["staff_trained_on"] == "2 March 2026" and values["facilities"] == [
        "step-free access",
        "seating",
    ]
    assert places.check_place_form(values, TODAY) == (clean, {})


HOURS = "Mo-Fr 09:00-17:00; PH off"


def hours_form(table=None, text=HOURS, shown=HOURS):
    boxes = places.hours_table(shown)[0]
    return {**FULL, "hours": {**boxes, **(table or {})}, "opening_hours": text, "opening_hours_shown": shown}


@pytest.mark.parametrize(
    "values, expected, problems",
    [
        (hours_form(), HOURS, {}),
        (hours_form({"mo_opens": "9am"}), HOURS, {}),
        (
            hours_form(shown="Mo-Fr 09:00-17:00;PH off", text="Mo-Fr 09:00-17:00;PH off"),
            "Mo-Fr 09:00-17:00;PH off",
            {},
        ),
        (
            hours_form({"sa_closed": "", "sa_opens": "10", "sa_closes": "4pm"}),
            "Mo-Fr 09:00-17:00; Sa 10:00-16:00; PH off",
            {},
        ),
        (hours_form(text="Mo-Sa 09:00-17:00"), "Mo-Sa 09:00-17:00", {}),
        (
            hours_form({"sa_closed": "", "sa_opens": "10", "sa_closes": "4pm"}, text="Mo-Sa 09:00-17:00"),
            "Mo-Sa 09:00-17:00",
            {"opening_hours": places.BOTH_CHANGED},
        ),
        (
            hours_form({"mo_closes": "9"}),
            None,
            {"hours-mo_closes": "Monday: the closing time must be after the opening time."},
        ),
        (hours_form(dict.fromkeys(places.hours_table(HOURS)[0], ""), text=HOURS), "", {}),
        (
            hours_form(text="Jan-Mar Mo 10:00-12:00", shown="Jan-Mar Mo 10:00-12:00"),
            "Jan-Mar Mo 10:00-12:00",
            {},
        ),
        (
            hours_form(
                {"mo_opens": "9", "mo_closes": "1pm", "ph": "closed"},
                text="Jan Mo 10:00-12:00",
                shown="Jan Mo 10:00-12:00",
            ),
            None,
            {
                f"hours-{code}_opens": f"{day}: give the opening and closing times, or tick closed."
                for code, day in week_table.DAYS[1:]
            },
        ),
    ],
    ids=[
        "unchanged",
        "retyped the same",
        "unchanged text kept as written",
        "table changed",
        "text changed",
        "both changed",
        "table wrong",
        "table cleared",
        "not a table, unchanged",
        "not a table, table filled in",
    ],
)
def test_the_place_form_takes_the_hours_from_the_table_or_the_text_that_was_changed(
    values, expected, problems
):
    text, found = places.hours_of_form(values, advanced=True)
    assert found == problems
    if expected is not None:
        assert text == expected


def test_a_text_the_table_cannot_show_says_why():
    boxes, why = places.hours_table("Jan-Mar Mo-Fr 09:00-17:00")
    assert why.startswith("the table cannot show “Jan-Mar Mo-Fr 09:00-17:00”") and not any(boxes.values())
    assert places.hours_table(HOURS)[1] is None


@pytest.mark.parametrize(
    "typed, query",
    [
        ("granby", '"granby"*'),
        ('gr"an -by', '"gr"* "an"* "by"*'),
        ("OR *", '"OR"*'),
        ('" - * ^', None),
    ],
)
def test_search_words_are_quoted(typed, query):
    assert places.fts_query(typed) == query


def test_the_register_searches_filters_and_pages(db):
    add_place(db, 52.63, -1.13, name="Granby Café", town="Leicester")
    add_place(db, 52.77, -1.20, name="Loughborough Library", town="Loughborough", status="suspended")
    for n in range(3):
        add_place(db, 52.6, -1.1, name=f"Shop {n}", town="Hinckley", status="applied")
    assert [r["name"] for r in places.register_page(db, "gran")[0]] == ["Granby Café"]
    assert places.register_page(db, "loughb", "suspended")[1] == 1
    assert places.register_page(db, "loughb", "active")[1] == 0
    assert places.register_page(db, "", "applied")[1] == 3
    rows, total = places.register_page(db, "", None, page=2, per_page=2)
    assert (total, [r["name"] for r in rows]) == (5, ["Shop 0", "Shop 1"])


def test_the_history_in_words():
    rows = [
        {
            "action": "suspend",
            "user": "ann",
            "at": "2026-11-23T14:30:00+00:00",
            "before": json.dumps({"status": "active"}),
            "after": json.dumps({"status": "suspended", "reason": "Closed"}),
        },
        {
            "action": "edit",
            "user": "bob",
            "at": "2026-11-23T14:30:00+00:00",
            "before": json.dumps(
                {"facilities": "[]", "sticker_displayed": 0, "next_review_due": None, "photo": "a.jpg"}
            ),
            "after": json.dumps(
                {
                    "facilities": '["seating"]',
                    "sticker_displayed": 1,
                    "next_review_due": "2027-01-05",
                    "photo": "b.jpg",
                }
            ),
        },
    ]
    suspended, edited = places.history_words(rows)
    assert (suspended["action"], suspended["reason"], suspended["changes"]) == (
        "Suspended",
        "Closed",
        [("Status", "active", "suspended")],
    )
    assert edited["changes"] == [
        ("Facilities", "none", "seating"),
        ("Sticker displayed", "no", "yes"),
        ("Next review due", "blank", "5 January 2027"),
        ("Photo of the entrance", "a photo", "a new photo"),
    ]


def test_a_new_plain_detail_needs_only_its_line_in_details(monkeypatch):
    """docs/forms.md: a plain-text detail is a line in places.DETAILS (and one in PlaceForm)."""
    monkeypatch.setitem(places.DETAILS, "instagram", places.Detail("Instagram name", 30))
    clean, problems = places.check_place_form({**FULL, "instagram": " @granby "}, TODAY)
    assert problems == {} and clean["instagram"] == "@granby"
    _, problems = places.check_place_form({**FULL, "instagram": "x" * 31}, TODAY)
    assert problems == {"instagram": "The Instagram name is longer than 30 characters."}
