import json
import threading
from datetime import date

import pytest

from safeplaces import applications, audit, auth, checks, dates, geo, locate, places, visits
from safeplaces import db as database
from tests.helpers import add_place

TODAY = date(2026, 11, 23)
APPLICATION = {
    "name": "Granby Street Café",
    "category": "café",
    "address": "41 Granby Street",
    "town": "Leicester",
    "postcode": "le1 6ez",
    "phone": "0116 496 0107",
    "hours": {
        **{f"{day}_opens": "9am" for day in ("mo", "tu", "we", "th", "fr")},
        **{f"{day}_closes": "5pm" for day in ("mo", "tu", "we", "th", "fr")},
        "sa_closed": "y",
        "su_closed": "y",
        "ph": "same",
    },
    "contact_name": "Sam Owner",
    "contact_email": "sam@example.org",
    "contact_phone": "0116 496 0999",
    "why": "People ask us for help.",
}


@pytest.fixture
def finders(app, db):
    districts = geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])
    return locate.locator_for(app.config, db, districts.bounds()), districts


def audit_rows(db, entity, entity_id):
    return [
        (row["action"], row["user"], json.loads(row["after"] or "null"))
        for row in db.query(
            "SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id", [entity, entity_id]
        )
    ]


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 11, 23), date(2027, 11, 23)),
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 28)),
        (date(2026, 12, 31), date(2027, 12, 31)),
    ],
)
def test_one_year_on(day, expected):
    assert dates.one_year_on(day) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("23/11/2026", date(2026, 11, 23)),
        (" 3/2/2026 ", date(2026, 2, 3)),
        ("23-11-2026", date(2026, 11, 23)),
        ("2026-11-23", date(2026, 11, 23)),
        ("23 November 2026", date(2026, 11, 23)),
        ("23 nov 2026", date(2026, 11, 23)),
        ("31/02/2026", None),
        ("11/23/2026", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(typed, expected):
    assert dates.parse_date(typed) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-23", "23 November 2026"),
        ("2026-06-30T23:30:00+00:00", "1 July 2026"),  # shown in London time
        (None, ""),
    ],
)
def test_long_date(value, expected):
    assert dates.long_date(value) == expected


# Applications


def test_a_good_application_is_clean_and_placed_by_its_postcode(finders):
    clean, why, problems = applications.check_application(APPLICATION, *finders)
    assert problems == {}
    assert why == "People ask us for help."
    assert clean["postcode"] == "LE1 6EZ" and clean["district_code"] == "E06000016"
    assert clean["lat"] == pytest.approx(52.63, abs=0.05) and clean["lon"] == pytest.approx(-1.13, abs=0.05)
    assert clean["position_source"] == "outcode", "only a starting point for the registrar's pin"
    assert clean["opening_hours"] == "Mo-Fr 09:00-17:00; PH Mo-Fr 09:00-17:00"  # open as on a normal day
    assert (clean["contact_name"], clean["contact_email"], clean["contact_phone"]) == (
        "Sam Owner",
        "sam@example.org",
        "0116 496 0999",
    )


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": " "}, "name", "The name is missing."),
        ({"postcode": "LE1"}, "postcode", "'LE1' is not a full UK postcode, for example LE1 5FQ."),
        (
            {"postcode": "ZZ9 9ZZ"},
            "postcode",
            "We could not find the postcode ZZ9 9ZZ. Check that it is right.",
        ),
        ({"category": ""}, "category", "Choose what kind of place it is."),
        ({"category": "castle"}, "category", "'castle' is not a category we know"),
        ({"phone": "12345"}, "phone", "The phone number '12345' is not a UK phone number"),
        (
            {"hours": {**APPLICATION["hours"], "mo_closes": "9"}},
            "hours-mo_closes",
            "Monday: the closing time must be after the opening time.",
        ),
        ({"hours": {}}, None, None),
        ({"contact_name": ""}, "contact_name", "Enter the name of the person we can contact."),
        ({"contact_email": ""}, "contact_email", "Enter an email address for the person we can contact"),
        ({"contact_email": "sam at example"}, "contact_email", "“sam at example” is not an email address."),
        ({"contact_phone": "999999"}, "contact_phone", "The phone number '999999' is not a UK phone number"),
        (
            {"contact_phone": "+1 202 555 0100"},
            "contact_phone",
            "The phone number '+1 202 555 0100' is not a UK phone number",
        ),
        (
            {"phone": "+353 1 234 5678"},
            "phone",
            "The phone number '+353 1 234 5678' is not a UK phone number",
        ),
        (
            {"why": "x" * 1001},
            "why",
            "Say why you want to join in 1000 characters or fewer (you wrote 1001).",
        ),
    ],
)
def test_application_problems(finders, changes, field, message):
    _, _, problems = applications.check_application({**APPLICATION, **changes}, *finders)
    assert list(problems) == ([field] if field else [])
    if field:
        assert problems[field].startswith(message)


