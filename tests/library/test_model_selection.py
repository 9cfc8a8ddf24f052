"""Splitters (property tests over n and k), cross_validate, grid_search_cv and random search."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcourse.data import train_test_split
from mlcourse.model_selection import (
    Distribution,
    KFold,
    LeaveOneOut,
    StratifiedKFold,
    cross_validate,
    grid_search_cv,
    holdout_split,
    log_uniform,
    randint,
    random_search_cv,
    sample_parameters,
    uniform,
)

PROPERTY = settings(max_examples=60, deadline=None)


@st.composite
def n_and_k(draw):
    n = draw(st.integers(2, 120))
    k = draw(st.integers(2, n))
    return n, k


def check_partition(splits, n):
    tests = [test for _, test in splits]
    counts = np.bincount(np.concatenate(tests), minlength=n)
    assert np.all(counts == 1), "every sample is in exactly one test fold"
    for train, test in splits:
        assert len(np.intersect1d(train, test)) == 0
        np.testing.assert_array_equal(np.union1d(train, test), np.arange(n))
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)  # sorted


@PROPERTY
@given(n_and_k(), st.booleans(), st.integers(0, 2**31))
def test_kfold_partitions_and_sizes(nk, shuffle, seed):
    n, k = nk
    splitter = KFold(k, shuffle=shuffle, seed=seed) if shuffle else KFold(k)
    splits = list(splitter.split(np.zeros((n, 3))))
    assert len(splits) == k == splitter.get_n_splits()
    check_partition(splits, n)
    expected_sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
    assert [len(test) for _, test in splits] == expected_sizes
    if not shuffle:  # contiguous blocks, in order
        np.testing.assert_array_equal(np.concatenate([test for _, test in splits]), np.arange(n))


@PROPERTY
@given(st.integers(2, 40))
def test_leave_one_out_equals_kfold_with_k_equal_n(n):
    loo = list(LeaveOneOut().split(np.zeros(n)))
    kfold = list(KFold(n).split(np.zeros(n)))
    assert len(loo) == n == LeaveOneOut().get_n_splits(np.zeros(n))
    for (train_a, test_a), (train_b, test_b) in zip(loo, kfold):
        np.testing.assert_array_equal(train_a, train_b)
        np.testing.assert_array_equal(test_a, test_b)


@PROPERTY
@given(st.lists(st.integers(0, 3), min_size=2, max_size=120), st.integers(2, 10), st.booleans(), st.integers(0, 1000))
def test_stratified_kfold_keeps_class_ratios_within_one_sample(labels, k, shuffle, seed):
    y = np.array(labels)
    n = len(y)
    k = min(k, np.bincount(y).max())  # k above every class size is refused (as in scikit-learn)
    if k < 2:
        return
    splitter = StratifiedKFold(k, shuffle=shuffle, seed=seed) if shuffle else StratifiedKFold(k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # classes smaller than k are allowed here
        splits = list(splitter.split(np.zeros(n), y))
    check_partition(splits, n)
    sizes = [len(test) for _, test in splits]
    assert max(sizes) - min(sizes) <= 1
    for label in np.unique(y):
        n_class = np.sum(y == label)
        per_fold = [np.sum(y[test] == label) for _, test in splits]
        assert set(per_fold) <= {n_class // k, -(-n_class // k)}  # floor or ceil of n_class / k


def test_kfold_known_example_and_shuffle_reproducibility():
    assert [test.tolist() for _, test in KFold(3).split(np.zeros(7))] == [[0, 1, 2], [3, 4], [5, 6]]
    seeded = KFold(3, shuffle=True, seed=5)
    first = [test.tolist() for _, test in seeded.split(10)]
    assert first == [test.tolist() for _, test in seeded.split(10)]  # same seed, same folds
    assert first != [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    generator = KFold(3, shuffle=True, rng=np.random.default_rng(5))
    draws = [[test.tolist() for _, test in generator.split(10)] for _ in range(3)]
    assert draws[0] != draws[1] or draws[1] != draws[2]  # a generator advances


def test_stratified_kfold_warns_about_small_classes():
    y = np.array([0] * 8 + [1] * 2)
    with pytest.warns(UserWarning, match="fewer than n_splits=3"):
        list(StratifiedKFold(3).split(np.zeros(10), y))


def test_holdout_split_is_the_index_form_of_train_test_split():
    train, test = holdout_split(20, 0.25, seed=3)
    X = np.arange(20)
    X_train, X_test, _, _ = train_test_split(X, X, test_size=0.25, seed=3)
    np.testing.assert_array_equal(train, X_train)
    np.testing.assert_array_equal(test, X_test)
    assert len(test) == 5


class MeanRegressor:
    """Predicts the training mean; score is minus the mean squared error."""

    built = 0

    def __init__(self, shift=0.0):
        MeanRegressor.built += 1
        self.shift = shift

    def fit(self, X, y, *, extra=0.0):
        self.mean_ = float(np.mean(y)) + self.shift + extra
        return self

    def score(self, X, y):
        return -float(np.mean((y - self.mean_) ** 2))


def test_cross_validate_scores_by_hand():
    X = np.zeros((6, 1))
    y = np.array([0.0, 2.0, 4.0, 6.0, 8.0, 10.0])
    MeanRegressor.built = 0
    result = cross_validate(MeanRegressor, X, y, cv=3)
    # folds [0,1] [2,3] [4,5]; training means 7, 5, 3
    expected = [
        -np.mean((np.array([0, 2]) - 7) ** 2),
        -np.mean((np.array([4, 6]) - 5) ** 2),
        -np.mean((np.array([8, 10]) - 3) ** 2),
    ]
    np.testing.assert_allclose(result.scores, expected)
    np.testing.assert_allclose(result.train_scores, [-5.0, -17.0, -5.0])
    assert MeanRegressor.built == 3  # a fresh model per fold
    assert result.mean == pytest.approx(np.mean(expected)) and result.std == pytest.approx(np.std(expected))
    assert len(result.fit_times) == 3 and result.total_time >= 0


def test_cross_validate_fit_kwargs_custom_score_and_loo():
    X = np.zeros((4, 1))
    y = np.array([1.0, 1.0, 1.0, 1.0])
    result = cross_validate(
        MeanRegressor, X, y, LeaveOneOut(), fit_kwargs={"extra": 2.0}, score=lambda model, X_part, y_part: model.mean_
    )
    np.testing.assert_array_equal(result.scores, [3.0] * 4)


def test_grid_search_cv_order_and_values():
    X = np.zeros((6, 1))
    y = np.arange(6.0)
    results = grid_search_cv(
        lambda **p: MeanRegressor(**p), {"shift": [0.0, 1.0, -1.0]}, X, y, KFold(3, shuffle=True, seed=0)
    )
    assert [params for params, _ in results] == [{"shift": 0.0}, {"shift": 1.0}, {"shift": -1.0}]
    means = [result.mean for _, result in results]
    assert means[0] > means[1] and means[0] > means[2]  # an unbiased mean is best
    best = max(results, key=lambda r: r[1].mean)
    assert best[0] == {"shift": 0.0}


# ------------------------------------------------------ scikit-learn's folds and refusals


def test_stratified_kfold_refuses_more_splits_than_members_of_every_class():
    y = np.repeat([0, 1, 2], 3)  # classes of 3 members: scikit-learn refuses 5 folds, this used to warn
    with pytest.raises(
        ValueError,
        match="n_splits=5 is larger than the number of members of every class "
        r"\(the largest class has 3\)",
    ):
        StratifiedKFold(5).split(np.zeros(9), y)


def test_stratified_kfold_warns_only_when_the_smallest_class_is_short():
    y = np.array([0] * 6 + [1] * 2)
    with pytest.warns(UserWarning, match=r"smallest class \(1\) has 2 samples, fewer than n_splits=3"):
        splits = list(StratifiedKFold(3).split(np.zeros(8), y))
    assert len(splits) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(StratifiedKFold(2).split(np.zeros(8), y))  # 2 <= every class: no warning


def test_stratified_kfold_codes_classes_in_order_of_appearance():
    # scikit-learn deals the classes in order of first appearance: here 1 before 0
    y = np.array([1, 1, 0, 0, 0, 1, 0])
    folds = [test.tolist() for _, test in StratifiedKFold(2).split(np.zeros(7), y)]
    assert folds == [[0, 1, 2, 3], [4, 5, 6]]


@pytest.mark.parametrize(
    "y, error, message",
    [
        (
            np.array([0.5, 1.5, 0.5, 1.5]),
            ValueError,
            "floats that are not whole numbers such as 0.5: StratifiedKFold needs classes, not a continuous target",
        ),
        (np.array([0.0, np.nan, 0.0, 1.0]), ValueError, r"y must be finite class labels, got 1 NaN/inf value\(s\)"),
        (np.array([0, None, 1, 1], dtype=object), TypeError, "y must be class labels of one sortable kind"),
        (np.zeros((4, 1)), ValueError, r"y must be 1-D labels of length n_samples=4, got shape \(4, 1\)"),
        (np.array([1j, 2j, 1j, 2j]), TypeError, "y must be class labels .integers or strings., got dtype complex128"),
    ],
)
def test_stratified_kfold_refuses_labels_that_are_not_classes(y, error, message):
    with pytest.raises(error, match=message):
        StratifiedKFold(2).split(np.zeros(4), y)


def test_stratified_kfold_takes_string_and_whole_float_labels():
    strings = [test.tolist() for _, test in StratifiedKFold(2).split(4, np.array(["a", "b", "a", "b"]))]
    floats = [test.tolist() for _, test in StratifiedKFold(2).split(4, np.array([0.0, 1.0, 0.0, 1.0]))]
    assert strings == floats == [[0, 1], [2, 3]]


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: KFold(3, seed=0), ValueError, "a seed or rng has no effect with shuffle=False"),
        (lambda: StratifiedKFold(3, rng=np.random.default_rng(0)), ValueError, "has no effect with shuffle=False"),
        (lambda: KFold(3, shuffle="yes"), TypeError, "shuffle must be True or False, got str 'yes'"),
        (lambda: KFold(3.0), TypeError, "n_splits must be an integer, got float 3.0"),
        (lambda: KFold(True), TypeError, "n_splits must be an integer, got bool"),
        (lambda: StratifiedKFold(1), ValueError, "n_splits must be >= 2, got 1"),
    ],
)
def test_splitter_construction_refusals(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    "X, error, message",
    [
        ("abcdef", TypeError, "X must be an array of samples or their number, got str"),
        (3.5, TypeError, "X must be an array of samples or their number, got float"),
        (-4, ValueError, r"X \(a number of samples\) must be >= 0, got -4"),
        (np.float64(6.0), TypeError, "X must be an array of samples or their number"),
        (None, TypeError, "X must be an array of samples or their number, got NoneType"),
    ],
)
def test_splitters_refuse_what_is_not_samples(X, error, message):
    for splitter in (KFold(2), LeaveOneOut()):
        with pytest.raises(error, match=message):
            splitter.split(X)


def _sk():
    return pytest.importorskip(
        "sklearn.model_selection", reason="scikit-learn is optional: comparison with its splitters skipped"
    )


def _folds(splits):
    return [(train.tolist(), test.tolist()) for train, test in splits]


def test_kfold_and_leave_one_out_equal_scikit_learn():
    sk = _sk()
    for n in range(1, 40):
        X = np.zeros((n, 2))
        for k in range(2, 12):
            if k > n:
                with pytest.raises(ValueError):
                    list(sk.KFold(k).split(X))
                with pytest.raises(ValueError, match=f"n_splits={k} is larger than the number of samples"):
                    KFold(k).split(X)
                continue
            assert _folds(KFold(k).split(X)) == _folds(sk.KFold(k).split(X))
            shuffled = [len(test) for _, test in KFold(k, shuffle=True, seed=n).split(X)]
            assert shuffled == [len(test) for _, test in sk.KFold(k, shuffle=True, random_state=n).split(X)]
        if n < 2:
            with pytest.raises(ValueError):
                list(sk.LeaveOneOut().split(X))
            with pytest.raises(ValueError, match="at least 2 samples"):
                LeaveOneOut().split(X)
        else:
            assert _folds(LeaveOneOut().split(X)) == _folds(sk.LeaveOneOut().split(X))


def test_stratified_kfold_equals_scikit_learn():
    sk = _sk()
    rng = np.random.default_rng(1)
    outcomes = set()
    for _ in range(400):
        n_classes = int(rng.integers(1, 5))
        counts = rng.integers(1, 12, size=n_classes)
        labels = rng.choice([3, 0, 7, 1, 5], size=n_classes, replace=False)
        y = rng.permutation(np.repeat(labels, counts))
        X = np.zeros((len(y), 1))
        k = int(rng.integers(2, 9))
        with warnings.catch_warnings(record=True) as theirs_warned:
            warnings.simplefilter("always")
            try:
                theirs = _folds(sk.StratifiedKFold(k).split(X, y))
            except ValueError:
                theirs = None
        if theirs is None:
            with pytest.raises(ValueError):
                StratifiedKFold(k).split(X, y)
            outcomes.add("refused")
            continue
        with warnings.catch_warnings(record=True) as ours_warned:
            warnings.simplefilter("always")
            ours = _folds(StratifiedKFold(k).split(X, y))
        assert ours == theirs
        assert (len(ours_warned) > 0) == any(issubclass(w.category, UserWarning) for w in theirs_warned)
        outcomes.add("warned" if ours_warned else "silent")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            shuffled = [len(test) for _, test in StratifiedKFold(k, shuffle=True, seed=0).split(X, y)]
        assert shuffled == [len(test) for _, test in theirs]  # fold sizes do not depend on the shuffle
    assert outcomes == {"refused", "warned", "silent"}


# ------------------------------------------------------ cross_validate / grid_search_cv arguments


class CountingModel(MeanRegressor):
    fits = 0

    def fit(self, X, y, **kwargs):
        CountingModel.fits += 1
        return super().fit(X, y, **kwargs)


class NoScore:
    def fit(self, X, y):
        return self


BAD_CROSS_VALIDATE = [
    ({"build_model": 5}, TypeError, "build_model must be a callable that returns a new, unfitted model.*got int 5"),
    (
        {"build_model": lambda: None},
        TypeError,
        r"build_model\(\) must return a model with a fit\(X, y\) method, "
        "got NoneType",
    ),
    ({"build_model": lambda: "model"}, TypeError, r"build_model\(\) must return a model with a fit"),
    (
        {"build_model": CountingModel()},
        TypeError,
        "build_model must build a new model for every fold, got the model CountingModel itself",
    ),
    ({"build_model": NoScore}, TypeError, r"returned a NoScore without a score\(X, y\) method: pass score="),
    ({"cv": "5"}, TypeError, "cv must be a number of folds .int. or a splitter such as KFold.5., got str '5'"),
    ({"cv": 1}, ValueError, r"cv \(the number of folds\) must be >= 2, got 1"),
    ({"cv": 2.0}, TypeError, "cv must be a number of folds .int. or a splitter"),
    ({"cv": KFold}, TypeError, "cv must be a number of folds .int. or a splitter .*got type"),
    ({"cv": 7}, ValueError, "n_splits=7 is larger than the number of samples n_samples=6"),
    ({"fit_kwargs": 5}, TypeError, "fit_kwargs must be a dict of keyword arguments for fit, or None, got int"),
    ({"fit_kwargs": {1: 2}}, TypeError, r"fit_kwargs must have str keys"),
    ({"score": "mse"}, TypeError, r"score must be a callable score\(model, X, y\) -> float, or None, got str"),
    ({"y": np.zeros(5)}, ValueError, r"same number of samples, got shapes \(6, 1\) and \(5,\)"),
    ({"X": [[1.0], [2.0, 3.0]] * 3}, TypeError, "X must be an array of samples, got list"),
]


@pytest.mark.parametrize("overrides, error, message", BAD_CROSS_VALIDATE)
def test_cross_validate_refuses_bad_arguments_before_training(overrides, error, message):
    arguments = dict(build_model=CountingModel, X=np.zeros((6, 1)), y=np.arange(6.0), cv=3)
    arguments.update(overrides)
    CountingModel.fits = 0
    with pytest.raises(error, match=message):
        cross_validate(**arguments)
    assert CountingModel.fits == 0


def test_cross_validate_refuses_a_score_that_is_not_a_number():
    with pytest.raises(TypeError, match="a score must be a number, got NoneType None from the score function"):
        cross_validate(MeanRegressor, np.zeros((6, 1)), np.arange(6.0), 3, score=lambda model, X, y: None)
    result = cross_validate(
        MeanRegressor, np.zeros((6, 1)), np.arange(6.0), 3, score=lambda model, X, y: np.array(2.0)
    )  # a 0-d array is a number
    np.testing.assert_array_equal(result.scores, [2.0, 2.0, 2.0])


@pytest.mark.parametrize(
    "overrides, error, message",
    [
        ({"build_model": None}, TypeError, "build_model must be a callable .*got NoneType"),
        (
            {"param_grid": [("shift", [0.0])]},
            TypeError,
            "param_grid must be a dict of parameter name -> list of values, got list",
        ),
        ({"param_grid": {}}, ValueError, "param_grid must be a non-empty dict"),
        ({"param_grid": {0: [1.0]}}, TypeError, r"param_grid keys must be parameter names \(str\), got int 0"),
        ({"param_grid": {"shift": 0.5}}, TypeError, r"param_grid\['shift'\] must be a list of values, got float 0.5"),
        ({"param_grid": {"shift": "abc"}}, TypeError, r"param_grid\['shift'\] must be a list of values, got str"),
        ({"param_grid": {"shift": []}}, ValueError, r"param_grid\['shift'\] must be a non-empty list of values"),
        ({"cv": "5"}, TypeError, "cv must be a number of folds"),
        ({"score": 3}, TypeError, "score must be a callable"),
        ({"build_model": lambda **p: None}, TypeError, r"build_model\(\) must return a model with a fit"),
    ],
)
def test_grid_search_cv_refuses_bad_arguments_before_training(overrides, error, message):
    arguments = dict(
        build_model=lambda **p: CountingModel(**p),
        param_grid={"shift": [0.0, 1.0]},
        X=np.zeros((6, 1)),
        y=np.arange(6.0),
        cv=3,
    )
    arguments.update(overrides)
    CountingModel.fits = 0
    with pytest.raises(error, match=message):
        grid_search_cv(**arguments)
    assert CountingModel.fits == 0


def test_holdout_split_takes_scikit_learn_sizes():
    train, test = holdout_split(11, 0.2, seed=0)
    assert (len(train), len(test)) == (8, 3)
    train, test = holdout_split(10, train_size=6, seed=0)
    assert (len(train), len(test)) == (6, 4)
    with pytest.raises(TypeError, match="n_samples must be an integer, got float 10.0"):
        holdout_split(10.0)


def test_cross_validate_refuses_a_nan_score():
    with pytest.raises(ValueError, match="a score must be a number, got NaN from the score function"):
        cross_validate(MeanRegressor, np.zeros((6, 1)), np.arange(6.0), 3, score=lambda model, X, y: float("nan"))


def test_grid_search_cv_names_a_parameter_the_builder_does_not_take():
    with pytest.raises(
        TypeError,
        match=r"build_model\(\*\*\{'bogus': 1\}\) with the values of param_grid failed: "
        ".*unexpected keyword argument 'bogus'",
    ):
        grid_search_cv(lambda **p: MeanRegressor(**p), {"bogus": [1]}, np.zeros((6, 1)), np.arange(6.0), 3)


def test_grid_search_cv_takes_ragged_values_and_splitters_take_ragged_lists():
    # tuples of different lengths (hidden_layer_sizes) are values, not an array to convert
    results = grid_search_cv(
        lambda shift: MeanRegressor(shift=len(shift)), {"shift": [(1,), (1, 2)]}, np.zeros((6, 1)), np.arange(6.0), 3
    )
    assert [params for params, _ in results] == [{"shift": (1,)}, {"shift": (1, 2)}]
    assert [test.tolist() for _, test in KFold(2).split([[1.0], [1.0, 2.0], [3.0], [4.0]])] == [[0, 1], [2, 3]]


# ------------------------------------------------------------------ random search

N_DRAWS = 20_000


def test_log_uniform_puts_half_its_draws_below_the_geometric_mean():
    low, high = 1e-4, 1e-1
    draws = log_uniform(low, high).sample(np.random.default_rng(0), N_DRAWS)
    below = int(np.sum(draws < np.sqrt(low * high)))
    assert abs(below - N_DRAWS / 2) <= 4 * np.sqrt(N_DRAWS / 4)  # binomial(n, 1/2): 4 standard deviations
    decades = np.histogram(draws, bins=[1e-4, 1e-3, 1e-2, 1e-1])[0]
    assert np.all(np.abs(decades - N_DRAWS / 3) <= 4 * np.sqrt(N_DRAWS * (1 / 3) * (2 / 3)))
    uniform_draws = uniform(low, high).sample(np.random.default_rng(0), N_DRAWS)
    p = (1e-2 - low) / (high - low)  # the uniform law puts only 9.9 % of its draws below 1e-2
    assert abs(np.mean(uniform_draws < 1e-2) - p) <= 4 * np.sqrt(p * (1 - p) / N_DRAWS)


@pytest.mark.parametrize("low, high", [(1e-4, 1e-1), (0.5, 2.0), (1e-300, 1e300), (5e-324, 1e-320)])
def test_the_log_of_log_uniform_draws_has_the_mean_and_variance_of_a_uniform_law(low, high):
    draws = log_uniform(low, high).sample(np.random.default_rng(1), N_DRAWS)
    assert draws.shape == (N_DRAWS,) and draws.min() >= low and draws.max() <= high
    logs = np.log(draws)
    a, b = np.log(low), np.log(high)
    mean, variance = (a + b) / 2, (b - a) ** 2 / 12
    fourth_moment = (b - a) ** 4 / 80
    assert abs(logs.mean() - mean) <= 4 * np.sqrt(variance / N_DRAWS)
    assert abs(logs.var() - variance) <= 4 * np.sqrt((fourth_moment - variance**2) / N_DRAWS)
    if low > 1e-300:  # away from the subnormals, the draws reach close to both ends
        assert logs.min() - a < 1e-3 * (b - a) and b - logs.max() < 1e-3 * (b - a)


def test_uniform_and_randint_draws_have_their_laws_moments():
    draws = uniform(-2.0, 6.0).sample(np.random.default_rng(2), N_DRAWS)
    assert draws.min() >= -2.0 and draws.max() < 6.0
    assert abs(draws.mean() - 2.0) <= 4 * np.sqrt(64 / 12 / N_DRAWS)
    integers = randint(3, 8).sample(np.random.default_rng(2), N_DRAWS)
    assert integers.dtype.kind == "i" and set(integers.tolist()) == {3, 4, 5, 6, 7}  # high excluded
    counts = np.bincount(integers - 3)
    assert np.all(np.abs(counts - N_DRAWS / 5) <= 4 * np.sqrt(N_DRAWS * 0.2 * 0.8))


def test_samples_depend_only_on_the_generator_seed():
    for law in (log_uniform(1e-3, 1.0), uniform(0.0, 1.0), randint(0, 1000)):
        first = law.sample(np.random.default_rng(7), 50)
        np.testing.assert_array_equal(first, law.sample(np.random.default_rng(7), 50))
        assert not np.array_equal(first, law.sample(np.random.default_rng(8), 50))
    one = log_uniform(1e-3, 1.0).sample(np.random.default_rng(0))
    assert isinstance(one, float) and isinstance(randint(0, 5).sample(np.random.default_rng(0)), int)
    assert log_uniform(1e-3, 1.0).sample(np.random.default_rng(0), 0).shape == (0,)


def test_draws_equal_scipy_stats_from_the_same_generator():
    stats = pytest.importorskip("scipy.stats")
    pairs = [
        (log_uniform(1e-4, 1e-1), stats.loguniform(1e-4, 1e-1)),
        (uniform(-1.0, 3.0), stats.uniform(-1.0, 4.0)),
        (randint(2, 9), stats.randint(2, 9)),
    ]
    for ours, theirs in pairs:
        expected = theirs.rvs(size=100, random_state=np.random.default_rng(5))
        np.testing.assert_allclose(ours.sample(np.random.default_rng(5), 100), expected, rtol=1e-15)


def test_distribution_repr_and_construction():
    assert repr(log_uniform(1e-4, 1)) == "log_uniform(0.0001, 1.0)"
    assert repr(randint(1, 4)) == "randint(1, 4)"
    assert log_uniform(1e-4, 1) == Distribution("log_uniform", 1e-4, 1.0)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: log_uniform(0.0, 1.0), ValueError, "low must be a finite number > 0, got 0.0"),
        (lambda: log_uniform(-1.0, 1.0), ValueError, "low must be a finite number > 0, got -1.0"),
        (lambda: log_uniform(1.0, 1.0), ValueError, "high must be > low, got low=1.0 and high=1.0"),
        (lambda: log_uniform(1.0, 0.5), ValueError, "high must be > low, got low=1.0 and high=0.5"),
        (lambda: log_uniform(np.nan, 1.0), ValueError, "low must be a finite number > 0, got nan"),
        (lambda: log_uniform(1e-3, np.inf), ValueError, "high must be a finite number > 0, got inf"),
        (lambda: log_uniform("0.1", 1.0), TypeError, "low must be a number, got str"),
        (lambda: uniform(0.0, np.nan), ValueError, "high must be a finite number, got nan"),
        (lambda: uniform(2.0, 1.0), ValueError, "high must be > low"),
        (lambda: uniform(-1e308, 1e308), ValueError, "high - low must be a finite number"),
        (lambda: uniform(None, 1.0), TypeError, "low must be a real number, got NoneType"),
        (lambda: randint(0, 2.5), TypeError, "high must be an integer, got float 2.5"),
        (lambda: randint(True, 3), TypeError, "low must be an integer, got bool"),
        (lambda: randint(3, 3), ValueError, "high must be > low, got low=3 and high=3"),
        (lambda: randint(0, 2**64), ValueError, "high must be <= 9223372036854775807"),
        (lambda: Distribution("normal", 0.0, 1.0), ValueError, "unknown kind 'normal'"),
        (lambda: Distribution(None, 0.0, 1.0), TypeError, "kind must be a str"),
        (lambda: log_uniform(1e-3, 1.0).sample(None), TypeError, "rng must be a numpy.random.Generator"),
        (lambda: log_uniform(1e-3, 1.0).sample(0), TypeError, "rng must be a numpy.random.Generator .*got int 0"),
        (lambda: log_uniform(1e-3, 1.0).sample(np.random.default_rng(0), -1), ValueError, "size must be >= 0"),
        (lambda: log_uniform(1e-3, 1.0).sample(np.random.default_rng(0), 2.0), TypeError, "size must be an integer"),
    ],
)
def test_distributions_refuse_bad_bounds_and_arguments(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_sample_parameters_draws_lists_uniformly_and_distributions_by_their_law():
    settings = sample_parameters({"lr": log_uniform(1e-3, 1.0), "width": [16, 32, 64, 128]}, 4000, seed=0)
    assert len(settings) == 4000 and all(list(s) == ["lr", "width"] for s in settings)
    widths = np.array([s["width"] for s in settings])
    counts = np.array([np.sum(widths == w) for w in (16, 32, 64, 128)])
    assert np.all(np.abs(counts - 1000) <= 4 * np.sqrt(4000 * 0.25 * 0.75))
    rates = np.array([s["lr"] for s in settings])
    assert rates.min() >= 1e-3 and rates.max() <= 1.0
    assert abs(np.mean(rates < np.sqrt(1e-3)) - 0.5) <= 4 * np.sqrt(0.25 / 4000)
    assert settings == sample_parameters({"lr": log_uniform(1e-3, 1.0), "width": [16, 32, 64, 128]}, 4000, seed=0)
    assert settings != sample_parameters({"lr": log_uniform(1e-3, 1.0), "width": [16, 32, 64, 128]}, 4000, seed=1)


def test_sample_parameters_follows_the_documented_order_of_draws():
    rng = np.random.default_rng(4)
    law = log_uniform(1e-3, 1.0)
    expected = []
    for _ in range(3):
        lr = law.sample(rng)
        expected.append({"lr": lr, "sizes": [(8,), (16, 16)][int(rng.integers(2))]})
    assert sample_parameters({"lr": law, "sizes": [(8,), (16, 16)]}, 3, seed=4) == expected


def test_sample_parameters_on_lists_only_never_repeats_a_grid_point():
    grid = {"a": [1, 2, 3], "b": ["x", "y"]}
    settings = sample_parameters(grid, 6, seed=0)
    assert sorted((s["a"], s["b"]) for s in settings) == sorted(itertools.product([1, 2, 3], ["x", "y"]))
    with pytest.warns(UserWarning, match="n_iter=10 exceeds the 6 combinations"):
        assert len(sample_parameters(grid, 10, seed=0)) == 6
    assert len({(s["a"], s["b"]) for s in sample_parameters(grid, 4, seed=3)}) == 4
    values = [s["c"] for s in sample_parameters({"c": np.array([0.5, 1.5, 2.5])}, 3, seed=0)]
    assert sorted(values) == [0.5, 1.5, 2.5]  # an array of values is a list of choices


def test_sample_parameters_takes_scipy_stats_laws():
    stats = pytest.importorskip("scipy.stats")
    ours = sample_parameters({"lr": log_uniform(1e-4, 1e-1)}, 5, seed=0)
    theirs = sample_parameters({"lr": stats.loguniform(1e-4, 1e-1)}, 5, seed=0)
    np.testing.assert_allclose([s["lr"] for s in theirs], [s["lr"] for s in ours], rtol=1e-15)
    with pytest.raises(TypeError, match=r"distributions\['lr'\].rvs\(random_state=rng\) failed"):
        sample_parameters({"lr": stats.loguniform}, 2, seed=0)  # the unfrozen law lacks its bounds


def test_random_search_cv_scores_each_sampled_setting_as_cross_validate_does():
    X, y = np.zeros((12, 1)), np.arange(12.0) ** 1.5
    distributions = {"shift": uniform(-2.0, 2.0)}
    folds = KFold(4, shuffle=True, seed=0)
    results = random_search_cv(lambda **p: MeanRegressor(**p), distributions, X, y, folds, n_iter=6, seed=3)
    assert [params for params, _ in results] == sample_parameters(distributions, 6, seed=3)
    for params, result in results:
        by_hand = cross_validate(lambda: MeanRegressor(**params), X, y, folds)
        np.testing.assert_array_equal(result.scores, by_hand.scores)
        np.testing.assert_array_equal(result.train_scores, by_hand.train_scores)
    best = max(results, key=lambda r: r[1].mean)
    assert abs(best[0]["shift"]) == min(abs(params["shift"]) for params, _ in results)  # the unbiased mean wins


def test_random_search_cv_on_lists_covers_the_grid_of_grid_search_cv():
    X, y = np.zeros((6, 1)), np.arange(6.0)
    grid = {"shift": [0.0, 1.0, -1.0]}
    randomly = random_search_cv(lambda **p: MeanRegressor(**p), grid, X, y, 3, n_iter=3, seed=0)
    exhaustively = grid_search_cv(lambda **p: MeanRegressor(**p), grid, X, y, 3)
    as_dict = {params["shift"]: result.mean for params, result in exhaustively}
    assert sorted(params["shift"] for params, _ in randomly) == sorted(as_dict)
    for params, result in randomly:
        assert result.mean == as_dict[params["shift"]]


BAD_RANDOM_SEARCH = [
    ({"build_model": None}, TypeError, "build_model must be a callable .*got NoneType"),
    ({"distributions": [("shift", [0.0])]}, TypeError, "distributions must be a dict of parameter name"),
    ({"distributions": {}}, ValueError, "distributions must be a non-empty dict"),
    ({"distributions": {0: [1.0]}}, TypeError, r"distributions keys must be parameter names \(str\), got int 0"),
    ({"distributions": {"shift": "abc"}}, TypeError, r"distributions\['shift'\] must be a distribution .*got str"),
    ({"distributions": {"shift": 0.5}}, TypeError, r"distributions\['shift'\] must be a distribution"),
    ({"distributions": {"shift": {1, 2}}}, TypeError, r"distributions\['shift'\] must be a distribution .*got set"),
    ({"distributions": {"shift": []}}, ValueError, r"distributions\['shift'\] must be a non-empty list of values"),
    (
        {"distributions": {"shift": log_uniform}},
        TypeError,
        r"distributions\['shift'\] is the function log_uniform itself: call it, log_uniform\(low, high\)",
    ),
    ({"distributions": {"shift": Distribution}}, TypeError, r"distributions\['shift'\] must be a distribution"),
    (
        {"distributions": {"bogus": uniform(0.0, 1.0)}},
        TypeError,
        r"build_model\(\*\*\{'bogus': .*\}\) with the values of distributions failed",
    ),
    ({"n_iter": 0}, ValueError, "n_iter must be >= 1, got 0"),
    ({"n_iter": 2.5}, TypeError, "n_iter must be an integer"),
    ({"seed": -1}, ValueError, "seed must be a non-negative integer"),
    ({"seed": 0, "rng": np.random.default_rng(0)}, ValueError, "pass rng or seed, not both"),
    ({"cv": "5"}, TypeError, "cv must be a number of folds"),
    ({"score": 3}, TypeError, "score must be a callable"),
    ({"fit_kwargs": 5}, TypeError, "fit_kwargs must be a dict"),
    ({"build_model": lambda **p: None}, TypeError, r"build_model\(\) must return a model with a fit"),
    ({"y": np.zeros(5)}, ValueError, "X and y must have the same number of samples"),
]


@pytest.mark.parametrize("overrides, error, message", BAD_RANDOM_SEARCH)
def test_random_search_cv_refuses_bad_arguments_before_training(overrides, error, message):
    arguments = dict(
        build_model=lambda **p: CountingModel(**p),
        distributions={"shift": uniform(-1.0, 1.0)},
        X=np.zeros((6, 1)),
        y=np.arange(6.0),
        cv=3,
        n_iter=3,
        seed=0,
    )
    arguments.update(overrides)
    CountingModel.fits = 0
    with pytest.raises(error, match=message):
        random_search_cv(**arguments)
    assert CountingModel.fits == 0
