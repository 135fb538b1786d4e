"""Conformance snippets for the structure and mapping utilities: tf.nest, tf.map_fn / scan / foldl
/ foldr / vectorized_map (eager and in tf.function, gradients), tf.py_function / numpy_function,
tf.Assert, tf.ensure_shape, tf.identity_n, tf.debugging's assertions and tf.types.experimental.
Each ``name(tf, np)`` is one test (see harness.py)."""
import collections

from .harness import snippet

IAE = "InvalidArgumentError"
P = collections.namedtuple("P", "a b")
Q = collections.namedtuple("Q", "a b")


# ---------------------------------------------------------------- tf.nest

def nest_flatten_orders(tf, np):
    return [tf.nest.flatten(None), tf.nest.flatten({"b": 1, "a": [2, (3, 4)], "c": P(5, 6)}),
            tf.nest.flatten(collections.OrderedDict([("b", 1), ("a", 2)])),
            tf.nest.flatten("abc"), tf.nest.flatten({"a": {"c": 1, "b": 2}}),
            tf.nest.flatten([{}, [], ()]), tf.nest.flatten({"a": 1, "b": 2}.items())]


def nest_flatten_leaves(tf, np):
    return [repr(tf.nest.flatten({1, 2})), tf.nest.flatten(np.array([1, 2])),
            tf.nest.flatten([tf.constant(1.0), tf.Variable(2.0)])]


@snippet(raises="TypeError", msg_prefix="'<' not supported")
def nest_flatten_mixed_keys(tf, np):
    return tf.nest.flatten({1: "x", "a": 2})


def nest_flatten_ragged_composites(tf, np):
    rt = tf.ragged.constant([[1], [2, 3]])
    return [tf.nest.flatten(rt, expand_composites=True), str(tf.nest.flatten(rt)[0])]


def nest_is_nested(tf, np):
    return [tf.nest.is_nested(x) for x in ([], (), {}, P(1, 2), "a", {1, 2}, tf.constant(1),
                                           {}.items(), None, 3)]


def nest_pack_sequence_as(tf, np):
    return [tf.nest.pack_sequence_as([1, (2, 3)], [4, 5, 6]),
            repr(tf.nest.pack_sequence_as({"b": 0, "a": 0}, [1, 2])),
            repr(tf.nest.pack_sequence_as(P(0, 0), [1, 2])),
            tf.nest.pack_sequence_as(1, [4]), tf.nest.pack_sequence_as([], []),
            repr(tf.nest.pack_sequence_as([{}, [1], ()], [5])),
            tf.nest.pack_sequence_as("ab", [1])]


@snippet(raises="ValueError", msg_prefix=True)
def nest_pack_count_mismatch(tf, np):
    return tf.nest.pack_sequence_as([1, (2, 3)], [4, 5])


@snippet(raises="ValueError", msg_prefix=True)
def nest_pack_scalar_structure(tf, np):
    return tf.nest.pack_sequence_as(1, [4, 5])


@snippet(raises="TypeError", msg_prefix="Attempted to pack value:\n  4\ninto a structure")
def nest_pack_not_a_sequence(tf, np):
    return tf.nest.pack_sequence_as([1], 4)


def nest_assert_same_structure_ok(tf, np):
    return [tf.nest.assert_same_structure([1, 2], [3, 4]),
            tf.nest.assert_same_structure([1, 2], (3, 4), check_types=False),
            tf.nest.assert_same_structure({"a": 1}, collections.OrderedDict(a=1)),
            tf.nest.assert_same_structure(tf.constant(1), 3),
            tf.nest.assert_same_structure({"a": 1}, {"b": 1}, check_types=False)]


def _message(tf, fn):
    try:
        fn()
    except (TypeError, ValueError) as e:
        return [type(e).__name__, str(e)]
    return None


def nest_assert_same_structure_messages(tf, np):
    s = tf.nest.assert_same_structure
    return [_message(tf, lambda: s([1, 2], (3, 4))),
            _message(tf, lambda: s([1, 2], [3, [4]])),
            _message(tf, lambda: s([1, 2], [3])),
            _message(tf, lambda: s({"a": 1}, {"b": 1})),
            _message(tf, lambda: s(P(1, 2), Q(1, 2))),
            _message(tf, lambda: s(1, [1])),
            _message(tf, lambda: s([[1, 2], 3], [[1], [4]])),
            _message(tf, lambda: s({"a": 1}, {"a": 1, "b": 2}))]


