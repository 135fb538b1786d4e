"""Public functions that are primitives themselves take their inputs by TF's keyword names and a
positional ``name``, exactly like the positional call (and like TF's function of that name)."""
import inspect

import numpy as np
import pytest

import eagerflow as tf
from eagerflow._export import NAMESPACES
from eagerflow.engine.primitive import Primitive

_PUBLIC_PRIMS = sorted({(ns, name) for ns, table in NAMESPACES.items()
                        for name, obj in table.items() if isinstance(obj, Primitive)})


def _get(ns, name):
    mod = tf
    for part in filter(None, ns.split(".")):
        mod = getattr(mod, part)
    return getattr(mod, name)


def _inputs_for(ns, name, n):
    if ns == "bitwise" or name.startswith("logical_"):
        dt = np.bool_ if name.startswith("logical_") else np.int32
        return [tf.constant(np.array([1, 2], dt) if dt is np.int32 else np.array([True, False]))
                for _ in range(n)]
    if name == "invert":
        return [tf.constant(np.array([1, 2], np.int32))]
    return [tf.constant(np.array([0.25, 0.5], np.float32)) for _ in range(n)]


@pytest.mark.parametrize("ns,name", _PUBLIC_PRIMS, ids=lambda v: str(v))
def test_keyword_and_positional_name_calls(ns, name):
    f = _get(ns, name)
    params = [p for p in inspect.signature(f).parameters if p != "name"]
    args = _inputs_for(ns, name, len(params))
    try:
        expected = f(*args)
    except Exception as e:  # an op that rejects these inputs must reject them the same way
        with pytest.raises(type(e)):
            f(**dict(zip(params, args)))
        return
    for got in (f(**dict(zip(params, args))), f(*args, "op_name"), f(*args, name="op_name")):
        np.testing.assert_array_equal(got.numpy(), expected.numpy())
        assert got.dtype == expected.dtype


def test_missing_and_extra_arguments_raise_type_error():
    a = tf.constant([1.0])
    with pytest.raises(TypeError):
        tf.multiply(a)
    with pytest.raises(TypeError):
        tf.multiply(a, a, "n", "extra")
    with pytest.raises(TypeError):
        tf.multiply(a, a, "n", name="m")
