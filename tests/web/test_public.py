from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from safeplaces import geo
from tests.helpers import add_place, text

CLOCK_TOWER = (52.6360, -1.1330)


def results(page):
    return page.select("#results > li")


def test_home_has_one_search_box(pages):
    page = pages.get("/")
    form = page.find("form", attrs={"role": "search"})
    assert form["method"] == "get" and form["action"] == "/find"
    assert text(page.find("label", attrs={"for": "q"})) == "Postcode, town, or use my location"
    assert form.find("button", attrs={"type": "submit"})
    assert form.find(attrs={"data-locate": True}).has_attr("hidden"), "'use my location' needs JavaScript"


def test_every_page_shows_999_and_101(pages, seeded):
    for url in ("/", "/find?q=LE1", "/places/nowhere"):
        page = pages.get(url, status=404 if "nowhere" in url else 200)
        links = {a["href"] for a in page.select(".call-now a")}
        assert links == {"tel:999", "tel:101"}, url


def test_results_are_nearest_first_with_walk_distance_and_phone(pages, db):
    add_place(db, 52.6500, -1.1330, name="Far Shop", phone="0116 496 0002")
    add_place(
        db,
        52.6365,
        -1.1330,
        name="Near Café",
        phone="0116 496 0001",
        slug="near-cafe",
        address="5 Gallowtree Gate",
        postcode="LE1 5AD",
    )
    add_place(db, 52.6361, -1.1330, name="Suspended Shop", status="suspended")
    page = pages.get("/find?lat=52.6360&lon=-1.1330")
    assert text(page.h1) == "Keep Safe Places near your location"
    items = results(page)
    assert [text(item.select_one(".place-name")) for item in items] == ["Near Café", "Far Shop"]
    first = items[0]
    assert first.select_one(".place-name a")["href"] == "/places/near-cafe"
    assert text(first.select_one(".distance")) == "about 1 minute's walk (less than 0.1 miles)"
    assert first.select_one("a.phone")["href"] == "tel:01164960001"
    assert text(first.select_one("a.phone")) == "Call 0116 496 0001"
    assert text(first.select_one(".address")) == "5 Gallowtree Gate, Leicester LE1 5AD"
    assert page.find(id="approximate") is None


def test_walk_and_distance_words_match_the_model(pages, db):
    add_place(db, 52.6450, -1.1330)  # about 1 km north
    item = results(pages.get("/find?lat=52.6360&lon=-1.1330"))[0]
    metres = geo.distance_m(52.6360, -1.1330, 52.6450, -1.1330)
    assert text(item.select_one(".distance")) == f"about {geo.walk_minutes(metres)} minutes' walk (0.6 miles)"


def test_a_postcode_search_says_it_is_approximate_and_keeps_what_was_typed(pages, seeded):
    page = pages.get("/find?q=le1+5fq")
    assert text(page.h1) == "Keep Safe Places near LE1 5FQ"
    assert "middle of the LE1 postcode area" in text(page.find(id="approximate"))
    assert len(results(page)) == 10
    assert page.find("input", id="q")["value"] == "le1 5fq"


def test_a_town_search(pages, seeded):
    page = pages.get("/find?q=Oakham")
    assert text(page.h1) == "Keep Safe Places near Oakham"
    assert "Oakham" in text(results(page)[0])
    # Calm words: a frightened reader was puzzled by "We do not know exactly where Oakham is".
    assert (
        text(page.find(id="approximate"))
        == "We measured from the middle of Oakham. Distances are approximate."
    )


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/find?q=", 400, "Type a postcode or the name of a town."),
        (
            "/find?q=LE1+5",
            400,
            "“LE1 5” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.",
        ),
        (
            "/find?q=Narnia",
            404,
            "We could not find a place called “Narnia”. Check the spelling, or type a postcode, like LE1 5FQ.",
        ),
        ("/find?lat=52.6", 400, "Give both a latitude and a longitude."),
        ("/find?lat=abc&lon=-1.1", 400, "The latitude must be a number, like 52.636."),
    ],
)
def test_bad_searches_explain_next_to_the_field_and_keep_the_text(pages, url, status, message):
    page = pages.get(url, status=status)
    assert text(page.title).startswith("Error: ")
    assert text(page.select_one("#q-error")) == f"Error: {message}"
    assert text(page.select_one("#error-summary a")) == message
    assert page.select_one("#error-summary a")["href"] == "#q"
    field = page.find("input", id="q")
    assert field["aria-invalid"] == "true" and "q-error" in field["aria-describedby"]
    typed = parse_qs(urlparse(url).query).get("q", [""])[0]
    assert field["value"] == typed


def test_no_places_nearby_says_so_and_offers_the_police(pages, db):
    add_place(db, 52.6, -1.1)
    page = pages.get("/find?q=AB10")
    assert results(page) == []
    assert text(page.find(id="no-results")) == "There are no Keep Safe Places within 31 miles of AB10."
    assert page.select_one("main a[href='tel:101']")


