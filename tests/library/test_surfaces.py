"""Test surfaces and curves: exact gradients and Hessians against finite differences, known minima,
optimizer and Newton paths, extreme parameters."""

from __future__ import annotations

import warnings

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
    newton_path,
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
    # lr * b = 1: y is 0 after one step, up to the rounding of lr (SGD's fused update does not round lr * g)
    np.testing.assert_allclose(result.path, expected, rtol=1e-12, atol=1e-15)
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


# ------------------------------------------------------------------ Hessians


def _numeric_hessian(surface, points, h=1e-5):
    """Central differences of the exact gradient: column j is d(gradient)/d(coordinate j)."""
    columns = []
    for step in ([h, 0.0], [0.0, h]):
        columns.append((surface.gradient(points + step) - surface.gradient(points - step)) / (2 * h))
    return np.stack(columns, axis=-1)


@pytest.mark.parametrize("surface", SURFACES_2D, ids=lambda s: f"{s.name}")
def test_hessian_matches_central_differences_of_the_gradient(surface):
    rng = np.random.default_rng(1)
    (x_lo, x_hi), (y_lo, y_hi) = surface.bounds
    points = np.column_stack([rng.uniform(x_lo, x_hi, 25), rng.uniform(y_lo, y_hi, 25)])
    hessian = surface.hessian(points)
    assert hessian.shape == (25, 2, 2)
    np.testing.assert_array_equal(hessian, np.swapaxes(hessian, -1, -2))  # symmetric
    np.testing.assert_allclose(hessian, _numeric_hessian(surface, points), rtol=1e-6, atol=1e-4)


def test_hessians_at_hand_computed_points():
    np.testing.assert_array_equal(IllConditionedBowl(a=2.0, b=7.0).hessian(np.array([3.0, -1.0])), [[2, 0], [0, 7]])
    np.testing.assert_array_equal(Saddle().hessian(np.array([0.0, 0.0])), [[2, 0], [0, -2]])
    # Rosenbrock at the minimum (1, 1): f_xx = 2 - 0 + 8 b, f_xy = -4 b, f_yy = 2 b
    np.testing.assert_array_equal(Rosenbrock().hessian(np.array([1.0, 1.0])), [[802, -400], [-400, 200]])
    # Himmelblau at (0, 0): 4 y - 42, 4 (x + y), 4 x - 26
    np.testing.assert_array_equal(Himmelblau().hessian(np.array([0.0, 0.0])), [[-42, 0], [0, -26]])
    assert Quadratic1D(curvature=3.0).hessian(5.0) == 3.0 and DoubleWell1D().hessian(2.0) == 12 * 4 - 6


def test_hessian_on_a_grid_and_as_two_arrays():
    surface = Rosenbrock()
    X, Y = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 3, 5))
    on_grid = surface.hessian(X, Y)
    assert on_grid.shape == (5, 7, 2, 2)
    np.testing.assert_array_equal(on_grid, surface.hessian(np.stack([X, Y], axis=-1)))
    np.testing.assert_array_equal(on_grid[2, 3], surface.hessian(np.array([X[2, 3], Y[2, 3]])))
    assert IllConditionedBowl().hessian(X, Y).shape == (5, 7, 2, 2)  # constant, but one per point


def test_curve_second_derivatives_match_central_differences():
    for curve in (Quadratic1D(curvature=3.0, center=1.0), DoubleWell1D(), DoubleWell1D(tilt=0.5)):
        xs = np.linspace(*curve.bounds, 31)
        numeric = (curve.gradient(xs + 1e-5) - curve.gradient(xs - 1e-5)) / 2e-5
        np.testing.assert_allclose(curve.hessian(xs), numeric, rtol=1e-7, atol=1e-6)
        assert isinstance(curve.hessian(0.5), float)


