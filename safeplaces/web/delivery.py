"""How responses travel: compressed, static files kept for a year, pages with validators.

Pages, JSON, CSS and JavaScript are compressed (Flask-Compress: brotli, zstd or gzip, as the
browser accepts). A page carries an ETag (a hash of its bytes) and `Cache-Control: private,
no-cache`, so a return visit asks "has it changed?" and usually gets an empty 304.

Static files travel under content-hashed names and are kept by browsers for a year.

`url_for("static", filename="css/site.css")` gives `/static/css/site.3f9a0c1b2d4e.css`: the name
carries a hash of the file's content, so a changed file gets a new address and the old one
may be cached for good (`Cache-Control: public, max-age=31536000, immutable`). The plain name
still works, with `no-cache` and an ETag, for files other files point at by a relative path
(Leaflet's images) and for anyone holding an old link.

The hashes are worked out once, when the app starts, from the files themselves: there is no
build step to forget and no manifest that can go stale. Files are read into memory once (the
site's static files are a few hundred kilobytes), so Flask-Compress can compress each one once
per encoding and keep the result (see `compressed_once`).
"""

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, request
from flask_compress import Compress

HASH_LENGTH = 12
FOR_A_YEAR = "public, max-age=31536000, immutable"
CHECK_FIRST = "no-cache"
PAGE_CACHE = "private, no-cache"
PAGE_TYPES = {"text/html", "application/json"}
HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[^./]+)$")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@dataclass(frozen=True)
class StaticFile:
    data: bytes
    digest: str
    mimetype: str


class Assets:
    """Every file under the static folder, with its hashed name."""

    def __init__(self, folder: Path):
        self.files: dict[str, StaticFile] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            name = path.relative_to(folder).as_posix()
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self.files[name] = StaticFile(data, hashlib.sha256(data).hexdigest()[:HASH_LENGTH], mimetype)

    def hashed_name(self, name: str) -> str:
        """`css/site.css` as `css/site.<hash>.css`; a name that is not a file stays as it is."""
        found = self.files.get(name)
        if found is None:
            return name
        stem, dot, suffix = name.rpartition(".")
        return f"{stem}.{found.digest}.{suffix}" if dot and "/" not in suffix else f"{name}.{found.digest}"

    def find(self, requested: str) -> tuple[StaticFile, bool] | None:
        """(the file, whether it was asked for by its hashed name), or None."""
        if requested in self.files:
            return self.files[requested], False
        match = HASHED.match(requested)
        if match:
            found = self.files.get(match["stem"] + match["suffix"])
            if found is not None and found.digest == match["digest"]:
                return found, True
        return None


def init_app(app: Flask) -> None:
    """Compression, hashed static files and page validators for the app."""
    app.config.update(_compress_once(app))
    Compress(app)
    _serve_static(app)
    # Registered after Compress, so it runs first: the ETag is of the uncompressed page, and
    # Flask-Compress then answers a matching If-None-Match with 304.
    app.after_request(_page_validators)


def _page_validators(response: Response) -> Response:
    """An ETag and `private, no-cache` for a successful page or JSON answer that set neither."""
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.is_streamed
        and response.mimetype in PAGE_TYPES
        and "Cache-Control" not in response.headers
    ):
        response.headers["Cache-Control"] = PAGE_CACHE
        response.add_etag()
    return response


def _serve_static(app: Flask) -> None:
    """Serve the static folder through Assets, and make url_for("static") give hashed names."""
    assets = Assets(Path(app.static_folder))
    app.extensions["safeplaces_assets"] = assets

    @app.url_defaults
    def hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.hashed_name(values["filename"])

    def serve(filename):
        found = assets.find(filename)
        if found is None:
            abort(404)
        static_file, hashed = found
        response = Response(static_file.data, mimetype=static_file.mimetype)
        response.headers["Cache-Control"] = FOR_A_YEAR if hashed else CHECK_FIRST
        response.set_etag(static_file.digest)
        return response.make_conditional(request)

    app.view_functions["static"] = serve


def _compress_once(app: Flask) -> dict:
    """Flask-Compress settings that compress each static file once per encoding and keep it.

    Pages are compressed on every response (they change); a static file never changes while
    the app runs, so its compressed bytes are kept, keyed by its address and encoding.
    """
    kept: dict[str, bytes] = {}

    class Kept:
        def get(self, key):
            return kept.get(key)

        def set(self, key, value):
            if key.split(";", 1)[1].startswith(app.static_url_path + "/"):
                kept[key] = value

    return {"COMPRESS_CACHE_BACKEND": Kept, "COMPRESS_CACHE_KEY": lambda req: req.path}
