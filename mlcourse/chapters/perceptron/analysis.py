"""Linear separability: the geometry behind the perceptron (chapter 4).

A line ``w . x + b = 0`` separates two classes labelled -1 and +1 when every
sample lands on its own side: ``y_i (w . x_i + b) > 0``. This module measures
that geometry and connects it to the perceptron learning rule of
:class:`mlcourse.models.Perceptron`:

- :func:`misclassified` counts the samples a line gets wrong (with the
  perceptron's convention that ``z = 0`` counts as +1);
- :func:`fewest_errors_of_any_line` finds, exactly, the fewest mistakes any
  line can make on a 2-D data set (0 for AND and OR, 1 for XOR);
- :func:`geometric_margin` and :func:`max_margin_separator` measure how much
  room a separating line leaves;
- :func:`mistake_bound` gives the perceptron convergence theorem's bound
  ``(R / gamma) ** 2`` on the number of updates (Novikoff 1962);
- :func:`perceptron_steps` lists what the rule did at each sample visit;
- :func:`train_on_gate` runs the rule on a logic gate (AND, OR, XOR, NAND);
- :func:`bound_experiment` checks the bound on random separable data sets.

The bias is treated as a weight on a constant input 1, as in the convergence
theorem: a sample becomes the augmented vector ``(1, x_1, ..., x_d)``
(:func:`mlcourse.data.add_bias_column`) and a line the vector
``(b, w_1, ..., w_d)``, as the weights recorded by
:class:`mlcourse.models.Perceptron`.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import Any, NamedTuple, Sequence

import numpy as np

from mlcourse._validation import (
    as_float_array,
    as_pm1_labels,
    check_int,
    check_positive,
    describe,
)
from mlcourse.data import add_bias_column, logic_gate, make_blobs
from mlcourse.models import ConvergenceWarning, Perceptron

__all__ = [
    "misclassified",
    "fewest_errors_of_any_line",
    "geometric_margin",
    "max_margin_separator",
    "MistakeBound",
    "mistake_bound",
    "PerceptronStep",
    "perceptron_steps",
    "train_on_gate",
    "BoundExperiment",
    "bound_experiment",
]


def _check_pm1(y: Any, n_samples: int) -> np.ndarray:
    labels = as_pm1_labels(y)
    if len(labels) != n_samples:
        raise ValueError(f"X and y must have the same number of samples, got {n_samples} and {len(labels)}")
    return labels


def _check_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    return X, _check_pm1(y, len(X))


def _check_line(weights: Any, bias: Any, n_features: int) -> tuple[np.ndarray, float]:
    weights = as_float_array(weights, "weights", ndim=1)
    if len(weights) != n_features:
        raise ValueError(f"weights must have {n_features} entries (one per feature), got {len(weights)}")
    if isinstance(bias, bool) or not isinstance(bias, (int, float, np.integer, np.floating)):
        raise TypeError(f"bias must be a number, got {describe(bias)}")
    if not math.isfinite(float(bias)):
        raise ValueError(f"bias must be finite, got {bias!r}")
    return weights, float(bias)


def misclassified(X: Any, y: Any, weights: Any, bias: float) -> int:
    """Number of samples the threshold unit ``(weights, bias)`` labels wrongly.

    The unit outputs +1 where ``X @ weights + bias >= 0`` and -1 elsewhere,
    the convention of :class:`mlcourse.models.Perceptron` (a point exactly on
    the line counts as +1).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The samples.
    y : array_like of shape (n_samples,)
        Labels -1 and +1.
    weights : array_like of shape (n_features,)
        The weights ``w``.
    bias : float
        The bias ``b``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the labels are not -1/+1 or the shapes do not match.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    >>> misclassified(X, [-1, -1, -1, 1], [1.0, 1.0], -1.5)  # AND
    0
    >>> misclassified(X, [-1, 1, 1, -1], [1.0, 1.0], -0.5)   # XOR: (1, 1) is wrong
    1
    """
    X, y = _check_data(X, y)
    weights, bias = _check_line(weights, bias, X.shape[1])
    prediction = np.where(X @ weights + bias >= 0, 1.0, -1.0)
    return int(np.sum(prediction != y))


def fewest_errors_of_any_line(X: Any, y: Any) -> int:
    """The fewest samples any straight line misclassifies, for 2-D inputs (exact).

    Zero exactly when the two classes are linearly separable. The search is
    exhaustive: which points fall on which side of a line with normal
    direction ``u`` can only change when ``u`` crosses a direction
    perpendicular to the difference of two points, so one direction inside
    each arc between consecutive critical directions, and every threshold
    between consecutive projections, covers every way a line can split the
    points. It takes about ``n**3 log n`` operations: meant for small sets.

    Parameters
    ----------
    X : array_like of shape (n_samples, 2)
        The samples (two features).
    y : array_like of shape (n_samples,)
        Labels -1 and +1.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``X`` does not have exactly 2 columns or the labels are not -1/+1.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    >>> fewest_errors_of_any_line(X, [-1, -1, -1, 1]), fewest_errors_of_any_line(X, [-1, 1, 1, -1])
    (0, 1)
    """
    X, y = _check_data(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"fewest_errors_of_any_line needs 2-D inputs, got X of shape {X.shape}")
    n_samples = len(X)
    if n_samples == 0:
        raise ValueError("X must not be empty")
    differences = (X[:, None, :] - X[None, :, :]).reshape(-1, 2)
    differences = differences[np.any(differences != 0, axis=1)]
    # a normal u is critical when u . (x_i - x_j) = 0: u is perpendicular to the difference
    critical = np.arctan2(differences[:, 0], -differences[:, 1]) % (2 * np.pi)
    critical = np.unique(np.concatenate([critical, (critical + np.pi) % (2 * np.pi), [0.0]]))
    following = np.append(critical[1:], critical[0] + 2 * np.pi)
    angles = (critical + following) / 2
    best = min(int(np.sum(y > 0)), int(np.sum(y < 0)))  # a line with every point on one side
    for chunk in np.array_split(angles, max(1, len(angles) * n_samples // 2_000_000 + 1)):
        directions = np.stack([np.cos(chunk), np.sin(chunk)])  # (2, n_angles)
        projection = X @ directions  # (n_samples, n_angles)
        order = np.argsort(projection, axis=0, kind="stable")
        labels = y[order]  # each column: the labels sorted along one direction
        # threshold after the k smallest projections: those k are called -1, the rest +1
        zeros = np.zeros((1, len(chunk)))
        positives_below = np.vstack([zeros, np.cumsum(labels > 0, axis=0)])
        negatives_above = np.vstack([np.cumsum((labels < 0)[::-1], axis=0)[::-1], zeros])
        errors = positives_below + negatives_above
        # a threshold can only fall between different projections (duplicated points stay together)
        sorted_projection = np.take_along_axis(projection, order, axis=0)
        gaps = np.diff(sorted_projection, axis=0) > 0
        allowed = np.vstack([np.ones((1, len(chunk)), bool), gaps, np.ones((1, len(chunk)), bool)])
        best = min(best, int(np.where(allowed, errors, n_samples).min()))
    return best


def geometric_margin(X: Any, y: Any, weights: Any, bias: float) -> float:
    """Smallest signed distance of an augmented sample to the separator ``(weights, bias)``.

    ``gamma = min_i y_i (w . x_i + b) / ||(b, w)||``: the convergence
    theorem's margin, measured in the augmented space where the bias is a
    weight. Positive when every sample is on its own side (strictly), zero or
    negative otherwise.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The samples.
    y : array_like of shape (n_samples,)
        Labels -1 and +1.
    weights : array_like of shape (n_features,)
        The weights ``w``.
    bias : float
        The bias ``b``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``weights`` and ``bias`` are all zero, or the inputs are malformed.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    >>> round(geometric_margin(X, [-1, -1, -1, 1], [1.0, 1.0], -1.5), 4)  # 0.5 / sqrt(4.25)
    0.2425
    """
    X, y = _check_data(X, y)
    weights, bias = _check_line(weights, bias, X.shape[1])
    norm = math.sqrt(float(weights @ weights) + bias * bias)
    if norm == 0:
        raise ValueError("weights and bias are all zero: they define no line")
    return float(np.min(y * (X @ weights + bias)) / norm)


def max_margin_separator(
    X: Any, y: Any, *, tolerance: float = 1e-10, max_sweeps: int = 100_000
) -> tuple[np.ndarray, float, float]:
    """The separator ``(w, b)`` with the largest margin in the augmented space.

    Maximises :func:`geometric_margin` over all ``(w, b)``, that is, solves
    ``min ||v||^2`` subject to ``y_i v . a_i >= 1`` with ``v = (b, w)`` and
    ``a_i = (1, x_i)``; the best margin is then ``1 / ||v||``. It is solved
    through the dual problem by coordinate ascent (one multiplier at a time,
    clipped at zero; Hsieh et al. 2008 without an upper bound), which needs
    nothing beyond numpy and converges for separable data.

    Note that this is the best margin *for the convergence theorem* (bias
    included in the norm), not the usual support-vector-machine margin,
    which leaves the bias out of the norm. Coordinate ascent slows down when
    the margin is tiny compared with the samples' length (below about
    1/1000 of it): such sets may need a larger ``max_sweeps``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The samples.
    y : array_like of shape (n_samples,)
        Labels -1 and +1.
    tolerance : float, default 1e-10
        Stop when no constraint is violated by more than this (relative).
    max_sweeps : int, default 100000
        Maximum passes over the samples.

    Returns
    -------
    weights : numpy.ndarray of shape (n_features,)
        The normalised weights (``||(b, w)|| = 1``).
    bias : float
        The normalised bias.
    margin : float
        The largest margin ``gamma``.

    Raises
    ------
    ValueError
        If the classes are not linearly separable (the iteration does not
        converge within ``max_sweeps``), or the inputs are malformed.

    Examples
    --------
    >>> w, b, gamma = max_margin_separator([[-1.0], [1.0]], [-1, 1])
    >>> np.round(w, 6), round(b, 6), round(gamma, 6)
    (array([1.]), 0.0, 1.0)
    """
    X, y = _check_data(X, y)
    tolerance = check_positive(tolerance, "tolerance")
    max_sweeps = check_int(max_sweeps, "max_sweeps", minimum=1)
    signed = add_bias_column(X) * y[:, None]  # rows y_i a_i: the constraints read v . row >= 1
    squared_norms = np.einsum("ij,ij->i", signed, signed)
    alpha = np.zeros(len(X))
    v = np.zeros(signed.shape[1])
    for _ in range(max_sweeps):
        largest_violation = 0.0
        for i in range(len(X)):
            gradient = 1.0 - float(v @ signed[i])  # the dual objective's slope along alpha_i
            new_alpha = max(0.0, alpha[i] + gradient / squared_norms[i])
            if new_alpha > 0 or alpha[i] > 0:
                largest_violation = max(largest_violation, abs(gradient))
            elif gradient > 0:
                largest_violation = max(largest_violation, gradient)
            v += (new_alpha - alpha[i]) * signed[i]
            alpha[i] = new_alpha
        if largest_violation <= tolerance:
            break
    else:
        raise ValueError(
            f"no separating line found within max_sweeps={max_sweeps}: the classes are not linearly "
            "separable, or their margin is tiny and needs more sweeps (check separability with "
            "fewest_errors_of_any_line for 2-D data)"
        )
    norm = float(np.linalg.norm(v))
    return v[1:] / norm, float(v[0] / norm), float(np.min(signed @ v) / norm)  # v = (b, w)


class MistakeBound(NamedTuple):
    """The perceptron convergence theorem's quantities (see :func:`mistake_bound`)."""

    radius: float
    margin: float
    bound: float


