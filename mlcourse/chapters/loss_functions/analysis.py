"""Experiments on loss functions: lines under L2 and L1 with outliers, likelihoods, gradients, accuracy.

Chapter 7 uses these to check its derivations with the library's own losses.

Regression under the squared (L2) and the absolute (L1) error:

- :func:`fit_line` trains ``nn.Linear(1, 1)`` with :func:`mlcourse.train.fit`
  and plain gradient descent on the MSE or the MAE, as any network is
  trained. The MAE's gradient ``sign(residual) * x / n`` does not shrink near
  the minimum, so a fixed learning rate ends in a small oscillation;
  ``stages`` lowers the rate step by step to settle.
- :func:`exact_line` finds the minimiser directly: least squares for the
  MSE, and for the MAE :func:`lad_line`, which uses the fact that some best
  L1 line passes through two of the data points; :func:`line_loss` scores a
  line.
- :func:`outlier_data` is the chapter's data (60 points around
  ``y = 2x + 1``, the ones with the largest ``x`` moved down),
  :func:`outlier_fits` its exact lines at every outlier size, and
  :func:`outliers_share_of_pull` how much of each loss's pull on the slope
  comes from the outliers.

Classification:

- :func:`bernoulli_likelihood`: the probability a model gives to the observed
  0/1 labels; its negative mean logarithm is the binary cross-entropy.
- :func:`softmax_ce_grad_by_chain_rule`: the gradient of softmax followed by
  cross-entropy, assembled from the two Jacobians, to compare with ``p - y``.
- :func:`true_class_loss`: the cross-entropy and the squared error of one
  prediction as functions of the probability given to the true class, with
  their gradients with respect to that probability or to the logit.
- :func:`accuracy_and_cross_entropy_along`: accuracy is a step function of a
  weight (zero derivative almost everywhere), cross-entropy a smooth one.
- :class:`NegatedLoss`: a loss with its sign flipped, to show what
  "minimising" a cross-entropy written without its minus sign does.

Information theory (the section page on entropy):

- :func:`entropy`, :func:`cross_entropy`, :func:`kl_divergence` of
  probability distributions (nats, or bits with ``base=2``), with
  ``H(t, p) = H(t) + KL(t || p)``;
- :func:`average_code_length`: the bits per outcome of a code built for one
  distribution, on outcomes drawn from another;
- :func:`smoothed_target` (label smoothing) and :func:`descend_on_logits`:
  the cross-entropy's minimum is ``H(t)``, which is 0 only for a one-hot target.

Examples
--------
>>> import numpy as np
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0.0, 1.0, 2.0, 30.0])
>>> exact_line(X, y, "mae")  # the outlier at x = 3 does not move the L1 line
(1.0, 0.0)
>>> tuple(round(v, 2) for v in exact_line(X, y, "mse"))
(9.1, -5.4)
>>> round(float(-np.log(bernoulli_likelihood([0.9, 0.2], [1, 0])) / 2), 4)  # BCE of these two
0.1643
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from mlcourse import nn, optim
from mlcourse._validation import as_float_array, check_int, check_positive, describe
from mlcourse.activations import sigmoid_derivative, softmax, softmax_jacobian
from mlcourse.data import make_noisy_line
from mlcourse.losses import (
    Loss,
    MAELoss,
    MSELoss,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    cross_entropy_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
)
from mlcourse.metrics import accuracy
from mlcourse.models import LinearRegression
from mlcourse.train import fit

__all__ = [
    "line_loss",
    "lad_line",
    "exact_line",
    "LineFit",
    "fit_line",
    "TRUE_SLOPE",
    "TRUE_INTERCEPT",
    "OUTLIER_SIZES",
    "OUTLIER_COUNTS",
    "outlier_data",
    "outlier_fits",
    "outliers_share_of_pull",
    "bernoulli_likelihood",
    "softmax_ce_grad_by_chain_rule",
    "true_class_loss",
    "TRUE_CLASS_LOSSES",
    "accuracy_and_cross_entropy_along",
    "NegatedLoss",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "average_code_length",
    "smoothed_target",
    "descend_on_logits",
]


# ------------------------------------------------------ lines under L2 and L1


def _check_line_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 1:
        raise ValueError(f"X must have exactly one feature (shape (n_samples, 1)), got shape {X.shape}")
    y = as_float_array(y, "y", ndim=1)
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    if len(y) < 2:
        raise ValueError(f"a line needs at least 2 points, got {len(y)}")
    return X[:, 0], y


def _check_loss_name(loss: str) -> str:
    key = str(loss).lower()
    if key not in ("mse", "mae"):
        raise ValueError(f"loss must be 'mse' or 'mae', got {loss!r}")
    return key


def line_loss(X: Any, y: Any, slope: float, intercept: float, loss: str = "mse") -> float:
    """The MSE or MAE of the line ``y = slope * x + intercept`` on ``(X, y)``.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    slope, intercept : float
        The line.
    loss : {"mse", "mae"}, default "mse"

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes are wrong or the loss name is unknown.

    Examples
    --------
    >>> line_loss([[0.0], [1.0]], [1.0, 1.0], 0.0, 0.0, "mae")
    1.0
    """
    x, y = _check_line_data(X, y)
    loss_function = mse if _check_loss_name(loss) == "mse" else mae
    return loss_function(slope * x + intercept, y)


def lad_line(X: Any, y: Any) -> tuple[float, float]:
    """The least-absolute-deviations line: the exact minimiser of the MAE.

    The MAE of a line is a convex, piecewise linear function of
    ``(slope, intercept)``; its minimum is attained at a corner, where two
    residuals are zero, i.e. on a line through two data points. The function
    tries every such line (about ``n**2 / 2`` of them, each checked against
    all ``n`` points: fine for the few hundred points of a chapter) and returns
    the best. When several lines tie (the L1 minimiser need not be unique), the
    first one found is returned.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
        Inputs; at least two distinct values.
    y : array_like of shape (n_samples,)
        Targets.

    Returns
    -------
    (slope, intercept) : tuple of float

    Raises
    ------
    ValueError
        If the shapes are wrong or all ``x`` are equal.

    Examples
    --------
    >>> lad_line([[0.0], [1.0], [2.0]], [0.0, 10.0, 2.0])  # through (0, 0) and (2, 2)
    (1.0, 0.0)
    """
    x, y = _check_line_data(X, y)
    i, j = np.triu_indices(len(x), k=1)
    keep = x[i] != x[j]
    if not keep.any():
        raise ValueError("lad_line needs at least two distinct x values")
    i, j = i[keep], j[keep]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    best_cost, best = np.inf, (0.0, 0.0)
    for start in range(0, len(slopes), 4096):  # chunks keep the memory at 4096 x n
        s, b = slopes[start : start + 4096], intercepts[start : start + 4096]
        cost = np.abs(s[:, None] * x[None, :] + b[:, None] - y[None, :]).sum(axis=1)
        k = int(np.argmin(cost))
        if cost[k] < best_cost:
            best_cost, best = float(cost[k]), (float(s[k]), float(b[k]))
    return best


def exact_line(X: Any, y: Any, loss: str = "mse") -> tuple[float, float]:
    """The line that minimises the MSE (least squares) or the MAE (:func:`lad_line`) exactly.

    The least-squares line is the library's
    ``LinearRegression(method="normal_equation")``.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    loss : {"mse", "mae"}, default "mse"

    Returns
    -------
    (slope, intercept) : tuple of float

    Raises
    ------
    ValueError
        If the shapes are wrong, the loss name is unknown, or all ``x`` are equal.

    Examples
    --------
    >>> [round(v, 6) for v in exact_line([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])]
    [2.0, 1.0]
    """
    key = _check_loss_name(loss)
    if key == "mae":
        return lad_line(X, y)
    x, y = _check_line_data(X, y)
    if np.all(x == x[0]):
        raise ValueError("a least-squares line needs at least two distinct x values")
    model = LinearRegression(method="normal_equation").fit(x.reshape(-1, 1), y)
    return float(model.weights_[0]), model.bias_


@dataclass
class LineFit:
    """A line fitted by gradient descent, and how the loss went.

    Attributes
    ----------
    slope, intercept : float
        The fitted line ``y = slope * x + intercept``.
    loss : str
        ``"mse"`` or ``"mae"``.
    train_loss : list of float
        The loss per epoch over all stages.
    learning_rates : list of float
        The learning rate of each stage.
    """

    slope: float
    intercept: float
    loss: str
    train_loss: list[float] = field(default_factory=list)
    learning_rates: list[float] = field(default_factory=list)


def fit_line(
    X: Any,
    y: Any,
    loss: str = "mse",
    *,
    learning_rate: float = 0.1,
    epochs: int = 200,
    stages: int = 1,
    decay: float = 0.1,
) -> LineFit:
    """Fit ``y = w x + b`` by full-batch gradient descent on the MSE or the MAE.

    The model is ``nn.Linear(1, 1)`` starting at ``w = b = 0``, trained by
    :func:`mlcourse.train.fit` with ``optim.SGD`` and ``losses.MSELoss`` or
    ``losses.MAELoss``: the same machinery as every network of the course.
    With ``stages > 1`` training continues for another ``epochs`` epochs at
    the learning rate times ``decay``, then times ``decay**2``, and so on. The
    MAE needs this: its gradient ``mean(sign(r) x)`` keeps its size near the
    minimum, so each stage only settles to within about the step size.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    loss : {"mse", "mae"}, default "mse"
    learning_rate : float, default 0.1
        Learning rate of the first stage (> 0).
    epochs : int, default 200
        Epochs per stage (>= 1).
    stages : int, default 1
        Number of stages (>= 1).
    decay : float, default 0.1
        Factor between the learning rates of consecutive stages (> 0).

    Returns
    -------
    LineFit

    Raises
    ------
    ValueError
        If the shapes are wrong, the loss name is unknown, or a number is out of range.

    Warns
    -----
    TrainingDiverged
        If the learning rate is so large that the loss stops being finite.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> fit = fit_line(X, y, "mse", learning_rate=0.2, epochs=300)
    >>> round(fit.slope, 4), round(fit.intercept, 4)
    (2.0, 1.0)
    """
    key = _check_loss_name(loss)
    x, y = _check_line_data(X, y)
    learning_rate = check_positive(learning_rate, "learning_rate")
    epochs = check_int(epochs, "epochs", minimum=1)
    stages = check_int(stages, "stages", minimum=1)
    decay = check_positive(decay, "decay")
    model = nn.Linear(1, 1, init="zeros")
    loss_fn = MSELoss() if key == "mse" else MAELoss()
    result = LineFit(0.0, 0.0, key)
    for stage in range(stages):
        rate = learning_rate * decay**stage
        history = fit(
            model, loss_fn, optim.SGD(model.parameters(), lr=rate), x.reshape(-1, 1), y.reshape(-1, 1), epochs=epochs
        )
        result.train_loss.extend(history.train_loss)
        result.learning_rates.append(rate)
        if history.diverged_at is not None:
            break
    result.slope, result.intercept = float(model.W.data[0, 0]), float(model.b.data[0])
    return result


# ------------------------------------------------------ the outlier experiment

#: The line the chapter's data are drawn around.
TRUE_SLOPE, TRUE_INTERCEPT = 2.0, 1.0
#: How far the outliers are moved down, and how many of the 60 points are moved (the widget's choices).
OUTLIER_SIZES: tuple[float, ...] = (0, 2, 5, 10, 15, 20, 30, 40)
OUTLIER_COUNTS: tuple[int, ...] = (1, 3, 6, 12)
_N_POINTS = 60


def outlier_data(outlier_size: float, n_outliers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chapter's data: 60 noisy points around ``y = 2x + 1`` (seed 0), the ones with the largest x moved down.

    The points are :func:`mlcourse.data.make_noisy_line` with noise 1; its
    ``n_outliers`` points of largest ``x`` (where they pull hardest on the
    slope) are moved down by ``outlier_size``.

    Parameters
    ----------
    outlier_size : float
        How far below the line the outliers are moved.
    n_outliers : int
        How many points are moved, in ``[0, 60)``.

    Returns
    -------
    X : numpy.ndarray of shape (60, 1)
    y : numpy.ndarray of shape (60,)
    outliers : numpy.ndarray of bool, shape (60,)
        Which points were moved.

    Raises
    ------
    TypeError
        If ``n_outliers`` is not an integer.
    ValueError
        If ``n_outliers`` is out of range.

    Examples
    --------
    >>> X, y, outliers = outlier_data(20, 3)
    >>> X.shape, int(outliers.sum()), bool(X[outliers, 0].min() >= X[~outliers, 0].max())
    ((60, 1), 3, True)
    """
    n_outliers = check_int(n_outliers, "n_outliers", minimum=0, maximum=_N_POINTS - 1)
    X, y = make_noisy_line(
        _N_POINTS,
        slope=TRUE_SLOPE,
        intercept=TRUE_INTERCEPT,
        noise=1.0,
        n_outliers=n_outliers,
        outlier_size=float(outlier_size),
        seed=0,
    )
    outliers = np.zeros(len(y), dtype=bool)
    outliers[np.argsort(X[:, 0])[len(y) - n_outliers :]] = True
    return X, y, outliers


