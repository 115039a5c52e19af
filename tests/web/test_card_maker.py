"""The card maker pages: /cards/new and /cards/batch. Real PDFs, read back and their QR codes decoded."""

import io
import logging
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from safeplaces import cards, create_app, i18n, languages
from safeplaces.web import cards as card_pages
from tests.helpers import check_page, static_url, text
from tests.test_cards import (
    A4_PT,
    WALLET_PT,
    assert_size,
    page_sizes,
    page_texts,
    poppler_text,
    qr_texts,
    render,
)

BASE_URL = "https://keepsafe.example.org"
FIND_URL = BASE_URL + "/find"

GOOD = {
    "name": "Łukasz Nowak",
    "contact1_name": "Anna Kowalska",
    "contact1_relationship": "Sister",
    "contact1_phone": "07700900123",
    "contact2_name": "",
    "contact2_relationship": "",
    "contact2_phone": "",
    "contact3_name": "",
    "contact3_relationship": "",
    "contact3_phone": "",
    "communication": "Please speak slowly.",
    "medical": "",
    "format": "wallet",
}


@pytest.fixture
def app(tmp_path):
    """The app with a base address ending in a slash, so the QR code's address is checked exactly."""
    return create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_BASE_URL": BASE_URL + "/",
        }
    )


def token(client, url="/cards/new"):
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def post_page(client, url, data, status, **kwargs):
    """Post a form that should come back as a page (not a PDF), and check the page like every other."""
    response = client.post(url, data=data, **kwargs)
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:2000])
    assert response.mimetype == "text/html"
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def make(client, **changes):
    """Post the card form with GOOD changed by `changes`; the response."""
    return client.post("/cards/new", data={**GOOD, **changes, "csrf_token": token(client)})


def assert_pdf_download(response, filename):
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["Cache-Control"] == "no-store"
    return response.data


def assert_field_error(page, field_id, message):
    """The GOV.UK pattern: summary link to the field, message next to it, aria-invalid, aria-describedby."""
    assert text(page.title).startswith("Error: ")
    links = {a["href"]: text(a) for a in page.select("#error-summary a")}
    anchor = "#format-wallet" if field_id == "format" else f"#{field_id}"
    assert links.get(anchor) == message, links
    assert page.find(id=anchor[1:]) is not None
    assert text(page.find(id=f"{field_id}-error")).startswith(f"Error: {message}")
    if field_id == "format":
        assert "format-error" in page.find("fieldset", attrs={"aria-describedby": True})["aria-describedby"]
    else:
        field = page.find(id=field_id)
        assert field["aria-invalid"] == "true"
        assert f"{field_id}-error" in field["aria-describedby"].split()


def value_of(page, field_id):
    field = page.find(id=field_id)
    return field.get_text() if field.name == "textarea" else field.get("value", "")


# --- The form -------------------------------------------------------------------------------


def test_the_card_maker_form(pages):
    page = pages.get("/cards/new")
    assert text(page.h1) == "Make a Keep Safe card"
    form = page.find("form", class_="card-form")
    assert form["method"] == "post" and form["action"] == "/cards/new"
    assert form.find("input", attrs={"type": "hidden", "name": "csrf_token"})["value"]
    legends = [text(legend) for legend in form.find_all("legend")]
    assert legends == [
        "Contact 1",
        "Contact 2 (optional)",
        "Contact 3 (optional)",
        "How do you want to print the card?",
    ]
    for n in (1, 2, 3):
        fieldset = form.find("fieldset", id=f"contact{n}")
        assert {field["name"] for field in fieldset.find_all("input")} == {
            f"contact{n}_name",
            f"contact{n}_relationship",
            f"contact{n}_phone",
        }
    radios = form.find_all("input", attrs={"type": "radio"})
    assert [(r["name"], r["value"]) for r in radios] == [
        ("format", "wallet"),
        ("format", "a4"),
        ("format", "blank"),
    ]
    assert not [r for r in radios if r.has_attr("checked")]
    labels = {r["value"]: text(page.find("label", attrs={"for": r["id"]})) for r in radios}
    assert labels == {
        "wallet": "A card the size of a bank card",
        "a4": "An A4 page to cut out",
        "blank": "A blank card to fill in by hand",
    }
    assert all(f.get("autocomplete") == "off" for f in form.select("input.input, textarea"))
    assert text(page.find(id="privacy")).startswith("What you type here is only used to make your card.")


