"""Tests of mlcourse.losses against hand values, finite differences and naive formulas."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlcourse.activations as activations
import mlcourse.losses as losses
from mlcourse.gradcheck import numerical_gradient, relative_error

SETTINGS = settings(max_examples=25, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)


# ------------------------------------------------------------------ hand values


def test_mse_and_mae_hand_values() -> None:
    pred, target = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 2.0], [5.0, 4.0]])
    assert losses.mse(pred, target) == pytest.approx((1 + 0 + 4 + 0) / 4)  # mean over ALL elements
    assert losses.mae(pred, target) == pytest.approx((1 + 0 + 2 + 0) / 4)
    np.testing.assert_allclose(losses.mse_grad(pred, target), [[0.5, 0.0], [-1.0, 0.0]])
    np.testing.assert_allclose(losses.mae_grad(pred, target), [[0.25, 0.0], [-0.25, 0.0]])


def test_binary_cross_entropy_hand_values() -> None:
    p, t = np.array([0.8, 0.4]), np.array([1.0, 0.0])
    expected = -(math.log(0.8) + math.log(0.6)) / 2
    assert losses.binary_cross_entropy(p, t) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(losses.binary_cross_entropy_grad(p, t), [-1 / 0.8 / 2, 1 / 0.6 / 2])
    z = np.log(p / (1 - p))  # the logits of the same probabilities
    assert losses.binary_cross_entropy_with_logits(z, t) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(losses.binary_cross_entropy_with_logits_grad(z, t), (p - t) / 2)


def test_categorical_cross_entropy_hand_values() -> None:
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    labels = np.array([0, 1])
    expected = -(math.log(0.7) + math.log(0.1)) / 2  # averaged over the 2 samples
    assert losses.cross_entropy(probs, labels) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(losses.cross_entropy_grad(probs, labels), [[-1 / 0.7 / 2, 0, 0], [0, -1 / 0.1 / 2, 0]])
    logits = np.log(probs) + 3.0  # softmax(log p + c) = p
    assert losses.softmax_cross_entropy(logits, labels) == pytest.approx(expected, rel=1e-12)
    one_hot = np.eye(3)[labels]
    np.testing.assert_allclose(losses.softmax_cross_entropy_grad(logits, labels), (probs - one_hot) / 2)


def test_one_hot_and_integer_labels_agree() -> None:
    rng = np.random.default_rng(1)
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    one_hot = np.eye(4)[labels]
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    for value, grad, pred in [
        (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, logits),
        (losses.cross_entropy, losses.cross_entropy_grad, probs),
    ]:
        assert value(pred, labels) == pytest.approx(value(pred, one_hot), rel=1e-12)
        np.testing.assert_allclose(grad(pred, labels), grad(pred, one_hot), rtol=1e-12)
    # the two paths (logits vs probabilities) compute the same cross-entropy
    assert losses.softmax_cross_entropy(logits, labels) == pytest.approx(losses.cross_entropy(probs, labels), rel=1e-10)


def test_softmax_cross_entropy_grad_is_softmax_minus_one_hot_over_n() -> None:
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(size=(4, 5)), rng.integers(0, 5, size=4)
    expected = (activations.softmax(logits) - np.eye(5)[labels]) / 4
    np.testing.assert_allclose(losses.softmax_cross_entropy_grad(logits, labels), expected, rtol=1e-14, atol=1e-16)
    # and the value is the mean of -log softmax(z) at the labels
    picked = activations.softmax(logits)[np.arange(4), labels]
    assert losses.softmax_cross_entropy(logits, labels) == pytest.approx(float(np.mean(-np.log(picked))), rel=1e-14)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(7, 4), (128, 10), (1, 2), (300, 32), (64, 33), (5, 1000)])
@pytest.mark.parametrize("seed", range(3))
def test_cross_entropy_loss_object_is_the_two_functions_exactly(dtype, shape, seed) -> None:
    # The object computes the row maxima and the mean its own (faster) way; the numbers must not change.
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=5, size=shape).astype(dtype)
    labels = rng.integers(0, shape[1], size=shape[0])
    loss_fn = losses.CrossEntropyLoss()
    assert loss_fn(logits, labels) == losses.softmax_cross_entropy(logits, labels)
    np.testing.assert_array_equal(loss_fn.backward(), losses.softmax_cross_entropy_grad(logits, labels))


_F32_MAX = float(np.finfo(np.float32).max)


@pytest.mark.parametrize(
    ("logits", "labels", "usual"),
    [
        (np.zeros((3, 4)), np.array([0, 3, 2]), True),
        (np.zeros((3, 4), np.float32), np.array([0, 3, 2], np.uint8), True),
        (np.full((2, 2), 1e150), np.array([0, 1]), True),  # huge but valid: the full checks pass too
        (np.array([[np.nan, 0.0]]), np.array([0]), False),
        (np.array([[np.inf, 0.0]]), np.array([0]), False),
        (np.array([[1e200, -1e200]]), np.array([0]), False),  # a row spans beyond the largest float
        (np.array([[_F32_MAX, -_F32_MAX]], np.float32), np.array([0]), False),
        (np.zeros((3, 4)), np.array([0, 4, 2]), False),  # label out of range
        (np.zeros((3, 4)), np.array([0, -1, 2]), False),
        (np.zeros((3, 4)), np.array([0.0, 1.0, 2.0]), False),  # float labels: the full checks decide
        (np.zeros((3, 4)), np.array([True, False, True]), False),
        (np.zeros((3, 4)), np.array([0, 1]), False),  # lengths differ
        (np.zeros((3, 4)), np.array([[0], [1], [2]]), False),
        (np.zeros((3, 4)), np.eye(4)[[0, 1, 2]], False),  # one-hot rows: the full checks
        (np.zeros((0, 4)), np.zeros(0, int), False),  # empty
        (np.zeros((3, 4), np.float16), np.array([0, 1, 2]), False),
        (np.zeros((3, 4), int), np.array([0, 1, 2]), False),
        ([[0.0, 0.0]], np.array([0]), False),  # a list
        (np.zeros(4), np.array([0]), False),  # 1-D logits
    ],
)
def test_the_fast_check_of_cross_entropy_passes_only_what_the_full_checks_pass(logits, labels, usual) -> None:
    # CrossEntropyLoss skips its full checks when this fast test says the pair is the usual valid one.
    assert losses._usual_logits_and_labels(logits, labels) is usual
    if usual:
        checked = losses._as_prediction(logits, "logits")
        losses._as_class_target(labels, checked, "logits")  # does not raise
    else:  # the loss then refuses the pair, or accepts it through its full checks
        try:
            value = losses.CrossEntropyLoss()(logits, labels)
        except (ValueError, TypeError):
            return
        assert math.isfinite(value)


def test_soft_targets_are_accepted() -> None:
    logits = np.array([[0.0, 0.0]])
    assert losses.softmax_cross_entropy(logits, np.array([[0.3, 0.7]])) == pytest.approx(math.log(2))


# -------------------------------------------------------- gradient checks


def _regression_case(seed: int, rows: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pred, target = rng.normal(size=(rows, columns)), rng.normal(size=(rows, columns))
    # MAE has a kink where pred == target: keep the residuals away from 0
    target = np.where(np.abs(pred - target) < 1e-3, target + 0.01, target)
    return pred, target


def _binary_case(seed: int, rows: int, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    prob = rng.uniform(0.05, 0.95, size=(rows, columns))
    return prob, rng.uniform(0, 1, size=(rows, columns)), rng.normal(scale=3, size=(rows, columns))


def _class_case(seed: int, rows: int, classes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=2, size=(rows, classes))
    probs = rng.uniform(0.05, 1, size=(rows, classes))
    return logits, probs / probs.sum(axis=1, keepdims=True), rng.integers(0, classes, size=rows)


def _assert_gradient(value, grad, pred: np.ndarray, target: np.ndarray) -> None:
    numerical = numerical_gradient(lambda p: value(p, target), pred.copy(), h=1e-6)
    assert relative_error(grad(pred, target), numerical) < 1e-6


@SETTINGS
@given(seed=SEEDS, rows=st.integers(1, 6), columns=st.integers(1, 4))
def test_regression_gradients_match_finite_differences(seed: int, rows: int, columns: int) -> None:
    pred, target = _regression_case(seed, rows, columns)
    _assert_gradient(losses.mse, losses.mse_grad, pred, target)
    _assert_gradient(losses.mae, losses.mae_grad, pred, target)


@SETTINGS
@given(seed=SEEDS, rows=st.integers(1, 6), columns=st.integers(1, 3))
def test_binary_gradients_match_finite_differences(seed: int, rows: int, columns: int) -> None:
    prob, target, logits = _binary_case(seed, rows, columns)
    _assert_gradient(losses.binary_cross_entropy, losses.binary_cross_entropy_grad, prob, target)
    _assert_gradient(
        losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad, logits, target
    )


@SETTINGS
@given(seed=SEEDS, rows=st.integers(1, 6), classes=st.integers(2, 6), one_hot=st.booleans())
def test_categorical_gradients_match_finite_differences(seed: int, rows: int, classes: int, one_hot: bool) -> None:
    logits, probs, labels = _class_case(seed, rows, classes)
    target = np.eye(classes)[labels] if one_hot else labels
    _assert_gradient(losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, logits, target)
    _assert_gradient(losses.cross_entropy, losses.cross_entropy_grad, probs, target)


# ------------------------------------------------------------- loss objects

LOSS_CASES = {
    "mse": (losses.MSELoss, losses.mse, losses.mse_grad, False),
    "mae": (losses.MAELoss, losses.mae, losses.mae_grad, False),
    "bce": (losses.BCELoss, losses.binary_cross_entropy, losses.binary_cross_entropy_grad, True),
    "bce_logits": (
        losses.BCEWithLogitsLoss,
        losses.binary_cross_entropy_with_logits,
        losses.binary_cross_entropy_with_logits_grad,
        True,
    ),
    "cross_entropy": (losses.CrossEntropyLoss, losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, True),
    "categorical_cross_entropy": (
        losses.CategoricalCrossEntropyLoss,
        losses.cross_entropy,
        losses.cross_entropy_grad,
        True,
    ),
}


def _inputs_for(name: str, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    if name in ("mse", "mae"):
        return rng.normal(size=(6, 2)).astype(dtype), rng.normal(size=(6, 2))
    if name == "bce":
        return rng.uniform(0.1, 0.9, size=(6, 1)).astype(dtype), rng.integers(0, 2, size=(6, 1))
    if name == "bce_logits":
        return rng.normal(size=(6, 1)).astype(dtype), rng.integers(0, 2, size=(6, 1))
    labels = rng.integers(0, 3, size=6)
    if name == "cross_entropy":
        return rng.normal(size=(6, 3)).astype(dtype), labels
    probs = rng.uniform(0.1, 1, size=(6, 3))
    return (probs / probs.sum(axis=1, keepdims=True)).astype(dtype), labels


@pytest.mark.parametrize("name", sorted(LOSS_CASES))
def test_loss_objects_match_the_functions(name: str) -> None:
    cls, value, grad, is_classification = LOSS_CASES[name]
    pred, target = _inputs_for(name)
    loss_fn = losses.get_loss(name)
    assert type(loss_fn) is cls and loss_fn.is_classification is is_classification
    result = loss_fn(pred, target)
    assert type(result) is float and result == pytest.approx(value(pred, target), rel=1e-12)
    gradient = loss_fn.backward()
    assert gradient.shape == pred.shape and gradient.dtype == pred.dtype
    np.testing.assert_allclose(gradient, grad(pred, target), rtol=1e-12)


@pytest.mark.parametrize("name", sorted(LOSS_CASES))
def test_float32_in_float32_out(name: str) -> None:
    pred, target = _inputs_for(name, np.float32)
    _, value, grad, _ = LOSS_CASES[name]
    loss_fn = losses.get_loss(name)
    loss32 = loss_fn(pred, target)
    assert loss_fn.backward().dtype == np.float32
    assert grad(pred, target).dtype == np.float32
    assert loss32 == pytest.approx(value(pred.astype(np.float64), target), rel=1e-5)


@pytest.mark.parametrize("name", sorted(LOSS_CASES))
def test_backward_before_call_is_an_error(name: str) -> None:
    with pytest.raises(RuntimeError, match=r"backward\(\) called before the loss was computed"):
        losses.get_loss(name).backward()


def test_target_of_shape_n_is_accepted_for_a_column_prediction() -> None:
    pred = np.array([[0.5], [2.0]])
    assert losses.mse(pred, np.array([0.0, 1.0])) == pytest.approx((0.25 + 1.0) / 2)
    loss_fn = losses.BCEWithLogitsLoss()
    loss_fn(pred, np.array([1, 0]))
    assert loss_fn.backward().shape == (2, 1)


def test_bce_with_logits_equals_bce_of_the_sigmoid() -> None:
    z = np.linspace(-6, 6, 13)
    t = (np.arange(13) % 2).astype(float)
    p = 1 / (1 + np.exp(-z))
    assert losses.binary_cross_entropy_with_logits(z, t) == pytest.approx(losses.binary_cross_entropy(p, t), rel=1e-10)


# ---------------------------------------------------------------- stability


def test_extreme_logits_are_finite_and_exact_without_warnings() -> None:
    with np.errstate(all="raise"):
        assert losses.softmax_cross_entropy(np.array([[1e4, -1e4]]), np.array([1])) == 2e4
        assert losses.softmax_cross_entropy(np.array([[1e4, -1e4]]), np.array([0])) == 0.0
        np.testing.assert_array_equal(
            losses.softmax_cross_entropy_grad(np.array([[1e4, -1e4]]), np.array([1])), [[1.0, -1.0]]
        )
        assert losses.binary_cross_entropy_with_logits(np.array([1e4, -1e4]), np.array([0, 1])) == 1e4
        np.testing.assert_array_equal(
            losses.binary_cross_entropy_with_logits_grad(np.array([1e4, -1e4]), np.array([0, 1])), [0.5, -0.5]
        )
        for dtype in (np.float32, np.float64):
            logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 3.0]], dtype=dtype)
            loss_fn = losses.CrossEntropyLoss()
            assert np.isfinite(loss_fn(logits, np.array([2, 0])))
            assert np.all(np.isfinite(loss_fn.backward()))
            loss_fn = losses.BCEWithLogitsLoss()
            assert np.isfinite(loss_fn(logits, np.ones_like(logits)))
            assert np.all(np.isfinite(loss_fn.backward()))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_probabilities_of_exactly_0_and_1_are_clipped(dtype) -> None:
    eps = losses.probability_clip(dtype)
    assert 1 - dtype(eps) < 1  # the clip keeps 1 - eps representable
    prob = np.array([0.0, 1.0], dtype=dtype)
    with np.errstate(all="raise"):
        value = losses.binary_cross_entropy(prob, np.array([1, 0]))
        gradient = losses.binary_cross_entropy_grad(prob, np.array([1, 0]))
        ce = losses.cross_entropy(np.array([[0.0, 1.0]], dtype=dtype), np.array([0]))
    # in float32, 1 - 1e-7 rounds to 1 - 2**-23, hence the looser tolerance
    assert value == pytest.approx(-math.log(eps), rel=1e-2)
    assert ce == pytest.approx(-math.log(eps), rel=1e-3)
    assert np.all(np.isfinite(gradient))


def test_registry_names() -> None:
    assert set(losses.LOSSES) == {"mse", "mae", "bce", "bce_logits", "cross_entropy", "categorical_cross_entropy"}
    assert isinstance(losses.get_loss("MSE"), losses.MSELoss)
    assert losses.get_loss("mse") is not losses.get_loss("mse")  # fresh objects


def test_as_loss_takes_objects_and_names_and_refuses_classes_and_junk():
    mse_loss = losses.MSELoss()
    assert losses.as_loss(mse_loss) is mse_loss
    assert isinstance(losses.as_loss("cross_entropy"), losses.CrossEntropyLoss)
    with pytest.raises(TypeError, match=r"got the class MSELoss: call it, losses.MSELoss\(\)"):
        losses.as_loss(losses.MSELoss)
    with pytest.raises(TypeError, match="loss must be a loss object .* or its name, got int"):
        losses.as_loss(3)
    with pytest.raises(ValueError, match="unknown loss 'msee'"):
        losses.as_loss("msee")


def test_fit_refuses_a_loss_class_with_a_clear_message():
    from mlcourse import nn, optim
    from mlcourse.train import fit

    model = nn.Linear(1, 1, seed=0)
    with pytest.raises(TypeError, match="call it"):
        fit(model, losses.MSELoss, optim.SGD(model.parameters(), lr=0.1), np.ones((2, 1)), np.ones((2, 1)), epochs=1)


# ------------------------------------------------------------ bad input (issue: refuse, never a number)


def _valid_case(name: str, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Valid (pred, target) for each function pair of LOSS_CASES, by loss name."""
    return _inputs_for(name, dtype)


