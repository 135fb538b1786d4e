"""Higher-order functions over the first dimension: tf.map_fn, tf.scan, tf.foldl, tf.foldr and
tf.vectorized_map.

As in TF they are built on tf.while_loop and tf.TensorArray: eagerly the loop is a Python loop over
TensorArrays that are lists (tapes record each step, so gradients flow); inside a tf.function the
same code becomes one While node whose body reads and writes TensorArray buffers, which traces once
and differentiates like any loop. RaggedTensor elements or results (which TensorArrays cannot hold)
take a Python loop over the rows and ``tf.ragged.stack``; in a graph that needs a known row count.
"""
import numpy as np

from .. import dtypes as _dt
from .. import nest
from .._export import export
from ..engine.primitive import COMPOSITES, current_tracer
from ..graph.spec import TensorSpec
from ..graph.tensor_array import TensorArray
from ..graph.while_loop import while_loop
from ..tensor import Tensor, convert_to_tensor
from ..tensor_shape import TensorShape, Dimension
from . import shape_query

__all__ = ["map_fn", "scan", "foldl", "foldr", "vectorized_map"]


def _check_fn(fn):
    if not callable(fn):  # TF reads fn.__name__ before it checks anything else
        raise AttributeError("'%s' object has no attribute '__name__'" % type(fn).__name__)


def _convert(x):
    return x if type(x) in COMPOSITES else convert_to_tensor(x)


