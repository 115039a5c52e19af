import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplaces import geo
from tests.helpers import add_place

NEAREST_KEYS = {
    "id",
    "slug",
    "name",
    "address",
    "town",
    "postcode",
    "lat",
    "lon",
    "phone",
    "distance_m",
    "walk_minutes",
    "url",
    "open_now",
    "opening_hours",
    "next_change",
}


def test_nearest_by_position(client, db):
    far = add_place(db, 52.70, -1.13)
    near = add_place(db, 52.64, -1.13, slug="near", phone="0116 496 0001")
    response = client.get("/api/v1/places/nearest?lat=52.636&lon=-1.133")
    assert response.status_code == 200
    body = response.get_json()
    assert body["origin"] == {
        "lat": 52.636,
        "lon": -1.133,
        "label": "your location",
        "precision": "exact",
        "corrected_from": None,
    }
    assert [p["id"] for p in body["places"]] == [near, far]
    first = body["places"][0]
    assert set(first) == NEAREST_KEYS
    metres = geo.distance_m(52.636, -1.133, 52.64, -1.13)
    assert first["distance_m"] == round(metres) and isinstance(first["distance_m"], int)
    assert first["walk_minutes"] == geo.walk_minutes(metres)
    assert first["url"] == "http://localhost/places/near"


def test_nearest_by_postcode_outcode_and_town(client, seeded):
    for q, precision in (("LE1 5FQ", "outcode"), ("LE13", "outcode"), ("Oakham", "town")):
        body = client.get("/api/v1/places/nearest", query_string={"q": q}).get_json()
        assert body["origin"]["precision"] == precision
        distances = [p["distance_m"] for p in body["places"]]
        assert len(distances) == 5 and distances == sorted(distances)


def test_limit(client, seeded):
    assert len(client.get("/api/v1/places/nearest?q=LE1&limit=12").get_json()["places"]) == 12
    assert len(client.get("/api/v1/places/nearest?q=LE1&limit=50").get_json()["places"]) == 50


@pytest.mark.parametrize(
    "query, status, error",
    [
        ("", 400, "Say where to search from: lat and lon, or q (a postcode or a town)."),
        ("limit=3", 400, "Say where to search from: lat and lon, or q (a postcode or a town)."),
        ("lat=52.6", 400, "Give both a latitude and a longitude."),
        ("lat=north&lon=-1.1", 400, "The latitude must be a number, like 52.636."),
        ("lat=52.6&lon=200", 400, "The longitude must be between -180 and 180."),
        ("lat=52.6&lon=-1.1&limit=0", 400, "limit must be a whole number from 1 to 50."),
        ("lat=52.6&lon=-1.1&limit=51", 400, "limit must be a whole number from 1 to 50."),
        ("lat=52.6&lon=-1.1&limit=five", 400, "limit must be a whole number from 1 to 50."),
        ("lat=52.6&lon=-1.1&limit=²", 400, "limit must be a whole number from 1 to 50."),
        ("q=", 400, "Type a postcode or the name of a town."),
        ("q=ZZ9+9ZZ", 404, "We could not find the postcode ZZ9 9ZZ. Check it, or type a town."),
        (
            "q=Narnia",
            404,
            "We could not find a place called “Narnia”. Check the spelling, or type a postcode, like LE1 5FQ.",
        ),
    ],
)
def test_bad_input_is_explained(client, query, status, error):
    response = client.get(f"/api/v1/places/nearest?{query}")
    assert (response.status_code, response.get_json()) == (status, {"error": error})


def test_one_place(client, db):
    place_id = add_place(
        db,
        52.6,
        -1.1,
        slug="the-place",
        contact_name="Private Person",
        contact_email="private@example.org",
        facilities='["seating"]',
    )
    body = client.get(f"/api/v1/places/{place_id}").get_json()
    assert (body["id"], body["slug"], body["facilities"]) == (place_id, "the-place", ["seating"])
    assert body["url"] == "http://localhost/places/the-place"
    assert "Private Person" not in str(body) and "private@example.org" not in str(body)


@pytest.mark.parametrize("status", ["applied", "suspended", "archived"])
def test_places_that_are_not_active_are_not_found(client, db, status):
    place_id = add_place(db, 52.6, -1.1, status=status)
    response = client.get(f"/api/v1/places/{place_id}")
    assert (response.status_code, response.get_json()) == (
        404,
        {"error": "There is no Keep Safe Place with that id."},
    )


@pytest.mark.parametrize("url, status", [("/api/v1/places/abc", 404), ("/api/v1/nothing", 404)])
def test_unknown_api_addresses_answer_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status and "error" in response.get_json()


