"""The manage area's places: list and search, add, edit, photos, status changes and history."""

import io
import json
import os
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from safeplaces import checks, create_app, dates, photos, places
from tests.helpers import add_place, check_page, text
from tests.test_photos import jpeg_with_gps, opened
from tests.web.manage_helpers import make_account, sign_in

FULL = {
    "name": "Granby Street Café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "LE1 6EZ",
    "latitude": "52.6340",
    "longitude": "-1.1310",
    "category": "café",
    "phone": "0116 496 0107",
    "website": "https://granby.example.org",
    "opening_hours": "Mo-Sa 08:00-18:00",
    "facilities": ["step-free access", "seating"],
    "easy_read_description": "A café. The staff will help you.",
    "contact_name": "Priya Privatename",
    "contact_email": "priya.private@example.org",
    "contact_phone": "0116 496 0999",
    "sticker_displayed": "y",
    "staff_trained_on": "2 March 2026",
    "next_review_due": "2027-03-02",
}
PRIVATE = ("Priya Privatename", "priya.private@example.org", "0116 496 0999", "496 0999", "4960999")


@pytest.fixture
def app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_PHOTOS": str(tmp_path / "photos"),
            "SAFEPLACES_FIXED_NOW": "2026-11-23T14:30:00",
        }
    )


@pytest.fixture
def photo_dir(tmp_path):
    return tmp_path / "photos"


@pytest.fixture
def registrar(db, client):
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def hidden_fields(client, url):
    """What a browser sends from the page's forms that the test does not type: the hidden fields
    (the CSRF token, what the page was showing) and the week table's boxes as shown."""
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    sent = {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}
    for box in page.select("input[name^=hours-]"):
        if box.get("type") not in ("checkbox", "radio") or box.has_attr("checked"):
            sent[box["name"]] = box.get("value", "")
    return sent


def post(client, url, values, photo=None, form_url=None, hidden=None):
    """Post a form with the hidden fields of its page (or those given), and a photo (bytes) if given."""
    data = {**values, **(hidden or hidden_fields(client, form_url or url))}
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), "entrance.jpg")
    return client.post(url, data=data, content_type="multipart/form-data")


def page_of(response):
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def create(client, photo=None, **changes):
    response = post(client, "/manage/places/new", {**FULL, **changes}, photo)
    assert response.status_code == 302, text(page_of(response).find(id="main"))
    return int(response.headers["Location"].rsplit("/", 1)[1])


def files(folder):
    return sorted(os.listdir(folder)) if folder.exists() else []


# Adding a place


def test_add_a_place_with_every_field(registrar, db, pages, client):
    place_id = create(registrar)
    row = places.by_id(db, place_id)
    assert {
        k: row[k]
        for k in (
            "status",
            "postcode",
            "lat",
            "lon",
            "district_code",
            "phone",
            "website",
            "facilities",
            "sticker_displayed",
            "staff_trained_on",
            "next_review_due",
            "contact_name",
            "contact_email",
            "contact_phone",
            "updated_by",
        )
    } == {
        "status": "active",
        "postcode": "LE1 6EZ",
        "lat": 52.634,
        "lon": -1.131,
        "district_code": "E06000016",
        "phone": "0116 496 0107",
        "website": "https://granby.example.org",
        "facilities": '["step-free access", "seating"]',
        "sticker_displayed": 1,
        "staff_trained_on": "2026-03-02",
        "next_review_due": "2027-03-02",
        "contact_name": "Priya Privatename",
        "contact_email": "priya.private@example.org",
        "contact_phone": "0116 496 0999",
        "updated_by": "reg@example.org",
    }
    assert [r["action"] for r in db.query("SELECT action FROM audit WHERE entity = 'places'")] == ["create"]

    manage = pages.get(f"/manage/places/{place_id}")
    words = text(manage.find(id="main"))
    assert "Granby Street Café is saved." in words
    assert "Active: shown to the public" in words and "Leicester" in words
    assert "Priya Privatename" in words and "Private: only the steering group sees this" in words
    assert "step-free access, seating" in words and "2 March 2026" in words and "2 March 2027" in words
    assert manage.find(id="public-page")["href"] == f"/places/{row['slug']}"

    public = client.get(f"/places/{row['slug']}").get_data(as_text=True)
    assert "Granby Street Café" in public and "0116 496 0107" in public
    api = client.get(f"/api/v1/places/{place_id}")
    assert api.status_code == 200 and api.json["facilities"] == ["step-free access", "seating"]
    for secret in PRIVATE:
        assert secret not in public and secret not in api.get_data(as_text=True), secret
    assert not {"contact_name", "contact_email", "contact_phone"} & set(api.json)


def test_the_form_labels_the_private_fields_and_has_no_district_box(registrar, pages):
    page = pages.get("/manage/places/new")
    for field in ("contact_name", "contact_email", "contact_phone"):
        hint = page.find(id=f"{field}-hint")
        assert text(hint) == "Private: only the steering group sees this"
        assert f"{field}-hint" in page.find(id=field)["aria-describedby"]
    assert page.find(attrs={"name": "district_code"}) is None and page.find(id="district")
    assert [box["value"] for box in page.select("input[name=facilities]")] == list(places.FACILITIES)
    assert page.find(attrs={"data-pin-map": True}).has_attr("hidden")  # the map only appears with JavaScript


