import json
import sqlite3
import uuid

import pytest

from safeplaces import audit, config, geo, importer, locate, places
from safeplaces import db as database
from tests.helpers import add_place

HEADER = "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\n"
CAFE = "Granby Street Café,41 Granby Street,Leicester,LE1 6EZ,52.6340,-1.1310,0116 496 0107,Mo-Sa 08:00-18:00; PH off,café\n"
LIBRARY = (
    "Oakham Library,Catmos Street,Oakham,LE15 6HW,52.6699,-0.7298,0116 496 0200,Mo-Fr 09:00-17:00,library\n"
)


@pytest.fixture
def run(db):
    districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
    gazetteer = locate.gazetteer_for(config.DEFAULTS)

    def run(text, **options):
        rows = importer.read_rows(text.encode("utf-8") if isinstance(text, str) else text)
        return importer.import_places(
            db,
            rows,
            locator=locate.Locator(gazetteer, "LLR", None, db),
            districts=districts,
            by="tester",
            **options,
        )

    return run


def problems_of(run, text, **options):
    with pytest.raises(importer.ImportRefused) as refused:
        run(text, **options)
    return [str(problem) for problem in refused.value.problems]


def test_a_good_file_is_imported_as_active_places(run, db):
    result = run(HEADER + CAFE + LIBRARY)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    cafe, library = db.query("SELECT * FROM places ORDER BY id")
    assert (cafe["slug"], cafe["status"], cafe["postcode"], cafe["phone"]) == (
        "granby-street-cafe-leicester",
        "active",
        "LE1 6EZ",
        "0116 496 0107",
    )
    assert (cafe["district_code"], library["district_code"]) == ("E06000016", "E06000017")
    assert cafe["is_demo"] == 0 and cafe["updated_by"] == "tester"


def test_one_bad_row_means_nothing_is_imported(run, db):
    bad = (
        "No Postcode Shop,1 High Street,Leicester,,52.6,-1.1,,,shop\n"
        ",2 High Street,Leicester,LE1 1AA,52.6,-1.1,01164960001,Mo-Fr 9-5,spaceport\n"
    )
    assert problems_of(run, HEADER + CAFE + bad + LIBRARY) == [
        "Row 3: the postcode is missing.",
        "Row 4: the name is missing; the opening hours are not in the usual format: “9-5” could mean "
        "09:00-05:00 (through the night) or 09:00-17:00; write the one you mean with the 24-hour clock, or with "
        "am and pm; 'spaceport' is not a category we know; use one of: "
        "library, council office, shop, café, pharmacy, supermarket, leisure centre, police station, "
        "community centre, museum, bus station, health centre, place of worship, bank, post office, pub, other.",
    ]
    assert db["places"].count == 0 and db["audit"].count == 0


def test_importing_again_updates_instead_of_duplicating(run, db):
    run(HEADER + CAFE + LIBRARY)
    slug = db.execute("SELECT slug FROM places WHERE name = 'Granby Street Café'").fetchone()[0]
    changed = CAFE.replace("0116 496 0107", "0116 496 0999").replace(
        "Granby Street Café", "GRANBY STREET CAFÉ"
    )
    result = run(HEADER + changed + LIBRARY)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert db["places"].count == 2
    row = next(db.query("SELECT * FROM places WHERE postcode = 'LE1 6EZ'"))
    assert (row["phone"], row["slug"], row["name"]) == ("0116 496 0999", slug, "GRANBY STREET CAFÉ")
    update = next(db.query("SELECT * FROM audit WHERE action = 'import: update'"))
    assert json.loads(update["before"])["phone"] == "0116 496 0107"
    assert json.loads(update["after"]) == {"phone": "0116 496 0999", "name": "GRANBY STREET CAFÉ"}


def test_a_suspended_place_stays_suspended_when_imported_again(run, db):
    run(HEADER + CAFE)
    db.execute("UPDATE places SET status = 'suspended'")
    db.conn.commit()
    run(HEADER + CAFE.replace("0107", "0108"))
    assert db.execute("SELECT status, phone FROM places").fetchone() == ("suspended", "0116 496 0108")


def test_every_new_place_is_audited(run, db):
    run(HEADER + CAFE + LIBRARY)
    rows = list(db.query("SELECT * FROM audit ORDER BY id"))
    assert [(r["action"], r["entity"], r["user"]) for r in rows] == [
        ("import: create", "places", "tester")
    ] * 2
    assert json.loads(rows[0]["after"])["name"] == "Granby Street Café"