@cache
def outlier_fits(n_outliers: int) -> dict[float, dict[str, tuple[float, float]]]:
    """The exact MSE and MAE lines of :func:`outlier_data` at every size of :data:`OUTLIER_SIZES`.

    Cached per number of outliers (the result is shared: do not modify it).

    Parameters
    ----------
    n_outliers : int
        How many points are moved, in ``[0, 60)``.

    Returns
    -------
    dict
        ``{size: {"mse": (slope, intercept), "mae": (slope, intercept)}}``.

    Examples
    --------
    >>> fits = outlier_fits(3)
    >>> round(fits[0]["mse"][0], 2), round(fits[40]["mse"][0], 2), round(fits[40]["mae"][0], 2)
    (1.99, 0.23, 1.91)
    """
    table = {}
    for size in OUTLIER_SIZES:
        X, y, _ = outlier_data(size, n_outliers)
        table[size] = {"mse": exact_line(X, y, "mse"), "mae": exact_line(X, y, "mae")}
    return table


def outliers_share_of_pull(
    X: Any, y: Any, outliers: Any, slope: float = TRUE_SLOPE, intercept: float = TRUE_INTERCEPT
) -> dict[str, float]:
    """The outliers' share (in %) of each loss's pull on the slope, at the line ``y = slope * x + intercept``.

    The pull of point ``i`` is ``|dL_i/dw| = |dL/dpred_i * x_i|``, with
    ``dL/dpred`` from :func:`mlcourse.losses.mse_grad` and
    :func:`mlcourse.losses.mae_grad`; the share is the outliers' sum over the
    sum over all points. Under the MSE a point pulls in proportion to its
    residual, under the MAE every point pulls alike.

    Parameters
    ----------
    X : array_like of shape (n_samples, 1)
    y : array_like of shape (n_samples,)
    outliers : array_like of bool, shape (n_samples,)
        Which points are outliers.
    slope, intercept : float
        The line where the pull is measured; default the true line.

    Returns
    -------
    dict
        ``{"mse": percent, "mae": percent}``.

    Raises
    ------
    ValueError
        If the shapes do not fit.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0]]); y = np.array([2.0, 0.0])  # 1 and 5 below the line y = 2x + 1
    >>> {name: round(share, 1) for name, share in outliers_share_of_pull(X, y, [False, True]).items()}
    {'mse': 90.9, 'mae': 66.7}
    """
    x, y = _check_line_data(X, y)
    mask = np.asarray(outliers)
    if mask.dtype != bool or mask.shape != y.shape:
        raise ValueError(f"outliers must be a boolean array of shape {y.shape}, got {describe(outliers)}")
    prediction = slope * x + intercept
    shares = {}
    for name, grad in (("mse", mse_grad), ("mae", mae_grad)):
        pull = np.abs(grad(prediction, y) * x)
        shares[name] = 100 * float(pull[mask].sum() / pull.sum())
    return shares


