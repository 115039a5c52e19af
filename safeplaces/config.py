"""Configuration: defaults, then instance/config.py, then SAFEPLACES_* environment variables.

Every scheme-specific fact (area, wording, phone numbers, reference data) is configuration, so
another scheme can run the same code. Tests pass their own mapping to create_app instead.
"""

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

DEFAULTS = {
    "SAFEPLACES_SCHEME_NAME": "Keep Safe Places",
    "SAFEPLACES_AREA_NAME": "Leicester, Leicestershire and Rutland",
    # What one place of the scheme is called, and many: written after "a" and "no" on pages.
    "SAFEPLACES_PLACE_NAME": "Keep Safe Place",
    "SAFEPLACES_PLACE_NAME_PLURAL": "Keep Safe Places",
    # The public address, for the QR codes on cards and posters. Empty: the address the page
    # was reached at. Set it in production, where it also makes session cookies Secure.
    "SAFEPLACES_BASE_URL": "",
    # Host names the site answers to besides SAFEPLACES_BASE_URL's and the loopback ones (see
    # trusted_hosts). A request for any other host is refused.
    "SAFEPLACES_TRUSTED_HOSTS": [],
    "SAFEPLACES_EMERGENCY_PHONE": "999",
    "SAFEPLACES_NON_EMERGENCY_PHONE": "101",
    # Where to report a crime to the local police online, and their name (safeplaces/reporting.py).
    "SAFEPLACES_POLICE_NAME": "Leicestershire Police",
    "SAFEPLACES_POLICE_REPORT_URL": "https://www.leics.police.uk/ro/report/",
    # The scheme's third-party hate-crime reporting centres: a list of {name, address, phone,
    # hours}; in the environment, a JSON list.
    "SAFEPLACES_REPORTING_CENTRES": [],
    # Reference data (see data/SOURCES.md).
    "SAFEPLACES_DISTRICTS": str(DATA / "llr-districts.geojson"),
    "SAFEPLACES_OUTCODES": str(DATA / "uk-outcodes.csv"),
    "SAFEPLACES_TOWNS": str(DATA / "gb-places.csv"),
    "SAFEPLACES_ALIASES": str(DATA / "llr-aliases.csv"),
    "SAFEPLACES_DEMO_PLACES": str(DATA / "demo-places.csv"),
    # Residents of each district (columns code, name, population), for the coverage page.
    "SAFEPLACES_POPULATION": str(DATA / "llr-district-population.csv"),
    "SAFEPLACES_ATTRIBUTION": [
        "Contains OS data © Crown copyright and database right 2020.",
        "Contains Royal Mail data © Royal Mail copyright and database right 2020.",
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
        "Place names and positions: GeoNames (geonames.org), licensed under CC BY 4.0.",
    ],
    # Geocoding of full postcodes and villages: "" (offline: outward-code centres) or "nominatim".
    "SAFEPLACES_GEOCODER": "",
    "SAFEPLACES_GEOCODER_DOMAIN": "nominatim.openstreetmap.org",
    "SAFEPLACES_GEOCODER_USER_AGENT": "keep-safe-places/0.1",
    "SAFEPLACES_SEARCH_RADIUS_KM": 50,
    # Photos of entrances: a folder, relative to the instance folder unless absolute.
    "SAFEPLACES_PHOTOS": "photos",
    # Where rate limits are counted. Empty: an SQLite file beside the database, shared by every
    # process of the site on this machine (see ratelimits.py). Or a limits storage URI.
    "SAFEPLACES_RATELIMIT_STORAGE": "",
    # How many reverse proxies stand in front of the site, each adding to X-Forwarded-For,
    # -Proto and -Host. 0: none, and those headers are ignored (anyone can send them).
    "SAFEPLACES_PROXY_COUNT": 0,
    # Searches (/find and /map) one address may make, in Flask-Limiter's words. Help now is
    # never limited. Generous, because a whole mobile network can share one address.
    "SAFEPLACES_SEARCH_LIMIT": "60 per minute",
    # A manage session ends after this long unused, and in any case this long after signing in.
    "SAFEPLACES_SESSION_IDLE_MINUTES": 30,
    "SAFEPLACES_SESSION_HOURS": 8,
    # Admins must use two-step sign-in (a code from an app on their phone) to use the manage area.
    "SAFEPLACES_ADMIN_TWO_STEP": False,
    # The map's tile server: the only outside host any page uses.
    "SAFEPLACES_TILES_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    # The licence of the open data (the downloads and the Open Referral feed).
    "SAFEPLACES_DATA_LICENCE_NAME": "Open Government Licence v3.0",
    "SAFEPLACES_DATA_LICENCE_URL": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    # The scheme's id as an organization in the Open Referral feed (a UUID). Empty: derived from
    # the base address and the scheme's name (see safeplaces/openreferral.py).
    "SAFEPLACES_OPENREFERRAL_ORGANIZATION_ID": "",
    # The languages the public pages are offered in (codes of safeplaces/languages.py); English
    # must be one of them. In the environment, separated by commas, spaces or lines.
    "SAFEPLACES_LANGUAGES": ["en", "gu", "pa", "ur", "ar", "pl", "so", "cy"],
    "SAFEPLACES_TILES_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">'
    "OpenStreetMap</a> contributors",
}

