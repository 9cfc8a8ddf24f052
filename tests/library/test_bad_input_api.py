"""The whole public API refuses bad input with an error that names the argument.

Systematic check: every public callable (each name in ``__all__`` of every
library module, classes with their public methods) has one VALID call in the
table below; each argument is then replaced, one at a time, by every bad value
appropriate for its kind (wrong type, wrong shape, wrong dtype, NaN/inf,
empty, out of range; see ``tests/library/bad_inputs.py``). The rule:

- a bad call raises ``ValueError`` or ``TypeError`` (``RuntimeError`` for a
  call in the wrong state, such as ``predict`` before ``fit``) whose message
  names the argument;
- never another exception type, never a silent result (least of all a NaN),
  never a ``RuntimeWarning``;
- extreme but valid input (logits of 1e4, gradients of 1e200) gives a finite
  result without any warning.

Bad values a parameter legitimately accepts are removed with
``accept={label: reason}`` next to its kind, each with a one-line reason.
``test_every_public_callable_has_a_spec`` and
``test_every_parameter_has_a_kind`` keep the table complete: a new public
function or parameter without an entry fails them.
"""

from __future__ import annotations

import atexit
import copy
import functools
import importlib
import inspect
import math
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import mlcourse
from mlcourse import (
    activations,
    autograd,
    data,
    gradcheck,
    init,
    losses,
    lr_scheduler,
    metrics,
    model_selection,
    models,
    nn,
    optim,
    surfaces,
    train,
)
from tests.library.bad_inputs import (
    REFUSALS,
    AnyLabels,
    Bad,
    Choice,
    Custom,
    DType,
    Flag,
    Floats,
    Function,
    Instance,
    Int,
    Kind,
    Labels,
    NonNegative,
    Params,
    Positive,
    Probabilities,
    Range,
    Real,
    Rng,
    Samples,
    Seed,
    Sizes,
    Spec,
    Text,
    Unit,
    judge_refusal,
    nonfinite,
    parameters_of,
    run,
    short,
)

# --------------------------------------------------------------- shared data

Z = np.array([[-1.5, 0.0, 2.0], [0.5, -0.25, 1.0]])  # activation input
X43 = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.2, 0.8, 0.1], [1.0, -0.5, 0.4]])
Y41 = np.array([[0.5], [-1.0], [0.25], [1.0]])
_r = np.random.default_rng(1)
XR = _r.normal(size=(12, 2))  # regression
YR = XR @ np.array([1.0, -2.0]) + 0.5 + 0.1 * _r.normal(size=12)
XC = np.vstack([_r.normal(-2.0, 0.3, size=(6, 2)), _r.normal(2.0, 0.3, size=(6, 2))])  # separable
YC = np.repeat([0, 1], 6)
PROBS = np.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [1 / 3, 1 / 3, 1 / 3]])
LABELS3 = np.array([0, 2, 1, 0])
DIGITS = data.load_digits()[0][:3]

TMP = Path(tempfile.mkdtemp(prefix="mlcourse-bad-input-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)


def small_net() -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 2, seed=0), nn.Tanh(), nn.Linear(2, 1, seed=1))


def bn_net() -> nn.Sequential:
    return nn.Sequential(nn.Linear(3, 2, seed=0), nn.BatchNorm1d(2), nn.ReLU())


def net_and_optimizer() -> dict[str, Any]:
    model = small_net()
    return {"model": model, "optimizer": optim.SGD(model.parameters(), lr=0.1)}


def saved_weights() -> Path:
    path = TMP / "weights.npz"
    if not path.exists():
        np.savez(path, **bn_net().state_dict())  # not via Module.save, which is under test
    return path


def one_param() -> list[nn.Parameter]:
    parameter = nn.Parameter(np.array([1.0, -2.0]), "W")
    parameter.grad[...] = [0.5, -0.5]
    return [parameter]


@functools.cache
def _fitted(which: str) -> Any:
    if which == "linear":
        return models.LinearRegression("normal_equation").fit(XR, YR)
    if which == "perceptron":
        return models.Perceptron().fit(XC, 2 * YC - 1)
    if which == "classifier":
        return models.MLPClassifier((4,), epochs=2, seed=0).fit(XC, YC)
    if which == "regressor":
        return models.MLPRegressor((4,), epochs=2, seed=0).fit(XR, YR)
    if which == "standardizer":
        return data.Standardizer().fit(XR)
    raise KeyError(which)


def fitted(which: str) -> Any:
    return copy.deepcopy(_fitted(which))


def forwarded(layer: nn.Module, x: np.ndarray) -> nn.Module:
    layer.forward(x)
    return layer


# ------------------------------------------------------------- kinds in use

MATRIX = Floats(2)
NAME_OF = Choice()
RNG, SEED, FLAG, DTYPE = Rng(), Seed(), Flag(), DType()
NONFINITE_GRADIENTS = (
    "a diverging network produces non-finite gradients; fit detects them and "
    "reports the divergence, so the backward pass lets them through"
)
NONFINITE_PARAMETERS = (
    "fit checks the parameters after each epoch (divergence); a per-update pass "
    "over the parameters would cost the speed budget"
)
MODULE = Instance(nn.Linear)
LOSS = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("unknown name", "bogus"),
    Bad("the class itself", losses.MSELoss),
    Bad("a plain function", losses.mse),
    Bad("object", object()),
)
OPTIMIZER = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("str", "sgd"),
    Bad("the class itself", optim.SGD),
    Bad("over another model's parameters", optim.SGD(small_net().parameters(), lr=0.1)),
)
PATH = Custom(Bad("None", None), Bad("object", object()), Bad("dict", {}))

SPECS: list[Spec] = []
#: Public names that are not called (constants, records, abstract methods), by id, with the reason.
NOT_CALLED: dict[int, tuple[Any, str]] = {}


def not_called(obj: Any, reason: str) -> None:
    NOT_CALLED[id(obj)] = (obj, reason)


def S(
    func: Callable[..., Any],
    *,
    title: str | None = None,
    call: Callable[..., Any] | None = None,
    make: Callable[[], dict[str, Any]] | None = None,
    aliases: dict[str, tuple[str, ...]] | None = None,
    untested: dict[str, str] | None = None,
    **params: tuple[Any, Kind],
) -> None:
    """Register the spec of ``func``: ``param=(valid value, kind)`` for each argument."""
    if title is None:
        module = func.__module__.rsplit(".", 1)[-1]
        title = f"{module}.{func.__qualname__}"
    SPECS.append(Spec(func, title, call or func, params, make, aliases or {}, untested or {}))


# ------------------------------------------------------------------ activations

PROPAGATES = (
    "NaN in, NaN out, as in numpy and torch: the layers call these functions on hidden values and fit "
    "reports a diverging network from its non-finite output"
)
LIMIT = "+-inf gives the function's limit (sigmoid(inf) = 1, relu(inf) = inf), as in numpy and torch"
ELEMENTWISE_ACCEPT = {
    "empty": "an elementwise map of an empty array is the empty array (numpy, torch)",
    "NaN": PROPAGATES,
    "inf": LIMIT,
}
X_ELEMENTWISE = Floats(None, accept=ELEMENTWISE_ACCEPT)
for _f in (
    activations.step,
    activations.identity,
    activations.sigmoid,
    activations.tanh,
    activations.relu,
    activations.step_derivative,
    activations.identity_derivative,
    activations.sigmoid_derivative,
    activations.tanh_derivative,
    activations.relu_derivative,
):
    S(_f, x=(Z, X_ELEMENTWISE))
for _f in (activations.leaky_relu, activations.leaky_relu_derivative, activations.elu, activations.elu_derivative):
    S(_f, x=(Z, X_ELEMENTWISE), alpha=(0.1, NonNegative()))
AXIS = Custom(Bad("out of range", 5), Bad("float", 1.5), Bad("str", "a"))  # None: all axes, as in scipy
ONE_OR_MORE_AXES = Floats(
    None,
    more=(Bad("0-D", np.float64(1.0)),),  # an empty vector is the bad "empty"
    accept={"NaN": PROPAGATES, "inf": "+inf scores share the probability (the limit)"},
)
S(activations.softmax, x=(Z[0], ONE_OR_MORE_AXES), axis=(-1, AXIS))
S(activations.softmax_jacobian, x=(np.array([0.1, -0.2, 0.3]), ONE_OR_MORE_AXES))
S(activations.get_activation, name=("tanh", NAME_OF))
not_called(activations.ACTIVATIONS, "a dict constant")

# --------------------------------------------------------------------- autograd

S(autograd.Value, data=(2.0, Real()), label=("x", Text()))
for _method in ("exp", "log", "tanh", "sigmoid", "relu", "topological_order", "backward", "zero_grad"):
    S(getattr(autograd.Value, _method), call=lambda _m=_method: getattr(autograd.Value(0.5) * 2, _m)())
VALUE = Instance(autograd.Value)
S(autograd.trace, root=(autograd.Value(1.5) * 2, VALUE))
S(
    autograd.draw_graph,
    root=(autograd.Value(1.5) * 2, VALUE),
    ax=(None, Custom(Bad("int", 5), Bad("str", "abc"), Bad("object", object()), optional=True)),
)

# ------------------------------------------------------------------------- data

