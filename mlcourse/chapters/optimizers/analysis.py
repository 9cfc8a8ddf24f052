"""Looking inside the optimizers of :mod:`mlcourse.optim` (chapter 9).

Every function here drives the library's real optimizers (a
:class:`~mlcourse.nn.Parameter` whose ``.grad`` is set, then ``step()``) and
reads what they did: the steps taken for a given sequence of gradients,
Adam's moments before and after the bias correction, races on the test
surfaces of :mod:`mlcourse.surfaces` (among them the races of the chapter's
widget, :func:`surface_race`), and training curves on the digits.
Two small independent implementations serve as oracles for the course
notes' formulas: the notes' form of momentum, and the two placements of the
adaptive methods' epsilon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Sequence

import numpy as np

from mlcourse._validation import as_float_array, check_int, check_positive
from mlcourse.data import Standardizer, load_digits, train_test_split
from mlcourse.losses import CrossEntropyLoss
from mlcourse.nn import Parameter, mlp
from mlcourse.optim import OPTIMIZERS, get_optimizer
from mlcourse.surfaces import (
    Himmelblau,
    IllConditionedBowl,
    PathResult,
    Rosenbrock,
    Saddle,
    as_surface,
    optimize_path,
)
from mlcourse.train import History, fit

__all__ = [
    "OPTIMIZER_NAMES",
    "notes_momentum_path",
    "optimizer_steps",
    "EffectiveRates",
    "effective_rates",
    "adam_first_steps",
    "epsilon_placement",
    "race",
    "RACE_SURFACES",
    "RACE_STARTS",
    "RACE_STEPS",
    "surface_race",
    "best_learning_rate",
    "first_step_below",
    "OptimizerRun",
    "digits_comparison",
    "heavy_ball_settings",
    "steps_to_tolerance",
    "ConditionSweep",
    "condition_sweep",
    "heavy_ball_rate",
    "momentum_sweep",
    "look_ahead_path",
    "nesterov_stability_limit",
    "sgd_penalty_equals_shrink",
    "DecayRun",
    "weight_decay_comparison",
    "shrink_by_gradient_size",
]

#: The five optimizers of the chapter, in the order they are taught.
OPTIMIZER_NAMES = ("sgd", "momentum", "adagrad", "rmsprop", "adam")


def _check_name(name: str) -> str:
    if not isinstance(name, str) or name.lower() not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}")
    return name.lower()


def _check_momentum_path(
    surface: Any, start: Any, lr: Any, momentum: Any, steps: Any
) -> tuple[Any, np.ndarray, float, float, int]:
    """The checked arguments of a hand-written momentum path on a 2-D surface (``x`` a float64 copy of ``start``)."""
    surface = as_surface(surface)
    if surface.dim != 2:
        raise TypeError(f"surface must be a 2-D surface from mlcourse.surfaces, got the curve {surface!r}")
    lr = check_positive(lr, "lr")
    momentum = float(momentum)
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    steps = check_int(steps, "steps", minimum=0)
    x = as_float_array(start, "start", ndim=1).astype(np.float64)
    if x.shape != (2,):
        raise ValueError(f"start must be a point (x, y) of shape (2,), got shape {x.shape}")
    return surface, x, lr, momentum, steps


def notes_momentum_path(surface: Any, start: Any, lr: float, momentum: float, steps: int) -> np.ndarray:
    """Momentum written as in the course notes, ``v <- a v - lr * grad f(x)``, ``x <- x + v``.

    An independent implementation (no :mod:`mlcourse.optim`), to compare with
    the library's PyTorch form ``v <- mu v + g``, ``p <- p - lr v``. The notes'
    velocity is ``-lr`` times PyTorch's, so with a constant learning rate both
    visit the same points. (The lecture slide's form ``v <- r v + lr g``,
    ``x <- x - v`` keeps ``+lr`` times PyTorch's velocity: again the same points.)

    Parameters
    ----------
    surface : Surface or str
        A 2-D surface of :mod:`mlcourse.surfaces`, or its name.
    start : array_like of shape (2,)
        Starting point.
    lr : float
        Learning rate (> 0).
    momentum : float
        The factor ``a`` in [0, 1).
    steps : int
        Number of steps (>= 0).

    Returns
    -------
    numpy.ndarray of shape (steps + 1, 2)
        The points visited, the start first.

    Raises
    ------
    TypeError
        If ``surface`` is a 1-D curve or not a surface at all.
    ValueError
        If a hyper-parameter is out of range or ``start`` is not a 2-vector.

    Examples
    --------
    >>> notes_momentum_path("bowl", (1.0, 1.0), 0.01, 0.9, 2).round(4)
    array([[1.    , 1.    ],
           [0.99  , 0.8   ],
           [0.9711, 0.46  ]])
    """
    surface, x, lr, momentum, steps = _check_momentum_path(surface, start, lr, momentum, steps)
    velocity = np.zeros(2)
    points = [x.copy()]
    for _ in range(steps):
        velocity = momentum * velocity - lr * surface.gradient(x)
        x = x + velocity
        points.append(x.copy())
    return np.array(points)


def optimizer_steps(optimizer_name: str, gradients: Any, **hyper: Any) -> np.ndarray:
    """The change of a parameter at each step, for a given sequence of gradients.

    A parameter (starting at 0) is given ``gradients[t]`` as its gradient at
    step ``t`` and updated by a real optimizer; the change ``p_t - p_(t-1)``
    is recorded. Dividing by ``-gradients`` gives the *effective learning
    rate* of each coordinate: constant for SGD, shrinking like ``1/sqrt(t)``
    for AdaGrad under a constant gradient, and so on.

    Parameters
    ----------
    optimizer_name : str
        A name for :func:`mlcourse.optim.get_optimizer`.
    gradients : array_like of shape (steps,) or (steps, n)
        The gradient fed at each step (one coordinate or ``n``).
    **hyper
        Hyper-parameters, e.g. ``lr=0.1``.

    Returns
    -------
    numpy.ndarray
        The changes, same shape as ``gradients``.

    Raises
    ------
    ValueError
        If the optimizer name is unknown or the gradients are not finite.

    Examples
    --------
    >>> optimizer_steps("adagrad", [2.0, 2.0, 2.0, 2.0], lr=0.1).round(4)
    array([-0.1   , -0.0707, -0.0577, -0.05  ])
    """
    name = _check_name(optimizer_name)
    grads = as_float_array(gradients, "gradients").astype(np.float64)
    if grads.ndim not in (1, 2) or len(grads) == 0:
        raise ValueError(f"gradients must have shape (steps,) or (steps, n) with steps >= 1, got {grads.shape}")
    flat = grads.reshape(len(grads), -1)
    param = Parameter(np.zeros(flat.shape[1]), "p")
    optimizer = get_optimizer(name, [param], **hyper)
    changes = np.empty_like(flat)
    for t, grad in enumerate(flat):
        before = param.data.copy()
        param.grad[...] = grad
        optimizer.step()
        changes[t] = param.data - before
    return changes.reshape(grads.shape)


@dataclass
class EffectiveRates:
    """Effective learning rates ``|step| / |gradient|`` per step (returned by :func:`effective_rates`).

    Parameters
    ----------
    constant : dict of str to numpy.ndarray
        Optimizer name to its effective rate under a constant gradient of 1.
    phases : dict of str to numpy.ndarray
        Optimizer name to its effective rate under ``switch`` steps of a large
        gradient followed by a small one.
    switch : int
        The step after which the gradient drops.
    gradients : numpy.ndarray
        The gradients of the phases run.
    """

    constant: dict[str, np.ndarray]
    phases: dict[str, np.ndarray]
    switch: int
    gradients: np.ndarray


def effective_rates(
    names: Sequence[str] = OPTIMIZER_NAMES,
    *,
    lr: float = 0.01,
    steps: int = 2000,
    switch: int = 100,
    large: float = 10.0,
    small: float = 0.1,
) -> EffectiveRates:
    """Feed each optimizer a constant gradient, and a large-then-small one; record ``|step| / |gradient|``.

    Parameters
    ----------
    names : sequence of str, default OPTIMIZER_NAMES
        The optimizers (default hyper-parameters besides ``lr``).
    lr : float, default 0.01
        Learning rate of every optimizer.
    steps : int, default 2000
        Steps of each run.
    switch : int, default 100
        Steps of the gradient ``large`` before it becomes ``small``.
    large, small : float, default 10 and 0.1
        The two gradients of the second run.

    Returns
    -------
    EffectiveRates

    Raises
    ------
    ValueError
        If a name is unknown, ``switch`` is not between 1 and ``steps - 1``, or a gradient is 0.

    Examples
    --------
    >>> rates = effective_rates(("sgd", "adagrad"), steps=4, switch=2)
    >>> rates.constant["adagrad"].round(4), rates.phases["sgd"]
    (array([0.01  , 0.0071, 0.0058, 0.005 ]), array([0.01, 0.01, 0.01, 0.01]))
    """
    names = [_check_name(name) for name in names]
    steps = check_int(steps, "steps", minimum=2)
    switch = check_int(switch, "switch", minimum=1)
    if switch >= steps:
        raise ValueError(f"switch must be below steps ({steps}), got {switch}")
    large, small = check_positive(large, "large"), check_positive(small, "small")
    constant = np.ones(steps)
    gradients = np.r_[np.full(switch, large), np.full(steps - switch, small)]
    return EffectiveRates(
        {name: np.abs(optimizer_steps(name, constant, lr=lr)) for name in names},
        {name: np.abs(optimizer_steps(name, gradients, lr=lr)) / gradients for name in names},
        switch,
        gradients,
    )


def adam_first_steps(gradient: float = 1.0, steps: int = 5, **hyper: Any) -> list[dict[str, float]]:
    """Adam's moments over its first steps under a constant gradient, with and without bias correction.

    A real :class:`mlcourse.optim.Adam` is stepped ``steps`` times on one
    parameter with the same ``gradient``; after each step its state arrays
    give ``m`` and ``v``, and the correction of the paper gives
    ``m_hat = m / (1 - beta1**t)`` and ``v_hat = v / (1 - beta2**t)``. With a
    constant gradient ``g``, ``m = (1 - beta1**t) g`` is biased towards 0 and
    ``m_hat = g`` exactly.

    Parameters
    ----------
    gradient : float, default 1
        The constant gradient.
    steps : int, default 5
        Number of steps (>= 1).
    **hyper
        Adam's hyper-parameters (``lr``, ``betas``, ``eps``).

    Returns
    -------
    list of dict
        One dict per step: ``t``, ``m``, ``m_hat``, ``v``, ``v_hat`` and
        ``step`` (the change of the parameter).

    Examples
    --------
    >>> rows = adam_first_steps(1.0, 2)
    >>> [(row["t"], round(row["m"], 4), round(row["m_hat"], 4)) for row in rows]
    [(1, 0.1, 1.0), (2, 0.19, 1.0)]
    """
    steps = check_int(steps, "steps", minimum=1)
    gradient = float(as_float_array(gradient, "gradient", ndim=0))
    param = Parameter(np.zeros(1), "p")
    optimizer = get_optimizer("adam", [param], **hyper)
    beta1, beta2 = optimizer.betas
    rows = []
    for t in range(1, steps + 1):
        before = float(param.data[0])
        param.grad[...] = gradient
        optimizer.step()
        m = float(optimizer.state[0]["exp_avg"][0])
        v = float(optimizer.state[0]["exp_avg_sq"][0])
        rows.append(
            {
                "t": t,
                "m": m,
                "m_hat": m / (1 - beta1**t),
                "v": v,
                "v_hat": v / (1 - beta2**t),
                "step": float(param.data[0]) - before,
            }
        )
    return rows


def epsilon_placement(square_avg: Any, eps: float = 1e-8) -> dict[str, np.ndarray]:
    """The factor multiplying ``lr * g`` with epsilon outside the root (papers, torch) and inside (the notes).

    ``outside = 1 / (sqrt(s) + eps)`` and ``inside = 1 / sqrt(s + eps)`` for
    the running average ``s`` of squared gradients. They agree when
    ``s`` is much larger than ``eps``; when ``s`` is tiny, the inside form
    caps the factor at ``1 / sqrt(eps)`` (1e4 for eps = 1e-8), the outside
    form at ``1 / eps`` (1e8).

    Parameters
    ----------
    square_avg : array_like
        Values of ``s`` (>= 0).
    eps : float, default 1e-8
        The epsilon (> 0).

    Returns
    -------
    dict of str to numpy.ndarray
        ``"outside"``, ``"inside"`` and ``"ratio"`` (inside / outside).

    Raises
    ------
    ValueError
        If a value of ``s`` is negative or ``eps`` is not positive.

    Examples
    --------
    >>> factors = epsilon_placement([1.0, 0.0])
    >>> factors["outside"].round(3), factors["inside"].round(3)
    (array([1.e+00, 1.e+08]), array([1.e+00, 1.e+04]))
    """
    s = as_float_array(square_avg, "square_avg").astype(np.float64)
    if np.any(s < 0):
        raise ValueError("square_avg must be >= 0 (an average of squares)")
    eps = check_positive(eps, "eps")
    outside = 1 / (np.sqrt(s) + eps)
    inside = 1 / np.sqrt(s + eps)
    return {"outside": outside, "inside": inside, "ratio": inside / outside}


def race(
    surface: Any, start: Any, lr: float | Mapping[str, float], steps: int, names: Sequence[str] = OPTIMIZER_NAMES
) -> dict[str, PathResult]:
    """Run several optimizers from the same start on a surface (default hyper-parameters besides ``lr``).

    Parameters
    ----------
    surface : Surface or str
        A 2-D surface of :mod:`mlcourse.surfaces`, or its name.
    start : array_like of shape (2,)
        Common starting point.
    lr : float or mapping of str to float
        One learning rate for all, or one per optimizer name.
    steps : int
        Steps per run.
    names : sequence of str, default OPTIMIZER_NAMES
        The optimizers.

    Returns
    -------
    dict of str to PathResult
        Name to the run (see :func:`mlcourse.surfaces.optimize_path`).

    Examples
    --------
    >>> results = race("bowl", (5.0, 1.0), 0.01, 10)
    >>> list(results), results["sgd"].path.shape
    (['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'], (11, 2))
    """
    names = [_check_name(name) for name in names]
    if isinstance(lr, Mapping):
        rates = {name: lr[name] for name in names}
    else:
        rates = {name: lr for name in names}
    return {name: optimize_path(surface, name, start, steps, lr=rates[name]) for name in names}


#: The surfaces of the widget's race (the bowl has curvatures 1 and 100: SGD diverges above 2/100 = 0.02).
RACE_SURFACES = {
    "bowl": IllConditionedBowl(a=1.0, b=100.0),
    "saddle": Saddle(),
    "rosenbrock": Rosenbrock(),
    "himmelblau": Himmelblau(),
}
#: Two starting points per surface, ``"A"`` and ``"B"``.
RACE_STARTS = {
    "bowl": {"A": (-8.0, 3.0), "B": (9.0, -0.5)},
    "saddle": {"A": (1.5, 1e-3), "B": (-1.5, 0.5)},
    "rosenbrock": {"A": (-1.5, 2.0), "B": (1.5, -0.5)},
    "himmelblau": {"A": (0.0, 0.0), "B": (-1.0, 4.0)},
}
#: Steps of each run of the widget's race.
RACE_STEPS = 200


@lru_cache(maxsize=64)
def surface_race(surface: str, start: str, learning_rate: float) -> dict[str, PathResult]:
    """The five optimizers' race on a named surface from a named start (cached: each is run once per session).

    Parameters
    ----------
    surface : str
        A key of ``RACE_SURFACES``.
    start : str
        A key of ``RACE_STARTS[surface]`` (``"A"`` or ``"B"``).
    learning_rate : float
        The learning rate shared by the five optimizers.

    Returns
    -------
    dict of str to PathResult
        :func:`race` over ``RACE_STEPS`` steps. The same dict is returned
        for the same arguments: do not modify it.

    Raises
    ------
    ValueError
        If the surface or the start is unknown.

    Examples
    --------
    >>> runs = surface_race("bowl", "A", 0.03)
    >>> runs["sgd"].diverged_at is not None, runs["momentum"].diverged_at is None  # 2/100 < 0.03 < 2 (1.9)/100
    (True, True)
    """
    if surface not in RACE_SURFACES:
        raise ValueError(f"surface must be one of {list(RACE_SURFACES)}, got {surface!r}")
    if start not in RACE_STARTS[surface]:
        raise ValueError(f"start must be one of {list(RACE_STARTS[surface])}, got {start!r}")
    return race(RACE_SURFACES[surface], RACE_STARTS[surface][start], learning_rate, RACE_STEPS)


def best_learning_rate(
    surface: Any, optimizer_name: str, start: Any, steps: int, candidates: Sequence[float]
) -> tuple[float, PathResult]:
    """The candidate learning rate whose run ends at the lowest value (diverged runs excluded).

    Parameters
    ----------
    surface : Surface or str
        A 2-D surface with a minimum.
    optimizer_name : str
        The optimizer.
    start : array_like of shape (2,)
        Starting point.
    steps : int
        Steps per run.
    candidates : sequence of float
        Learning rates to try.

    Returns
    -------
    (float, PathResult)
        The best rate and its run.

    Raises
    ------
    ValueError
        If every candidate diverges or none is given.

    Examples
    --------
    >>> rate, run = best_learning_rate("bowl", "sgd", (5.0, 1.0), 50, [0.001, 0.01, 0.08, 0.2])
    >>> rate
    0.08
    """
    if len(candidates) == 0:
        raise ValueError("candidates must hold at least one learning rate")
    runs = [(rate, optimize_path(surface, optimizer_name, start, steps, lr=rate)) for rate in candidates]
    finite = [(rate, run) for rate, run in runs if run.diverged_at is None]
    if not finite:
        raise ValueError(f"every candidate learning rate diverged for {optimizer_name}: {list(candidates)}")
    return min(finite, key=lambda pair: float(pair[1].losses[-1]))


def first_step_below(losses: Any, level: float) -> int | None:
    """The first step at which ``losses`` falls below ``level`` (None if it never does).

    Parameters
    ----------
    losses : array_like
        Values per step, step 0 first.
    level : float
        The threshold.

    Returns
    -------
    int or None

    Examples
    --------
    >>> first_step_below([3.0, 1.0, 0.5, 0.1], 0.6)
    2
    """
    values = as_float_array(losses, "losses", ndim=1, allow_nonfinite=True)
    below = np.flatnonzero(values < level)
    return int(below[0]) if below.size else None


@dataclass
class OptimizerRun:
    """One optimizer trained on the digits (an entry of :func:`digits_comparison`).

    Parameters
    ----------
    optimizer : str
        The optimizer with its hyper-parameters (its repr).
    history : History
        What :func:`mlcourse.train.fit` recorded.
    state_floats : int
        Floats kept by the optimizer besides the parameters.
    n_parameters : int
        Trainable floats of the network.
    """

    optimizer: str
    history: History
    state_floats: int
    n_parameters: int


def _capstone_training_part() -> tuple[np.ndarray, np.ndarray]:
    """The capstone's training part of the digits (raw pixels): 1437 images and their labels.

    The same call as chapter 14's ``digits_split()`` (8:2, stratified, seed 0;
    repeated here, since a chapter does not import a later one). Its test
    part, chapter 14's locked test set, is dropped: no choice made in this
    chapter may look at it.
    """
    X, y = load_digits()
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.2, stratify=y, seed=0)
    return X_train, y_train


def digits_comparison(
    settings: Mapping[str, float] | Sequence[tuple[str, float]],
    *,
    epochs: int = 10,
    batch_size: int = 32,
    hidden: int = 32,
    seed: int = 0,
) -> dict[Any, OptimizerRun]:
    """Train the same digits network with several optimizers (and learning rates) and record their curves.

    Only the capstone's training part of the digits is used (the 1437
    images of chapter 14's 8:2 stratified split with seed 0; its 360 test
    images are never touched). It is split again 8:2 (stratified, seeded):
    1149 images to train on and 288 to validate on, standardized with
    statistics of the 1149, and fed to ``mlp([64, hidden, 10])``
    (ReLU, the same initial weights for every run) with a cross-entropy
    loss; every run sees the same mini-batches in the same order. A run
    whose loss stops being finite is stopped by :func:`mlcourse.train.fit`
    and marked by ``history.diverged_at`` (its warning is silenced here).

    Parameters
    ----------
    settings : mapping of str to float, or sequence of (str, float)
        Optimizer name to its learning rate, or ``(name, learning rate)``
        pairs (to try several rates per optimizer); other hyper-parameters
        keep their defaults.
    epochs : int, default 10
        Epochs per run.
    batch_size : int, default 32
        Mini-batch size.
    hidden : int, default 32
        Hidden units.
    seed : int, default 0
        Seed of the training/validation split, the weights and the batch
        order (the capstone's test part is fixed, whatever the seed).

    Returns
    -------
    dict of OptimizerRun
        Keyed by name for a mapping, by ``(name, learning rate)`` for pairs.

    Raises
    ------
    ValueError
        If an optimizer name is unknown.

    Examples
    --------
    >>> runs = digits_comparison({"sgd": 0.1}, epochs=1)
    >>> runs["sgd"].history.epochs_run, runs["sgd"].state_floats
    (1, 0)
    """
    import warnings

    from mlcourse.train import TrainingDiverged

    pairs = list(settings.items()) if isinstance(settings, Mapping) else [tuple(pair) for pair in settings]
    X_capstone, y_capstone = _capstone_training_part()
    X_train, X_val, y_train, y_val = train_test_split(
        X_capstone, y_capstone, test_size=0.2, stratify=y_capstone, seed=seed
    )
    scaler = Standardizer().fit(X_train)
    X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)
    runs: dict[Any, OptimizerRun] = {}
    for name, rate in pairs:
        key = _check_name(name)
        model = mlp([64, hidden, 10], activation="relu", seed=seed)
        optimizer = get_optimizer(key, model.parameters(), lr=rate)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrainingDiverged)
            history = fit(
                model,
                CrossEntropyLoss(),
                optimizer,
                X_train,
                y_train,
                epochs=epochs,
                batch_size=batch_size,
                validation_data=(X_val, y_val),
                seed=seed,
            )
        report = optimizer.memory_report()
        run = OptimizerRun(repr(optimizer), history, report["state"], report["parameters"])
        runs[name if isinstance(settings, Mapping) else (name, rate)] = run
    return runs


# ------------------------------------------------------------------ section page: momentum's rate, Nesterov, AdamW


def heavy_ball_settings(curvatures: tuple[float, float]) -> dict[str, float]:
    """The best constant settings of gradient descent and of heavy-ball momentum on a quadratic.

    For ``f = (l_min x**2 + l_max y**2) / 2`` with condition number
    ``kappa = l_max / l_min``: gradient descent's best rate ``2 / (l_min + l_max)``
    contracts the error by ``(kappa - 1) / (kappa + 1)`` per step; momentum with
    ``lr = 4 / (sqrt(l_max) + sqrt(l_min))**2`` and
    ``momentum = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))**2`` by
    ``(sqrt(kappa) - 1) / (sqrt(kappa) + 1)`` (Polyak 1964).

    Parameters
    ----------
    curvatures : (float, float)
        ``(l_min, l_max)``, both > 0.

    Returns
    -------
    dict
        ``"kappa"``, ``"gd_lr"``, ``"gd_rate"``, ``"lr"``, ``"momentum"``, ``"rate"``.

    Raises
    ------
    ValueError
        If a curvature is not > 0 or ``l_min > l_max``.

    Examples
    --------
    >>> settings = heavy_ball_settings((1.0, 100.0))
    >>> round(settings["gd_rate"], 4), round(settings["rate"], 4), round(settings["momentum"], 4)
    (0.9802, 0.8182, 0.6694)
    """
    low, high = (check_positive(value, "curvatures") for value in curvatures)
    if low > high:
        raise ValueError(f"curvatures must be (l_min, l_max) with l_min <= l_max, got ({low}, {high})")
    kappa = high / low
    root = math.sqrt(kappa)
    return {
        "kappa": kappa,
        "gd_lr": 2 / (low + high),
        "gd_rate": (kappa - 1) / (kappa + 1),
        "lr": 4 / (math.sqrt(high) + math.sqrt(low)) ** 2,
        "momentum": ((root - 1) / (root + 1)) ** 2,
        "rate": (root - 1) / (root + 1),
    }


def steps_to_tolerance(
    curvatures: Any, optimizer_name: str, tolerance: float, max_steps: int, start: Any = None, **hyper: Any
) -> int | None:
    """Steps a library optimizer takes on ``f = sum(l_i x_i**2) / 2`` until ``|x| <= tolerance * |x_0|``.

    The point is a :class:`~mlcourse.nn.Parameter`; each step sets its
    ``.grad`` to the gradient ``l_i x_i`` and calls the optimizer's ``step()``.

    Parameters
    ----------
    curvatures : array_like of float
        The curvatures ``l_i`` (> 0), one per coordinate.
    optimizer_name : str
        A name for :func:`mlcourse.optim.get_optimizer` (``"sgd"``, ``"momentum"``, ``"nesterov"``, ...).
    tolerance : float
        Relative distance to the minimum to reach (> 0).
    max_steps : int
        Give up after this many steps.
    start : array_like, optional
        Starting point (default all ones).
    **hyper
        The optimizer's hyper-parameters, e.g. ``lr=0.01, momentum=0.9``.

    Returns
    -------
    int or None
        The first step at which the distance is within the tolerance, None if
        it never is within ``max_steps`` (or the run leaves the finite numbers).

    Examples
    --------
    >>> steps_to_tolerance([1.0, 3.0], "sgd", 1e-3, 100, lr=0.5)  # both errors halve per step
    10
    """
    curvature = as_float_array(curvatures, "curvatures", ndim=1).astype(np.float64)
    if np.any(curvature <= 0):
        raise ValueError(f"curvatures must all be > 0, got {curvature}")
    tolerance = check_positive(tolerance, "tolerance")
    max_steps = check_int(max_steps, "max_steps", minimum=0)
    point = np.ones_like(curvature) if start is None else as_float_array(start, "start", ndim=1).astype(np.float64)
    if point.shape != curvature.shape:
        raise ValueError(f"start must have one value per curvature, shape {curvature.shape}; got {point.shape}")
    param = Parameter(point.copy(), "x")
    optimizer = get_optimizer(_check_name(optimizer_name), [param], **hyper)
    target = tolerance * float(np.sqrt(point @ point))
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, max_steps + 1):
            np.multiply(curvature, param.data, out=param.grad)
            optimizer.step()
            distance = float(np.sqrt(param.data @ param.data))
            if distance <= target:
                return step
            if not math.isfinite(distance):
                return None
    return None


@dataclass
class ConditionSweep:
    """Steps to a tolerance against the condition number (an entry of :func:`condition_sweep`).

    Parameters
    ----------
    kappas : numpy.ndarray
        The condition numbers (curvatures 1 and kappa).
    tolerance : float
        The relative distance reached.
    gd_steps, momentum_steps : numpy.ndarray
        Steps measured: gradient descent and heavy-ball momentum at their best settings.
    gd_law, momentum_law : numpy.ndarray
        The laws ``kappa / 2 * ln(1 / tol)`` and ``sqrt(kappa) / 2 * ln(1 / tol)``.
    gd_slope, momentum_slope : float
        Slopes of the measured counts against kappa, fitted on log-log axes.
    """

    kappas: np.ndarray
    tolerance: float
    gd_steps: np.ndarray
    momentum_steps: np.ndarray
    gd_law: np.ndarray
    momentum_law: np.ndarray
    gd_slope: float
    momentum_slope: float


def condition_sweep(kappas: Sequence[float], tolerance: float = 1e-6) -> ConditionSweep:
    """Gradient descent and heavy-ball momentum, each at its best settings, on bowls of growing condition number.

    Each bowl has curvatures ``1`` and ``kappa``; both runs start at ``(1, 1)``
    and use the settings of :func:`heavy_ball_settings`.

    Parameters
    ----------
    kappas : sequence of float
        Condition numbers (> 1).
    tolerance : float, default 1e-6
        Relative distance to the minimum to reach.

    Returns
    -------
    ConditionSweep

    Examples
    --------
    >>> sweep = condition_sweep([10.0, 100.0])
    >>> sweep.gd_steps.tolist(), sweep.momentum_steps.tolist()
    ([69.0, 691.0], [27.0, 93.0])
    """
    kappas = as_float_array(kappas, "kappas", ndim=1).astype(np.float64)
    if np.any(kappas <= 1):
        raise ValueError(f"kappas must be > 1, got {kappas}")
    tolerance = check_positive(tolerance, "tolerance")
    log_tol = math.log(1 / tolerance)
    gd, heavy = [], []
    for kappa in kappas:
        settings = heavy_ball_settings((1.0, float(kappa)))
        limit = int(2 * kappa * log_tol) + 100
        gd.append(steps_to_tolerance([1.0, kappa], "sgd", tolerance, limit, lr=settings["gd_lr"]))
        heavy.append(
            steps_to_tolerance(
                [1.0, kappa], "momentum", tolerance, limit, lr=settings["lr"], momentum=settings["momentum"]
            )
        )
    gd_steps, momentum_steps = np.array(gd, dtype=float), np.array(heavy, dtype=float)
    return ConditionSweep(
        kappas=kappas,
        tolerance=tolerance,
        gd_steps=gd_steps,
        momentum_steps=momentum_steps,
        gd_law=kappas / 2 * log_tol,
        momentum_law=np.sqrt(kappas) / 2 * log_tol,
        gd_slope=float(np.polyfit(np.log(kappas), np.log(gd_steps), 1)[0]),
        momentum_slope=float(np.polyfit(np.log(kappas), np.log(momentum_steps), 1)[0]),
    )


def heavy_ball_rate(curvatures: Sequence[float], lr: float, momentum: float) -> float:
    """The contraction per step of heavy-ball momentum on a quadratic, from the roots of its recurrence.

    Along a direction of curvature ``l`` the error obeys
    ``e_{t+1} = (1 + mu - lr l) e_t - mu e_{t-1}``; its roots ``r`` solve
    ``r**2 - (1 + mu - lr l) r + mu = 0`` and the error shrinks like the
    largest ``|r|`` over the curvatures. Computed with :func:`numpy.roots`,
    independently of :mod:`mlcourse.optim` (an oracle for the measured counts).

    Parameters
    ----------
    curvatures : sequence of float
        The curvatures of the quadratic.
    lr : float
        Learning rate (> 0).
    momentum : float
        Momentum factor ``mu`` in [0, 1).

    Returns
    -------
    float
        The largest root modulus (>= 1: no convergence).

    Examples
    --------
    >>> round(heavy_ball_rate([1.0, 100.0], 4 / 121, (9 / 11) ** 2), 4)  # the best settings: (10 - 1) / (10 + 1)
    0.8182
    """
    lr = check_positive(lr, "lr")
    momentum = float(momentum)
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    return max(
        float(np.max(np.abs(np.roots([1.0, -(1 + momentum - lr * curvature), momentum])))) for curvature in curvatures
    )


def momentum_sweep(
    kappa: float, momenta: Sequence[float], tolerance: float = 1e-6, max_steps: int = 2000
) -> dict[str, np.ndarray]:
    """Steps of heavy-ball momentum to a tolerance on the bowl ``(1, kappa)``, at the best lr, for several ``mu``.

    Parameters
    ----------
    kappa : float
        Condition number (> 1).
    momenta : sequence of float
        The momentum factors tried, in [0, 1).
    tolerance : float, default 1e-6
        Relative distance to reach.
    max_steps : int, default 2000
        Runs that have not arrived by then count as None (NaN in the result).

    Returns
    -------
    dict
        ``"momenta"``, ``"steps"`` (measured, NaN if not arrived), ``"predicted"``
        (``ln(1/tol) / -ln(rate)`` from :func:`heavy_ball_rate`, inf where the
        rate is >= 1), ``"lr"``, the learning rate used, and ``"kappa"``.

    Examples
    --------
    >>> result = momentum_sweep(100.0, [0.5, 0.67, 0.9])
    >>> result["steps"].tolist()
    [nan, 81.0, 255.0]
    """
    settings = heavy_ball_settings((1.0, kappa))
    momenta = as_float_array(momenta, "momenta", ndim=1).astype(np.float64)
    steps, predicted = [], []
    for mu in momenta:
        count = steps_to_tolerance([1.0, kappa], "momentum", tolerance, max_steps, lr=settings["lr"], momentum=mu)
        steps.append(np.nan if count is None else count)
        rate = heavy_ball_rate([1.0, kappa], settings["lr"], mu)
        predicted.append(math.log(1 / tolerance) / -math.log(rate) if rate < 1 else np.inf)
    return {
        "momenta": momenta,
        "steps": np.array(steps),
        "predicted": np.array(predicted),
        "lr": settings["lr"],
        "kappa": settings["kappa"],
    }


def look_ahead_path(surface: Any, start: Any, lr: float, momentum: float, steps: int) -> np.ndarray:
    """Nesterov momentum written with the look-ahead (Sutskever et al. 2013), independently of :mod:`mlcourse.optim`.

    ``u <- mu u - lr * grad f(x + mu u)``, ``x <- x + u``: the gradient is
    taken at the looked-ahead point ``x + mu u``. Returns those looked-ahead
    points, which are the points the library's ``SGD(nesterov=True)`` (PyTorch's
    form) holds; the oracle of the tests.

    Parameters
    ----------
    surface : Surface or str
        A 2-D surface of :mod:`mlcourse.surfaces`, or its name.
    start : array_like of shape (2,)
        Starting point (the velocity starts at 0).
    lr : float
        Learning rate (> 0).
    momentum : float
        Momentum factor in [0, 1).
    steps : int
        Number of steps (>= 0).

    Returns
    -------
    numpy.ndarray of shape (steps + 1, 2)
        The looked-ahead points ``x_t + mu u_t``, the start first.

    Examples
    --------
    >>> look_ahead_path("bowl", (1.0, 1.0), 0.01, 0.9, 2).round(4)
    array([[1.    , 1.    ],
           [0.981 , 0.62  ],
           [0.9543, 0.2224]])
    """
    surface, x, lr, momentum, steps = _check_momentum_path(surface, start, lr, momentum, steps)
    u = np.zeros(2)
    points = [x.copy()]
    for _ in range(steps):
        u = momentum * u - lr * surface.gradient(x + momentum * u)
        x = x + u
        points.append(x + momentum * u)
    return np.array(points)


def nesterov_stability_limit(largest_curvature: float, momentum: float) -> dict[str, float]:
    """The largest stable learning rates of heavy-ball and Nesterov momentum on a quadratic.

    Heavy ball: ``lr < 2 (1 + mu) / l_max``. Nesterov, whose error obeys
    ``e_{t+1} = (1 + mu)(1 - lr l) e_t - mu (1 - lr l) e_{t-1}``:
    ``lr < (2 + 2 mu) / ((1 + 2 mu) l_max)``.

    Parameters
    ----------
    largest_curvature : float
        ``l_max`` (> 0).
    momentum : float
        ``mu`` in [0, 1).

    Returns
    -------
    dict
        ``"momentum"`` and ``"nesterov"``: the two limits.

    Examples
    --------
    >>> {name: round(limit, 5) for name, limit in nesterov_stability_limit(100.0, 0.9).items()}
    {'momentum': 0.038, 'nesterov': 0.01357}
    """
    high = check_positive(largest_curvature, "largest_curvature")
    mu = float(momentum)
    if not 0 <= mu < 1:
        raise ValueError(f"momentum must be in [0, 1), got {mu}")
    return {"momentum": 2 * (1 + mu) / high, "nesterov": (2 + 2 * mu) / ((1 + 2 * mu) * high)}


def _digits_fit_and_validation(seed: int = 0) -> tuple[np.ndarray, ...]:
    """The capstone's training part of the digits (8:2, stratified), split again 3:1 into fit and validation."""
    X_train, y_train = _capstone_training_part()  # always the capstone's seed-0 split, whatever ``seed``
    X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train, test_size=0.25, stratify=y_train, seed=seed)
    scaler = Standardizer().fit(X_fit)
    return scaler.transform(X_fit), scaler.transform(X_val), y_fit, y_val


