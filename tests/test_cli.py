import csv
import re
from collections import Counter
from datetime import date

import pytest

from safeplaces import checks, config, geo, hours, visits
from tests.test_importer import CAFE, HEADER, LIBRARY

README = (config.ROOT / "README.md").read_text()


def test_seed_demo_loads_places_in_every_district(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    rows = list(db.query("SELECT * FROM places"))
    assert len(rows) >= 60
    assert all(row["is_demo"] == 1 and row["status"] == "active" for row in rows)
    districts = geo.load_districts(str(config.DATA / "llr-districts.geojson"))
    per_district = Counter(row["district_code"] for row in rows)
    assert set(per_district) == {d.code for d in districts.districts}
    assert min(per_district.values()) >= 4
    assert len({row["category"] for row in rows}) >= 8
    for row in rows:
        assert hours.read(row["opening_hours"]).changed is False, row["opening_hours"]
    assert all(re.fullmatch(r"0116 496 0\d{3}", row["phone"]) for row in rows if row["phone"])


def test_seed_demo_twice_changes_nothing(runner, db):
    runner.invoke(args=["seed-demo"])
    count = db["places"].count
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert f"0 new, 0 updated, {count} unchanged" in result.output
    assert db["places"].count == count


def test_seed_demo_remove(runner, db, tmp_path):
    runner.invoke(args=["seed-demo"])
    real = tmp_path / "real.csv"
    real.write_text(HEADER + CAFE)
    runner.invoke(args=["import-places", str(real)])
    demo_id = db.execute("SELECT id FROM places WHERE is_demo = 1").fetchone()[0]
    check, problems = checks.check_check(
        {"kind": "training", "checked_on": "2026-11-02", "result": "passed"}, today=date(2026, 11, 23)
    )
    assert problems == {}
    checks.record_check(db, demo_id, check, by="test")
    visit = {
        "visited_on": date(2026, 11, 20),
        "reason": visits.REASONS[0],
        "outcomes": list(visits.OUTCOMES[:2]),
    }
    visits.record_visit(db, demo_id, visit, by="test")
    result = runner.invoke(args=["seed-demo", "--remove"])
    assert result.exit_code == 0 and "Removed" in result.output, result.output
    assert [row["name"] for row in db.query("SELECT name FROM places")] == ["Granby Street Café"]
    assert {row["entity"] for row in db.query("SELECT entity FROM audit")} == {"places"}
    assert (db["checks"].count, db["visits"].count, db["visit_outcomes"].count) == (0, 0, 0)


def test_import_places_command(runner, db, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + CAFE + LIBRARY)
    result = runner.invoke(args=["import-places", str(path)])
    assert result.exit_code == 0
    assert "Imported places.csv: 2 new, 0 updated, 0 unchanged." in result.output
    assert db["places"].count == 2


def test_the_command_says_a_workbook_is_not_csv_as_the_import_page_does(runner, db, tmp_path):
    path = tmp_path / "places.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    result = runner.invoke(args=["import-places", str(path)])
    assert result.exit_code == 1
    assert "Nothing was imported: The file is a spreadsheet workbook, not a CSV file." in result.output
    assert db["places"].count == 0


def test_import_places_command_refuses_a_bad_file(runner, db, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + CAFE + CAFE.replace("LE1 6EZ", "LE1"))
    result = runner.invoke(args=["import-places", str(path)])
    assert result.exit_code == 1
    assert "Row 3: 'LE1' is not a full UK postcode, for example LE1 5FQ." in result.output
    assert "Nothing was imported: 1 row(s) need fixing first." in result.output
    assert db["places"].count == 0


def test_import_places_needs_a_file_that_exists(runner):
    result = runner.invoke(args=["import-places", "/nowhere/places.csv"])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_a_long_file_shows_progress(runner, tmp_path):
    rows = [CAFE.replace("Granby Street Café", f"Café {n}") for n in range(1200)]
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(rows))
    result = runner.invoke(args=["import-places", str(path)])
    assert result.exit_code == 0
    assert "Checking rows" in result.output
    assert "1200 new" in result.output


