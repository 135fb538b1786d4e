"""Every op reaches the engine's one dispatch path: with a listener installed where a graph tracer
would sit, each public op below is seen there (none computes around the engine with raw NumPy)."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.engine import primitive as P


class _Spy:
    """A stand-in graph tracer: logs each op and runs it eagerly."""

    def __init__(self):
        self.ops = []

    def add(self, prim, inputs, params, name):
        self.ops.append(prim.name)
        return prim._run(inputs, prim.admit(inputs), params)


@pytest.fixture
def spy():
    s = _Spy()
    P._tracing.tracer = s
    P.STATE.g += 1
    try:
        yield s
    finally:
        P.STATE.g -= 1
        P._tracing.tracer = None


_x = tf.constant([[1.0, -2.0], [3.0, 4.0]])
_v = tf.Variable([1.0, 2.0])

CALLS = {
    "add": lambda: _x + _x,
    "tf.add": lambda: tf.add(_x, 1.0),
    "getitem": lambda: _x[0],
    "matmul": lambda: _x @ _x,
    "exp": lambda: tf.exp(_x),
    "relu": lambda: tf.nn.relu(_x),
    "reduce_sum": lambda: tf.reduce_sum(_x),
    "reshape": lambda: tf.reshape(_x, [4]),
    "read": lambda: _v.read_value(),
    "variable op": lambda: _v * 2.0,
    "assign_add": lambda: _v.assign_add([1.0, 1.0]),
    "random.normal": lambda: tf.random.normal([2]),
    "random.uniform": lambda: tf.random.uniform([2]),
    "random.uniform int": lambda: tf.random.uniform([2], 0, 5, dtype=tf.int32),
    "random.shuffle": lambda: tf.random.shuffle([1, 2, 3]),
    "random.categorical": lambda: tf.random.categorical([[0.0, 1.0]], 2),
    "stateless_normal": lambda: tf.random.stateless_normal([2], [1, 2]),
    "zeros": lambda: tf.zeros([2, 3]),
    "ones": lambda: tf.ones([2], tf.int32),
    "fill": lambda: tf.fill([2], 1.5),
    "eye": lambda: tf.eye(3),
    "range": lambda: tf.range(5),
    "linspace": lambda: tf.linspace(0.0, 1.0, 3),
    "shape": lambda: tf.shape(_x),
    "size": lambda: tf.size(_x),
    "rank": lambda: tf.rank(_x),
    "zeros_like": lambda: tf.zeros_like(_x),
    "ones_like": lambda: tf.ones_like(_x),
}


@pytest.mark.parametrize("what", sorted(CALLS))
def test_op_reaches_the_dispatch_hook(spy, what):
    out = CALLS[what]()
    assert spy.ops, "%s computed without the dispatch path" % what
    assert out is not None


def test_random_ops_draw_fresh_numbers_per_run(spy):
    a = tf.random.normal([4]).numpy()
    b = tf.random.normal([4]).numpy()
    assert spy.ops.count("RandomStandardNormal") == 2
    assert not np.array_equal(a, b)
