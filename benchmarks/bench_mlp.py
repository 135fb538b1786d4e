"""One SGD step of an MLP 64 -> 256 -> 10 (relu, softmax cross-entropy) on 128 rows of sklearn's
digits, float32, one BLAS thread: NumPy by hand vs eagerflow (GradientTape, eager and under
tf.function) vs PyTorch eager and TensorFlow (eager and tf.function), when installed.

    python benchmarks/bench_mlp.py [--quick] [--no-tf] [--no-peers] [--markdown]

The baseline is a lean hand-written NumPy step (integer labels, in-place updates); the first
version's one-hot NumPy step is kept as a second, labelled row. Every library starts from the same
weights; the script checks that eagerflow's losses equal the hand-written NumPy run's over 20 steps
(max |difference|, "ok" at <= 1e-5) and prints the peers' differences too. eagerflow's
tf.function traces the whole step (forward, tape, gradient, assign_sub) once into a graph and runs
it as generated NumPy code.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_us, fmt_ratio  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402

LR = 0.1


def data(batch=128):
    try:
        from sklearn.datasets import load_digits
        d = load_digits()
        x = (d.data[:batch] / 16.0).astype(np.float32)
        y = d.target[:batch].astype(np.int64)
        source = "sklearn digits"
    except ImportError:
        rng = np.random.default_rng(0)
        x = rng.uniform(0, 1, (batch, 64)).astype(np.float32)
        y = rng.integers(0, 10, batch).astype(np.int64)
        source = "synthetic (sklearn not installed)"
    return x, y, source


def init():
    rng = np.random.default_rng(1)
    w1 = (rng.standard_normal((64, 256)) * np.sqrt(2 / 64)).astype(np.float32)
    b1 = np.zeros(256, np.float32)
    w2 = (rng.standard_normal((256, 10)) * np.sqrt(2 / 256)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    return [w1, b1, w2, b2]


class NumpyMLP:
    """The baseline: forward and backprop by hand, integer labels, in-place updates."""

    def __init__(self, params, batch):
        self.p = [a.copy() for a in params]
        self.rows = np.arange(batch)
        self.B = batch

    def step(self, X, y):
        W1, b1, W2, b2 = self.p
        rows, B, lr = self.rows, self.B, LR
        h = X @ W1 + b1
        a = np.maximum(h, 0)
        logits = a @ W2 + b2
        z = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = -(z[rows, y] - np.log(s[:, 0])).mean()
        g = e / s
        g[rows, y] -= 1
        g /= B
        gW2 = a.T @ g
        gb2 = g.sum(axis=0)
        gh = (g @ W2.T) * (h > 0)
        gW1 = X.T @ gh
        gb1 = gh.sum(axis=0)
        W1 -= lr * gW1
        b1 -= lr * gb1
        W2 -= lr * gW2
        b2 -= lr * gb2
        return loss


class NumpyOneHotMLP:
    """The first version's baseline (one-hot labels, masks), kept for comparison."""

    def __init__(self, params):
        self.p = [a.copy() for a in params]

    def step(self, x, onehot):
        w1, b1, w2, b2 = self.p
        h_pre = x @ w1 + b1
        h = np.maximum(h_pre, 0)
        logits = h @ w2 + b2
        m = logits.max(axis=1, keepdims=True)
        e = np.exp(logits - m)
        s = e.sum(axis=1, keepdims=True)
        logp = logits - m - np.log(s)
        loss = -(onehot * logp).sum(axis=1).mean()
        n = x.shape[0]
        d_logits = (e / s - onehot) / n
        dw2 = h.T @ d_logits
        db2 = d_logits.sum(axis=0)
        dh = d_logits @ w2.T
        dh[h_pre <= 0] = 0
        dw1 = x.T @ dh
        db1 = dh.sum(axis=0)
        w1 -= LR * dw1
        b1 -= LR * db1
        w2 -= LR * dw2
        b2 -= LR * db2
        return loss


class TFStyleMLP:
    """The TF 2 idiom, run on eagerflow or on TensorFlow: Variables, GradientTape, sparse softmax
    cross-entropy on int32 labels, ``assign_sub``."""

    def __init__(self, tf, params):
        self.tf = tf
        self.p = [tf.Variable(a) for a in params]

    def step(self, x, y):
        tf = self.tf
        w1, b1, w2, b2 = self.p
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(x, w1) + b1)
            logits = tf.matmul(h, w2) + b2
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        grads = tape.gradient(loss, self.p)
        for v, g in zip(self.p, grads):
            v.assign_sub(LR * g)
        return loss


