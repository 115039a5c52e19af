"""The applications queue, checks, the anonymous visits log and the dashboard, in the manage area."""

import json

import pytest
from bs4 import BeautifulSoup

from safeplaces import places
from tests.helpers import add_place, check_page, text
from tests.web.manage_helpers import csrf_token, make_account, sign_in
from tests.web.test_apply import send

TODAY = "2026-11-23"


@pytest.fixture
def registrar(app, db, client):
    app.config["SAFEPLACES_FIXED_NOW"] = f"{TODAY}T10:00"
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def post(client, url, form_page=None, **data):
    token = csrf_token(client, form_page or "/manage/")
    return client.post(url, data={"csrf_token": token, **data})


def page_of(response):
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def history(db, place_id):
    return [
        (row["action"], row["user"], json.loads(row["after"] or "null"))
        for row in db.query(
            "SELECT * FROM audit WHERE entity = 'places' AND entity_id = ? ORDER BY id", [place_id]
        )
    ]


def is_public(client, db, place_id):
    """Whether the place shows anywhere the public looks: find, map, its page, the API."""
    place = places.by_id(db, place_id)
    found = [
        place["name"] in client.get("/find?lat=52.634&lon=-1.131").get_data(as_text=True),
        place["name"] in client.get("/map").get_data(as_text=True),
        client.get(f"/places/{place['slug']}").status_code == 200,
        any(
            p["id"] == place_id
            for p in client.get("/api/v1/places/nearest?lat=52.634&lon=-1.131&limit=50").get_json()["places"]
        ),
        client.get(f"/api/v1/places/{place_id}").status_code == 200,
    ]
    assert len(set(found)) == 1, found  # all or nothing
    return found[0]


# The applications queue


def test_the_queue_lists_applications_oldest_first_with_their_details(registrar, db, pages):
    send(registrar)
    send(registrar, name="Second Shop", why="")
    db.execute("UPDATE places SET created_at = '2026-01-01T09:00:00+00:00' WHERE name = 'Second Shop'")
    db.conn.commit()
    page = pages.get("/manage/applications")
    assert [text(h) for h in page.select(".application h3")] == [
        "Second Shop, Leicester",
        "Granby Street Café, Leicester",
    ]
    first, second = page.select(".application")
    assert "1 January 2026" in text(first) and "Not given" in text(first)
    details = text(second)
    for shown in (
        "41 Granby Street",
        "LE1 6EZ",
        "Leicester",
        "Sam Owner",
        "sam@example.org",
        "0116 496 0999",
        "People often come in asking for help.",
        "Mo-Fr 09:00-17:00; PH off",
        "Café",
    ):
        assert shown in details, shown
    assert second.find("a", href="/manage/applications/1/approve")
    assert second.find("form", action="/manage/applications/1/decline")
    assert (
        "Only the middle of the postcode area LE1: you put the pin on the door when you approve it."
        in details
    )


DOOR = {"latitude": "52.63401", "longitude": "-1.13102"}


def test_approving_asks_for_the_position_in_the_same_step_and_refuses_the_rough_one(registrar, db, pages):
    send(registrar)
    assert not is_public(registrar, db, 1)
    page = pages.get("/manage/applications/1/approve")
    assert text(page.h1) == "Approve Granby Street Café"
    assert (page.find(id="latitude")["value"], page.find(id="longitude")["value"]) == ("", "")
    assert "only the middle of the postcode area LE1" in text(page.find(id="position-hint"))
    block = page.find(attrs={"data-pin-map": True})
    assert block["data-start"] == "52.63265,-1.128715,14" and block.has_attr("hidden")
    url = "/manage/applications/1/approve"
    for typed in ({}, {"latitude": "52.63265", "longitude": "-1.128715"}):
        response = post(registrar, url, url, note="", **typed)
        assert response.status_code == 400
        page = page_of(response)
        assert page.select_one("#error-summary a")["href"] == "#latitude"
        assert text(page.find(id="position-error")).startswith(
            "Error: The position of Granby Street Café is only the middle of the postcode area LE1, not the place itself."
        )
        assert page.find(id="latitude")["value"] == typed.get("latitude", "")
        assert places.by_id(db, 1)["status"] == "applied" and not is_public(registrar, db, 1)