@pytest.mark.parametrize(
    "url, formats", [("/cards/new", cards.FORMATS), ("/cards/batch", cards.BATCH_FORMATS)]
)
def test_each_way_to_print_has_its_own_hint_linked_to_its_radio(pages, url, formats):
    page = pages.get(url)
    for value in formats:
        radio = page.find("input", id=f"format-{value}")
        hint = page.find(id=radio["aria-describedby"])
        assert radio["aria-describedby"] == f"format-{value}-hint"
        assert text(hint) == card_pages.FORMAT_WORDS[value][1]
        assert hint.find_parent(class_="radio") is radio.find_parent(class_="radio")


def test_the_form_boxes_are_named_as_the_batch_columns(pages):
    """The names are an interface: a batch file's columns, and what a support worker's saved page sends."""
    page = pages.get("/cards/new")
    boxes = page.select("form.card-form input.input, form.card-form textarea")
    assert [box["name"] for box in boxes] == list(cards.FIELDS)
    assert all(box["id"] == box["name"] for box in boxes)
    assert [select["name"] for select in page.select("form.card-form select")] == [cards.LANGUAGE_FIELD]


def test_the_labels_follow_the_language_of_each_request(client):
    """The form's words are translated when each page is drawn, not once when the module is read."""
    words = {}
    for code in ("pl", "en", "pl"):
        page = BeautifulSoup(client.get(f"/cards/new?lang={code}").get_data(as_text=True), "html.parser")
        words.setdefault(code, set()).add(
            (
                text(page.find("label", attrs={"for": "contact2_phone"})),
                text(page.find(id="contact2_relationship-hint")),
                text(page.find("legend", string=lambda s: s and "2" in s)),
                text(page.find(id="format-a4-hint")),
                text(page.find("option", value="")),
            )
        )
    with i18n.speaking("pl"):
        polish = (i18n.gettext("Phone number"), i18n.gettext("For example: Mum, support worker, friend"))
    assert len(words["pl"]) == 1 and words["pl"] != words["en"]
    assert next(iter(words["pl"]))[:2] == polish
    assert next(iter(words["en"])) == (
        "Phone number",
        "For example: Mum, support worker, friend",
        "Contact 2 (optional)",
        card_pages.FORMAT_WORDS["a4"][1],
        "No language on the card",
    )


def test_the_language_hint_marks_its_example_as_gujarati(pages):
    example = pages.get("/cards/new").find(id="language-hint").find("span", lang="gu")
    assert text(example) == "ગુજરાતી"


def test_the_pages_have_no_inline_scripts_or_styles(pages, app):
    for url in ("/cards/new", "/cards/batch"):
        page = pages.get(url)
        assert not page.find("style") and not page.find(style=True)
        assert all(script.get("src") for script in page.find_all("script"))
        assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
        assert page.find("link", attrs={"rel": "stylesheet", "href": static_url(app, "css/cards.css")})


# --- Making a card --------------------------------------------------------------------------


def test_making_a_wallet_card(client):
    pdf = assert_pdf_download(make(client), "keep-safe-card.pdf")
    assert len(page_sizes(pdf)) == 2
    assert_size(page_sizes(pdf)[0], WALLET_PT)
    front, back = page_texts(pdf)
    assert "Łukasz Nowak" in front and "Anna Kowalska (Sister)" in front and "07700 900123" in front
    assert "How I communicate: Please speak slowly." in back
    assert "Emergency 999" in back and "Police 101" in back
    assert qr_texts(render(pdf)[1]) == [FIND_URL]


