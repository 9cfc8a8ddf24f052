"""Data generators, the bundled digits, encoding, scaling, batching and augmentation."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import data

FIRST_DIGIT = [
    0,
    0,
    5,
    13,
    9,
    1,
    0,
    0,
    0,
    0,
    13,
    15,
    10,
    15,
    5,
    0,
    0,
    3,
    15,
    2,
    0,
    11,
    8,
    0,
    0,
    4,
    12,
    0,
    0,
    8,
    8,
    0,
    0,
    5,
    8,
    0,
    0,
    9,
    8,
    0,
    0,
    4,
    11,
    0,
    1,
    12,
    7,
    0,
    0,
    2,
    14,
    5,
    10,
    12,
    0,
    0,
    0,
    0,
    6,
    13,
    10,
    0,
    0,
    0,
]  # the first line of digits.csv.gz (a zero)


def test_load_digits_shape_dtype_range_and_first_row():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    np.testing.assert_array_equal(X[0], FIRST_DIGIT)
    assert y[0] == 0
    counts = np.bincount(y, minlength=10)
    assert len(counts) == 10 and counts.sum() == 1797
    assert counts.min() >= 174 and counts.max() <= 183


def test_load_digits_as_images_and_fresh_copies():
    images, y = data.load_digits(as_images=True)
    assert images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images[0], np.reshape(FIRST_DIGIT, (8, 8)))
    images[0] = -1.0  # modifying what was returned must not change the next load
    X, _ = data.load_digits()
    np.testing.assert_array_equal(X[0], FIRST_DIGIT)
    assert "Alpaydin" in data.DIGITS_CITATION and "10.24432/C50P49" in data.DIGITS_CITATION


@pytest.mark.parametrize(
    "name, truth", [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0]), ("nand", [1, 1, 1, 0])]
)
def test_logic_gates(name, truth):
    X, y01 = data.logic_gate(name, labels="01")
    _, ypm = data.logic_gate(name.upper())
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert X.dtype == np.float64 and X.shape == (4, 2)
    np.testing.assert_array_equal(y01, truth)
    np.testing.assert_array_equal(ypm, 2 * np.array(truth) - 1)
    assert y01.dtype == ypm.dtype == np.int64


def test_moons_lie_on_two_half_circles_without_noise():
    X, y = data.make_moons(101, noise=0.0, seed=1)
    assert X.shape == (101, 2) and np.bincount(y).tolist() == [50, 51]
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.all(upper[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)
    assert not np.all(np.diff(y) >= 0)  # shuffled, not sorted by class


def test_moons_noise_and_determinism():
    X1, y1 = data.make_moons(200, noise=0.2, seed=3)
    X2, y2 = data.make_moons(200, noise=0.2, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X0, _ = data.make_moons(200, noise=0.2, seed=4)
    assert not np.array_equal(X0, X1)


def test_circles_radii():
    X, y = data.make_circles(40, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)
    assert np.bincount(y).tolist() == [20, 20]


def test_spirals_class_sizes_and_geometry():
    X, y = data.make_spirals(100, n_classes=3, noise=0.0, turns=1.5, seed=0)
    assert np.bincount(y).tolist() == [34, 33, 33]
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.min() == pytest.approx(0.05) and radius.max() == pytest.approx(1.0)
    # angle = 2 pi (turns * r + label / n_classes), modulo 2 pi
    expected = 2 * np.pi * (1.5 * radius + y / 3)
    difference = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    np.testing.assert_allclose(difference, 0.0, atol=1e-9)


def test_blobs_given_centres():
    centres = np.array([[0.0, 0.0, 0.0], [10.0, -10.0, 5.0]])
    X, y = data.make_blobs(2001, centers=centres, cluster_std=[0.0, 0.5], seed=0)
    assert X.shape == (2001, 3) and np.bincount(y).tolist() == [1001, 1000]
    np.testing.assert_array_equal(X[y == 0], 0.0)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), centres[1], atol=0.1)
    np.testing.assert_allclose(X[y == 1].std(axis=0), 0.5, rtol=0.1)
    X_random, y_random = data.make_blobs(30, centers=4, n_features=5, seed=0)
    assert X_random.shape == (30, 5) and np.bincount(y_random).tolist() == [8, 8, 7, 7]


def test_noisy_sine_and_outliers():
    X, y = data.make_noisy_sine(60, noise=0.0, n_outliers=3, outlier_size=2.5, frequency=2.0, seed=0)
    residual = y - np.sin(2.0 * X[:, 0])
    assert X.shape == (60, 1)
    assert np.sum(np.isclose(residual, 2.5)) == 3
    assert np.sum(np.isclose(residual, 0.0)) == 57
    assert X.min() >= 0 and X.max() <= 2 * np.pi


def test_generators_leave_global_numpy_state_alone():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    data.make_moons(50, seed=0)
    data.make_spirals(50)
    data.make_blobs(50)
    data.add_gaussian_jitter(np.zeros((3, 2)), np.zeros(3))
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_one_hot():
    np.testing.assert_array_equal(data.one_hot([2, 0, 1]), [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    encoded = data.one_hot(np.array([1, 1]), n_classes=4, dtype=np.float32)
    assert encoded.dtype == np.float32
    np.testing.assert_array_equal(encoded, [[0, 1, 0, 0], [0, 1, 0, 0]])


def test_standardizer_uses_training_statistics_only():
    train = np.array([[1.0, 10.0, 3.0], [3.0, 20.0, 3.0], [5.0, 30.0, 3.0]])
    test = np.array([[7.0, 0.0, 4.0]])
    scaler = data.Standardizer().fit(train)
    std0, std1 = np.sqrt(8 / 3), np.sqrt(200 / 3)  # population standard deviations by hand
    np.testing.assert_allclose(scaler.mean_, [3.0, 20.0, 3.0])
    np.testing.assert_allclose(scaler.scale_, [std0, std1, 1.0])  # constant column: scale 1
    np.testing.assert_allclose(scaler.transform(test), [[4 / std0, -20 / std1, 1.0]])
    scaled = scaler.transform(train)
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(scaled.std(axis=0), [1.0, 1.0, 0.0])
    assert np.all(np.isfinite(scaled))
    np.testing.assert_allclose(scaler.inverse_transform(scaled), train)


def test_standardizer_keeps_float32():
    X = np.arange(12, dtype=np.float32).reshape(4, 3)
    scaler = data.Standardizer()
    out = scaler.fit_transform(X)
    assert out.dtype == np.float32 and scaler.inverse_transform(out).dtype == np.float32


def test_batches_sizes_order_and_shuffle():
    X = np.arange(14.0).reshape(7, 2)
    y = np.arange(7)
    plain = list(data.batches(X, y, 3))
    assert [len(yb) for _, yb in plain] == [3, 3, 1]
    np.testing.assert_array_equal(np.concatenate([xb for xb, _ in plain]), X)
    shuffled = list(data.batches(X, y, 3, shuffle=True, seed=0))
    seen = np.concatenate([yb for _, yb in shuffled])
    assert sorted(seen.tolist()) == list(range(7)) and seen.tolist() != list(range(7))
    for xb, yb in shuffled:
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)  # rows stay paired with their labels
    again = np.concatenate([yb for _, yb in data.batches(X, y, 3, shuffle=True, seed=0)])
    np.testing.assert_array_equal(seen, again)
    assert [len(yb) for _, yb in data.batches(X, y, 1)] == [1] * 7
    assert [len(yb) for _, yb in data.batches(X, y, 100)] == [7]


def test_gaussian_jitter():
    X = np.ones((500, 2), dtype=np.float32)
    y = np.arange(500)
    X_aug, y_aug = data.add_gaussian_jitter(X, y, copies=2, std=0.1, seed=0)
    assert X_aug.shape == (1500, 2) and X_aug.dtype == np.float32
    np.testing.assert_array_equal(X_aug[:500], X)
    np.testing.assert_array_equal(y_aug, np.tile(y, 3))
    assert np.std(X_aug[500:] - 1) == pytest.approx(0.1, rel=0.05)


def test_shift_digits_moves_pixels_with_zero_fill():
    image = np.arange(1.0, 65.0).reshape(1, 64)  # pixel (r, c) holds 8 r + c + 1
    X_aug, y_aug = data.shift_digits(image, np.array([7]))
    assert X_aug.shape == (5, 64) and y_aug.tolist() == [7] * 5
    grid = image.reshape(8, 8)
    right, left, down, up = (X_aug[k].reshape(8, 8) for k in range(1, 5))
    np.testing.assert_array_equal(right[:, 1:], grid[:, :-1])
    np.testing.assert_array_equal(right[:, 0], 0)
    np.testing.assert_array_equal(left[:, :-1], grid[:, 1:])
    np.testing.assert_array_equal(left[:, -1], 0)
    np.testing.assert_array_equal(down[1:], grid[:-1])
    np.testing.assert_array_equal(down[0], 0)
    np.testing.assert_array_equal(up[:-1], grid[1:])
    np.testing.assert_array_equal(up[-1], 0)


def test_make_noisy_line_unchanged():
    X, y = data.make_noisy_line(5, noise=0.0, seed=0)
    np.testing.assert_allclose(y, 2.0 * X[:, 0] + 1.0)


def test_add_bias_column_puts_the_one_first_and_keeps_the_dtype():
    from mlcourse.data import add_bias_column

    X = np.array([[2.0, 3.0], [4.0, 5.0]], dtype=np.float32)
    Z = add_bias_column(X)
    assert Z.dtype == np.float32
    np.testing.assert_array_equal(Z, [[1, 2, 3], [1, 4, 5]])
    w, b = np.array([0.5, -1.0]), 2.0
    np.testing.assert_allclose(Z @ np.r_[b, w], X @ w + b)  # the bias is the weight of the constant input


@pytest.mark.parametrize("bad, error", [([1.0, 2.0], ValueError), ([[np.nan, 1.0]], ValueError), ([["a"]], TypeError)])
def test_add_bias_column_refuses_bad_input(bad, error):
    from mlcourse.data import add_bias_column

    with pytest.raises(error, match="X"):
        add_bias_column(bad)


# ------------------------------------------------------------------ bad arguments


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: data.one_hot(np.array([0.0, 1e20])),
            ValueError,
            r"labels must be integer class labels below 2\*\*53, got values up to 1e\+20",
        ),
        (
            lambda: data.one_hot(np.array([0.0, np.inf])),
            ValueError,
            r"labels must be integer class labels, got 1 NaN/inf",
        ),
        (lambda: data.one_hot([]), ValueError, "labels must not be empty"),
        (lambda: data.one_hot([0, 1], dtype="banana"), TypeError, "dtype must be a numpy dtype such as np.float32"),
        (lambda: data.one_hot([0, 1], dtype=object), TypeError, "dtype must be a numeric numpy dtype .*got object"),
        (lambda: data.load_digits(as_images="yes"), TypeError, "as_images must be True or False, got str 'yes'"),
        (
            lambda: data.batches(np.zeros((4, 1)), np.zeros(4), 2, shuffle="no"),
            TypeError,
            "shuffle must be True or False, got str 'no'",
        ),
        (lambda: data.batches([[1.0], [2.0, 3.0]], [0, 1], 1), TypeError, "X must be an array of samples, got list"),
        (
            lambda: data.shift_digits(np.zeros((2, 64)), [0, 1], shifts=5),
            TypeError,
            "shifts must be a sequence of .down, right. pairs, got int 5",
        ),
        (lambda: data.shift_digits(np.zeros((2, 64)), [0, 1], shifts="ab"), TypeError, "shifts must be a sequence"),
        (
            lambda: data.shift_digits(np.zeros((2, 64)), [0, 1], shifts=[(0, 8)]),
            ValueError,
            "each shift in shifts must be <= 7, got 8",
        ),
        (lambda: data.logic_gate(3), TypeError, r"name must be the name of a gate \(str\), one of .*got int 3"),
        (lambda: data.logic_gate("and", labels=None), TypeError, "labels must be 'pm1' or '01' .a str., got NoneType"),
        (lambda: data.make_moons(10, noise=np.nan), ValueError, "noise must be a finite number >= 0, got nan"),
        (lambda: data.make_circles(10, factor=np.nan), ValueError, "factor must be a finite number > 0, got nan"),
        (lambda: data.make_spirals(10, turns=np.inf), ValueError, "turns must be a finite number > 0, got inf"),
        (lambda: data.make_blobs(10, centers=[[0.0, np.nan]]), ValueError, r"centers must be finite, got 1 NaN/inf"),
        (lambda: data.make_blobs(10, cluster_std=np.nan), ValueError, r"cluster_std must be finite"),
        (
            lambda: data.make_blobs(10, center_box=(0.0, np.inf)),
            ValueError,
            r"center_box must satisfy low < high \(both finite\), got \(0.0, inf\)",
        ),
        (lambda: data.make_blobs(10, center_box=(1.0, 2.0, 3.0)), TypeError, "center_box must be a pair of numbers"),
        (lambda: data.make_spirals(5, n_classes=6), ValueError, "n_samples must be >= n_classes = 6"),
        (lambda: data.make_blobs(2, centers=3), ValueError, r"n_samples must be >= the number of centers \(3"),
        (
            lambda: data.shift_digits(np.zeros((2, 64)), [0, 1], shifts=[(0, 1.5)]),
            TypeError,
            "each shift in shifts must be an integer, got float 1.5",
        ),
        (
            lambda: data.shift_digits(np.zeros((2, 64)), [0, 1], shifts=[(0,)]),
            ValueError,
            r"each shift in shifts must be a pair \(down, right\), got \(0,\)",
        ),
        (
            lambda: data.add_gaussian_jitter(np.zeros((3, 2)), np.zeros(3), std=np.inf),
            ValueError,
            "std must be a finite number >= 0, got inf",
        ),
        (lambda: data.Standardizer().fit(np.array([[np.nan, 1.0]])), ValueError, r"X must be finite, got 1 NaN/inf"),
    ],
)
def test_data_helpers_refuse_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_one_hot_still_takes_whole_float_labels():
    np.testing.assert_array_equal(data.one_hot(np.array([1.0, 0.0])), [[0, 1], [1, 0]])


def test_standardizer_extreme_values_give_finite_results_without_warning():
    import warnings

    X = np.array([[1e308, 1.0], [1.5e308, 2.0], [-1e308, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaler = data.Standardizer().fit(X)
        scaled = scaler.transform(X)
    assert np.all(np.isfinite(scaler.mean_)) and np.all(np.isfinite(scaler.scale_))
    assert np.all(np.isfinite(scaled))
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(scaled.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(scaler.mean_, [5e307, 2.0], rtol=1e-12)  # (1 + 1.5 - 1) / 3 * 1e308


def test_standardizer_ordinary_values_are_computed_as_before():
    X = np.random.default_rng(0).normal(3.0, 2.0, size=(50, 4))
    scaler = data.Standardizer().fit(X)
    np.testing.assert_array_equal(scaler.mean_, X.mean(axis=0))
    np.testing.assert_array_equal(scaler.transform(X), (X - X.mean(axis=0)) / X.std(axis=0))
