"""The ops: primitives (with their gradient rules beside them) and composites, by family.

Imports go one way, in the order below: each module imports only modules listed before it.
Importing the package runs every module's export declarations (eagerflow/_export.py) and installs
the Python operators on Tensor (operators.py).
"""
from . import _args, cast, comparison, elementwise, trig, special, broadcast, misc  # noqa: F401
from . import shape_ops, shape_query, pad_slice, indexing, gather, gather_scatter, creation  # noqa: F401,E501
from . import reduction, sorting  # noqa: F401
from . import segment, segment_sparse  # noqa: F401  (tf.math.segment_*, tf.sparse.segment_*)
from . import matmul, diagonals, decompositions, linalg  # noqa: F401
from . import random, random_generator, nn, losses, conv, pooling, clip  # noqa: F401
from . import strings, strings_convert, strings_regex, strings_split, strings_unicode  # noqa: F401,E501
from . import operators  # noqa: F401
from . import functional  # noqa: F401  (tf.map_fn, scan, foldl, foldr, vectorized_map)
from . import py_func  # noqa: F401  (tf.py_function, tf.numpy_function)
from . import debugging, check_ops  # noqa: F401  (tf.Assert, tf.ensure_shape, tf.debugging.*)
from . import counting, cumulative, bitcast, sets  # noqa: F401  (bincount, tf.sets ...)
from .. import lifting  # noqa: F401  (tf.init_scope)
