"""Time one training step of a 784-256-128-10 ReLU MLP (batch 128, float32).

A step is: forward, softmax cross-entropy loss, backward, plain SGD update in
place. Printed beside it:

- the floor: the same 8 matrix products alone (3 forward, 5 backward, into
  preallocated outputs), which no numpy implementation can beat;
- PyTorch's time for the same step on the same data, when ``import torch``
  works (the project never requires it), with ``torch.set_num_threads`` set to
  the number of threads numpy's BLAS uses.

The three measurements are interleaved (ours, floor, torch, ours, ...). Two
thread pools share the process: after a call, OpenBLAS's idle threads spin for
up to 2**28 cycles (about 0.1 s) and libgomp's (PyTorch's) for a while too,
stealing the cores from the other library. A real training loop uses one
library and never pays that, so before each burst the script pauses until the
other pool is asleep, then runs a few untimed steps to wake its own pool.
Each figure is the median over repeats of the mean time of a burst.
Run: ``python benchmarks/bench_mlp_step.py`` (about 20 s). On a loaded
machine the figures are meaningless (two BLAS threads on two busy cores can
be 10 times slower): run it on an idle one.
"""

from __future__ import annotations

import ctypes
import glob
import os
import statistics
import time
from typing import Callable

import numpy as np

from mlcourse.losses import CrossEntropyLoss
from mlcourse.nn import Linear, ReLU, Sequential

SIZES = (784, 256, 128, 10)
BATCH = 128
LEARNING_RATE = 0.01
STEPS_PER_BURST = 20
WARMUP_STEPS = 10
REPEATS = 15
PAUSE_SECONDS = 0.35  # longer than OpenBLAS's spin of 2**28 cycles at >= 1 GHz


def numpy_blas_threads() -> int:
    """Threads used by numpy's bundled OpenBLAS (falls back to the CPU count)."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__) + ".libs", "*openblas*"))
    for path in libs:
        library = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                     "openblas_get_num_threads"):
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
    model = Sequential(
        Linear(784, 256, init="he_uniform", seed=1, dtype=np.float32), ReLU(),
        Linear(256, 128, init="he_uniform", seed=2, dtype=np.float32), ReLU(),
        Linear(128, 10, init="he_uniform", seed=3, dtype=np.float32),
    )
    loss_fn = CrossEntropyLoss()
    parameters = model.parameters()
    updates = [np.empty_like(parameter.data) for parameter in parameters]

    def step() -> float:
        model.zero_grad()
        loss = loss_fn(model(X), y)
        # input_grad=False: like PyTorch, skip dLoss/dX, which training does not need
        model.backward(loss_fn.backward(), input_grad=False)
        for parameter, update in zip(parameters, updates):  # SGD, in place, no temporaries
            np.multiply(parameter.grad, -LEARNING_RATE, out=update)
            parameter.data += update
        return loss

    step.model = model  # type: ignore[attr-defined]
    return step


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


def torch_step_function(X: np.ndarray, y: np.ndarray, model: Sequential,
                        threads: int) -> Callable[[], float] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
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
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    parameters = list(torch_model.parameters())

    def step() -> float:
        torch_model.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(torch_model(X_t), y_t)
        loss.backward()
        with torch.no_grad():
            for parameter in parameters:
                parameter.add_(parameter.grad, alpha=-LEARNING_RATE)
        return loss.item()

    return step


def time_burst(step: Callable[[], object]) -> float:
    time.sleep(PAUSE_SECONDS)
    for _ in range(WARMUP_STEPS):
        step()
    start = time.perf_counter()
    for _ in range(STEPS_PER_BURST):
        step()
    return (time.perf_counter() - start) / STEPS_PER_BURST


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    X, y = make_data()
    threads = numpy_blas_threads()
    ours = ours_step_function(X, y)
    floor = floor_step_function(X)
    torch_step = torch_step_function(X, y, ours.model, threads)  # type: ignore[attr-defined]
    if torch_step is not None:  # same weights, same data: the first losses must agree
        loss_ours, loss_torch = ours(), torch_step()
        assert abs(loss_ours - loss_torch) < 1e-3 * max(1.0, abs(loss_ours)), (loss_ours, loss_torch)
    candidates = {"ours": ours, "floor": floor}
    if torch_step is not None:
        candidates["torch"] = torch_step
    for step in candidates.values():  # warm-up (caches, allocator, thread pools)
        time_burst(step)
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(REPEATS):
        for name, step in candidates.items():
            times[name].append(time_burst(step))
    median = {name: statistics.median(values) * 1e3 for name, values in times.items()}

    print(f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float32, one training step "
          f"(median of {REPEATS} x {STEPS_PER_BURST} steps)")
    print(f"numpy {np.__version__}, BLAS threads {threads}, load average before the run {load:.2f}"
          + ("  (WARNING: busy machine, figures unreliable)" if load > 0.5 else ""))
    print(f"  mlcourse              {median['ours']:7.3f} ms   (Sequential.backward(input_grad=False): "
          "no dLoss/dX, like PyTorch)")
    print(f"  matmul floor (8 GEMM) {median['floor']:7.3f} ms   ours/floor = {median['ours'] / median['floor']:.2f}"
          "  (target <= 1.5)")
    if "torch" in median:
        import torch
        print(f"  PyTorch {torch.__version__:<13} {median['torch']:7.3f} ms   ours/torch = "
              f"{median['ours'] / median['torch']:.2f}  (target <= 1.0; torch threads {torch.get_num_threads()})")
    else:
        print("  PyTorch: not installed, skipped")


if __name__ == "__main__":
    main()
