"""The public application form: it makes an applied place the public cannot see until approved."""

import json

import pytest
from bs4 import BeautifulSoup

from safeplaces import places
from tests.helpers import check_page, text
from tests.web.manage_helpers import csrf_token

APPLICATION = {
    "name": "Granby Street Café",
    "category": "café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "LE1 6EZ",
    "phone": "0116 496 0107",
    "opening_hours": "Mo-Fr 09:00-17:00; PH off",
    "contact_name": "Sam Owner",
    "contact_email": "sam@example.org",
    "contact_phone": "0116 496 0999",
    "why": "People often come in asking for help.",
    "leave_this_empty": "",
}
TEXT_FIELDS = (
    "name",
    "address",
    "town",
    "postcode",
    "phone",
    "opening_hours",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def send(client, values=APPLICATION, remote_addr="127.0.0.1", **changes):
    data = {**values, **changes, "csrf_token": csrf_token(client, "/apply")}
    return client.post("/apply", data=data, environ_base={"REMOTE_ADDR": remote_addr})


def page_of(response):
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_form_asks_for_the_place_and_a_private_contact(pages):
    page = pages.get("/apply")
    assert text(page.h1) == "Apply to become a Keep Safe Place"
    form = page.find("form", class_="apply-form")
    assert (form["method"], form["action"]) == ("post", "/apply")
    assert form.find("input", attrs={"name": "csrf_token"})
    for name in (*TEXT_FIELDS, "category", "why"):
        assert form.find(attrs={"name": name}), name
    assert [o["value"] for o in page.select("#category option")][1:] == list(places.CATEGORIES)
    assert "Mo-Fr 09:00-17:00; Sa 10:00-16:00" in text(page.find(id="opening_hours-hint"))
    assert "never show them" in text(page.find(id="contact-privacy"))
    assert "latitude" not in str(form).lower()


def test_the_honeypot_is_hidden_from_people_but_labelled(pages):
    page = pages.get("/apply")
    trap = page.find("input", attrs={"name": "leave_this_empty"})
    wrapper = trap.parent
    assert wrapper["aria-hidden"] == "true" and "apply-extra" in wrapper["class"]
    assert (trap["id"], trap["tabindex"], trap["autocomplete"], trap["value"]) == (
        "leave_this_empty",
        "-1",
        "off",
        "",
    )
    assert text(page.find("label", attrs={"for": "leave_this_empty"})) == "Leave this empty"


def test_the_honeypot_has_a_name_autofill_never_fills(pages):
    """Autofill and password managers fill boxes named like these despite autocomplete=off."""
    form = pages.get("/apply").find("form", class_="apply-form")
    trap = form.find(class_="apply-extra").find("input")
    autofilled = (
        "website",
        "url",
        "homepage",
        "email",
        "name",
        "phone",
        "tel",
        "address",
        "company",
        "organization",
        "username",
        "password",
    )
    assert not [word for word in autofilled if word in trap["name"].lower() or word in trap["id"].lower()]
    assert not form.find("input", attrs={"name": "website"})


def test_an_application_autofilled_with_a_website_is_still_made(client, db):
    assert send(client, website="https://granbystreetcafe.example").status_code == 302
    assert count(db, "places") == 1


def test_the_footer_links_to_the_form(pages):
    assert pages.get("/").find("a", string="Apply to become a Keep Safe Place")["href"] == "/apply"


def test_an_application_makes_an_applied_place_and_says_what_happens_next(client, db, pages):
    response = send(client)
    assert (response.status_code, response.headers["Location"]) == (302, "/apply/sent")
    page = pages.get("/apply/sent")
    assert text(page.h1) == "Thank you: we have your application"
    assert "train your staff" in text(page.find("ol", class_="next-steps"))
    [place] = db.query("SELECT * FROM places")
    assert (place["status"], place["name"], place["postcode"], place["district_code"]) == (
        "applied",
        "Granby Street Café",
        "LE1 6EZ",
        "E06000016",
    )
    assert (place["contact_name"], place["contact_email"], place["contact_phone"]) == (
        "Sam Owner",
        "sam@example.org",
        "0116 496 0999",
    )
    assert place["lat"] is not None and place["opening_hours"] == "Mo-Fr 09:00-17:00; PH off"
    [entry] = db.query("SELECT * FROM audit WHERE entity = 'places'")
    after = json.loads(entry["after"])
    assert (entry["action"], entry["user"], after["why"]) == (
        "create",
        "application form",
        APPLICATION["why"],
    )


def test_an_applied_place_is_not_public(client, db, pages):
    send(client)
    place = places.by_id(db, 1)
    assert not pages.get("/find?q=LE1+6EZ").select("#results > li")
    assert place["name"] not in pages.get("/map").get_text()
    pages.get(f"/places/{place['slug']}", status=404)
    assert client.get("/api/v1/places/nearest?q=LE1+6EZ").get_json()["places"] == []
    assert client.get("/api/v1/places/1").status_code == 404


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "The name is missing."),
        ({"address": ""}, "address", "The address is missing."),
        ({"town": "x" * 81}, "town", "The town is longer than 80 characters."),
        ({"postcode": "LE1"}, "postcode", "'LE1' is not a full UK postcode, for example LE1 5FQ."),
        (
            {"postcode": "ZZ9 9ZZ"},
            "postcode",
            "We could not find the postcode ZZ9 9ZZ. Check that it is right.",
        ),
        ({"category": ""}, "category", "Choose what kind of place it is."),
        (
            {"phone": "call us"},
            "phone",
            "The phone number 'call us' is not a UK phone number, for example 0116 496 0123.",
        ),
        (
            {"opening_hours": "9 to 5"},
            "opening_hours",
            "The opening hours are not in the usual format: “9 to 5” could mean 09:00-05:00 (through the night) "
            "or 09:00-17:00",
        ),
        ({"contact_name": " "}, "contact_name", "Enter the name of the person we can contact."),
        ({"contact_email": "sam.example.org"}, "contact_email", "“sam.example.org” is not an email address."),
        ({"contact_phone": "12"}, "contact_phone", "The phone number '12' is not a UK phone number"),
        (
            {"why": "x" * 1001},
            "why",
            "Say why you want to join in 1000 characters or fewer (you wrote 1001).",
        ),
    ],
)
def test_mistakes_are_shown_next_to_the_field_and_everything_typed_is_kept(
    client, db, changes, field, message
):
    response = send(client, **changes)
    assert response.status_code == 400
    page = page_of(response)
    assert page.title.get_text().startswith("Error: ")
    [link] = page.select("#error-summary a")
    assert link["href"] == f"#{field}" and text(link).startswith(message)
    assert text(page.find(id=f"{field}-error")).startswith(f"Error: {message}")
    assert page.find(id=field)["aria-invalid"] == "true"
    assert f"{field}-error" in page.find(id=field)["aria-describedby"].split()
    typed = {**APPLICATION, **changes}
    for name in TEXT_FIELDS:
        assert page.find(id=name)["value"] == typed[name], name
    assert text(page.find(id="why")) == typed["why"]
    selected = page.select_one("#category option[selected]")
    assert (selected["value"] if selected else "") == typed["category"]
    assert count(db, "places") == 0 and count(db, "audit") == 0


