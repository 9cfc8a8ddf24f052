"""What a learner gets wrong in the training half of the library, and the message they get.

Every case checks the exception type and that the message names what was
expected and what came.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcourse import data, model_selection, nn, optim, surfaces
from mlcourse.models import MLPClassifier, Perceptron
from mlcourse.train import (
    EarlyStopping,
    add_penalty_gradients,
    evaluate,
    fit,
    train_step,
)

X10 = np.random.default_rng(0).normal(size=(10, 2))
Y10 = np.array([0, 1] * 5)


def small_model():
    return nn.Sequential(nn.Linear(2, 3, seed=0), nn.ReLU(), nn.Linear(3, 2, seed=1))


def fit_small(**overrides):
    model = small_model()
    arguments = dict(
        model=model, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=0.1), X=X10, y=Y10, epochs=2
    )
    arguments.update(overrides)
    return fit(**arguments)


# ----------------------------------------------------------------- model_selection


def test_kfold_needs_two_splits():
    with pytest.raises(ValueError, match="n_splits must be >= 2, got 1"):
        model_selection.KFold(n_splits=1)


def test_kfold_more_splits_than_samples_names_both():
    with pytest.raises(ValueError, match="n_splits=5 is larger than the number of samples n_samples=3"):
        list(model_selection.KFold(5).split(np.zeros((3, 2))))


def test_stratified_kfold_needs_labels_of_matching_length():
    with pytest.raises(ValueError, match="needs the class labels y"):
        model_selection.StratifiedKFold(2).split(np.zeros(4))
    with pytest.raises(ValueError, match=r"y must be 1-D labels of length n_samples=4, got shape \(3,\)"):
        model_selection.StratifiedKFold(2).split(np.zeros(4), [0, 1, 0])


def test_leave_one_out_needs_two_samples():
    with pytest.raises(ValueError, match="at least 2 samples, got n_samples=1"):
        model_selection.LeaveOneOut().split(np.zeros((1, 2)))


def test_cross_validate_mismatched_lengths():
    with pytest.raises(ValueError, match=r"same number of samples, got shapes \(10, 2\) and \(9,\)"):
        model_selection.cross_validate(MLPClassifier, X10, Y10[:9])


def test_grid_search_empty_values():
    with pytest.raises(ValueError, match=r"param_grid\['lr'\] must be a non-empty list of values, got \[\]"):
        model_selection.grid_search_cv(MLPClassifier, {"lr": []}, X10, Y10)


def test_kfold_seed_of_wrong_type():
    with pytest.raises(TypeError, match="seed must be an integer, got str 'a'"):
        model_selection.KFold(3, shuffle=True, seed="a")


# ----------------------------------------------------------------------------- fit


def test_fit_mismatched_lengths():
    with pytest.raises(ValueError, match="X and y must have the same number of samples, got 10 and 9"):
        fit_small(y=Y10[:9])


def test_fit_batch_size_zero():
    with pytest.raises(ValueError, match="batch_size must be >= 1, got 0"):
        fit_small(batch_size=0)


def test_fit_epochs_zero():
    with pytest.raises(ValueError, match="epochs must be >= 1, got 0"):
        fit_small(epochs=0)


def test_fit_negative_penalty():
    with pytest.raises(ValueError, match="l2 must be a finite number >= 0, got -1"):
        fit_small(l2=-1)


def test_fit_optimizer_name_instead_of_object():
    with pytest.raises(TypeError, match="optimizer must be an mlcourse.optim.Optimizer.*got str 'adam'"):
        fit_small(optimizer="adam")


def test_fit_optimizer_of_another_model():
    other = small_model()
    with pytest.raises(ValueError, match="holds 4 parameter.s. that do not belong to the model"):
        fit_small(optimizer=optim.Adam(other.parameters()))


def test_fit_early_stopping_without_validation_data():
    with pytest.raises(ValueError, match="early_stopping monitors the validation loss: pass validation_data"):
        fit_small(early_stopping=EarlyStopping(patience=2))


def test_fit_unknown_loss_name():
    with pytest.raises(ValueError, match="hinge"):
        fit_small(loss="hinge")


def test_fit_nan_or_integer_features():
    bad = X10.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite, got 1 NaN/inf value\(s\)"):
        fit_small(X=bad)
    with pytest.raises(TypeError, match="X must be a float32 or float64 array, got dtype int64"):
        fit_small(X=np.zeros((10, 2), dtype=np.int64))


def test_fit_validation_data_not_a_pair():
    with pytest.raises(TypeError, match="validation_data must be a pair"):
        fit_small(validation_data=X10)


# ----------------------------------------------------------------------- optimizers


def test_negative_learning_rate():
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got -0.1"):
        optim.SGD(small_model().parameters(), lr=-0.1)


def test_unknown_optimizer_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adamax'; choose one of \['adagrad', 'adam'"):
        optim.get_optimizer("adamax", small_model().parameters(), lr=0.1)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda ps: optim.Adam(ps, betas=(1.0, 0.999)), r"betas\[0\] must lie in \[0, 1\), got 1.0"),
        (lambda ps: optim.Momentum(ps, momentum=1.5), r"momentum must lie in \[0, 1\), got 1.5"),
        (lambda ps: optim.SGD(ps, lr=0.1, nesterov=True), "nesterov=True needs momentum > 0, got momentum=0"),
        (lambda ps: optim.RMSProp(ps, eps=0.0), "eps must be a finite number > 0, got 0.0"),
        (lambda ps: optim.SGD([], lr=0.1), "at least one Parameter, got an empty list"),
    ],
)
def test_optimizer_hyper_parameters_out_of_range(build, message):
    with pytest.raises(ValueError, match=message):
        build(small_model().parameters())


def test_optimizer_given_a_module_or_arrays():
    with pytest.raises(TypeError, match=r"params\[0\] must be a Parameter, got array of shape \(2,\)"):
        optim.SGD([np.zeros(2)], lr=0.1)


def test_clip_grad_norm_needs_positive_max_norm():
    with pytest.raises(ValueError, match="max_norm must be a finite number > 0, got 0"):
        optim.clip_grad_norm(small_model().parameters(), 0)


# ------------------------------------------------------------------------ surfaces


def test_unknown_surface_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown surface 'banana'; choose one of \['bowl', 'double_well'"):
        surfaces.get_surface("banana")


def test_optimize_path_start_of_wrong_shape():
    with pytest.raises(ValueError, match=r"start must be a point \(x, y\) of shape \(2,\), got shape \(3,\)"):
        surfaces.optimize_path("bowl", "sgd", [1.0, 2.0, 3.0], 10, lr=0.1)


def test_optimize_path_start_must_match_a_curve():
    with pytest.raises(ValueError, match="start must be 0-D"):
        surfaces.optimize_path(surfaces.DoubleWell1D(), "sgd", [1.0, 2.0], 10, lr=0.1)


def test_optimize_path_refuses_what_is_not_a_surface():
    with pytest.raises(TypeError, match="surface must be a 2-D surface or a 1-D curve"):
        surfaces.optimize_path(object(), "sgd", [1.0, 2.0], 10, lr=0.1)


# ---------------------------------------------------------------------- perceptron


def test_perceptron_refuses_zero_one_labels_with_a_hint():
    X, y01 = data.logic_gate("and", labels="01")
    with pytest.raises(
        ValueError, match=r"y must hold labels -1 and \+1, got 0/1 labels: convert them with y = 2 \* y - 1"
    ):
        Perceptron().fit(X, y01)


def test_perceptron_refuses_other_labels():
    X, _ = data.logic_gate("and")
    with pytest.raises(ValueError, match=r"y must hold labels -1 and \+1, got the values \[1, 2\]"):
        Perceptron().fit(X, [1, 2, 2, 1])


# --------------------------------------------------------------------------- data


def test_one_hot_label_not_below_n_classes():
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\], got values from 0 to 3"):
        data.one_hot([0, 3, 1], n_classes=3)


def test_standardizer_transform_before_fit():
    with pytest.raises(RuntimeError, match="Standardizer is not fitted yet: call fit"):
        data.Standardizer().transform(X10)


def test_standardizer_wrong_width():
    scaler = data.Standardizer().fit(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"X must have 3 features as in fit, got shape \(10, 2\)"):
        scaler.transform(X10)


def test_batches_checks_at_call_time():
    with pytest.raises(ValueError, match="batch_size must be >= 1, got 0"):
        data.batches(X10, Y10, 0)  # no iteration needed
    with pytest.raises(ValueError, match="X and y must have the same number of samples, got 10 and 3"):
        data.batches(X10, Y10[:3], 2)


def test_unknown_logic_gate_and_label_style():
    with pytest.raises(ValueError, match=r"unknown logic gate 'xnor'; choose one of \['and', 'nand', 'or'"):
        data.logic_gate("xnor")
    with pytest.raises(ValueError, match="labels must be 'pm1' .-1/\\+1. or '01' .0/1., got 'bool'"):
        data.logic_gate("and", labels="bool")


def test_circles_factor_out_of_range():
    with pytest.raises(ValueError, match=r"factor must lie in \(0, 1\).*got 1.5"):
        data.make_circles(10, factor=1.5)


def test_shift_digits_needs_64_columns():
    with pytest.raises(ValueError, match=r"64 columns, got shape \(10, 2\)"):
        data.shift_digits(X10, Y10)


def test_blobs_cluster_std_per_centre():
    with pytest.raises(ValueError, match=r"one value per centre \(3\), got 2"):
        data.make_blobs(30, centers=3, cluster_std=[1.0, 2.0])


def test_mlp_unknown_activation():
    with pytest.raises(ValueError, match="activation must be one of .*got 'softmax'"):
        MLPClassifier(activation="softmax")


# ------------------------------------------- fit, train_step, evaluate: refused before any update


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


def _refused_before_training(error, match, **overrides):
    """fit(**overrides) raises ``error`` matching ``match``, with the weights untouched."""
    model = small_model()
    before = _weights(model)
    arguments = dict(
        model=model,
        loss="cross_entropy",
        optimizer=optim.SGD(model.parameters(), lr=0.1),
        X=X10,
        y=Y10,
        epochs=2,
        batch_size=4,
    )
    arguments.update(overrides)
    with pytest.raises(error, match=match):
        fit(**arguments)
    for old, new in zip(before, _weights(model)):
        np.testing.assert_array_equal(old, new)


def _double(epoch, history, model):
    return False


@pytest.mark.parametrize(
    "callbacks, match",
    [
        ([None], r"callbacks\[0\] must be a function callback\(epoch, history, model\), got NoneType None"),
        (5, r"callbacks must be a list of functions callback\(epoch, history, model\), got int 5"),
        ([5], r"callbacks\[0\] must be a function .*got int 5"),
        ([_double, "stop"], r"callbacks\[1\] must be a function .*got str 'stop'"),
        (_double, r"callbacks must be a list of functions, got the single function .*wrap it in a list"),
        (
            [lambda epoch: False],
            r"callbacks\[0\] must accept three arguments \(epoch, history, model\), got <lambda>\(epoch\)",
        ),
        ([EarlyStopping(2)], r"callbacks\[0\] must be a function .*pass it as early_stopping="),
    ],
)
def test_fit_refuses_bad_callbacks_before_training(callbacks, match):
    _refused_before_training(TypeError, match, callbacks=callbacks)


@pytest.mark.parametrize(
    "overrides, error, match",
    [
        (
            dict(early_stopping=EarlyStopping, validation_data=(X10, Y10)),
            TypeError,
            "early_stopping must be an EarlyStopping object, got the class itself: call it",
        ),
        (
            dict(early_stopping="patience", validation_data=(X10, Y10)),
            TypeError,
            "early_stopping must be an EarlyStopping object, got str 'patience'",
        ),
        (dict(validation_data=(X10[:, :1], Y10)), ValueError, r"X_val of shape \(10, 1\) does not suit the model"),
        (
            dict(validation_data=(X10, Y10[:7])),
            ValueError,
            "X_val and y_val must have the same number of samples, got 10 and 7",
        ),
        (dict(validation_data=(np.where(X10 > 0, np.nan, X10), Y10)), ValueError, r"X_val must be finite"),
        (
            dict(validation_data=(X10, np.full(10, 7))),
            ValueError,
            r"y_val does not suit CrossEntropyLoss\(\).*\[0, 1\].*7",
        ),
        (dict(validation_data=(X10, None)), TypeError, "y_val must be array-like targets, got None"),
        (dict(X=X10[:, :1]), ValueError, r"X of shape \(10, 1\) does not suit the model: Linear\(2, 3\)"),
        (dict(X=np.zeros((0, 2))), ValueError, "X must not be empty"),
        (dict(y=None), TypeError, "y must be array-like targets, got None"),
        (
            dict(y=np.array([0, 1] * 4 + [0, 7])),
            ValueError,
            r"y does not suit CrossEntropyLoss\(\).*7",
        ),  # in the last batch
        (dict(y=np.array([0.0, 1.0] * 4 + [0.0, 1e20])), ValueError, r"y does not suit CrossEntropyLoss\(\)"),
        (dict(y=np.array([0.0, 1.0] * 4 + [0.0, 0.5])), ValueError, r"y does not suit CrossEntropyLoss\(\)"),
        (
            dict(y=np.zeros((10, 3))),
            ValueError,
            r"y does not suit CrossEntropyLoss\(\) for a model whose output has shape \(n_samples, 2\)",
        ),
        (dict(epochs=True), TypeError, "epochs must be an integer, got bool True"),
        (dict(epochs=2.0), TypeError, "epochs must be an integer, got float 2.0"),
        (dict(batch_size=0), ValueError, "batch_size must be >= 1, got 0"),
        (dict(batch_size=False), TypeError, "batch_size must be an integer, got bool False"),
        (dict(shuffle="yes"), TypeError, "shuffle must be True or False, got str 'yes'"),
        (dict(record_weights=1), TypeError, "record_weights must be True or False, got int 1"),
        (dict(record_grad_norms=None), TypeError, "record_grad_norms must be True or False, got NoneType None"),
        (dict(verbose="no"), TypeError, "verbose must be True or False, got str 'no'"),
        (dict(clip_norm=float("nan")), ValueError, "clip_norm must be a finite number > 0, got nan"),
        (dict(l1=float("inf")), ValueError, "l1 must be a finite number >= 0, got inf"),
    ],
)
def test_fit_refuses_bad_arguments_before_training(overrides, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "invalid value encountered in cast" on the way
        _refused_before_training(error, match, **overrides)


def test_fit_refuses_a_gradient_set_to_none_or_of_the_wrong_shape():
    for bad in (None, np.zeros((5, 5))):
        model = small_model()
        with pytest.raises((TypeError, ValueError), match="grad"):
            model[0].W.grad = bad
            fit(model, "cross_entropy", optim.SGD(model.parameters(), lr=0.1), X10, Y10, epochs=1)


def test_train_step_refuses_a_bad_hook_and_a_diverged_model():
    model = small_model()
    sgd = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(
        TypeError, match="before_update must be callable as before_update.loss_value, output., got int 5"
    ):
        train_step(model, "cross_entropy", sgd, X10, Y10, before_update=5)
    with pytest.raises(TypeError, match="before_update must return the loss value .a real number., got str 'abc'"):
        train_step(model, "cross_entropy", sgd, X10, Y10, before_update=lambda value, output: "abc")
    with pytest.raises(ValueError, match=r"X of shape \(10, 3\) does not suit the model"):
        train_step(model, "cross_entropy", sgd, np.zeros((10, 3)), Y10)
    model[2].W.data[0, 0] = np.inf
    before = _weights(model)
    with pytest.raises(
        RuntimeError, match="the model's parameters hold NaN or inf .1 parameter array.s..*training diverged"
    ):
        train_step(model, "cross_entropy", sgd, X10, Y10)
    for old, new in zip(before, _weights(model)):
        np.testing.assert_array_equal(old, new)  # nothing updated


def test_evaluate_names_y_when_the_targets_do_not_suit_the_loss():
    with pytest.raises(
        ValueError, match=r"y does not suit CrossEntropyLoss\(\) and the model's output of shape \(10, 2\)"
    ):
        evaluate(small_model(), "cross_entropy", X10, np.full(10, 4))
    with pytest.raises(ValueError, match=r"X of shape \(10, 1\) does not suit the model"):
        evaluate(small_model(), "cross_entropy", X10[:, :1], Y10)


def test_add_penalty_gradients_refuses_what_is_not_a_list_of_parameters():
    with pytest.raises(TypeError, match="weights must be a sequence of mlcourse.nn.Parameter objects, got int 5"):
        add_penalty_gradients(5, l2=0.1)
    W = nn.Parameter(np.ones((2, 2)), "W")
    with pytest.raises(TypeError, match=r"weights must hold mlcourse.nn.Parameter objects, got .* at weights\[1\]"):
        add_penalty_gradients([W, W.data], l2=0.1)
    assert add_penalty_gradients(p for p in [W]) == 0.0  # any iterable of parameters


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: EarlyStopping(restore_best="yes"), TypeError, "restore_best must be True or False, got str 'yes'"),
        (lambda: EarlyStopping(patience=2.5), TypeError, "patience must be an integer, got float 2.5"),
        (lambda: EarlyStopping().should_stop("0.5"), TypeError, "val_loss must be a real number, got str '0.5'"),
        (lambda: EarlyStopping().should_stop(float("nan")), ValueError, "val_loss must be a number, got nan"),
        (lambda: EarlyStopping().should_stop(0.5, model="net"), TypeError, "model must be an mlcourse.nn.Module"),
    ],
)
def test_early_stopping_refuses_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_early_stopping_accepts_an_infinite_validation_loss():
    stopper = EarlyStopping(patience=2)
    assert [stopper.should_stop(value) for value in (1.0, math.inf, math.inf)] == [False, False, True]
