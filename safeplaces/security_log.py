"""Security events (failed sign-ins, lockouts, refusals, forms without their token), logged
without personal data.

The log shows a scheme's operator that someone is guessing passwords, and from how many places,
without the log itself becoming a list of who uses the manage area or who visits the site. So an
email address or a visitor's network address is never written as it is: it is written as a
pseudonym, a keyed hash (HMAC-SHA256 with the site's secret key, cut to 12 hexadecimal
characters). The same address always gives the same pseudonym, so events can be counted and
linked; without the key nobody can work back from it, or even test a guess.
`flask --app app pseudonym TEXT` gives the pseudonym of a given address, to look for it.

Events go to the `safeplaces.security` logger, at WARNING, one line each:
`sign-in failed account=3f2a9c01b7de address=9b1c44e0a2f3`.
"""

import hashlib
import hmac
import logging

LOG = logging.getLogger("safeplaces.security")


def pseudonym(secret: str | bytes, text: str) -> str:
    """A keyed hash of text that stands for it in the log: same text, same pseudonym."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, text.strip().lower().encode(), hashlib.sha256).hexdigest()[:12]


def event(what: str, **details: object) -> None:
    """Log one security event; details must already hold no personal data (use pseudonym)."""
    LOG.warning("%s %s", what, " ".join(f"{key}={value}" for key, value in details.items()).strip())
