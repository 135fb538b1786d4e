"""Every op of the op table, traced into a graph and run there, gives the eager result; gradients
through a tf.function match central finite differences."""
import numpy as np
import pytest

import eagerflow as tf
from tests.op_cases import CASES


def _params():
    for case in CASES:
        yield pytest.param(case, id=case.name)


@pytest.mark.parametrize("case", list(_params()))
def test_op_traced_and_run_gives_the_eager_result(case):
    rng = np.random.default_rng(0)
    dtype = case.dtypes[0]
    args = [tf.constant(a) for a in case.inputs(rng, case.shapes[0], dtype)]
    fn = case.function(tf)
    eager = fn(*args, **case.kwargs)
    g = tf.function(lambda *xs: fn(*xs, **case.kwargs))
    got = g(*args)
    again = g(*args)  # the generated code (the first call traced)
    for out in (got, again):
        assert type(out) is type(eager) or isinstance(out, type(eager))
        for a, b in zip(tf.nest_flatten(eager) if hasattr(tf, "nest_flatten") else _flat(eager),
                        _flat(out)):
            assert a.dtype == b.dtype and a.shape == b.shape
            if a.dtype.name == "string":  # bytes: equal or not (allclose would subtract them)
                np.testing.assert_array_equal(np.asarray(b.numpy(), dtype=object),
                                              np.asarray(a.numpy(), dtype=object))
                continue
            np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-6, atol=1e-6)


def _flat(x):
    if isinstance(x, (list, tuple)):
        return [y for v in x for y in _flat(v)]
    return [x]


# rows with their own input construction (symmetric, positive-definite ...) are perturbed along
# their structure by tests/autodiff; here each entry moves alone
_GRAD = [c for c in CASES if c.grad and "float64" in c.dtypes and c.make is None]


@pytest.mark.parametrize("case", _GRAD, ids=str)
def test_gradient_through_function_matches_finite_differences(case):
    rng = np.random.default_rng(1)
    arrays = case.inputs(rng, case.shapes[0], "float64")
    fn = case.function(tf)
    which = list(case.grad_args) if case.grad_args is not None else list(range(case.nargs))
    f = tf.function(lambda *xs: tf.reduce_sum(fn(*xs, **case.kwargs)))
    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for k in which:
            tape.watch(xs[k])
        y = f(*xs)
    grads = tape.gradient(y, [xs[k] for k in which])
    eps = 1e-6
    for k, gk in zip(which, grads):
        if gk is None:
            continue
        a = arrays[k]
        num = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            hi, lo = [x.copy() for x in arrays], [x.copy() for x in arrays]
            hi[k][idx] += eps
            lo[k][idx] -= eps
            fh = float(np.sum(fn(*[tf.constant(x) for x in hi], **case.kwargs).numpy()))
            fl = float(np.sum(fn(*[tf.constant(x) for x in lo], **case.kwargs).numpy()))
            num[idx] = (fh - fl) / (2 * eps)
        np.testing.assert_allclose(tf.convert_to_tensor(gk).numpy(), num, rtol=1e-4, atol=1e-5)
