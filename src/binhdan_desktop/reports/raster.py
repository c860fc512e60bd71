"""A reportlab drawing (the PDF's charts) as a PNG, for the Word report: python-docx cannot draw a chart, so the
docx carries a picture of the very drawing the PDF prints. reportlab 5's own bitmap renderer (renderPM) needs
pycairo, which has no wheel for Linux or macOS; this renderer draws the few shapes our charts use (lines, poly-
lines, rectangles, polygons, circles, text, dashes, rotated labels) with Pillow, which reportlab already needs,
in the fonts the PDF embeds. Drawn at twice the size and scaled down, so lines and text are smooth."""

from __future__ import annotations

import functools
import io
import itertools
import math
from importlib import resources
from typing import Any

from PIL import Image, ImageDraw, ImageFont, features
from reportlab.graphics.renderbase import Renderer, StateTracker, getStateDelta
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics

from binhdan_desktop.reports.pdf_text import font_file, register_fonts

DPI = 200
OVERSAMPLE = 2
Point = tuple[float, float]
# reportlab places and centres a label by its advance widths alone (no kerning): the picture does the same
_NO_KERNING = ["-kern"] if features.check("raqm") else None


@functools.cache
def _font(name: str, px: float) -> ImageFont.FreeTypeFont:
    folder = resources.files("binhdan_desktop.resources") / "fonts"
    return ImageFont.truetype(str(folder / font_file(name)), max(px, 1.0))


def _rgb(color: Any) -> tuple[int, int, int] | None:
    if color is None:
        return None
    return round(color.red * 255), round(color.green * 255), round(color.blue * 255)


class _PILRenderer(Renderer):
    """Walks the drawing as reportlab's renderers do (the state tracker keeps each node's transform)."""

    def __init__(self, image: Image.Image, height_pt: float, scale: float) -> None:
        self._draw = ImageDraw.Draw(image)
        self._image, self._height, self._k = image, height_pt, scale
        # Text is drawn last, on the scaled-down picture (FreeType smooths it already; a quarter of the pixels).
        self.texts: list[tuple[str, ImageFont.FreeTypeFont, tuple[int, int, int], Point, float]] = []

    def drawNode(self, node: Any) -> None:
        self._tracker.push(getStateDelta(node))
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    def applyStateChanges(self, delta: Any, new_state: Any) -> None:
        pass  # each shape's own colours and widths are read where it is drawn

    # --- geometry ---------------------------------------------------------------------------------------------

    def _ctm(self) -> tuple[float, ...]:
        return tuple(self._tracker.getCTM())

    def _pt(self, x: float, y: float) -> Point:
        a, b, c, d, e, f = self._ctm()
        return (a * x + c * y + e) * self._k, (self._height - (b * x + d * y + f)) * self._k

    def _len(self, length: float) -> float:
        a, b, c, d, _, _ = self._ctm()
        return length * math.sqrt(abs(a * d - b * c)) * self._k

    def _points(self, flat: list[float]) -> list[Point]:
        return [self._pt(flat[i], flat[i + 1]) for i in range(0, len(flat) - 1, 2)]

    # --- strokes and fills ------------------------------------------------------------------------------------

    def _stroke(self, node: Any, points: list[Point], closed: bool = False) -> None:
        color, width = _rgb(getattr(node, "strokeColor", None)), getattr(node, "strokeWidth", 1) or 0
        if color is None or width <= 0 or len(points) < 2:
            return
        if closed:
            points = [*points, points[0]]
        px = max(1, round(self._len(width)))
        dashes = getattr(node, "strokeDashArray", None)
        if dashes:
            for part in _dashed(points, [self._len(d) for d in _dash_list(dashes)]):
                self._draw.line(part, fill=color, width=px)
        else:
            self._draw.line(points, fill=color, width=px, joint="curve" if len(points) > 2 else None)

    def _fill(self, node: Any, points: list[Point]) -> None:
        color = _rgb(getattr(node, "fillColor", None))
        if color is not None and len(points) > 2:
            self._draw.polygon(points, fill=color)

    def drawLine(self, line: Any) -> None:
        self._stroke(line, [self._pt(line.x1, line.y1), self._pt(line.x2, line.y2)])

    def drawPolyLine(self, p: Any) -> None:
        self._stroke(p, self._points(list(p.points)))

    def drawPolygon(self, p: Any) -> None:
        points = self._points(list(p.points))
        self._fill(p, points)
        self._stroke(p, points, closed=True)

    def drawRect(self, r: Any) -> None:
        points = [self._pt(r.x, r.y), self._pt(r.x + r.width, r.y), self._pt(r.x + r.width, r.y + r.height),
                  self._pt(r.x, r.y + r.height)]
        self._fill(r, points)
        self._stroke(r, points, closed=True)

    def drawCircle(self, c: Any) -> None:
        self._ellipse(c, c.cx, c.cy, c.r, c.r)

    def drawEllipse(self, e: Any) -> None:
        self._ellipse(e, e.cx, e.cy, e.rx, e.ry)

    def _ellipse(self, node: Any, cx: float, cy: float, rx: float, ry: float) -> None:
        x, y = self._pt(cx, cy)
        w, h = self._len(rx), self._len(ry)
        width = getattr(node, "strokeWidth", 1) or 0
        outline = _rgb(getattr(node, "strokeColor", None)) if width > 0 else None
        self._draw.ellipse([x - w, y - h, x + w, y + h], fill=_rgb(getattr(node, "fillColor", None)),
                           outline=outline, width=max(1, round(self._len(width))))

    # --- text -------------------------------------------------------------------------------------------------

    def drawString(self, s: Any) -> None:
        color = _rgb(s.fillColor)
        if color is None or not s.text:
            return
        width = pdfmetrics.stringWidth(s.text, s.fontName, s.fontSize)
        shift = {"middle": width / 2, "end": width}.get(s.textAnchor, 0.0)
        a, b, *_ = self._ctm()
        font = _font(s.fontName, round(self._len(s.fontSize) / OVERSAMPLE, 2))  # 10.5 pt: 29.17 px, not 29
        x, y = self._pt(s.x - shift, s.y)
        self.texts.append((s.text, font, color, (x / OVERSAMPLE, y / OVERSAMPLE), math.degrees(math.atan2(b, a))))


