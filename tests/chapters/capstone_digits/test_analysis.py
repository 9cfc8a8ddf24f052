"""The capstone pipeline: split, in-fold standardization, training record, test accuracy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.capstone_digits.analysis import (
    RUN_EPOCHS,
    DigitsMLP,
    digits_split,
    learning_rate_run,
    train_digits_run,
)
from mlcourse.metrics import accuracy


@pytest.fixture(scope="module")
def split():
    return digits_split()


def test_split_is_stratified_and_complete(split):
    X_train, X_test, y_train, y_test = split
    # a float test_size takes ceil(test_size * n) samples, as scikit-learn: ceil(0.2 * 1797) = 360
    assert len(X_train) + len(X_test) == 1797 and len(X_test) == math.ceil(0.2 * 1797) == 360
    # every digit keeps its share within one sample
    shares = np.bincount(y_test, minlength=10) / np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    assert np.all(np.abs(shares - 0.2) < 1 / 170)


def test_standardizer_uses_training_statistics_only(split):
    X_train, X_test, y_train, _ = split
    model = DigitsMLP(epochs=1).fit(X_train[:500], y_train[:500])
    np.testing.assert_allclose(model.standardizer_.transform(X_train[:500]).mean(axis=0), 0, atol=1e-10)
    assert not np.allclose(model.standardizer_.transform(X_test).mean(axis=0), 0, atol=1e-3)


def test_reaches_high_test_accuracy(split):
    X_train, X_test, y_train, y_test = split
    model = DigitsMLP(hidden=64, learning_rate=0.01, epochs=15).fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.95
    probabilities = model.predict_proba(X_test)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert accuracy(y_test, model.predict(X_test)) == model.score(X_test, y_test)


def test_same_seed_same_model(split):
    X_train, X_test, y_train, _ = split
    a = DigitsMLP(epochs=3, seed=4).fit(X_train, y_train).predict_proba(X_test)
    b = DigitsMLP(epochs=3, seed=4).fit(X_train, y_train).predict_proba(X_test)
    np.testing.assert_array_equal(a, b)


def test_run_records_one_prediction_per_epoch_consistent_with_fit(split):
    X_train, _, y_train, _ = split
    run = train_digits_run(X_train, y_train, epochs=4, learning_rate=0.01)
    assert len(run.val_predictions) == 4 and len(run.history.val_accuracy) == 4
    for epoch in range(1, 5):  # fit's own validation accuracy agrees with the confusion matrix's diagonal
        matrix = run.confusion_at(epoch)
        assert matrix.sum() == len(run.y_val)
        assert np.trace(matrix) / matrix.sum() == pytest.approx(run.history.val_accuracy[epoch - 1])
    with pytest.raises(ValueError, match="epoch must be <= 4, got 5"):
        run.confusion_at(5)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"hidden": 0}, ValueError, "hidden must be >= 1, got 0"),
        ({"learning_rate": 0.0}, ValueError, r"learning_rate must be a finite number > 0, got 0.0"),
        ({"dropout": 1.0}, ValueError, r"dropout must lie in \[0, 1\), got 1.0"),
        ({"epochs": 1.5}, TypeError, "epochs must be an integer, got float"),
    ],
)
def test_bad_hyper_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        DigitsMLP(**kwargs)


def test_predicting_restores_the_training_mode(split):
    X_train, X_test, y_train, _ = split
    model = DigitsMLP(epochs=1, dropout=0.5).fit(X_train[:200], y_train[:200])
    first = model.predict_proba(X_test[:5])
    assert model.model_.training  # back in training mode after predicting
    np.testing.assert_array_equal(model.predict_proba(X_test[:5]), first)  # dropout off while predicting
    model.model_.eval()
    model.predict_proba(X_test[:5])
    assert not model.model_.training  # and an evaluating model stays in evaluation mode


def test_run_records_predictions_with_dropout_off(split):
    X_train, _, y_train, _ = split
    run = train_digits_run(X_train[:300], y_train[:300], epochs=2, dropout=0.5)
    assert run.estimator.model_.training  # recording an epoch restores the training mode
    with_dropout_off = np.argmax(run.estimator.predict_proba(run.X_val), axis=1)
    np.testing.assert_array_equal(run.val_predictions[-1], with_dropout_off)


def test_learning_rate_run_is_cached_and_validates_on_training_images(split):
    X_train, _, _, _ = split
    run = learning_rate_run(0.01)
    assert learning_rate_run(0.01) is run
    assert len(run.val_predictions) == len(run.history.train_loss) == RUN_EPOCHS
    # a fifth of the 1437 training images, rounded up: ceil(0.2 * 1437) = 288; the test set is never touched
    assert len(X_train) == 1437 and len(run.X_val) == math.ceil(0.2 * len(X_train)) == 288
    training_rows = {row.tobytes() for row in X_train}
    assert all(row.tobytes() in training_rows for row in run.X_val)


def test_bad_labels_and_unfitted(split):
    X_train, _, y_train, _ = split
    with pytest.raises(ValueError, match=r"y must lie in \[0, 9\], got values from 0 to 10"):
        DigitsMLP(epochs=1).fit(X_train[:3], np.array([0, 10, 1]))
    with pytest.raises(RuntimeError, match="not fitted yet"):
        DigitsMLP().predict(X_train[:2])


def test_exercise_checkers():
    from mlcourse.chapters.capstone_digits.exercises import (
        check_accuracy_and_recall,
        check_best_params,
    )

    matrix = np.diag([10] * 10)
    matrix[8, 1] = 5  # five 8s read as 1
    matrix[3, 8] = 2  # two 3s read as 8
    accuracy_value = 100 / 107
    assert check_accuracy_and_recall(matrix, accuracy_value, 10 / 15).correct
    precision = check_accuracy_and_recall(matrix, accuracy_value, 10 / 12)
    assert not precision.correct and "precision" in precision.message
    assert not check_accuracy_and_recall(matrix, 0.5, 10 / 15).correct

    class Result:
        def __init__(self, mean):
            self.mean = mean

    search = [({"a": 1}, Result(0.9)), ({"a": 2}, Result(0.95))]
    assert check_best_params(search, {"a": 2}).correct
    assert not check_best_params(search, {"a": 1}).correct


def test_standardize_false_uses_inputs_as_given(split):
    X_train, _, y_train, _ = split
    model = DigitsMLP(epochs=1, standardize=False).fit(X_train[:200], y_train[:200])
    np.testing.assert_array_equal(model.transform(X_train[:3]), X_train[:3])


def test_augmentation_comparison_scores_both_models_on_plain_and_shifted_validation_images():
    from mlcourse.chapters.capstone_digits.exercises import augmentation_comparison

    result = augmentation_comparison(epochs=2)
    assert result["validation images"] == 288
    assert all(0.0 <= result[key] <= 1.0 for key in result if key != "validation images")
    # only the augmented model has seen shifted digits: it reads them far better
    assert result["augmented, shifted images"] > result["plain, shifted images"] + 0.3
    assert result["plain"] > 0.9 and result["augmented"] > 0.9


# --- epoch_grid_search: the epochs cross-validated with the other settings, one run per setting and fold ---


@pytest.fixture(scope="module")
def small_search(split):
    from mlcourse.chapters.capstone_digits.analysis import epoch_grid_search

    X_train, _, y_train, _ = split
    grid = {"hidden": [8, 16], "l2": [0.0, 1e-3]}
    return epoch_grid_search(grid, X_train[:300], y_train[:300], max_epochs=3, n_folds=3), X_train[:300], y_train[:300]


def test_epoch_search_scores_are_those_of_k_epoch_models_cross_validated(small_search):
    # the independent reference: the library's cross_validate of a fresh DigitsMLP(epochs=k) on the same folds
    from mlcourse.model_selection import StratifiedKFold, cross_validate

    search, X, y = small_search
    assert search.settings == [
        {"hidden": 8, "l2": 0.0},
        {"hidden": 8, "l2": 1e-3},
        {"hidden": 16, "l2": 0.0},
        {"hidden": 16, "l2": 1e-3},
    ]
    for i, setting in enumerate(search.settings):
        for epochs in (1, 3):
            reference = cross_validate(
                lambda: DigitsMLP(epochs=epochs, **setting), X, y, cv=StratifiedKFold(3, shuffle=True, seed=0)
            )
            np.testing.assert_array_equal(search.val_accuracy[i, :, epochs - 1], reference.scores)
            np.testing.assert_array_equal(search.train_accuracy[i, :, epochs - 1], reference.train_scores)


def test_epoch_search_losses_are_the_mean_cross_entropy_of_the_held_out_fold(small_search):
    from mlcourse.losses import CrossEntropyLoss
    from mlcourse.model_selection import StratifiedKFold
    from mlcourse.train import evaluate

    search, X, y = small_search
    fit_index, val_index = next(StratifiedKFold(3, shuffle=True, seed=0).split(X, y))
    model = DigitsMLP(epochs=2, hidden=16, l2=1e-3).fit(X[fit_index], y[fit_index])
    val_loss, val_accuracy = evaluate(model.model_, CrossEntropyLoss(), model.transform(X[val_index]), y[val_index])
    i = search.index(hidden=16, l2=1e-3)
    assert search.val_loss[i, 0, 1] == pytest.approx(val_loss, rel=1e-12)
    assert search.val_accuracy[i, 0, 1] == pytest.approx(val_accuracy)
    # training makes the training folds' loss fall, and the times grow with the epochs
    assert np.all(search.train_loss[:, :, 2] < search.train_loss[:, :, 0])
    assert np.all(np.diff(search.fit_times, axis=2) > 0)


def test_epoch_search_results_are_flat_and_ordered(small_search):
    search, _, _ = small_search
    results = search.results()
    assert len(results) == 4 * 3 and search.max_epochs == 3
    assert [params for params, _ in results[:4]] == [
        {"hidden": 8, "l2": 0.0, "epochs": 1},
        {"hidden": 8, "l2": 0.0, "epochs": 2},
        {"hidden": 8, "l2": 0.0, "epochs": 3},
        {"hidden": 8, "l2": 1e-3, "epochs": 1},
    ]
    params, result = results[5]
    assert params == {"hidden": 8, "l2": 1e-3, "epochs": 3}
    assert result.mean == pytest.approx(search.val_accuracy[1, :, 2].mean())
    best = max(results, key=lambda item: item[1].mean)
    assert best[1].mean == search.val_accuracy.mean(axis=1).max()
    with pytest.raises(ValueError, match="setting must be one of the searched settings"):
        search.index(hidden=32, l2=0.0)


@pytest.mark.parametrize(
    "grid, kwargs, error, message",
    [
        ({"epochs": [3]}, {}, ValueError, r"param_grid keys must be among .* got 'epochs'"),
        ({"hidden": 16}, {}, TypeError, r"param_grid\['hidden'\] must be a non-empty list of values, got 16"),
        ({"hidden": []}, {}, TypeError, r"param_grid\['hidden'\] must be a non-empty list"),
        ([("hidden", [16])], {}, TypeError, "param_grid must be a non-empty dict"),
        ({"hidden": [16]}, {"max_epochs": 0}, ValueError, "max_epochs must be >= 1, got 0"),
        ({"hidden": [16]}, {"n_folds": 1}, ValueError, "n_folds must be >= 2, got 1"),
    ],
)
def test_epoch_search_bad_arguments(split, grid, kwargs, error, message):
    from mlcourse.chapters.capstone_digits.analysis import epoch_grid_search

    X_train, _, y_train, _ = split
    with pytest.raises(error, match=message):
        epoch_grid_search(grid, X_train[:50], y_train[:50], **kwargs)


def test_epoch_search_figures_draw_every_setting(small_search):
    from mlcourse.chapters.capstone_digits.plots import cv_curves_figure, epoch_search_figure

    search, _, _ = small_search
    settings = [{"learning_rate": 0.01, **setting} for setting in search.settings]
    search.settings = settings  # the figures expect the learning rate among the settings
    try:
        chosen = {**settings[3], "epochs": 2}
        figure = epoch_search_figure(search, chosen)
        assert len(figure.axes[0].lines) == 4 + 1  # a line per setting and the star
        assert figure.axes[0].lines[-1].get_xydata().tolist() == [[2.0, search.val_accuracy[3, :, 1].mean()]]
        figure = cv_curves_figure(search, settings[2:], chosen_epochs=2)
        assert len(figure.axes[0].lines) == 2 * 2 + 1  # training and held-out loss per setting, the chosen epoch
    finally:
        search.settings = [{key: value for key, value in s.items() if key != "learning_rate"} for s in settings]