@pytest.mark.parametrize("surface", SURFACES_2D + [Quadratic1D(2.0, 1.0), DoubleWell1D(0.7)], ids=lambda s: s.name)
def test_hessian_matches_torch_autograd(surface):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    for _ in range(5):
        if surface.dim == 2:
            point = np.array([rng.uniform(*surface.bounds[0]), rng.uniform(*surface.bounds[1])])
            expected = torch.autograd.functional.hessian(
                lambda v: surface._value(v[0], v[1]), torch.tensor(point, dtype=torch.float64)
            )
        else:
            point = rng.uniform(*surface.bounds)
            expected = torch.autograd.functional.hessian(surface._value, torch.tensor(point, dtype=torch.float64))
        np.testing.assert_allclose(surface.hessian(point), expected.numpy(), rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------ Newton's method

EPS = np.finfo(np.float64).eps


@pytest.mark.parametrize("a, b", [(1.0, 20.0), (1.0, 1e6), (1e-3, 1e3), (3.0, 7.0), (1e-100, 1e100)])
def test_newton_lands_on_the_minimum_of_a_bowl_in_one_step_whatever_the_condition_number(a, b):
    bowl = IllConditionedBowl(a=a, b=b)
    for start in np.random.default_rng(3).normal(scale=5.0, size=(50, 2)):
        result = newton_path(bowl, start, 1)
        assert result.n_steps == 1 and result.diverged_at is None and result.singular_at is None
        assert np.all(np.abs(result.final_point) <= EPS * np.abs(start))  # the origin, up to rounding
    # gradient descent at its best learning rate 2 / (a + b) shrinks the x error only by (b - a) / (b + a) per step
    if b / a >= 1e6:
        descent = optimize_path(bowl, "sgd", (5.0, 1.0), 1000, lr=2 / (a + b))
        assert abs(descent.final_point[0]) > 4.0


def test_newton_converges_quadratically_on_rosenbrock_and_gradient_descent_does_not():
    for start in [(-1.5, 2.0), (1.5, -0.5), (-1.2, 1.0)]:
        newton = newton_path(Rosenbrock(), start, 50, tolerance=1e-12)
        assert newton.converged_at is not None and newton.converged_at <= 8
        errors = np.linalg.norm(newton.path - np.array([1.0, 1.0]), axis=1)
        assert errors[-1] < 1e-12
        near = [(e, f) for e, f in zip(errors[:-1], errors[1:]) if e < 1 and f > 0]
        assert len(near) >= 2
        for error, following in near:  # the error roughly squares: e_{k+1} <= C e_k**2
            assert following <= 10 * error**2, (error, following)
        descent = optimize_path(Rosenbrock(), "sgd", start, 2000, lr=1e-3)
        assert np.linalg.norm(descent.final_point - np.array([1.0, 1.0])) > 1e-2  # still far after 2000 steps


def test_newton_jumps_to_the_saddle_point_which_is_not_a_minimum():
    saddle = Saddle()
    for start in [(1.0, 2.0), (-3.0, 0.5), (0.2, -1.5)]:
        result = newton_path(saddle, start, 10, tolerance=1e-12)
        np.testing.assert_array_equal(result.path[1], [0.0, 0.0])  # x - H^-1 (2x, -2y) = (0, 0)
        assert result.converged_at == 1  # the gradient vanishes there ...
    eigenvalues = np.linalg.eigvalsh(saddle.hessian(np.zeros(2)))
    np.testing.assert_array_equal(eigenvalues, [-2.0, 2.0])  # ... but the Hessian is indefinite
    assert saddle.value(np.array([0.0, 0.1])) < saddle.value(np.zeros(2))  # lower values nearby
    descent = optimize_path(saddle, "sgd", (1.0, 2.0), 200, lr=0.1)
    assert descent.diverged_at is not None  # gradient descent escapes along y instead


def test_newton_on_a_curve_is_the_textbook_iteration():
    well = DoubleWell1D(tilt=1.0)
    result = newton_path(well, 2.0, 6)
    x, expected = 2.0, [2.0]
    for _ in range(6):
        x = x - (4 * x**3 - 6 * x + 1.0) / (12 * x**2 - 6)
        expected.append(x)
    np.testing.assert_allclose(result.path, expected, rtol=4 * EPS)  # numpy's x**3 may differ by an ulp
    assert result.path.shape == (7,) and result.final_point == pytest.approx(well.minima[1], abs=1e-12)
    np.testing.assert_array_equal(result.losses, well.value(result.path))
    # near x = 0 the curve is concave: Newton climbs to the local maximum
    top = newton_path(well, 0.1, 20, tolerance=1e-12).final_point
    assert well.gradient(top) == pytest.approx(0.0, abs=1e-12) and well.hessian(top) < 0
    assert newton_path(Quadratic1D(curvature=4.0, center=1.5), -3.0, 1).path.tolist() == [-3.0, 1.5]


def test_newton_stops_at_a_singular_hessian_and_says_so():
    # on the parabola y = x**2 + 1 / (2 b) Rosenbrock's Hessian is singular: at (0, 0.005), [[0, 0], [0, 200]]
    rosenbrock = Rosenbrock(b=100.0)
    assert np.linalg.matrix_rank(rosenbrock.hessian(np.array([0.0, 0.005]))) == 1
    result = newton_path(rosenbrock, (0.0, 0.005), 10)
    assert result.singular_at == 1 and result.diverged_at is None and result.converged_at is None
    np.testing.assert_array_equal(result.path, [[0.0, 0.005]])

    class Cubic(surfaces._Curve):  # f = x**3 - 3 x: f''(0) = 0 while f'(0) = -3
        def _value(self, x):
            return x**3 - 3 * x

        def _gradient(self, x):
            return 3 * x**2 - 3

        def _hessian(self, x):
            return 6 * x

    assert newton_path(Cubic(), 0.0, 5).singular_at == 1
    assert newton_path(Cubic(), 0.0, 5, damping=1.0).singular_at is None  # (f'' + 1) is not zero


def test_newton_damping_is_levenberg_and_tends_to_gradient_descent():
    a, b, lam = 1.0, 20.0, 5.0
    result = newton_path(IllConditionedBowl(a=a, b=b), (4.0, 1.0), 10, damping=lam)
    k = np.arange(11)
    expected = np.column_stack([4.0 * (lam / (a + lam)) ** k, 1.0 * (lam / (b + lam)) ** k])
    np.testing.assert_allclose(result.path, expected, rtol=1e-13)
    assert result.optimizer == "Newton(damping=5.0)"
    heavy = newton_path(Rosenbrock(), (-1.5, 2.0), 20, damping=1e6).path
    descent = optimize_path(Rosenbrock(), "sgd", (-1.5, 2.0), 20, lr=1e-6).path
    np.testing.assert_allclose(heavy, descent, rtol=1e-3)


def test_newton_records_a_huge_step_as_a_divergence_without_nan():
    well = DoubleWell1D()
    inflection = np.sqrt(0.5)  # f'' = 12 x**2 - 6 is rounding-small there: the step is ~1e15
    result = newton_path(well, inflection, 5)
    assert result.diverged_at == 1 and result.path.tolist() == [inflection]
    steep = newton_path(DoubleWell1D(tilt=1e15), -2.2, 5)
    assert steep.diverged_at == 1 and np.all(np.isfinite(steep.losses))


def test_newton_zero_steps_and_a_start_at_the_minimum():
    result = newton_path("rosenbrock", (0.5, 0.5), 0)
    assert result.n_steps == 0 and result.path.tolist() == [[0.5, 0.5]]
    at_minimum = newton_path("bowl", (0.0, 0.0), 3)
    assert at_minimum.path.tolist() == [[0.0, 0.0]] * 4 and at_minimum.singular_at is None


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: newton_path("bowl", (1.0, 1.0), 5, damping=-1.0), ValueError, "damping must be a finite number >= 0"),
        (lambda: newton_path("bowl", (1.0, 1.0), 5, damping=np.nan), ValueError, "damping must be a finite number"),
        (lambda: newton_path("bowl", (1.0, 1.0), 5, damping="0"), TypeError, "damping must be a number, got str"),
        (lambda: newton_path("bowl", (1.0, 1.0), -1), ValueError, "steps must be >= 0, got -1"),
        (lambda: newton_path("bowl", (1.0, 1.0), 2.0), TypeError, "steps must be an integer"),
        (lambda: newton_path("bowl", (1.0, np.inf), 2), ValueError, "start must be finite"),
        (lambda: newton_path("double_well", (1.0, 2.0), 2), ValueError, "start must be 0-D"),
        (
            lambda: newton_path("bowl", (1.0, 1.0), 2, tolerance=0.0),
            ValueError,
            "tolerance must be a finite number > 0",
        ),
        (lambda: newton_path("banana", (1.0, 1.0), 2), ValueError, "unknown surface 'banana'"),
        (lambda: newton_path(Saddle, (1.0, 1.0), 2), TypeError, "got the class Saddle"),
    ],
)
def test_newton_path_refuses_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_newton_path_refuses_a_surface_without_hessian():
    class NoHessian:
        dim = 2

        def value(self, xy):
            return 0.0

        def gradient(self, xy):
            return np.zeros(2)

    with pytest.raises(TypeError, match="surface must have a hessian method for Newton's method, got NoHessian"):
        newton_path(NoHessian(), (1.0, 1.0), 3)


