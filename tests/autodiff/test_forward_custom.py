"""Forward mode (ForwardAccumulator), custom_gradient and the public gradient checker."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.autodiff import ForwardAccumulator
from eagerflow.autodiff.custom import custom_gradient
from eagerflow.autodiff.gradcheck import compute_gradient
from tests.op_cases import CASES


# -- forward mode -----------------------------------------------------------------------------
def test_forward_accumulator_basic():
    x = tf.constant([1.0, 2.0])
    v = tf.constant([1.0, 0.5])
    with ForwardAccumulator(primals=x, tangents=v) as acc:
        y = tf.reduce_sum(x * x * x)
        z = tf.sin(x)
    assert acc.jvp(y).numpy() == pytest.approx(9.0)
    np.testing.assert_allclose(acc.jvp(z).numpy(), np.cos([1.0, 2.0]) * [1.0, 0.5], rtol=1e-6)


def test_forward_unconnected():
    x = tf.constant(2.0)
    with ForwardAccumulator(x, tf.constant(1.0)) as acc:
        y = x * x
        c = tf.constant(5.0) * 2.0
    assert acc.jvp(y).numpy() == 4.0 and acc.jvp(c) is None
    assert acc.jvp(c, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy() == 0.0
    assert acc.jvp(x).numpy() == 1.0
    assert [t.numpy() if t is not None else None for t in acc.jvp([y, c])] == [4.0, None]


def test_forward_variable_primal():
    v = tf.Variable(3.0)
    with ForwardAccumulator(v, tf.constant(1.0)) as acc:
        y = v * v
    assert acc.jvp(y).numpy() == 6.0


def test_forward_over_reverse_hvp():
    x = tf.constant(2.0)
    with ForwardAccumulator(x, tf.constant(1.0)) as acc:
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x * x
        g = tape.gradient(y, x)
    assert acc.jvp(g).numpy() == 12.0


def test_reverse_over_forward():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        with ForwardAccumulator(x, tf.constant(1.0)) as acc:
            y = x * x * x
        j = acc.jvp(y)
    assert tape.gradient(j, x).numpy() == 12.0


def _fwd_params():
    for case in CASES:
        if case.grad is True and "float64" in case.dtypes:
            yield pytest.param(case, case.shapes[0], id="%s-%s" % (case.name, case.shapes[0]))


@pytest.mark.parametrize("case,shapes", list(_fwd_params()))
def test_forward_matches_reverse_and_finite_differences(case, shapes, rng):
    """JVP along a random direction == <reverse gradient rows, v> == finite difference."""
    from tests.autodiff.test_gradients import _symmetric_input, _symmetrised, _NONDIFF_POINTS
    if (case.name, tuple(shapes)) in _NONDIFF_POINTS:
        pytest.skip("not differentiable there")
    args = case.inputs(rng, shapes, "float64")
    fn = case.function(tf)
    if _symmetric_input(case):
        fn = _symmetrised(fn)
    gargs = case.grad_args if case.grad_args is not None else range(case.nargs)
    xs = [tf.constant(a) for a in args]
    vs = {i: rng.standard_normal(args[i].shape) for i in gargs if args[i].dtype.kind == "f"}
    prim = [xs[i] for i in vs]
    tans = [tf.constant(vs[i]) for i in vs]
    with ForwardAccumulator(prim, tans) as acc:
        y = fn(*xs, **case.kwargs)
    ys = list(y) if isinstance(y, (list, tuple)) else [y]
    for k, yk in enumerate(ys):
        if not yk.dtype.is_floating:
            continue
        jvp = acc.jvp(yk, unconnected_gradients="zero").numpy()
        # finite differences
        h = 1e-6
        plus = [tf.constant(a + h * vs[i]) if i in vs else x for i, (a, x) in
                enumerate(zip(args, xs))]
        minus = [tf.constant(a - h * vs[i]) if i in vs else x for i, (a, x) in
                 enumerate(zip(args, xs))]
        yp, ym = fn(*plus, **case.kwargs), fn(*minus, **case.kwargs)
        if isinstance(yp, (list, tuple)):
            yp, ym = yp[k], ym[k]
        num = (yp.numpy() - ym.numpy()) / (2 * h)
        np.testing.assert_allclose(jvp, num, rtol=1e-4, atol=1e-5, err_msg=case.name)
        # reverse mode: <w, J v> == <J^T w, v>
        w = rng.standard_normal(yk.shape)
        with tf.GradientTape() as tape:
            tape.watch(prim)
            y2 = fn(*xs, **case.kwargs)
            y2 = list(y2)[k] if isinstance(y2, (list, tuple)) else y2
        gs = tape.gradient(y2, prim, output_gradients=tf.constant(w),
                           unconnected_gradients="zero")
        rev = sum(np.sum(tf.convert_to_tensor(g).numpy() * vs[i]) for g, i in zip(gs, vs))
        assert np.sum(w * jvp) == pytest.approx(rev, rel=1e-6, abs=1e-8), case.name


# -- custom_gradient --------------------------------------------------------------------------
def test_custom_gradient_replaces_the_gradient():
    @custom_gradient
    def clip_grad(x):
        def grad(g):
            return tf.clip_by_value(g, -0.5, 0.5)
        return tf.identity(x), grad

    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(clip_grad(x) * tf.constant([0.1, 3.0]))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0.1, 0.5])


def test_custom_gradient_log1pexp_is_stable():
    @custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    x = tf.constant(100.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert np.isinf(y.numpy()) and tape.gradient(y, x).numpy() == 1.0


def test_custom_gradient_without_tape_returns_value():
    @custom_gradient
    def f(x):
        return x * 2.0, lambda g: g
    assert f(tf.constant(3.0)).numpy() == 6.0


def test_custom_gradient_with_variables():
    v = tf.Variable(2.0)

    @custom_gradient
    def h(x):
        def grad(u, variables=None):
            assert len(variables) == 1 and variables[0] is v
            return u * v, [u * x * 10.0]
        return x * v, grad

    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = h(c)
    gc, gv = tape.gradient(y, [c, v])
    assert gc.numpy() == 2.0 and gv.numpy() == 30.0


def test_custom_gradient_variables_need_keyword():
    v = tf.Variable(2.0)

    @custom_gradient
    def h(x):
        return x * v, lambda u: u * v

    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        with pytest.raises(TypeError, match="must accept keyword argument 'variables'"):
            h(c)


def test_custom_gradient_wrong_count():
    @custom_gradient
    def f(a, b):
        return a * b, lambda u: u

    a, b = tf.constant(1.0), tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = f(a, b)
    with pytest.raises(ValueError, match="expected to return 2 gradients, but returned 1"):
        tape.gradient(y, [a, b])


def test_custom_gradient_second_order():
    @custom_gradient
    def cube(x):
        def grad(g):
            return g * 3.0 * x * x
        return x * x * x, grad

    x = tf.Variable(3.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = cube(x)
        d1 = inner.gradient(y, x)
    assert d1.numpy() == 27.0 and outer.gradient(d1, x).numpy() == 18.0


def test_custom_gradient_forward_mode():
    @custom_gradient
    def f(x):
        return x * x, lambda g: g * 100.0  # a deliberately "wrong" derivative
    x = tf.constant(2.0)
    with ForwardAccumulator(x, tf.constant(1.0)) as acc:
        y = f(x)
    assert acc.jvp(y).numpy() == 100.0


# -- compute_gradient -------------------------------------------------------------------------
def test_compute_gradient_layout_and_dtype():
    theo, num = compute_gradient(lambda x: tf.reduce_sum(x) * 2.0, [tf.constant([1.0, 2.0, 3.0])])
    assert isinstance(theo, tuple) and theo[0].shape == (1, 3) and theo[0].dtype == np.float32
    np.testing.assert_allclose(theo[0], [[2, 2, 2]])
    np.testing.assert_allclose(num[0], [[2, 2, 2]], rtol=1e-3)
    theo, num = compute_gradient(lambda x, y: x * y, [tf.constant([1.0, 2.0], tf.float64),
                                                      tf.constant(3.0, tf.float64)], delta=0.01)
    np.testing.assert_allclose(theo[0], [[3, 0], [0, 3]])
    np.testing.assert_allclose(theo[1], [[1], [2]])
    np.testing.assert_allclose(num[1], [[1], [2]])


def test_compute_gradient_python_float_and_errors():
    theo, num = compute_gradient(lambda x: x * x, [1.5])
    assert theo[0].dtype == np.float32 and theo[0][0, 0] == 3.0
    with pytest.raises(ValueError, match="must be a list or tuple"):
        compute_gradient(lambda x: x, tf.constant(1.0))


def test_compute_gradient_detects_a_wrong_gradient():
    @custom_gradient
    def bad(x):
        return tf.sin(x), lambda g: g * tf.sin(x)  # should be cos
    theo, num = compute_gradient(bad, [tf.constant([0.3, 1.2], tf.float64)])
    assert not np.allclose(theo[0], num[0], atol=1e-3)
