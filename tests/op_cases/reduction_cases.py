"""Op table rows for reductions, scans, arg-reductions, sorting and unique (ops/reduction_ops.py).

Each op gets several rows, one per axis/keepdims combination (kwargs are passed to both eagerflow
and the NumPy reference)."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")
FI = ("float32", "float64", "int32")
FI64 = ("float32", "float64", "int32", "int64")
SHAPES = (((2, 3),), ((3, 4),))
SHAPES3 = (((2, 3, 4),),)
# (kwargs, shapes): the axis forms every reduction row is run with
AXES = [
    ({}, (((2, 3),), ((5,),), ((),))),
    ({"axis": 0}, SHAPES),
    ({"axis": -1, "keepdims": True}, SHAPES),
    ({"axis": (0, 2)}, SHAPES3),
    ({"axis": [1], "keepdims": True}, SHAPES3),
    ({"axis": None, "keepdims": True}, SHAPES),
]


def _ax(kw):
    a = kw.get("axis")
    return tuple(a) if isinstance(a, list) else a


def _np_reduce(fn):
    def ref(x, axis=None, keepdims=False):
        return fn(x, axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=keepdims)
    return ref


def _int_mean(x, axis=None, keepdims=False):
    axis = tuple(axis) if isinstance(axis, list) else axis
    if x.dtype.kind in "iu":
        s = np.sum(x.astype(np.int64), axis=axis, keepdims=keepdims)
        n = x.size // max(np.size(s), 1) if x.size else 1
        return (np.sign(s) * (np.abs(s) // n)).astype(x.dtype)
    return np.mean(x, axis=axis, keepdims=keepdims)


def _logsumexp(x, axis=None, keepdims=False):
    axis = tuple(axis) if isinstance(axis, list) else axis
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _euclid(x, axis=None, keepdims=False):
    axis = tuple(axis) if isinstance(axis, list) else axis
    r = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=axis, keepdims=keepdims))
    return r.astype(x.dtype) if x.dtype.kind in "iu" else r


def _bools(rng, shapes, dtype):
    return [rng.uniform(size=s) > 0.5 for s in shapes]


def _away_from_zero(rng, shapes, dtype):
    """Inputs with |x| in [0.5, 1.5]: products and quotients stay well conditioned."""
    out = []
    for s in shapes:
        a = rng.uniform(0.5, 1.5, size=s) * rng.choice([-1, 1], size=s)
        out.append((np.round(a * 2) if np.dtype(dtype).kind in "iu" else a).astype(dtype))
    return out


def _distinct(rng, shapes, dtype):
    """A permutation scaled into (-3, 3): no ties, so orders and gradients are well defined."""
    out = []
    for s in shapes:
        n = int(np.prod(s))
        a = (rng.permutation(n) - n / 2).reshape(s)
        out.append((a if np.dtype(dtype).kind in "iu" else a * 0.37 + 0.01).astype(dtype))
    return out


def _with_ties(rng, shapes, dtype):
    return [rng.integers(-2, 3, size=s).astype(dtype) for s in shapes]


def _scan_ref(fn, identity):
    def ref(x, axis=0, exclusive=False, reverse=False):
        if reverse:
            x = np.flip(x, axis)
        out = fn(x, axis=axis)
        if exclusive:
            out = np.concatenate([np.full_like(np.take(out, [0], axis=axis), identity),
                                  np.take(out, range(x.shape[axis] - 1), axis=axis)], axis=axis)
        return np.flip(out, axis) if reverse else out
    return ref


def _sort_ref(x, axis=-1, direction="ASCENDING"):
    s = np.sort(x, axis=axis)
    return np.flip(s, axis) if direction == "DESCENDING" else s


def _argsort_ref(x, axis=-1, direction="ASCENDING"):
    if direction == "DESCENDING":
        n = x.shape[axis]
        return (n - 1) - np.flip(np.argsort(np.flip(x, axis), axis=axis, kind="stable"), axis)
    return np.argsort(x, axis=axis, kind="stable")


def _topk_values(x, k=1):
    return -np.sort(-x, axis=-1)[..., :k]


def _topk_indices(x, k=1):
    return np.argsort(-x, axis=-1, kind="stable")[..., :k]


def _unique_ref(part):
    def ref(x):
        _, first, inv = np.unique(x, return_index=True, return_inverse=True)
        order = np.argsort(first)
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        return x[np.sort(first)] if part == "y" else rank[inv.reshape(-1)]
    return ref


def _reduction_rows(name, ref, dtypes, prim, **extra):
    rows = []
    for kw, shapes in AXES:
        rows.append(OpCase(name, ref, 1, dtypes, shapes, kwargs=dict(kw), prims=(prim,),
                           **extra))
    return rows


CASES = []
CASES += _reduction_rows("reduce_sum", _np_reduce(np.sum), FI64, "Sum")
CASES += _reduction_rows("math.reduce_sum", _np_reduce(np.sum), ("float32",), "Sum")
CASES += _reduction_rows("reduce_mean", _int_mean, FI64, "Mean")
CASES += _reduction_rows("reduce_max", _np_reduce(np.max), FI64, "Max", make=_distinct)
CASES += _reduction_rows("reduce_min", _np_reduce(np.min), FI64, "Min", make=_distinct)
CASES += _reduction_rows("reduce_prod", _np_reduce(np.prod), FI, "Prod", make=_away_from_zero)
CASES += _reduction_rows("reduce_any", _np_reduce(np.any), ("bool",), "Any", make=_bools,
                         grad=False)
CASES += _reduction_rows("reduce_all", _np_reduce(np.all), ("bool",), "All", make=_bools,
                         grad=False)
CASES += _reduction_rows("math.reduce_std", _np_reduce(np.std), F, "Mean")
CASES += _reduction_rows("math.reduce_variance", _np_reduce(np.var), F, "Mean")
CASES += _reduction_rows("reduce_logsumexp", _logsumexp, F, "Max", rtol=1e-5)
CASES += _reduction_rows("math.reduce_euclidean_norm", _euclid, FI, "EuclideanNorm",
                         make=_away_from_zero)

for _name, _fn in (("argmax", np.argmax), ("argmin", np.argmin)):
    for _kw, _shapes in (({}, SHAPES + (((6,),),)), ({"axis": 1}, SHAPES + SHAPES3),
                         ({"axis": -1, "output_type": "int32"}, SHAPES)):
        _ref = (lambda fn: lambda x, axis=0, output_type=None: fn(x, axis=axis))(_fn)
        CASES.append(OpCase(_name, _ref, 1, FI64, _shapes, kwargs=_kw, make=_with_ties,
                            out_dtype=_kw.get("output_type", "int64"), grad=False,
                            prims=("ArgMax" if _name == "argmax" else "ArgMin",)))
    CASES.append(OpCase("math." + _name, lambda x, axis=0, _f=_fn: _f(x, axis=axis), 1,
                        ("float32",),
                        SHAPES, make=_with_ties, out_dtype="int64", grad=False))

for _kw, _shapes in (({}, (((5,),), ((3, 4),))), ({"axis": 1}, SHAPES + SHAPES3),
                     ({"axis": -1, "exclusive": True}, SHAPES),
                     ({"axis": 0, "reverse": True}, SHAPES),
                     ({"axis": 1, "exclusive": True, "reverse": True}, SHAPES + SHAPES3)):
    CASES.append(OpCase("cumsum", _scan_ref(np.cumsum, 0), 1, FI64, _shapes, kwargs=_kw,
                        prims=("Cumsum",)))
    CASES.append(OpCase("math.cumprod", _scan_ref(np.cumprod, 1), 1, FI, _shapes, kwargs=_kw,
                        make=_away_from_zero, prims=("Cumprod",),
                        note="TF's rule divides by x (div_no_nan): inputs kept away from 0"))
CASES.append(OpCase("math.cumsum", _scan_ref(np.cumsum, 0), 1, F, SHAPES, prims=("Cumsum",)))

for _kw, _shapes in (({}, SHAPES), ({"axis": 1}, SHAPES + SHAPES3),
                     ({"axis": (0, 1), "keepdims": True}, SHAPES3)):
    CASES.append(OpCase("math.count_nonzero",
                        lambda x, axis=None, keepdims=False: np.count_nonzero(
                            x, axis=axis, keepdims=keepdims), 1, FI64, _shapes, kwargs=_kw,
                        make=_with_ties, out_dtype="int64", grad=False))
CASES.append(OpCase("math.count_nonzero", lambda x, dtype=None: np.count_nonzero(x), 1,
                    ("float32",), SHAPES, kwargs={"dtype": "int32"}, make=_with_ties,
                    out_dtype="int32", grad=False))

for _kw, _shapes in (({}, (((6,),), ((3, 4),))), ({"direction": "DESCENDING"}, SHAPES),
                     ({"axis": 0}, SHAPES + SHAPES3),
                     ({"axis": 1, "direction": "DESCENDING"}, SHAPES3)):
    CASES.append(OpCase("sort", _sort_ref, 1, FI64, _shapes, kwargs=_kw, make=_distinct,
                        prims=("SortOrder", "TakeAlongAxis", "PutAlongAxis")))
    CASES.append(OpCase("argsort", _argsort_ref, 1, FI64, _shapes, kwargs=_kw,
                        make=_with_ties, out_dtype="int32", grad=False))

for _k, _shapes in ((1, SHAPES), (2, SHAPES + SHAPES3), (3, SHAPES)):
    CASES.append(OpCase("math.top_k", _topk_values, 1, FI64, _shapes, kwargs={"k": _k},
                        make=_distinct, fn=lambda tf: lambda x, k: tf.math.top_k(x, k).values,
                        prims=("TopKV2", "PutAlongAxis")))
    CASES.append(OpCase("math.top_k", _topk_indices, 1, FI64, _shapes, kwargs={"k": _k},
                        make=_with_ties, out_dtype="int32", grad=False,
                        fn=lambda tf: lambda x, k: tf.math.top_k(x, k).indices))
CASES.append(OpCase("nn.top_k", _topk_values, 1, F, SHAPES, make=_distinct,
                    fn=lambda tf: lambda x: tf.nn.top_k(x).values, prims=("TopKV2",)))

for _part, _od in (("y", None), ("idx", "int32")):
    CASES.append(OpCase("unique", _unique_ref(_part), 1, FI64, (((9,),), ((1,),), ((20,),)),
                        make=_with_ties, out_dtype=_od, grad=None,
                        note="TF registers no gradient for Unique (LookupError)",
                        fn=(lambda p: lambda tf: lambda x: getattr(tf.unique(x), p))(_part),
                        prims=("Unique",)))
    CASES.append(OpCase("unique_with_counts", _unique_ref(_part), 1, FI64, (((9,),), ((20,),)),
                        make=_with_ties, out_dtype=_od, grad=None,
                        note="TF registers no gradient for UniqueWithCounts (LookupError)",
                        fn=(lambda p: lambda tf: lambda x: getattr(tf.unique_with_counts(x),
                                                                    p))(_part),
                        prims=("UniqueWithCounts",)))
CASES.append(OpCase("unique_with_counts",
                    lambda x: np.unique(x, return_index=True, return_counts=True)[2][
                        np.argsort(np.unique(x, return_index=True)[1])],
                    1, FI64, (((9,),), ((20,),)), make=_with_ties, out_dtype="int32", grad=None,
                    note="counts", prims=("UniqueWithCounts",),
                    fn=lambda tf: lambda x: tf.unique_with_counts(x).count))
