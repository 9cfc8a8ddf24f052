"""A scalar automatic-differentiation engine, for the chain-rule chapter.

Every arithmetic operation on :class:`Value` objects records its inputs, so
an expression builds a computational graph. ``backward()`` then walks the
graph from the output back to the inputs in reverse topological order and
applies the chain rule at each node: the gradient of the output with respect
to a node is the sum, over the node's consumers, of the consumer's gradient
times the local derivative. Each operation defines its local rule right
beside its forward computation (the design of Karpathy's micrograd).

Every value in a graph is a finite float: an input that is not a real
number raises ``TypeError``, NaN or inf raises ``ValueError``, and so does
an operation whose result overflows (``Value(1000.0).exp()``,
``Value(1e200) ** 2``), with a message that names the operation; so does
``backward()`` through a power whose derivative is infinite or overflows
(``Value(0.0) ** 0.5`` at 0), and ``backward()`` where a gradient overflows
the largest float. A division by 0 (``Value(1.0) / 0``, ``Value(0.0) ** -1``)
raises :class:`DivisionByZeroError`, both a ``ZeroDivisionError`` and a
``ValueError``.

Examples
--------
>>> from mlcourse.autograd import Value
>>> x, y = Value(1.0, label="x"), Value(2.0, label="y")
>>> z = (x + y) ** 2
>>> z.backward()
>>> z.data, x.grad, y.grad
(9.0, 6.0, 6.0)
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable

__all__ = ["Value", "trace", "draw_graph"]

Number = int | float


class DivisionByZeroError(ZeroDivisionError, ValueError):
    """A division by a :class:`Value` equal to 0, or 0 raised to a negative power.

    Both a ``ZeroDivisionError`` (what Python raises for ``1 / 0``) and a
    ``ValueError`` (a wrong value of an argument), so code catching either works.
    """


class Value:
    """A scalar in a computational graph: its value, gradient, and how it was made.

    Parameters
    ----------
    data : float
        The value: a finite real number (int, float or numpy scalar).
    label : str, default ""
        A name shown by :func:`trace` and :func:`draw_graph`.

    Raises
    ------
    TypeError
        If ``data`` is not a real number (e.g. a string, a bool or an
        array) or ``label`` is not a string.
    ValueError
        If ``data`` is NaN or infinite, or an operation's result overflows;
        in ``backward()``, if the derivative of a power is infinite or
        overflows, or a gradient overflows the largest float. A division by
        0 raises :class:`DivisionByZeroError`, also a ``ValueError``.

    Attributes
    ----------
    data : float
        The value.
    grad : float
        d(root)/d(this node) after ``root.backward()``; starts at 0 and accumulates.
    _prev : tuple of Value
        The operands this node was computed from (empty for inputs).
    _op : str
        The operation that produced it ("" for inputs).

    Examples
    --------
    >>> a = Value(3.0, label="a")
    >>> b = a * a + 1  # a is used twice: its gradient accumulates
    >>> b.backward()
    >>> b.data, a.grad
    (10.0, 6.0)
    """

    def __init__(self, data: Number, label: str = "", _prev: tuple["Value", ...] = (), _op: str = "") -> None:
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            shown = f"{type(data).__name__} {data!r}"[:100]
            raise TypeError(f"Value data must be a real number (int or float), got {shown}")
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__} {label!r}")
        self.data = _finite_float(data, _prev, _op)
        self.grad = 0.0
        self.label = label
        self._prev = _prev
        self._op = _op
        self._backward: Callable[[], None] = lambda: None

    @staticmethod
    def _wrap(other: Any) -> "Value":
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other: Any) -> "Value":
        other = self._wrap(other)
        out = Value(self.data + other.data, _prev=(self, other), _op="+")

        def _backward() -> None:  # d(a + b)/da = d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Value":
        other = self._wrap(other)
        out = Value(self.data * other.data, _prev=(self, other), _op="*")

        def _backward() -> None:  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent: Number) -> "Value":
        if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real) or _is_fraction(exponent):
            raise TypeError(f"the exponent must be a number (int or float), got {type(exponent).__name__}")
        if self.data < 0 and not float(exponent).is_integer():
            raise ValueError(f"a negative base ({self.data}) needs an integer exponent, got {exponent}")
        if self.data == 0 and exponent < 0:
            raise DivisionByZeroError(f"0 cannot be raised to the negative power {exponent}")
        if _power_problem(self.data, exponent):
            raise ValueError(_power_error(self.data, exponent))
        out = Value(self.data**exponent, _prev=(self,), _op=f"**{exponent:g}")

        def _backward() -> None:  # d(a^n)/da = n a^(n-1)
            if _power_problem(self.data, exponent, derivative=True):
                raise ValueError(_power_error(self.data, exponent, derivative=True))
            self.grad += float(exponent) * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> "Value":
        """``e**self``; raises ``ValueError`` when it overflows (``self`` above about 709.78)."""
        try:
            result = math.exp(self.data)
        except OverflowError:
            raise ValueError(
                f"exp({self.data:g}) overflows: it exceeds the largest float (about 1.8e308); "
                "exp needs a value of at most about 709.78"
            ) from None
        out = Value(result, _prev=(self,), _op="exp")

        def _backward() -> None:  # d(e^a)/da = e^a
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> "Value":
        """Natural logarithm; raises ``ValueError`` for a value <= 0."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self.data}")
        out = Value(math.log(self.data), _prev=(self,), _op="log")

        def _backward() -> None:  # d(log a)/da = 1/a
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self) -> "Value":
        """Hyperbolic tangent."""
        out = Value(math.tanh(self.data), _prev=(self,), _op="tanh")

        def _backward() -> None:  # d(tanh a)/da = 1 - tanh(a)^2
            self.grad += (1 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self) -> "Value":
        """Logistic sigmoid ``1 / (1 + e**-self)`` (stable for large ``|self|``)."""
        a = self.data
        s = 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
        out = Value(s, _prev=(self,), _op="sigmoid")

        def _backward() -> None:  # d(s(a))/da = s(a) (1 - s(a))
            self.grad += out.data * (1 - out.data) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> "Value":
        """``max(self, 0)``; its derivative at 0 is taken to be 0."""
        out = Value(max(self.data, 0.0), _prev=(self,), _op="relu")

        def _backward() -> None:  # d(relu a)/da = 1 if a > 0 else 0
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def __neg__(self) -> "Value":
        out = Value(-self.data, _prev=(self,), _op="neg")

        def _backward() -> None:  # d(-a)/da = -1
            self.grad -= out.grad

        out._backward = _backward
        return out

    def __sub__(self, other: Any) -> "Value":
        other = self._wrap(other)
        out = Value(self.data - other.data, _prev=(self, other), _op="-")

        def _backward() -> None:  # d(a - b)/da = 1, d(a - b)/db = -1
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other: Any) -> "Value":
        other = self._wrap(other)
        if other.data == 0:
            raise DivisionByZeroError(f"division by a Value equal to 0 ({self.data} / 0)")
        out = Value(self.data / other.data, _prev=(self, other), _op="/")

        def _backward() -> None:  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            self.grad += out.grad / other.data
            other.grad -= _times_quotient_by_square(out.grad * self.data, other.data)

        out._backward = _backward
        return out

    def __radd__(self, other: Any) -> "Value":
        return self + other

    def __rmul__(self, other: Any) -> "Value":
        return self * other

    def __rsub__(self, other: Any) -> "Value":
        return self._wrap(other) - self

    def __rtruediv__(self, other: Any) -> "Value":
        return self._wrap(other) / self

    def topological_order(self) -> list["Value"]:
        """The nodes of the graph ending here, each after all of its operands."""
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:  # iterative depth-first search: no recursion limit on long chains
            node, operands_done = stack.pop()
            if operands_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node._prev) if id(child) not in visited)
        return order

    def backward(self) -> None:
        """Backpropagate from this node: set its grad to 1, apply each local rule in reverse order.

        Gradients accumulate: call :meth:`zero_grad` before a second backward
        pass over the same graph.

        Raises
        ------
        ValueError
            If a gradient overflows the largest float (the message names the
            operation), or the derivative of a power is infinite or overflows.
        """
        order = self.topological_order()
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        _check_gradients(order)

    def zero_grad(self) -> None:
        """Set the gradient of every node of the graph ending here to 0."""
        for node in self.topological_order():
            node.grad = 0.0

    def __repr__(self) -> str:
        label = f"label={self.label!r}, " if self.label else ""
        return f"Value({label}data={self.data:.6g}, grad={self.grad:.6g})"