class TorchMLP:
    def __init__(self, torch, params):
        self.torch = torch
        self.p = [torch.tensor(a, requires_grad=True) for a in params]

    def step(self, x, y):
        torch = self.torch
        w1, b1, w2, b2 = self.p
        h = torch.relu(x @ w1 + b1)
        logits = h @ w2 + b2
        loss = torch.nn.functional.cross_entropy(logits, y)
        for p in self.p:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in self.p:
                p -= LR * p.grad
        return loss.detach()


def losses(step, x, y, n=20):
    return [float(step(x, y)) for _ in range(n)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 short repeats")
    ap.add_argument("--no-tf", action="store_true", help="no TensorFlow rows")
    ap.add_argument("--no-peers", action="store_true", help="NumPy and eagerflow only")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args(argv)
    repeat, min_time = (3, 0.02) if args.quick else (7, 0.1)
    x, y, source = data()
    B = x.shape[0]
    y32 = y.astype(np.int32)
    onehot = np.eye(10, dtype=np.float32)[y]
    params = init()
    torch = None if args.no_peers else optional("torch")
    tf = None if args.no_peers or args.no_tf else optional("tensorflow")
    print("MLP 64-256-10, batch %d (%s), float32, SGD lr %g, one BLAS thread | eagerflow %s | "
          "numpy %s | torch %s | tensorflow %s | %s" % (
              B, source, LR, ef.__version__, np.__version__, getattr(torch, "__version__", "-"),
              getattr(tf, "__version__", "-"), time.strftime("%Y-%m-%d")))

    # (label, factory of a step function with fresh weights from init(), x, y)
    impls = [("NumPy by hand (baseline)", lambda: NumpyMLP(params, B).step, x, y),
             ("NumPy, one-hot labels (first version's baseline)",
              lambda: NumpyOneHotMLP(params).step, x, onehot)]
    ex, ey = ef.constant(x), ef.constant(y32)
    impls.append(("eagerflow (GradientTape)", lambda: TFStyleMLP(ef, params).step, ex, ey))
    impls.append(("eagerflow tf.function (traced graph, generated code)",
                  lambda: ef.function(TFStyleMLP(ef, params).step), ex, ey))
    if torch:
        tx, ty = torch.tensor(x), torch.tensor(y)
        impls.append(("PyTorch eager (F.cross_entropy)", lambda: TorchMLP(torch, params).step,
                      tx, ty))
    if tf:
        fx, fy = tf.constant(x), tf.constant(y32)
        impls.append(("TensorFlow eager", lambda: TFStyleMLP(tf, params).step, fx, fy))
        impls.append(("TensorFlow tf.function", lambda: tf.function(TFStyleMLP(tf, params).step),
                      fx, fy))

    # correctness: 20 steps from the same weights, losses against the NumPy baseline's
    ref = losses(impls[0][1](), x, y)
    print("NumPy baseline losses, step 1 / step 20: %.6f / %.6f" % (ref[0], ref[-1]))
    for label, make, sx, sy in impls[1:]:
        try:
            got = losses(make(), sx, sy)
            worst = max(abs(a - b) for a, b in zip(ref, got))
            verdict = "ok" if worst <= 1e-5 else "MISMATCH"
            if worst == 0:
                verdict = "ok, identical"
            print("losses over 20 steps: max |%s - NumPy| = %.2e  %s" % (label, worst, verdict))
        except Exception as e:
            print("losses over 20 steps: %s: error: %s" % (label, type(e).__name__))

    results = []
    for label, make, sx, sy in impls:
        try:
            step = make()
            step(sx, sy)
            results.append((label, per_call_us(lambda: step(sx, sy), repeat, min_time)))
        except Exception as e:  # a missing op must not end the run
            results.append((label, e))
    base = results[0][1]
    head = ["implementation", "µs per step (median of %d)" % repeat, "÷ NumPy by hand"]
    if args.markdown:
        print("\n| " + " | ".join(head) + " |\n|---|---:|---:|")
    else:
        w = max(len(r[0]) for r in results)
        print("\n%s  %s  %s" % (head[0].ljust(w), head[1], head[2]))
    for label, t in results:
        if isinstance(t, Exception):
            cells = ["error: %s" % type(t).__name__, "-"]
        else:
            cells = [fmt_us(t), fmt_ratio(t / base) + ("×" if args.markdown else "")]
        if args.markdown:
            print("| %s | %s | %s |" % (label, cells[0], cells[1]))
        else:
            print("%s  %s  %s" % (label.ljust(w), cells[0].rjust(len(head[1])),
                                  cells[1].rjust(len(head[2]))))


if __name__ == "__main__":
    main()
