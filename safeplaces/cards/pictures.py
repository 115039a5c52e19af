"""The scheme's symbol and the pictures to point at: simple vector shapes, sharp at any size.

Each picture is drawn in an s x s square. Inside one, y runs upwards from the square's bottom
edge (0.86 * s is near the top), which is how the shapes were first designed; picture() turns
the square over (a reflection about its middle line) so fpdf2's downward y draws them upright.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from math import cos, pi, sin

from fpdf import FPDF
from fpdf.drawing_primitives import Transform

from .typeset import INK, Colour

SCHEME: Colour = (29, 79, 145)  # the symbol's blue, the site's link colour
PAPER: Colour = (255, 255, 255)
YELLOW: Colour = (255, 221, 0)
TEAR: Colour = (86, 148, 202)
PLASTER: Colour = (240, 200, 160)
PLASTER_PAD: Colour = (217, 165, 119)
UNWELL: Colour = (197, 227, 165)
RED: Colour = (212, 53, 28)
GUIDE: Colour = (111, 119, 123)  # cut and fold lines

Point = tuple[float, float]


@contextmanager
def upright(pdf: FPDF, top: float, size: float) -> Iterator[None]:
    """Inside: y measured upwards, from `top` as the bottom edge of a size-tall square."""
    with pdf.transform(Transform(1, 0, 0, -1, 0, 2 * top + size)):
        with pdf.local_context(stroke_cap_style="ROUND", stroke_join_style="ROUND"):
            yield


def symbol(pdf: FPDF, x: float, top: float, size: float, colour: Colour = SCHEME) -> None:
    """The scheme's symbol, a house with a heart in it, in a size x size square from (x, top)."""
    with upright(pdf, top, size):
        _house(pdf, x, top, size, colour)


def picture(pdf: FPDF, name: str, x: float, top: float, size: float) -> None:
    """The picture called name (a key of PICTOGRAMS) in a size x size square from (x, top)."""
    with upright(pdf, top, size):
        PICTOGRAMS[name](pdf, x, top, size)


def scissors(pdf: FPDF, x: float, top: float, size: float, colour: Colour = GUIDE) -> None:
    """Open scissors pointing right: the mark beside a line to cut along."""
    with upright(pdf, top, size):
        s, y = size, top
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.09 * s)
        for side in (1, -1):
            pdf.circle(x + 0.2 * s, y + 0.5 * s + side * 0.22 * s, 0.14 * s, style="D")
            pdf.line(x + 0.3 * s, y + 0.5 * s + side * 0.14 * s, x + s, y + 0.5 * s - side * 0.16 * s)


# --- Drawing helpers, in the upright square -------------------------------------------------


def _path(
    pdf: FPDF,
    start: Point,
    segments: Sequence[Sequence[float]],
    fill: Colour | None = None,
    stroke: Colour | None = None,
    width: float = 0,
    close: bool = True,
) -> None:
    """A path from start: each segment is a point to draw a line to, or three points of a curve.

    Curves are drawn as short straight lines (CURVE_STEPS to each): fpdf2's path objects took
    some 4 ms each, its polygons a fraction of that, and at a picture's size no one can tell.
    """
    points = [start]
    for segment in segments:
        if len(segment) == 2:
            points.append((segment[0], segment[1]))
        else:
            points.extend(_curve(points[-1], segment))
    if fill:
        pdf.set_fill_color(*fill)
        pdf.polygon(points, style="F")
    if stroke:
        pdf.set_draw_color(*stroke)
        pdf.set_line_width(width)
        pdf.polyline(points, polygon=close, style="D")


CURVE_STEPS = 12


def _curve(start: Point, segment: Sequence[float]) -> list[Point]:
    """Points along the cubic Bezier curve from start through two control points to its end."""
    (x0, y0), (x1, y1, x2, y2, x3, y3) = start, segment
    points = []
    for step in range(1, CURVE_STEPS + 1):
        t = step / CURVE_STEPS
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return points


def _circle(
    pdf: FPDF,
    cx: float,
    cy: float,
    r: float,
    fill: Colour | None = None,
    stroke: Colour | None = None,
    width: float = 0.0,
) -> None:
    if fill:
        pdf.set_fill_color(*fill)
    if stroke:
        pdf.set_draw_color(*stroke)
        pdf.set_line_width(width)
    pdf.circle(cx, cy, r, style=("F" if fill else "") + ("D" if stroke else ""))


