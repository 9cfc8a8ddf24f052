"""Regression tests for the bad- and extreme-input failures found by fuzzing data, model_selection, models, surfaces.

Each refusal case used to end in a silent inf/NaN with a ``RuntimeWarning``, an obscure
error (``OverflowError``, ``MemoryError``, numpy's "Maximum allowed dimension exceeded"),
or a hang; each extreme-but-valid case used to be refused or to return a non-finite value.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np
import pytest

from mlcourse import data, model_selection, models, surfaces

XR = np.random.default_rng(0).normal(size=(12, 2))
YR = XR @ np.array([1.0, -2.0]) + 0.5
XC = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 1.0]])
YP = np.array([-1, -1, 1, 1, 1, -1])
HUGE = 2**70  # a Python int beyond int64


def _linear() -> models.LinearRegression:
    return models.LinearRegression("normal_equation")


def _strict(call: Callable[[], Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


REFUSALS = [
    # generators whose arithmetic overflowed: a RuntimeWarning and inf/NaN in the data
    ("make_noisy_line slope", lambda: data.make_noisy_line(10, slope=1e308, seed=0), "slope"),
    ("make_noisy_line noise", lambda: data.make_noisy_line(10, noise=1e308, seed=0), "noise"),
    (
        "make_noisy_line x_range*slope",
        lambda: data.make_noisy_line(10, slope=1e200, x_range=(0, 1e200), seed=0),
        "slope",
    ),
    (
        "make_noisy_sine frequency",
        lambda: data.make_noisy_sine(10, frequency=1e308, x_range=(1, 10), seed=0),
        "frequency",
    ),
    ("make_noisy_sine noise", lambda: data.make_noisy_sine(10, noise=1e308, seed=0), "noise"),
    ("make_moons noise", lambda: data.make_moons(10, noise=1e308, seed=0), "noise"),
    ("make_circles noise", lambda: data.make_circles(10, noise=1e308, seed=0), "noise"),
    ("make_spirals noise", lambda: data.make_spirals(10, noise=1e308, seed=0), "noise"),
    ("make_spirals turns", lambda: data.make_spirals(10, turns=1e308, seed=0), "turns"),
    ("make_blobs cluster_std", lambda: data.make_blobs(10, cluster_std=1e308, seed=0), "cluster_std"),
    # a range whose width overflows: OverflowError from numpy's uniform
    ("make_noisy_line x_range", lambda: data.make_noisy_line(10, x_range=(-1e308, 1e308), seed=0), "x_range"),
    ("make_noisy_sine x_range", lambda: data.make_noisy_sine(10, x_range=(-1e308, 1e308), seed=0), "x_range"),
    ("make_blobs center_box", lambda: data.make_blobs(10, center_box=(-1e308, 1e308), seed=0), "center_box"),
    # sizes beyond memory or int64: MemoryError, "Maximum allowed dimension exceeded", a cast error
    ("make_noisy_line 10**12", lambda: data.make_noisy_line(10**12, seed=0), "n_samples"),
    ("make_noisy_sine 2**70", lambda: data.make_noisy_sine(HUGE, seed=0), "n_samples"),
    ("make_moons 10**12", lambda: data.make_moons(10**12, seed=0), "n_samples"),
    ("make_circles 2**70", lambda: data.make_circles(HUGE, seed=0), "n_samples"),
    ("make_spirals 10**12", lambda: data.make_spirals(10**12, seed=0), "n_samples"),
    ("make_blobs n_samples 2**70", lambda: data.make_blobs(HUGE, seed=0), "n_samples"),
    ("make_blobs n_features", lambda: data.make_blobs(10, n_features=10**12, seed=0), "n_features"),
    ("make_blobs centers", lambda: data.make_blobs(10, centers=HUGE, seed=0), "centers"),
    ("one_hot label 10**12", lambda: data.one_hot([10**12]), "labels"),
    ("one_hot label int64 max", lambda: data.one_hot([2**63 - 1]), "labels"),
    ("one_hot n_classes", lambda: data.one_hot([0, 1], n_classes=HUGE), "n_classes"),
    ("one_hot n_classes 10**12", lambda: data.one_hot([0, 1], n_classes=10**12), "n_classes"),
    ("holdout_split 2**70", lambda: model_selection.holdout_split(HUGE, seed=0), "n_samples"),
    ("KFold.split 2**70", lambda: model_selection.KFold(3).split(HUGE), "X"),
    ("LeaveOneOut.split 2**70", lambda: model_selection.LeaveOneOut().split(HUGE), "X"),
    ("Distribution.sample size", lambda: model_selection.uniform(0, 1).sample(np.random.default_rng(0), HUGE), "size"),
    # add_gaussian_jitter: noise overflowing the dtype of X; copies=2**70 hung, filling the memory
    (
        "add_gaussian_jitter float32 std",
        lambda: data.add_gaussian_jitter(np.ones((3, 2), np.float32), np.arange(3), std=1e300, seed=0),
        "std",
    ),
    (
        "add_gaussian_jitter std",
        lambda: data.add_gaussian_jitter(np.ones((50, 2)), np.arange(50), std=1e308, seed=0),
        "std",
    ),
    (
        "add_gaussian_jitter copies",
        lambda: data.add_gaussian_jitter(np.ones((3, 2)), np.arange(3), copies=HUGE),
        "copies",
    ),
    # a ragged shift: numpy's "inhomogeneous shape" error
    ("shift_digits ragged shift", lambda: data.shift_digits(np.zeros((3, 64)), [0, 1, 2], shifts=[[1, [2]]]), "shift"),
    # Standardizer.inverse_transform overflowing: RuntimeWarning and inf
    (
        "Standardizer.inverse_transform overflow",
        lambda: data.Standardizer().fit(np.array([[1e308], [-1e308]])).inverse_transform(np.array([[10.0]])),
        "X",
    ),
    (
        "Standardizer.inverse_transform float32 overflow",
        lambda: data.Standardizer().fit(np.array([[0.0], [10.0]])).inverse_transform(np.array([[3e38]], np.float32)),
        "X",
    ),
    # cross_validate: an infinite score (or an int beyond the floats: TypeError from np.isnan)
    (
        "cross_validate inf score",
        lambda: model_selection.cross_validate(_linear, XR, YR, cv=2, score=lambda m, X, y: np.inf),
        "score",
    ),
    (
        "cross_validate -inf score",
        lambda: model_selection.cross_validate(_linear, XR, YR, cv=2, score=lambda m, X, y: -np.inf),
        "score",
    ),
    (
        "cross_validate 10**400 score",
        lambda: model_selection.cross_validate(_linear, XR, YR, cv=2, score=lambda m, X, y: 10**400),
        "score",
    ),
    # models: overflowing arithmetic gave RuntimeWarnings and inf/NaN weights
    ("LinearRegression.gradient bias", lambda: models.LinearRegression.gradient(XR, YR, np.zeros(2), 1e308), "bias"),
    ("Perceptron.fit X 1e200", lambda: models.Perceptron(max_epochs=5).fit(XC * 1e200, YP), "X"),
    ("Perceptron.fit lr 1e300", lambda: models.Perceptron(1e300, max_epochs=5).fit(XC * 1e200, YP), "X"),
    (
        "Perceptron.net_input X 1e308",
        lambda: models.Perceptron().fit(XC, np.where(XC[:, 0] > 1.5, 1, -1)).net_input(np.full((1, 2), 1e308)),
        "X",
    ),
    # surfaces: a NaN Newton step; starts whose value is already inf
    ("newton_step far point", lambda: surfaces.newton_step("rosenbrock", (1e200, 1e200)), "point"),
    ("optimize_path far start", lambda: surfaces.optimize_path("bowl", "sgd", (1e200, 1e200), 5, lr=0.1), "start"),
    ("optimize_path far start 1-D", lambda: surfaces.optimize_path("quadratic1d", "sgd", 1e200, 5, lr=0.1), "start"),
    ("newton_path far start", lambda: surfaces.newton_path("double_well", 1e200, 5), "start"),
    (
        "project_onto_disc overflow",
        lambda: surfaces.project_onto_disc(np.array([1e308, -1e308]), (-1e308, 1e308), 1.0),
        "point",
    ),
]


@pytest.mark.parametrize("call, name", [pytest.param(c, n, id=i) for i, c, n in REFUSALS])
def test_bad_or_overflowing_input_is_refused_naming_the_argument(call, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((ValueError, TypeError)) as caught:
            call()
    assert name in str(caught.value), str(caught.value)


# ------------------------------------------------------------ extreme but valid inputs


@pytest.mark.parametrize("scale", [1e-300, 1e-100])
def test_normal_equation_solves_targets_of_tiny_scale(scale):
    model = _strict(lambda: _linear().fit(XR, YR * scale))
    np.testing.assert_allclose(model.weights_ / scale, [1.0, -2.0], rtol=1e-6)


def test_normal_equation_still_refuses_dependent_columns():
    with pytest.raises(ValueError, match="linearly dependent"):
        _linear().fit(np.c_[XR[:, 0], XR[:, 0]], YR)


@pytest.mark.parametrize("scale", [1e-300, 1e-170])
def test_r2_of_targets_whose_squares_underflow(scale):
    noisy = YR + np.random.default_rng(1).normal(scale=0.1, size=len(YR))
    expected = _linear().fit(XR, noisy).score(XR, noisy)
    model = _linear().fit(XR, noisy * scale)
    assert _strict(lambda: model.score(XR, noisy * scale)) == pytest.approx(expected, rel=1e-9)


def test_standardizer_float32_transform_after_float64_fit_beyond_float32():
    scaler = data.Standardizer().fit(np.array([[1e300], [3e300]]))
    result = _strict(lambda: scaler.transform(np.array([[1.0]], np.float32)))
    assert result.dtype == np.float32 and result[0, 0] == pytest.approx(-2.0)


def test_standardizer_float32_subnormal_spread():
    X = np.array([[1e-45], [3e-45]], np.float32)
    result = _strict(lambda: data.Standardizer().fit_transform(X))
    assert result.dtype == np.float32 and np.all(np.isfinite(result))
    np.testing.assert_allclose(result[:, 0], [-1.0, 1.0])


@pytest.mark.parametrize(
    "point, center, radius, name",
    [((1e200, 1e200), (0.0, 0.0), 1.0, "point - center"), ((1e-200, 1e-200), (0.0, 0.0), 1e-300, "radius")],
)
def test_project_onto_disc_refuses_scales_whose_squares_leave_float64(point, center, radius, name):
    # before: (1e200, 1e200) warned and returned the centre; a radius of 1e-300 left the point outside
    with pytest.raises(ValueError, match=name):
        _strict(lambda: surfaces.project_onto_disc(np.array(point), center, radius))


def test_project_onto_disc_of_tiny_offsets_inside_the_disc():
    assert np.array_equal(
        _strict(lambda: surfaces.project_onto_disc(np.array([1e-200, 0.0]), (0.0, 0.0), 1.0)), [1e-200, 0.0]
    )


def test_start_at_the_divergence_radius_is_still_accepted():
    radius = surfaces.DIVERGENCE_RADIUS
    run = _strict(lambda: surfaces.optimize_path("bowl", "sgd", (radius, 0.0), 3, lr=0.01))
    assert np.all(np.isfinite(run.losses))


# ------------------------------------------------------------ side by side with scikit-learn


def test_stratified_kfold_and_kfold_match_scikit_learn_on_random_small_cases():
    sk = pytest.importorskip("sklearn.model_selection")
    rng = np.random.default_rng(7)
    for trial in range(60):
        n, n_classes, k = int(rng.integers(2, 20)), int(rng.integers(1, 5)), int(rng.integers(2, 5))
        y = rng.integers(0, n_classes, n)
        if trial % 2:
            y = np.array(["b", "a", "c", "d"])[y]
        if k <= n:
            ours = [test.tolist() for _, test in model_selection.KFold(k).split(n)]
            assert ours == [test.tolist() for _, test in sk.KFold(k).split(np.zeros(n))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            try:
                theirs = [test.tolist() for _, test in sk.StratifiedKFold(k).split(np.zeros(n), y)]
            except ValueError:
                with pytest.raises(ValueError, match="n_splits"):
                    model_selection.StratifiedKFold(k).split(n, y)
                continue
            ours = [test.tolist() for _, test in model_selection.StratifiedKFold(k).split(n, y)]
        assert ours == theirs, (y.tolist(), k)


@pytest.mark.parametrize("n", [2, 3, 5, 7, 11])
@pytest.mark.parametrize("test_size", [0.1, 0.25, 0.5, 0.9, 1, 2, np.int64(1), np.float64(0.3)])
@pytest.mark.parametrize("train_size", [None, 0.5, 1])
def test_train_test_split_sizes_and_refusals_match_scikit_learn(n, test_size, train_size):
    sk = pytest.importorskip("sklearn.model_selection")
    index = np.arange(n)
    try:
        train, test = sk.train_test_split(index, test_size=test_size, train_size=train_size, random_state=0)
    except ValueError:
        with pytest.raises(ValueError, match="test_size|train_size"):
            data.train_test_split(index, index, test_size=test_size, train_size=train_size, seed=0)
        return
    parts = _strict(lambda: data.train_test_split(index, index, test_size=test_size, train_size=train_size, seed=0))
    assert (len(parts[0]), len(parts[1])) == (len(train), len(test))


def test_a_hidden_layer_too_wide_to_allocate_is_refused_naming_hidden_layer_sizes():
    # before: the error came from nn.Linear and named n_in/n_out
    with pytest.raises(ValueError, match=r"hidden_layer_sizes\[0\] must be <= 2147483648"):
        models.MLPClassifier(hidden_layer_sizes=(2**70,))
