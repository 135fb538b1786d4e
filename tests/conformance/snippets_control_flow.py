"""tf.cond / tf.case / tf.switch_case / tf.while_loop conformance snippets: eager and inside
tf.function (autograph=False, so the explicit control-flow ops are what is compared), values,
dtypes, printed graph tensors, trace counts, gradients and TF's error classes.

Each public function ``name(tf, np)`` is one test (see harness.py).
"""
from .harness import snippet


def cf_cond_eager(tf, np):
    x = tf.constant(2.0)
    return [tf.cond(x > 0, lambda: x * 2, lambda: x - 1), tf.cond(x < 0, lambda: x, lambda: -x)]


def cf_cond_eager_python_values(tf, np):
    return [tf.cond(tf.constant(True), lambda: (1, 2), lambda: 3), tf.cond(1, lambda: 1, lambda: 2)]


def cf_cond_in_function(tf, np):
    f = tf.function(lambda x: tf.cond(x > 0, lambda: x * 2, lambda: x - 1), autograph=False)
    return [f(tf.constant(3.0)), f(tf.constant(-3.0)), f.experimental_get_tracing_count()]


def cf_cond_prints_graph_tensor(tf, np):
    out = []

    def g(x):
        y = tf.cond(x > 0, lambda: x * 2, lambda: x - 1)
        out.append(str(y))
        return y
    tf.function(g, autograph=False)(tf.constant(1.0))
    return out


def cf_cond_traces_both_branches(tf, np):
    calls = []

    def g(x):
        return tf.cond(x > 0, lambda: calls.append("t") or x, lambda: calls.append("f") or -x)
    f = tf.function(g, autograph=False)
    f(tf.constant(1.0)), f(tf.constant(-1.0))
    return calls


def cf_cond_structure_in_function(tf, np):
    f = tf.function(lambda x: tf.cond(x > 0, lambda: {"a": x, "b": [x * 2]},
                                      lambda: {"a": -x, "b": [x]}), autograph=False)
    return f(tf.constant(2.0))


@snippet(raises="TypeError", msg_prefix="'true_fn' must be callable.")
def cf_cond_not_callable(tf, np):
    return tf.cond(True, 1, lambda: 2)


@snippet(raises="TypeError", msg_prefix="cond(): 'false_fn' argument required")
def cf_cond_missing_false_fn(tf, np):
    return tf.cond(tf.constant(True), lambda: 1)


@snippet(raises="TypeError", msg_regex="pred must not be a Python bool")
def cf_cond_python_bool_in_function(tf, np):
    return tf.function(lambda x: tf.cond(True, lambda: x, lambda: x), autograph=False)(
        tf.constant(1.0))


@snippet(raises="TypeError", msg_prefix="true_fn and false_fn arguments to tf.cond must have the same number, type, and overall structure of return values.")
def cf_cond_dtype_mismatch_in_function(tf, np):
    return tf.function(lambda x: tf.cond(x > 0, lambda: 1, lambda: 2.0), autograph=False)(
        tf.constant(1.0))


@snippet(raises="ValueError", msg_prefix="The truth value of an array with more than one element")
def cf_cond_vector_pred_eager(tf, np):
    return tf.cond(tf.constant([True, False]), lambda: 1, lambda: 2)


def cf_switch_case(tf, np):
    fns = [lambda: tf.constant(10), lambda: tf.constant(20)]
    f = tf.function(lambda i: tf.switch_case(i, fns, default=lambda: tf.constant(-1)),
                    autograph=False)
    return [tf.switch_case(tf.constant(1), fns), tf.switch_case(tf.constant(7), fns),
            f(tf.constant(0)), f(tf.constant(5)), f(tf.constant(-1))]


@snippet(raises="TypeError", msg_prefix="'branch_index' must be an integer Tensor, got")
def cf_switch_case_float_index(tf, np):
    return tf.switch_case(tf.constant(1.0), [lambda: 10, lambda: 20])


@snippet(raises="ValueError", msg_prefix="branch indices (keys) must form contiguous range of [0 to 2) but found {1,3}")
def cf_switch_case_bad_keys(tf, np):
    return tf.switch_case(tf.constant(3), {3: lambda: 10, 1: lambda: 20})


def cf_case(tf, np):
    def g(x):
        return tf.case([(x < 0, lambda: -x), (x > 5, lambda: x * 10.0)], default=lambda: x)
    f = tf.function(g, autograph=False)
    return [g(tf.constant(-2.0)), g(tf.constant(6.0)), f(tf.constant(3.0)), f(tf.constant(6.0))]


