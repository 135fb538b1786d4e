"""GradientTape conformance snippets: values, None-ness, result structure,
shapes, dtypes and error classes of gradients.

Each public function ``name(tf, np)`` is one test (see harness.py).
Gradients of gather are densified with tf.convert_to_tensor because TF returns
tf.IndexedSlices for them (a representation detail, not a value difference).
"""

from .harness import snippet


def _grad1(tf, f, x0, dtype=None):
    x = tf.Variable(x0, dtype=dtype)
    with tf.GradientTape() as tape:
        y = f(x)
    return tape.gradient(y, x)


# ====================================================================== basics


@snippet(expect=["tf.Tensor(27.0, shape=(), dtype=float32)", 27.0])
def grad_notebook_cube(tf, np):
    w = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = w * w * w
    g = tape.gradient(y, w)
    print(g)
    return [str(g), g]


@snippet(expect=["tf.Tensor(-4.0, shape=(), dtype=float32)"])
def grad_notebook_exercise2(tf, np):
    x = tf.Variable(1.0)
    y = tf.Variable(5.0)
    z = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        f = x**2 + y - z**2
    g = tape.gradient(f, z)
    return [str(g)]


def grad_multiple_sources_list(tf, np):
    x = tf.Variable(1.0)
    y = tf.Variable(5.0)
    z = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        f = x**2 + y - z**2
    return tape.gradient(f, [x, y, z])


def grad_constant_not_watched(tf, np):
    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = c * c
    return tape.gradient(y, c)


def grad_watch_constant(tf, np):
    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = c * c
    return tape.gradient(y, c)


def grad_watch_list(tf, np):
    a = tf.constant(2.0)
    b = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = a * tf.reduce_sum(b * b)
    return tape.gradient(y, [a, b])