def test_an_application_with_no_position_yet_can_be_approved_with_one(registrar, db, pages):
    place_id = add_place(db, None, None, status="applied", postcode="LE1 6EZ")
    url = f"/manage/applications/{place_id}/approve"
    page = pages.get(url)
    assert (page.find(id="latitude")["value"], page.find(id="longitude")["value"]) == ("", "")
    response = post(registrar, url, url, latitude="52.6340", longitude="-1.1310", note="")
    assert response.status_code == 302
    assert places.by_id(db, place_id)["status"] == "active" and is_public(registrar, db, place_id)


def test_a_mistyped_position_is_explained_and_kept(registrar, db):
    send(registrar)
    url = "/manage/applications/1/approve"
    response = post(registrar, url, url, latitude="52.63.4", longitude="-1.131", note="Visited")
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="position-error")) == "Error: The latitude must be a number, like 52.636."
    assert (page.find(id="latitude")["value"], page.find(id="note")["value"]) == ("52.63.4", "Visited")
    assert page.find(id="latitude")["aria-invalid"] == "true"


def test_approving_with_the_pin_on_the_door_makes_the_place_public_there(registrar, db, pages):
    send(registrar)
    url = "/manage/applications/1/approve"
    response = post(registrar, url, url, note="", **DOOR)
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/applications?approved=1")
    page = pages.get("/manage/applications?approved=1")
    assert "Granby Street Café is approved." in text(page.find(id="approved"))
    place = places.by_id(db, 1)
    assert (place["status"], place["lat"], place["lon"], place["position_source"]) == (
        "active",
        52.63401,
        -1.13102,
        "confirmed",
    )
    action, user, after = history(db, 1)[-1]
    assert (action, user, after["reason"], after["position_source"]) == (
        "approve",
        "reg@example.org",
        "Approved",
        "confirmed",
    )
    assert is_public(registrar, db, 1)
    assert "confirmed by a person" in text(pages.get("/manage/places/1").find(id="position"))


def test_a_place_no_longer_waiting_is_not_approved_from_its_page(registrar, db, pages):
    place_id = add_place(db, 52.634, -1.131, name="Busy Shop")
    page = pages.get(f"/manage/applications/{place_id}/approve")
    assert "Busy Shop is not waiting for a decision any more: it is active." in text(page.find(id="waiting"))
    assert page.find("form", class_="approve-form") is None


def test_the_place_page_of_an_application_links_to_the_approve_page(registrar, db, pages):
    send(registrar)
    assert pages.get("/manage/places/1").find(id="approve")["href"] == "/manage/applications/1/approve"


def test_approving_from_the_place_page_at_a_rough_position_is_refused_with_what_to_do(registrar, db):
    send(registrar)
    response = post(
        registrar,
        "/manage/places/1/status",
        "/manage/places/1",
        status="active",
        reason="OK",
        shown_status="applied",
    )
    assert response.status_code == 400
    page = page_of(response)
    assert text(page.find(id="status-error")).startswith(
        "Error: The position of Granby Street Café is only the middle of the postcode area LE1"
    )
    assert places.by_id(db, 1)["status"] == "applied"


def test_an_approval_note_goes_in_the_record(registrar, db):
    send(registrar)
    url = "/manage/applications/1/approve"
    post(registrar, url, url, note="Visited and trained on 20 November", **DOOR)
    assert history(db, 1)[-1][2]["reason"] == "Visited and trained on 20 November"


def test_declining_needs_a_reason(registrar, db):
    send(registrar)
    response = post(registrar, "/manage/applications/1/decline", reason="  ")
    assert response.status_code == 400
    page = page_of(response)
    assert page.select_one("#error-summary a")["href"] == "#reason-1"
    assert text(page.find(id="reason-1-error")) == "Error: Give the reason for declining Granby Street Café."
    assert page.find(id="reason-1")["aria-invalid"] == "true"
    assert places.by_id(db, 1)["status"] == "applied" and len(history(db, 1)) == 1


def test_a_refused_decision_keeps_what_was_typed(registrar, db):
    send(registrar)
    response = post(registrar, "/manage/applications/1/decline", reason="x" * 501)
    assert response.status_code == 400
    page = page_of(response)
    assert page.find(id="reason-1")["value"] == "x" * 501
    assert "500 characters or fewer" in text(page.find(id="reason-1-error"))