#: The argument name each loss uses for its prediction, as the error messages say it.
PRED_NAMES = {
    "mse": "pred",
    "mae": "pred",
    "bce": "prob",
    "bce_logits": "logits",
    "cross_entropy": "logits",
    "categorical_cross_entropy": "probs",
}


def _every_form(name: str):
    """The value function, the gradient function and a loss object's call, for one loss."""
    _, value, grad, _ = LOSS_CASES[name]
    return [value, grad, lambda pred, target: losses.get_loss(name)(pred, target)]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", sorted(LOSS_CASES))
def test_non_finite_predictions_are_refused_by_every_loss(name: str, bad: float) -> None:
    # before: the loss was NaN/inf (or a number) without an error
    pred, target = _valid_case(name)
    pred[0, 0] = bad
    for form in _every_form(name):
        with pytest.raises(ValueError, match=rf"^{PRED_NAMES[name]} must be finite, got 1 NaN/inf value\(s\)"):
            form(pred, target)


@pytest.mark.parametrize("name", sorted(LOSS_CASES))
def test_non_finite_targets_are_refused_by_every_loss(name: str) -> None:
    pred, target = _valid_case(name)
    target = target.astype(float)
    target[0] = np.nan
    for form in _every_form(name):
        with pytest.raises(ValueError, match="target must be"):
            form(pred, target)