@snippet(raises="InvalidArgumentError")
def cf_case_no_default_none_true(tf, np):
    return tf.case([(tf.constant(False), lambda: 1)])


@snippet(raises="TypeError", msg_prefix="Each entry in 'pred_fn_pairs' must be a 2-tuple. Received 1.")
def cf_case_bad_pair(tf, np):
    return tf.case([1], default=lambda: 3)


def cf_while_eager(tf, np):
    return tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), (0, tf.constant(0)))


def cf_while_in_function_data_dependent(tf, np):
    f = tf.function(lambda n: tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s * 2.0),
                                            (0, 1.0)), autograph=False)
    return [f(tf.constant(3)), f(tf.constant(10)), f.experimental_get_tracing_count()]


def cf_while_prints_graph_tensors(tf, np):
    out = []

    def g(x):
        i, s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + x), (0, x))
        out.append([str(i), str(s)])
        return s
    tf.function(g, autograph=False)(tf.constant(1.0))
    return out


def cf_while_maximum_iterations_in_function(tf, np):
    f = tf.function(lambda x: tf.while_loop(lambda i: i < 30, lambda i: i + 1, [x],
                                            maximum_iterations=5), autograph=False)
    return f(tf.constant(1.0))


def cf_while_shape_invariants(tf, np):
    f = tf.function(lambda x: tf.while_loop(lambda v: tf.size(v) < 4,
                                            lambda v: [tf.concat([v, v], 0)], [x],
                                            shape_invariants=[tf.TensorShape([None])]),
                    autograph=False)
    return f(tf.constant([1.0]))


@snippet(raises="TypeError", msg_prefix="'cond' must be callable.")
def cf_while_cond_not_callable(tf, np):
    return tf.while_loop(1, lambda i: i, [0])


@snippet(raises="ValueError", msg_prefix="'loop_vars' must be provided.")
def cf_while_no_loop_vars(tf, np):
    return tf.while_loop(lambda: True, lambda: (), [])


@snippet(raises="ValueError", msg_prefix="The two structures don't have the same nested structure.")
def cf_while_eager_structure_changes(tf, np):
    return tf.while_loop(lambda i: i < 3, lambda i: (i + 1, i), [0])


@snippet(raises="ValueError", msg_regex="enters the loop with shape \\(1,\\), but has shape \\(2,\\) after one iteration")
def cf_while_shape_change_in_function(tf, np):
    f = tf.function(lambda: tf.while_loop(lambda v: tf.size(v) < 3,
                                          lambda v: tf.concat([v, v], 0), [tf.ones([1])]),
                    autograph=False)
    return f()


@snippet(raises="TypeError", msg_regex="enters the loop with type <dtype: 'float32'> but has type <dtype: 'int32'> after 1 iteration")
def cf_while_dtype_change_in_function(tf, np):
    f = tf.function(lambda x: tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.int32), [x]),
                    autograph=False)
    return f(tf.constant(1.0))


def cf_gradient_tape_outside_function(tf, np):
    def g(x):
        _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y) * x), (0, x))
        return tf.cond(y > 0, lambda: y * y, lambda: -y)
    f = tf.function(g, autograph=False)
    x = tf.constant(0.7)
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        a, b = g(x), f(x)
    return [a, b, t.gradient(a, x), t.gradient(b, x)]


def cf_gradient_tape_inside_function(tf, np):
    def g(x):
        with tf.GradientTape() as t:
            t.watch(x)
            _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, x))
            z = tf.cond(x > 0, lambda: y * y, lambda: y)
        return z, t.gradient(z, x)
    f = tf.function(g, autograph=False)
    return [f(tf.constant(2.0)), f(tf.constant(-1.0))]


def cf_cond_variable_gradient(tf, np):
    v = tf.Variable(2.0)
    f = tf.function(lambda x: tf.cond(x > 0, lambda: v * x, lambda: x), autograph=False)
    with tf.GradientTape() as t:
        y = f(tf.constant(3.0))
    return [y, t.gradient(y, v)]


# -- tf.TensorArray ------------------------------------------------------------------------------
def ta_eager_write_read_stack(tf, np):
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.write(0, [1.0, 2.0]).write(2, tf.constant([3.0, 4.0]))
    return [ta.stack(), ta.size(), str(ta.element_shape), ta.dtype.name, ta.read(1)]


