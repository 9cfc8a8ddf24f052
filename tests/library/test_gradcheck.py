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
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(np.sin(v)), x), np.cos(x), rtol=1e-7, atol=1e-9)
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
    return nn.Sequential(
        nn.Linear(3, 5, seed=seed),
        nn.Tanh(),
        nn.Dropout(0.4, seed=seed),
        nn.Linear(5, 4, bias=False, seed=seed + 1),
        nn.BatchNorm1d(4),
        nn.Sigmoid(),
        nn.Linear(4, 3, seed=seed + 2),
    )


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


# ------------------------------------------------------------- non-finite gradients (issue item 2)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_relative_error_of_a_non_finite_gradient_is_inf(bad: float) -> None:
    good = np.array([1.0, 2.0, 3.0])
    broken = good.copy()
    broken[1] = bad
    assert relative_error(broken, good) == np.inf  # before: NaN
    assert relative_error(good, broken) == np.inf
    assert relative_error(broken, broken) == np.inf  # even when both agree on the NaN/inf
    # the documented test must fail, also when the bad entry is not the first one
    errors = {"0.W": 1e-9, "0.b": relative_error(broken, good), "input": 1e-10}
    assert not max(errors.values()) < 1e-7


def test_check_gradients_reports_inf_for_a_nan_gradient() -> None:
    class NaNSigmoid(nn.Sigmoid):
        def backward(self, grad_out: np.ndarray) -> np.ndarray:
            return super().backward(grad_out) * np.nan  # a backward pass that produces NaN

    model = nn.Sequential(nn.Linear(2, 3, seed=0), NaNSigmoid(), nn.Linear(3, 1, seed=1))
    rng = np.random.default_rng(0)
    errors = check_gradients(model, MSELoss(), rng.normal(size=(4, 2)), rng.normal(size=(4, 1)))
    assert errors["0.W"] == np.inf and errors["0.b"] == np.inf and errors["input"] == np.inf
    assert errors["2.W"] < 1e-7  # the layer after the NaN is fine, and comes first in the dict ...
    assert not max(errors.values()) < 1e-7  # ... yet the check fails (before: it passed)


def test_relative_error_of_empty_arrays_is_0() -> None:
    assert relative_error(np.zeros(0), np.zeros((0,))) == 0.0  # no entry differs


def test_relative_error_of_finite_gradients_near_the_largest_float() -> None:
    big = np.finfo(np.float64).max
    with np.errstate(all="raise"):
        assert relative_error(np.array([big, big]), np.array([big, big])) == 0.0
        assert relative_error(np.array([big]), np.array([-big])) == pytest.approx(1.0)
        assert relative_error(np.array([big, 1.0]), np.array([big / 2, 1.0])) == pytest.approx(1 / 3)


def _with_nan_weight(model: nn.Sequential) -> nn.Sequential:
    model[0].W.data[0, 0] = np.nan  # in place, as a diverged update would leave it
    return model


