"""LinearRegression against independent references: numpy's least squares, hand values, finite differences."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse.data import make_noisy_line
from mlcourse.models import LinearRegression, TrainingDiverged


def _lstsq(X, y):
    design = np.hstack([np.ones((len(X), 1)), X])
    theta, *_ = np.linalg.lstsq(design, y, rcond=None)
    return theta[1:], theta[0]


@pytest.mark.parametrize("n_features", [1, 3])
def test_normal_equation_matches_numpy_lstsq(n_features):
    rng = np.random.default_rng(n_features)
    X = rng.normal(size=(40, n_features))
    y = X @ rng.normal(size=n_features) + 0.5 + 0.1 * rng.normal(size=40)
    model = LinearRegression(method="normal_equation").fit(X, y)
    weights, bias = _lstsq(X, y)
    np.testing.assert_allclose(model.weights_, weights, rtol=1e-10)
    assert model.bias_ == pytest.approx(bias, rel=1e-10)


def test_exact_line_is_recovered():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    model = LinearRegression(method="normal_equation").fit(X, 3.0 * X[:, 0] - 2.0)
    assert model.weights_[0] == pytest.approx(3.0)
    assert model.bias_ == pytest.approx(-2.0)
    assert model.score(X, 3.0 * X[:, 0] - 2.0) == pytest.approx(1.0)


def test_gradient_hand_computed():
    # points (0,1), (1,2), (2,5) at w = b = 0: residuals -1, -2, -5
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 2.0, 5.0])
    grad_w, grad_b = LinearRegression.gradient(X, y, np.zeros(1), 0.0)
    assert grad_w[0] == pytest.approx(-8.0)
    assert grad_b == pytest.approx(-16.0 / 3.0)


def test_gradient_matches_central_differences():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(25, 2))
    y = rng.normal(size=25)
    weights, bias = rng.normal(size=2), 0.3

    def loss(w, b):
        return np.mean((X @ w + b - y) ** 2)

    h = 1e-6
    numerical_w = [(loss(weights + h * e, bias) - loss(weights - h * e, bias)) / (2 * h) for e in np.eye(2)]
    numerical_b = (loss(weights, bias + h) - loss(weights, bias - h)) / (2 * h)
    grad_w, grad_b = LinearRegression.gradient(X, y, weights, bias)
    np.testing.assert_allclose(grad_w, numerical_w, rtol=1e-6)
    assert grad_b == pytest.approx(numerical_b, rel=1e-6)


def test_gradient_descent_reaches_the_normal_equation():
    X, y = make_noisy_line(80, seed=4)
    exact = LinearRegression(method="normal_equation").fit(X, y)
    gd = LinearRegression(learning_rate=0.1, epochs=500).fit(X, y)
    np.testing.assert_allclose(gd.weights_, exact.weights_, atol=1e-8)
    assert gd.bias_ == pytest.approx(exact.bias_, abs=1e-8)


def test_loss_history_decreases_for_a_stable_learning_rate():
    X, y = make_noisy_line(50, seed=5)
    model = LinearRegression(learning_rate=0.05, epochs=60).fit(X, y)
    assert len(model.loss_history_) == 61 and model.path_.shape == (61, 2)
    assert np.all(np.diff(model.loss_history_) <= 1e-12)


def test_first_step_by_hand():
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 2.0, 5.0])
    model = LinearRegression(learning_rate=0.1, epochs=1).fit(X, y)
    # w = 0 - 0.1 * (-8), b = 0 - 0.1 * (-16/3)
    assert model.weights_[0] == pytest.approx(0.8)
    assert model.bias_ == pytest.approx(16.0 / 30.0)
    assert model.loss_history_[0] == pytest.approx(10.0)  # (1 + 4 + 25) / 3


def test_tolerance_stops_early():
    X, y = make_noisy_line(50, seed=6)
    model = LinearRegression(learning_rate=0.1, epochs=10_000, tolerance=1e-10).fit(X, y)
    assert model.n_steps_ < 10_000
    assert abs(model.loss_history_[-2] - model.loss_history_[-1]) < 1e-10


def test_divergence_stops_and_warns_with_finite_weights():
    X, y = make_noisy_line(50, seed=7)
    with pytest.warns(TrainingDiverged, match="diverged at step"):
        model = LinearRegression(learning_rate=2.0, epochs=10_000).fit(X, y)
    assert model.diverged_at is not None and model.diverged_at < 10_000
    assert np.all(np.isfinite(model.weights_)) and np.isfinite(model.bias_)
    assert np.all(np.isfinite(model.loss_history_))


def test_stable_rate_does_not_warn():
    X, y = make_noisy_line(50, seed=8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LinearRegression(learning_rate=0.1, epochs=200).fit(X, y)
    assert model.diverged_at is None


def test_float32_input_is_accepted():
    X, y = make_noisy_line(30, seed=9)
    model = LinearRegression(learning_rate=0.1, epochs=200).fit(X.astype(np.float32), y.astype(np.float32))
    assert model.weights_.dtype == np.float32
    assert model.predict(X.astype(np.float32)).dtype == np.float32


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"method": "svd"}, ValueError, r"method must be one of \('gradient_descent', 'normal_equation'\), got 'svd'"),
        ({"learning_rate": -0.1}, ValueError, r"learning_rate must be a finite number > 0, got -0.1"),
        ({"learning_rate": "fast"}, TypeError, r"learning_rate must be a number, got str"),
        ({"epochs": 2.5}, TypeError, r"epochs must be an integer, got float"),
        ({"epochs": -1}, ValueError, r"epochs must be >= 0, got -1"),
    ],
)
def test_bad_hyper_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        LinearRegression(**kwargs)


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (np.arange(5.0), np.arange(5.0), ValueError, r"X must be 2-D, got shape \(5,\)"),
        (np.ones((5, 1)), np.ones(4), ValueError, "X and y must have the same number of samples, got 5 and 4"),
        (np.ones((5, 1), dtype=int), np.ones(5), TypeError, "X must be a float32 or float64 array, got dtype int64"),
        (np.array([[1.0], [np.nan]]), np.ones(2), ValueError, r"X must be finite, got 1 NaN/inf value\(s\)"),
        (np.ones((1, 1)), np.ones(1), ValueError, "need at least 2 samples to fit a line, got 1"),
        (np.ones((0, 1)), np.ones(0), ValueError, r"X must not be empty, got shape \(0, 1\)"),
        ([["a"], ["b"]], [1.0, 2.0], TypeError, "X must hold real numbers"),
    ],
)
def test_bad_data(X, y, error, message):
    with pytest.raises(error, match=message):
        LinearRegression().fit(X, y)


def test_normal_equation_refuses_dependent_columns():
    X = np.column_stack([np.arange(5.0), 2 * np.arange(5.0)])
    with pytest.raises(ValueError, match=r"linearly dependent \(rank 2 < 3\)"):
        LinearRegression(method="normal_equation").fit(X, np.arange(5.0))


def test_predict_before_fit_and_with_wrong_width():
    with pytest.raises(RuntimeError, match="not fitted yet"):
        LinearRegression().predict(np.ones((2, 1)))
    model = LinearRegression(method="normal_equation").fit(np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"X must have 1 feature\(s\) as in fit, got shape \(2, 3\)"):
        model.predict(np.ones((2, 3)))


def test_mse_scores_a_single_sample_but_r2_needs_spread():
    model = LinearRegression(method="normal_equation").fit(np.array([[0.0], [1.0]]), np.array([1.0, 3.0]))
    assert model.mse(np.array([[2.0]]), np.array([4.0])) == pytest.approx(1.0)  # prediction 5
    with pytest.raises(ValueError, match="R\\^2 is undefined when all targets are equal"):
        model.score(np.array([[2.0]]), np.array([4.0]))


def test_fit_uses_the_solver_named_by_method():
    X, y = make_noisy_line(40, seed=10)
    by_fit = LinearRegression(method="normal_equation").fit(X, y)
    direct = LinearRegression().fit_normal_equation(X, y)
    np.testing.assert_array_equal(by_fit.weights_, direct.weights_)
    assert by_fit.bias_ == direct.bias_ and direct.n_steps_ == 0 and direct.diverged_at is None
    by_fit = LinearRegression(learning_rate=0.05, epochs=30).fit(X, y)
    direct = LinearRegression(method="normal_equation", learning_rate=0.05, epochs=30).fit_gradient_descent(X, y)
    np.testing.assert_array_equal(by_fit.path_, direct.path_)
    assert by_fit.loss_history_ == direct.loss_history_ and direct.n_steps_ == 30


def test_loss_history_is_the_mse_along_the_path():
    X, y = make_noisy_line(30, seed=11)
    model = LinearRegression(learning_rate=0.05, epochs=10).fit(X, y)
    recomputed = [np.mean((X @ row[:-1] + row[-1] - y) ** 2) for row in model.path_]
    np.testing.assert_allclose(model.loss_history_, recomputed, rtol=1e-12)
    exact = LinearRegression(method="normal_equation").fit(X, y)
    assert exact.loss_history_ == [pytest.approx(exact.mse(X, y), rel=1e-12)]


@pytest.mark.parametrize("solver", ["fit_normal_equation", "fit_gradient_descent"])
def test_the_solvers_check_their_data(solver):
    with pytest.raises(ValueError, match="X and y must have the same number of samples"):
        getattr(LinearRegression(), solver)(np.ones((5, 1)), np.ones(4))


def test_a_step_that_overflows_the_predictions_is_divergence_not_a_loss_error():
    # the first step reaches w = 26e307/3, b = 6e307: the prediction at x = 2 overflows to inf,
    # which the losses refuse; gradient descent reports it as divergence, as when mse returned inf
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    model = LinearRegression(learning_rate=1e307, epochs=5, divergence_factor=1e300)
    with pytest.warns(TrainingDiverged, match="diverged at step 1 .*the loss reached inf"):
        model.fit(X, y)
    assert model.diverged_at == 1 and model.n_steps_ == 0
    assert model.weights_[0] == 0.0 and model.bias_ == 0.0 and len(model.loss_history_) == 1


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        (dict(X=np.array([[np.nan], [1.0]])), ValueError, r"X must be finite, got 1 NaN/inf"),
        (dict(X=np.array([1.0, 2.0])), ValueError, r"X must be 2-D, got shape \(2,\)"),
        (dict(y=np.array([1.0])), ValueError, "X and y must have the same number of samples, got 2 and 1"),
        (
            dict(weights=np.zeros(2)),
            ValueError,
            r"weights must hold one value per feature of X \(1\), got shape \(2,\)",
        ),
        (dict(weights=np.array([np.inf])), ValueError, "weights must be finite"),
        (dict(bias=float("nan")), ValueError, "bias must be a finite number, got nan"),
        (dict(bias="0"), TypeError, "bias must be a real number, got str '0'"),
    ],
)
def test_gradient_refuses_bad_arguments(arguments, error, message):
    values = dict(X=np.array([[1.0], [2.0]]), y=np.array([1.0, 2.0]), weights=np.zeros(1), bias=0.0)
    values.update(arguments)
    with pytest.raises(error, match=message):
        LinearRegression.gradient(values["X"], values["y"], values["weights"], values["bias"])


@pytest.mark.parametrize("method", ["normal_equation", "gradient_descent"])
def test_data_too_large_for_least_squares_is_refused_clearly(method):
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    with pytest.raises(
        ValueError,
        match=r"X is too large for least squares: the sum of its squares overflows \(largest \|X\| = 2e\+200\)",
    ):
        LinearRegression(method).fit(X * 1e200, y)
    with pytest.raises(ValueError, match=r"y is too large for least squares"):
        LinearRegression(method).fit(X, y * 1e200)
    with pytest.raises(ValueError, match="method must be one of"):
        LinearRegression(["normal_equation"])


def test_r2_of_targets_too_large_to_square_is_refused_not_nan():
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    model = LinearRegression("normal_equation").fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning on the way
        with pytest.raises(
            ValueError, match=r"y is too large for R\^2: its sums of squares overflow \(largest \|y\| = 5e\+200"
        ):
            model.score(X, y * 1e200)
    assert model.score(X, y) == pytest.approx(1.0)


def test_gradient_descent_whose_squared_errors_overflow_is_reported_as_divergence():
    import warnings

    from mlcourse.models import LinearRegression, TrainingDiverged

    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1e5, 3e5, 5e5])
    model = LinearRegression(learning_rate=1e3, epochs=500, divergence_factor=1e300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y)
    assert model.diverged_at is not None and any(issubclass(w.category, TrainingDiverged) for w in caught)
