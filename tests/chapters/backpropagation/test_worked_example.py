"""Mazur's 2-2-2 worked example, by hand and by the layers, reproduces the published numbers.

Matt Mazur, "A Step by Step Backpropagation Example" (2015),
https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/

A 2-2-2 network with sigmoid hidden and output units, inputs 0.05/0.10,
targets 0.01/0.99, error E = sum 1/2 (target - out)^2, learning rate 0.5.
In the article's figure

    h1 = s(w1 i1 + w2 i2 + b1)    h2 = s(w3 i1 + w4 i2 + b1)
    o1 = s(w5 h1 + w6 h2 + b2)    o2 = s(w7 h1 + w8 h2 + b2)

mlcourse.chapters.backpropagation.analysis computes it twice:
worked_example_by_hand with scalar formulas, worked_example_network with the
layers of mlcourse.nn (with one sample and two outputs MSELoss equals E,
gradients included). Oracles: the numbers printed in the article (typed in
below, not read from the module), and each computation for the other, also
at random weights. The article updates the eight weights only (not the
biases), each from the gradient of the initial network.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.chapters.backpropagation.analysis import (
    MAZUR_INPUTS,
    MAZUR_LEARNING_RATE,
    MAZUR_PUBLISHED_ERROR,
    MAZUR_PUBLISHED_WEIGHTS,
    MAZUR_TARGETS,
    MAZUR_WEIGHTS,
    WEIGHT_NAMES,
    worked_example_by_hand,
    worked_example_network,
)
from mlcourse.losses import MSELoss

PUBLISHED = {  # Mazur (2015), as printed
    ("forward", "h1"): 0.593269992,
    ("forward", "h2"): 0.596884378,
    ("forward", "o1"): 0.75136507,
    ("forward", "o2"): 0.772928465,
    ("forward", "z1"): 0.3775,
    ("forward", "z3"): 1.105905967,
    ("forward", "E_o1"): 0.274811083,
    ("forward", "E_o2"): 0.023560026,
    ("forward", "E_total"): 0.298371109,
    ("w5", "dE/do1"): 0.74136507,
    ("w5", "do1/dz3"): 0.186815602,
    ("w5", "dz3/dw5"): 0.593269992,
    ("w5", "dE/dw5"): 0.082167041,
    ("w5", "w5 updated"): 0.35891648,
    ("w1", "dE/dz3"): 0.138498562,
    ("w1", "dE/dz3 * dz3/dh1"): 0.055399425,
    ("w1", "dE/dz4 * dz4/dh1"): -0.019049119,
    ("w1", "dE/dh1"): 0.036350306,
    ("w1", "dh1/dz1"): 0.241300709,
    ("w1", "dz1/dw1"): 0.05,
    ("w1", "dE/dw1"): 0.000438568,
    ("w1", "w1 updated"): 0.149780716,
}
PUBLISHED_UPDATED = {
    "w1": 0.149780716,
    "w2": 0.19956143,
    "w3": 0.24975114,
    "w4": 0.29950229,
    "w5": 0.35891648,
    "w6": 0.408666186,
    "w7": 0.511301270,
    "w8": 0.561370121,
}


def test_the_example_is_the_articles():
    assert (MAZUR_INPUTS, MAZUR_TARGETS, MAZUR_LEARNING_RATE) == ((0.05, 0.10), (0.01, 0.99), 0.5)
    assert MAZUR_WEIGHTS == (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
    assert MAZUR_PUBLISHED_ERROR == PUBLISHED[("forward", "E_total")]
    assert MAZUR_PUBLISHED_WEIGHTS == PUBLISHED_UPDATED


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_hand_computation_reproduces_the_published_numbers(key):
    part, name = key
    assert worked_example_by_hand()[part][name] == pytest.approx(PUBLISHED[key], abs=6e-9)


def test_the_network_is_the_figure_of_the_article():
    example = worked_example_network()
    model = example["model"]
    assert [repr(layer) for layer in model] == ["Linear(2, 2)", "Sigmoid()", "Linear(2, 2)", "Sigmoid()"]
    assert isinstance(example["loss"], MSELoss)
    np.testing.assert_array_equal(example["inputs"], [[0.05, 0.10]])
    np.testing.assert_array_equal(example["targets"], [[0.01, 0.99]])
    # row-vector form x @ W + b: W1 = [[w1, w3], [w2, w4]], W2 = [[w5, w7], [w6, w8]]
    np.testing.assert_array_equal(model[0].W.data, [[0.15, 0.25], [0.20, 0.30]])
    np.testing.assert_array_equal(model[2].W.data, [[0.40, 0.50], [0.45, 0.55]])
    np.testing.assert_array_equal(model[0].b.data, [0.35, 0.35])
    np.testing.assert_array_equal(model[2].b.data, [0.60, 0.60])
    state = model.state_dict()
    for name, (key, index) in example["positions"].items():
        assert state[key][index] == example["initial_weights"][name], name
    assert list(example["positions"]) == list(WEIGHT_NAMES)
    assert worked_example_network()["model"] is not model  # a fresh network each call


def test_forward_pass_and_total_error_by_the_layers():
    example = worked_example_network()
    model = example["model"]
    hidden = model[1](model[0](example["inputs"]))
    np.testing.assert_allclose(hidden, [[PUBLISHED[("forward", "h1")], PUBLISHED[("forward", "h2")]]], atol=5e-9)
    out = model(example["inputs"])
    np.testing.assert_allclose(out, [[PUBLISHED[("forward", "o1")], PUBLISHED[("forward", "o2")]]], atol=5e-9)
    assert example["loss"](out, example["targets"]) == pytest.approx(PUBLISHED[("forward", "E_total")], abs=5e-10)


def test_one_step_of_gradient_descent_by_the_layers_gives_the_published_weights():
    example = worked_example_network()
    model, loss_fn = example["model"], example["loss"]
    loss_fn(model(example["inputs"]), example["targets"])
    model.zero_grad()
    model.backward(loss_fn.backward())
    hidden, output = model[0], model[2]
    assert output.W.grad[0, 0] == pytest.approx(PUBLISHED[("w5", "dE/dw5")], abs=5e-10)
    assert hidden.W.grad[0, 0] == pytest.approx(PUBLISHED[("w1", "dE/dw1")], abs=5e-10)
    for layer in (hidden, output):  # weights only, as in the article
        layer.W.data -= 0.5 * layer.W.grad
    parameters = dict(model.named_parameters())
    for name, (key, index) in example["positions"].items():
        updated = float(parameters[key].data[index])
        assert round(updated, 8) == pytest.approx(round(PUBLISHED_UPDATED[name], 8), abs=1e-12), name


def _layer_results(network):
    model, loss_fn = network["model"], network["loss"]
    out = model(network["inputs"])
    loss = loss_fn(out, network["targets"])
    model.backward(loss_fn.backward())
    return out, loss, model[0].W.grad[0, 0], model[2].W.grad[0, 0]


def test_hand_computation_matches_the_layers():
    out, loss, dw1, dw5 = _layer_results(worked_example_network())
    steps = worked_example_by_hand()
    assert steps["forward"]["E_total"] == pytest.approx(loss, abs=1e-15)
    assert steps["w5"]["dE/dw5"] == pytest.approx(dw5, abs=1e-15)
    assert steps["w1"]["dE/dw1"] == pytest.approx(dw1, abs=1e-15)


@pytest.mark.parametrize("seed", range(5))
def test_hand_computation_agrees_with_the_layers_for_random_weights(seed):
    rng = np.random.default_rng(seed)
    weights, inputs, targets, biases = rng.normal(size=8), rng.normal(size=2), rng.uniform(size=2), rng.normal(size=2)
    steps = worked_example_by_hand(inputs, targets, weights, biases, learning_rate=0.1)
    out, loss, dw1, dw5 = _layer_results(worked_example_network(inputs, targets, weights, biases))
    assert steps["forward"]["o1"] == pytest.approx(out[0, 0], abs=1e-14)
    assert steps["forward"]["o2"] == pytest.approx(out[0, 1], abs=1e-14)
    assert steps["forward"]["E_total"] == pytest.approx(loss, abs=1e-14)
    assert steps["w5"]["dE/dw5"] == pytest.approx(dw5, abs=1e-14)
    assert steps["w1"]["dE/dw1"] == pytest.approx(dw1, abs=1e-14)
    assert steps["w1"]["w1 updated"] == pytest.approx(weights[0] - 0.1 * dw1, abs=1e-14)


def test_one_output_path_alone_is_not_the_gradient_of_w1():
    steps = worked_example_by_hand()["w1"]
    only_o1 = steps["dE/dz3 * dz3/dh1"] * steps["dh1/dz1"] * steps["dz1/dw1"]
    assert abs(only_o1 - steps["dE/dw1"]) > 0.5 * abs(steps["dE/dw1"])


@pytest.mark.parametrize("build", [worked_example_by_hand, worked_example_network])
@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"weights": [0.1] * 7}, "8 numbers"),
        ({"inputs": [0.1, 0.2, 0.3]}, "pair"),
        ({"biases": [0.1]}, "pair"),
    ],
)
def test_both_computations_reject_bad_input(build, kwargs, message):
    with pytest.raises(ValueError, match=message):
        build(**kwargs)


def test_hand_computation_rejects_a_non_positive_learning_rate():
    with pytest.raises(ValueError, match="learning_rate"):
        worked_example_by_hand(learning_rate=0.0)
