"""Optimizers: rules that turn gradients into parameter updates.

Each optimizer holds a list of :class:`~mlcourse.nn.Parameter` objects.
After a backward pass has filled every ``Parameter.grad``, ``step()`` updates
every ``Parameter.data`` in place (float32 stays float32), and
``zero_grad()`` clears the gradients before the next backward pass, exactly as
in ``torch.optim``. The update rules are the ones ``torch.optim`` computes
with the same hyper-parameters; the tests compare the two step by step.

Notation in the docstrings: ``p`` a parameter, ``g`` its gradient, ``lr`` the
learning rate, ``t`` the number of steps taken so far (1 at the first step).
Every operation is element-wise.

About the course notes: they write the adaptive methods with the epsilon
inside the square root, ``lr * g / sqrt(G + eps)``. The papers and every
library add it outside, ``lr * g / (sqrt(G) + eps)``, as here; both only
guard against a division by zero, but the numbers differ slightly.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

from ._validation import check_positive, check_probability, describe
from .nn import Parameter

__all__ = [
    "Optimizer",
    "SGD",
    "Momentum",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "OPTIMIZERS",
    "get_optimizer",
    "clip_grad_norm",
    "clip_grad_value",
]


def _check_parameters(params: Any) -> list[Parameter]:
    if isinstance(params, Parameter):
        raise TypeError("params must be a list of Parameters (e.g. model.parameters()), got a single Parameter")
    try:
        params = list(params)
    except TypeError as error:
        raise TypeError(f"params must be a list of Parameters, got {describe(params)}") from error
    if not params:
        raise ValueError("params must hold at least one Parameter, got an empty list")
    for index, param in enumerate(params):
        if not isinstance(param, Parameter):
            raise TypeError(f"params[{index}] must be a Parameter, got {describe(param)}")
    if len({id(param) for param in params}) != len(params):
        raise ValueError("params holds the same Parameter more than once")
    return params


class Optimizer:
    """Base class: a list of parameters, per-parameter state, ``step`` and ``zero_grad``.

    A subclass implements its rule for one parameter in :meth:`update` and
    lists the names of its state arrays in ``STATE``; the base class
    allocates them (zeros, same shape and dtype as the parameter) so that
    their memory is known before the first step.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update, e.g. ``model.parameters()``.
    lr : float
        Learning rate (> 0).
    weight_decay : float, default 0
        L2 penalty: ``weight_decay * p`` is added to every gradient before the
        update (as ``torch.optim`` does; biases included).

    Attributes
    ----------
    params : list of Parameter
        The parameters, in order.
    state : list of dict of str to numpy.ndarray
        ``state[i]`` holds the extra arrays kept for ``params[i]``.
    steps : int
        Number of ``step()`` calls so far.

    Raises
    ------
    TypeError
        If ``params`` is not a list of Parameters.
    ValueError
        If ``params`` is empty or a hyper-parameter is out of range.
    """

    STATE: tuple[str, ...] = ()

    def __init__(self, params: Iterable[Parameter], lr: float, *, weight_decay: float = 0.0) -> None:
        self.params = _check_parameters(params)
        self.lr = check_positive(lr, "lr")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.steps = 0
        self.state: list[dict[str, np.ndarray]] = [
            {key: np.zeros_like(param.data) for key in self._state_names()} for param in self.params
        ]

    def _state_names(self) -> tuple[str, ...]:
        return self.STATE

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to zero (``Parameter.zero_grad``)."""
        for param in self.params:
            param.zero_grad()

    def step(self) -> None:
        """Update every parameter in place from its current ``.grad``."""
        self.steps += 1
        for param, state in zip(self.params, self.state):
            grad = param.grad
            if self.weight_decay:
                grad = grad + self.weight_decay * param.data
            self.update(param.data, grad, state)

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """Apply the update rule to one parameter, in place.

        Called by :meth:`step` for every parameter, after ``steps`` has
        counted the current step (``t`` in the docstrings) and the weight
        decay has been added to the gradient.

        Parameters
        ----------
        data : numpy.ndarray
            The parameter's values, changed in place.
        grad : numpy.ndarray
            Its gradient, same shape.
        state : dict of str to numpy.ndarray
            Its state arrays (``self.state[i]`` for ``params[i]``), updated in place.

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> optimizer = SGD([Parameter(np.zeros(2))], lr=0.1)
        >>> data = np.array([1.0, 2.0])
        >>> optimizer.update(data, np.array([1.0, -1.0]), {})
        >>> data
        array([0.9, 2.1])
        """
        raise NotImplementedError(f"{type(self).__name__} does not define its update rule")

    def state_size(self) -> int:
        """Return the number of floats the optimizer stores besides the parameters."""
        return sum(int(array.size) for state in self.state for array in state.values())

    def memory_report(self) -> dict[str, Any]:
        """Count the floats kept per parameter and in total.

        Returns
        -------
        dict
            ``"optimizer"`` (class name), ``"parameters"`` (number of
            trainable floats), ``"state"`` (extra floats in state arrays),
            ``"state_per_parameter"`` (their ratio: 0 for SGD, 1 for Momentum,
            AdaGrad and RMSProp, 2 for Adam) and ``"per_parameter"``, a list
            with one ``{"name", "size", "state"}`` dict per parameter.

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> w = Parameter(np.zeros((3, 2)), "W")
        >>> Adam([w]).memory_report()["state"]
        12
        """
        rows = [
            {"name": f"{index}.{param.name}" if param.name else str(index),
             "size": param.size,
             "state": sum(int(array.size) for array in state.values())}
            for index, (param, state) in enumerate(zip(self.params, self.state))
        ]
        n_params = sum(row["size"] for row in rows)
        n_state = self.state_size()
        return {
            "optimizer": type(self).__name__,
            "parameters": n_params,
            "state": n_state,
            "state_per_parameter": n_state / n_params,
            "per_parameter": rows,
        }

    def _hyper(self) -> str:
        return f"lr={self.lr:g}"

    def __repr__(self) -> str:
        decay = f", weight_decay={self.weight_decay:g}" if self.weight_decay else ""
        return f"{type(self).__name__}({self._hyper()}{decay})"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    Without momentum: ``p <- p - lr * g``, the plain gradient-descent step.
    With momentum ``mu`` (Polyak 1964), PyTorch's form, which keeps a
    velocity ``v`` (zero at the start)::

        v <- mu * v + g
        p <- p - lr * v

    With ``nesterov=True`` (Sutskever, Martens, Dahl & Hinton 2013) the step
    looks ahead along the velocity: ``p <- p - lr * (g + mu * v)``, with ``v``
    updated first as above.

    The course notes write momentum as ``v <- mu * v - lr * g``,
    ``p <- p + v``: with a constant learning rate this is the same sequence of
    points (their ``v`` is ``-lr`` times ours).

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float
        Learning rate (> 0).
    momentum : float, default 0
        Momentum factor ``mu`` in [0, 1); 0 is plain gradient descent and
        keeps no state.
    nesterov : bool, default False
        Use Nesterov momentum (needs ``momentum > 0``).
    weight_decay : float, default 0
        Adds ``weight_decay * p`` to the gradient (L2 regularization).

    Raises
    ------
    ValueError
        If ``lr <= 0``, ``momentum`` is outside [0, 1), or ``nesterov`` is
        asked for without momentum.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.array([1.0]))
    >>> p.grad[:] = 2.0
    >>> SGD([p], lr=0.1).step()
    >>> p.data
    array([0.8])
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        self.momentum = check_probability(momentum, "momentum")
        self.nesterov = bool(nesterov)
        if self.nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs momentum > 0, got momentum=0")
        super().__init__(params, lr, weight_decay=weight_decay)

    def _state_names(self) -> tuple[str, ...]:
        return ("velocity",) if self.momentum else ()

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """Without momentum ``p <- p - lr * g``; with it ``v <- mu * v + g``, then ``p <- p - lr * v``
        (Nesterov: ``p <- p - lr * (g + mu * v)``)."""
        if not self.momentum:
            data -= self.lr * grad
            return
        velocity = state["velocity"]
        velocity *= self.momentum
        velocity += grad
        if self.nesterov:
            data -= self.lr * (grad + self.momentum * velocity)
        else:
            data -= self.lr * velocity

    def _hyper(self) -> str:
        text = f"lr={self.lr:g}"
        if self.momentum:
            text += f", momentum={self.momentum:g}"
        if self.nesterov:
            text += ", nesterov=True"
        return text


