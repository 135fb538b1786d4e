"""Gradient clipping: clip_by_norm, clip_by_global_norm and linalg.global_norm (composites of
primitives, so their gradients and higher derivatives come from the primitives' rules). As in TF,
an IndexedSlices gradient is clipped through its values (its norm is theirs: repeated indices
count once each) and stays IndexedSlices."""
import numpy as np

from .._export import export
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .cast import cast, ones_like
from .comparison import _greater, _select
from .elementwise import _add, _maximum, _minimum, _mul, _realdiv, _sqrt, _sub
from .gather import IndexedSlices
from .losses import _l2_loss
from .reduction import reduce_sum
from .shape_ops import stack


def _like(value, x):
    return wrap(np.asarray(value, x._v.dtype))


@export("clip_by_norm")
def clip_by_norm(t, clip_norm, axes=None, name=None):
    """t * clip_norm / max(l2norm(t, axes), clip_norm): rescaled to an L2 norm of at most
    clip_norm (a negative clip_norm clips to zeros, as in TF)."""
    if type(t) is IndexedSlices:
        return IndexedSlices(clip_by_norm(t.values, clip_norm, axes), t.indices, t.dense_shape)
    x = convert_to_tensor(t)
    c = convert_to_tensor(clip_norm, dtype_hint=x.dtype)
    c = _maximum(c if c.dtype is x.dtype else cast(c, x.dtype), _like(0, x))
    l2sum = reduce_sum(_mul(x, x), axes, keepdims=True)
    # sqrt only where the sum is positive: an all-zero t gets a finite gradient (1), as in TF
    positive = _greater(l2sum, _like(0, l2sum))
    norm = _select(positive, _sqrt(_select(positive, l2sum, ones_like(l2sum))), l2sum)
    return _realdiv(_mul(x, c), _maximum(norm, c))


def _tensors(t_list):
    if isinstance(t_list, (Tensor, VariableBase, np.ndarray)) or \
            not isinstance(t_list, (list, tuple)):
        raise TypeError("`t_list` should be a sequence of tensors. Received %s." % type(t_list))
    return [None if v is None else v if type(v) is IndexedSlices else convert_to_tensor(v)
            for v in t_list]


def _global_norm(ts):
    halves = [_l2_loss(convert_to_tensor(v.values) if type(v) is IndexedSlices else v)
              for v in ts if v is not None]
    if not halves:
        return wrap(np.zeros((), np.float32))
    total = reduce_sum(stack(halves))
    return _sqrt(_mul(total, _like(2, total)))


@export("linalg.global_norm")
def global_norm(t_list, name=None):
    """sqrt(sum of the squared L2 norms of the tensors in t_list) (None entries skipped)."""
    return _global_norm(_tensors(t_list))


@export("clip_by_global_norm")
def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales every tensor of t_list by clip_norm / max(global_norm, clip_norm); returns
    (list with None entries kept, global_norm). A non-finite norm gives NaN values, as in TF."""
    ts = _tensors(t_list)
    if use_norm is None:
        use_norm = _global_norm(ts)
    else:
        use_norm.dtype  # TF reads it first: a Python float is an AttributeError there too
        use_norm = convert_to_tensor(use_norm)
    dt = use_norm.dtype
    c = convert_to_tensor(clip_norm, dtype=dt) if not isinstance(clip_norm, Tensor) else clip_norm
    one = _like(1, use_norm)
    scale = _mul(c, _minimum(_realdiv(one, use_norm), _realdiv(one, c)))
    with np.errstate(invalid="ignore"):  # inf or nan norm: nan scale, silently as in TF
        scale = _add(scale, _sub(use_norm, use_norm))
    out = []
    for v in ts:
        if v is None:
            out.append(None)
        elif type(v) is IndexedSlices:
            values = convert_to_tensor(v.values)
            out.append(IndexedSlices(_mul(values, scale if v.dtype is dt else
                                          cast(scale, v.dtype)), v.indices, v.dense_shape))
        else:
            out.append(_mul(v, scale if v.dtype is dt else cast(scale, v.dtype)))
    return out, use_norm

