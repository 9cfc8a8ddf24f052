"""The handwritten-digits capstone: the whole course as one pipeline.

Split the bundled digits (stratified), standardize with training statistics
only, build an MLP, choose every hyper-parameter, the number of epochs
included, by K-fold cross-validation on the training part, retrain exactly
the chosen configuration on the whole training part, and judge it once on the
test set. :func:`epoch_grid_search` cross-validates the number of epochs
together with the other settings: one run per setting and fold, scored on the
held-out fold after every epoch (:func:`fit_scoring_every_epoch`), since a
model trained for ``k`` epochs is exactly the first ``k`` epochs of a longer
run with the same seed. :class:`DigitsMLP` packages "standardize, then an MLP
trained with Adam" as an estimator with ``fit``/``predict``/``score``, so
that cross-validation refits the standardization inside every fold (fitting
it on all the data first would leak the held-out fold's statistics).
:func:`train_digits_run` trains one on part of the training data and keeps
the validation predictions of every epoch (a :class:`DigitsRun`), which the
chapter's training-progress widget replays (:func:`learning_rate_run`).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from mlcourse._validation import (
    as_float_array,
    as_label_array,
    check_int,
    check_positive,
    check_probability,
)
from mlcourse.activations import softmax
from mlcourse.data import Standardizer, load_digits, train_test_split
from mlcourse.losses import CrossEntropyLoss, softmax_cross_entropy
from mlcourse.metrics import confusion_matrix
from mlcourse.model_selection import CVResult, StratifiedKFold
from mlcourse.nn import Sequential, evaluating, mlp
from mlcourse.optim import Adam
from mlcourse.train import History, fit

__all__ = [
    "N_CLASSES",
    "RUN_EPOCHS",
    "DigitsMLP",
    "DigitsRun",
    "EpochSearch",
    "digits_split",
    "epoch_grid_search",
    "fit_scoring_every_epoch",
    "train_digits_run",
    "learning_rate_run",
]

N_CLASSES = 10
#: Epochs of the runs of :func:`learning_rate_run`.
RUN_EPOCHS = 30


def digits_split(test_size: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The bundled digits split into training and test parts, stratified by digit.

    Returns ``X_train, X_test, y_train, y_test`` with raw pixel values 0..16.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = digits_split()
    >>> X_train.shape, X_test.shape, np.bincount(y_test).tolist()
    ((1437, 64), (360, 64), [36, 37, 35, 37, 36, 36, 36, 36, 35, 36])
    """
    X, y = load_digits()
    return train_test_split(X, y, test_size=test_size, stratify=y, seed=seed)