def mistake_bound(X: Any, y: Any, weights: Any = None, bias: float | None = None) -> MistakeBound:
    """Bound ``(R / gamma) ** 2`` on the perceptron's number of updates.

    The perceptron convergence theorem (Novikoff 1962): if every augmented
    sample has length ``||(1, x_i)|| <= R`` and some unit vector ``(b, w)``
    separates the classes with margin ``gamma > 0``, the perceptron rule
    started from zero makes at most ``(R / gamma) ** 2`` updates, whatever
    the learning rate and the order of the samples.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The samples.
    y : array_like of shape (n_samples,)
        Labels -1 and +1.
    weights, bias : optional
        A separator to measure ``gamma`` with; by default the best one,
        from :func:`max_margin_separator` (the tightest bound).

    Returns
    -------
    MistakeBound
        ``(radius, margin, bound)``.

    Raises
    ------
    ValueError
        If the given separator does not separate the classes (margin <= 0),
        or the classes are not linearly separable.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    >>> r, gamma, bound = mistake_bound(X, [-1, -1, -1, 1], [1.0, 1.0], -1.5)
    >>> round(r ** 2, 6), round(bound, 2)
    (3.0, 51.0)
    """
    X, y = _check_data(X, y)
    if (weights is None) != (bias is None):
        raise ValueError("pass both weights and bias, or neither")
    if weights is None:
        _, _, margin = max_margin_separator(X, y)
    else:
        margin = geometric_margin(X, y, weights, bias)
        if margin <= 0:
            raise ValueError(f"this (weights, bias) does not separate the classes: its margin is {margin:.4g}")
    radius = float(np.sqrt(np.max(np.sum(add_bias_column(X) ** 2, axis=1))))
    return MistakeBound(radius, margin, (radius / margin) ** 2)


