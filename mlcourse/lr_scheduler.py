"""Learning-rate schedulers: change an optimizer's ``lr`` from epoch to epoch.

A scheduler wraps an :class:`~mlcourse.optim.Optimizer`. It remembers the
optimizer's learning rate when it is built (``base_lr``), and every call of
``step()``, once per epoch after that epoch's updates, moves to the next
epoch and writes the schedule's rate into ``optimizer.lr``. The names, the
arguments and the rates are those of ``torch.optim.lr_scheduler`` (epochs are
counted from 0: the rate at epoch 0 is set by the constructor)::

    scheduler = StepLR(optimizer, step_size=10, gamma=0.5)
    for epoch in range(epochs):
        ...  # the epoch's updates use optimizer.lr
        scheduler.step()

or ``fit(..., scheduler=scheduler)``, which calls ``step()`` after each epoch.

Every scheduler computes the rate of epoch ``e`` from its closed form,
:meth:`LRScheduler.lr_at`, which also serves for plots. torch applies some of
the same schedules as a chain of factors (``lr <- lr * gamma``); both agree to
the last digits (the tests compare them to a relative 1e-12). One consequence:
a rate set by hand in ``optimizer.lr`` lasts until the next ``step()``, which
writes the schedule's rate again.

The optimizers refuse ``lr <= 0``. A schedule whose rate is 0 at some epoch
(:class:`CosineAnnealingLR` with ``eta_min=0`` at ``T_max``, or a rate that
underflows after hundreds of decays) gives :data:`LR_FLOOR`, the smallest
positive normal float, instead: an update that changes nothing, as torch's
rate 0 does.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._validation import check_int, check_positive, describe
from .optim import Optimizer

__all__ = [
    "LR_FLOOR",
    "LRScheduler",
    "StepLR",
    "ExponentialLR",
    "InverseTimeLR",
    "CosineAnnealingLR",
    "LinearWarmup",
]

#: The rate given where a schedule reaches 0 (about 2.2e-308): optimizers refuse ``lr <= 0``.
LR_FLOOR = float(np.finfo(np.float64).tiny)


def _check_optimizer(optimizer: Any) -> Optimizer:
    if not isinstance(optimizer, Optimizer):
        hint = " (build it first: optim.SGD(model.parameters(), lr=0.1))" if isinstance(optimizer, type) else ""
        raise TypeError(f"optimizer must be an mlcourse.optim Optimizer{hint}, got {describe(optimizer)}")
    return optimizer


def _power(base: float, exponent: int) -> float:
    """``base ** exponent`` for ``base > 0`` and an integer ``exponent >= 0``: infinite instead of an
    OverflowError, and the limit (0, 1 or inf) for exponents beyond the float range (``2**1100``)."""
    try:
        return base**exponent
    except OverflowError:  # the result overflows, or the exponent is too large for a float
        return 0.0 if base < 1 else (1.0 if base == 1 else math.inf)


def _cosine_rate(scheduler: "CosineAnnealingLR", epoch: int) -> float:
    """:meth:`CosineAnnealingLR._schedule` where its formula overflows: for an epoch or a ``T_max``
    beyond the float range (the cosine has the period ``2 * T_max``), and for a ``base_lr`` near the
    largest float (``(base_lr - eta_min) * 2`` overflows, the rate does not)."""
    try:
        cosine = math.cos(math.pi * epoch / scheduler.T_max)
    except OverflowError:
        cosine = math.cos(math.pi * ((epoch % (2 * scheduler.T_max)) / scheduler.T_max))
    return scheduler.eta_min + (scheduler.base_lr - scheduler.eta_min) * ((1.0 + cosine) / 2.0)


class LRScheduler:
    """Base class of the schedulers; on its own, the constant schedule (``lr = base_lr`` at every epoch).

    A subclass defines its rate at epoch ``e`` in ``_schedule(e)``; the base
    class checks it and keeps it positive (see :data:`LR_FLOOR`).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` is scheduled. Its current ``lr`` becomes
        ``base_lr``, and the rate of epoch 0 is written into it at once.

    Attributes
    ----------
    optimizer : Optimizer
        The scheduled optimizer.
    base_lr : float
        The optimizer's learning rate when the scheduler was built.
    last_epoch : int
        The current epoch: 0 after construction, +1 at every :meth:`step`.

    Raises
    ------
    TypeError
        If ``optimizer`` is not an mlcourse optimizer (a class, a model, a list of parameters, ...).

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> from mlcourse.optim import SGD
    >>> scheduler = LRScheduler(SGD([Parameter(np.zeros(2))], lr=0.1))
    >>> scheduler.step()
    >>> scheduler.last_epoch, scheduler.get_last_lr()
    (1, [0.1])
    """

    def __init__(self, optimizer: Optimizer) -> None:
        self.optimizer = _check_optimizer(optimizer)
        self.base_lr = self._initial_base_lr()
        self.last_epoch = 0
        self.optimizer.lr = self.lr_at(0)

    def _initial_base_lr(self) -> float:
        return self.optimizer.lr

    def _schedule(self, epoch: int) -> float:
        return self.base_lr

    def _set_epoch(self, epoch: int) -> None:
        self.last_epoch = epoch

    def _set_base_lr(self, base_lr: float) -> None:
        self.base_lr = base_lr

    def lr_at(self, epoch: int) -> float:
        """Return the learning rate of epoch ``epoch`` (the closed form; the scheduler is not changed).

        Parameters
        ----------
        epoch : int
            An epoch, counted from 0 (>= 0).

        Returns
        -------
        float
            The rate the optimizer gets at that epoch (> 0: a rate of 0 becomes :data:`LR_FLOOR`).

        Raises
        ------
        TypeError
            If ``epoch`` is not an integer.
        ValueError
            If ``epoch`` is negative, or the rate at that epoch overflows (a ``gamma`` above 1 for many epochs).

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> from mlcourse.optim import SGD
        >>> scheduler = ExponentialLR(SGD([Parameter(np.zeros(2))], lr=1.0), gamma=0.5)
        >>> [scheduler.lr_at(e) for e in range(4)]
        [1.0, 0.5, 0.25, 0.125]
        """
        epoch = check_int(epoch, "epoch", minimum=0)
        try:
            rate = self._schedule(epoch)
        except OverflowError:  # an epoch (or T_max) beyond the float range
            if not isinstance(self, CosineAnnealingLR):
                raise
            rate = _cosine_rate(self, epoch)
        if not math.isfinite(rate) and isinstance(self, CosineAnnealingLR):
            rate = _cosine_rate(self, epoch)  # base_lr near the largest float: the formula's products overflow
        if not math.isfinite(rate):
            raise ValueError(
                f"the learning rate at epoch {epoch} overflows the float range ({rate}): "
                f"the schedule {self!r} grows too much"
            )
        return max(rate, LR_FLOOR)

    def step(self) -> None:
        """Move to the next epoch and write its rate into ``optimizer.lr``.

        Call it once per epoch, after the epoch's updates (``fit(..., scheduler=...)`` does).

        Raises
        ------
        ValueError
            If the next epoch's rate overflows (the scheduler is then left unchanged).

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> from mlcourse.optim import SGD
        >>> optimizer = SGD([Parameter(np.zeros(2))], lr=1.0)
        >>> scheduler = StepLR(optimizer, step_size=2, gamma=0.5)
        >>> for _ in range(3):
        ...     scheduler.step()
        ...     print(scheduler.last_epoch, optimizer.lr)
        1 1.0
        2 0.5
        3 0.5
        """
        epoch = self.last_epoch + 1
        rate = self.lr_at(epoch)
        self._set_epoch(epoch)
        self.optimizer.lr = rate

    def get_last_lr(self) -> list[float]:
        """Return the rate the scheduler set last, as a list holding one float.

        A list as in torch, which returns one rate per parameter group; an
        mlcourse optimizer has a single group: take ``get_last_lr()[0]``.

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> from mlcourse.optim import Adam
        >>> CosineAnnealingLR(Adam([Parameter(np.zeros(2))], lr=0.01), T_max=10).get_last_lr()
        [0.01]
        """
        return [self.lr_at(self.last_epoch)]

    def state_dict(self) -> dict[str, Any]:
        """Return the scheduler's progress, ``{"last_epoch": int, "base_lr": float}``, to resume later.

        The hyper-parameters (``gamma``, ``T_max``, ...) are not included: they
        belong to the constructor call, as the model's architecture does.

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> from mlcourse.optim import SGD
        >>> scheduler = StepLR(SGD([Parameter(np.zeros(2))], lr=0.1), step_size=5)
        >>> scheduler.step()
        >>> scheduler.state_dict()
        {'last_epoch': 1, 'base_lr': 0.1}
        """
        return {"last_epoch": self.last_epoch, "base_lr": self.base_lr}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the progress saved by :meth:`state_dict` and write that epoch's rate into ``optimizer.lr``.

        Unlike torch, whose optimizer saves its own ``lr``, this also sets the
        optimizer's rate, since an mlcourse optimizer has no ``state_dict``.

        Parameters
        ----------
        state_dict : dict
            ``{"last_epoch": int >= 0, "base_lr": float > 0}``, as returned by :meth:`state_dict`.

        Raises
        ------
        TypeError
            If ``state_dict`` is not a dict or its values have the wrong type.
        ValueError
            If a key is missing or unknown, or a value is out of range.

        Examples
        --------
        >>> from mlcourse.nn import Parameter
        >>> from mlcourse.optim import SGD
        >>> optimizer = SGD([Parameter(np.zeros(2))], lr=1.0)
        >>> scheduler = ExponentialLR(optimizer, gamma=0.5)
        >>> scheduler.load_state_dict({"last_epoch": 3, "base_lr": 1.0})
        >>> scheduler.last_epoch, optimizer.lr
        (3, 0.125)
        """
        if not isinstance(state_dict, dict):
            raise TypeError(f"state_dict must be a dict from scheduler.state_dict(), got {describe(state_dict)}")
        if set(state_dict) != {"last_epoch", "base_lr"}:
            raise ValueError(
                f"state_dict must have the keys 'last_epoch' and 'base_lr' (from scheduler.state_dict()), "
                f"got {sorted(map(str, state_dict))}"
            )
        epoch = check_int(state_dict["last_epoch"], "state_dict['last_epoch']", minimum=0)
        base_lr = check_positive(state_dict["base_lr"], "state_dict['base_lr']")
        saved = self.base_lr
        self._set_base_lr(base_lr)
        try:
            rate = self.lr_at(epoch)
        except ValueError as error:
            self._set_base_lr(saved)
            raise ValueError(f"state_dict: {error}") from error
        self._set_epoch(epoch)
        self.optimizer.lr = rate

    def _hyper(self) -> str:
        return ""

    def __repr__(self) -> str:
        hyper = self._hyper()
        return f"{type(self).__name__}({hyper}{', ' if hyper else ''}base_lr={self.base_lr:g}, last_epoch={self.last_epoch})"


class StepLR(LRScheduler):
    """Multiply the rate by ``gamma`` every ``step_size`` epochs: ``lr = base_lr * gamma ** (epoch // step_size)``.

    A rate that decreases lets SGD settle near a minimum instead of bouncing
    around it: large steps early cover ground, smaller ones later refine.
    Same as ``torch.optim.lr_scheduler.StepLR``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer to schedule.
    step_size : int
        Number of epochs between two decays (>= 1).
    gamma : float, default 0.1
        Factor of each decay (> 0; below 1 to decrease).

    Raises
    ------
    TypeError
        If ``optimizer`` is not an mlcourse optimizer, or an argument has the wrong type.
    ValueError
        If ``step_size < 1`` or ``gamma`` is not a finite positive number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> from mlcourse.optim import SGD
    >>> scheduler = StepLR(SGD([Parameter(np.zeros(2))], lr=0.1), step_size=3, gamma=0.5)
    >>> [round(scheduler.lr_at(e), 6) for e in range(7)]
    [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        self.step_size = check_int(step_size, "step_size", minimum=1)
        self.gamma = check_positive(gamma, "gamma")
        super().__init__(optimizer)

    def _schedule(self, epoch: int) -> float:
        return self.base_lr * _power(self.gamma, epoch // self.step_size)

    def _hyper(self) -> str:
        return f"step_size={self.step_size}, gamma={self.gamma:g}"


class ExponentialLR(LRScheduler):
    """Multiply the rate by ``gamma`` every epoch: ``lr = base_lr * gamma ** epoch``.

    The smooth version of :class:`StepLR`: the rate shrinks a little at every
    epoch, so SGD's steps shorten steadily as it nears a minimum.
    Same as ``torch.optim.lr_scheduler.ExponentialLR``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer to schedule.
    gamma : float
        Factor per epoch (> 0; e.g. 0.95).

    Raises
    ------
    TypeError
        If ``optimizer`` is not an mlcourse optimizer, or ``gamma`` is not a number.
    ValueError
        If ``gamma`` is not a finite positive number.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> from mlcourse.optim import SGD
    >>> optimizer = SGD([Parameter(np.zeros(2))], lr=0.1)
    >>> scheduler = ExponentialLR(optimizer, gamma=0.9)
    >>> scheduler.step(); scheduler.step()
    >>> round(optimizer.lr, 6)
    0.081
    """

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        self.gamma = check_positive(gamma, "gamma")
        super().__init__(optimizer)

    def _schedule(self, epoch: int) -> float:
        return self.base_lr * _power(self.gamma, epoch)

    def _hyper(self) -> str:
        return f"gamma={self.gamma:g}"


class InverseTimeLR(LRScheduler):
    """Inverse-time decay: ``lr = base_lr / (1 + decay * epoch)``.

    The rate falls like 1/t, the decay under which SGD provably converges
    on convex problems (the steps shrink, yet their sum grows without bound,
    so the minimum can still be reached from far away). torch has no such
    class; it is ``LambdaLR(optimizer, lambda e: 1 / (1 + decay * e))``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer to schedule.
    decay : float
        Decay rate (>= 0; 0 keeps the rate constant). The rate is halved at epoch ``1 / decay``.

    Raises
    ------
    TypeError
        If ``optimizer`` is not an mlcourse optimizer, or ``decay`` is not a number.
    ValueError
        If ``decay`` is negative, NaN or infinite.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> from mlcourse.optim import SGD
    >>> scheduler = InverseTimeLR(SGD([Parameter(np.zeros(2))], lr=0.1), decay=0.5)
    >>> [round(scheduler.lr_at(e), 6) for e in range(4)]
    [0.1, 0.066667, 0.05, 0.04]
    """

    def __init__(self, optimizer: Optimizer, decay: float) -> None:
        self.decay = check_positive(decay, "decay", allow_zero=True)
        super().__init__(optimizer)

    def _schedule(self, epoch: int) -> float:
        try:
            return self.base_lr / (1.0 + self.decay * epoch)
        except OverflowError:  # an epoch beyond the float range (> 1e308): the limit
            return self.base_lr if self.decay == 0 else 0.0

    def _hyper(self) -> str:
        return f"decay={self.decay:g}"


class CosineAnnealingLR(LRScheduler):
    """Cosine annealing: the rate follows half a cosine from ``base_lr`` down to ``eta_min`` in ``T_max`` epochs.

    ``lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2``:
    the rate stays high for a while, falls fastest mid-way and flattens out
    near ``eta_min``, a decay popular for training networks with SGD or Adam.
    Past ``T_max`` the cosine goes on, so the rate rises again (period
    ``2 * T_max``), as in ``torch.optim.lr_scheduler.CosineAnnealingLR``:
    choose ``T_max`` equal to the number of epochs.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer to schedule.
    T_max : int
        Number of epochs of the descent (>= 1).
    eta_min : float, default 0
        The lowest rate (>= 0). With 0 (torch's default) the rate at epoch
        ``T_max`` is 0, which the optimizers refuse: it is :data:`LR_FLOOR`
        instead, an update that changes nothing.

    Raises
    ------
    TypeError
        If ``optimizer`` is not an mlcourse optimizer, or an argument has the wrong type.
    ValueError
        If ``T_max < 1`` or ``eta_min`` is negative, NaN or infinite.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> from mlcourse.optim import SGD
    >>> scheduler = CosineAnnealingLR(SGD([Parameter(np.zeros(2))], lr=0.1), T_max=4, eta_min=0.01)
    >>> [round(scheduler.lr_at(e), 6) for e in range(6)]
    [0.1, 0.08682, 0.055, 0.02318, 0.01, 0.02318]
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        self.T_max = check_int(T_max, "T_max", minimum=1)
        self.eta_min = check_positive(eta_min, "eta_min", allow_zero=True)
        super().__init__(optimizer)

    def _schedule(self, epoch: int) -> float:
        return self.eta_min + (self.base_lr - self.eta_min) * (1.0 + math.cos(math.pi * epoch / self.T_max)) / 2.0

    def _hyper(self) -> str:
        return f"T_max={self.T_max}, eta_min={self.eta_min:g}"


class LinearWarmup(LRScheduler):
    """Warm-up: the rate grows linearly from ``start_factor * base_lr`` to ``base_lr`` in ``warmup_epochs``
    epochs, then follows the scheduler ``after`` (or stays at ``base_lr``).

    At epoch ``e < warmup_epochs``: ``lr = base_lr * (start_factor + (1 - start_factor) * e / warmup_epochs)``;
    from ``warmup_epochs`` on: ``after.lr_at(e - warmup_epochs)``, so ``after``
    starts its own schedule, at its epoch 0, when the warm-up ends.
    Small first steps protect adaptive optimizers (Adam, RMSProp), whose
    estimates of the gradients' scale rest on very few gradients at the
    start, and large networks, whose first gradients can be huge.

    Same as torch's ``SequentialLR(optimizer, [LinearLR(optimizer, start_factor, total_iters=warmup_epochs),
    after], milestones=[warmup_epochs])``, or ``LinearLR`` alone without ``after``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer to schedule.
    warmup_epochs : int
        Length of the warm-up (>= 1).
    after : LRScheduler, optional
        The schedule that follows, built on the same optimizer BEFORE this
        one (e.g. ``CosineAnnealingLR(optimizer, T_max=epochs - warmup_epochs)``).
        Only this warm-up is stepped (pass it to ``fit``); it keeps
        ``after.last_epoch`` in step. ``base_lr`` is ``after.base_lr``.
    start_factor : float, default 1/3
        The first epoch's fraction of ``base_lr``, in (0, 1] (torch's ``LinearLR`` default).

    Raises
    ------
    TypeError
        If ``optimizer`` is not an mlcourse optimizer, ``after`` not a
        scheduler, or an argument has the wrong type.
    ValueError
        If ``warmup_epochs < 1``, ``start_factor`` is not in (0, 1], or
        ``after`` schedules another optimizer.

    Examples
    --------
    >>> from mlcourse.nn import Parameter
    >>> from mlcourse.optim import Adam
    >>> optimizer = Adam([Parameter(np.zeros(2))], lr=0.01)
    >>> cosine = CosineAnnealingLR(optimizer, T_max=10, eta_min=0.001)
    >>> scheduler = LinearWarmup(optimizer, warmup_epochs=3, after=cosine, start_factor=0.25)
    >>> optimizer.lr
    0.0025
    >>> [round(scheduler.lr_at(e), 6) for e in range(6)]
    [0.0025, 0.005, 0.0075, 0.01, 0.00978, 0.009141]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        warmup_epochs: int,
        after: LRScheduler | None = None,
        start_factor: float = 1.0 / 3.0,
    ) -> None:
        optimizer = _check_optimizer(optimizer)
        self.warmup_epochs = check_int(warmup_epochs, "warmup_epochs", minimum=1)
        self.after = self._check_after(after, optimizer)
        self.start_factor = check_positive(start_factor, "start_factor")
        if self.start_factor > 1:
            raise ValueError(f"start_factor must lie in (0, 1], got {start_factor!r}")
        super().__init__(optimizer)

    @staticmethod
    def _check_after(after: Any, optimizer: Optimizer) -> LRScheduler | None:
        if after is None:
            return None
        if not isinstance(after, LRScheduler):
            raise TypeError(
                f"after must be a scheduler (e.g. CosineAnnealingLR(optimizer, ...)), got {describe(after)}"
            )
        if after.optimizer is not optimizer:
            raise ValueError("after must schedule the same optimizer as the warm-up, got a scheduler of another one")
        return after

    def _initial_base_lr(self) -> float:
        return self.optimizer.lr if self.after is None else self.after.base_lr

    def _schedule(self, epoch: int) -> float:
        if epoch < self.warmup_epochs:
            try:
                factor = self.start_factor + (1.0 - self.start_factor) * epoch / self.warmup_epochs
            except OverflowError:  # warmup_epochs (or the epoch) beyond the float range
                factor = self.start_factor + (1.0 - self.start_factor) * (epoch / self.warmup_epochs)
            return self.base_lr * factor
        if self.after is None:
            return self.base_lr
        return self.after.lr_at(epoch - self.warmup_epochs)

    def _set_epoch(self, epoch: int) -> None:
        self.last_epoch = epoch
        if self.after is not None:
            self.after.last_epoch = max(epoch - self.warmup_epochs, 0)

    def _set_base_lr(self, base_lr: float) -> None:
        self.base_lr = base_lr
        if self.after is not None:
            self.after._set_base_lr(base_lr)

    def _hyper(self) -> str:
        after = f", after={self.after!r}" if self.after is not None else ""
        return f"warmup_epochs={self.warmup_epochs}, start_factor={self.start_factor:g}{after}"
