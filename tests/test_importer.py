import json

import pytest

from safeplaces import config, geo, importer, locate

HEADER = "name,address,town,postcode,latitude,longitude,phone,opening_hours,category\n"
CAFE = "Granby Street Café,41 Granby Street,Leicester,LE1 6EZ,52.6340,-1.1310,0116 496 0107,Mo-Sa 08:00-18:00,café\n"
LIBRARY = "Oakham Library,Catmos Street,Oakham,LE15 6HW,52.6699,-0.7298,0116 496 0200,Mo-Fr 09:00-17:00,library\n"


@pytest.fixture
def run(db):
    districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
    gazetteer = locate.load_gazetteer(str(config.DATA / "uk-outcodes.csv"), str(config.DATA / "llr-places.csv"))

    def run(text, **options):
        rows = importer.read_rows(text.encode("utf-8") if isinstance(text, str) else text)
        return importer.import_places(db, rows, locator=locate.Locator(gazetteer, "LLR", None, db),
                                      districts=districts, by="tester", **options)
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
        "granby-street-cafe-leicester", "active", "LE1 6EZ", "0116 496 0107")
    assert (cafe["district_code"], library["district_code"]) == ("E06000016", "E06000017")
    assert cafe["is_demo"] == 0 and cafe["updated_by"] == "tester"


def test_one_bad_row_means_nothing_is_imported(run, db):
    bad = ("No Postcode Shop,1 High Street,Leicester,,52.6,-1.1,,,shop\n"
           ",2 High Street,Leicester,LE1 1AA,52.6,-1.1,01164960001,Mo-Fr 9-5,spaceport\n")
    assert problems_of(run, HEADER + CAFE + bad + LIBRARY) == [
        "Row 3: the postcode is missing.",
        "Row 4: the name is missing; the opening hours are not in the usual format, for example "
        "Mo-Fr 09:00-17:00; Sa 10:00-16:00 (problem at character 7; expected EOI, any_rule_separator, "
        "rules_modifier, timespan, or holiday); 'spaceport' is not a category we know; use one of: "
        "library, council office, shop, café, pharmacy, supermarket, leisure centre, police station, "
        "community centre, museum, bus station, health centre, place of worship, bank, post office, pub, other.",
    ]
    assert db["places"].count == 0 and db["audit"].count == 0


def test_importing_again_updates_instead_of_duplicating(run, db):
    run(HEADER + CAFE + LIBRARY)
    slug = db.execute("SELECT slug FROM places WHERE name = 'Granby Street Café'").fetchone()[0]
    changed = CAFE.replace("0116 496 0107", "0116 496 0999").replace("Granby Street Café", "GRANBY STREET CAFÉ")
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
    assert [(r["action"], r["entity"], r["user"]) for r in rows] == [("import: create", "places", "tester")] * 2
    assert json.loads(rows[0]["after"])["name"] == "Granby Street Café"


def test_the_same_place_twice_in_one_file_is_refused(run):
    assert problems_of(run, HEADER + CAFE + LIBRARY + CAFE.lower()) == [
        "Row 4: it has the same name and postcode as row 2."]


def test_missing_columns_are_named(run):
    assert problems_of(run, "name,address,town\nA,B,C\n") == [
        "Row 1: the file has no column called postcode, latitude, longitude, phone, opening_hours, category."]


def test_a_file_that_is_not_utf8_is_refused(run):
    assert problems_of(run, (HEADER + CAFE).encode("latin-1")) == [
        "Row 1: the file is not UTF-8 text (save it as “CSV UTF-8”)."]


def test_a_spreadsheet_byte_order_mark_and_capitals_in_the_header_are_fine(run, db):
    run(("\ufeff" + HEADER.upper() + CAFE).encode("utf-8"))
    assert db["places"].count == 1


def test_a_row_with_too_many_values_is_refused(run):
    assert problems_of(run, HEADER + CAFE.rstrip("\n") + ",extra\n") == [
        "Row 2: the row has more values than the file has columns."]


def test_without_a_position_or_a_geocoder_a_row_is_refused(run, db):
    row = CAFE.replace("52.6340,-1.1310", ",")
    assert problems_of(run, HEADER + row) == [
        "Row 2: the latitude and longitude are missing, and the postcode only gives the rough centre "
        "of LE1; add them, or allow approximate positions."]
    result = run(HEADER + row, allow_approximate=True)
    assert result.created == 1 and result.notes == ["Row 2: placed at the rough centre of LE1."]
    assert db.execute("SELECT lat, lon FROM places").fetchone() == (52.63265, -1.128715)


def test_a_postcode_in_an_unknown_area_is_refused(run):
    row = CAFE.replace("52.6340,-1.1310", ",").replace("LE1 6EZ", "ZZ9 9ZZ")
    assert problems_of(run, HEADER + row, allow_approximate=True) == [
        "Row 2: We could not find the postcode ZZ9 9ZZ. Check it, or type a town."]


def test_a_quote_that_is_never_closed_is_explained(run, db):
    unclosed = CAFE.replace("41 Granby Street", '"41 Granby Street') + LIBRARY + "x" * 140_000 + "\n"
    problems = problems_of(run, HEADER + unclosed)
    assert len(problems) == 1 and "a quotation mark (\") is not closed" in problems[0]
    assert db["places"].count == 0