class PerceptronStep(NamedTuple):
    """One visit of one sample by the perceptron rule (see :func:`perceptron_steps`)."""

    step: int
    epoch: int
    sample: int
    x: tuple[float, ...]
    target: int
    net_input: float
    output: int
    update: float
    weights: tuple[float, ...]
    bias: float


def perceptron_steps(model: Any, X: Any, y: Any) -> list[PerceptronStep]:
    """What the perceptron rule did at each sample visit of a fitted model.

    Reads ``model.weights_history_`` (recorded by
    :class:`mlcourse.models.Perceptron` during ``fit``) and recomputes, for
    every visit, the net input and output *before* the update and the factor
    ``learning_rate * (y_i - output)`` that was applied.

    Parameters
    ----------
    model : mlcourse.models.Perceptron
        Fitted with ``shuffle=False`` on ``(X, y)`` (so that visit ``k``
        is sample ``k mod n``).
    X : array_like of shape (n_samples, n_features)
        The training samples.
    y : array_like of shape (n_samples,)
        The training labels (-1/+1).

    Returns
    -------
    list of PerceptronStep
        One per visit, in order: ``step`` (1-based), ``epoch`` (1-based),
        ``sample`` index, the sample ``x``, its ``target``, the ``net_input``
        and ``output`` before the update, the ``update`` factor, and the
        ``weights`` and ``bias`` after it.

    Raises
    ------
    ValueError
        If the model is not fitted, was fitted with shuffling, or its history
        does not match ``X``.
    """
    X, y = _check_data(X, y)
    history = getattr(model, "weights_history_", None)
    if history is None:
        raise ValueError("the model is not fitted: call fit(X, y) first")
    if getattr(model, "shuffle", False):
        raise ValueError("perceptron_steps needs a model fitted with shuffle=False (visit order 0, 1, 2, ...)")
    n_samples, n_features = X.shape
    if history.shape[1] != n_features + 1 or (len(history) - 1) % n_samples:
        raise ValueError(
            f"the model's history (shape {history.shape}) does not fit X of shape {X.shape}: "
            "pass the data it was fitted on"
        )
    augmented = add_bias_column(X)
    steps = []
    for k in range(1, len(history)):
        before, after = history[k - 1], history[k]
        i = (k - 1) % n_samples
        z = float(augmented[i] @ before)  # rows (b, w...), as recorded by Perceptron
        output = 1 if z >= 0 else -1
        update = float(model.learning_rate * (y[i] - output))
        if not np.allclose(after, before + update * augmented[i]):
            raise ValueError(f"the model's history does not match X at step {k}: pass the data it was fitted on")
        steps.append(
            PerceptronStep(
                k,
                (k - 1) // n_samples + 1,
                i,
                tuple(X[i].tolist()),
                int(y[i]),
                z,
                output,
                update,
                tuple(after[1:].tolist()),
                float(after[0]),
            )
        )
    return steps


