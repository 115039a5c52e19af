"""Reporting hate crime: every route a person can take, in the order to try them.

- In an emergency (someone hurt or in danger now): 999.
- The local police: 101, or their online report. The force's name and the address of its online
  report are settings (SAFEPLACES_POLICE_NAME, SAFEPLACES_POLICE_REPORT_URL). The default is
  Leicestershire Police's "report" section of the national Single Online Home police websites,
  https://www.leics.police.uk/ro/report/ (checked only against stored copies of pages that link
  to forms under it; this machine has no internet).
- True Vision (https://www.report-it.org.uk/), the police-funded national website for reporting
  hate crime in England, Wales and Northern Ireland; it passes the report to the right force.
- Crimestoppers, 0800 555 111, for anyone who does not want to give their name.
- The scheme's own third-party reporting centres (SAFEPLACES_REPORTING_CENTRES): places that
  are not the police where staff help a person report, with or without their name. Each scheme
  lists its own, so none is written here.

National routes are constants; local ones are settings, checked when the app starts
(check_settings), so a mistyped setting stops the site with a message instead of showing a
broken page to someone who has just been hurt.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from . import places

TRUE_VISION_URL = "https://www.report-it.org.uk/"
CRIMESTOPPERS_PHONE = "0800 555 111"
CENTRE_FIELDS = ("name", "address", "phone", "hours")
MAX_FIELD_LENGTH = 300
CENTRES_SETTING = "SAFEPLACES_REPORTING_CENTRES"
URL_SETTING = "SAFEPLACES_POLICE_REPORT_URL"


@dataclass(frozen=True)
class Centre:
    """A third-party reporting centre. Only the name is required."""

    name: str
    address: str = ""
    phone: str = ""
    hours: str = ""


@dataclass(frozen=True)
class Routes:
    """Every way to report, with the scheme's settings filled in."""

    emergency: str
    non_emergency: str
    police_name: str
    police_report_url: str
    centres: tuple[Centre, ...]
    true_vision_url: str = TRUE_VISION_URL
    crimestoppers_phone: str = CRIMESTOPPERS_PHONE


def centres(setting: object) -> tuple[Centre, ...]:
    """The reporting centres from the setting (a list of mappings); ValueError saying what is wrong."""
    if not isinstance(setting, list | tuple):
        raise ValueError(f"{CENTRES_SETTING} must be a list of centres, each with a name")
    return tuple(_centre(number, item) for number, item in enumerate(setting, start=1))


def _centre(number: int, item: object) -> Centre:
    where = f"{CENTRES_SETTING}, centre {number}"
    if not isinstance(item, Mapping):
        raise ValueError(f"{where} must have a name, and may have an address, phone and hours")
    unknown = sorted(set(item) - set(CENTRE_FIELDS))
    if unknown:
        raise ValueError(f"{where} has {', '.join(map(str, unknown))}: use only {', '.join(CENTRE_FIELDS)}")
    values = {}
    for field in CENTRE_FIELDS:
        value = item.get(field) or ""
        if not isinstance(value, str) or not value.isprintable() or len(value) > MAX_FIELD_LENGTH:
            raise ValueError(
                f"{where}: the {field} must be one line of text of at most {MAX_FIELD_LENGTH} characters"
            )
        values[field] = " ".join(value.split())
    if not values["name"]:
        raise ValueError(f"{where} has no name")
    if values["phone"]:
        try:
            values["phone"] = places.tidy_phone(values["phone"])
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
    return Centre(**values)


def routes(config: Mapping) -> Routes:
    """Every route, from the app's configuration; ValueError if a setting cannot be used."""
    url = config[URL_SETTING]
    if not places.is_safe_link(url):
        raise ValueError(
            f"{URL_SETTING} must be a web address starting with https:// or http://, not {url!r}"
        )
    return Routes(
        emergency=config["SAFEPLACES_EMERGENCY_PHONE"],
        non_emergency=config["SAFEPLACES_NON_EMERGENCY_PHONE"],
        police_name=config["SAFEPLACES_POLICE_NAME"],
        police_report_url=url,
        centres=centres(config[CENTRES_SETTING]),
    )


def check_settings(config: Mapping) -> None:
    """Raise ValueError, saying which setting is wrong and how, if the reporting routes cannot be shown."""
    routes(config)