def test_the_same_place_twice_in_one_file_is_refused(run):
    assert problems_of(run, HEADER + CAFE + LIBRARY + CAFE.lower()) == [
        "Row 4: it has the same name and postcode as row 2."
    ]


def test_missing_columns_are_named(run):
    assert problems_of(run, "name,address,town\nA,B,C\n") == [
        "Row 1: the file has no column called postcode, latitude, longitude, phone, opening_hours, category."
    ]


def test_a_file_that_is_not_utf8_is_refused(run):
    assert problems_of(run, (HEADER + CAFE).encode("latin-1")) == [
        "Row 1: the file is not UTF-8 text (save it as “CSV UTF-8”)."
    ]


def test_a_spreadsheet_byte_order_mark_and_capitals_in_the_header_are_fine(run, db):
    run(("\ufeff" + HEADER.upper() + CAFE).encode("utf-8"))
    assert db["places"].count == 1


def test_a_row_with_too_many_values_is_refused(run):
    assert problems_of(run, HEADER + CAFE.rstrip("\n") + ",extra\n") == [
        "Row 2: the row has more values than the file has columns."
    ]


def test_without_a_position_or_a_geocoder_a_row_is_refused(run, db):
    row = CAFE.replace("52.6340,-1.1310", ",")
    assert problems_of(run, HEADER + row) == [
        "Row 2: the latitude and longitude are missing, and the postcode gives only the middle of the "
        "postcode area LE1; add them, or allow approximate positions (such a new place waits in the "
        "applications until its position is confirmed)."
    ]
    result = run(HEADER + row, allow_approximate=True)
    assert result.created == 1 and result.notes == [
        "Row 2: added as an application, not shown to the public, because it has no latitude and "
        "longitude (its postcode gives only the middle of the postcode area LE1). Approve it in the "
        "applications, putting the pin on its door."
    ]
    assert db.execute("SELECT lat, lon, position_source, status FROM places").fetchone() == (
        52.63265,
        -1.128715,
        "outcode",
        "applied",
    )


def test_a_row_without_a_position_never_adds_a_public_place(run, db, client):
    run(HEADER + CAFE.replace("52.6340,-1.1310", ","), allow_approximate=True)
    [place] = db.query("SELECT * FROM places")
    assert place["status"] == "applied" and places.active_by_id(db, place["id"]) is None
    assert client.get(f"/places/{place['slug']}").status_code == 404
    assert client.get("/api/v1/places/nearest?q=LE1+6EZ").get_json()["places"] == []


class FullPostcodes:
    """A geocoder that knows one full postcode exactly (as Nominatim would)."""

    def postcode(self, postcode):
        return (postcode, 52.6341, -1.1312) if postcode == "LE1 6EZ" else None

    def place(self, name):
        return None


def test_a_full_postcode_found_by_a_geocoder_is_still_only_a_starting_point(db):
    districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
    gazetteer = locate.gazetteer_for(config.DEFAULTS)
    result = importer.import_places(
        db,
        importer.read_rows(HEADER + CAFE.replace("52.6340,-1.1310", ",")),
        locator=locate.Locator(gazetteer, "LLR", FullPostcodes(), db),
        districts=districts,
        by="tester",
    )
    assert result.created == 1 and "the middle of the postcode LE1 6EZ" in result.notes[0]
    assert db.execute("SELECT lat, lon, position_source, status FROM places").fetchone() == (
        52.6341,
        -1.1312,
        "postcode",
        "applied",
    )


def test_positions_typed_in_the_file_are_given_by_the_file_and_public(run, db):
    run(HEADER + CAFE)
    assert db.execute("SELECT position_source, status FROM places").fetchone() == ("file", "active")


def test_an_unchanged_position_keeps_a_confirmed_source_and_a_moved_one_is_the_files(run, db):
    run(HEADER + CAFE)
    db.execute("UPDATE places SET position_source = 'confirmed'")
    db.conn.commit()
    assert run(HEADER + CAFE).unchanged == 1
    assert db.execute("SELECT position_source FROM places").fetchone() == ("confirmed",)
    run(HEADER + CAFE.replace("52.6340", "52.6345"))
    assert db.execute("SELECT lat, position_source FROM places").fetchone() == (52.6345, "file")


def test_the_export_says_how_each_position_was_found_and_that_is_not_imported(run, db):
    run(HEADER + CAFE + LIBRARY.replace("52.6699,-0.7298", ","), allow_approximate=True)
    exported = importer.export_csv(db)
    rows = importer.read_rows(exported)
    assert [(r["name"], r["position_source"], r["status"]) for r in rows] == [
        ("Granby Street Café", "file", "active"),
        ("Oakham Library", "outcode", "applied"),
    ]
    claimed = exported.replace(",outcode,", ",confirmed,").replace(",applied,", ",active,")
    result = run(claimed)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert db.execute("SELECT position_source, status FROM places ORDER BY id").fetchall() == [
        ("file", "active"),
        ("outcode", "applied"),
    ]


