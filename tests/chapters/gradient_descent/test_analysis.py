"""Gradient descent steps, stopping rules, stability threshold, paths, and chapter 3's experiments.

Oracles: closed-form iterates on quadratics (x_k = (1 - alpha L)^k x_0), the
surfaces module's optimizer-based paths, LinearRegression's own batch
gradient descent for the full-batch linear model, and the normal equation.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcourse.chapters.gradient_descent.analysis import (
    CURVE_START,
    LEARNING_RATE_SURFACES,
    LINE_EPOCHS,
    LINE_SAMPLES,
    RUN_STEPS,
    chapter_data,
    chapter_line_path,
    curve,
    distance_to_minimum,
    gradient_descent,
    learning_rate_runs,
    least_squares,
    line_mse,
    max_stable_learning_rate,
    minibatch_descent,
    minibatch_epoch,
    mse_hessian,
    path_length,
    predicted_steps,
    steps_near,
    updates_per_epoch,
    wiggle_ratio,
)
from mlcourse.data import make_noisy_line
from mlcourse.models import LinearRegression
from mlcourse.surfaces import (
    DoubleWell1D,
    Himmelblau,
    IllConditionedBowl,
    Quadratic1D,
    Saddle,
    optimize_path,
)


@pytest.mark.parametrize("rate", [0.1, 0.5, 1.0, 1.5, 1.9])
def test_quadratic_iterates_follow_the_closed_form(rate):
    curve = Quadratic1D(curvature=1.0, center=0.0)
    result = gradient_descent(curve, 3.0, rate, max_steps=30)
    expected = 3.0 * (1 - rate) ** np.arange(31)
    np.testing.assert_allclose(result.path, expected, rtol=1e-12, atol=1e-300)


def test_same_path_as_the_optimizer_on_a_surface_or_a_curve():
    for surface, start in ((IllConditionedBowl(), (5.0, 1.0)), (Himmelblau(), (0.5, -0.3)), (DoubleWell1D(), 2.0)):
        ours = gradient_descent(surface, start, 0.01, max_steps=80)
        theirs = optimize_path(surface, "sgd", start, 80, lr=0.01)
        np.testing.assert_allclose(ours.path, theirs.path, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(ours.values, theirs.losses, rtol=1e-12, atol=1e-12)


def test_divergence_is_stopped_where_the_optimizer_stops_it():
    ours = gradient_descent(IllConditionedBowl(), (1.0, 1.0), 0.15, max_steps=100)
    theirs = optimize_path(IllConditionedBowl(), "sgd", (1.0, 1.0), 100, lr=0.15)
    assert ours.diverged_at == theirs.diverged_at == 20  # |y| = 2**k passes 1e6 at k = 20
    # the same points, up to the last bit: the library's SGD rounds p - lr * g once (a fused multiply-add)
    np.testing.assert_allclose(ours.path, theirs.path, rtol=1e-15, atol=0)


def test_gradient_tolerance_stops_when_the_slope_is_flat():
    # x_k = 4 (1 - 0.1)^k; |f'(x_k)| = x_k < 1e-3 first at k = ceil(ln(2.5e-4) / ln(0.9))
    result = gradient_descent(Quadratic1D(), 4.0, 0.1, tolerance=1e-3)
    expected = math.ceil(math.log(1e-3 / 4.0) / math.log(0.9))
    assert result.stopped_by == "tolerance" and result.converged_at == expected == result.n_steps
    assert abs(result.path[-1]) < 1e-3 <= abs(result.path[-2])


def test_loss_tolerance_stops_when_the_loss_no_longer_moves():
    result = gradient_descent(Quadratic1D(), 4.0, 0.1, tolerance=1e-8, criterion="loss")
    assert result.stopped_by == "tolerance"
    assert abs(result.values[-2] - result.values[-1]) < 1e-8 <= abs(result.values[-3] - result.values[-2])


def test_small_learning_rate_converges_slowly_but_converges():
    steps = {
        rate: gradient_descent(Quadratic1D(), 4.0, rate, max_steps=100_000, tolerance=1e-6).converged_at
        for rate in (0.001, 0.01, 0.1, 1.0)
    }
    assert all(s is not None for s in steps.values())
    assert steps[0.001] > steps[0.01] > steps[0.1] > steps[1.0] == 1


def test_threshold_two_over_l_separates_convergence_from_divergence():
    curve = Quadratic1D(curvature=4.0)
    limit = max_stable_learning_rate(curve.curvature)
    assert limit == 0.5
    below = gradient_descent(curve, 1.0, 0.99 * limit, max_steps=3000)
    at = gradient_descent(curve, 1.0, limit, max_steps=50)
    above = gradient_descent(curve, 1.0, 1.01 * limit, max_steps=5000)
    assert abs(below.path[-1]) < 1e-6
    np.testing.assert_allclose(np.abs(at.path), 1.0)  # bounces between -1 and 1 for ever
    assert above.stopped_by == "diverged" and above.diverged_at is not None
    assert np.all(np.isfinite(above.path))


def test_bowl_threshold_is_two_over_the_larger_curvature():
    bowl = IllConditionedBowl(a=1.0, b=20.0)
    assert max_stable_learning_rate(np.diag([bowl.a, bowl.b])) == pytest.approx(0.1)
    assert gradient_descent(bowl, (5.0, 1.0), 0.099, max_steps=5000).stopped_by != "diverged"
    assert gradient_descent(bowl, (5.0, 1.0), 0.101, max_steps=5000).stopped_by == "diverged"


def test_max_stable_learning_rate_uses_the_largest_eigenvalue():
    rotation = np.array([[np.cos(0.3), -np.sin(0.3)], [np.sin(0.3), np.cos(0.3)]])
    hessian = rotation @ np.diag([2.0, 8.0]) @ rotation.T
    assert max_stable_learning_rate(hessian) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="symmetric"):
        max_stable_learning_rate([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="positive eigenvalue"):
        max_stable_learning_rate(-1.0)


def test_saddle_exactly_on_the_axis_is_never_left_and_a_tiny_offset_is_left_slowly():
    saddle, rate = Saddle(), 0.1
    on_axis = gradient_descent(saddle, (1.5, 0.0), rate, max_steps=300)
    assert np.all(on_axis.path[:, 1] == 0) and abs(on_axis.path[-1, 0]) < 1e-20
    near = {y0: gradient_descent(saddle, (1.5, y0), rate, max_steps=300) for y0 in (1e-2, 1e-5, 1e-8)}
    counts = {y0: steps_near(r.path, (0.0, 0.0), 0.1) for y0, r in near.items()}
    assert counts[1e-2] < counts[1e-5] < counts[1e-8]
    # y_k = y0 (1 + 2 alpha)^k leaves |y| <= 0.1 after ceil(ln(0.1 / y0) / ln(1.2)) steps
    for y0, result in near.items():
        leave = math.ceil(math.log(0.1 / y0) / math.log(1 + 2 * rate))
        assert abs(result.path[leave, 1]) > 0.1 >= abs(result.path[leave - 1, 1])


def test_both_stopping_rules_are_fooled_by_a_saddle():
    for criterion in ("gradient", "loss"):
        result = gradient_descent(Saddle(), (1.5, 1e-12), 0.1, tolerance=1e-4, criterion=criterion, max_steps=500)
        assert result.stopped_by == "tolerance"
        assert np.linalg.norm(result.path[-1]) < 0.05  # "converged" next to the saddle, not at a minimum


def test_gradient_noise_escapes_the_saddle_and_is_seeded():
    first = gradient_descent(Saddle(), (1.5, 0.0), 0.1, max_steps=60, noise=0.01, seed=3)
    again = gradient_descent(Saddle(), (1.5, 0.0), 0.1, max_steps=60, noise=0.01, seed=3)
    np.testing.assert_array_equal(first.path, again.path)
    assert abs(first.path[-1, 1]) > 0.1


def test_double_well_start_decides_the_minimum():
    well = DoubleWell1D()
    left = gradient_descent(well, -2.0, 0.02, max_steps=2000).path[-1]
    right = gradient_descent(well, 2.0, 0.02, max_steps=2000).path[-1]
    assert left == pytest.approx(well.minima[0], abs=1e-6)  # global
    assert right == pytest.approx(well.minima[1], abs=1e-6)  # only local


def test_one_minibatch_epoch_steps_along_each_batch_gradient():
    X, y = make_noisy_line(10, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    generator, replay = np.random.default_rng(3), np.random.default_rng(3)
    steps = minibatch_epoch(X, y, np.zeros(1), 0.0, 4, 0.05, generator)
    assert len(steps) == 3  # batches of 4, 4 and 2
    order, weights, bias = replay.permutation(10), np.zeros(1), 0.0
    for rows, step in zip((order[:4], order[4:8], order[8:]), steps):
        residual = X[rows] @ weights + bias - y[rows]  # the MSE gradient of that batch, by hand
        weights = weights - 0.05 * 2 * X[rows].T @ residual / len(rows)
        bias = bias - 0.05 * 2 * residual.mean()
        np.testing.assert_allclose(step, [weights[0], bias], rtol=1e-12)


def test_minibatch_epoch_stops_at_a_diverging_update():
    X, y = make_noisy_line(16, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    steps = minibatch_epoch(X, y, np.array([1e3]), 0.0, 1, 0.5, np.random.default_rng(0))
    assert 2 <= len(steps) < 16 and np.abs(steps[-1]).max() > 1e6 and np.all(np.abs(steps[-2]) <= 1e6)


def test_full_batch_minibatch_descent_is_linear_regressions_gradient_descent():
    X, y = make_noisy_line(40, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    ours = minibatch_descent(X, y, None, learning_rate=0.1, epochs=25)
    reference = LinearRegression(learning_rate=0.1, epochs=25).fit(X, y)
    np.testing.assert_allclose(ours.path, reference.path_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.losses, reference.loss_history_, rtol=1e-10)
    assert ours.updates_per_epoch == 1 and len(ours.path) == 26 and ours.diverged_at is None
    assert minibatch_descent(X, y, 1000, learning_rate=0.1, epochs=2).updates_per_epoch == 1


def test_smaller_batches_make_more_updates_and_noisier_paths():
    X, y = make_noisy_line(64, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    runs = {size: minibatch_descent(X, y, size, learning_rate=0.02, epochs=10, seed=1) for size in (1, 8, None)}
    assert [runs[s].updates_per_epoch for s in (1, 8, None)] == [64, 8, 1]
    assert [len(runs[s].path) for s in (1, 8, None)] == [641, 81, 11]
    assert [len(runs[s].losses) for s in (1, 8, None)] == [11, 11, 11]
    assert wiggle_ratio(runs[1].path) > wiggle_ratio(runs[8].path) > wiggle_ratio(runs[None].path)
    assert wiggle_ratio(runs[None].path) < 1.01
    # the same seed gives the same shuffles, another seed other ones
    again = minibatch_descent(X, y, 8, learning_rate=0.02, epochs=10, seed=1)
    np.testing.assert_array_equal(again.path, runs[8].path)
    assert not np.array_equal(minibatch_descent(X, y, 8, learning_rate=0.02, epochs=10, seed=2).path, runs[8].path)


def test_minibatch_descent_reports_divergence_without_nan():
    X, y = make_noisy_line(32, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    threshold = max_stable_learning_rate(mse_hessian(X))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = minibatch_descent(X, y, None, learning_rate=1.05 * threshold, epochs=2000)
    assert result.diverged_at is not None and len(result.losses) == result.diverged_at
    assert np.all(np.isfinite(result.path)) and np.abs(result.path).max() <= 1e6
    stable = minibatch_descent(X, y, None, learning_rate=0.95 * threshold, epochs=2000)
    assert stable.diverged_at is None


def test_mse_hessian_is_the_curvature_of_the_mse():
    X, y = make_noisy_line(20, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    hessian = mse_hessian(X)  # order (b, w)
    theta = np.array([0.3, -0.7])
    step = np.array([0.2, 0.5])

    def mse(t):
        return line_mse([[t[1], t[0]]], X, y)[0]

    # a quadratic: the second difference is exactly the Hessian's quadratic form
    second = mse(theta + step) - 2 * mse(theta) + mse(theta - step)
    assert second == pytest.approx(step @ hessian @ step, rel=1e-9)
    assert hessian[0, 0] == pytest.approx(2.0)


@pytest.mark.parametrize("rate", [0.0005, 0.01, 0.05, 0.1, 0.15, 0.199])
def test_predicted_steps_is_the_first_k_of_the_run(rate):
    run = gradient_descent(Quadratic1D(curvature=10.0), 3.0, rate, max_steps=5000, tolerance=1e-5)
    assert predicted_steps(rate, 10.0, 3.0, 1e-6) == run.converged_at


def test_predicted_steps_edge_cases():
    assert predicted_steps(0.2, 10.0, 3.0, 1e-6) == math.inf  # r = -1 bounces
    assert predicted_steps(0.3, 10.0, 3.0, 1e-6) == math.inf
    assert predicted_steps(0.1, 10.0, 3.0, 1e-6) == 1.0  # r = 0
    assert predicted_steps(0.05, 10.0, 1e-7, 1e-6) == 0.0  # already there
    assert predicted_steps(0.05, 10.0, 1.0, 0.5) == 2.0  # 0.5 ** 1 is not below 0.5: the first k is 2
    with pytest.raises(ValueError):
        predicted_steps(0.0, 10.0, 1.0, 1e-3)


def test_updates_per_epoch():
    assert updates_per_epoch(1000, 32) == 32
    assert updates_per_epoch(1000, 1) == 1000
    assert updates_per_epoch(1000, None) == 1
    assert updates_per_epoch(10, 64) == 1


def test_path_measures():
    assert path_length([1.0, 3.0, 2.0]) == 3.0
    assert wiggle_ratio([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]) == math.inf
    assert wiggle_ratio([[1.0, 1.0], [1.0, 1.0]]) == 1.0
    with pytest.raises(ValueError, match="coordinate"):
        steps_near([[0.0, 0.0]], (0.0, 0.0, 0.0), 1.0)


def test_bad_inputs():
    with pytest.raises(TypeError, match="surface"):
        gradient_descent(42, (1.0, 1.0), 0.1)
    with pytest.raises(ValueError, match="unknown surface"):
        gradient_descent("banana", (1.0, 1.0), 0.1)
    with pytest.raises(ValueError, match="start"):
        gradient_descent(IllConditionedBowl(), (1.0, 1.0, 1.0), 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent(Quadratic1D(), 1.0, -0.1)
    with pytest.raises(ValueError, match="criterion"):
        gradient_descent(Quadratic1D(), 1.0, 0.1, criterion="weights")
    with pytest.raises(ValueError, match="same number of samples"):
        minibatch_descent(np.ones((4, 1)), np.ones(3), None, learning_rate=0.1, epochs=1)
    with pytest.raises(ValueError, match="learning_rate"):
        minibatch_descent(np.ones((4, 1)), np.ones(4), None, learning_rate=0.0, epochs=1)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_descent(np.ones((4, 1)), np.ones(4), 0, learning_rate=0.1, epochs=1)
    with pytest.raises(ValueError, match="unknown surface"):
        learning_rate_runs(0.1, "bowl")
    with pytest.raises(ValueError, match="no known minimum"):
        distance_to_minimum(Saddle(), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="shape"):
        line_mse([[1.0, 2.0, 3.0]], np.ones((2, 1)), np.ones(2))


def test_a_surface_may_be_given_by_name():
    by_name = gradient_descent("bowl", (5.0, 1.0), 0.05, max_steps=20)
    np.testing.assert_array_equal(
        by_name.path, gradient_descent(IllConditionedBowl(), (5.0, 1.0), 0.05, max_steps=20).path
    )


def test_distance_to_minimum_takes_the_nearest_minimum():
    himmelblau = Himmelblau()
    points = np.array(himmelblau.minima) + [0.0, 0.01]
    np.testing.assert_allclose(distance_to_minimum(himmelblau, points), 0.01, rtol=1e-9)
    np.testing.assert_allclose(distance_to_minimum(Quadratic1D(center=1.0), [3.0, -1.0, 1.0]), [2.0, 2.0, 0.0])


def test_line_mse_is_the_mse_of_each_line():
    X, y = make_noisy_line(10, seed=1)
    params = np.array([[2.0, 1.0], [0.0, 0.0], [-1.0, 3.0]])
    by_hand = [np.mean((w * X[:, 0] + b - y) ** 2) for w, b in params]
    np.testing.assert_allclose(line_mse(params, X, y), by_hand, rtol=1e-12)


# ----------------------------------------------------------------------------- chapter 3's experiments


def test_learning_rate_runs_start_where_the_experiment_says():
    for name, (surface, start) in LEARNING_RATE_SURFACES.items():
        on_curve, on_surface = learning_rate_runs(0.05, name)
        assert on_curve.path[0] == CURVE_START and tuple(on_surface.path[0]) == start
        assert on_curve.n_steps == RUN_STEPS
    # x_k = 3 (1 - 0.05 * 10)^k on the curve
    np.testing.assert_allclose(on_curve.path, CURVE_START * 0.5 ** np.arange(RUN_STEPS + 1), rtol=1e-12, atol=1e-300)
    assert curve().curvature == 10.0 and max_stable_learning_rate(curve().curvature) == pytest.approx(0.2)


def test_least_squares_is_the_minimum_of_the_chapter_data():
    X, y = chapter_data()
    assert X.shape == (LINE_SAMPLES, 1)
    w, b, best = least_squares()
    assert line_mse([[w, b]], X, y)[0] == pytest.approx(best, rel=1e-12)
    # the gradient of the MSE vanishes there, so every small move raises the loss
    residual = w * X[:, 0] + b - y
    assert abs(np.mean(residual * X[:, 0])) < 1e-10 and abs(np.mean(residual)) < 1e-10
    nearby = [[w + dw, b + db] for dw, db in ((0.01, 0.0), (-0.01, 0.0), (0.0, 0.01), (0.0, -0.01))]
    assert np.all(line_mse(nearby, X, y) > best)


def test_chapter_line_path_is_minibatch_descent_on_the_chapter_data():
    X, y = chapter_data()
    cached = chapter_line_path(8, 0.03)
    assert chapter_line_path(8, 0.03) is cached
    direct = minibatch_descent(X, y, 8, learning_rate=0.03, epochs=LINE_EPOCHS, seed=0)
    np.testing.assert_array_equal(cached.path, direct.path)
    assert cached.final_loss == line_mse(cached.path[-1:], X, y)[0]
    assert chapter_line_path(None, 0.03).updates_per_epoch == 1


# ---------------------------------------------------------------- section page: beyond a fixed step


def test_noise_ball_radius_matches_a_long_simulation_and_the_hand_formula():
    from mlcourse.chapters.gradient_descent.analysis import noise_ball_radius

    assert noise_ball_radius(0.1, 2.0, [1.0, 10.0]) == pytest.approx(math.sqrt(0.4 * (1 / 1.9 + 1 / 10)))
    rng = np.random.default_rng(0)
    lr, sigma, c = 0.05, 1.5, np.array([2.0, 6.0])
    e, total = np.zeros(2), []
    for step in range(60_000):  # e <- (1 - lr c) e - lr sigma z, independently of the library
        e = (1 - lr * c) * e - lr * sigma * rng.standard_normal(2)
        if step > 1000:
            total.append(e @ e)
    assert math.sqrt(np.mean(total)) == pytest.approx(noise_ball_radius(lr, sigma, c), rel=0.03)
    with pytest.raises(ValueError, match="learning_rate"):
        noise_ball_radius(0.5, 1.0, [1.0, 10.0])


def test_schedule_runs_settle_closer_than_the_constant_rate():
    from mlcourse.chapters.gradient_descent.analysis import noise_ball_radius, schedule_runs, schedules

    assert list(schedules()) == ["constant", "step", "exponential", "1/t", "cosine", "warm-up + cosine"]
    runs = schedule_runs(seeds=4)
    final = {name: np.sqrt(np.mean([np.sum(run.final_point**2) for run in rs])) for name, rs in runs.items()}
    assert final["constant"] == pytest.approx(noise_ball_radius(0.1, 2.0, [1.0, 10.0]), rel=0.5)
    assert all(final[name] < final["constant"] / 2 for name in runs if name != "constant")
    step = runs["step"][0].lrs
    np.testing.assert_allclose(step[[0, 99, 100, 200, 399]], [0.1, 0.1, 0.03, 0.009, 0.0027])
    assert runs["warm-up + cosine"][0].lrs[0] < runs["warm-up + cosine"][0].lrs[20] == pytest.approx(0.1)


def test_newton_cost_is_n_squared_memory_and_n_cubed_work():
    from mlcourse.chapters.gradient_descent.analysis import newton_cost

    assert newton_cost(10) == (800.0, pytest.approx(1000 / 3))
    assert newton_cost(100_000)[0] == 8e10
    assert newton_cost(100_000, bytes_per_number=4)[0] == 4e10


def test_equality_minimum_matches_the_closed_form_and_the_lagrange_condition():
    from mlcourse.chapters.gradient_descent.analysis import equality_minimum

    for a, b in ((1.0, 10.0), (2.0, 8.0), (3.0, 3.0)):
        point, multiplier = equality_minimum(np.diag([a, b]), [1.0, 1.0], 1.0)
        np.testing.assert_allclose(point, [b / (a + b), a / (a + b)])
        assert multiplier == pytest.approx(a * b / (a + b))
    H, n = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -2.0])
    point, multiplier = equality_minimum(H, n, 0.5)
    np.testing.assert_allclose(H @ point, multiplier * n)  # grad f = lambda grad h
    assert n @ point == pytest.approx(0.5)
    with pytest.raises(ValueError, match="hessian"):
        equality_minimum(np.eye(3), [1.0, 1.0], 1.0)