def test_wrong_method_answers_json(client):
    response = client.post("/api/v1/places/nearest?q=LE1")
    assert response.status_code == 405 and "error" in response.get_json()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "lat", "lon", "limit", "open_now", "open_at", "at", "open", "page"]),
        st.text(max_size=40),
        max_size=5,
    )
)
def test_nothing_a_user_sends_gives_a_500(client, params):
    for url in ("/api/v1/places/nearest", "/api/v1/help", "/find", "/help-now", "/map"):
        response = client.get(url, query_string=params)
        # Searches are rate-limited per address (SAFEPLACES_SEARCH_LIMIT): hypothesis searches faster
        # than people. /help-now and its API are never limited: someone in need must always get an answer.
        allowed = (200, 300, 400, 404) if "help" in url else (200, 300, 400, 404, 429)
        assert response.status_code in allowed, (url, params, response.status_code)
        if response.status_code == 429 and url.startswith("/api/"):
            assert "error" in response.get_json()


@pytest.fixture
def street(db):
    """A closed place, then an open one, then one open late, going north from (52.636, -1.133)."""
    return {
        "closed": add_place(db, 52.6365, -1.133, slug="closed", opening_hours="Sa-Su 10:00-16:00"),
        "open": add_place(db, 52.6380, -1.133, slug="open", opening_hours="Mo-Fr 09:00-17:00; PH off"),
        "late": add_place(db, 52.6500, -1.133, slug="late", opening_hours="Mo-Su 20:00-02:00"),
    }


def ids(body):
    return [place["id"] for place in body["places"]]


def test_nearest_open_now_and_open_at(client, app, street):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    base = "/api/v1/places/nearest?lat=52.636&lon=-1.133"
    everything = client.get(base).get_json()
    assert ids(everything) == [street["closed"], street["open"], street["late"]]
    assert [p["open_now"] for p in everything["places"]] == [False, True, False]
    assert everything["places"][1]["next_change"] == "2026-11-23T17:00:00+00:00"
    assert everything["places"][1]["opening_hours"] == "Mo-Fr 09:00-17:00; PH off"
    assert ids(client.get(base + "&open_now=1").get_json()) == [street["open"]]
    assert ids(client.get(base + "&open_at=2026-11-23T23:30").get_json()) == [street["late"]]
    assert ids(client.get(base + "&open_at=2026-11-28T11:00").get_json()) == [street["closed"]]
    assert ids(client.get(base + "&open_at=2026-08-31T11:00").get_json()) == []  # bank holiday


@pytest.mark.parametrize(
    "query, error",
    [
        ("open_now=perhaps", "open_now must be 1 or 0."),
        ("open_at=tomorrow", "open_at must be a date and time like 2026-11-23T14:30 (London time)."),
        ("open_at=2026-02-30T10:00", "open_at must be a date and time like 2026-11-23T14:30 (London time)."),
    ],
)
def test_bad_open_filters(client, query, error):
    response = client.get(f"/api/v1/places/nearest?q=LE1&{query}")
    assert (response.status_code, response.get_json()) == (400, {"error": error})


def test_help_chooses_the_nearest_open_place(client, street):
    body = client.get("/api/v1/help?lat=52.636&lon=-1.133&at=2026-11-23T10:00").get_json()
    assert body["place"]["id"] == street["open"] and body["place"]["open_now"] is True
    assert body["within_walk"] is True and body["walk_minutes"] == body["place"]["walk_minutes"]
    assert body["call"] == {"emergency": "999", "non_emergency": "101"}
    assert (
        body["message"]
        == f"{body['place']['name']} is open now. It is about {body['walk_minutes']} minutes' walk away."
    )


def test_help_beyond_a_walk_and_with_nothing_open(client, street):
    body = client.get("/api/v1/help?lat=52.636&lon=-1.133&at=2026-11-23T21:00").get_json()
    assert body["place"]["id"] == street["late"] and body["within_walk"] is False
    assert "If you need the police, phone 101" in body["message"]
    body = client.get("/api/v1/help?lat=52.636&lon=-1.133&at=2026-11-23T03:00").get_json()
    assert body["place"] is None and body["walk_minutes"] is None and body["within_walk"] is False
    assert body["call"] == {"emergency": "999", "non_emergency": "101"}


@pytest.mark.parametrize(
    "query, status, error",
    [
        ("", 400, "Say where to search from: lat and lon, or q (a postcode or a town)."),
        ("q=LE1&at=soon", 400, "at must be a date and time like 2026-11-23T14:30 (London time)."),
        (
            "q=Narnia",
            404,
            "We could not find a place called “Narnia”. Check the spelling, or type a postcode, like LE1 5FQ.",
        ),
    ],
)
def test_help_bad_input(client, query, status, error):
    response = client.get(f"/api/v1/help?{query}")
    assert (response.status_code, response.get_json()) == (status, {"error": error})
