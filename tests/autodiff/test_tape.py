"""GradientTape behaviour (TF 2 semantics): watching, structures, persistence, unconnected
gradients, higher derivatives, Jacobians, threads, and the seed notebook's gradient cells."""
import logging
import threading

import numpy as np
import pytest

import eagerflow as tf
from eagerflow.autodiff import tape as tape_mod

NON_PERSISTENT = ("A non-persistent GradientTape can only be used to compute one set of gradients "
                  "(or jacobians)")


def _np(t):
    return None if t is None else t.numpy()


# -- the seed notebook ------------------------------------------------------------------------
def test_notebook_cube_prints_27(capsys):
    w = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = w * w * w
    print(tape.gradient(y, w))
    assert capsys.readouterr().out == "tf.Tensor(27.0, shape=(), dtype=float32)\n"


def test_notebook_exercise_dz():
    x, y, z = tf.Variable(1.0), tf.Variable(5.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        f = x ** 2 + y - z ** 2
    assert str(tape.gradient(f, z)) == "tf.Tensor(-4.0, shape=(), dtype=float32)"


# -- watching ---------------------------------------------------------------------------------
def test_constants_unwatched_unless_watched():
    c = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = c * c
    assert tape.gradient(y, c) is None
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = c * c
    assert tape.gradient(y, c).numpy() == 6.0


def test_watch_nested_structure():
    a, b = tf.constant(2.0), tf.constant([1.0, 2.0])
    v = tf.Variable(1.0, trainable=False)
    with tf.GradientTape() as tape:
        tape.watch({"a": a, "rest": [b, (v,)]})
        y = a * tf.reduce_sum(b * b) + v
    ga, gb, gv = tape.gradient(y, [a, b, v])
    assert ga.numpy() == 5.0 and gb.numpy().tolist() == [4.0, 8.0] and gv.numpy() == 1.0


def test_watch_int_tensor_warns_and_gives_none(caplog):
    i = tf.constant(3)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with tf.GradientTape() as tape:
            tape.watch(i)
            y = i * i
    assert "The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32" \
        in caplog.text
    assert tape.gradient(y, i) is None


def test_int_variable_gives_none_silently():
    v = tf.Variable(3)
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is None


def test_non_trainable_variable_needs_watch():
    b = tf.Variable(3.0, trainable=False)
    with tf.GradientTape() as tape:
        y = b * b
    assert tape.gradient(y, b) is None
    with tf.GradientTape() as tape:
        tape.watch(b)
        y = b * b
    assert tape.gradient(y, b).numpy() == 6.0


def test_watch_accessed_variables_false():
    a, b = tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    ga, gb = tape.gradient(y, [a, b])
    assert ga.numpy() == 3.0 and gb is None
    assert [v.numpy() for v in tape.watched_variables()] == [2.0]


def test_watched_variables_order_and_identity():
    a, b, c = tf.Variable(2.0), tf.Variable(3.0, trainable=False), tf.Variable(4.0)
    with tf.GradientTape() as tape:
        y = a * b * c
    vs = tape.watched_variables()
    assert len(vs) == 2 and vs[0] is a and vs[1] is c
    tape.gradient(y, a)
    assert tape.watched_variables()[0] is a  # still answered after the tape released its nodes


# -- gradient() -------------------------------------------------------------------------------
def test_second_gradient_on_non_persistent_raises():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match=r"^A non-persistent GradientTape can only be used"):
        tape.gradient(y, x)


def test_never_entered_tape_raises():
    with pytest.raises(RuntimeError) as e:
        tf.GradientTape().gradient(tf.constant(1.0), tf.constant(1.0))
    assert str(e.value) == NON_PERSISTENT


def test_persistent_tape_many_gradients_and_intermediates():
    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        z = y * y
    assert tape.gradient(z, x).numpy() == 108.0
    assert tape.gradient(z, y).numpy() == 18.0
    assert tape.gradient(y, x).numpy() == 6.0


def test_sources_structure_is_preserved():
    a, b, c = tf.Variable(1.0), tf.Variable([1.0, 3.0]), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = a * tf.reduce_sum(b) * c
    g = tape.gradient(y, {"x": [a, (b,)], "z": c})
    assert set(g) == {"x", "z"} and isinstance(g["x"], list) and isinstance(g["x"][1], tuple)
    assert g["x"][0].numpy() == 8.0 and g["x"][1][0].numpy().tolist() == [2.0, 2.0]
    assert g["z"].numpy() == 4.0