def test_optimize_path_results_have_no_singular_step():
    assert optimize_path("bowl", "sgd", (1.0, 1.0), 2, lr=0.1).singular_at is None


# ------------------------------------------------------------------ extreme parameters (issue 14)

EXTREME_PARAMETERS = [
    (IllConditionedBowl, "a", "must lie in \\[1e-100, 1e100\\]"),
    (IllConditionedBowl, "b", "must lie in \\[1e-100, 1e100\\]"),
    (Rosenbrock, "a", "must lie in \\[-100, 100\\] \\(so that the minimum \\(a, a\\*\\*2\\) lies well within"),
    (Rosenbrock, "b", "must lie in \\[1e-100, 1e100\\]"),
    (Quadratic1D, "curvature", "must lie in \\[1e-100, 1e100\\]"),
    (Quadratic1D, "center", "must lie in \\[-1e5, 1e5\\]"),
    (DoubleWell1D, "tilt", "must lie in \\[-1e15, 1e15\\]"),
]


def _evaluation_points(surface):
    """The plotting window's corners, the minima and the corners of the divergence radius."""
    radius = surfaces.DIVERGENCE_RADIUS
    if surface.dim == 1:
        return np.array([*surface.bounds, radius, -radius, *surface.minima])
    (x_lo, x_hi), (y_lo, y_hi) = surface.bounds
    corners = [[x_lo, y_lo], [x_hi, y_hi], [radius, -radius], [-radius, radius], [radius, radius]]
    return np.array(corners + [list(m) for m in surface.minima])