def test_an_export_loaded_into_a_new_database_publishes_only_what_was_public(run, db, tmp_path):
    rough = LIBRARY.replace("52.6699,-0.7298", ",")
    declined = CAFE.replace("Granby Street Café", "Declined Café")
    archived = CAFE.replace("Granby Street Café", "Closed Café")
    run(HEADER + CAFE + declined + archived + rough, allow_approximate=True)
    db.execute("UPDATE places SET status = 'applied' WHERE name = 'Declined Café'")
    db.execute("UPDATE places SET status = 'archived' WHERE name = 'Closed Café'")
    db.conn.commit()
    exported = importer.export_csv(db)
    library = next(row for row in importer.read_rows(exported) if row["name"] == "Oakham Library")
    assert (library["latitude"], library["longitude"]) == ("", "")  # a rough position is not the door

    fresh = database.connect(tmp_path / "new.db")
    database.migrate(fresh)
    result = importer.import_places(
        fresh,
        importer.read_rows(exported),
        locator=locate.Locator(locate.gazetteer_for(config.DEFAULTS), "LLR", None, fresh),
        districts=geo.load_districts(str(config.DATA / "llr-districts.geojson")),
        by="tester",
        allow_approximate=True,
    )
    assert result.created == 4
    assert dict(fresh.execute("SELECT name, status FROM places").fetchall()) == {
        "Granby Street Café": "active",
        "Declined Café": "applied",
        "Closed Café": "applied",
        "Oakham Library": "applied",
    }
    assert any("status is “archived”" in note for note in result.notes)
    assert fresh.execute("SELECT position_source FROM places WHERE name = 'Oakham Library'").fetchone() == (
        "outcode",
    )


def test_an_older_export_with_rough_positions_written_out_keeps_them_rough(run, db):
    old_export = (
        HEADER.rstrip("\n") + ",status,position_source\n" + LIBRARY.rstrip("\n") + ",active,outcode\n"
    )
    result = run(old_export)
    assert db.execute("SELECT position_source, status FROM places").fetchone() == ("outcode", "applied")
    assert "only the middle of the postcode area" in result.notes[0]


def test_a_row_saying_its_position_is_rough_never_moves_a_public_place(run, db):
    run(HEADER + CAFE)
    rough = HEADER.rstrip("\n") + ",position_source\n" + CAFE.replace("52.6340,-1.1310", "52.6327,-1.1287")
    result = run(rough.rstrip("\n") + ",outcode\n")
    assert (result.updated, result.unchanged) == (0, 1)
    assert db.execute("SELECT lat, lon, position_source, status FROM places").fetchone() == (
        52.634,
        -1.131,
        "file",
        "active",
    )


def test_hours_as_people_type_them_are_stored_canonical_and_said_back(run, db):
    typed = "Mon-Sat 8am-6pm; bank holidays closed"
    result = run(HEADER + CAFE.replace("Mo-Sa 08:00-18:00; PH off", typed))
    assert db.execute("SELECT opening_hours FROM places").fetchone() == ("Mo-Sa 08:00-18:00; PH off",)
    assert result.notes == [f"Row 2: we read the opening hours “{typed}” as “Mo-Sa 08:00-18:00; PH off”."]
    assert run(HEADER + CAFE).notes == [], "nothing to say when stored as typed"


def test_hours_that_leave_out_bank_holidays_are_named_in_one_note(run, db):
    rows = [CAFE.replace("Café", f"Café {n}").replace("; PH off", "") for n in range(25)]
    result = run(HEADER + "".join(rows) + LIBRARY.replace("Mo-Fr 09:00-17:00", "24/7"))
    assert result.created == 26
    assert result.notes == [
        "The opening hours in rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 "
        "and 5 more do not say whether the place opens on bank holidays, so on a bank holiday the site "
        "says their times are not known. Add “PH off” if the place is closed on bank holidays, or its "
        "bank holiday hours, such as “PH 10:00-16:00”."
    ]
    one = run(HEADER + CAFE.replace("; PH off", "").replace("0107", "0109"))
    assert one.notes[-1].startswith("The opening hours in row 2 do not say")


