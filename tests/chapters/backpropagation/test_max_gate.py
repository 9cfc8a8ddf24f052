"""max_gate and max_pool of mlcourse.chapters.backpropagation.analysis.

Oracles: central differences away from ties, the library's autograd engine
(max(x, y) = y + relu(x - y)), hand-computed windows, and PyTorch when installed.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.autograd import Value
from mlcourse.chapters.backpropagation.analysis import max_gate, max_pool
from mlcourse.chapters.chain_rule.analysis import central_difference
from mlcourse.gradcheck import numerical_gradient
from mlcourse.nn import ReLU


@pytest.mark.parametrize("x, y", [(1.3, 0.4), (0.4, 1.3), (-2.0, -5.0), (3.0, -2.0)])
def test_max_gate_matches_central_differences_away_from_ties(x, y):
    gate = max_gate(x, y, upstream=2.5)
    assert gate["z"] == max(x, y)
    assert gate["dL/dx"] == pytest.approx(2.5 * central_difference(lambda t: max(t, y), x), abs=1e-8)
    assert gate["dL/dy"] == pytest.approx(2.5 * central_difference(lambda t: max(x, t), y), abs=1e-8)
    assert {gate["dL/dx"], gate["dL/dy"]} == {0.0, 2.5}  # routed, not split


@pytest.mark.parametrize("x, y", [(1.3, 0.4), (0.4, 1.3), (0.4, 0.4), (0.0, 0.0)])
def test_max_gate_agrees_with_the_engine_built_from_relu(x, y):
    # max(x, y) = y + relu(x - y): the engine's ReLU takes the derivative 0 at 0, so a tie goes to y
    a, b = Value(x), Value(y)
    z = b + (a - b).relu()
    z.backward()
    gate = max_gate(x, y)
    assert (gate["z"], gate["dL/dx"], gate["dL/dy"]) == (z.data, a.grad, b.grad)


def test_max_gate_tie_goes_to_y_while_the_central_difference_splits():
    gate = max_gate(0.4, 0.4, upstream=3.0)
    assert (gate["dL/dx"], gate["dL/dy"]) == (0.0, 3.0)
    assert central_difference(lambda t: max(t, 0.4), 0.4) == pytest.approx(0.5)


def test_relu_layer_is_a_max_gate_with_a_constant():
    x = np.array([-1.5, -0.2, 0.0, 0.7, 2.0])
    upstream = np.array([0.3, 1.0, 0.5, 2.0, -0.4])
    relu = ReLU()
    relu(x)
    routed = relu.backward(upstream)
    expected = [max_gate(value, 0.0, g)["dL/dx"] for value, g in zip(x, upstream)]
    np.testing.assert_array_equal(routed, expected)
    numeric = numerical_gradient(lambda v: float(np.sum(upstream * np.maximum(v, 0))), x.copy())
    np.testing.assert_allclose(numeric[x != 0], routed[x != 0], atol=1e-9)
    assert numeric[2] == pytest.approx(0.5 * upstream[2])  # the kink: half of each side


def test_max_pool_by_hand():
    x = np.array([[1.0, 3.0, 2.0, 2.0], [3.0, 0.0, 2.0, 1.0], [-1.0, -2.0, 0.5, 4.0], [-3.0, -0.5, 4.0, 0.0]])
    pooled, grad = max_pool(x, 2, upstream=[[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(pooled, [[3.0, 2.0], [-0.5, 4.0]])
    # ties go to the first maximum in reading order: (0, 1) and (0, 2); then (3, 1) and (2, 3)
    expected = np.zeros((4, 4))
    expected[0, 1], expected[0, 2], expected[3, 1], expected[2, 3] = 1.0, 2.0, 3.0, 4.0
    np.testing.assert_array_equal(grad, expected)
    assert grad.sum() == 10.0  # nothing lost, nothing duplicated


def test_max_pool_matches_numerical_gradient_without_ties():
    rng = np.random.default_rng(0)
    x, upstream = rng.normal(size=(6, 9)), rng.normal(size=(2, 3))
    _, grad = max_pool(x, 3, upstream)
    numeric = numerical_gradient(lambda v: float(np.sum(upstream * max_pool(v, 3)[0])), x.copy())
    np.testing.assert_allclose(grad, numeric, atol=1e-8)
    assert np.count_nonzero(grad) == upstream.size  # one winner per window


def test_max_pool_and_relu_match_torch():
    torch = pytest.importorskip("torch")
    x = np.array([[1.0, 3.0, 2.0, 2.0], [3.0, 0.0, 2.0, 1.0]])
    upstream = np.array([[1.5, -2.0]])
    tx = torch.tensor(x[None, None], requires_grad=True)
    out = torch.nn.functional.max_pool2d(tx, 2)
    out.backward(torch.tensor(upstream[None, None]))
    pooled, grad = max_pool(x, 2, upstream)
    np.testing.assert_array_equal(pooled, out.detach().numpy()[0, 0])
    np.testing.assert_array_equal(grad, tx.grad.numpy()[0, 0])  # same tie rule: first maximum
    t = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    torch.relu(t).sum().backward()
    relu = ReLU()
    relu(np.array([-1.0, 0.0, 2.0]))
    np.testing.assert_array_equal(relu.backward(np.ones(3)), t.grad.numpy())  # 0 at exactly 0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: max_gate("a", 1.0), "x"),
        (lambda: max_gate(1.0, float("nan")), "y"),
        (lambda: max_gate(1.0, 2.0, upstream=[1.0, 2.0]), "upstream"),
        (lambda: max_pool(np.ones(4), 2), "x"),
        (lambda: max_pool(np.ones((4, 4)), 3), "size"),
        (lambda: max_pool(np.ones((4, 4)), 0), "size"),
        (lambda: max_pool(np.ones((4, 4)), 2, upstream=np.ones((3, 2))), "upstream"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()
