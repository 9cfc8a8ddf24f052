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
from typing import Any, Iterable, Mapping

import numpy as np

from ._blas import axpy
from ._validation import (
    FLOAT_DTYPES,
    check_bool,
    check_positive,
    check_probability,
    describe,
)
from .nn import Module, Parameter

__all__ = [
    "Optimizer",
    "SGD",
    "Momentum",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "AdamW",
    "OPTIMIZERS",
    "get_optimizer",
    "clip_grad_norm",
    "clip_grad_value",
]


def _check_parameters(params: Any) -> list[Parameter]:
    if isinstance(params, Parameter):
        raise TypeError("params must be a list of Parameters (e.g. model.parameters()), got a single Parameter")
    if isinstance(params, Module):
        raise TypeError(f"params must be a list of Parameters: pass model.parameters(), got the module {params!r}")
    if isinstance(params, (str, bytes, np.ndarray)):
        raise TypeError(f"params must be a list of Parameters (e.g. model.parameters()), got {describe(params)}")
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


def _check_fits_parameters(value: float, name: str, params: Iterable[Parameter], *, positive: bool = False) -> None:
    """``ValueError`` if the hyper-parameter ``value`` (>= 0) overflows the dtype of a parameter
    (``lr=1e39`` for float32 parameters), or, with ``positive``, rounds to 0 in it (``eps=1e-50``)."""
    for dtype in {param.data.dtype for param in params} - {np.dtype(np.float64)}:
        largest, smallest = float(np.finfo(dtype).max), float(np.finfo(dtype).smallest_subnormal)
        if value > largest or (positive and value <= smallest / 2):
            raise ValueError(
                f"{name} must be representable in {dtype}, the dtype of the parameters "
                f"({'between ' + format(smallest, 'g') + ' and' if positive else 'at most'} {largest:g}), "
                f"got {value!r}, which {'overflows' if value > largest else 'rounds to 0'} in {dtype}"
            )


class _ParameterState(dict):
    """The state arrays of one parameter (a dict), plus the flag ``root_form`` and the
    parameter's ``shape`` (which lets :meth:`Optimizer.update` check its arguments quickly).

    ``root_form`` becomes True, for good, the first time a gradient's square
    overflows (gradients beyond about 1e154 in float64, 1e19 in float32):
    the optimizer then keeps the square ROOT of its average of squared
    gradients (``sum_sq``, ``square_avg`` or ``exp_avg_sq``), which is as
    large as the gradients themselves and cannot overflow, and updates it with
    ``np.hypot``. Ordinary gradients never take this path.
    """

    root_form: bool = False
    shape: tuple[int, ...] | None = None

    def __init__(self, arrays: dict[str, np.ndarray], shape: tuple[int, ...]) -> None:
        super().__init__(arrays)
        self.shape = shape


