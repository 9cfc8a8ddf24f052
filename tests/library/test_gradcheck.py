"""Tests of mlcourse.gradcheck: the tools must be right, and must catch a wrong gradient."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcourse import nn
from mlcourse.gradcheck import check_gradients, numerical_gradient, relative_error
from mlcourse.losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 4), columns=st.integers(1, 4))
def test_numerical_gradient_of_known_functions(seed: int, rows: int, columns: int) -> None:
    x = np.random.default_rng(seed).normal(size=(rows, columns))
    original = x.copy()
    # d/dx sum(x^3) = 3 x^2 and d/dx sum(sin x) = cos x, by hand
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v ** 3), x), 3 * x ** 2,
                               rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(np.sin(v)), x), np.cos(x),
                               rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(x, original)  # restored


def test_numerical_gradient_of_a_product() -> None:
    x = np.array([3.0, -2.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: v[0] * v[1], x), [-2.0, 3.0], rtol=1e-9)
    assert numerical_gradient(lambda v: v[0] * v[1], x).dtype == np.float64


def test_numerical_gradient_restores_x_when_f_fails() -> None:
    x = np.array([1.0, 2.0])

    def failing(v: np.ndarray) -> float:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_needs_a_scalar_function() -> None:
    with pytest.raises(TypeError, match=r"f must return a scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="x must be a numpy array"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])


def test_relative_error_values() -> None:
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([2.0])) == pytest.approx(1 / 3)
    assert relative_error(np.array([1.0, -1.0]), np.array([-1.0, 1.0])) == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


def small_model(seed: int = 0) -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 5, seed=seed), nn.Tanh(), nn.Dropout(0.4, seed=seed),
                         nn.Linear(5, 4, bias=False, seed=seed + 1), nn.BatchNorm1d(4), nn.Sigmoid(),
                         nn.Linear(4, 3, seed=seed + 2))


def test_check_gradients_of_a_correct_model() -> None:
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    errors = check_gradients(small_model(), CrossEntropyLoss(), X, y)
    assert set(errors) == {"0.W", "0.b", "3.W", "4.gamma", "4.beta", "6.W", "6.b", "input"}
    assert max(errors.values()) < 1e-6, errors


def test_check_gradients_catches_a_wrong_backward() -> None:
    class WrongSigmoid(nn.Sigmoid):
        def backward(self, grad_out: np.ndarray) -> np.ndarray:
            return grad_out * self.out  # forgot the factor (1 - out)

    model = nn.Sequential(nn.Linear(2, 3, seed=0), WrongSigmoid(), nn.Linear(3, 1, seed=1))
    rng = np.random.default_rng(0)
    errors = check_gradients(model, MSELoss(), rng.normal(size=(4, 2)), rng.normal(size=(4, 1)))
    assert errors["0.W"] > 1e-2 and errors["input"] > 1e-2
    assert errors["2.W"] < 1e-7  # the layer after the mistake is unaffected


def test_check_gradients_leaves_the_model_as_it_was() -> None:
    model = small_model()
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)
    model(X)
    for parameter in model.parameters():
        parameter.grad = np.full_like(parameter.data, 7.0)
    before = model.state_dict()
    check_gradients(model, "cross_entropy", X, y)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[key])
    assert all((parameter.grad == 7.0).all() for parameter in model.parameters())
    assert model[2].freeze_mask is False and model.training


def test_check_gradients_in_eval_mode_and_with_logits_loss() -> None:
    model = nn.Sequential(nn.Linear(2, 4, seed=3), nn.ELU(), nn.Dropout(0.5), nn.Linear(4, 1, seed=4)).eval()
    rng = np.random.default_rng(2)
    errors = check_gradients(model, BCEWithLogitsLoss(), rng.normal(size=(5, 2)), rng.integers(0, 2, size=(5, 1)))
    assert max(errors.values()) < 1e-6