VALIDATION = [
    ("name", "", "The name is missing"),
    ("name", "x" * 121, "The name is longer than 120 characters"),
    ("address", "", "The address is missing"),
    ("town", "", "The town is missing"),
    ("postcode", "LE1", "'LE1' is not a full UK postcode, for example LE1 5FQ"),
    ("latitude", "north", "The latitude must be a number, like 52.636."),
    ("longitude", "", "Give both a latitude and a longitude."),
    ("latitude", "-1.131", "The position -1.131, -1.131 is not in the UK"),
    ("category", "", "Choose the category"),
    ("phone", "12345", "The phone number '12345' is not a UK phone number"),
    ("phone", "+1 202 555 0100", "The phone number '+1 202 555 0100' is not a UK phone number"),
    ("contact_email", "priya@example.org.", "The contact's email address must look like name@example.org"),
    (
        "website",
        "ftp://granby.example.org",
        "The website must be a web address starting with https:// or http://",
    ),
    ("website", "javascript:alert(1)", "The website must be a web address starting with https://"),
    ("opening_hours", "Mo-Fr 9 till 5", "The opening hours are not in the usual format"),
    ("easy_read_description", "x" * 301, "The easy-read description is longer than 300 characters"),
    ("contact_email", "priya", "The contact's email address must look like name@example.org"),
    ("contact_phone", "999", "The contact's phone number is not a UK phone number"),
    ("staff_trained_on", "31/02/2026", "The date staff were trained must be a real date"),
    ("staff_trained_on", "24 November 2026", "The date staff were trained must be today or in the past"),
    ("next_review_due", "next spring", "The date of the next review must be a real date"),
    ("facilities", ["seating", "jacuzzi"], "Choose facilities from the list"),
]


@pytest.mark.parametrize("field, typed, message", VALIDATION)
def test_each_problem_is_shown_by_its_field_and_keeps_what_was_typed(registrar, db, field, typed, message):
    response = post(registrar, "/manage/places/new", {**FULL, field: typed})
    assert response.status_code == 400
    page = page_of(response)
    assert page.title.get_text().startswith("Error: Add a place")
    key = "position" if field in ("latitude", "longitude") else field
    target = {"position": "latitude"}.get(key, key)
    link = page.find(id="error-summary").find("a")
    assert text(link).startswith(message) and link["href"] == f"#{target}"
    assert text(page.find(id=f"{key}-error")).startswith(f"Error: {message}")
    if key not in ("position", "facilities"):
        assert page.find(id=field)["aria-invalid"] == "true"
        assert f"{field}-error" in page.find(id=field)["aria-describedby"]
    for name, value in {**FULL, field: typed}.items():
        element = page.find(attrs={"name": name})
        if name == "facilities":
            ticked = [
                box["value"] for box in page.select("input[name=facilities]") if box.has_attr("checked")
            ]
            assert ticked == [f for f in places.FACILITIES if f in value]
        elif name == "category":
            chosen = element.find("option", selected=True)
            assert (chosen["value"] if chosen else "") == value
        elif name == "sticker_displayed":
            assert element.has_attr("checked")
        elif element.name == "textarea":
            assert element.get_text() == value
        else:
            assert element["value"] == value, name
    assert db["places"].count == 0


def test_a_blank_position_is_asked_for_with_the_pin_starting_at_the_postcode(registrar, db):
    response = post(registrar, "/manage/places/new", {**FULL, "latitude": "", "longitude": ""})
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="position-error")) == f"Error: {places.GIVE_THE_POSITION}"
    assert page.select_one("#error-summary a")["href"] == "#latitude"
    assert (page.find(id="latitude")["value"], page.find(id="longitude")["value"]) == ("", ""), (
        "the rough position is never put in the boxes, so it cannot be saved by mistake"
    )
    block = page.find(attrs={"data-pin-map": True})
    assert block["data-start"] == "52.63265,-1.128715,14"
    assert block["data-start-words"] == (
        "The pin starts at the position we have, which is only the middle of the postcode area LE1. "
        "Move it to the place’s door."
    )
    assert db["places"].count == 0
    assert page.find(id="name")["value"] == FULL["name"]
    place_id = create(registrar, latitude="52.63401", longitude="-1.13102")
    row = places.by_id(db, place_id)
    assert (row["lat"], row["lon"], row["position_source"], row["district_code"]) == (
        52.63401,
        -1.13102,
        "confirmed",
        "E06000016",
    )