@pytest.mark.parametrize("prob, low, high", [([1.5, 0.5], "0.5", "1.5"), ([-0.1, 0.9], "-0.1", "0.9")])
def test_binary_cross_entropy_refuses_impossible_probabilities(prob, low, high) -> None:
    # before: p = 1.5 gave 0.112 and p = -0.1 gave 0.347
    message = rf"^prob must hold probabilities in \[0, 1\], got values from {low} to {high} .*BCEWithLogitsLoss"
    for form in _every_form("bce"):
        with pytest.raises(ValueError, match=message):
            form(np.array(prob), np.array([1, 0]))


@pytest.mark.parametrize(
    "probs, message",
    [
        ([[-0.1, 0.6, 0.5]], r"probs must hold probabilities in \[0, 1\], got values from -0.1 to 0.6"),
        ([[1.0, 1.0, 1.0]], r"each row of probs must sum to 1 .*got row sums from 3 to 3"),
        ([[0.2, 0.2, 0.2]], r"each row of probs must sum to 1 .*got row sums from 0.6 to 0.6"),
        (
            [[0.2, 0.3, 0.5], [0.5, 0.5, 0.5]],
            r"got row sums from 1 to 1.5 \(for scores \(logits\), use softmax_cross_entropy",
        ),
    ],
)
def test_categorical_cross_entropy_refuses_impossible_probabilities(probs, message) -> None:
    # before: a negative entry gave 13.8 and rows summing to 3 gave -0.0
    probs = np.array(probs)
    for target in (np.zeros(len(probs), dtype=int), np.eye(3)[np.zeros(len(probs), dtype=int)]):
        for form in _every_form("categorical_cross_entropy"):
            with pytest.raises(ValueError, match=message):
                form(probs, target)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_outputs_pass_the_row_sum_check(dtype) -> None:
    logits = np.random.default_rng(5).normal(scale=10, size=(64, 1000)).astype(dtype)
    probs = activations.softmax(logits)
    assert np.abs(probs.sum(axis=1) - 1).max() > 0  # not exactly 1 in floating point ...
    labels = np.zeros(64, dtype=int)
    with np.errstate(all="raise"):
        assert np.isfinite(losses.cross_entropy(probs, labels))  # ... and accepted
        assert losses.cross_entropy_grad(probs, labels).dtype == dtype
    # within the tolerance, not only for softmax outputs
    nearly = np.array([[0.3, 0.7 + 0.5 * losses.ROW_SUM_TOLERANCE]])
    assert np.isfinite(losses.cross_entropy(nearly, np.array([1])))


