"""The manifest, the service worker and the offline file, as the browser gets them."""

import io
import json
import re

import brotli
from PIL import Image

from safeplaces import places
from tests.helpers import add_place, text


def test_the_manifest_makes_the_site_installable(client):
    answer = client.get("/manifest.webmanifest")
    assert answer.mimetype == "application/manifest+json"
    manifest = json.loads(answer.data)
    assert manifest["name"] == "Keep Safe Places: Leicester, Leicestershire and Rutland"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        picture = Image.open(io.BytesIO(client.get(icon["src"]).data))
        assert picture.format == "PNG" and f"{picture.width}x{picture.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_every_page_links_the_manifest_and_names_the_worker(pages):
    page = pages.get("/")
    assert page.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
    assert page.html["data-service-worker"] == "/sw.js"


def kept(client):
    script = client.get("/sw.js").get_data(as_text=True)
    return json.loads(re.search(r"var KEPT = (\[.*?\]);", script).group(1)), script


def test_the_worker_keeps_pages_and_files_that_all_exist_and_never_the_manage_area(client, seeded):
    answer = client.get("/sw.js")
    assert answer.mimetype == "text/javascript" and answer.headers["Cache-Control"] == "no-cache"
    urls, script = kept(client)
    assert {"/", "/help-now", "/offline/help", "/easy-read/"} <= set(urls)
    assert any(url.startswith("/static/css/site.") for url in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert not url.startswith("/manage") and "?" not in url
    assert 'var NEVER = ["/manage"]' in script


def test_a_changed_file_makes_a_new_worker(client, app):
    _, before = kept(client)
    assets = app.extensions["safeplaces_assets"]
    old = assets.files["css/site.css"]
    assets.files["css/site.css"] = type(old)(old.data + b"/* changed */", "0" * 12, old.mimetype)
    _, after = kept(client)
    version = re.compile(r'var VERSION = "([0-9a-f]+)"')
    assert version.search(before).group(1) != version.search(after).group(1)


def test_the_offline_file_lists_active_places_with_nothing_private(client, seeded):
    answer = client.get("/offline/places.json")
    assert answer.headers["Cache-Control"] == "no-cache"
    body = json.loads(answer.data)
    assert len(body["places"]) > 50 and body["days"] == 14
    assert {key for place in body["places"] for key in place} == {
        "slug",
        "name",
        "lat",
        "lon",
        "phone",
        "address",
        "town",
        "postcode",
        "open",
    }
    assert body["phones"] == {"emergency": "999", "non_emergency": "101"}


def test_the_offline_file_is_kept_until_a_place_changes_and_a_return_visit_moves_nothing(client, app, db):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-30T10:00:00"
    app.config["SAFEPLACES_PLACE_NAME"] = "Safe Place"
    first_id = add_place(db, 52.634, -1.131, opening_hours="Mo-Su 09:00-17:00")
    first = client.get("/offline/places.json")
    assert json.loads(first.data)["place_name"] == "Safe Place"
    packed = client.get("/offline/places.json", headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br" and "Accept-Encoding" in packed.headers["Vary"]
    assert json.loads(brotli.decompress(packed.data)) == json.loads(first.data)
    assert packed.headers["ETag"] != first.headers["ETag"], "each encoding has its own validator"
    again = client.get("/offline/places.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""

    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-30T10:05:00"  # a kept file is still right
    assert client.get("/offline/places.json").headers["ETag"] == first.headers["ETag"]
    places.update(db, first_id, {"phone": "0116 496 0123"}, by="test")
    changed = client.get("/offline/places.json")
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert [place["phone"] for place in json.loads(changed.data)["places"]] == ["0116 496 0123"]
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-30T10:30:00"  # old: built again from now
    assert json.loads(client.get("/offline/places.json").data)["saved"].startswith("2026-11-30T10:30")


def test_the_offline_help_page_still_offers_the_phone_numbers(pages):
    page = pages.get("/offline/help")
    assert page.find(id="offline-answer")["data-places-file"] == "/offline/places.json"
    calls = [a["href"] for a in page.select("a[href^='tel:']")]
    assert "tel:999" in calls and "tel:101" in calls
    assert "needs JavaScript" in text(page.find("noscript"))
