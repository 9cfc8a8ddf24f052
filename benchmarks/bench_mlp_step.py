"""Time one training step of a 784-256-128-10 ReLU MLP (batch 128, float32), at 1 and 2 threads.

A step is what :func:`mlcourse.train.fit` does per batch: ``zero_grad``,
forward, softmax cross-entropy loss, backward (without dLoss/dX, which
training does not need), and an SGD update with ``mlcourse.optim.SGD`` (one
BLAS ``axpy`` per parameter where numpy's BLAS has it: ``mlcourse._blas``).
Printed beside it:

- the same step through the public :func:`mlcourse.train.train_step` (the
  five lines with the checks of its arguments, as a hand-written loop calls
  it; it skips dLoss/dX too);

- the floor: the same 8 matrix products alone (3 forward, 5 backward, into
  preallocated outputs), which no numpy implementation can beat;
- numpy's minimum: the same step hand-written in as few numpy passes as we
  know (no layers, no checks, every array preallocated and reused, ReLU in
  place, the same ``axpy`` update): what the layers and checks cost is
  ``ours / minimum``, and ``minimum / floor`` is what numpy's elementwise
  passes (bias, ReLU, softmax, bias gradients, update) cost on this machine;
- PyTorch's CPU time for the same step (same network and weights, same
  data, ``torch.optim.SGD``), when ``import torch`` works (the project never
  requires it).

Each row is one number of threads for both libraries: numpy's BLAS is limited
with ``threadpoolctl`` when it is installed (else each setting runs in a
subprocess started with ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS``), and
PyTorch with ``torch.set_num_threads``. The measurements are interleaved
(ours, floor, torch, at 1 thread, then at 2, then again), so that a change of
machine load hits all of them alike; each figure is a median over rounds, and
each ratio the median of the per-round ratios. Two thread pools share the
process: after a call, OpenBLAS's idle threads spin for up to 2**28 cycles
(about 0.1 s) and libgomp's (PyTorch's) for a while too, stealing the cores
from the other library. A real training loop uses one library and never pays
that, so before each multi-threaded burst the script pauses until the other
pool is asleep, then runs a few untimed steps to wake its own pool.

Run: ``python benchmarks/bench_mlp_step.py [--rounds N]`` (about 40 s). On a
loaded machine the figures are unreliable (two BLAS threads on two busy cores
can be 10 times slower): run it on an idle one.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import nullcontext
from typing import Any, Callable

import numpy as np

SIZES = (784, 256, 128, 10)
BATCH = 128
LEARNING_RATE = 0.01
STEPS_PER_BURST = 20
WARMUP_STEPS = 5
ROUNDS = 15
PAUSE_SECONDS = 0.35  # multi-threaded bursts: longer than OpenBLAS's spin of 2**28 cycles at >= 1 GHz
SHORT_PAUSE = 0.02  # single-threaded bursts: no pool to wait for
GOAL_FLOOR, GOAL_TORCH = 1.3, 0.9


def numpy_blas_threads() -> int:
    """Threads used by numpy's bundled OpenBLAS (falls back to the CPU count)."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__) + ".libs", "*openblas*"))
    for path in libs:
        library = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads"):
            getter = getattr(library, name, None)
            if getter is not None:
                return int(getter())
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((BATCH, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], size=BATCH)
    return X, y


def ours_step_function(X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """fit's step: zero_grad, forward, loss, backward without dLoss/dX, SGD update (all in place)."""
    from mlcourse.losses import CrossEntropyLoss
    from mlcourse.nn import Linear, ReLU, Sequential
    from mlcourse.optim import SGD

    model = Sequential(
        Linear(784, 256, init="he_uniform", seed=1, dtype=np.float32),
        ReLU(),
        Linear(256, 128, init="he_uniform", seed=2, dtype=np.float32),
        ReLU(),
        Linear(128, 10, init="he_uniform", seed=3, dtype=np.float32),
    )
    loss_fn = CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=LEARNING_RATE)

    def step() -> float:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        model.backward(loss_fn.backward(), input_grad=False)  # like PyTorch: no dLoss/dX
        optimizer.step()
        return loss

    step.model = model  # type: ignore[attr-defined]
    return step


def train_step_function(X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """The same step (same network, data and update) through the public ``train.train_step``."""
    from mlcourse.losses import CrossEntropyLoss
    from mlcourse.optim import SGD
    from mlcourse.train import train_step

    model = ours_step_function(X, y).model  # type: ignore[attr-defined]
    loss_fn = CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=LEARNING_RATE)
    return lambda: train_step(model, loss_fn, optimizer, X, y)