@pytest.mark.parametrize("mode", [tf.UnconnectedGradients.ZERO, "zero"])
def test_unconnected_zero(mode):
    u = tf.Variable(tf.constant(np.zeros((2, 3))))
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x + 1.0
    g = tape.gradient(y, [u, x], unconnected_gradients=mode)
    assert g[0].dtype == tf.float64 and g[0].shape == (2, 3) and not g[0].numpy().any()
    assert g[1].numpy() == 1.0


def test_unconnected_none():
    u, x = tf.Variable(1.0), tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x + 1.0
    assert tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.NONE) is None


def test_non_scalar_and_list_targets_are_summed():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        z = 3.0 * x
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0]
    assert tape.gradient([y, z], x).numpy().tolist() == [5.0, 7.0]


def test_output_gradients_weight_the_target():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * x
    g = tape.gradient(y, x, output_gradients=tf.constant([10.0, 0.5]))
    assert g.numpy().tolist() == [20.0, 2.0]


def test_gradient_of_source_itself_is_ones():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        pass
    assert tape.gradient(x, x).numpy().tolist() == [1.0, 1.0]


def test_integer_target_gives_none():
    x = tf.Variable([1.5, 2.0])
    with tf.GradientTape() as tape:
        y = tf.cast(x, tf.int32)
    assert tape.gradient(y, x) is None


def test_broadcasting_is_summed_back():
    a = tf.Variable([[1.0], [2.0]])          # (2, 1)
    b = tf.Variable([1.0, 2.0, 3.0])         # (3,)
    c = tf.Variable(2.0)                     # ()
    with tf.GradientTape() as tape:
        y = a * b * c
    ga, gb, gc = tape.gradient(y, [a, b, c])
    assert ga.shape == (2, 1) and ga.numpy().ravel().tolist() == [12.0, 12.0]
    assert gb.shape == (3,) and gb.numpy().tolist() == [6.0, 6.0, 6.0]
    assert gc.shape == () and gc.numpy() == 18.0


def test_assign_breaks_the_chain():
    v, w = tf.Variable(2.0), tf.Variable(0.0)
    with tf.GradientTape(persistent=True) as tape:
        w.assign(v * 3.0)
        y = w * 1.0
    assert tape.gradient(y, v) is None
    assert tape.gradient(y, w).numpy() == 1.0


def test_assign_add_inside_tape_uses_new_value():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        v.assign_add(1.0)
        y = v * v
    assert tape.gradient(y, v).numpy() == 6.0


def test_stop_recording_and_stop_gradient():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            z = x * 10.0
        out = y + z + tf.stop_gradient(x * x)
    assert tape.gradient(out, x).numpy() == 4.0


def test_stop_recording_outside_context_raises():
    tape = tf.GradientTape()  # never entered: TF's RuntimeError (when the block is entered)
    with pytest.raises(RuntimeError, match="Trying to stop recording a tape which is not"):
        with tape.stop_recording():
            pass
    with tape:
        pass
    with pytest.raises(ValueError, match="Tape is not recording"):  # entered and exited
        with tape.stop_recording():
            pass


def test_reset_forgets_earlier_ops():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x * x
        tape.reset()
        z = x * 5.0
    assert tape.gradient(z, x).numpy() == 5.0
    assert tape.gradient is not None


def test_gradient_inside_context():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        g = tape.gradient(y, x)
        y2 = y * x
    assert g.numpy() == 4.0 and tape.gradient(y2, x).numpy() == 12.0


# -- higher derivatives -----------------------------------------------------------------------
def test_second_derivative_of_cube_is_18():
    x = tf.Variable(3.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x * x * x
        d1 = inner.gradient(y, x)
    assert d1.numpy() == 27.0
    assert outer.gradient(d1, x).numpy() == 18.0


def test_third_derivative():
    x = tf.Variable(2.0)
    with tf.GradientTape() as t3:
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = x * x * x * x          # 4x^3, 12x^2, 24x
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert (d1.numpy(), d2.numpy(), d3.numpy()) == (32.0, 48.0, 48.0)


def test_second_derivative_through_broadcast_and_exp():
    x = tf.Variable([[0.5], [1.0]])
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.reduce_sum(tf.exp(x * tf.constant([1.0, 2.0])))
        d1 = inner.gradient(y, x)
    d2 = outer.gradient(d1, x)
    xv = np.array([[0.5], [1.0]])
    np.testing.assert_allclose(d2.numpy(), np.exp(xv) + 4 * np.exp(2 * xv), rtol=1e-5)


def test_hessian_vector_product():
    a = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])
    A = tf.constant(a)
    x = tf.Variable(np.array([1.0, -1.0, 2.0]))
    v = tf.constant(np.array([0.5, 1.0, -1.0]))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            # f = 1/2 x^T A x + sum(x^3)/3 ; H = A + diag(2x)
            f = 0.5 * tf.reduce_sum(x * tf.linalg.matvec(A, x)) + tf.reduce_sum(x * x * x) / 3.0
        g = inner.gradient(f, x)
        gv = tf.reduce_sum(g * v)
    hvp = outer.gradient(gv, x)
    xv = np.array([1.0, -1.0, 2.0])
    np.testing.assert_allclose(hvp.numpy(), (a + np.diag(2 * xv)) @ np.array([0.5, 1.0, -1.0]))