def sgd_penalty_equals_shrink(weight_decay: float = 0.5, lr: float = 0.05, epochs: int = 2, seed: int = 0) -> float:
    """Train the digits network twice with plain SGD: L2 penalty in the gradient, or the weights shrunk directly.

    Run A uses ``SGD(weight_decay=wd)``: the gradient of ``(wd / 2) |p|**2``,
    ``wd * p``, is added to every gradient. Run B uses ``SGD`` without
    it and, after each backward pass, multiplies every parameter by
    ``1 - lr * wd`` before the update. Same initial weights, same batches.

    Parameters
    ----------
    weight_decay : float, default 0.5
        ``wd``.
    lr : float, default 0.05
        Learning rate.
    epochs : int, default 2
        Epochs of training.
    seed : int, default 0
        Seed of the weights and the batch order.

    Returns
    -------
    float
        The largest difference between the two runs' parameters at the end,
        relative to the largest parameter (rounding only).

    Examples
    --------
    >>> sgd_penalty_equals_shrink(epochs=1) < 1e-12
    True
    """
    from mlcourse.data import batches
    from mlcourse.optim import SGD
    from mlcourse.train import train_step

    X_fit, _, y_fit, _ = _digits_fit_and_validation(seed)
    models = [mlp([64, 32, 10], activation="relu", seed=seed) for _ in range(2)]
    penalty = SGD(models[0].parameters(), lr=lr, weight_decay=weight_decay)
    plain = SGD(models[1].parameters(), lr=lr)
    loss = CrossEntropyLoss()

    def shrink(value: float, output: np.ndarray) -> float:
        for param in models[1].parameters():
            param.data *= 1 - lr * weight_decay  # p <- (1 - lr wd) p, then the step p <- p - lr g
        return value

    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for X_batch, y_batch in batches(X_fit, y_fit, 32, shuffle=True, rng=rng):
            train_step(models[0], loss, penalty, X_batch, y_batch)
            train_step(models[1], loss, plain, X_batch, y_batch, before_update=shrink)
    pairs = list(zip(models[0].parameters(), models[1].parameters()))
    largest = max(float(np.abs(a.data).max()) for a, _ in pairs)
    return max(float(np.abs(a.data - b.data).max()) for a, b in pairs) / largest