def test_the_numbers_to_call_come_from_configuration(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_EMERGENCY_PHONE": "112",
            "SAFEPLACES_NON_EMERGENCY_PHONE": "0300 123 4567",
        }
    )
    pdf = assert_pdf_download(make(app.test_client()), "keep-safe-card.pdf")
    back = page_texts(pdf)[1]
    assert "Emergency 112" in back and "Police 0300 123 4567" in back


def test_making_an_a4_card(client):
    pdf = assert_pdf_download(make(client, format="a4"), "keep-safe-card.pdf")
    (size,) = page_sizes(pdf)
    assert_size(size, A4_PT)
    assert "Łukasz Nowak" in page_texts(pdf)[0]
    assert qr_texts(render(pdf, dpi=200)[0]) == [FIND_URL] * 2  # two cards on the sheet


def test_a_blank_card_needs_no_details(client):
    response = client.post("/cards/new", data={"format": "blank", "csrf_token": token(client)})
    pdf = assert_pdf_download(response, "keep-safe-card-to-fill-in.pdf")
    (size,) = page_sizes(pdf)
    assert_size(size, A4_PT)
    assert "My name is:" in page_texts(pdf)[0]
    assert qr_texts(render(pdf, dpi=200)[0]) == [FIND_URL] * 2


def test_a_blank_card_prints_nothing_that_was_typed(client):
    pdf = assert_pdf_download(make(client, format="blank"), "keep-safe-card-to-fill-in.pdf")
    assert "Łukasz" not in page_texts(pdf)[0]


def test_a_card_needs_the_form_token(client):
    response = client.post("/cards/new", data=GOOD)
    assert response.status_code == 400 and response.mimetype == "text/html"


# --- Mistakes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Enter the name of the person the card is for"),
        (
            {"contact1_name": "", "contact1_relationship": "", "contact1_phone": ""},
            "contact1_name",
            "Enter the name of someone to phone",
        ),
        (
            {"contact1_name": "", "contact1_relationship": "", "contact1_phone": ""},
            "contact1_phone",
            "Enter their phone number",
        ),
        ({"contact1_phone": ""}, "contact1_phone", "Enter a phone number for contact 1"),
        ({"contact2_relationship": "Friend"}, "contact2_name", "Enter the name of contact 2"),
        (
            {"contact2_name": "Tom", "contact2_phone": "0116 496"},
            "contact2_phone",
            "Enter a phone number for contact 2 like 0116 496 0123, 07700 900123 or +44 116 496 0123",
        ),
        ({"name": "N" * 61}, "name", "The name must be 60 characters or fewer (it has 61)"),
        (
            {"communication": "c" * 250},
            "communication",
            "How I communicate must be 200 characters or fewer (it has 250)",
        ),
        (
            {"medical": "m" * 151},
            "medical",
            "Medical information must be 150 characters or fewer (it has 151)",
        ),
        (
            {"communication": "W" * 200, "medical": "W" * 150},
            "communication",
            "This does not fit on the card with everything else: make it shorter",
        ),
        ({"format": ""}, "format", "Choose how you want to print the card"),
        ({"format": "poster"}, "format", "Choose how you want to print the card"),
        (
            {"name": "דוד כהן"},
            "name",
            "This card can print the letters of English and other European languages, Gujarati, "
            "Punjabi (Gurmukhi), Urdu and Arabic. Write the name in those letters, or choose the blank "
            "card and write it by hand",
        ),
        (
            {"contact1_name": "王小明"},
            "contact1_name",
            "This card can print the letters of English and other European languages, Gujarati, "
            "Punjabi (Gurmukhi), Urdu and Arabic. Write the name in those letters, or choose the blank "
            "card and write it by hand",
        ),
        (
            {"medical": "אסטמה"},
            "medical",
            "This card can print the letters of English and other European languages, Gujarati, "
            "Punjabi (Gurmukhi), Urdu and Arabic. Write it in those letters, or choose the blank card "
            "and write it by hand",
        ),
    ],
)
def test_mistakes_are_shown_next_to_the_field_and_everything_typed_is_kept(client, changes, field, message):
    typed = {**GOOD, **changes}
    page = post_page(client, "/cards/new", {**typed, "csrf_token": token(client)}, 400)
    assert_field_error(page, field, message)
    for name in cards.FIELDS:
        assert value_of(page, name) == typed[name], name
    checked = [radio["value"] for radio in page.select("input[name=format][checked]")]
    assert checked == ([typed["format"]] if typed["format"] in cards.FORMATS else [])