def nest_assert_same_structure_tensors_message(tf, np):
    return _message(tf, lambda: tf.nest.assert_same_structure(
        [tf.constant([1, 2])], [[tf.constant(1.5)]]))


def nest_map_structure(tf, np):
    return [tf.nest.map_structure(lambda x, y: x + y, [1, (2, 3)], [4, (5, 6)]),
            tf.nest.map_structure(lambda x, y: x + y, [1, (2, 3)], [4, [5, 6]],
                                  check_types=False),
            repr(tf.nest.map_structure(lambda x: x * 2, {"b": 1, "a": 2})),
            repr(tf.nest.map_structure(lambda x: x * 2, P(1, 2))),
            repr(tf.nest.map_structure(lambda x: x * 2, collections.defaultdict(int, b=1, a=2))),
            tf.nest.map_structure(lambda x: x, None),
            tf.nest.map_structure(lambda x: None, [1, 2])]


def nest_map_structure_tensors(tf, np):
    return str(tf.nest.map_structure(lambda x: x * 2, [tf.constant(1.0),
                                                       {"k": tf.constant([1, 2])}]))


def nest_map_structure_ragged(tf, np):
    return str(tf.nest.map_structure(lambda x: x * 2, tf.ragged.constant([[1], [2, 3]]),
                                     expand_composites=True))


@snippet(raises="ValueError", msg_prefix="Must provide at least one structure")
def nest_map_structure_no_structure(tf, np):
    return tf.nest.map_structure(lambda x: x)


@snippet(raises="ValueError", msg_prefix=True)
def nest_map_structure_bad_kwarg(tf, np):
    return tf.nest.map_structure(lambda x: x, [1], foo=1)


@snippet(raises="TypeError", msg_prefix=True)
def nest_map_structure_type_mismatch(tf, np):
    return tf.nest.map_structure(lambda x, y: x + y, [1, (2, 3)], [4, [5, 6]])


# ---------------------------------------------------------------- map_fn and friends

def map_fn_basic(tf, np):
    x = tf.constant([1, 2, 3])
    return [tf.map_fn(lambda v: v * 2, x),
            tf.map_fn(lambda v: tf.cast(v, tf.float32) / 2, x, fn_output_signature=tf.float32),
            tf.map_fn(lambda v: tf.cast(v, tf.float32), x, dtype=tf.float32),
            tf.map_fn(lambda v: v[0] + v[1], (x, x), fn_output_signature=tf.int32),
            tf.map_fn(lambda v: v["a"] * v["b"], {"a": x, "b": x}, fn_output_signature=tf.int32)]


def map_fn_nested_outputs(tf, np):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return [tf.map_fn(lambda v: (v, tf.reduce_sum(v)), x,
                      fn_output_signature=(tf.float32, tf.float32)),
            tf.map_fn(lambda v: {"s": tf.reduce_sum(v[0]), "m": v[1]}, (x, x),
                      fn_output_signature={"s": tf.float32, "m": tf.float32})]


def map_fn_tensor_spec_and_empty(tf, np):
    x = tf.constant([1, 2, 3])
    return [tf.map_fn(lambda v: v * 2, x, fn_output_signature=tf.TensorSpec([], tf.int32)),
            tf.map_fn(lambda v: v, tf.zeros([0, 2])),
            tf.map_fn(lambda v: v, np.array([[1.0, 2.0]]))]


def map_fn_ragged(tf, np):
    x = tf.constant([1, 2, 3])
    return [str(tf.map_fn(lambda v: tf.range(v), x,
                          fn_output_signature=tf.RaggedTensorSpec(shape=[None], dtype=tf.int32))),
            tf.map_fn(lambda v: tf.reduce_sum(v), tf.ragged.constant([[1, 2], [3]]),
                      fn_output_signature=tf.int32)]


@snippet(raises=IAE, msg_prefix="TensorArray dtype is int32 but Op is trying to write dtype")
def map_fn_dtype_mismatch(tf, np):
    return tf.map_fn(lambda v: tf.cast(v, tf.float32), tf.constant([1, 2, 3]))


@snippet(raises="ValueError", msg_prefix=True)
def map_fn_structure_mismatch(tf, np):
    return tf.map_fn(lambda v: (v, v * 2), tf.constant([1, 2, 3]))


@snippet(raises="ValueError", msg_prefix="Elements in elems must be 1+ dimensional Tensors")
def map_fn_scalar_elems(tf, np):
    return tf.map_fn(lambda v: v, tf.constant(1))