@dataclass
class DecayRun:
    """One training of the digits network with Adam (an entry of :func:`weight_decay_comparison`).

    Parameters
    ----------
    kind : str
        ``"none"`` (plain Adam), ``"l2"`` (Adam with the L2 penalty in the
        gradient, ``Adam(weight_decay=...)``) or ``"decoupled"`` (``AdamW``).
    weight_decay : float
        The coefficient ``lambda``.
    val_accuracy : float
        Accuracy on the validation images after the last epoch.
    layer_norms : tuple of float
        Frobenius norms of the two weight matrices ``W1`` (64x32) and ``W2`` (32x10).
    weights : numpy.ndarray
        All weights of ``W1`` and ``W2``, flattened, in that order.
    gradient_rms : numpy.ndarray
        Per weight (same order), Adam's ``sqrt(v_hat)`` at the end: the RMS of
        its recent gradients.
    """

    kind: str
    weight_decay: float
    val_accuracy: float
    layer_norms: tuple[float, float]
    weights: np.ndarray
    gradient_rms: np.ndarray


def weight_decay_comparison(
    decays: Sequence[float], *, lr: float = 0.01, epochs: int = 10, seed: int = 0
) -> dict[tuple[str, float], DecayRun]:
    """Adam with an L2 penalty against AdamW on the digits, for several coefficients, plus plain Adam.

    The network ``mlp([64, 32, 10])`` (ReLU) is trained on three quarters of
    the capstone's training images and scored on the other quarter (the test
    images are never used), from the same weights, with the same batches of
    32. ``("none", 0.0)`` is plain Adam; ``("l2", wd)`` is
    ``Adam(weight_decay=wd)``, which adds ``wd * p`` to every gradient (the
    penalty ``(wd / 2) |p|**2``, biases included); ``("decoupled", wd)`` is
    ``AdamW(weight_decay=wd)``, which multiplies every parameter by
    ``1 - lr * wd`` each step.

    Parameters
    ----------
    decays : sequence of float
        The coefficients tried (> 0).
    lr : float, default 0.01
        Learning rate of every run.
    epochs : int, default 10
        Epochs per run.
    seed : int, default 0
        Seed of the split, the weights and the batch order.

    Returns
    -------
    dict of (str, float) to DecayRun

    Examples
    --------
    >>> runs = weight_decay_comparison([0.01], epochs=1)
    >>> sorted(runs), runs[("none", 0.0)].weights.shape
    ([('decoupled', 0.01), ('l2', 0.01), ('none', 0.0)], (2368,))
    """
    from mlcourse.optim import Adam, AdamW

    decays = [check_positive(value, "decays") for value in decays]
    X_fit, X_val, y_fit, y_val = _digits_fit_and_validation(seed)
    runs: dict[tuple[str, float], DecayRun] = {}
    for kind, decay in [("none", 0.0)] + [(kind, d) for kind in ("l2", "decoupled") for d in decays]:
        model = mlp([64, 32, 10], activation="relu", seed=seed)
        params = model.parameters()
        optimizer = (AdamW if kind == "decoupled" else Adam)(params, lr=lr, weight_decay=decay)
        history = fit(
            model, CrossEntropyLoss(), optimizer, X_fit, y_fit, epochs=epochs, batch_size=32,
            validation_data=(X_val, y_val), seed=seed,
        )  # fmt: skip
        matrices = [index for index, param in enumerate(params) if param.name == "W"]
        beta2, t = optimizer.betas[1], optimizer.steps
        runs[(kind, decay)] = DecayRun(
            kind=kind,
            weight_decay=decay,
            val_accuracy=float(history.val_accuracy[-1]),
            layer_norms=tuple(float(np.linalg.norm(params[i].data)) for i in matrices),
            weights=np.concatenate([params[i].data.ravel() for i in matrices]),
            gradient_rms=np.concatenate(
                [np.sqrt(optimizer.state[i]["exp_avg_sq"] / (1 - beta2**t)).ravel() for i in matrices]
            ),
        )
    return runs


