"""Conformance snippets for tf.IndexedSlices (the gradient of a gather: construction, printing,
conversion, the tape's aggregation, the consumers of gradients) and for the tf.linalg additions
(lu, lstsq, the gradients of qr, svd, einsum with repeated indices and diag/diag_part/set_diag with
k != 0). Each ``name(tf, np)`` is one test (see harness.py)."""
from .harness import snippet


def _var(tf):
    return tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def _parts(g):
    """What both libraries can compare: the class name and the three component tensors."""
    return [type(g).__name__, g.values, g.indices, g.dense_shape]


def _grad(tf, f, x):
    with tf.GradientTape() as tape:
        if not isinstance(x, tf.Variable):
            tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)


# -- the class ----------------------------------------------------------------------------------
def is_print(tf, np):
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2]))
    return [str(s), repr(s).split(" object at ")[0], str(s.shape), repr(s.dtype)]


def is_print_no_shape(tf, np):
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]))
    return [str(s), s.dense_shape is None, str(s.shape)]


def is_python_parts(tf, np):
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), (1,), (3, 2))
    return [str(s), type(s.indices).__name__, tf.convert_to_tensor(s)]


def is_no_numpy(tf, np):
    s = tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]), tf.constant([2]))
    return [hasattr(s, "numpy"), isinstance(s, tf.Tensor), s.device == s.values.device]


def is_densify_sums_repeats(tf, np):
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                         tf.constant([2, 0, 2]), tf.constant([4, 2]))
    return tf.convert_to_tensor(s)


@snippet(raises="ValueError", msg_prefix=True)
def is_densify_without_shape(tf, np):
    tf.convert_to_tensor(tf.IndexedSlices(tf.constant([[1.0]]), tf.constant([0])))


def is_neg(tf, np):
    s = -tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([2, 2]))
    return str(s)


def is_ops_densify(tf, np):
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([2, 2]))
    t = tf.ones([2, 2])
    return [tf.add(s, 1.0), t + s, s * t, tf.reduce_sum(s), tf.square(s)]


@snippet(raises="TypeError", msg_prefix=True)
def is_times_python_number(tf, np):
    return tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]), tf.constant([2])) * 2


def is_cast_identity_keep_slices(tf, np):
    s = tf.IndexedSlices(tf.constant([1, 2]), tf.constant([0, 2]), tf.constant([3]))
    return [str(tf.cast(s, tf.float32)), str(tf.identity(s))]


# -- gradients of gathers -----------------------------------------------------------------------
def is_grad_gather_variable(tf, np):
    return _parts(_grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [0, 2, 0])), _var(tf)))


def is_grad_gather_print(tf, np):
    return str(_grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [2, 1]) ** 2), _var(tf)))


def is_grad_gather_constant(tf, np):
    c = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return _parts(_grad(tf, lambda x: tf.reduce_sum(tf.gather(x, [1]) * 3.0), c))


def is_grad_gather_2d_indices(tf, np):
    return _parts(_grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [[0, 2], [1, 1]]) ** 2),
                        _var(tf)))


def is_grad_gather_int64_indices(tf, np):
    return _parts(_grad(tf, lambda v: tf.reduce_sum(tf.gather(v, tf.constant([1], tf.int64))),
                        _var(tf)))


def is_grad_gather_axis1_dense(tf, np):
    g = _grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [1, 1], axis=1)), _var(tf))
    return [type(g).__name__, g]


def is_grad_gather_batch_dims_dense(tf, np):
    g = _grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [[1], [0], [1]], batch_dims=1)), _var(tf))
    return [type(g).__name__, g]


def is_grad_embedding_lookup(tf, np):
    return _parts(_grad(tf, lambda v: tf.reduce_sum(tf.nn.embedding_lookup(v, [[1, 2], [2, 2]])),
                        _var(tf)))


def is_grad_through_identity_and_cast(tf, np):
    g1 = _grad(tf, lambda v: tf.reduce_sum(tf.gather(tf.identity(v), [1])), _var(tf))
    g2 = _grad(tf, lambda v: tf.reduce_sum(tf.gather(tf.cast(v, tf.float64), [1])), _var(tf))
    return [_parts(g1), _parts(g2)]