def _overflows(ufunc: np.ufunc, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> bool:
    """Compute ``ufunc(a, b, out=out)``; return True if a result overflowed (no warning is issued)."""
    with np.errstate(over="raise"):
        try:
            ufunc(a, b, out=out)
        except FloatingPointError:
            return True
    return False


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
        Learning rate (> 0). It may be changed between steps (e.g. by a
        schedule); a new value is checked the same way.
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
        If ``params`` is not a list of Parameters (a model instead of
        ``model.parameters()``, arrays, ...) or a hyper-parameter is not a number.
    ValueError
        If ``params`` is empty or holds a Parameter twice, or a
        hyper-parameter is out of range (NaN and inf included).

    Notes
    -----
    The updates are computed in place: besides the state, an optimizer keeps
    at most three scratch arrays per dtype, each the size of the largest
    parameter, reused by every parameter at every step, so that a step
    allocates no temporary arrays. The results are bit for bit those of the
    plain expressions written in the docstrings (``p - lr * g``, ...), but
    for :class:`SGD`'s final ``p - lr * u``, which BLAS rounds once where
    numpy would round twice (see :class:`SGD`).

    Gradients are used as they are: NaN or inf in a gradient reaches the
    parameters (:func:`mlcourse.train.fit` checks the gradients before the
    update and stops). Huge finite gradients are fine: the adaptive methods
    switch to a form that cannot overflow when a gradient's square would
    (see ``root_form`` in :class:`AdaGrad`).
    """

    STATE: tuple[str, ...] = ()

    def __init__(self, params: Iterable[Parameter], lr: float, *, weight_decay: float = 0.0) -> None:
        self.params = _check_parameters(params)
        self.lr = check_positive(lr, "lr")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        _check_fits_parameters(self.weight_decay, "weight_decay", self.params)
        if hasattr(self, "eps"):  # the adaptive methods: eps must not round to 0 (0 / 0 for a zero gradient)
            _check_fits_parameters(self.eps, "eps", self.params, positive=True)
        self.steps = 0
        self.state: list[dict[str, np.ndarray]] = [
            _ParameterState({key: np.zeros_like(param.data) for key in self._state_names()}, param.shape)
            for param in self.params
        ]
        self._scratch: dict[tuple[Any, ...], np.ndarray] = {}  # reused arrays of the update rules (see _buffer)

    @property
    def lr(self) -> float:
        """The learning rate (> 0); assigning a new one checks it."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        lr = check_positive(value, "lr")
        _check_fits_parameters(lr, "lr", getattr(self, "params", ()))
        self._lr = lr

    def _state_names(self) -> tuple[str, ...]:
        return self.STATE

    def _buffer(self, slot: int, like: np.ndarray) -> np.ndarray:
        """A scratch array of the shape and dtype of ``like``, reused from step to step.

        ``slot`` tells a rule's scratch arrays apart (0 and 1 for :meth:`update`,
        2 for the weight decay in :meth:`step`). Arrays of one slot and dtype
        share one block of memory, the size of the largest parameter.
        """
        key = (slot, like.shape, like.dtype)
        view = self._scratch.get(key)
        if view is None:
            block_key = (slot, like.dtype)
            block = self._scratch.get(block_key)
            if block is None or block.size < like.size:
                size = max([like.size] + [param.size for param in self.params if param.data.dtype == like.dtype])
                block = np.empty(size, like.dtype)
                self._scratch = {k: v for k, v in self._scratch.items() if (k[0], k[-1]) != block_key}
                self._scratch[block_key] = block
            view = self._scratch[key] = block[: like.size].reshape(like.shape)
        return view

    def _check_update(self, data: Any, grad: Any, state: Any) -> None:
        """Refuse arguments :meth:`update` cannot apply (``step`` always passes valid ones)."""
        if (
            type(data) is np.ndarray
            and type(grad) is np.ndarray
            and type(state) is _ParameterState
            and data.shape == grad.shape == state.shape
            and data.size
            and data.dtype.char in "fd"
            and grad.dtype.kind in "iuf"
            and data.flags.writeable
        ):
            return  # the usual case, arguments from step(): checked in a few attribute reads
        if not (isinstance(data, np.ndarray) and data.dtype in FLOAT_DTYPES):
            raise TypeError(
                f"update: data must be a float32 or float64 array (a parameter's values, "
                f"changed in place), got {describe(data)}"
            )
        if not data.flags.writeable:
            raise ValueError(
                "update: data must be a writeable array (a parameter's values, changed in place), got a read-only array"
            )
        if not (isinstance(grad, np.ndarray) and grad.dtype.kind in "iuf"):
            raise TypeError(f"update: grad must be an array of real numbers, got {describe(grad)}")
        if grad.shape != data.shape or data.size == 0:
            raise ValueError(
                f"update: grad and data must have the same non-empty shape, "
                f"got grad of shape {grad.shape} and data of shape {data.shape}"
            )
        if not isinstance(state, Mapping):
            raise TypeError(f"update: state must be a dict of arrays (optimizer.state[i]), got {describe(state)}")
        for key in self._state_names():
            array = state.get(key)
            if not (isinstance(array, np.ndarray) and array.shape == data.shape):
                raise ValueError(
                    f"update: state must hold {key!r}, an array of the shape of data {data.shape} "
                    f"(pass optimizer.state[i]), got {describe(array)}"
                )

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to zero (``Parameter.zero_grad``)."""
        for param in self.params:
            param.zero_grad()

    def step(self) -> None:
        """Update every parameter in place from its current ``.grad``."""
        self.steps += 1
        for param, state in zip(self.params, self.state):
            grad = param.grad
            if self.weight_decay:  # g + weight_decay * p, in a reused array
                decay = np.multiply(self.weight_decay, param.data, out=self._buffer(2, grad))
                grad = np.add(grad, decay, out=decay)
            self.update(param.data, grad, state)

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """Apply the update rule to one parameter, in place.

        Called by :meth:`step` for every parameter, after ``steps`` has
        counted the current step (``t`` in the docstrings) and the weight
        decay has been added to the gradient.

        Parameters
        ----------
        data : numpy.ndarray
            The parameter's values (float32 or float64), changed in place.
        grad : numpy.ndarray
            Its gradient, same shape.
        state : dict of str to numpy.ndarray
            Its state arrays (``self.state[i]`` for ``params[i]``), updated in place.

        Raises
        ------
        TypeError
            If ``data`` is not a float array, ``grad`` not an array of real
            numbers, or ``state`` not a dict.
        ValueError
            If ``grad`` and ``data`` differ in shape or are empty, or ``state``
            lacks one of the rule's arrays.

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
            {
                "name": f"{index}.{param.name}" if param.name else str(index),
                "size": param.size,
                "state": sum(int(array.size) for array in state.values()),
            }
            for index, (param, state) in enumerate(zip(self.params, self.state))
        ]
        n_params = sum(row["size"] for row in rows)
        n_state = self.state_size()
        return {
            "optimizer": type(self).__name__,
            "parameters": n_params,
            "state": n_state,
            "state_per_parameter": n_state / n_params if n_params else 0.0,  # 0 for empty parameters
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
    updated first as above (PyTorch's formulation).

    The look-ahead: momentum alone will carry the parameters by
    ``-lr * mu * v`` whatever the current gradient says, so Nesterov momentum
    takes the gradient where that move lands, at the looked-ahead point
    ``p - lr * mu * v``, rather than at ``p``: when the velocity is about to
    overshoot a valley, the gradient there already points back and brakes
    it. Written that way (Sutskever et al.) the rule needs the gradient at a
    point other than the parameters. The change of variables
    ``q = p - lr * mu * v`` (store the looked-ahead point itself) turns it
    into the rule above, ``v <- mu * v + g``, ``q <- q - lr * (g + mu * v)``
    with ``g`` the gradient at ``q``: the parameters this optimizer holds ARE
    the looked-ahead points, and one gradient per step, taken at them, is
    all it needs. The extra ``mu * v`` in the step is the look-ahead for the
    next step.

    The course notes write momentum as ``v <- mu * v - lr * g``,
    ``p <- p + v``: with a constant learning rate this is the same sequence of
    points (their ``v`` is ``-lr`` times ours).

    The step ``p <- p - lr * u`` (``u`` the gradient, the velocity or the
    look-ahead) is one call of BLAS's ``axpy`` when numpy's BLAS is the
    OpenBLAS of its wheels: one pass over memory, on numpy's BLAS threads,
    rounded once like PyTorch's update (see :mod:`mlcourse._blas`).

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
    TypeError
        If a hyper-parameter is not a number (``nesterov``: not a bool).

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
        self.nesterov = check_bool(nesterov, "nesterov")
        if self.nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs momentum > 0, got momentum=0")
        super().__init__(params, lr, weight_decay=weight_decay)

    def _state_names(self) -> tuple[str, ...]:
        return ("velocity",) if self.momentum else ()

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """Without momentum ``p <- p - lr * g``; with it ``v <- mu * v + g``, then ``p <- p - lr * v``
        (Nesterov: ``p <- p - lr * (g + mu * v)``).

        In the Nesterov branch ``p`` is the looked-ahead point and ``mu * v``
        the look-ahead of the next step; see the class docstring.
        """
        self._check_update(data, grad, state)
        step = self._buffer(0, data)  # a reused array: no temporary per step
        if not self.momentum:
            axpy(-self.lr, grad, data, step)  # p <- p - lr * g
            return
        velocity = state["velocity"]
        velocity *= self.momentum
        velocity += grad  # v <- mu * v + g
        if self.nesterov:
            look_ahead = np.add(grad, np.multiply(self.momentum, velocity, out=step), out=step)
            axpy(-self.lr, look_ahead, data, step)  # p <- p - lr * (g + mu * v)
        else:
            axpy(-self.lr, velocity, data, step)  # p <- p - lr * v

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
    TypeError
        If a hyper-parameter is not a number (``nesterov``: not a bool).
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

    Huge gradients: when ``g**2`` or ``G + g**2`` would overflow (gradients
    beyond about 1e154 in float64, 1e19 in float32), ``state[i]["sum_sq"]``
    switches to holding ``sqrt(G)``, updated as ``hypot(sqrt(G), g)``, and
    ``state[i].root_form`` becomes True: the steps stay finite and correct
    where ``torch.optim.Adagrad`` would stop moving (``g / inf = 0``).

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
    TypeError
        If a hyper-parameter is not a number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.array([1.0, 1.0]))
    >>> p.grad[:] = [1.0, 1e200]  # very different scales: both coordinates move by lr
    >>> AdaGrad([p], lr=0.1).step()
    >>> p.data
    array([0.9, 0.9])
    """

    STATE = ("sum_sq",)

    def __init__(
        self, params: Iterable[Parameter], lr: float = 0.01, eps: float = 1e-10, weight_decay: float = 0.0
    ) -> None:
        self.eps = check_positive(eps, "eps")
        super().__init__(params, lr, weight_decay=weight_decay)

    def update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """``G <- G + g**2``, ``p <- p - lr * g / (sqrt(G) + eps)``."""
        self._check_update(data, grad, state)
        sum_sq = state["sum_sq"]
        new_sum = self._buffer(0, data)  # reused arrays: no temporary per step
        if (
            getattr(state, "root_form", False)
            or _overflows(np.multiply, grad, grad, out=new_sum)
            or _overflows(np.add, sum_sq, new_sum, out=new_sum)
        ):
            return self._update_root_form(data, grad, state)  # |g| beyond ~1e154: see the class docstring
        sum_sq[...] = new_sum  # G <- G + g**2 (added aside first, to check for overflow)
        denominator = np.sqrt(sum_sq, out=new_sum)
        denominator += self.eps
        step = np.multiply(self.lr, grad, out=self._buffer(1, data))
        step /= denominator
        data -= step  # p <- p - lr * g / (sqrt(G) + eps)

    def _update_root_form(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """The same update with ``r = sqrt(G)`` kept instead of ``G``: ``r <- hypot(r, g)``."""
        root = _enter_root_form(state, "sum_sq")
        np.hypot(root, grad, out=root)
        data -= (grad / (root + self.eps)) * self.lr

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
    For gradients whose square overflows, ``state[i]["square_avg"]`` switches
    to holding ``sqrt(s)`` (see :class:`AdaGrad`).

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
    TypeError
        If a hyper-parameter is not a number.
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
        self._check_update(data, grad, state)
        square_avg = state["square_avg"]
        grad_sq = self._buffer(0, data)  # reused arrays: no temporary per step
        if getattr(state, "root_form", False) or _overflows(np.multiply, grad, grad, out=grad_sq):
            return self._update_root_form(data, grad, state)  # |g| beyond ~1e154: see AdaGrad
        square_avg *= self.alpha
        square_avg += np.multiply(1 - self.alpha, grad_sq, out=grad_sq)  # s <- alpha s + (1 - alpha) g**2
        denominator = np.sqrt(square_avg, out=grad_sq)
        denominator += self.eps
        step = np.multiply(self.lr, grad, out=self._buffer(1, data))
        step /= denominator
        data -= step  # p <- p - lr * g / (sqrt(s) + eps)

    def _update_root_form(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """The same update with ``r = sqrt(s)`` kept: ``r <- hypot(sqrt(alpha) r, sqrt(1 - alpha) g)``."""
        root = _enter_root_form(state, "square_avg")
        np.hypot(math.sqrt(self.alpha) * root, math.sqrt(1 - self.alpha) * grad, out=root)
        data -= (grad / (root + self.eps)) * self.lr

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
    as in the paper and ``torch.optim.Adam``. For gradients whose square
    overflows, ``state[i]["exp_avg_sq"]`` switches to holding ``sqrt(v)``
    (see :class:`AdaGrad`).

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
        Adds ``weight_decay * p`` to the gradient (an L2 penalty, which Adam
        then rescales like the rest of the gradient; :class:`AdamW` decays
        the weights directly).

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` is not positive or a beta is outside [0, 1).
    TypeError
        If ``betas`` is not a pair of numbers, or a hyper-parameter is not a number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.array([1.0, 1.0]))
    >>> p.grad[:] = [-1.0, -1e200]  # very different scales: both coordinates move by lr
    >>> Adam([p], lr=0.1).step()
    >>> p.data
    array([1.1, 1.1])
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
        self._check_update(data, grad, state)
        beta1, beta2 = self.betas
        t = self.steps
        if t < 1:  # the bias corrections divide by 1 - beta**t
            raise RuntimeError(
                f"{type(self).__name__}.update needs the step count t = steps >= 1 (step() counts the step "
                f"before calling update), got steps={t!r}: call step(), or increase steps first"
            )
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        grad_sq, scratch = self._buffer(0, data), self._buffer(1, data)  # reused: no temporary per step
        if getattr(state, "root_form", False) or _overflows(np.multiply, grad, grad, out=grad_sq):
            return self._update_root_form(data, grad, state)  # |g| beyond ~1e154: see AdaGrad
        exp_avg *= beta1
        exp_avg += np.multiply(1 - beta1, grad, out=scratch)  # m <- beta1 m + (1 - beta1) g
        exp_avg_sq *= beta2
        exp_avg_sq += np.multiply(1 - beta2, grad_sq, out=grad_sq)  # v <- beta2 v + (1 - beta2) g**2
        # lr * m_hat / (sqrt(v_hat) + eps), arranged as torch.optim.Adam does
        step_size = self.lr / (1 - beta1**t)
        denominator = np.sqrt(exp_avg_sq, out=grad_sq)
        denominator /= math.sqrt(1 - beta2**t)
        denominator += self.eps
        step = np.multiply(step_size, exp_avg, out=scratch)
        step /= denominator
        data -= step

    def _update_root_form(self, data: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """The same update with ``r = sqrt(v)`` kept: ``r <- hypot(sqrt(beta2) r, sqrt(1 - beta2) g)``."""
        beta1, beta2 = self.betas
        t = self.steps
        exp_avg, root = state["exp_avg"], _enter_root_form(state, "exp_avg_sq")
        exp_avg *= beta1
        exp_avg += (1 - beta1) * grad
        np.hypot(math.sqrt(beta2) * root, math.sqrt(1 - beta2) * grad, out=root)
        denominator = root / math.sqrt(1 - beta2**t) + self.eps
        data -= (exp_avg / denominator) * (self.lr / (1 - beta1**t))

    def _hyper(self) -> str:
        return f"lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g}), eps={self.eps:g}"


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter 2019).

    Every step first shrinks the parameters, then takes the Adam step with the
    gradient of the loss alone::

        p <- p - lr * weight_decay * p      (computed as p * (1 - lr * weight_decay))
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)      (the Adam step of :class:`Adam`)

    An L2 penalty adds ``weight_decay * p`` to the gradient; decoupled weight
    decay shrinks ``p`` directly: for plain SGD the two are the same update,
    but an adaptive optimizer divides the penalty's gradient by
    ``sqrt(v_hat)`` like the rest of the gradient, so with ``Adam(weight_decay=...)``
    weights with large gradients are barely decayed, while AdamW decays every
    weight by the same factor ``1 - lr * weight_decay``. Same update as
    ``torch.optim.AdamW``; two extra arrays per parameter, as Adam.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update.
    lr : float, default 0.001
        Learning rate (> 0); it also scales the decay.
    betas : (float, float), default (0.9, 0.999)
        Decay rates ``beta1``, ``beta2`` of the two moments, each in [0, 1).
    eps : float, default 1e-8
        Added to ``sqrt(v_hat)`` (> 0).
    weight_decay : float, default 0.01
        Decoupled weight decay coefficient (>= 0; 0 is plain Adam).

    Raises
    ------
    ValueError
        If ``lr`` or ``eps`` is not positive, ``weight_decay`` is negative, or
        a beta is outside [0, 1) (NaN and inf included).
    TypeError
        If ``betas`` is not a pair of numbers, or a hyper-parameter is not a number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.array([1.0, 1.0]))
    >>> p.grad[:] = [-1.0, 0.0]  # no gradient on the second weight: only the decay moves it
    >>> AdamW([p], lr=0.1, weight_decay=0.5).step()
    >>> p.data  # 1 * (1 - 0.1 * 0.5) + 0.1, then 1 * (1 - 0.1 * 0.5)
    array([1.05, 0.95])
    """

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self) -> None:
        """Decay every parameter by ``1 - lr * weight_decay``, then take the Adam step with its ``.grad``."""
        self.steps += 1
        shrink = 1 - self.lr * self.weight_decay
        for param, state in zip(self.params, self.state):
            if self.weight_decay:
                np.multiply(param.data, shrink, out=param.data)  # p <- p - lr * weight_decay * p, in place
            self.update(param.data, param.grad, state)