def _flat_elems(elems):
    flat = [_convert(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError("elems must be a Tensor or (possibly nested) sequence of Tensors. Got "
                         "%s, which does not contain any Tensors." % (elems,))
    return flat


def _first_dim(flat):
    """The static length of the elements' first dimension (None if unknown), checked as TF does."""
    for e in flat:
        if e.shape.ndims == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    n = None
    for e in flat:
        d = e.shape[0]
        d = d.value if isinstance(d, Dimension) else d
        if n is not None and d is not None and d != n:
            raise ValueError("Dimensions %d and %d are not compatible" % (n, d))
        n = d if n is None else n
    return n


def _length(flat, n_static):
    if n_static is not None:
        return n_static
    return shape_query.shape(flat[0])[0]


def _signature_spec(s):
    """A leaf of fn_output_signature as a TensorSpec (a DType: any shape) or a RaggedTensorSpec."""
    if isinstance(s, TensorSpec) or type(s).__name__ == "RaggedTensorSpec":
        return s
    return TensorSpec(None, _dt.as_dtype(s))


def _is_ragged_spec(s):
    return type(s).__name__ == "RaggedTensorSpec"


@export("map_fn")
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """``fn`` applied to each slice of ``elems`` along dimension 0, results stacked."""
    _check_fn(fn)
    if fn_output_signature is None:
        fn_output_signature = dtype
    flat = _flat_elems(elems)
    n_static = _first_dim(flat)
    if fn_output_signature is None:
        out_structure = elems
        out_specs = [e._type_spec if type(e) in COMPOSITES else TensorSpec(None, e.dtype)
                     for e in flat]
    else:
        out_structure = fn_output_signature
        out_specs = [_signature_spec(s) for s in nest.flatten(fn_output_signature)]

    def call(xs):
        out = fn(nest.pack_sequence_as(elems, xs))
        nest.assert_same_structure(fn_output_signature or elems, out)
        return nest.flatten(out)

    if any(type(e) in COMPOSITES for e in flat) or any(_is_ragged_spec(s) for s in out_specs):
        results = _map_rows(call, flat, n_static, out_specs)
    else:
        n = _length(flat, n_static)
        elems_ta = [TensorArray(e.dtype, size=n, dynamic_size=False, infer_shape=True).unstack(e)
                    for e in flat]
        accs = [TensorArray(s.dtype, size=n, dynamic_size=False, infer_shape=infer_shape,
                            element_shape=s.shape) for s in out_specs]

        def body(i, accs):
            values = call([ta.read(i) for ta in elems_ta])
            return i + 1, [ta.write(i, v) for ta, v in zip(accs, values)]

        _, accs = while_loop(lambda i, _: i < n, body, (0, accs), maximum_iterations=n,
                             parallel_iterations=parallel_iterations or 10)
        results = [ta.stack() for ta in accs]
        results = [_set_first_dim(r, n_static) for r in results]
    return nest.pack_sequence_as(out_structure, results)


def _set_first_dim(t, n):
    """The static shape of a stacked result in a graph: ``n`` rows (unknown when ``n`` is)."""
    if current_tracer() is None or t.shape.ndims is None or t.shape.ndims == 0:
        return t
    if n is None:
        if t._dims[0] is not None:  # the loop's outputs carry the example's row count
            t._dims = (None,) + tuple(t._dims[1:])
            if t._ex2 is None:
                ex = t._ex
                t._ex2 = np.resize(ex, (ex.shape[0] + 1,) + ex.shape[1:])
        return t
    shape = TensorShape([n]).concatenate(t.shape[1:])
    if t.shape.is_compatible_with(shape):
        t.set_shape(shape)
    return t


def _map_rows(call, flat, n, out_specs):
    """map_fn's loop in Python, for RaggedTensor elements or results."""
    import eagerflow as tf
    if n is None:
        raise NotImplementedError("eagerflow: tf.map_fn over RaggedTensors inside a tf.function "
                                  "needs a statically known number of rows")
    rows = [[] for _ in out_specs]
    for i in range(n):
        for acc, v in zip(rows, call([e[i] for e in flat])):
            acc.append(v)
    out = []
    for spec, vals in zip(out_specs, rows):
        if _is_ragged_spec(spec):
            out.append(tf.ragged.stack(vals) if vals else
                       tf.ragged.constant([], dtype=spec.dtype, ragged_rank=1))
        else:
            vals = [tf.cast(v, spec.dtype) if not isinstance(v, Tensor) else v for v in vals]
            out.append(tf.stack(vals) if vals else tf.zeros([0], spec.dtype))
    return out


def _scan(fn, elems, initializer, parallel_iterations, reverse, keep_all):
    """The loop shared by scan (``keep_all``: every accumulator, stacked) and the folds (the last)."""
    _check_fn(fn)
    flat = _flat_elems(elems)
    n_static = _first_dim(flat)
    n = _length(flat, n_static)
    elems_ta = [TensorArray(e.dtype, size=n, dynamic_size=False, infer_shape=True).unstack(e)
                for e in flat]

    def index(i):
        return n - 1 - i if reverse else i

    def read(i):
        return nest.pack_sequence_as(elems, [ta.read(index(i)) for ta in elems_ta])

    if initializer is None:
        acc = read(0)
        start = 1
    else:
        acc = nest.map_structure(convert_to_tensor, initializer)
        start = 0
    acc_flat = nest.flatten(acc)
    structure = acc
    accs = [TensorArray(a.dtype, size=n, dynamic_size=False, infer_shape=True)
            for a in acc_flat] if keep_all else []
    if keep_all and initializer is None:
        accs = [ta.write(index(0), a) for ta, a in zip(accs, acc_flat)]

    def body(i, a_flat, accs):
        a = fn(nest.pack_sequence_as(structure, a_flat), read(i))
        nest.assert_same_structure(structure, a)
        a_flat = [convert_to_tensor(v) for v in nest.flatten(a)]
        if keep_all:
            accs = [ta.write(index(i), v) for ta, v in zip(accs, a_flat)]
        return i + 1, a_flat, accs

    _, acc_flat, accs = while_loop(lambda i, *_: i < n, body, (start, acc_flat, accs),
                                   parallel_iterations=parallel_iterations)
    if not keep_all:
        return nest.pack_sequence_as(structure, acc_flat)
    return nest.pack_sequence_as(structure, [_set_first_dim(ta.stack(), n_static)
                                             for ta in accs])


@export("scan")
def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """The running accumulation ``a = fn(a, x)`` over the slices of ``elems``, every step stacked."""
    return _scan(fn, elems, initializer, parallel_iterations, reverse, True)


@export("foldl")
def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """``a = fn(a, x)`` over the slices of ``elems`` from the first; the final ``a``."""
    return _scan(fn, elems, initializer, parallel_iterations, False, False)


@export("foldr")
def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """``a = fn(a, x)`` over the slices of ``elems`` from the last; the final ``a``."""
    return _scan(fn, elems, initializer, parallel_iterations, True, False)


@export("vectorized_map")
def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """``fn`` over the slices of ``elems``, results stacked (eagerflow loops as tf.map_fn does;
    the results equal a vectorized run's)."""
    flat = _flat_elems(elems)
    n = _first_dim(flat)
    if current_tracer() is None and n is not None and \
            not any(type(e) in COMPOSITES for e in flat):
        outs = [fn(nest.pack_sequence_as(elems, [e[i] for e in flat])) for i in range(n)]
        if not outs:
            return map_fn(fn, elems)
        import eagerflow as tf
        flats = [[convert_to_tensor(v) for v in nest.flatten(o)] for o in outs]
        return nest.pack_sequence_as(outs[0], [tf.stack(list(vs)) for vs in zip(*flats)])
    # in a graph: one probe call on the first slice gives the results' dtypes
    probe = fn(nest.pack_sequence_as(elems, [e[0] for e in flat]))
    signature = nest.map_structure(lambda v: TensorSpec(None, convert_to_tensor(v).dtype), probe)
    return map_fn(fn, elems, fn_output_signature=signature)
