import csv
import string

import pytest
from geopy.location import Location
from hypothesis import given
from hypothesis import strategies as st

from safeplaces import config, gazetteer, geo, locate
from tests.helpers import add_place

AREA = "Leicester, Leicestershire and Rutland"


@pytest.fixture(scope="module")
def places():
    return locate.gazetteer_for(config.DEFAULTS)


@pytest.fixture
def locator(places, db):
    return locate.Locator(places, AREA, None, db)


def gazetteer_rows():
    with open(config.DATA / "gb-places.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


AREA_ROWS = [row for row in gazetteer_rows() if row["district_code"]]


def row_named(name):
    return next(row for row in AREA_ROWS if row["name"] == name)


def km_from(origin, row):
    return geo.distance_m(origin.lat, origin.lon, float(row["latitude"]), float(row["longitude"])) / 1000


@pytest.mark.parametrize(
    "typed, label, precision, lat, lon",
    [
        ("52.636, -1.133", "your location", "exact", 52.636, -1.133),
        ("52.636 -1.133", "your location", "exact", 52.636, -1.133),
        ("LE1 5FQ", "LE1 5FQ", "outcode", 52.63265, -1.128715),
        ("le15fq", "LE1 5FQ", "outcode", 52.63265, -1.128715),
        ("  le1   5fq ", "LE1 5FQ", "outcode", 52.63265, -1.128715),
        ("LE13", "LE13", "outcode", None, None),
        ("le13", "LE13", "outcode", None, None),
        ("Loughborough", "Loughborough", "town", 52.77045, -1.20846),
        ("loughborough", "Loughborough", "town", 52.77045, -1.20846),
        ("ashby de la zouch", "Ashby-de-la-Zouch", "town", 52.74496, -1.47557),
        ("Melton", "Melton Mowbray", "town", None, None),
    ],
)
def test_what_a_person_types_becomes_a_point(locator, typed, label, precision, lat, lon):
    origin = locator.find(typed)
    assert (origin.label, origin.precision, origin.corrected_from) == (label, precision, None)
    if lat is not None:
        assert (origin.lat, origin.lon) == pytest.approx((lat, lon), abs=1e-3)
    assert origin.approximate == (precision in ("outcode", "town"))


@pytest.mark.parametrize(
    "typed, message, kind",
    [
        ("", "Type a postcode or the name of a town.", locate.NotUnderstood),
        ("   ", "Type a postcode or the name of a town.", locate.NotUnderstood),
        ("...", "Type a postcode or the name of a town.", locate.NotUnderstood),
        (
            "LE1 5",
            "“LE1 5” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.",
            locate.NotUnderstood,
        ),
        (
            "12345",
            "“12345” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.",
            locate.NotUnderstood,
        ),
        (
            "LE1 5FQQ",
            "“LE1 5FQQ” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.",
            locate.NotUnderstood,
        ),
        (
            "x" * 101,
            "That is too long. Type a postcode or a town, in 100 letters or fewer.",
            locate.NotUnderstood,
        ),
        ("ZZ9 9ZZ", "We could not find the postcode ZZ9 9ZZ. Check it, or type a town.", locate.NotFound),
        ("ZZ9", "We could not find the postcode area ZZ9. Check it, or type a town.", locate.NotFound),
        (
            "Narnia",
            "We could not find a place called “Narnia”. Check the spelling, or type a postcode, like LE1 5FQ.",
            locate.NotFound,
        ),
        ("91, 0", "The latitude must be between -90 and 90.", locate.NotUnderstood),
        ("52, 181", "The longitude must be between -180 and 180.", locate.NotUnderstood),
    ],
)
def test_what_cannot_be_placed_says_what_happened(locator, typed, message, kind):
    with pytest.raises(locate.LocateError) as caught:
        locator.find(typed)
    assert type(caught.value) is kind and str(caught.value) == message
    assert not hasattr(caught.value, "status"), "the web layer chooses the HTTP status"


@pytest.mark.parametrize(
    "lat, lon, message",
    [
        ("", "-1.1", "Give both a latitude and a longitude."),
        ("52.6", None, "Give both a latitude and a longitude."),
        ("abc", "-1.1", "The latitude must be a number, like 52.636."),
        ("52.6", "1e5", "The longitude must be a number, like 52.636."),
        ("٥٢", "0", "The latitude must be a number, like 52.636."),
        ("nan", "0", "The latitude must be a number, like 52.636."),
        ("-90.5", "0", "The latitude must be between -90 and 90."),
    ],
)
def test_bad_coordinates(locator, lat, lon, message):
    with pytest.raises(locate.NotUnderstood) as caught:
        locator.point(lat, lon)
    assert str(caught.value) == message


def test_a_town_with_places_but_not_in_the_gazetteer_is_their_middle(locator, db):
    assert not [row for row in gazetteer_rows() if row["name"] == "Birstall"], "GeoNames lacks Birstall"
    add_place(db, 52.67, -1.12, town="Birstall")
    add_place(db, 52.68, -1.11, town="Birstall")
    add_place(db, 52.90, -1.00, town="Birstall", status="suspended")
    origin = locator.find("birstall")
    assert (origin.label, origin.precision) == ("Birstall", "town")
    assert (origin.lat, origin.lon) == pytest.approx((52.675, -1.115))


# Postcodes: any case, spacing and punctuation around them is forgiven.


@pytest.mark.parametrize(
    "typed, tidy",
    [
        ("le1 5fq", "LE1 5FQ"),
        ("LE15FQ", "LE1 5FQ"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("LE1 5FQ.", "LE1 5FQ"),
        ("le1-5fq", "LE1 5FQ"),
        (" LE15FQ,", "LE1 5FQ"),
        ("(LE1 5FQ)", "LE1 5FQ"),
        ("LE1", None),
        ("LE1 5F", None),
        ("", None),
        (None, None),
        ("LE1 5FQ X", None),
        ("LE1 5FQ!", None),
    ],
)
def test_tidy_postcode(typed, tidy):
    assert locate.tidy_postcode(typed) == tidy


@pytest.mark.parametrize("typed", ["LE1 5FQ.", "le1-5fq", " LE15FQ,", "le1 5fq;", "'LE1 5FQ'"])
def test_a_postcode_with_marks_around_it_is_the_postcode(locator, typed):
    assert locator.find(typed).label == "LE1 5FQ"


@pytest.mark.parametrize("typed", ["LE13.", " le13,", "LE13;", "(le13)"])
def test_an_outward_code_with_marks_around_it_is_the_outward_code(locator, typed):
    assert locator.find(typed).label == "LE13"


def test_only_unbroken_text_is_an_outward_code(locator):
    for typed in ("LE1 3", "LE1-3", "LE1.3"):
        with pytest.raises(locate.NotUnderstood):
            locator.find(typed)


DEMO_POSTCODES = sorted(
    {row["postcode"] for row in csv.DictReader(open(config.DATA / "demo-places.csv", encoding="utf-8"))}
)
MARKS = st.text(alphabet=" .,;:-_/'\"()", max_size=3)


@st.composite
def written(draw, postcode):
    """A postcode as a person might type it: any case, marks and spaces between and around."""
    letters = [draw(st.sampled_from([c.lower(), c.upper()])) for c in postcode.replace(" ", "")]
    inside = [draw(st.text(alphabet=" -.", max_size=2)) for _ in letters]
    return draw(MARKS) + "".join(c + gap for c, gap in zip(letters, inside, strict=True)) + draw(MARKS)


@given(data=st.data(), postcode=st.sampled_from(DEMO_POSTCODES))
def test_any_spacing_punctuation_or_case_of_a_real_postcode_is_that_postcode(places, data, postcode):
    typed = data.draw(written(postcode))
    assert locate.tidy_postcode(typed) == postcode
    origin = locate.Locator(places, AREA).find(typed)
    assert (origin.label, origin.precision) == (postcode, "outcode")


@given(
    outcode=st.sampled_from(sorted({postcode.split()[0] for postcode in DEMO_POSTCODES})),
    before=MARKS,
    after=MARKS,
    upper=st.booleans(),
)
def test_any_marks_around_a_real_outward_code_give_that_code(places, outcode, before, after, upper):
    typed = before + (outcode if upper else outcode.lower()) + after
    assert locate.Locator(places, AREA).find(typed).label == outcode


# The gazetteer: every settlement of the area is found where it is.


def test_every_settlement_of_the_area_is_found_within_3_km(locator):
    assert len(AREA_ROWS) >= 75
    missed = []
    for row in AREA_ROWS:
        origin = locator.find(row["name"])
        if km_from(origin, row) > 3:
            missed.append((row["name"], origin.label, round(km_from(origin, row), 1)))
    assert missed == []


@pytest.mark.parametrize(
    "typed", ["Kibworth", "Anstey", "Sileby", "Mountsorrel", "Syston", "Oakham", "Uppingham"]
)
def test_the_towns_and_villages_the_issue_names_are_found(locator, typed):
    origin = locator.find(typed)
    named = next(row for row in AREA_ROWS if row["name"].startswith(typed))
    assert km_from(origin, named) < 3 and origin.corrected_from is None


def test_names_of_the_area_win_over_the_same_name_elsewhere(locator, places):
    shared = [row["name"] for row in AREA_ROWS if places.elsewhere(gazetteer.name_key(row["name"]))]
    assert "Preston" in shared, "Preston, Rutland and Preston, Lancashire"
    for name in shared:
        origin = locator.find(name)
        assert km_from(origin, row_named(name)) < 3, name


@pytest.mark.parametrize(
    "typed, name",
    [
        ("Ashby", "Ashby-de-la-Zouch"),
        ("Melton", "Melton Mowbray"),
        ("Bosworth", "Market Bosworth"),
        ("Harborough", "Market Harborough"),
        ("Quorn", "Quorndon"),
        ("Wigston", "Wigston"),
        ("Lboro", "Loughborough"),
        ("Loughboro", "Loughborough"),
        ("Hinkley", "Hinckley"),
        ("Kibworth", "Kibworth Harcourt"),
    ],
)
def test_local_names_and_short_forms(locator, typed, name):
    origin = locator.find(typed)
    assert origin.label == name and origin.corrected_from is None
    assert km_from(origin, row_named(name)) < 0.01


def test_every_local_name_has_a_source_and_finds_a_place_of_the_area(locator):
    with open(config.DATA / "llr-aliases.csv", encoding="utf-8", newline="") as f:
        aliases = list(csv.DictReader(f))
    assert len(aliases) >= 10
    for alias in aliases:
        assert len(alias["source"]) > 20, alias
        try:
            origin = locator.find(alias["alias"])
        except locate.ChooseOne as choose:
            assert choose.kind == locate.AREA and alias["name"] in str(choose), alias
        else:
            assert origin.label == alias["name"], alias


def test_a_local_name_for_nothing_in_the_area_is_refused(places):
    with pytest.raises(ValueError, match="Narnia"):
        gazetteer.Gazetteer(
            places.outcodes,
            places.settlements,
            [("Nowhere", "Narnia", "a book")],
            geo.load_districts(config.DEFAULTS["SAFEPLACES_DISTRICTS"]),
            AREA,
        )


@pytest.mark.parametrize(
    "typed, label",
    [
        ("Newport, Isle of Wight", "Newport, Isle of Wight"),
        ("Newport, Wales", "Newport, Wales"),
        ("Oakham, Rutland", "Oakham"),
        ("Loughborough, Leicestershire", "Loughborough"),
        ("Leicester, Leicestershire", "Leicester"),
        ("Oakham, UK", "Oakham"),
    ],
)
def test_a_name_with_its_county_after_a_comma(locator, typed, label):
    assert locator.find(typed).label == label


# Area names: a useful choice, never a 404.


def test_the_whole_area_offers_every_district(locator):
    for typed in (AREA, "LLR", "llr", "Leicestershire and Rutland"):
        with pytest.raises(locate.ChooseOne) as caught:
            locator.find(typed)
        choose = caught.value
        assert choose.kind == locate.AREA
        assert str(choose) == f"Which part of {AREA} are you in?"
        assert [c.label for c in choose.choices] == [
            "Blaby",
            "Charnwood",
            "Harborough",
            "Hinckley and Bosworth",
            "Leicester",
            "Melton",
            "North West Leicestershire",
            "Oadby and Wigston",
            "Rutland",
        ]


def test_a_county_offers_its_districts_and_the_rest_of_the_area(locator):
    for typed in ("Leicestershire", "leics"):
        with pytest.raises(locate.ChooseOne) as caught:
            locator.find(typed)
        choose = caught.value
        assert str(choose) == "Which part of Leicestershire are you in?"
        assert len(choose.choices) == 7 and "Leicester" not in [c.label for c in choose.choices]
        assert [c.label for c in choose.others] == ["Leicester", "Rutland"]


@pytest.mark.parametrize(
    "typed, district, includes",
    [
        ("Charnwood", "Charnwood", ["Loughborough", "Anstey", "Sileby", "Mountsorrel", "Quorndon"]),
        ("Rutland", "Rutland", ["Oakham", "Uppingham"]),
        ("Hinckley and Bosworth", "Hinckley and Bosworth", ["Hinckley", "Market Bosworth"]),
        ("North West Leicestershire", "North West Leicestershire", ["Coalville", "Ashby-de-la-Zouch"]),
        ("NW Leics", "North West Leicestershire", ["Coalville"]),
        ("Melton district", "Melton", ["Melton Mowbray", "Asfordby"]),
        ("Oadby and Wigston", "Oadby and Wigston", ["Oadby", "Wigston", "Wigston Magna"]),
    ],
)
def test_a_district_offers_its_towns_and_villages(locator, typed, district, includes):
    with pytest.raises(locate.ChooseOne) as caught:
        locator.find(typed)
    choose = caught.value
    assert str(choose) == f"Which town or village in {district} are you in?"
    labels = [c.label for c in choose.choices]
    assert set(includes) <= set(labels) and labels == sorted(labels)


def every_choice_leads_to_a_place(locator, typed, depth=0):
    """Follow every choice down to an Origin; return how many places were reached."""
    try:
        locator.find(typed)
        return 1
    except locate.ChooseOne as choose:
        assert choose.kind == locate.AREA and depth < 3, typed
        return sum(every_choice_leads_to_a_place(locator, c.query, depth + 1) for c in choose.choices)


def test_every_choice_from_the_whole_area_leads_to_a_place(locator):
    assert every_choice_leads_to_a_place(locator, "LLR") >= len(AREA_ROWS) - 2


def test_a_district_also_offers_the_towns_of_its_places(locator, db):
    add_place(db, 52.67, -1.12, town="Birstall", district_code="E07000130")
    with pytest.raises(locate.ChooseOne) as caught:
        locator.find("Charnwood")
    assert locate.gazetteer.Choice("Birstall", "Birstall") in caught.value.choices


# Misspellings: one clear best match answers, several close ones are offered, and a name
# nobody knows is never turned into another place.


@pytest.mark.parametrize(
    "typed, label",
    [
        ("Leicster", "Leicester"),
        ("Lecester", "Leicester"),
        ("leicestor", "Leicester"),
        ("Melton Mowbary", "Melton Mowbray"),
        ("Market Harboro", "Market Harborough"),
        ("Loughbrough", "Loughborough"),
        ("Hinckly", "Hinckley"),
        ("Oakam", "Oakham"),
        ("Mountsorel", "Mountsorrel"),
        ("Kibwrth", "Kibworth Harcourt"),
    ],
)
def test_a_clear_misspelling_is_answered_and_says_what_was_typed(locator, typed, label):
    origin = locator.find(typed)
    assert (origin.label, origin.corrected_from) == (label, typed)
    assert km_from(origin, row_named(label)) < 0.01


def test_a_misspelt_district_offers_its_towns(locator):
    with pytest.raises(locate.ChooseOne) as caught:
        locator.find("Charnwod")
    assert str(caught.value).startswith("We could not find “Charnwod”. Did you mean Charnwood?")
    assert "Loughborough" in [c.label for c in caught.value.choices]


@pytest.mark.parametrize(
    "typed, offered",
    [
        ("Leister", ["Leicester"]),  # 87.5: close, but not sure enough to answer
        ("Ansty", ["Anstey", "Ansty, Wiltshire"]),  # a real Ansty, and the area's Anstey
        ("Market", ["Market Bosworth", "Market Harborough", "Market Overton"]),
        ("Manchesterr", ["Manchester, England"]),  # elsewhere: offered, never answered
    ],
)
def test_when_unsure_it_asks(locator, typed, offered):
    with pytest.raises(locate.ChooseOne) as caught:
        locator.find(typed)
    assert caught.value.kind == locate.PLACES
    assert [c.label for c in caught.value.choices][: len(offered)] == offered
    for choice in caught.value.choices:
        assert locator.find(choice.query).label == choice.label


@pytest.mark.parametrize(
    "typed", ["Bottesford", "Burbage", "Rothley", "Coventry", "London", "Gotham", "Newport"]
)
def test_a_name_found_only_outside_the_area_is_asked_about_with_its_county(locator, typed):
    # Bottesford, Burbage and Rothley are also villages of the area that GeoNames lacks.
    with pytest.raises(locate.ChooseOne) as caught:
        locator.find(typed)
    assert str(caught.value).startswith(f"We could not find “{typed}” in {AREA}.")
    assert all("," in c.label and c.label == c.query for c in caught.value.choices)


@pytest.mark.parametrize(
    "typed",
    [
        "Narnia",
        "Hogwarts",
        "Mordor",
        "Lufbra",
        "Wink",
        # Villages of the area GeoNames lacks: never another place of a similar name.
        "Barwell",
        "Birstall",
        "Groby",
        "Ratby",
        "Whetstone",
        "Whitwick",
        "Thurnby",
        "Scraptoft",
        "Glen Parva",
        "South Wigston",
        "Fleckney",
    ],
)
def test_a_name_nobody_knows_is_never_another_place(locator, typed):
    with pytest.raises(locate.NotFound) as caught:
        locator.find(typed)
    assert str(caught.value) == (
        f"We could not find a place called “{typed}”. Check the spelling, or type a postcode, like LE1 5FQ."
    )


def test_names_shorter_than_four_letters_are_never_corrected(places, locator):
    assert gazetteer.MIN_FUZZY_LENGTH == 4
    assert places.close_in_area("oam") == [] and places.close_elsewhere("yrk") == []
    with pytest.raises(locate.NotFound):
        locator.find("Wng")  # Wing, Rutland, is one letter away


def test_a_misspelt_town_of_the_places_is_answered(locator, db):
    add_place(db, 52.67, -1.12, town="Birstall")
    origin = locator.find("Birstal")
    assert (origin.label, origin.corrected_from) == ("Birstall", "Birstal")


# Loaded once per process.


def test_the_gazetteer_and_the_areas_bounds_are_loaded_once_per_process(app, db):
    first = locate.locator_for(app.config, db)
    second = locate.locator_for(app.config, db)
    assert first.gazetteer is second.gazetteer
    districts = geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])
    assert districts is geo.load_districts(app.config["SAFEPLACES_DISTRICTS"])