def test_declining_archives_the_application_with_its_reason(registrar, db, pages):
    send(registrar)
    response = post(registrar, "/manage/applications/1/decline", reason="Outside our area")
    assert response.headers["Location"] == "/manage/applications?declined=1"
    assert "Granby Street Café is declined." in text(
        pages.get("/manage/applications?declined=1").find(id="declined")
    )
    assert places.by_id(db, 1)["status"] == "archived"
    assert history(db, 1)[-1] == (
        "decline",
        "reg@example.org",
        {"status": "archived", "reason": "Outside our area"},
    )
    assert not is_public(registrar, db, 1)


def test_a_place_no_longer_waiting_cannot_be_decided_again(registrar, db):
    place_id = add_place(db, 52.634, -1.131, name="Busy Shop")
    for action in ("approve", "decline"):
        response = post(registrar, f"/manage/applications/{place_id}/{action}", reason="Why not", **DOOR)
        assert response.status_code == 409
        assert "Busy Shop is not waiting for a decision any more: it is active." in text(page_of(response))
    assert places.by_id(db, place_id)["status"] == "active"


def test_an_unknown_application_is_not_found(registrar):
    assert post(registrar, "/manage/applications/99/approve").status_code == 404


# Checks


def check(client, place_id, **changes):
    data = {"kind": "annual review", "checked_on": "23/11/2026", "result": "passed", "notes": "", **changes}
    return post(client, f"/manage/checks/places/{place_id}", f"/manage/checks/places/{place_id}", **data)


def test_the_check_form_starts_at_today(registrar, db, pages):
    place_id = add_place(db, 52.634, -1.131)
    page = pages.get(f"/manage/checks/places/{place_id}")
    assert page.find(id="checked_on")["value"] == "23/11/2026"
    assert [i["value"] for i in page.select("input[name=kind]")] == [
        "training",
        "annual review",
        "mystery shopper",
    ]
    assert page.select("input[name=kind]")[0]["id"] == "kind"


@pytest.mark.parametrize(
    "kind, typed, next_review",
    [
        ("annual review", "23/11/2026", "2027-11-23"),
        ("mystery shopper", "1 March 2026", "2027-03-01"),
        ("annual review", "29/02/2024", "2025-02-28"),
    ],
)
def test_a_passed_review_sets_the_next_review_a_year_on(registrar, db, pages, kind, typed, next_review):
    place_id = add_place(db, 52.634, -1.131, next_review_due="2024-01-01")
    response = check(registrar, place_id, kind=kind, checked_on=typed)
    assert response.status_code == 302
    assert places.by_id(db, place_id)["next_review_due"] == next_review
    page = pages.get(response.headers["Location"])
    assert text(page.find(id="recorded")).startswith(f"Check recorded: {kind} on")
    assert [a for a, _, _ in history(db, place_id)] == ["check", "edit"]


def test_a_review_on_29_february_2028_is_due_again_on_28_february_2029(registrar, app, db):
    app.config["SAFEPLACES_FIXED_NOW"] = "2028-03-01T10:00"
    place_id = add_place(db, 52.634, -1.131)
    assert check(registrar, place_id, checked_on="29/02/2028").status_code == 302
    assert places.by_id(db, place_id)["next_review_due"] == "2029-02-28"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"checked_on": "24/11/2026"},
            "checked_on",
            "The date of the check cannot be in the future: today is 23 November 2026.",
        ),
        ({"checked_on": "soon"}, "checked_on", "“soon” is not a date we can read. Write it like 23/11/2026."),
        ({"kind": ""}, "kind", "Choose what kind of check it was."),
        ({"result": ""}, "result", "Say whether the place passed or failed."),
        ({"notes": "n" * 1001}, "notes", "The notes must be 1000 characters or fewer (you wrote 1001)."),
    ],
)
def test_a_wrong_check_is_refused_and_keeps_what_was_typed(registrar, db, changes, field, message):
    place_id = add_place(db, 52.634, -1.131)
    typed = {
        "kind": "mystery shopper",
        "checked_on": "20/11/2026",
        "result": "failed",
        "notes": "Kept",
        **changes,
    }
    response = check(registrar, place_id, **typed)
    assert response.status_code == 400
    page = page_of(response)
    assert [a["href"] for a in page.select("#error-summary a")] == [f"#{field}"]
    assert text(page.find(id=f"{field}-error")) == f"Error: {message}"
    assert page.find(id="checked_on")["value"] == typed["checked_on"]
    assert text(page.find(id="notes")) == typed["notes"]
    for name in ("kind", "result"):
        chosen = page.select_one(f"input[name={name}][checked]")
        assert (chosen["value"] if chosen else "") == typed[name]
    assert db.execute("SELECT count(*) FROM checks").fetchone()[0] == 0
    assert history(db, place_id) == []