class Momentum(SGD):
    """Gradient descent with momentum (Polyak 1964): ``SGD`` with ``momentum=0.9``.

    ``v <- mu * v + g``, ``p <- p - lr * v``: the velocity ``v`` is a running
    sum of past gradients, so steps grow along directions where the gradient
    keeps its sign and cancel where it flips. Keeps one extra array per
    parameter (the velocity).

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float, default 0.01
        Learning rate (> 0).
    momentum : float, default 0.9
        Momentum factor ``mu`` in (0, 1).
    nesterov : bool, default False
        Use Nesterov momentum (Sutskever et al. 2013).
    weight_decay : float, default 0
        Adds ``weight_decay * p`` to the gradient.

    Raises
    ------
    ValueError
        If ``lr <= 0`` or ``momentum`` is not in (0, 1).
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.01,
        momentum: float = 0.9,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        if check_probability(momentum, "momentum") == 0:
            raise ValueError("Momentum needs momentum in (0, 1), got 0 (use SGD for plain gradient descent)")
        super().__init__(params, lr, momentum=momentum, nesterov=nesterov, weight_decay=weight_decay)


class AdaGrad(Optimizer):
    """Adaptive gradient (Duchi, Hazan & Singer 2011).

    Accumulates the squared gradients, ``G <- G + g**2`` (zero at the start),
    and divides each coordinate's step by their root::

        p <- p - lr * g / (sqrt(G) + eps)

    Coordinates with large past gradients take small steps. ``G`` only grows,
    so the effective step ``lr / (sqrt(G) + eps)`` shrinks over time, which
    can stop learning too early (RMSProp's motivation).

    About the course notes: AdaGrad does not compute second derivatives.
    ``G`` sums squares of first derivatives, which costs one extra array and
    one multiply-add per step. The notes also put ``eps`` inside the square
    root; here it is outside, as in the paper and in ``torch.optim.Adagrad``.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float, default 0.01
        Learning rate (> 0).
    eps : float, default 1e-10
        Added to ``sqrt(G)`` to avoid a division by zero (> 0).
    weight_decay : float, default 0
        Adds ``weight_decay * p`` to the gradient.

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` is not positive.
    """

    STATE = ("sum_sq",)

    def __init__(
        self, params: Iterable[Parameter], lr: float = 0.01, eps: float = 1e-10, weight_decay: float = 0.0
    ) -> None:
        self.eps = check_positive(eps, "eps")
        super().__init__(params, lr, weight_decay=weight_decay)

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """``G <- G + g**2``, ``p <- p - lr * g / (sqrt(G) + eps)``."""
        sum_sq = state["sum_sq"]
        sum_sq += grad * grad
        data -= self.lr * grad / (np.sqrt(sum_sq) + self.eps)

    def _hyper(self) -> str:
        return f"lr={self.lr:g}, eps={self.eps:g}"


class RMSProp(Optimizer):
    """Root-mean-square propagation (Tieleman & Hinton 2012, lecture 6.5).

    AdaGrad with a forgetting factor: the squared gradients are averaged
    exponentially instead of summed, so old gradients fade and the step does
    not shrink to zero::

        s <- alpha * s + (1 - alpha) * g**2
        p <- p - lr * g / (sqrt(s) + eps)

    ``s`` starts at zero, as in ``torch.optim.RMSprop`` (no bias correction).
    The course notes put ``eps`` inside the square root; here it is outside.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float, default 0.01
        Learning rate (> 0).
    alpha : float, default 0.99
        Decay of the running average of squared gradients, in [0, 1).
    eps : float, default 1e-8
        Added to ``sqrt(s)`` (> 0).
    weight_decay : float, default 0
        Adds ``weight_decay * p`` to the gradient.

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` is not positive or ``alpha`` is outside [0, 1).
    """

    STATE = ("square_avg",)

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        self.alpha = check_probability(alpha, "alpha")
        self.eps = check_positive(eps, "eps")
        super().__init__(params, lr, weight_decay=weight_decay)

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """``s <- alpha * s + (1 - alpha) * g**2``, ``p <- p - lr * g / (sqrt(s) + eps)``."""
        square_avg = state["square_avg"]
        square_avg *= self.alpha
        square_avg += (1 - self.alpha) * (grad * grad)
        data -= self.lr * grad / (np.sqrt(square_avg) + self.eps)

    def _hyper(self) -> str:
        return f"lr={self.lr:g}, alpha={self.alpha:g}, eps={self.eps:g}"


class Adam(Optimizer):
    """Adaptive moment estimation (Kingma & Ba 2015): momentum plus RMSProp.

    Keeps running averages of the gradient (first moment ``m``) and of its
    square (second moment ``v``), both zero at the start, and corrects their
    bias towards zero before using them::

        m <- beta1 * m + (1 - beta1) * g
        v <- beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)

    Thanks to the bias correction the first step is
    ``lr * g / (|g| + eps)``: every coordinate moves by about ``lr``,
    whatever the scale of its gradient. Keeps two extra arrays per parameter.
    The course notes put ``eps`` inside the square root; here it is outside,
    as in the paper and ``torch.optim.Adam``.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float, default 0.001
        Learning rate (> 0).
    betas : (float, float), default (0.9, 0.999)
        Decay rates ``beta1``, ``beta2`` of the two moments, each in [0, 1).
    eps : float, default 1e-8
        Added to ``sqrt(v_hat)`` (> 0).
    weight_decay : float, default 0
        Adds ``weight_decay * p`` to the gradient (L2, not AdamW's decoupled
        decay).

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` is not positive or a beta is outside [0, 1).
    """

    STATE = ("exp_avg", "exp_avg_sq")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        try:
            beta1, beta2 = betas
        except (TypeError, ValueError) as error:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {describe(betas)}") from error
        self.betas = (check_probability(beta1, "betas[0]"), check_probability(beta2, "betas[1]"))
        self.eps = check_positive(eps, "eps")
        super().__init__(params, lr, weight_decay=weight_decay)

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """Update the moments ``m``, ``v``, then ``p <- p - lr * m_hat / (sqrt(v_hat) + eps)`` at step ``t``."""
        beta1, beta2 = self.betas
        t = self.steps
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg *= beta1
        exp_avg += (1 - beta1) * grad
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grad * grad)
        # lr * m_hat / (sqrt(v_hat) + eps), arranged as torch.optim.Adam does
        step_size = self.lr / (1 - beta1**t)
        denominator = np.sqrt(exp_avg_sq) / math.sqrt(1 - beta2**t) + self.eps
        data -= step_size * exp_avg / denominator

    def _hyper(self) -> str:
        return f"lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g}), eps={self.eps:g}"


def _nesterov(params: Iterable[Parameter], lr: float, momentum: float = 0.9, weight_decay: float = 0.0) -> SGD:
    return SGD(params, lr, momentum=momentum, nesterov=True, weight_decay=weight_decay)


#: Optimizer factories by name, for :func:`get_optimizer`.
#:
#: :meta hide-value:
OPTIMIZERS: dict[str, Any] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": _nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSProp,
    "adam": Adam,
}


def get_optimizer(name: str, params: Iterable[Parameter], **hyper: Any) -> Optimizer:
    """Build an optimizer from its name.

    Parameters
    ----------
    name : str
        One of ``"sgd"``, ``"momentum"``, ``"nesterov"`` (SGD with
        ``nesterov=True`` and ``momentum=0.9`` unless given), ``"adagrad"``,
        ``"rmsprop"``, ``"adam"`` (case-insensitive).
    params : iterable of Parameter
        The parameters to update.
    **hyper
        Hyper-parameters passed to the class, e.g. ``lr=0.1``.

    Returns
    -------
    Optimizer

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the valid ones).
    TypeError
        If a hyper-parameter is not accepted by that optimizer.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> get_optimizer("adam", [Parameter(np.zeros(2))], lr=0.1)
    Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-08)
    """
    if not isinstance(name, str) or name.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}")
    factory = OPTIMIZERS[name.lower()]
    try:
        return factory(params, **hyper)
    except TypeError as error:
        raise TypeError(f"optimizer {name!r}: {error}") from error


def _gradients(params: Any) -> list[np.ndarray]:
    return [param.grad for param in _check_parameters(params)]


def clip_grad_norm(params: Iterable[Parameter], max_norm: float) -> float:
    """Rescale all gradients together so that their global L2 norm is at most ``max_norm``.

    The norm is taken over all gradients at once, as if they were one long
    vector: ``total = sqrt(sum over parameters of sum(g**2))``. When it
    exceeds ``max_norm`` every gradient is multiplied, in place, by
    ``max_norm / (total + 1e-6)``, which keeps the direction of the step and
    shortens it (Pascanu, Mikolov & Bengio 2013), as
    ``torch.nn.utils.clip_grad_norm_``. A non-finite norm leaves the
    gradients untouched (training should stop, not rescale by NaN).

    Parameters
    ----------
    params : iterable of Parameter
        Parameters whose ``.grad`` to clip.
    max_norm : float
        Largest allowed global norm (> 0).

    Returns
    -------
    float
        The global norm before clipping.

    Raises
    ------
    ValueError
        If ``max_norm`` is not a positive number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.zeros(2)); p.grad[:] = [3.0, 4.0]
    >>> clip_grad_norm([p], 1.0)
    5.0
    >>> np.round(p.grad, 4)
    array([0.6, 0.8])
    """
    max_norm = check_positive(max_norm, "max_norm")
    grads = _gradients(params)
    with np.errstate(over="ignore"):
        total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
    scale = max_norm / (total + 1e-6)
    if math.isfinite(total) and scale < 1:
        for grad in grads:
            grad *= scale
    return total


def clip_grad_value(params: Iterable[Parameter], clip: float) -> None:
    """Clip every gradient element to ``[-clip, clip]``, in place.

    Unlike :func:`clip_grad_norm` this can change the direction of the step.
    Same as ``torch.nn.utils.clip_grad_value_``.

    Parameters
    ----------
    params : iterable of Parameter
        Parameters whose ``.grad`` to clip.
    clip : float
        Largest allowed absolute value (> 0).

    Raises
    ------
    ValueError
        If ``clip`` is not a positive number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.zeros(3)); p.grad[:] = [-5.0, 0.5, 2.0]
    >>> clip_grad_value([p], 1.0)
    >>> p.grad
    array([-1. ,  0.5,  1. ])
    """
    clip = check_positive(clip, "clip")
    for grad in _gradients(params):
        np.clip(grad, -clip, clip, out=grad)
