"""What a learner gets wrong is refused with an error that names the expected and the actual.

Each case: the call, the exception type, and a regular expression that the
message must match (it names what was expected and what came).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

from mlcourse import activations, init, losses, nn
from mlcourse.autograd import Value
from mlcourse.gradcheck import numerical_gradient, relative_error


def forward_then(layer: nn.Module, x: np.ndarray, method: str = "backward", *args: Any) -> Callable[[], Any]:
    def call() -> Any:
        layer.forward(x)
        return getattr(layer, method)(*args)

    return call


def two_layer_state_without(key: str) -> dict[str, np.ndarray]:
    state = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)).state_dict()
    del state[key]
    return state


def frozen_dropout_on_new_shape() -> None:
    layer = nn.Dropout(0.5, seed=0)
    layer(np.ones((2, 3)))
    layer.freeze_mask = True
    layer(np.ones((4, 3)))


X4 = np.ones((3, 4))
LABELS = np.array([0, 1, 2, 0])
LOGITS = np.zeros((4, 3))

CASES = [
    # ---- Linear: shapes, dtypes, values
    (
        "vector into Linear",
        lambda: nn.Linear(4, 2)(np.ones(3)),
        ValueError,
        r"Linear\(4, 2\) expects input of shape \(n_samples, 4\), got shape \(3,\)",
    ),
    (
        "one sample without batch axis",
        lambda: nn.Linear(4, 2)(np.ones(4)),
        ValueError,
        r"expects input of shape \(n_samples, 4\), got shape \(4,\) \(for one sample use x.reshape\(1, -1\)\)",
    ),
    (
        "wrong n_features",
        lambda: nn.Linear(4, 2)(np.ones((5, 3))),
        ValueError,
        r"Linear\(4, 2\) expects input of shape \(n_samples, 4\), got shape \(5, 3\)",
    ),
    (
        "3-D input",
        lambda: nn.Linear(4, 2)(np.ones((2, 2, 4))),
        ValueError,
        r"expects input of shape \(n_samples, 4\), got shape \(2, 2, 4\)",
    ),
    (
        "integer features",
        lambda: nn.Linear(4, 2)(np.ones((3, 4), dtype=np.int64)),
        TypeError,
        r"input of Linear\(4, 2\) must be a float32 or float64 array, got dtype int64",
    ),
    (
        "string features",
        lambda: nn.Linear(4, 2)(np.array([["a"] * 4])),
        TypeError,
        r"input of Linear\(4, 2\) must be a float32 or float64 array, got dtype <U1",
    ),
    (
        "NaN in the input",
        lambda: nn.Linear(4, 2)(np.array([[1.0, np.nan, 0.0, 0.0]])),
        ValueError,
        r"Linear\(4, 2\) expects finite input, got NaN or inf in an array of shape \(1, 4\)",
    ),
    (
        "empty batch",
        lambda: nn.Linear(4, 2)(np.ones((0, 4))),
        ValueError,
        r"Linear\(4, 2\) expects at least one sample, got an empty batch of shape \(0, 4\)",
    ),
    ("Linear(0, 3)", lambda: nn.Linear(0, 3), ValueError, r"n_in must be >= 1, got 0"),
    ("fractional n_out", lambda: nn.Linear(3, 2.5), TypeError, r"n_out must be an integer, got float 2.5"),
    (
        "integer dtype for Linear",
        lambda: nn.Linear(3, 2, dtype=np.int32),
        TypeError,
        r"dtype must be float32 or float64, got int32",
    ),
    (
        "unknown init name",
        lambda: nn.Linear(3, 2, init="bogus"),
        ValueError,
        r"unknown initializer 'bogus'; valid names: zeros, normal, xavier_normal",
    ),
    (
        "rng of the wrong type",
        lambda: nn.Linear(3, 2, rng=42),
        TypeError,
        r"rng must be a numpy.random.Generator .*, got int 42",
    ),
    # ---- backward misuse
    (
        "Linear backward before forward",
        lambda: nn.Linear(4, 2).backward(np.ones((3, 2))),
        RuntimeError,
        r"Linear\(4, 2\).backward\(\) called before forward\(\)",
    ),
    (
        "ReLU backward before forward",
        lambda: nn.ReLU().backward(np.ones((3, 2))),
        RuntimeError,
        r"ReLU\(\).backward\(\) called before forward\(\)",
    ),
    (
        "grad_out of the wrong shape",
        forward_then(nn.Linear(4, 2), X4, "backward", np.ones((3, 3))),
        ValueError,
        r"Linear\(4, 2\).backward expects grad_out of shape \(3, 2\) .*, got shape \(3, 3\)",
    ),
    (
        "Sigmoid grad_out of the wrong shape",
        forward_then(nn.Sigmoid(), X4, "backward", np.ones((4, 3))),
        ValueError,
        r"Sigmoid\(\).backward expects grad_out of shape \(3, 4\) .*, got shape \(4, 3\)",
    ),
    (
        "Dropout backward before forward",
        lambda: nn.Dropout(0.5).backward(np.ones(2)),
        RuntimeError,
        r"Dropout\(p=0.5\).backward\(\) called before forward\(\)",
    ),
    # ---- Dropout and BatchNorm
    ("Dropout(p=1.5)", lambda: nn.Dropout(p=1.5), ValueError, r"p must lie in \[0, 1\), got 1.5"),
    ("Dropout(p=-0.1)", lambda: nn.Dropout(p=-0.1), ValueError, r"p must lie in \[0, 1\), got -0.1"),
    ("Dropout(p=1)", lambda: nn.Dropout(p=1.0), ValueError, r"p must lie in \[0, 1\), got 1.0"),
    (
        "frozen dropout mask on a new shape",
        frozen_dropout_on_new_shape,
        ValueError,
        r"frozen mask of shape \(2, 3\), got input of shape \(4, 3\)",
    ),
    (
        "BatchNorm1d with one sample in training",
        lambda: nn.BatchNorm1d(3)(np.ones((1, 3))),
        ValueError,
        r"BatchNorm1d\(3\) in training mode expects more than 1 sample per batch .*got input of shape \(1, 3\)",
    ),
    (
        "BatchNorm1d with the wrong n_features",
        lambda: nn.BatchNorm1d(3)(np.ones((5, 2))),
        ValueError,
        r"BatchNorm1d\(3\) expects input of shape \(n_samples, 3\), got shape \(5, 2\)",
    ),
    (
        "BatchNorm1d momentum above 1",
        lambda: nn.BatchNorm1d(3, momentum=1.5),
        ValueError,
        r"momentum must lie in \[0, 1\], got 1.5",
    ),
    # ---- containers, saving and loading
    (
        "Sequential of a non-module",
        lambda: nn.Sequential(nn.ReLU(), 3),
        TypeError,
        r"Sequential expects Module objects, got int at position 1",
    ),
    (
        "summary with layers that do not chain",
        lambda: nn.Sequential(nn.Linear(4, 3), nn.Linear(2, 1)).summary(4),
        ValueError,
        r"Linear\(2, 1\) expects 2 input features, got 3",
    ),
    (
        "load_state_dict with a missing key",
        lambda: nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)).load_state_dict(
            two_layer_state_without("2.b")
        ),
        ValueError,
        r"missing keys \['2.b'\].*expected keys: \['0.W', '0.b', '2.W', '2.b'\]",
    ),
    (
        "load_state_dict with an unexpected key",
        lambda: nn.Sequential(nn.Linear(3, 2)).load_state_dict(
            {"0.W": np.zeros((3, 2)), "0.b": np.zeros(2), "1.W": np.zeros(2)}
        ),
        ValueError,
        r"unexpected keys \['1.W'\]",
    ),
    (
        "load_state_dict with a wrong shape",
        lambda: nn.Sequential(nn.Linear(3, 2)).load_state_dict({"0.W": np.zeros((2, 3)), "0.b": np.zeros(2)}),
        ValueError,
        r"shape mismatch: 0.W: expected shape \(3, 2\), got \(2, 3\)",
    ),
    # ---- losses
    (
        "MSE of mismatched shapes",
        lambda: losses.mse(np.ones(3), np.ones(4)),
        ValueError,
        r"pred and target must have the same shape, got pred \(3,\) and target \(4,\)",
    ),
    (
        "MSE of (n, 2) against (n,)",
        lambda: losses.MSELoss()(np.ones((3, 2)), np.ones(3)),
        ValueError,
        r"pred and target must have the same shape, got pred \(3, 2\) and target \(3,\)",
    ),
    (
        "integer predictions",
        lambda: losses.mse(np.array([1, 2]), np.array([1.0, 2.0])),
        TypeError,
        r"pred must be a float32 or float64 array, got dtype int64",
    ),
    (
        "string targets",
        lambda: losses.mae(np.ones(2), np.array(["a", "b"])),
        TypeError,
        r"target must hold real numbers, got array of shape \(2,\) and dtype <U1",
    ),
    (
        "NaN in the target",
        lambda: losses.mse(np.ones(2), np.array([0.0, np.nan])),
        ValueError,
        r"target must be finite, got NaN/inf in target of shape \(2,\)",
    ),
    (
        "empty prediction",
        lambda: losses.mse(np.ones(0), np.ones(0)),
        ValueError,
        r"pred must not be empty, got shape \(0,\)",
    ),
    (
        "labels of the wrong length",
        lambda: losses.softmax_cross_entropy(LOGITS, LABELS[:3]),
        ValueError,
        r"logits and target must have the same number of samples, got 4 and 3",
    ),
    (
        "label out of range",
        lambda: losses.CrossEntropyLoss()(LOGITS, np.array([0, 1, 3, 0])),
        ValueError,
        r"target must lie in \[0, 2\], got values from 0 to 3",
    ),
    (
        "negative label",
        lambda: losses.cross_entropy(np.full((4, 3), 1 / 3), np.array([0, -1, 2, 0])),
        ValueError,
        r"target must lie in \[0, 2\], got values from -1 to 2",
    ),
    (
        "one-hot of the wrong width",
        lambda: losses.softmax_cross_entropy(LOGITS, np.eye(2)[[0, 1, 1, 0]]),
        ValueError,
        r"one-hot target must have shape \(4, 3\) \(n_samples, n_classes\), got shape \(4, 2\)",
    ),
    (
        "fractional labels",
        lambda: losses.softmax_cross_entropy(LOGITS, np.array([0.5, 1, 2, 0])),
        TypeError,
        r"target must be integer class labels, got array of shape \(4,\) and dtype float64",
    ),
    (
        "1-D logits for a categorical loss",
        lambda: losses.softmax_cross_entropy(np.zeros(3), np.array([0])),
        ValueError,
        r"logits must have shape \(n_samples, n_classes\), got shape \(3,\)",
    ),
    (
        "-1/+1 labels for a binary cross-entropy",
        lambda: losses.BCEWithLogitsLoss()(np.zeros(2), np.array([-1.0, 1.0])),
        ValueError,
        r"must lie in \[0, 1\] \(labels 0/1, not -1/\+1\), got values from -1.0 to 1.0",
    ),
    (
        "loss backward before the loss",
        lambda: losses.BCELoss().backward(),
        RuntimeError,
        r"BCELoss.backward\(\) called before the loss was computed",
    ),
    # ---- names
    (
        "unknown activation",
        lambda: activations.get_activation("swish"),
        ValueError,
        r"unknown activation 'swish'; valid names: step, identity, sigmoid, tanh, relu, leaky_relu, elu",
    ),
    (
        "unknown activation layer",
        lambda: nn.activation_module("gelu"),
        ValueError,
        r"unknown activation 'gelu'; valid names: step, identity",
    ),
    (
        "unknown loss",
        lambda: losses.get_loss("hinge"),
        ValueError,
        r"unknown loss 'hinge'; valid names: mse, mae, bce, bce_logits, cross_entropy",
    ),
    (
        "unknown initializer",
        lambda: init.get_initializer("lecun"),
        ValueError,
        r"unknown initializer 'lecun'; valid names: zeros",
    ),
    (
        "both rng and seed",
        lambda: init.he_normal(3, 2, rng=np.random.default_rng(0), seed=0),
        ValueError,
        r"pass rng or seed, not both",
    ),
    # ---- autograd and gradcheck
    ("log of -1", lambda: Value(-1.0).log(), ValueError, r"log needs a positive value, got -1.0"),
    (
        "non-scalar function in numerical_gradient",
        lambda: numerical_gradient(lambda v: v, np.ones(2)),
        TypeError,
        r"f must return a scalar, got an array of shape \(2,\)",
    ),
    (
        "relative_error of different shapes",
        lambda: relative_error(np.ones(2), np.ones((2, 1))),
        ValueError,
        r"a and b must have the same shape, got \(2,\) and \(2, 1\)",
    ),
]


@pytest.mark.parametrize("call, exception, message", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_is_refused_with_a_clear_message(call: Callable[[], Any], exception: type, message: str) -> None:
    with pytest.raises(exception, match=message):
        call()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25
