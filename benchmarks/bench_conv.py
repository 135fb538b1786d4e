"""A small CNN step, side by side: conv2d forward + backward (input and filter gradients) and
max_pool 2x2 with its gradient, for a batch of 32 8x8x1 digit-sized images and 32 3x3 filters.

    python benchmarks/bench_conv.py            # eagerflow, NumPy im2col by hand, PyTorch, TF
    python benchmarks/bench_conv.py --quick    # shorter repeats

Every figure is the median of repeats in microseconds per step; ratios divide by the hand-written
NumPy im2col loop measured in the same run. BLAS is pinned to one thread (as are torch and TF).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_row, fmt_us, fmt_ratio  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402

_swv = np.lib.stride_tricks.sliding_window_view


def numpy_step(x, w, gy):
    """The same work written by hand: SAME conv as im2col + matmul, 2x2 max pool, and their
    backward passes (col2im by strided adds, pool routing by a mask)."""
    n, h, wd, c = x.shape
    k = w.shape[0]
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    cols = _swv(xp, (k, k), axis=(1, 2)).reshape(n * h * wd, c * k * k)  # (c, kh, kw) order
    wm = w.transpose(2, 0, 1, 3).reshape(c * k * k, -1)
    y = (cols @ wm).reshape(n, h, wd, -1)
    p = y.reshape(n, h // 2, 2, wd // 2, 2, -1).max(axis=(2, 4))
    # backward: pool routing (ties all get the gradient here; inputs are continuous), then conv
    mask = y == np.repeat(np.repeat(p, 2, axis=1), 2, axis=2)
    gyc = mask * np.repeat(np.repeat(gy, 2, axis=1), 2, axis=2)
    g2 = gyc.reshape(n * h * wd, -1)
    dw = (cols.T @ g2).reshape(c, k, k, -1).transpose(1, 2, 0, 3)
    dcols = (g2 @ wm.T).reshape(n, h, wd, c, k, k)
    dxp = np.zeros_like(xp)
    for i in range(k):
        for j in range(k):
            dxp[:, i:i + h, j:j + wd] += dcols[..., i, j]
    return p, dxp[:, 1:-1, 1:-1], dw


def eagerflow_step(x, w, gy):
    with ef.GradientTape() as tape:
        tape.watch([x, w])
        y = ef.nn.max_pool2d(ef.nn.conv2d(x, w, 1, "SAME"), 2, 2, "VALID")
    return (y,) + tuple(tape.gradient(y, [x, w], output_gradients=gy))


def tf_step(tf):
    def step(x, w, gy):
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            y = tf.nn.max_pool2d(tf.nn.conv2d(x, w, 1, "SAME"), 2, 2, "VALID")
        return (y,) + tuple(tape.gradient(y, [x, w], output_gradients=gy))
    return step


def torch_step(torch):
    F = torch.nn.functional

    def step(x, w, gy):  # x NCHW, w OIHW
        x = x.detach().requires_grad_()
        w = w.detach().requires_grad_()
        y = F.max_pool2d(F.conv2d(x, w, padding=1), 2)
        y.backward(gy)
        return y, x.grad, w.grad
    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat, min_time = (3, 0.05) if args.quick else (7, 0.2)
    rng = np.random.default_rng(0)
    x = rng.random((32, 8, 8, 1), dtype=np.float32)
    w = rng.standard_normal((3, 3, 1, 32)).astype(np.float32) * 0.3
    gy = rng.standard_normal((32, 4, 4, 32)).astype(np.float32)

    ref = numpy_step(x, w, gy)
    got = eagerflow_step(ef.constant(x), ef.constant(w), ef.constant(gy))
    for r, g in zip(ref, got):  # the benchmark only times work that gives the same answer
        np.testing.assert_allclose(g.numpy(), r, rtol=1e-4, atol=1e-4)

    times = {"NumPy im2col by hand": per_call_us(lambda: numpy_step(x, w, gy), repeat, min_time)}
    ex, ew, eg = ef.constant(x), ef.constant(w), ef.constant(gy)
    times["eagerflow"] = per_call_us(lambda: eagerflow_step(ex, ew, eg), repeat, min_time)
    torch = optional("torch")
    if torch is not None:
        tx = torch.tensor(x.transpose(0, 3, 1, 2).copy())
        tw = torch.tensor(w.transpose(3, 2, 0, 1).copy())
        tg = torch.tensor(gy.transpose(0, 3, 1, 2).copy())
        step = torch_step(torch)
        times["PyTorch (F.conv2d)"] = per_call_us(lambda: step(tx, tw, tg), repeat, min_time)
    tf = optional("tensorflow")
    if tf is not None:
        step = tf_step(tf)
        cx, cw, cg = tf.constant(x), tf.constant(w), tf.constant(gy)
        times["TensorFlow"] = per_call_us(lambda: step(cx, cw, cg), repeat, min_time)

    base = times["NumPy im2col by hand"]
    print("conv2d(32x8x8x1, 32 3x3 filters, SAME) + max_pool 2x2, forward + backward; "
          "µs per step, median of %d; one BLAS thread" % repeat)
    widths = [24, 12, 12, 16]
    print(fmt_row(["", "µs / step", "÷ NumPy", "÷ eagerflow"], widths))
    for name, t in times.items():
        print(fmt_row([name, fmt_us(t), fmt_ratio(t / base), fmt_ratio(t / times["eagerflow"])],
                      widths))


if __name__ == "__main__":
    main()
