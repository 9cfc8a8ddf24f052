"""Chapter 5's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse import nn
from mlcourse.activations import sigmoid
from mlcourse.chapters.multilayer_perceptron.exercises import check_forward, check_train_step, library_forward
from mlcourse.train import train_step as library_train_step


def forward(X, W1, b1, W2, b2):  # the page's solution
    H = sigmoid(X @ W1 + b1)
    Y_hat = sigmoid(H @ W2 + b2)
    return H, Y_hat


def train_step(model, loss_fn, optimizer, X, y):  # the page's solution
    optimizer.zero_grad()
    output = model(X)
    value = loss_fn(output, y)
    model.backward(loss_fn.backward())
    optimizer.step()
    return value


def test_the_reference_is_the_library_network():
    rng = np.random.default_rng(5)
    X, W1, b1, W2, b2 = (
        rng.normal(size=(4, 3)),
        rng.normal(size=(3, 2)),
        rng.normal(size=2),
        rng.normal(size=(2, 1)),
        [0.3],
    )
    hidden, output = nn.Linear(3, 2), nn.Linear(2, 1)
    hidden.W.data[...], hidden.b.data[...], output.W.data[...], output.b.data[...] = W1, b1, W2, b2
    H, Y_hat = library_forward(X, W1, b1, W2, np.array(b2))
    np.testing.assert_allclose(H, nn.Sigmoid()(hidden(X)), rtol=1e-14)
    np.testing.assert_allclose(Y_hat, nn.Sequential(hidden, nn.Sigmoid(), output, nn.Sigmoid())(X), rtol=1e-14)


def test_the_library_and_the_published_solutions_pass():
    assert check_forward(library_forward).correct
    assert check_forward(forward).correct
    assert check_train_step(library_train_step).correct
    assert check_train_step(train_step).correct


def test_forward_mistakes_are_named():
    def linear_output(X, W1, b1, W2, b2):
        H = sigmoid(X @ W1 + b1)
        return H, H @ W2 + b2

    def transposed(X, W1, b1, W2, b2):
        H = sigmoid(X @ W1.T + b1)
        return H, sigmoid(H @ W2 + b2)

    def no_bias(X, W1, b1, W2, b2):
        H = sigmoid(X @ W1)
        return H, sigmoid(H @ W2 + b2)

    def slightly_off(X, W1, b1, W2, b2):
        H, Y_hat = forward(X, W1, b1, W2, b2)
        return H, Y_hat + 1e-4

    assert "Y_hat differs" in check_forward(linear_output).message
    message = check_forward(transposed).message
    assert "raised ValueError" in message and "row-vector convention W1 has shape (n_in, n_hidden)" in message
    assert "H differs" in check_forward(no_bias).message
    assert "returns 1 value(s); expected 2" in check_forward(lambda *arguments: forward(*arguments)[1]).message
    assert not check_forward(slightly_off).correct
    assert "\n" not in check_forward(no_bias).message  # the matrices of the message on one line


def test_training_step_mistakes_are_named():
    def no_zero_grad(model, loss_fn, optimizer, X, y):
        value = loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()
        return value

    def no_update(model, loss_fn, optimizer, X, y):
        optimizer.zero_grad()
        value = loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        return value

    def loss_after_update(model, loss_fn, optimizer, X, y):
        train_step(model, loss_fn, optimizer, X, y)
        return loss_fn(model(X), y)

    def no_return(model, loss_fn, optimizer, X, y):
        train_step(model, loss_fn, optimizer, X, y)

    assert "the gradients add up" in check_train_step(no_zero_grad).message
    assert "The weights never move: call optimizer.step()" in check_train_step(no_update).message
    assert "computed before the update" in check_train_step(loss_after_update).message
    assert "did you forget a return statement" in check_train_step(no_return).message
