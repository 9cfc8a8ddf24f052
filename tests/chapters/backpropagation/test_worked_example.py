"""The library reproduces a published backpropagation example number for number.

Matt Mazur, "A Step by Step Backpropagation Example" (2015),
https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/

A 2-2-2 network with sigmoid hidden and output units, inputs 0.05/0.10,
targets 0.01/0.99, error E = sum 1/2 (target - out)^2, learning rate 0.5.
In the article's figure

    h1 = s(w1 i1 + w2 i2 + b1)    h2 = s(w3 i1 + w4 i2 + b1)
    o1 = s(w5 h1 + w6 h2 + b2)    o2 = s(w7 h1 + w8 h2 + b2)

so in the row-vector form x @ W + b: W1 = [[w1, w3], [w2, w4]] and
W2 = [[w5, w7], [w6, w8]]. With one sample and two outputs our MSELoss (the
mean of the two squared errors) equals E exactly, gradients included:
E = (1/2) sum = (n_outputs / 2) * MSE = MSE.

The article updates the eight weights only (not the biases), each from the
gradient of the initial network; the published values are compared here.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.gradcheck import worked_example_2_2_2
from mlcourse.losses import MSELoss
from mlcourse.nn import Linear, Sequential, Sigmoid

W1_TO_W8 = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
PUBLISHED = {  # values printed in the article
    "out_h1": 0.593269992, "out_h2": 0.596884378,
    "out_o1": 0.75136507, "out_o2": 0.772928465,
    "E_total": 0.298371109,
    "dE/dw5": 0.082167041, "dE/dw1": 0.000438568,
    "w5": 0.35891648, "w6": 0.408666186, "w7": 0.511301270, "w8": 0.561370121,
    "w1": 0.149780716, "w2": 0.19956143, "w3": 0.24975114, "w4": 0.29950229,
}


def build_network() -> Sequential:
    w1, w2, w3, w4, w5, w6, w7, w8 = W1_TO_W8
    hidden, output = Linear(2, 2), Linear(2, 2)
    hidden.W.data[...] = [[w1, w3], [w2, w4]]
    hidden.b.data[...] = [0.35, 0.35]
    output.W.data[...] = [[w5, w7], [w6, w8]]
    output.b.data[...] = [0.60, 0.60]
    return Sequential(hidden, Sigmoid(), output, Sigmoid())


def test_forward_pass_and_total_error() -> None:
    model = build_network()
    x, target = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])
    hidden = model[1](model[0](x))
    np.testing.assert_allclose(hidden, [[PUBLISHED["out_h1"], PUBLISHED["out_h2"]]], atol=5e-9)
    out = model(x)
    np.testing.assert_allclose(out, [[PUBLISHED["out_o1"], PUBLISHED["out_o2"]]], atol=5e-9)
    assert MSELoss()(out, target) == pytest.approx(PUBLISHED["E_total"], abs=5e-10)


def test_one_step_of_gradient_descent_gives_the_published_weights() -> None:
    model = build_network()
    loss_fn = MSELoss()
    loss_fn(model(np.array([[0.05, 0.10]])), np.array([[0.01, 0.99]]))
    model.zero_grad()
    model.backward(loss_fn.backward())
    hidden, output = model[0], model[2]
    assert output.W.grad[0, 0] == pytest.approx(PUBLISHED["dE/dw5"], abs=5e-10)
    assert hidden.W.grad[0, 0] == pytest.approx(PUBLISHED["dE/dw1"], abs=5e-10)
    learning_rate = 0.5
    for layer in (hidden, output):  # weights only, as in the article
        layer.W.data -= learning_rate * layer.W.grad
    updated = {
        "w1": hidden.W.data[0, 0], "w2": hidden.W.data[1, 0],
        "w3": hidden.W.data[0, 1], "w4": hidden.W.data[1, 1],
        "w5": output.W.data[0, 0], "w6": output.W.data[1, 0],
        "w7": output.W.data[0, 1], "w8": output.W.data[1, 1],
    }
    for name, value in updated.items():
        assert round(float(value), 8) == pytest.approx(round(PUBLISHED[name], 8), abs=1e-12), name


def test_the_packaged_example_is_the_same_network() -> None:
    example = worked_example_2_2_2()
    ours, theirs = build_network().state_dict(), example["model"].state_dict()
    assert list(ours) == list(theirs)
    for key in ours:
        np.testing.assert_array_equal(ours[key], theirs[key])
    np.testing.assert_array_equal(example["inputs"], [[0.05, 0.10]])
    np.testing.assert_array_equal(example["targets"], [[0.01, 0.99]])
    assert example["learning_rate"] == 0.5
    assert example["published_total_error"] == PUBLISHED["E_total"]
    for name, value in example["published_updated_weights"].items():
        assert value == pytest.approx(PUBLISHED[name], abs=1e-9)
    state = build_network().state_dict()
    for name, value in zip(["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"], W1_TO_W8):
        key, index = example["weights"][name]
        assert state[key][index] == value, name
