"""Derivatives by finite differences, their errors, and the chain rule through scalar layers.

Chapter 2 uses these to show three things:

1. a derivative is the limit of secant slopes ``(f(x + h) - f(x)) / h``
   (:func:`forward_difference`, :func:`secant_slopes`);
2. in floating point the limit cannot be taken: the error of a finite
   difference first falls with ``h`` (truncation error, order ``h`` for the
   forward and ``h**2`` for the central difference) and then rises again
   (round-off error, about ``eps / h``), a U-shaped curve on log-log axes
   (:func:`derivative_error_curve`, :func:`fit_loglog_slope`,
   :func:`optimal_step`);
3. the chain rule through many layers is a product of local derivatives
   (:func:`layer_chain`).

The computational graphs of the chapter's widget are
:data:`GRAPH_EXPRESSIONS`: :func:`build_graph` records one with
:mod:`mlcourse.autograd` and backpropagates, and :func:`graph_gradients`
compares its gradients with the ones derived by hand and with central
differences.

The central difference is :func:`mlcourse.gradcheck.numerical_gradient`,
the same function the later chapters use to check backpropagation.

Examples
--------
>>> import numpy as np
>>> round(forward_difference(np.exp, 0.0, h=1e-6), 5)
1.0
>>> round(central_difference(np.sin, 0.0), 10)
1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from mlcourse._validation import as_float_array, check_positive, describe
from mlcourse.autograd import Value
from mlcourse.gradcheck import numerical_gradient

__all__ = [
    "forward_difference",
    "central_difference",
    "secant_slopes",
    "DIFFERENCE_METHODS",
    "derivative_error_curve",
    "fit_loglog_slope",
    "optimal_step",
    "LayerChain",
    "layer_chain",
    "GRAPH_EXPRESSIONS",
    "build_graph",
    "graph_gradients",
]

#: The finite-difference formulas, and the power of ``h`` in their truncation error.
DIFFERENCE_METHODS: dict[str, int] = {"forward": 1, "central": 2}


def _check_function(f: Any) -> Callable[[Any], Any]:
    if not callable(f):
        raise TypeError(f"f must be a function of one number, got {describe(f)}")
    return f


def _check_x(x: Any) -> float:
    return float(as_float_array(x, "x", ndim=0))


def _check_number(value: Any, name: str) -> float:
    return float(as_float_array(value, name, ndim=0))


def _scalar_value(value: Any) -> float:
    array = np.asarray(value, dtype=np.float64)
    if array.size != 1:
        raise TypeError(f"f must return a single number, got an array of shape {array.shape}")
    return float(array.reshape(()))


def forward_difference(f: Callable[[float], Any], x: float, h: float = 1e-5) -> float:
    """The forward difference ``(f(x + h) - f(x)) / h``: the slope of a secant.

    Its error is about ``h |f''(x)| / 2`` (truncation, from Taylor's theorem)
    plus about ``eps |f(x)| / h`` (round-off in the subtraction), where ``eps``
    is the machine epsilon. It needs one extra evaluation of ``f`` per
    variable when ``f(x)`` is already known.

    Parameters
    ----------
    f : callable
        A function of one float returning one number.
    x : float
        Where to differentiate.
    h : float, default 1e-5
        Step size (> 0).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns more than one number.
    ValueError
        If ``x`` is not finite or ``h`` is not positive.

    Examples
    --------
    >>> forward_difference(lambda t: t ** 2, 3.0, h=0.5)
    6.5
    """
    f = _check_function(f)
    x = _check_x(x)
    h = check_positive(h, "h")
    return (_scalar_value(f(x + h)) - _scalar_value(f(x))) / h


def central_difference(f: Callable[[float], Any], x: float, h: float = 1e-5) -> float:
    """The central difference ``(f(x + h) - f(x - h)) / (2 h)``.

    Computed by :func:`mlcourse.gradcheck.numerical_gradient` on a
    one-element array, so it is exactly the estimate the gradient checks of
    later chapters use. The ``h`` and ``h**2``-free terms of the Taylor
    expansions cancel, so the truncation error is about
    ``h**2 |f'''(x)| / 6``: much smaller than the forward difference's for the
    same ``h``.

    Parameters
    ----------
    f : callable
        A function of one float returning one number.
    x : float
        Where to differentiate.
    h : float, default 1e-5
        Step size (> 0).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns more than one number.
    ValueError
        If ``x`` is not finite or ``h`` is not positive.

    Examples
    --------
    >>> central_difference(lambda t: t ** 2, 3.0, h=0.5)
    6.0
    """
    f = _check_function(f)
    x = _check_x(x)
    h = check_positive(h, "h")
    point = np.array([x])
    return float(numerical_gradient(lambda v: _scalar_value(f(float(v[0]))), point, h)[0])


def secant_slopes(f: Callable[[float], Any], x: float, hs: Sequence[float]) -> np.ndarray:
    """Slopes of the secants from ``(x, f(x))`` to ``(x + h, f(x + h))`` for each ``h``.

    As ``h`` shrinks the secant turns into the tangent and its slope into
    ``f'(x)``: the definition of the derivative.

    Parameters
    ----------
    f : callable
        A function of one float.
    x : float
        The fixed point.
    hs : sequence of float
        Step sizes (each > 0).

    Returns
    -------
    numpy.ndarray
        One forward difference per step size.

    Examples
    --------
    >>> secant_slopes(lambda t: t ** 2, 1.0, [1.0, 0.5, 0.25]).tolist()
    [3.0, 2.5, 2.25]
    """
    return np.array([forward_difference(f, x, h) for h in _check_steps(hs)])


def _check_steps(hs: Any) -> np.ndarray:
    steps = as_float_array(hs, "hs", ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"every step size in hs must be > 0, got minimum {steps.min()!r}")
    return steps


def derivative_error_curve(
    f: Callable[[float], Any],
    df: Callable[[float], Any],
    x: float,
    hs: Sequence[float],
    method: str = "central",
) -> np.ndarray:
    """The absolute error ``|estimate(h) - f'(x)|`` of a finite difference, for each step ``h``.

    Plotted against ``h`` on log-log axes this is a U: for large ``h`` the
    truncation error dominates (a straight line of slope 1 for the forward,
    2 for the central difference); for small ``h`` the round-off error,
    roughly ``eps |f(x)| / h``, dominates (slope -1, and noisy).

    Parameters
    ----------
    f : callable
        The function, of one float.
    df : callable
        Its exact derivative (the reference).
    x : float
        Where to differentiate.
    hs : sequence of float
        Step sizes (each > 0).
    method : {"central", "forward"}, default "central"
        Which difference to use (:func:`central_difference` or
        :func:`forward_difference`).

    Returns
    -------
    numpy.ndarray
        The absolute errors, one per step size (may contain 0 when an
        estimate happens to be exact).

    Raises
    ------
    ValueError
        If ``method`` is unknown or a step is not positive.

    Examples
    --------
    >>> errors = derivative_error_curve(np.exp, np.exp, 0.0, [1e-1, 1e-2], "forward")
    >>> (errors[1] < errors[0]).item()
    True
    """
    if method not in DIFFERENCE_METHODS:
        raise ValueError(f"method must be one of {sorted(DIFFERENCE_METHODS)}, got {method!r}")
    estimate = forward_difference if method == "forward" else central_difference
    _check_function(df)
    exact = _scalar_value(df(_check_x(x)))
    return np.array([abs(estimate(f, x, h) - exact) for h in _check_steps(hs)])


def fit_loglog_slope(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """Least-squares line through ``(log10 x, log10 y)``: the exponent of a power law.

    If ``y = c * x**k`` then ``log10 y = log10 c + k log10 x``: on log-log axes
    a power law is a straight line whose slope is the exponent ``k``. On the
    truncation side of a finite difference's error curve the slope is the
    order of the formula (about 1 forward, 2 central); on the round-off side
    it is about -1. Chapter 8 fits the cost of gradients against the number
    of parameters the same way.

    Parameters
    ----------
    x, y : sequence of float
        Positive values, same length, at least two.

    Returns
    -------
    (float, float)
        ``(slope, intercept)``: ``y`` is about ``10**intercept * x**slope``.

    Raises
    ------
    ValueError
        If the lengths differ, fewer than two points are given or a value is
        not positive.

    Examples
    --------
    >>> slope, intercept = fit_loglog_slope([10, 100, 1000], [3e2, 3e4, 3e6])
    >>> round(slope, 6), round(10 ** intercept, 6)
    (2.0, 3.0)
    >>> round(fit_loglog_slope([1e-1, 1e-2, 1e-3], [1e-2, 1e-4, 1e-6])[0], 9)   # error of order h**2
    2.0
    """
    xs = as_float_array(x, "x", ndim=1)
    ys = as_float_array(y, "y", ndim=1)
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same length, got {xs.size} and {ys.size}")
    if xs.size < 2:
        raise ValueError(f"need at least two points to fit a slope, got {xs.size}")
    if np.any(xs <= 0) or np.any(ys <= 0):
        raise ValueError("every x and y must be > 0 to take its logarithm")
    slope, intercept = np.polyfit(np.log10(xs), np.log10(ys), 1)
    return float(slope), float(intercept)


def optimal_step(method: str = "central", eps: float | None = None) -> float:
    """The order of magnitude of the best step size: ``eps**(1/2)`` forward, ``eps**(1/3)`` central.

    Balancing a truncation error ``C h**p`` against a round-off error
    ``eps / h`` gives a minimum near ``h = eps**(1 / (p + 1))`` (for a function
    whose value and derivatives are of order 1). In float64
    (``eps = 2.2e-16``) this is about ``1.5e-8`` for the forward and
    ``6e-6`` for the central difference; the best reachable errors are about
    ``eps**(1/2)`` and ``eps**(2/3)``.

    Parameters
    ----------
    method : {"central", "forward"}, default "central"
        The difference formula.
    eps : float, optional
        The machine epsilon; default that of float64.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``method`` is unknown or ``eps`` is not positive.

    Examples
    --------
    >>> f"{optimal_step('forward'):.2e}", f"{optimal_step('central'):.2e}"
    ('1.49e-08', '6.06e-06')
    """
    if method not in DIFFERENCE_METHODS:
        raise ValueError(f"method must be one of {sorted(DIFFERENCE_METHODS)}, got {method!r}")
    eps = float(np.finfo(np.float64).eps) if eps is None else check_positive(eps, "eps")
    return float(eps ** (1.0 / (DIFFERENCE_METHODS[method] + 1)))


@dataclass
class LayerChain:
    """Forward values and chain-rule factors of scalar layers (see :func:`layer_chain`); fields are attributes.

    Parameters
    ----------
    h : numpy.ndarray
        ``h[0] = x`` and ``h[i]`` the output of layer ``i`` (length ``N + 1``).
    loss : float
        ``L = (h[N] - target)**2 / 2``.
    dL_dhN : float
        ``dL/dh_N = h[N] - target``.
    local : numpy.ndarray
        ``local[i - 1] = dh_i/dh_{i-1}`` for ``i = 1..N`` (with ``w_i`` held fixed).
    own : numpy.ndarray
        ``own[n - 1] = dh_n/dw_n`` (with ``h_{n-1}`` held fixed).
    grad_w : numpy.ndarray
        ``dL/dw_n`` for ``n = 1..N``, each the product
        ``dL/dh_N * local[N-1] * ... * local[n] * own[n-1]``.
    grad_h : numpy.ndarray
        ``dL/dh_n`` for ``n = 0..N`` (``grad_h[N] = dL_dhN``): the running
        product of the local factors, from the output back.
    """

    h: np.ndarray
    loss: float
    dL_dhN: float
    local: np.ndarray
    own: np.ndarray
    grad_w: np.ndarray
    grad_h: np.ndarray


def layer_chain(weights: Sequence[float], x: float, target: float = 0.0) -> LayerChain:
    """Run ``h_i = tanh(w_i h_{i-1})`` for ``i = 1..N`` and take ``dL/dw_n`` by the chain rule.

    Each layer is a function of two things, its input ``h_{i-1}`` and its own
    weight ``w_i``. The loss depends on ``w_n`` only through ``h_n``, which
    reaches the loss through ``h_{n+1}, ..., h_N``; so

    ``dL/dw_n = dL/dh_N * (dh_N/dh_{N-1} ... dh_{n+1}/dh_n) * dh_n/dw_n``

    with ``dh_i/dh_{i-1} = w_i (1 - h_i**2)`` and
    ``dh_n/dw_n = h_{n-1} (1 - h_n**2)`` (``tanh' = 1 - tanh**2``). The
    product over ``n`` is accumulated from the output backwards, so every
    factor is computed once: the idea of backpropagation.

    Parameters
    ----------
    weights : sequence of float
        ``w_1, ..., w_N`` (at least one).
    x : float
        The input ``h_0``.
    target : float, default 0
        The target in the loss ``L = (h_N - target)**2 / 2``.

    Returns
    -------
    LayerChain

    Raises
    ------
    ValueError
        If ``weights`` is empty or a value is not finite.

    Examples
    --------
    >>> chain = layer_chain([0.5, -1.0], 1.0)
    >>> chain.h.round(4).tolist()
    [1.0, 0.4621, -0.4318]
    >>> chain.grad_w.round(4).tolist()
    [0.2763, -0.1623]
    """
    w = as_float_array(weights, "weights", ndim=1)
    x = _check_x(x)
    target = _check_number(target, "target")
    h = np.empty(len(w) + 1)
    h[0] = x
    for i in range(1, len(w) + 1):  # forward: h_i = tanh(w_i h_{i-1})
        h[i] = np.tanh(w[i - 1] * h[i - 1])
    slope = 1.0 - h[1:] ** 2  # tanh'(w_i h_{i-1}) for i = 1..N
    local, own = w * slope, h[:-1] * slope  # dh_i/dh_{i-1} and dh_i/dw_i
    grad_h = np.empty(len(w) + 1)
    grad_h[-1] = h[-1] - target  # dL/dh_N
    for n in range(len(w), 0, -1):  # backward: one more factor per layer
        grad_h[n - 1] = grad_h[n] * local[n - 1]  # dL/dh_{n-1}
    grad_w = grad_h[1:] * own  # dL/dw_n = dL/dh_n * dh_n/dw_n
    return LayerChain(h, 0.5 * grad_h[-1] ** 2, float(grad_h[-1]), local, own, grad_w, grad_h)


# ------------------------------------------------------- computational graphs


def _square_of_sum(x: Value, y: Value) -> Value:
    t = x + y
    t.label = "t"
    z = t**2
    z.label = "z"
    return z


def _product_plus_exp(x: Value, y: Value) -> Value:
    product = x * y
    product.label = "p"
    exponential = x.exp()
    exponential.label = "q"
    z = product + exponential
    z.label = "z"
    return z


def _square_of_product_plus(x: Value, y: Value) -> Value:
    product = x * y
    product.label = "p"
    total = product + y
    total.label = "s"
    z = total**2
    z.label = "z"
    return z


#: The expressions of the chapter's graph widget: name -> (builder of ``z`` from the two input
#: Values, ``dz/dx`` by hand, ``dz/dy`` by hand). The hand derivatives use plain math, not autograd.
GRAPH_EXPRESSIONS: dict[
    str, tuple[Callable[[Value, Value], Value], Callable[[float, float], float], Callable[[float, float], float]]
] = {
    "(x + y)**2": (_square_of_sum, lambda x, y: 2 * (x + y), lambda x, y: 2 * (x + y)),
    "x*y + exp(x)": (_product_plus_exp, lambda x, y: y + math.exp(x), lambda x, y: x),
    "(x*y + y)**2": (_square_of_product_plus, lambda x, y: 2 * (x * y + y) * y, lambda x, y: 2 * (x * y + y) * (x + 1)),
}


def build_graph(expression: str, x: float, y: float) -> tuple[Value, Value, Value]:
    """Build one of :data:`GRAPH_EXPRESSIONS` at ``(x, y)`` with autograd and backpropagate.

    Every intermediate node is labelled (``t``, ``p``, ``q``, ``s``, ``z``) so
    that :func:`mlcourse.autograd.draw_graph` can name it.

    Parameters
    ----------
    expression : str
        A key of :data:`GRAPH_EXPRESSIONS`.
    x, y : float
        The inputs.

    Returns
    -------
    z, x_node, y_node : mlcourse.autograd.Value
        The output and the two inputs, with their gradients filled in.

    Raises
    ------
    ValueError
        If the expression is unknown.

    Examples
    --------
    >>> z, x_node, y_node = build_graph("(x + y)**2", 1.0, 2.0)
    >>> z.data, x_node.grad, y_node.grad
    (9.0, 6.0, 6.0)
    """
    if expression not in GRAPH_EXPRESSIONS:
        raise ValueError(f"unknown expression {expression!r}; choose one of {list(GRAPH_EXPRESSIONS)}")
    x_node, y_node = Value(float(x), label="x"), Value(float(y), label="y")
    z = GRAPH_EXPRESSIONS[expression][0](x_node, y_node)
    z.backward()
    return z, x_node, y_node


def graph_gradients(expression: str, x: float, y: float) -> dict[str, float]:
    """``z`` and its partial derivatives three ways: ``backward()``, by hand, and by central differences.

    Parameters
    ----------
    expression : str
        A key of :data:`GRAPH_EXPRESSIONS`.
    x, y : float
        The point.

    Returns
    -------
    dict
        ``"z"``, then ``"dz/dx (backward)"``, ``"dz/dy (backward)"``,
        ``"dz/dx (by hand)"``, ``"dz/dy (by hand)"``,
        ``"dz/dx (central difference)"`` and ``"dz/dy (central difference)"``
        (step ``1e-6``).

    Raises
    ------
    ValueError
        If the expression is unknown.

    Examples
    --------
    >>> numbers = graph_gradients("x*y + exp(x)", 0.0, 2.0)
    >>> numbers["dz/dx (backward)"], numbers["dz/dx (by hand)"], round(numbers["dz/dx (central difference)"], 6)
    (3.0, 3.0, 3.0)
    """
    z, x_node, y_node = build_graph(expression, x, y)
    _, exact_dx, exact_dy = GRAPH_EXPRESSIONS[expression]
    return {
        "z": z.data,
        "dz/dx (backward)": x_node.grad,
        "dz/dy (backward)": y_node.grad,
        "dz/dx (by hand)": float(exact_dx(x, y)),
        "dz/dy (by hand)": float(exact_dy(x, y)),
        "dz/dx (central difference)": central_difference(lambda t: build_graph(expression, t, y)[0].data, x, 1e-6),
        "dz/dy (central difference)": central_difference(lambda t: build_graph(expression, x, t)[0].data, y, 1e-6),
    }
