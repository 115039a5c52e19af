"""Nothing is public at a rough position, whichever path makes a place active (positions.py).

Each path is tried with a place whose position is only the middle of its postcode area: the
issue's shop in Anstey, LE7 7BP, whose area's middle is 11 km away. The place must stay off
every public page and the API until a person gives its position.
"""

import pytest
from bs4 import BeautifulSoup

from safeplaces import locate, places, positions
from tests.helpers import add_place, check_page, text
from tests.web.manage_helpers import csrf_token, make_account, sign_in

LE7_MIDDLE = (52.677164, -1.020786)
ANSTEY = {
    "name": "Anstey Stores",
    "address": "1 The Nook",
    "town": "Anstey",
    "postcode": "LE7 7BP",
    "category": "shop",
}
DOOR = ("52.6731", "-1.1890")


@pytest.fixture
def registrar(db, client):
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def rough_place(db, status):
    return add_place(db, *LE7_MIDDLE, status=status, position_source="outcode", **ANSTEY)


def public_views(client, db, place_id):
    """Where the public could see the place: its page, the map, the API, and searches from the
    rough position and from Anstey (with the distance the API gives, in metres, or None)."""
    place = places.by_id(db, place_id)
    seen = {
        "map": place["name"] in client.get("/map").get_data(as_text=True),
        "page": client.get(f"/places/{place['slug']}").status_code == 200,
        "API place": client.get(f"/api/v1/places/{place_id}").status_code == 200,
    }
    for name, (lat, lon) in {"the rough position": LE7_MIDDLE, "Anstey": (52.6731, -1.1890)}.items():
        seen[f"find from {name}"] = place["name"] in client.get(f"/find?lat={lat}&lon={lon}").get_data(
            as_text=True
        )
        nearest = client.get(f"/api/v1/places/nearest?lat={lat}&lon={lon}&limit=50").get_json()["places"]
        seen[f"metres from {name}"] = next((p["distance_m"] for p in nearest if p["id"] == place_id), None)
    return seen


def nowhere(client, db, place_id):
    seen = public_views(client, db, place_id)
    return not any(value not in (False, None) for value in seen.values()) or seen


def post(client, url, form_page, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, form_page), **data})


def page_of(response):
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def test_the_one_way_to_place_a_place_from_its_postcode(app, db):
    from safeplaces import geo

    districts = geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])
    locator = locate.locator_for(app.config, db, districts.bounds())
    found = positions.from_postcode(locator, "LE7 7BP")
    assert (found.lat, found.lon, found.source, found.trusted) == (*LE7_MIDDLE, "outcode", False)
    assert found.words() == "only the middle of the postcode area LE7"
    with pytest.raises(
        positions.NotFound, match=r"We could not find the postcode ZZ9 9ZZ\. Check that it is right\."
    ):
        positions.from_postcode(locator, "ZZ9 9ZZ")


@pytest.mark.parametrize("start", ["suspended", "archived"])
def test_reinstating_a_rough_position_is_refused(registrar, db, start):
    place_id = rough_place(db, start)
    url = f"/manage/places/{place_id}"
    response = post(registrar, f"{url}/status", url, status="active", reason="Back", shown_status=start)
    assert response.status_code == 400
    assert text(page_of(response).find(id="status-error")).startswith(
        "Error: The position of Anstey Stores is only the middle of the postcode area LE7"
    )
    assert places.by_id(db, place_id)["status"] == start and nowhere(registrar, db, place_id) is True


def test_the_place_form_confirms_the_position_then_reinstating_works(registrar, db):
    place_id = rough_place(db, "suspended")
    edit = f"/manage/places/{place_id}/edit"
    page = page_of(registrar.get(edit))
    values = {
        box["name"]: box.get("value", "")
        for box in page.select("form.place-form input")
        if box.get("type") not in ("checkbox", "radio", "file") or box.has_attr("checked")
    }
    values["category"] = "shop"
    assert registrar.post(edit, data=values).status_code == 302, "saved unchanged: still rough"
    assert places.by_id(db, place_id)["position_source"] == "outcode"
    values = {**values, "latitude": DOOR[0], "longitude": DOOR[1], "csrf_token": csrf_token(registrar, edit)}
    values["updated_at"] = places.by_id(db, place_id)["updated_at"]
    assert registrar.post(edit, data=values).status_code == 302
    assert places.by_id(db, place_id)["position_source"] == "confirmed"
    url = f"/manage/places/{place_id}"
    assert (
        post(
            registrar, f"{url}/status", url, status="active", reason="Pinned", shown_status="suspended"
        ).status_code
        == 302
    )
    seen = public_views(registrar, db, place_id)
    assert seen == {
        "map": True,
        "page": True,
        "API place": True,
        "find from the rough position": True,
        "metres from the rough position": 11387,
        "find from Anstey": True,
        "metres from Anstey": 0,
    }, "public where the shop is, 11 km from the middle of LE7"


def test_a_new_place_on_the_form_is_never_saved_at_its_postcodes_position(registrar, db):
    form = "/manage/places/new"
    response = post(registrar, form, form, **ANSTEY, latitude="", longitude="")
    assert response.status_code == 400 and db["places"].count == 0
    response = post(registrar, form, form, **ANSTEY, latitude="52.677164", longitude="-1.020786")
    assert response.status_code == 302, "a person typed it: it is theirs"
    assert places.by_id(db, 1)["position_source"] == "confirmed"


def test_an_import_row_without_a_position_is_never_public(runner, db, client, tmp_path):
    csv = tmp_path / "anstey.csv"
    csv.write_text(
        "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\n"
        "Anstey Stores,1 The Nook,Anstey,LE7 7BP,,,,,shop\n",
        encoding="utf-8",
    )
    refused = runner.invoke(args=["import-places", str(csv)])
    assert refused.exit_code == 1 and db["places"].count == 0
    result = runner.invoke(args=["import-places", str(csv), "--allow-approximate"])
    assert result.exit_code == 0, result.output
    assert "Row 2: added as an application, not shown to the public" in result.output
    place = next(db.query("SELECT * FROM places"))
    assert (place["status"], place["position_source"]) == ("applied", "outcode")
    assert nowhere(client, db, place["id"]) is True


def test_seed_demo_never_loads_a_place_without_its_position(app, runner, db, client, tmp_path):
    demo = tmp_path / "demo.csv"
    demo.write_text(
        "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\n"
        "Demo Café,1 High Street,Leicester,LE1 6EZ,52.6340,-1.1310,,,café\n"
        "Demo Shop,1 The Nook,Anstey,LE7 7BP,,,,,shop\n",
        encoding="utf-8",
    )
    app.config["SAFEPLACES_DEMO_PLACES"] = str(demo)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "Row 3: the latitude and longitude are missing" in result.output
    assert db["places"].count == 0
    demo.write_text("\n".join(demo.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    loaded = runner.invoke(args=["seed-demo"])
    assert loaded.exit_code == 0, loaded.output
    assert db.execute("SELECT position_source, status FROM places").fetchall() == [("file", "active")]


def test_an_application_approved_with_its_pin_is_public_where_it_is(registrar, db):
    place_id = rough_place(db, "applied")
    url = f"/manage/applications/{place_id}/approve"
    assert post(registrar, url, url, latitude="", longitude="").status_code == 400
    assert nowhere(registrar, db, place_id) is True
    assert post(registrar, url, url, latitude=DOOR[0], longitude=DOOR[1]).status_code == 302
    seen = public_views(registrar, db, place_id)
    assert (seen["metres from Anstey"], seen["metres from the rough position"]) == (0, 11387)
