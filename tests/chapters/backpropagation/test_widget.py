"""Chapter 8 widget: pre-measured numbers are the shipped table's; numerical cost outgrows backprop's."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.backpropagation.analysis import (
    load_backprop_timings,
)
from mlcourse.chapters.chain_rule.analysis import fit_loglog_slope
from tests.chapters.widget_sweep import table

NAME = "backpropagation"
WIDGET = chapters.get_widget(NAME)
WIDTHS = load_backprop_timings().widths


@pytest.fixture(scope="module")
def states():
    return table(NAME, "width", "source")


def test_grid_is_small_and_main_control_first():
    assert len(list(WIDGET.grid())) <= 60
    assert WIDGET.main.name == "width" and list(WIDGET.main.values) == WIDTHS
    assert WIDGET.defaults() == {"width": 64, "source": "pre-measured"}


def test_the_figure_has_the_curves_and_the_bars():
    rendered = WIDGET.render(**WIDGET.defaults())
    assert len(rendered.figure.axes) == 2
    rendered.figure.clear()


def test_default_state_is_the_shipped_table(states):
    stored = load_backprop_timings()
    for width in WIDTHS:
        numbers = states[(width, "pre-measured")]
        index = stored.widths.index(width)
        assert numbers["parameters N"] == stored.n_parameters[index] == 2 * width * (width + 1)
        assert numbers["numerical gradient (s)"] == stored.numerical_seconds[index]
        assert numbers["backprop (s)"] == stored.backprop_seconds[index]


def test_numerical_is_always_slower_even_when_measured_now(states):
    # two forward passes per parameter (N >= 40) against one forward and one backward pass
    for (width, source), numbers in states.items():
        assert numbers["time ratio numerical / backprop"] > 5, (width, source)
        assert numbers["source"] == source


def test_counted_multiplications_grow_like_n_squared_and_n(states):
    rows = [states[(width, "pre-measured")] for width in WIDTHS]
    n = [row["parameters N"] for row in rows]
    numerical = fit_loglog_slope(n[2:], [row["multiplications numerical"] for row in rows[2:]])[0]
    backprop = fit_loglog_slope(n[2:], [row["multiplications backprop"] for row in rows[2:]])[0]
    assert numerical == pytest.approx(2.0, abs=0.05) and backprop == pytest.approx(1.0, abs=0.05)
    ratios = [row["multiplications numerical"] / row["multiplications backprop"] for row in rows]
    assert all(a < b for a, b in zip(ratios, ratios[1:]))


def test_measured_ratio_widens_with_the_network(states):
    ratios = [states[(width, "pre-measured")]["time ratio numerical / backprop"] for width in WIDTHS]
    assert ratios[-1] > 100 * ratios[0]
    assert ratios[-1] == max(ratios)


def test_large_networks_are_extrapolated_and_say_so(states):
    for width in WIDTHS:
        numbers = states[(width, "pre-measured")]
        assert 1 <= numbers["numerical coordinates timed"] <= numbers["parameters N"]
    smallest = states[(WIDTHS[0], "pre-measured")]
    assert smallest["numerical coordinates timed"] == smallest["parameters N"]


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        WIDGET.render(source="guess")


def test_engine_node_figure_draws_one_panel_per_node():
    from mlcourse.chapters.backpropagation.analysis import engine_node_examples
    from mlcourse.chapters.backpropagation.plots import engine_node_figure

    figure = engine_node_figure(engine_node_examples())
    assert len(figure.axes) == 2
    texts = [text.get_text() for text in figure.axes[1].texts]
    assert any(text.endswith("= 24") for text in texts) and any(text.endswith("= -36") for text in texts)