# ---------------------------------------------------------- classification


def bernoulli_likelihood(prob: Any, target: Any) -> float:
    """The probability of the observed 0/1 labels under predicted probabilities: ``prod p^t (1-p)^(1-t)``.

    Each label ``t`` is a Bernoulli draw that is 1 with probability ``p``, so
    its probability is ``p`` when ``t = 1`` and ``1 - p`` when ``t = 0``, in
    one formula ``p**t * (1 - p)**(1 - t)``. Independent samples multiply.
    The product is formed literally, so for many samples it underflows to 0
    (which is why losses use the sum of logarithms instead).

    Parameters
    ----------
    prob : array_like
        Predicted probabilities of class 1, in [0, 1].
    target : array_like
        Labels 0 or 1, same shape.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ, a probability is outside [0, 1] or a label is not 0 or 1.

    Examples
    --------
    >>> round(bernoulli_likelihood([0.9, 0.2], [1, 0]), 12)  # 0.9 * 0.8
    0.72
    """
    prob = as_float_array(prob, "prob")
    target = np.asarray(target, dtype=float)
    if target.shape != prob.shape:
        raise ValueError(f"prob and target must have the same shape, got {prob.shape} and {target.shape}")
    if np.any((prob < 0) | (prob > 1)):
        raise ValueError("prob must lie in [0, 1]")
    if not np.all((target == 0) | (target == 1)):
        raise ValueError("target must hold labels 0 and 1 only")
    return float(np.prod(np.where(target == 1, prob, 1 - prob)))