def is_grad_through_mul_is_dense(tf, np):
    g = _grad(tf, lambda v: tf.reduce_sum(tf.gather(v * 2.0, [1, 1])), _var(tf))
    return [type(g).__name__, g]


def is_grad_through_reshape_is_dense(tf, np):
    g = _grad(tf, lambda v: tf.reduce_sum(tf.gather(tf.reshape(v, [3, 2]), [1])), _var(tf))
    return [type(g).__name__, g]


def is_grad_two_gathers_concatenate(tf, np):
    g = _grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [1])) + tf.reduce_sum(tf.gather(v, [2, 2])),
              _var(tf))
    # (the order of the concatenated slices is the tape's: compare them sorted)
    order = np.argsort(g.indices.numpy(), kind="stable")
    return [type(g).__name__, sorted(g.indices.numpy().tolist()),
            g.values.numpy()[order], g.dense_shape]


def is_grad_mixed_int_dtypes(tf, np):
    c = tf.constant([1.0, 2.0, 3.0])
    g = _grad(tf, lambda x: tf.reduce_sum(tf.gather(x, tf.constant([1], tf.int64))) +
              tf.reduce_sum(tf.gather(x, [2, 2])), c)
    return [type(g).__name__, g.indices.dtype.name, tf.convert_to_tensor(g)]


def is_grad_gather_plus_dense_is_dense(tf, np):
    g = _grad(tf, lambda v: tf.reduce_sum(tf.gather(v, [1])) + tf.reduce_sum(v * v), _var(tf))
    return [type(g).__name__, g]


def is_grad_second_order(tf, np):
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(tf.gather(x, [0, 2, 2]) ** 3)
        g = t1.gradient(y, x)
        d = tf.convert_to_tensor(g)
    return [_parts(g), _parts(t2.gradient(d, x))]


@snippet(raises="AttributeError", msg_prefix=True)
def is_gradient_of_slices_target(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(tf.gather(x, [0, 2]) ** 2)
        g = t1.gradient(y, x)
    t2.gradient(g, x)


def is_jacobian_of_gather_dense(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.gather(x, [2, 0])
    return t.jacobian(y, x)


def is_grad_in_function(tf, np):
    v = _var(tf)

    @tf.function
    def step(ids):
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.gather(v, ids) ** 2)
        g = t.gradient(y, v)
        return type(g).__name__ == "IndexedSlices", g.values, g.indices, tf.convert_to_tensor(g)
    return [step(tf.constant([0, 2])), step(tf.constant([1, 1, 1]))]


def is_keras_embedding_grad(tf, np):
    layer = tf.keras.layers.Embedding(5, 3, embeddings_initializer="ones")
    with tf.GradientTape() as t:
        y = tf.reduce_sum(layer(tf.constant([[1, 2], [3, 3]])) * 2.0)
    g = t.gradient(y, layer.trainable_variables)[0]
    return _parts(g)


# -- consumers ----------------------------------------------------------------------------------
def is_variable_scatter_methods(tf, np):
    v = tf.Variable(tf.ones([3, 2]))
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([2, 0]))
    out = []
    for name in ("scatter_add", "scatter_sub", "scatter_mul", "scatter_div", "scatter_max",
                 "scatter_min", "scatter_update"):
        getattr(v, name)(s)
        out.append(v.numpy())
    return out


def is_variable_scatter_add_repeats(tf, np):
    v = tf.Variable(tf.zeros([3]))
    v.scatter_add(tf.IndexedSlices(tf.constant([1.0, 2.0, 4.0]), tf.constant([1, 1, 2])))
    return v


@snippet(raises="InvalidArgumentError", msg_regex=r"indices\[0\] = 5 is not in \[0, 3\)")
def is_variable_scatter_out_of_range(tf, np):
    v = tf.Variable(tf.zeros([3, 2]))
    v.scatter_add(tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([5])))


@snippet(raises="TypeError", msg_prefix="Argument `sparse_delta` must be a `tf.IndexedSlices`")
def is_variable_scatter_needs_slices(tf, np):
    tf.Variable(tf.zeros([2])).scatter_add(tf.constant([1.0, 2.0]))


