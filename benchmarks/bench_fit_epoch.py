"""Time one epoch of ``mlcourse.train.fit`` against the bare training steps it wraps.

Setting: 8192 random samples of 784 features (float32), labels 0..9, the MLP
``Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))``,
softmax cross-entropy, plain SGD, batch 128: 64 updates per epoch.

Measured interleaved, in an order rotated every round, each timed epoch
preceded by a few untimed steps of the same library, and reported as
medians (and minimums):

- ``fit`` for one epoch with ``shuffle=False`` and with ``shuffle=True`` (the
  latter also gathers the data in a new random order, once per epoch), and
  ``fit`` for 4 epochs without shuffling, timed per epoch: the checks of the
  inputs (a pass over ``X``) are made once per call, so they weigh less;
- the bare steps: the same 64 ``zero_grad`` / forward / loss / backward /
  ``step`` calls in a plain loop over pre-sliced batches;
- a hand-written loop of the public :func:`mlcourse.train.train_step` over
  the same batches (the bare steps plus the checks of every argument);
- PyTorch's bare loop on the same data, when ``import torch`` works (never
  required), with as many threads as numpy's BLAS (set
  ``OPENBLAS_NUM_THREADS=1`` to compare single-threaded, which is also far
  steadier on a loaded machine).

The loop overhead is the median over rounds of ``fit / bare - 1`` (a ratio
within one round cancels the drift of a shared machine's load); the target
is under 10 %. ``fit`` checks every argument once per call (the labels
against the loss included: one forward pass of a single row, one loss
evaluation), and the output and gradients of every step for divergence;
with PyTorch, the same per-round ratios against its bare loop are printed. Run: ``python benchmarks/bench_fit_epoch.py`` (about 10 s on
two idle cores; on a loaded machine the rounds stop after a time budget).
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Callable

import numpy as np

from mlcourse import losses, nn, optim
from mlcourse.train import fit, train_step

N_SAMPLES, N_FEATURES, N_CLASSES = 8192, 784, 10
BATCH = 128
LEARNING_RATE = 0.01
REPEATS = 16
MIN_REPEATS = 4
TIME_BUDGET = 20.0  # seconds of timed rounds
WARM_UP_BATCHES = 4
MULTI = 4  # epochs of the multi-epoch fit call


def numpy_threads() -> int:
    """Threads numpy's BLAS uses: OPENBLAS_NUM_THREADS or OMP_NUM_THREADS if set, else every usable core."""
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(variable, "").isdigit():
            return int(os.environ[variable])
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_SAMPLES, N_FEATURES), dtype=np.float32)
    y = rng.integers(0, N_CLASSES, size=N_SAMPLES)
    return X, y


def make_model(seed: int) -> nn.Sequential:
    rng = np.random.default_rng(seed)
    return nn.Sequential(
        nn.Linear(784, 256, init="he_uniform", rng=rng, dtype=np.float32),
        nn.ReLU(),
        nn.Linear(256, 128, init="he_uniform", rng=rng, dtype=np.float32),
        nn.ReLU(),
        nn.Linear(128, 10, init="he_uniform", rng=rng, dtype=np.float32),
    )


def fit_epoch(X: np.ndarray, y: np.ndarray, *, shuffle: bool, epochs: int = 1) -> Callable[[], None]:
    """One call of fit for ``epochs`` epochs (timed per epoch: divide by ``epochs``)."""
    model = make_model(1)
    loss_fn = losses.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=LEARNING_RATE)
    rng = np.random.default_rng(0)

    def run() -> None:
        fit(model, loss_fn, optimizer, X, y, epochs=epochs, batch_size=BATCH, shuffle=shuffle, rng=rng)

    run.epochs = epochs  # type: ignore[attr-defined]
    return run


def bare_epoch(X: np.ndarray, y: np.ndarray, n_batches: int | None = None) -> Callable[[], None]:
    model = make_model(1)
    loss_fn = losses.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=LEARNING_RATE)
    batches = [(X[i : i + BATCH], y[i : i + BATCH]) for i in range(0, len(X), BATCH)][:n_batches]

    def epoch() -> None:
        for x_batch, y_batch in batches:
            optimizer.zero_grad()
            loss_fn(model(x_batch), y_batch)
            model.backward(loss_fn.backward(), input_grad=False)
            optimizer.step()

    return epoch