@snippet(raises="ValueError", msg_prefix="elems must be a Tensor or (possibly nested) sequence")
def map_fn_empty_elems(tf, np):
    return tf.map_fn(lambda v: v, [])


@snippet(raises="ValueError", msg_prefix="Dimensions 3 and 2 are not compatible")
def map_fn_first_dims_differ(tf, np):
    return tf.map_fn(lambda v: v, (tf.constant([1, 2, 3]), tf.constant([1, 2])))


@snippet(raises="ValueError", msg_prefix="Incompatible shape for value ((2,)), expected ((1,))")
def map_fn_varying_shapes(tf, np):
    return tf.map_fn(lambda v: tf.fill([v], v), tf.constant([1, 2, 3]))


def map_fn_in_function(tf, np):
    @tf.function
    def f(x):
        y = tf.map_fn(lambda v: v * v, x)
        print(y.shape, y.dtype.name)
        return y
    return [f(tf.constant([1.0, 2.0, 3.0])), f(tf.constant([4.0, 5.0, 6.0]))]


def map_fn_in_function_unknown_rows(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def g(x):
        y = tf.map_fn(lambda v: tf.reduce_sum(v * v), x)
        z = tf.map_fn(lambda v: (v[0], tf.cast(v[1], tf.int32)), (x, x),
                      fn_output_signature=(tf.float32, tf.int32))
        print(y.shape, z[1].shape)
        return y, z
    return [g(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])), g(tf.ones([1, 2]))]


