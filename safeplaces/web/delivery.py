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
site's static files are a few hundred kilobytes). A static file never changes while the app
runs, so it is compressed once per encoding, the first time it is asked for, at each format's
highest setting (brotli 11, zstd 19, gzip 9: Leaflet's 148 KB script travels as 38 KB, not 46),
and the result kept; Flask-Compress, which must be quick for pages made on every request,
leaves a response alone once it has a Content-Encoding.
"""

import gzip
import hashlib
import mimetypes
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request
from flask_compress import Compress

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd  # what Flask-Compress itself uses before Python 3.14

HASH_LENGTH = 12
FOR_A_YEAR = "public, max-age=31536000, immutable"
CHECK_FIRST = "no-cache"
PAGE_CACHE = "private, no-cache"
PAGE_TYPES = {"text/html", "application/json"}
# Best first, as browsers that accept several get the smallest.
ENCODINGS = {
    "br": lambda data: brotli.compress(data, quality=11),
    "zstd": lambda data: zstd.compress(data, level=19),
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}
# For a large answer made while the site runs and then kept (the offline file, megabytes with
# many places): brotli 11 would take seconds, these take a fraction of one, each made once.
QUICK_ENCODINGS = {
    "br": lambda data: brotli.compress(data, quality=5),
    "gzip": lambda data: gzip.compress(data, compresslevel=6, mtime=0),
}
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
)
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


@lru_cache(maxsize=1024)
def _compressed(data: bytes, encoding: str) -> bytes:
    """A static file's bytes in an encoding, made once per process (files are keyed by content)."""
    return ENCODINGS[encoding](data)


def _best_encoding(static_file: StaticFile) -> str | None:
    """The smallest encoding the browser accepts for this file, or None to send it as it is."""
    if not static_file.mimetype.startswith(COMPRESSIBLE):
        return None
    accepted = request.accept_encodings
    return next((encoding for encoding in ENCODINGS if accepted[encoding]), None)


def kept_answer(body: bytes, etag: str, mimetype: str, encoded: dict) -> Response:
    """An answer of bytes made once and kept: in the best encoding the browser takes, each made
    once and kept in `encoded` (encoding: bytes) beside the body, and 304 when the browser has it."""
    encoding = next((name for name in QUICK_ENCODINGS if request.accept_encodings[name]), None)
    data = body
    if encoding:
        if encoding not in encoded:
            encoded[encoding] = QUICK_ENCODINGS[encoding](body)
        data = encoded[encoding]
    response = Response(data, mimetype=mimetype)
    response.vary.add("Accept-Encoding")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.set_etag(f"{etag}-{encoding}" if encoding else etag)
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Compression, hashed static files and page validators for the app."""
    # after_request functions run last-registered first: this one runs after Flask-Compress.
    app.after_request(_no_date_header)
    Compress(app)
    _serve_static(app)
    # Registered after Compress, so it runs first: the ETag is of the uncompressed page, and
    # Flask-Compress then answers a matching If-None-Match with 304.
    app.after_request(_page_validators)


def _no_date_header(response: Response) -> Response:
    """Leave the Date header to the server: Werkzeug's conditional answers add one, and gunicorn
    adds its own, so a browser would get two, which the service worker cannot read."""
    response.headers.pop("Date", None)
    return response


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
        encoding = _best_encoding(static_file)
        data = _compressed(static_file.data, encoding) if encoding else static_file.data
        response = Response(data, mimetype=static_file.mimetype)
        response.headers["Cache-Control"] = FOR_A_YEAR if hashed else CHECK_FIRST
        response.vary.add("Accept-Encoding")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.set_etag(f"{static_file.digest}-{encoding}" if encoding else static_file.digest)
        return response.make_conditional(request)

    app.view_functions["static"] = serve