def _finite_float(data: numbers.Real, operands: tuple[Value, ...], op: str) -> float:
    """``float(data)``, refusing NaN/inf; for an operation's result the message names it."""
    try:
        number = float(data)
    except OverflowError:  # an int beyond the largest float
        raise ValueError(
            f"Value data must be a finite number, got an integer of {len(str(abs(int(data))))} digits, "
            "beyond the largest float (about 1.8e308)"
        ) from None
    if math.isfinite(number):
        return number
    if op:
        inputs = ", ".join(f"{operand.data:g}" for operand in operands)
        reason = (
            "it overflows the largest float (about 1.8e308); scale the inputs down"
            if math.isinf(number)
            else "not a number (is the exponent NaN?)"
        )
        raise ValueError(f"the result of {op!r} on ({inputs}) is {number}: {reason}")
    raise ValueError(f"Value data must be a finite number, got {data!r}")


def _times_quotient_by_square(numerator: float, divisor: float) -> float:
    """``numerator / divisor**2``; where ``divisor**2`` overflows (``|divisor|`` above about 1.3e154)
    or underflows to 0 (below about 1e-162), ``numerator / divisor / divisor`` instead, the same
    number without the intermediate square (an overflowing result is reported by ``backward``)."""
    try:
        square = divisor**2
    except OverflowError:  # Python raises where a float power overflows
        square = 0.0
    if square != 0.0:
        return numerator / square
    return numerator / divisor / divisor


