"""/healthz: for a load balancer or monitor, is the site up and does its database answer?"""

import sqlite3

from flask import Blueprint, jsonify

from .. import db as database
from ..db import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers at the schema this code expects, else 503."""
    try:
        version = database.schema_version(get_db())
    except sqlite3.Error:
        return jsonify(status="error", problem="the database does not answer"), 503
    if version != len(database.MIGRATIONS):
        return jsonify(status="error", problem="the database is not at this code's schema"), 503
    response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