def test_with_a_geocoder_the_pin_starts_at_the_full_postcode(tmp_path, db):
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_GEOCODER": "nominatim",
            "SAFEPLACES_PHOTOS": str(tmp_path / "photos"),
        }
    )
    with db.atomic():  # answered from the cache: no request leaves the machine
        db["geocode_cache"].insert(
            {
                "query": "postcode:LE1 6EZ",
                "lat": 52.6345,
                "lon": -1.1312,
                "label": "LE1 6EZ",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        )
    client = app.test_client()
    make_account(db, "reg@example.org", "registrar")
    sign_in(client, "reg@example.org")
    page = page_of(post(client, "/manage/places/new", {**FULL, "latitude": "", "longitude": ""}))
    block = page.find(attrs={"data-pin-map": True})
    assert block["data-start"] == "52.6345,-1.1312,17"
    assert "only the middle of the postcode LE1 6EZ" in block["data-start-words"]
    assert page.find(id="latitude")["value"] == "" and db["places"].count == 0


def test_an_unknown_postcode_asks_for_the_position(registrar, db):
    response = post(
        registrar, "/manage/places/new", {**FULL, "postcode": "ZZ9 9ZZ", "latitude": "", "longitude": ""}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="position-error")) == (
        f"Error: We could not find the postcode ZZ9 9ZZ. Check that it is right. {places.GIVE_THE_POSITION}"
    )
    assert not page.find(attrs={"data-pin-map": True}).has_attr("data-start"), "the map starts at the area"
    assert db["places"].count == 0


def test_an_application_edited_on_the_place_form_keeps_its_rough_position_until_it_is_moved(
    registrar, db, pages
):
    place_id = add_place(
        db,
        52.63265,
        -1.128715,
        status="applied",
        position_source="outcode",
        **{k: v for k, v in FULL.items() if k in ("name", "address", "town", "postcode", "category")},
    )
    page = pages.get(f"/manage/places/{place_id}/edit")
    assert "The position now is only the middle of the postcode area LE1" in text(
        page.find(id="position-hint")
    )
    values = {
        **FULL,
        "latitude": page.find(id="latitude")["value"],
        "longitude": page.find(id="longitude")["value"],
    }
    assert post(registrar, f"/manage/places/{place_id}/edit", values).status_code == 302
    assert places.by_id(db, place_id)["position_source"] == "outcode"
    assert (
        post(registrar, f"/manage/places/{place_id}/edit", {**values, "latitude": "52.6341"}).status_code
        == 302
    )
    row = places.by_id(db, place_id)
    assert (row["lat"], row["position_source"], row["status"]) == (52.6341, "confirmed", "applied")
    history = text(pages.get(f"/manage/places/{place_id}").find(id="history").find_next("ol"))
    assert "Position: only the middle of the postcode area → changed to confirmed by a person" in history


def test_a_position_outside_the_districts_is_kept_without_a_district(registrar, db):
    place_id = create(registrar, latitude="51.5072", longitude="-0.1276", postcode="SW1A 1AA")
    assert places.by_id(db, place_id)["district_code"] is None


# Editing


def test_editing_shows_the_details_and_audits_what_changed(registrar, db, pages):
    place_id = create(registrar)
    page = pages.get(f"/manage/places/{place_id}/edit")
    assert page.find(id="staff_trained_on")["value"] == "2 March 2026"
    assert page.find(id="latitude")["value"] == "52.634"
    assert page.find(id="category").find("option", selected=True)["value"] == "café"
    values = {**FULL, "phone": "0116 496 0108", "facilities": ["seating"]}
    del values["sticker_displayed"]  # an unticked box is not sent
    response = post(registrar, f"/manage/places/{place_id}/edit", values)
    assert response.status_code == 302
    edit = list(db.query("SELECT * FROM audit WHERE action = 'edit'"))
    assert len(edit) == 1 and edit[0]["user"] == "reg@example.org"
    assert json.loads(edit[0]["before"]) == {
        "phone": "0116 496 0107",
        "facilities": '["step-free access", "seating"]',
        "sticker_displayed": 1,
    }
    assert json.loads(edit[0]["after"]) == {
        "phone": "0116 496 0108",
        "facilities": '["seating"]',
        "sticker_displayed": 0,
    }
    history = text(pages.get(f"/manage/places/{place_id}").find(id="history").find_next("ol"))
    assert "Edited" in history
    assert re.search(
        r"[0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2} at [0-9]{1,2}:[0-9]{2}(am|pm), by reg@example.org", history
    )
    assert "Phone: 0116 496 0107 → changed to 0116 496 0108" in history
    assert "Facilities: step-free access, seating → changed to seating" in history
    assert "Sticker displayed: yes → changed to no" in history
    assert "Added" in history
    post(registrar, f"/manage/places/{place_id}/edit", values)
    assert db["audit"].count_where("action = 'edit'") == 1  # saving again unchanged records nothing