def test_an_export_with_contact_details_is_audited_and_needs_to_say_who(run, db):
    run(HEADER + CAFE)
    with pytest.raises(ValueError):
        importer.export_csv(db, contacts=True)
    assert "contact_name" not in importer.export_csv(db).splitlines()[0]
    assert db.execute(
        "SELECT count(*) FROM audit WHERE action = 'export with contact details'"
    ).fetchone() == (0,)
    assert "contact_name" in importer.export_csv(db, contacts=True, by="ann@example.org").splitlines()[0]
    entry = next(db.query("SELECT * FROM audit WHERE action = 'export with contact details'"))
    assert (entry["user"], json.loads(entry["after"])) == ("ann@example.org", {"places": 1})


def test_a_postcode_in_an_unknown_area_is_refused(run):
    row = CAFE.replace("52.6340,-1.1310", ",").replace("LE1 6EZ", "ZZ9 9ZZ")
    assert problems_of(run, HEADER + row, allow_approximate=True) == [
        "Row 2: We could not find the postcode ZZ9 9ZZ. Check that it is right."
    ]


def test_a_quote_that_is_never_closed_is_explained(run, db):
    unclosed = CAFE.replace("41 Granby Street", '"41 Granby Street') + LIBRARY + "x" * 140_000 + "\n"
    problems = problems_of(run, HEADER + unclosed)
    assert len(problems) == 1 and 'a quotation mark (") is not closed' in problems[0]
    assert db["places"].count == 0


def test_a_row_placed_by_its_postcode_keeps_a_registered_places_position(run, db):
    run(HEADER + CAFE)
    before = db.execute("SELECT lat, lon, district_code FROM places").fetchone()
    no_position = CAFE.replace("52.6340,-1.1310", ",").replace("0107", "0108")
    result = run(HEADER + no_position, allow_approximate=True)
    assert (result.created, result.updated, result.notes) == (0, 1, [])
    assert db.execute("SELECT lat, lon, district_code, phone FROM places").fetchone() == (
        *before,
        "0116 496 0108",
    )
    update = next(db.query("SELECT * FROM audit WHERE action = 'import: update'"))
    assert json.loads(update["after"]) == {"phone": "0116 496 0108"}
    assert run(HEADER + no_position, allow_approximate=True).unchanged == 1


def test_a_registered_place_without_a_position_gets_its_postcodes(run, db):
    run(HEADER + CAFE)
    db.execute(
        "UPDATE places SET status = 'suspended', lat = NULL, lon = NULL, position_source = NULL, "
        "district_code = NULL"
    )
    db.conn.commit()
    run(HEADER + CAFE.replace("52.6340,-1.1310", ","), allow_approximate=True)
    assert db.execute("SELECT lat, lon, position_source, district_code FROM places").fetchone() == (
        52.63265,
        -1.128715,
        "outcode",
        "E06000016",
    )


FORMULA_LIKE = (
    '"=HYPERLINK(""http://evil.example"")",1 High Street,Leicester,LE1 6EZ,52.6340,-1.1310,,,shop\n'
    "@Home Café,@ the corner,Leicester,LE1 6EZ,52.6340,-1.1310,,,café\n"
    "+Plus Shop,''=already quoted,Leicester,LE1 6EZ,52.6340,-1.1310,,,shop\n"
    "-Minus Shop,2 High Street,-Town,LE1 6EZ,52.6340,-1.1310,,,shop\n"
)


def test_text_that_looks_like_a_formula_survives_an_export_and_import(run, db):
    run(HEADER + FORMULA_LIKE)
    names = [row[0] for row in db.execute("SELECT name FROM places ORDER BY id")]
    assert names == ['=HYPERLINK("http://evil.example")', "@Home Café", "+Plus Shop", "-Minus Shop"]
    exported = importer.export_csv(db)
    assert "'=HYPERLINK" in exported and "'@Home Café" in exported and "''=already quoted" in exported
    result = run(exported)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert (
        db.execute("SELECT address FROM places WHERE name = '+Plus Shop'").fetchone()[0] == "'=already quoted"
    )
    assert db.execute("SELECT town FROM places WHERE name = '-Minus Shop'").fetchone()[0] == "-Town"


def test_one_apostrophe_before_a_formula_character_is_taken_away_and_no_other():
    rows = importer.read_rows(HEADER + "'=Sum Shop,'Tis Here,'',''+x,'@,'-1.13,'+44 116 496 0107,,shop\n")
    assert {
        k: v
        for k, v in rows[0].items()
        if k in ("name", "address", "town", "postcode", "latitude", "longitude", "phone")
    } == {
        "name": "=Sum Shop",
        "address": "'Tis Here",
        "town": "''",
        "postcode": "'+x",
        "latitude": "@",
        "longitude": "-1.13",
        "phone": "+44 116 496 0107",
    }


