"""Draw example Keep Safe cards in Gujarati and in Urdu as PNG pictures, for the README.

Each picture is a wallet card's front and back side by side, made by the card maker's own code
(safeplaces.cards) and rendered by poppler's pdftoppm, as a printer would see the PDF. The
people are invented and every phone number is in Ofcom's ranges kept for drama. The Gujarati
and Urdu words are examples written for this script and not checked by a native speaker.

Usage, from the repository root (needs poppler-utils):

    .venv/bin/python scripts/card_examples.py [--out docs/cards] [--dpi 200]
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from safeplaces import cards  # noqa: E402

FIND_URL = "https://keepsafe.example.org/find"
NUMBERS = {"emergency": "999", "non_emergency": "101"}
SUPPORT = {
    "contact2_name": "Leicester Support Team",
    "contact2_relationship": "Support worker",
    "contact2_phone": "0116 496 0123",
}
EXAMPLES = {
    "gujarati-wallet-card.png": {
        "name": "અમિત પટેલ",
        "contact1_name": "મીના પટેલ",
        "contact1_relationship": "મમ્મી",
        "contact1_phone": "07700 900123",
        **SUPPORT,
        "communication": "હું થોડું અંગ્રેજી બોલું છું. કૃપા કરીને ધીમેથી બોલો.",
        "medical": "મને ડાયાબિટીસ છે.",
        "language": "gu",
    },
    "urdu-wallet-card.png": {
        "name": "عائشہ خان",
        "contact1_name": "فاطمہ خان",
        "contact1_relationship": "امی",
        "contact1_phone": "07700 900456",
        **SUPPORT,
        "communication": "میں تھوڑی انگریزی بولتی ہوں۔ براہ کرم آہستہ بولیں۔",
        "medical": "مجھے دمہ ہے۔ میرے ڈاکٹر کا نمبر 0116 496 0999 ہے۔",
        "language": "ur",
    },
}
GAP = 24  # pixels between the front and the back


def card_picture(values: dict, dpi: int) -> Image.Image:
    """The wallet card for values, front and back side by side on white."""
    card, problems = cards.check_card(values)
    if problems:
        raise ValueError(problems)
    pdf = cards.card_pdf(card, "wallet", FIND_URL, NUMBERS)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "card.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")], check=True
        )
        front, back = (Image.open(path).convert("RGB") for path in sorted(Path(folder).glob("page-*.png")))
    width, height = front.size
    picture = Image.new("RGB", (2 * width + 3 * GAP, height + 2 * GAP), "#b1b4b6")
    picture.paste(front, (GAP, GAP))
    picture.paste(back, (width + 2 * GAP, GAP))
    return picture


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "cards", help="the folder (docs/cards)")
    parser.add_argument("--dpi", type=int, default=200, help="pixels to the inch (200)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, values in EXAMPLES.items():
        path = args.out / name
        card_picture(values, args.dpi).save(path, optimize=True)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