# Settings whose environment values are numbers, or lists written one item a line.
NUMERIC = {
    "SAFEPLACES_SEARCH_RADIUS_KM",
    "SAFEPLACES_PROXY_COUNT",
    "SAFEPLACES_SESSION_IDLE_MINUTES",
    "SAFEPLACES_SESSION_HOURS",
}
BOOLEANS = {"SAFEPLACES_ADMIN_TWO_STEP"}  # 1, true, yes or on
LISTS = {"SAFEPLACES_ATTRIBUTION"}
JSON = {"SAFEPLACES_REPORTING_CENTRES"}
WORD_LISTS = {"SAFEPLACES_TRUSTED_HOSTS", "SAFEPLACES_LANGUAGES"}  # separated by commas, spaces or lines
# Always trusted: an address on this machine can only point back at it.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
# Forms are small; the pages that take uploads allow more for themselves.
MAX_REQUEST_BYTES = 256 * 1024


def from_environment(environ: Mapping[str, str] = os.environ) -> dict:
    """Return the SAFEPLACES_* settings found in the environment, typed."""
    found = {}
    for key, value in environ.items():
        if key.startswith("SAFEPLACES_"):
            if key in NUMERIC:
                value = float(value)
            elif key in LISTS:
                value = [line.strip() for line in value.splitlines() if line.strip()]
            elif key in JSON:
                value = _json_setting(key, value)
            elif key in BOOLEANS:
                value = value.strip().lower() in ("1", "true", "yes", "on")
            elif key in WORD_LISTS:
                value = value.replace(",", " ").split()
            found[key] = value
    if "SAFEPLACES_SECRET_KEY" in found:
        found["SECRET_KEY"] = found.pop("SAFEPLACES_SECRET_KEY")
    return found


def _json_setting(key: str, text: str) -> object:
    """A setting written as JSON in the environment; ValueError naming the setting if it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{key} must be written as JSON ({error})") from None


def instance_secret_key(instance_path: str | os.PathLike) -> str:
    """Read the instance's secret key, making one on first start so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def trusted_hosts(settings: Mapping) -> list[str]:
    """The host names requests may name (Flask's TRUSTED_HOSTS): the base address's, any set, loopback.

    Links in API answers and the QR codes on cards are made from the host a request names when
    SAFEPLACES_BASE_URL is empty, so a request naming another host must not be answered at all.
    """
    base = urlsplit(settings["SAFEPLACES_BASE_URL"]).hostname
    named = [*([base] if base else []), *settings["SAFEPLACES_TRUSTED_HOSTS"]]
    return list(dict.fromkeys([host.lower() for host in named] + list(LOOPBACK_HOSTS)))