def test_a_check_needs_its_csrf_token(registrar, db):
    place_id = add_place(db, 52.634, -1.131)
    response = registrar.post(
        f"/manage/checks/places/{place_id}",
        data={"kind": "training", "checked_on": "23/11/2026", "result": "passed"},
    )
    assert response.status_code == 400
    assert db.execute("SELECT count(*) FROM checks").fetchone()[0] == 0


def test_checks_on_an_unknown_place_are_not_found(registrar, pages):
    pages.get("/manage/checks/places/99", status=404)
    pages.get("/manage/visits/places/99", status=404)


def test_the_places_to_check_list_links_to_each_form(registrar, db, pages):
    shop = add_place(db, 52.634, -1.131, name="Open Shop", staff_trained_on="2026-05-01")
    applied = add_place(db, 52.634, -1.131, name="New Shop", status="applied")
    add_place(db, 52.634, -1.131, name="Old Shop", status="archived")
    page = pages.get("/manage/checks/")
    rows = {text(row.th): row for row in page.select("#places tbody tr")}
    assert set(rows) == {"Open Shop, Leicester", "New Shop, Leicester"}
    assert "1 May 2026" in text(rows["Open Shop, Leicester"])
    assert rows["Open Shop, Leicester"].find("a", href=f"/manage/visits/places/{shop}")
    assert rows["New Shop, Leicester"].find("a", href=f"/manage/checks/places/{applied}")
    assert not rows["New Shop, Leicester"].find("a", href=f"/manage/visits/places/{applied}")


# Visits


def visit(client, place_id, **changes):
    data = {"visited_on": "20/11/2026", "reason": "lost", "outcomes": ["phoned the card contact"], **changes}
    return post(client, f"/manage/visits/places/{place_id}", f"/manage/visits/places/{place_id}", **data)


def test_the_visit_form_asks_nothing_about_the_person(registrar, db, pages):
    place_id = add_place(db, 52.634, -1.131)
    page = pages.get(f"/manage/visits/places/{place_id}")
    form = page.find("form", action=f"/manage/visits/places/{place_id}")
    assert {field["name"] for field in form.select("input, textarea, select")} == {
        "csrf_token",
        "visited_on",
        "reason",
        "outcomes",
    }
    assert [i["value"] for i in form.select("input[name=reason]")] == [
        "lost",
        "scared",
        "bullied or harassed",
        "hate incident",
        "unwell",
        "lost phone, money or bus pass",
        "other",
    ]
    assert {i["type"] for i in form.select("input[name=outcomes]")} == {"checkbox"}
    assert [i["value"] for i in form.select("input[name=outcomes]")] == [
        "phoned the card contact",
        "phoned police",
        "phoned ambulance",
        "helped on the spot",
    ]


