"""gunicorn's settings for running the site for real: `gunicorn -c python:safeplaces.gunicorn_config app:app`.

The access log records what was asked for and how it went, never who asked or what they
searched for: a postcode or a position in a query string is location data about a person who
may be vulnerable, and so is the Referer of a page of results. So the log has the time, the
method, the path without its query string, the status, the size and how long it took; no
client address, no query string, no Referer, no user agent. Settings can be changed with
gunicorn's own flags or GUNICORN_CMD_ARGS; WEB_CONCURRENCY sets the number of workers.
"""

import os

bind = os.environ.get("SAFEPLACES_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# The app (and its database migrations) loads once, before the workers start.
preload_app = True
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# X-Forwarded-* headers are trusted only from the reverse proxy on this machine.
forwarded_allow_ips = os.environ.get("SAFEPLACES_FORWARDED_ALLOW_IPS", "127.0.0.1")
