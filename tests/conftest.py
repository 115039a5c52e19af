"""Shared fixtures: an app on a real SQLite file, the CLI runner, and a page checker."""

import itertools
import os

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings

from safeplaces import create_app
from safeplaces import db as database
from tests.helpers import check_page

# Hypothesis's 200 ms deadline fails tests on a loaded machine, not slow code: CI has none.
# Speed is measured by bench/, never by tests.
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "SAFEPLACES_DB": tmp_path / "t.db", "SECRET_KEY": "test"})


@pytest.fixture
def db(app):
    connection = database.open_app_db(app)
    yield connection
    connection.close()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def client(app):
    return app.test_client()


class PageClient:
    """Fetches pages and checks each one is well formed before a test looks at it."""

    def __init__(self, client):
        self.client = client

    def get(self, url, status=200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        assert response.mimetype == "text/html"
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        check_page(page)
        return page


@pytest.fixture
def pages(client):
    return PageClient(client)


_files = itertools.count()


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory):
    """A function making a new, empty database file, for each example of a hypothesis test."""
    folder = tmp_path_factory.mktemp("fresh")

    def make():
        db = database.connect(folder / f"{next(_files)}.db")
        database.migrate(db)
        return db

    return make