def our_commands(app):
    return {name: command for name, command in app.cli.commands.items()}


def test_every_command_has_help_and_is_in_the_readme(app):
    assert set(our_commands(app)) >= {"init-db", "seed-demo", "import-places"}
    for name, command in our_commands(app).items():
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"`{name}" in README, f"{name} is not described in README.md"


@pytest.mark.parametrize("command", ["seed-demo", "import-places", "init-db"])
def test_command_help_runs(runner, command):
    result = runner.invoke(args=[command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_ci_runs_the_readmes_test_command():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert len(commands) >= 2 and "pytest" in commands[1]
    assert commands[1] in (config.ROOT / ".ci" / "run").read_text()


def test_seed_demo_never_updates_or_removes_a_real_place(runner, db, tmp_path):
    demo_lines = (config.DATA / "demo-places.csv").read_text(encoding="utf-8").splitlines()
    demo_count = len(demo_lines) - 1
    name = demo_lines[1].split(",")[0]
    real = tmp_path / "real.csv"
    real.write_text(HEADER + demo_lines[1].replace("0116 496 0100", "0116 496 0999") + "\n")
    assert runner.invoke(args=["import-places", str(real)]).exit_code == 0
    real_id = db.execute("SELECT id FROM places").fetchone()[0]
    check, _ = checks.check_check(
        {"kind": "training", "checked_on": "2026-11-02", "result": "passed"}, today=date(2026, 11, 23)
    )
    checks.record_check(db, real_id, check, by="test")
    before = db["places"].get(real_id)

    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert (
        "Row 2: not loaded, because a real place with this name and postcode is registered. "
        "The real place was left as it is."
    ) in result.output
    assert f"{demo_count - 1} new, 0 updated, 0 unchanged, 1 not loaded." in result.output
    assert db.execute("SELECT id FROM places WHERE name = ?", [name]).fetchall() == [(real_id,)]
    assert (
        db["places"].get(real_id) == before and before["is_demo"] == 0 and before["phone"] == "0116 496 0999"
    )
    assert runner.invoke(args=["seed-demo"]).output.count("not loaded") == 2  # the note and the count

    assert runner.invoke(args=["seed-demo", "--remove"]).exit_code == 0
    assert db.execute("SELECT id, is_demo FROM places").fetchall() == [(real_id, 0)]
    assert db["checks"].count == 1
    assert {row["entity"] for row in db.query("SELECT entity FROM audit")} == {"places", "checks"}


def test_a_real_import_claims_a_demonstration_place_so_removing_the_demo_keeps_it(runner, db, tmp_path):
    runner.invoke(args=["seed-demo"])
    demo = next(db.query("SELECT * FROM places WHERE is_demo = 1 ORDER BY id LIMIT 1"))
    real = tmp_path / "real.csv"
    with real.open("w", newline="", encoding="utf-8") as f:
        f.write(HEADER)
        csv.writer(f).writerow(
            [
                demo["name"],
                demo["address"],
                demo["town"],
                demo["postcode"],
                demo["lat"],
                demo["lon"],
                demo["phone"],
                demo["opening_hours"],
                demo["category"],
            ]
        )
    result = runner.invoke(args=["import-places", str(real)])
    assert result.exit_code == 0 and "1 updated" in result.output
    runner.invoke(args=["seed-demo", "--remove"])
    kept = list(db.query("SELECT * FROM places"))
    assert [(p["id"], p["is_demo"]) for p in kept] == [(demo["id"], 0)]


def test_an_exported_demonstration_row_does_not_claim_its_place(runner, db, tmp_path, app):
    from safeplaces import importer

    runner.invoke(args=["seed-demo"])
    exported = tmp_path / "export.csv"
    exported.write_text(importer.export_csv(db), encoding="utf-8")
    result = runner.invoke(args=["import-places", str(exported)])
    assert result.exit_code == 0 and "0 new, 0 updated" in result.output
    assert db.execute("SELECT count(*) FROM places WHERE is_demo = 0").fetchone()[0] == 0
