"""Drawing for the insights charts (charts.py): SVG elements with presentation attributes only (the pages' Content
Security Policy forbids `style`), fill patterns, whiskers and markers, legends, axes, wrapped labels and the
`<svg role="img">` wrapper with its title and description. Deterministic: the same input gives the same markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Geometry, in user units. At a 480-unit viewBox the chart shows 16/14-unit text at 16/14 px on a 480 px column, and
# stays legible (about 60% of that) on a 320 px phone without horizontal scrolling.
WIDTH = 480
PLOT_LEFT = 8
PLOT_WIDTH = 464
PLOT_RIGHT = PLOT_LEFT + PLOT_WIDTH
LABEL_SIZE = 16
SMALL_SIZE = 14
CHAR_WIDTH = 0.56  # average advance of Arial in ems, a little generous so estimated text never overflows
BAR_HEIGHT = 20
LABEL_LINES = 2

TEXT = "#0b0c0c"  # GOV.UK text colour, 19.6:1 on white
SECONDARY_TEXT = "#505a5f"  # 7.1:1
BLUE = "#1d70b8"  # 5.2:1
GRID = "#b1b4b6"  # gridlines only: decoration, every value they mark is also written out
WHITE = "#ffffff"
FONT = "arial, sans-serif"


# Series fills for stacked bars: each has its own pattern AND its own colour (at least 5:1 on white).
SERIES_STYLES: tuple[tuple[str, str], ...] = (
    ("hatch", "#1d70b8"),
    ("dots", "#4c2c92"),
    ("solid", "#00703c"),
    ("crosshatch", "#912b88"),
    ("backhatch", "#0b0c0c"),
    ("horizontal", "#8e4a0a"),
    ("vertical", "#005a5a"),
    ("grid", "#003078"),
)

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, so output is stable and short."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _attrs(attrs: dict[str, object]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        text = _n(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    return "".join(parts)


def _el(tag: str, content: str | None = None, **attrs: object) -> str:
    if content is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"


def _text_width(text: str, size: int) -> float:
    return len(text) * size * CHAR_WIDTH


def _capacity(width: float, size: int) -> int:
    return max(1, int(width // (size * CHAR_WIDTH)))


def _wrap(text: str, max_chars: int, max_lines: int) -> tuple[list[str], bool]:
    """Word-wrap `text` into at most `max_lines` lines; the last line ends in "…" when something was cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > max_chars:  # a single long word is cut, not allowed to overflow
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:max_chars])
            word = word[max_chars:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines or [""], False
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: max_chars - 1].rstrip() + "…"
    return kept, True


def format_percent(value: float) -> str:
    """A share (0–1) as a percentage: whole numbers, rounded half up; one decimal below 1% so it never reads 0%."""
    percent = Decimal(repr(float(value))) * 100
    if 0 < percent < 1:
        return f"{percent.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    return f"{percent.quantize(Decimal('1'), ROUND_HALF_UP)}%"


def _percent_scale(largest: float) -> tuple[float, float]:
    """The axis end and gridline step for shares: 0–100% by quarters, or a closer nice range when all are small."""
    for top, step in ((0.05, 0.01), (0.1, 0.02), (0.2, 0.05), (0.3, 0.1), (0.4, 0.1), (0.5, 0.1)):
        if largest <= top + 1e-9:
            return top, step
    return 1.0, 0.25