def test_an_edit_with_a_problem_changes_nothing(registrar, db):
    place_id = create(registrar)
    response = post(
        registrar, f"/manage/places/{place_id}/edit", {**FULL, "name": "", "phone": "0116 496 0108"}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert page.find(id="phone")["value"] == "0116 496 0108"
    assert places.by_id(db, place_id)["phone"] == "0116 496 0107"


def test_a_form_opened_before_someone_else_changed_the_place_does_not_undo_their_change(registrar, db, pages):
    place_id = create(registrar)
    db.execute("UPDATE places SET updated_at = '2026-01-01T09:00:00+00:00' WHERE id = ?", [place_id])
    db.conn.commit()
    url = f"/manage/places/{place_id}/edit"
    opened_form = hidden_fields(registrar, url)
    assert opened_form["updated_at"] == "2026-01-01T09:00:00+00:00"
    checks.record_check(
        db,
        place_id,
        {"kind": "annual review", "checked_on": dates.parse_date("20/11/2026"), "passed": True, "notes": ""},
        by="bob@example.org",
    )
    response = post(registrar, url, {**FULL, "phone": "0116 496 0108"}, hidden=opened_form)
    assert response.status_code == 409
    page = page_of(response)
    assert page.select_one("#error-summary a")["href"] == "#changed-meanwhile"
    notice = page.find(id="changed-meanwhile")
    assert (
        "Someone else changed this place after you opened the form, so your changes are not saved."
        in text(notice)
    )
    assert page.find(id="current-version")["href"] == url
    assert page.find(id="phone")["value"] == "0116 496 0108", "what was typed is kept"
    row = places.by_id(db, place_id)
    assert (row["phone"], row["next_review_due"]) == ("0116 496 0107", "2027-11-20")
    assert post(registrar, url, {**FULL, "phone": "0116 496 0108"}, hidden=opened_form).status_code == 409
    current = pages.get(url)
    assert current.find(id="next_review_due")["value"] == "20 November 2027"
    assert (
        post(
            registrar, url, {**FULL, "phone": "0116 496 0108", "next_review_due": "20 November 2027"}
        ).status_code
        == 302
    )
    row = places.by_id(db, place_id)
    assert (row["phone"], row["next_review_due"]) == ("0116 496 0108", "2027-11-20")


def test_unknown_places_are_not_found(registrar):
    for url in ("/manage/places/999", "/manage/places/999/edit", "/manage/places/999/photo"):
        assert registrar.get(url).status_code == 404


# Status


def change(client, place_id, status, reason):
    return post(
        client,
        f"/manage/places/{place_id}/status",
        {"status": status, "reason": reason},
        form_url=f"/manage/places/{place_id}",
    )


def test_only_the_allowed_changes_are_offered(registrar, db, pages):
    place_id = create(registrar)
    page = pages.get(f"/manage/places/{place_id}")
    assert [r["value"] for r in page.select("input[name=status]")] == ["suspended", "archived"]
    applied = add_place(db, 52.6, -1.1, status="applied")
    assert [r["value"] for r in pages.get(f"/manage/places/{applied}").select("input[name=status]")] == [
        "active",
        "archived",
    ]


def test_a_status_change_needs_a_reason_and_is_in_the_history(registrar, db, pages):
    place_id = create(registrar)
    response = change(registrar, place_id, "suspended", "   ")
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="reason-error")) == "Error: Give a reason for the change"
    assert page.find(id="status-suspended").has_attr("checked")
    assert page.find(id="error-summary").find("a")["href"] == "#reason"
    assert places.by_id(db, place_id)["status"] == "active"

    response = change(registrar, place_id, "suspended", "The café is closed for building work until May.")
    assert response.status_code == 302
    page = pages.get(f"/manage/places/{place_id}")
    assert "Granby Street Café is now suspended." in text(page)
    assert "Suspended: hidden from the public for now" in text(page.find(id="status"))
    entry = page.find(id="history").find_next("li")
    assert text(entry.find("h3")) == "Suspended"
    assert "Status: active → changed to suspended" in text(entry)
    assert "Reason: The café is closed for building work until May." in text(entry)
    assert page.find(id="public-page") is None


@pytest.mark.parametrize("status", ["applied", "suspended-ish", "", "active"])
def test_changes_the_rules_do_not_allow_are_refused(registrar, db, status):
    place_id = create(registrar)
    response = change(registrar, place_id, status, "Because")
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="status-error")) == "Error: Choose what to do with this place"
    assert page.find(id="reason").get_text() == "Because"
    assert places.by_id(db, place_id)["status"] == "active"
    assert db["audit"].count_where("entity = 'places'") == 1


def test_a_declined_application_is_not_published_by_an_approval_from_an_older_page(registrar, db):
    place_id = add_place(db, 52.6, -1.1, status="applied")
    shown = hidden_fields(registrar, f"/manage/places/{place_id}")
    assert shown["shown_status"] == "applied"
    places.change_status(db, place_id, "archived", "Outside our area", by="bob@example.org")
    response = post(
        registrar,
        f"/manage/places/{place_id}/status",
        {"status": "active", "reason": "Looks fine"},
        hidden=shown,
    )
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="status-error")) == (
        "Error: This place changed while you were looking at it: "
        "it is now archived. Look again before changing it"
    )
    assert "Archived" in text(page.find(id="status"))
    assert page.find("input", attrs={"name": "shown_status"})["value"] == "archived"
    assert places.by_id(db, place_id)["status"] == "archived"
    assert [r["action"] for r in db.query("SELECT action FROM audit WHERE entity = 'places'")] == ["decline"]