def test_place_page(pages, db):
    add_place(
        db,
        52.6340,
        -1.1310,
        slug="granby-street-cafe-leicester",
        name="Granby Street Café",
        category="café",
        address="41 Granby Street",
        postcode="LE1 6EZ",
        phone="0116 496 0107",
        opening_hours="Mo-Sa 08:00-18:00",
        district_code="E06000016",
        contact_name="Private Person",
    )
    page = pages.get("/places/granby-street-cafe-leicester")
    assert text(page.h1) == "Granby Street Café"
    assert text(page.select_one(".lead")).startswith("This café is part of Keep Safe Places.")
    assert text(page.find(id="address")) == "41 Granby Street Leicester LE1 6EZ"
    assert page.select_one("main a.phone")["href"] == "tel:01164960107"
    directions = urlparse(page.find(id="directions")["href"])
    assert parse_qs(directions.query)["destination"] == ["52.634,-1.131"]
    assert "Private Person" not in text(page)


def test_unknown_hours_are_not_guessed(pages, db):
    add_place(db, 52.6, -1.1, slug="no-hours", opening_hours="")
    assert text(pages.get("/places/no-hours").find(id="opening-hours")).startswith("Opening times not known")


@pytest.mark.parametrize("status", ["applied", "suspended", "archived"])
def test_places_that_are_not_active_are_not_shown(pages, db, status):
    add_place(db, 52.6, -1.1, slug="hidden", status=status)
    pages.get("/places/hidden", status=404)


def test_friendly_404(pages):
    page = pages.get("/no/such/page", status=404)
    assert text(page.h1) == "Page not found"
    assert page.find("form", attrs={"role": "search"})


def test_demo_banner_shows_while_demo_places_are_public(pages, runner, seeded):
    assert "demonstration places" in text(pages.get("/").find(id="demo-banner"))
    assert pages.get("/no/such/page", status=404).find(id="demo-banner")
    runner.invoke(args=["seed-demo", "--remove"])
    assert pages.get("/").find(id="demo-banner") is None


def test_footer_carries_the_data_attribution(pages, app):
    items = [text(li) for li in pages.get("/").select(".attribution li")]
    assert items == app.config["SAFEPLACES_ATTRIBUTION"]
    assert any("Royal Mail" in item for item in items) and any(
        "Open Government Licence" in item for item in items
    )


def test_pages_load_nothing_from_other_hosts(pages, seeded):
    for url in ("/", "/find?q=LE1", "/places/nowhere"):
        page = pages.get(url, status=404 if "nowhere" in url else 200)
        sources = [
            tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href], img[src]")
        ]
        assert sources and all(urlparse(source).netloc == "" for source in sources), sources


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_place_page_says_if_open_now_and_shows_the_week(pages, db, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-08-27T10:00"
    add_place(db, 52.6, -1.1, slug="office", opening_hours="Mo-Fr 09:00-17:00; Sa 10:00-13:00; PH off")
    page = pages.get("/places/office")
    assert text(page.select_one("main .status")) == "✓ Open now until 5pm"
    rows = [[text(cell) for cell in row.select("th, td")] for row in page.select("#week tbody tr")]
    assert rows[0] == ["Thursday 27 August", "9am to 5pm"]
    assert rows[4] == ["Monday 31 August Bank holiday", "Closed"]
    assert page.find(id="opening-hours") is None


def test_results_say_which_places_are_open(pages, db, app):
    app.config["SAFEPLACES_FIXED_NOW"] = "2026-11-23T18:00"
    add_place(db, 52.6365, -1.133, opening_hours="Mo-Fr 09:00-17:00")
    add_place(db, 52.6370, -1.133, opening_hours="")
    statuses = [text(p) for p in pages.get("/find?lat=52.636&lon=-1.133").select("#results .status")]
    assert statuses == ["✕ Closed now. Opens tomorrow at 9am", "? Opening times not known"]


def test_a_place_photo_is_public_only_while_the_place_is(client, db, app, tmp_path):
    import io

    from PIL import Image

    from safeplaces import photos

    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(picture, "PNG")
    app.config["SAFEPLACES_PHOTOS"] = str(tmp_path / "photos")  # absolute: not the instance folder
    folder = app.config["SAFEPLACES_PHOTOS"]
    name = photos.save(picture.getvalue(), folder)
    place_id = add_place(db, 52.6, -1.1, slug="with-photo", photo=name)
    page = BeautifulSoup(client.get("/places/with-photo").get_data(as_text=True), "html.parser")
    assert page.find("img", class_="place-photo")["src"] == "/places/with-photo/photo"
    response = client.get("/places/with-photo/photo")
    assert (response.status_code, response.mimetype) == (200, "image/jpeg")
    db.execute("UPDATE places SET status = 'suspended' WHERE id = ?", [place_id])
    db.conn.commit()
    assert client.get("/places/with-photo/photo").status_code == 404
    add_place(db, 52.6, -1.1, slug="no-photo")
    assert client.get("/places/no-photo/photo").status_code == 404
