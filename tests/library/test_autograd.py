"""Tests of mlcourse.autograd against hand-computed values and finite differences."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlcourse.autograd import Value, draw_graph, trace


def test_square_of_a_sum() -> None:
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    z = (x + y) ** 2
    z.backward()
    assert z.data == 9.0 and x.grad == 6.0 and y.grad == 6.0  # dz/dx = 2 (x + y) = 6


def test_hand_computed_neuron() -> None:
    # o = tanh(x1 w1 + x2 w2 + b) with b chosen so that the net input is atanh(1/sqrt 2)
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.881373587019543)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    assert o.data == pytest.approx(1 / math.sqrt(2))
    # do/dn = 1 - o^2 = 1/2; do/dw1 = x1/2, do/dx1 = w1/2, do/dw2 = x2/2, do/dx2 = w2/2
    assert (w1.grad, x1.grad, w2.grad, x2.grad, b.grad) == pytest.approx((1.0, -1.5, 0.0, 0.5, 0.5))


UNARY = [
    ("exp", lambda v: v.exp(), math.exp, 0.7),
    ("log", lambda v: v.log(), math.log, 2.5),
    ("tanh", lambda v: v.tanh(), math.tanh, -0.4),
    ("sigmoid", lambda v: v.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), 1.3),
    ("relu+", lambda v: v.relu(), lambda a: max(a, 0.0), 1.3),
    ("relu-", lambda v: v.relu(), lambda a: max(a, 0.0), -1.3),
    ("neg", lambda v: -v, lambda a: -a, 0.8),
    ("pow3", lambda v: v**3, lambda a: a**3, -1.5),
    ("pow-half", lambda v: v**-0.5, lambda a: a**-0.5, 4.0),
    ("radd", lambda v: 2 + v, lambda a: 2 + a, 0.3),
    ("rsub", lambda v: 2 - v, lambda a: 2 - a, 0.3),
    ("rmul", lambda v: 3 * v, lambda a: 3 * a, 0.3),
    ("rtruediv", lambda v: 3 / v, lambda a: 3 / a, 0.6),
    ("sub-const", lambda v: v - 5, lambda a: a - 5, 0.6),
    ("div-const", lambda v: v / 4, lambda a: a / 4, 0.6),
]


@pytest.mark.parametrize("name, build, reference, a", UNARY, ids=[case[0] for case in UNARY])
def test_each_operation_against_math_and_central_differences(name, build, reference, a) -> None:
    x = Value(a)
    out = build(x)
    out.backward()
    h = 1e-6
    assert out.data == pytest.approx(reference(a), rel=1e-12)
    assert x.grad == pytest.approx((reference(a + h) - reference(a - h)) / (2 * h), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_binary_operations_against_central_differences(op: str) -> None:
    functions = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
    f = functions[op]
    a, b = Value(1.7), Value(-0.6)
    out = f(a, b)
    out.backward()
    assert out._op == op and out._prev == (a, b)
    h = 1e-6
    assert a.grad == pytest.approx((f(1.7 + h, -0.6) - f(1.7 - h, -0.6)) / (2 * h), rel=1e-7)
    assert b.grad == pytest.approx((f(1.7, -0.6 + h) - f(1.7, -0.6 - h)) / (2 * h), rel=1e-7)


def expression(x, y, z):
    """A mixed expression evaluated on Values or plain floats alike; also returns the
    argument of its relu, whose kink at 0 central differences cannot measure."""
    u = x * y + z / (1 + x * x)
    v = (u**2 + 1) ** 0.5
    if isinstance(v, Value):
        kink = v.tanh() * y - (z * 0.5).sigmoid() + (x * x + 1).log() + (-y).exp() - 1
        return kink.relu() + v, kink.data
    sigmoid = 1 / (1 + math.exp(-z * 0.5))
    kink = math.tanh(v) * y - sigmoid + math.log(x * x + 1) + math.exp(-y) - 1
    return max(kink, 0.0) + v, kink


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_expressions_match_numerical_gradients(seed: int) -> None:
    from mlcourse.gradcheck import numerical_gradient

    point = np.random.default_rng(seed).uniform(-2, 2, size=3)
    values = [Value(float(a)) for a in point]
    out, kink = expression(*values)
    assume(abs(kink) > 1e-3)
    out.backward()
    assert out.data == pytest.approx(expression(*point)[0], rel=1e-12)
    numerical = numerical_gradient(lambda p: expression(*p)[0], point.copy(), h=1e-6)
    np.testing.assert_allclose([v.grad for v in values], numerical, rtol=1e-6, atol=1e-8)


def test_a_node_used_twice_accumulates() -> None:
    a = Value(3.0)
    b = a * a  # db/da = 2a = 6, the sum of both paths
    b.backward()
    assert a.grad == 6.0
    c = Value(2.0)
    d = c + c + c
    d.backward()
    assert c.grad == 3.0


def test_backward_twice_accumulates_until_zero_grad() -> None:
    x = Value(2.0)
    y = x * 5
    y.backward()
    y.backward()
    assert x.grad == 10.0
    y.zero_grad()
    assert x.grad == 0.0 and y.grad == 0.0
    y.backward()
    assert x.grad == 5.0


def test_long_chain_does_not_hit_the_recursion_limit() -> None:
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + 1
    y.backward()
    assert y.data == 5001.0 and x.grad == 1.0


def test_graph_structure_and_trace() -> None:
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    s = x + y
    s.label = "s"
    z = s**2
    z.label = "z"
    z.backward()
    assert z._op == "**2" and z._prev == (s,) and s._prev == (x, y) and x._prev == () and x._op == ""
    rows = trace(z)
    assert [row["label"] for row in rows] == ["x", "y", "s", "z"]  # topological: operands first
    assert rows[-1] == {"label": "z", "op": "**2", "data": 9.0, "grad": 1.0, "inputs": ["s"]}
    assert rows[2]["inputs"] == ["x", "y"] and rows[0]["grad"] == 6.0


def test_draw_graph_returns_a_figure_with_every_node() -> None:
    from matplotlib.figure import Figure

    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    z = (x + y) ** 2
    z.label = "z"
    z.backward()
    figure = draw_graph(z)
    assert isinstance(figure, Figure)
    texts = [text.get_text() for text in figure.axes[0].texts if text.get_text()]
    assert len(texts) == 4
    arrows = [text for text in figure.axes[0].texts if not text.get_text()]
    assert len(arrows) == 3  # x -> +, y -> +, + -> z
    assert any(t.startswith("x\ndata 1\ngrad 6") for t in texts)
    assert any(t.startswith("z = **2\ndata 9\ngrad 1") for t in texts)
    figure.canvas.draw()  # the layout renders without error
    other = Figure()
    ax = other.add_subplot()
    assert draw_graph(z, ax=ax) is other


def test_importing_the_core_modules_does_not_import_matplotlib() -> None:
    code = (
        "import sys, mlcourse.activations, mlcourse.losses, mlcourse.nn, mlcourse.init, "
        "mlcourse.gradcheck, mlcourse.autograd; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'scipy', 'torch')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_errors_name_the_bad_value() -> None:
    with pytest.raises(ValueError, match="log needs a positive value, got -1.0"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="log needs a positive value, got 0.0"):
        Value(0.0).log()
    with pytest.raises(ZeroDivisionError, match="division by a Value equal to 0"):
        Value(1.0) / 0
    with pytest.raises(TypeError, match="the exponent must be a number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match=r"negative base \(-8.0\) needs an integer exponent, got 0.5"):
        Value(-8.0) ** 0.5
    with pytest.raises(TypeError, match="Value data must be a real number .int or float., got str"):
        Value("3")
    with pytest.raises(TypeError, match="root must be a Value"):
        trace(3.0)


def test_repr() -> None:
    assert repr(Value(2.0, label="w")) == "Value(label='w', data=2, grad=0)"


# ------------------------------------------------------------- bad input (issue: refuse, never a number)

BAD_CALLS = [
    ("NaN data", lambda: Value(float("nan")), ValueError, r"Value data must be a finite number, got nan"),
    ("inf data", lambda: Value(np.inf), ValueError, r"Value data must be a finite number, got inf"),
    (
        "an int too large for a float",
        lambda: Value(10**400),
        ValueError,
        r"Value data must be a finite number, got an integer of 401 digits",
    ),
    (
        "an array",
        lambda: Value(np.array([1.0])),
        TypeError,
        r"Value data must be a real number \(int or float\), got ndarray",
    ),
    ("a bool", lambda: Value(True), TypeError, r"Value data must be a real number \(int or float\), got bool True"),
    ("a label that is not a string", lambda: Value(1.0, label=3), TypeError, r"label must be a string, got int 3"),
    (
        "a product that overflows",
        lambda: Value(1e200) * Value(1e200),
        ValueError,
        r"the result of '\*' on \(1e\+200, 1e\+200\) is inf: it overflows the largest float",
    ),
    (
        "a sum that overflows",
        lambda: Value(1e308) + 1e308,
        ValueError,
        r"the result of '\+' on \(1e\+308, 1e\+308\) is inf",
    ),
    ("a quotient that overflows", lambda: Value(1e300) / 1e-300, ValueError, r"the result of '/' on .* is inf"),
    (
        "exp that overflows",
        lambda: Value(1000.0).exp(),
        ValueError,
        r"exp\(1000\) overflows: it exceeds the largest float .*at most about 709.78",
    ),
    ("a NaN exponent", lambda: Value(2.0) ** float("nan"), ValueError, r"the result of '\*\*nan' on \(2\) is nan"),
    (
        "a power that overflows",  # before: Python's OverflowError (34, 'Numerical result out of range')
        lambda: Value(1e200) ** 2,
        ValueError,
        r"the result of '\*\*2' on \(1e\+200\) is inf: it overflows the largest float \(about 1.8e308\); scale",
    ),
    (
        "a large exponent",
        lambda: Value(10.0) ** 400,
        ValueError,
        r"the result of '\*\*400' on \(10\) is inf: it overflows the largest float",
    ),
    (
        "a negative exponent of a tiny base",
        lambda: Value(1e-300) ** -2,
        ValueError,
        r"the result of '\*\*-2' on \(1e-300\) is inf",
    ),
    ("an odd power of a huge negative base", lambda: Value(-1e200) ** 3, ValueError, r"'\*\*3' on \(-1e\+200\)"),
    ("an infinite exponent", lambda: Value(2.0) ** float("inf"), ValueError, r"the result of '\*\*inf' on \(2\)"),
    (
        "an integer exponent beyond the largest float",
        lambda: Value(1.0) ** 10**400,
        ValueError,
        r"'\*\*\(an integer of 401 digits\)' on \(1\) cannot be computed: the exponent is beyond the largest",
    ),
    (
        "adding a NaN constant",
        lambda: Value(2.0) + float("nan"),
        ValueError,
        r"Value data must be a finite number, got nan",
    ),
    (
        "draw_graph on a non-Axes",
        lambda: draw_graph(Value(1.0), ax="axes"),
        TypeError,
        r"ax must be a matplotlib Axes or None, got str",
    ),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_CALLS], ids=[case[0] for case in BAD_CALLS])
def test_bad_input_is_refused_with_a_clear_message(call, error, message) -> None:
    # before: NaN and inf were accepted and spread through the graph; exp(1000) raised "math range error"
    with pytest.raises(error, match=message):
        call()


def test_extreme_but_finite_values_are_fine() -> None:
    x = Value(700.0)
    y = x.exp() * 1e-300  # e**700 is about 1e304
    y.backward()
    assert math.isfinite(y.data) and x.grad == pytest.approx(y.data, rel=1e-12)
    s = Value(-1e4).sigmoid() + Value(1e4).sigmoid() + Value(1e4).tanh()
    s.backward()
    assert s.data == 2.0
    assert Value(np.float32(2.5)).data == 2.5 and Value(np.int64(3)).data == 3.0


@pytest.mark.parametrize(
    "base, exponent, message",
    [
        (0.0, 0.5, r"the derivative of '\*\*0.5' at 0, 0.5 \* 0 \*\* \(0.5 - 1\), is infinite: backward cannot"),
        (1e-200, -1, r"the derivative of '\*\*-1' at 1e-200, .* is inf: it overflows the largest float"),
        (0.5, float("inf"), r"the derivative of '\*\*inf' at 0.5, .* is not a number"),
    ],
)
def test_backward_through_a_power_whose_derivative_is_not_finite_says_so(base, exponent, message) -> None:
    # before: ZeroDivisionError (0.0 cannot be raised to a negative power), OverflowError, or a NaN gradient
    x = Value(base)
    y = x**exponent  # the value itself is finite: 0, 1e200, 0
    with pytest.raises(ValueError, match=message):
        y.backward()


def test_large_but_finite_powers_and_their_gradients_are_exact() -> None:
    x = Value(1e100)
    y = x**3 * 1e-300  # 1e300 * 1e-300
    y.backward()
    assert y.data == pytest.approx(1.0, rel=1e-14)
    assert x.grad == pytest.approx(3e-100, rel=1e-14)  # 3 x**2 * 1e-300
    v = Value(1e-50)
    z = v**-3  # 1e150, and its derivative -3 * 1e-50 ** -4 = -3e200
    z.backward()
    assert z.data == pytest.approx(1e150, rel=1e-14) and v.grad == pytest.approx(-3e200, rel=1e-14)
    w = Value(0.0)
    (w**2 + w**1).backward()  # derivatives 0 and 1 at 0: finite
    assert w.grad == 1.0