def test_a_suspended_place_disappears_from_every_public_view_and_comes_back(registrar, db, client):
    place_id = create(registrar)
    slug = places.by_id(db, place_id)["slug"]

    def listed(url, selector):
        page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        return "Granby Street Café" in [a.get_text(strip=True) for a in page.select(selector)]

    def public_views():
        return {
            "find": listed("/find?q=LE1 6EZ", "#results h2 a"),
            "map": listed("/map", "#place-list a"),
            "page": client.get(f"/places/{slug}").status_code,
            "nearest": place_id
            in [
                p["id"]
                for p in client.get("/api/v1/places/nearest?lat=52.634&lon=-1.131&limit=50").json["places"]
            ],
            "api": client.get(f"/api/v1/places/{place_id}").status_code,
        }

    shown = {"find": True, "map": True, "page": 200, "nearest": True, "api": 200}
    assert public_views() == shown
    assert change(registrar, place_id, "suspended", "Staff not trained yet").status_code == 302
    assert public_views() == {"find": False, "map": False, "page": 404, "nearest": False, "api": 404}
    assert change(registrar, place_id, "active", "Staff trained on 20 November").status_code == 302
    assert public_views() == shown
    assert [
        r["action"] for r in db.query("SELECT action FROM audit WHERE entity = 'places' ORDER BY id")
    ] == ["create", "suspend", "reinstate"]


@pytest.mark.parametrize(
    "at, words",
    [
        ("2026-07-01T13:30:00+00:00", "1 July 2026 at 2:30pm"),  # British Summer Time
        ("2026-11-23T00:05:00+00:00", "23 November 2026 at 12:05am"),
        ("2026-11-23T12:00:00+00:00", "23 November 2026 at 12:00pm"),
    ],
)
def test_times_are_shown_in_london_time(at, words):
    from safeplaces.dates import when_words

    assert when_words(at) == words


# The list


def test_the_list_searches_filters_and_links(registrar, db, pages):
    create(registrar)
    add_place(db, 52.77, -1.2, name="Loughborough Library", town="Loughborough", status="suspended")
    page = pages.get("/manage/places/")
    rows = page.find(id="register").find("tbody").find_all("tr")
    assert [text(r.find("a")) for r in rows] == ["Granby Street Café", "Loughborough Library"]
    assert "Suspended: hidden from the public for now" in text(rows[1])
    assert rows[0].find("a")["href"].startswith("/manage/places/")
    found = pages.get("/manage/places/?q=loughb")
    assert [text(a) for a in found.select("#register tbody a")] == ["Loughborough Library"]
    assert found.find(id="q")["value"] == "loughb"
    assert [
        text(a) for a in pages.get("/manage/places/?q=leicester&status=active").select("#register tbody a")
    ] == ["Granby Street Café"]
    assert pages.get("/manage/places/?status=archived").find(id="register") is None
    assert (
        pages.get("/manage/places/?status=nonsense").find(id="status").find("option", selected=True)["value"]
        == "all"
    )


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        "-",
        "*",
        "OR",
        "granby OR",
        '"unclosed',
        "NEAR(",
        "café*",
        "^",
        ":",
        "a'b",
        "(",
        "AND",
        "NOT x",
        "name:granby",
        "x" * 500,
        "\\",
        "%",
        "🙂",
    ],
)
def test_odd_searches_never_fail(registrar, pages, typed):
    pages.get(f"/manage/places/?q={typed}&page=x")


def test_the_list_is_in_pages_of_50(registrar, db, pages):
    for n in range(51):
        add_place(db, 52.6, -1.1, name=f"Shop {n:02d}")
    first = pages.get("/manage/places/")
    assert len(first.select("#register tbody tr")) == 50 and "Page 1 of 2" in text(first)
    second = pages.get(first.find("a", rel="next")["href"])
    assert [text(a) for a in second.select("#register tbody a")] == ["Shop 50"]
    assert pages.get("/manage/places/?page=99").select("#register tbody a")[0].get_text() == "Shop 50"


def test_the_dashboard_links_to_the_places(registrar, pages):
    page = pages.get("/manage/")
    assert {a["href"] for a in page.find(id="place-links").find_all("a")} == {
        "/manage/places/",
        "/manage/places/new",
    }


# Photos


def test_a_photo_is_stored_clean_under_a_random_name(registrar, db, client, photo_dir):
    place_id = create(registrar, photo=jpeg_with_gps())
    name = places.by_id(db, place_id)["photo"]
    assert photos.NAME.fullmatch(name) and files(photo_dir) == [name]
    stored = opened((photo_dir / name).read_bytes())
    assert len(stored.getexif()) == 0 and "exif" not in stored.info
    response = client.get(f"/manage/places/{place_id}/photo")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.data == (photo_dir / name).read_bytes()