class DigitsMLP:
    """Standardize the pixels, then a one-hidden-layer ReLU MLP trained by Adam on cross-entropy.

    Parameters
    ----------
    hidden : int, default 64
        Units of the hidden layer.
    learning_rate : float, default 0.01
        Adam's step size.
    epochs : int, default 30
        Passes over the training data.
    batch_size : int, default 32
        Mini-batch size.
    l2 : float, default 0.0
        L2 penalty on the weight matrices (see :func:`mlcourse.train.fit`).
    dropout : float, default 0.0
        Dropout rate after the hidden layer.
    seed : int, default 0
        Seeds the initial weights and the shuffling.
    standardize : bool, default True
        Fit a :class:`~mlcourse.data.Standardizer` on the training data in
        ``fit``. ``False`` uses the inputs as given (for inputs standardized
        elsewhere: the leakage exercise of chapter 14).

    Attributes
    ----------
    model_ : Sequential
        The trained network (on standardized inputs; use :meth:`predict`).
    standardizer_ : Standardizer
        Mean and scale of the training pixels.
    history_ : History
        What :func:`mlcourse.train.fit` recorded.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = digits_split()
    >>> model = DigitsMLP(epochs=5).fit(X_train, y_train)
    >>> bool(model.score(X_test, y_test) > 0.9)
    True
    """

    def __init__(
        self,
        hidden: int = 64,
        learning_rate: float = 0.01,
        epochs: int = 30,
        batch_size: int = 32,
        l2: float = 0.0,
        dropout: float = 0.0,
        seed: int = 0,
        standardize: bool = True,
    ) -> None:
        self.hidden = check_int(hidden, "hidden", minimum=1)
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.batch_size = check_int(batch_size, "batch_size", minimum=1)
        self.l2 = check_positive(l2, "l2", allow_zero=True)
        self.dropout = check_probability(dropout, "dropout")
        self.seed = check_int(seed, "seed", minimum=0)
        self.standardize = bool(standardize)

    def build(self) -> Sequential:
        """A fresh, untrained network 64 -> hidden -> 10 (logits)."""
        return mlp(
            [64, self.hidden, N_CLASSES], activation="relu", init="he_normal", dropout=self.dropout, seed=self.seed
        )

    def fit(
        self, X: Any, y: Any, *, validation_data: tuple[Any, Any] | None = None, callbacks: list | None = None
    ) -> "DigitsMLP":
        """Fit the standardizer and train the network on ``(X, y)`` (labels 0..9)."""
        y = as_label_array(y, "y", n_classes=N_CLASSES)
        self.standardizer_ = Standardizer().fit(X) if self.standardize else None
        self.model_ = self.build()
        validation = None
        if validation_data is not None:
            validation = (self.transform(validation_data[0]), validation_data[1])
        self.history_: History = fit(
            self.model_,
            CrossEntropyLoss(),
            Adam(self.model_.parameters(), lr=self.learning_rate),
            self.transform(X),
            y,
            epochs=self.epochs,
            batch_size=self.batch_size,
            validation_data=validation,
            l2=self.l2,
            seed=self.seed,
            callbacks=callbacks,
        )
        return self

    def transform(self, X: Any) -> np.ndarray:
        """The network's input for raw pixels ``X``: standardized with the training statistics."""
        X = as_float_array(X, "X", ndim=2)
        return X if self.standardizer_ is None else self.standardizer_.transform(X)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Softmax probabilities of the ten digits for each row of raw pixels (dropout off)."""
        if not hasattr(self, "model_"):
            raise RuntimeError("this DigitsMLP is not fitted yet: call fit(X, y) first")
        with evaluating(self.model_):
            logits = self.model_(self.transform(X))
        return softmax(logits, axis=1)

    def predict(self, X: Any) -> np.ndarray:
        """Predicted digit for each row of raw pixels."""
        return np.argmax(self.predict_proba(X), axis=1)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy on ``(X, y)``."""
        y = as_label_array(y, "y", n_classes=N_CLASSES)
        return float(np.mean(self.predict(X) == y))

    def __repr__(self) -> str:
        return (
            f"DigitsMLP(hidden={self.hidden}, learning_rate={self.learning_rate}, epochs={self.epochs}, "
            f"batch_size={self.batch_size}, l2={self.l2}, dropout={self.dropout}, seed={self.seed}"
            + ("" if self.standardize else ", standardize=False")
            + ")"
        )


@dataclass
class DigitsRun:
    """The record of one :class:`DigitsMLP` training run: the validation predictions after every epoch.

    Made by :func:`train_digits_run`; the chapter's widget replays it epoch by
    epoch (loss curves and the confusion matrix after any epoch).

    Attributes
    ----------
    estimator : DigitsMLP
        The trained estimator (its ``history_`` is :attr:`history`).
    X_val, y_val : numpy.ndarray
        The validation part (raw pixels and labels), carved out of the training data.
    val_predictions : list of numpy.ndarray
        Predicted digits for ``X_val`` after epoch 1, 2, ...
    """

    estimator: DigitsMLP
    X_val: np.ndarray
    y_val: np.ndarray
    val_predictions: list[np.ndarray] = field(default_factory=list)

    @property
    def history(self) -> History:
        """The training history."""
        return self.estimator.history_

    def confusion_at(self, epoch: int) -> np.ndarray:
        """Validation confusion matrix after ``epoch`` (1-based) epochs."""
        epoch = check_int(epoch, "epoch", minimum=1, maximum=len(self.val_predictions))
        return confusion_matrix(self.y_val, self.val_predictions[epoch - 1], n_classes=N_CLASSES)


def train_digits_run(
    X_train: Any, y_train: Any, *, validation_size: float = 0.2, seed: int = 0, **hyper: Any
) -> DigitsRun:
    """Train a :class:`DigitsMLP` on part of ``(X_train, y_train)``, recording validation predictions per epoch.

    The validation part (stratified, ``validation_size`` of the data) is
    carved out of the training data: the test set is never touched here.
    ``hyper`` holds the other arguments of :class:`DigitsMLP`.

    Examples
    --------
    >>> X_train, _, y_train, _ = digits_split()
    >>> run = train_digits_run(X_train[:300], y_train[:300], epochs=2)
    >>> len(run.val_predictions), int(run.confusion_at(2).sum())
    (2, 60)
    """
    X_fit, X_val, y_fit, y_val = train_test_split(
        X_train, y_train, test_size=validation_size, stratify=y_train, seed=seed
    )
    estimator = DigitsMLP(seed=seed, **hyper)
    run = DigitsRun(estimator, X_val, y_val)

    def record(epoch: int, history: History, model: Sequential) -> None:
        with evaluating(model):
            run.val_predictions.append(np.argmax(model(estimator.transform(X_val)), axis=1))

    estimator.fit(X_fit, y_fit, validation_data=(X_val, y_val), callbacks=[record])
    return run


