"""How responses travel: compression, hashed static files kept for a year, page validators."""

import gzip
import hashlib
import re

import brotli
import pytest
from bs4 import BeautifulSoup

from safeplaces.web.delivery import FOR_A_YEAR, HASH_LENGTH
from tests.helpers import static_url


def static_urls(client, path="/"):
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return [
        tag.get("href") or tag.get("src")
        for tag in page.select("link[href^='/static/'], script[src^='/static/']")
    ]


def test_pages_link_static_files_by_a_hash_of_their_content(client, app):
    urls = static_urls(client)
    assert urls, "the home page links its stylesheet and script"
    for url in urls:
        name = url.removeprefix("/static/")
        match = re.fullmatch(rf"(.+)\.([0-9a-f]{{{HASH_LENGTH}}})(\.[a-z]+)", name)
        assert match, url
        plain = app.static_folder + "/" + match[1] + match[3]
        with open(plain, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest().startswith(match[2])


def test_a_hashed_static_file_is_kept_for_a_year_and_compressed(client):
    css = next(url for url in static_urls(client) if url.endswith(".css"))
    response = client.get(css, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == FOR_A_YEAR
    assert response.headers["Content-Encoding"] == "br"
    assert b"body" in brotli.decompress(response.data)
    again = client.get(css, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_static_file_by_its_plain_name_is_checked_before_reuse(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    assert response.headers["ETag"]


@pytest.mark.parametrize(
    "path", ["/static/css/site.000000000000.css", "/static/css/nothing.css", "/static/../app.py", "/static/"]
)
def test_a_wrong_hash_or_unknown_file_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_pages_are_compressed_as_the_browser_accepts(client, seeded):
    page = client.get("/find?q=LE1 5FQ", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Keep Safe Places near" in gzip.decompress(page.data).decode()
    assert "Accept-Encoding" in page.headers["Vary"]
    plain = client.get("/find?q=LE1 5FQ", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and b"Keep Safe Places near" in plain.data


def test_json_is_compressed(client, seeded):
    answer = client.get("/api/v1/places/nearest?q=LE1&limit=20", headers={"Accept-Encoding": "br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert b'"places"' in brotli.decompress(answer.data)


def test_a_return_visit_to_an_unchanged_page_moves_no_page(client):
    first = client.get("/", headers={"Accept-Encoding": "br"})
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = client.get("/", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_errors_and_downloads_get_no_page_validators(client):
    assert "ETag" not in client.get("/places/nowhere").headers


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip"])
def test_static_files_are_compressed_once_at_their_best_and_come_back_whole(client, app, encoding):
    from safeplaces.web.delivery import zstd

    plain = app.extensions["safeplaces_assets"].files["vendor/leaflet/leaflet.js"].data
    answer = client.get(static_url(app, "vendor/leaflet/leaflet.js"), headers={"Accept-Encoding": encoding})
    assert answer.headers["Content-Encoding"] == encoding and "Accept-Encoding" in answer.headers["Vary"]
    unpack = {"br": brotli.decompress, "zstd": zstd.decompress, "gzip": gzip.decompress}[encoding]
    assert unpack(answer.data) == plain
    assert len(answer.data) < len(plain) / 3
    assert answer.headers["ETag"].endswith(f'-{encoding}"')


def test_a_picture_is_sent_as_it_is_and_no_answer_has_two_dates(client, app):
    answer = client.get(static_url(app, "icons/icon-192.png"), headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in answer.headers
    assert "Date" not in answer.headers, "the server adds the one Date header"