def _is_fraction(number: numbers.Real) -> bool:
    """Whether ``number`` is a rational that is not an integer type (``fractions.Fraction``)."""
    return isinstance(number, numbers.Rational) and not isinstance(number, numbers.Integral)


def _check_gradients(order: list[Value]) -> None:
    """Raise ``ValueError`` if ``backward`` over ``order`` (inputs first) made a gradient overflow,
    naming the first operation, in backward order, that gave an operand a non-finite gradient."""
    for node in reversed(order):
        for operand in node._prev:
            if not math.isfinite(operand.grad):
                raise ValueError(_gradient_error(node, operand))


def _gradient_error(node: Value, operand: Value) -> str:
    """The message of ``backward`` for an operand of ``node`` whose gradient is not finite."""
    name = f"{operand.label!r} " if operand.label else ""
    return (
        f"backward: the gradient of the operand {name}(data {operand.data:g}) of {node._op or 'an input'!r} "
        f"(data {node.data:g}) is {operand.grad}: it overflows the largest float (about 1.8e308); "
        "scale the inputs down"
    )


def _shown(number: Number) -> str:
    """``number`` for a message or an operation's name: ``f"{number:g}"`` where it can be formatted so."""
    try:
        return f"{number:g}"
    except OverflowError:  # an int beyond the largest float
        return f"(an integer of {len(str(abs(int(number))))} digits)"
    except (TypeError, ValueError):  # a Real without the 'g' format, e.g. a Fraction before Python 3.12
        return str(number)


def _power(base: float, exponent: Number, derivative: bool) -> float:
    """``base ** exponent``, or the derivative ``exponent * base ** (exponent - 1)``, as Python computes them."""
    if derivative:
        return float(exponent) * base ** (exponent - 1)
    return base**exponent


def _power_problem(base: float, exponent: Number, *, derivative: bool = False) -> str | None:
    """Why ``base ** exponent`` (with ``derivative``, ``exponent * base ** (exponent - 1)``) is not a
    finite float, or None when it is.

    Python raises ``OverflowError`` where the power overflows (``1e200 ** 2``)
    and ``ZeroDivisionError`` for 0 to a negative power (the derivative of
    ``a ** 0.5`` at 0). A NaN power (a NaN exponent) is left to the ``Value``
    it makes, which refuses it with its own message; a NaN derivative (an
    infinite exponent times 0) is refused here.
    """
    try:
        float(exponent)
    except OverflowError:  # an int beyond the largest float
        return "cannot be computed: the exponent is beyond the largest float (about 1.8e308)"
    try:
        value = _power(base, exponent, derivative)
    except ZeroDivisionError:
        if derivative and exponent == 0:  # 0 * 0 ** -1
            return "divides by 0 (the derivative of the constant a ** 0 is 0: write 1 instead of a ** 0)"
        return "is infinite"
    except OverflowError:
        return "is inf: it overflows the largest float (about 1.8e308)"
    if math.isinf(value):
        return "is inf: it overflows the largest float (about 1.8e308)"
    if derivative and math.isnan(value):
        return "is not a number (an infinite exponent?)"
    return None


def _power_error(base: float, exponent: Number, *, derivative: bool = False) -> str:
    """The message for a ``**`` whose result (or derivative) :func:`_power_problem` refuses."""
    shown = _shown(exponent)
    reason = _power_problem(base, exponent, derivative=derivative)
    if derivative:
        return (
            f"the derivative of '**{shown}' at {base:g}, {shown} * {base:g} ** ({shown} - 1), {reason}: "
            "backward cannot pass through this power; move its input away from this value"
        )
    return f"the result of '**{shown}' on ({base:g}) {reason}; scale the inputs down"


