"""Photos of a place's entrance: checked, cleaned of every scrap of metadata, and stored.

An upload is refused unless it is a JPEG, PNG or WebP picture of at most 5 MB. Many phone
cameras write JPEGs with a second picture or a depth map attached, which Pillow calls "MPO":
those are JPEGs too, and only their first picture is kept. Pillow checks the file twice
(verify, then a real decode, because verify does not decode the pixels), and a picture with
too many pixels is refused before it is decoded: a small file can claim a vast size (a
"decompression bomb"; a 190 KB PNG of 7000 × 7000 took 966 MB to open). A JPEG is decoded at a
reduced scale (Pillow's draft), so a phone camera's 48 megapixels fit in a few tens of MB; a
PNG or WebP can only be decoded whole, so it may have fewer (MAX_WHOLE_PIXELS, 48 MB at 4 bytes
a pixel). The picture is made small first, then turned and converted, so nothing but the
decoded picture (and a copy while it is made small) is ever large. What is kept is a new JPEG made from the pixels alone, turned upright as
its EXIF said, at most 1600 × 1600: no EXIF, GPS position, camera details or comments survive.
Files are private to the site's user (0600, in a 0700 folder) and get random names, so a name
says nothing and cannot be guessed; only the name is stored with the place.
"""

import io
import os
import re
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
# Above a 48-megapixel phone camera, well below Pillow's own limit (about 89 megapixels): for
# JPEGs, decoded at a reduced scale. PNG and WebP are decoded whole, so they may have fewer.
MAX_PIXELS = 50_000_000
MAX_WHOLE_PIXELS = 12_000_000
SCALED = {"JPEG", "MPO"}  # the formats Pillow can decode at a reduced scale (draft)
# The plugins Pillow may open an upload with. A JPEG with an MPF block comes out of the JPEG
# plugin as "MPO" (it has no plugin of its own to name here), so FORMATS also lists it.
OPENERS = ("JPEG", "PNG", "WEBP")
FORMATS = {*OPENERS, "MPO"}
JPEG_QUALITY = 85
NAME = re.compile(r"[0-9a-f]{32}\.jpg")
REFUSED = "The photo must be a JPEG, PNG or WebP picture of 5 MB or less"
TOO_MANY_PIXELS = (
    "The photo is too large to open safely. Use a smaller picture: a JPEG of 50 megapixels or "
    "less, or a PNG or WebP of 12 megapixels or less"
)


class PhotoRefused(ValueError):
    """The upload is not a photo we accept; the message says why, in plain words."""


def prepare(data: bytes) -> bytes:
    """The JPEG bytes to keep for an uploaded photo (bytes), or PhotoRefused."""
    if not data or len(data) > MAX_BYTES:
        raise PhotoRefused(REFUSED)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            _check(data)
            return _clean_jpeg(data)
        except PhotoRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(TOO_MANY_PIXELS) from None
        except Exception:
            # Pillow's decoders raise many kinds of error on a damaged or disguised file
            # (OSError, SyntaxError, ValueError, struct.error...): all mean the same to us.
            raise PhotoRefused(REFUSED) from None


def _open(data: bytes) -> Image.Image:
    """The picture, opened lazily, if it is one of our formats and not too many pixels."""
    picture = Image.open(io.BytesIO(data), formats=OPENERS)
    if picture.format not in FORMATS:
        raise PhotoRefused(REFUSED)
    width, height = picture.size
    if width * height > (MAX_PIXELS if picture.format in SCALED else MAX_WHOLE_PIXELS):
        raise PhotoRefused(TOO_MANY_PIXELS)
    return picture


def _check(data: bytes) -> None:
    with _open(data) as picture:
        picture.verify()


def _clean_jpeg(data: bytes) -> bytes:
    """A fresh JPEG of the picture's pixels only: upright, in sRGB, on white, fitted in MAX_SIDE."""
    with _open(data) as picture:
        picture.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG only: decode at a smaller scale, using less memory
        picture.load()
        if picture.mode in ("P", "1"):  # resized as they are, they would lose colours and edges
            picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
        # Smaller first (in place: the large decoded picture is let go), so nothing after is large.
        picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(picture)
        pixels = _in_srgb(upright, picture.info.get("icc_profile"))
    # A new image carries nothing from the upload's info: no EXIF, XMP, ICC or comments.
    clean = Image.new("RGB", pixels.size, "white")
    clean.paste(pixels, mask=pixels.getchannel("A") if "A" in pixels.getbands() else None)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _in_srgb(picture: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The picture as RGB or RGBA, its colours moved to sRGB if it came with another profile."""
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            picture = ImageCms.profileToProfile(
                picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the colours may be a little off, but the photo is still useful
    return picture


def save(data: bytes, folder: str | os.PathLike) -> str:
    """Check and clean an uploaded photo, and store it under a new random name; returns the name."""
    cleaned = prepare(data)
    return store(cleaned, folder)


def store(cleaned: bytes, folder: str | os.PathLike) -> str:
    """Write cleaned JPEG bytes (from prepare) under a new random name in folder; returns the name."""
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.jpg"
    with os.fdopen(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
        f.write(cleaned)
    return name


def path_of(folder: str | os.PathLike, name: str | None) -> Path | None:
    """The file of a stored photo, or None if name is not one of our names or the file is gone."""
    if not name or not NAME.fullmatch(name):
        return None
    path = Path(folder) / name
    return path if path.is_file() else None


def delete(folder: str | os.PathLike, name: str | None) -> None:
    """Remove a stored photo, if it is there."""
    path = path_of(folder, name)
    if path is not None:
        path.unlink(missing_ok=True)
