"""Files the site keeps and gives out: the photos of entrances, and PDF downloads.

A PDF may carry a person's Keep Safe card details, so it is sent so that no browser or proxy
keeps a copy, under a file name that names nobody.
"""

import os

from flask import Response, abort, current_app, send_file

from .. import photos


def photo_folder() -> str:
    """Where photos are kept: SAFEPLACES_PHOTOS, relative to the instance folder unless absolute."""
    return os.path.join(current_app.instance_path, str(current_app.config["SAFEPLACES_PHOTOS"]))


def send_photo(name: str, max_age: int = 0) -> Response:
    """The stored photo called name, as a JPEG response; 404 if there is none."""
    path = photos.path_of(photo_folder(), name)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=max_age)


def pdf_response(pdf: bytes, filename: str) -> Response:
    """A PDF download that no browser or proxy keeps, under a name that names nobody."""
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
