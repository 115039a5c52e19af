"""The rate limiter, and the security log as a request writes to it.

One Limiter for the whole site: blueprints decorate their views with it, and the app factory
binds it to the app (`limiter.init_app`). The security log names visitors and accounts only by
pseudonym, keyed with the site's secret, so the log holds no email or network address.
"""

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from .. import security_log

# Sign-in and the public forms are rate-limited; SAFEPLACES_RATELIMIT_STORAGE may name a shared
# store (such as redis://) when the site runs in more than one process.
limiter = Limiter(get_remote_address)


def pseudonym(text: str | None) -> str:
    """The log's stand-in for an email or network address (security_log.pseudonym, with the site's key)."""
    return security_log.pseudonym(current_app.secret_key, text or "")


def security_event(what: str, email: str | None = None, **details: object) -> None:
    """Log a security event about this request, naming the visitor and any account only by pseudonym."""
    named = {"account": pseudonym(email)} if email is not None else {}
    security_log.event(what, **named, address=pseudonym(request.remote_addr), path=request.path, **details)