def _dot(pdf: FPDF, cx: float, cy: float, r: float, colour: Colour = INK) -> None:
    _circle(pdf, cx, cy, r, fill=colour)


def _line(pdf: FPDF, points: Sequence[Point], width: float, colour: Colour = INK) -> None:
    _path(pdf, points[0], points[1:], stroke=colour, width=width, close=False)


def _arc(
    pdf: FPDF,
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    start: float,
    extent: float,
    width: float,
    colour: Colour = INK,
) -> None:
    """An arc of the ellipse in the box (x1, y1)-(x2, y2), from start degrees, extent degrees anticlockwise."""
    pdf.set_draw_color(*colour)
    pdf.set_line_width(width)
    pdf.arc(x1, y1, x2 - x1, start, start + extent, b=y2 - y1, clockwise=extent < 0, style="D")


def _round_rect(
    pdf: FPDF,
    x: float,
    y: float,
    w: float,
    h: float,
    r: float,
    fill: Colour | None = None,
    stroke: Colour | None = None,
    width: float = 0.0,
) -> None:
    if fill:
        pdf.set_fill_color(*fill)
    if stroke:
        pdf.set_draw_color(*stroke)
        pdf.set_line_width(width)
    style = ("F" if fill else "") + ("D" if stroke else "")
    pdf.rect(x, y, w, h, style=style, round_corners=True, corner_radius=r)


def _rect(pdf: FPDF, x: float, y: float, w: float, h: float, fill: Colour) -> None:
    pdf.set_fill_color(*fill)
    pdf.rect(x, y, w, h, style="F")


def _house(pdf: FPDF, x: float, y: float, s: float, colour: Colour) -> None:
    """The symbol, drawn in the upright square."""
    corners = [(0.5, 1), (1, 0.56), (0.87, 0.56), (0.87, 0), (0.13, 0), (0.13, 0.56), (0, 0.56)]
    points = [(x + u * s, y + v * s) for u, v in corners]
    _path(pdf, points[0], points[1:], fill=colour)
    _heart(pdf, x + 0.5 * s, y + 0.36 * s, 0.46 * s, PAPER)


def _heart(pdf: FPDF, cx: float, cy: float, w: float, colour: Colour) -> None:
    """A heart w wide, centred on (cx, cy)."""
    _path(
        pdf,
        (cx, cy - 0.42 * w),
        [
            (cx - 0.25 * w, cy - 0.2 * w, cx - 0.5 * w, cy + 0.02 * w, cx - 0.5 * w, cy + 0.2 * w),
            (cx - 0.5 * w, cy + 0.42 * w, cx - 0.22 * w, cy + 0.5 * w, cx, cy + 0.28 * w),
            (cx + 0.22 * w, cy + 0.5 * w, cx + 0.5 * w, cy + 0.42 * w, cx + 0.5 * w, cy + 0.2 * w),
            (cx + 0.5 * w, cy + 0.02 * w, cx + 0.25 * w, cy - 0.2 * w, cx, cy - 0.42 * w),
        ],
        fill=colour,
    )


def _face(pdf: FPDF, x: float, y: float, s: float, fill: Colour) -> None:
    _circle(pdf, x + 0.5 * s, y + 0.5 * s, 0.44 * s, fill=fill, stroke=INK, width=0.05 * s)


def _drop(pdf: FPDF, cx: float, cy: float, r: float, colour: Colour) -> None:
    """A drop (a tear, or sweat) pointing up, its round part centred on (cx, cy)."""
    _path(
        pdf,
        (cx, cy + 2.2 * r),
        [
            (cx + 0.3 * r, cy + 1.3 * r, cx + r, cy + 0.7 * r, cx + r, cy),
            (cx + r, cy - 1.3 * r, cx - r, cy - 1.3 * r, cx - r, cy),
            (cx - r, cy + 0.7 * r, cx - 0.3 * r, cy + 1.3 * r, cx, cy + 2.2 * r),
        ],
        fill=colour,
    )


def _person(pdf: FPDF, x: float, y: float, s: float, colour: Colour = SCHEME) -> None:
    """A standing person, s tall, feet at (x, y) centre."""
    _dot(pdf, x, y + 0.86 * s, 0.13 * s)
    _round_rect(pdf, x - 0.17 * s, y + 0.36 * s, 0.34 * s, 0.36 * s, 0.08 * s, fill=colour)
    _rect(pdf, x - 0.14 * s, y, 0.11 * s, 0.4 * s, INK)
    _rect(pdf, x + 0.03 * s, y, 0.11 * s, 0.4 * s, INK)