def softmax_ce_grad_by_chain_rule(logits: Any, label: int) -> np.ndarray:
    """dL/dz for ``L = -log softmax(z)[label]``, as the chain rule assembles it.

    ``dL/dz = J^T dL/ds``, with ``J = diag(s) - s s^T`` the softmax Jacobian
    (:func:`mlcourse.activations.softmax_jacobian`) and ``dL/ds = -y / s`` the
    cross-entropy's gradient for the one-hot ``y``
    (:func:`mlcourse.losses.cross_entropy_grad`). Multiplying out gives
    ``s - y``; this function does the multiplication numerically, so the
    simplification can be checked.

    Parameters
    ----------
    logits : array_like of shape (k,)
        Scores of one sample.
    label : int
        The true class, in ``[0, k)``.

    Returns
    -------
    numpy.ndarray of shape (k,)

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D or the label is out of range.

    Examples
    --------
    >>> softmax_ce_grad_by_chain_rule(np.array([0.0, 0.0]), 0)
    array([-0.5,  0.5])
    """
    logits = as_float_array(logits, "logits", ndim=1)
    if not (isinstance(label, (int, np.integer)) and 0 <= label < len(logits)):
        raise ValueError(f"label must be an integer in [0, {len(logits) - 1}], got {label!r}")
    probs = softmax(logits)
    dL_ds = cross_entropy_grad(probs[None, :], np.array([label]))[0]
    return softmax_jacobian(logits).T @ dL_ds


