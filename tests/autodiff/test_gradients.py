"""Gradients of every op in the table against central finite differences in float64.

Small problems compare the full Jacobian (``compute_gradient``: one backward pass per output
element, one pair of evaluations per input element); larger ones compare a random direction:
``<dL/dx, v>`` against ``(L(x + hv) - L(x - hv)) / 2h`` for ``L = sum(w * f(x))`` with a random w.
Binary elementwise rows are also checked over broadcast shapes drawn by hypothesis.
"""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient
from tests.op_cases import CASES, math_cases

FULL_LIMIT = 200  # n_outputs * n_inputs up to which the whole Jacobian is compared
DELTA = 1e-6
RTOL, ATOL = 1e-4, 1e-5


def _float_dtype(case):
    if "float64" in case.dtypes:
        return "float64"
    if any(d.startswith("float") for d in case.dtypes):
        return "float64"
    return None


def _grad_args(case):
    return tuple(case.grad_args) if case.grad_args is not None else tuple(range(case.nargs))


def _outputs(y):
    return list(y) if isinstance(y, (list, tuple)) else [y]


def _scalarize(fn, weights, kwargs):
    """L(x) = sum_k sum(w_k * y_k(x)) as a tensor."""
    def loss(*xs):
        ys = _outputs(fn(*xs, **kwargs))
        total = None
        for y, w in zip(ys, weights):
            term = tf.reduce_sum(y * tf.constant(w))
            total = term if total is None else total + term
        return total
    return loss


# points where the op is not differentiable (TF's gradient is NaN there too)
_NONDIFF_POINTS = {("math.reduce_std", ((),)): "std of one element: sqrt'(0)"}


def _symmetric_input(case):
    return "symmetri" in case.note or getattr(case.make, "__name__", "") == "_spd"


def _symmetrised(fn):
    """Ops that read only half of a symmetric matrix are checked on f((x + x^T) / 2)."""
    def f(x, *rest, **kwargs):
        return fn((x + tf.linalg.matrix_transpose(x)) / 2, *rest, **kwargs)
    return f


def check_gradient(case, shapes, rng):
    if (case.name, tuple(shapes)) in _NONDIFF_POINTS:
        pytest.skip(_NONDIFF_POINTS[(case.name, tuple(shapes))])
    dtype = _float_dtype(case)
    args = case.inputs(rng, shapes, dtype)
    fn = case.function(tf)
    if _symmetric_input(case):
        fn = _symmetrised(fn)
    gargs = _grad_args(case)
    consts = [tf.constant(a) for a in args]
    y0 = _outputs(fn(*consts, **case.kwargs))
    if not all(y.dtype.is_floating for y in y0):
        pytest.skip("non-float output")
    n_out = sum(int(np.prod(y.shape)) for y in y0)
    for i in gargs:
        if not consts[i].dtype.is_floating:
            continue

        def f_i(x, i=i):
            xs = list(consts)
            xs[i] = x
            out = _outputs(fn(*xs, **case.kwargs))
            return out[0] if len(out) == 1 else tf.concat([tf.reshape(o, [-1]) for o in out], 0)

        n_in = args[i].size
        if n_out * n_in <= FULL_LIMIT:
            theo, num = compute_gradient(f_i, [consts[i]], delta=DELTA)
            np.testing.assert_allclose(theo[0], num[0], rtol=RTOL, atol=ATOL,
                                       err_msg="%s: d/d arg %d (full Jacobian)" % (case.name, i))
        else:
            weights = [rng.standard_normal(y.shape) for y in y0]
            loss = _scalarize(fn, weights, case.kwargs)
            x = consts[i]
            with tf.GradientTape() as tape:
                tape.watch(x)
                xs = list(consts)
                xs[i] = x
                L = loss(*xs)
            g = tape.gradient(L, x)
            assert g is not None, "%s: gradient of arg %d is None" % (case.name, i)
            v = rng.standard_normal(args[i].shape)
            xs_p, xs_m = list(consts), list(consts)
            xs_p[i] = tf.constant(args[i] + DELTA * v)
            xs_m[i] = tf.constant(args[i] - DELTA * v)
            num = (loss(*xs_p).numpy() - loss(*xs_m).numpy()) / (2 * DELTA)
            np.testing.assert_allclose(np.sum(g.numpy() * v), num, rtol=RTOL, atol=ATOL * n_in,
                                       err_msg="%s: d/d arg %d (random direction)" % (case.name, i))


def _grad_params():
    for case in CASES:
        if case.grad is not True or _float_dtype(case) is None:
            continue
        for shapes in case.shapes:
            yield pytest.param(case, shapes, id="%s-%s" % (case.name, "x".join(map(str, shapes))))


@pytest.mark.parametrize("case,shapes", list(_grad_params()))
def test_gradient_matches_finite_differences(case, shapes, rng):
    check_gradient(case, shapes, rng)


# elementwise binary rows (math table) that list broadcast shape pairs
_BINARY = [c for c in math_cases.CASES if c.grad is True and c.nargs == 2 and c.fn is None and
           _float_dtype(c) and any(len(s) == 2 and s[0] != s[1] for s in c.shapes)]


@pytest.mark.parametrize("case", _BINARY, ids=str)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
       seed=st.integers(0, 2 ** 16))
def test_gradient_broadcast_hypothesis(case, shapes, seed):
    """The engine sums broadcast gradients back to each input's shape, whatever the shapes."""
    check_gradient(case, shapes.input_shapes, np.random.default_rng(seed))


# -- completeness -------------------------------------------------------------------------------
def test_every_primitive_has_vjp_or_is_declared_non_differentiable():
    from eagerflow.engine.primitive import REGISTRY
    missing = sorted(p.name for p in REGISTRY.values() if p.differentiable and p.vjp is None)
    assert not missing, "primitives with neither a vjp nor differentiable=False: %s" % missing


def _nograd_params():
    for case in CASES:
        if case.grad is False:
            yield pytest.param(case, id=case.name)


@pytest.mark.parametrize("case", list(_nograd_params()))
def test_non_differentiable_rows_give_none(case, rng):
    dtype = _float_dtype(case) or case.dtypes[0]
    args = case.inputs(rng, case.shapes[0], dtype)
    xs = [tf.constant(a) for a in args]
    with tf.GradientTape(persistent=True) as tape:
        for x in xs:
            if x.dtype.is_floating:
                tape.watch(x)
        ys = _outputs(case.function(tf)(*xs, **case.kwargs))
    for y in ys:
        grads = tape.gradient(y, xs)
        assert all(g is None for g in grads), (case.name, grads)
