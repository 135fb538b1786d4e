"""One epoch of the tutorial's small CNN on sklearn's digits: Conv2D(32, 3, relu) ->
MaxPooling2D(2) -> Flatten -> Dense(10) logits, SparseCategoricalCrossentropy(from_logits=True),
Adam(1e-3), batch 32, on the training split (train_test_split(test_size=0.2, random_state=0),
pixels / 16, as 8x8x1 images).

Three runs of the same training from the same initial weights over the same batches (fixed order,
no shuffling): eagerflow's tf.keras ``fit``, TF 2.21's tf.keras ``fit``, and the equivalent loop
written in PyTorch (nn.Conv2d(1, 32, 3), MaxPool2d(2), Linear(288, 10), Adam with Keras' epsilon,
CrossEntropyLoss). Keras rows: *cold* is the first one-epoch ``fit`` of a new model (tracing
included), *warm* a later one-epoch ``fit`` of the same model. Every figure is a median over
repeats; everything on one thread (BLAS, torch, TF). The final epoch losses of the three runs are
printed as a check that they train the same thing.

The epoch uses the first 44 batches (1,408 of the 1,437 rows): a smaller last batch makes Keras
trace the step again for an unknown batch size, and eagerflow's Flatten fails there at the time of
writing (tf.reshape(x, [tf.shape(x)[0], -1]) inside a trace whose batch size is unknown:
NotImplementedError from dtypes._host_value). ``--all-rows`` tries the full split.

    python benchmarks/bench_cnn.py [--repeats N] [--no-tf] [--profile] [--all-rows]

``--profile`` runs one warm eagerflow epoch under cProfile and prints where the time goes.
"""
import argparse
import cProfile
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import optional  # noqa: E402  (pins BLAS/OpenMP to one thread before NumPy loads)

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

BATCH, LR, EPS = 32, 1e-3, 1e-7


def data(all_rows):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32).reshape(-1, 8, 8, 1)
    x_train, _, y_train, _ = train_test_split(x, d.target.astype(np.int64), test_size=0.2,
                                              random_state=0)
    n = len(x_train) if all_rows else len(x_train) // BATCH * BATCH
    return x_train[:n], y_train[:n]


def init(seed=1):
    """Glorot-uniform kernels and zero biases, in Keras' layouts (HWIO conv kernel, NHWC flatten
    order for the dense kernel's rows)."""
    rng = np.random.default_rng(seed)
    lim_c = np.sqrt(6 / (9 * 1 + 9 * 32))
    lim_d = np.sqrt(6 / (288 + 10))
    return [rng.uniform(-lim_c, lim_c, (3, 3, 1, 32)).astype(np.float32),
            np.zeros(32, np.float32),
            rng.uniform(-lim_d, lim_d, (288, 10)).astype(np.float32),
            np.zeros(10, np.float32)]


def keras_model(keras, weights):
    m = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ])
    m.set_weights(weights)
    m.compile(keras.optimizers.Adam(LR),
              keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return m


def time_keras(keras, weights, x, y, repeats):
    """Median cold and warm one-epoch fit times, and the loss of the first epoch."""
    cold, warm, loss = [], [], None
    for _ in range(repeats):
        m = keras_model(keras, weights)
        t0 = time.perf_counter()
        h = m.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        cold.append(time.perf_counter() - t0)
        loss = h.history["loss"][0]
        t0 = time.perf_counter()
        m.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        warm.append(time.perf_counter() - t0)
    return float(np.median(cold)), float(np.median(warm)), loss


def torch_model(torch, weights):
    nn = torch.nn
    m = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                      nn.Linear(288, 10))
    kc, bc, kd, bd = weights
    with torch.no_grad():
        m[0].weight.copy_(torch.from_numpy(kc.transpose(3, 2, 0, 1).copy()))  # HWIO -> OIHW
        m[0].bias.copy_(torch.from_numpy(bc))
        # Keras flattens (h, w, c); torch flattens (c, h, w): reorder the dense kernel's rows
        rows = kd.reshape(3, 3, 32, 10).transpose(2, 0, 1, 3).reshape(288, 10)
        m[4].weight.copy_(torch.from_numpy(rows.T.copy()))
        m[4].bias.copy_(torch.from_numpy(bd))
    return m


def torch_epoch(torch, model, opt, batches):
    loss_fn = torch.nn.CrossEntropyLoss()
    total, n = 0.0, 0
    for xb, yb in batches:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(yb)
        n += len(yb)
    return total / n


def time_torch(torch, weights, x, y, repeats):
    """Median first-epoch and later-epoch times (the same split as the Keras rows)."""
    xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())  # NHWC -> NCHW
    yt = torch.from_numpy(y)
    batches = [(xt[s:s + BATCH], yt[s:s + BATCH]) for s in range(0, len(x), BATCH)]
    cold, warm, loss = [], [], None
    for _ in range(repeats):
        m = torch_model(torch, weights)
        opt = torch.optim.Adam(m.parameters(), lr=LR, eps=EPS)
        t0 = time.perf_counter()
        loss = torch_epoch(torch, m, opt, batches)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        torch_epoch(torch, m, opt, batches)
        warm.append(time.perf_counter() - t0)
    return float(np.median(cold)), float(np.median(warm)), loss


def profile_epoch(keras, weights, x, y, top=25):
    m = keras_model(keras, weights)
    m.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)  # trace first
    prof = cProfile.Profile()
    prof.enable()
    m.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    prof.disable()
    stats = pstats.Stats(prof).strip_dirs().sort_stats("tottime")
    print("\ncProfile of one warm eagerflow epoch, by own time:")
    stats.print_stats(top)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-tf", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--all-rows", action="store_true")
    args = ap.parse_args()
    x, y = data(args.all_rows)
    w = init()
    print("digits training split: %d rows in %d batches of %d; Adam %g; one thread"
          % (len(x), -(-len(x) // BATCH), BATCH, LR))
    rows = []
    import eagerflow as ef
    rows.append(("eagerflow tf.keras fit",) + time_keras(ef.keras, w, x, y, args.repeats))
    tf = None if args.no_tf else optional("tensorflow")
    if tf is not None:
        rows.append(("TF %s tf.keras fit" % tf.__version__,) +
                    time_keras(tf.keras, w, x, y, args.repeats))
    torch = optional("torch")
    if torch is not None:
        rows.append(("PyTorch %s loop" % torch.__version__.split("+")[0],) +
                    time_torch(torch, w, x, y, args.repeats))
    print("%-28s %9s %9s %11s" % ("", "cold s", "warm s", "epoch loss"))
    for name, cold, warm, loss in rows:
        print("%-28s %9.3f %9.3f %11.5f" % (name, cold, warm, loss))
    ef_cold, ef_warm = rows[0][1], rows[0][2]
    for name, cold, warm, _ in rows[1:]:
        print("%s / eagerflow: cold %.2fx, warm %.2fx" % (name.split(" tf.")[0].split(" loop")[0],
                                                         cold / ef_cold, warm / ef_warm))
    print("goal: TF / eagerflow > 1 (eagerflow faster than TF); "
          "eagerflow / PyTorch <= 2 (warm)")
    if args.profile:
        profile_epoch(ef.keras, w, x, y)


if __name__ == "__main__":
    main()