def _assert_finite_without_warning(surface):
    points = _evaluation_points(surface)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outputs = [surface.value(points), surface.gradient(points), surface.hessian(points)]
        outputs += [getattr(surface, "condition_number", 1.0), surface.minima, surface.bounds]
        for run in (
            optimize_path(surface, "adam", points[0], 5, lr=0.1),
            newton_path(surface, points[0], 10),
            newton_path(surface, points[0], 10, damping=1.0),
        ):
            outputs += [run.path, run.losses]
    for output in outputs:
        assert np.all(np.isfinite(np.asarray(output, dtype=np.float64))), (surface, output)


@pytest.mark.parametrize("cls, name, message", EXTREME_PARAMETERS, ids=lambda v: getattr(v, "__name__", str(v))[:20])
@pytest.mark.parametrize("value", [1e200, -1e200, 1e-300, -1e-300])
def test_extreme_parameters_are_finite_or_refused_naming_the_parameter_and_its_range(cls, name, message, value):
    signed = name in ("a", "center", "tilt") and cls is not IllConditionedBowl
    if signed and abs(value) < 1:  # a tiny shift is harmless
        _assert_finite_without_warning(cls(**{name: value}))
        return
    expected = message if (signed or value > 0) else "must be a finite number > 0"
    with pytest.raises(ValueError, match=f"^{name} {expected}"):
        cls(**{name: value})


