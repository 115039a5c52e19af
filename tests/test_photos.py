"""Photos of entrances: only real pictures, never their metadata, never too big, never a guessable name."""

import io
import os

import pytest
from PIL import Image, ImageCms

from safeplaces import photos

GPS = 0x8825
ORIENTATION = 0x0112


def picture_bytes(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_with_gps(size=(200, 100)):
    """A JPEG carrying a GPS position, a camera make, a comment and an orientation of 90°."""
    exif = Image.Exif()
    exif[0x010F] = "Example Camera Co"
    exif[ORIENTATION] = 6  # the camera was turned: show it rotated 90° clockwise
    exif[GPS] = {1: "N", 2: (52.0, 38.0, 0.0), 3: "W", 4: (1.0, 8.0, 0.0)}
    image = Image.new("RGB", size, (200, 30, 30))
    return picture_bytes(image, "JPEG", exif=exif, comment=b"Taken at 41 Granby Street")


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_photo_with_a_gps_position_comes_back_without_any_metadata():
    data = jpeg_with_gps()
    assert opened(data).getexif().get_ifd(GPS)  # the test picture really has a position
    cleaned = photos.prepare(data)
    image = opened(cleaned)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert len(image.getexif()) == 0 and not image.getexif().get_ifd(GPS)
    assert not {"exif", "comment", "icc_profile", "xmp"} & set(image.info)
    assert b"Exif" not in cleaned and b"Granby" not in cleaned and b"Example Camera" not in cleaned
    assert image.size == (100, 200)  # turned upright as its EXIF said


def test_a_phone_cameras_mpo_jpeg_is_accepted_as_a_plain_jpeg_without_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Example Camera Co"
    exif[ORIENTATION] = 6
    first, depth_map = Image.new("RGB", (200, 100), (200, 30, 30)), Image.new("RGB", (200, 100), "blue")
    data = picture_bytes(first, "MPO", save_all=True, append_images=[depth_map], exif=exif)
    assert opened(data).format == "MPO"  # what Pillow calls such a phone photo
    cleaned = photos.prepare(data)
    image = opened(cleaned)
    assert image.format == "JPEG" and getattr(image, "n_frames", 1) == 1
    assert len(image.getexif()) == 0 and "exif" not in image.info and "mp" not in image.info
    assert b"Example Camera" not in cleaned and b"MPF" not in cleaned
    assert image.size == (100, 200)
    assert image.getpixel((50, 100))[0] > 150  # the first picture, not the one attached to it


def test_a_png_with_transparency_is_put_on_white():
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image.paste((0, 112, 60, 255), (0, 0, 50, 100))
    cleaned = opened(photos.prepare(picture_bytes(image, "PNG")))
    assert cleaned.format == "JPEG" and cleaned.mode == "RGB"
    assert all(abs(a - b) <= 8 for a, b in zip(cleaned.getpixel((90, 50)), (255, 255, 255), strict=True))
    assert all(abs(a - b) <= 8 for a, b in zip(cleaned.getpixel((10, 50)), (0, 112, 60), strict=True))


def test_a_palette_png_with_a_transparent_colour():
    image = Image.new("P", (40, 40), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(1, (0, 0, 20, 40))
    cleaned = opened(photos.prepare(picture_bytes(image, "PNG", transparency=0)))
    assert cleaned.getpixel((35, 20))[0] > 240 and cleaned.getpixel((35, 20))[1] > 240


def test_webp_is_accepted_and_big_pictures_are_made_smaller():
    cleaned = opened(photos.prepare(picture_bytes(Image.new("RGB", (3200, 1000), "blue"), "WEBP")))
    assert cleaned.size == (1600, 500)


def test_colours_are_moved_to_srgb_and_the_profile_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    data = picture_bytes(Image.new("RGB", (20, 20), "green"), "JPEG", icc_profile=profile)
    image = opened(photos.prepare(data))
    assert "icc_profile" not in image.info


@pytest.mark.parametrize(
    "data",
    [
        b"This is a text file that someone renamed to photo.jpg\n" * 10,
        b"",
        picture_bytes(Image.new("RGB", (20, 20)), "GIF"),
        picture_bytes(Image.new("RGB", (20, 20)), "BMP"),
        jpeg_with_gps()[:300],  # cut short
    ],
    ids=["text", "empty", "gif", "bmp", "truncated"],
)
def test_what_is_not_a_photo_we_take_is_refused_plainly(data):
    with pytest.raises(
        photos.PhotoRefused, match="^The photo must be a JPEG, PNG or WebP picture of 5 MB or less$"
    ):
        photos.prepare(data)


def test_a_file_over_5_mb_is_refused_before_it_is_opened(monkeypatch):
    noise = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))
    data = picture_bytes(noise, "PNG")
    assert len(data) > photos.MAX_BYTES
    monkeypatch.setattr(photos.Image, "open", lambda *a, **k: pytest.fail("opened a file that is too big"))
    with pytest.raises(photos.PhotoRefused, match="5 MB or less"):
        photos.prepare(data)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = picture_bytes(Image.new("1", (10_000, 6_000)), "PNG")  # 60 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(photos.PhotoRefused, match="too large to open safely"):
        photos.prepare(bomb)


