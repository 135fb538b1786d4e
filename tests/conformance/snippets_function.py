"""tf.function conformance snippets: trace counts, Python side effects once per trace, tf.print on
every call, return types, symbolic tensor printing, retracing rules, concrete functions and TF's
error classes for leaked tensors, variable creation and wrong signatures.

Each public function ``name(tf, np)`` is one test (see harness.py).
"""
import sys

from .harness import snippet


def fn_traces_once_per_dtype_and_shape(tf, np):
    @tf.function
    def f(x):
        return x * 2
    f(tf.constant(1)), f(tf.constant(2)), f(tf.constant(1.5)), f(tf.constant([1, 2]))
    return f.experimental_get_tracing_count()


def fn_python_print_once_per_trace(tf, np):
    @tf.function
    def f(x):
        print("tracing", x.dtype.name)
        return x + 1
    return [f(tf.constant(1.0)), f(tf.constant(2.0)), f(tf.constant(3))]


def fn_tf_print_every_call(tf, np):
    @tf.function
    def f(x):
        tf.print("x =", x, output_stream=sys.stdout)
        return x
    f(tf.constant([1.0, 2.5])), f(tf.constant([3.0, 4.0]))
    return f.experimental_get_tracing_count()


def fn_tf_print_structures(tf, np):
    @tf.function
    def f(x):
        tf.print({"a": x, "b": [x * 2, 3]}, (x,), output_stream=sys.stdout)
        return x
    f(tf.constant(1))
    return None


def fn_tf_print_sep_end(tf, np):
    @tf.function
    def f(x, y):
        tf.print(x, y, sep="|", end="!\n", output_stream=sys.stdout)
        return x
    f(tf.constant([[1, 2], [3, 4]]), tf.constant(True))
    return None


def fn_python_value_retrace(tf, np):
    @tf.function
    def f(x, n):
        return x * n
    x = tf.constant(2.0)
    out = [f(x, 2), f(x, 2), f(x, 3), f(x, 2.5)]
    return out + [f.experimental_get_tracing_count()]


def fn_keyword_and_positional_same_trace(tf, np):
    @tf.function
    def f(x, y=1.0):
        return x + y
    x = tf.constant(1.0)
    out = [f(x), f(x, 1.0), f(x, y=1.0), f(x=x)]
    return out + [f.experimental_get_tracing_count()]


def fn_nested_structure_retrace(tf, np):
    @tf.function
    def f(d):
        return d["a"] + d["b"][0]
    a = f({"a": tf.constant(1.0), "b": [tf.constant(2.0)]})
    b = f({"a": tf.constant(3.0), "b": [tf.constant(4.0)]})
    c = f({"a": tf.constant([1.0]), "b": [tf.constant(4.0)]})
    return [a, b, c, f.experimental_get_tracing_count()]


def fn_returns_python_numbers_as_tensors(tf, np):
    @tf.function
    def f(x):
        return 1, 2.5, True, "s"
    return f(tf.constant(1))


def fn_returns_structure(tf, np):
    @tf.function
    def f(x):
        return {"a": x, "b": [x * 2.0, None]}, (x + 1.0,)
    return f(tf.constant([1.0, 2.0]))


def fn_returns_none(tf, np):
    @tf.function
    def f(x):
        x + 1
    return f(tf.constant(1))


def fn_returns_input(tf, np):
    @tf.function
    def f(x):
        return x
    return f(tf.constant([1, 2]))


def fn_returns_captured_constant(tf, np):
    c = tf.constant([1.0, 2.0])

    @tf.function
    def f():
        return c
    return [f(), f()]


def fn_returns_variable_value(tf, np):
    v = tf.Variable([1.0, 2.0])

    @tf.function
    def f():
        return v
    out = f()
    v.assign([3.0, 4.0])
    return [out, f()]


def fn_symbolic_str(tf, np):
    seen = []

    @tf.function
    def f(x):
        y = x * x + 1.0
        seen.append(str(y))
        seen.append(repr(y))
        seen.append(str(x))
        return y
    f(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    return seen


def fn_symbolic_names(tf, np):
    seen = []

    @tf.function
    def f(x, y):
        for t in (x * y, tf.multiply(x, y), x * y, x - y, x / y, tf.exp(x), tf.exp(x, name="e"),
                  tf.nn.relu(x), tf.matmul(tf.reshape(x, [1, 2]), tf.reshape(y, [2, 1]))):
            seen.append(t.name)
        return x
    f(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))
    return seen


def fn_symbolic_shape_dtype(tf, np):
    seen = []

    @tf.function
    def f(x):
        y = tf.cast(x, tf.int32)
        seen.extend([y.shape, y.dtype, tf.reduce_sum(x, axis=0).shape, isinstance(x, tf.Tensor)])
        return y
    f(tf.constant([[1.5, 2.5]]))
    return seen