def test_an_application_is_an_applied_place_with_its_reason_in_the_audit_trail(db, finders):
    clean, why, _ = applications.check_application(APPLICATION, *finders)
    place_id = applications.apply(db, clean, why)
    place = places.by_id(db, place_id)
    assert (place["status"], place["updated_by"], place["contact_email"]) == (
        "applied",
        "application form",
        "sam@example.org",
    )
    [(action, user, after)] = audit_rows(db, "places", place_id)
    assert (action, user, after["why"], after["status"]) == (
        "create",
        "application form",
        "People ask us for help.",
        "applied",
    )
    assert places.active_by_id(db, place_id) is None


def test_applications_are_oldest_first_with_why(db, finders):
    clean, _, _ = applications.check_application(APPLICATION, *finders)
    first = applications.apply(db, clean, "")
    second = applications.apply(db, {**clean, "name": "Second"}, "Because.")
    db.execute(
        "UPDATE places SET created_at = '2026-01-01T00:00:00+00:00', updated_at = '2026-11-01T00:00:00+00:00' "
        "WHERE id = ?",
        [second],
    )
    db.conn.commit()
    assert [(row["id"], row["why"]) for row in applications.applications(db)] == [
        (second, "Because."),
        (first, None),
    ]


def test_approve_and_decline(db):
    yes, no = add_place(db, 52.63, -1.13, status="applied"), add_place(db, 52.63, -1.13, status="applied")
    applications.approve(db, yes, "  ", by="reg")
    with pytest.raises(places.ChangeRefused, match="Give the reason for declining"):
        applications.decline(db, no, " ", by="reg")
    applications.decline(db, no, "Outside our area", by="reg")
    assert places.by_id(db, yes)["status"] == "active" and places.by_id(db, no)["status"] == "archived"
    assert audit_rows(db, "places", yes)[-1] == ("approve", "reg", {"status": "active", "reason": "Approved"})
    assert audit_rows(db, "places", no)[-1] == (
        "decline",
        "reg",
        {"status": "archived", "reason": "Outside our area"},
    )


ANSTEY = {
    **APPLICATION,
    "name": "Anstey Stores",
    "address": "1 The Nook",
    "town": "Anstey",
    "postcode": "LE7 7BP",
}
LE7_MIDDLE = (52.677164, -1.020786)
SHOP_DOOR = {"latitude": "52.6731", "longitude": "-1.1890"}


def applied(db, finders, values=ANSTEY):
    clean, why, problems = applications.check_application(values, *finders)
    assert problems == {}
    return applications.apply(db, clean, why)


def test_an_application_in_anstey_is_placed_only_roughly_and_cannot_be_approved_there(db, finders):
    """The issue's case: LE7's middle is 11 km from Anstey."""
    place_id = applied(db, finders)
    place = places.by_id(db, place_id)
    assert (place["lat"], place["lon"], place["position_source"]) == (*LE7_MIDDLE, "outcode")
    rough = (
        "The position of Anstey Stores is only the middle of the postcode area LE7, not the place itself. "
        "Put the pin on the place’s door, or type its latitude and longitude, before it is shown to the public."
    )
    for typed in (
        {},
        {"latitude": "52.677164", "longitude": "-1.020786"},
        {"latitude": "52.67717", "longitude": "-1.02079"},
    ):
        changes, _, problems = applications.check_approval({"note": "", **typed}, place, finders[1])
        assert (changes, problems) == ({}, {"position": rough}), typed
    with pytest.raises(places.ChangeRefused, match="The position of Anstey Stores is only the middle"):
        applications.approve(db, place_id, "", by="reg")
    assert places.by_id(db, place_id)["status"] == "applied"