# The geocoder (Nominatim is not reachable here: a table stands in for it).


class RecordingGeocode:
    """Stands in for Nominatim, which is not reachable here: answers from a table."""

    def __init__(self, answers):
        self.answers, self.calls = answers, []

    def __call__(self, query, **options):
        self.calls.append((query, options))
        key = query["postalcode"] if isinstance(query, dict) else query
        if key not in self.answers:
            return None
        lat, lon, address = self.answers[key]
        return Location(address, (lat, lon), {})


def test_geocoded_postcodes_are_exact_and_cached(places, db):
    geocode = RecordingGeocode({"LE1 5FQ": (52.6341, -1.1295, "LE1 5FQ, Leicester")})
    geocoder = locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode, [(52.3, -1.6), (52.9, -0.4)]))
    locator = locate.Locator(places, "LLR", geocoder, db)
    first = locator.find("le1 5fq")
    assert (first.lat, first.lon, first.precision, first.approximate) == (52.6341, -1.1295, "postcode", False)
    assert geocode.calls == [({"postalcode": "LE1 5FQ"}, {"country_codes": "gb"})]
    assert locator.find("LE15FQ") == first
    assert len(geocode.calls) == 1, "the second answer must come from the cache"
    assert db["geocode_cache"].count == 1


def test_the_geocode_cache_is_written_holding_the_write_lock(places, db):
    statements = []
    db.conn.set_trace_callback(statements.append)
    geocode = RecordingGeocode({"LE1 5FQ": (52.6341, -1.1295, "LE1 5FQ, Leicester")})
    locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode)).postcode("LE1 5FQ")
    db.conn.set_trace_callback(None)
    insert = next(i for i, sql in enumerate(statements) if "INSERT" in sql and "geocode_cache" in sql)
    assert "BEGIN IMMEDIATE" in statements[:insert], statements
    assert not db.conn.in_transaction