def _count_scale(largest: float) -> tuple[float, float]:
    """The axis end and step for counts: a 1, 2 or 5 × 10ⁿ step giving at most five intervals."""
    if largest <= 0:
        return 5.0, 1.0
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * magnitude
            if largest / step <= 5:
                top = -(-largest // step) * step
                return float(top), float(step)
        magnitude *= 10


def _x(value: float, top: float) -> float:
    return PLOT_LEFT + PLOT_WIDTH * min(max(value, 0.0), top) / top


def _check_prefix(id_prefix: str) -> None:
    if not _ID.match(id_prefix):
        raise ValueError(
            f"id_prefix must start with a letter and use only letters, digits, - and _ (got {id_prefix!r})."
        )


def _check_share(value: float | None, what: str) -> None:
    if value is not None and not 0 <= value <= 1:
        raise ValueError(f"{what} must be between 0 and 1 (got {value!r}).")


# ---------------------------------------------------------------------------------------------------------------
# Patterns and legend swatches.


def _pattern(pattern_id: str, kind: str, colour: str) -> str:
    """A fill pattern on a white ground, so a bar reads by its texture as well as its colour."""
    size = 8
    ground = _el("rect", width=size, height=size, fill=WHITE)
    transform = None
    if kind == "solid":
        marks = _el("rect", width=size, height=size, fill=colour)
    elif kind == "dots":
        marks = _el("circle", cx=4, cy=4, r=2.2, fill=colour)
    elif kind in ("hatch", "backhatch", "crosshatch", "grid", "horizontal", "vertical"):
        lines = {
            "hatch": ("v",),
            "backhatch": ("v",),
            "crosshatch": ("v", "h"),
            "grid": ("v", "h"),
            "horizontal": ("h",),
            "vertical": ("v",),
        }[kind]
        width = 2 if kind in ("crosshatch", "grid") else 3
        marks = "".join(
            _el("line", x1=4, y1=0, x2=4, y2=size, stroke=colour, stroke_width=width)
            if direction == "v"
            else _el("line", x1=0, y1=4, x2=size, y2=4, stroke=colour, stroke_width=width)
            for direction in lines
        )
        transform = {"hatch": "rotate(45)", "backhatch": "rotate(-45)", "crosshatch": "rotate(45)"}.get(kind)
    else:
        raise ValueError(f"Unknown pattern {kind!r}.")
    return _el(
        "pattern",
        ground + marks,
        id=pattern_id,
        patternUnits="userSpaceOnUse",
        width=size,
        height=size,
        patternTransform=transform,
    )


def _whisker(x1: float, x2: float, y: float, cap: float = 6, class_: str = "app-chart__interval") -> str:
    """An interval line with end caps, drawn over a white halo so it stays visible on a hatched bar."""
    halo = {"stroke": WHITE, "stroke_width": 5, "stroke_linecap": "square"}
    ink = {"stroke": TEXT, "stroke_width": 2}
    parts = []
    for style in (halo, ink):
        parts.append(_el("line", x1=x1, y1=y, x2=x2, y2=y, **style))
        parts.append(_el("line", x1=x1, y1=y - cap, x2=x1, y2=y + cap, **style))
        parts.append(_el("line", x1=x2, y1=y - cap, x2=x2, y2=y + cap, **style))
    return _el("g", "".join(parts), class_=class_)


def _population_marker(x: float, top: float, bottom: float) -> str:
    """A black vertical line with a diamond: a different shape from the interval's caps and from the bar."""
    middle = (top + bottom) / 2
    diamond = f"{_n(x)},{_n(middle - 7)} {_n(x + 6)},{_n(middle)} {_n(x)},{_n(middle + 7)} {_n(x - 6)},{_n(middle)}"
    return _el(
        "g",
        _el("line", x1=x, y1=top, x2=x, y2=bottom, stroke=WHITE, stroke_width=6)
        + _el("line", x1=x, y1=top, x2=x, y2=bottom, stroke=TEXT, stroke_width=3)
        + _el("polygon", points=diamond, fill=TEXT),
        class_="app-chart__population",
    )


def _legend(items: Sequence[tuple[str, str]], y: float) -> tuple[str, float]:
    """Lay out (swatch drawn in a 24×16 box at 0,0, text) items left to right, wrapping; returns markup, height."""
    line_height = 20
    swatch = 24
    gap_after_swatch = 8
    gap_between = 20
    max_chars = _capacity(PLOT_WIDTH - swatch - gap_after_swatch, SMALL_SIZE)
    placed = []
    x, row_y, row_height = PLOT_LEFT, y, 0
    for markup, label in items:
        lines, cut = _wrap(label, max_chars, 2)
        width = swatch + gap_after_swatch + max(_text_width(line, SMALL_SIZE) for line in lines)
        height = line_height * len(lines)
        if x > PLOT_LEFT and x + width > PLOT_RIGHT:
            x, row_y, row_height = PLOT_LEFT, row_y + row_height + 6, 0
        tspans = "".join(
            _el("tspan", escape(line), x=_n(swatch + gap_after_swatch), dy="0" if i == 0 else line_height)
            for i, line in enumerate(lines)
        )
        title = _el("title", escape(label)) if cut else ""
        text = _el("text", title + tspans, y=14, font_size=SMALL_SIZE, fill=TEXT)
        placed.append(_el("g", markup + text, transform=f"translate({_n(x)} {_n(row_y)})"))
        x += width + gap_between
        row_height = max(row_height, height)
    return _el("g", "".join(placed), class_="app-chart__legend"), row_y + row_height - y


# ---------------------------------------------------------------------------------------------------------------
# Axis, rows and the frame shared by every chart.


def _axis_labels(top: float, step: float, y: float, formatter) -> str:
    ticks = _ticks(top, step)
    parts = []
    for i, value in enumerate(ticks):
        anchor = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
        parts.append(
            _el(
                "text",
                escape(formatter(value)),
                x=_x(value, top),
                y=y + 14,
                font_size=SMALL_SIZE,
                fill=SECONDARY_TEXT,
                text_anchor=anchor,
            )
        )
    return _el("g", "".join(parts), class_="app-chart__axis")


def _ticks(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [step * i for i in range(count + 1)]


def _gridlines(top: float, step: float, y1: float, y2: float) -> str:
    parts = []
    for value in _ticks(top, step):
        zero = value == 0
        parts.append(
            _el(
                "line",
                x1=_x(value, top),
                y1=y1,
                x2=_x(value, top),
                y2=y2,
                stroke=TEXT if zero else GRID,
                stroke_width=2 if zero else 1,
            )
        )
    return _el("g", "".join(parts), class_="app-chart__grid")


def _row_label(label: str, y: float) -> tuple[str, float]:
    """The category label above its bar, wrapped to two lines; the full label is kept in a <title> when cut."""
    lines, cut = _wrap(label, _capacity(PLOT_WIDTH, LABEL_SIZE), LABEL_LINES)
    tspans = "".join(
        _el("tspan", escape(line), x=PLOT_LEFT, dy="0" if i == 0 else LABEL_SIZE + 4) for i, line in enumerate(lines)
    )
    title = _el("title", escape(label)) if cut else ""
    markup = _el(
        "text", title + tspans, y=y + LABEL_SIZE - 2, font_size=LABEL_SIZE, fill=TEXT, class_="app-chart__label"
    )
    return markup, (LABEL_SIZE + 4) * len(lines)


def _caption(parts: Sequence[tuple[str, bool]], y: float) -> tuple[str, float]:
    """Short phrases under a bar ("12% involved", …), bold where asked, wrapped between phrases."""
    separator = " · "
    max_width = PLOT_WIDTH
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0.0
    for text, bold in parts:
        width = _text_width(text, SMALL_SIZE)
        extra = _text_width(separator, SMALL_SIZE) if lines[-1] else 0
        if lines[-1] and used + extra + width > max_width:
            lines.append([])
            used, extra = 0.0, 0
        lines[-1].append((text, bold))
        used += extra + width
    markup = []
    for i, line in enumerate(lines):
        spans = []
        for j, (text, bold) in enumerate(line):
            if j:
                spans.append(escape(separator))
            spans.append(_el("tspan", escape(text), font_weight="bold" if bold else None))
        markup.append(
            _el(
                "text",
                "".join(spans),
                x=PLOT_LEFT,
                y=y + 14 + i * 18,
                font_size=SMALL_SIZE,
                fill=TEXT,
                class_="app-chart__caption",
            )
        )
    return "".join(markup), 18 * len(lines)


def _svg(*, title: str, description: str, id_prefix: str, height: float, defs: str, body: str, kind: str) -> SafeString:
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    content = (
        _el("title", escape(title), id=title_id)
        + _el("desc", escape(description), id=desc_id)
        + (_el("defs", defs) if defs else "")
        + _el("rect", width=WIDTH, height=_n(height), fill=WHITE)
        + body
    )
    markup = _el(
        "svg",
        content,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {_n(height)}",
        width="100%",
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        class_=f"app-chart app-chart--{kind}",
        id=id_prefix,
        font_family=FONT,
    )
    return mark_safe(markup)  # noqa: S308 — every piece above was escaped when it was built


def _no_data(*, title: str, description: str, id_prefix: str, kind: str) -> SafeString:
    body = _el(
        "text", escape(_("No data")), x=PLOT_LEFT, y=30, font_size=LABEL_SIZE, fill=TEXT, class_="app-chart__empty"
    )
    return _svg(title=title, description=description, id_prefix=id_prefix, height=48, defs="", body=body, kind=kind)


def _hidden_phrase() -> str:
    # Not "fewer than 5": a count is also hidden when it would let a small one be worked out by subtraction.
    return _("hidden to protect privacy")


def _hidden_text(y: float, phrase: str | None = None) -> str:
    """The reason a row has no bar, on a white ground so gridlines do not run through it."""
    phrase = _hidden_phrase() if phrase is None else phrase
    return _el(
        "g",
        _el("rect", x=PLOT_LEFT + 2, y=y, width=_text_width(phrase, SMALL_SIZE) + 8, height=BAR_HEIGHT, fill=WHITE)
        + _el("text", escape(phrase), x=PLOT_LEFT + 6, y=y + BAR_HEIGHT / 2 + 5, font_size=SMALL_SIZE, fill=TEXT),
        class_="app-chart__hidden",
    )


def _row_group(content: str) -> str:
    return _el("g", content, class_="app-chart__row")


# ---------------------------------------------------------------------------------------------------------------
# The three charts.