def _star(pdf: FPDF, cx: float, cy: float, r: float, colour: Colour) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = pi / 2 + i * pi / 5
        points.append((cx + radius * cos(angle), cy + radius * sin(angle)))
    _path(pdf, points[0], points[1:], fill=colour)


# --- The pictures ---------------------------------------------------------------------------


def _pic_lost(pdf: FPDF, x: float, y: float, s: float) -> None:
    _person(pdf, x + 0.3 * s, y + 0.04 * s, 0.9 * s)
    # A question mark, drawn: a hook, a stem and a dot.
    cx, cy, r = x + 0.74 * s, y + 0.7 * s, 0.15 * s
    _arc(pdf, cx - r, cy - r, cx + r, cy + r, 160, -250, 0.09 * s)
    end = (cx + r * cos(-90 * pi / 180), cy + r * sin(-90 * pi / 180))
    _line(pdf, [end, (cx, cy - 0.33 * s)], 0.09 * s)
    _dot(pdf, cx, y + 0.17 * s, 0.065 * s)


def _pic_scared(pdf: FPDF, x: float, y: float, s: float) -> None:
    _face(pdf, x, y, s, YELLOW)
    for side in (-1, 1):
        ex = x + 0.5 * s + side * 0.16 * s
        _circle(pdf, ex, y + 0.56 * s, 0.09 * s, fill=PAPER, stroke=INK, width=0.03 * s)
        _dot(pdf, ex, y + 0.55 * s, 0.04 * s)
        _line(pdf, [(ex - side * 0.02 * s, y + 0.76 * s), (ex + side * 0.1 * s, y + 0.7 * s)], 0.04 * s)
    pdf.set_fill_color(*INK)
    pdf.ellipse(x + 0.42 * s, y + 0.17 * s, 0.16 * s, 0.21 * s, style="F")
    _drop(pdf, x + 0.86 * s, y + 0.72 * s, 0.06 * s, TEAR)


def _pic_hurt(pdf: FPDF, x: float, y: float, s: float) -> None:
    _face(pdf, x, y, s, YELLOW)
    for side in (-1, 1):
        _dot(pdf, x + 0.5 * s + side * 0.15 * s, y + 0.58 * s, 0.045 * s)
    _arc(pdf, x + 0.32 * s, y + 0.2 * s, x + 0.68 * s, y + 0.42 * s, 25, 130, 0.045 * s)
    _drop(pdf, x + 0.33 * s, y + 0.44 * s, 0.045 * s, TEAR)
    # A plaster across the forehead, turned 25 degrees anticlockwise (negative here: y runs up).
    cx, cy = x + 0.64 * s, y + 0.78 * s
    with pdf.rotation(-25, cx, cy):
        _round_rect(
            pdf,
            cx - 0.2 * s,
            cy - 0.06 * s,
            0.4 * s,
            0.12 * s,
            0.05 * s,
            fill=PLASTER,
            stroke=INK,
            width=0.025 * s,
        )
        _rect(pdf, cx - 0.06 * s, cy - 0.06 * s, 0.12 * s, 0.12 * s, PLASTER_PAD)


def _pic_unwell(pdf: FPDF, x: float, y: float, s: float) -> None:
    _face(pdf, x, y, s, UNWELL)
    for side in (-1, 1):
        ex = x + 0.5 * s + side * 0.15 * s
        _arc(pdf, ex - 0.07 * s, y + 0.52 * s, ex + 0.07 * s, y + 0.64 * s, 200, 140, 0.04 * s)
    _line(
        pdf,
        [
            (x + 0.32 * s, y + 0.3 * s),
            (x + 0.38 * s, y + 0.34 * s),
            (x + 0.44 * s, y + 0.3 * s),
            (x + 0.5 * s, y + 0.34 * s),
            (x + 0.56 * s, y + 0.3 * s),
        ],
        0.04 * s,
    )
    # A thermometer from the corner of the mouth, turned 30 degrees anticlockwise.
    ox, oy = x + 0.6 * s, y + 0.32 * s
    with pdf.rotation(-30, ox, oy):
        _round_rect(
            pdf, ox, oy - 0.045 * s, 0.42 * s, 0.09 * s, 0.045 * s, fill=PAPER, stroke=INK, width=0.03 * s
        )
        _rect(pdf, ox + 0.22 * s, oy - 0.02 * s, 0.17 * s, 0.04 * s, RED)
        _dot(pdf, ox + 0.4 * s, oy, 0.065 * s, RED)


