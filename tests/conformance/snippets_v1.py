"""tf.compat.v1 conformance snippets: graph tensors as TF prints them, Session.run results and
structures, TF1 variables and initializers, tf.gradients, the TF1 optimizers' trajectories and the
classic linear/softmax-regression scripts, and TF's errors.

Each snippet builds its graph inside ``with tf.Graph().as_default():`` so graph mode never leaks
into other tests (TF's graph mode is process-global, and TF refuses to re-enable eager execution
once graph mode was used, so disable/enable_eager_execution are tested in tests/compat only). Each public function ``name(tf, np)`` is one
test (see harness.py).
"""
from .harness import snippet


def _data(np, n=64, d=3):
    x = (np.arange(n * d, dtype=np.float32).reshape(n, d) % 7 - 3) / 3
    w = np.array([[0.5], [-1.0], [2.0]], np.float32)[:d]
    y = x @ w + 0.25 + np.sin(np.arange(n, dtype=np.float32))[:, None] * 0.1
    return x, y.astype(np.float32)


# -- graph tensors and names ------------------------------------------------------------------------
@snippet(compare_str=True)
def v1_placeholder_prints(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        y = tf.compat.v1.placeholder(tf.int32)
        return [str(x), repr(x), str(y), str(x.shape), x.dtype.name]


def v1_op_names_get_suffixes(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        return [str(x + 1.0), str(x + 1.0), str(x * x), str(x - 2.0), str(tf.matmul(x, tf.ones([2, 3])))]


def v1_name_scopes(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3], name="x")
        out = []
        with tf.name_scope("layer") as s:
            out.append(s)
            out.append(str(x * 2.0))
            with tf.name_scope("inner"):
                out.append(str(tf.reduce_sum(x)))
        with tf.name_scope("layer") as s:
            out.append(s)
            out.append(str(x + x))
        return out


def v1_constant_is_a_node(tf, np):
    with tf.Graph().as_default():
        return [str(tf.constant(3)), str(tf.constant([1.0, 2.0])), str(tf.constant(1.0, name="c"))]


def v1_executing_eagerly_in_graph(tf, np):
    before = tf.executing_eagerly()
    with tf.Graph().as_default():
        inside = tf.executing_eagerly()
    return [before, inside, tf.executing_eagerly()]


def v1_get_default_graph(tf, np):
    g = tf.Graph()
    with g.as_default() as entered:
        return [entered is g, tf.compat.v1.get_default_graph() is g]


def v1_get_operations(tf, np):
    with tf.Graph().as_default() as g:
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        y = tf.add(x, tf.constant([1.0, 2.0]), name="y")
        return [(op.name, op.type) for op in g.get_operations()]


def v1_get_tensor_by_name(tf, np):
    with tf.Graph().as_default() as g:
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        t = g.get_tensor_by_name("x:0")
        return [t is x, str(t), g.get_operation_by_name("x").type]


def v1_graph_def_nodes(tf, np):
    with tf.Graph().as_default() as g:
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        x * 2.0
        gd = g.as_graph_def()
        return [(n.name, n.op, list(n.input)) for n in gd.node]


def v1_variable_prints(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        v = tf.Variable(3.0)
        return [repr(w), str(v), w.name, type(w).__name__, str(w.shape)]


def v1_variable_ops(tf, np):
    with tf.Graph().as_default() as g:
        tf.Variable([1.0, 2.0], name="w")
        return [(op.name, op.type) for op in g.get_operations() if op.type != "VarHandleOp" and
                op.type != "VarIsInitializedOp"]


def v1_init_op(tf, np):
    with tf.Graph().as_default():
        tf.Variable(1.0, name="a")
        init = tf.compat.v1.global_variables_initializer()
        return [repr(init), init.name, init.type]


def v1_collections(tf, np):
    with tf.Graph().as_default():
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b", trainable=False)
        return [[v.name for v in tf.compat.v1.global_variables()],
                [v.name for v in tf.compat.v1.trainable_variables()]]


# -- Session.run --------------------------------------------------------------------------------
def v1_session_run_tensor(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        y = x * 2.0 + 1.0
        with tf.compat.v1.Session() as sess:
            return sess.run(y, feed_dict={x: [[1, 2], [3, 4]]})


def v1_session_scalar_result(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        with tf.compat.v1.Session() as sess:
            r = sess.run(tf.reduce_sum(x), {x: [1, 2, 3]})
            return [r, type(r).__name__]


def v1_session_run_structures(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        a, b = x + 1.0, x * 3.0
        with tf.compat.v1.Session() as sess:
            feed = {x: np.array([1.0, 2.0], np.float32)}
            return [sess.run([a, b], feed), sess.run((a, [b, (a,)]), feed),
                    sess.run({"a": a, "b": [b]}, feed)]


def v1_session_run_namedtuple(tf, np):
    import collections
    P = collections.namedtuple("P", "s d")
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        with tf.compat.v1.Session() as sess:
            r = sess.run(P(x + x, x - x), {x: [1.0, 2.0]})
            return [type(r).__name__, r.s, r.d]


def v1_session_feed_by_name(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="inp")
        y = tf.identity(x * 2.0, name="out")
        with tf.compat.v1.Session() as sess:
            return [sess.run("out:0", {"inp:0": [1.0, 2.0]}), sess.run(y, {x: [3.0, 4.0]})]


def v1_session_op_fetch_is_none(tf, np):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        init = tf.compat.v1.global_variables_initializer()
        with tf.compat.v1.Session() as sess:
            return [sess.run(init), sess.run([init, v])]


def v1_session_feed_intermediate(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        h = x * 2.0
        y = h + 1.0
        with tf.compat.v1.Session() as sess:
            return sess.run(y, {h: [10.0, 20.0]})


def v1_feed_converts_dtype(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        i = tf.compat.v1.placeholder(tf.int32, [2])
        with tf.compat.v1.Session() as sess:
            return sess.run([x * 2.0, i + 1], {x: [1, 2], i: np.array([1.7, 2.2])})


def v1_feed_different_batch_sizes(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        m = tf.reduce_mean(x, axis=0)
        with tf.compat.v1.Session() as sess:
            return [sess.run(m, {x: np.ones((3, 2))}), sess.run(m, {x: np.arange(10.0).reshape(5, 2)})]


def v1_unknown_rank_placeholder(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32)
        y = x * 2.0
        with tf.compat.v1.Session() as sess:
            return [sess.run(y, {x: 3.0}), sess.run(y, {x: [[1.0, 2.0]]}), str(x)]


def v1_placeholder_with_default(tf, np):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder_with_default([1.0, 2.0], shape=[None], name="p")
        y = p * 10.0
        with tf.compat.v1.Session() as sess:
            return [str(p), sess.run(y), sess.run(y, {p: [5.0, 6.0, 7.0]})]


def v1_interactive_session_eval(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        v = tf.Variable([1.0, 2.0])
        y = x + v
        sess = tf.compat.v1.InteractiveSession()
        try:
            tf.compat.v1.global_variables_initializer().run()
            return [y.eval({x: [1.0, 1.0]}), v.eval(),
                    tf.compat.v1.get_default_session() is sess]
        finally:
            sess.close()


def v1_session_as_default(tf, np):
    with tf.Graph().as_default():
        c = tf.constant([1, 2]) * 3
        sess = tf.compat.v1.Session()
        with sess.as_default():
            r = c.eval()
        sess.close()
        return r


def v1_two_sessions_own_values(tf, np):
    with tf.Graph().as_default():
        v = tf.Variable(0.0)
        inc = tf.compat.v1.assign_add(v, 1.0)
        init = tf.compat.v1.global_variables_initializer()
        s1, s2 = tf.compat.v1.Session(), tf.compat.v1.Session()
        s1.run(init)
        s2.run(init)
        s1.run(inc)
        s1.run(inc)
        s2.run(inc)
        out = [s1.run(v), s2.run(v)]
        s1.close()
        s2.close()
        return out


# -- variables ----------------------------------------------------------------------------------
def v1_variables_initialize_and_assign(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        a = tf.compat.v1.assign(w, [5.0, 6.0])
        b = tf.compat.v1.assign_add(w, [1.0, 1.0])
        c = w.assign_sub([0.5, 0.5])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            return [sess.run(w), sess.run(a), sess.run(b), sess.run(c), sess.run(w)]


def v1_variable_from_tensor_initial_value(tf, np):
    with tf.Graph().as_default():
        x = tf.constant([[1.0, 2.0]])
        w = tf.Variable(x * 3.0)
        y = tf.matmul(w, tf.transpose(x))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            return sess.run([w, y])


def v1_variables_initializer_subset(tf, np):
    with tf.Graph().as_default():
        a = tf.Variable(1.0)
        b = tf.Variable(2.0)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.variables_initializer([a]))
            return sess.run(a)


def v1_get_variable_scopes(tf, np):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo"):
            v = tf.compat.v1.get_variable("v", [2], initializer=tf.compat.v1.zeros_initializer())
            s = tf.add(v, 1.0)
        with tf.compat.v1.variable_scope("foo", reuse=True):
            same = tf.compat.v1.get_variable("v") is v
        with tf.compat.v1.variable_scope("foo", reuse=tf.compat.v1.AUTO_REUSE):
            u = tf.compat.v1.get_variable("u", [3], initializer=tf.compat.v1.ones_initializer())
            u2 = tf.compat.v1.get_variable("u")
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            return [repr(v), same, u2 is u, repr(u), sess.run([v, u, s])]


def v1_get_variable_constant_initializer(tf, np):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("layer"):
            w = tf.compat.v1.get_variable("w", [2, 2], initializer=tf.compat.v1.constant_initializer(0.5))
            b = tf.compat.v1.get_variable("b", initializer=tf.constant([1.0, 2.0]))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            return [w.name, b.name, sess.run(w), sess.run(b)]


@snippet(random=True)
def v1_get_variable_default_initializer(tf, np):
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", [4, 3])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            v = sess.run(w)
            return [v, bool(np.all(np.abs(v) <= np.sqrt(6.0 / 7)))]


@snippet(raises="ValueError", msg_prefix=True)
def v1_get_variable_exists_error(tf, np):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo"):
            tf.compat.v1.get_variable("v", [2])
        with tf.compat.v1.variable_scope("foo"):
            tf.compat.v1.get_variable("v", [2])


@snippet(raises="ValueError", msg_prefix=True)
def v1_get_variable_missing_error(tf, np):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo", reuse=True):
            tf.compat.v1.get_variable("nope", [2])


def v1_variable_scope_name_scopes(tf, np):
    with tf.Graph().as_default():
        x = tf.constant(1.0)
        with tf.compat.v1.variable_scope("s"):
            a = str(x + 1.0)
        with tf.compat.v1.variable_scope("s", reuse=True):
            b = str(x + 1.0)
        return [a, b]


# -- errors -------------------------------------------------------------------------------------
@snippet(raises="FailedPreconditionError", msg_prefix="Graph execution error:")
def v1_uninitialized_variable_error(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        with tf.compat.v1.Session() as sess:
            sess.run(w * 2.0)


@snippet(raises="FailedPreconditionError", msg_regex="Could not find variable w\\. This could mean")
def v1_uninitialized_variable_message(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        with tf.compat.v1.Session() as sess:
            sess.run(w)


@snippet(raises="InvalidArgumentError",
         msg_regex="You must feed a value for placeholder tensor 'x' with dtype float and shape \\[\\?,2\\]")
def v1_unfed_placeholder_error(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        with tf.compat.v1.Session() as sess:
            sess.run(x + 1.0)


@snippet(raises="ValueError", msg_prefix=True)
def v1_feed_wrong_shape_error(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        with tf.compat.v1.Session() as sess:
            sess.run(x + 1.0, {x: [1.0, 2.0, 3.0]})


@snippet(raises="ValueError", msg_prefix="Cannot feed value of shape (2, 3) for Tensor x:0")
def v1_feed_wrong_dim_error(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        with tf.compat.v1.Session() as sess:
            sess.run(x, {x: np.zeros((2, 3))})


@snippet(raises="ValueError", msg_prefix="could not convert string to float")
def v1_feed_wrong_dtype_error(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        with tf.compat.v1.Session() as sess:
            sess.run(x, {x: ["a", "b"]})


@snippet(raises="RuntimeError", msg_prefix="Attempted to use a closed Session.")
def v1_closed_session_error(tf, np):
    with tf.Graph().as_default():
        c = tf.constant(1.0)
        sess = tf.compat.v1.Session()
        sess.close()
        sess.run(c)


@snippet(raises="ValueError", msg_regex="is not an element of this graph")
def v1_fetch_other_graph_error(tf, np):
    with tf.Graph().as_default():
        c = tf.constant(1.0)
    with tf.Graph().as_default():
        tf.constant(2.0)
        with tf.compat.v1.Session() as sess:
            sess.run(c)


@snippet(raises="ValueError", msg_regex="must be from the same graph as")
def v1_mix_graphs_error(tf, np):
    with tf.Graph().as_default():
        c = tf.compat.v1.placeholder(tf.float32, [], name="c")
    with tf.Graph().as_default():
        d = tf.compat.v1.placeholder(tf.float32, [], name="d")
        c + d


@snippet(raises="RuntimeError", msg_prefix=True)
def v1_gradients_in_eager_error(tf, np):
    tf.gradients(tf.constant(1.0), tf.constant(2.0))


@snippet(raises="RuntimeError", msg_prefix=True)
def v1_placeholder_in_eager_error(tf, np):
    tf.compat.v1.placeholder(tf.float32)


@snippet(raises="TypeError", msg_prefix="The value of a feed cannot be a tf.Tensor object.")
def v1_feed_tensor_value_error(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [], name="x")
        with tf.compat.v1.Session() as sess:
            sess.run(x, {x: tf.constant(1.0)})


# -- gradients ----------------------------------------------------------------------------------
def v1_gradients_values(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable([[1.0], [2.0], [3.0]], name="w")
        b = tf.Variable(0.5, name="b")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b))
        gw, gb, gx = tf.gradients(loss, [w, b, x])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            feed = {x: np.arange(12, dtype=np.float32).reshape(4, 3) / 10}
            r1 = sess.run([gw, gb, gx], feed)
            r2 = sess.run([gw, gb], {x: np.ones((7, 3), np.float32)})
            return [r1, r2, str(gw.shape), str(gx.shape)]


def v1_gradients_grad_ys_and_unconnected(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        z = tf.compat.v1.placeholder(tf.float32, [2])
        y = x * x
        g = tf.gradients(y, [x, z], grad_ys=tf.constant([1.0, 10.0]))
        with tf.compat.v1.Session() as sess:
            return [g[1] is None, sess.run(g[0], {x: [3.0, 4.0]})]


def v1_gradients_multiple_ys(tf, np):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        g = tf.gradients([tf.reduce_sum(x * x), tf.reduce_sum(tf.sin(x))], x)
        with tf.compat.v1.Session() as sess:
            return sess.run(g, {x: [0.0, 1.0, 2.0]})


def v1_gradients_through_softmax_xent(tf, np):
    with tf.Graph().as_default():
        logits = tf.compat.v1.placeholder(tf.float32, [None, 3])
        labels = tf.compat.v1.placeholder(tf.int32, [None])
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        g = tf.gradients(loss, logits)[0]
        with tf.compat.v1.Session() as sess:
            return sess.run([loss, g], {logits: [[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]], labels: [1, 2]})


def v1_compute_and_apply_gradients(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, -2.0], name="w")
        loss = tf.reduce_sum(w * w)
        opt = tf.compat.v1.train.GradientDescentOptimizer(0.1)
        gv = opt.compute_gradients(loss)
        step = opt.apply_gradients([(g * 2.0, v) for g, v in gv])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            sess.run(step)
            return [len(gv), gv[0][1] is w, sess.run(w), repr(step)]


def v1_minimize_global_step(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable(3.0)
        gs = tf.compat.v1.train.get_or_create_global_step()
        op = tf.compat.v1.train.GradientDescentOptimizer(0.25).minimize(w * w, global_step=gs)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for _ in range(3):
                sess.run(op)
            return [sess.run(w), sess.run(gs), repr(gs)]


def v1_optimizer_slot_variables(tf, np):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        loss = tf.reduce_sum(w * w)
        tf.compat.v1.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        tf.compat.v1.train.AdamOptimizer(0.01).minimize(loss)
        return [v.name for v in tf.compat.v1.global_variables()]


def _trajectory(tf, np, make_opt, steps=50):
    x_np, y_np = _data(np)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.compat.v1.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([3, 1]))
        b = tf.Variable(tf.zeros([1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train = make_opt().minimize(loss)
        losses = []
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for _ in range(steps):
                _, l = sess.run([train, loss], {x: x_np, y: y_np})
                losses.append(l)
            return [np.array(losses), sess.run(w), sess.run(b)]


@snippet(rtol=1e-6, atol=1e-6)
def v1_gradient_descent_trajectory(tf, np):
    return _trajectory(tf, np, lambda: tf.compat.v1.train.GradientDescentOptimizer(0.1))


@snippet(rtol=1e-6, atol=1e-6)
def v1_momentum_trajectory(tf, np):
    return _trajectory(tf, np, lambda: tf.compat.v1.train.MomentumOptimizer(0.05, 0.9))


@snippet(rtol=1e-6, atol=1e-6)
def v1_nesterov_trajectory(tf, np):
    return _trajectory(tf, np, lambda: tf.compat.v1.train.MomentumOptimizer(
        0.05, 0.9, use_nesterov=True))


@snippet(rtol=1e-6, atol=1e-6)
def v1_adam_trajectory(tf, np):
    return _trajectory(tf, np, lambda: tf.compat.v1.train.AdamOptimizer(0.05))


def v1_linear_regression_script(tf, np):
    train_X = np.asarray([3.3, 4.4, 5.5, 6.71, 6.93, 4.168, 9.779, 6.182, 7.59, 2.167, 7.042,
                          10.791, 5.313, 7.997, 5.654, 9.27, 3.1], dtype=np.float32)
    train_Y = np.asarray([1.7, 2.76, 2.09, 3.19, 1.694, 1.573, 3.366, 2.596, 2.53, 1.221, 2.827,
                          3.465, 1.65, 2.904, 2.42, 2.94, 1.3], dtype=np.float32)
    n = train_X.shape[0]
    with tf.Graph().as_default():
        X = tf.compat.v1.placeholder("float")
        Y = tf.compat.v1.placeholder("float")
        W = tf.Variable(0.3, name="weight")
        b = tf.Variable(-0.2, name="bias")
        pred = tf.add(tf.multiply(X, W), b)
        cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * n)
        optimizer = tf.compat.v1.train.GradientDescentOptimizer(0.01).minimize(cost)
        init = tf.compat.v1.global_variables_initializer()
        with tf.compat.v1.Session() as sess:
            sess.run(init)
            for epoch in range(20):
                for (x, y) in zip(train_X, train_Y):
                    sess.run(optimizer, feed_dict={X: x, Y: y})
                if (epoch + 1) % 5 == 0:
                    c = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
                    print("Epoch:", "%04d" % (epoch + 1), "cost=", "{:.9f}".format(c),
                          "W=", sess.run(W), "b=", sess.run(b))
            return [sess.run(cost, feed_dict={X: train_X, Y: train_Y}), sess.run(W), sess.run(b)]


def v1_softmax_regression_script(tf, np):
    n, d, k = 120, 4, 3
    xs = ((np.arange(n * d, dtype=np.float32).reshape(n, d) * 7) % 11 - 5) / 5
    labels = (np.arange(n) * 5 % 7) % k
    ys = np.eye(k, dtype=np.float32)[labels]
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, d])
        y_ = tf.compat.v1.placeholder(tf.float32, [None, k])
        W = tf.Variable(tf.zeros([d, k]))
        b = tf.Variable(tf.zeros([k]))
        y = tf.nn.softmax(tf.matmul(x, W) + b)
        cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.math.log(y), axis=[1]))
        train_step = tf.compat.v1.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
        correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
        sess = tf.compat.v1.InteractiveSession()
        tf.compat.v1.global_variables_initializer().run()
        for i in range(30):
            batch = slice((i * 40) % n, (i * 40) % n + 40)
            sess.run(train_step, feed_dict={x: xs[batch], y_: ys[batch]})
            if i % 10 == 9:
                print("step", i, "loss %.4f" % sess.run(cross_entropy, {x: xs, y_: ys}))
        out = [sess.run(accuracy, feed_dict={x: xs, y_: ys}), W.eval(), b.eval()]
        sess.close()
        return out


@snippet(rtol=1e-5, atol=1e-6)
def v1_mlp_sparse_xent_steps(tf, np):
    n = 32
    xs = ((np.arange(n * 8, dtype=np.float32).reshape(n, 8) * 3) % 13 - 6) / 6
    ys = (np.arange(n) * 3) % 5
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 8])
        y = tf.compat.v1.placeholder(tf.int64, [None])
        w1 = tf.Variable(((np.arange(8 * 16).reshape(8, 16) % 5) - 2).astype(np.float32) / 10)
        b1 = tf.Variable(tf.zeros([16]))
        w2 = tf.Variable(((np.arange(16 * 5).reshape(16, 5) % 7) - 3).astype(np.float32) / 10)
        b2 = tf.Variable(tf.zeros([5]))
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        logits = tf.matmul(h, w2) + b2
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        step = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            ls = [sess.run([step, loss], {x: xs, y: ys})[1] for _ in range(20)]
            return [np.array(ls), sess.run(w2)]


def v1_group_and_control(tf, np):
    with tf.Graph().as_default():
        a = tf.Variable(1.0)
        b = tf.Variable(2.0)
        g = tf.group(a.assign(10.0), b.assign_add(5.0))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            r = sess.run(g)
            return [r, sess.run([a, b]), g.type]


def v1_v1_namespace_ops(tf, np):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        x = v1.placeholder(v1.float32, [2, 2])
        y = v1.reduce_mean(v1.nn.softmax(v1.matmul(x, x)), axis=1)
        with v1.Session() as sess:
            return sess.run(y, {x: [[1.0, 2.0], [0.5, -1.0]]})


def v1_session_graph_argument(tf, np):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0) * 4.0
    with tf.compat.v1.Session(graph=g) as sess:
        return [sess.graph is g, sess.run(c)]