def test_a_missing_format_field_is_a_mistake_not_a_crash(client):
    data = {key: value for key, value in GOOD.items() if key != "format"}
    page = post_page(client, "/cards/new", {**data, "csrf_token": token(client)}, 400)
    assert_field_error(page, "format", "Choose how you want to print the card")


def test_several_mistakes_are_listed_in_the_order_of_the_form(client):
    page = post_page(
        client, "/cards/new", {"format": "wallet", "csrf_token": token(client), "contact2_phone": "abc"}, 400
    )
    assert [a["href"] for a in page.select("#error-summary a")] == [
        "#name",
        "#contact2_name",
        "#contact2_phone",
    ]


@pytest.mark.parametrize(
    "oddity",
    [
        {"name": "x" * 20_000, "communication": "y" * 20_000},
        {"name": "Zoë 🙂 李小龍 محمد", "contact1_name": "Ñandú ☃"},
        {
            "name": "Sam\x00\x07",
            "contact1_name": "<script>alert(1)</script>",
            "contact1_relationship": "& < > \" '",
        },
        {"contact1_phone": "+" + "9" * 29},
        {"name": "\u202eRTL override", "medical": "\u0301\u0301\u0301"},
    ],
)
def test_odd_input_never_breaks_the_page(client, oddity):
    response = make(client, **oddity)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        check_page(page)
        assert page.find(id="error-summary")
        for name, value in oddity.items():
            assert value_of(page, name) in (value, value.replace("\x00", "\ufffd"), value.replace("\x00", ""))
    else:
        assert response.mimetype == "application/pdf"


def test_a_far_too_big_form_gets_a_plain_message(client):
    page = post_page(client, "/cards/new", {**GOOD, "name": "x" * 100_000, "csrf_token": token(client)}, 413)
    assert "far too long" in text(page.find(id="error-summary"))


def test_get_with_odd_query_strings_still_shows_the_form(pages):
    page = pages.get("/cards/new?format=../../etc&name=%00")
    assert not page.select("input[name=format][checked]")


# --- Privacy --------------------------------------------------------------------------------


def test_card_details_are_never_stored_or_logged(app, client, caplog, capsys, tmp_path):
    caplog.set_level(logging.DEBUG)
    name = f"Zuzanna {uuid.uuid4().hex[:12]}"  # unique, and short enough to print on one line
    phone_name = f"Marek {uuid.uuid4().hex[:12]}"
    response = make(client, name=name, contact1_name=phone_name, medical=name)
    pdf = assert_pdf_download(response, "keep-safe-card.pdf")
    assert name in page_texts(pdf)[0]  # it did go on the card
    assert name not in str(response.headers)
    batch = f"name,contact1_name,contact1_phone\n{name},{phone_name},07700900123\n".encode()
    response = client.post(
        "/cards/batch",
        data={
            "csv": (io.BytesIO(batch), "people.csv"),
            "format": "a4",
            "csrf_token": token(client, "/cards/batch"),
        },
    )
    assert_pdf_download(response, "keep-safe-cards.pdf")
    # A row with a mistake is listed back on the page, and still kept nowhere.
    bad = f"name,contact1_name,contact1_phone\n{name},{phone_name},12\n".encode()
    client.post(
        "/cards/batch",
        data={
            "csv": (io.BytesIO(bad), "people.csv"),
            "format": "a4",
            "csrf_token": token(client, "/cards/batch"),
        },
    )

    database = Path(app.config["SAFEPLACES_DB"])
    stored = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    stored += [p for p in Path(app.instance_path).rglob("*") if p.is_file()]
    stored += [p for p in tmp_path.rglob("*") if p.is_file()]
    assert database.exists()
    for path in stored:
        if path.exists():
            content = path.read_bytes()
            for secret in (name, phone_name):
                assert secret.encode() not in content, path
                assert secret.encode("utf-16-le") not in content, path
    captured = capsys.readouterr()
    for secret in (name, phone_name):
        assert secret not in caplog.text
        assert secret not in captured.out + captured.err


