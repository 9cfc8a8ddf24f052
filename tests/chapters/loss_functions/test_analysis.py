"""Tests of mlcourse.chapters.loss_functions.analysis.

Oracles: hand values, finite differences, the library's losses, independent
closed forms (the least-squares line from covariances, the L1 line as a
minimum over a grid) and the convexity of the MAE.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse import losses, nn, optim
from mlcourse.activations import sigmoid, softmax
from mlcourse.chapters.chain_rule.analysis import central_difference
from mlcourse.chapters.loss_functions.analysis import (
    OUTLIER_COUNTS,
    OUTLIER_SIZES,
    NegatedLoss,
    accuracy_and_cross_entropy_along,
    bernoulli_likelihood,
    exact_line,
    fit_line,
    lad_line,
    line_loss,
    outlier_data,
    outlier_fits,
    outliers_share_of_pull,
    softmax_ce_grad_by_chain_rule,
    true_class_loss,
)
from mlcourse.data import make_blobs, make_noisy_line, one_hot
from mlcourse.gradcheck import numerical_gradient
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
    np.testing.assert_allclose(
        by_chain, losses.softmax_cross_entropy_grad(z[None, :], np.array([label]))[0], atol=1e-15
    )
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
            float(true_class_loss(np.array([q]), "squared_error")[1][0]), abs=1e-8
        )
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
    slopes_acc = [
        central_difference(lambda v: accuracy_and_cross_entropy_along(X, y, [0.5, 0.5], 0.0, 0, [v])[0][0], v)
        for v in values
    ]
    slopes_ce = [
        central_difference(lambda v: accuracy_and_cross_entropy_along(X, y, [0.5, 0.5], 0.0, 0, [v])[1][0], v)
        for v in values
    ]
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


# ------------------------------------------------------ lines under L2 and L1


def _mae(x, y, slope, intercept):
    return float(np.mean(np.abs(slope * x + intercept - y)))


@pytest.mark.parametrize("seed", range(5))
def test_lad_line_is_a_minimum_of_the_mae(seed):
    X, y = make_noisy_line(25, noise=2.0, n_outliers=seed, outlier_size=10.0, seed=seed)
    slope, intercept = lad_line(X, y)
    best = _mae(X[:, 0], y, slope, intercept)
    # convex function: no small step in any direction goes lower (a local minimum is the global one)
    for ds in (-1e-3, 0.0, 1e-3):
        for db in (-1e-3, 0.0, 1e-3):
            assert _mae(X[:, 0], y, slope + ds, intercept + db) >= best - 1e-12
    # and a dense grid of lines never does better
    slopes, intercepts = np.meshgrid(
        np.linspace(slope - 1, slope + 1, 81), np.linspace(intercept - 2, intercept + 2, 81)
    )
    grid = np.abs(slopes[..., None] * X[:, 0] + intercepts[..., None] - y).mean(axis=-1)
    assert grid.min() >= best - 1e-12


def test_lad_intercept_is_a_median_of_the_residuals():
    # subgradient condition in b: as many residuals above as below, up to the ones that are exactly zero
    X, y = make_noisy_line(31, n_outliers=4, outlier_size=20.0, seed=3)
    slope, intercept = lad_line(X, y)
    r = y - slope * X[:, 0] - intercept
    zero = np.isclose(r, 0, atol=1e-9)
    assert abs(int(np.sum(r[~zero] > 0)) - int(np.sum(r[~zero] < 0))) <= int(zero.sum())
    assert zero.sum() >= 2  # the line passes through two data points


def test_lad_hand_values_and_shift():
    assert lad_line([[0.0], [1.0], [2.0]], [0.0, 10.0, 2.0]) == (1.0, 0.0)
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    assert exact_line(X, np.array([0.0, 1.0, 2.0, 30.0]), "mae") == (1.0, 0.0)
    slope, intercept = lad_line(X, np.array([0.0, 1.0, 2.0, 30.0]) + 5.0)
    assert (slope, intercept) == pytest.approx((1.0, 5.0))


def test_exact_mse_line_is_the_least_squares_line():
    X, y = make_noisy_line(40, n_outliers=3, seed=1)
    x = X[:, 0]
    slope = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)  # cov(x, y) / var(x)
    intercept = y.mean() - slope * x.mean()
    assert exact_line(X, y, "mse") == pytest.approx((slope, intercept), rel=1e-10)
    assert line_loss(X, y, slope, intercept) == pytest.approx(np.mean((slope * x + intercept - y) ** 2), rel=1e-12)


def test_outliers_move_the_mse_line_not_the_mae_line():
    X, y = make_noisy_line(60, n_outliers=3, outlier_size=0.0, seed=0)
    X2, y2 = make_noisy_line(60, n_outliers=3, outlier_size=40.0, seed=0)
    assert exact_line(X2, y2, "mse")[0] < exact_line(X, y, "mse")[0] - 1.0
    # once the outliers sit below the L1 line, moving them further changes nothing (only signs count)
    X3, y3 = make_noisy_line(60, n_outliers=3, outlier_size=20.0, seed=0)
    assert exact_line(X2, y2, "mae") == exact_line(X3, y3, "mae")


def test_fit_line_by_gradient_descent_reaches_the_exact_lines():
    X, y = make_noisy_line(60, n_outliers=3, outlier_size=20.0, seed=0)
    mse_fit = fit_line(X, y, "mse", learning_rate=0.1, epochs=300)
    assert (mse_fit.slope, mse_fit.intercept) == pytest.approx(exact_line(X, y, "mse"), abs=1e-6)
    mae_fit = fit_line(X, y, "mae", learning_rate=0.1, epochs=300, stages=3)
    exact = exact_line(X, y, "mae")
    assert mae_fit.learning_rates == pytest.approx([0.1, 0.01, 0.001])
    assert len(mae_fit.train_loss) == 900
    assert line_loss(X, y, mae_fit.slope, mae_fit.intercept, "mae") == pytest.approx(
        line_loss(X, y, *exact, "mae"), abs=1e-4
    )
    assert (mae_fit.slope, mae_fit.intercept) == pytest.approx(exact, abs=0.01)
    one_stage = fit_line(X, y, "mae", learning_rate=0.1, epochs=300)
    assert line_loss(X, y, one_stage.slope, one_stage.intercept, "mae") >= line_loss(
        X, y, mae_fit.slope, mae_fit.intercept, "mae"
    )


def test_bad_input():
    with pytest.raises(ValueError, match="'mse' or 'mae'"):
        exact_line([[0.0], [1.0]], [0.0, 1.0], "huber")
    with pytest.raises(ValueError, match="exactly one feature"):
        lad_line(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match="two distinct x"):
        lad_line([[1.0], [1.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match="same number of samples"):
        fit_line([[0.0], [1.0]], [0.0], "mse")
    with pytest.raises(ValueError, match="learning_rate"):
        fit_line([[0.0], [1.0]], [0.0, 1.0], "mse", learning_rate=0.0)


# ------------------------------------------------------ the outlier experiment


@pytest.mark.parametrize("n_outliers", [0, 1, 12])
def test_outlier_data_moves_the_points_of_largest_x_down(n_outliers):
    X, y, outliers = outlier_data(15.0, n_outliers)
    X0, y0, outliers0 = outlier_data(0.0, n_outliers)
    assert X.shape == (60, 1) and int(outliers.sum()) == n_outliers
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(outliers, outliers0)
    np.testing.assert_allclose(y0 - y, np.where(outliers, 15.0, 0.0), atol=1e-12)
    if n_outliers:
        assert X[outliers, 0].min() > X[~outliers, 0].max()
    with pytest.raises(ValueError, match="n_outliers"):
        outlier_data(1.0, 60)


def test_outlier_fits_are_the_exact_lines_of_the_data():
    fits = outlier_fits(3)
    assert set(fits) == set(OUTLIER_SIZES) and outlier_fits(3) is fits  # cached
    X, y, _ = outlier_data(30, 3)
    assert fits[30] == {"mse": exact_line(X, y, "mse"), "mae": lad_line(X, y)}


def test_outliers_share_of_pull_against_closed_forms():
    for n in OUTLIER_COUNTS:
        X, y, outliers = outlier_data(20, n)
        x, r = X[:, 0], 2 * X[:, 0] + 1 - y  # residuals at the true line: none is zero
        shares = outliers_share_of_pull(X, y, outliers)
        # MAE: every point pulls by |x_i|; MSE: by |r_i x_i|
        assert shares["mae"] == pytest.approx(100 * np.abs(x[outliers]).sum() / np.abs(x).sum(), rel=1e-12)
        assert shares["mse"] == pytest.approx(100 * np.abs(r * x)[outliers].sum() / np.abs(r * x).sum(), rel=1e-12)
        assert shares["mse"] > shares["mae"]
    with pytest.raises(ValueError, match="boolean array"):
        outliers_share_of_pull(X, y, outliers[:10])