def test_pillows_own_bomb_guard_is_also_a_plain_refusal(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 10**12)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(photos.PhotoRefused, match="too large to open safely"):
        photos.prepare(picture_bytes(Image.new("RGB", (100, 100)), "PNG"))


def test_photos_are_stored_under_random_names(tmp_path):
    data = jpeg_with_gps()
    names = {photos.save(data, tmp_path) for _ in range(3)}
    assert len(names) == 3
    for name in names:
        assert photos.NAME.fullmatch(name)
        assert photos.path_of(tmp_path, name) == tmp_path / name
        assert len(opened((tmp_path / name).read_bytes()).getexif()) == 0
    assert sorted(os.listdir(tmp_path)) == sorted(names)


def test_only_our_names_are_ever_read_or_deleted(tmp_path):
    (tmp_path / "secret.txt").write_text("x")
    for name in ("../secret.txt", "secret.txt", "", None, "0" * 32 + ".jpg"):
        assert photos.path_of(tmp_path, name) is None
        photos.delete(tmp_path, name)
    assert (tmp_path / "secret.txt").exists()
    name = photos.save(jpeg_with_gps(), tmp_path)
    photos.delete(tmp_path, name)
    assert not (tmp_path / name).exists()


# Opening an upload in a fresh process, which prints how much more memory it needed at its peak
# (Linux's high-water mark of resident memory, VmHWM; ru_maxrss would count the parent's too).
MEASURE = """
import re, sys
from pathlib import Path
from safeplaces import photos

def peak_kb():
    return int(re.search(r"VmHWM:\\s+([0-9]+) kB", Path("/proc/self/status").read_text()).group(1))

data = open(sys.argv[1], "rb").read()
before = peak_kb()
try:
    photos.prepare(data)
    outcome = "kept"
except photos.PhotoRefused:
    outcome = "refused"
print(outcome, (peak_kb() - before) // 1024)
"""


def _peak_mb(tmp_path, image, fmt):
    import subprocess
    import sys

    if not os.path.exists("/proc/self/status"):
        pytest.skip("measuring memory needs Linux's /proc")

    path = tmp_path / f"upload.{fmt.lower()}"
    image.save(path, fmt)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    outcome, megabytes = result.stdout.split()
    return outcome, int(megabytes), path.stat().st_size


def test_a_small_png_claiming_7000_by_7000_pixels_is_refused_without_decoding_it(tmp_path):
    outcome, megabytes, size = _peak_mb(tmp_path, Image.new("RGBA", (7000, 7000), "white"), "PNG")
    assert size < 300_000  # a small file, as in the review: 190 KB took 966 MB to open
    assert outcome == "refused" and megabytes < 20


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_the_largest_png_or_webp_allowed_is_opened_in_bounded_memory(tmp_path, fmt):
    assert 4000 * 3000 == photos.MAX_WHOLE_PIXELS
    outcome, megabytes, _size = _peak_mb(tmp_path, Image.new("RGBA", (4000, 3000), "white"), fmt)
    # Decoded whole it is 48 MB (4 bytes a pixel); the decoder and resizing each take a copy.
    assert outcome == "kept" and megabytes < 200


def test_a_48_megapixel_jpeg_is_opened_at_a_reduced_scale(tmp_path):
    outcome, megabytes, _size = _peak_mb(tmp_path, Image.new("RGB", (8000, 6000), "white"), "JPEG")
    assert outcome == "kept" and megabytes < 80  # whole, it would be 144 MB


def test_stored_photos_are_readable_by_the_sites_user_only(tmp_path):
    folder = tmp_path / "photos"
    name = photos.save(jpeg_with_gps(), folder)
    assert (folder.stat().st_mode & 0o777, (folder / name).stat().st_mode & 0o777) == (0o700, 0o600)
