"""Keras fit of the MLP 64 -> 256 (relu) -> 10 (softmax) on sklearn's digits training split
(1,437 rows, train_test_split(test_size=0.2, random_state=0)): Adam 1e-3, batch 32, 10 epochs,
verbose=0. eagerflow's tf.keras vs TF 2.21's (cold: first fit of a new model, including tracing;
warm: a second fit of the same model) vs a lean hand-written NumPy Adam loop of the same
training. Medians of repeats, one BLAS thread; final test accuracy of each.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_keras.py [--repeats N] [--no-tf]
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

EPOCHS, BATCH, LR = 10, 32, 1e-3


def data():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    return train_test_split(x, d.target.astype(np.int64), test_size=0.2, random_state=0)


def init(seed=1):
    rng = np.random.default_rng(seed)
    lim1, lim2 = np.sqrt(6 / (64 + 256)), np.sqrt(6 / (256 + 10))
    return [rng.uniform(-lim1, lim1, (64, 256)).astype(np.float32), np.zeros(256, np.float32),
            rng.uniform(-lim2, lim2, (256, 10)).astype(np.float32), np.zeros(10, np.float32)]


def numpy_fit(weights, x, y):
    """Forward, backprop and Adam by hand (Keras' Adam: epsilon 1e-7, bias-corrected lr)."""
    p = [w.copy() for w in weights]
    m = [np.zeros_like(w) for w in p]
    v = [np.zeros_like(w) for w in p]
    b1, b2, eps = 0.9, 0.999, 1e-7
    n, t = len(x), 0
    for _ in range(EPOCHS):
        for s in range(0, n, BATCH):
            X, Y = x[s:s + BATCH], y[s:s + BATCH]
            B = len(X)
            W1, c1, W2, c2 = p
            h = X @ W1 + c1
            a = np.maximum(h, 0)
            z = a @ W2 + c2
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            g = e / e.sum(axis=1, keepdims=True)
            g[np.arange(B), Y] -= 1
            g /= B
            gh = (g @ W2.T) * (h > 0)
            grads = (X.T @ gh, gh.sum(0), a.T @ g, g.sum(0))
            t += 1
            lr = LR * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            for w, gr, mm, vv in zip(p, grads, m, v):
                mm += (gr - mm) * (1 - b1)
                vv += (gr * gr - vv) * (1 - b2)
                w -= lr * mm / (np.sqrt(vv) + eps)
    return p


def numpy_accuracy(p, x, y):
    a = np.maximum(x @ p[0] + p[1], 0)
    return float(((a @ p[2] + p[3]).argmax(1) == y).mean())


def keras_model(keras, weights):
    m = keras.Sequential([keras.Input((64,)), keras.layers.Dense(256, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
    m.set_weights(weights)
    m.compile(keras.optimizers.Adam(LR), "sparse_categorical_crossentropy",
              metrics=["accuracy"])
    return m


def time_keras(keras, weights, x, y, xt, yt, repeats):
    cold, warm, acc = [], [], None
    for _ in range(repeats):
        m = keras_model(keras, weights)
        t0 = time.perf_counter()
        m.fit(x, y, batch_size=BATCH, epochs=EPOCHS, verbose=0, shuffle=False)
        cold.append(time.perf_counter() - t0)
        acc = m.evaluate(xt, yt, verbose=0, return_dict=True)["accuracy"]
        m.set_weights(weights)
        t0 = time.perf_counter()
        m.fit(x, y, batch_size=BATCH, epochs=EPOCHS, verbose=0, shuffle=False)
        warm.append(time.perf_counter() - t0)
    return float(np.median(cold)), float(np.median(warm)), acc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-tf", action="store_true")
    args = ap.parse_args()
    x, xt, y, yt = data()
    w = init()
    times = []
    for _ in range(max(args.repeats, 3)):
        t0 = time.perf_counter()
        p = numpy_fit(w, x, y)
        times.append(time.perf_counter() - t0)
    t_np = float(np.median(times))
    print("data: digits train %d rows, test %d rows; %d epochs, batch %d, Adam %g"
          % (len(x), len(xt), EPOCHS, BATCH, LR))
    print("%-28s %9s %9s %9s" % ("", "cold s", "warm s", "test acc"))
    print("%-28s %9.3f %9.3f %9.4f" % ("NumPy Adam loop (by hand)", t_np, t_np,
                                        numpy_accuracy(p, xt, yt)))
    import eagerflow as ef
    ef_cold, ef_warm, ef_acc = time_keras(ef.keras, w, x, y, xt, yt, args.repeats)
    print("%-28s %9.3f %9.3f %9.4f" % ("eagerflow tf.keras fit", ef_cold, ef_warm, ef_acc))
    print("eagerflow / NumPy: cold %.2fx, warm %.2fx (goal <= 1.3x)"
          % (ef_cold / t_np, ef_warm / t_np))
    if not args.no_tf:
        try:
            import tensorflow as tf
        except ImportError:
            print("TensorFlow not installed: no TF row")
            return
        tf_cold, tf_warm, tf_acc = time_keras(tf.keras, w, x, y, xt, yt, args.repeats)
        print("%-28s %9.3f %9.3f %9.4f" % ("TF 2.21 tf.keras fit", tf_cold, tf_warm, tf_acc))
        print("TF / eagerflow: cold %.1fx, warm %.1fx (goal >= 10x)"
              % (tf_cold / ef_cold, tf_warm / ef_warm))


if __name__ == "__main__":
    main()