def test_approving_with_the_position_pinned_publishes_it_there(db, finders, client):
    place_id = applied(db, finders)
    changes, note, problems = applications.check_approval(
        {"note": "Visited 20 November", **SHOP_DOOR}, places.by_id(db, place_id), finders[1]
    )
    assert problems == {} and note == "Visited 20 November"
    assert changes == {
        "lat": 52.6731,
        "lon": -1.189,
        "position_source": "confirmed",
        "district_code": "E07000130",
    }
    applications.approve(db, place_id, note, by="reg", changes=changes)
    place = places.by_id(db, place_id)
    assert (place["status"], place["lat"], place["position_source"]) == ("active", 52.6731, "confirmed")
    action, user, after = audit_rows(db, "places", place_id)[-1]
    assert (action, user, after["reason"], after["position_source"], after["lat"]) == (
        "approve",
        "reg",
        "Visited 20 November",
        "confirmed",
        52.6731,
    ), "the position confirmed is in the approval's entry of the history"
    nearest = client.get("/api/v1/places/nearest?lat=52.6731&lon=-1.1890").get_json()["places"]
    assert [(p["id"], p["distance_m"]) for p in nearest] == [(place_id, 0)]


@pytest.mark.parametrize(
    "typed, message",
    [
        ({"latitude": "52.67", "longitude": ""}, "Give both a latitude and a longitude."),
        ({"latitude": "north", "longitude": "-1.18"}, "The latitude must be a number, like 52.636."),
        (
            {"latitude": "-1.189", "longitude": "52.6731"},
            "The position -1.189, 52.6731 is not in the UK (are latitude and longitude the right way round?).",
        ),
    ],
)
def test_a_mistyped_position_is_explained(db, finders, typed, message):
    place = places.by_id(db, applied(db, finders))
    changes, _, problems = applications.check_approval(typed, place, finders[1])
    assert (changes, problems) == ({}, {"position": message})


def test_a_position_already_confirmed_may_be_approved_as_it_is(db, finders):
    place_id = add_place(db, 52.6731, -1.189, status="applied", name="Pinned Shop")
    place = places.by_id(db, place_id)
    changes, _, problems = applications.check_approval(
        {"latitude": "52.6731", "longitude": "-1.189"}, place, finders[1]
    )
    assert problems == {} and changes["position_source"] == "confirmed" and changes["lat"] == 52.6731
    _, _, problems = applications.check_approval({"latitude": "", "longitude": ""}, place, finders[1])
    assert problems == {"position": places.GIVE_THE_POSITION}


def test_an_approval_racing_a_decline_never_publishes_the_declined_place(app, db, monkeypatch):
    place_id = add_place(db, 52.63, -1.13, status="applied", name="New Shop")
    other = database.open_app_db(app)
    real, declined = applications._waiting, {}

    def decline():
        try:
            applications.decline(other, place_id, "Outside our area", by="bob")
            declined["outcome"] = "declined"
        except places.ChangeRefused as refused:
            declined["outcome"] = str(refused)

    def decline_meanwhile(db_, place_id_):
        """The approval has seen the application waiting; now a decline is sent from elsewhere."""
        monkeypatch.setattr(applications, "_waiting", real)
        place = real(db_, place_id_)
        declined["thread"] = threading.Thread(target=decline)
        declined["thread"].start()
        declined["thread"].join(0.5)
        return place

    monkeypatch.setattr(applications, "_waiting", decline_meanwhile)
    applications.approve(db, place_id, "", by="ann")
    declined["thread"].join(10)
    other.close()
    assert declined["outcome"] == "New Shop is not waiting for a decision: it is active."
    assert [a[0] for a in audit_rows(db, "places", place_id)] == ["approve"]
    assert places.by_id(db, place_id)["status"] == "active"