def test_no_page_of_the_card_maker_is_kept_by_the_browser(client):
    """A page showing what was typed must not come back with Back or the history on a shared computer."""
    too_big = HEADER.encode() + b"x" * (card_pages.MAX_UPLOAD_BYTES + 1)
    responses = {
        "form": client.get("/cards/new"),
        "batch form": client.get("/cards/batch"),
        "example": client.get("/cards/batch?example=csv"),
        "mistake": make(client, name="Private Person", medical="m" * 151),
        "no token": client.post("/cards/new", data=GOOD),
        "card too big": client.post(
            "/cards/new", data={**GOOD, "name": "x" * 100_000, "csrf_token": token(client)}
        ),
        "batch mistake": upload(client, (HEADER + "Private Person,Jo,Mum,12,,\n").encode()),
        "batch too big": upload(client, too_big),
        "card": make(client),
    }
    assert {what: response.status_code for what, response in responses.items()} == {
        "form": 200,
        "batch form": 200,
        "example": 200,
        "mistake": 400,
        "no token": 400,
        "card too big": 413,
        "batch mistake": 400,
        "batch too big": 413,
        "card": 200,
    }
    assert "Private Person" in responses["mistake"].get_data(as_text=True)
    for what, response in responses.items():
        assert response.headers.get("Cache-Control") == "no-store", what


def test_uploads_are_kept_in_memory():
    # Werkzeug spools an uploaded file to a temporary file once it passes 500 KiB.
    assert card_pages.MAX_UPLOAD_BYTES <= 500 * 1024


# --- Batches --------------------------------------------------------------------------------

HEADER = "name,contact1_name,contact1_relationship,contact1_phone,communication,medical\n"


def upload(client, content, fmt="wallet", filename="people.csv", status=None):
    data = {"csrf_token": token(client, "/cards/batch")}
    if fmt is not None:
        data["format"] = fmt
    if content is not None:
        data["csv"] = (io.BytesIO(content), filename)
    response = client.post("/cards/batch", data=data, content_type="multipart/form-data")
    if status is None:
        return response
    assert response.status_code == status, response.status_code
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    check_page(page)
    return page


def test_the_batch_form(pages):
    page = pages.get("/cards/batch")
    assert text(page.h1) == "Make Keep Safe cards for several people"
    form = page.find("form", class_="card-form")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    assert form.find("input", attrs={"name": "csrf_token"})
    assert form.find("input", attrs={"type": "file", "name": "csv"})["id"] == "csv"
    assert [r["value"] for r in form.select("input[name=format]")] == ["wallet", "a4"]
    assert page.find("a", href="/cards/batch?example=csv")