def is_variable_assign_sub_slices(tf, np):
    v = tf.Variable(tf.ones([3, 2]))
    v.assign_sub(tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2])))
    return v


def is_clip_by_norm(tf, np):
    s = tf.IndexedSlices(tf.constant([[3.0, 4.0], [3.0, 4.0]]), tf.constant([1, 1]),
                         tf.constant([3, 2]))
    return str(tf.clip_by_norm(s, 1.0))


def is_clip_by_global_norm(tf, np):
    s = tf.IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([1]), tf.constant([3, 2]))
    d = tf.constant([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    (cs, cd), norm = tf.clip_by_global_norm([s, d], 1.0)
    return [str(cs), cd, norm, tf.linalg.global_norm([s, d])]


def _keras_steps(tf, opt, sparse):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    g = tf.IndexedSlices(tf.constant([[1.0, 0.5], [1.0, 1.0], [0.25, 2.0]]), tf.constant([0, 0, 2]),
                         tf.constant([3, 2]))
    for _ in range(2):
        opt.apply_gradients([(g if sparse else tf.convert_to_tensor(g), v)])
    return v


@snippet(atol=1e-6)
def is_keras_sgd_slices(tf, np):
    return [_keras_steps(tf, tf.keras.optimizers.SGD(0.1), True),
            _keras_steps(tf, tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True), True)]


@snippet(atol=1e-6)
def is_keras_adam_slices_repeated_rows(tf, np):
    # Keras 3 on TF squares each slice before adding repeated rows: not the dense update
    return [_keras_steps(tf, tf.keras.optimizers.Adam(0.1), True),
            _keras_steps(tf, tf.keras.optimizers.Adam(0.1), False)]


@snippet(atol=1e-6)
def is_keras_rmsprop_adagrad_slices(tf, np):
    return [_keras_steps(tf, tf.keras.optimizers.RMSprop(0.1), True),
            _keras_steps(tf, tf.keras.optimizers.Adagrad(0.1), True)]


@snippet(atol=1e-6)
def is_keras_clipping_slices(tf, np):
    return [_keras_steps(tf, tf.keras.optimizers.SGD(0.1, clipnorm=1.0), True),
            _keras_steps(tf, tf.keras.optimizers.Adam(0.1, global_clipnorm=1.0), True),
            _keras_steps(tf, tf.keras.optimizers.Adam(0.1, clipvalue=0.5), True)]


@snippet(atol=1e-6)
def is_keras_embedding_fit(tf, np):
    model = tf.keras.Sequential([tf.keras.layers.Embedding(6, 2, embeddings_initializer="ones"),
                                 tf.keras.layers.GlobalAveragePooling1D(),
                                 tf.keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(tf.keras.optimizers.Adam(0.05), "mse")
    x = np.array([[1, 2, 2], [3, 1, 0], [5, 5, 5], [4, 0, 1]])
    y = np.array([[0.5], [1.0], [-1.0], [2.0]])
    model.fit(x, y, epochs=3, batch_size=2, shuffle=False, verbose=0)
    return tf.convert_to_tensor(model.layers[0].embeddings)


def _tf1_steps(tf, make):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w = v1.get_variable("w", initializer=tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
        ids = v1.placeholder(tf.int32, [None])
        opt = make(v1.train)
        gv = opt.compute_gradients(tf.reduce_sum(tf.gather(w, ids) ** 2), [w])
        step = opt.apply_gradients(gv)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for feed in ([0, 0, 2], [1], [0, 2]):
                sess.run(step, {ids: feed})
            return [type(gv[0][0]).__name__, sess.run(w)]


@snippet(atol=1e-5)
def is_tf1_optimizers_sparse(tf, np):
    return [_tf1_steps(tf, lambda t: t.GradientDescentOptimizer(0.1)),
            _tf1_steps(tf, lambda t: t.MomentumOptimizer(0.1, 0.9)),
            _tf1_steps(tf, lambda t: t.MomentumOptimizer(0.1, 0.9, use_nesterov=True)),
            _tf1_steps(tf, lambda t: t.AdamOptimizer(0.1))]


# -- linalg -------------------------------------------------------------------------------------
def _m(np, *shape, seed=0):
    return np.random.RandomState(seed).standard_normal(shape)


def la_diag_part_k(tf, np):
    x = tf.reshape(tf.range(12.0), [3, 4])
    return [tf.linalg.diag_part(x, k=1), tf.linalg.diag_part(x, k=-1, padding_value=7),
            tf.linalg.diag_part(x, k=(-1, 2)), tf.linalg.diag_part(x, k=(-1, 2), align="LEFT_LEFT"),
            tf.linalg.diag_part(x, k=(0, 1), align="RIGHT_RIGHT", padding_value=-1)]


def la_diag_k(tf, np):
    d = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    return [tf.linalg.diag(tf.constant([1.0, 2.0]), k=1), tf.linalg.diag(d, k=(-1, 0)),
            tf.linalg.diag(d, k=(0, 1), align="LEFT_RIGHT"),
            tf.linalg.diag(tf.constant([1.0, 2.0]), k=-1, num_rows=4, padding_value=9),
            tf.linalg.diag(tf.constant([1, 2]), k=2)]


def la_set_diag_k(tf, np):
    x = tf.reshape(tf.range(12.0), [3, 4])
    return [tf.linalg.set_diag(x, tf.constant([[1.0, 2.0, 3.0], [9.0, 9.0, 9.0]]), k=(0, 1)),
            tf.linalg.set_diag(x, tf.constant([1.0, 2.0, 3.0]), k=1),
            tf.linalg.set_diag(x, tf.constant([1.0, 2.0]), k=-1)]


@snippet(raises="InvalidArgumentError", msg_regex="lower_diag_index must not be larger")
def la_diag_part_bad_band(tf, np):
    tf.linalg.diag_part(tf.zeros([3, 4]), k=(2, 1))


@snippet(raises="InvalidArgumentError", msg_regex="lower_diag_index is out of bound: 5")
def la_diag_part_out_of_bound(tf, np):
    tf.linalg.diag_part(tf.zeros([3, 4]), k=5)


@snippet(raises="InvalidArgumentError", msg_regex="Either first dimensions of diagonal")
def la_set_diag_bad_shape(tf, np):
    tf.linalg.set_diag(tf.zeros([3, 4]), tf.constant([1.0, 2.0]), k=1)


def la_diag_gradients(tf, np):
    x = tf.constant(_m(np, 3, 4))
    d = tf.constant(_m(np, 2, 3, seed=1))
    with tf.GradientTape(persistent=True) as t:
        t.watch([x, d])
        a = tf.reduce_sum(tf.linalg.diag_part(x, k=(-1, 0)) ** 2 * d)
        b = tf.reduce_sum(tf.linalg.set_diag(x, d, k=(0, 1)) ** 3)
        c = tf.reduce_sum(tf.linalg.diag(d, k=(0, 1), num_rows=3, num_cols=4) * x)
    return [t.gradient(a, x), t.gradient(a, d), t.gradient(b, x), t.gradient(b, d),
            t.gradient(c, d)]


def _grad_of(tf, f, x):
    x = tf.constant(x)
    with tf.GradientTape() as t:
        t.watch(x)
        y = f(x)
    return t.gradient(y, x)


@snippet(atol=1e-8)
def la_qr_gradients(tf, np):
    out = []
    for shape, full in (((3, 3), False), ((4, 2), False), ((2, 4), True), ((2, 3, 3), True)):
        x = _m(np, *shape)
        q0, r0 = np.linalg.qr(x, mode="complete" if full else "reduced")
        wq, wr = _m(np, *q0.shape, seed=2), _m(np, *r0.shape, seed=3)
        out.append(_grad_of(tf, lambda a: tf.reduce_sum(tf.linalg.qr(a, full)[0] * wq) +
                            tf.reduce_sum(tf.linalg.qr(a, full)[1] * wr), x))
    return out


@snippet(raises="NotImplementedError", msg_prefix="QrGrad not implemented when nrows > ncols")
def la_qr_gradient_full_deep(tf, np):
    _grad_of(tf, lambda a: tf.reduce_sum(tf.linalg.qr(a, full_matrices=True)[1]), _m(np, 4, 2))


@snippet(atol=1e-8)
def la_svd_gradients(tf, np):
    out = []
    for shape, full in (((3, 3), False), ((4, 3), True), ((3, 4), False), ((2, 4, 3), False)):
        k = min(shape[-2:])

        def f(a):
            s, u, v = tf.linalg.svd(a, full_matrices=full)
            r = tf.matmul(u[..., :, :k] * tf.expand_dims(s, -2), v[..., :, :k], adjoint_b=True)
            return tf.reduce_sum(r ** 3) + tf.reduce_sum(s ** 3)
        out.append(_grad_of(tf, f, _m(np, *shape)))
    return out


@snippet(raises="NotImplementedError", msg_regex=r"abs\(m - n\) > 1 when full_matrices is True")
def la_svd_gradient_full_wide(tf, np):
    _grad_of(tf, lambda a: tf.reduce_sum(tf.linalg.svd(a, full_matrices=True)[2]), _m(np, 2, 4))


def la_einsum_repeated_indices(tf, np):
    x = tf.constant(_m(np, 3, 3))
    y = tf.constant(_m(np, 3, 3, 2))
    return [tf.einsum("ii->i", x), tf.einsum("ii", x), tf.einsum("iij->ij", y),
            _grad_of(tf, lambda a: tf.reduce_sum(tf.einsum("ii->i", a) ** 2), x),
            _grad_of(tf, lambda a: tf.einsum("ii", a) * 3.0, x),
            _grad_of(tf, lambda a: tf.reduce_sum(tf.einsum("iij->ij", a) ** 2), y)]


@snippet(atol=1e-8)
def la_lstsq(tf, np):
    a, b = tf.constant(_m(np, 5, 3)), tf.constant(_m(np, 5, 2, seed=1))
    at, bt = tf.transpose(a), b[:3]
    return [tf.linalg.lstsq(a, b), tf.linalg.lstsq(a, b, l2_regularizer=0.5),
            tf.linalg.lstsq(at, bt, l2_regularizer=0.25), tf.linalg.lstsq(a, b, fast=False),
            tf.linalg.lstsq(a, b, l2_regularizer=0.5, fast=False),
            _grad_of(tf, lambda m: tf.reduce_sum(tf.linalg.lstsq(m, b, 0.5) ** 2), a),
            _grad_of(tf, lambda m: tf.reduce_sum(tf.linalg.lstsq(m, bt) ** 2), at)]


@snippet(raises="ValueError", msg_prefix="Gradient not defined for fast=False")
def la_lstsq_robust_no_gradient(tf, np):
    _grad_of(tf, lambda m: tf.reduce_sum(tf.linalg.lstsq(m, tf.ones([5, 1], tf.float64),
                                                         fast=False)), _m(np, 5, 3))


def la_lu(tf, np):
    m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
    lu, p = tf.linalg.lu(m)
    b = tf.constant([[1.0], [2.0], [3.0]])
    return [lu, p, tf.linalg.lu(m, output_idx_type=tf.int64).p.dtype.name,
            tf.linalg.lu_solve(lu, p, b), tf.linalg.lu_reconstruct(lu, p)]


@snippet(atol=1e-8)
def la_lu_batched(tf, np):
    m = tf.constant(_m(np, 2, 4, 4))
    lu, p = tf.linalg.lu(m)
    return [lu, p, tf.linalg.lu_solve(lu, p, tf.constant(_m(np, 2, 4, 3, seed=5)))]


@snippet(raises="LookupError")
def la_lu_no_gradient(tf, np):
    _grad_of(tf, lambda m: tf.reduce_sum(tf.linalg.lu(m)[0]), _m(np, 3, 3))


def la_triangular_solve(tf, np):
    a = tf.constant(_m(np, 3, 3) + 4 * np.eye(3))
    b = tf.constant(_m(np, 3, 2, seed=1))
    return [tf.linalg.triangular_solve(a, b), tf.linalg.triangular_solve(a, b, lower=False),
            tf.linalg.triangular_solve(a, b, adjoint=True),
            _grad_of(tf, lambda m: tf.reduce_sum(tf.linalg.triangular_solve(m, b) ** 2), a)]
