"""Experiments on loss functions: signs, likelihoods, gradients and why accuracy is not a loss.

Chapter 5 of the book uses these to check its derivations with the library's
own losses:

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

Examples
--------
>>> import numpy as np
>>> round(float(-np.log(bernoulli_likelihood([0.9, 0.2], [1, 0])) / 2), 4)  # BCE of these two
0.1643
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlcourse._validation import as_float_array, describe
from mlcourse.losses import Loss

__all__ = [
    "bernoulli_likelihood", "softmax_ce_grad_by_chain_rule", "true_class_loss", "TRUE_CLASS_LOSSES",
    "accuracy_and_cross_entropy_along", "NegatedLoss",
]


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
    from mlcourse.activations import softmax, softmax_jacobian
    from mlcourse.losses import cross_entropy_grad

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
    from mlcourse.activations import sigmoid_derivative
    from mlcourse.losses import (
        binary_cross_entropy, binary_cross_entropy_grad, binary_cross_entropy_with_logits_grad, mse, mse_grad,
    )

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
            grad = (binary_cross_entropy_grad(np.array([p_i]), one) if wrt == "probability"
                    else binary_cross_entropy_with_logits_grad(np.array([z_i]), one))
        else:
            values.append(mse(np.array([p_i]), one))
            grad = mse_grad(np.array([p_i]), one)
            if wrt == "logit":
                grad = grad * sigmoid_derivative(np.array([z_i]))
        grads.append(float(grad[0]))
    shape = p.shape
    return np.array(values).reshape(shape), np.array(grads).reshape(shape)


def accuracy_and_cross_entropy_along(X: Any, y: Any, weights: Any, bias: float, index: int,
                                     values: Any) -> tuple[np.ndarray, np.ndarray]:
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
    from mlcourse.losses import binary_cross_entropy_with_logits
    from mlcourse.metrics import accuracy

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
