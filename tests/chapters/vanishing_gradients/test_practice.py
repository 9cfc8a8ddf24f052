"""Chapter 11's practice page: the checkers accept the library and the published solutions, and name typical slips."""

from __future__ import annotations

import numpy as np

from mlcourse import nn
from mlcourse.chapters.vanishing_gradients.exercises import (
    check_batch_norm,
    check_clip_by_norm,
    library_batch_norm,
    library_clip_by_norm,
)


def clip_by_norm(grads, max_norm):  # the page's solution
    total_norm = float(np.sqrt(sum(np.sum(grad**2) for grad in grads)))
    scale = max_norm / total_norm if total_norm > max_norm else 1.0
    return [grad * scale for grad in grads], total_norm


def batch_norm(z, gamma, beta, eps):  # the page's solution
    mean = z.mean(axis=0)
    var = z.var(axis=0)
    z_hat = (z - mean) / np.sqrt(var + eps)
    return gamma * z_hat + beta


def test_the_references_are_the_library():
    grads = [np.array([[3.0, 0.0]]), np.array([4.0])]
    clipped, total = library_clip_by_norm(grads, 1.0)
    assert total == 5.0
    np.testing.assert_allclose(clipped[0], [[0.6, 0.0]], atol=1e-6)
    np.testing.assert_allclose(clipped[1], [0.8], atol=1e-6)
    np.testing.assert_array_equal(grads[0], [[3.0, 0.0]])  # the inputs are left alone
    short = library_clip_by_norm(grads, 10.0)[0]
    np.testing.assert_array_equal(short[1], [4.0])
    z = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0]])
    layer = nn.BatchNorm1d(2)
    np.testing.assert_allclose(library_batch_norm(z, np.ones(2), np.zeros(2), 1e-5), layer(z), rtol=1e-14)
    np.testing.assert_allclose(library_batch_norm(z, np.ones(2), np.zeros(2), 1e-5).mean(axis=0), 0, atol=1e-12)


def test_the_library_and_the_published_solutions_pass():
    assert check_clip_by_norm(library_clip_by_norm).correct
    assert check_clip_by_norm(clip_by_norm).correct
    assert check_batch_norm(library_batch_norm).correct
    assert check_batch_norm(batch_norm).correct


def test_the_starters_fail():
    def starter(*arguments):
        raise NotImplementedError("write it here")

    assert "raised NotImplementedError: write it here" in check_clip_by_norm(starter).message
    assert "raised NotImplementedError" in check_batch_norm(starter).message


def test_clipping_mistakes_are_named():
    def per_array(grads, max_norm):
        return [clip_by_norm([grad], max_norm)[0][0] for grad in grads], clip_by_norm(grads, max_norm)[1]

    def in_place(grads, max_norm):
        total = float(np.sqrt(sum(np.sum(grad**2) for grad in grads)))
        if total > max_norm:
            for grad in grads:
                grad *= max_norm / total
        return grads, total

    def always(grads, max_norm):
        total = float(np.sqrt(sum(np.sum(grad**2) for grad in grads)))
        return [grad * max_norm / total for grad in grads], total

    def squared(grads, max_norm):
        total = float(sum(np.sum(grad**2) for grad in grads))
        return [grad * min(1.0, max_norm / total) for grad in grads], total

    def list_only(grads, max_norm):
        return clip_by_norm(grads, max_norm)[0]

    def by_value(grads, max_norm):
        return [np.clip(grad, -max_norm, max_norm) for grad in grads], clip_by_norm(grads, max_norm)[1]

    assert "the norm is global, over all the arrays at once" in check_clip_by_norm(per_array).message
    assert "changed its argument grads[0]" in check_clip_by_norm(in_place).message
    assert "rescale only when total_norm > max_norm" in check_clip_by_norm(always).message
    assert "the norm is its square root" in check_clip_by_norm(squared).message
    assert "return the pair (clipped, total_norm)" in check_clip_by_norm(list_only).message
    assert "That is clipping by value" in check_clip_by_norm(by_value).message
    assert "_BadOutput" not in check_clip_by_norm(list_only).message


def test_batch_norm_mistakes_are_named():
    def unbiased(z, gamma, beta, eps):
        return gamma * (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0, ddof=1) + eps) + beta

    def per_sample(z, gamma, beta, eps):
        mean, var = z.mean(axis=1, keepdims=True), z.var(axis=1, keepdims=True)
        return gamma * (z - mean) / np.sqrt(var + eps) + beta

    def eps_outside(z, gamma, beta, eps):
        return gamma * (z - z.mean(axis=0)) / (z.std(axis=0) + eps) + beta

    def in_place(z, gamma, beta, eps):
        z -= z.mean(axis=0)
        return gamma * z / np.sqrt(z.var(axis=0) + eps) + beta

    def no_gamma(z, gamma, beta, eps):
        return (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + eps) + beta

    assert "np.var's default ddof=0" in check_batch_norm(unbiased).message
    assert "down a column: axis=0" in check_batch_norm(per_sample).message
    assert "eps goes under the square root" in check_batch_norm(eps_outside).message
    assert "changed its argument z" in check_batch_norm(in_place).message
    assert "y differs at index" in check_batch_norm(no_gamma).message
