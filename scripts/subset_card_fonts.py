"""Make the fonts printed on Keep Safe cards, posters and stickers: Noto, subset to what cards need.

Why subset here, once, rather than only when a PDF is made: fpdf2 subsets every font again for
each PDF (so a PDF carries only the letters it prints), and the time that takes grows with the
size of the font and of its shaping tables. Cutting each font down to the letters a card can
print (and dropping hinting, which printing does not use) keeps a card near the 50 ms goal.
The shaping tables (GSUB, GPOS, GDEF) are kept whole for the letters kept, so harfbuzz still
forms Gujarati and Gurmukhi conjuncts and vowel signs, and joins Arabic letters.

The sources are Debian's package fonts-noto-core (apt-get install fonts-noto-core), version
20201225-1. Licence: SIL Open Font License 1.1 (data/fonts/OFL.txt); the subsets stay under it.

Usage, from the repository root (it rewrites data/fonts/Noto*.ttf and prints their SHA-256):

    .venv/bin/python scripts/subset_card_fonts.py [--source /usr/share/fonts/truetype/noto]
"""

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "data" / "fonts"
SOURCE = Path("/usr/share/fonts/truetype/noto")

# Characters every font keeps where it has them: the space, ASCII punctuation and digits (so a
# phone number inside Gujarati or Urdu words prints in the same style), no-break space, hyphens
# and dashes, quotation marks, the joiners that Indic and Urdu spelling uses, the directional
# marks (one holds a "+" to its phone number inside Urdu words), and the dotted circle
# harfbuzz shows under a vowel sign typed on its own.
COMMON = [
    (0x0020, 0x007E),
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x200B, 0x200F),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x25CC, 0x25CC),
]
# The letters of each family, and the Noto family each is cut from. Noto Sans is cut in two:
# the Latin of English, Welsh, Polish, Somali and most European languages, which nearly every
# card prints with, and the rest (more Latin, Greek, Cyrillic), embedded only in a PDF that
# needs it: each font a PDF embeds costs some milliseconds, growing with the font's size.
# Gujarati, Gurmukhi (Punjabi) and the Arabic script (Arabic and Urdu: Noto Naskh Arabic has
# the Urdu letters; presentation forms are kept so text copied from another PDF still prints).
FAMILIES = {
    "NotoSans": (
        "NotoSans",
        [(0x00A1, 0x017F), (0x0218, 0x021B), (0x1E80, 0x1E85), (0x1EF2, 0x1EF3), (0x20AC, 0x20AC)],
    ),
    "NotoSansExtended": (
        "NotoSans",
        [
            (0x0180, 0x024F),
            (0x02B0, 0x02FF),
            (0x0300, 0x036F),
            (0x0370, 0x03FF),
            (0x0400, 0x045F),
            (0x1E00, 0x1EFF),
            (0x2116, 0x2116),
            (0x2212, 0x2212),
        ],
    ),
    "NotoSansGujarati": ("NotoSansGujarati", [(0x0964, 0x0965), (0x0A80, 0x0AFF)]),
    "NotoSansGurmukhi": ("NotoSansGurmukhi", [(0x0964, 0x0965), (0x0A00, 0x0A7F)]),
    "NotoNaskhArabic": (
        "NotoNaskhArabic",
        [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    ),
}
STYLES = ("Regular", "Bold")


def codepoints(ranges):
    return [code for first, last in ranges for code in range(first, last + 1)]


def subset_font(source: Path, target: Path, ranges) -> None:
    """Write the subset of source holding the characters in ranges, with all its shaping features."""
    options = subset.Options()
    # fontTools' default features are the ones harfbuzz applies: conjuncts, vowel signs, joining,
    # marks and kerning; small capitals and other optional styles are left out.
    options.name_IDs = ["*"]  # keep the copyright and licence notices in the font itself
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.hinting = False  # screen hinting: nothing in a PDF printed or zoomed needs it
    options.glyph_names = True  # fpdf2 subsets by glyph name: names ready in the font are quicker
    options.drop_tables += ["DSIG", "FFTM"]
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(COMMON + ranges))
    subsetter.subset(font)
    font.save(target)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"where the Noto fonts are ({SOURCE})")
    args = parser.parse_args(argv)
    for family, (source, ranges) in FAMILIES.items():
        for style in STYLES:
            name = f"{family}-{style}.ttf"
            target = TARGET / name
            subset_font(args.source / f"{source}-{style}.ttf", target, ranges)
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            print(f"{name}: {target.stat().st_size // 1024} KB, SHA-256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