@pytest.mark.parametrize("decide", [applications.approve, applications.decline])
def test_only_waiting_applications_can_be_decided(db, decide):
    place_id = add_place(db, 52.63, -1.13, status="active", name="Busy Shop")
    with pytest.raises(places.ChangeRefused, match="Busy Shop is not waiting for a decision: it is active."):
        decide(db, place_id, "reason", by="reg")
    assert places.by_id(db, place_id)["status"] == "active"


# Checks


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"kind": "audit"}, "kind", "Choose what kind of check it was."),
        ({"checked_on": ""}, "checked_on", "Enter the date of the check, for example 23/11/2026."),
        (
            {"checked_on": "32/1/2026"},
            "checked_on",
            "“32/1/2026” is not a date we can read. Write it like 23/11/2026.",
        ),
        (
            {"checked_on": "24/11/2026"},
            "checked_on",
            "The date of the check cannot be in the future: today is 23 November 2026.",
        ),
        (
            {"checked_on": "1/1/1999"},
            "checked_on",
            "The date of the check must be in the year 2000 or later.",
        ),
        ({"result": "maybe"}, "result", "Say whether the place passed or failed."),
        ({"notes": "x" * 1001}, "notes", "The notes must be 1000 characters or fewer (you wrote 1001)."),
    ],
)
def test_check_problems(changes, field, message):
    typed = {"kind": "annual review", "checked_on": "23/11/2026", "result": "passed", "notes": "", **changes}
    _, problems = checks.check_check(typed, TODAY)
    assert problems == {field: message}


@pytest.mark.parametrize(
    "kind, checked_on, next_review",
    [
        ("annual review", date(2026, 11, 23), "2027-11-23"),
        ("mystery shopper", date(2026, 3, 31), "2027-03-31"),
        ("annual review", date(2028, 2, 29), "2029-02-28"),
        ("mystery shopper", date(2028, 2, 29), "2029-02-28"),
    ],
)
def test_a_passed_review_sets_the_next_one_a_year_on(db, kind, checked_on, next_review):
    place_id = add_place(db, 52.63, -1.13, next_review_due="2026-01-01")
    check = {"kind": kind, "checked_on": checked_on, "passed": True, "notes": ""}
    check_id = checks.record_check(db, place_id, check, by="reg")
    assert places.by_id(db, place_id)["next_review_due"] == next_review
    assert [a[0] for a in audit_rows(db, "places", place_id)] == ["check", "edit"]
    assert audit_rows(db, "places", place_id)[1][2] == {"next_review_due": next_review}
    assert audit_rows(db, "checks", check_id)[0][:2] == ("create", "reg")


def test_a_check_in_the_place_history_says_what_it_was(db):
    place_id = add_place(db, 52.63, -1.13)
    for result, notes in ((False, "Nobody knew the scheme."), (True, "")):
        checks.record_check(
            db,
            place_id,
            {"kind": "mystery shopper", "checked_on": date(2026, 3, 1), "passed": result, "notes": notes},
            by="reg",
        )
    entries = [e for e in places.history_words(audit.history(db, "places", place_id)) if e["detail"]]
    assert [(e["action"], e["detail"]) for e in entries] == [
        ("Check recorded", "Mystery shopper on 1 March 2026: passed."),
        ("Check recorded", "Mystery shopper on 1 March 2026: failed. Notes: Nobody knew the scheme."),
    ]


@pytest.mark.parametrize(
    "email, good",
    [
        ("ann@example.org", True),
        ("ann.o'neil+keepsafe@mail.example.co.uk", True),
        ("ann@example.org.", False),
        ("ann@example", False),
        ("ann@@example.org", False),
        ("ann @example.org", False),
    ],
)
def test_one_email_rule_for_applications_place_forms_and_accounts(db, finders, email, good):
    _, _, application = applications.check_application({**APPLICATION, "contact_email": email}, *finders)
    _, place_form = places.check_place_form(
        {
            "name": "Shop",
            "address": "1 High Street",
            "town": "Leicester",
            "postcode": "LE1 6EZ",
            "category": "shop",
            "contact_email": email,
        }
    )
    account = auth.check_new_account(db, email, "correct horse battery", "admin")
    assert [
        "contact_email" not in application,
        "contact_email" not in place_form,
        "email" not in account,
    ] == [good] * 3