BAD_CALLS = [
    (
        "relative_error of strings",
        lambda: relative_error(np.array(["a"]), np.ones(1)),
        TypeError,
        r"a must hold real numbers, got array of shape \(1,\) and dtype <U1",
    ),
    (
        "relative_error of None",
        lambda: relative_error(np.ones(1), None),
        TypeError,
        r"b must hold real numbers, got NoneType None",
    ),
    (
        "relative_error of a ragged list",
        lambda: relative_error([[1.0], [1.0, 2.0]], np.ones(2)),
        TypeError,
        r"a must hold real numbers, got list",
    ),
    (
        "numerical_gradient of a non-function",
        lambda: numerical_gradient(3, np.ones(2)),
        TypeError,
        r"f must be a function f\(x\) returning a scalar, got int 3",
    ),
    (
        "numerical_gradient at NaN",
        lambda: numerical_gradient(np.sum, np.array([1.0, np.nan])),
        ValueError,
        r"x must be finite, got 1 NaN/inf value\(s\)",
    ),
    (
        "numerical_gradient of an empty x",
        lambda: numerical_gradient(np.sum, np.zeros(0)),
        ValueError,
        r"x must not be empty, got shape \(0,\)",
    ),
    (
        "numerical_gradient of an integer x",
        lambda: numerical_gradient(np.sum, np.ones(2, dtype=int)),
        TypeError,
        r"x must be a float32 or float64 array, got dtype int64",
    ),
    (
        "numerical_gradient of a read-only x",
        lambda: numerical_gradient(np.sum, np.broadcast_to(1.0, (2,))),
        ValueError,
        r"x must be a writeable array \(it is perturbed in place\), got a read-only one",
    ),
    (
        "numerical_gradient with h = 0",
        lambda: numerical_gradient(np.sum, np.ones(2), h=0.0),
        ValueError,
        r"h must be a finite number > 0, got 0.0",
    ),
    (
        "numerical_gradient with h = NaN",
        lambda: numerical_gradient(np.sum, np.ones(2), h=np.nan),
        ValueError,
        r"h must be a finite number > 0, got nan",
    ),
    (
        "f returning NaN",
        lambda: numerical_gradient(lambda v: np.nan if v[0] < 1.0 else 0.0, np.array([1.0])),
        ValueError,
        r"f must return finite values, got nan at x\[0\] - h",
    ),
    (
        "f returning a string",
        lambda: numerical_gradient(lambda v: "a", np.ones(1)),
        TypeError,
        r"f must return a real number, got str 'a'",
    ),
    (
        "f returning None",
        lambda: numerical_gradient(lambda v: None, np.ones(1)),
        TypeError,
        r"f must return a real number, got NoneType None",
    ),
    (
        "check_gradients of a non-module",
        lambda: check_gradients(lambda x: x, "mse", np.ones((2, 1)), np.ones((2, 1))),
        TypeError,
        r"model must be a Module such as a Sequential, got function",
    ),
    (
        "check_gradients with a loss class",
        lambda: check_gradients(nn.Linear(1, 1), MSELoss, np.ones((2, 1)), np.ones((2, 1))),
        TypeError,
        r"got the class MSELoss: call it, losses.MSELoss\(\)",
    ),
    (
        "check_gradients with h < 0",
        lambda: check_gradients(nn.Linear(1, 1), "mse", np.ones((2, 1)), np.ones((2, 1)), h=-1e-5),
        ValueError,
        r"h must be a finite number > 0, got -1e-05",
    ),
    (
        "relative_error of booleans",
        lambda: relative_error(np.array([True]), np.ones(1)),
        TypeError,
        r"a must hold real numbers, got array of shape \(1,\) and dtype bool",
    ),
    (
        "check_gradients with an unknown loss",
        lambda: check_gradients(nn.Linear(1, 1), "hinge", np.ones((2, 1)), np.ones((2, 1))),
        ValueError,
        r"loss_fn: unknown loss 'hinge'",
    ),
    (
        "check_gradients with a loss of the wrong type",
        lambda: check_gradients(nn.Linear(1, 1), 5, np.ones((2, 1)), np.ones((2, 1))),
        TypeError,
        r"loss_fn must be a loss object",
    ),
    (
        "check_gradients with X of the wrong width",
        lambda: check_gradients(nn.Linear(2, 1), "mse", np.ones((2, 3)), np.ones((2, 1))),
        ValueError,
        r"X does not suit the model: Linear\(2, 1\) expects input of shape \(n_samples, 2\)",
    ),
    (
        "check_gradients with y shorter than X",
        lambda: check_gradients(nn.Linear(1, 1), "mse", np.ones((3, 1)), np.ones((2, 1))),
        ValueError,
        r"X and y must have the same number of samples, got 3 and 2",
    ),
    (
        "check_gradients with labels for a regression loss",
        lambda: check_gradients(nn.Linear(1, 1), "mse", np.ones((2, 1)), np.array(["a", "b"])),
        TypeError,
        r"y and the model's output do not suit loss_fn MSELoss\(\): target must hold real numbers",
    ),
    (
        "check_gradients of a model with NaN weights",
        lambda: check_gradients(
            _with_nan_weight(nn.Sequential(nn.Linear(1, 1))), "mse", np.ones((2, 1)), np.ones((2, 1))
        ),
        ValueError,
        r"model must have finite parameters, got NaN/inf in 0.W",
    ),
    (
        "check_gradients with NaN in X",
        lambda: check_gradients(nn.Linear(1, 1), "mse", np.array([[np.nan]]), np.ones((1, 1))),
        ValueError,
        r"X must be finite, got 1 NaN/inf value\(s\)",
    ),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_CALLS], ids=[case[0] for case in BAD_CALLS])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_a_refused_call_leaves_x_and_the_model_as_they_were() -> None:
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match="f must return finite values"):
        numerical_gradient(lambda v: np.nan if v[1] > 2.0 else 0.0, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    model = nn.Sequential(nn.Linear(2, 1, seed=0))
    before = model.state_dict()
    with pytest.raises(ValueError, match="y and the model's output do not suit loss_fn MSELoss.*target must be finite"):
        check_gradients(model, "mse", np.ones((2, 2)), np.array([[0.0], [np.nan]]))
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[key])


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 6),
    where=st.integers(0, 5),
    bad=st.sampled_from([np.nan, np.inf, -np.inf]),
)
def test_relative_error_is_never_nan(seed: int, size: int, where: int, bad: float) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=size), rng.normal(size=size)
    assert 0.0 <= relative_error(a, b) <= 1.0
    a[where % size] = bad
    assert relative_error(a, b) == np.inf