@snippet(raises="OutOfRangeError")
def ta_eager_write_out_of_bounds(tf, np):
    tf.TensorArray(tf.float32, size=2).write(5, 1.0)


@snippet(raises="InvalidArgumentError")
def ta_eager_dtype_mismatch(tf, np):
    tf.TensorArray(tf.float32, size=2).write(0, tf.constant(1))


@snippet(raises="InvalidArgumentError")
def ta_eager_read_twice_cleared(tf, np):
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[])
    ta.read(0)
    ta.read(0)


def ta_eager_unstack_gather_scatter_concat(tf, np):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
    ta = ta.unstack([[1.0, 2.0], [3.0, 4.0]])
    return [ta.read(1), ta.gather([1, 0]), ta.concat(), ta.scatter([3], [[9.0, 9.0]]).stack(),
            ta.size()]


def ta_function_unstack_gather_concat(tf, np):
    def g(v):
        ta = tf.TensorArray(tf.float32, size=3).unstack(v)
        return ta.read(2), ta.gather([0, 2]), ta.concat(), ta.size()
    return tf.function(g, autograph=False)(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))


def ta_while_loop_dynamic_size_in_function(tf, np):
    def g(n):
        ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, i * i)),
                              (0, ta))
        return ta.stack(), ta.size()
    return tf.function(g, autograph=False)(tf.constant(5))


def _rnn(tf, np):
    rng = np.random.RandomState(0)
    x = tf.constant(rng.randn(4, 2, 3).astype(np.float32))
    w = tf.constant(rng.randn(3, 5).astype(np.float32) * 0.5)
    u = tf.constant(rng.randn(5, 5).astype(np.float32) * 0.5)

    def rnn(x, w, u):
        steps = tf.shape(x)[0]
        ta = tf.TensorArray(tf.float32, size=steps)

        def body(t, state, ta):
            state = tf.tanh(tf.matmul(tf.gather(x, t), w) + tf.matmul(state, u))
            return t + 1, state, ta.write(t, state)
        _, last, ta = tf.while_loop(lambda t, s, ta: t < steps, body,
                                    (0, tf.zeros([2, 5]), ta))
        return ta.stack(), last
    return x, w, u, rnn


def ta_rnn_while_loop(tf, np):
    x, w, u, rnn = _rnn(tf, np)
    out, last = rnn(x, w, u)
    out2, last2 = tf.function(rnn, autograph=False)(x, w, u)
    print(np.round(out.numpy(), 4))
    return [np.round(out.numpy(), 4), np.round(out2.numpy(), 4), np.round(last2.numpy(), 4)]


def ta_rnn_while_loop_gradients(tf, np):
    x, w, u, rnn = _rnn(tf, np)
    res = []
    for g in (rnn, tf.function(rnn, autograph=False)):
        with tf.GradientTape() as t:
            t.watch([w, u])
            o, _ = g(x, w, u)
            loss = tf.reduce_sum(o * o)
        res += [np.round(v.numpy(), 3) for v in t.gradient(loss, [w, u])]
    return res


def ta_rnn_gradient_tape_inside_function(tf, np):
    x, w, u, rnn = _rnn(tf, np)

    def g(x, w, u):
        with tf.GradientTape() as t:
            t.watch(w)
            o, _ = rnn(x, w, u)
            loss = tf.reduce_sum(o)
        return t.gradient(loss, w)
    return np.round(tf.function(g, autograph=False)(x, w, u).numpy(), 3)


# -- tf.TensorArray: split, cond, returned arrays; second derivatives through control flow -------
def ta_split_eager(tf, np):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    ta = ta.split([1., 2., 3., 4., 5., 6.], [2, 1, 3])
    return [ta.read(0), ta.read(2), ta.size(), str(ta.element_shape)]


@snippet(raises="InvalidArgumentError", msg_prefix="Expected sum of lengths to be equal to")
def ta_split_eager_bad_sum(tf, np):
    return tf.TensorArray(tf.float32, size=3).split([1., 2.], [1, 1, 1])


def ta_split_in_function(tf, np):
    @tf.function(autograph=False)
    def f(v, lengths):
        even = tf.TensorArray(tf.float32, size=3).split(v, [2, 2, 2])
        ragged = tf.TensorArray(tf.float32, size=3).split(v, lengths)
        return [even.stack(), even.concat(), ragged.read(0), ragged.read(2), ragged.concat(),
                ragged.size()]
    return f(tf.constant([1., 2., 3., 4., 5., 6.]), tf.constant([1, 2, 3]))


