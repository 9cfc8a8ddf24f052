"""Chapter 8's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse import nn
from mlcourse.activations import sigmoid
from mlcourse.chapters.backpropagation.exercises import (
    check_linear_backward,
    check_network_gradients,
    library_linear_backward,
    library_network_gradients,
)
from mlcourse.gradcheck import numerical_gradient


def linear_backward(x, W, grad_out):  # the page's solution
    grad_x = grad_out @ W.T
    grad_W = x.T @ grad_out
    grad_b = grad_out.sum(axis=0)
    return grad_x, grad_W, grad_b


def network_gradients(X, Y, W1, b1, W2, b2):  # the page's solution
    H = sigmoid(X @ W1 + b1)
    Y_hat = sigmoid(H @ W2 + b2)
    grad_Y_hat = 2 * (Y_hat - Y) / Y.size
    delta2 = grad_Y_hat * Y_hat * (1 - Y_hat)
    grad_H, dW2, db2 = linear_backward(H, W2, delta2)
    delta1 = grad_H * H * (1 - H)
    _, dW1, db1 = linear_backward(X, W1, delta1)
    return dW1, db1, dW2, db2


def test_the_references_are_the_library_layers():
    rng = np.random.default_rng(3)
    x, W, grad_out = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    layer = nn.Linear(3, 2)
    layer.W.data[...] = W
    layer(x)
    grad_x = layer.backward(grad_out)
    for got, expected in zip(library_linear_backward(x, W, grad_out), (grad_x, layer.W.grad, layer.b.grad)):
        np.testing.assert_array_equal(got, expected)


def test_the_network_reference_is_the_gradient_of_the_mean_squared_error():
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))
    params = [rng.normal(size=shape) for shape in ((2, 3), (3,), (3, 2), (2,))]

    def loss(W1, b1, W2, b2):
        return np.mean((sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2) - Y) ** 2)

    gradients = library_network_gradients(X, Y, *params)
    for k, gradient in enumerate(gradients):

        def along_k(value, k=k):
            return loss(*[value if i == k else p for i, p in enumerate(params)])

        np.testing.assert_allclose(gradient, numerical_gradient(along_k, params[k].copy()), rtol=1e-6, atol=1e-10)


def test_the_library_and_the_published_solutions_pass():
    assert check_linear_backward(library_linear_backward).correct
    assert check_linear_backward(linear_backward).correct
    assert check_network_gradients(library_network_gradients).correct
    assert check_network_gradients(network_gradients).correct


def test_linear_backward_mistakes_are_named():
    def averaged_bias(x, W, grad_out):
        return grad_out @ W.T, x.T @ grad_out, grad_out.mean(axis=0)

    def bias_not_summed(x, W, grad_out):
        return grad_out @ W.T, x.T @ grad_out, grad_out

    def transposed(x, W, grad_out):
        return grad_out @ W.T, grad_out.T @ x, grad_out.sum(axis=0)

    def untransposed_input(x, W, grad_out):
        return grad_out @ W, x.T @ grad_out, grad_out.sum(axis=0)

    message = check_linear_backward(averaged_bias).message
    assert "grad_b is 0.3333 times the right value" in message and "it does not average it" in message
    assert "grad_b has shape (3, 2), expected (2,)" in check_linear_backward(bias_not_summed).message
    assert "grad_W has shape (2, 3), expected (3, 2)" in check_linear_backward(transposed).message
    message = check_linear_backward(untransposed_input).message
    assert "raised ValueError" in message and "grad_x has the shape of x" in message
    assert "returns 2 value(s); expected 3" in check_linear_backward(lambda *a: linear_backward(*a)[:2]).message


def test_network_gradient_mistakes_are_named():
    def no_hidden_derivative(X, Y, W1, b1, W2, b2):
        H = sigmoid(X @ W1 + b1)
        Y_hat = sigmoid(H @ W2 + b2)
        delta2 = 2 * (Y_hat - Y) / Y.size * Y_hat * (1 - Y_hat)
        grad_H, dW2, db2 = linear_backward(H, W2, delta2)
        _, dW1, db1 = linear_backward(X, W1, grad_H)
        return dW1, db1, dW2, db2

    def per_sample_mean(X, Y, W1, b1, W2, b2):  # divides by the number of samples, not of entries
        H = sigmoid(X @ W1 + b1)
        Y_hat = sigmoid(H @ W2 + b2)
        delta2 = 2 * (Y_hat - Y) / len(Y) * Y_hat * (1 - Y_hat)
        grad_H, dW2, db2 = linear_backward(H, W2, delta2)
        _, dW1, db1 = linear_backward(X, W1, grad_H * H * (1 - H))
        return dW1, db1, dW2, db2

    def flipped(X, Y, W1, b1, W2, b2):
        return tuple(-g for g in network_gradients(X, Y, W1, b1, W2, b2))

    message = check_network_gradients(no_hidden_derivative).message
    assert "dW1 differs" in message and "derivative of the hidden sigmoid" in message
    assert "dW1 is 2 times the right value everywhere" in check_network_gradients(per_sample_mean).message
    assert "dW1 has the wrong sign everywhere" in check_network_gradients(flipped).message