def test_several_mistakes_are_listed_in_the_order_of_the_form(client):
    page = page_of(send(client, name="", postcode="", contact_email=""))
    assert [a["href"] for a in page.select("#error-summary a")] == ["#name", "#postcode", "#contact_email"]


def test_a_filled_honeypot_pretends_to_succeed_and_writes_nothing(client, db):
    response = send(client, leave_this_empty="http://spam.example")
    assert (response.status_code, response.headers["Location"]) == (302, "/apply/sent")
    assert count(db, "places") == 0 and count(db, "audit") == 0


def test_the_sixth_application_in_an_hour_from_one_address_is_refused(client, db):
    for n in range(5):
        assert send(client, name=f"Shop {n}").status_code == 302
    response = send(client, name="Shop 6")
    assert response.status_code == 429
    page = page_of(response)
    assert text(page.h1) == "Too many applications"
    assert "wait an hour" in text(page.find(id="main"))
    assert count(db, "places") == 5
    assert send(client, name="Shop 7", remote_addr="10.0.0.7").status_code == 302  # another address


def test_mistakes_to_put_right_do_not_use_up_the_applications(client, db):
    for _ in range(5):
        assert send(client, postcode="").status_code == 400
    assert send(client).status_code == 302


def test_an_application_without_its_csrf_token_is_refused(client, db):
    response = client.post("/apply", data=APPLICATION)
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert count(db, "places") == 0
