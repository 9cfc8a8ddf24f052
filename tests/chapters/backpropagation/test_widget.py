"""Chapter 8 widget: pre-measured numbers are the shipped table's; numerical cost outgrows backprop's."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters._book.widgets import LiveFrames, figure_digest
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


def test_the_sweep_leaves_out_only_the_measurements_no_digest_can_store():
    swept = list(WIDGET.grid())
    assert swept == [{"width": width, "source": "pre-measured"} for width in WIDTHS]


@pytest.fixture(scope="module")
def measured():
    """Every width measured now, on the live path (one scene kept), after a pre-measured state."""
    frames = LiveFrames(WIDGET, dpi=40)
    frames.frame()
    return {
        width: (frames.frame(width=width, source="measure now")[1], figure_digest(frames.scene.figure))
        for width in WIDTHS
    }


def test_numerical_is_always_slower_even_when_measured_now(states, measured):
    # two forward passes per parameter (N >= 40) against one forward and one backward pass
    for (width, source), numbers in [*states.items(), *(((w, "measure now"), m[0]) for w, m in measured.items())]:
        assert numbers["time ratio numerical / backprop"] > 5, (width, source)
        assert numbers["source"] == source


def test_a_measurement_is_drawn_on_the_live_path_as_on_a_fresh_figure(measured):
    for width, (numbers, digest) in measured.items():
        fresh = WIDGET.render(width=width, source="measure now")  # the measurement is kept for the session
        assert fresh.numbers == numbers, width
        assert figure_digest(fresh.figure) == digest, width
        assert "line 'measured now'" in digest and "measured now, in this kernel" in digest, width
        fresh.figure.clear()
    assert "measured now" not in WIDGET.digest(width=WIDTHS[0])


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


def test_the_live_picture_of_a_state_does_not_depend_on_the_states_before(measured):
    visited = LiveFrames(WIDGET, dpi=40)
    for params in ({"width": 512, "source": "measure now"}, {"width": 4}, {"width": 128, "source": "measure now"}):
        visited.frame(**params)
    for params in ({"width": 16}, {"width": 32, "source": "measure now"}):
        picture, _ = visited.frame(**params)
        fresh, _ = LiveFrames(WIDGET, dpi=40).frame(**params)
        assert picture == fresh, params