def test_a_postcode_the_geocoder_cannot_find_falls_back_to_its_area(places, db):
    geocode = RecordingGeocode({})
    locator = locate.Locator(places, "LLR", locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode)), db)
    origin = locator.find("LE11 3AB")
    assert (origin.precision, origin.approximate) == ("outcode", True)
    assert db["geocode_cache"].count == 0


def test_villages_missing_from_the_gazetteer_are_found_through_the_geocoder_inside_the_area(places, db):
    geocode = RecordingGeocode({"Groby": (52.6637, -1.2275, "Groby, Hinckley and Bosworth, Leicestershire")})
    viewbox = [(52.39, -1.6), (52.98, -0.42)]
    locator = locate.Locator(
        places, "LLR", locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode, viewbox)), db
    )
    origin = locator.find("Groby")
    assert (origin.label, origin.precision) == ("Groby", "town")
    assert geocode.calls[0][1] == {"country_codes": "gb", "viewbox": viewbox, "bounded": True}


def test_locator_from_configuration(app, db):
    assert locate.locator_for(app.config, db, (52.3, -1.6, 52.9, -0.4)).geocoder is None
    nominatim = {**app.config, "SAFEPLACES_GEOCODER": "nominatim"}
    geocoder = locate.locator_for(nominatim, db, (52.3, -1.6, 52.9, -0.4)).geocoder
    assert isinstance(geocoder, locate.CachedGeocoder)
    assert geocoder.geocoder.viewbox == [(52.3, -1.6), (52.9, -0.4)]
    with pytest.raises(ValueError, match="SAFEPLACES_GEOCODER"):
        locate.locator_for({**app.config, "SAFEPLACES_GEOCODER": "google"}, db, (0, 0, 1, 1))