def test_a_visit_is_recorded_and_audited(registrar, db, pages):
    place_id = add_place(db, 52.634, -1.131)
    response = visit(
        registrar, place_id, reason="hate incident", outcomes=["phoned police", "helped on the spot"]
    )
    assert response.status_code == 302
    page = pages.get(response.headers["Location"])
    assert (
        text(page.find(id="recorded"))
        == "Visit recorded: 20 November 2026, hate incident, phoned police, helped on the spot."
    )
    [row] = db.query("SELECT * FROM visits")
    assert (row["place_id"], row["visited_on"], row["reason"]) == (place_id, "2026-11-20", "hate incident")
    assert {r["outcome"] for r in db.query("SELECT outcome FROM visit_outcomes")} == {
        "phoned police",
        "helped on the spot",
    }
    [entry] = db.query("SELECT * FROM audit WHERE entity = 'visits'")
    assert (entry["action"], entry["user"], entry["entity_id"]) == ("create", "reg@example.org", row["id"])


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"visited_on": "30/11/2026"},
            "visited_on",
            "The date of the visit cannot be in the future: today is 23 November 2026.",
        ),
        ({"reason": "name: Jo Bloggs"}, "reason", "Choose why the person came in."),
        (
            {"outcomes": []},
            "outcomes",
            "Choose what the staff did: one or more of the things listed.",
        ),
    ],
)
def test_a_wrong_visit_is_refused(registrar, db, changes, field, message):
    place_id = add_place(db, 52.634, -1.131)
    response = visit(registrar, place_id, **changes)
    assert response.status_code == 400
    page = page_of(response)
    assert page.select_one("#error-summary a")["href"] == f"#{field}"
    assert text(page.find(id=f"{field}-error")) == f"Error: {message}"
    assert page.find(id="visited_on")["value"] == {"visited_on": "20/11/2026", **changes}["visited_on"]
    kept = {i["value"] for i in page.select("input[name=outcomes][checked]")}
    assert kept == set({"outcomes": ["phoned the card contact"], **changes}["outcomes"])
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_no_visits_for_a_place_not_yet_approved(registrar, db):
    place_id = add_place(db, 52.634, -1.131, status="applied", name="New Shop")
    response = visit(registrar, place_id)
    assert response.status_code == 400
    assert "New Shop has not been approved yet" in text(page_of(response))
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_a_visit_needs_its_csrf_token(registrar, db):
    place_id = add_place(db, 52.634, -1.131)
    response = registrar.post(
        f"/manage/visits/places/{place_id}",
        data={"visited_on": "20/11/2026", "reason": "lost", "outcomes": "phoned police"},
    )
    assert response.status_code == 400
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_a_decision_needs_its_csrf_token(registrar, db):
    send(registrar)
    assert registrar.post("/manage/applications/1/approve", data={"reason": ""}).status_code == 400
    assert places.by_id(db, 1)["status"] == "applied"


# The dashboard


def cells(table, row_heading):
    """{column heading: cell text} of the table row headed `row_heading`."""
    headings = [text(th) for th in table.select("thead th")][1:]
    row = next(tr for tr in table.select("tbody tr, tfoot tr") if text(tr.th) == row_heading)
    return dict(zip(headings, [text(td) for td in row.find_all("td")], strict=True))


def test_the_dashboard_lists_reviews_failed_checks_applications_and_the_report(registrar, db, pages):
    overdue = add_place(db, 52.634, -1.131, name="Late Shop", next_review_due="2026-11-01")
    add_place(db, 52.634, -1.131, name="Soon Shop", next_review_due="2026-12-20")
    add_place(db, 52.634, -1.131, name="Fine Shop", next_review_due="2027-06-01")
    outside = add_place(db, 53.48, -2.24, name="Far Shop", district_code=None)
    leicester = add_place(db, 52.634, -1.131, name="City Shop", district_code="E06000016")
    send(registrar)
    check(
        registrar,
        overdue,
        kind="mystery shopper",
        result="failed",
        checked_on="10/11/2026",
        notes="Staff had not heard of the scheme.",
    )
    visit(registrar, leicester, visited_on="20/11/2026", reason="scared")
    visit(registrar, leicester, visited_on="2/11/2026", reason="scared")
    visit(registrar, outside, visited_on="15/01/2026", reason="unwell")

    page = pages.get("/manage/")
    reviews = page.find(id="reviews").find_next("ul")
    lines = [" ".join(li.get_text().split()) for li in reviews.find_all("li")]
    assert lines == [
        "Late Shop, Leicester: overdue, was due 1 November 2026",
        "Soon Shop, Leicester: due 20 December 2026",
    ]

    failed = page.find(id="failed-checks-table")
    assert text(failed.caption) == "Failed checks, newest first"
    assert cells(failed, "Late Shop, Leicester") == {
        "Kind": "Mystery shopper",
        "Date": "10 November 2026",
        "Notes": "Staff had not heard of the scheme.",
        "Status now": "Active",
    }

    applications = page.find(id="applications")
    assert text(applications) == "New applications (1)"
    assert page.find("a", href="/manage/applications")
    assert "Granby Street Café, Leicester (applied " in text(page.find(id="main"))

    by_district = page.find(id="visits-by-district")
    assert text(by_district.caption) == "Visits each month by district, December 2025 to November 2026"
    assert all(th["scope"] == "col" for th in by_district.select("thead th"))
    assert all(th["scope"] == "row" for th in by_district.select("tbody th, tfoot th"))
    assert cells(by_district, "November 2026")["Leicester"] == "2"
    assert cells(by_district, "January 2026")["Outside the area"] == "1"
    assert cells(by_district, "Total")["Total"] == "3"
    by_reason = page.find(id="visits-by-reason")
    assert cells(by_reason, "November 2026")["Scared"] == "2"
    assert cells(by_reason, "Total") == {
        "Lost": "0",
        "Scared": "2",
        "Bullied or harassed": "0",
        "Hate incident": "0",
        "Unwell": "1",
        "Lost phone, money or bus pass": "0",
        "Other": "0",
        "Total": "3",
    }


