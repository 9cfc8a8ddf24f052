"""Chapter 6 widget: the graph's gradients are the chain rule's, at every state of the grid."""

from __future__ import annotations

import pytest

from mlcourse import chapters
from mlcourse.chapters.chain_rule.widget import EXPRESSIONS, build

WIDGET = chapters.get_widget("chain_rule")


@pytest.fixture(scope="module")
def sweep():
    results = []
    for params in WIDGET.grid():
        rendered = WIDGET.render(**params)
        assert rendered.figure.axes
        rendered.figure.clear()
        results.append((params, rendered.numbers))
    return results


def test_grid_is_small_and_covers_every_expression(sweep):
    assert len(sweep) <= 63
    assert {params["expression"] for params, _ in sweep} == set(EXPRESSIONS)


def test_backward_equals_hand_derivation_and_central_differences(sweep):
    for params, numbers in sweep:
        for variable in ("x", "y"):
            backward = numbers[f"dz/d{variable} (backward)"]
            assert backward == pytest.approx(numbers[f"dz/d{variable} (by hand)"], rel=1e-12, abs=1e-12), params
            assert backward == pytest.approx(numbers[f"dz/d{variable} (central difference)"], rel=1e-6, abs=1e-8), params


def test_square_of_sum_has_equal_partials_two_x_plus_y(sweep):
    for params, numbers in sweep:
        if params["expression"] != "(x + y)**2":
            continue
        s = params["x"] + params["y"]
        assert numbers["z"] == pytest.approx(s * s)
        assert numbers["dz/dx (backward)"] == numbers["dz/dy (backward)"] == pytest.approx(2 * s)


def test_gradient_is_zero_exactly_where_x_plus_y_is_zero():
    z, x, y = build("(x + y)**2", 1.0, -1.0)
    assert z.data == 0.0 and x.grad == 0.0 and y.grad == 0.0


def test_a_variable_used_twice_collects_both_paths():
    # z = x*y + exp(x): dz/dx = y (through the product) + exp(x) (through exp)
    z, x, y = build("x*y + exp(x)", 0.0, 2.0)
    assert x.grad == pytest.approx(2.0 + 1.0)
    assert y.grad == pytest.approx(0.0)
    # in sigmoid(x*y + y), y feeds the product and the sum: dz/dy = s'(.) (x + 1)
    z, x, y = build("sigmoid(x*y + y)", -1.0, 1.0)
    assert y.grad == pytest.approx(0.0, abs=1e-15)  # the two paths cancel when x = -1
    assert x.grad == pytest.approx(0.25)  # s'(0) * y = 1/4


def test_default_state_is_the_notes_example():
    numbers = WIDGET.render().numbers
    assert numbers["z"] == 9.0 and numbers["dz/dx (backward)"] == 6.0 and numbers["dz/dy (backward)"] == 6.0


def test_unknown_expression_is_refused():
    with pytest.raises(ValueError, match="unknown expression"):
        build("x / y", 1.0, 2.0)