def test_names_are_compared_without_case_punctuation_or_spacing():
    assert gazetteer.name_key("  Ashby-de-la-Zouch ") == "ashby de la zouch"
    assert gazetteer.name_key("ST. HELENS") == "st helens"
    assert gazetteer.name_key(string.punctuation) == ""


def test_a_name_found_by_its_first_words_says_what_was_typed(locator):
    origin = locator.find("Kirby")
    assert (origin.label, origin.corrected_from) == ("Kirby Muxloe", "Kirby")


@pytest.mark.parametrize(
    "typed", ["Lutterworth Rd", "Lutterworth Road", "Narborough Rd", "Melton Road", "Leicester Square"]
)
def test_a_street_is_never_answered_with_the_town_it_is_named_after(locator, typed):
    """Lutterworth Road is in Leicester; the town of Lutterworth is 12 miles away."""
    with pytest.raises(locate.NotFound) as caught:
        locator.find(typed)
    assert str(caught.value) == (
        f"“{typed}” looks like a street. We can only find towns, villages and postcodes: "
        "type the postcode, like LE1 5FQ, or the town."
    )


@pytest.mark.parametrize(
    "typed, label",
    [
        ("leicester city centre", "Leicester"),
        ("Loughborough town centre", "Loughborough"),
        ("Oakham centre", "Oakham"),
    ],
)
def test_a_town_centre_is_the_town(locator, typed, label):
    origin = locator.find(typed)
    assert (origin.label, origin.corrected_from) == (label, None)
    assert km_from(origin, row_named(label)) < 0.01
