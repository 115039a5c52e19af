"""The site's settings as a view needs them: the time now, the phone numbers, printed addresses.

Views ask these rather than reading the configuration themselves, so a setting that fixes the
clock (for tests and demonstrations) or the address printed on cards applies to every page.
"""

from datetime import datetime

from flask import current_app, request

from .. import clock


def now() -> datetime:
    """The time now in London. SAFEPLACES_FIXED_NOW (ISO) fixes it, for tests and demonstrations."""
    fixed = current_app.config.get("SAFEPLACES_FIXED_NOW")
    return clock.local(datetime.fromisoformat(fixed)) if fixed else clock.london_now()


def phones() -> dict[str, str]:
    """The numbers to call, as the templates name them: emergency and non_emergency."""
    return {
        "emergency": current_app.config["SAFEPLACES_EMERGENCY_PHONE"],
        "non_emergency": current_app.config["SAFEPLACES_NON_EMERGENCY_PHONE"],
    }


def printed_url(path: str) -> str:
    """The absolute address of a page, for QR codes that get printed.

    From SAFEPLACES_BASE_URL, or else the address this page was reached at.
    """
    return (current_app.config["SAFEPLACES_BASE_URL"] or request.url_root).rstrip("/") + path
