"""What arrives through any form is cleaned (text.clean) before anything reads it."""

import pytest
from bs4 import BeautifulSoup
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings

from safeplaces import places
from safeplaces.web.forms import Form
from tests.test_text_clean import HOSTILE
from tests.web.manage_helpers import make_account, sign_in
from tests.web.test_apply import APPLICATION, send
from tests.web.test_manage_places import FULL, post


@pytest.fixture
def registrar(db, client):
    make_account(db, "reg@example.org", "registrar")
    assert sign_in(client, "reg@example.org").status_code == 302
    return client


def _every_subclass(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _every_subclass(sub)


def test_every_form_of_the_app_is_a_cleaning_form(app):
    forms = [form for form in _every_subclass(FlaskForm) if form.__module__.startswith("safeplaces.")]
    assert len(forms) >= 8
    assert [form.__name__ for form in forms if not issubclass(form, Form)] == []


def test_a_website_with_a_nul_before_javascript_is_refused(registrar, db):
    response = post(
        registrar, "/manage/places/new", {**FULL, "website": "http://x.example\x00javascript:alert(1)"}
    )
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "the website must be a web address" in page.find(id="website-error").get_text().lower()
    assert db["places"].count == 0


def test_an_application_is_stored_without_control_bidi_or_zero_width_characters(client, db):
    response = send(
        client,
        name="Granby\x00 Street\u202e Café\u200b",
        address="41\x0b Granby\u2066 Street",
        contact_name="Sam\ufeff Owner",
        why="We help.\r\n\r\nPeople come in.\x07",
    )
    assert response.status_code == 302
    row = db.execute("SELECT * FROM places").fetchone()
    place = dict(zip([c[0] for c in db.execute("SELECT * FROM places").description], row, strict=True))
    assert (place["name"], place["address"], place["contact_name"]) == (
        "Granby Street Café",
        "41 Granby Street",
        "Sam Owner",
    )
    why = db.execute("SELECT json_extract(after, '$.why') FROM audit WHERE entity = 'places'").fetchone()[0]
    assert why == "We help.\n\nPeople come in."


def test_a_name_of_only_symbols_gets_a_clear_message_not_a_slug(client, db):
    response = send(client, name="!!! ???")
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "The name must have a letter or a number in it." in page.find(id="name-error").get_text()
    assert db["places"].count == 0


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=HOSTILE, address=HOSTILE)
def test_whatever_is_typed_is_stored_clean_or_refused(client, db, name, address):
    response = send(client, remote_addr=f"10.1.{len(name)}.{len(address)}", name=name, address=address)
    assert response.status_code in (302, 400, 429)
    for (stored,) in db.execute("SELECT name FROM places"):
        assert places.check_details({**APPLICATION, "name": stored})[1].get("name") is None
        assert stored == stored.strip() and "\x00" not in stored
