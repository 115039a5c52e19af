import pytest

from safeplaces import places

GOOD = {
    "name": "Granby Street Café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "le1 6ez",
    "latitude": "52.6340",
    "longitude": "-1.1310",
    "phone": "01164960107",
    "opening_hours": "Mo-Sa 08:00-18:00",
    "category": "Cafe",
}


def test_good_details_are_tidied():
    clean, problems = places.check_details(GOOD)
    assert problems == {}
    assert clean == {
        "name": "Granby Street Café",
        "address": "41 Granby Street",
        "town": "Leicester",
        "postcode": "LE1 6EZ",
        "lat": 52.634,
        "lon": -1.131,
        "phone": "0116 496 0107",
        "opening_hours": "Mo-Sa 08:00-18:00",
        "category": "café",
    }


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "the name is missing"),
        ({"name": "x" * 121}, "name", "the name is longer than 120 characters"),
        ({"address": "  "}, "address", "the address is missing"),
        ({"town": ""}, "town", "the town is missing"),
        ({"postcode": ""}, "postcode", "the postcode is missing"),
        ({"postcode": "LE1"}, "postcode", "'LE1' is not a full UK postcode, for example LE1 5FQ"),
        ({"latitude": "", "longitude": "-1.1"}, "position", "Give both a latitude and a longitude."),
        ({"latitude": "north"}, "position", "The latitude must be a number, like 52.636."),
        (
            {"latitude": "-1.131", "longitude": "52.634"},
            "position",
            "the position -1.131, 52.634 is not in the UK (are latitude and longitude the right way round?)",
        ),
        (
            {"phone": "0116 496"},
            "phone",
            "the phone number '0116 496' is not a UK phone number, for example 0116 496 0123",
        ),
        (
            {"opening_hours": "Mo-Fr 9-5"},
            "opening_hours",
            "the opening hours are not in the usual format: “9-5” could mean 09:00-05:00 (through the night) or "
            "09:00-17:00; write the one you mean with the 24-hour clock, or with am and pm",
        ),
        (
            {"category": "nightclub"},
            "category",
            "'nightclub' is not a category we know; use one of: " + ", ".join(places.CATEGORIES),
        ),
    ],
)
def test_each_problem_is_named_in_plain_words(changes, field, message):
    _, problems = places.check_details({**GOOD, **changes})
    assert problems == {field: message}


def test_optional_details_may_be_blank():
    clean, problems = places.check_details(
        {**GOOD, "latitude": "", "longitude": "", "phone": "", "opening_hours": "", "category": ""}
    )
    assert problems == {}
    assert (clean["lat"], clean["phone"], clean["opening_hours"], clean["category"]) == (
        None,
        "",
        "",
        "other",
    )


@pytest.mark.parametrize(
    "typed, tidy",
    [
        ("01164960123", "0116 496 0123"),
        ("+44 116 496 0123", "0116 496 0123"),
        ("(0116) 496-0123", "0116 496 0123"),
        ("0800 555 111", "0800 555111"),
    ],
)
def test_phone_numbers_are_written_the_usual_way(typed, tidy):
    assert places.tidy_phone(typed) == tidy


def test_slugs_are_readable_and_unique():
    taken = set()
    first = places.unique_slug("Granby Street Café", "Leicester", taken)
    second = places.unique_slug("Granby Street Café", "Leicester", taken)
    assert (first, second) == ("granby-street-cafe-leicester", "granby-street-cafe-leicester-2")
    assert places.unique_slug("Łukasz's Shop", "Oadby", taken) == "lukasz-s-shop-oadby"


def test_the_public_view_has_no_private_details():
    row = {field: "x" for field in places.PUBLIC_FIELDS}
    row.update(
        facilities='["seating"]',
        contact_name="Private Person",
        contact_email="p@example.org",
        contact_phone="07700 900123",
        next_review_due="2027-01-01",
    )
    public = places.public(row)
    assert public["facilities"] == ["seating"]
    assert not {"contact_name", "contact_email", "contact_phone", "next_review_due"} & public.keys()