S(data.add_bias_column, X=(XR, MATRIX))
_noisy = dict(
    n_samples=(20, Int(2)),
    noise=(0.5, NonNegative()),
    x_range=((-3.0, 3.0), Range()),
    n_outliers=(2, Int(0, more=(Bad("as many as samples", 20),))),
    outlier_size=(5.0, Real()),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(data.make_noisy_line, slope=(2.0, Real()), intercept=(1.0, Real()), **_noisy)
S(data.make_noisy_sine, frequency=(1.0, Real()), amplitude=(1.0, Real()), **_noisy)
S(data.logic_gate, name=("xor", NAME_OF), labels=("01", Choice()))
S(data.make_moons, n_samples=(20, Int(2)), noise=(0.1, NonNegative()), rng=(None, RNG), seed=(0, SEED))
S(
    data.make_circles,
    n_samples=(20, Int(2)),
    noise=(0.1, NonNegative()),
    factor=(0.5, Unit(low_open=True)),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(
    data.make_spirals,
    n_samples=(20, Int(2)),
    n_classes=(3, Int(2, more=(Bad("more than n_samples", 50),))),
    noise=(0.1, NonNegative()),
    turns=(1.0, Positive()),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(
    data.make_blobs,
    n_samples=(20, Int(1)),
    centers=(
        3,
        Custom(
            Bad("None", None),
            Bad("str", "abc"),
            Bad("zero", 0),
            Bad("negative", -1),
            Bad("float", 2.5),
            Bad("1-D array", np.array([1.0, 2.0])),
            Bad("NaN centre", np.array([[0.0, np.nan], [1.0, 1.0]])),
            Bad("empty", np.zeros((0, 2))),
        ),
    ),
    cluster_std=(
        1.0,
        Custom(
            Bad("None", None),
            Bad("str", "abc"),
            Bad("negative", -1.0),
            Bad("NaN", math.nan),
            Bad("inf", math.inf),
            Bad("one per centre, minus one", np.array([1.0, 1.0])),
        ),
    ),
    n_features=(2, Int(1)),
    center_box=((-10.0, 10.0), Range()),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(data.load_digits, as_images=(False, FLAG))
not_called(data.DIGITS_CITATION, "a str constant")
S(
    data.one_hot,
    labels=(LABELS3, Labels()),
    n_classes=(3, Int(1, optional=True, more=(Bad("below the largest label", 2, names=("n_classes", "labels")),))),
    dtype=(np.float32, Custom(Bad("unknown name", "abc"), Bad("object", object()))),
)
S(data.Standardizer)
S(data.Standardizer.fit, call=lambda X: data.Standardizer().fit(X), X=(XR, MATRIX))
S(data.Standardizer.fit_transform, call=lambda X: data.Standardizer().fit_transform(X), X=(XR, MATRIX))
for _method in ("transform", "inverse_transform"):
    S(
        getattr(data.Standardizer, _method),
        call=lambda X, _m=_method: getattr(fitted("standardizer"), _m)(X),
        X=(XR[:3], Floats(2, width=True)),
    )
SPLIT_SIZE = Custom(
    Bad("str", "0.2"),
    Bad("object", object()),
    Bad("NaN", math.nan),
    Bad("inf", math.inf),
    Bad("float zero", 0.0),
    Bad("float one", 1.0),
    Bad("negative", -0.1),
    Bad("int zero", 0),
    Bad("negative int", -3),
    Bad("int n_samples", 10),
    Bad("above 1", 1.5),
)
S(
    data.train_test_split,
    X=(XR[:10], Samples(pair=True)),
    y=(YR[:10], Samples(pair=True)),
    test_size=(0.25, SPLIT_SIZE),
    train_size=(
        None,
        Custom(
            *SPLIT_SIZE.bads,
            optional=True,
            more=(Bad("sum with test_size above 1", 0.9, names=("train_size", "test_size")),),
        ),
    ),
    shuffle=(True, FLAG),
    stratify=(
        np.tile([0, 1], 5),
        AnyLabels(
            pair=True,
            optional=True,
            more=(
                Bad("with shuffle=False", np.tile([0, 1], 5), extra={"shuffle": False}),
                Bad("a class of one sample", np.array([0] * 9 + [1])),
            ),
        ),
    ),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(
    data.batches,
    X=(XR, Samples(pair=True)),
    y=(YR, Samples(pair=True)),
    batch_size=(5, Int(1)),
    shuffle=(True, FLAG),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(
    data.add_gaussian_jitter,
    X=(XR, Floats(2, pair=True)),
    y=(YR, Samples(pair=True)),
    copies=(2, Int(1)),
    std=(0.05, NonNegative()),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(
    data.shift_digits,
    X=(DIGITS, Floats(2, pair=True, width=True)),
    y=(np.array([0, 1, 2]), Samples(pair=True)),
    shifts=(
        ((0, 1), (1, 0)),
        Custom(
            Bad("None", None),
            Bad("int", 5),
            Bad("str", "ab"),
            Bad("beyond the image", ((0, 8),)),
            Bad("fractional", ((0, 1.5),)),
            Bad("not a pair", ((0,),)),
            Bad("NaN", ((0, math.nan),)),
        ),
    ),
)

# -------------------------------------------------------------------- gradcheck

S(
    gradcheck.numerical_gradient,
    f=(
        lambda v: float(np.sum(v**2)),
        Function(
            more=(
                Bad("returns an array", lambda v: v),
                Bad("returns NaN", lambda v: math.nan),
                Bad("returns a str", lambda v: "abc"),
            )
        ),
    ),
    x=(np.array([1.0, -2.0]), Floats(None, more=(Bad("list", [1.0, 2.0]),))),
    h=(1e-5, Positive()),
)
NONFINITE_IS_INFINITE_ERROR = {
    "NaN": "a non-finite gradient gives an infinite error, so the check fails (issue item 2)",
    "inf": "a non-finite gradient gives an infinite error, so the check fails (issue item 2)",
}
S(
    gradcheck.relative_error,
    a=(np.array([1.0, 2.0]), Floats(None, pair=True, accept=NONFINITE_IS_INFINITE_ERROR)),
    b=(np.array([1.0, 2.1]), Floats(None, pair=True, accept=NONFINITE_IS_INFINITE_ERROR)),
)
S(
    gradcheck.check_gradients,
    model=(small_net(), MODULE),
    loss_fn=("mse", LOSS),
    X=(X43, Floats(2, pair=True, width=True)),
    y=(Y41, Floats((1, 2), pair=True, bool_ok=True)),
    h=(1e-5, Positive()),
)

# ------------------------------------------------------------------------- init

SHAPE = Custom(
    Bad("None", None),
    Bad("str", "abc"),
    Bad("negative", -1),
    Bad("negative entry", (2, -1)),
    Bad("float", 2.5),
    Bad("float entry", (2, 2.5)),
    Bad("object", object()),
)
S(init.zeros, shape=((2, 3), SHAPE), dtype=(np.float32, DTYPE))
S(init.normal, shape=((2, 3), SHAPE), std=(0.5, Positive()), rng=(None, RNG), seed=(0, SEED), dtype=(np.float32, DTYPE))
for _f in (init.xavier_normal, init.xavier_uniform):
    S(
        _f,
        n_in=(3, Int(1)),
        n_out=(2, Int(1)),
        gain=(1.5, Positive()),
        rng=(None, RNG),
        seed=(0, SEED),
        dtype=(np.float32, DTYPE),
    )
for _f in (init.he_normal, init.he_uniform):
    S(_f, n_in=(3, Int(1)), n_out=(2, Int(1)), rng=(None, RNG), seed=(0, SEED), dtype=(np.float32, DTYPE))
not_called(init.INITIALIZERS, "a dict constant")
S(init.get_initializer, name=("he_uniform", NAME_OF))
S(init.NormalInit, std=(0.5, Positive()))
S(
    init.NormalInit.__call__,
    call=lambda **kw: init.NormalInit(0.5)(**kw),
    n_in=(3, Int(1)),
    n_out=(2, Int(1)),
    rng=(None, RNG),
    seed=(0, SEED),
    dtype=(np.float32, DTYPE),
)
S(init.normal_init, std=(0.5, Positive()))

# ----------------------------------------------------------------------- losses

PRED = Floats(None, pair=True)
TARGET = Floats(None, pair=True, bool_ok=True)
BINARY_TARGET = Floats(
    None,
    pair=True,
    bool_ok=True,
    more=(Bad("above 1", np.array([2.0, 1.0, 1.0, 0.0])), Bad("negative", np.array([-1.0, 1.0, 1.0, 0.0]))),
)
CLASS_TARGET = Labels(
    pair=True,
    n_classes=3,
    more=(
        Bad("one-hot of the wrong width", np.eye(4)),
        Bad("one-hot holding NaN", np.where(np.eye(4, 3) > 0, np.nan, 0.0)),
    ),
)
REGRESSION = dict(pred=(np.array([0.5, -1.0, 2.0, 0.0]), PRED), target=(np.array([0.0, -1.0, 1.5, 0.5]), TARGET))
BINARY = dict(
    prob=(np.array([0.2, 0.9, 0.5, 0.6]), Probabilities(None, pair=True)),
    target=(np.array([0, 1, 1, 0]), BINARY_TARGET),
)
BINARY_LOGITS = dict(logits=(np.array([1.0, -2.0, 0.5, 3.0]), PRED), target=(np.array([0, 1, 1, 0]), BINARY_TARGET))
CATEGORICAL = dict(probs=(PROBS, Probabilities(2, rows=True, pair=True)), target=(LABELS3, CLASS_TARGET))
SOFTMAX_LOGITS = dict(logits=(np.log(PROBS) + 1.0, Floats(2, pair=True)), target=(LABELS3, CLASS_TARGET))
for _functions, _params in (
    ((losses.mse, losses.mse_grad, losses.mae, losses.mae_grad), REGRESSION),
    ((losses.binary_cross_entropy, losses.binary_cross_entropy_grad), BINARY),
    ((losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad), BINARY_LOGITS),
    ((losses.cross_entropy, losses.cross_entropy_grad), CATEGORICAL),
    ((losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad), SOFTMAX_LOGITS),
):
    for _f in _functions:
        S(_f, **_params)


def _backward_after_call(loss_fn: losses.Loss, arguments: dict[str, Any]) -> np.ndarray:
    loss_fn(*arguments.values())
    return loss_fn.backward()


S(losses.Loss)
not_called(losses.Loss.__call__, "abstract (NotImplementedError); every loss class's __call__ has a spec")
not_called(losses.Loss.backward, "abstract; every loss class's backward has a spec")
LOSS_CLASSES = {
    losses.MSELoss: REGRESSION,
    losses.MAELoss: REGRESSION,
    losses.BCELoss: BINARY,
    losses.BCEWithLogitsLoss: BINARY_LOGITS,
    losses.CrossEntropyLoss: SOFTMAX_LOGITS,
    losses.CategoricalCrossEntropyLoss: CATEGORICAL,
}
for _cls, _params in LOSS_CLASSES.items():
    S(_cls)
    S(_cls.__call__, call=lambda _c=_cls, **kw: _c()(**kw), **_params)
    _valid = {name: valid for name, (valid, _) in _params.items()}
    S(_cls.backward, call=lambda _c=_cls, _v=_valid: _backward_after_call(_c(), _v))
not_called(losses.LOSSES, "a dict constant")
S(losses.get_loss, name=("mse", NAME_OF))
S(losses.as_loss, loss=("mse", LOSS))
S(losses.probability_clip, dtype=(np.float32, DTYPE))
not_called(losses.LossOverflowError, "an exception class")


# ----------------------------------------------------------------- lr_scheduler


def _sgd() -> optim.SGD:
    return optim.SGD(one_param(), lr=0.1)


SCHEDULED = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("str", "sgd"),
    Bad("the class itself", optim.SGD),
    Bad("a model", small_net()),
    Bad("a list of parameters", one_param()),
)
S(lr_scheduler.LRScheduler, optimizer=(_sgd(), SCHEDULED))
S(lr_scheduler.StepLR, optimizer=(_sgd(), SCHEDULED), step_size=(3, Int(1)), gamma=(0.5, Positive()))
S(lr_scheduler.ExponentialLR, optimizer=(_sgd(), SCHEDULED), gamma=(0.9, Positive()))
S(lr_scheduler.InverseTimeLR, optimizer=(_sgd(), SCHEDULED), decay=(0.1, NonNegative()))
S(lr_scheduler.CosineAnnealingLR, optimizer=(_sgd(), SCHEDULED), T_max=(10, Int(1)), eta_min=(1e-3, NonNegative()))


def _warmup_arguments() -> dict[str, Any]:
    optimizer = _sgd()
    return {"optimizer": optimizer, "after": lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)}


S(
    lr_scheduler.LinearWarmup,
    make=_warmup_arguments,
    optimizer=(None, SCHEDULED),
    warmup_epochs=(3, Int(1)),
    after=(
        None,
        Custom(
            Bad("int", 5),
            Bad("str", "cosine"),
            Bad("the class itself", lr_scheduler.StepLR),
            Bad("an optimizer", _sgd()),
            Bad("a scheduler of another optimizer", lr_scheduler.StepLR(_sgd(), 2)),
            optional=True,
        ),
    ),
    start_factor=(0.5, Positive(more=(Bad("above 1", 1.5),))),
)
for _method in ("step", "get_last_lr", "state_dict"):
    S(
        getattr(lr_scheduler.LRScheduler, _method),
        call=lambda _m=_method: getattr(lr_scheduler.StepLR(_sgd(), 2), _m)(),
    )
S(
    lr_scheduler.LRScheduler.lr_at,
    call=lambda epoch: lr_scheduler.ExponentialLR(_sgd(), gamma=2.0).lr_at(epoch),
    epoch=(5, Int(0, more=(Bad("a rate beyond the float range (gamma 2)", 5000),))),
)
S(
    lr_scheduler.LRScheduler.load_state_dict,
    call=lambda state_dict: lr_scheduler.StepLR(_sgd(), 2).load_state_dict(state_dict),
    state_dict=(
        {"last_epoch": 3, "base_lr": 0.1},
        Custom(
            Bad("None", None),
            Bad("list", [3, 0.1]),
            Bad("a missing key", {"last_epoch": 3}),
            Bad("an unknown key", {"last_epoch": 3, "base_lr": 0.1, "gamma": 0.5}),
            Bad("negative epoch", {"last_epoch": -1, "base_lr": 0.1}),
            Bad("float epoch", {"last_epoch": 2.5, "base_lr": 0.1}),
            Bad("NaN base_lr", {"last_epoch": 3, "base_lr": math.nan}),
            Bad("zero base_lr", {"last_epoch": 3, "base_lr": 0.0}),
        ),
    ),
)
not_called(lr_scheduler.LR_FLOOR, "a float constant")

# ---------------------------------------------------------------------- metrics

S(
    metrics.accuracy,
    y_true=(np.array([0, 1, 2, 1]), Labels(pair=True)),
    y_pred=(np.array([0, 1, 1, 1]), Labels(pair=True)),
)
S(
    metrics.confusion_matrix,
    y_true=(np.array([0, 1, 2, 1]), Labels(pair=True)),
    y_pred=(np.array([0, 1, 1, 1]), Labels(pair=True)),
    n_classes=(
        3,
        Int(1, optional=True, more=(Bad("below the largest label", 2, names=("n_classes", "y_true", "y_pred")),)),
    ),
)
COUNTS = Custom(
    Bad("None", None),
    Bad("str", "abc"),
    Bad("object", object()),
    Bad("1-D", np.array([1, 2])),
    Bad("not square", np.ones((2, 3), dtype=np.int64)),
    Bad("empty", np.zeros((0, 0), dtype=np.int64)),
    Bad("negative count", np.array([[5, -2], [1, 4]])),
    Bad("fractional", np.array([[5, 0.5], [1, 4]])),
    Bad("NaN", np.array([[5, np.nan], [1, 4]])),
    Bad("str dtype", np.array([["5", "2"], ["1", "4"]])),
    Bad("complex dtype", np.array([[5, 2j], [1, 4]])),
)
S(metrics.most_confused_pairs, matrix=(np.array([[5, 2], [1, 4]]), COUNTS), top=(2, Int(1)))
S(metrics.per_class_accuracy, matrix=(np.array([[5, 2], [1, 4]]), COUNTS))

# -------------------------------------------------------------- model_selection

ANY_SAMPLES = Custom(
    Bad("None", None), Bad("str", "abc"), Bad("object", object()), Bad("float", 6.5), Bad("0-D array", np.float64(1.0))
)
S(
    model_selection.holdout_split,
    n_samples=(10, Int(2)),
    test_size=(0.25, SPLIT_SIZE),
    train_size=(
        None,
        Custom(
            *SPLIT_SIZE.bads,
            optional=True,
            more=(Bad("sum with test_size above 1", 0.9, names=("train_size", "test_size")),),
        ),
    ),
    shuffle=(True, FLAG),
    stratify=(np.tile([0, 1], 5), AnyLabels(pair=True, optional=True)),
    rng=(None, RNG),
    seed=(0, SEED),
)
for _cls in (model_selection.KFold, model_selection.StratifiedKFold):
    S(_cls, n_splits=(3, Int(2)), shuffle=(True, FLAG), rng=(None, RNG), seed=(0, SEED))
IGNORED = "ignored, as in scikit-learn (the splitter knows its n_splits)"
S(
    model_selection.KFold.get_n_splits,
    call=lambda **kw: model_selection.KFold(3).get_n_splits(**kw),
    untested={"X": IGNORED, "y": IGNORED},
)
S(
    model_selection.KFold.split,
    call=lambda **kw: model_selection.KFold(3).split(**kw),
    X=(
        np.zeros((6, 2)),
        Custom(
            *ANY_SAMPLES.bads,
            Bad("fewer samples than n_splits", np.zeros((2, 2)), names=("X", "n_samples", "n_splits")),
        ),
    ),
    untested={"y": "ignored by KFold (accepted so that every splitter has the same signature)"},
)
S(
    model_selection.StratifiedKFold.split,
    call=lambda **kw: model_selection.StratifiedKFold(3).split(**kw),
    X=(np.zeros((9, 2)), Custom(*ANY_SAMPLES.bads)),
    y=(
        np.repeat([0, 1, 2], 3),
        AnyLabels(
            pair=True,
            more=(
                Bad(
                    "every class smaller than n_splits",
                    np.repeat([0, 1, 2, 3, 4], [2, 2, 2, 2, 1]),
                    names=("y", "n_splits"),
                ),
            ),
        ),
    ),
)
S(model_selection.LeaveOneOut)
S(
    model_selection.LeaveOneOut.get_n_splits,
    call=lambda **kw: model_selection.LeaveOneOut().get_n_splits(**kw),
    X=(np.zeros((4, 1)), ANY_SAMPLES),
    untested={"y": "ignored (same signature as every splitter)"},
)
S(
    model_selection.LeaveOneOut.split,
    call=lambda **kw: model_selection.LeaveOneOut().split(**kw),
    X=(np.zeros((4, 1)), Custom(*ANY_SAMPLES.bads, Bad("one sample", np.zeros((1, 1)), names=("X", "n_samples")))),
    untested={"y": "ignored (same signature as every splitter)"},
)
not_called(model_selection.CVResult, "a result record built by cross_validate, not an entry point")
BUILD = Function(more=(Bad("returns None", lambda: None), Bad("an estimator object", models.LinearRegression())))
CV = Custom(
    Bad("str", "5"),
    Bad("one fold", 1, names=("cv", "n_splits")),
    Bad("zero", 0, names=("cv", "n_splits")),
    Bad("float", 2.5),
    Bad("bool", True),
    Bad("object", object()),
    Bad("more folds than samples", 20, names=("cv", "n_splits")),
)
FIT_KWARGS = Custom(
    Bad("int", 5), Bad("str", "abc"), Bad("unknown keyword", {"bogus": 1}, names=("fit_kwargs", "bogus")), optional=True
)
SCORE = Function(
    optional=True,
    more=(Bad("returns NaN", lambda model, X, y: math.nan), Bad("returns a str", lambda model, X, y: "abc")),
)
S(
    model_selection.cross_validate,
    build_model=(lambda: models.LinearRegression("normal_equation"), BUILD),
    X=(XR, Floats(2, pair=True)),
    y=(YR, Floats(1, pair=True)),
    cv=(2, CV),
    fit_kwargs=(None, FIT_KWARGS),
    score=(None, SCORE),
)
S(
    model_selection.grid_search_cv,
    build_model=(lambda **p: models.LinearRegression(**p), Function(more=(Bad("returns None", lambda **p: None),))),
    param_grid=(
        {"method": ["normal_equation", "gradient_descent"]},
        Custom(
            Bad("None", None),
            Bad("int", 5),
            Bad("empty", {}),
            Bad("a list", [("method", ["normal_equation"])]),
            Bad("no values", {"method": []}),
            Bad("a str, not a list", {"method": "normal_equation"}),
            Bad("unknown parameter", {"bogus": [1]}, names=("param_grid", "bogus")),
        ),
    ),
    X=(XR, Floats(2, pair=True)),
    y=(YR, Floats(1, pair=True)),
    cv=(2, CV),
    fit_kwargs=(None, FIT_KWARGS),
    score=(None, SCORE),
)
BELOW_LOW = (Bad("below low", -1.0, names=("high", "low")), Bad("equal to low", 0.0, names=("high", "low")))
S(model_selection.uniform, low=(0.0, Real()), high=(1.0, Real(more=BELOW_LOW)))
S(
    model_selection.log_uniform,
    low=(1e-3, Positive()),
    high=(1.0, Positive(more=(Bad("below low", 1e-4, names=("high", "low")),))),
)
S(
    model_selection.randint,
    low=(0, Int()),
    high=(5, Int(more=(Bad("equal to low", 0, names=("high", "low")), Bad("above int64", 2**64)))),
)
S(
    model_selection.Distribution,
    kind=("log_uniform", NAME_OF),
    low=(1e-3, Positive()),
    high=(1.0, Positive(more=(Bad("below low", 1e-4, names=("high", "low")),))),
)
S(
    model_selection.Distribution.sample,
    call=lambda **kw: model_selection.log_uniform(1e-3, 1.0).sample(**kw),
    rng=(
        np.random.default_rng(0),
        Custom(Bad("None", None), Bad("int seed", 42), Bad("RandomState", np.random.RandomState(0)), Bad("str", "abc")),
    ),
    size=(3, Int(0, optional=True)),
)
DISTRIBUTIONS = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("empty", {}),
    Bad("a list", [("method", ["normal_equation"])]),
    Bad("no values", {"method": []}),
    Bad("a str, not a list", {"method": "normal_equation"}),
    Bad("a set", {"method": {"normal_equation"}}),
    Bad("the function log_uniform itself", {"learning_rate": model_selection.log_uniform}),
)
S(
    model_selection.sample_parameters,
    distributions=({"learning_rate": model_selection.log_uniform(1e-3, 0.1), "epochs": [5, 10]}, DISTRIBUTIONS),
    n_iter=(3, Int(1)),
    rng=(None, RNG),
    seed=(0, SEED),
)
S(
    model_selection.random_search_cv,
    build_model=(lambda **p: models.LinearRegression(**p), Function(more=(Bad("returns None", lambda **p: None),))),
    distributions=(
        {"method": ["normal_equation", "gradient_descent"], "learning_rate": model_selection.log_uniform(1e-3, 0.1)},
        Custom(
            *DISTRIBUTIONS.bads,
            Bad("unknown parameter", {"bogus": model_selection.uniform(0.0, 1.0)}, names=("distributions", "bogus")),
        ),
    ),
    X=(XR, Floats(2, pair=True)),
    y=(YR, Floats(1, pair=True)),
    cv=(2, CV),
    n_iter=(2, Int(1)),
    rng=(None, RNG),
    seed=(0, SEED),
    fit_kwargs=(None, FIT_KWARGS),
    score=(None, SCORE),
)

# ----------------------------------------------------------------------- models

S(
    models.LinearRegression,
    call=lambda **kw: models.LinearRegression(**kw).fit(XR, YR),
    method=("gradient_descent", Choice()),
    learning_rate=(0.1, Positive()),
    epochs=(20, Int(0)),
    tolerance=(1e-9, NonNegative(optional=True)),
    divergence_factor=(1e6, Positive()),
)
REGRESSION_XY = dict(X=(XR, Floats(2, pair=True)), y=(YR, Floats(1, pair=True)))
for _method in ("fit", "fit_normal_equation", "fit_gradient_descent"):
    S(
        getattr(models.LinearRegression, _method),
        call=lambda _m=_method, **kw: getattr(models.LinearRegression(), _m)(**kw),
        **REGRESSION_XY,
    )
S(
    models.LinearRegression.gradient,
    X=(XR, Floats(2, pair=True)),
    y=(YR, Floats(1, pair=True)),
    weights=(np.array([0.5, -0.5]), Floats(1, pair=True)),
    bias=(0.1, Real()),
)
S(models.LinearRegression.predict, call=lambda X: fitted("linear").predict(X), X=(XR[:3], Floats(2, width=True)))
for _method in ("mse", "score"):
    S(
        getattr(models.LinearRegression, _method),
        call=lambda _m=_method, **kw: getattr(fitted("linear"), _m)(**kw),
        X=(XR, Floats(2, pair=True, width=True)),
        y=(YR, Floats(1, pair=True)),
    )
PM1 = Custom(
    Bad("None", None),
    Bad("str", "abc"),
    Bad("0-D", np.int64(1)),
    Bad("2-D", (2 * YC - 1)[:, None]),
    Bad("one row fewer", (2 * YC - 1)[:-1]),
    Bad("empty", np.zeros(0)),
    Bad("0/1 labels", YC),
    Bad("other values", np.where(YC > 0, 2, -1)),
    Bad("NaN", np.where(YC > 0, np.nan, -1.0)),
    Bad("str dtype", (2 * YC - 1).astype(str)),
)
S(
    models.Perceptron,
    call=lambda **kw: models.Perceptron(**kw).fit(XC, 2 * YC - 1),
    learning_rate=(0.5, Positive()),
    max_epochs=(50, Int(1)),
    shuffle=(True, FLAG),
    rng=(None, RNG),
    seed=(0, SEED),
    init=("random", Choice()),
)
S(
    models.Perceptron.fit,
    call=lambda **kw: models.Perceptron().fit(**kw),
    X=(XC, Floats(2, pair=True)),
    y=(2 * YC - 1, PM1),
)
for _method in ("net_input", "predict"):
    S(
        getattr(models.Perceptron, _method),
        call=lambda X, _m=_method: getattr(fitted("perceptron"), _m)(X),
        X=(XC[:3], Floats(2, width=True)),
    )
S(
    models.Perceptron.score,
    call=lambda **kw: fitted("perceptron").score(**kw),
    X=(XC, Floats(2, pair=True, width=True)),
    y=(2 * YC - 1, PM1),
)
_mlp_options = dict(
    hidden_layer_sizes=((4, 3), Sizes(0)),  # () is a network without hidden layer, as in scikit-learn
    activation=("tanh", Choice(more=(Bad("softmax", "softmax"),))),
    optimizer=("sgd", Choice()),
    learning_rate=(0.1, Positive()),
    epochs=(2, Int(1)),
    batch_size=(4, Int(1, optional=True)),
    l2=(0.01, NonNegative()),
    dropout=(0.1, Unit()),
    shuffle=(True, FLAG),
    rng=(None, RNG),
    seed=(0, SEED),
    verbose=(False, FLAG),
)
S(
    models.MLPClassifier,
    call=lambda **kw: models.MLPClassifier(**kw).fit(XC, YC),
    output=("softmax", Choice()),
    **_mlp_options,
)
S(models.MLPRegressor, call=lambda **kw: models.MLPRegressor(**kw).fit(XR, YR), **_mlp_options)
VALIDATION = dict(aliases={"validation_data": ("X_val", "y_val")})


def _with_nan(X: np.ndarray) -> np.ndarray:
    out = np.array(X, dtype=float)
    out[0, 0] = np.nan
    return out


def _validation_kind(X: np.ndarray, y: np.ndarray) -> Custom:
    return Custom(
        Bad("int", 5),
        Bad("str", "ab"),
        Bad("one array", (X,)),
        Bad("three arrays", (X, y, y)),
        Bad("lengths differ", (X, y[:-1])),
        Bad("NaN in X_val", (_with_nan(X), y)),
        Bad("wrong width", (X[:, :1], y)),
        Bad("None inside", (None, y)),
        optional=True,
    )


S(
    models.MLPClassifier.fit,
    call=lambda **kw: models.MLPClassifier((4,), epochs=2, seed=0).fit(**kw),
    X=(XC, Floats(2, pair=True)),
    y=(YC, AnyLabels(pair=True, more=(Bad("one class", np.zeros(12, dtype=np.int64)),))),
    validation_data=(
        (XC[:4], YC[:4]),
        Custom(
            *_validation_kind(XC[:4], YC[:4]).bads, Bad("unseen label", (XC[:4], np.array([0, 1, 5, 0]))), optional=True
        ),
    ),
    **VALIDATION,
)
S(
    models.MLPRegressor.fit,
    call=lambda **kw: models.MLPRegressor((4,), epochs=2, seed=0).fit(**kw),
    X=(XR, Floats(2, pair=True)),
    y=(YR, Floats((1, 2), pair=True)),
    validation_data=((XR[:4], YR[:4]), _validation_kind(XR[:4], YR[:4])),
    **VALIDATION,
)
for _cls, _which, _X, _y, _y_kind in (
    (models.MLPClassifier, "classifier", XC, YC, AnyLabels(pair=True)),
    (models.MLPRegressor, "regressor", XR, YR, Floats((1, 2), pair=True)),
):
    _methods = ("predict", "predict_proba") if _cls is models.MLPClassifier else ("predict",)
    for _method in _methods:
        S(
            getattr(_cls, _method),
            call=lambda X, _w=_which, _m=_method: getattr(fitted(_w), _m)(X),
            X=(_X[:3], Floats(2, width=True)),
        )
    S(
        _cls.score,
        call=lambda _w=_which, **kw: fitted(_w).score(**kw),
        X=(_X, Floats(2, pair=True, width=True)),
        y=(_y, _y_kind),
    )
not_called(models.TrainingDiverged, "a warning class")
not_called(models.ConvergenceWarning, "a warning class")

# --------------------------------------------------------------------------- nn

S(
    nn.Parameter,
    data=(np.zeros((2, 3)), Floats(None, accept={"empty": "torch.nn.Parameter(torch.empty(0)) is valid"})),
    name=("W", Text()),
)


def _parameter() -> nn.Parameter:
    return nn.Parameter(np.zeros((2, 3)), "W")


S(
    nn.Parameter.add_to_grad,
    call=lambda value: _parameter().add_to_grad(value),
    value=(
        np.ones((2, 3)),
        Floats(2, pair=True, width=True, accept={"NaN": NONFINITE_GRADIENTS, "inf": NONFINITE_GRADIENTS}),
    ),
)
S(
    nn.Parameter.add_sum_to_grad,
    call=lambda value: nn.Parameter(np.zeros(3), "b").add_sum_to_grad(value),
    value=(
        np.ones((4, 3)),
        Floats(
            2,
            width=True,
            accept={
                "NaN": NONFINITE_GRADIENTS,
                "inf": NONFINITE_GRADIENTS,
                "empty": "the sum over no rows is 0, as numpy's",
            },
        ),
    ),
)
S(
    nn.Parameter.add_matmul_to_grad,
    call=lambda **kw: _parameter().add_matmul_to_grad(**kw),
    a=(
        np.ones((2, 4)),
        Floats(2, pair=True, width=True, accept={"NaN": NONFINITE_GRADIENTS, "inf": NONFINITE_GRADIENTS}),
    ),
    b=(
        np.ones((4, 3)),
        Floats(2, pair=True, width=True, accept={"NaN": NONFINITE_GRADIENTS, "inf": NONFINITE_GRADIENTS}),
    ),
)
S(nn.Parameter.zero_grad, call=lambda: _parameter().zero_grad())
S(nn.Module)
not_called(nn.Module.forward, "abstract; every layer's forward has a spec")
not_called(nn.Module.backward, "abstract; every layer's backward has a spec")
not_called(nn.Module.__call__, "calls forward, which every layer's spec covers")
for _method in ("children", "parameters", "zero_grad", "eval", "named_children", "modules", "state_dict"):
    S(getattr(nn.Module, _method), call=lambda _m=_method: getattr(bn_net(), _m)())
S(nn.Module.train, call=lambda mode: bn_net().train(mode), mode=(False, FLAG))
for _method in ("named_parameters", "named_buffers"):
    S(
        getattr(nn.Module, _method),
        call=lambda prefix, _m=_method: getattr(bn_net(), _m)(prefix),
        prefix=("net.", Text()),
    )
STATE = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("str", "abc"),
    Bad("empty", {}, names=("state", "missing")),
    Bad("NaN weights", lambda: {**bn_net().state_dict(), "0.W": np.full((3, 2), np.nan)}),
    Bad("None weights", lambda: {**bn_net().state_dict(), "0.W": None}),
    Bad("str weights", lambda: {**bn_net().state_dict(), "0.W": np.full((3, 2), "a")}),
    Bad("wrong shape", lambda: {**bn_net().state_dict(), "0.W": np.zeros((2, 3))}),
    Bad("negative running variance", lambda: {**bn_net().state_dict(), "1.running_var": -np.ones(2)}),
)
S(
    nn.Module.load_state_dict,
    call=lambda state: bn_net().load_state_dict(state() if callable(state) else state),
    state=(bn_net().state_dict(), STATE),
)
S(nn.Module.save, call=lambda path: bn_net().save(path), path=(TMP / "saved.npz", PATH))
S(nn.Module.load, call=lambda path: bn_net().load(path), make=lambda: {"path": saved_weights()}, path=(None, PATH))
S(nn.Module.output_features, call=lambda n_features: nn.ReLU().output_features(n_features), n_features=(3, Int(1)))
S(
    nn.Linear,
    n_in=(3, Int(1)),
    n_out=(2, Int(1)),
    init=(
        "he_uniform",
        Custom(
            Bad("None", None),
            Bad("int", 5),
            Bad("unknown name", "bogus"),
            Bad("returns the wrong shape", lambda n_in, n_out, rng, dtype: np.zeros(2)),
            Bad("returns NaN", lambda n_in, n_out, rng, dtype: np.full((n_in, n_out), np.nan)),
        ),
    ),
    bias=(True, FLAG),
    rng=(None, RNG),
    seed=(0, SEED),
    dtype=(np.float32, DTYPE),
)
#: Module.forward documents x as "a batch"; its messages say "input of Linear(3, 2)", as torch says input.
FORWARD_X = {"x": ("input", "batch")}
#: output_features and summary say "Linear(3, 2) expects 3 input features, got 4" (tests/library/test_bad_input_core.py).
N_FEATURES = {"n_features": ("input features",)}
LAYERS: list[tuple[Callable[[], nn.Module], bool]] = [  # factory, checks its number of input features
    (lambda: nn.Linear(3, 2, seed=0), True),
    (nn.Sigmoid, False),
    (nn.Tanh, False),
    (nn.ReLU, False),
    (lambda: nn.LeakyReLU(0.1), False),
    (lambda: nn.ELU(1.0), False),
    (nn.Softmax, False),
    (nn.Identity, False),
    (nn.Step, False),
    (lambda: nn.Dropout(0.5, seed=0), False),
    (lambda: nn.BatchNorm1d(3), True),
    (lambda: nn.Sequential(nn.Linear(3, 2, seed=0), nn.Tanh()), True),
]
S(
    nn.Sequential.forward,
    title="nn.Sequential.forward (an activation first)",
    aliases=FORWARD_X,
    call=lambda x: nn.Sequential(nn.ReLU(), nn.Linear(3, 2, seed=0)).forward(x),
    x=(X43, Floats(2, width=True)),
)
for _factory, _fixed in LAYERS:
    _layer = _factory()
    _cls = type(_layer)
    _out = _layer(X43)
    if not parameters_of(_cls):  # the others have their own constructor spec below
        S(_cls)
    S(
        _cls.forward,
        call=lambda x, _f=_factory: _f().forward(x),
        aliases=FORWARD_X,
        x=(X43, Floats(2, width=True) if _fixed else Floats(None)),
    )
    _grad = Floats(2, pair=True, width=True, accept={"NaN": NONFINITE_GRADIENTS, "inf": NONFINITE_GRADIENTS})
    _extra = {"input_grad": (False, FLAG)} if "input_grad" in inspect.signature(_cls.backward).parameters else {}
    S(
        _cls.backward,
        call=lambda _f=_factory, **kw: forwarded(_f(), X43).backward(**kw),
        grad_out=(np.ones_like(_out), _grad),
        **_extra,
    )
S(
    nn.Linear.output_features,
    call=lambda n_features: nn.Linear(3, 2).output_features(n_features),
    aliases=N_FEATURES,
    n_features=(3, Int(1, more=(Bad("not the layer's n_in", 4),))),
)
S(nn.LeakyReLU, alpha=(0.1, NonNegative()))
S(nn.ELU, alpha=(0.5, NonNegative()))
S(nn.Softmax, call=lambda axis: nn.Softmax(axis).forward(X43), axis=(-1, AXIS))
S(nn.Dropout, p=(0.3, Unit()), rng=(None, RNG), seed=(0, SEED))
S(
    nn.BatchNorm1d,
    n_features=(3, Int(1)),
    momentum=(0.2, Unit(high_open=False)),
    eps=(1e-5, Positive()),
    dtype=(np.float32, DTYPE),
)
MODULES = Custom(
    Bad("int", [5]),
    Bad("str", ["relu"]),
    Bad("None", [None]),
    Bad("a layer class", [nn.ReLU]),
    Bad("a list holding an int", [[nn.ReLU(), 5]]),
)
S(
    nn.Sequential,
    call=lambda modules: nn.Sequential(*modules),
    modules=([nn.Linear(3, 2), nn.ReLU()], MODULES),
    aliases={"modules": ("Module",)},
)
S(nn.Sequential.children, call=lambda: small_net().children())
S(
    nn.Sequential.output_features,
    call=lambda n_features: small_net().output_features(n_features),
    aliases=N_FEATURES,
    n_features=(3, Int(1, more=(Bad("not the first layer's n_in", 4),))),
)
S(
    nn.Sequential.summary,
    call=lambda n_features: small_net().summary(n_features),
    aliases=N_FEATURES,
    n_features=(3, Int(1, more=(Bad("not the first layer's n_in", 4),))),
)
not_called(nn.Summary, "a result record built by Sequential.summary")
not_called(nn.SummaryRow, "a result record built by Sequential.summary")
not_called(nn.ACTIVATION_MODULES, "a dict constant")
S(
    nn.activation_module,
    call=lambda name, kwargs: nn.activation_module(name, **kwargs),
    name=("leaky_relu", NAME_OF),
    kwargs=(
        {"alpha": 0.2},
        Custom(
            Bad("negative alpha", {"alpha": -1.0}, names=("alpha",)),
            Bad("NaN alpha", {"alpha": math.nan}, names=("alpha",)),
            Bad("unknown keyword", {"bogus": 1}, names=("bogus",)),
        ),
    ),
)
S(nn.save_parameters, model=(bn_net(), MODULE), path=(TMP / "saved2.npz", PATH))
S(nn.load_parameters, model=(bn_net(), MODULE), make=lambda: {"path": saved_weights()}, path=(None, PATH))
S(
    nn.mlp,
    sizes=([3, 4, 2], Sizes(2)),
    activation=("leaky_relu", Choice()),
    activation_options=(
        {"alpha": 0.2},
        Custom(
            Bad("int", 5),
            Bad("str", "abc"),
            Bad("negative alpha", {"alpha": -1.0}, names=("alpha",)),
            Bad("unknown keyword", {"bogus": 1}, names=("activation_options", "bogus")),
            optional=True,
        ),
    ),
    init=("he_uniform", Custom(Bad("int", 5), Bad("unknown name", "bogus"))),
    batch_norm=(True, FLAG),
    dropout=(0.2, Unit()),
    output_activation=("softmax", Choice(optional=True)),
    seed=(0, SEED),
    rng=(None, RNG),
    dtype=(np.float32, DTYPE),
)
S(
    nn.fold_batchnorm,
    model=(
        bn_net(),
        Custom(
            Bad("None", None),
            Bad("int", 5),
            Bad("a Linear, not a Sequential", nn.Linear(3, 2)),
            Bad("BatchNorm1d not after a Linear", nn.Sequential(nn.BatchNorm1d(3)), names=("model", "BatchNorm1d")),
        ),
    ),
)
S(nn.evaluating, model=(bn_net(), MODULE))

# ------------------------------------------------------------------------ optim

LR, WEIGHT_DECAY = Positive(), NonNegative()
S(optim.Optimizer, params=(one_param(), Params()), lr=(0.1, LR), weight_decay=(0.01, WEIGHT_DECAY))
S(
    optim.SGD,
    params=(one_param(), Params()),
    lr=(0.1, LR),
    momentum=(0.9, Unit()),
    nesterov=(
        True,
        Custom(
            *FLAG.candidates(None),
            Bad("without momentum", True, extra={"momentum": 0.0}, names=("nesterov", "momentum")),
        ),
    ),
    weight_decay=(0.01, WEIGHT_DECAY),
)
S(
    optim.Momentum,
    params=(one_param(), Params()),
    lr=(0.1, LR),
    momentum=(0.9, Unit(low_open=True)),
    nesterov=(True, FLAG),
    weight_decay=(0.01, WEIGHT_DECAY),
)
S(
    optim.AdaGrad,
    params=(one_param(), Params()),
    lr=(0.1, LR),
    eps=(1e-10, Positive()),
    weight_decay=(0.01, WEIGHT_DECAY),
)
S(
    optim.RMSProp,
    params=(one_param(), Params()),
    lr=(0.1, LR),
    alpha=(0.99, Unit()),
    eps=(1e-8, Positive()),
    weight_decay=(0.01, WEIGHT_DECAY),
)
BETAS = Custom(
    Bad("None", None),
    Bad("number", 0.9),
    Bad("str", "ab"),
    Bad("one beta", (0.9,)),
    Bad("beta1 = 1", (1.0, 0.999), names=("betas", "beta")),
    Bad("negative", (-0.1, 0.999), names=("betas", "beta")),
    Bad("NaN", (math.nan, 0.999), names=("betas", "beta")),
)
S(
    optim.Adam,
    params=(one_param(), Params()),
    lr=(0.1, LR),
    betas=((0.9, 0.999), BETAS),
    eps=(1e-8, Positive()),
    weight_decay=(0.01, WEIGHT_DECAY),
)
S(
    optim.AdamW,
    params=(one_param(), Params()),
    lr=(0.1, LR),
    betas=((0.9, 0.999), BETAS),
    eps=(1e-8, Positive()),
    weight_decay=(0.01, WEIGHT_DECAY),
)
S(optim.AdamW.step, call=lambda: optim.AdamW(one_param()).step())
for _method in ("zero_grad", "step", "state_size", "memory_report"):
    S(getattr(optim.Optimizer, _method), call=lambda _m=_method: getattr(optim.Adam(one_param()), _m)())
not_called(optim.Optimizer.update, "abstract (NotImplementedError); every optimizer's update has a spec")


def _update_arguments(cls: type, **hyper: Any) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        optimizer = cls(one_param(), **hyper)
        optimizer.steps = 1  # as inside step(), which counts the step before updating
        parameter = optimizer.params[0]
        return {"self": optimizer, "data": parameter.data, "grad": parameter.grad, "state": optimizer.state[0]}

    return make


STATE_ARRAYS = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("empty dict", {}, names=("state", "velocity", "sum_sq", "square_avg", "exp_avg")),
)
for _cls, _hyper in (
    (optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    (optim.AdaGrad, {}),
    (optim.RMSProp, {}),
    (optim.Adam, {}),
):
    S(
        _cls.update,
        call=lambda self, **kw: self.update(**kw),
        make=_update_arguments(_cls, **_hyper),
        data=(None, Floats(None, pair=True, accept={"NaN": NONFINITE_PARAMETERS, "inf": NONFINITE_PARAMETERS})),
        grad=(None, Floats(None, pair=True, accept={"NaN": NONFINITE_GRADIENTS, "inf": NONFINITE_GRADIENTS})),
        state=(None, STATE_ARRAYS if _cls is not optim.SGD else Custom(Bad("None", None), Bad("int", 5))),
    )
not_called(optim.OPTIMIZERS, "a dict constant")
S(
    optim.get_optimizer,
    call=lambda name, params, hyper: optim.get_optimizer(name, params, **hyper),
    name=("adam", NAME_OF),
    params=(one_param(), Params()),
    hyper=(
        {"lr": 0.01},
        Custom(
            Bad("negative lr", {"lr": -1.0}, names=("lr",)),
            Bad("NaN lr", {"lr": math.nan}, names=("lr",)),
            Bad("str lr", {"lr": "0.1"}, names=("lr",)),
            Bad("a keyword adam does not take", {"momentum": 0.9}, names=("momentum",)),
        ),
    ),
)
S(optim.clip_grad_norm, params=(one_param(), Params()), max_norm=(0.5, Positive()))
S(optim.clip_grad_value, params=(one_param(), Params()), clip=(0.25, Positive()))

# --------------------------------------------------------------------- surfaces

SURFACE_ACCEPT = {
    "NaN": "surfaces evaluate diverged points; has_diverged reads the non-finite value",
    "inf": "surfaces evaluate diverged points; has_diverged reads the non-finite value",
    "empty": "an empty grid of points has an empty array of values",
}
S(surfaces.Surface)
for _method in ("value", "gradient", "hessian"):
    S(
        getattr(surfaces.Surface, _method),
        call=lambda xy, _m=_method: getattr(surfaces.IllConditionedBowl(), _m)(xy),
        xy=(
            np.array([[1.0, 2.0], [0.0, -1.0]]),
            Floats(
                None, accept=SURFACE_ACCEPT, more=(Bad("last axis of 3", np.zeros((2, 3))), Bad("0-D", np.float64(1.0)))
            ),
        ),
        untested={"y": "the (x, y) form: see the spec named Surface.value(x, y)"},
    )
    S(
        getattr(surfaces.Surface, _method),
        title=f"surfaces.Surface.{_method}(x, y)",
        call=lambda xy, y, _m=_method: getattr(surfaces.IllConditionedBowl(), _m)(xy, y),
        aliases={"xy": ("x",)},
        xy=(np.array([1.0, 0.0]), Floats(None, accept=SURFACE_ACCEPT, more=(Bad("longer than y", np.zeros(3)),))),
        y=(
            np.array([2.0, -1.0]),
            Floats(None, optional=True, accept=SURFACE_ACCEPT, more=(Bad("longer than x", np.zeros(3)),)),
        ),
    )
SCALE = Positive(more=(Bad("1e200 (overflows)", 1e200), Bad("1e-300 (underflows)", 1e-300)))
SHIFT = Real(more=(Bad("1e200 (minimum beyond the divergence radius)", 1e200), Bad("-1e200", -1e200)))
S(surfaces.IllConditionedBowl, a=(1.0, SCALE), b=(20.0, SCALE))
S(surfaces.Saddle)
S(surfaces.Rosenbrock, a=(1.0, SHIFT), b=(100.0, SCALE))
S(surfaces.Himmelblau)
S(surfaces.Quadratic1D, curvature=(2.0, SCALE), center=(1.0, SHIFT))
S(surfaces.DoubleWell1D, tilt=(0.5, SHIFT))
for _method in ("value", "gradient", "hessian"):
    S(
        getattr(surfaces.Quadratic1D, _method),
        call=lambda x, _m=_method: getattr(surfaces.Quadratic1D(), _m)(x),
        x=(np.array([1.0, -2.0]), Floats(None, accept=SURFACE_ACCEPT)),
    )
not_called(surfaces.SURFACES, "a dict constant")
not_called(surfaces.DIVERGENCE_RADIUS, "a float constant")
SURFACE_PARAMS = Custom(
    Bad("negative b", {"b": -1.0}, names=("b",)),
    Bad("NaN b", {"b": math.nan}, names=("b",)),
    Bad("unknown keyword", {"bogus": 1}, names=("bogus",)),
)
S(
    surfaces.get_surface,
    call=lambda name, params: surfaces.get_surface(name, **params),
    name=("bowl", NAME_OF),
    params=({"b": 50.0}, SURFACE_PARAMS),
)
SURFACE = Custom(
    Bad("None", None),
    Bad("int", 5),
    Bad("unknown name", "bogus"),
    Bad("object", object()),
    Bad("the class itself", surfaces.Rosenbrock),
)
S(surfaces.as_surface, surface=("rosenbrock", SURFACE))
S(
    surfaces.has_diverged,
    point=(
        np.array([1.0, 2.0]),
        Floats(
            None,
            accept={
                "NaN": "has_diverged exists to recognise a non-finite point",
                "inf": "has_diverged exists to recognise a non-finite point",
            },
        ),
    ),
    value=(3.0, Custom(Bad("None", None), Bad("str", "abc"), Bad("object", object()))),
)
not_called(surfaces.PathResult, "a result record built by optimize_path")
S(
    surfaces.optimize_path,
    call=lambda surface, optimizer_name, start, steps, tolerance, noise, seed, scheduler, hyper: surfaces.optimize_path(
        surface,
        optimizer_name,
        start,
        steps,
        tolerance=tolerance,
        noise=noise,
        seed=seed,
        scheduler=scheduler,
        **hyper,
    ),
    surface=("bowl", SURFACE),
    optimizer_name=("momentum", NAME_OF),
    start=(np.array([1.0, 1.0]), Floats(1, more=(Bad("three coordinates", np.ones(3)),))),
    steps=(3, Int(0)),
    tolerance=(1e-9, Positive(optional=True)),
    noise=(0.5, NonNegative()),
    seed=(0, Custom(Bad("float", 1.5), Bad("str", "abc"), Bad("bool", True), Bad("negative", -1), optional=True)),
    scheduler=(
        lambda opt: lr_scheduler.StepLR(opt, step_size=2),
        Custom(
            Bad("int", 5),
            Bad("str", "StepLR"),
            Bad("a scheduler object", lr_scheduler.StepLR(_sgd(), 2)),
            Bad("returns None", lambda opt: None),
            Bad("returns a scheduler of another optimizer", lambda opt: lr_scheduler.StepLR(_sgd(), 2)),
            optional=True,
        ),
    ),
    hyper=(
        {"lr": 0.01},
        Custom(
            Bad("negative lr", {"lr": -1.0}, names=("lr",)),
            Bad("NaN lr", {"lr": math.nan}, names=("lr",)),
            Bad("unknown keyword", {"bogus": 1}, names=("bogus",)),
        ),
    ),
)
S(
    surfaces.newton_path,
    surface=(
        "rosenbrock",
        Custom(
            *SURFACE.bads,
            Bad(
                "without hessian",
                type("NoHessian", (), {"dim": 2, "value": lambda self, xy: 0.0, "gradient": lambda self, xy: xy})(),
            ),
        ),
    ),
    start=(np.array([-1.5, 2.0]), Floats(1, more=(Bad("three coordinates", np.ones(3)),))),
    steps=(3, Int(0)),
    tolerance=(1e-9, Positive(optional=True)),
    damping=(0.5, NonNegative()),
)

S(
    surfaces.newton_step,
    surface=(
        "rosenbrock",
        Custom(
            *SURFACE.bads,
            Bad(
                "without hessian",
                type("NoHessian", (), {"dim": 2, "value": lambda self, xy: 0.0, "gradient": lambda self, xy: xy})(),
            ),
        ),
    ),
    point=(np.array([-1.5, 2.0]), Floats(1, more=(Bad("three coordinates", np.ones(3)),))),
    damping=(0.5, NonNegative()),
)

S(
    surfaces.project_onto_box,
    point=(np.array([2.5, -0.5]), Floats(None)),  # any shape: one point, a batch, a number
    lower=(-1.0, Custom(Bad("None", None), Bad("str", "abc"), Bad("NaN", math.nan), Bad("above upper", 2.0))),
    upper=(1.0, Custom(Bad("None", None), Bad("str", "abc"), Bad("NaN", math.nan), Bad("three bounds", np.ones(3)))),
)
S(
    surfaces.project_onto_disc,
    point=(
        np.array([3.0, 4.0]),
        Floats(None, more=(Bad("three coordinates", np.ones(3)), Bad("0-D", np.float64(1.0)))),
    ),
    center=(np.array([0.0, 0.0]), Floats(1, more=(Bad("three coordinates", np.ones(3)),))),
    radius=(1.0, Positive()),
)
S(
    surfaces.projected_path,
    surface=("bowl", SURFACE),
    start=(np.array([3.0, 0.5]), Floats(1, more=(Bad("three coordinates", np.ones(3)),))),
    steps=(3, Int(0)),
    lr=(0.1, Positive()),
    project=(
        lambda p: surfaces.project_onto_box(p, 1.0, 2.0),
        Function(more=(Bad("returns None", lambda p: None), Bad("returns three numbers", lambda p: np.ones(3)))),
    ),
    tolerance=(1e-9, Positive(optional=True)),
)
S(
    surfaces.EqualityPenalty,
    surface=("bowl", Custom(*SURFACE.bads, Bad("a curve", surfaces.Quadratic1D()))),
    normal=(np.array([1.0, 1.0]), Floats(1, more=(Bad("three entries", np.ones(3)), Bad("zero", np.zeros(2))))),
    offset=(1.0, SHIFT),
    mu=(10.0, NonNegative(more=(Bad("1e200 (overflows)", 1e200),))),
)
S(
    surfaces.EqualityPenalty.constraint,
    call=lambda xy: surfaces.EqualityPenalty("bowl").constraint(xy),
    xy=(
        np.array([[1.0, 2.0], [0.0, -1.0]]),
        Floats(None, accept=SURFACE_ACCEPT, more=(Bad("last axis of 3", np.zeros((2, 3))),)),
    ),
    untested={"y": "the (x, y) form, as in Surface.value(x, y)"},
)

# ------------------------------------------------------------------------ train

not_called(train.History, "a result record built by fit")
not_called(train.TrainingDiverged, "a warning class")
S(train.EarlyStopping, patience=(2, Int(1)), min_delta=(0.01, NonNegative()), restore_best=(True, FLAG))
S(train.EarlyStopping.reset, call=lambda: train.EarlyStopping().reset())
S(
    train.EarlyStopping.should_stop,
    call=lambda **kw: train.EarlyStopping().should_stop(**kw),
    val_loss=(0.5, Custom(Bad("None", None), Bad("str", "abc"), Bad("NaN", math.nan), Bad("array", np.ones(2)))),
    model=(small_net(), Instance(nn.Linear, optional=True)),
)
TRAIN_XY = dict(X=(X43, Floats(2, pair=True, width=True)), y=(Y41, Floats((1, 2), pair=True, bool_ok=True)))
S(
    train.train_step,
    make=net_and_optimizer,
    model=(None, MODULE),
    loss=("mse", LOSS),
    optimizer=(None, OPTIMIZER),
    before_update=(
        lambda value, output: value,
        Function(optional=True, more=(Bad("returns a str", lambda value, output: "abc"),)),
    ),
    **TRAIN_XY,
)
S(
    train.add_penalty_gradients,
    weights=(one_param(), Custom(Bad("None", None), Bad("int", 5), Bad("str", "abc"), Bad("arrays", [np.zeros(2)]))),
    l1=(0.01, NonNegative()),
    l2=(0.01, NonNegative()),
)
CALLBACKS = Custom(
    Bad("int", 5),
    Bad("str", "abc"),
    Bad("holding None", [None]),
    Bad("holding an int", [5]),
    Bad("a function, not a list", lambda epoch, history, model: False),
    optional=True,
)


class _StandInScheduler:
    """A scheduler of another optimizer (fit's own optimizer is built with the model)."""

    def __init__(self, optimizer: optim.Optimizer) -> None:
        self.optimizer = optimizer

    def step(self) -> None:
        self.optimizer.lr = self.optimizer.lr / 2


SCHEDULER = Custom(
    Bad("int", 5),
    Bad("str", "StepLR"),
    Bad("the class itself", _StandInScheduler),
    Bad("without a step method", nn.Parameter(np.zeros(2))),
    Bad("of another optimizer", _StandInScheduler(optim.SGD(one_param(), lr=0.1))),
    optional=True,
)


def _fit_refusing_before_training(**arguments: Any) -> train.History:
    """train.fit, and a refusal must come before any update (not after an epoch has trained)."""
    model = arguments.get("model")
    before = model.state_dict() if isinstance(model, nn.Module) else {}
    try:
        return train.fit(**arguments)
    except REFUSALS as error:
        after = model.state_dict() if isinstance(model, nn.Module) else {}
        if any(not np.array_equal(before[key], after[key]) for key in before):
            raise AssertionError(f"refused only after training had changed the weights: {error}") from error
        raise


S(
    train.fit,
    call=_fit_refusing_before_training,
    make=net_and_optimizer,
    model=(None, MODULE),
    loss=("mse", LOSS),
    optimizer=(None, OPTIMIZER),
    epochs=(2, Int(1)),
    batch_size=(2, Int(1, optional=True)),
    validation_data=((X43[:2], Y41[:2]), _validation_kind(X43[:2], Y41[:2])),
    shuffle=(True, FLAG),
    rng=(None, RNG),
    seed=(0, SEED),
    l1=(0.01, NonNegative()),
    l2=(0.01, NonNegative()),
    clip_norm=(1.0, Positive(optional=True)),
    clip_value=(1.0, Positive(optional=True)),
    early_stopping=(
        train.EarlyStopping(2),
        Custom(
            Bad("int", 5),
            Bad("str", "abc"),
            Bad("the class itself", train.EarlyStopping),
            Bad(
                "without validation_data",
                train.EarlyStopping(2),
                extra={"validation_data": None},
                names=("early_stopping", "validation_data"),
            ),
            optional=True,
        ),
    ),
    record_grad_norms=(True, FLAG),
    record_weights=(True, FLAG),
    callbacks=([lambda epoch, history, model: False], CALLBACKS),
    scheduler=(None, SCHEDULER),
    verbose=(False, FLAG),
    **VALIDATION,
    **TRAIN_XY,
)
S(train.evaluate, model=(small_net(), MODULE), loss=("mse", LOSS), batch_size=(2, Int(1, optional=True)), **TRAIN_XY)

# ===================================================================== the tests


def _signature_spec_ids() -> list[str]:
    return [spec.name for spec in SPECS]


def _bad_cases() -> list[Any]:
    cases = []
    for spec in SPECS:
        for param in spec.params:
            try:
                labels = [bad.label for bad in spec.bad_values(param)]
            except Exception as error:  # noqa: BLE001 - the valid arguments cannot be built: reported by the test
                labels = [f"<cannot build the valid arguments: {type(error).__name__}>"]
            cases += [pytest.param(spec, param, label, id=f"{spec.name}:{param}={label}") for label in labels]
    return cases


def _public_callables() -> dict[Any, str]:
    """Every public callable: functions and classes of each module's __all__, and their public methods
    (``__call__`` included), keyed by the function object (an inherited method counts once)."""
    found: dict[Any, str] = {}
    for module_name in mlcourse.__all__:
        if module_name.startswith("__"):
            continue
        module = importlib.import_module(f"mlcourse.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            found.setdefault(id(obj), f"{module_name}.{name}")
            if not inspect.isclass(obj):
                continue
            for attribute in dir(obj):
                if attribute.startswith("_") and attribute != "__call__":
                    continue
                for klass in obj.__mro__:
                    if attribute in vars(klass):
                        raw = vars(klass)[attribute]
                        break
                else:  # pragma: no cover
                    continue
                function = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
                if inspect.isfunction(function) and function.__module__.startswith("mlcourse"):
                    found.setdefault(id(function), f"{module_name}.{name}.{attribute}")
    return found


def test_every_public_callable_has_a_spec():
    covered = {id(spec.func) for spec in SPECS} | set(NOT_CALLED)
    missing = sorted(name for key, name in _public_callables().items() if key not in covered)
    assert not missing, f"public callables without a spec (add one, or a NOT_CALLED reason): {missing}"


def test_every_parameter_has_a_kind():
    problems = []
    for spec in SPECS:
        if inspect.isclass(spec.func) and spec.func.__init__ is object.__init__:
            expected: set[str] = set()
        else:
            expected = set(parameters_of(spec.func))
        listed = set(spec.params) | set(spec.untested)
        if expected != listed:
            problems.append(f"{spec.name}: signature {sorted(expected)}, table {sorted(listed)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("spec", SPECS, ids=_signature_spec_ids())
def test_the_valid_call_works_finitely_without_warning(spec):
    outcome = run(spec.call, spec.arguments())
    assert outcome.error is None, f"{spec.name}: the valid call raised {type(outcome.error).__name__}: {outcome.error}"
    assert not outcome.caught, f"{spec.name}: the valid call warned " + "; ".join(
        str(w.message) for w in outcome.caught
    )
    assert nonfinite(outcome.result) is None, f"{spec.name}: the valid call returned {nonfinite(outcome.result)}"


@pytest.mark.parametrize("spec, param, label", _bad_cases())
def test_bad_input_is_refused_with_an_error_naming_the_argument(spec, param, label):
    bad = next((b for b in spec.bad_values(param) if b.label == label), None)
    assert bad is not None, f"{spec.name}: no bad value {label!r} any more"
    arguments = spec.arguments()
    assert set(bad.extra) <= set(arguments), f"{spec.name}: {label!r} changes arguments it does not have"
    arguments.update({param: copy.deepcopy(bad.value), **bad.extra})
    problem = judge_refusal(run(spec.call, arguments), spec.names_for(param, bad), bad.errors)
    if problem:
        pytest.fail(f"{spec.name}({param}={label}): {problem}", pytrace=False)


# ---------------------------------------------------------------- wrong state


def _grad_set_to(value: Any) -> Callable[[type], Callable[[], Any]]:
    def for_class(cls: type) -> Callable[[], Any]:
        def call() -> Any:
            params = one_param()
            optimizer = cls(params, lr=0.1) if cls is optim.SGD else cls(params)
            params[0].grad = value
            optimizer.step()

        return call

    return for_class


STATE_CASES = [
    *[
        (
            f"{cls.__name__}().{method} before fit",
            lambda cls=cls, method=method, args=args: getattr(cls(), method)(*args),
            "fit",
        )
        for cls, methods in (
            (models.LinearRegression, {"predict": (XR,), "mse": (XR, YR), "score": (XR, YR)}),
            (models.Perceptron, {"predict": (XC,), "net_input": (XC,), "score": (XC, 2 * YC - 1)}),
            (models.MLPClassifier, {"predict": (XC,), "predict_proba": (XC,), "score": (XC, YC)}),
            (models.MLPRegressor, {"predict": (XR,), "score": (XR, YR)}),
            (data.Standardizer, {"transform": (XR,), "inverse_transform": (XR,)}),
        )
        for method, args in methods.items()
    ],
    *[
        (
            f"{type(factory()).__name__}.backward before forward",
            lambda factory=factory: factory().backward(np.ones((4, 2))),
            "forward",
        )
        for factory, _ in LAYERS
    ],
    *[(f"{cls.__name__}.backward before the loss", lambda cls=cls: cls().backward(), "loss") for cls in LOSS_CLASSES],
]


@pytest.mark.parametrize("call, hint", [pytest.param(call, hint, id=name) for name, call, hint in STATE_CASES])
def test_a_call_in_the_wrong_state_is_a_runtime_error_saying_what_to_do_first(call, hint):
    outcome = run(call, {})
    problem = judge_refusal(outcome, (hint,), (RuntimeError,))
    if problem:
        pytest.fail(problem, pytrace=False)


GRADIENT_MISUSE = [
    *[
        (f"{cls.__name__}.step after p.grad = None", _grad_set_to(None)(cls))
        for cls in (optim.SGD, optim.Momentum, optim.AdaGrad, optim.RMSProp, optim.Adam)
    ],
    *[
        (f"{cls.__name__}.step after p.grad = an array of the wrong shape", _grad_set_to(np.ones(3))(cls))
        for cls in (optim.SGD, optim.Momentum, optim.AdaGrad, optim.RMSProp, optim.Adam)
    ],
    *[
        (f"{cls.__name__}.step after p.grad = a str array", _grad_set_to(np.array(["a", "b"]))(cls))
        for cls in (optim.SGD, optim.Adam)
    ],
]


@pytest.mark.parametrize("call", [pytest.param(call, id=name) for name, call in GRADIENT_MISUSE])
def test_a_bad_gradient_is_refused_when_set_or_at_the_step_naming_grad(call):
    problem = judge_refusal(run(call, {}), ("grad",), (ValueError, TypeError, RuntimeError))
    if problem:
        pytest.fail(problem, pytrace=False)


# ------------------------------------------------------- extreme but valid input


def _step_with_huge_gradients(cls: type, **hyper: Any) -> np.ndarray:
    params = one_param()
    params[0].grad[...] = [1e200, -1e200]
    optimizer = cls(params, **hyper)
    for _ in range(3):
        optimizer.step()
    return params[0].data


def _clipped_norm_of_huge_gradients() -> tuple[float, float]:
    params = [nn.Parameter(np.zeros(2)), nn.Parameter(np.zeros(1))]
    params[0].grad[...] = [1e200, -1e200]
    params[1].grad[...] = [1e200]
    total = optim.clip_grad_norm(params, max_norm=1.0)
    after = math.hypot(*(float(g) for p in params for g in p.grad.ravel()))  # overflow-free
    assert math.isclose(total, math.sqrt(3) * 1e200, rel_tol=1e-12), total
    assert after <= 1.0 + 1e-6, after
    return total, after


EXTREME_CASES = [
    ("softmax of logits +-1e4", lambda: activations.softmax(np.array([[1e4, -1e4, 0.0]]))),
    (
        "batched softmax_jacobian of logits +-1e4",
        lambda: activations.softmax_jacobian(np.array([[1e4, -1e4], [0.0, 1.0]])),
    ),
    (
        "sigmoid / tanh / elu of +-1e4 and their derivatives",
        lambda: [f(np.array([1e4, -1e4])) for pair in activations.ACTIVATIONS.values() for f in pair],
    ),
    (
        "softmax_cross_entropy of logits +-1e4",
        lambda: losses.softmax_cross_entropy(np.array([[1e4, -1e4]]), np.array([1])),
    ),
    ("its gradient", lambda: losses.softmax_cross_entropy_grad(np.array([[1e4, -1e4]]), np.array([1]))),
    (
        "binary_cross_entropy_with_logits of +-1e4",
        lambda: losses.binary_cross_entropy_with_logits(np.array([1e4, -1e4]), np.array([0, 1])),
    ),
    (
        "binary_cross_entropy of probabilities 0 and 1",
        lambda: losses.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1, 0])),
    ),
    ("its gradient at 0 and 1", lambda: losses.binary_cross_entropy_grad(np.array([0.0, 1.0]), np.array([1, 0]))),
    (
        "cross_entropy of a one-hot probability row, wrong",
        lambda: losses.cross_entropy(np.array([[0.0, 1.0]]), np.array([0])),
    ),
    ("its gradient", lambda: losses.cross_entropy_grad(np.array([[0.0, 1.0]]), np.array([0]))),
    (
        "float32 softmax_cross_entropy of logits +-1e4",
        lambda: losses.softmax_cross_entropy(np.array([[1e4, -1e4]], dtype=np.float32), np.array([1])),
    ),
    (
        "Value.sigmoid / tanh of +-1e4",
        lambda: [getattr(autograd.Value(x), f)().data for x in (1e4, -1e4) for f in ("sigmoid", "tanh")],
    ),
    ("Standardizer of values +-1e200", lambda: data.Standardizer().fit_transform(np.array([[1e200], [-1e200]]))),
    ("clip_grad_norm of gradients 1e200", _clipped_norm_of_huge_gradients),
    ("relative_error of values 1e200", lambda: gradcheck.relative_error(np.array([1e200]), np.array([-1e200]))),
    *[
        (
            f"{cls.__name__} steps with gradients 1e200",
            lambda cls=cls, hyper=hyper: _step_with_huge_gradients(cls, **hyper),
        )
        for cls, hyper in (
            (optim.SGD, {"lr": 0.1}),
            (optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
            (optim.Momentum, {}),
            (optim.AdaGrad, {}),
            (optim.RMSProp, {}),
            (optim.Adam, {}),
            (optim.Adam, {"weight_decay": 0.1}),
            (optim.AdamW, {}),
        )
    ],
    ("MAE of residuals 1e200", lambda: losses.mae(np.array([1e200, -1e200]), np.array([-1e200, 0.0]))),
    (
        "softmax cross-entropy of logits +-1e200",
        lambda: losses.softmax_cross_entropy(np.array([[1e200, -1e200]]), np.array([1])),
    ),
]


@pytest.mark.parametrize("call", [pytest.param(call, id=name) for name, call in EXTREME_CASES])
def test_extreme_but_valid_input_gives_a_finite_result_without_warning(call):
    outcome = run(call, {})
    assert outcome.error is None, f"raised {type(outcome.error).__name__}: {outcome.error}"
    assert not outcome.caught, "warned " + "; ".join(f"{w.category.__name__}: {w.message}" for w in outcome.caught)
    assert nonfinite(outcome.result) is None, f"returned {short(outcome.result)}"


# ------------------------------------------------------------ hypothesis properties

FLOAT_DTYPES = st.sampled_from([np.dtype(np.float32), np.dtype(np.float64)])


@st.composite
def finite_arrays(draw: Any, min_dims: int = 0, max_dims: int = 2, bound: float | None = None) -> np.ndarray:
    dtype = draw(FLOAT_DTYPES)
    elements = {"allow_nan": False, "allow_infinity": False}
    if bound is not None:
        elements.update(min_value=-bound, max_value=bound)
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=5))
    return draw(hnp.arrays(dtype, shape, elements=elements))


def _quietly(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


@given(x=finite_arrays())
def test_every_activation_maps_any_finite_array_to_a_finite_array_of_its_shape_and_dtype(x):
    for name, pair in activations.ACTIVATIONS.items():
        for function in pair:
            try:
                out = np.asarray(_quietly(function, x))
            except Exception as error:
                raise AssertionError(f"{function.__name__}: {type(error).__name__}: {error}") from error
            assert out.shape == x.shape, (name, function.__name__)
            assert out.dtype == x.dtype, (name, function.__name__, out.dtype)
            assert np.all(np.isfinite(out)), (name, function.__name__, x, out)


@given(logits=finite_arrays(min_dims=2, max_dims=2, bound=1e4), data_=st.data())
def test_extreme_logits_give_finite_softmax_and_cross_entropy(logits, data_):
    labels = np.array(
        data_.draw(st.lists(st.integers(0, logits.shape[1] - 1), min_size=len(logits), max_size=len(logits)))
    )
    probabilities = _quietly(activations.softmax, logits)
    assert np.all(np.isfinite(probabilities))
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    jacobian = _quietly(activations.softmax_jacobian, logits[0])
    assert np.all(np.isfinite(jacobian))
    for function in (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad):
        assert nonfinite(_quietly(function, logits, labels)) is None, function.__name__
    flat = logits.ravel()
    binary = data_.draw(hnp.arrays(np.int64, flat.shape, elements=st.integers(0, 1)))
    for function in (losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad):
        assert nonfinite(_quietly(function, flat, binary)) is None, function.__name__
    assert losses.softmax_cross_entropy(logits, labels) >= 0


@given(
    raw=hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6), elements=st.floats(0, 1)
    ),
    dtype=FLOAT_DTYPES,
    data_=st.data(),
)
def test_any_probabilities_give_a_finite_loss_and_gradient(raw, dtype, data_):
    raw = raw + (raw.sum(axis=1, keepdims=True) == 0)  # a row of zeros becomes a row of ones
    probs = (raw / raw.sum(axis=1, keepdims=True)).astype(dtype)
    labels = np.array(
        data_.draw(st.lists(st.integers(0, probs.shape[1] - 1), min_size=len(probs), max_size=len(probs)))
    )
    for function in (losses.cross_entropy, losses.cross_entropy_grad):
        assert nonfinite(_quietly(function, probs, labels)) is None, function.__name__
    p = raw.ravel().astype(dtype)
    t = data_.draw(hnp.arrays(np.float64, p.shape, elements=st.sampled_from([0.0, 1.0])))
    for function in (losses.binary_cross_entropy, losses.binary_cross_entropy_grad):
        assert nonfinite(_quietly(function, p, t)) is None, function.__name__
