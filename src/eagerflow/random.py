"""tf.random: the names each op module lists in its ``RANDOM``."""
from ._namespace import export as _export
from .ops import math_ops, reduction_ops, array_ops, indexing, linalg_ops, nn_ops, random_ops
from .ops import creation_ops

_export(globals(), "RANDOM", (math_ops, reduction_ops, array_ops, indexing, linalg_ops, nn_ops,
                          random_ops, creation_ops))
