"""Make the web fonts for pages in Gujarati, Punjabi (Gurmukhi), Urdu and Arabic: Noto, as woff2.

Phones and computers in the UK often lack a font for these scripts, or have one that draws
Urdu in an Arabic style (Urdu readers expect Naskh or Nastaliq shapes, not a Latin-looking
fallback with boxes). So pages in those languages bring their own: the same Noto families and
the same letters as the cards (scripts/subset_card_fonts.py, whose character lists this script
reuses: each script's whole letter set, not only today's words, so a new translation never
shows boxes), without hinting (phones and current browsers ignore it; it would add a third to
each file) and compressed as woff2.

Each script gets a stylesheet, static/css/fonts-<script>.css, whose @font-face rules carry a
unicode-range (the browser fetches a font only for text in its script: a venue's English name
stays in the device's own font) and font-display: swap (the words show at once in a fallback
font, then in Noto). safeplaces/web/languages.py links it only from pages in that language.

The sources are Debian's package fonts-noto-core (apt-get install fonts-noto-core), version
20201225-1. Licence: SIL Open Font License 1.1 (static/fonts/OFL.txt); the subsets stay under it.

Usage, from the repository root (it rewrites static/fonts/*.woff2 and static/css/fonts-*.css
and prints each file's size and SHA-256):

    .venv/bin/python scripts/subset_web_fonts.py [--source /usr/share/fonts/truetype/noto]
"""

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from subset_card_fonts import COMMON, FAMILIES, SOURCE, codepoints  # noqa: E402

HASH_LENGTH = 12  # safeplaces/web/delivery.py's

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"
CSS = ROOT / "static" / "css"
LICENCE = ROOT / "data" / "fonts" / "OFL.txt"
# (stylesheet name, CSS family name, the cards' family it is cut like); the site's own font
# stack follows each, for the Latin letters (names, postcodes, phone numbers).
SCRIPTS = (
    ("gujarati", "Noto Sans Gujarati", "NotoSansGujarati"),
    ("gurmukhi", "Noto Sans Gurmukhi", "NotoSansGurmukhi"),
    ("arabic", "Noto Naskh Arabic", "NotoNaskhArabic"),
)
STYLES = (("Regular", 400), ("Bold", 700))
SITE_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # site.css


def font_file(name: str, family: str, style: str) -> Path:
    return FONTS / name / f"{family.replace(' ', '')}-{style}.woff2"


def web_font(source: Path, target: Path, ranges) -> None:
    """The subset of source for ranges, as woff2: every shaping feature kept, hinting dropped."""
    options = subset.Options()
    options.name_IDs = ["*"]  # the copyright and licence notices stay in the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.hinting = False
    options.flavor = "woff2"
    options.drop_tables += ["DSIG", "FFTM"]
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(COMMON + ranges))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)


def unicode_range(ranges) -> str:
    """The script's own letters (not the shared ASCII), as a CSS unicode-range."""
    return ", ".join(
        f"U+{first:04X}-{last:04X}" if first != last else f"U+{first:04X}" for first, last in ranges
    )


def hashed(path: Path) -> str:
    """The file's content-hashed name, as safeplaces/web/delivery.py serves it (kept for a year)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    return f"{path.stem}.{digest}{path.suffix}"


def stylesheet(name: str, family: str, ranges) -> str:
    faces = "\n".join(
        f'@font-face {{\n  font-family: "{family}";\n  font-style: normal;\n  font-weight: {weight};\n'
        f'  font-display: swap;\n  src: url("../fonts/{name}/{hashed(font_file(name, family, style))}") '
        f'format("woff2");\n  unicode-range: {unicode_range(ranges)};\n}}'
        for style, weight in STYLES
    )
    return (
        f"/* {family} for pages in this script, made by scripts/subset_web_fonts.py from Debian's\n"
        f"   fonts-noto-core. SIL Open Font License 1.1: ../fonts/OFL.txt. */\n{faces}\n"
        f'body, button, input, select, textarea {{ font-family: "{family}", {SITE_FONTS}; }}\n'
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"where the Noto fonts are ({SOURCE})")
    args = parser.parse_args(argv)
    FONTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LICENCE, FONTS / "OFL.txt")
    for name, family, card_family in SCRIPTS:
        source_family, ranges = FAMILIES[card_family]
        folder = FONTS / name
        folder.mkdir(exist_ok=True)
        for style, _weight in STYLES:
            target = font_file(name, family, style)
            web_font(args.source / f"{source_family}-{style}.ttf", target, ranges)
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes, SHA-256 {digest}")
        sheet = CSS / f"fonts-{name}.css"
        sheet.write_text(stylesheet(name, family, ranges), encoding="utf-8")
        print(f"{sheet.relative_to(ROOT)}: {sheet.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