def trace(root: Value) -> list[dict[str, Any]]:
    """List the nodes of the graph of ``root`` in topological order (inputs first).

    Parameters
    ----------
    root : Value
        The output node.

    Returns
    -------
    list of dict
        One dict per node with keys ``label``, ``op``, ``data``, ``grad`` and
        ``inputs`` (the labels, or ops, of its operands), ready for a table.

    Raises
    ------
    TypeError
        If ``root`` is not a Value.

    Examples
    --------
    >>> x = Value(2.0, label="x")
    >>> y = x * 3
    >>> y.label = "y"
    >>> y.backward()
    >>> [(row["label"], row["op"], row["data"], row["grad"]) for row in trace(y)]
    [('x', '', 2.0, 3.0), ('', '', 3.0, 2.0), ('y', '*', 6.0, 1.0)]
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    return [
        {
            "label": node.label,
            "op": node._op,
            "data": node.data,
            "grad": node.grad,
            "inputs": [child.label or child._op or f"{child.data:g}" for child in node._prev],
        }
        for node in root.topological_order()
    ]


def _layered_layout(root: Value) -> dict[int, tuple[float, float]]:
    """Position each node: x by depth from the root (root on the right), y spread per layer."""
    order = root.topological_order()
    depth = {id(root): 0}
    for node in reversed(order):  # consumers before operands: the longest path from the root
        for child in node._prev:
            depth[id(child)] = max(depth.get(id(child), 0), depth[id(node)] + 1)
    uses: dict[int, list[tuple[int, int]]] = {}  # node -> (consumer, operand index)
    for node in order:
        for index, child in enumerate(node._prev):
            uses.setdefault(id(child), []).append((id(node), index))
    layers: dict[int, list[Value]] = {}
    for node in reversed(order):
        layers.setdefault(depth[id(node)], []).append(node)
    max_depth = max(layers)
    position: dict[int, tuple[float, float]] = {}

    def height_of_consumers(node: Value) -> float:  # first operands above later ones
        pairs = uses.get(id(node), [])
        return sum(position[consumer][1] - 0.01 * index for consumer, index in pairs) / max(len(pairs), 1)

    for level in range(max_depth + 1):
        # top to bottom by the height of the nodes they feed, to limit crossing arrows
        nodes = sorted(layers[level], key=height_of_consumers, reverse=True)
        for rank, node in enumerate(nodes):
            position[id(node)] = (float(max_depth - level), (len(nodes) - 1) / 2 - rank)
    return position


def draw_graph(root: Value, ax: Any = None) -> Any:
    """Draw the computational graph of ``root``: one box per node, arrows from operands.

    Each box shows the node's label (or its operation), its value and its
    gradient; inputs are on the left, ``root`` on the right. Readable for
    graphs of up to about 15 nodes. matplotlib is imported here, not when the
    module is imported.

    Parameters
    ----------
    root : Value
        The output node.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new ``matplotlib.figure.Figure`` (no pyplot).

    Returns
    -------
    matplotlib.figure.Figure
        The figure containing the drawing.

    Raises
    ------
    TypeError
        If ``root`` is not a Value, or ``ax`` is neither None nor a
        matplotlib Axes.

    Examples
    --------
    >>> x, y = Value(1.0, label="x"), Value(2.0, label="y")
    >>> z = (x + y) ** 2
    >>> z.backward()
    >>> figure = draw_graph(z)
    >>> len(figure.axes)
    1
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    position = _layered_layout(root)
    n_columns = 1 + max(x for x, _ in position.values())
    n_rows = 1 + max(sum(1 for p in position.values() if p[0] == x) for x, _ in position.values())
    if ax is None:
        from matplotlib.figure import Figure

        figure = Figure(figsize=(1.0 + 2.2 * n_columns, 0.6 + 1.0 * n_rows), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    boxes = {}
    for node in root.topological_order():
        x, y = position[id(node)]
        title = node.label or node._op or "const"
        if node.label and node._op:
            title = f"{node.label} = {node._op}"
        boxes[id(node)] = ax.text(
            x,
            y,
            f"{title}\ndata {node.data:.4g}\ngrad {node.grad:.4g}",
            ha="center",
            va="center",
            fontsize=9,
            family="monospace",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#e8f0fe" if node._prev else "#fff4d6", "edgecolor": "0.3"},
        )
    for node in root.topological_order():
        for child in set(node._prev):  # from the operand's right edge to the node's left edge
            ax.annotate(
                "",
                xy=(0, 0.5),
                xycoords=boxes[id(node)],
                xytext=(1, 0.5),
                textcoords=boxes[id(child)],
                arrowprops={"arrowstyle": "->", "color": "0.4", "shrinkA": 4, "shrinkB": 4},
            )
    ax.set_xlim(-0.6, n_columns - 0.4)
    half_height = max(abs(y) for _, y in position.values()) + 0.6
    ax.set_ylim(-half_height, half_height)
    ax.set_axis_off()
    return figure
