"""tf.function and tf.config: TF's trace cache and executing_eagerly() inside a trace."""
import eagerflow as tf


def test_traces_once_per_signature_and_executing_eagerly_is_false_while_tracing():
    seen = []

    @tf.function
    def f(x):
        seen.append(tf.executing_eagerly())
        return x * 2

    assert int(f(tf.constant(1))) == 2
    assert int(f(tf.constant(5))) == 10          # same signature: no new trace
    assert float(f(tf.constant(1.5))) == 3.0     # new dtype: a new trace
    assert f(tf.constant([1, 2])).numpy().tolist() == [2, 4]  # new shape: a new trace
    assert f.experimental_get_tracing_count() == 3
    assert seen == [False, True, False, False]
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
