import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplaces import geo
from tests.helpers import add_place

NEAREST_KEYS = {"id", "slug", "name", "address", "town", "postcode", "lat", "lon", "phone", "distance_m",
                "walk_minutes", "url"}


def test_nearest_by_position(client, db):
    far = add_place(db, 52.70, -1.13)
    near = add_place(db, 52.64, -1.13, slug="near", phone="0116 496 0001")
    response = client.get("/api/v1/places/nearest?lat=52.636&lon=-1.133")
    assert response.status_code == 200
    body = response.get_json()
    assert body["origin"] == {"lat": 52.636, "lon": -1.133, "label": "your location", "precision": "exact"}
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


@pytest.mark.parametrize("query, status, error", [
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
    ("q=Narnia", 404, "We could not find a place called “Narnia” in Leicester, Leicestershire and Rutland. "
                      "Try a postcode, like LE1 5FQ."),
])
def test_bad_input_is_explained(client, query, status, error):
    response = client.get(f"/api/v1/places/nearest?{query}")
    assert (response.status_code, response.get_json()) == (status, {"error": error})


def test_one_place(client, db):
    place_id = add_place(db, 52.6, -1.1, slug="the-place", contact_name="Private Person",
                         contact_email="private@example.org", facilities='["seating"]')
    body = client.get(f"/api/v1/places/{place_id}").get_json()
    assert (body["id"], body["slug"], body["facilities"]) == (place_id, "the-place", ["seating"])
    assert body["url"] == "http://localhost/places/the-place"
    assert "Private Person" not in str(body) and "private@example.org" not in str(body)


@pytest.mark.parametrize("status", ["applied", "suspended", "archived"])
def test_places_that_are_not_active_are_not_found(client, db, status):
    place_id = add_place(db, 52.6, -1.1, status=status)
    response = client.get(f"/api/v1/places/{place_id}")
    assert (response.status_code, response.get_json()) == (404, {"error": "There is no Keep Safe Place with that id."})


@pytest.mark.parametrize("url, status", [("/api/v1/places/abc", 404), ("/api/v1/nothing", 404)])
def test_unknown_api_addresses_answer_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status and "error" in response.get_json()


def test_wrong_method_answers_json(client):
    response = client.post("/api/v1/places/nearest?q=LE1")
    assert response.status_code == 405 and "error" in response.get_json()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["q", "lat", "lon", "limit"]), st.text(max_size=40), max_size=4))
def test_nothing_a_user_sends_gives_a_500(client, params):
    for url in ("/api/v1/places/nearest", "/find"):
        response = client.get(url, query_string=params)
        assert response.status_code in (200, 400, 404), (url, params, response.status_code)