# -- jacobians --------------------------------------------------------------------------------
def test_jacobian_shape_and_values():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = x * x * tf.constant([[1.0], [2.0]])
    j = tape.jacobian(y, x)
    assert j.shape == (2, 3, 3)
    expected = np.stack([np.diag([2.0, 4.0, 6.0]), np.diag([4.0, 8.0, 12.0])])
    np.testing.assert_allclose(j.numpy(), expected)


def test_jacobian_unconnected_and_structure():
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    u = tf.Variable([1.0])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(x * x, axis=1)
    jx, ju = tape.jacobian(y, [x, u])
    assert jx.shape == (2, 2, 2) and ju is None
    np.testing.assert_allclose(jx.numpy(), [[[2, 4], [0, 0]], [[0, 0], [6, 8]]])
    jz = tape.jacobian(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert jz.shape == (2, 1) and not jz.numpy().any()
    j2 = tape.jacobian(y, x, experimental_use_pfor=False)
    np.testing.assert_allclose(j2.numpy(), jx.numpy())


def test_jacobian_without_pfor_needs_persistent():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * x
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.jacobian(y, x, experimental_use_pfor=False)


def test_batch_jacobian_shape_and_values():
    xv = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
    wv = np.array([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]], np.float32)
    x = tf.Variable(xv)
    with tf.GradientTape(persistent=True) as tape:
        y = tf.tanh(tf.matmul(x, tf.constant(wv)) / 10.0)
    bj = tape.batch_jacobian(y, x, experimental_use_pfor=True)
    assert bj.shape == (3, 3, 2)
    s = 1 - np.tanh(xv @ wv / 10) ** 2
    expected = np.einsum("bj,ij->bji", s, wv) / 10
    np.testing.assert_allclose(bj.numpy(), expected, rtol=1e-5)
    full = tape.jacobian(y, x).numpy()
    np.testing.assert_allclose(bj.numpy(), np.einsum("bjbi->bji", full), rtol=1e-6)


def test_batch_jacobian_first_dims_must_match():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reshape(x, (1, 2))
    with pytest.raises(ValueError, match=r"Need first dimension of target shape \(\(1, 2\)\)"):
        tape.batch_jacobian(y, tf.reshape(x, (2, 1)))


# -- threads and recording ---------------------------------------------------------------------
def test_tape_never_records_another_threads_ops():
    x = tf.Variable(2.0)
    started, finish = threading.Event(), threading.Event()
    results = {}

    def other():
        started.wait()
        results["y"] = x * x * x  # read + ops in another thread while the tape is open
        finish.set()

    th = threading.Thread(target=other)
    th.start()
    with tf.GradientTape(persistent=True) as tape:
        started.set()
        finish.wait(5)
        z = x * 1.0
    th.join()
    assert tape.gradient(results["y"], x) is None
    assert tape.gradient(z, x).numpy() == 1.0
    assert len(tape._tape.nodes) == 2  # the read of x and the multiply, nothing else


def test_each_thread_has_its_own_tape():
    out = {}

    def work(k):
        x = tf.Variable(float(k))
        with tf.GradientTape() as tape:
            y = x * x
        out[k] = tape.gradient(y, x).numpy()

    ths = [threading.Thread(target=work, args=(k,)) for k in range(1, 6)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    assert out == {k: 2.0 * k for k in range(1, 6)}


def test_nothing_recorded_without_watched_inputs():
    c = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        for _ in range(10):
            c = c * 2.0 + 1.0
    assert tape._tape.nodes == [] and tape._tape.watched == {}


def test_tape_stack_and_counter_restored():
    from eagerflow.engine.primitive import STATE
    n0 = STATE.n
    with tf.GradientTape():
        with tf.GradientTape():
            assert len(tape_mod.active_tapes()) == 2
    assert STATE.n == n0 and tape_mod.active_tapes() == []