def floor_step_function(X: np.ndarray) -> Callable[[], None]:
    """The 8 matrix products of a step, into preallocated arrays."""
    rng = np.random.default_rng(0)
    W = [rng.standard_normal((a, b), dtype=np.float32) * 0.05 for a, b in zip(SIZES, SIZES[1:])]
    h = [np.empty((BATCH, n), dtype=np.float32) for n in SIZES[1:]]
    g = [rng.standard_normal((BATCH, n), dtype=np.float32) for n in SIZES[1:]]
    dW = [np.empty_like(w) for w in W]
    dh = [np.empty((BATCH, n), dtype=np.float32) for n in SIZES[1:-1]]

    def step() -> None:
        np.matmul(X, W[0], out=h[0])
        np.matmul(h[0], W[1], out=h[1])
        np.matmul(h[1], W[2], out=h[2])
        np.matmul(h[1].T, g[2], out=dW[2])
        np.matmul(g[2], W[2].T, out=dh[1])
        np.matmul(h[0].T, g[1], out=dW[1])
        np.matmul(g[1], W[1].T, out=dh[0])
        np.matmul(X.T, g[0], out=dW[0])

    return step


def minimum_step_function(X: np.ndarray, y: np.ndarray, model: Any) -> Callable[[], float]:
    """The same step (same weights, data and update) in the fewest numpy passes: no layers, no checks."""
    from mlcourse._blas import axpy
    from mlcourse.nn import Linear

    linears = [layer for layer in model if isinstance(layer, Linear)]
    W = [layer.W.data.copy() for layer in linears]
    b = [layer.b.data.copy() for layer in linears]
    dW, db = [np.empty_like(w) for w in W], [np.empty_like(v) for v in b]
    h = [np.empty((BATCH, n), dtype=np.float32) for n in SIZES[1:]]  # h[2] holds the logits
    masks = [np.empty((BATCH, n), dtype=bool) for n in SIZES[1:-1]]
    d = [np.empty((BATCH, n), dtype=np.float32) for n in SIZES[1:]]  # dLoss/d(pre-activation), d[2] for the logits
    transposed, row_max = np.empty((SIZES[-1], BATCH), dtype=np.float32), np.empty(BATCH, dtype=np.float32)
    sums = np.empty((BATCH, 1), dtype=np.float32)
    rows, lr = np.arange(BATCH), -np.float32(LEARNING_RATE)

    def step() -> float:
        x = X
        for i in range(2):  # Linear, then ReLU in place
            np.matmul(x, W[i], out=h[i])
            h[i] += b[i]
            np.greater(h[i], 0, out=masks[i])
            x = np.maximum(h[i], 0, out=h[i])
        z = np.matmul(x, W[2], out=h[2])
        z += b[2]
        np.copyto(transposed, z.T)
        np.maximum.reduce(transposed, axis=0, out=row_max)
        z -= row_max[:, None]  # z - max(z), per row
        exp = np.exp(z, out=d[2])
        np.add.reduce(exp, axis=1, keepdims=True, out=sums)
        loss = float(np.add.reduce(np.log(sums[:, 0]) - z[rows, y]) / np.float32(BATCH))
        grad = np.divide(exp, sums, out=d[2])
        grad[rows, y] -= 1
        grad *= np.float32(1 / BATCH)
        for i in (2, 1, 0):
            np.matmul((h[i - 1] if i else X).T, d[i], out=dW[i])
            np.add.reduce(d[i], axis=0, out=db[i])
            if i:
                np.matmul(d[i], W[i].T, out=d[i - 1])
                d[i - 1] *= masks[i - 1]
        for data, grad_ in zip(W + b, dW + db):
            axpy(lr, grad_, data)
        return loss

    return step


def torch_step_function(X: np.ndarray, y: np.ndarray, model: Any) -> Callable[[], float] | None:
    """The same step in PyTorch (same weights and data, torch.optim.SGD); None without torch."""
    try:
        import torch
    except ImportError:
        return None
    from mlcourse.nn import Linear

    layers = []
    for layer in model:
        if isinstance(layer, Linear):
            linear = torch.nn.Linear(layer.n_in, layer.n_out)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.W.data.T.copy()))
                linear.bias.copy_(torch.from_numpy(layer.b.data.copy()))
            layers.append(linear)
        else:
            layers.append(torch.nn.ReLU())
    torch_model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(torch_model.parameters(), lr=LEARNING_RATE)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

    def step() -> float:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(torch_model(X_t), y_t)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def time_burst(step: Callable[[], object], pause: float) -> float:
    time.sleep(pause)
    for _ in range(WARMUP_STEPS):
        step()
    start = time.perf_counter()
    for _ in range(STEPS_PER_BURST):
        step()
    return (time.perf_counter() - start) / STEPS_PER_BURST


def set_torch_threads(threads: int) -> None:
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(threads)


