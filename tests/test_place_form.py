"""The registrar's place form rules (places.check_place_form) and the register's search."""

import json
from datetime import date

import pytest

from safeplaces import places
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
    }


def test_only_the_required_fields():
    clean, problems = places.check_place_form(
        {
            "name": "Library",
            "address": "1 Main Street",
            "town": "Melton Mowbray",
            "postcode": "LE13 1AA",
            "category": "library",
        },
        TODAY,
    )
    assert problems == {}
    assert (clean["lat"], clean["lon"], clean["facilities"], clean["sticker_displayed"]) == (
        None,
        None,
        "[]",
        0,
    )
    assert (clean["staff_trained_on"], clean["next_review_due"], clean["website"]) == (None, None, "")


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
    _, problems = places.check_place_form({**FULL, field: typed}, TODAY)
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