@pytest.mark.parametrize(
    "labels, error, message",
    [
        ([np.inf, 0.0, 1.0], ValueError, r"target must be integer class labels, got 1 NaN/inf value\(s\)"),
        ([np.nan, 0.0, 1.0], ValueError, r"target must be integer class labels, got 1 NaN/inf value\(s\)"),
        ([1e20, 0.0, 1.0], ValueError, r"target must lie in \[0, 2\], got values from 0.0 to 1e\+20"),
        ([2.5, 0.0, 1.0], ValueError, r"target must be integer class labels, .* non-integer values such as 2.5"),
        ([-1.0, 0.0, 1.0], ValueError, r"target must lie in \[0, 2\], got values from -1.0 to 1.0"),
        ([3.0, 0.0, 1.0], ValueError, r"target must lie in \[0, 2\], got values from 0.0 to 3.0"),
        ([3, 0, 1], ValueError, r"target must lie in \[0, 2\], got values from 0 to 3"),
    ],
)
def test_float_labels_of_the_cross_entropies_are_checked(labels, error, message) -> None:
    # before: inf and 1e20 gave "invalid value encountered in cast" (and a wrong label)
    logits = np.zeros((3, 3))
    probs = np.full((3, 3), 1 / 3)
    with np.errstate(all="raise"):
        for name, pred in (("cross_entropy", logits), ("categorical_cross_entropy", probs)):
            for form in _every_form(name):
                with pytest.raises(error, match=message):
                    form(pred, np.array(labels))


