"""Chapter 10 checkers: right answers pass, typical wrong answers get their specific hint."""

from __future__ import annotations

import math

from mlcourse.chapters.regularization import exercises as ch10


def test_keras_parameter_count():
    by_hand = (10000 + 1) * 256 + (256 + 1) * 128 + (128 + 1) * 46
    assert by_hand == 2_599_086
    assert ch10.check_keras_parameter_count(by_hand).correct
    no_bias = ch10.check_keras_parameter_count(10000 * 256 + 256 * 128 + 128 * 46)
    assert not no_bias.correct and "bias" in no_bias.message
    dropout = ch10.check_keras_parameter_count(by_hand + 256 + 128)
    assert not dropout.correct and "no parameters" in dropout.message
    assert not ch10.check_keras_parameter_count(12345).correct


def test_penalty_steps_match_closed_forms():
    assert ch10.l2_halving_steps() == math.ceil(math.log(0.5) / math.log(1 - 0.1 * 0.01)) == 693
    assert ch10.l1_steps_to_zero() == round(0.5 / (0.1 * 0.01)) == 500
    assert ch10.check_penalty_steps(693, 500).correct
    swapped = ch10.check_penalty_steps(500, 693)
    assert not swapped.correct and "swapped" in swapped.message
    wrong_l2 = ch10.check_penalty_steps(692, 500)
    assert not wrong_l2.correct and "0.999" in wrong_l2.message and "L1" not in wrong_l2.message


def test_threshold_step():
    prox, sub = [0.7, 0.0, 0.0, -0.5], [0.7, 0.05, -0.08, -0.5]
    assert ch10.check_threshold_step(prox, sub).correct
    both_sub = ch10.check_threshold_step(sub, sub)
    assert not both_sub.correct and "crossing" in both_sub.message
    assert not ch10.check_threshold_step(prox, prox).correct
    assert not ch10.check_threshold_step([0.8, 0.0, 0.0, -0.6], sub).correct


def test_subnetwork_count():
    assert ch10.check_subnetwork_count(384 * math.log10(2)).correct
    with_inputs = ch10.check_subnetwork_count(448 * math.log10(2))
    assert not with_inputs.correct and "inputs" in with_inputs.message
    product = ch10.check_subnetwork_count(math.log10(256 * 128))
    assert not product.correct and "power" in product.message


def test_notes_keras_model_is_the_notes_stack():
    model = ch10.notes_keras_model()
    assert [type(layer).__name__ for layer in model] == [
        "Linear",
        "ReLU",
        "Dropout",
        "Linear",
        "ReLU",
        "Dropout",
        "Linear",
        "Softmax",
    ]
    assert [layer.p for layer in model if type(layer).__name__ == "Dropout"] == [0.5, 0.5]


def test_total_shrinkage_matches_the_chapter_model():
    import numpy as np

    from mlcourse.chapters.regularization.analysis import (
        ProximalSGD,
        chapter_digits,
        soft_threshold,
    )
    from mlcourse.nn import mlp
    from mlcourse.train import fit

    X_train, _, _, y_train, _, _ = chapter_digits()
    assert len(X_train) == 1005  # 1,257 training digits minus the 252 held out for validation
    expected = ch10.dead_pixel_shrinkage()
    assert abs(expected - 32 * 30 * 0.1 * 0.001) < 1e-12  # ceil(1005 / 32) = 32 updates per epoch
    assert ch10.check_total_shrinkage(0.096).correct
    per_epoch = ch10.check_total_shrinkage(0.003)
    assert not per_epoch.correct and "mini-batch" in per_epoch.message
    fractional = ch10.check_total_shrinkage(1005 / 32 * 30 * 1e-4)
    assert not fractional.correct and "ceil" in fractional.message
    # the oracle: train the chapter's model and compare the always-zero pixels' rows
    net = mlp([64, 64, 10], activation="relu", init="he_normal", seed=0)
    initial = net[0].W.data.copy()
    fit(
        net,
        "cross_entropy",
        ProximalSGD(net.parameters(), lr=0.1, l1=0.001),
        X_train,
        y_train,
        epochs=30,
        batch_size=32,
        seed=0,
    )
    dead = np.flatnonzero(np.all(X_train == 0, axis=0))
    assert len(dead) > 0
    np.testing.assert_allclose(net[0].W.data[dead], soft_threshold(initial[dead], expected), atol=1e-12)
