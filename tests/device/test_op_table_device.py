"""The op table on the fake GPU: every row's forward (all its dtypes and shapes) and gradient run
"on the device" with results equal to the host's, outputs placed on the GPU, and no copy of a
device array to the host inside the op.

Rows that do not run there are listed with the reason; their test checks that they still fail on
the stand-in (so a fix shows up as a failure asking to shorten the list)."""
import numpy as np
import pytest

import eagerflow as tf
from tests.op_cases import CASES

GPU = "/job:localhost/replica:0/task:0/device:GPU:0"
CPU = "/job:localhost/replica:0/task:0/device:CPU:0"

# rows (by test id: the name, #2 ... for a name's later rows) that raise on the stand-in: kernels
# still written for NumPy arrays only
NOT_ON_DEVICE = {
    "image.crop_and_resize": "image/_crop_resize.py (another engineer's new module): host "
                             "position tables",
    **{name: "ops/counting.py (another engineer's new module): host arrays in the kernels"
       for name in ("math.bincount", "math.bincount(weights)",
                    "math.bincount(axis=-1, minlength)",
                    "sets.difference(sparse, sparse)", "sets.size")},
}
_SEGMENT = "ops/segment.py (another engineer's work in progress): host arrays in the kernels"


def _not_on_device(row):
    """Why the row's kernels do not run on the device, or None."""
    return _SEGMENT if "segment_" in row else NOT_ON_DEVICE.get(row)


# rows whose results stay on the host by design
ON_HOST = {"shape"}  # tf.shape's result is host memory (as in TF; shapes feed host code)
# text from numbers: kernels declared ``host`` (TF has no GPU kernel), their inputs copied there
HOST_KERNELS = {"strings.as_string", "strings.format", "strings.unicode_encode",
                "image.non_max_suppression", "image.non_max_suppression_with_scores",
                "image.draw_bounding_boxes"}


def _row_ids(cases):
    seen = {}
    for c in cases:
        seen[c.name] = seen.get(c.name, 0) + 1
        yield c.name if seen[c.name] == 1 else "%s#%d" % (c.name, seen[c.name])


def _strings_in(args):
    return any(a.dtype.kind in "OSU" for a in args)


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _check_same(dev, host, where):
    dev, host = _flat(dev), _flat(host)
    assert len(dev) == len(host)
    for d, h in zip(dev, host):
        d, h = tf.convert_to_tensor(d), tf.convert_to_tensor(h)
        assert (d.dtype, tuple(d.shape)) == (h.dtype, tuple(h.shape)), where
        if h.dtype == tf.string or h.dtype == tf.bool or h.dtype.is_integer:
            np.testing.assert_array_equal(d.numpy(), h.numpy(), err_msg=where)
        else:
            np.testing.assert_allclose(d.numpy(), h.numpy(), rtol=1e-6, atol=1e-7,
                                       equal_nan=True, err_msg=where)


def _forward_on_device(case, gpu):
    fn = case.function(tf)
    for dtype in case.dtypes:
        for shapes in case.shapes:
            args = case.inputs(np.random.default_rng(0), shapes, dtype)
            host = fn(*[tf.constant(a) for a in args], **case.kwargs)
            with tf.device("/GPU:0"):
                xs = [tf.constant(a) for a in args]
                before = gpu.COPIES["to_host"]
                out = fn(*xs, **case.kwargs)
                copied = gpu.COPIES["to_host"] - before
            where = "%s %s %s" % (case.name, dtype, shapes)
            # (tf.repeat reads a counts tensor on the host: it fixes the result's shape)
            allowed = 1 if case.name == "repeat" else len(xs) if case.name in HOST_KERNELS else 0
            assert copied <= allowed, "%s: %d copies to the host" % (where, copied)
            want = CPU if _strings_in(args) or case.name in ON_HOST | HOST_KERNELS else GPU
            for o in _flat(out):
                o = tf.convert_to_tensor(o)
                placed = want if o.dtype != tf.string else CPU
                assert o.device == placed, (where, o.device)
            _check_same(out, host, where)


_FORWARD = [pytest.param(c, i, id=i) for c, i in zip(CASES, _row_ids(CASES))]


@pytest.mark.parametrize("case,row", _FORWARD)
def test_forward_on_device_equals_host(case, row, gpu):
    if _not_on_device(row):
        with pytest.raises(TypeError):
            _forward_on_device(case, gpu)
    else:
        _forward_on_device(case, gpu)


def test_known_lists_name_rows():
    rows = set(_row_ids(CASES))
    assert not (set(NOT_ON_DEVICE) | ON_HOST | HOST_KERNELS) - rows


# -- gradients ------------------------------------------------------------------------------
def _grad_dtype(case):
    for d in ("float64", "float32", "complex128"):
        if d in case.dtypes:
            return d
    return None


def _gradients(case, args):
    xs = [tf.constant(a) for a in args]
    idx = case.grad_args if case.grad_args is not None else range(case.nargs)
    with tf.GradientTape() as tape:
        for k in idx:
            tape.watch(xs[k])
        ys = _flat(case.function(tf)(*xs, **case.kwargs))
        total = tf.add_n([tf.reduce_sum(tf.math.real(y) if y.dtype.is_complex else y)
                          for y in ys])
    return tape.gradient(total, [xs[k] for k in idx])


_GRADIENT = [pytest.param(c, i, id=i) for c, i in zip(CASES, _row_ids(CASES))
             if c.grad is True and _grad_dtype(c)]


@pytest.mark.parametrize("case,row", _GRADIENT)
def test_gradient_on_device_equals_host(case, row, gpu):
    args = case.inputs(np.random.default_rng(0), case.shapes[0], _grad_dtype(case))
    host = _gradients(case, args)

    def on_device():
        with tf.device("/GPU:0"):
            dev = _gradients(case, args)
        for d, h in zip(dev, host):
            assert (d is None) == (h is None)
            if d is not None:
                assert tf.convert_to_tensor(d).device == GPU, case.name
                _check_same(d, h, case.name)

    if _not_on_device(row):
        with pytest.raises(TypeError):
            on_device()
    else:
        on_device()