def test_fractional_labels_are_both_a_value_and_a_type_error() -> None:
    # a ValueError as the issue asks, and still the TypeError that callers caught before
    with pytest.raises(ValueError):
        losses.softmax_cross_entropy(np.zeros((2, 2)), np.array([0.5, 1.0]))
    with pytest.raises(TypeError):
        losses.softmax_cross_entropy(np.zeros((2, 2)), np.array([0.5, 1.0]))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: losses.mse(np.zeros(2), [[1.0], [2.0, 3.0]]), TypeError, r"target must hold real numbers, got list"),
        (lambda: losses.mse(np.zeros(2), None), TypeError, r"target must hold real numbers, got NoneType None"),
        (lambda: losses.mse(None, np.zeros(2)), TypeError, r"pred must hold real numbers, got NoneType None"),
        (
            lambda: losses.mse(np.zeros(2, np.float32), np.array([1e300, 0.0])),
            ValueError,
            r"target must fit in the dtype of pred \(float32\), got values from 0 to 1e\+300",
        ),
        (lambda: losses.mse(np.zeros(2), np.array([1 + 1j, 0])), TypeError, r"target must hold real numbers"),
        (
            lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([[0.5, np.nan, 0.5], [0, 1, 0]])),
            ValueError,
            r"one-hot target must be finite, got NaN/inf in target of shape \(2, 3\)",
        ),
        (
            lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([[2.0, 0, 0], [0, 1, 0]])),
            ValueError,
            r"one-hot target must hold values in \[0, 1\], got values from 0 to 2",
        ),
        (
            lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([[1], [0]])),
            ValueError,
            r"got shape \(2, 1\) \(for integer labels pass a 1-D array: target.ravel\(\)\)",
        ),
        (
            lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [[0], [1, 2]]),
            TypeError,
            r"target must hold real numbers, got list",
        ),
        (
            lambda: losses.binary_cross_entropy_with_logits(np.zeros((0, 1)), np.zeros((0, 1))),
            ValueError,
            r"logits must not be empty, got shape \(0, 1\)",
        ),
        (
            lambda: losses.cross_entropy(np.array([[0.5, 0.5]], dtype=np.float16), np.array([0])),
            TypeError,
            r"probs must be a float32 or float64 array, got dtype float16",
        ),
        (
            lambda: losses.softmax_cross_entropy(np.zeros(3), np.array([0])),
            ValueError,
            r"^logits must have shape \(n_samples, n_classes\), got shape \(3,\)",
        ),
        (
            lambda: losses.CategoricalCrossEntropyLoss()(np.full((4, 3), 1 / 3), np.array([0, 1, 2])),
            ValueError,
            r"^probs and target must have the same number of samples, got 4 and 3",
        ),
        (
            lambda: losses.BCELoss()(np.full(3, 0.5), np.array([0, 1, 1, 0])),
            ValueError,
            r"^prob and target must have the same shape, got prob \(3,\) and target \(4,\)",
        ),
        (lambda: losses.get_loss(5), TypeError, r"name must be a loss name \(str\) such as 'mse', got int 5"),
        (lambda: losses.get_loss(None), TypeError, r"name must be a loss name \(str\)"),
        (lambda: losses.probability_clip(np.int64), TypeError, r"dtype must be float32 or float64, got int64"),
        (lambda: losses.probability_clip("bogus"), TypeError, r"dtype must be float32 or float64, got str 'bogus'"),
    ],
)
def test_other_bad_inputs_name_the_argument(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_probabilities_of_exactly_0_and_1_stay_valid_everywhere(dtype) -> None:
    probs = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=dtype)
    with np.errstate(all="raise"):
        for form in _every_form("categorical_cross_entropy"):
            assert np.all(np.isfinite(form(probs, np.array([1, 2]))))
        for form in _every_form("bce"):
            assert np.all(np.isfinite(form(probs[0], np.array([1, 0, 1]))))