def test_the_dashboard_counts_places_never_trained_or_never_reviewed(registrar, db, pages):
    trained = add_place(db, 52.634, -1.131, name="Trained Shop", staff_trained_on="2026-01-05")
    add_place(db, 52.634, -1.131, name="New Shop")
    reviewed = add_place(db, 52.634, -1.131, name="Reviewed Shop", staff_trained_on="2025-10-01")
    add_place(db, 52.634, -1.131, name="Closed Shop", status="archived")
    check(registrar, reviewed, kind="annual review", result="failed", checked_on="10/10/2026")
    visit(registrar, reviewed, visited_on="20/11/2026", outcomes=["phoned police", "helped on the spot"])
    page = pages.get("/manage/")
    assert text(page.find(id="never-checked")) == "Places never trained or never reviewed (2)"
    assert text(page.find(id="never-checked-counts")).startswith(
        "1 active place has never had staff trained, and 2 have never had an annual review"
    )
    table = page.find(id="never-checked-table")
    assert cells(table, "New Shop, Leicester") == {
        "Staff trained": "Never",
        "Reviewed": "Never",
        "Next review due": "Not set",
    }
    assert cells(table, "Trained Shop, Leicester")["Staff trained"] == "5 January 2026"
    assert table.find("a", href=f"/manage/checks/places/{trained}")
    assert "Reviewed Shop, Leicester" not in text(table)
    by_outcome = page.find(id="visits-by-outcome")
    assert cells(by_outcome, "November 2026")["Phoned police"] == "1"
    assert cells(by_outcome, "Total")["Total"] == "2"


def test_the_dashboard_with_nothing_to_report(registrar, pages):
    page = pages.get("/manage/")
    assert "No applications are waiting." in text(page.find(id="main"))
    assert "No checks have failed in the last 12 months." in text(page.find(id="main"))
    assert cells(page.find(id="visits-by-reason"), "Total")["Total"] == "0"


# The whole journey


def test_apply_approve_check_then_suspend(registrar, client, db, pages):
    assert send(client).status_code == 302
    assert not is_public(client, db, 1)

    assert post(registrar, "/manage/applications/1/approve", note="").status_code == 400
    assert not is_public(client, db, 1), "never at the postcode's rough position"
    post(registrar, "/manage/applications/1/approve", note="", **DOOR)
    assert is_public(client, db, 1)

    response = check(registrar, 1, kind="mystery shopper", result="failed", notes="Turned the shopper away.")
    assert response.status_code == 302
    page = pages.get(response.headers["Location"])
    assert "does not change the place by itself" in text(page.find(id="recorded"))
    assert is_public(client, db, 1), "a failed check does not suspend a place by itself"
    assert "Turned the shopper away." in text(pages.get("/manage/").find(id="failed-checks-table"))

    # Suspending through the web is the place pages' job (tests/web for manage_places).
    places.change_status(db, 1, "suspended", "Failed a mystery-shopper visit", by="reg@example.org")
    assert not is_public(client, db, 1)
    assert [action for action, _, _ in history(db, 1)] == ["create", "approve", "check", "suspend"]


def test_a_check_is_described_in_the_place_history(registrar, db, pages):
    place_id = add_place(db, 52.634, -1.131)
    check(
        registrar,
        place_id,
        kind="mystery shopper",
        result="failed",
        checked_on="20/11/2026",
        notes="Turned the shopper away.",
    )
    entry = pages.get(f"/manage/places/{place_id}").find(id="history").find_next("li")
    assert text(entry.find("h3")) == "Check recorded"
    assert text(entry.find(class_="history-detail")) == (
        "Mystery shopper on 20 November 2026: failed. Notes: Turned the shopper away."
    )