def fn_executing_eagerly_inside(tf, np):
    seen = []

    @tf.function
    def f(x):
        seen.append(tf.executing_eagerly())
        return x
    f(tf.constant(1))
    return seen + [tf.executing_eagerly()]


@snippet(raises="OperatorNotAllowedInGraphError", msg_prefix="Using a symbolic `tf.Tensor` as a Python `bool` is not allowed")
def fn_bool_of_symbolic_tensor(tf, np):
    @tf.function(autograph=False)
    def f(x):
        if x > 0:
            return x
        return -x
    return f(tf.constant(1.0))


@snippet(raises="AttributeError", msg_regex="'SymbolicTensor' object has no attribute 'numpy'")
def fn_numpy_of_symbolic_tensor(tf, np):
    @tf.function
    def f(x):
        return x.numpy()
    return f(tf.constant(1.0))


@snippet(raises="TypeError", msg_regex="is out of scope and cannot be used here")
def fn_leaked_tensor_used_outside(tf, np):
    leak = []

    @tf.function
    def f(x):
        leak.append(x * 2.0)
        return x
    f(tf.constant(1.0))
    return leak[0] + 1.0


@snippet(raises="TypeError", msg_regex="is out of scope and cannot be used here")
def fn_leaked_tensor_in_tf_op(tf, np):
    leak = []

    @tf.function
    def f(x):
        leak.append(x + 1.0)
        return x
    f(tf.constant(1.0))
    return tf.exp(leak[0])


@snippet(raises="AttributeError")
def fn_leaked_tensor_numpy(tf, np):
    leak = []

    @tf.function
    def f(x):
        leak.append(x + 1.0)
        return x
    f(tf.constant(1.0))
    return leak[0].numpy()


def fn_leaked_tensor_prints_symbolic(tf, np):
    leak = []

    @tf.function
    def f(x):
        leak.append(x + 1.0)
        return x
    f(tf.constant([1.0]))
    return [repr(leak[0]), str(leak[0])]


def fn_variable_created_on_first_call_only(tf, np):
    state = {}

    @tf.function
    def f(x):
        print("trace")
        if "v" not in state:
            state["v"] = tf.Variable(x)
        return state["v"] + x
    a = f(tf.constant(1.0))
    n = f.experimental_get_tracing_count()
    return [a, n, f(tf.constant(2.0)), f.experimental_get_tracing_count()]


@snippet(raises="ValueError", msg_regex="tf.function only supports singleton tf.Variables created on the first call")
def fn_variable_created_every_call(tf, np):
    @tf.function
    def f(x):
        v = tf.Variable(x)
        return v + 1.0
    return f(tf.constant(1.0))


def fn_captured_variable_updates(tf, np):
    v = tf.Variable(1.0)

    @tf.function
    def step(x):
        v.assign_add(x)
        return v * 2.0
    return [step(tf.constant(1.0)), step(tf.constant(2.0)), v]


def fn_variable_assign_then_read(tf, np):
    v = tf.Variable([1.0, 2.0])

    @tf.function
    def f(x):
        v.assign(x)
        a = v.read_value()
        v.assign_sub([1.0, 1.0])
        return a, v.read_value()
    return [f(tf.constant([5.0, 6.0])), v]


