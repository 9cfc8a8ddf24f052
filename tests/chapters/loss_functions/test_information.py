"""Entropy, cross-entropy and KL divergence of distributions (the section page on entropy).

Oracles: hand values (a fair coin is 1 bit; the dyadic distribution
(1/2, 1/4, 1/8, 1/8) has 1.75 bits), ``scipy.stats.entropy`` when scipy is
installed, the library's categorical cross-entropy, and Gibbs' inequality.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import losses
from mlcourse.chapters.loss_functions import exercises, plots
from mlcourse.chapters.loss_functions.analysis import (
    average_code_length,
    cross_entropy,
    descend_on_logits,
    entropy,
    kl_divergence,
    smoothed_target,
)

DYADIC = np.array([0.5, 0.25, 0.125, 0.125])


def random_pairs(n: int = 200, k: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(k), n), rng.dirichlet(np.ones(k), n)


def test_hand_values_in_bits_and_nats():
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert entropy([0.5, 0.5]) == pytest.approx(math.log(2))
    assert entropy(DYADIC, base=2) == pytest.approx(1.75)
    assert entropy([0.25] * 4, base=2) == pytest.approx(2.0)
    assert entropy([0.0, 1.0, 0.0]) == 0.0 and math.copysign(1.0, entropy([0.0, 1.0])) == 1.0
    assert cross_entropy(DYADIC, [0.25] * 4, base=2) == pytest.approx(2.0)
    assert cross_entropy([0.25] * 4, DYADIC, base=2) == pytest.approx((1 + 2 + 3 + 3) / 4)
    assert kl_divergence([0.9, 0.1], [0.5, 0.5]) == pytest.approx(0.9 * math.log(1.8) + 0.1 * math.log(0.2))
    assert kl_divergence([0.5, 0.5], [0.9, 0.1]) == pytest.approx(0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(5))


def test_against_scipy():
    stats = pytest.importorskip("scipy.stats")
    t, p = random_pairs(50)
    for ti, pi in zip(t, p):
        assert entropy(ti) == pytest.approx(stats.entropy(ti), rel=1e-12)
        assert entropy(ti, base=2) == pytest.approx(stats.entropy(ti, base=2), rel=1e-12)
        assert kl_divergence(ti, pi) == pytest.approx(stats.entropy(ti, pi), rel=1e-10)
    one_hot = np.array([0.0, 1.0, 0.0])
    assert kl_divergence(one_hot, [0.2, 0.5, 0.3]) == pytest.approx(stats.entropy(one_hot, [0.2, 0.5, 0.3]))


def test_identity_gibbs_and_asymmetry():
    t, p = random_pairs()
    np.testing.assert_allclose(cross_entropy(t, p), entropy(t) + kl_divergence(t, p), rtol=0, atol=1e-12)
    assert np.all(kl_divergence(t, p) > 0)  # p != t
    assert np.all(kl_divergence(t, t) == 0)
    assert np.all(np.abs(kl_divergence(t, p) - kl_divergence(p, t)) > 1e-6)
    assert np.all(entropy(t) <= math.log(5) + 1e-12)  # the uniform distribution has the most


def test_rows_are_distributions_one_each():
    t, p = random_pairs(3)
    np.testing.assert_allclose(kl_divergence(t, p), [kl_divergence(a, b) for a, b in zip(t, p)])
    assert kl_divergence(t, p).shape == (3,)


def test_one_hot_cross_entropy_is_the_library_loss_and_the_kl():
    probs, labels = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]), np.array([0, 2])
    targets = np.eye(3)[labels]
    assert cross_entropy(targets, probs).mean() == pytest.approx(losses.cross_entropy(probs, labels), rel=1e-12)
    np.testing.assert_allclose(kl_divergence(targets, probs), cross_entropy(targets, probs))
    soft = np.array([[0.8, 0.1, 0.1], [0.2, 0.2, 0.6]])
    assert cross_entropy(soft, probs).mean() == pytest.approx(losses.cross_entropy(probs, soft), rel=1e-12)


def test_zero_probability_where_t_is_positive_is_infinite():
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: entropy([0.5, 0.6]), "t must sum to 1"),
        (lambda: entropy([-0.5, 1.5]), r"t must hold probabilities in \[0, 1\]"),
        (lambda: kl_divergence([0.5, 0.5], [1 / 3] * 3), "same shape"),
        (lambda: cross_entropy([0.5, 0.5], [0.5, 0.7]), "p must sum to 1"),
        (lambda: entropy([0.5, 0.5], base=1), "base must be a positive number other than 1"),
        (lambda: entropy([0.5, 0.5], base=-2), "base"),
        (lambda: entropy(np.ones((2, 2, 2)) / 2), "t"),
        (lambda: smoothed_target(3, 3, 0.1), "true_class"),
        (lambda: smoothed_target(3, 0, 1.5), "epsilon"),
        (lambda: descend_on_logits(np.eye(2) * 1.0), "one distribution"),
        (lambda: average_code_length(DYADIC, DYADIC, n_samples=0), "n_samples"),
    ],
)
def test_bad_input_is_refused(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_average_code_length_counts_bits():
    assert average_code_length(DYADIC, [0.25] * 4, n_samples=100) == 2.0  # every code word is 2 bits
    assert average_code_length(DYADIC, DYADIC, n_samples=20_000) == pytest.approx(1.75, abs=0.03)
    assert average_code_length([0.25] * 4, DYADIC, n_samples=20_000) == pytest.approx(2.25, abs=0.03)


def test_descent_on_logits_reaches_the_entropy_not_zero():
    target = smoothed_target(10, 3, 0.1)
    np.testing.assert_allclose(target, [0.01] * 3 + [0.91] + [0.01] * 6)
    history, probs = descend_on_logits(target, steps=300)
    assert history[0] == pytest.approx(math.log(10))
    assert history[-1] == pytest.approx(entropy(target), abs=1e-6)
    assert np.all(history >= entropy(target) - 1e-12)
    np.testing.assert_allclose(probs, target, atol=1e-5)
    one_hot_history, _ = descend_on_logits(np.eye(10)[3], steps=300)
    assert np.all(np.diff(one_hot_history) < 0) and 0 < one_hot_history[-1] < 0.01


def test_entropy_exercise_checker():
    right = (1.0, -0.5 * math.log2(0.8) - 0.5 * math.log2(0.2), 0.0)
    right = (right[0], right[1], right[1] - right[0])
    assert exercises.check_entropy_terms(*right).correct
    assert "nats" in exercises.check_entropy_terms(*(np.array(right) * math.log(2))).message
    swapped = (
        entropy([0.8, 0.2], 2),
        cross_entropy([0.8, 0.2], [0.5, 0.5], 2),
        kl_divergence([0.8, 0.2], [0.5, 0.5], 2),
    )
    assert "swapped" in exercises.check_entropy_terms(*swapped).message
    assert "must hold" in exercises.check_entropy_terms(1.0, 1.5, 0.3).message


def test_kl_exercise_checker():
    assert exercises.check_kl_divergence(kl_divergence).correct
    assert "KL(p || t)" in exercises.check_kl_divergence(lambda t, p: kl_divergence(p, t)).message
    assert "bits" in exercises.check_kl_divergence(lambda t, p: kl_divergence(t, p, base=2)).message

    def literal(t, p):
        return float(np.sum(t * np.log(t / p)))

    assert "t > 0" in exercises.check_kl_divergence(literal).message


def test_entropy_figures_draw_the_formulas():
    (ax,) = plots.binary_entropy_figure().axes
    q = ax.lines[0].get_xdata()
    inner = (q > 0) & (q < 1)
    expected = -(q[inner] * np.log2(q[inner]) + (1 - q[inner]) * np.log2(1 - q[inner]))
    np.testing.assert_allclose(ax.lines[0].get_ydata()[inner], expected, rtol=1e-12)
    (ax,) = plots.cross_entropy_over_p_figure(targets=(0.7,)).axes
    p = ax.lines[0].get_xdata()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), -(0.7 * np.log(p) + 0.3 * np.log(1 - p)), rtol=1e-12)
    assert ax.lines[1].get_ydata()[0] == pytest.approx(entropy([0.7, 0.3]))
    history = {"soft": np.array([2.0, 1.0, 0.6])}
    (ax,) = plots.logit_descent_figure(history, {"soft": 0.5}).axes
    np.testing.assert_allclose(ax.lines[0].get_ydata(), history["soft"])
    assert ax.lines[1].get_ydata()[0] == 0.5