@settings(max_examples=40, deadline=None)
@given(
    seed=SEEDS,
    rows=st.integers(1, 5),
    classes=st.integers(2, 5),
    scale=st.sampled_from([1.0, 1e2, 1e4]),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_extreme_logits_give_finite_losses_and_gradients_without_warnings(seed, rows, classes, scale, dtype) -> None:
    rng = np.random.default_rng(seed)
    logits = (rng.uniform(-1, 1, size=(rows, classes)) * scale).astype(dtype)
    logits[0, 0] = scale  # the extremes themselves: 1e4 and -1e4
    logits[-1, -1] = -scale
    labels = rng.integers(0, classes, size=rows)
    binary = rng.integers(0, 2, size=(rows, classes))
    # every warning an error, except underflow (ignored by numpy's defaults): a gradient
    # entry such as sigmoid(-100) / n may round to a subnormal float32
    with np.errstate(all="raise", under="ignore"):
        for value, grad, target in [
            (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, labels),
            (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, np.eye(classes)[labels]),
            (losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad, binary),
        ]:
            assert math.isfinite(value(logits, target))
            gradient = grad(logits, target)
            assert gradient.dtype == dtype and np.all(np.isfinite(gradient))


@settings(max_examples=40, deadline=None)
@given(
    seed=SEEDS, rows=st.integers(1, 5), classes=st.integers(2, 5), shift=st.floats(0.01, 10.0), negative=st.booleans()
)
def test_any_probability_outside_0_1_is_refused(seed, rows, classes, shift, negative) -> None:
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.ones(classes), size=rows)
    row, column = rng.integers(rows), rng.integers(classes)
    probs[row, column] = -shift if negative else 1 + shift
    labels = rng.integers(0, classes, size=rows)
    for form in _every_form("categorical_cross_entropy"):
        with pytest.raises(ValueError, match="probs must hold probabilities in"):
            form(probs, labels)
    for form in _every_form("bce"):
        with pytest.raises(ValueError, match="prob must hold probabilities in"):
            form(probs, (probs > 0.5).astype(float))


