"""The Open Referral UK feed, every answer validated against the vendored UK-profile schemas.

The schemas are in tests/openreferral/schema (see its README): openapi.json's response
schemas where they apply, and the compiled schemas they refer to, read from disk.
"""

import json
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from safeplaces import geo, openreferral, places
from tests.helpers import add_place

SCHEMAS = Path(__file__).parents[1] / "openreferral" / "schema"
# Where openapi.json says its schemas are; mapped to the files here.
UPSTREAM = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
COMPILED = ("service", "service_list", "service_at_location", "service_at_location_list", "organization")
FEED = "/openreferral/v3"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def _schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


OPENAPI = _schema("openapi.json")
REGISTRY = Registry().with_resources(
    [(UPSTREAM + "openapi.json", Resource.from_contents(OPENAPI, default_specification=DRAFT202012))]
    + [
        (
            f"{UPSTREAM}compiled/{name}.json",
            Resource.from_contents(_schema(f"compiled/{name}.json"), default_specification=DRAFT202012),
        )
        for name in COMPILED
    ]
)


def validator(schema):
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER)


def compiled(name):
    return validator({"$ref": f"{UPSTREAM}compiled/{name}.json"})


def response_schema(path):
    """openapi.json's schema for a path's 200 answer, as a reference into the document."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return validator(
        {
            "$ref": f"{UPSTREAM}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"
        }
    )


PHONE = validator(_schema("phone.json"))


def valid(schema_validator, answer):
    problems = [
        f"{list(error.absolute_path)}: {error.message}" for error in schema_validator.iter_errors(answer)
    ]
    assert problems == [], problems[:5]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def empty_values(answer, path=()):
    """Paths to None, "" or [] anywhere in the answer (the feed leaves out empty optional fields)."""
    if isinstance(answer, dict):
        return [p for key, value in answer.items() for p in empty_values(value, (*path, key))]
    if isinstance(answer, list):
        if not answer:
            return [path]
        return [p for n, value in enumerate(answer) for p in empty_values(value, (*path, n))]
    return [path] if answer in (None, "") else []


def walk_pages(client, path, per_page, validate_item):
    """Every page of a list, each validated, then one page beyond the last; returns the items."""
    items, number = [], 1
    while True:
        page = get(client, f"{FEED}{path}?per_page={per_page}&page={number}")
        valid(response_schema(path), page)
        assert set(page) == PAGE_KEYS
        for item in page["contents"]:
            validate_item(item)
        assert (page["page_number"], page["size"], page["first_page"]) == (
            number,
            len(page["contents"]),
            number == 1,
        )
        items += page["contents"]
        if page["last_page"]:
            break
        assert page["size"] == per_page
        number += 1
    assert number == page["total_pages"] and len(items) == page["total_items"]
    beyond = get(client, f"{FEED}{path}?per_page={per_page}&page={number + 1}")
    valid(response_schema(path), beyond)
    assert beyond == {
        "total_items": len(items),
        "total_pages": number,
        "page_number": number + 1,
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
        "contents": [],
    }
    return items


@pytest.fixture
def active(seeded, db):
    return list(db.query("SELECT * FROM places WHERE status = 'active' ORDER BY name COLLATE NOCASE, id"))


def test_the_feed_says_what_it_is(client):
    answer = get(client, FEED + "/")
    valid(response_schema("/"), answer)
    assert answer == {
        "version": "3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile",
        "openapi_url": openreferral.OPENAPI_URL,
    }


def test_every_page_of_services_and_every_service_validates(client, active):
    assert len(active) == 76

    def item(service):
        valid(compiled("service_list"), service)
        assert empty_values(service) == []

    listed = walk_pages(client, "/services", 10, item)
    assert [s["name"] for s in listed] == [row["name"] for row in active]
    assert [s["id"] for s in listed] == [openreferral.derived_id(row["uuid"], "service") for row in active]
    for summary in listed:
        full = get(client, f"{FEED}/services/{summary['id']}")
        valid(response_schema("/services/{id}"), full)
        valid(compiled("service"), full)
        assert [p for p in empty_values(full) if p[-1] != "state_province"] == []
        [link] = full["service_at_locations"]
        assert link["service_id"] == full["id"] and link["location"]["id"] == link["location_id"]
        for phone in link.get("phones", []):
            valid(PHONE, phone)
        assert {k: full[k] for k in summary} == summary


def test_every_page_of_services_at_locations_and_each_one_validates(client, active):
    def item(link):
        valid(compiled("service_at_location_list"), link)
        for phone in link.get("phones", []):
            valid(PHONE, phone)

    listed = walk_pages(client, "/service_at_locations", 25, item)
    assert [link["id"] for link in listed] == [row["uuid"] for row in active]
    for summary in listed:
        full = get(client, f"{FEED}/service_at_locations/{summary['id']}")
        # openapi.json gives this path compiled/service.json, which describes a service, not
        # a service at location (see tests/openreferral/README.md): the right schema is used.
        valid(compiled("service_at_location"), full)
        assert full["service"]["organization"] == summary["service"]["organization"]
        assert (full["location"], full.get("phones")) == (summary["location"], summary.get("phones"))


def test_a_venue_has_its_address_phone_and_position(client, db, seeded):
    place = places.active_by_slug(db, "bishop-street-central-library-leicester")
    link = get(client, f"{FEED}/service_at_locations/{place['uuid']}")
    [address] = link["location"]["addresses"]
    assert {k: address[k] for k in ("address_1", "city", "postal_code", "country", "state_province")} == {
        "address_1": place["address"],
        "city": place["town"],
        "postal_code": place["postcode"],
        "country": "GB",
        "state_province": "Leicester",
    }
    assert (link["location"]["latitude"], link["location"]["longitude"]) == (place["lat"], place["lon"])
    assert [phone["number"] for phone in link["phones"]] == [place["phone"]]
    service = link["service"]
    assert service["url"] == f"http://localhost/places/{place['slug']}"
    assert service["organization"]["name"] == "Keep Safe Places"
    assert service["organization_id"] == service["organization"]["id"]


def test_ids_are_stable_and_the_organization_can_be_set(client, db, seeded, app):
    first = get(client, f"{FEED}/services?per_page=500")
    assert get(client, f"{FEED}/services?per_page=500") == first
    derived = first["contents"][0]["organization_id"]
    assert derived == str(uuid.uuid5(uuid.NAMESPACE_URL, "http://localhost/#Keep Safe Places"))
    chosen = "0b8f5a1e-3c1d-4f7e-9a55-2f1c7d3e9b10"
    app.config["SAFEPLACES_OPENREFERRAL_ORGANIZATION_ID"] = chosen
    assert {s["organization_id"] for s in get(client, f"{FEED}/services?per_page=500")["contents"]} == {
        chosen
    }


def test_only_active_places_and_nothing_private(client, db):
    shown = add_place(
        db,
        52.63,
        -1.13,
        name="Shown Shop",
        contact_name="Private Person",
        contact_email="private@example.org",
    )
    db["places"].update(shown, {"contact_phone": "07700 900999", "phone": ""})
    db["checks"].insert(
        {
            "place_id": shown,
            "kind": "annual review",
            "checked_on": "2026-01-01",
            "passed": 0,
            "notes": "Secret review notes",
            "checked_by": "reg",
            "created_at": "2026-01-01T00:00:00+00:00",
        }
    )
    hidden = {
        status: add_place(db, 52.63, -1.13, status=status, name=f"{status} shop")
        for status in places.STATUSES
        if status != "active"
    }
    db.conn.commit()
    services = get(client, f"{FEED}/services")
    links = get(client, f"{FEED}/service_at_locations")
    assert [s["name"] for s in services["contents"]] == ["Shown Shop"]
    assert links["total_items"] == 1 and "phones" not in links["contents"][0]
    place = places.by_id(db, shown)
    everything = json.dumps([services, links, get(client, f"{FEED}/service_at_locations/{place['uuid']}")])
    for private in ("Private Person", "private@example.org", "07700 900999", "Secret review notes", "review"):
        assert private not in everything
    for place_id in hidden.values():
        row = places.by_id(db, place_id)
        assert get(client, f"{FEED}/service_at_locations/{row['uuid']}", 404) == {
            "error": "There is no service at location with that id in this feed."
        }
        get(client, f"{FEED}/services/{openreferral.derived_id(row['uuid'], 'service')}", 404)


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/services/not-a-uuid", 404, "There is no service with that id in this feed."),
        (f"/services/{uuid.uuid4()}", 404, "There is no service with that id in this feed."),
        (
            f"/service_at_locations/{uuid.uuid4()}",
            404,
            "There is no service at location with that id in this feed.",
        ),
        ("/services?page=0", 400, "page must be a whole number from 1 to 1000000000."),
        ("/services?page=two", 400, "page must be a whole number from 1 to 1000000000."),
        ("/services?per_page=501", 400, "per_page must be a whole number from 1 to 500."),
        ("/service_at_locations?proximity=1000", 400, "proximity needs a postcode to measure from."),
        (
            "/service_at_locations?postcode=LE1+5FQ&proximity=-5",
            400,
            "proximity must be a number of metres, more than 0 and at most 200000.",
        ),
        (
            "/service_at_locations?postcode=LE1+5FQ&proximity=nan",
            400,
            "proximity must be a number of metres, more than 0 and at most 200000.",
        ),
        (
            "/service_at_locations?postcode=Narnia",
            400,
            "postcode must be a full UK postcode, for example LE1 5FQ.",
        ),
        (
            "/service_at_locations?postcode=ZZ9+9ZZ",
            404,
            "We could not find the postcode ZZ9 9ZZ. Check it, or type a town.",
        ),
        (
            "/services?taxonomy_id=x",
            400,
            "The taxonomy_id filter is not supported here: this feed has no taxonomies.",
        ),
        ("/organizations", 404, "There is nothing at this address."),
    ],
)
def test_bad_requests_and_unknown_ids_answer_in_plain_words(client, url, status, message):
    assert get(client, FEED + url, status) == {"error": message}


def test_a_post_is_refused_as_json_with_cors(client):
    response = client.post(FEED + "/services")
    assert (response.status_code, response.mimetype) == (405, "application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_search_finds_places_by_name_town_and_address(client, seeded, db):
    found = get(client, f"{FEED}/services?search=library&per_page=500")
    expected = {
        row["name"]
        for row in db.query("SELECT name, town, address FROM places WHERE status = 'active'")
        if any("library" in row[f].lower() for f in ("name", "town", "address"))
    }
    assert found["total_items"] == len(expected) > 1
    assert {s["name"] for s in found["contents"]} == expected
    assert get(client, f"{FEED}/service_at_locations?search=zzzz")["empty"] is True


def test_a_postcode_and_proximity_give_the_places_within_it_nearest_first(client, seeded, db, app):
    with app.test_request_context():
        from safeplaces.web.searching import locator

        origin = locator().postcode("LE1 5FQ")
    answer = get(client, f"{FEED}/service_at_locations?postcode=le15fq&proximity=1500&per_page=500")
    valid(response_schema("/service_at_locations"), answer)
    metres = [
        geo.distance_m(origin.lat, origin.lon, link["location"]["latitude"], link["location"]["longitude"])
        for link in answer["contents"]
    ]
    within = [
        row
        for row in db.query("SELECT lat, lon FROM places WHERE status = 'active'")
        if geo.distance_m(origin.lat, origin.lon, row["lat"], row["lon"]) <= 1500
    ]
    assert answer["total_items"] == len(within) > 0
    assert metres == sorted(metres) and max(metres) <= 1500
    everything = get(client, f"{FEED}/service_at_locations?postcode=LE1 5FQ&per_page=500")
    assert everything["total_items"] == 76
    assert [link["id"] for link in everything["contents"][: len(within)]] == [
        link["id"] for link in answer["contents"]
    ]


def test_pages_by_distance_follow_on_from_each_other(client, seeded):
    everything = get(client, f"{FEED}/service_at_locations?postcode=LE1+5FQ&search=Leicester&per_page=500")
    total = everything["total_items"]
    assert 10 < total < 76
    pages = [
        get(client, f"{FEED}/service_at_locations?postcode=LE1+5FQ&search=Leicester&per_page=7&page={n}")
        for n in range(1, total // 7 + 3)
    ]
    assert [link["id"] for page in pages for link in page["contents"]] == [
        link["id"] for link in everything["contents"]
    ]
    assert {page["total_items"] for page in pages} == {total}
    assert pages[-1]["contents"] == [] and pages[-1]["empty"] is True


def test_the_validators_catch_what_the_profile_forbids():
    """The schemas bite: a service without its status, a bad uuid or a wrong location type fail."""
    page = {"total_items": 1, "contents": [{"id": str(uuid.uuid4()), "name": "x"}]}
    assert list(response_schema("/services").iter_errors(page))
    assert list(compiled("service").iter_errors({"id": "not-a-uuid", "name": "x", "status": "active"}))
    link = {"id": str(uuid.uuid4()), "location": {"id": str(uuid.uuid4()), "location_type": "shop"}}
    assert list(compiled("service_at_location").iter_errors(link))
    assert list(response_schema("/service_at_locations").iter_errors({"total_items": "many", "contents": []}))
    assert list(PHONE.iter_errors({"id": str(uuid.uuid4())}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["search", "page", "per_page", "postcode", "proximity", "day", "full"]),
        st.text(max_size=30),
        max_size=4,
    ),
    link_id=st.text(max_size=40).filter(lambda t: "/" not in t and t not in (".", "..")),
)
def test_nothing_a_caller_sends_gives_a_500(client, db, params, link_id):
    if not db["places"].count:
        add_place(db, 52.63, -1.13, name="Shop")
        db.conn.commit()
    for url in ("/services", "/service_at_locations"):
        response = client.get(FEED + url, query_string=params)
        # A search by postcode is rate-limited per address, and hypothesis searches faster than anyone.
        limited = url == "/service_at_locations" and "postcode" in params
        allowed = (200, 400, 404, 429) if limited else (200, 400, 404)
        assert response.status_code in allowed, (url, params, response.status_code)
        assert response.mimetype == "application/json"
    for url in (f"/services/{link_id}", f"/service_at_locations/{link_id}"):
        response = client.get(FEED + url)
        assert response.status_code in (200, 404, 308), (url, response.status_code)


def test_opening_hours_are_weekly_schedules_of_the_service(client, db, seeded, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T10:00"
    late = places.active_by_slug(db, "high-street-late-bar-kitchen-leicester")
    link = get(client, f"{FEED}/service_at_locations/{late['uuid']}")
    [schedule] = link["service"]["schedules"]
    assert {k: schedule[k] for k in ("freq", "byday", "opens_at", "closes_at", "description")} == {
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR,SA,SU",
        "opens_at": "18:00",
        "closes_at": "02:00",
        "description": "Every day: 6pm to 2am the next morning.",
    }
    assert schedule["service_at_location_id"] == late["uuid"]
    assert schedule["service_id"] == link["service_id"]
    library = places.active_by_slug(db, "bishop-street-central-library-leicester")
    full = get(client, f"{FEED}/services/{openreferral.derived_id(library['uuid'], 'service')}")
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in full["schedules"]] == [
        ("MO,TU,TH,FR", "09:00", "18:00"),
        ("WE", "09:00", "13:00"),
        ("SA", "09:30", "16:00"),
    ]
    assert all(
        s["notes"] == f"{openreferral.TIMES_NOTE} On bank holidays: closed." for s in full["schedules"]
    )
    for schedule in full["schedules"]:
        valid(validator(_schema("schedule.json")), schedule)