def test_rosenbrock_1e200_is_refused_instead_of_overflowing():
    with pytest.raises(ValueError, match=r"a must lie in \[-100, 100\] .*, got 1e\+200"):
        Rosenbrock(a=1e200)  # used to raise OverflowError computing the minimum (a, a**2)


@pytest.mark.parametrize(
    "surface",
    [
        IllConditionedBowl(a=1e-100, b=1e100),
        IllConditionedBowl(a=1e100, b=1e-100),
        Rosenbrock(a=100.0, b=1e100),
        Rosenbrock(a=-100.0, b=1e-100),
        Rosenbrock(a=1e-300, b=100.0),
        Quadratic1D(curvature=1e100, center=1e5),
        Quadratic1D(curvature=1e-100, center=-1e5),
        DoubleWell1D(tilt=1e15),
        DoubleWell1D(tilt=-1e15),
        Saddle(),
        Himmelblau(),
    ],
    ids=repr,
)
def test_parameters_at_the_ends_of_their_ranges_give_finite_results_without_warning(surface):
    _assert_finite_without_warning(surface)
    assert all(abs(c) <= 1e5 for m in surface.minima for c in np.atleast_1d(m))  # well within the radius


# ------------------------------------------------- schedules, gradient noise, constraints


def test_scheduler_sets_the_rate_of_every_step_as_its_closed_form():
    from mlcourse.lr_scheduler import ExponentialLR

    run = optimize_path(Quadratic1D(), "sgd", 4.0, 5, lr=0.5, scheduler=lambda opt: ExponentialLR(opt, gamma=0.5))
    rates = 0.5 * 0.5 ** np.arange(5)
    np.testing.assert_allclose(run.lrs, rates)
    np.testing.assert_allclose(run.path, 4.0 * np.cumprod(np.concatenate([[1.0], 1 - rates])))  # x <- (1 - lr) x
    assert optimize_path(Quadratic1D(), "sgd", 4.0, 5, lr=0.5).lrs is None


def test_scheduler_must_build_a_scheduler_of_the_given_optimizer():

    with pytest.raises(TypeError, match="scheduler"):
        optimize_path("bowl", "sgd", (1.0, 1.0), 3, lr=0.1, scheduler=lambda opt: None)
    with pytest.raises(TypeError, match="scheduler"):
        optimize_path("bowl", "sgd", (1.0, 1.0), 3, lr=0.1, scheduler=5)


def test_gradient_noise_is_seeded_gaussian_and_absent_by_default():
    first = optimize_path("bowl", "sgd", (1.0, 1.0), 20, lr=0.01, noise=0.5, seed=3)
    again = optimize_path("bowl", "sgd", (1.0, 1.0), 20, lr=0.01, noise=0.5, seed=3)
    np.testing.assert_array_equal(first.path, again.path)
    clean = optimize_path("bowl", "sgd", (1.0, 1.0), 20, lr=0.01)
    assert not np.allclose(first.path, clean.path)
    # on f = x**2 / 2 with lr 1 the point after one step is exactly -lr * noise * z, z ~ N(0, 1)
    ends = np.array(
        [optimize_path(Quadratic1D(), "sgd", 0.0, 1, lr=1.0, noise=2.0, seed=s).path[1] for s in range(400)]
    )
    assert abs(ends.mean()) < 0.3 and abs(ends.std() - 2.0) < 0.2