@lru_cache(maxsize=4)
def learning_rate_run(learning_rate: float) -> DigitsRun:
    """One :data:`RUN_EPOCHS`-epoch run of the 64-unit :class:`DigitsMLP` with Adam at ``learning_rate``.

    Trained by :func:`train_digits_run` on the training part of
    :func:`digits_split` (seed 0), and cached: the widget compares a few rates
    epoch by epoch. Treat the result as read-only.

    Examples
    --------
    >>> run = learning_rate_run(0.01)
    >>> len(run.val_predictions) == RUN_EPOCHS, bool(run.history.val_accuracy[-1] > 0.95)
    (True, True)
    """
    X_train, _, y_train, _ = digits_split()
    return train_digits_run(X_train, y_train, hidden=64, learning_rate=learning_rate, epochs=RUN_EPOCHS)


#: The arguments of :class:`DigitsMLP` that :func:`epoch_grid_search` may vary (the epochs are its own axis).
SEARCHABLE = ("hidden", "learning_rate", "batch_size", "l2", "dropout")


@dataclass
class EpochSearch:
    """Cross-validated scores of :class:`DigitsMLP` settings after every epoch (made by :func:`epoch_grid_search`).

    Attributes
    ----------
    settings : list of dict
        The training settings searched (everything but the number of
        epochs), in the order of the grid (the first parameter changes slowest).
    val_accuracy, val_loss : numpy.ndarray of shape (n_settings, n_folds, max_epochs)
        Accuracy and mean cross-entropy on the held-out fold after each epoch.
    train_accuracy, train_loss : numpy.ndarray of the same shape
        The same on the training folds, measured after each epoch.
    fit_times : numpy.ndarray of the same shape
        Seconds of training up to the end of each epoch (machine-dependent).
    """

    settings: list[dict[str, Any]]
    val_accuracy: np.ndarray
    val_loss: np.ndarray
    train_accuracy: np.ndarray
    train_loss: np.ndarray
    fit_times: np.ndarray = field(repr=False)

    @property
    def max_epochs(self) -> int:
        """The longest run: epoch counts 1 to ``max_epochs`` were scored."""
        return self.val_accuracy.shape[2]

    def index(self, **setting: Any) -> int:
        """Position of ``setting`` (all its searched parameters) in :attr:`settings`."""
        for position, candidate in enumerate(self.settings):
            if candidate == setting:
                return position
        raise ValueError(f"setting must be one of the searched settings {self.settings}, got {setting}")

    def results(self) -> list[tuple[dict[str, Any], CVResult]]:
        """One ``(params, CVResult)`` per setting and epoch count, ``params`` including ``"epochs"``.

        Ordered by setting, then by epochs from 1 up, so that
        ``max(results, key=lambda item: item[1].mean)`` breaks a tie in favour
        of the earlier setting and the fewer epochs.
        """
        return [
            (
                {**setting, "epochs": epoch},
                CVResult(
                    self.val_accuracy[i, :, epoch - 1].copy(),
                    self.train_accuracy[i, :, epoch - 1].copy(),
                    self.fit_times[i, :, epoch - 1].copy(),
                ),
            )
            for i, setting in enumerate(self.settings)
            for epoch in range(1, self.max_epochs + 1)
        ]


def _check_grid(param_grid: Any) -> list[dict[str, Any]]:
    if not isinstance(param_grid, dict) or not param_grid:
        raise TypeError(
            f"param_grid must be a non-empty dict of DigitsMLP argument -> list of values, got {param_grid!r}"
        )
    for name, values in param_grid.items():
        if name not in SEARCHABLE:
            raise ValueError(f"param_grid keys must be among {SEARCHABLE} (epochs are searched anyway), got {name!r}")
        if not isinstance(values, (list, tuple)) or len(values) == 0:
            raise TypeError(f"param_grid[{name!r}] must be a non-empty list of values, got {values!r}")
    names = list(param_grid)
    return [dict(zip(names, values)) for values in itertools.product(*param_grid.values())]


_CURVES = ("val_accuracy", "val_loss", "train_accuracy", "train_loss", "fit_times")