def shrink_by_gradient_size(plain: DecayRun, decayed: DecayRun, groups: int = 6) -> dict[str, np.ndarray]:
    """How much the decay shrank the weights, in groups of weights sorted by their gradients' size.

    The weights are sorted by the RMS of their gradients in the run without
    decay (``plain.gradient_rms``) and cut into ``groups`` groups of equal
    size; for each, the ratio of the norms ``|w decayed| / |w plain|``.

    Parameters
    ----------
    plain, decayed : DecayRun
        The run without decay and a run with decay (same network).
    groups : int, default 6
        Number of groups.

    Returns
    -------
    dict
        ``"rms"``: the median gradient RMS of each group; ``"ratio"``: its norm ratio.

    Examples
    --------
    >>> same = DecayRun("none", 0.0, 1.0, (1.0, 1.0), np.arange(1.0, 7.0), np.arange(6.0))
    >>> shrink_by_gradient_size(same, same, groups=3)["ratio"].tolist()
    [1.0, 1.0, 1.0]
    """
    groups = check_int(groups, "groups", minimum=1)
    order = np.argsort(plain.gradient_rms, kind="stable")
    rms, ratio = [], []
    for part in np.array_split(order, groups):
        rms.append(float(np.median(plain.gradient_rms[part])))
        ratio.append(float(np.linalg.norm(decayed.weights[part]) / np.linalg.norm(plain.weights[part])))
    return {"rms": np.array(rms), "ratio": np.array(ratio)}