@lru_cache(maxsize=None)
def train_on_gate(gate: str, max_epochs: int = 100) -> Perceptron:
    """The perceptron rule run on a logic gate from zero weights (learning rate 1, samples in order).

    Cached: the same fitted model is returned for the same arguments, so do
    not refit it. On XOR the rule never converges; the
    ``ConvergenceWarning`` is silenced and ``converged_`` is False.

    Parameters
    ----------
    gate : {"and", "or", "xor", "nand"}
        The gate, as in :func:`mlcourse.data.logic_gate` (case-insensitive).
    max_epochs : int, default 100
        Epochs at most (>= 1).

    Returns
    -------
    mlcourse.models.Perceptron
        Fitted; ``epoch_weights_[k]`` holds ``(b, w1, w2)`` after epoch ``k``.

    Raises
    ------
    ValueError
        If the gate is unknown or ``max_epochs < 1``.

    Examples
    --------
    >>> model = train_on_gate("or")
    >>> model.errors_, model.epoch_weights_[1].tolist()  # one epoch: (b, w1, w2)
    ([2, 2, 1, 0], [0.0, 0.0, 2.0])
    >>> train_on_gate("xor", max_epochs=5).converged_
    False
    """
    X, y = logic_gate(gate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return Perceptron(learning_rate=1.0, max_epochs=max_epochs).fit(X, y)


class BoundExperiment(NamedTuple):
    """What :func:`bound_experiment` found: one entry per separable data set, in the order tried."""

    margins: np.ndarray
    updates: np.ndarray
    bounds: np.ndarray
    skipped: int

    @property
    def largest_ratio(self) -> float:
        """The largest ``updates / bound`` over the data sets (at most 1 by the theorem)."""
        return float(np.max(self.updates / self.bounds))


def bound_experiment(
    seeds: Sequence[int] = range(6),
    distances: Sequence[float] = (2.0, 2.5, 3.0, 4.0),
    *,
    n_samples: int = 40,
    cluster_std: float = 0.5,
    max_epochs: int = 10_000,
) -> BoundExperiment:
    """The convergence theorem on random data: updates made by the rule against the bound ``(R / gamma) ** 2``.

    For every seed and distance, two Gaussian clouds (:func:`mlcourse.data.make_blobs`)
    centred at ``(-distance / 2, 0)`` and ``(distance / 2, 0)``; a data set
    whose clouds overlap (:func:`fewest_errors_of_any_line` > 0) is skipped,
    since the theorem says nothing about it. On the others the perceptron
    rule runs from zero weights (learning rate 1, samples in order) until an
    epoch without a mistake.

    Parameters
    ----------
    seeds : sequence of int, default range(6)
        Seeds of the data sets.
    distances : sequence of float, default (2.0, 2.5, 3.0, 4.0)
        Distances between the two centres (> 0).
    n_samples : int, default 40
        Points per data set (>= 2).
    cluster_std : float, default 0.5
        Standard deviation of each cloud (> 0).
    max_epochs : int, default 10000
        Epochs allowed to the rule (>= 1); the theorem guarantees it stops.

    Returns
    -------
    BoundExperiment
        ``margins``, ``updates`` and ``bounds`` of the separable data sets,
        and how many data sets were ``skipped``.

    Raises
    ------
    ValueError
        If a distance or ``cluster_std`` is not positive, or a count is too small.

    Examples
    --------
    >>> result = bound_experiment(seeds=[0], distances=[4.0])
    >>> len(result.margins), result.skipped, bool(result.updates[0] <= result.bounds[0])
    (1, 0, True)
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    cluster_std = check_positive(cluster_std, "cluster_std")
    max_epochs = check_int(max_epochs, "max_epochs", minimum=1)
    distances = [check_positive(distance, "distances[i]") for distance in distances]
    margins, updates, bounds, skipped = [], [], [], 0
    for seed in seeds:
        for distance in distances:
            X, labels = make_blobs(
                n_samples, centers=[[-distance / 2, 0.0], [distance / 2, 0.0]], cluster_std=cluster_std, seed=seed
            )
            y = 2 * labels - 1
            if fewest_errors_of_any_line(X, y) > 0:
                skipped += 1
                continue
            _, margin, bound = mistake_bound(X, y)
            model = Perceptron(max_epochs=max_epochs).fit(X, y)
            margins.append(margin)
            updates.append(sum(model.errors_))
            bounds.append(bound)
    return BoundExperiment(np.array(margins), np.array(updates, dtype=float), np.array(bounds), skipped)