def _pic_phone(pdf: FPDF, x: float, y: float, s: float) -> None:
    _round_rect(pdf, x + 0.24 * s, y + 0.02 * s, 0.4 * s, 0.92 * s, 0.07 * s, fill=INK)
    _rect(pdf, x + 0.29 * s, y + 0.16 * s, 0.3 * s, 0.64 * s, PAPER)
    # The contact on the screen, and the ring.
    _dot(pdf, x + 0.44 * s, y + 0.56 * s, 0.07 * s, SCHEME)
    pdf.set_fill_color(*SCHEME)
    pdf.arc(x + 0.33 * s, y + 0.26 * s, 0.22 * s, 0, 180, b=0.28 * s, end_at_center=True, style="F")
    for r in (0.1, 0.2):
        cx, cy = x + 0.64 * s, y + 0.62 * s
        _arc(pdf, cx - r * s, cy - r * s, cx + r * s, cy + r * s, -40, 80, 0.04 * s)


def _pic_police(pdf: FPDF, x: float, y: float, s: float) -> None:
    """A police badge: a shield with a star."""
    _path(
        pdf,
        (x + 0.5 * s, y + 0.96 * s),
        [
            (x + 0.64 * s, y + 0.88 * s, x + 0.78 * s, y + 0.86 * s, x + 0.9 * s, y + 0.86 * s),
            (x + 0.9 * s, y + 0.5 * s, x + 0.8 * s, y + 0.2 * s, x + 0.5 * s, y + 0.02 * s),
            (x + 0.2 * s, y + 0.2 * s, x + 0.1 * s, y + 0.5 * s, x + 0.1 * s, y + 0.86 * s),
            (x + 0.22 * s, y + 0.86 * s, x + 0.36 * s, y + 0.88 * s, x + 0.5 * s, y + 0.96 * s),
        ],
        fill=SCHEME,
    )
    _star(pdf, x + 0.5 * s, y + 0.5 * s, 0.25 * s, PAPER)


def _pic_ask(pdf: FPDF, x: float, y: float, s: float) -> None:
    """Asking for help: a person and a speech bubble."""
    _person(pdf, x + 0.24 * s, y + 0.02 * s, 0.8 * s)
    _round_rect(
        pdf, x + 0.46 * s, y + 0.56 * s, 0.5 * s, 0.36 * s, 0.1 * s, fill=PAPER, stroke=INK, width=0.04 * s
    )
    _line(
        pdf,
        [(x + 0.56 * s, y + 0.57 * s), (x + 0.46 * s, y + 0.46 * s), (x + 0.66 * s, y + 0.57 * s)],
        0.04 * s,
    )
    for i in range(3):
        _dot(pdf, x + (0.6 + 0.11 * i) * s, y + 0.74 * s, 0.035 * s)


def _pic_card(pdf: FPDF, x: float, y: float, s: float) -> None:
    """A Keep Safe card."""
    _round_rect(
        pdf, x + 0.04 * s, y + 0.2 * s, 0.92 * s, 0.6 * s, 0.06 * s, fill=PAPER, stroke=INK, width=0.04 * s
    )
    _house(pdf, x + 0.1 * s, y + 0.48 * s, 0.26 * s, SCHEME)
    for left, bottom, length in ((0.42, 0.66, 0.46), (0.42, 0.54, 0.46), (0.12, 0.32, 0.76)):
        _rect(pdf, x + left * s, y + bottom * s, length * s, 0.05 * s, INK)


def _pic_safe(pdf: FPDF, x: float, y: float, s: float) -> None:
    _house(pdf, x + 0.06 * s, y + 0.06 * s, 0.88 * s, SCHEME)


PICTOGRAMS: dict[str, Callable[[FPDF, float, float, float], None]] = {
    "lost": _pic_lost,
    "scared": _pic_scared,
    "hurt": _pic_hurt,
    "unwell": _pic_unwell,
    "phone": _pic_phone,
    "police": _pic_police,
    "ask": _pic_ask,
    "card": _pic_card,
    "safe": _pic_safe,
}
