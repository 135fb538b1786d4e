"""eagerflow on a GPU (CuPy through tf.device) beside eagerflow on the CPU and PyTorch on the GPU.

    python benchmarks/bench_device.py            # needs CuPy and a GPU; says so and exits 0 if not
    python benchmarks/bench_device.py --quick    # 2,000 puzzles, fewer MLP steps
    python benchmarks/bench_device.py --standin  # the tests' CPU stand-in as the "GPU": checks
                                                 # this script's device path, times mean nothing

Rows:
  sudoku   the batched tensor solver (eagerflow.sudoku.tensor_solver.solve_batch, first solution)
           on the 48,766 puzzles of tdoku_forum_hardest_1905_11plus (<repo>/../shared/sudoku),
           puzzles/s; every solution is verified, and the GPU's must equal the CPU's.
  mlp      one SGD training step of a 784-1024-1024-10 ReLU MLP with softmax cross-entropy at
           batch 4,096 (float32), ms per step (median; each step synchronised before the clock
           stops). PyTorch runs the same step with plain tensors and autograd.
CPU figures use the machine's default BLAS threads. The GPU columns synchronise the device
(``cupy.cuda.Device().synchronize()``, ``torch.cuda.synchronize()``) at the end of each timed unit.
"""
import argparse
import os
import pathlib
import statistics
import sys
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "sudoku"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

import eagerflow as tf  # noqa: E402

ROWS = [[r * 9 + c for c in range(9)] for r in range(9)]
COLS = [[r * 9 + c for r in range(9)] for c in range(9)]
BOXES = [[(3 * (b // 3) + i) * 9 + 3 * (b % 3) + j for i in range(3) for j in range(3)]
         for b in range(9)]
UNITS = np.array(ROWS + COLS + BOXES)


def _verify(digits, solution):
    """Rows of ``solution`` that fill every unit with 1-9 and keep the givens (count)."""
    units = np.sort(solution[:, UNITS], axis=2)
    full = (units == np.arange(1, 10)).all(axis=(1, 2))
    kept = ((digits == 0) | (digits == solution)).all(axis=1)
    return int((full & kept).sum())


def _load(name, limit):
    lines = [ln.strip() for ln in open(DATA / (name + ".txt")) if ln.strip()][:limit]
    return np.array([[int(c) if c.isdigit() else 0 for c in ln] for ln in lines], np.int32)


def bench_sudoku(digits, sync, on_gpu):
    from eagerflow.sudoku.tensor_solver import solve_batch
    start = time.perf_counter()
    if on_gpu:
        with tf.device("/GPU:0"):
            out = solve_batch(tf.constant(digits))
    else:
        out = solve_batch(digits)
    solution = out["solution"].numpy()  # (copies to the host: the result a caller reads)
    sync()
    return time.perf_counter() - start, solution


def _mlp_data(batch, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, 784)).astype(np.float32)
    y = rng.integers(0, 10, batch).astype(np.int64)
    sizes = [(784, 1024), (1024, 1024), (1024, 10)]
    ws = [(rng.standard_normal(s) * np.sqrt(2.0 / s[0])).astype(np.float32) for s in sizes]
    bs = [np.zeros(s[1], np.float32) for s in sizes]
    return x, y, ws, bs


def _median_step_ms(step, sync, steps, warmup=3):
    for _ in range(warmup):
        step()
    sync()
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def mlp_eagerflow(batch, steps, sync, on_gpu):
    x, y, ws, bs = _mlp_data(batch)
    with tf.device("/GPU:0" if on_gpu else "/CPU:0"):
        x, y = tf.constant(x), tf.constant(y)
        params = [tf.Variable(a) for pair in zip(ws, bs) for a in pair]

    def step():
        with tf.GradientTape() as tape:
            h = x
            for k in range(0, len(params), 2):
                h = tf.matmul(h, params[k]) + params[k + 1]
                if k + 2 < len(params):
                    h = tf.nn.relu(h)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                                 logits=h))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.01 * g)
        return loss

    ms = _median_step_ms(step, sync, steps)
    return ms, float(step().numpy())