@pytest.mark.parametrize("fmt, pages_each, size", [("wallet", 2, WALLET_PT), ("a4", 1, A4_PT)])
def test_a_batch_makes_one_pdf_with_every_card(client, fmt, pages_each, size):
    rows = [
        "Łukasz Nowak,Anna,Sister,07700 900123,,",
        "Ștefan Popescu,Ion,Dad,0116 496 0123,,Asthma",
        "Gülşen Yılmaz,Ali,Brother,+44 7700 900456,Speak slowly,",
    ]
    pdf = assert_pdf_download(
        upload(client, (HEADER + "\n".join(rows) + "\n").encode(), fmt), "keep-safe-cards.pdf"
    )
    sizes = page_sizes(pdf)
    assert len(sizes) == 3 * pages_each
    assert_size(sizes[0], size)
    texts = page_texts(pdf)
    for i, name in enumerate(("Łukasz Nowak", "Ștefan Popescu", "Gülşen Yılmaz")):
        assert name in texts[i * pages_each]
    assert qr_texts(render(pdf, dpi=200)[pages_each - 1]) == [FIND_URL] * (2 if fmt == "a4" else 1)


def test_wrong_rows_are_listed_by_number_and_the_format_stays_chosen(client):
    content = (HEADER + "Good,Jo,Mum,07700900123,,\n,Jo,Mum,07700900123,,\nNo Phone,Jo,Mum,,,\n").encode()
    page = upload(client, content, "a4", status=400)
    assert_field_error(page, "csv", "2 rows in the file need fixing. Nothing was made.")
    assert [text(li) for li in page.select("#row-problems li")] == [
        "Row 3: Enter the name of the person the card is for",
        "Row 4: Enter a phone number for contact 1",
    ]
    assert [r["value"] for r in page.select("input[name=format][checked]")] == ["a4"]
    assert "Choose the file again" in text(page.find(id="csv-hint"))


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"", "people.csv", "The file is empty."),
        (HEADER.encode(), "people.csv", "The file has no people in it."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "photo.png",
            "We could not read this file as CSV.",
        ),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "card.pdf", "Row 1 names columns we do not know"),
        (
            b"PK\x03\x04" + bytes(100),
            "people.xlsx",
            "This is a spreadsheet file (such as .xlsx), not a CSV file.",
        ),
        (None, None, "Choose a CSV file"),
        (
            b"name,contact1_name,contact1_phone\n" + b"Sam,Jo,07700900123\n" * 501,
            "people.csv",
            "The file has 501 people. The most we can make at once is 500",
        ),
    ],
)
def test_files_that_cannot_be_used_get_a_plain_message(client, content, filename, message):
    page = (
        upload(client, content, "wallet", filename or "people.csv", status=400)
        if content is not None
        else upload(client, None, "wallet", status=400)
    )
    assert message in text(page.find(id="csv-error"))
    assert page.find(id="csv")["aria-invalid"] == "true"
    assert [r["value"] for r in page.select("input[name=format][checked]")] == ["wallet"]


def test_an_empty_file_input_is_a_missing_file(client):
    page = upload(client, b"", "wallet", filename="", status=400)
    assert "Choose a CSV file" in text(page.find(id="csv-error"))


@pytest.mark.parametrize("fmt", [None, "", "blank", "poster"])
def test_a_batch_needs_a_format(client, fmt):
    page = upload(client, (HEADER + "Sam,Jo,Mum,07700900123,,\n").encode(), fmt, status=400)
    assert_field_error(page, "format", "Choose how you want to print the cards")


def test_a_file_over_the_limit_gets_a_plain_message(client):
    content = HEADER.encode() + b"x" * (card_pages.MAX_UPLOAD_BYTES + 1)
    page = upload(client, content, "wallet", status=413)
    assert "The file is too big. It must be smaller than 500 KB" in text(page.find(id="csv-error"))


