"""Chapter 13's network, data and training run: the weights that the chapter opens up.

The network maps the 64 pixels of an 8x8 digit to 32, then 16 hidden ReLU
units and 10 output scores (:func:`build_model`). It is trained once on the
standardized digits (:func:`digits_data`) with the weights recorded after
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

__all__ = ["LAYER_SIZES", "EPOCHS", "build_model", "digits_data", "training_run", "initial_validation_accuracy"]

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
        nn.Linear(64, 32, init="he_normal", seed=seed, dtype=dtype), nn.ReLU(),
        nn.Linear(32, 16, init="he_normal", seed=seed + 1, dtype=dtype), nn.ReLU(),
        nn.Linear(16, 10, init="xavier_normal", seed=seed + 2, dtype=dtype),
    )


@lru_cache(maxsize=1)
def digits_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Standardizer]:
    """Digits split 8:2 (stratified, seeded) and standardized with the training part's statistics.

    Returns
    -------
    X_train, X_val, y_train, y_val, scaler
        The inputs already standardized, and the fitted standardizer. Cached:
        treat the arrays as read-only.

    Examples
    --------
    >>> X_train, X_val, y_train, y_val, scaler = digits_data()
    >>> X_train.shape, X_val.shape, np.unique(y_val).tolist()
    ((1437, 64), (360, 64), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    """
    X, y = load_digits()
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, stratify=y, seed=0)
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
    history = train.fit(model, "cross_entropy", optim.Adam(model.parameters(), lr=0.01), X_train, y_train,
                        epochs=EPOCHS, batch_size=32, seed=0, validation_data=(X_val, y_val),
                        record_weights=True)
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