def test_noise_ball_of_a_constant_rate_matches_the_stationary_variance():
    # e <- (1 - lr a) e - lr sigma z has the stationary variance lr sigma**2 / (a (2 - lr a)) (the bowl's two axes add)
    bowl, lr, sigma = IllConditionedBowl(a=1.0, b=4.0), 0.1, 1.0
    run = optimize_path(bowl, "sgd", (0.0, 0.0), 40_000, lr=lr, noise=sigma, seed=0)
    expected = lr * sigma**2 / (1.0 * (2 - lr)) + lr * sigma**2 / (4.0 * (2 - 4 * lr))
    assert np.mean(np.sum(run.path[1000:] ** 2, axis=1)) == pytest.approx(expected, rel=0.05)


def test_projections_are_the_nearest_feasible_points():
    np.testing.assert_array_equal(surfaces.project_onto_box(np.array([2.5, -0.5]), -1.0, 1.0), [1.0, -0.5])
    np.testing.assert_allclose(surfaces.project_onto_disc(np.array([3.0, 4.0]), (0.0, 0.0), 1.0), [0.6, 0.8])
    inside = np.array([0.1, -0.2])
    np.testing.assert_array_equal(surfaces.project_onto_disc(inside, (0.0, 0.0), 1.0), inside)
    # nearest: no feasible point of a fine grid is closer than the projection
    rng = np.random.default_rng(0)
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 201), np.linspace(-1, 1, 201)), axis=-1).reshape(-1, 2)
    disc = grid[np.linalg.norm(grid - [0.5, 0.0], axis=1) <= 0.5]
    for point in rng.uniform(-3, 3, size=(5, 2)):
        projected = surfaces.project_onto_disc(point, (0.5, 0.0), 0.5)
        assert np.linalg.norm(point - projected) <= np.linalg.norm(point - disc, axis=1).min() + 1e-12
    with pytest.raises(ValueError, match="lower"):
        surfaces.project_onto_box(np.zeros(2), 1.0, 0.0)


def test_projected_path_finds_the_closed_form_constrained_minima():
    # the bowl on a box: the clipped unconstrained minimum (0, 0), that is (0, 1)
    bowl = IllConditionedBowl(a=1.0, b=10.0)
    box = surfaces.projected_path(
        bowl,
        (3.0, 3.0),
        500,
        lr=0.15,
        project=lambda p: surfaces.project_onto_box(p, [-3.0, 1.0], [3.0, 3.0]),
        tolerance=1e-12,
    )
    np.testing.assert_allclose(box.final_point, [0.0, 1.0], atol=1e-10)
    assert box.converged_at is not None
    # a parabola with its minimum at 5, restricted to [-1, 2]
    far = Quadratic1D(curvature=1.0, center=5.0)
    run = surfaces.projected_path(far, 0.0, 100, lr=0.5, project=lambda p: surfaces.project_onto_box(p, -1.0, 2.0))
    assert run.final_point == pytest.approx(2.0)  # the upper bound, nearest to the minimum 5
    # Rosenbrock on the unit disc: the KKT condition grad f + mu grad g = 0 with mu >= 0 at the end
    rosen = Rosenbrock()
    end = surfaces.projected_path(
        rosen,
        (-0.5, -0.5),
        20_000,
        lr=0.002,
        project=lambda p: surfaces.project_onto_disc(p, (0.0, 0.0), 1.0),
        tolerance=1e-12,
    ).final_point
    assert np.linalg.norm(end) == pytest.approx(1.0)
    multiplier = -rosen.gradient(end) @ end / 2
    assert multiplier > 0
    np.testing.assert_allclose(rosen.gradient(end) + 2 * multiplier * end, 0.0, atol=1e-6)


def test_projected_path_refuses_a_bad_projection():
    with pytest.raises(ValueError, match="project"):
        surfaces.projected_path("bowl", (1.0, 1.0), 3, lr=0.1, project=lambda p: np.ones(3))
    with pytest.raises(TypeError, match="project"):
        surfaces.projected_path("bowl", (1.0, 1.0), 3, lr=0.1, project=None)