def test_the_example_file_makes_cards(client):
    response = client.get("/cards/batch?example=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    people = cards.read_batch(response.data)
    assert [p.name for p in people] == ["Sam Example", "Łukasz Przykład"]
    pdf = assert_pdf_download(upload(client, response.data, "wallet"), "keep-safe-cards.pdf")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 4


def test_making_cards_is_rate_limited(client):
    for _ in range(60):  # every try counts, so quick ones with a mistake will do
        assert make(client, name="").status_code == 400
    response = make(client)
    assert response.status_code == 429
    assert "Too many tries" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


# --- My language, the scheme on the card, and the links to the card maker (issue 10) ----------


def test_the_form_offers_the_areas_languages_named_in_english_and_in_themselves(pages):
    page = pages.get("/cards/new")
    select = page.find("select", id="language")
    assert select["name"] == "language"
    assert text(page.find("label", attrs={"for": "language"})) == "My language (optional)"
    options = [(option["value"], text(option)) for option in select.find_all("option")]
    assert options == [("", "No language on the card")] + [
        (language.code, language.both_names) for language in languages.LANGUAGES
    ]
    assert ("gu", "Gujarati (ગુજરાતી)") in options and ("ur", "Urdu (اردو)") in options
    assert ("en", "English") in options
    assert not select.find("option", selected=True)


def test_my_language_is_printed_in_english_and_in_itself(client):
    pdf = assert_pdf_download(make(client, language="gu"), "keep-safe-card.pdf")
    assert "My language: Gujarati (ગુજરાતી)" in poppler_text(pdf)


def test_no_language_prints_no_language_line(client):
    pdf = assert_pdf_download(make(client, language=""), "keep-safe-card.pdf")
    assert "My language" not in poppler_text(pdf)


def test_a_language_not_in_the_list_is_a_mistake_and_the_choice_is_kept(client):
    page = post_page(client, "/cards/new", {**GOOD, "language": "xx", "csrf_token": token(client)}, 400)
    assert_field_error(page, "language", "Choose your language from the list, or leave it empty")
    page = post_page(
        client, "/cards/new", {**GOOD, "name": "", "language": "ur", "csrf_token": token(client)}, 400
    )
    assert [option["value"] for option in page.select("#language option[selected]")] == ["ur"]


def test_a_batch_can_give_each_persons_language():
    data = (
        b"name,contact1_name,contact1_phone,language\n"
        b"Amit Patel,Jo,07700 900123,gu\n"
        b"Sam Example,Jo,07700 900123,Welsh\n"
        b"Ann Example,Jo,07700 900123,\n"
    )
    people = cards.read_batch(data)
    assert [person.language and person.language.code for person in people] == ["gu", "cy", None]
    with pytest.raises(cards.BatchError) as caught:
        cards.read_batch(b"name,contact1_name,contact1_phone,language\nSam,Jo,07700 900123,Klingon\n")
    assert caught.value.rows == [(2, "Choose your language from the list, or leave it empty")]


def test_the_batch_page_lists_the_language_column(pages):
    columns = text(pages.get("/cards/batch").find(id="columns"))
    assert "language" in columns and "gu for Gujarati" in columns and "ur for Urdu" in columns


def test_the_card_carries_the_schemes_name_and_area_from_the_settings(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": tmp_path / "t.db",
            "SECRET_KEY": "test",
            "SAFEPLACES_SCHEME_NAME": "Safe Places Wales",
            "SAFEPLACES_AREA_NAME": "Cardiff and the Vale",
        }
    )
    client = app.test_client()
    for fmt in ("wallet", "a4"):
        pdf = assert_pdf_download(make(client, format=fmt), "keep-safe-card.pdf")
        assert "Safe Places Wales, Cardiff and the Vale" in page_texts(pdf)[0]
    response = client.post("/cards/new", data={"format": "blank", "csrf_token": token(client)})
    assert "Safe Places Wales, Cardiff and the Vale" in page_texts(response.data)[0]


@pytest.mark.parametrize(
    "url", ["/", "/find?q=LE1+5FQ", "/help-now", "/easy-read/", "/apply", "/cards/batch"]
)
def test_every_page_links_to_the_card_maker_from_its_footer(pages, url):
    page = pages.get(url)
    assert page.select_one("footer.site-footer a[href='/cards/new']")


def test_the_home_page_links_to_the_card_maker(pages):
    main = pages.get("/").find("main")
    link = main.find("a", href="/cards/new")
    assert link and text(link) == "Make a Keep Safe card"