def map_fn_gradients(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        y = tf.map_fn(lambda v: v * v * v, x)
        z = tf.reduce_sum(tf.map_fn(lambda v: tf.stack([v, 2 * v]), x) ** 2)
    return [t.gradient(y, x), t.gradient(z, x)]


def map_fn_gradients_in_function(tf, np):
    v = tf.Variable([1.0, 2.0])

    @tf.function
    def m(x):
        return tf.map_fn(lambda e: e * v * e, x)
    x = tf.constant([[1.0, 1.0], [2.0, 3.0]])
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        y = m(x)
    return [y, t.gradient(y, v), t.gradient(y, x)]


def map_fn_gradient_inside_function(tf, np):
    @tf.function
    def g(x):
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.map_fn(lambda v: tf.square(v) + v, x)
        return t.gradient(y, x)
    return g(tf.constant([1.0, -2.0, 0.5]))


def scan_and_folds(tf, np):
    x = tf.constant([1, 2, 3])
    return [tf.scan(lambda a, v: a + v, x), tf.scan(lambda a, v: a + v, x, initializer=10),
            tf.scan(lambda a, v: a + v, x, reverse=True),
            tf.scan(lambda a, v: (a[0] + v, a[1] * v), x, initializer=(0, 1)),
            tf.foldl(lambda a, v: a + v, x), tf.foldr(lambda a, v: a * 10 + v, x),
            tf.foldl(lambda a, v: a * 10 + v, x, initializer=5)]


def scan_vectors(tf, np):
    return tf.scan(lambda a, v: a + v, tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                   initializer=tf.constant([0.0, 0.0]))


@snippet(raises="OutOfRangeError", msg_prefix="Tried to read from index 0 but array size is: 0")
def scan_empty_without_initializer(tf, np):
    return tf.scan(lambda a, v: a + v, tf.constant([], tf.int32))


def scan_folds_in_function_with_gradients(tf, np):
    @tf.function
    def h(x):
        return (tf.scan(lambda a, v: a * v, x), tf.foldl(lambda a, v: a + v * v, x),
                tf.foldr(lambda a, v: a - v, x, initializer=0.0))
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        s, l, r = h(x)
    return [s, l, r, t.gradient(s, x), t.gradient(l, x), t.gradient(r, x)]


def vectorized_map_values(tf, np):
    @tf.function
    def k(x):
        return tf.vectorized_map(lambda v: tf.cast(v, tf.int32) * 2, x)
    return [tf.vectorized_map(lambda v: v * 2, tf.constant([1, 2, 3])),
            tf.vectorized_map(lambda v: tf.reduce_sum(v), tf.ones([2, 3])),
            k(tf.constant([1.5, 2.5]))]


# ---------------------------------------------------------------- py_function / numpy_function

def py_function_eager(tf, np):
    x = tf.constant([1.0, 2.0])
    return [tf.py_function(lambda a: a * 2, [x], tf.float32),
            tf.py_function(lambda a: a * 2, [x], [tf.float32]),
            tf.py_function(lambda a: (a * 2, a), [x], [tf.float32, tf.float32]),
            tf.py_function(lambda a: 3, [x], tf.float32),
            tf.py_function(lambda a: None, [x], []),
            tf.py_function(lambda a, b: a + b, [x, 1.0], tf.float32),
            tf.py_function(lambda a: a.numpy().tolist(), [x], tf.float32),
            tf.py_function(func=lambda: tf.constant(5), inp=[], Tout=tf.int32)]


@snippet(raises="TypeError", msg_prefix="Missing required argument: 'Tout'")
def py_function_without_tout(tf, np):
    return tf.py_function(lambda a: None, [tf.constant(1.0)], None)


@snippet(raises=IAE, msg_regex="ValueError: Tensor conversion requested dtype float32 for Tensor "
                               "with dtype int32")
def py_function_wrong_dtype(tf, np):
    return tf.py_function(lambda a: tf.cast(a, tf.int32), [tf.constant([1.0])], tf.float32)


@snippet(raises="UnknownError", msg_regex="ZeroDivisionError: division by zero")
def py_function_python_error(tf, np):
    return tf.py_function(lambda a: 1 / 0, [tf.constant(1.0)], tf.float32)


def py_function_decorator_in_function(tf, np):
    @tf.py_function(Tout=tf.float32)
    def py_plus(x, y):
        print("Executing eagerly.")
        return x + y

    @tf.function
    def tf_wrapper(x, y):
        print("Tracing.")
        return py_plus(x, y)
    return [tf_wrapper(tf.constant(1.0), tf.constant(2.0)).numpy(),
            tf_wrapper(tf.constant(1.0), tf.constant(2.0)).numpy()]


def py_function_graph_shapes(tf, np):
    @tf.function
    def f(a):
        y = tf.py_function(lambda v: v * 3, [a], tf.float32)
        z = tf.numpy_function(lambda v: v + 1, [a], tf.float32)
        w = tf.py_function(lambda v: v * 3, [a], tf.TensorSpec([2], tf.float32))
        print(y.shape, z.shape, w.shape)
        y.set_shape([2])
        print(y.shape)
        return y, z, w, tf.py_function(lambda v: v.numpy().shape[0] * 1.0, [a], tf.float32)
    return f(tf.constant([1.0, 2.0]))


def py_function_gradients(tf, np):
    x = tf.constant([1.0, 2.0])

    @tf.function
    def f(a):
        return tf.py_function(lambda v: v * v * 3, [a], tf.float32)

    @tf.function
    def g(a):
        with tf.GradientTape() as t:
            t.watch(a)
            y = tf.py_function(lambda v: tf.sin(v), [a], tf.float32)
        return t.gradient(y, a)
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        y1 = tf.py_function(lambda v: v * v * 3, [x], tf.float32)
        y2 = tf.reduce_sum(f(x) * x)
        y3 = tf.numpy_function(lambda v: v * 3, [x], tf.float32)
    return [t.gradient(y1, x), t.gradient(y2, x), t.gradient(y3, x), g(x)]


def numpy_function_eager(tf, np):
    x = tf.constant([1.0, 2.0])
    return [tf.numpy_function(lambda a: a * 2, [x], tf.float32),
            tf.numpy_function(lambda a: type(a).__name__, [x], tf.string),
            tf.numpy_function(lambda a: a.astype(np.float64), [x], tf.float32),
            tf.numpy_function(lambda a: 3, [x], tf.int64),
            tf.numpy_function(lambda a: (a, a), [x], (tf.float32, tf.float32))]


@snippet(raises="ZeroDivisionError")
def numpy_function_eager_error(tf, np):
    return tf.numpy_function(lambda a: 1 / 0, [tf.constant(1.0)], tf.float32)


# ---------------------------------------------------------------- checks

def ensure_shape_ok(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])

    @tf.function
    def h(x):
        y = tf.ensure_shape(x, [None, 2])
        print(y.shape)
        return y
    return [tf.ensure_shape(x, [3]), tf.ensure_shape(x, [None]), h(tf.ones([3, 2]))]


@snippet(raises=IAE, msg_prefix="Shape of tensor input [3] is not compatible with expected "
                                "shape [3,1].")
def ensure_shape_eager_error(tf, np):
    return tf.ensure_shape(tf.constant([1.0, 2.0, 3.0]), [3, 1])