def mlp_torch(torch, batch, steps, device):
    x, y, ws, bs = _mlp_data(batch)
    x, y = torch.tensor(x, device=device), torch.tensor(y, device=device)
    params = [torch.tensor(a, device=device, requires_grad=True)
              for pair in zip(ws, bs) for a in pair]
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)

    def step():
        h = x
        for k in range(0, len(params), 2):
            h = h @ params[k] + params[k + 1]
            if k + 2 < len(params):
                h = torch.relu(h)
        loss = torch.nn.functional.cross_entropy(h, y)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= 0.01 * g
        return loss

    ms = _median_step_ms(step, sync, steps)
    return ms, float(step().detach())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2,000 puzzles, 10 MLP steps")
    ap.add_argument("--standin", action="store_true",
                    help="the tests' CPU stand-in as the GPU (checks the script, not speed)")
    ap.add_argument("--puzzles", type=int, default=None, help="first N hard puzzles")
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--steps", type=int, default=None)
    args = ap.parse_args()
    limit = args.puzzles or (2000 if args.quick or args.standin else None)
    steps = args.steps or (10 if args.quick or args.standin else 30)

    sync = lambda: None  # noqa: E731
    if args.standin:
        from tests.device import standin
        standin.register()
        label = "stand-in (CPU)"
    else:
        if not tf.config.list_physical_devices("GPU"):
            print("bench_device: no GPU (CuPy is not installed or sees no device); nothing to "
                  "measure. Install cupy-cuda12x on a GPU machine.")
            return 0
        import cupy
        sync = cupy.cuda.Device().synchronize  # noqa: E731
        label = "CuPy %s, %s" % (cupy.__version__, cupy.cuda.runtime.getDeviceProperties(0)[
            "name"].decode())
    print("eagerflow %s | numpy %s | GPU: %s | %s" % (
        tf.__version__ if hasattr(tf, "__version__") else "?", np.__version__, label,
        time.strftime("%Y-%m-%d")))

    digits = _load("tdoku_forum_hardest_1905_11plus", limit)
    n = len(digits)
    t_cpu, s_cpu = bench_sudoku(digits, lambda: None, on_gpu=False)
    t_gpu, s_gpu = bench_sudoku(digits, sync, on_gpu=True)
    ok_cpu, ok_gpu = _verify(digits, s_cpu), _verify(digits, s_gpu)
    same = bool((s_cpu == s_gpu).all())
    print("\nsudoku: %d puzzles of tdoku_forum_hardest_1905_11plus, first solution" % n)
    print("  %-28s %10s %12s %10s" % ("", "seconds", "puzzles/s", "verified"))
    print("  %-28s %10.2f %12.0f %10d" % ("eagerflow CPU", t_cpu, n / t_cpu, ok_cpu))
    print("  %-28s %10.2f %12.0f %10d   (solutions equal the CPU's: %s)" % (
        "eagerflow GPU (tf.device)", t_gpu, n / t_gpu, ok_gpu, same))

    print("\nmlp: 784-1024-1024-10 ReLU, softmax cross-entropy, SGD, batch %d, float32; "
          "median of %d steps" % (args.batch, steps))
    rows = [("eagerflow CPU",) + mlp_eagerflow(args.batch, steps, lambda: None, False),
            ("eagerflow GPU (tf.device)",) + mlp_eagerflow(args.batch, steps, sync, True)]
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        rows.append(("PyTorch CPU",) + mlp_torch(torch, args.batch, steps, "cpu"))
        if torch.cuda.is_available():
            rows.append(("PyTorch GPU",) + mlp_torch(torch, args.batch, steps, "cuda"))
    print("  %-28s %10s %12s" % ("", "ms/step", "final loss"))
    for name, ms, loss in rows:
        print("  %-28s %10.2f %12.5f" % (name, ms, loss))
    return 0 if same and ok_cpu == ok_gpu == n else 1


if __name__ == "__main__":
    sys.exit(main())