def fn_input_signature_none_dim(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x * 2.0
    out = [f(tf.constant([1.0])), f(tf.constant([1.0, 2.0, 3.0])), f([4.0, 5.0])]
    return out + [f.experimental_get_tracing_count()]


@snippet(raises="TypeError", msg_prefix="Binding inputs to tf.function failed due to `Can not cast TensorSpec(shape=(2,), dtype=tf.int32, name=None)")
def fn_input_signature_wrong_dtype(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x
    return f(tf.constant([1, 2]))


@snippet(raises="TypeError", msg_prefix="Binding inputs to tf.function failed due to `Can not cast TensorSpec(shape=(1, 1)")
def fn_input_signature_wrong_rank(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x
    return f(tf.constant([[1.0]]))


@snippet(raises="TypeError", msg_prefix="Binding inputs to tf.function failed due to `too many positional arguments`")
def fn_input_signature_too_many(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x
    return f(1.0, 2.0)


def fn_reduce_retracing(tf, np):
    @tf.function(reduce_retracing=True)
    def f(x):
        return x + 1
    out = [f(tf.constant([1.0] * n)) for n in (1, 2, 3, 4)]
    return out + [f.experimental_get_tracing_count()]


def fn_shape_retrace_without_reduce(tf, np):
    @tf.function
    def f(x):
        return x + 1
    for n in (1, 2, 3):
        f(tf.constant([1.0] * n))
    return f.experimental_get_tracing_count()


def fn_concrete_function_text(tf, np):
    @tf.function
    def f(x):
        return x * x + 1.0
    cf = f.get_concrete_function(tf.TensorSpec([None, 2], tf.float32))
    return [str(cf), cf.pretty_printed_signature(), str(cf.function_type),
            str(cf.structured_outputs), repr(cf.structured_input_signature)]


def fn_concrete_function_call(tf, np):
    @tf.function
    def f(x):
        return x * 2.0
    cf = f.get_concrete_function(tf.TensorSpec([None], tf.float32))
    return [cf(tf.constant([1.0, 2.0])), f.experimental_get_tracing_count()]


@snippet(raises="InvalidArgumentError", msg_regex="input #0\\(zero-based\\) was expected to be a float tensor but is a int32 tensor")
def fn_concrete_function_wrong_dtype(tf, np):
    @tf.function
    def f(x):
        return x * 2.0
    cf = f.get_concrete_function(tf.TensorSpec([None], tf.float32))
    return cf(tf.constant([1, 2]))


def fn_concrete_graph_operations(tf, np):
    @tf.function
    def f(x):
        return tf.exp(x * 2.0) + 1.0
    cf = f.get_concrete_function(tf.constant([1.0]))
    return [(op.name, op.type) for op in cf.graph.get_operations()]


def fn_pretty_printed_concrete_signatures(tf, np):
    @tf.function
    def f(x):
        return x + 1
    f(tf.constant(1)), f(tf.constant([1.0, 2.0]))
    return f.pretty_printed_concrete_signatures()


def fn_run_functions_eagerly(tf, np):
    tf.config.run_functions_eagerly(True)
    try:
        @tf.function
        def f(x):
            print("python", tf.executing_eagerly())
            return x + 1
        out = [f(tf.constant(1)), f(tf.constant(2))]
    finally:
        tf.config.run_functions_eagerly(False)
    return out + [tf.config.functions_run_eagerly()]


def fn_method(tf, np):
    class M:
        def __init__(self):
            self.v = tf.Variable(2.0)

        @tf.function
        def __call__(self, x):
            return x * self.v

    a, b = M(), M()
    b.v.assign(3.0)
    return [a(tf.constant(1.0)), b(tf.constant(1.0)), a(tf.constant(2.0))]


def fn_gradient_inside(tf, np):
    w = tf.Variable([1.0, 2.0])

    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(w * w * x)
        return tape.gradient(y, w)
    return [f(tf.constant(3.0)), f(tf.constant(4.0))]


def fn_gradient_through_call(tf, np):
    @tf.function
    def f(x):
        return tf.reduce_sum(tf.exp(x) * x)
    x = tf.constant([0.5, 1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return [y, tape.gradient(y, x)]


def fn_sgd_step(tf, np):
    w = tf.Variable([[0.5], [-0.5]])
    b = tf.Variable([0.1])

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((tf.matmul(x, w) + b - y) ** 2)
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.1 * gw)
        b.assign_sub(0.1 * gb)
        return loss
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    y = tf.constant([[1.0], [2.0]])
    losses = [step(x, y) for _ in range(3)]
    return losses + [w, b, step.experimental_get_tracing_count()]


def fn_nested_function(tf, np):
    @tf.function
    def inner(x):
        return x * 3.0

    @tf.function
    def outer(x):
        return inner(x) + 1.0
    return [outer(tf.constant(1.0)), outer(tf.constant(2.0))]


def fn_numpy_argument(tf, np):
    @tf.function
    def f(x):
        return x * 2
    return [f(np.array([1.0, 2.0])), f(np.array([3.0, 4.0])), f.experimental_get_tracing_count()]


def fn_random_fresh_each_call(tf, np):
    @tf.function
    def f():
        return tf.random.uniform([3])
    a, b = f(), f()
    return [bool(np.any(a.numpy() != b.numpy())), f.experimental_get_tracing_count()]


def fn_error_at_run_time(tf, np):
    @tf.function
    def f(x, y):
        return x + y
    f(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))
    try:
        f(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]))
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return "no error"


def fn_tensor_spec(tf, np):
    s = tf.TensorSpec([None, 2], tf.int32, name="x")
    return [repr(s), s.shape, s.dtype, s.name, s == tf.TensorSpec([None, 2], tf.int32, "x"),
            tf.TensorSpec([2]).is_compatible_with(tf.constant([1.0, 2.0])),
            repr(tf.TensorSpec.from_tensor(tf.constant(1)))]


def fn_do_not_convert(tf, np):
    @tf.function
    @tf.autograph.experimental.do_not_convert
    def f(x):
        return x + 1
    return f(tf.constant(1))