def _text(image: Image.Image, text: str, font: ImageFont.FreeTypeFont, color: tuple[int, int, int], at: Point,
          angle: float) -> None:
    """Text from the start of its baseline at `at`, turned by `angle` degrees (anticlockwise) about it."""
    mask, ox, oy = _mask(text, font, round(angle, 2))
    x, y = round(at[0] - ox), round(at[1] - oy)
    image.paste(color, (x, y, x + mask.width, y + mask.height), mask)


@functools.lru_cache(maxsize=2048)
def _mask(text: str, font: ImageFont.FreeTypeFont, angle: float) -> tuple[Image.Image, float, float]:
    """The coverage of `text` (an axis's labels, a legend: the same in every chart) and where in it the start of
    its baseline is."""
    left, top, right, bottom = font.getbbox(text, anchor="ls", features=_NO_KERNING)
    pad = 2
    layer = Image.new("L", (int(right - left) + 2 * pad, int(bottom - top) + 2 * pad), 0)
    origin = (pad - left, pad - top)
    ImageDraw.Draw(layer).text(origin, text, font=font, fill=255, anchor="ls", features=_NO_KERNING)
    if abs(angle) < 0.01:
        return layer, origin[0], origin[1]
    turned = layer.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    rad = math.radians(angle)
    dx, dy = origin[0] - layer.width / 2, origin[1] - layer.height / 2
    ox = math.cos(rad) * dx + math.sin(rad) * dy + turned.width / 2
    oy = -math.sin(rad) * dx + math.cos(rad) * dy + turned.height / 2
    return turned, ox, oy


def _dash_list(dashes: Any) -> list[float]:
    """reportlab's dash array: [on, off, ...] or (phase, [on, off, ...])."""
    if len(dashes) == 2 and isinstance(dashes[1], (list, tuple)):
        dashes = dashes[1]
    return [float(d) for d in dashes] or [1.0]


def _dashed(points: list[Point], pattern: list[float]) -> list[list[Point]]:
    """The drawn pieces of a dashed polyline (the pattern carries on from one segment to the next)."""
    pieces: list[list[Point]] = []
    i, left, on = 0, pattern[0], True
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length, done = math.hypot(x2 - x1, y2 - y1), 0.0
        while done < length:
            step = min(left, length - done)
            if on:
                t0, t1 = done / length, (done + step) / length
                pieces.append([(x1 + (x2 - x1) * t0, y1 + (y2 - y1) * t0), (x1 + (x2 - x1) * t1, y1 + (y2 - y1) * t1)])
            done += step
            left -= step
            if left <= 1e-9:
                i = (i + 1) % len(pattern)
                left, on = pattern[i], not on
    return pieces


def drawing_png(drawing: Drawing, dpi: int = DPI) -> bytes:
    """The drawing as a PNG of `dpi` dots per inch, on white."""
    register_fonts()
    k = dpi / 72 * OVERSAMPLE
    size = (max(1, round(drawing.width * k)), max(1, round(drawing.height * k)))
    image = Image.new("RGB", size, (255, 255, 255))
    renderer = _PILRenderer(image, drawing.height, k)
    renderer._tracker = StateTracker(defaultObj=drawing)
    renderer._canvas = None
    renderer._drawing = drawing
    drawing._parent = None
    try:
        renderer.drawNode(drawing)
    finally:
        del drawing._parent
    small = image.reduce(OVERSAMPLE)
    for text in renderer.texts:
        _text(small, *text)
    out = io.BytesIO()
    small.save(out, format="PNG", dpi=(dpi, dpi), compress_level=1)  # 1: a quarter bigger than 6, a third of its time
    return out.getvalue()