# ---------------------------------------------------- the cached CrossEntropyLoss


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("one_hot", [False, True])
@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4, 1e200])
def test_cross_entropy_loss_object_is_bit_for_bit_the_two_functions(dtype, one_hot, scale) -> None:
    # the object keeps the exponentials of its forward pass for backward(): the same numbers, once
    if dtype == np.float32 and scale > 1e30:
        scale = 1e30
    rng = np.random.default_rng(8)
    logits = (rng.normal(size=(33, 7)) * scale).astype(dtype)
    target = rng.integers(0, 7, size=33)
    if one_hot:
        target = rng.dirichlet(np.ones(7), size=33)
    loss_fn = losses.CrossEntropyLoss()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = loss_fn(logits, target)
        first, second = loss_fn.backward(), loss_fn.backward()
    assert value == losses.softmax_cross_entropy(logits, target)
    expected = losses.softmax_cross_entropy_grad(logits, target)
    assert first.dtype == dtype and first.tobytes() == expected.tobytes()
    assert second is not first and second.tobytes() == expected.tobytes()  # a fresh array each time
    logits[...] = 0  # the cache is the forward's: a later change of the logits does not matter
    assert loss_fn.backward().tobytes() == expected.tobytes()


# ----------------------------------------------------------- extreme values: 1e200 and beyond