@pytest.mark.parametrize(
    "upload",
    [
        b"not a picture at all, just words in a file called entrance.jpg",
        b"\xff\xd8\xff" + b"\0" * (photos.MAX_BYTES - 2),
    ],
    ids=["text", "over-5-MB"],
)
def test_a_refused_photo_keeps_everything_else_and_writes_nothing(registrar, db, photo_dir, upload):
    response = post(registrar, "/manage/places/new", FULL, photo=upload)
    assert response.status_code == 400
    page = page_of(response)
    assert (
        text(page.find(id="photo-error"))
        == "Error: The photo must be a JPEG, PNG or WebP picture of 5 MB or less"
    )
    assert page.find(id="name")["value"] == FULL["name"]
    assert db["places"].count == 0 and files(photo_dir) == []


def test_nothing_is_written_when_the_form_has_other_problems(registrar, db, photo_dir):
    response = post(registrar, "/manage/places/new", {**FULL, "website": "granby"}, photo=jpeg_with_gps())
    assert response.status_code == 400
    assert db["places"].count == 0 and files(photo_dir) == []
    response = post(
        registrar, "/manage/places/new", {**FULL, "latitude": "", "longitude": ""}, photo=jpeg_with_gps()
    )
    assert "Choose the photo again" in text(page_of(response).find(id="photo-again"))
    assert db["places"].count == 0 and files(photo_dir) == []


def test_a_far_too_big_upload_is_answered_plainly(registrar, db, photo_dir):
    response = post(registrar, "/manage/places/new", FULL, photo=b"\0" * (13 * 1024 * 1024))
    assert response.status_code == 413
    assert "5 MB or less" in text(page_of(response).find(id="photo-error"))
    assert db["places"].count == 0 and files(photo_dir) == []


def test_replacing_a_photo_deletes_the_old_one_after_saving(registrar, db, photo_dir):
    place_id = create(registrar, photo=jpeg_with_gps())
    old = places.by_id(db, place_id)["photo"]
    png = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 255, 128)).save(png, "PNG")
    assert post(registrar, f"/manage/places/{place_id}/edit", FULL, photo=png.getvalue()).status_code == 302
    new = places.by_id(db, place_id)["photo"]
    assert new != old and files(photo_dir) == [new]
    edit = list(db.query("SELECT * FROM audit WHERE action = 'edit'"))[0]
    assert (json.loads(edit["before"]), json.loads(edit["after"])) == ({"photo": old}, {"photo": new})


def test_a_failed_save_keeps_the_old_photo_and_removes_the_new_one(registrar, db, photo_dir, monkeypatch):
    place_id = create(registrar, photo=jpeg_with_gps())
    old = places.by_id(db, place_id)["photo"]

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(places, "update", broken)
    with pytest.raises(RuntimeError):
        post(registrar, f"/manage/places/{place_id}/edit", FULL, photo=jpeg_with_gps())
    assert places.by_id(db, place_id)["photo"] == old and files(photo_dir) == [old]


def test_removing_the_photo(registrar, db, photo_dir, pages):
    place_id = create(registrar, photo=jpeg_with_gps())
    assert pages.get(f"/manage/places/{place_id}/edit").find(id="remove_photo")
    assert (
        post(registrar, f"/manage/places/{place_id}/edit", {**FULL, "remove_photo": "y"}).status_code == 302
    )
    assert places.by_id(db, place_id)["photo"] is None and files(photo_dir) == []
    history = text(pages.get(f"/manage/places/{place_id}").find(id="history").find_next("ol"))
    assert "Photo of the entrance: a photo → changed to no photo" in history


def test_a_registrar_prints_a_poster_and_stickers_whose_qr_opens_the_place(registrar, db, app):
    from tests.test_cards import page_sizes, page_texts, qr_texts, render

    app.config["SAFEPLACES_BASE_URL"] = "https://keepsafe.example.org"
    place_id = create(registrar)
    slug = places.by_id(db, place_id)["slug"]
    expected = f"https://keepsafe.example.org/places/{slug}"
    for kind in ("poster", "stickers"):
        response = registrar.get(f"/manage/places/{place_id}/{kind}.pdf")
        assert (response.status_code, response.mimetype) == (200, "application/pdf")
        assert response.headers["Cache-Control"] == "no-store"
        ((width, height),) = page_sizes(response.data)
        assert (round(width), round(height)) == (595, 842)  # A4
        codes = qr_texts(render(response.data)[0])
        assert codes and set(codes) == {expected}, kind
    assert (
        "This is a Keep Safe Place"
        in page_texts(registrar.get(f"/manage/places/{place_id}/poster.pdf").data)[0]
    )
    # A scheme that calls its places something else prints its own name.
    app.config.update(SAFEPLACES_PLACE_NAME="Safe Haven", SAFEPLACES_PLACE_NAME_PLURAL="Safe Havens")
    (poster,) = page_texts(registrar.get(f"/manage/places/{place_id}/poster.pdf").data)
    (stickers,) = page_texts(registrar.get(f"/manage/places/{place_id}/stickers.pdf").data)
    assert "This is a Safe Haven" in poster and "other Safe Havens near here" in poster
    assert stickers.count("Safe Haven") == 6
    assert "Keep Safe Place" not in poster + stickers


