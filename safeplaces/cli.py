"""Command-line tools, registered on the app: a thin shell over the domain modules."""

import getpass
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import auth, backup, geo, importer, locate, photos, places, security_log
from . import db as database
from .web.files import photo_folder  # the site's photos: the same folder the pages use

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
    except importer.FileRefused as refused:
        raise click.ClickException(f"Nothing was imported: {refused}") from None
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
        try:
            count, removed_photos = places.remove_demonstration(db)
        finally:
            db.close()
        for name in removed_photos:
            photos.delete(photo_folder(), name)
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
        raise click.ClickException(auth.NOT_THE_SAME)
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


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file):
    """Copy the database to FILE, and the photos to FILE.photos.tar, while the site runs.

    The copy is one consistent snapshot, even while people are making changes.
    """
    copied = backup.backup(current_app.config["SAFEPLACES_DB"], file, photo_folder())
    click.echo(
        f"Backed up the database to {file}"
        + (f" and {copied} photos to {file}{backup.PHOTOS_SUFFIX}." if copied else ".")
    )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(file, yes):
    """Replace the database with the backup FILE (and its photos, if FILE.photos.tar is there).

    The backup is checked first; the database as it was is kept beside it, named
    <database>.before-restore-<time>.
    """
    try:
        backup.check(file)
    except backup.BackupRefused as refused:
        raise click.ClickException(f"Nothing was restored: {refused}") from None
    if not yes:
        click.confirm(f"Replace the database {current_app.config['SAFEPLACES_DB']} with {file}?", abort=True)
    restored = backup.restore(current_app.config["SAFEPLACES_DB"], file, photo_folder())
    click.echo(
        f"Restored {file} ({restored.photos} photos). The database as it was is kept in {restored.kept}."
    )


@click.command("turn-off-two-step")
@click.argument("email")
@with_appcontext
def turn_off_two_step_command(email):
    """Turn off two-step sign-in for an account whose owner lost their phone (for the last admin).

    They can then sign in with their password alone, and set two-step sign-in up again.
    """
    db = database.open_app_db(current_app)
    try:
        row = next(iter(db.query("SELECT id FROM users WHERE email = ?", [auth.tidy_email(email)])), None)
        if row is None:
            raise click.ClickException(f"There is no account for {auth.tidy_email(email)}.")
        changed = auth.turn_off_two_step(db, row["id"], by=_who())
    finally:
        db.close()
    click.echo(
        f"Two-step sign-in is off for {auth.tidy_email(email)}."
        if changed
        else f"{auth.tidy_email(email)} did not use two-step sign-in: nothing changed."
    )


@click.command("pseudonym")
@click.argument("text")
@with_appcontext
def pseudonym_command(text):
    """Print how the security log writes an email or network address, to look for it there."""
    click.echo(security_log.pseudonym(current_app.secret_key, text))


COMMANDS = [
    import_places_command,
    seed_demo_command,
    create_user_command,
    turn_off_two_step_command,
    pseudonym_command,
    backup_command,
    restore_command,
]


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