@snippet(raises="RuntimeError", msg_prefix="A non-persistent GradientTape can only be used to compute one set of gradients")
def grad_second_call_non_persistent(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    return tape.gradient(y, x)


def grad_persistent(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        z = y * y
    out = [tape.gradient(y, x), tape.gradient(z, x), tape.gradient(z, y)]
    del tape
    return out


def grad_unconnected_none_and_zero(tf, np):
    x = tf.Variable(2.0)
    u = tf.Variable([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * 3.0
    return [tape.gradient(y, u), tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO),
            tape.gradient(y, [x, u], unconnected_gradients="zero"),
            tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.NONE)]


def grad_unconnected_zero_int_dtype_shape(tf, np):
    u = tf.Variable(tf.zeros((2, 3), dtype=tf.float64))
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x + 1.0
    return tape.gradient(y, u, unconnected_gradients="zero")


def grad_dict_sources(tf, np):
    a = tf.Variable(2.0)
    b = tf.Variable([1.0, 3.0])
    with tf.GradientTape() as tape:
        y = a * tf.reduce_sum(b)
    return tape.gradient(y, {"a": a, "b": b})


def grad_nested_sources(tf, np):
    a = tf.Variable(2.0)
    b = tf.Variable(3.0)
    c = tf.Variable(4.0)
    with tf.GradientTape() as tape:
        y = a * b * c
    return tape.gradient(y, {"x": [a, (b, c)], "y": (c,)})


def grad_tuple_sources(tf, np):
    a = tf.Variable(2.0)
    b = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = a / b
    g = tape.gradient(y, (a, b))
    return [type(g).__name__, g]


def grad_nonscalar_target(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = x * x
    return tape.gradient(y, x)


def grad_list_of_targets(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y1 = x * x
        y2 = 3.0 * x
    return tape.gradient([y1, y2], x)


def grad_output_gradients(tf, np):
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * x
    return tape.gradient(y, x, output_gradients=tf.constant([10.0, 100.0]))


def grad_wrt_self(tf, np):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
    return tape.gradient(x, x)


def grad_int_variable_none(tf, np):
    v = tf.Variable(3)
    with tf.GradientTape() as tape:
        y = v * v
    return [tape.gradient(y, v), v.trainable]


def grad_int_watched_tensor_none(tf, np):
    c = tf.constant(3)
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = c * c
    return tape.gradient(y, c)


def grad_int_target_via_cast(tf, np):
    x = tf.Variable(2.5)
    with tf.GradientTape() as tape:
        y = tf.cast(x, tf.int32) * 2
    return tape.gradient(y, x)


def grad_cast_chain(tf, np):
    x = tf.Variable(1.5)
    with tf.GradientTape() as tape:
        y = tf.cast(tf.cast(x, tf.float64) ** 2, tf.float32)
        z = tf.cast(tf.cast(x, tf.float16) * 2.0, tf.float32)
    return tape.gradient([y, z], x)


def grad_float64_source(tf, np):
    x = tf.Variable([1.0, 2.0], dtype=tf.float64)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.exp(x))
    return tape.gradient(y, x)


def grad_float16_source(tf, np):
    x = tf.Variable(2.0, dtype=tf.float16)
    with tf.GradientTape() as tape:
        y = x * x * x
    return tape.gradient(y, x)


def grad_assign_breaks_chain(tf, np):
    v = tf.Variable(2.0)
    w = tf.Variable(0.0)
    with tf.GradientTape(persistent=True) as tape:
        w.assign(v * 3.0)
        y = w * 1.0
    return [tape.gradient(y, v), tape.gradient(y, w), w]


def grad_assign_add_inside(tf, np):
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        v.assign_add(1.0)
        y = v * v
    return tape.gradient(y, v)


def grad_python_control_flow(tf, np):
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
        if y > 5.0:
            y = y * x
        else:
            y = y + x
    return tape.gradient(y, x)


def grad_where(tf, np):
    x = tf.Variable([-1.0, 2.0, -3.0, 4.0])
    with tf.GradientTape() as tape:
        y = tf.where(x > 0, x * x, 3.0 * x)
    return tape.gradient(y, x)


def grad_where_nan_branch(tf, np):
    x = tf.Variable([0.0, 4.0])
    with tf.GradientTape() as tape:
        y = tf.where(x > 0, tf.sqrt(x), tf.zeros_like(x))
    return tape.gradient(y, x)


def grad_indexing_slicing(tf, np):
    x = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with tf.GradientTape() as tape:
        y = x[0, 1] * 2.0 + tf.reduce_sum(x[:, ::2]) + tf.reduce_sum(x[1, ..., tf.newaxis]) * x[-1, -1]
    return tape.gradient(y, x)


def grad_boolean_mask_index(tf, np):
    x = tf.Variable([1.0, -2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(x[x > 0] ** 2)
    return tf.convert_to_tensor(tape.gradient(y, x))


def grad_gather_duplicates(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(x, [0, 0, 2, 0]) * tf.constant([1.0, 2.0, 3.0, 4.0]))
    return tf.convert_to_tensor(tape.gradient(y, x))


def grad_gather_nd(tf, np):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather_nd(x, [[0, 1], [1, 0], [0, 1]]))
    return tf.convert_to_tensor(tape.gradient(y, x))


def grad_reduce_max_ties(tf, np):
    x = tf.Variable([1.0, 3.0, 3.0, 2.0])
    m = tf.Variable([[1.0, 5.0], [5.0, 2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_max(x) + tf.reduce_sum(tf.reduce_max(m, axis=1)) + tf.reduce_min(m)
    return tape.gradient(y, [x, m])


def grad_maximum_ties(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.maximum(x, 2.0) + tf.minimum(x, 2.0))
    return tape.gradient(y, x)


def grad_reduce_prod_zeros(tf, np):
    a = tf.Variable([2.0, 3.0, 4.0])
    b = tf.Variable([2.0, 0.0, 4.0])
    c = tf.Variable([0.0, 0.0, 4.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_prod(a) + tf.reduce_prod(b) + tf.reduce_prod(c)
    return tape.gradient(y, [a, b, c])


def grad_reductions_axis(tf, np):
    x = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.reduce_sum(x, axis=0) * tf.constant([1.0, 2.0, 3.0])) + tf.reduce_mean(x)
        y += tf.reduce_sum(tf.reduce_mean(x, axis=1, keepdims=True) * tf.constant([[1.0], [-1.0]]))
    return tape.gradient(y, x)


def grad_logsumexp_std(tf, np):
    x = tf.Variable([[1.0, 2.0, 4.0], [0.0, -1.0, 3.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.math.reduce_logsumexp(x, axis=1)) + tf.math.reduce_std(x) + tf.math.reduce_variance(x)
    return tape.gradient(y, x)


def grad_matmul(tf, np):
    a = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = tf.Variable([[1.0, -1.0, 0.5], [2.0, 0.0, 1.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.matmul(a, b) ** 2)
    return tape.gradient(y, [a, b])


def grad_matmul_transpose_flags(tf, np):
    a = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    b = tf.Variable([[0.5, -1.0], [2.0, 1.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.matmul(a, b, transpose_a=True) * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
        y += tf.reduce_sum(tf.matmul(a, b, transpose_b=True))
    return tape.gradient(y, [a, b])


def grad_matmul_batched_broadcast(tf, np):
    a = tf.Variable(tf.reshape(tf.range(12, dtype=tf.float32), (2, 2, 3)))
    b = tf.Variable(tf.reshape(tf.range(6, dtype=tf.float32), (3, 2)) / 10.0)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.sin(a @ b))
    ga, gb = tape.gradient(y, [a, b])
    return [ga, gb]


def grad_broadcasting(tf, np):
    a = tf.Variable([[1.0], [2.0]])
    b = tf.Variable([1.0, 2.0, 3.0])
    s = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(a * b * s + a / b - s)
    return tape.gradient(y, [a, b, s])


def grad_concat_stack(tf, np):
    a = tf.Variable([1.0, 2.0])
    b = tf.Variable([3.0])
    with tf.GradientTape() as tape:
        c = tf.concat([a, b, a], axis=0)
        s = tf.stack([a, a * 2.0], axis=1)
        y = tf.reduce_sum(c * tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])) + tf.reduce_sum(s * s)
    return tape.gradient(y, [a, b])


def grad_split_unstack(tf, np):
    x = tf.Variable([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    with tf.GradientTape() as tape:
        p, q = tf.split(x, [1, 3], axis=1)
        r0, r1 = tf.unstack(x)
        y = tf.reduce_sum(p * 3.0) + tf.reduce_sum(q * q) + tf.reduce_sum(r1 * r0)
    return tape.gradient(y, x)


def grad_split_unused_part(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        p, q = tf.split(x, 2)
        y = tf.reduce_sum(p)
    return tape.gradient(y, x)


def grad_tile_pad_reshape(tf, np):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        t = tf.tile(x, [2, 3])
        p = tf.pad(x, [[1, 1], [0, 2]])
        r = tf.reshape(x, [-1])
        y = tf.reduce_sum(t * t) + tf.reduce_sum(p * 2.0) + tf.reduce_sum(r * tf.constant([1.0, 2.0, 3.0, 4.0]))
    return tape.gradient(y, x)


def grad_transpose_expand_squeeze_reverse(tf, np):
    x = tf.Variable([[1.0, 2.0, 3.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.transpose(x) * tf.constant([[1.0], [2.0], [3.0]]))
        y += tf.reduce_sum(tf.squeeze(tf.expand_dims(x, 0)) * tf.reverse(x, [1]))
    return tape.gradient(y, x)


def grad_softmax_cross_entropy(tf, np):
    logits = tf.Variable([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
    labels = tf.constant([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    return [loss, tape.gradient(loss, logits)]


def grad_sparse_softmax_cross_entropy(tf, np):
    logits = tf.Variable([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 2], logits=logits))
    return tape.gradient(loss, logits)


def grad_sigmoid_cross_entropy(tf, np):
    logits = tf.Variable([-2.0, 0.0, 3.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 0.5], logits=logits))
    return tape.gradient(loss, logits)


def grad_softmax_log_softmax(tf, np):
    x = tf.Variable([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.nn.softmax(x) * tf.constant([1.0, 2.0, 3.0])) + tf.reduce_sum(
            tf.nn.log_softmax(x) * tf.constant([0.5, -1.0, 2.0]))
    return tape.gradient(y, x)


def grad_l2_loss_norm(tf, np):
    x = tf.Variable([3.0, 4.0])
    with tf.GradientTape() as tape:
        y = tf.nn.l2_loss(x) + tf.norm(x)
    return tape.gradient(y, x)


# ====================================================================== higher order & tape controls


@snippet(expect=[27.0, 18.0])
def grad_nested_second(tf, np):
    x = tf.Variable(3.0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x**3
        dy = t1.gradient(y, x)
    return [dy, t2.gradient(dy, x)]


@snippet(expect=[6.0])
def grad_nested_third(tf, np):
    x = tf.Variable(3.0)
    with tf.GradientTape() as t3:
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = x * x * x
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    return [t3.gradient(d2, x)]


def grad_nested_second_sin_exp(tf, np):
    x = tf.Variable([0.5, 1.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(tf.sin(x) * tf.exp(x) + tf.tanh(x) + tf.sigmoid(x))
        d1 = t1.gradient(y, x)
    return [d1, t2.gradient(d1, x)]


def grad_nested_second_persistent_watch(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x**4 + tf.math.log(x)
        d1 = inner.gradient(y, x)
    return [d1, outer.gradient(d1, x), outer.gradient(y, x)]


def grad_jacobian(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = x * x * tf.constant([[1.0], [2.0]])
    j = tape.jacobian(y, x)
    return [j, j.shape]


def grad_jacobian_unconnected_and_matrix(tf, np):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    u = tf.Variable([1.0])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(x * x, axis=1)
    return [tape.jacobian(y, x), tape.jacobian(y, u),
            tape.jacobian(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)]


def grad_batch_jacobian(tf, np):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    w = tf.constant([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]])
    with tf.GradientTape() as tape:
        y = tf.tanh(x @ w / 10.0)
    j = tape.batch_jacobian(y, x)
    return [j, j.shape]


def grad_stop_recording(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            z = x * 10.0
        out = y + z
    return tape.gradient(out, x)


def grad_reset(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x * x
        tape.reset()
        z = x * 5.0
    return [tape.gradient(z, x)]


def grad_watch_accessed_variables_false(tf, np):
    a = tf.Variable(2.0)
    b = tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    return [tape.gradient(y, [a, b]), [v.numpy() for v in tape.watched_variables()]]


def grad_watched_variables(tf, np):
    a = tf.Variable(2.0)
    b = tf.Variable(3.0, trainable=False)
    c = tf.Variable(4.0)
    with tf.GradientTape() as tape:
        y = a * b
    return [len(tape.watched_variables()), tape.watched_variables()[0] is a, tape.gradient(y, [a, b, c])]


def grad_non_trainable_watch(tf, np):
    b = tf.Variable(3.0, trainable=False)
    with tf.GradientTape() as tape:
        tape.watch(b)
        y = b * b
    return tape.gradient(y, b)


def grad_stop_gradient(tf, np):
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * tf.stop_gradient(x) + tf.stop_gradient(x * x)
    return tape.gradient(y, x)


def grad_identity_read_value(tf, np):
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = tf.identity(x) * x.read_value() + tf.convert_to_tensor(x)
    return tape.gradient(y, x)


def grad_custom_gradient(tf, np):
    @tf.custom_gradient
    def clip_grad(x):
        def grad(g):
            return tf.clip_by_value(g, -0.5, 0.5)
        return tf.identity(x), grad

    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(clip_grad(x) * tf.constant([0.1, 3.0]))
    return tape.gradient(y, x)


def grad_custom_gradient_log1pexp(tf, np):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    x = tf.constant(100.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    return [y, tape.gradient(y, x)]


def grad_forward_accumulator(tf, np):
    x = tf.constant([1.0, 2.0])
    v = tf.constant([1.0, 0.5])
    with tf.autodiff.ForwardAccumulator(primals=x, tangents=v) as acc:
        y = tf.reduce_sum(x * x * x)
        z = tf.sin(x)
    return [acc.jvp(y), acc.jvp(z)]


def grad_forward_accumulator_unconnected(tf, np):
    x = tf.constant(2.0)
    with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0)) as acc:
        y = x * x
        c = tf.constant(5.0) * 2.0
    return [acc.jvp(y), acc.jvp(c), acc.jvp(c, unconnected_gradients=tf.UnconnectedGradients.ZERO)]


def grad_result_types(tf, np):
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(x * x)
    g = tape.gradient(y, x)
    return [isinstance(g, tf.Tensor), isinstance(g, tf.Variable), g.dtype, g.shape, repr(g), str(g)]


def grad_variable_used_twice_in_two_tapes(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as t1, tf.GradientTape() as t2:
        y = x * x
    return [t1.gradient(y, x), t2.gradient(y, x)]


def grad_intermediate_not_in_tape(tf, np):
    x = tf.Variable(2.0)
    y = x * x
    with tf.GradientTape() as tape:
        z = y * 3.0
    return tape.gradient(z, x)


def grad_target_computed_outside(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        pass
    y = x * x
    return tape.gradient(y, x)


@snippet(raises="RuntimeError")
def grad_never_entered(tf, np):
    x = tf.Variable(2.0)
    tape = tf.GradientTape()
    return tape.gradient(x * x, x)


@snippet(raises="RuntimeError")
def grad_inside_context_nonpersistent_twice(tf, np):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        tape.gradient(y, x)
        return tape.gradient(y, x)


@snippet(raises="InvalidArgumentError", msg_prefix="Incompatible shapes: [3] vs. [2]")
def grad_output_gradients_bad_shape(tf, np):
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * x
    return tape.gradient(y, x, output_gradients=[tf.constant([1.0, 2.0, 3.0])])


@snippet(raises="ValueError")
def grad_bad_unconnected_value(tf, np):
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x * 2.0
    return tape.gradient(y, x, unconnected_gradients="bogus")


# ====================================================================== op gradients


def _act_grad(tf, fn):
    x = tf.Variable([-3.0, -1.0, -0.5, 0.5, 1.0, 2.0, 7.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(fn(x))
    return tape.gradient(y, x)


def grad_relu(tf, np):
    return [_act_grad(tf, tf.nn.relu), _grad1(tf, tf.nn.relu, [0.0])]


def grad_relu6(tf, np):
    return [_act_grad(tf, tf.nn.relu6), _grad1(tf, tf.nn.relu6, [0.0, 6.0, 6.5])]


def grad_leaky_relu(tf, np):
    return [_act_grad(tf, tf.nn.leaky_relu), _act_grad(tf, lambda x: tf.nn.leaky_relu(x, alpha=0.3))]


def grad_elu_selu(tf, np):
    return [_act_grad(tf, tf.nn.elu), _act_grad(tf, tf.nn.selu)]


def grad_softplus_swish_silu(tf, np):
    return [_act_grad(tf, tf.nn.softplus), _act_grad(tf, tf.nn.swish), _act_grad(tf, tf.nn.silu)]


def grad_gelu(tf, np):
    return [_act_grad(tf, tf.nn.gelu), _act_grad(tf, lambda x: tf.nn.gelu(x, approximate=True))]


def grad_sigmoid_tanh(tf, np):
    return [_act_grad(tf, tf.sigmoid), _act_grad(tf, tf.tanh)]


def grad_exp_log_family(tf, np):
    x = [0.5, 1.0, 2.0]
    return [_grad1(tf, tf.exp, x), _grad1(tf, tf.math.log, x), _grad1(tf, tf.math.expm1, x),
            _grad1(tf, tf.math.log1p, x), _grad1(tf, tf.sqrt, x), _grad1(tf, tf.math.rsqrt, x),
            _grad1(tf, tf.square, x), _grad1(tf, tf.math.reciprocal, x)]


def grad_trig_family(tf, np):
    x = [-0.5, 0.1, 0.7]
    return [_grad1(tf, tf.sin, x), _grad1(tf, tf.cos, x), _grad1(tf, tf.tan, x), _grad1(tf, tf.asin, x),
            _grad1(tf, tf.acos, x), _grad1(tf, tf.atan, x), _grad1(tf, tf.sinh, x), _grad1(tf, tf.cosh, x)]


def grad_atan2(tf, np):
    y = tf.Variable([1.0, -2.0])
    x = tf.Variable([3.0, 0.5])
    with tf.GradientTape() as tape:
        z = tf.reduce_sum(tf.atan2(y, x))
    return tape.gradient(z, [y, x])


def grad_abs_sign_at_zero(tf, np):
    return [_grad1(tf, tf.abs, [-2.0, 0.0, 3.0]), _grad1(tf, tf.sign, [-2.0, 0.0, 3.0]),
            _grad1(tf, tf.round, [1.4, 2.6]), _grad1(tf, tf.floor, [1.5]), _grad1(tf, tf.math.ceil, [1.5])]


def grad_sqrt_at_zero(tf, np):
    return [_grad1(tf, tf.sqrt, [0.0, 4.0]), _grad1(tf, lambda x: tf.norm(x), [0.0, 0.0])]


def grad_division_pow(tf, np):
    a = tf.Variable([1.0, 2.0])
    b = tf.Variable([4.0, 0.5])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(a / b + a**b + b**2.0 + 2.0**a + tf.pow(a, 3.0))
    return tape.gradient(y, [a, b])


def grad_pow_zero_base(tf, np):
    a = tf.Variable([0.0, 0.0])
    b = tf.Variable([2.0, 0.5])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(a**b)
    return tape.gradient(y, [a, b])


def grad_sub_neg_floordiv_mod(tf, np):
    a = tf.Variable([5.5, -3.0])
    b = tf.Variable([2.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(a - b - (-a) + tf.math.floormod(a, b) * 1.0)
    return tape.gradient(y, [a, b])


def grad_squared_difference_divide_no_nan(tf, np):
    a = tf.Variable([1.0, 2.0])
    b = tf.Variable([3.0, 0.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.math.squared_difference(a, b) + tf.math.divide_no_nan(a, b))
    return tape.gradient(y, [a, b])


def grad_add_n_clip(tf, np):
    a = tf.Variable([1.0, 5.0, -3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.add_n([a, a * 2.0, a * a]) + tf.clip_by_value(a, -1.0, 2.0))
    return tape.gradient(y, a)


def grad_cumsum_cumprod(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0, 4.0])
    w = tf.constant([1.0, 10.0, 100.0, 1000.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(w * tf.cumsum(x)) + tf.reduce_sum(w * tf.cumsum(x, exclusive=True, reverse=True))
        y += tf.reduce_sum(tf.math.cumprod(x))
    return tape.gradient(y, x)


def grad_linalg(tf, np):
    m = tf.Variable([[4.0, 7.0], [2.0, 6.0]])
    with tf.GradientTape() as tape:
        y = tf.linalg.det(m) + tf.reduce_sum(tf.linalg.inv(m)) + tf.linalg.trace(m)
    return tape.gradient(y, m)


def grad_tensordot_einsum(tf, np):
    a = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    b = tf.Variable([[0.5, 1.0], [-1.0, 2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.tensordot(a, b, axes=1) ** 2) + tf.einsum("ij,ij->", a, b)
    return tape.gradient(y, [a, b])


def grad_matvec_diag(tf, np):
    m = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    v = tf.Variable([1.0, -1.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.linalg.matvec(m, v) ** 2) + tf.reduce_sum(tf.linalg.diag_part(m) * v)
    return tape.gradient(y, [m, v])


def grad_one_hot_sort_topk(tf, np):
    x = tf.Variable([3.0, 1.0, 2.0])
    with tf.GradientTape() as tape:
        s = tf.sort(x)
        t = tf.math.top_k(x, 2).values
        y = tf.reduce_sum(s * tf.constant([1.0, 2.0, 3.0])) + tf.reduce_sum(t * tf.constant([10.0, 20.0]))
    return tf.convert_to_tensor(tape.gradient(y, x))


def grad_roll_tensor_scatter(tf, np):
    x = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        r = tf.roll(x, 1, axis=0)
        s = tf.tensor_scatter_nd_update(x, [[0]], [100.0])
        y = tf.reduce_sum(r * tf.constant([1.0, 2.0, 3.0, 4.0])) + tf.reduce_sum(s * s)
    return tape.gradient(y, x)


def grad_boolean_mask_fn(tf, np):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.boolean_mask(x, [True, False]) ** 2)
    return tf.convert_to_tensor(tape.gradient(y, x))


def grad_through_variable_slice_read(tf, np):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = v[0, 0] * v[1, 1] + tf.reduce_sum(v[:, 1])
    return tape.gradient(y, v)


def grad_sigmoid_extreme_inputs(tf, np):
    x = tf.Variable([-100.0, 0.0, 100.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.sigmoid(x) + tf.nn.softplus(x) + tf.math.log_sigmoid(x))
    return tape.gradient(y, x)


def grad_float64_nested(tf, np):
    x = tf.Variable(0.3, dtype=tf.float64)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.sin(x) * x**2
        d1 = t1.gradient(y, x)
    return [d1, t2.gradient(d1, x)]


def grad_dense_layer_training_step(tf, np):
    w = tf.Variable([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    b = tf.Variable([0.0, 0.1])
    x = tf.constant([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
    labels = tf.constant([0, 1])
    for _ in range(3):
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(x @ w + b) * 2.0 + b
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.1 * gw)
        b.assign_sub(0.1 * gb)
    return [loss, w, b]
