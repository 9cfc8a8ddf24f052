"""make_noisy_line and train_test_split (chapter 1's data handling)."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.data import make_noisy_line, train_test_split


def test_noisy_line_is_seeded_and_follows_the_line():
    X1, y1 = make_noisy_line(500, slope=-1.5, intercept=4.0, noise=0.1, seed=3)
    X2, y2 = make_noisy_line(500, slope=-1.5, intercept=4.0, noise=0.1, seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    residual = y1 - (-1.5 * X1[:, 0] + 4.0)
    assert abs(residual.std() - 0.1) < 0.01 and abs(residual.mean()) < 0.02


def test_noisy_line_outliers_sit_at_the_largest_x():
    X, y = make_noisy_line(50, noise=0.0, n_outliers=3, outlier_size=10.0, seed=1)
    residual = y - (2.0 * X[:, 0] + 1.0)
    shifted = np.flatnonzero(residual < -5)
    assert set(shifted) == set(np.argsort(X[:, 0])[-3:])


def test_noisy_line_does_not_touch_global_random_state():
    np.random.seed(0)
    before = np.random.random()
    np.random.seed(0)
    make_noisy_line(10, seed=1)
    assert np.random.random() == before


@pytest.mark.parametrize("test_size, n_test", [(0.2, 20), (0.3, 30)])
def test_split_sizes_and_partition(test_size, n_test):
    X = np.arange(200.0).reshape(100, 2)
    y = np.arange(100)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == n_test and len(X_train) == 100 - n_test
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == list(range(100))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)  # rows stay paired


def test_split_is_deterministic_per_seed_and_differs_across_seeds():
    X, y = np.arange(50.0).reshape(-1, 1), np.arange(50)
    a = train_test_split(X, y, seed=5)[3]
    b = train_test_split(X, y, seed=5)[3]
    c = train_test_split(X, y, seed=6)[3]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_split_without_shuffle_takes_the_last_samples():
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.3, shuffle=False)
    assert y_test.tolist() == [7, 8, 9] and y_train.tolist() == list(range(7))


def test_stratified_split_keeps_class_shares():
    y = np.array([0] * 80 + [1] * 20)
    X = np.arange(100.0).reshape(-1, 1)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, seed=2)
    assert np.bincount(y_test).tolist() == [20, 5]
    assert np.bincount(y_train).tolist() == [60, 15]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"test_size": 1.2}, ValueError, r"test_size must be a fraction strictly between 0 and 1 .*got 1.2"),
        ({"test_size": 0}, ValueError, r"test_size as a number of samples must lie in \[1, 9\] .*got 0"),
        ({"test_size": "20%"}, TypeError, r"test_size must be a float in \(0, 1\) or an int .*got str"),
        ({"test_size": 0.95}, ValueError, r"leaves an empty part \(10 test, 0 training\)"),
        ({"stratify": np.arange(10), "test_size": 0.2}, ValueError, "at least 2 samples per class"),
        ({"stratify": np.zeros(10), "shuffle": False}, ValueError, "stratify needs shuffle=True"),
    ],
)
def test_split_bad_arguments(kwargs, error, message):
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    with pytest.raises(error, match=message):
        train_test_split(X, y, **kwargs)


def test_split_mismatched_lengths():
    with pytest.raises(ValueError, match="X and y must have the same number of samples, got 10 and 9"):
        train_test_split(np.ones((10, 1)), np.ones(9))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n_samples": 1}, ValueError, "n_samples must be >= 2, got 1"),
        ({"noise": -1.0}, ValueError, r"noise must be a finite number >= 0, got -1.0"),
        ({"n_outliers": 100, "n_samples": 10}, ValueError, "n_outliers must be <= 9, got 100"),
        ({"x_range": (3, -3)}, ValueError, r"low < high"),
        ({"x_range": 3}, TypeError, "x_range must be a pair of numbers"),
        ({"rng": 42}, TypeError, r"rng must be a numpy.random.Generator"),
    ],
)
def test_noisy_line_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_noisy_line(**kwargs)


# ------------------------------------------------- scikit-learn's sizes and refusals


@pytest.mark.parametrize(
    "n, kwargs, sizes",
    [
        (11, {"test_size": 0.2}, (8, 3)),  # ceil(2.2) = 3 test samples (rounding gave 9/2)
        (10, {"test_size": 0.25}, (7, 3)),  # ceil(2.5) = 3 (rounding gave 8/2)
        (10, {}, (8, 2)),  # the default 0.2
        (10, {"train_size": 0.75}, (7, 3)),  # floor(7.5) = 7 training samples, the rest test
        (10, {"test_size": 4}, (6, 4)),  # an int is a number of samples
        (10, {"train_size": 3}, (3, 7)),
        (10, {"train_size": 0.5, "test_size": 0.2}, (5, 2)),  # both given: 3 samples left out
        (10, {"train_size": 5, "test_size": 0.25}, (5, 3)),
        (2, {"test_size": 0.01}, (1, 1)),
    ],
)
def test_split_sizes_follow_scikit_learn(n, kwargs, sizes):
    X, y = np.arange(n, dtype=float).reshape(-1, 1), np.arange(n)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0, **kwargs)
    assert (len(X_train), len(X_test)) == (len(y_train), len(y_test)) == sizes
    assert len(np.intersect1d(y_train, y_test)) == 0
    np.testing.assert_array_equal(X_train[:, 0], y_train)


def test_split_with_both_sizes_unshuffled_takes_train_then_test():
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    _, _, y_train, y_test = train_test_split(X, y, train_size=5, test_size=2, shuffle=False)
    assert y_train.tolist() == [0, 1, 2, 3, 4] and y_test.tolist() == [5, 6]


def test_split_sizes_that_changed_keep_the_old_draws_otherwise():
    # same seed, same sizes as before the change: the same split (the permutation is unchanged)
    X, y = np.arange(100.0).reshape(-1, 1), np.arange(100)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=3)
    order = np.random.default_rng(3).permutation(100)
    np.testing.assert_array_equal(y_test, order[:20])
    np.testing.assert_array_equal(y_train, order[20:])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"test_size": float("nan")}, ValueError, r"test_size must be a fraction strictly between 0 and 1.*nan"),
        ({"test_size": float("inf")}, ValueError, r"test_size must be a fraction strictly between 0 and 1.*inf"),
        ({"test_size": True}, TypeError, "test_size must be a float in .0, 1. or an int number of samples, got bool"),
        (
            {"test_size": 10},
            ValueError,
            r"test_size as a number of samples must lie in \[1, 9\] \(n_samples=10\), got 10",
        ),
        ({"train_size": 1.0}, ValueError, r"train_size must be a fraction strictly between 0 and 1.*got 1.0"),
        ({"train_size": -3}, ValueError, r"train_size as a number of samples must lie in \[1, 9\]"),
        ({"train_size": None, "test_size": None, "shuffle": "no"}, TypeError, "shuffle must be True or False, got str"),
        (
            {"train_size": 0.6, "test_size": 0.5},
            ValueError,
            r"test_size \+ train_size must not exceed 1, got 0.5 \+ 0.6",
        ),
        ({"train_size": 8, "test_size": 3}, ValueError, r"ask for 8 \+ 3 = 11 samples, more than the n_samples=10"),
        ({"train_size": 0.05}, ValueError, r"leaves an empty part \(10 test, 0 training\)"),
        ({"seed": 1.5, "shuffle": False}, TypeError, "seed must be an integer, got float"),
    ],
)
def test_split_refusals_of_sizes(kwargs, error, message):
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    with pytest.raises(error, match=message):
        train_test_split(X, y, **kwargs)


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (np.zeros((0, 2)), np.zeros(0), ValueError, "X and y must not be empty"),
        (np.zeros((1, 2)), np.zeros(1), ValueError, "at least 2 samples .one per part., got n_samples=1"),
        ([[1.0, 2.0], [3.0]], [0, 1], TypeError, "X must be an array of samples, got list"),
        (np.float64(3.0), np.zeros(3), ValueError, r"X and y must be arrays of samples, got shapes \(\) and \(3,\)"),
    ],
)
def test_split_refuses_data_without_two_samples(X, y, error, message):
    with pytest.raises(error, match=message):
        train_test_split(X, y)


def test_stratified_split_sizes_per_class_follow_scikit_learn():
    # classes of 7, 3 and 3 at test_size=0.3: n_test = ceil(3.9) = 4, n_train = 9; training shares
    # 4.85, 2.08, 2.08 -> 4, 2, 2 plus 1 for the largest remainder (class 0): 5, 2, 2; test 2, 1, 1
    y = np.array([0] * 7 + [1] * 3 + [2] * 3)
    X = np.arange(13.0).reshape(-1, 1)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, seed=0)
    assert np.bincount(y_train).tolist() == [5, 2, 2] and np.bincount(y_test).tolist() == [2, 1, 1]


@pytest.mark.parametrize(
    "stratify, kwargs, error, message",
    [
        (np.array([0.0] * 5 + [np.nan] * 5), {}, ValueError, r"stratify must be finite class labels, got 5 NaN/inf"),
        (
            np.array([None, 1] * 5, dtype=object),
            {},
            TypeError,
            r"stratify must be class labels of one sortable kind .*\['NoneType', 'int'\]",
        ),
        (
            np.zeros((10, 2)),
            {},
            ValueError,
            r"stratify must be 1-D class labels of length n_samples=10, got shape \(10, 2\)",
        ),
        (np.zeros(9), {}, ValueError, r"stratify must be 1-D class labels of length n_samples=10, got shape \(9,\)"),
        (
            np.repeat(np.arange(5), 2),
            {"test_size": 0.2},
            ValueError,
            "the test part must hold at least one sample per class with stratify: 2 samples for 5 classes",
        ),
        (
            np.repeat(np.arange(5), 2),
            {"test_size": 0.7},
            ValueError,
            "the training part must hold at least one sample per class with stratify: 3 samples for 5 classes",
        ),
    ],
)
def test_stratified_split_refusals(stratify, kwargs, error, message):
    X, y = np.arange(10.0).reshape(-1, 1), np.arange(10)
    with pytest.raises(error, match=message):
        train_test_split(X, y, stratify=stratify, seed=0, **kwargs)


def _sklearn():
    return pytest.importorskip(
        "sklearn.model_selection", reason="scikit-learn is optional: comparison with train_test_split skipped"
    )


SIZE_CASES = (
    [{"test_size": t} for t in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 1 / 3, 0.35, 0.5, 0.7, 0.9, 0.99)]
    + [{"train_size": t} for t in (0.01, 0.1, 0.5, 0.66, 0.75, 0.8, 0.95)]
    + [
        {"test_size": 1},
        {"test_size": 3},
        {"train_size": 2},
        {"train_size": 0.5, "test_size": 0.25},
        {"train_size": 0.6, "test_size": 0.4},
        {"train_size": 0.7, "test_size": 0.4},
        {"train_size": 4, "test_size": 0.5},
        {"train_size": 3, "test_size": 2},
        {"test_size": 0},
        {"test_size": 1.0},
        {"train_size": 0.0},
    ]
)


@pytest.mark.parametrize("kwargs", SIZE_CASES, ids=str)
def test_split_sizes_and_refusals_match_scikit_learn(kwargs):
    sk = _sklearn()
    for n in range(2, 41):
        X, y = np.arange(n, dtype=float).reshape(-1, 1), np.arange(n)
        try:
            expected = [len(part) for part in sk.train_test_split(X, y, random_state=0, **kwargs)[:2]]
        except ValueError:
            with pytest.raises(ValueError):
                train_test_split(X, y, seed=0, **kwargs)
            continue
        got = [len(part) for part in train_test_split(X, y, seed=0, **kwargs)[:2]]
        assert got == expected, (n, kwargs)
        unshuffled = train_test_split(X, y, shuffle=False, **kwargs)
        theirs = sk.train_test_split(X, y, shuffle=False, **kwargs)
        for ours, reference in zip(unshuffled, theirs):
            np.testing.assert_array_equal(ours, reference)


def test_stratified_split_sizes_match_scikit_learn():
    sk = _sklearn()
    rng = np.random.default_rng(0)
    compared = 0
    for _ in range(300):
        n_classes = int(rng.integers(2, 5))
        counts = rng.integers(2, 25, size=n_classes)
        y = rng.permutation(np.repeat(np.arange(n_classes), counts))
        X = np.arange(len(y), dtype=float).reshape(-1, 1)
        test_size = float(rng.choice([0.1, 0.2, 0.25, 0.3, 0.5]))
        try:
            _, _, sk_train, sk_test = sk.train_test_split(X, y, test_size=test_size, stratify=y, random_state=0)
        except ValueError:
            with pytest.raises(ValueError):
                train_test_split(X, y, test_size=test_size, stratify=y, seed=0)
            continue
        _, _, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y, seed=0)
        assert (len(y_train), len(y_test)) == (len(sk_train), len(sk_test))
        n_train = len(sk_train)
        shares = counts / counts.sum() * n_train
        remainders = shares - np.floor(shares)
        ours, theirs = np.bincount(y_train, minlength=n_classes), np.bincount(sk_train, minlength=n_classes)
        assert np.all(np.abs(ours - shares) < 1) and np.all(np.abs(theirs - shares) < 1)
        if len(np.unique(remainders)) == n_classes:  # no tie for scikit-learn to break at random
            np.testing.assert_array_equal(ours, theirs)
            np.testing.assert_array_equal(
                np.bincount(y_test, minlength=n_classes), np.bincount(sk_test, minlength=n_classes)
            )
            compared += 1
    assert compared > 100


# ------------------------------------------------------------ noisy line and sine


@pytest.mark.parametrize("generator", ["make_noisy_line", "make_noisy_sine"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_noisy_curves_refuse_non_finite_parameters(generator, value):
    from mlcourse import data

    names = {
        "make_noisy_line": ["slope", "intercept", "noise", "outlier_size"],
        "make_noisy_sine": ["frequency", "amplitude", "noise", "outlier_size"],
    }[generator]
    for name in names:
        with pytest.raises(ValueError, match=f"{name} must be a finite number"):
            getattr(data, generator)(10, seed=0, **{name: value})


@pytest.mark.parametrize("generator", ["make_noisy_line", "make_noisy_sine"])
def test_noisy_curves_refuse_parameters_that_are_not_numbers(generator):
    from mlcourse import data

    name = "slope" if generator == "make_noisy_line" else "amplitude"
    with pytest.raises(TypeError, match=f"{name} must be a real number, got str '2'"):
        getattr(data, generator)(10, seed=0, **{name: "2"})
    with pytest.raises(TypeError, match="outlier_size must be a real number, got NoneType"):
        getattr(data, generator)(10, seed=0, outlier_size=None)


def test_noisy_curves_unchanged_for_valid_parameters():
    # integer parameters give exactly what the float ones gave (checks only convert)
    X1, y1 = make_noisy_line(20, slope=2, intercept=1, seed=4, n_outliers=2, outlier_size=15)
    X2, y2 = make_noisy_line(20, slope=2.0, intercept=1.0, seed=4, n_outliers=2, outlier_size=15.0)
    np.testing.assert_array_equal(y1, y2)
    generator = np.random.default_rng(4)
    x = generator.uniform(-3.0, 3.0, size=20)
    expected = 2.0 * x + 1.0 + 1.0 * generator.standard_normal(20)
    expected[np.argsort(x)[-2:]] -= 15.0
    np.testing.assert_array_equal(y1, expected)