def test_an_import_holds_the_write_lock_from_its_first_read(run, db, app, monkeypatch):
    """Another writer waits for the import, rather than making its first write fail as "locked"."""
    other = database.connect(app.config["SAFEPLACES_DB"])
    other.conn.execute("PRAGMA busy_timeout = 0")
    told_to_wait = []
    real_slug = places.unique_slug

    def another_writer_between_the_read_and_the_write(*args):
        try:
            with other.conn:
                other.conn.execute(
                    "INSERT INTO geocode_cache (query, lat, lon, label, created_at) "
                    "VALUES ('x', 1, 1, 'x', 'now')"
                )
        except sqlite3.OperationalError as error:
            told_to_wait.append(str(error))
        return real_slug(*args)

    monkeypatch.setattr(places, "unique_slug", another_writer_between_the_read_and_the_write)
    assert run(HEADER + CAFE).created == 1
    assert told_to_wait == ["database is locked"]
    other.close()


@pytest.mark.parametrize("is_demo", [True, False])
def test_when_a_real_and_a_demonstration_place_share_a_name_each_import_updates_its_own_kind(
    run, db, is_demo
):
    for demo in (is_demo, not is_demo):  # its own kind first: by age alone, the other would win
        add_place(
            db,
            52.6340,
            -1.1310,
            is_demo=int(demo),
            name="Granby Street Café",
            postcode="LE1 6EZ",
            phone="0116 496 0107",
        )
    result = run(HEADER + CAFE.replace("0107", "0108"), is_demo=is_demo)
    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    assert db.execute("SELECT is_demo, phone FROM places ORDER BY is_demo").fetchall() == [
        (0, "0116 496 0107" if is_demo else "0116 496 0108"),
        (1, "0116 496 0108" if is_demo else "0116 496 0107"),
    ]


def _search_indexes_match_the_places(db):
    """The R*Tree holds every placed place where it is; FTS5's own check finds its index whole."""
    placed = db.execute("SELECT count(*) FROM places WHERE lat IS NOT NULL").fetchone()[0]
    in_tree = db.execute("SELECT count(*) FROM places_rtree").fetchone()[0]
    where_they_are = db.execute(
        "SELECT count(*) FROM places JOIN places_rtree USING (id) "
        "WHERE abs(min_lat - lat) < 1e-4 AND abs(min_lon - lon) < 1e-4"  # the R*Tree keeps 32-bit floats
    ).fetchone()[0]
    assert placed == in_tree == where_they_are
    db.execute("INSERT INTO places_fts (places_fts) VALUES ('integrity-check')")
    # With rank 1, the check is also made against the places table's own text.
    db.execute("INSERT INTO places_fts (places_fts, rank) VALUES ('integrity-check', 1)")


def test_an_import_fills_the_search_indexes_and_keeps_their_triggers(run, db):
    add_place(db, 52.6, -1.1, name="Already There")
    triggers = sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    run(
        HEADER + CAFE + LIBRARY + "Unplaced Shop,1 High Street,Leicester,LE1 1AA,,,,,shop\n",
        allow_approximate=True,
    )
    run(HEADER + CAFE.replace("41 Granby Street", "43 Granby Street").replace("52.6340", "52.6350"))
    assert (
        sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        == triggers
    )
    _search_indexes_match_the_places(db)
    assert [r[0] for r in db.execute("SELECT rowid FROM places_fts WHERE places_fts MATCH 'oakham'")] == [3]
    add_place(db, 52.7, -1.2, name="Added Later")  # the triggers work again after an import
    _search_indexes_match_the_places(db)


def test_a_failed_import_leaves_the_triggers_and_indexes_as_they_were(run, db, monkeypatch):
    triggers = sorted(db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall())

    def fail(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(audit, "entry", fail)
    with pytest.raises(sqlite3.OperationalError):
        run(HEADER + CAFE)
    assert sorted(db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()) == triggers
    assert db["places"].count == 0
    _search_indexes_match_the_places(db)


def test_an_import_gives_new_places_a_uuid_and_an_update_keeps_it(run, db):
    run(HEADER + CAFE + LIBRARY)
    first = {row["name"]: row["uuid"] for row in db.query("SELECT name, uuid FROM places")}
    assert len(first) == 2 and all(uuid.UUID(u).version == 4 for u in first.values())
    assert run(HEADER + CAFE.replace("0116 496 0107", "0116 496 0999") + LIBRARY).updated == 1
    assert {row["name"]: row["uuid"] for row in db.query("SELECT name, uuid FROM places")} == first
    assert "uuid" not in importer.EXPORT_COLUMNS
