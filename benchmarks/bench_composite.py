"""Ragged and sparse ops on small inputs against the dense op of the same size, eagerflow and
(when installed) TensorFlow side by side, one BLAS thread, medians of repeats.

    python benchmarks/bench_composite.py [--quick] [--no-tf] [--markdown]

Each row times a ragged or sparse op and the dense op that does the same work on a dense tensor
holding the same number of values (a 3-row ragged tensor of 9 float32 values against a 3x3 tensor;
a 4x4 SparseTensor with 5 stored values against the 4x4 dense tensor; sparse.to_dense against
tf.scatter_nd of the same indices, values and shape, which is what TF's SparseToDense computes,
and sparse.from_dense against tf.gather_nd of the same entries); the ratio composite/dense
is the cost of the composite type. The goal (issue "everyday surface"): within 3x of the dense op.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, geomean, fmt_us, fmt_ratio, fmt_row  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402

ROWS = [[1., 2., 3.], [4., 5.], [6., 7., 8., 9.]]
DENSE = np.arange(1, 10, dtype=np.float32).reshape(3, 3)
SP_INDICES = [[0, 0], [0, 3], [1, 1], [2, 2], [3, 0]]
SP_VALUES = np.array([1., 2., 3., 4., 5.], np.float32)
SP_DENSE = np.zeros((4, 4), np.float32)
SP_DENSE[tuple(np.array(SP_INDICES).T)] = SP_VALUES


def cases(tf):
    """(name, composite thunk, dense thunk) for the library ``tf``."""
    rt = tf.ragged.constant(ROWS, dtype=tf.float32)
    d = tf.constant(DENSE)
    values, splits = rt.flat_values, rt.row_splits
    sp = tf.sparse.SparseTensor(SP_INDICES, SP_VALUES, [4, 4])
    spd = tf.constant(SP_DENSE)
    sp_idx, sp_val = tf.constant(SP_INDICES, tf.int64), tf.constant(SP_VALUES)
    rhs = tf.constant(np.ones((4, 2), np.float32))
    return [
        ("ragged + 1.0", lambda: rt + 1.0, lambda: d + 1.0),
        ("ragged * ragged", lambda: rt * rt, lambda: d * d),
        ("tf.exp(ragged)", lambda: tf.exp(rt), lambda: tf.exp(d)),
        ("reduce_sum(ragged, axis=1)", lambda: tf.reduce_sum(rt, axis=1),
         lambda: tf.reduce_sum(d, axis=1)),
        ("reduce_mean(ragged, axis=1)", lambda: tf.reduce_mean(rt, axis=1),
         lambda: tf.reduce_mean(d, axis=1)),
        ("reduce_max(ragged, axis=1)", lambda: tf.reduce_max(rt, axis=1),
         lambda: tf.reduce_max(d, axis=1)),
        ("ragged[1] (a row)", lambda: rt[1], lambda: d[1]),
        ("concat([ragged, ragged], 0)", lambda: tf.concat([rt, rt], 0),
         lambda: tf.concat([d, d], 0)),
        ("RaggedTensor.from_row_splits vs reshape",
         lambda: tf.RaggedTensor.from_row_splits(values, splits), lambda: tf.reshape(d, [9])),
        ("ragged.to_tensor() vs pad", lambda: rt.to_tensor(), lambda: tf.pad(d, [[0, 0], [0, 1]])),
        ("ragged.row_lengths() vs shape", lambda: rt.row_lengths(), lambda: tf.shape(d)),
        ("ragged.map_flat_values(tf.square)",
         lambda: tf.ragged.map_flat_values(tf.square, rt), lambda: tf.square(d)),
        ("sparse.to_dense vs scatter_nd", lambda: tf.sparse.to_dense(sp),
         lambda: tf.scatter_nd(sp_idx, sp_val, [4, 4])),
        ("sparse.add(sp, sp)", lambda: tf.sparse.add(sp, sp), lambda: spd + spd),
        ("sparse * 2.0", lambda: sp * 2.0, lambda: spd * 2.0),
        ("sparse_dense_matmul vs matmul", lambda: tf.sparse.sparse_dense_matmul(sp, rhs),
         lambda: tf.matmul(spd, rhs)),
        ("sparse.reduce_sum(axis=1)", lambda: tf.sparse.reduce_sum(sp, axis=1),
         lambda: tf.reduce_sum(spd, axis=1)),
        ("sparse.transpose", lambda: tf.sparse.transpose(sp), lambda: tf.transpose(spd)),
        ("sparse.reshape [2, 8]", lambda: tf.sparse.reshape(sp, [2, 8]),
         lambda: tf.reshape(spd, [2, 8])),
        ("sparse.slice vs slice", lambda: tf.sparse.slice(sp, [0, 0], [2, 4]),
         lambda: tf.slice(spd, [0, 0], [2, 4])),
        ("sparse.from_dense vs gather_nd", lambda: tf.sparse.from_dense(spd),
         lambda: tf.gather_nd(spd, sp_idx)),
    ]


def measure(tf, repeat, min_time):
    out = []
    for name, comp, dense in cases(tf):
        comp(), dense()  # warm caches (and fail early)
        # interleaved repeats: the pair sees the same machine load
        c = per_call_us(comp, repeat, min_time)
        d = per_call_us(dense, repeat, min_time)
        out.append((name, c, d))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 short repeats")
    ap.add_argument("--no-tf", action="store_true", help="eagerflow only")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args(argv)
    repeat, min_time = (3, 0.02) if args.quick else (7, 0.05)
    tf = None if args.no_tf else optional("tensorflow")
    print("ragged/sparse vs dense, small inputs, one thread | eagerflow %s | numpy %s | "
          "tensorflow %s | %s" % (ef.__version__, np.__version__, getattr(tf, "__version__", "-"),
                                  time.strftime("%Y-%m-%d")))
    rows = measure(ef, repeat, min_time)
    tf_rows = measure(tf, repeat, min_time) if tf else None
    head = ["op", "ef composite µs", "ef dense µs", "ef ratio"]
    if tf_rows:
        head += ["TF composite µs", "TF dense µs", "TF ratio", "ef vs TF composite"]
    table = []
    for k, (name, c, d) in enumerate(rows):
        row = [name, fmt_us(c), fmt_us(d), fmt_ratio(c / d)]
        if tf_rows:
            _, tc, td = tf_rows[k]
            row += [fmt_us(tc), fmt_us(td), fmt_ratio(tc / td), fmt_ratio(c / tc)]
        table.append(row)
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in table:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in table + [head]) for i in range(len(head))]
        print(fmt_row(head, widths))
        for row in table:
            print(fmt_row(row, widths))
    ratios = [c / d for _, c, d in rows]
    print("eagerflow composite/dense: geomean %.2f, max %.2f (%s); rows over 3x: %d of %d" % (
        geomean(ratios), max(ratios), rows[ratios.index(max(ratios))][0],
        sum(r > 3 for r in ratios), len(ratios)))
    if tf_rows:
        print("TensorFlow composite/dense: geomean %.2f" % geomean([c / d for _, c, d in tf_rows]))


if __name__ == "__main__":
    main()
