"""One SGD step of an MLP 64 -> 256 -> 10 (relu, softmax cross-entropy) on 128 rows of sklearn's
digits, float32, one BLAS thread: NumPy by hand vs eagerflow (GradientTape) vs PyTorch / TF eager.

    python benchmarks/bench_mlp.py [--quick]

Also checks that eagerflow's losses equal the hand-written NumPy run's to 1e-5 over 20 steps.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional  # noqa: E402

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
        y = rng.integers(0, 10, batch)
        source = "synthetic (sklearn not installed)"
    onehot = np.eye(10, dtype=np.float32)[y]
    return x, y, onehot, source


def init():
    rng = np.random.default_rng(1)
    w1 = (rng.standard_normal((64, 256)) * np.sqrt(2 / 64)).astype(np.float32)
    b1 = np.zeros(256, np.float32)
    w2 = (rng.standard_normal((256, 10)) * np.sqrt(2 / 256)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    return [w1, b1, w2, b2]


class NumpyMLP:
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


class EagerflowMLP:
    def __init__(self, tf, params):
        self.tf = tf
        self.p = [tf.Variable(a) for a in params]

    def step(self, x, onehot):
        tf = self.tf
        w1, b1, w2, b2 = self.p
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(x, w1) + b1)
            logits = tf.matmul(h, w2) + b2
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(onehot, logits))
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
        return loss


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args(argv)
    repeat = 3 if args.quick else 7
    x, y, onehot, source = data()
    params = init()
    print("MLP 64-256-10, batch 128 (%s), float32, one BLAS thread, %s" % (
        source, time.strftime("%Y-%m-%d")))
    ref, mine = NumpyMLP(params), EagerflowMLP(ef, params)
    ex, eo = ef.constant(x), ef.constant(onehot)
    worst = 0.0
    for _ in range(20):
        a = ref.step(x, onehot)
        b = float(mine.step(ex, eo))
        worst = max(worst, abs(a - b))
    print("losses over 20 steps: max |eagerflow - numpy| = %.2e (%s)" % (
        worst, "ok" if worst <= 1e-5 else "MISMATCH"))
    results = {}
    nm = NumpyMLP(params)
    results["numpy (by hand)"] = per_call_us(lambda: nm.step(x, onehot), repeat)
    em = EagerflowMLP(ef, params)
    results["eagerflow"] = per_call_us(lambda: em.step(ex, eo), repeat)
    torch = None if args.no_peers else optional("torch")
    if torch:
        tm = TorchMLP(torch, params)
        tx, ty = torch.tensor(x), torch.tensor(y)
        results["torch eager"] = per_call_us(lambda: tm.step(tx, ty), repeat)
    tf = None if args.no_peers else optional("tensorflow")
    if tf:
        tfm = EagerflowMLP(tf, params)
        tx, to = tf.constant(x), tf.constant(onehot)
        results["tensorflow eager"] = per_call_us(lambda: tfm.step(tx, to), repeat)
    base = results["numpy (by hand)"]
    for k, v in results.items():
        print("  %-18s %9.1f us/step  %5.2fx numpy" % (k, v, v / base))


if __name__ == "__main__":
    main()
