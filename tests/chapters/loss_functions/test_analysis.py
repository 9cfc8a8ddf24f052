"""Tests of mlcourse.chapters.loss_functions.analysis against hand values, finite differences and the library's losses."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse import losses, nn, optim
from mlcourse.activations import sigmoid, softmax
from mlcourse.chapters.chain_rule.analysis import central_difference
from mlcourse.data import make_blobs, one_hot
from mlcourse.gradcheck import numerical_gradient
from mlcourse.chapters.loss_functions.analysis import (
    NegatedLoss, accuracy_and_cross_entropy_along, bernoulli_likelihood, softmax_ce_grad_by_chain_rule,
    true_class_loss,
)
from mlcourse.train import fit


def test_bce_is_the_negative_mean_log_likelihood():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, 20)
    t = rng.integers(0, 2, 20)
    assert -np.log(bernoulli_likelihood(p, t)) / 20 == pytest.approx(losses.binary_cross_entropy(p, t), rel=1e-12)
    assert bernoulli_likelihood([0.9, 0.2], [1, 0]) == pytest.approx(0.72)
    many = rng.uniform(0.2, 0.8, 2000)
    labels = rng.integers(0, 2, 2000)
    assert bernoulli_likelihood(many, labels) == 0.0  # the literal product underflows
    assert np.isfinite(losses.binary_cross_entropy(many, labels))
    with pytest.raises(ValueError, match="labels 0 and 1"):
        bernoulli_likelihood([0.5], [2])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bernoulli_likelihood([1.5], [1])


@pytest.mark.parametrize("label", [0, 1, 3])
def test_softmax_ce_gradient_is_p_minus_y(label):
    z = np.array([1.0, -2.0, 0.5, 3.0])
    by_chain = softmax_ce_grad_by_chain_rule(z, label)
    np.testing.assert_allclose(by_chain, softmax(z) - one_hot(np.array([label]), 4)[0], atol=1e-15)
    np.testing.assert_allclose(by_chain, losses.softmax_cross_entropy_grad(z[None, :], np.array([label]))[0],
                               atol=1e-15)
    numerical = numerical_gradient(lambda v: losses.softmax_cross_entropy(v[None, :], np.array([label])), z.copy())
    np.testing.assert_allclose(by_chain, numerical, atol=1e-8)
    with pytest.raises(ValueError, match="label"):
        softmax_ce_grad_by_chain_rule(z, 4)


def test_true_class_loss_hand_values_and_finite_differences():
    p = np.array([0.01, 0.3, 0.5, 0.9])
    ce, ce_z = true_class_loss(p, "cross_entropy", "logit")
    np.testing.assert_allclose(ce, -np.log(p), rtol=1e-12)
    np.testing.assert_allclose(ce_z, p - 1, rtol=1e-12)
    np.testing.assert_allclose(true_class_loss(p, "cross_entropy", "probability")[1], -1 / p, rtol=1e-12)
    se, se_z = true_class_loss(p, "squared_error", "logit")
    np.testing.assert_allclose(se, (p - 1) ** 2, rtol=1e-12)
    np.testing.assert_allclose(se_z, 2 * (p - 1) * p * (1 - p), rtol=1e-10)
    np.testing.assert_allclose(true_class_loss(p, "squared_error", "probability")[1], 2 * (p - 1), rtol=1e-12)
    for q in p:
        z = float(np.log(q / (1 - q)))
        assert central_difference(lambda v: -np.log(sigmoid(v)), z) == pytest.approx(q - 1, abs=1e-7)
        assert central_difference(lambda v: (sigmoid(v) - 1) ** 2, z) == pytest.approx(
            float(true_class_loss(np.array([q]), "squared_error")[1][0]), abs=1e-8)
    assert true_class_loss(0.5)[0].shape == ()
    with pytest.raises(ValueError, match="strictly between"):
        true_class_loss(np.array([1.0]))
    with pytest.raises(ValueError, match="wrt"):
        true_class_loss(np.array([0.5]), wrt="weight")


def test_accuracy_is_a_staircase_and_cross_entropy_is_smooth():
    X, y = make_blobs(60, centers=2, cluster_std=2.0, seed=0)
    values = np.linspace(-2, 2, 81) + 0.0123
    acc, ce = accuracy_and_cross_entropy_along(X, y, [0.5, 0.5], 0.0, 0, values)
    assert set(np.round(acc * 60).astype(int)) <= set(range(61))  # multiples of 1/60
    slopes_acc = [central_difference(lambda v: accuracy_and_cross_entropy_along(X, y, [0.5, 0.5], 0.0, 0, [v])[0][0], v)
                  for v in values]
    slopes_ce = [central_difference(lambda v: accuracy_and_cross_entropy_along(X, y, [0.5, 0.5], 0.0, 0, [v])[1][0], v)
                 for v in values]
    assert np.mean(np.array(slopes_acc) == 0) > 0.95
    assert np.all(np.array(slopes_ce) != 0)
    X1 = np.array([[-1.0], [1.0]])
    acc, ce = accuracy_and_cross_entropy_along(X1, [0, 1], [0.0], 0.0, 0, [-1.0, 1.0])
    np.testing.assert_allclose(acc, [0.0, 1.0])
    np.testing.assert_allclose(ce, [np.log1p(np.e), np.log1p(np.exp(-1))])
    with pytest.raises(ValueError, match="index"):
        accuracy_and_cross_entropy_along(X1, [0, 1], [0.0], 0.0, 1, [0.0])


def test_negated_loss_flips_value_and_gradient_and_training_goes_wrong():
    pred, target = np.array([[2.0, -1.0, 0.0]]), np.array([1])
    loss, negated = losses.CrossEntropyLoss(), NegatedLoss(losses.CrossEntropyLoss())
    assert negated(pred, target) == -loss(pred, target)
    np.testing.assert_allclose(negated.backward(), -loss.backward())
    assert negated.is_classification
    with pytest.raises(RuntimeError, match="before"):
        NegatedLoss(losses.MSELoss()).backward()
    with pytest.raises(TypeError, match="loss object"):
        NegatedLoss("mse")
    X, y = make_blobs(90, centers=3, seed=1)
    results = {}
    for name, loss_fn in (("right", losses.CrossEntropyLoss()), ("negated", NegatedLoss(losses.CrossEntropyLoss()))):
        model = nn.Linear(2, 3, seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            history = fit(model, loss_fn, optim.SGD(model.parameters(), lr=0.05), X, y, epochs=30)
        results[name] = (history.train_accuracy[-1], softmax(model(X))[np.arange(90), y].mean())
    assert results["right"][0] > 0.9 and results["right"][1] > 0.8
    assert results["negated"][0] < 0.1 and results["negated"][1] < 0.1
