"""Chapter 11 widgets: gradient flow at initialization, and clipping / batch norm during training."""

from __future__ import annotations

import pytest

from mlcourse.chapters.vanishing_gradients.analysis import ACTIVATIONS, DEPTHS, INITS
from mlcourse.chapters.vanishing_gradients.widget import THRESHOLD_CHOICES
from tests.chapters.widget_sweep import table


@pytest.fixture(scope="module")
def flow():
    """The gradient-flow widget's numbers keyed by (depth, activation, init)."""
    return table("vanishing_gradients", "depth", "activation", "init")


@pytest.fixture(scope="module")
def clipping():
    """The clipping widget's numbers keyed by (threshold, method, batch_norm)."""
    return table("vanishing_gradients.CLIPPING_WIDGET", "threshold", "method", "batch_norm")


def test_grids_are_small(flow, clipping):
    assert len(flow) == len(DEPTHS) * len(ACTIVATIONS) * len(INITS) <= 60
    assert len(clipping) <= 60


def test_ratio_is_first_over_last(flow):
    for key, numbers in flow.items():
        assert numbers["first/last ratio"] == pytest.approx(
            numbers["grad norm, first layer"] / numbers["grad norm, last layer"]
        ), key


def test_sigmoid_gradients_vanish_geometrically_with_depth(flow):
    for init in ("small", "xavier", "he"):
        ratios = [flow[(depth, "sigmoid", init)]["first/last ratio"] for depth in DEPTHS]
        assert all(a > b for a, b in zip(ratios, ratios[1:])), (init, ratios)
        # sigmoid' <= 1/4: with weights of moderate size at least a factor ~2 is lost per layer
        for depth, ratio in zip(DEPTHS, ratios):
            assert ratio < 0.5**depth, (init, depth, ratio)
    assert flow[(10, "sigmoid", "xavier")]["first/last ratio"] < 1e-4


def test_matched_initialization_keeps_gradients_and_activations_at_scale(flow):
    for activation, init in (("tanh", "xavier"), ("relu", "he")):
        for depth in DEPTHS:
            numbers = flow[(depth, activation, init)]
            assert 0.2 < numbers["first/last ratio"] < 5, (activation, depth)
            assert 0.1 < numbers["activation std, last hidden"] < 2, (activation, depth)


def test_small_and_large_scales_shrink_or_blow_up_the_signal(flow):
    for activation in ("tanh", "relu"):
        small = [flow[(depth, activation, "small")]["activation std, last hidden"] for depth in DEPTHS]
        assert all(a > b for a, b in zip(small, small[1:])) and small[-1] < 1e-15, (activation, small)
    large_relu = [flow[(depth, "relu", "large")]["activation std, last hidden"] for depth in DEPTHS]
    assert all(a < b for a, b in zip(large_relu, large_relu[1:])) and large_relu[-1] > 1e10
    for depth in DEPTHS:  # N(0, 1) weights push tanh units into saturation ...
        assert flow[(depth, "tanh", "large")]["saturated, last hidden"] > 0.5
    # ... where |W| tanh' > 1 per layer: the gradient explodes towards the input
    assert flow[(20, "tanh", "large")]["first/last ratio"] > 1e4


def test_clipping_story(clipping):
    none = clipping[("none", "norm", "off")]
    assert none["diverged"] is True and none["epochs completed"] == 0
    assert none["gradient norm at the start"] > 100
    for threshold in THRESHOLD_CHOICES[1:]:
        numbers = clipping[(threshold, "norm", "off")]
        assert numbers["diverged"] is False and numbers["epochs completed"] == 8, threshold
    by_norm = [clipping[(t, "norm", "off")]["final training loss"] for t in THRESHOLD_CHOICES[1:]]
    assert by_norm == sorted(by_norm), by_norm  # smaller thresholds: shorter steps, slower progress
    assert clipping[(100.0, "norm", "off")]["validation accuracy"] > 0.8
    # clipping each value at 10 or 100 still allows a long vector: the loss explodes without diverging
    assert clipping[(100.0, "value", "off")]["final training loss"] > 1e6
    # clipping by value at 1 trains too (a norm of up to sqrt(14,026) ~ 118), far above chance (0.1),
    # with a training loss as low as by norm at 100
    by_value = clipping[(1.0, "value", "off")]
    assert by_value["validation accuracy"] > 0.75
    assert by_value["final training loss"] < 0.5


def test_batch_norm_removes_the_explosion(clipping):
    bn = clipping[("none", "norm", "on")]
    assert bn["diverged"] is False
    assert bn["gradient norm at the start"] < clipping[("none", "norm", "off")]["gradient norm at the start"] / 50
    # gradient norms stay below 10, so thresholds 10 and 100 never trigger: identical runs
    for threshold in (100.0, 10.0):
        for method in ("norm", "value"):
            assert clipping[(threshold, method, "on")]["final training loss"] == bn["final training loss"]


def test_the_fixed_axes_hold_every_profile_of_their_initialization():
    """The flow widget's y ranges (one per initialization, its background control) hold every state's profiles."""
    from mlcourse.chapters.vanishing_gradients.analysis import measure_gradient_flow
    from mlcourse.chapters.vanishing_gradients.widget import FLOOR, GRADIENT_LIMITS, LAYER_LIMITS, SPREAD_LIMITS

    for depth in DEPTHS:
        for activation in ACTIVATIONS:
            for init in INITS:
                norms, stds, _ = measure_gradient_flow(depth, activation, init)
                for values, (low, high) in ((norms, GRADIENT_LIMITS[init]), (stds, SPREAD_LIMITS[init])):
                    drawn = [max(value, FLOOR) for value in values]
                    assert low < min(drawn) and max(drawn) < high, (depth, activation, init)
                assert len(norms) < LAYER_LIMITS[1], depth


def test_only_the_exploding_runs_leave_the_clipping_plots():
    """Every run that trains stays inside the clipping widget's fixed axes; the others are marked beyond the top."""
    import numpy as np

    from mlcourse.chapters.vanishing_gradients.analysis import clipping_run, global_norms_per_epoch
    from mlcourse.chapters.vanishing_gradients.widget import CLIPPING_WIDGET, LOSS_LIMITS, NORM_LIMITS

    leaving = set()
    for params in CLIPPING_WIDGET.grid():
        threshold = None if params["threshold"] == "none" else params["threshold"]
        _, history = clipping_run(threshold, params["method"], params["batch_norm"] == "on")
        losses = np.array(history.step_losses, dtype=float)
        losses = losses[np.isfinite(losses)]
        norms = global_norms_per_epoch(history)
        assert LOSS_LIMITS[0] < losses.min() and (not norms or NORM_LIMITS[0] < min(norms))
        if losses.max() > LOSS_LIMITS[1] or (norms and max(norms) > NORM_LIMITS[1]):
            leaving.add((params["threshold"], params["method"], params["batch_norm"]))
    assert leaving == {
        ("none", "norm", "off"),
        ("none", "value", "off"),
        (100.0, "value", "off"),
        (10.0, "value", "off"),
    }


def test_the_clipping_axis_counts_the_real_updates_per_epoch():
    import math

    from mlcourse.chapters.vanishing_gradients.analysis import BATCH_SIZE, EPOCHS, chapter_digits, clipping_run
    from mlcourse.chapters.vanishing_gradients.widget import STEPS_PER_EPOCH

    assert STEPS_PER_EPOCH == math.ceil(len(chapter_digits()[0]) / BATCH_SIZE)
    assert len(clipping_run(100.0)[1].step_losses) == EPOCHS * STEPS_PER_EPOCH
