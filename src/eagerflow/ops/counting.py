"""Counting values: tf.math.bincount (DenseBincount), tf.histogram_fixed_width
(HistogramFixedWidth) and tf.histogram_fixed_width_bins (TF's composite). Counts have no gradient:
TF registers none, so a tape asked for one raises its LookupError."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _attr_error, _dims, _err
from .cast import cast
from .comparison import greater
from .debugging import Assert
from .elementwise import add, clip_by_value, floor, maximum, minimum, multiply, \
    subtract, truediv
from .reduction import reduce_max
from .shape_ops import reshape
from .shape_query import size
from .sorting import _no_gradient

_INDEX = (np.dtype(np.int32), np.dtype(np.int64))
_COUNTS = _INDEX + (np.dtype(np.float32), np.dtype(np.float64))


# ---------------------------------------------------------------------------------------------
# bincount

@primitive("DenseBincount", dtypes=_COUNTS, match=(2,), value_shape=True, run_time_check=True)
def _dense_bincount(arr, size, weights, binary_output):
    n = int(size)
    if n < 0:
        raise _err("DenseBincount", "size (%d) must be non-negative" % n)
    if arr.ndim > 2:
        raise _err("DenseBincount", "Shape must be at most rank 2 but is rank %d" % arr.ndim)
    if weights.size and weights.shape != arr.shape:
        raise _err("DenseBincount", "`weights` must be the same shape as `arr` or a length-0 "
                   "`Tensor`, in which case it acts as all weights equal to 1. Received %s"
                   % _dims(weights.shape))
    if arr.size and arr.min() < 0:
        raise _err("DenseBincount", "Input arr must be non-negative!")
    rows = arr if arr.ndim == 2 else arr.reshape(1, -1)
    out = np.zeros((rows.shape[0], n), weights.dtype)
    kept = rows < n  # values past the output's length are dropped
    r = np.broadcast_to(np.arange(rows.shape[0])[:, None], rows.shape)
    if binary_output or not weights.size:
        np.add.at(out, (r[kept], rows[kept]), 1)
    else:
        np.add.at(out, (r[kept], rows[kept]), weights.reshape(rows.shape)[kept])
    if binary_output:
        out = (out > 0).astype(weights.dtype)
    return out if arr.ndim == 2 else out[0]


_dense_bincount.defvjp(_no_gradient("DenseBincount"))


@export("math.bincount")
def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=_dt.int32, name=None,
             axis=None, binary_output=False):
    """Counts of each value of arr (weighted sums with weights), at least minlength and at most
    maxlength of them; axis=-1 counts each row of a matrix."""
    arr = convert_to_tensor(arr)
    if weights is not None:
        weights = convert_to_tensor(weights)
    if weights is not None and binary_output:
        raise ValueError("Arguments `binary_output` and `weights` are mutually exclusive. Please "
                         "specify only one.")
    if not arr.dtype.is_integer:
        arr = cast(arr, _dt.int32)
    if axis is None:
        axis = 0
    if axis not in [0, -1]:
        raise ValueError("Unsupported value for argument axis=%s. Only 0 and -1 are currently "
                         "supported." % (axis,))
    # TF's length: max(arr) + 1 (0 for an empty arr), then minlength and maxlength
    nonempty = cast(greater(size(arr), 0), arr.dtype)
    length = multiply(nonempty, add(reduce_max(arr), 1))
    if minlength is not None:
        length = maximum(convert_to_tensor(minlength, dtype=arr.dtype), length)
    if maxlength is not None:
        length = minimum(convert_to_tensor(maxlength, dtype=arr.dtype), length)
    if axis == 0:
        if weights is not None:
            weights = reshape(weights, [-1])
        arr = reshape(arr, [-1])
    if weights is None:
        weights = wrap(np.zeros((0,), _dt.as_dtype(dtype).as_numpy_dtype))
    if arr._v.dtype not in _INDEX:
        raise _attr_error("DenseBincount", "Tidx", arr._v.dtype)
    return _dense_bincount(arr, length, weights, binary_output=bool(binary_output))


# ---------------------------------------------------------------------------------------------
# histograms

def _num(v):
    """A number as C++ streams print it (TF's messages): 5.0 -> 5, 0.5 -> 0.5."""
    return "%g" % v


@primitive("HistogramFixedWidth", dtypes=_COUNTS, match=(0, 1), value_shape=True,
           run_time_check=True)
def _histogram(values, value_range, nbins, dtype):
    op = "HistogramFixedWidth"
    if value_range.ndim != 1:
        raise _err(op, "value_range should be a vector.")
    if value_range.size != 2:
        raise _err(op, "value_range should be a vector of 2 elements.")
    if nbins.ndim:
        raise _err(op, "nbins should be a scalar.")
    n = int(nbins)
    if n <= 0:
        raise _err(op, "nbins should be a positive number, but got '%d'" % n)
    lo, hi = value_range
    if not lo < hi:
        raise _err(op, "value_range should satisfy value_range[0] < value_range[1], but got "
                   "'[%s, %s]'" % (_num(lo), _num(hi)))
    if values.dtype.kind == "f" and np.isnan(values).any():
        raise _err(op, "Histogram values must not contain NaN")
    # TF's kernel: the offset from lo in the values' dtype, then in double over the bin width
    step = float(hi - lo) / n
    offset = (np.maximum(values, lo) - lo).astype(np.float64).reshape(-1)
    bins = np.minimum(offset / step, n - 1).astype(np.int32)
    return np.bincount(bins, minlength=n).astype(dtype)


_histogram.defvjp(_no_gradient("HistogramFixedWidth"))


@export("histogram_fixed_width")
def histogram_fixed_width(values, value_range, nbins=100, dtype=_dt.int32, name=None):
    """Counts of values in nbins equal bins over value_range (outliers go to the end bins)."""
    v = values if isinstance(values, Tensor) else convert_to_tensor(values)
    d = _dt.as_dtype(dtype)
    if d not in (_dt.int32, _dt.int64):
        raise _attr_error("HistogramFixedWidth", "dtype", d.as_numpy_dtype)
    n = convert_to_tensor(nbins, dtype=_dt.int32)
    return _histogram(v, value_range, n, dtype=d.as_numpy_dtype)


@export("histogram_fixed_width_bins")
def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=_dt.int32, name=None):
    """The bin index of each value among nbins equal bins over value_range (TF returns int32
    whatever dtype says)."""
    values = convert_to_tensor(values)
    shape = values.shape
    values = reshape(values, [-1])
    value_range = convert_to_tensor(value_range)
    nbins = convert_to_tensor(nbins, dtype=_dt.int32)
    Assert(greater(nbins, 0), ["nbins %s must > 0" % nbins])
    nbins_float = cast(nbins, values.dtype)
    scaled = truediv(subtract(values, value_range[0]), subtract(value_range[1], value_range[0]))
    indices = floor(multiply(nbins_float, scaled))
    indices = cast(clip_by_value(indices, 0, subtract(nbins_float, 1)), _dt.int32)
    return reshape(indices, shape)