def fit_scoring_every_epoch(estimator: DigitsMLP, X_fit: Any, y_fit: Any, X_val: Any, y_val: Any) -> dict:
    """Train ``estimator`` on ``(X_fit, y_fit)``, scoring it on both parts after every epoch.

    Returns arrays of one value per epoch: ``"train_loss"``, ``"train_accuracy"``,
    ``"val_loss"``, ``"val_accuracy"`` (mean cross-entropy and accuracy, dropout
    off) and ``"fit_times"`` (seconds since the start of training). The scores
    after epoch ``k`` are those of a ``k``-epoch model with the same seed.

    Examples
    --------
    >>> X_train, _, y_train, _ = digits_split()
    >>> curves = fit_scoring_every_epoch(DigitsMLP(epochs=3), X_train[:200], y_train[:200], X_train[200:300], y_train[200:300])
    >>> curves["val_accuracy"].shape, bool(curves["train_loss"][2] < curves["train_loss"][0])
    ((3,), True)
    """
    scores: dict[str, list[float]] = {name: [] for name in _CURVES}
    started = time.perf_counter()

    def record(epoch: int, history: History, model: Sequential) -> None:
        scores["fit_times"].append(time.perf_counter() - started)
        with evaluating(model):  # dropout off while scoring
            for part, X_part, y_part in (("train", X_fit, y_fit), ("val", X_val, y_val)):
                logits = model(estimator.transform(X_part))  # standardized with the training part's statistics
                scores[f"{part}_loss"].append(softmax_cross_entropy(logits, y_part))
                predicted = np.argmax(softmax(logits, axis=1), axis=1)  # as DigitsMLP.predict
                scores[f"{part}_accuracy"].append(float(np.mean(predicted == y_part)))

    estimator.fit(X_fit, y_fit, callbacks=[record])
    return {name: np.array(values) for name, values in scores.items()}


def epoch_grid_search(
    param_grid: dict[str, list[Any]],
    X: Any,
    y: Any,
    *,
    max_epochs: int = 20,
    n_folds: int = 5,
    seed: int = 0,
) -> EpochSearch:
    """K-fold grid search over :class:`DigitsMLP` settings and the number of epochs at once.

    Every setting of ``param_grid`` is trained once per fold for
    ``max_epochs`` epochs and scored on the held-out fold after every epoch.
    A model trained for ``k`` epochs is exactly the first ``k`` epochs of
    this run (same seed, same shuffles, same steps), so the scores after
    epoch ``k`` are those :func:`mlcourse.model_selection.cross_validate`
    gives ``DigitsMLP(epochs=k, ...)`` on the same folds, at a fraction of
    the cost.

    Parameters
    ----------
    param_grid : dict of str to list
        Values per argument of :class:`DigitsMLP` (among :data:`SEARCHABLE`).
    X, y : array_like
        Raw pixels and labels: the training part only.
    max_epochs : int, default 20
        Epoch counts 1 to ``max_epochs`` are scored.
    n_folds : int, default 5
        Folds of the stratified, shuffled K-fold split (the same folds for every setting).
    seed : int, default 0
        Seeds the folds, the initial weights and the shuffling.

    Returns
    -------
    EpochSearch

    Raises
    ------
    TypeError, ValueError
        If ``param_grid`` is not a non-empty dict of searchable arguments to
        non-empty lists, or ``max_epochs``, ``n_folds`` or ``seed`` is not an
        integer in range (all checked before any training).

    Examples
    --------
    >>> X_train, _, y_train, _ = digits_split()
    >>> search = epoch_grid_search({"hidden": [16]}, X_train[:200], y_train[:200], max_epochs=2, n_folds=2)
    >>> search.val_accuracy.shape, [params for params, _ in search.results()]
    ((1, 2, 2), [{'hidden': 16, 'epochs': 1}, {'hidden': 16, 'epochs': 2}])
    """
    settings = _check_grid(param_grid)
    max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
    n_folds = check_int(n_folds, "n_folds", minimum=2)
    seed = check_int(seed, "seed", minimum=0)
    X = as_float_array(X, "X", ndim=2)
    y = as_label_array(y, "y", n_classes=N_CLASSES)
    folds = list(StratifiedKFold(n_folds, shuffle=True, seed=seed).split(X, y))
    scores = {name: np.zeros((len(settings), n_folds, max_epochs)) for name in _CURVES}
    for i, setting in enumerate(settings):
        for f, (fit_index, val_index) in enumerate(folds):
            estimator = DigitsMLP(epochs=max_epochs, seed=seed, **setting)
            curves = fit_scoring_every_epoch(estimator, X[fit_index], y[fit_index], X[val_index], y[val_index])
            for name, values in curves.items():
                scores[name][i, f] = values
    return EpochSearch(settings, **scores)
