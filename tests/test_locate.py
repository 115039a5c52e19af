import pytest
from geopy.location import Location

from safeplaces import config, locate
from tests.helpers import add_place


@pytest.fixture
def gazetteer():
    return locate.load_gazetteer(str(config.DATA / "uk-outcodes.csv"), str(config.DATA / "llr-places.csv"))


@pytest.fixture
def locator(gazetteer, db):
    return locate.Locator(gazetteer, "Leicester, Leicestershire and Rutland", None, db)


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
    assert (origin.label, origin.precision) == (label, precision)
    if lat is not None:
        assert (origin.lat, origin.lon) == pytest.approx((lat, lon), abs=1e-3)
    assert origin.approximate == (precision in ("outcode", "town"))


@pytest.mark.parametrize(
    "typed, message, status",
    [
        ("", "Type a postcode or the name of a town.", 400),
        ("   ", "Type a postcode or the name of a town.", 400),
        ("LE1 5", "“LE1 5” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.", 400),
        ("12345", "“12345” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.", 400),
        (
            "LE1 5FQQ",
            "“LE1 5FQQ” is not a postcode we can read. A postcode looks like LE1 5FQ, or just LE1.",
            400,
        ),
        ("x" * 101, "That is too long. Type a postcode or a town, in 100 letters or fewer.", 400),
        ("ZZ9 9ZZ", "We could not find the postcode ZZ9 9ZZ. Check it, or type a town.", 404),
        ("ZZ9", "We could not find the postcode area ZZ9. Check it, or type a town.", 404),
        (
            "Narnia",
            "We could not find a place called “Narnia” in Leicester, Leicestershire and Rutland. "
            "Try a postcode, like LE1 5FQ.",
            404,
        ),
        ("91, 0", "The latitude must be between -90 and 90.", 400),
        ("52, 181", "The longitude must be between -180 and 180.", 400),
    ],
)
def test_what_cannot_be_placed_is_explained(locator, typed, message, status):
    with pytest.raises(locate.LocateError) as caught:
        locator.find(typed)
    assert (caught.value.message, caught.value.status) == (message, status)


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
    with pytest.raises(locate.LocateError) as caught:
        locator.point(lat, lon)
    assert caught.value.message == message and caught.value.status == 400


def test_a_town_with_places_but_not_in_the_list_is_their_middle(locator, db):
    add_place(db, 52.70, -1.08, town="Syston")
    add_place(db, 52.71, -1.06, town="Syston")
    add_place(db, 52.90, -1.00, town="Syston", status="suspended")
    origin = locator.find("syston")
    assert (origin.label, origin.precision) == ("Syston", "town")
    assert (origin.lat, origin.lon) == pytest.approx((52.705, -1.07))


@pytest.mark.parametrize(
    "typed, tidy",
    [
        ("le1 5fq", "LE1 5FQ"),
        ("LE15FQ", "LE1 5FQ"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("LE1", None),
        ("LE1 5F", None),
        ("", None),
        (None, None),
        ("LE1 5FQ X", None),
    ],
)
def test_tidy_postcode(typed, tidy):
    assert locate.tidy_postcode(typed) == tidy


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


def test_geocoded_postcodes_are_exact_and_cached(gazetteer, db):
    geocode = RecordingGeocode({"LE1 5FQ": (52.6341, -1.1295, "LE1 5FQ, Leicester")})
    geocoder = locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode, [(52.3, -1.6), (52.9, -0.4)]))
    locator = locate.Locator(gazetteer, "LLR", geocoder, db)
    first = locator.find("le1 5fq")
    assert (first.lat, first.lon, first.precision, first.approximate) == (52.6341, -1.1295, "postcode", False)
    assert geocode.calls == [({"postalcode": "LE1 5FQ"}, {"country_codes": "gb"})]
    assert locator.find("LE15FQ") == first
    assert len(geocode.calls) == 1, "the second answer must come from the cache"
    assert db["geocode_cache"].count == 1


def test_a_postcode_the_geocoder_cannot_find_falls_back_to_its_area(gazetteer, db):
    geocode = RecordingGeocode({})
    locator = locate.Locator(
        gazetteer, "LLR", locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode)), db
    )
    origin = locator.find("LE11 3AB")
    assert (origin.precision, origin.approximate) == ("outcode", True)
    assert db["geocode_cache"].count == 0


def test_villages_are_found_through_the_geocoder_inside_the_area(gazetteer, db):
    geocode = RecordingGeocode({"Birstall": (52.6737, -1.1200, "Birstall, Charnwood, Leicestershire")})
    viewbox = [(52.39, -1.6), (52.98, -0.42)]
    locator = locate.Locator(
        gazetteer, "LLR", locate.CachedGeocoder(db, locate.NominatimGeocoder(geocode, viewbox)), db
    )
    origin = locator.find("Birstall")
    assert (origin.label, origin.precision) == ("Birstall", "town")
    assert geocode.calls[0][1] == {"country_codes": "gb", "viewbox": viewbox, "bounded": True}


def test_locator_from_configuration(app, db):
    assert locate.locator_for(app.config, db, (52.3, -1.6, 52.9, -0.4)).geocoder is None
    nominatim = {**app.config, "SAFEPLACES_GEOCODER": "nominatim"}
    geocoder = locate.locator_for(nominatim, db, (52.3, -1.6, 52.9, -0.4)).geocoder
    assert isinstance(geocoder, locate.CachedGeocoder)
    assert geocoder.geocoder.viewbox == [(52.3, -1.6), (52.9, -0.4)]
    with pytest.raises(ValueError, match="SAFEPLACES_GEOCODER"):
        locate.locator_for({**app.config, "SAFEPLACES_GEOCODER": "google"}, db, (0, 0, 1, 1))