#: The losses :func:`true_class_loss` knows.
TRUE_CLASS_LOSSES = ("cross_entropy", "squared_error")


def true_class_loss(p: Any, loss: str = "cross_entropy", wrt: str = "logit") -> tuple[np.ndarray, np.ndarray]:
    """Loss and gradient of one prediction that gives probability ``p`` to the true class.

    The prediction is ``p = sigmoid(z)`` and the target is 1. The losses, from
    the library:

    - ``"cross_entropy"``: ``-log p`` (:func:`mlcourse.losses.binary_cross_entropy`);
      gradient ``-1/p`` with respect to ``p`` and ``p - 1`` with respect to
      ``z`` (:func:`mlcourse.losses.binary_cross_entropy_with_logits_grad`).
    - ``"squared_error"``: ``(p - 1)**2`` (:func:`mlcourse.losses.mse`);
      gradient ``2 (p - 1)`` with respect to ``p``, times ``sigmoid'(z) = p (1 - p)``
      with respect to ``z`` (chain rule).

    Parameters
    ----------
    p : array_like
        Probabilities of the true class, in (0, 1).
    loss : {"cross_entropy", "squared_error"}, default "cross_entropy"
    wrt : {"logit", "probability"}, default "logit"
        The variable of the gradient.

    Returns
    -------
    loss_values, gradients : numpy.ndarray
        Both of the shape of ``p``.

    Raises
    ------
    ValueError
        If ``p`` is outside (0, 1) or a name is unknown.

    Examples
    --------
    >>> values, grads = true_class_loss(np.array([0.5]), "cross_entropy", "logit")
    >>> values.round(4), grads
    (array([0.6931]), array([-0.5]))
    """
    p = as_float_array(p, "p", ndim=(0, 1))
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("p must lie strictly between 0 and 1")
    if loss not in TRUE_CLASS_LOSSES:
        raise ValueError(f"loss must be one of {TRUE_CLASS_LOSSES}, got {loss!r}")
    if wrt not in ("logit", "probability"):
        raise ValueError(f"wrt must be 'logit' or 'probability', got {wrt!r}")
    flat = np.atleast_1d(p)
    z = np.log(flat) - np.log1p(-flat)  # the logit whose sigmoid is p
    one = np.ones(1)
    values, grads = [], []
    for p_i, z_i in zip(flat, z):
        if loss == "cross_entropy":
            values.append(binary_cross_entropy(np.array([p_i]), one))
            grad = (
                binary_cross_entropy_grad(np.array([p_i]), one)
                if wrt == "probability"
                else binary_cross_entropy_with_logits_grad(np.array([z_i]), one)
            )
        else:
            values.append(mse(np.array([p_i]), one))
            grad = mse_grad(np.array([p_i]), one)
            if wrt == "logit":
                grad = grad * sigmoid_derivative(np.array([z_i]))
        grads.append(float(grad[0]))
    shape = p.shape
    return np.array(values).reshape(shape), np.array(grads).reshape(shape)


