"""Chapter 13's network, data and training run: the weights that the chapter opens up.

The network maps the 64 pixels of an 8x8 digit to 32, then 16 hidden ReLU
units and 10 output scores (:func:`build_model`). It is trained once on the
standardized digits (:func:`digits_data`: the capstone's training images only,
split again into training and validation parts) with the weights recorded after
every epoch (:func:`training_run`), so that the notebook and the widget can
look back at any epoch.

Examples
--------
>>> model = build_model()
>>> model.summary(64).total_parameters  # (64+1)*32 + (32+1)*16 + (16+1)*10
2778
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse import nn, optim, train
from mlcourse.data import Standardizer, load_digits, train_test_split

__all__ = [
    "LAYER_SIZES",
    "EPOCHS",
    "build_model",
    "digits_data",
    "training_run",
    "l2_training_run",
    "initial_validation_accuracy",
    "neighbour_correlation",
]

#: The network of the chapter: 64 pixels -> 32 -> 16 -> 10 digits.
LAYER_SIZES = (64, 32, 16, 10)
#: Epochs of :func:`training_run`.
EPOCHS = 20


def build_model(seed: int = 0, dtype: Any = np.float64) -> nn.Sequential:
    """The chapter's digits MLP: He-normal weights before each ReLU, Xavier-normal for the output layer.

    Layer ``i`` (0, 1, 2) draws its weights with seed ``seed + i``; ``dtype`` is float32 or float64.

    Examples
    --------
    >>> [repr(layer) for layer in build_model()]
    ['Linear(64, 32)', 'ReLU()', 'Linear(32, 16)', 'ReLU()', 'Linear(16, 10)']
    """
    return nn.Sequential(
        nn.Linear(64, 32, init="he_normal", seed=seed, dtype=dtype),
        nn.ReLU(),
        nn.Linear(32, 16, init="he_normal", seed=seed + 1, dtype=dtype),
        nn.ReLU(),
        nn.Linear(16, 10, init="xavier_normal", seed=seed + 2, dtype=dtype),
    )


@lru_cache(maxsize=1)
def digits_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Standardizer]:
    """Training and validation digits carved from the capstone's training part, standardized on the training part.

    The capstone (chapter 14) splits all 1,797 digits 8:2 (stratified, seed 0)
    and locks its 20% away as the test set. This function repeats that split,
    keeps only its 80% (1,437 images), and splits that 8:2 again (stratified,
    seed 0) into 1,149 training and 288 validation images: no image of the
    capstone's test set is trained on or watched here.

    Returns
    -------
    X_train, X_val, y_train, y_val, scaler
        The inputs already standardized with the statistics of the 1,149
        training images, and the fitted standardizer. Cached: treat the
        arrays as read-only.

    Examples
    --------
    >>> X_train, X_val, y_train, y_val, scaler = digits_data()
    >>> X_train.shape, X_val.shape, np.unique(y_val).tolist()
    ((1149, 64), (288, 64), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    """
    X, y = load_digits()
    # The capstone's split (chapter 14's digits_split): its 20% is the locked test set, never used here.
    X_rest, _, y_rest, _ = train_test_split(X, y, test_size=0.2, stratify=y, seed=0)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.2, stratify=y_rest, seed=0)
    scaler = Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val), y_train, y_val, scaler


@lru_cache(maxsize=1)
def training_run() -> tuple[nn.Sequential, train.History]:
    """Train :func:`build_model` once: Adam (lr 0.01), mini-batches of 32, :data:`EPOCHS` epochs, weights recorded.

    Returns
    -------
    model : nn.Sequential
        The trained network.
    history : train.History
        ``history.weights_snapshots[e]`` holds every parameter after epoch
        ``e`` (index 0: the initial weights); ``history.val_accuracy[e - 1]``
        the validation accuracy after epoch ``e``. Cached: treat both as
        read-only.

    Examples
    --------
    >>> model, history = training_run()
    >>> len(history.weights_snapshots), bool(history.val_accuracy[-1] > 0.95)
    (21, True)
    """
    X_train, X_val, y_train, y_val, _ = digits_data()
    model = build_model()
    history = train.fit(
        model,
        "cross_entropy",
        optim.Adam(model.parameters(), lr=0.01),
        X_train,
        y_train,
        epochs=EPOCHS,
        batch_size=32,
        seed=0,
        validation_data=(X_val, y_val),
        record_weights=True,
    )
    return model, history


@lru_cache(maxsize=4)
def l2_training_run(l2: float = 3e-3, epochs: int = 40) -> tuple[nn.Sequential, train.History]:
    """Train :func:`build_model` as :func:`training_run` does, with an L2 penalty of strength ``l2`` added.

    The penalty pulls every weight towards zero, so that the random part of
    the initial weights fades where no gradient defends it.

    Parameters
    ----------
    l2 : float, default 3e-3
        Strength of the penalty (``train.fit``'s ``l2``).
    epochs : int, default 40
        Epochs of training.

    Returns
    -------
    model : nn.Sequential
        The trained network.
    history : train.History
        Losses and validation accuracies per epoch (no weight snapshots).
        Cached: treat both as read-only.

    Examples
    --------
    >>> model, history = l2_training_run(epochs=2)
    >>> len(history.val_accuracy)
    2
    """
    X_train, X_val, y_train, y_val, _ = digits_data()
    model = build_model()
    history = train.fit(
        model,
        "cross_entropy",
        optim.Adam(model.parameters(), lr=0.01),
        X_train,
        y_train,
        epochs=epochs,
        batch_size=32,
        seed=0,
        validation_data=(X_val, y_val),
        l2=l2,
    )
    return model, history


@lru_cache(maxsize=1)
def initial_validation_accuracy() -> float:
    """Validation accuracy of the untrained :func:`build_model` (the weights of epoch 0): about chance, 0.1.

    Examples
    --------
    >>> bool(initial_validation_accuracy() < 0.25)
    True
    """
    _, X_val, _, y_val, _ = digits_data()
    return float(train.evaluate(build_model(), "cross_entropy", X_val, y_val)[1])


def neighbour_correlation(W: Any, image_shape: tuple[int, int] = (8, 8)) -> float:
    """How alike neighbouring pixels' weights are: the correlation over all pairs of adjacent pixels.

    Each column of ``W`` is one hidden unit's weights from the pixels of an
    image of ``image_shape``. Every pair of horizontally or vertically
    adjacent pixels, in every column, contributes one pair of values; the
    result is their Pearson correlation. Independent random weights give
    about 0; smooth patches of one sign give a clearly positive value.

    Parameters
    ----------
    W : array_like of shape (height * width, n_units)
        First-layer weights (or a change of them).
    image_shape : (int, int), default (8, 8)
        ``(height, width)`` of the images.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``W`` does not have ``height * width`` rows.

    Examples
    --------
    >>> smooth = np.repeat(np.arange(8.0), 8)[:, None]  # each row of the image constant
    >>> round(neighbour_correlation(np.hstack([smooth, -smooth])), 3)
    0.991
    """
    height, width = image_shape
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != height * width:
        raise ValueError(f"W must have shape ({height * width}, n_units), got {W.shape}")
    images = W.T.reshape(-1, height, width)
    first = np.concatenate([images[:, :, :-1].ravel(), images[:, :-1, :].ravel()])
    second = np.concatenate([images[:, :, 1:].ravel(), images[:, 1:, :].ravel()])
    return float(np.corrcoef(first, second)[0, 1])