def _quietly(call):
    """``call()`` with every warning an error: its result, or the exception it raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - returned for the test to judge
            return error


@pytest.mark.parametrize("dtype, big", [(np.float64, 1e200), (np.float32, 1e30)])
def test_mse_of_residuals_whose_squares_overflow_is_a_clear_error_in_every_form(dtype, big) -> None:
    # before: inf with a RuntimeWarning (overflow encountered in multiply)
    pred, target = np.array([big, 0.0], dtype=dtype), np.zeros(2, dtype=dtype)
    for form in (losses.mse, lambda p, t: losses.MSELoss()(p, t)):
        error = _quietly(lambda: form(pred, target))
        assert isinstance(error, losses.LossOverflowError) and isinstance(error, ValueError)
        assert f"exceeds the largest {np.dtype(dtype).name}" in str(error)
        assert f"the largest |pred - target| is {big:.3g}" in str(error)
    # the gradient 2 (pred - target) / n is finite: returned, without a warning
    grad = _quietly(lambda: losses.mse_grad(pred, target))
    np.testing.assert_array_equal(grad, np.array([big, 0.0], dtype=dtype))


def test_mse_near_the_overflow_is_exact_and_beyond_it_refused() -> None:
    assert _quietly(lambda: losses.mse([1e150, 0.0], [0.0, 0.0])) == pytest.approx(5e299, rel=1e-12)
    assert isinstance(_quietly(lambda: losses.mse([1e155, 0.0], [0.0, 0.0])), losses.LossOverflowError)
    # residuals beyond the largest float (opposite signs near 1e308): refused, not inf
    error = _quietly(lambda: losses.mse([1.5e308], [-1.5e308]))
    assert isinstance(error, losses.LossOverflowError) and "is beyond the largest float64" in str(error)


def test_mse_gradient_of_residuals_beyond_the_largest_float() -> None:
    # 2 * 3e308 / 4 = 1.5e308 fits: computed halved; 2 * 3e308 / 2 does not: refused
    grad = _quietly(lambda: losses.mse_grad(np.array([1.5e308, 0, 0, 0]), np.array([-1.5e308, 0, 0, 0])))
    np.testing.assert_allclose(grad, [1.5e308, 0, 0, 0], rtol=1e-15)
    error = _quietly(lambda: losses.mse_grad(np.array([1.5e308, 0]), np.array([-1.5e308, 0])))
    assert isinstance(error, losses.LossOverflowError) and "gradient of the mean squared error" in str(error)


@pytest.mark.parametrize(
    "pred, target, expected",
    [
        ([1e200, 0.0], [0.0, 0.0], 5e199),
        ([1.5e308, 0.0], [-1.5e308, 0.0], 1.5e308),  # |pred - target| overflows, the mean does not
        ([1e308, 1e308], [0.0, 0.0], 1e308),  # the sum overflows, the mean does not
    ],
)
def test_mae_of_huge_residuals_is_finite_and_exact_in_every_form(pred, target, expected) -> None:
    pred, target = np.array(pred), np.array(target)
    assert _quietly(lambda: losses.mae(pred, target)) == pytest.approx(expected, rel=1e-15)
    loss_fn = losses.MAELoss()
    assert _quietly(lambda: loss_fn(pred, target)) == pytest.approx(expected, rel=1e-15)
    expected_grad = np.sign(pred / 2 - target / 2) / pred.size  # (halves: no overflow in the reference)
    np.testing.assert_array_equal(_quietly(loss_fn.backward), expected_grad)
    np.testing.assert_array_equal(_quietly(lambda: losses.mae_grad(pred, target)), expected_grad)


def test_mae_whose_mean_exceeds_the_largest_float_is_refused() -> None:
    error = _quietly(lambda: losses.mae([1.5e308], [-1.5e308]))
    assert isinstance(error, losses.LossOverflowError) and "the mean absolute error overflows" in str(error)


def test_bce_with_logits_near_the_largest_float_is_finite() -> None:
    logits, target = np.array([1.5e308, -1.5e308, 1e308]), np.array([0.0, 1.0, 0.5])
    # softplus(z) - t z: 1.5e308, 1.5e308 and 0.5e308
    expected = 3.5 / 3 * 1e308
    assert _quietly(lambda: losses.binary_cross_entropy_with_logits(logits, target)) == pytest.approx(expected)
    loss_fn = losses.BCEWithLogitsLoss()
    assert _quietly(lambda: loss_fn(logits, target)) == pytest.approx(expected, rel=1e-15)
    np.testing.assert_array_equal(_quietly(loss_fn.backward), np.array([1.0, -1.0, 0.5]) / 3)


def test_softmax_cross_entropy_of_logits_1e200_is_finite_and_exact() -> None:
    logits = np.array([[1e200, -1e200], [0.0, 1e200]])
    value = _quietly(lambda: losses.softmax_cross_entropy(logits, np.array([1, 1])))
    assert value == pytest.approx(1e200, rel=1e-15)  # (2e200 + 0) / 2
    grad = _quietly(lambda: losses.softmax_cross_entropy_grad(logits, np.array([[0.5, 0.5], [1.0, 0.0]])))
    np.testing.assert_array_equal(grad, np.array([[0.25, -0.25], [-0.5, 0.5]]))  # (softmax - t) / 2


@pytest.mark.parametrize("target", [np.array([0]), np.array([1]), np.array([[1.0, 0.0]])])
def test_logits_spanning_more_than_the_largest_float_are_refused_in_every_form(target) -> None:
    # before: 0 * inf = NaN for a one-hot target, inf otherwise, with warnings
    logits = np.array([[1e308, -1e308]])
    for form in _every_form("cross_entropy"):
        error = _quietly(lambda: form(logits, target))
        assert isinstance(error, losses.LossOverflowError), error
        assert "logits of a sample span more than the largest float64 (from -1e+308 to 1e+308)" in str(error)


@pytest.mark.parametrize("name", sorted(LOSS_CASES))
@pytest.mark.parametrize("scale", [1e200, 1e300, 1.7e308])
def test_every_loss_at_extreme_scales_is_finite_without_warning_or_a_clear_overflow_error(name, scale) -> None:
    # the audit: values of 1e200 (and up to the largest float) wherever the loss takes them
    pred, target = _valid_case(name)
    if name in ("mse", "mae"):
        pred, target = pred / np.abs(pred).max() * scale, target / np.abs(target).max() * (scale / 2)
    elif name in ("bce_logits", "cross_entropy"):
        pred = pred / np.abs(pred).max() * scale  # logits; probabilities cannot be large
    for form in _every_form(name):
        result = _quietly(lambda: form(pred, target))
        if isinstance(result, Exception):
            assert isinstance(result, losses.LossOverflowError), f"{name}: {result!r}"
            assert "overflow" in str(result)
        else:
            assert np.all(np.isfinite(result)), f"{name}: {result}"


def test_a_numpy_matrix_of_predictions_is_read_as_an_array() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # np.matrix itself warns when made
        predictions = np.matrix([[1.0, 2.0]])
    assert losses.mse(predictions, np.array([[1.0, 3.0]])) == 0.5


def test_float16_labels_are_checked_without_a_warning() -> None:
    logits = np.zeros((2, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert losses.softmax_cross_entropy(logits, np.array([0, 2], np.float16)) == pytest.approx(math.log(3))


def test_a_one_hot_target_beyond_float32_is_refused_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"one-hot target must hold values in \[0, 1\]"):
            losses.CrossEntropyLoss()(np.zeros((1, 2), np.float32), np.array([[1e300, 0.0]]))


def test_cross_entropy_backward_after_a_refused_call_does_not_return_the_previous_gradient() -> None:
    loss_fn = losses.CrossEntropyLoss()
    loss_fn(np.zeros((1, 2)), np.array([0]))
    with pytest.raises(ValueError):
        loss_fn(np.array([[np.nan, 0.0]]), np.array([0]))
    with pytest.raises(RuntimeError, match="before the loss was computed"):
        loss_fn.backward()