def accuracy_and_cross_entropy_along(
    X: Any, y: Any, weights: Any, bias: float, index: int, values: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Accuracy and cross-entropy of a logistic model as one weight moves.

    The model predicts ``p = sigmoid(X @ w + bias)`` and the class
    ``p >= 0.5``. For each number in ``values``, ``w[index]`` is set to it
    (the other weights stay as given) and the accuracy
    (:func:`mlcourse.metrics.accuracy`) and the binary cross-entropy
    (:func:`mlcourse.losses.binary_cross_entropy_with_logits`) on ``(X, y)``
    are recorded.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        Labels 0 and 1.
    weights : array_like of shape (n_features,)
    bias : float
    index : int
        Which weight moves.
    values : array_like of shape (m,)
        The values it takes.

    Returns
    -------
    accuracy, cross_entropy : numpy.ndarray of shape (m,)

    Raises
    ------
    ValueError
        If the shapes do not fit or ``index`` is out of range.

    Examples
    --------
    >>> X = np.array([[-1.0], [1.0]]); y = np.array([0, 1])
    >>> acc, ce = accuracy_and_cross_entropy_along(X, y, [0.0], 0.0, 0, [-1.0, 1.0, 2.0])
    >>> acc, ce.round(3)
    (array([0., 1., 1.]), array([1.313, 0.313, 0.127]))
    """
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    w = as_float_array(weights, "weights", ndim=1).copy()
    if len(w) != X.shape[1]:
        raise ValueError(f"weights must have {X.shape[1]} entries (one per feature), got {len(w)}")
    if not (isinstance(index, (int, np.integer)) and 0 <= index < len(w)):
        raise ValueError(f"index must be an integer in [0, {len(w) - 1}], got {index!r}")
    values = as_float_array(values, "values", ndim=1)
    accuracies, entropies = [], []
    for value in values:
        w[index] = value
        logits = X @ w + float(bias)
        accuracies.append(accuracy(y, (logits >= 0).astype(np.int64)))
        entropies.append(binary_cross_entropy_with_logits(logits, y))
    return np.array(accuracies), np.array(entropies)


class NegatedLoss(Loss):
    """A loss with its sign flipped: value ``-L``, gradient ``-dL/dpred``.

    Minimising it maximises ``L``. Wrapped around a cross-entropy it is the
    formula ``(1/n) sum t log y`` written without its minus sign: training
    on it drives the probability of the true class towards 0.

    Parameters
    ----------
    loss : Loss
        The loss to negate, e.g. ``losses.CrossEntropyLoss()``.

    Raises
    ------
    TypeError
        If ``loss`` is not a loss object.

    Examples
    --------
    >>> from mlcourse.losses import MSELoss
    >>> negated = NegatedLoss(MSELoss())
    >>> negated(np.array([3.0, 0.0]), np.array([1.0, 0.0]))
    -2.0
    >>> negated.backward()
    array([-2., -0.])
    """

    def __init__(self, loss: Loss) -> None:
        super().__init__()
        if not (callable(loss) and hasattr(loss, "backward")):
            raise TypeError(f"loss must be a loss object such as losses.CrossEntropyLoss(), got {describe(loss)}")
        self.loss = loss
        self.is_classification = loss.is_classification
        self.name = f"negated_{loss.name}"

    def __call__(self, pred: Any, target: Any) -> float:
        value = -self.loss(pred, target)
        self._cache = (True,)
        return value

    def backward(self) -> np.ndarray:
        self._cached()
        return -self.loss.backward()

    def __repr__(self) -> str:
        return f"NegatedLoss({self.loss!r})"


# ------------------------------------- entropy, cross-entropy, KL divergence

#: How far the entries of a distribution may sum from 1.
DISTRIBUTION_TOLERANCE = 1e-9


def _as_distribution(value: Any, name: str) -> np.ndarray:
    """A probability distribution along the last axis: shape ``(k,)`` or ``(n, k)``, entries in [0, 1], sums 1."""
    array = as_float_array(value, name, ndim=(1, 2))
    if array.min() < 0 or array.max() > 1:
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got values from {array.min():.6g} to {array.max():.6g}"
        )
    sums = array.sum(axis=-1)
    if np.abs(sums - 1).max() > DISTRIBUTION_TOLERANCE:
        raise ValueError(
            f"{name} must sum to 1 along its last axis (a probability distribution), "
            f"got sums from {sums.min():.6g} to {sums.max():.6g}"
        )
    return array


def _as_distributions(t: Any, p: Any) -> tuple[np.ndarray, np.ndarray]:
    t, p = _as_distribution(t, "t"), _as_distribution(p, "p")
    if t.shape != p.shape:
        raise ValueError(f"t and p must have the same shape, got {t.shape} and {p.shape}")
    return t, p


def _in_base(nats: np.ndarray, base: float | None) -> float | np.ndarray:
    """Nats converted to the unit of logarithms to ``base`` (2: bits); a float for one distribution."""
    nats = nats + 0.0  # -0.0 (a certain outcome) prints as 0.0
    if base is not None:
        base = check_positive(base, "base")
        if base == 1:
            raise ValueError("base must be a positive number other than 1 (2 for bits, None for nats), got 1")
        nats = nats / np.log(base)
    return float(nats) if np.ndim(nats) == 0 else nats


def entropy(t: Any, base: float | None = None) -> float | np.ndarray:
    """The entropy ``H(t) = -sum_k t_k log t_k`` of a distribution: the average surprise of its outcomes.

    Outcomes of probability 0 add nothing (``0 log 0 = 0``, the limit of
    ``q log q`` as ``q -> 0``).

    Parameters
    ----------
    t : array_like of shape (k,) or (n, k)
        A probability distribution (or one per row).
    base : float, optional
        The base of the logarithm: None for nats (natural logarithm, as the
        losses use), 2 for bits.

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for rows

    Raises
    ------
    ValueError
        If ``t`` is not a distribution (entries in [0, 1] summing to 1) or
        ``base`` is not a positive number other than 1.

    Examples
    --------
    >>> round(entropy([0.5, 0.5], base=2), 12)  # a fair coin: 1 bit
    1.0
    >>> round(entropy([0.5, 0.25, 0.125, 0.125], base=2), 12)
    1.75
    >>> abs(entropy([0.0, 1.0, 0.0]))  # a certain outcome: no surprise
    0.0
    """
    t = _as_distribution(t, "t")
    safe = np.where(t > 0, t, 1.0)  # 0 log 0 = 0: an outcome that never happens adds nothing
    return _in_base(-np.sum(t * np.log(safe), axis=-1), base)


def cross_entropy(t: Any, p: Any, base: float | None = None) -> float | np.ndarray:
    """The cross-entropy ``H(t, p) = -sum_k t_k log p_k``: the average surprise under ``p`` of outcomes drawn from ``t``.

    In bits it is the average length of the code words when outcomes of
    ``t`` are written with the code built for ``p`` (``-log2 p_k`` bits for
    outcome ``k``). It is infinite if ``p`` gives probability 0 to an outcome
    that ``t`` gives a positive probability.

    Parameters
    ----------
    t, p : array_like of shape (k,) or (n, k)
        The true distribution and the model's (one per row for 2-D input).
    base : float, optional
        None for nats, 2 for bits.

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for rows

    Raises
    ------
    ValueError
        If ``t`` or ``p`` is not a distribution, their shapes differ, or
        ``base`` is not a positive number other than 1.

    Examples
    --------
    >>> round(cross_entropy([0.5, 0.25, 0.125, 0.125], [0.25] * 4, base=2), 12)  # 2 bits for every outcome
    2.0
    >>> round(cross_entropy([0.0, 1.0], [0.3, 0.7]), 6)  # one-hot t: -log p of the true class
    0.356675
    """
    t, p = _as_distributions(t, p)
    with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf, and 0 * -inf where t_k = 0
        terms = np.where(t > 0, -t * np.log(p), 0.0)
    return _in_base(np.sum(terms, axis=-1), base)


def kl_divergence(t: Any, p: Any, base: float | None = None) -> float | np.ndarray:
    """The Kullback-Leibler divergence ``KL(t || p) = sum_k t_k log(t_k / p_k)``.

    It is ``H(t, p) - H(t)``: the extra surprise (the extra bits per outcome)
    of using ``p`` where the outcomes follow ``t``. It is at least 0, and 0
    only when ``p = t`` (Gibbs' inequality); it is not symmetric.

    Parameters
    ----------
    t, p : array_like of shape (k,) or (n, k)
        The true distribution and the model's (one per row for 2-D input).
    base : float, optional
        None for nats, 2 for bits.

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for rows

    Raises
    ------
    ValueError
        If ``t`` or ``p`` is not a distribution, their shapes differ, or
        ``base`` is not a positive number other than 1.

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.25, 0.125, 0.125], [0.25] * 4, base=2), 12)
    0.25
    >>> kl_divergence([0.3, 0.7], [0.3, 0.7])
    0.0
    """
    t, p = _as_distributions(t, p)
    safe = np.where(t > 0, t, 1.0)  # 0 log 0 = 0, as in the entropy
    with np.errstate(divide="ignore", invalid="ignore"):  # p_k = 0 where t_k > 0: infinitely surprising
        terms = np.where(t > 0, t * np.log(safe / p), 0.0)
    return _in_base(np.sum(terms, axis=-1), base)


def average_code_length(source: Any, code_for: Any, *, n_samples: int = 10_000, seed: int = 0) -> float:
    """Bits per outcome when outcomes drawn from ``source`` are written with the code built for ``code_for``.

    The code for a distribution ``q`` gives outcome ``k`` a code word of
    ``-log2 q_k`` bits (a whole number when every ``q_k`` is a power of 1/2,
    as for the prefix code 0, 10, 110, 111 of (1/2, 1/4, 1/8, 1/8)). This
    draws ``n_samples`` outcomes from ``source`` and averages their lengths:
    an estimate of the cross-entropy ``H(source, code_for)`` in bits.

    Parameters
    ----------
    source, code_for : array_like of shape (k,)
        The distribution the outcomes follow, and the one the code was built for.
    n_samples : int, default 10000
        How many outcomes to draw.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is not a distribution, their shapes differ, or
        ``n_samples`` is not a positive integer.

    Examples
    --------
    >>> average_code_length([0.5, 0.5], [0.5, 0.5], n_samples=10)  # one bit per coin toss
    1.0
    """
    source, code_for = _as_distributions(source, code_for)
    if source.ndim != 1:
        raise ValueError(f"source must be one distribution of shape (k,), got shape {source.shape}")
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    outcomes = np.random.default_rng(seed).choice(len(source), size=n_samples, p=source)
    with np.errstate(divide="ignore"):
        lengths = -np.log2(code_for)
    return float(np.mean(lengths[outcomes]))


def smoothed_target(n_classes: int, true_class: int, epsilon: float) -> np.ndarray:
    """A label-smoothed target: ``1 - epsilon`` of the mass on the true class, ``epsilon`` spread over all classes.

    ``t = (1 - epsilon) * one_hot + epsilon / n_classes``.

    Parameters
    ----------
    n_classes : int
        Number of classes, at least 2.
    true_class : int
        The label, in ``[0, n_classes)``.
    epsilon : float
        The smoothing, in [0, 1].

    Returns
    -------
    numpy.ndarray of shape (n_classes,)

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> smoothed_target(4, 1, 0.2)
    array([0.05, 0.85, 0.05, 0.05])
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    true_class = check_int(true_class, "true_class", minimum=0, maximum=n_classes - 1)
    epsilon = float(epsilon)
    if not 0 <= epsilon <= 1:
        raise ValueError(f"epsilon must lie in [0, 1], got {epsilon}")
    target = np.full(n_classes, epsilon / n_classes)
    target[true_class] += 1 - epsilon
    return target


