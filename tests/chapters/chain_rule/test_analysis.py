"""Finite differences, their error curves, the chain rule through scalar layers, and computational graphs.

Oracles: exact derivatives of polynomials and exp (hand-derived), Taylor's
error terms, the scalar autograd engine and central differences of the loss.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcourse.autograd import Value
from mlcourse.chapters.chain_rule.analysis import (
    GRAPH_EXPRESSIONS,
    build_graph,
    central_difference,
    derivative_error_curve,
    fit_loglog_slope,
    forward_difference,
    graph_gradients,
    layer_chain,
    optimal_step,
    secant_slopes,
)
from mlcourse.gradcheck import numerical_gradient


def cube(t):
    return t * t * t


def test_differences_of_a_cubic_have_the_taylor_errors_exactly():
    # (x+h)^3 - x^3 = 3x^2 h + 3x h^2 + h^3, so the forward error is 3xh + h^2;
    # the central difference of a cubic is 3x^2 + h^2.
    x, h = 2.0, 0.5
    assert forward_difference(cube, x, h) == pytest.approx(3 * x * x + 3 * x * h + h * h, rel=1e-14)
    assert central_difference(cube, x, h) == pytest.approx(3 * x * x + h * h, rel=1e-14)


def test_central_difference_is_gradchecks_numerical_gradient():
    for x in (-1.3, 0.0, 0.7):
        expected = numerical_gradient(lambda v: float(np.sin(v[0])), np.array([x]), 1e-4)[0]
        assert central_difference(np.sin, x, 1e-4) == expected


def test_secant_slopes_approach_the_tangent():
    slopes = secant_slopes(np.exp, 0.0, [1.0, 0.1, 0.01, 0.001])
    errors = np.abs(slopes - 1.0)
    assert np.all(np.diff(errors) < 0)
    assert slopes[0] == pytest.approx(math.e - 1)


def test_error_curve_slopes_match_the_order_on_the_truncation_side():
    hs = np.logspace(-3, -1, 9)
    forward = derivative_error_curve(np.exp, np.exp, 1.0, hs, "forward")
    central = derivative_error_curve(np.exp, np.exp, 1.0, hs, "central")
    assert fit_loglog_slope(hs, forward)[0] == pytest.approx(1.0, abs=0.05)
    assert fit_loglog_slope(hs, central)[0] == pytest.approx(2.0, abs=0.05)
    # leading terms h f''/2 and h^2 f'''/6 with f'' = f''' = e
    assert forward[0] == pytest.approx(hs[0] * math.e / 2, rel=0.01)
    assert central[0] == pytest.approx(hs[0] ** 2 * math.e / 6, rel=0.01)


def test_error_curve_is_u_shaped_with_the_minimum_near_the_optimal_step():
    hs = np.logspace(-15, -1, 57)
    for method, slope_right in (("forward", 1), ("central", 2)):
        errors = derivative_error_curve(np.exp, np.exp, 1.0, hs, method)
        best = hs[np.argmin(errors)]
        assert optimal_step(method) / 30 < best < optimal_step(method) * 30, (method, best)
        # round-off side: tiny steps are far worse than the best step
        assert errors[0] > 1e4 * errors.min()
        # and on average the error grows like 1/h there (slope about -1)
        small = hs < 1e-11
        assert fit_loglog_slope(hs[small], np.maximum(errors[small], 1e-300))[0] == pytest.approx(-1.0, abs=0.35)


def test_central_beats_forward_at_its_best():
    hs = np.logspace(-15, -1, 57)
    forward = derivative_error_curve(np.exp, np.exp, 1.0, hs, "forward")
    central = derivative_error_curve(np.exp, np.exp, 1.0, hs, "central")
    assert central.min() < forward.min() / 100


def test_optimal_steps():
    eps = np.finfo(np.float64).eps
    assert optimal_step("forward") == pytest.approx(math.sqrt(eps))
    assert optimal_step("central") == pytest.approx(eps ** (1 / 3))
    assert optimal_step("central", eps=1e-6) == pytest.approx(1e-2)


def test_loglog_slope_of_a_power_law():
    hs = np.array([1.0, 0.1, 0.01])
    assert fit_loglog_slope(hs, 5 * hs**3)[0] == pytest.approx(3.0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-2.0, 2.0), min_size=1, max_size=8),
    st.floats(-2.0, 2.0),
    st.floats(-1.0, 1.0),
)
def test_layer_chain_gradients_match_central_differences(weights, x, target):
    chain = layer_chain(weights, x, target)

    def loss(w):
        return layer_chain(w, x, target).loss

    w = np.array(weights, dtype=float)
    np.testing.assert_allclose(chain.grad_w, numerical_gradient(loss, w, 1e-6), rtol=1e-5, atol=1e-8)


def test_layer_chain_matches_autograd_and_the_explicit_product():
    weights, x, target = [0.8, -1.5, 1.2, 0.6], 0.9, 0.3
    chain = layer_chain(weights, x, target)
    ws = [Value(w) for w in weights]
    h = Value(x)
    for w in ws:
        h = (w * h).tanh()
    loss = 0.5 * (h - target) ** 2
    loss.backward()
    assert chain.loss == pytest.approx(loss.data, rel=1e-14)
    np.testing.assert_allclose(chain.grad_w, [w.grad for w in ws], rtol=1e-12)
    n = 2  # dL/dw_2 = dL/dh_4 * dh_4/dh_3 * dh_3/dh_2 * dh_2/dw_2
    product = chain.dL_dhN * chain.local[3] * chain.local[2] * chain.own[1]
    assert chain.grad_w[n - 1] == pytest.approx(product, rel=1e-14)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(TypeError, match="f must be a function"):
        forward_difference(3.0, 1.0)
    with pytest.raises(ValueError, match="h must be"):
        central_difference(np.sin, 1.0, h=0.0)
    with pytest.raises(ValueError, match="method must be one of"):
        derivative_error_curve(np.sin, np.cos, 1.0, [0.1], "backward")
    with pytest.raises(ValueError, match="step size"):
        secant_slopes(np.sin, 1.0, [0.1, -0.1])
    with pytest.raises(TypeError, match="single number"):
        forward_difference(lambda t: np.array([t, t]), 1.0)
    with pytest.raises(ValueError, match="same length"):
        fit_loglog_slope([0.1, 0.01], [1.0])
    with pytest.raises(ValueError, match="weights must not be empty"):
        layer_chain([], 1.0)
    with pytest.raises(ValueError, match="x must be finite"):
        forward_difference(np.sin, float("nan"))


def test_layer_chain_grad_h_is_the_running_product_of_local_factors():
    chain = layer_chain([0.8, -1.5, 1.2], 0.9, 0.3)
    assert chain.grad_h[3] == chain.dL_dhN
    assert chain.grad_h[0] == pytest.approx(chain.dL_dhN * np.prod(chain.local), rel=1e-14)
    # dL/dx by central differences on the input
    numeric = numerical_gradient(lambda v: layer_chain([0.8, -1.5, 1.2], float(v[0]), 0.3).loss, np.array([0.9]))
    assert chain.grad_h[0] == pytest.approx(numeric[0], rel=1e-6)


# ------------------------------------------------------- computational graphs


def test_gradient_is_zero_exactly_where_x_plus_y_is_zero():
    z, x, y = build_graph("(x + y)**2", 1.0, -1.0)
    assert z.data == 0.0 and x.grad == 0.0 and y.grad == 0.0


def test_a_variable_used_twice_collects_both_paths():
    # z = x*y + exp(x): dz/dx = y (through the product) + exp(x) (through exp)
    z, x, y = build_graph("x*y + exp(x)", 0.0, 2.0)
    assert x.grad == pytest.approx(2.0 + 1.0)
    assert y.grad == pytest.approx(0.0)
    # in (x*y + y)**2, y feeds the product and the sum: dz/dy = 2 s x + 2 s, with s = x*y + y
    z, x, y = build_graph("(x*y + y)**2", 0.5, 2.0)
    assert z.data == 9.0
    assert y.grad == pytest.approx(2 * 3.0 * 0.5 + 2 * 3.0)  # 3 through the product, 6 directly
    assert x.grad == pytest.approx(2 * 3.0 * 2.0)


@pytest.mark.parametrize("expression", list(GRAPH_EXPRESSIONS))
def test_graph_gradients_agree_three_ways(expression):
    for x, y in ((0.3, -1.2), (-0.7, 0.4)):
        numbers = graph_gradients(expression, x, y)
        assert numbers["z"] == build_graph(expression, x, y)[0].data
        for variable in ("x", "y"):
            backward = numbers[f"dz/d{variable} (backward)"]
            assert backward == pytest.approx(numbers[f"dz/d{variable} (by hand)"], rel=1e-12, abs=1e-15)
            assert backward == pytest.approx(numbers[f"dz/d{variable} (central difference)"], rel=1e-6, abs=1e-8)


def test_unknown_expression_is_refused():
    with pytest.raises(ValueError, match="unknown expression"):
        build_graph("x / y", 1.0, 2.0)
    with pytest.raises(ValueError, match="unknown expression"):
        graph_gradients("x / y", 1.0, 2.0)


def test_fit_loglog_slope_recovers_a_power_law():
    x = np.array([3.0, 30.0, 300.0, 3000.0])
    slope, intercept = fit_loglog_slope(x, 0.5 * x**1.5)
    assert slope == pytest.approx(1.5) and 10**intercept == pytest.approx(0.5)
    with pytest.raises(ValueError):
        fit_loglog_slope([1.0], [1.0])
    with pytest.raises(ValueError):
        fit_loglog_slope([1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError):
        fit_loglog_slope([1.0, 2.0], [1.0, 2.0, 3.0])


def test_the_shown_layer_chain_is_self_contained():
    # the book shows layer_chain without its argument checks: what remains must still be correct code
    from mlcourse.chapters._book.display import source_text

    shown = source_text(layer_chain, checks=False)
    compile(shown, "<shown>", "exec")
    assert "_check" not in shown and "h[0] = x" in shown
    assert len(shown.splitlines()) <= 18