@snippet(raises="InvalidArgumentError", msg_regex="Incompatible shapes during merge")
def ta_split_unequal_stack_in_function(tf, np):
    f = tf.function(lambda v, n: tf.TensorArray(tf.float32, size=3).split(v, n).stack(),
                    autograph=False)
    return f(tf.constant([1., 2., 3., 4., 5., 6.]), tf.constant([1, 2, 3]))


def ta_split_gradients(tf, np):
    def loss(v):
        ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).split(v * v, [2, 2, 2])
        return tf.reduce_sum(ta.read(1) * 3.0) + tf.reduce_sum(ta.stack() ** 3)
    out = []
    for fn in (loss, tf.function(loss, autograph=False)):
        v = tf.constant([1., 2., 3., 4., 5., 6.])
        with tf.GradientTape() as t:
            t.watch(v)
            y = fn(v)
        out.append(t.gradient(y, v))
    return out


def ta_cond_returns_array(tf, np):
    @tf.function(autograph=False)
    def f(p):
        ta = tf.TensorArray(tf.float32, size=2)
        ta = tf.cond(p, lambda: ta.write(0, 1.).write(1, 2.), lambda: ta.write(0, 5.).write(1, 6.))
        return ta.stack()
    return [f(tf.constant(True)), f(tf.constant(False))]


def ta_returned_from_function_is_a_tensor(tf, np):
    r = tf.function(lambda x: tf.TensorArray(tf.float32, size=2).write(0, x), autograph=False)(
        tf.constant(3.))
    return [isinstance(r, tf.Tensor), isinstance(r, tf.TensorArray)]


@snippet(raises="NotImplementedError", msg_prefix="Attempting to build a graph-mode TF2-style")
def ta_eager_array_returned_from_function(tf, np):
    f = tf.function(lambda ta, x: ta.write(1, x), autograph=False)
    return f(tf.TensorArray(tf.float32, size=2).write(0, 1.), tf.constant(5.))


@snippet(raises="ValueError", msg_prefix="Inconsistent shapes: saw (2,) but expected (1,)")
def ta_inconsistent_shapes_in_function(tf, np):
    return tf.function(lambda: tf.TensorArray(tf.float32, size=2).write(0, [1.]).write(
        1, [1., 2.]).concat(), autograph=False)()


def ta_dynamic_size_loop_concat(tf, np):
    @tf.function(autograph=False)
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < 3,
                              lambda i, ta: (i + 1, ta.write(i, x * tf.cast(i, tf.float32))),
                              (0, ta))
        return ta.concat()
    return f(tf.constant([1., 2.]))


def cf_second_derivative_inside_function(tf, np):
    def cube_loop(x):
        return tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x),
                             (0, tf.ones_like(x)))[1]

    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = tf.cond(tf.reduce_sum(x) > 0, lambda: cube_loop(x), lambda: -x)
            g = t1.gradient(y, x)
        return [y, g, t2.gradient(g, x)]
    return f(tf.constant([0.5, 2.0]))


def cf_second_derivative_around_function(tf, np):
    def body(i, y, x):
        return i + 1, tf.cond(y > 1., lambda: y * x, lambda: y + x * x), x
    f = tf.function(lambda x: tf.while_loop(lambda i, y, x: i < 3, body, (0, x, x))[1],
                    autograph=False)
    x = tf.constant(2.0)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = f(x)
        g = t1.gradient(y, x)
    return [y, g, t2.gradient(g, x)]


def cf_gradient_kinds_around_function(tf, np):
    # a tape outside the function: gradients leaving a While or a TensorArray are dense (a gather
    # inside gives IndexedSlices only through tf.cond, whose gradient keeps them)
    x = tf.constant([[1.0, 1.0], [2.0, 3.0]])

    @tf.function
    def loop(x):
        return tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a + tf.gather(x, i)),
                             (0, tf.zeros([2])))[1]

    @tf.function
    def branch(x):
        return tf.cond(x[0, 0] > 0, lambda: tf.gather(x, [1]), lambda: tf.gather(x, [0]))

    @tf.function
    def array(x):
        t = tf.TensorArray(tf.float32, size=2).unstack(x)
        return t.read(1) * 2 + t.gather([0])
    out = []
    for fn in (loop, branch, array):
        with tf.GradientTape() as t:
            t.watch(x)
            y = fn(x)
        g = t.gradient(y, x)
        out += [type(g).__name__, tf.convert_to_tensor(g)]
    return out
