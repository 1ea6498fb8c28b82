"""The server-rendered SVG charts: accessible names, geometry that matches the figures, hiding, escaping, no styles."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString

from coproduce.analysis.representation import representation
from coproduce.insights import charts
from coproduce.insights import svg as drawing
from coproduce.insights.charts import RepresentationChartRow, bar_chart, representation_chart, stacked_chart
from coproduce.insights.svg import PLOT_LEFT, PLOT_WIDTH

NS = "{http://www.w3.org/2000/svg}"
DEGREES = [
    "Assigned but informed",
    "Consulted and informed",
    "Service-initiated, shared decisions with families",
    "Family-initiated and directed",
    "Family-initiated, shared decisions with services",
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 — the charts' own markup, not untrusted input


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def row(label: str, share, low, high, population, flag: str = "", suppressed: bool = False) -> RepresentationChartRow:
    return RepresentationChartRow(label, share, low, high, population, flag, suppressed)


def sample_representation(id_prefix: str = "eth") -> SafeString:
    return representation_chart(
        title="Ethnic group",
        description="Share of people involved in each ethnic group against the local population.",
        rows=[
            row("White", 0.4, 0.3, 0.5, 0.6, "under"),
            row("Asian", 0.2, 0.1, 0.3, 0.25),
            row("Black", None, None, None, 0.1, suppressed=True),
            row("Other", 0.1, 0.05, 0.2, None),
        ],
        id_prefix=id_prefix,
    )


def sample_bar(id_prefix: str = "heard") -> SafeString:
    return bar_chart(
        title="Heard back",
        description="Share of contributors who heard back.",
        rows=[("Families", 0.8), ("Practitioners", None), ("Schools", 0.4)],
        id_prefix=id_prefix,
        unit="%",
    )


def sample_stacked(id_prefix: str = "degree") -> SafeString:
    return stacked_chart(
        title="Degree of participation",
        description="How people in each group took part.",
        series=DEGREES,
        rows=[("Families", [10, 40, 25, 5, 20]), ("Dads", [None, 30, 0, 0, 6])],
        id_prefix=id_prefix,
    )


def rows_of(root: ET.Element) -> list[ET.Element]:
    return by_class(root, "app-chart__row")


@pytest.mark.parametrize("render", [sample_representation, sample_bar, sample_stacked])
def test_every_chart_is_an_image_named_by_its_title_and_description(render):
    svg = render()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 480 [\d.]+", root.get("viewBox"))
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text and desc.text
    assert root.find(f"{NS}title") is next(iter(root))  # the accessible name comes first


def test_title_and_description_are_the_ones_given():
    root = parse(sample_representation())
    assert root.find(f"{NS}title").text == "Ethnic group"
    assert root.find(f"{NS}desc").text.startswith("Share of people involved in each ethnic group")


@pytest.mark.parametrize("render", [sample_representation, sample_bar, sample_stacked])
def test_no_chart_uses_a_style_attribute_or_element(render):
    svg = str(render())
    root = parse(svg)
    assert not [el for el in root.iter() if "style" in el.attrib]
    assert root.find(f".//{NS}style") is None
    assert "style=" not in svg and "<style" not in svg
    assert "<script" not in svg


@pytest.mark.parametrize("render", [sample_representation, sample_bar, sample_stacked])
def test_the_same_input_gives_the_same_markup(render):
    assert str(render()) == str(render())


def test_bar_widths_are_proportional_to_the_shares():
    # Largest value 0.6 → the axis runs 0–100%.
    root = parse(sample_representation())
    white, asian, _black, other = rows_of(root)
    widths = [float(by_class(r, "app-chart__bar")[0].get("width")) for r in (white, asian, other)]
    assert widths == pytest.approx([0.4 * PLOT_WIDTH, 0.2 * PLOT_WIDTH, 0.1 * PLOT_WIDTH], abs=0.01)
    assert all(float(by_class(r, "app-chart__bar")[0].get("x")) == PLOT_LEFT for r in (white, asian, other))


def test_the_interval_whisker_ends_at_the_interval():
    white = rows_of(parse(sample_representation()))[0]
    (interval,) = by_class(white, "app-chart__interval")
    lines = interval.findall(f"{NS}line")
    horizontal = [ln for ln in lines if ln.get("y1") == ln.get("y2") and ln.get("stroke") == drawing.TEXT]
    assert len(horizontal) == 1
    assert float(horizontal[0].get("x1")) == pytest.approx(PLOT_LEFT + 0.3 * PLOT_WIDTH, abs=0.01)
    assert float(horizontal[0].get("x2")) == pytest.approx(PLOT_LEFT + 0.5 * PLOT_WIDTH, abs=0.01)
    caps = [ln for ln in lines if ln.get("x1") == ln.get("x2") and ln.get("stroke") == drawing.TEXT]
    assert sorted(float(c.get("x1")) for c in caps) == pytest.approx(
        [PLOT_LEFT + 0.3 * PLOT_WIDTH, PLOT_LEFT + 0.5 * PLOT_WIDTH], abs=0.01
    )


def test_the_population_marker_sits_at_the_population_share_and_has_a_diamond():
    white = rows_of(parse(sample_representation()))[0]
    (marker,) = by_class(white, "app-chart__population")
    expected = PLOT_LEFT + 0.6 * PLOT_WIDTH
    xs = [float(ln.get(end)) for ln in marker.findall(f"{NS}line") for end in ("x1", "x2")]
    assert xs == pytest.approx([expected] * len(xs), abs=0.01)
    diamond = marker.find(f"{NS}polygon")
    xs = [float(point.split(",")[0]) for point in diamond.get("points").split()]
    assert (min(xs) + max(xs)) / 2 == pytest.approx(expected, abs=0.01)


def test_the_scale_closes_in_when_every_value_is_small():
    root = parse(
        representation_chart(title="t", description="d", rows=[row("A", 0.1, 0.05, 0.31, 0.2)], id_prefix="small")
    )
    (axis, *_rest) = by_class(root, "app-chart__axis")
    assert [t.text for t in axis] == ["0%", "10%", "20%", "30%", "40%"]
    (bar,) = by_class(root, "app-chart__bar")
    assert float(bar.get("width")) == pytest.approx(0.1 / 0.4 * PLOT_WIDTH, abs=0.01)


def test_a_hidden_row_has_no_bar_or_interval_and_says_why():
    black = rows_of(parse(sample_representation()))[2]
    assert by_class(black, "app-chart__bar") == []
    assert by_class(black, "app-chart__interval") == []
    assert "hidden to protect privacy" in text_of(black)
    assert "%" not in text_of(black).replace("10% of population", "")  # nothing but the public population figure


def test_a_hidden_row_draws_nothing_even_when_given_figures():
    leaky = row("Black", 0.03, 0.01, 0.08, 0.1, "under", suppressed=True)
    root = parse(representation_chart(title="t", description="d", rows=[leaky], id_prefix="leak"))
    assert by_class(root, "app-chart__bar") == []
    assert by_class(root, "app-chart__interval") == []
    assert "3%" not in text_of(root)
    assert "below" not in text_of(root)


def test_rows_say_when_there_is_no_population_figure_and_flag_under_representation_in_words():
    white, asian, _black, other = rows_of(parse(sample_representation()))
    assert "no population figure" in text_of(other)
    assert by_class(other, "app-chart__population") == []
    assert "▼ below share" in text_of(white)
    assert "below" not in text_of(asian)
    assert "40% involved" in text_of(white) and "60% of population" in text_of(white)


def test_the_legend_names_all_three_marks():
    (legend,) = by_class(parse(sample_representation()), "app-chart__legend")
    assert [text_of(t) for t in legend.iter(f"{NS}text")] == [
        "People involved",
        "95% confidence interval",
        "Population",
    ]


def test_it_takes_the_analysis_rows_as_they_are():
    table = representation({"A": 40, "B": 30, "C": 30}, {"A": 0.5, "B": 0.5})
    root = parse(representation_chart(title="t", description="d", rows=table.rows, id_prefix="analysis"))
    a, _b, c = rows_of(root)
    assert text_of(by_class(a, "app-chart__label")[0]) == "A"
    assert "no population figure" in text_of(c)  # C is not in the population figures


def test_labels_are_escaped():
    nasty = '<script>alert("x")</script> & <b>'
    svg = str(
        representation_chart(title=nasty, description=nasty, rows=[row(nasty, 0.5, 0.4, 0.6, 0.5)], id_prefix="nasty")
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.find(f"{NS}title").text == nasty
    assert text_of(by_class(root, "app-chart__label")[0]) == nasty
    bars = parse(bar_chart(title="t", description="d", rows=[(nasty, 3)], id_prefix="b", unit="people"))
    assert text_of(by_class(bars, "app-chart__label")[0]) == nasty
    stacked = str(stacked_chart(title="t", description="d", series=[nasty], rows=[(nasty, [5])], id_prefix="s"))
    assert "<script>" not in stacked
    assert text_of(by_class(parse(stacked), "app-chart__legend")[0]) == nasty


def test_long_labels_are_cut_with_an_ellipsis_and_kept_whole_in_a_title():
    label = "Any other ethnic group, including people who describe themselves in their own words " * 2
    root = parse(representation_chart(title="t", description="d", rows=[row(label, 0.5, 0.4, 0.6, 0.5)], id_prefix="x"))
    (text,) = by_class(root, "app-chart__label")
    lines = [t.text for t in text.findall(f"{NS}tspan")]
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert text.find(f"{NS}title").text == label
    assert all(len(line) * drawing.LABEL_SIZE * drawing.CHAR_WIDTH <= PLOT_WIDTH for line in lines)


def test_ids_are_unique_across_two_charts_on_one_page_and_every_reference_resolves():
    first, second = sample_representation("eth"), sample_representation("imd")
    third, fourth = sample_stacked("deg-a"), sample_stacked("deg-b")
    ids: list[str] = []
    for svg in (first, second, third, fourth):
        root = parse(svg)
        own = [el.get("id") for el in root.iter() if el.get("id")]
        ids.extend(own)
        patterns = {p.get("id") for p in root.iter(f"{NS}pattern")}
        assert patterns
        for el in root.iter():
            match = re.fullmatch(r"url\(#(.+)\)", el.get("fill") or "")
            if match:
                assert match.group(1) in patterns
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "render",
    [
        lambda: representation_chart(title="t", description="d", rows=[], id_prefix="e1"),
        lambda: bar_chart(title="t", description="d", rows=[], id_prefix="e2", unit="people"),
        lambda: stacked_chart(title="t", description="d", series=DEGREES, rows=[], id_prefix="e3"),
    ],
)
def test_no_rows_gives_a_chart_that_says_no_data(render):
    root = parse(render())
    assert root.get("role") == "img"
    assert "No data" in text_of(root)
    assert by_class(root, "app-chart__bar") == [] and by_class(root, "app-chart__segment") == []


def test_bar_chart_of_people_scales_to_a_round_number_and_hides_none():
    root = parse(
        bar_chart(
            title="t",
            description="d",
            rows=[("First time", 120), ("Returning", 60), ("Invited", None)],
            id_prefix="p",
            unit="people",
        )
    )
    first, returning, invited = rows_of(root)
    (axis,) = by_class(root, "app-chart__axis")
    assert [t.text for t in axis] == ["0", "50", "100", "150"]
    assert float(by_class(first, "app-chart__bar")[0].get("width")) == pytest.approx(120 / 150 * PLOT_WIDTH, abs=0.01)
    assert float(by_class(returning, "app-chart__bar")[0].get("width")) == pytest.approx(
        60 / 150 * PLOT_WIDTH, abs=0.01
    )
    assert text_of(by_class(first, "app-chart__value")[0]) == "120"
    assert by_class(invited, "app-chart__bar") == []
    assert "hidden" in text_of(invited)


def test_bar_chart_of_shares_labels_each_bar():
    families, practitioners, schools = rows_of(parse(sample_bar()))
    assert float(by_class(families, "app-chart__bar")[0].get("width")) == pytest.approx(0.8 * PLOT_WIDTH, abs=0.01)
    assert float(by_class(schools, "app-chart__bar")[0].get("width")) == pytest.approx(0.4 * PLOT_WIDTH, abs=0.01)
    assert text_of(by_class(families, "app-chart__value")[0]) == "80%"
    assert by_class(practitioners, "app-chart__bar") == []


def test_stacked_parts_are_proportional_with_their_own_pattern_and_colour():
    root = parse(sample_stacked())
    families, dads = rows_of(root)
    segments = by_class(families, "app-chart__segment")
    assert len(segments) == 5
    counts = [10, 40, 25, 5, 20]
    for segment, count in zip(segments, counts, strict=True):
        # Each part loses at most 2 units to the white gaps between parts.
        assert float(segment.get("width")) == pytest.approx(count / 100 * PLOT_WIDTH, abs=2.01)
    starts = [float(s.get("x")) for s in segments]
    assert starts == sorted(starts)
    assert len({s.get("fill") for s in segments}) == 5
    assert len({s.get("stroke") for s in segments}) == 5
    patterns = list(root.iter(f"{NS}pattern"))
    assert len({ET.tostring(list(p)[1]) for p in patterns}) == 5  # the marks differ, not only the colour
    assert by_class(dads, "app-chart__segment") == []
    assert "hidden to protect privacy" in text_of(dads)
    (legend,) = by_class(root, "app-chart__legend")
    assert [text_of(t) for t in legend.iter(f"{NS}text")] == DEGREES


def test_a_stacked_row_with_nobody_says_so():
    root = parse(stacked_chart(title="t", description="d", series=["a", "b"], rows=[("x", [0, 0])], id_prefix="z"))
    assert "none recorded" in text_of(root)
    assert by_class(root, "app-chart__segment") == []


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("render", [sample_representation, sample_bar, sample_stacked])
def test_marks_and_text_are_readable_on_white(render):
    root = parse(render())
    grid = {id(el) for g in by_class(root, "app-chart__grid") for el in g.iter()}
    for el in root.iter():
        for attr in ("fill", "stroke"):
            colour = el.get(attr)
            if not colour or not colour.startswith("#") or colour == drawing.WHITE or id(el) in grid:
                continue
            minimum = 4.5 if el.tag == f"{NS}text" else 3
            assert _contrast(colour, drawing.WHITE) >= minimum, (el.tag, colour)
        if el.tag == f"{NS}text":
            assert float(el.get("font-size")) >= 14
            if el.get("fill") == drawing.WHITE:  # a value written inside the end of a blue bar
                assert _contrast(drawing.WHITE, drawing.BLUE) >= 4.5


def test_every_series_style_is_readable_and_distinct():
    assert len({kind for kind, _colour in drawing.SERIES_STYLES}) == len(drawing.SERIES_STYLES)
    assert len({colour for _kind, colour in drawing.SERIES_STYLES}) == len(drawing.SERIES_STYLES)
    assert all(_contrast(colour, drawing.WHITE) >= 4.5 for _kind, colour in drawing.SERIES_STYLES)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sample_representation("1bad"), "id_prefix"),
        (lambda: sample_representation("has space"), "id_prefix"),
        (
            lambda: representation_chart(title="t", description="d", rows=[row("A", 1.2, 0, 1, 0.5)], id_prefix="a"),
            "share",
        ),
        (lambda: bar_chart(title="t", description="d", rows=[("a", 1)], id_prefix="a", unit="£"), "unit"),
        (lambda: bar_chart(title="t", description="d", rows=[("a", 3)], id_prefix="a", unit="%"), "between 0 and 1"),
        (lambda: bar_chart(title="t", description="d", rows=[("a", -3)], id_prefix="a", unit="people"), "negative"),
        (
            lambda: stacked_chart(title="t", description="d", series=["a"], rows=[("x", [1, 2])], id_prefix="a"),
            "2 counts",
        ),
        (
            lambda: stacked_chart(title="t", description="d", series=list("abcdefghi"), rows=[], id_prefix="a"),
            "at most",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.0, "0%"), (0.004, "0.4%"), (0.125, "13%"), (0.145, "15%"), (1.0, "100%"), (0.3333, "33%")],
)
def test_percentages_round_half_up(share, text):
    assert charts.format_percent(share) == text
