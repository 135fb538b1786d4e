"""TF1 sessions: ``sess.run(train_op, feed_dict)`` against the same step under tf.function, and
against TensorFlow's Session.run of the same graph (when TensorFlow is installed):

1. linear regression, batch 64 (x [None, 3] and y [None, 1] placeholders, mean squared error,
   GradientDescentOptimizer.minimize);
2. the MLP 64 -> 256 -> 10, batch 128, sparse softmax cross-entropy on int32 labels,
   GradientDescentOptimizer.minimize (the step of bench_function.py).

The tf.function side is the TF2 idiom of the same step: GradientTape, then ``assign_sub`` of
``lr * grad`` on each variable. Each comparison alternates the sides in rounds and reports the
median time per step of each side and the median of the per-round ratios. BLAS runs on one thread.

    python benchmarks/bench_session.py [--quick] [--no-tf]
"""
import argparse
import os
import sys
import time

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import optional, fmt_us  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402
import bench_mlp  # noqa: E402


def _per_call(fn, n):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def paired(sides, rounds, n):
    """Alternates the sides (n calls each) for ``rounds`` rounds: median µs of each, and the median
    per-round ratio of each side to the first."""
    times = [[] for _ in sides]
    ratios = [[] for _ in sides]
    for _ in range(rounds):
        t = [_per_call(f, n) for f in sides]
        for k, x in enumerate(t):
            times[k].append(x)
            ratios[k].append(x / t[0])
    return [float(np.median(t)) * 1e6 for t in times], [float(np.median(r)) for r in ratios]


# -- the models, written once for eagerflow and TensorFlow ----------------------------------------
def linreg_data(batch=64):
    x = ((np.arange(batch * 3, dtype=np.float32).reshape(batch, 3) * 7) % 11 - 5) / 5
    y = (x @ np.array([[0.5], [-1.0], [2.0]], np.float32) + 0.25).astype(np.float32)
    return x, y


def linreg_graph(tf):
    """(graph, session, train_op, loss, x, y) of the TF1 linear regression."""
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.compat.v1.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([3, 1]))
        b = tf.Variable(tf.zeros([1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train = tf.compat.v1.train.GradientDescentOptimizer(0.05).minimize(loss)
        sess = tf.compat.v1.Session()
        sess.run(tf.compat.v1.global_variables_initializer())
    return sess, train, loss, x, y


def linreg_function(tf):
    w = tf.Variable(tf.zeros([3, 1]))
    b = tf.Variable(tf.zeros([1]))

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.05 * gw)
        b.assign_sub(0.05 * gb)
        return loss
    return step


def mlp_graph(tf, params):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 64])
        y = tf.compat.v1.placeholder(tf.int32, [None])
        w1, b1, w2, b2 = [tf.Variable(a) for a in params]
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        logits = tf.matmul(h, w2) + b2
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                             logits=logits))
        train = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.compat.v1.Session()
        sess.run(tf.compat.v1.global_variables_initializer())
    return sess, train, loss, x, y


def compare(title, args, tf, make_graph, make_function, xa, ya, rounds, n):
    sess, train, loss, x, y = make_graph(ef)
    feed = {x: xa, y: ya}
    step = make_function()
    ex, ey = ef.constant(xa), ef.constant(ya)
    # same losses over 20 steps from the same start
    l_sess = [sess.run([train, loss], feed)[1] for _ in range(20)]
    l_fn = [float(step(ex, ey)) for _ in range(20)]
    diff = max(abs(a - b) for a, b in zip(l_sess, l_fn))
    sides = [lambda: step(ex, ey), lambda: sess.run(train, feed)]
    names = ["eagerflow tf.function step", "eagerflow sess.run(train_op)"]
    if tf is not None:
        tsess, ttrain, _, tx, ty = make_graph(tf)
        tfeed = {tx: xa, ty: ya}
        tsess.run(ttrain, tfeed)
        sides.append(lambda: tsess.run(ttrain, tfeed))
        names.append("TensorFlow Session.run(train_op)")
    us, ratios = paired(sides, rounds, n)
    print(title)
    print("   losses over 20 steps: max |session - tf.function| = %.2e %s" % (
        diff, "ok" if diff <= 1e-5 else "MISMATCH"))
    for name, t, r in zip(names, us, ratios):
        print("   %-34s %10s µs   %.3fx tf.function" % (name, fmt_us(t), r))
    if tf is not None:
        print("   TensorFlow Session.run / eagerflow sess.run: %.1fx" % (us[2] / us[1]))
    return us, ratios


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-tf", action="store_true")
    args = ap.parse_args(argv)
    tf = None if args.no_tf else optional("tensorflow")
    print("eagerflow %s | numpy %s | TensorFlow %s | %s" % (
        ef.__version__, np.__version__, tf.__version__ if tf else "-",
        time.strftime("%Y-%m-%d %H:%M")))
    rounds = 5 if args.quick else 21
    xa, ya = linreg_data()
    compare("1. linear regression step, batch 64 (GradientDescentOptimizer)", args, tf,
            linreg_graph, lambda: linreg_function(ef), xa, ya, rounds, 200 if args.quick else 500)
    x, y, source = bench_mlp.data()
    params = bench_mlp.init()
    compare("2. MLP 64-256-10 step, batch %d (%s), sparse softmax cross-entropy, "
            "GradientDescentOptimizer" % (len(x), source), args, tf,
            lambda t: mlp_graph(t, params), lambda: ef.function(bench_mlp.TFStyleMLP(ef, params).step),
            x, y.astype(np.int32), rounds, 20 if args.quick else 50)


if __name__ == "__main__":
    main()
