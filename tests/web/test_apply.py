"""The public application form: it makes an applied place the public cannot see until approved."""

import json

import pytest
from bs4 import BeautifulSoup

from safeplaces import places, week_table
from safeplaces.text import clean
from tests.helpers import check_page, text
from tests.web.manage_helpers import csrf_token

APPLICATION = {
    "name": "Granby Street Café",
    "category": "café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "LE1 6EZ",
    "phone": "0116 496 0107",
    **{f"hours-{day}_opens": "9am" for day in ("mo", "tu", "we", "th", "fr")},
    **{f"hours-{day}_closes": "5pm" for day in ("mo", "tu", "we", "th", "fr")},
    "hours-sa_closed": "y",
    "hours-su_closed": "y",
    "hours-ph": "closed",
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
    "contact_name",
    "contact_email",
    "contact_phone",
)
BOXES = [
    f"hours-{day}_{box}" for day, _ in week_table.DAYS for box in ("opens", "closes", "opens2", "closes2")
]


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
    assert "never show them" in text(page.find(id="contact-privacy"))
    assert "latitude" not in str(form).lower()


def test_opening_times_are_a_week_table_with_a_label_for_every_box(pages):
    page = pages.get("/apply")
    form = page.find("form", class_="apply-form")
    assert not form.find(attrs={"name": "opening_hours"}), "no box asks for OpenStreetMap syntax"
    assert not any(code in text(form) for code in ("Mo-Fr", "PH off", "24-hour")), text(form)
    table = form.find("table", class_="week-table")
    assert [text(th) for th in table.select("tbody th[scope=row]")] == [day for _, day in week_table.DAYS]
    labels = {box["id"]: text(page.find("label", attrs={"for": box["id"]})) for box in table.select("input")}
    assert (
        labels["hours-mo_opens"] == "Monday: Opens" and labels["hours-su_closes2"] == "Sunday: Closes again"
    )
    assert labels["hours-we_closed"] == "Wednesday: Closed"
    assert len(labels) == 7 * 5
    hint = text(page.find(id="hours-hint"))
    assert (
        "9am, 9:30, 17.30 or 5pm" in hint
        and "a closing time earlier than the opening time means after midnight" in hint
    )
    assert [r["value"] for r in page.select("input[name=hours-ph]")] == ["closed", "same", "other"]
    assert page.find(id="hours-ph")["type"] == "radio", "the summary links to the first choice"


def test_the_issues_shopkeeper_can_say_monday_to_saturday_8am_to_8pm(client, db):
    """Typed into the old box as "Mon-Sat 8am-8pm", the answer was a parser's error."""
    week = {
        f"hours-{day}_{box}": time
        for day in ("mo", "tu", "we", "th", "fr", "sa")
        for box, time in (("opens", "8am"), ("closes", "8pm"))
    }
    values = {k: v for k, v in APPLICATION.items() if not k.startswith("hours-")}
    assert send(client, values, **week, **{"hours-su_closed": "y", "hours-ph": "same"}).status_code == 302
    assert (
        db.execute("SELECT opening_hours FROM places").fetchone()[0]
        == "Mo-Sa 08:00-20:00; PH Mo-Sa 08:00-20:00"
    )


def test_an_empty_week_table_means_the_times_are_not_known(client, db):
    values = {k: v for k, v in APPLICATION.items() if not k.startswith("hours-")}
    assert send(client, values).status_code == 302
    assert db.execute("SELECT opening_hours FROM places").fetchone()[0] == ""


@pytest.mark.parametrize(
    "changes, box, message",
    [
        (
            {"hours-mo_closes": "9"},
            "hours-mo_closes",
            "Monday: the closing time must be after the opening time.",
        ),
        (
            {"hours-tu_closes": "5"},
            "hours-tu_closes",
            "Tuesday: does it close at 5am, after midnight, or at 5pm? Write 5am or 5pm.",
        ),
        (
            {"hours-we_opens": "nine"},
            "hours-we_opens",
            "Wednesday: “nine” is not a time we can read. Write it like 9am, 9:30, 17.30 or 5pm.",
        ),
        (
            {"hours-sa_closed": ""},
            "hours-sa_opens",
            "Saturday: give the opening and closing times, or tick closed.",
        ),
        (
            {"hours-ph": ""},
            "hours-ph",
            "Bank holidays: choose whether the place is closed, open as on a normal day, or open at other times.",
        ),
    ],
)
def test_a_wrong_day_is_explained_in_its_row_and_everything_typed_is_kept(client, db, changes, box, message):
    response = send(client, **changes)
    assert response.status_code == 400
    page = page_of(response)
    [link] = page.select("#error-summary a")
    assert (link["href"], text(link)) == (f"#{box}", message)
    typed = {**APPLICATION, **changes}
    for name in BOXES:
        assert page.find(id=name)["value"] == typed.get(name, ""), name
    for day in ("sa", "su"):
        assert page.find(id=f"hours-{day}_closed").has_attr("checked") == bool(typed[f"hours-{day}_closed"])
    if box != "hours-ph":
        row = page.find(id=box).find_parent("tr")
        error = row.find(class_="error-message")
        assert text(error) == f"Error: {message}"
        assert page.find(id=box)["aria-invalid"] == "true"
        assert all(i["aria-describedby"] == error["id"] for i in row.select("input")), (
            "every box of the row points to it"
        )
    else:
        assert text(page.find(id="hours-ph-error")) == f"Error: {message}"
    assert count(db, "places") == 0


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
    assert place["lat"] is not None and place["position_source"] == "outcode"
    assert place["opening_hours"] == "Mo-Fr 09:00-17:00; PH off"
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
        assert page.find(id=name)["value"] == clean(typed[name]), name  # as it will be kept
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
