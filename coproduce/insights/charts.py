"""Accessible SVG charts for the insights pages, rendered on the server (no JavaScript, no inline styles).

Each chart is `<svg role="img">` named by its `<title>` and `<desc>`, drawn with presentation attributes only (the
pages' Content Security Policy forbids `style`), told apart by pattern and shape as well as colour, and laid out for
a phone first: every category label sits on its own line above its bar so the bars keep the full width. The page
shows the same figures as a table beneath each chart; the chart never carries a number the table does not.
The output is deterministic (same input, same markup) so tests and caches can compare it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from coproduce.insights.svg import (
    BAR_HEIGHT,
    BLUE,
    PLOT_LEFT,
    PLOT_RIGHT,
    SERIES_STYLES,
    SMALL_SIZE,
    TEXT,
    WHITE,
    _axis_labels,
    _caption,
    _check_prefix,
    _check_share,
    _count_scale,
    _el,
    _gridlines,
    _hidden_phrase,
    _hidden_text,
    _legend,
    _no_data,
    _pattern,
    _percent_scale,
    _population_marker,
    _row_group,
    _row_label,
    _svg,
    _text_width,
    _whisker,
    _x,
    format_percent,
)


class RepresentationChartRowLike(Protocol):
    """What `representation_chart` reads from each row (attributes; `category` is accepted for `label`)."""

    share: float | None
    ci_low: float | None
    ci_high: float | None
    population_share: float | None
    flag: str
    suppressed: bool


@dataclass(frozen=True)
class RepresentationChartRow:
    label: str
    share: float | None  # of people involved, 0–1; None when hidden or when nobody is involved yet
    ci_low: float | None  # 95% confidence interval on the share
    ci_high: float | None
    population_share: float | None  # None when the population figures do not have this category
    flag: str = ""  # "under", "over" or ""
    suppressed: bool = False


# ---------------------------------------------------------------------------------------------------------------
# Small builders. Every string that reaches the markup passes through `escape`.


def representation_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[RepresentationChartRowLike],
    id_prefix: str,
) -> SafeString:
    """Share of people involved (hatched bar) with its 95% interval (whisker) against the population share (diamond).

    Each row needs `label` (or `category`), `share`, `ci_low`, `ci_high`, `population_share`, `flag` and
    `suppressed`; `coproduce.analysis.representation.RepresentationRow` works as it is (a row with
    `in_population=False` shows "no population figure").
    """
    _check_prefix(id_prefix)
    if not rows:
        return _no_data(title=title, description=description, id_prefix=id_prefix, kind="representation")
    hatch_id = f"{id_prefix}-involved"
    prepared = []
    largest = 0.0
    for row in rows:
        label = str(getattr(row, "label", None) or getattr(row, "category", ""))
        population = row.population_share if getattr(row, "in_population", True) else None
        share, low, high = (None, None, None) if row.suppressed else (row.share, row.ci_low, row.ci_high)
        for value, what in ((share, "share"), (low, "ci_low"), (high, "ci_high"), (population, "population_share")):
            _check_share(value, f"{what} of {label!r}")
            largest = max(largest, value or 0.0)
        prepared.append((label, share, low, high, population, "" if row.suppressed else row.flag, row.suppressed))
    top, step = _percent_scale(largest)

    y = 8.0
    legend, legend_height = _legend(
        [
            (
                _el("rect", x=1, y=2, width=22, height=14, fill=f"url(#{hatch_id})", stroke=BLUE, stroke_width=1.5),
                _("People involved"),
            ),
            (_whisker(2, 22, 9, cap=5, class_="app-chart__key-interval"), _("95% confidence interval")),
            (_population_marker(12, 0, 18), _("Population")),
        ],
        y,
    )
    y += legend_height + 12
    body = [legend, _axis_labels(top, step, y, format_percent)]
    y += 24
    rows_markup = []
    for label, share, low, high, population, flag, suppressed in prepared:
        label_markup, label_height = _row_label(label, y)
        y += label_height + 6
        parts = [label_markup, _gridlines(top, step, y - 6, y + BAR_HEIGHT + 6)]
        if suppressed:
            # No bar; the reason goes in the caption so the band stays clear for the population marker.
            caption = [(_hidden_phrase(), False)]
        elif share is None:
            caption = [(_("no one involved yet"), False)]
        else:
            if share > 0:
                parts.append(
                    _el(
                        "rect",
                        x=PLOT_LEFT,
                        y=y,
                        width=_x(share, top) - PLOT_LEFT,
                        height=BAR_HEIGHT,
                        fill=f"url(#{hatch_id})",
                        stroke=BLUE,
                        stroke_width=1.5,
                        class_="app-chart__bar",
                    )
                )
            caption = [(_("{percent} involved").format(percent=format_percent(share)), False)]
        if low is not None and high is not None:
            parts.append(_whisker(_x(low, top), _x(high, top), y + BAR_HEIGHT / 2))
        if population is None:
            caption.append((_("no population figure"), False))
        else:
            parts.append(_population_marker(_x(population, top), y - 5, y + BAR_HEIGHT + 5))
            caption.append((_("{percent} of population").format(percent=format_percent(population)), False))
        if flag == "under":
            caption.append((_("▼ below share"), True))
        elif flag == "over":
            caption.append((_("▲ above share"), True))
        y += BAR_HEIGHT + 6
        caption_markup, caption_height = _caption(caption, y)
        parts.append(caption_markup)
        y += caption_height + 14
        rows_markup.append(_row_group("".join(parts)))
    body.extend(rows_markup)
    if len(prepared) > 4:  # a long chart repeats its scale at the foot
        body.append(_axis_labels(top, step, y - 8, format_percent))
        y += 14
    return _svg(
        title=title,
        description=description,
        id_prefix=id_prefix,
        height=y,
        defs=_pattern(hatch_id, "hatch", BLUE),
        body="".join(body),
        kind="representation",
    )


def bar_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float | int | None]],
    id_prefix: str,
    unit: str,
) -> SafeString:
    """One solid bar per (label, value). `unit` is "%" (values are shares, 0–1) or "people" (counts); None is hidden."""
    _check_prefix(id_prefix)
    if unit not in ("%", "people"):
        raise ValueError(f'unit must be "%" or "people" (got {unit!r}).')
    if not rows:
        return _no_data(title=title, description=description, id_prefix=id_prefix, kind="bar")
    for label, value in rows:
        if unit == "%":
            _check_share(value, f"value of {label!r}")
        elif value is not None and value < 0:
            raise ValueError(f"value of {label!r} cannot be negative (got {value!r}).")
    largest = max((value or 0 for _label, value in rows), default=0)
    if unit == "%":
        top, step = _percent_scale(largest)
        formatter = format_percent
    else:
        top, step = _count_scale(largest)
        formatter = _format_count

    y = 8.0
    body = [_axis_labels(top, step, y, formatter)]
    y += 24
    rows_markup = []
    for label, value in rows:
        label_markup, label_height = _row_label(str(label), y)
        y += label_height + 6
        parts = [label_markup, _gridlines(top, step, y - 6, y + BAR_HEIGHT + 6)]
        if value is None:
            parts.append(_hidden_text(y))
        else:
            end = _x(value, top)
            if value > 0:
                parts.append(
                    _el(
                        "rect",
                        x=PLOT_LEFT,
                        y=y,
                        width=end - PLOT_LEFT,
                        height=BAR_HEIGHT,
                        fill=BLUE,
                        class_="app-chart__bar",
                    )
                )
            text = formatter(value)
            text_y = y + BAR_HEIGHT / 2 + 5
            if end + 6 + _text_width(text, SMALL_SIZE) <= PLOT_RIGHT:
                value_markup = _el("text", escape(text), x=end + 6, y=text_y, font_size=SMALL_SIZE, fill=TEXT)
            else:  # no room after the bar: write inside its end, white on blue (5.2:1)
                value_markup = _el(
                    "text", escape(text), x=end - 6, y=text_y, font_size=SMALL_SIZE, fill=WHITE, text_anchor="end"
                )
            parts.append(_el("g", value_markup, class_="app-chart__value"))
        y += BAR_HEIGHT + 16
        rows_markup.append(_row_group("".join(parts)))
    body.extend(rows_markup)
    if len(rows) > 6:
        body.append(_axis_labels(top, step, y - 8, formatter))
        y += 14
    return _svg(
        title=title, description=description, id_prefix=id_prefix, height=y, defs="", body="".join(body), kind="bar"
    )


def _format_count(value: float) -> str:
    return f"{int(value):,}"


def stacked_chart(
    *,
    title: str,
    description: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int | None]]],
    id_prefix: str,
) -> SafeString:
    """100% stacked bars: one bar per (label, counts), one part per series, each part its own pattern and colour.

    A row with any hidden count (None) shows "hidden to protect privacy" and no bar: the other parts' shares would give
    the hidden count back.
    """
    _check_prefix(id_prefix)
    if not series:
        raise ValueError("A stacked chart needs at least one series.")
    if len(series) > len(SERIES_STYLES):
        raise ValueError(f"A stacked chart can tell apart at most {len(SERIES_STYLES)} series (got {len(series)}).")
    for label, counts in rows:
        if len(counts) != len(series):
            raise ValueError(f"{label!r} has {len(counts)} counts for {len(series)} series.")
        if any(count is not None and count < 0 for count in counts):
            raise ValueError(f"{label!r} has a negative count.")
    if not rows:
        return _no_data(title=title, description=description, id_prefix=id_prefix, kind="stacked")
    pattern_ids = [f"{id_prefix}-series-{i}" for i in range(len(series))]
    defs = "".join(
        _pattern(pattern_id, kind, colour)
        for pattern_id, (kind, colour) in zip(pattern_ids, SERIES_STYLES, strict=False)
    )

    def swatch(i: int) -> str:
        colour = SERIES_STYLES[i][1]
        return _el(
            "rect", x=1, y=2, width=22, height=14, fill=f"url(#{pattern_ids[i]})", stroke=colour, stroke_width=1.5
        )

    y = 8.0
    legend, legend_height = _legend([(swatch(i), str(name)) for i, name in enumerate(series)], y)
    y += legend_height + 12
    body = [legend, _axis_labels(1.0, 0.25, y, format_percent)]
    y += 24
    for label, counts in rows:
        label_markup, label_height = _row_label(str(label), y)
        y += label_height + 6
        parts = [label_markup]
        total = sum(count or 0 for count in counts)
        if any(count is None for count in counts):
            parts.append(_hidden_text(y))
        elif total == 0:
            parts.append(_hidden_text(y, _("none recorded")))
        else:
            parts.append(_stacked_bar(counts, total, pattern_ids, y))
        y += BAR_HEIGHT + 16
        rows_markup = _row_group("".join(parts))
        body.append(rows_markup)
    return _svg(
        title=title,
        description=description,
        id_prefix=id_prefix,
        height=y,
        defs=defs,
        body="".join(body),
        kind="stacked",
    )


def _stacked_bar(counts: Sequence[int | None], total: int, pattern_ids: Sequence[str], y: float) -> str:
    """The parts of one bar, a white gap between them, and the percentage on a white chip where the part is wide."""
    segments, chips = [], []
    running = 0
    for i, count in enumerate(counts):
        if not count:
            continue
        x0 = _x(running / total, 1.0)
        running += count
        x1 = _x(running / total, 1.0)
        inset_left = 0 if x0 <= PLOT_LEFT else 1
        inset_right = 0 if x1 >= PLOT_RIGHT else 1
        width = max(x1 - x0 - inset_left - inset_right, 1.0)
        colour = SERIES_STYLES[i][1]
        segments.append(
            _el(
                "rect",
                x=x0 + inset_left,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                fill=f"url(#{pattern_ids[i]})",
                stroke=colour,
                stroke_width=1.5,
                class_="app-chart__segment",
            )
        )
        text = format_percent(count / total)
        chip_width = _text_width(text, SMALL_SIZE) + 8
        if chip_width + 6 <= x1 - x0:
            centre = (x0 + x1) / 2
            chips.append(
                _el(
                    "rect",
                    x=centre - chip_width / 2,
                    y=y + 2,
                    width=chip_width,
                    height=BAR_HEIGHT - 4,
                    fill=WHITE,
                    rx=2,
                )
                + _el(
                    "text",
                    escape(text),
                    x=centre,
                    y=y + BAR_HEIGHT / 2 + 5,
                    font_size=SMALL_SIZE,
                    fill=TEXT,
                    text_anchor="middle",
                )
            )
    return "".join(segments) + _el("g", "".join(chips), class_="app-chart__value")
