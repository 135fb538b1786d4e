"""tf.sparse: SparseTensor and the ops on it (loaded lazily by eagerflow's ``__getattr__``)."""
from .sparse_tensor import SparseTensor, SparseTensorSpec
from .convert import from_dense, to_dense, to_indicator
from .structure import (reorder, reshape, slice, concat, retain, transpose, expand_dims,
                        map_values)
from .math_ops import add, sparse_dense_matmul, reduce_sum, reduce_max
from .elementwise import maximum, minimum, softmax
from .creation import eye, fill_empty_rows
from ..ops.segment_sparse import (sparse_segment_sum as segment_sum,
                                 sparse_segment_mean as segment_mean,
                                 sparse_segment_sqrt_n as segment_sqrt_n)

matmul = sparse_dense_matmul

__all__ = ["SparseTensor", "SparseTensorSpec", "from_dense", "to_dense", "to_indicator",
           "reorder", "reshape", "slice", "concat", "retain", "transpose", "expand_dims",
           "map_values", "add", "sparse_dense_matmul", "matmul", "reduce_sum", "reduce_max",
           "maximum", "minimum", "softmax", "eye", "fill_empty_rows", "segment_sum",
           "segment_mean", "segment_sqrt_n"]

from .. import _lazy  # noqa: E402
_lazy.bind("sparse")  # tf.sparse and the names it declares at the top level are real from now on
