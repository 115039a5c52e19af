"""Draw the installed app's icons (static/icons/) from the same shapes as static/favicon.svg.

Run: .venv/bin/python scripts/make_icons.py. Pillow draws them, so no SVG renderer is needed.
The maskable icon keeps the picture inside the middle 80%, the safe zone that phones never cut.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BLACK, YELLOW = (11, 12, 12), (255, 221, 0)
# favicon.svg's shapes, on its 64 x 64 grid.
HOUSE = [(32, 8), (10, 26), (10, 56), (54, 56), (54, 26)]
TICK = [(21, 37), (29, 45), (44, 28)]
TICK_WIDTH = 6


def draw(size: int, inset: float = 0.0, rounded: bool = True) -> Image.Image:
    scale = 4  # drawn large, then shrunk, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), BLACK if not rounded else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 12 // 64, fill=BLACK)
    unit = big * (1 - 2 * inset) / 64
    offset = big * inset

    def at(point):
        return (offset + point[0] * unit, offset + point[1] * unit)

    pen.polygon([at(p) for p in HOUSE], fill=YELLOW)
    width = round(TICK_WIDTH * unit)
    pen.line([at(p) for p in TICK], fill=BLACK, width=width, joint="curve")
    for point in (TICK[0], TICK[-1]):
        x, y = at(point)
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=BLACK)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, inset=0.12, rounded=False).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
