"""tf.function: tracing, the trace cache, graphs, generated code, errors, gradients."""
import logging

import numpy as np
import pytest

import eagerflow as tf
from eagerflow.engine.primitive import STATE


def test_traces_once_per_signature_and_executing_eagerly_is_false_while_tracing():
    seen = []

    @tf.function
    def f(x):
        seen.append(tf.executing_eagerly())
        return x * 2

    assert int(f(tf.constant(1))) == 2
    assert int(f(tf.constant(5))) == 10          # same signature: the graph runs
    assert float(f(tf.constant(1.5))) == 3.0     # new dtype: a new trace
    assert f(tf.constant([1, 2])).numpy().tolist() == [2, 4]  # new shape: a new trace
    assert f.experimental_get_tracing_count() == 3
    assert seen == [False, False, False]
    assert tf.executing_eagerly()


def test_python_arguments_retrace_per_value_and_call_forms():
    g = tf.function(lambda x: x + 1)
    g(1), g(1), g(2)
    assert g.experimental_get_tracing_count() == 2
    h = tf.function()(lambda x: x)
    assert int(h(tf.constant(3))) == 3


def test_variables_and_gradients_flow_through_a_function():
    v = tf.Variable(2.0)

    @tf.function
    def step():
        v.assign_add(1.0)
        return v * v

    with tf.GradientTape() as tape:
        y = step()
    assert float(y) == 9.0
    assert float(tape.gradient(y, v)) == 6.0


def test_run_functions_eagerly_and_devices():
    tf.config.run_functions_eagerly(True)
    try:
        assert tf.config.functions_run_eagerly()

        @tf.function
        def f():
            return tf.executing_eagerly()
        assert f()
    finally:
        tf.config.run_functions_eagerly(False)
    assert tf.config.list_physical_devices("GPU") == []
    assert tf.config.list_physical_devices("CPU")[0].device_type == "CPU"


def test_graph_prints_as_code_and_passes_fold_cse_prune():
    @tf.function
    def f(x):
        unused = tf.exp(x)  # noqa: F841  (pruned)
        a = x * 2.0
        b = x * 2.0          # a common subexpression
        c = tf.constant(3.0) * 4.0  # folded
        return a + b + c

    cf = f.get_concrete_function(tf.TensorSpec([None], tf.float32))
    code = cf.graph.code
    assert code.startswith("def f(x: f32[?]):") and "Exp(x)" in code
    np.testing.assert_allclose(cf(tf.constant([1.0, 2.0])).numpy(), [16.0, 20.0])
    assert "_Exp" not in cf.source and cf.source.count("= _Mul") == 1
    assert [op.type for op in cf.graph.get_operations()][0] == "Placeholder"


def test_stateful_ops_are_not_run_while_tracing():
    v = tf.Variable(1.0)

    @tf.function
    def f():
        v.assign_add(1.0)
        return tf.random.uniform([2])

    tf.random.set_seed(1)
    first_eager = tf.random.uniform([2]).numpy()
    tf.random.set_seed(1)
    cf = f.get_concrete_function()
    assert float(v) == 1.0                      # tracing did not write
    # nor draw from the eager stream (a traced op has its own stream, as in TF)
    np.testing.assert_array_equal(tf.random.uniform([2]).numpy(), first_eager)
    tf.random.set_seed(1)
    a = f().numpy()
    tf.random.set_seed(1)
    np.testing.assert_array_equal(f().numpy(), a)  # set_seed restarts the graph's stream too
    assert float(v) == 3.0
    assert cf.graph.get_operations()[0].type == "Const"


def test_leaked_tensor_raises_out_of_scope():
    leak = []

    @tf.function
    def f(x):
        leak.append(x + 1.0)
        return x

    f(tf.constant(1.0))
    with pytest.raises(TypeError, match="out of scope"):
        leak[0] * 2.0
    assert repr(leak[0]) == "<tf.Tensor 'add:0' shape=() dtype=float32>"


def test_retracing_warning_names_the_changed_argument(caplog):
    @tf.function
    def f(x):
        return x + 1

    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for n in range(1, 8):
            f(tf.constant([1.0] * n))
    msgs = [r.getMessage() for r in caplog.records if "retracing" in r.getMessage()]
    assert msgs and msgs[0].startswith("5 out of the last 5 calls to")
    assert "argument 'x' changed shape (5,) -> (6,)" in msgs[0]


def test_runtime_errors_are_tf_errors():
    @tf.function
    def f(x, y):
        return tf.matmul(x, y)

    f(tf.ones([2, 3]), tf.ones([3, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        f.get_concrete_function(tf.TensorSpec([None, 3]), tf.TensorSpec([None, 2]))(
            tf.ones([2, 3]), tf.ones([4, 2]))


def test_fast_path_generated_code_needs_no_listener():
    @tf.function
    def f(x):
        return x * x + 1.0

    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    f(x)
    assert STATE.n == 0 and STATE.g == 0
    np.testing.assert_allclose(f(x).numpy(), [[2.0, 5.0], [10.0, 17.0]])
    with tf.GradientTape() as tape:  # with a tape the plan replays through the primitives
        tape.watch(x)
        y = f(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 2 * x.numpy())


def test_in_place_reuse_never_touches_inputs_variables_or_outputs():
    v = tf.Variable(np.ones((2, 2), np.float32))

    @tf.function
    def f(x):
        a = tf.matmul(x, v) + 1.0
        v.assign(a)
        return a * 2.0, a

    x = tf.constant(np.eye(2, dtype=np.float32))
    x0 = x.numpy().copy()
    d, a = f(x)
    np.testing.assert_array_equal(x.numpy(), x0)
    np.testing.assert_array_equal(v.numpy(), a.numpy())
    np.testing.assert_array_equal(d.numpy(), 2 * a.numpy())
