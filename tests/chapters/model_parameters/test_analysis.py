"""Chapter 13's network, data and training run: initialization, recorded snapshots, untouched weights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.chapters.model_parameters.analysis import (
    EPOCHS,
    LAYER_SIZES,
    build_model,
    digits_data,
    initial_validation_accuracy,
    training_run,
)


def test_build_model_has_the_chapter_sizes_and_is_seeded():
    model = build_model()
    linear = [layer for layer in model if type(layer).__name__ == "Linear"]
    assert [(layer.n_in, layer.n_out) for layer in linear] == list(zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]))
    np.testing.assert_array_equal(build_model().state_dict()["2.W"], model.state_dict()["2.W"])
    assert not np.array_equal(build_model(seed=1).state_dict()["0.W"], model.state_dict()["0.W"])
    assert build_model(dtype=np.float32)[4].W.data.dtype == np.float32


def test_output_layer_is_xavier_and_hidden_layers_are_he():
    # pooled over 20 seeds, the sample std lies within a few percent of the formula (He: 2/n_in; Xavier: 2/(n_in+n_out))
    stds = {
        key: np.std(np.concatenate([build_model(seed=s).state_dict()[key].ravel() for s in range(0, 60, 3)]))
        for key in ("0.W", "2.W", "4.W")
    }
    assert stds["0.W"] == pytest.approx(math.sqrt(2 / 64), rel=0.03)
    assert stds["2.W"] == pytest.approx(math.sqrt(2 / 32), rel=0.05)
    assert stds["4.W"] == pytest.approx(math.sqrt(2 / (16 + 10)), rel=0.08)


def test_digits_data_is_standardized_with_training_statistics():
    X_train, X_val, y_train, y_val, scaler = digits_data()
    # a float test_size gives ceil(test_size * n) test samples, as scikit-learn: ceil(0.2 * 1797) = 360 for the
    # capstone's test set, then ceil(0.2 * 1437) = 288 of the remaining 1437 for validation
    assert len(X_train) + len(X_val) == 1797 - math.ceil(0.2 * 1797) == 1437
    assert len(X_val) == math.ceil(0.2 * 1437) == 288
    np.testing.assert_allclose(X_train.mean(axis=0), 0, atol=1e-12)
    assert not np.allclose(X_val.mean(axis=0), 0, atol=1e-3)
    assert np.bincount(y_val, minlength=10).min() >= 28  # stratified: every digit keeps its share


def _raw_images(X, scaler):
    return {tuple(row) for row in np.rint(X * scaler.scale_ + scaler.mean_).astype(int)}


def test_no_image_of_the_capstones_test_set_is_used():
    # chapter 14 locks its test set away; chapter 13 must neither train on it nor watch it as validation data
    from mlcourse.chapters.capstone_digits.analysis import digits_split

    X_train, X_val, y_train, y_val, scaler = digits_data()
    capstone_train, capstone_test, _, _ = digits_split()
    test_images = {tuple(row) for row in capstone_test.astype(int)}
    assert len(test_images) == len(capstone_test)  # no duplicate images, so pixel equality identifies an image
    val_images, train_images = _raw_images(X_val, scaler), _raw_images(X_train, scaler)
    assert not val_images & test_images
    assert not train_images & test_images
    assert val_images | train_images == {tuple(row) for row in capstone_train.astype(int)}


def test_initial_accuracy_is_about_chance():
    assert initial_validation_accuracy() < 0.25


def test_weights_of_always_blank_pixels_never_change():
    X_train = digits_data()[0]
    blank = np.all(X_train == X_train[0], axis=0)  # constant in every training image
    assert 0 < blank.sum() < 64
    _, history = training_run()
    initial = history.weights_snapshots[0]["0.W"]
    for snapshot in history.weights_snapshots[1:]:
        assert np.array_equal(snapshot["0.W"][blank], initial[blank])  # input 0 -> gradient x.T @ g is 0
    assert not np.any(np.all(history.weights_snapshots[-1]["0.W"][~blank] == initial[~blank], axis=1))


def test_snapshots_are_copies_and_the_final_one_is_the_model():
    model, history = training_run()
    assert len(history.weights_snapshots) == EPOCHS + 1
    final = model.state_dict()
    for key, value in history.weights_snapshots[-1].items():
        assert np.array_equal(value, final[key])
    assert not np.array_equal(history.weights_snapshots[0]["0.W"], final["0.W"])
    np.testing.assert_array_equal(history.weights_snapshots[0]["0.W"], build_model().state_dict()["0.W"])


def test_l2_training_shrinks_the_first_layer_weights():
    from mlcourse.chapters.model_parameters.analysis import l2_training_run

    model, history = l2_training_run()
    plain, _ = training_run()
    assert len(history.val_accuracy) == 40 and history.val_accuracy[-1] > 0.9
    assert np.linalg.norm(model[0].W.data) < 0.8 * np.linalg.norm(plain[0].W.data)  # the penalty pulls to zero
    X_train = digits_data()[0]
    blank = np.all(X_train == X_train[0], axis=0)
    assert np.all(np.abs(model[0].W.data[blank]) < np.abs(build_model()[0].W.data[blank]))  # only the decay acts


def test_neighbour_correlation_tells_noise_from_patches():
    from mlcourse.chapters.model_parameters.analysis import neighbour_correlation

    rng = np.random.default_rng(0)
    assert abs(neighbour_correlation(rng.standard_normal((64, 200)))) < 0.03  # independent pixels
    checkerboard = ((np.arange(8)[:, None] + np.arange(8)[None, :]) % 2 * 2.0 - 1).reshape(64, 1)
    assert neighbour_correlation(checkerboard) == pytest.approx(-1.0)  # every neighbour has the other sign
    W = np.arange(6.0).reshape(6, 1)  # a 2x3 image: 0 1 2 / 3 4 5
    pairs = np.array([[0, 1], [1, 2], [3, 4], [4, 5], [0, 3], [1, 4], [2, 5]], dtype=float)
    assert neighbour_correlation(W, (2, 3)) == pytest.approx(np.corrcoef(pairs[:, 0], pairs[:, 1])[0, 1])
    with pytest.raises(ValueError, match="shape"):
        neighbour_correlation(np.ones((63, 2)))