def descend_on_logits(target: Any, *, steps: int = 200, learning_rate: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Minimise the softmax cross-entropy over the logits of one sample, starting from all zeros.

    The most flexible model there is: its parameters are the logits
    themselves. Plain gradient descent with the library's
    :class:`~mlcourse.losses.CrossEntropyLoss` (gradient ``softmax(z) - t``).
    The loss falls towards its minimum ``H(t)``: 0 for a one-hot target
    (reached only as the true logit grows without bound), ``H(t) > 0`` for a
    soft one, where ``softmax(z)`` becomes ``t``.

    Parameters
    ----------
    target : array_like of shape (k,)
        The target distribution (one-hot or soft).
    steps : int, default 200
        Gradient-descent steps.
    learning_rate : float, default 1
        Step size.

    Returns
    -------
    losses : numpy.ndarray of shape (steps + 1,)
        The loss before each step and after the last.
    probabilities : numpy.ndarray of shape (k,)
        ``softmax(z)`` at the end.

    Raises
    ------
    ValueError
        If ``target`` is not one distribution, ``steps`` is not a positive
        integer or ``learning_rate`` is not positive.

    Examples
    --------
    >>> losses, probs = descend_on_logits([0.7, 0.3], steps=300)
    >>> round(float(losses[0]), 4), round(float(losses[-1]), 4), np.round(probs, 4)  # ln 2, then H(t)
    (0.6931, 0.6109, array([0.7, 0.3]))
    """
    from mlcourse.losses import CrossEntropyLoss

    target = _as_distribution(target, "target")
    if target.ndim != 1:
        raise ValueError(f"target must be one distribution of shape (k,), got shape {target.shape}")
    steps = check_int(steps, "steps", minimum=1)
    learning_rate = check_positive(learning_rate, "learning_rate")
    loss_fn, logits, history = CrossEntropyLoss(), np.zeros((1, len(target))), []
    for _ in range(steps):
        history.append(loss_fn(logits, target[None, :]))
        logits -= learning_rate * loss_fn.backward()
    history.append(loss_fn(logits, target[None, :]))
    return np.array(history), softmax(logits[0])
