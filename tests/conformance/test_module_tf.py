"""tf.Module, tf.name_scope on variables and tf.init_scope: the same snippets under real TensorFlow
and under eagerflow (see harness.py); names, orders, values and errors must agree."""
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from . import harness  # noqa: E402
from .harness import snippet  # noqa: E402


def _mlp(tf):
    class Dense(tf.Module):
        def __init__(self, n_in, n_out, name=None):
            super().__init__(name=name)
            with self.name_scope:
                self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
                self.b = tf.Variable(tf.zeros([n_out]), name="b", trainable=False)

        @tf.Module.with_name_scope
        def __call__(self, x):
            return tf.nn.relu(x @ self.w + self.b)

    class MyMLP(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(2, 3), Dense(3, 1, name="out")]
            self.extra = {"z": tf.Variable(1.0, name="z"), "a": tf.Variable(2, name="a")}
            self.pair = (tf.Variable([1, 2], name="p0"), 7)

        def __call__(self, x):
            for layer in self.layers:
                x = layer(x)
            return x
    return Dense, MyMLP


def module_variable_names_in_order(tf, np):
    _, MyMLP = _mlp(tf)
    m = MyMLP()
    return ([v.name for v in m.variables], [v.name for v in m.trainable_variables],
            [v.name for v in m.non_trainable_variables], [s.name for s in m.submodules],
            m.name, m.name_scope.name)


def module_flatten_with_path(tf, np):
    _, MyMLP = _mlp(tf)
    m = MyMLP()
    return [(list(p), v.name) for p, v in m._flatten(
        predicate=lambda x: isinstance(x, tf.Variable), with_path=True)]


def module_call_values(tf, np):
    _, MyMLP = _mlp(tf)
    return MyMLP()(tf.constant([[1.0, -2.0], [3.0, 4.0]]))


def module_default_names(tf, np):
    class HTTPServer2D(tf.Module):
        pass

    class ABCNet(tf.Module):
        pass

    class simple(tf.Module):
        pass
    return [HTTPServer2D().name, ABCNet().name, simple().name, tf.Module().name,
            tf.Module(name="_ok1").name]


@snippet(raises="ValueError", msg_prefix=True)
def module_bad_name(tf, np):
    tf.Module(name="2fast")


@snippet(raises="ValueError", msg_prefix=True)
def module_name_with_slash(tf, np):
    tf.Module(name="a/b")


def module_under_outer_name_scope(tf, np):
    Dense, _ = _mlp(tf)
    with tf.name_scope("outer"):
        d = Dense(1, 1)
    with tf.name_scope("outer"):
        e = Dense(1, 1, name="e")
    return [v.name for v in d.variables + e.variables], d.name_scope.name


def module_with_name_scope_decorator(tf, np):
    class C(tf.Module):
        @tf.Module.with_name_scope
        def make(self, n):
            return tf.Variable(float(n), name="k")
    c = C(name="cc")
    return c.make(1).name, C.make.__name__


def module_tf_function_creates_variables(tf, np):
    class Lazy(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = None

        @tf.function
        def __call__(self, x):
            if self.w is None:
                self.w = tf.Variable(tf.fill([x.shape[-1]], 2.0), name="w")
            return tf.reduce_sum(self.w * x)
    m = Lazy()
    return m(tf.ones([3])), m(tf.constant([1.0, 2.0, 3.0])), [v.name for v in m.variables]


def name_scope_variable_names(tf, np):
    out = []
    with tf.name_scope("a") as s:
        out.append((s, tf.Variable(1.0).name))
        with tf.name_scope("b") as s2:
            out.append((s2, tf.Variable(1.0, name="x").name))
            with tf.name_scope("/c/") as s3:
                out.append((s3, tf.Variable(1.0).name))
            with tf.name_scope("") as s4:
                out.append((s4, tf.Variable(1.0).name))
        out.append(tf.Variable(1.0, name="p/q").name)
    out.append(tf.Variable(1.0).name)
    return out


@snippet(raises="ValueError", msg_prefix=True)
def name_scope_not_a_string(tf, np):
    tf.name_scope(None)


def init_scope_inside_function(tf, np):
    seen = []

    @tf.function
    def f(x):
        with tf.init_scope():
            seen.append(tf.executing_eagerly())
        seen.append(tf.executing_eagerly())
        return x * 2.0
    return f(tf.constant(3.0)), seen[:2]


def init_scope_pauses_tape(tf, np):
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = w * w
        with tf.init_scope():
            z = w * 3.0
        y = y + z
    return tape.gradient(y, w)


SNIPPETS = harness.collect(__name__)

try:
    other = harness.import_other()
except ImportError as e:  # eagerflow not importable yet
    pytest.skip(f"eagerflow not importable: {e}", allow_module_level=True)


@pytest.mark.parametrize("snip", SNIPPETS, ids=[s.name for s in SNIPPETS])
def test_module_conformance(snip):
    harness.check(snip, tf, other)
