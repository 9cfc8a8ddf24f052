"""Test surfaces and curves: exact gradients against finite differences, known minima, optimizer paths."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import surfaces
from mlcourse.surfaces import (
    DoubleWell1D,
    Himmelblau,
    IllConditionedBowl,
    Quadratic1D,
    Rosenbrock,
    Saddle,
    as_surface,
    get_surface,
    has_diverged,
    optimize_path,
)

SURFACES_2D = [
    IllConditionedBowl(),
    IllConditionedBowl(a=2.0, b=7.0),
    Saddle(),
    Rosenbrock(),
    Rosenbrock(a=0.5, b=10.0),
    Himmelblau(),
]


@pytest.mark.parametrize("surface", SURFACES_2D, ids=lambda s: f"{s.name}")
def test_gradient_matches_central_differences(surface):
    rng = np.random.default_rng(0)
    (x_lo, x_hi), (y_lo, y_hi) = surface.bounds
    points = np.column_stack([rng.uniform(x_lo, x_hi, 25), rng.uniform(y_lo, y_hi, 25)])
    h = 1e-6
    numeric = np.column_stack(
        [
            (surface.value(points + [h, 0]) - surface.value(points - [h, 0])) / (2 * h),
            (surface.value(points + [0, h]) - surface.value(points - [0, h])) / (2 * h),
        ]
    )
    np.testing.assert_allclose(surface.gradient(points), numeric, rtol=1e-6, atol=1e-4)


@pytest.mark.parametrize("surface", SURFACES_2D, ids=lambda s: f"{s.name}")
def test_known_minima_have_zero_gradient(surface):
    for minimum in surface.minima:
        np.testing.assert_allclose(surface.gradient(np.array(minimum)), 0.0, atol=1e-9)
        assert surface.value(np.array(minimum)) == pytest.approx(0.0, abs=1e-18)
    for saddle in getattr(surface, "saddle_points", []):
        np.testing.assert_allclose(surface.gradient(np.array(saddle)), 0.0, atol=1e-12)


def test_values_at_hand_computed_points():
    assert IllConditionedBowl(a=1, b=20).value(np.array([2.0, 1.0])) == (4 + 20) / 2
    assert Saddle().value(np.array([1.0, 2.0])) == 1 - 4
    assert Rosenbrock().value(np.array([0.0, 0.0])) == 1.0
    assert Rosenbrock().value(np.array([-1.0, 1.0])) == 4.0
    assert Himmelblau().value(np.array([0.0, 0.0])) == 121 + 49
    assert len(Himmelblau().minima) == 4
    assert Saddle().minima == [] and Saddle().saddle_points == [(0.0, 0.0)]


def test_grid_evaluation_with_two_arrays_matches_stacked_points():
    surface = Himmelblau()
    X, Y = np.meshgrid(np.linspace(-5, 5, 7), np.linspace(-4, 4, 5))
    Z = surface.value(X, Y)
    assert Z.shape == (5, 7)
    np.testing.assert_array_equal(Z, surface.value(np.stack([X, Y], axis=-1)))
    assert surface.gradient(X, Y).shape == (5, 7, 2)
    assert Z[2, 3] == Himmelblau().value(np.array([0.0, 0.0]))


def test_curves_gradient_and_minima():
    for curve in (Quadratic1D(curvature=3.0, center=1.0), DoubleWell1D(), DoubleWell1D(tilt=0.5)):
        xs = np.linspace(*curve.bounds, 31)
        numeric = (curve.value(xs + 1e-6) - curve.value(xs - 1e-6)) / 2e-6
        np.testing.assert_allclose(curve.gradient(xs), numeric, rtol=1e-6, atol=1e-5)
        for minimum in curve.minima:
            assert curve.gradient(minimum) == pytest.approx(0.0, abs=1e-12)
    well = DoubleWell1D()
    assert len(well.minima) == 2
    global_min, local_min = well.minima
    assert global_min < 0 < local_min and well.value(global_min) < well.value(local_min)


def test_optimize_path_sgd_on_bowl_follows_closed_form():
    lr, a, b = 0.05, 1.0, 20.0
    result = optimize_path(IllConditionedBowl(a=a, b=b), "sgd", (5.0, 1.0), 40, lr=lr)
    k = np.arange(41)
    expected = np.column_stack([5.0 * (1 - lr * a) ** k, 1.0 * (1 - lr * b) ** k])
    np.testing.assert_allclose(result.path, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(result.losses, (a * expected[:, 0] ** 2 + b * expected[:, 1] ** 2) / 2, rtol=1e-12)
    assert result.diverged_at is None and result.n_steps == 40


def test_too_large_learning_rate_is_recorded_as_divergence_without_nan():
    # lr * b = 3: the y coordinate is multiplied by -2 each step
    result = optimize_path("bowl", "sgd", (1.0, 1.0), 100, lr=0.15)
    assert result.diverged_at is not None
    assert np.all(np.isfinite(result.path)) and np.all(np.abs(result.path) <= 1e6)
    assert len(result.path) == result.diverged_at  # points 0 .. diverged_at - 1
    assert result.diverged_at == 20  # |y| = 2**k: 2**19 < 1e6 < 2**20


def test_saddle_point_traps_a_start_on_the_axis_and_releases_others():
    trapped = optimize_path(Saddle(), "sgd", (1.5, 0.0), 200, lr=0.1)
    np.testing.assert_allclose(trapped.final_point, (0.0, 0.0), atol=1e-12)
    escaped = optimize_path(Saddle(), "sgd", (1.5, 1e-3), 200, lr=0.1)
    assert escaped.diverged_at is not None  # no minimum: y grows without bound


def test_himmelblau_start_decides_the_minimum():
    reached = set()
    for start in [(4.0, 4.0), (-4.0, 4.0), (-4.0, -4.0), (4.0, -4.0)]:
        result = optimize_path(Himmelblau(), "adam", start, 3000, lr=0.05)
        distances = [np.hypot(*(result.final_point - m)) for m in Himmelblau().minima]
        assert min(distances) < 1e-3
        reached.add(int(np.argmin(distances)))
    assert reached == {0, 1, 2, 3}


def test_tolerance_stops_with_converged_at():
    result = optimize_path("bowl", "momentum", (5.0, 1.0), 1000, lr=0.02, tolerance=1e-6)
    assert result.converged_at is not None and result.converged_at < 1000
    assert np.linalg.norm(IllConditionedBowl().gradient(result.final_point)) < 1e-6
    assert result.n_steps == result.converged_at


def test_sgd_on_a_curve_regimes():
    curve = Quadratic1D(curvature=2.0)  # stable for lr < 1, one-step at 0.5
    slow = optimize_path(curve, "sgd", 3.0, 20, lr=0.1)
    assert slow.path.shape == (21,)
    np.testing.assert_allclose(slow.path, 3.0 * 0.8 ** np.arange(21), rtol=1e-12)
    np.testing.assert_allclose(slow.losses, slow.path**2, rtol=1e-12)
    assert optimize_path(curve, "sgd", 3.0, 1, lr=0.5).path[-1] == 0.0
    zigzag = optimize_path(curve, "sgd", 3.0, 20, lr=0.9).path
    assert np.all(np.sign(zigzag[1:]) != np.sign(zigzag[:-1])) and abs(zigzag[-1]) < abs(zigzag[0])
    diverged = optimize_path("quadratic1d", "sgd", 3.0, 500, lr=2.1)  # x multiplied by -1.1 per step
    assert diverged.diverged_at is not None and np.all(np.isfinite(diverged.path))
    assert abs(diverged.path[-1]) <= 1e6 < 1.1 * abs(diverged.path[-1])


def test_double_well_local_minimum_from_the_right():
    well = DoubleWell1D()
    right = optimize_path(well, "sgd", 2.0, 2000, lr=0.01)
    left = optimize_path(well, "sgd", -2.0, 2000, lr=0.01)
    assert right.final_point == pytest.approx(well.minima[1], abs=1e-6)  # local, not global
    assert left.final_point == pytest.approx(well.minima[0], abs=1e-6)


def test_get_surface_names_and_parameters():
    assert isinstance(get_surface("Rosenbrock"), Rosenbrock)
    assert get_surface("bowl", a=2.0, b=10.0).condition_number == 5.0
    assert set(surfaces.SURFACES) == {"bowl", "saddle", "rosenbrock", "himmelblau", "quadratic1d", "double_well"}


def test_as_surface_builds_names_and_refuses_other_objects():
    bowl = IllConditionedBowl()
    assert as_surface(bowl) is bowl
    assert isinstance(as_surface("double_well"), DoubleWell1D)
    with pytest.raises(TypeError, match="surface must be a 2-D surface or a 1-D curve"):
        as_surface(np.zeros(2))
    with pytest.raises(ValueError, match="unknown surface"):
        as_surface("banana")


def test_has_diverged_at_non_finite_or_far_points():
    assert not has_diverged(np.array([1e6, -1e6]), 1.0)  # the radius itself still counts as finite
    assert has_diverged(np.array([1e6 * (1 + 1e-15), 0.0]), 1.0)
    assert has_diverged(np.array([np.nan, 0.0]), 1.0)
    assert has_diverged(np.array([0.0, 0.0]), float("nan"))
    assert has_diverged(-np.inf, 0.0)
    assert not has_diverged(0.5, 0.125)


def test_a_start_must_match_the_dimension():
    with pytest.raises(ValueError, match="start must be 0-D"):  # a curve takes a number
        optimize_path(DoubleWell1D(), "sgd", [1.0, 2.0], 10, lr=0.1)
    with pytest.raises(ValueError, match="start must be 1-D"):  # a surface a point (x, y)
        optimize_path("bowl", "sgd", 1.0, 10, lr=0.1)


# ------------------------------------------------------------------ bad parameters


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Rosenbrock(a=np.nan), ValueError, "a must be a finite number, got nan"),
        (lambda: Rosenbrock(a=np.inf), ValueError, "a must be a finite number, got inf"),
        (lambda: Rosenbrock(a="1"), TypeError, "a must be a real number, got str '1'"),
        (lambda: Rosenbrock(b=np.nan), ValueError, "b must be a finite number > 0, got nan"),
        (lambda: DoubleWell1D(tilt=np.nan), ValueError, "tilt must be a finite number, got nan"),
        (lambda: DoubleWell1D(tilt=-np.inf), ValueError, "tilt must be a finite number, got -inf"),
        (lambda: DoubleWell1D(tilt=None), TypeError, "tilt must be a real number, got NoneType"),
        (lambda: Quadratic1D(center=np.inf), ValueError, "center must be a finite number, got inf"),
        (lambda: Quadratic1D(curvature=0.0), ValueError, "curvature must be a finite number > 0, got 0.0"),
        (lambda: IllConditionedBowl(a=np.nan), ValueError, "a must be a finite number > 0, got nan"),
        (lambda: IllConditionedBowl(b=[20.0]), TypeError, "b must be a number, got list"),
    ],
)
def test_surface_parameters_are_checked(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_valid_parameters_give_the_same_surfaces():
    assert Rosenbrock(a=2).minima == [(2.0, 4.0)] and isinstance(Rosenbrock(a=2).a, float)
    assert DoubleWell1D(tilt=np.float32(1.0)).minima == DoubleWell1D().minima
    assert Quadratic1D(center=np.int64(2)).minima == [2.0]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: get_surface("bowl", c=1.0),
            TypeError,
            r"surface 'bowl' takes the parameters \['a', 'b'\], got the unknown parameter\(s\) \['c'\]",
        ),
        (lambda: get_surface("saddle", a=1.0), TypeError, r"surface 'saddle' takes the parameters \[\]"),
        (lambda: get_surface("rosenbrock", name="x"), TypeError, "unknown parameter"),
        (lambda: get_surface(5), TypeError, "name must be the name of a surface .str., one of .*got int 5"),
        (lambda: get_surface("double_well", tilt=np.nan), ValueError, "tilt must be a finite number"),
        (lambda: as_surface(Rosenbrock), TypeError, r"got the class Rosenbrock: call it, Rosenbrock\(\)"),
        (lambda: has_diverged(np.array([]), 1.0), ValueError, r"point must not be empty, got shape \(0,\)"),
        (lambda: has_diverged(["a", "b"], 1.0), TypeError, "point must be real numbers, got list"),
        (lambda: has_diverged(np.zeros(2), None), TypeError, "value must be real numbers, got NoneType"),
        (lambda: has_diverged(np.zeros(2), [1.0, 2.0]), ValueError, r"value must be a single number .*shape \(2,\)"),
        (
            lambda: optimize_path("bowl", None, (1.0, 1.0), 10),
            TypeError,
            r"optimizer_name must be a str, one of \['adagrad'.*got NoneType",
        ),
        (lambda: optimize_path("bowl", "lbfgs", (1.0, 1.0), 10), ValueError, "unknown optimizer 'lbfgs'"),
        (
            lambda: optimize_path("bowl", "sgd", (1.0, np.nan), 10, lr=0.1),
            ValueError,
            r"start must be finite, got 1 NaN/inf value\(s\)",
        ),
        (lambda: optimize_path("bowl", "sgd", (1.0, 1.0), 10.0, lr=0.1), TypeError, "steps must be an integer"),
        (lambda: optimize_path("bowl", "sgd", (1.0, 1.0), -1, lr=0.1), ValueError, "steps must be >= 0, got -1"),
        (
            lambda: optimize_path("bowl", "sgd", (1.0, 1.0), 5, lr=0.1, tolerance=np.nan),
            ValueError,
            "tolerance must be a finite number > 0, got nan",
        ),
    ],
)
def test_surface_helpers_refuse_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_has_diverged_takes_integer_points():
    assert not has_diverged(np.array([1, 2]), 5) and has_diverged(np.array([2_000_000, 0]), 1)


def test_surfaces_evaluate_non_finite_points_without_error_so_divergence_is_seen():
    # documented: value/gradient propagate NaN/inf (no exception), has_diverged then says True
    value = IllConditionedBowl().value(np.array([np.inf, 0.0]))
    assert value == np.inf and has_diverged(np.array([np.inf, 0.0]), value)
