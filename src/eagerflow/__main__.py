"""The eagerflow tour: ``python -m eagerflow``.

Walks through what the library does, in the order a newcomer to eager execution meets it: tensors
of rank 0, 1 and 2, a Variable changed in place, NumPy interop, a Sudoku solved by backtracking on
tensors, and gradients with GradientTape. Each part prints its results and how long it took.
"""
import argparse
import sys
import time

import numpy as np

import eagerflow as tf


class _Part:
    def __init__(self, title):
        self.title = title

    def __enter__(self):
        print("=" * 72)
        print(self.title)
        print("-" * 72)
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        dt = time.perf_counter() - self.t0
        print("[%s: %.1f ms]" % (self.title, dt * 1e3))
        return False


def tensors():
    with _Part("1. Tensors compute at once"):
        scalar = tf.constant(4)
        vector = tf.constant([2.0, 3.0, 4.0])
        matrix = tf.constant([[1, 2], [3, 4], [5, 6]], dtype=tf.float16)
        for name, t in (("rank 0", scalar), ("rank 1", vector), ("rank 2", matrix)):
            print("%s (tf.rank -> %d):" % (name, int(tf.rank(t))))
            print(t)
        print("vector * 2 + 1 =", vector * 2 + 1)
        print("executing eagerly:", tf.executing_eagerly())


def variables():
    with _Part("2. Variables are state you change in place"):
        a = tf.Variable([2.0, 3.0])
        b = tf.Variable(a)  # a copy: b keeps its own storage
        a.assign([5, 6])
        print("a after assign([5, 6]):", a.numpy(), "  b is still:", b.numpy())
        print("assign_add([2, 3]) ->", a.assign_add([2, 3]).numpy())
        print("assign_sub([7, 9]) ->", a.assign_sub([7, 9]).numpy())
        grid = tf.Variable(tf.zeros([2, 2], dtype=tf.int32))
        alias = grid[0, 1].assign(9)
        print("grid[0, 1].assign(9) returns a live alias of the whole variable:")
        print(alias)


def numpy_interop():
    with _Part("3. NumPy interop and broadcasting"):
        a = tf.constant([[1, 2], [3, 4]])
        b = tf.add(a, 1)  # the scalar broadcasts
        c = np.multiply(a, b)  # NumPy functions take tensors and return ndarrays
        print("a + 1 =")
        print(b)
        print("np.multiply(a, a + 1) -> %s:" % type(c).__name__)
        print(c)
        print("np.float64 array + float32 tensor keeps the tensor's dtype:",
              (np.array([0.5, 1.5]) + tf.constant([1.0, 2.0])).dtype.name)


def sudoku():
    from .sudoku import NOTEBOOK_PUZZLE, format_grid
    from .sudoku.backtrack import solve
    with _Part("4. Sudoku by backtracking on tensors (the notebook's search)"):
        print("puzzle:")
        print(format_grid(NOTEBOOK_PUZZLE))
        digits = [0 if ch == "." else int(ch) for ch in NOTEBOOK_PUZZLE]
        search = solve(digits)
        solution = search.solutions[0]
        print("solved with %d recursive calls and %d digit checks in %.0f ms:" % (
            search.nodes, search.checks, search.time * 1e3))
        print(solution)


def gradients():
    with _Part("5. Gradients with GradientTape"):
        w = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            loss = w * w * w
        print("d(w^3)/dw at w = 3:", tape.gradient(loss, w))
        x, y, z = tf.constant(1.0), tf.constant(2.0), tf.Variable(2.0)
        with tf.GradientTape() as tape:
            f = x ** 2 + y - z ** 2
        print("d(x^2 + y - z^2)/dz at z = 2:", tape.gradient(f, z))
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                cube = w * w * w
            first = inner.gradient(cube, w)
        print("second derivative of w^3 at 3:", outer.gradient(first, w))


PARTS = {"tensors": tensors, "variables": variables, "numpy": numpy_interop, "sudoku": sudoku,
         "gradients": gradients}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m eagerflow", description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", metavar="PART",
                        help="parts to run, from: %s (default: all, in order)" % ", ".join(PARTS))
    args = parser.parse_args(argv)
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error("unknown part(s): %s (choose from %s)" % (", ".join(unknown), ", ".join(PARTS)))
    t0 = time.perf_counter()
    print("eagerflow %s, NumPy %s" % (tf.__version__, np.__version__))
    for name in args.parts or list(PARTS):
        PARTS[name]()
    print("=" * 72)
    print("tour finished in %.0f ms" % ((time.perf_counter() - t0) * 1e3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