def _enter_root_form(state: dict[str, np.ndarray], key: str) -> np.ndarray:
    """Return ``state[key]``, replaced in place by its square root the first time (see AdaGrad)."""
    if not getattr(state, "root_form", False):
        if not isinstance(state, _ParameterState):
            raise TypeError(
                "update() of an adaptive optimizer needs its own state dict, one of "
                f"optimizer.state, for huge gradients; got a {type(state).__name__}"
            )
        np.sqrt(state[key], out=state[key])
        state.root_form = True
    return state[key]


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
    "adamw": AdamW,
}


def get_optimizer(name: str, params: Iterable[Parameter], **hyper: Any) -> Optimizer:
    """Build an optimizer from its name.

    Parameters
    ----------
    name : str
        One of ``"sgd"``, ``"momentum"``, ``"nesterov"`` (SGD with
        ``nesterov=True`` and ``momentum=0.9`` unless given), ``"adagrad"``,
        ``"rmsprop"``, ``"adam"``, ``"adamw"`` (case-insensitive).
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
        If the name is unknown (the message lists the valid ones), or a
        hyper-parameter is out of range.
    TypeError
        If the name is not a str, or a hyper-parameter is not accepted by
        that optimizer or has the wrong type.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> get_optimizer("adam", [Parameter(np.zeros(2))], lr=0.1)
    Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-08)
    """
    if not isinstance(name, str):
        raise TypeError(f"optimizer name must be a str, one of {sorted(OPTIMIZERS)}; got {describe(name)}")
    if name.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)} as name")
    factory = OPTIMIZERS[name.lower()]
    try:
        return factory(params, **hyper)
    except TypeError as error:
        raise TypeError(f"optimizer {name!r}: {error}") from error