def test_a_failed_check_changes_nothing_but_is_in_the_place_history(db):
    place_id = add_place(db, 52.63, -1.13, next_review_due="2026-12-01")
    check = {
        "kind": "mystery shopper",
        "checked_on": TODAY,
        "passed": False,
        "notes": "Nobody knew the scheme.",
    }
    check_id = checks.record_check(db, place_id, check, by="reg")
    place = places.by_id(db, place_id)
    assert (place["status"], place["next_review_due"]) == ("active", "2026-12-01")
    assert audit_rows(db, "places", place_id) == [
        (
            "check",
            "reg",
            {
                "check_id": check_id,
                "kind": "mystery shopper",
                "checked_on": "2026-11-23",
                "outcome": "failed",
                "notes": "Nobody knew the scheme.",
            },
        )
    ]
    assert [row["id"] for row in checks.failed_checks(db, TODAY)] == [check_id]
    assert checks.failed_checks(db, date(2027, 11, 23)) == []  # more than a year ago by then


def test_training_sets_the_training_date_and_a_first_review(db):
    place_id = add_place(db, 52.63, -1.13)
    checks.record_check(
        db,
        place_id,
        {"kind": "training", "checked_on": date(2026, 5, 1), "passed": True, "notes": ""},
        by="reg",
    )
    place = places.by_id(db, place_id)
    assert (place["staff_trained_on"], place["next_review_due"]) == ("2026-05-01", "2027-05-01")
    checks.record_check(
        db,
        place_id,
        {"kind": "training", "checked_on": date(2026, 9, 1), "passed": True, "notes": ""},
        by="reg",
    )
    place = places.by_id(db, place_id)
    assert (place["staff_trained_on"], place["next_review_due"]) == ("2026-09-01", "2027-05-01")


def test_a_check_recorded_late_never_moves_dates_back(db):
    place_id = add_place(db, 52.63, -1.13, next_review_due="2027-10-01", staff_trained_on="2026-10-01")
    for kind in ("annual review", "training"):
        checks.record_check(
            db,
            place_id,
            {"kind": kind, "checked_on": date(2026, 1, 5), "passed": True, "notes": ""},
            by="reg",
        )
    place = places.by_id(db, place_id)
    assert (place["next_review_due"], place["staff_trained_on"]) == ("2027-10-01", "2026-10-01")


# Visits


def test_the_visits_table_has_no_place_for_personal_details(db):
    assert [column.name for column in db["visits"].columns] == [
        "id",
        "place_id",
        "visited_on",
        "reason",
        "created_at",
    ]
    assert [column.name for column in db["visit_outcomes"].columns] == ["visit_id", "outcome"]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"visited_on": "tomorrow"},
            "visited_on",
            "“tomorrow” is not a date we can read. Write it like 23/11/2026.",
        ),
        (
            {"visited_on": "2026-11-24"},
            "visited_on",
            "The date of the visit cannot be in the future: today is 23 November 2026.",
        ),
        ({"reason": "bored"}, "reason", "Choose why the person came in."),
        ({"outcomes": []}, "outcomes", "Choose what the staff did: one or more of the things listed."),
        (
            {"outcomes": ["phoned police", "wrote down their name"]},
            "outcomes",
            "Choose what the staff did: one or more of the things listed.",
        ),
    ],
)
def test_visit_problems(changes, field, message):
    typed = {"visited_on": "23/11/2026", "reason": "lost", "outcomes": ["helped on the spot"], **changes}
    assert visits.check_visit(typed, TODAY)[1] == {field: message}


def test_a_visit_is_recorded_and_audited(db):
    place_id = add_place(db, 52.63, -1.13)
    visit, _ = visits.check_visit(
        {
            "visited_on": "23/11/2026",
            "reason": "scared",
            "outcomes": ["helped on the spot", "phoned police", "phoned police"],
        },
        TODAY,
    )
    visit_id = visits.record_visit(db, place_id, visit, by="reg")
    [row] = visits.visits_to(db, place_id)
    assert (row["id"], row["visited_on"], row["reason"], row["outcomes"]) == (
        visit_id,
        "2026-11-23",
        "scared",
        ["phoned police", "helped on the spot"],
    )
    action, user, after = audit_rows(db, "visits", visit_id)[0][:3]
    assert (action, user) == ("create", "reg")