def test_equality_penalty_gradient_and_hessian_are_exact_and_approach_the_lagrange_solution():
    penalised = surfaces.EqualityPenalty(Rosenbrock(), normal=(1.0, 2.0), offset=0.5, mu=3.0)
    rng = np.random.default_rng(1)
    points, h = rng.uniform(-1.5, 1.5, size=(10, 2)), 1e-6
    for axis in range(2):
        step = np.eye(2)[axis] * h
        numeric = (penalised.value(points + step) - penalised.value(points - step)) / (2 * h)
        np.testing.assert_allclose(penalised.gradient(points)[:, axis], numeric, rtol=1e-6, atol=1e-4)
        numeric_h = (penalised.gradient(points + step) - penalised.gradient(points - step)) / (2 * h)
        np.testing.assert_allclose(penalised.hessian(points)[:, :, axis], numeric_h, rtol=1e-6, atol=1e-4)
    # bowl (a, b) on x + y = 1: x = b / (a + b), lambda = a b / (a + b); the penalty minimiser has
    # h = -1 / (1 + 2 mu (1/a + 1/b)) exactly, and -2 mu h tends to lambda
    a, b = 1.0, 10.0
    for mu in (1.0, 100.0, 1e4):
        bowl_penalty = surfaces.EqualityPenalty(IllConditionedBowl(a=a, b=b), mu=mu)
        point = newton_path(bowl_penalty, (0.0, 0.0), 3, tolerance=1e-12).final_point
        violation = bowl_penalty.constraint(point)
        assert violation == pytest.approx(-1 / (1 + 2 * mu * (1 / a + 1 / b)))
        assert -2 * mu * violation == pytest.approx(a * b / (a + b), rel=2 / mu)
    np.testing.assert_allclose(point, [b / (a + b), a / (a + b)], atol=1e-3)
    with pytest.raises(ValueError, match="normal"):
        surfaces.EqualityPenalty("bowl", normal=(0.0, 0.0))
    with pytest.raises(TypeError, match="surface"):
        surfaces.EqualityPenalty(Quadratic1D())


def test_newton_step_is_the_first_move_of_newton_path_and_solves_a_quadratic():
    bowl = surfaces.IllConditionedBowl(a=1.0, b=10.0)
    start = np.array([2.0, -1.0])
    np.testing.assert_allclose(start - surfaces.newton_step(bowl, start), [0.0, 0.0], atol=1e-12)
    rosenbrock = surfaces.Rosenbrock()
    point = np.array([-1.2, 1.0])
    path = surfaces.newton_path(rosenbrock, point, steps=1).path
    np.testing.assert_allclose(point - surfaces.newton_step(rosenbrock, point), path[1], rtol=1e-12)
    # by hand: H = [[2 - 400(y - 3x^2), -400x], [-400x, 200]] and the gradient at (-1.2, 1)
    x, y = point
    hess = np.array([[2 - 400 * (y - 3 * x**2), -400 * x], [-400 * x, 200.0]])
    grad = np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])
    np.testing.assert_allclose(surfaces.newton_step(rosenbrock, point), np.linalg.solve(hess, grad), rtol=1e-10)


def test_newton_step_jumps_to_the_saddle_point_and_is_none_where_singular():
    saddle = surfaces.Saddle()
    point = np.array([0.7, -0.4])
    np.testing.assert_allclose(point - surfaces.newton_step(saddle, point), [0.0, 0.0], atol=1e-12)
    assert surfaces.newton_step(saddle, point, damping=2.0) is None  # H + 2I = diag(4, 0): singular
    np.testing.assert_allclose(
        surfaces.newton_step(surfaces.Quadratic1D(curvature=4.0, center=0.5), 2.0), [1.5]
    )  # f'/f'' = 4 * 1.5 / 4