def train_step_epoch(X: np.ndarray, y: np.ndarray) -> Callable[[], None]:
    model = make_model(1)
    loss_fn = losses.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=LEARNING_RATE)
    batches = [(X[i : i + BATCH], y[i : i + BATCH]) for i in range(0, len(X), BATCH)]

    def epoch() -> None:
        for x_batch, y_batch in batches:
            train_step(model, loss_fn, optimizer, x_batch, y_batch)

    return epoch


def torch_epoch(X: np.ndarray, y: np.ndarray, n_batches: int | None = None) -> Callable[[], None] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(numpy_threads())
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    batches = [(X_t[i : i + BATCH], y_t[i : i + BATCH]) for i in range(0, len(X), BATCH)][:n_batches]

    def epoch() -> None:
        for x_batch, y_batch in batches:
            optimizer.zero_grad()
            loss_fn(model(x_batch), y_batch).backward()
            optimizer.step()

    return epoch


def seconds(function: Callable[[], None]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0  # before we add our own
    X, y = make_data()
    runs = {
        "fit (shuffle=False)": fit_epoch(X, y, shuffle=False),
        "fit (shuffle=True)": fit_epoch(X, y, shuffle=True),
        f"fit ({MULTI} epochs)/{MULTI}": fit_epoch(X, y, shuffle=False, epochs=MULTI),
        "bare steps": bare_epoch(X, y),
        "train_step loop": train_step_epoch(X, y),
    }
    # a few untimed steps before each timed epoch, of the same library: switching between
    # numpy's and PyTorch's thread pools slows the first steps after a switch
    warm_ups = dict.fromkeys(runs, bare_epoch(X, y, n_batches=WARM_UP_BATCHES))
    torch_run = torch_epoch(X, y)
    if torch_run is not None:
        runs["PyTorch bare loop"] = torch_run
        warm_ups["PyTorch bare loop"] = torch_epoch(X, y, n_batches=WARM_UP_BATCHES)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for name, run in runs.items():
        run()
    names = list(runs)
    started = time.perf_counter()
    for repeat in range(REPEATS):
        if repeat >= MIN_REPEATS and time.perf_counter() - started > TIME_BUDGET:
            break  # a loaded machine: fewer rounds rather than minutes of waiting
        for name in names[repeat % len(names) :] + names[: repeat % len(names)]:  # rotate the order
            warm_ups[name]()
            times[name].append(seconds(runs[name]) / getattr(runs[name], "epochs", 1))
    report(times, torch_run is not None, load_before)


def report(times: dict[str, list[float]], with_torch: bool, load_before: float) -> None:
    bare = np.array(times["bare steps"])
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"one epoch: {N_SAMPLES} samples x {N_FEATURES} features, batch {BATCH} "
        f"({N_SAMPLES // BATCH} SGD updates), float32, {numpy_threads()} thread(s); "
        f"median and minimum of {len(bare)} interleaved runs"
    )
    for name, values in times.items():
        print(
            f"  {name:<24} median {medians[name] * 1e3:7.1f} ms   min {min(values) * 1e3:7.1f} ms   "
            f"({medians[name] / medians['bare steps']:4.2f} x bare steps)"
        )
    for name in [name for name in times if name.startswith(("fit", "train_step"))]:
        # the ratio within each round cancels the drift of a shared machine's load
        overhead = 100 * (statistics.median(np.array(times[name]) / bare) - 1)
        verdict = "ok" if overhead < 10 else "ABOVE TARGET"
        print(f"loop overhead of {name}: {overhead:+.1f} % (median of per-round ratios; target < 10 %: {verdict})")
    if with_torch:
        torch_times = np.array(times["PyTorch bare loop"])
        for name in [name for name in times if name.startswith("fit")] + ["bare steps"]:
            ratio = statistics.median(np.array(times[name]) / torch_times)
            print(f"{name} / PyTorch bare loop: {ratio:.2f} (median of per-round ratios)")
    else:
        print("PyTorch not importable: comparison skipped")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if load_before > 0.5 * cores and numpy_threads() > 1:
        print(
            f"warning: the machine was busy (load average {load_before:.1f} on {cores} cores); multi-threaded "
            "BLAS times are then unreliable: rerun with OPENBLAS_NUM_THREADS=1"
        )


if __name__ == "__main__":
    main()
