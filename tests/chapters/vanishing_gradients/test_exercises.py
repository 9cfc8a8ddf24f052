"""Chapter 11 checkers: right answers pass, typical wrong answers get their specific hint."""

from __future__ import annotations

import math

import numpy as np

from mlcourse.chapters.vanishing_gradients import exercises as ch11


def test_sigmoid_bound():
    assert ch11.sigmoid_chain_bound(10) == 0.25**10
    assert ch11.check_sigmoid_bound(0.25**10).correct
    half = ch11.check_sigmoid_bound(0.5**10)
    assert not half.correct and "DERIVATIVE" in half.message
    added = ch11.check_sigmoid_bound(2.5)
    assert not added.correct and "multiplies" in added.message


def test_init_stds():
    xavier, he = ch11.init_stds(256, 128)
    assert xavier == math.sqrt(2 / 384) and he == math.sqrt(2 / 256)
    from mlcourse.init import he_normal, xavier_normal

    assert abs(xavier_normal(256, 128, seed=0).std() / xavier - 1) < 0.02  # what the library draws
    assert abs(he_normal(256, 128, seed=0).std() / he - 1) < 0.02
    assert ch11.check_init_stds(0.0722, 0.0884).correct
    variances = ch11.check_init_stds(2 / 384, 2 / 256)
    assert not variances.correct and "variances" in variances.message
    uniform = ch11.check_init_stds(math.sqrt(6 / 384), 0.0884)
    assert not uniform.correct and "uniform" in uniform.message
    swapped = ch11.check_init_stds(he, xavier)
    assert not swapped.correct and "Swapped" in swapped.message


def test_clipping():
    by_norm, by_value = ch11.clipped_gradients()
    np.testing.assert_allclose(by_norm, [0.6, 0.8], atol=1e-6)  # (3, 4) / 5 (clip_grad_norm adds 1e-6)
    np.testing.assert_array_equal(by_value, [1.0, 1.0])
    assert ch11.check_clipping([0.6, 0.8], [1.0, 1.0]).correct
    swapped = ch11.check_clipping([1.0, 1.0], [0.6, 0.8])
    assert not swapped.correct and "Swapped" in swapped.message
    assert not ch11.check_clipping([3.0, 4.0], [1.0, 1.0]).correct


def test_folding():
    # hand values: s = 0.5 / sqrt(4) = 0.25; W' = 2 * 0.25 = 0.5; b' = (1 - 3) * 0.25 + 0.1 = -0.4 (eps ignored)
    weight, bias = ch11.folded_parameters()
    assert abs(weight - 0.5) < 1e-5 and abs(bias + 0.4) < 1e-5
    assert ch11.check_folding(0.5, -0.4).correct
    no_mean = ch11.check_folding(0.5, 0.35)
    assert not no_mean.correct and "mean" in no_mean.message
    variance = ch11.check_folding(0.25, -0.4)
    assert not variance.correct and "standard deviation" in variance.message