def measure(thread_counts: list[int], rounds: int, limit: Callable[[int], Any]) -> dict[int, dict[str, list[float]]]:
    """Per thread count, per candidate: the time of a step in each round (seconds), interleaved."""
    X, y = make_data()
    ours = ours_step_function(X, y)
    candidates: dict[str, Callable[[], object]] = {
        "ours": ours,
        "train_step": train_step_function(X, y),
        "floor": floor_step_function(X),
        "minimum": minimum_step_function(X, y, ours.model),  # type: ignore[attr-defined]
    }
    torch_step = torch_step_function(X, y, ours.model)  # type: ignore[attr-defined]
    loss_ours, loss_step, loss_minimum = ours(), candidates["train_step"](), candidates["minimum"]()
    assert loss_ours == loss_step, (loss_ours, loss_step)  # same weights and data: the same step
    assert abs(loss_ours - loss_minimum) < 1e-6 * max(1.0, abs(loss_ours)), (loss_ours, loss_minimum)
    if torch_step is not None:  # same weights, same data: the first losses must agree
        loss_torch = torch_step()
        assert abs(loss_ours - loss_torch) < 1e-3 * max(1.0, abs(loss_ours)), (loss_ours, loss_torch)
        candidates["torch"] = torch_step
    times = {threads: {name: [] for name in candidates} for threads in thread_counts}
    for round_index in range(rounds + 1):  # round 0 warms up caches, allocators and thread pools
        for threads in thread_counts:
            with limit(threads):
                set_torch_threads(threads)
                for name, step in candidates.items():
                    elapsed = time_burst(step, PAUSE_SECONDS if threads > 1 else SHORT_PAUSE)
                    if round_index:
                        times[threads][name].append(elapsed)
    return times


def child_main(threads: int, rounds: int) -> None:
    """Subprocess mode (no threadpoolctl): the environment already limits the threads."""
    print(json.dumps(measure([threads], rounds, lambda _: nullcontext())))


def subprocess_measure(thread_counts: list[int], rounds: int) -> dict[int, dict[str, list[float]]]:
    times = {}
    for threads in thread_counts:
        env = dict(
            os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads)
        )
        output = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", str(threads), "--rounds", str(rounds)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        times[threads] = json.loads(output.stdout.strip().splitlines()[-1])[str(threads)]
    return times


def report(times: dict[int, dict[str, list[float]]], default_threads: int, rounds: int, how: str, load: float) -> None:
    try:
        import torch

        torch_version = f"PyTorch {torch.__version__}"
    except ImportError:
        torch_version = "PyTorch not installed (its columns are skipped)"
    print(
        f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float32, one SGD training step; "
        f"medians of {rounds} interleaved rounds x {STEPS_PER_BURST} steps"
    )
    from mlcourse._blas import blas_axpy_available

    update = "BLAS axpy on numpy's OpenBLAS" if blas_axpy_available() else "two numpy passes (no BLAS axpy found)"
    print(
        f"numpy {np.__version__}, {torch_version}; SGD's update: {update}; threads set with {how}; "
        f"default threads {default_threads}; load average before the run {load:.2f}"
        + ("  (WARNING: busy machine, figures unreliable)" if load > 0.5 else "")
    )
    header = (
        f"{'threads':>8} {'mlcourse':>10} {'train_step':>10} {'floor':>10} {'minimum':>10} {'PyTorch':>10} "
        f"{'ours/floor':>11} {'step/floor':>11} {'min/floor':>10} {'ours/torch':>11}"
    )
    print(header)
    print("-" * len(header))
    for threads, columns in times.items():
        median = {name: statistics.median(values) * 1e3 for name, values in columns.items()}
        over_floor = statistics.median(o / f for o, f in zip(columns["ours"], columns["floor"]))
        step_over_floor = statistics.median(o / f for o, f in zip(columns["train_step"], columns["floor"]))
        minimum_over_floor = statistics.median(m / f for m, f in zip(columns["minimum"], columns["floor"]))
        torch_ms = f"{median['torch']:7.3f} ms" if "torch" in columns else f"{'-':>10}"
        over_torch = (
            f"{statistics.median(o / t for o, t in zip(columns['ours'], columns['torch'])):11.2f}"
            if "torch" in columns
            else f"{'-':>11}"
        )
        mark = "*" if threads == default_threads else " "
        print(
            f"{threads:>7}{mark} {median['ours']:7.3f} ms {median['train_step']:7.3f} ms {median['floor']:7.3f} ms "
            f"{median['minimum']:7.3f} ms {torch_ms} {over_floor:11.2f} {step_over_floor:11.2f} "
            f"{minimum_over_floor:10.2f} {over_torch}"
        )
    print(f"* the default number of threads; goals there: ours/floor <= {GOAL_FLOOR}, ours/torch <= {GOAL_TORCH}")
    print("minimum: the same step hand-written in the fewest numpy passes, without layers or checks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child_main(args.child, args.rounds)
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    default_threads = numpy_blas_threads()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    thread_counts = sorted({1, min(2, cores)})
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        times = subprocess_measure(thread_counts, args.rounds)
        how = "OPENBLAS_NUM_THREADS/OMP_NUM_THREADS (one subprocess per setting) and torch.set_num_threads"
    else:
        times = measure(thread_counts, args.rounds, lambda n: threadpool_limits(limits=n, user_api="blas"))
        how = "threadpoolctl (numpy's BLAS) and torch.set_num_threads"
    report(times, default_threads, args.rounds, how, load)


if __name__ == "__main__":
    main()