def test_no_posters_for_places_that_are_not_active(registrar, db):
    place_id = create(registrar)
    places.change_status(db, place_id, "suspended", "Failed a visit", by="test")
    assert registrar.get(f"/manage/places/{place_id}/poster.pdf").status_code == 404
    assert registrar.get(f"/manage/places/{place_id}/stickers.pdf").status_code == 404
    assert registrar.get("/manage/places/999/poster.pdf").status_code == 404


# Opening times: the week table, and the OpenStreetMap text as an advanced field


def test_the_week_table_shows_the_stored_hours_and_the_text_is_advanced(registrar, db, pages):
    place_id = create(registrar)
    page = pages.get(f"/manage/places/{place_id}/edit")
    assert [page.find(id=f"hours-{day}_opens")["value"] for day in ("mo", "sa", "su")] == [
        "08:00",
        "08:00",
        "",
    ]
    assert page.find(id="hours-sa_closes")["value"] == "18:00"
    assert page.find(id="hours-su_closed").has_attr("checked")
    # "Mo-Sa 08:00-18:00" does not say what happens on bank holidays, so no choice is made for it.
    assert not page.select("input[name=hours-ph][checked]")
    assert text(page.find(id="hours-ph-hint")).endswith(
        "The opening hours saved now do not say, so on a bank holiday the site says their times are "
        "not known. Choose one to say."
    )
    advanced = page.find("details", id="advanced-hours")
    assert not advanced.has_attr("open") and advanced.find(id="opening_hours")["value"] == "Mo-Sa 08:00-18:00"
    assert page.find(id="hours-not-a-table") is None
    assert text(page.find("label", attrs={"for": "hours-th_closes2"})) == "Thursday: Closes again"


def test_the_week_table_writes_the_opening_hours(registrar, db, pages):
    place_id = create(registrar)
    url = f"/manage/places/{place_id}/edit"
    table = {"hours-sa_opens": "10am", "hours-sa_closes": "4pm", "hours-ph": "closed"}
    response = post(registrar, url, {**FULL, **table}, hidden={**hidden_fields(registrar, url), **table})
    assert response.status_code == 302
    assert places.by_id(db, place_id)["opening_hours"] == "Mo-Fr 08:00-18:00; Sa 10:00-16:00; PH off"
    history = text(pages.get(f"/manage/places/{place_id}").find(id="history").find_next("ol"))
    assert (
        "Opening hours: Mo-Sa 08:00-18:00 → changed to Mo-Fr 08:00-18:00; Sa 10:00-16:00; PH off" in history
    )


def test_overnight_hours_from_the_week_table(registrar, db, client):
    place_id = create(registrar)
    url = f"/manage/places/{place_id}/edit"
    table = {"hours-fr_opens": "8pm", "hours-fr_closes": "2am"}
    asked = post(registrar, url, {**FULL}, hidden={**hidden_fields(registrar, url), **table})
    assert asked.status_code == 400, "the table changed, so it must say what happens on bank holidays"
    assert "Bank holidays: choose whether the place is closed" in asked.get_data(as_text=True)
    table["hours-ph"] = "same"
    assert (
        post(registrar, url, {**FULL}, hidden={**hidden_fields(registrar, url), **table}).status_code == 302
    )
    text_now = places.by_id(db, place_id)["opening_hours"]
    assert text_now == (
        "Mo-Th,Sa 08:00-18:00, Fr 20:00-02:00; PH Mo-Th 08:00-18:00; PH Fr 20:00-02:00; "
        "PH Sa 00:00-02:00,08:00-18:00"
    )
    from safeplaces import hours
    from tests.test_week_table import at

    assert hours.status(text_now, at("2026-11-28T01:00")).words == "Open now until 2am"