@snippet(raises="ValueError", msg_regex="Dimension 1 in both shapes must be equal, but are 2 and "
                                        "3. Shapes are \\[\\?,2\\] and \\[3,3\\]")
def ensure_shape_trace_error(tf, np):
    @tf.function
    def h(x):
        return tf.ensure_shape(x, [None, 2])
    return h(tf.ones([3, 3]))


def assert_passes(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])
    return [tf.Assert(True, [x]), tf.Assert(tf.reduce_all(x > 0), [x]),
            tf.debugging.assert_equal(x, x), tf.debugging.assert_near(x, x + 1e-7),
            tf.debugging.assert_less(x, x + 1), tf.debugging.assert_greater(x, x - 1),
            tf.debugging.assert_rank(x, 1), tf.debugging.assert_type(x, tf.float32),
            tf.debugging.assert_non_negative(x), tf.debugging.assert_shapes(
                [(x, ("N",)), (tf.ones([3, 2]), ("N", "D"))]), tf.assert_equal(x, [1.0, 2.0, 3.0])]


@snippet(raises=IAE, msg_prefix=True)
def assert_eager_message(tf, np):
    return tf.Assert(False, [tf.constant([1.0, 2.0, 3.0]), "hello", 3])


@snippet(raises=IAE, msg_prefix=True)
def assert_eager_summarize(tf, np):
    return tf.debugging.Assert(tf.constant(False), ["msg", tf.range(10)], summarize=2)


@snippet(raises=IAE, msg_regex="assertion failed: \\[x<y failed\\] \\[1 2 3\\] \\[1 2 3\\]")
def assert_in_function(tf, np):
    @tf.function
    def f(x, y):
        tf.Assert(tf.reduce_all(x < y), ["x<y failed", x, y])
        return x + 1
    x = tf.constant([1.0, 2.0, 3.0])
    print(f(x, x + 1))
    return f(x, x)


def _failure(tf, fn):
    try:
        fn()
    except (tf.errors.InvalidArgumentError, ValueError, TypeError) as e:
        return [type(e).__name__, str(e)]
    return None


def debugging_assert_messages(tf, np):
    d = tf.debugging
    x = tf.constant([1.0, 2.0, 3.0])
    return [_failure(tf, lambda: d.assert_equal(x, x + 1)),
            _failure(tf, lambda: d.assert_equal(x, x + 1, message="oops", summarize=1)),
            _failure(tf, lambda: d.assert_less(x, x)),
            _failure(tf, lambda: d.assert_greater(x, 2.0)),
            _failure(tf, lambda: d.assert_greater_equal(x, x + 1)),
            _failure(tf, lambda: d.assert_none_equal(x, x)),
            _failure(tf, lambda: d.assert_equal(tf.range(20), tf.range(20) * 0)),
            _failure(tf, lambda: d.assert_equal(1, 2)),
            _failure(tf, lambda: d.assert_equal(tf.constant([[1, 2], [3, 4]]),
                                                tf.constant([[1, 0], [3, 0]])))]


def debugging_sign_messages(tf, np):
    d = tf.debugging
    x = tf.constant([1.0, 2.0, 3.0])
    return [_failure(tf, lambda: d.assert_non_negative(x - 2)),
            _failure(tf, lambda: d.assert_positive(x - 2)),
            _failure(tf, lambda: d.assert_negative(x)),
            _failure(tf, lambda: d.assert_non_positive(x)),
            _failure(tf, lambda: d.assert_non_negative(x - 5, message="m", summarize=1))]


def debugging_assert_near_messages(tf, np):
    d = tf.debugging
    x = tf.constant([1.0, 2.0, 3.0])
    return [_failure(tf, lambda: d.assert_near(x, x + 1)),
            _failure(tf, lambda: d.assert_near(x, x + 1, rtol=0.1, atol=0.1, message="m",
                                               summarize=2)),
            _failure(tf, lambda: d.assert_near(tf.constant([1.0, 2.0], tf.float64),
                                               tf.constant([1.1, 2.0], tf.float64)))]


