"""Command-line tools, registered on the app: a thin shell over the domain modules."""

import getpass
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import auth, geo, importer, locate
from . import db as database
from .transaction import writing

PROGRESS_FROM_ROWS = 1000


def _who():
    return f"command line ({getpass.getuser()})"


def _progress(rows):
    """The rows, behind a progress bar when there are many of them."""
    if len(rows) < PROGRESS_FROM_ROWS:
        yield from rows
        return
    with click.progressbar(rows, label="Checking rows", file=sys.stderr) as bar:
        yield from bar


def _run_import(data, *, is_demo=False, allow_approximate=False):
    config = current_app.config
    db = database.open_app_db(current_app)
    districts = geo.load_districts(config["SAFEPLACES_DISTRICTS"])
    try:
        rows = importer.read_rows(data)
        locator = locate.locator_for(config, db, districts.bounds())
        return importer.import_places(
            db,
            rows,
            locator=locator,
            districts=districts,
            by=_who(),
            is_demo=is_demo,
            allow_approximate=allow_approximate,
            progress=_progress,
        )
    except importer.ImportRefused as refused:
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"Nothing was imported: {len(refused.problems)} row(s) need fixing first."
        ) from None
    finally:
        db.close()


def _report(result, what):
    for note in result.notes:
        click.echo(note)
    skipped = f", {result.skipped} not loaded" if result.skipped else ""
    click.echo(
        f"{what}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged{skipped}."
    )


@click.command("import-places")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--allow-approximate",
    is_flag=True,
    help="Place rows without latitude and longitude at the centre of their postcode "
    "area when no geocoder can find the postcode exactly. Such new places are added as "
    "applications, never shown to the public until approved with their position.",
)
@with_appcontext
def import_places_command(csv_file, allow_approximate):
    """Import places from a CSV file: all rows, or none if any row is wrong.

    Columns: name, address, town, postcode, latitude, longitude, phone, opening_hours,
    category. A row with the same name and postcode as a registered place updates it; a new
    place from a row without latitude and longitude waits in the applications.
    """
    result = _run_import(csv_file.read_bytes(), allow_approximate=allow_approximate)
    _report(result, f"Imported {csv_file.name}")


@click.command("seed-demo")
@click.option("--remove", is_flag=True, help="Delete the demonstration places instead.")
@with_appcontext
def seed_demo_command(remove):
    """Load the demonstration places (safe to run again), or remove them with --remove.

    While any demonstration place is shown, every page says these are not the official list.
    Only demonstration places are ever updated or removed: a real place with the name and
    postcode of a demonstration place is left as it is, and that demonstration place not loaded.
    """
    if remove:
        db = database.open_app_db(current_app)
        with writing(db):
            count = db.execute("SELECT count(*) FROM places WHERE is_demo = 1").fetchone()[0]
            # Demonstration places are not real venues, so unlike real ones they are deleted,
            # with everything recorded about them, rather than archived.
            demo = "(SELECT id FROM places WHERE is_demo = 1)"
            db.execute(f"DELETE FROM audit WHERE entity = 'places' AND entity_id IN {demo}")
            for table in ("checks", "visits"):
                db.execute(
                    f"DELETE FROM audit WHERE entity = '{table}' AND entity_id IN "
                    f"(SELECT id FROM {table} WHERE place_id IN {demo})"
                )
            db.execute(f"DELETE FROM checks WHERE place_id IN {demo}")
            db.execute(f"DELETE FROM visits WHERE place_id IN {demo}")
            db.execute("DELETE FROM places WHERE is_demo = 1")
        db.close()
        click.echo(f"Removed {count} demonstration places.")
        return
    path = Path(current_app.config["SAFEPLACES_DEMO_PLACES"])
    _report(_run_import(path.read_bytes(), is_demo=True), "Demonstration places")


def _password_twice():
    """The new password, typed twice: at a prompt, or as two lines of standard input."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    first, second = sys.stdin.readline().rstrip("\n"), sys.stdin.readline().rstrip("\n")
    if first != second:
        raise click.ClickException("The two passwords are not the same.")
    return first


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(auth.ROLES),
    required=True,
    help="registrar: manages places; admin: also manages accounts.",
)
@with_appcontext
def create_user_command(email, role):
    """Make an account for the manage area; asks for the password twice.

    When standard input is not a terminal, the password is read from its first two lines.
    """
    password = _password_twice()
    db = database.open_app_db(current_app)
    try:
        problems = auth.check_new_account(db, email, password, role)
        if problems:
            raise click.ClickException(" ".join(problems.values()))
        auth.create_user(db, email, password, role, by=_who())
    finally:
        db.close()
    click.echo(f"Made {'an' if role == 'admin' else 'a'} {role} account for {auth.tidy_email(email)}.")


COMMANDS = [import_places_command, seed_demo_command, create_user_command]


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