def test_a_wrong_day_in_the_week_table_keeps_everything_typed(registrar, db):
    place_id = create(registrar)
    url = f"/manage/places/{place_id}/edit"
    table = {"hours-we_closes": "8"}
    response = post(
        registrar, url, {**FULL, "phone": "0116 496 0108"}, hidden={**hidden_fields(registrar, url), **table}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert (
        text(page.select_one("#error-summary a"))
        == "Wednesday: the closing time must be after the opening time."
    )
    assert page.select_one("#error-summary a")["href"] == "#hours-we_closes"
    assert (
        page.find(id="hours-we_closes")["value"] == "8" and page.find(id="phone")["value"] == "0116 496 0108"
    )
    assert not page.find(id="advanced-hours").has_attr("open")
    assert places.by_id(db, place_id)["opening_hours"] == "Mo-Sa 08:00-18:00"


def test_the_text_may_be_changed_instead_but_not_both(registrar, db):
    place_id = create(registrar)
    url = f"/manage/places/{place_id}/edit"
    shown = hidden_fields(registrar, url)
    both = post(
        registrar,
        url,
        {**FULL, "opening_hours": "Mo-Fr 09:00-17:00"},
        hidden={**shown, "hours-sa_closes": "5pm"},
    )
    assert both.status_code == 400
    page = page_of(both)
    assert text(page.find(id="opening_hours-error")) == f"Error: {places.BOTH_CHANGED}"
    assert page.find(id="advanced-hours").has_attr("open")
    assert (
        page.find(id="opening_hours")["value"] == "Mo-Fr 09:00-17:00"
        and page.find(id="hours-sa_closes")["value"] == "5pm"
    )
    assert (
        post(registrar, url, {**FULL, "opening_hours": "Mo-Fr 09:00-17:00"}, hidden=shown).status_code == 302
    )
    assert places.by_id(db, place_id)["opening_hours"] == "Mo-Fr 09:00-17:00"


def test_hours_the_table_cannot_show_are_shown_as_text_and_say_why(registrar, db, pages):
    place_id = create(registrar, opening_hours="Jan-Mar Mo-Fr 09:00-17:00")
    page = pages.get(f"/manage/places/{place_id}/edit")
    advanced = page.find(id="advanced-hours")
    assert (
        advanced.has_attr("open")
        and advanced.find(id="opening_hours")["value"] == "Jan-Mar Mo-Fr 09:00-17:00"
    )
    assert text(page.find(id="hours-not-a-table")).startswith(
        "These opening hours cannot be shown in the week table, because the table cannot show “Jan-Mar Mo-Fr 09:00-17:00”"
    )
    assert page.find(id="hours-mo_opens")["value"] == ""
    url = f"/manage/places/{place_id}/edit"
    assert post(registrar, url, {**FULL, "opening_hours": "Jan-Mar Mo-Fr 09:00-17:00"}).status_code == 302
    assert places.by_id(db, place_id)["opening_hours"] == "Jan-Mar Mo-Fr 09:00-17:00", "kept as it was"


def test_hours_typed_in_the_text_box_are_read_back_as_they_are_stored(registrar, db, pages):
    place_id = create(registrar)
    url = f"/manage/places/{place_id}/edit"
    response = post(registrar, url, {**FULL, "opening_hours": "Mon-Fri 9am - 5.30pm"})
    assert response.status_code == 302
    assert places.by_id(db, place_id)["opening_hours"] == "Mo-Fr 09:00-17:30"
    shown = [
        text(p) for p in pages.get(response.headers["Location"]).select(".flash, [role=status] p, .notice")
    ]
    assert any("We read the opening hours as: Mo-Fr 09:00-17:30" in line for line in shown), shown
    response = post(registrar, url, {**FULL, "opening_hours": "Mo-Fr 09:00-17:30"})
    later = text(pages.get(response.headers["Location"]).find(id="main"))
    assert "We read the opening hours" not in later, "nothing to say when stored as typed"


def test_hours_that_leave_out_bank_holidays_are_pointed_out(registrar, db, pages):
    place_id = create(registrar)
    url = f"/manage/places/{place_id}/edit"
    response = post(registrar, url, {**FULL, "opening_hours": "Mo-Fr 09:00-17:30"})
    shown = text(pages.get(response.headers["Location"]).find(id="main"))
    assert (
        "The opening hours do not say whether the place opens on bank holidays, so on a bank holiday "
        "the site says its times are not known. Add “PH off” if the place is closed on bank holidays"
    ) in shown
    response = post(registrar, url, {**FULL, "opening_hours": "Mo-Fr 09:00-17:30; PH off"})
    later = text(pages.get(response.headers["Location"]).find(id="main"))
    assert "do not say whether the place opens on bank holidays" not in later
    assert pages.get(url).find(id="hours-ph-not-said") is None, "the form has nothing to ask"


def test_the_place_page_says_the_hours_in_words_as_the_public_sees_them(registrar, pages):
    place_id = create(registrar)
    page = pages.get(f"/manage/places/{place_id}")
    rows = [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in page.select("#week tbody tr")]
    assert len(rows) == 7
    assert {words for _day, words in rows} == {"8am to 6pm", "Closed"}, "Mo-Sa 08:00-18:00, in words"


def test_a_detail_not_given_says_so_in_words_never_none(registrar, pages):
    place_id = create(registrar, phone="", website="", easy_read_description="")
    details = {
        text(row.dt): text(row.dd)
        for row in pages.get(f"/manage/places/{place_id}").select(".summary-list div")
    }
    assert (details["Phone"], details["Website"], details["Easy-read description"]) == ("Not given",) * 3
    assert "None" not in details.values()


def test_every_detail_is_on_the_form_and_named_in_the_history(app):
    """The other half of docs/forms.md's rule: each detail of places.DETAILS has its form field."""
    from safeplaces.web.manage_places import PlaceForm

    with app.test_request_context():
        fields = [field.name for field in PlaceForm()]
    assert set(places.DETAILS) <= set(fields)
    assert [name for name in fields if name in places.DETAILS] == list(places.DETAILS), "in the same order"
    assert set(places.DETAILS) <= set(places.FIELD_WORDS)
