"""tf.linalg: the names each op module lists in its ``LINALG``."""
from ._namespace import export as _export
from .ops import math_ops, reduction_ops, array_ops, indexing, linalg_ops, nn_ops, random_ops
from .ops import creation_ops

_export(globals(), "LINALG", (math_ops, reduction_ops, array_ops, indexing, linalg_ops, nn_ops,
                          random_ops, creation_ops))