def debugging_static_messages(tf, np):
    d = tf.debugging
    x = tf.constant([1.0, 2.0])
    return [_failure(tf, lambda: d.assert_rank(x, 2)),
            _failure(tf, lambda: d.assert_rank(x, 2, message="bad")),
            _failure(tf, lambda: d.assert_rank_at_least(x, 3, message="m")),
            _failure(tf, lambda: d.assert_rank_in(x, [2, 3])),
            _failure(tf, lambda: d.assert_type(x, tf.int32)),
            _failure(tf, lambda: d.assert_type(x, tf.int32, message="m")),
            _failure(tf, lambda: d.assert_integer(x)),
            _failure(tf, lambda: d.assert_scalar(x, message="m")),
            _failure(tf, lambda: d.assert_shapes([(x, ("N",)), (tf.ones([3, 3]), ("N", "N"))])),
            _failure(tf, lambda: d.assert_shapes([(x, (3,))], message="m")),
            _failure(tf, lambda: d.assert_shapes([(tf.ones([2, 3, 4]), ("*", 3))])),
            d.assert_shapes([(x, (None,)), (tf.ones([2, 3, 4]), ("*", 4)),
                             (tf.ones([2, 3]), (2, "."))])]


@snippet(raises="ValueError", msg_regex="must have rank 2.  Received rank 1, shape \\(3,\\)")
def debugging_assert_rank_in_function(tf, np):
    @tf.function
    def r(x):
        tf.debugging.assert_rank(x, 2)
        return x
    return r(tf.constant([1.0, 2.0, 3.0]))


@snippet(raises=IAE, msg_regex="assertion failed: \\[neq\\] \\[Condition x == y did not hold "
                               "element-wise:\\] \\[x \\(x:0\\) = \\] \\[1 2 3\\]")
def debugging_assert_equal_in_function(tf, np):
    @tf.function
    def g(x, y):
        tf.debugging.assert_equal(x, y, message="neq")
        return x
    x = tf.constant([1.0, 2.0, 3.0])
    print(g(x, x))
    return g(x, x + 1)


def check_numerics_values(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.debugging.check_numerics(x * x, "m")
        z = tf.ensure_shape(y, [3])
        w = tf.identity_n([z, x])
    return [y, w, t.gradient(w, x), tf.debugging.is_numeric_tensor(x),
            tf.debugging.is_numeric_tensor(tf.constant("a"))]


@snippet(raises=IAE, msg_prefix="m : Tensor had Inf values")
def check_numerics_inf(tf, np):
    return tf.debugging.check_numerics(tf.constant([1.0]) / 0, "m")


@snippet(raises=IAE, msg_prefix="b : Tensor had Inf and NaN values")
def check_numerics_inf_and_nan(tf, np):
    return tf.debugging.check_numerics(tf.constant([float("nan"), float("inf")]), "b")


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list of allowed values")
def check_numerics_int(tf, np):
    return tf.debugging.check_numerics(tf.constant([1]), "m")


@snippet(raises=IAE, msg_regex="bad : Tensor had Inf values")
def check_numerics_in_function(tf, np):
    @tf.function
    def c(x):
        return tf.debugging.check_numerics(x, "bad")
    return c(tf.constant([1.0]) / 0)


# ---------------------------------------------------------------- tf.types.experimental

def types_tracing_protocol(tf, np):
    traces = []

    @tf.function
    def get_mixed_flavor(fruit_a, fruit_b):
        traces.append(1)
        return fruit_a.flavor + fruit_b.flavor

    class FruitTraceType(tf.types.experimental.TraceType):
        def __init__(self, fruit):
            self.fruit_type = type(fruit)
            self.fruit_value = fruit

        def is_subtype_of(self, other):
            return type(other) is FruitTraceType and self.fruit_type is other.fruit_type

        def most_specific_common_supertype(self, others):
            return self if all(self == other for other in others) else None

        def placeholder_value(self, placeholder_context=None):
            return self.fruit_value

        def __eq__(self, other):
            return type(other) is FruitTraceType and self.fruit_type == other.fruit_type

        def __hash__(self):
            return hash(self.fruit_type)

    class FruitWithTraceType:
        def __tf_tracing_type__(self, context):
            return FruitTraceType(self)

    class Apple(FruitWithTraceType):
        flavor = tf.constant([1, 2])

    class Mango(FruitWithTraceType):
        flavor = tf.constant([3, 4])
    out = [get_mixed_flavor(Apple(), Mango()), get_mixed_flavor(Apple(), Mango())]
    return [out, len(traces), isinstance(get_mixed_flavor,
                                         tf.types.experimental.GenericFunction),
            isinstance(get_mixed_flavor.get_concrete_function(Apple(), Mango()),
                       tf.types.experimental.ConcreteFunction)]