def test_the_migration_moves_each_visits_one_outcome_to_its_list(tmp_path):
    db = database.connect(tmp_path / "old.db")
    before = database.MIGRATIONS.index(database._visit_outcomes)
    db.conn.execute("BEGIN IMMEDIATE")
    for migration in database.MIGRATIONS[:before]:
        migration(db)
    db.conn.execute(f"PRAGMA user_version = {before}")
    db.conn.execute("COMMIT")
    place_id = add_place(db, 52.63, -1.13)
    db.conn.execute(
        "INSERT INTO visits (place_id, visited_on, reason, outcome, created_at) "
        "VALUES (?, '2026-11-01', 'lost', 'phoned police', '2026-11-01T10:00:00+00:00')",
        [place_id],
    )
    db.conn.commit()
    database.migrate(db)
    [row] = visits.visits_to(db, place_id)
    assert row["outcomes"] == ["phoned police"] and "outcome" not in row
    db.close()


def test_the_report_counts_visits_by_month_district_and_reason(app, db):
    districts = geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])
    leicester = add_place(db, 52.6360, -1.1330, district_code="E06000016")
    melton = add_place(db, 52.7650, -0.8860, district_code="E07000133")
    elsewhere = add_place(db, 53.48, -2.24, district_code=None)
    for place_id, day, reason in [
        (leicester, "2026-11-01", "lost"),
        (leicester, "2026-11-20", "lost"),
        (melton, "2026-11-02", "unwell"),
        (elsewhere, "2025-12-01", "hate incident"),
        (leicester, "2025-11-30", "lost"),  # more than 12 months ago
        (leicester, "2026-11-24", "lost"),
    ]:  # after today
        visit_id = (
            db["visits"]
            .insert(
                {
                    "place_id": place_id,
                    "visited_on": day,
                    "reason": reason,
                    "created_at": "2026-11-23T00:00:00+00:00",
                }
            )
            .last_pk
        )
        db["visit_outcomes"].insert_all(
            {"visit_id": visit_id, "outcome": outcome}
            for outcome in (
                ["helped on the spot", "phoned police"] if reason == "lost" else ["phoned police"]
            )
        )
    db.conn.commit()
    by_district = visits.visits_by_district(db, TODAY, districts)
    assert by_district.caption == "Visits each month by district, December 2025 to November 2026"
    assert by_district.columns[-1] == "Outside the area" and by_district.columns[0] == "Blaby"
    assert [row[0] for row in by_district.rows] == [f"{m:%B %Y}" for m in visits.report_months(TODAY)]
    assert by_district.rows[0][0] == "December 2025" and by_district.rows[-1][0] == "November 2026"
    counts = dict(zip(by_district.columns, by_district.rows[-1][1], strict=True))
    assert (counts["Leicester"], counts["Melton"], counts["Outside the area"]) == (2, 1, 0)
    assert dict(zip(by_district.columns, by_district.rows[0][1], strict=True))["Outside the area"] == 1
    assert (by_district.rows[-1][2], by_district.total) == (3, 4)
    by_reason = visits.visits_by_reason(db, TODAY)
    assert by_reason.columns == list(visits.REASONS)
    assert dict(zip(by_reason.columns, by_reason.totals, strict=True)) == {
        "lost": 2,
        "scared": 0,
        "bullied or harassed": 0,
        "hate incident": 1,
        "unwell": 1,
        "lost phone, money or bus pass": 0,
        "other": 0,
    }
    by_outcome = visits.visits_by_outcome(db, TODAY)
    assert dict(zip(by_outcome.columns, by_outcome.totals, strict=True)) == {
        "phoned the card contact": 0,
        "phoned police": 4,
        "phoned ambulance": 0,
        "helped on the spot": 2,
    }
    assert by_outcome.total == 6  # things done in 4 visits