def _gradients(params: Any) -> list[np.ndarray]:
    return [param.grad for param in _check_parameters(params)]


def _global_norm(grads: list[np.ndarray]) -> float:
    """The L2 norm of all ``grads`` together; finite whenever every gradient is finite.

    The sum of squares overflows for gradients beyond about 1e154 (1e19 in
    float32); only then is it computed again on the gradients divided by their
    largest absolute value, and multiplied back. NaN or inf in a gradient
    gives a NaN or inf norm.
    """
    with np.errstate(over="ignore"):
        total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
    if math.isfinite(total) or not all(np.isfinite(g).all() for g in grads):
        return total
    largest = max(float(np.abs(g).max()) for g in grads if g.size)
    return largest * math.sqrt(sum(float(np.vdot(g / largest, g / largest)) for g in grads))


def clip_grad_norm(params: Iterable[Parameter], max_norm: float) -> float:
    """Rescale all gradients together so that their global L2 norm is at most ``max_norm``.

    The norm is taken over all gradients at once, as if they were one long
    vector: ``total = sqrt(sum over parameters of sum(g**2))``. When it
    exceeds ``max_norm`` every gradient is multiplied, in place, by
    ``max_norm / (total + 1e-6)``, which keeps the direction of the step and
    shortens it (Pascanu, Mikolov & Bengio 2013), as
    ``torch.nn.utils.clip_grad_norm_``. A non-finite norm (NaN or inf in a
    gradient) leaves the gradients untouched (training should stop, not
    rescale by NaN). The norm itself never overflows: gradients of 1e200
    give their true norm and are clipped.

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
        If ``max_norm`` is not a finite positive number, or ``params`` is empty.
    TypeError
        If ``params`` is not a list of Parameters or ``max_norm`` not a number.

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
    total = _global_norm(grads)  # sqrt(sum of every g**2), without overflow
    scale = max_norm / (total + 1e-6)
    if math.isfinite(total) and scale < 1:
        for grad in grads:
            grad *= scale
    return total


def _check_clip(clip: Any) -> np.float64:
    """``clip`` checked to be a finite number > 0, as a numpy float64: ``np.clip`` then compares
    float32 gradients with it in float64 (the same results), so that a ``clip`` beyond float32's
    range (``1e300``, nothing to clip) is not cast to float32, which would overflow."""
    return np.float64(check_positive(clip, "clip"))


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
        If ``clip`` is not a finite positive number, or ``params`` is empty.
    TypeError
        If ``params`` is not a list of Parameters or ``clip`` not a number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> p = Parameter(np.zeros(3)); p.grad[:] = [-5.0, 0.5, 2.0]
    >>> clip_grad_value([p], 1.0)
    >>> p.grad
    array([-1. ,  0.5,  1. ])
    """
    clip = _check_clip(clip)
    for grad in _gradients(params):
        np.clip(grad, -clip, clip, out=grad)
