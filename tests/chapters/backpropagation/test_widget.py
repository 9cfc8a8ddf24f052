"""Chapter 8 widget: pre-measured numbers are the shipped table's; numerical cost outgrows backprop's."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.backpropagation.analysis import fit_loglog_slope, load_backprop_timings
from mlcourse.chapters.backpropagation.widget import SOURCES, WIDTHS

WIDGET = chapters.get_widget("backpropagation")


@pytest.fixture(scope="module")
def table():
    results = {}
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert len(rendered.figure.axes) == 2
        rendered.figure.clear()
        results[(params["width"], params["source"])] = rendered.numbers
    return results


def test_grid_is_small_and_main_control_first():
    assert len(list(WIDGET.grid())) <= 60
    assert WIDGET.main.name == "width" and len(WIDGET.main.values) <= 10
    assert WIDGET.defaults() == {"width": 64, "source": "pre-measured"}


def test_default_state_is_the_shipped_table(table):
    stored = load_backprop_timings()
    for width in WIDTHS:
        numbers = table[(width, "pre-measured")]
        index = stored.widths.index(width)
        assert numbers["parameters N"] == stored.n_parameters[index] == 2 * width * (width + 1)
        assert numbers["numerical gradient (s)"] == stored.numerical_seconds[index]
        assert numbers["backprop (s)"] == stored.backprop_seconds[index]
    assert WIDGET.numbers_text() == WIDGET.numbers_text()


def test_numerical_is_always_slower_even_when_measured_now(table):
    # two forward passes per parameter (N >= 40) against one forward and one backward pass
    for (width, source), numbers in table.items():
        assert numbers["time ratio numerical / backprop"] > 5, (width, source)
        assert numbers["source"] == source


def test_counted_multiplications_grow_like_n_squared_and_n(table):
    rows = [table[(width, "pre-measured")] for width in WIDTHS]
    n = [row["parameters N"] for row in rows]
    numerical = fit_loglog_slope(n[2:], [row["multiplications numerical"] for row in rows[2:]])[0]
    backprop = fit_loglog_slope(n[2:], [row["multiplications backprop"] for row in rows[2:]])[0]
    assert numerical == pytest.approx(2.0, abs=0.05) and backprop == pytest.approx(1.0, abs=0.05)
    ratios = [row["multiplications numerical"] / row["multiplications backprop"] for row in rows]
    assert all(a < b for a, b in zip(ratios, ratios[1:]))


def test_measured_ratio_widens_with_the_network(table):
    ratios = [table[(width, "pre-measured")]["time ratio numerical / backprop"] for width in WIDTHS]
    assert ratios[-1] > 100 * ratios[0]
    assert ratios[-1] == max(ratios)


def test_large_networks_are_extrapolated_and_say_so(table):
    for width in WIDTHS:
        numbers = table[(width, "pre-measured")]
        assert 1 <= numbers["numerical coordinates timed"] <= numbers["parameters N"]
    assert table[(WIDTHS[0], "pre-measured")]["numerical coordinates timed"] == table[(WIDTHS[0], "pre-measured")]["parameters N"]


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        WIDGET.render(source="guess")
    assert SOURCES[0] == "pre-measured"
