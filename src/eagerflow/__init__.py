"""eagerflow: TensorFlow 2's eager execution, rebuilt on NumPy. ``import eagerflow as tf``."""
__version__ = "0.1.0"
VERSION = __version__

from . import dtypes, errors
from .dtypes import (DType, as_dtype, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                     float16, half, float32, float64, double, bfloat16, complex64, complex128,
                     string, resource, variant, qint8, quint8, qint32)
from .tensor_shape import TensorShape, Dimension
from .tensor import Tensor, constant, convert_to_tensor, is_tensor
from . import ops as _ops  # the op families (export declarations; Tensor's operators)
from .variables import Variable, VariableSynchronization, VariableAggregation
from .autodiff.gradient_tape import GradientTape, UnconnectedGradients
from .function import config
from .autodiff.custom import custom_gradient
from . import test
from . import _export
from ._export import fill as _fill

_fill(globals(), "")  # tf.reduce_sum, tf.matmul ... (eagerflow/_export.py)
_fill(vars(dtypes), "dtypes")  # tf.dtypes.cast, saturate_cast, complex
from . import math, nn, linalg, random, bitwise, strings, io, autodiff
from . import nest, debugging, types  # tf.nest, tf.debugging, tf.types

EagerTensor = Tensor

# Stacks over the public API load on first use, as TF's tf.keras does, so ``import eagerflow``
# stays about as fast as ``import numpy``: tf.keras, tf.data, tf.train, tf.compat (and the TF1
# names it declares at the top level: tf.Graph, tf.gradients, tf.group), tf.autograph, tf.Module,
# tf.ragged, tf.sparse.
_LAZY = {"keras": ("keras", None), "data": ("data", None), "train": ("train", None),
         "compat": ("compat", None), "Graph": ("compat", "Graph"),
         "gradients": ("compat", "gradients"), "group": ("compat", "group"),
         "autograph": ("autograph", None),
         "Module": ("module", "Module"), "ragged": ("ragged", None),
         "RaggedTensor": ("ragged", "RaggedTensor"),
         "RaggedTensorSpec": ("ragged", "RaggedTensorSpec"),
         "sparse": ("sparse", None), "SparseTensor": ("sparse", "SparseTensor"),
         "SparseTensorSpec": ("sparse", "SparseTensorSpec")}


def __getattr__(name):
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError("module 'eagerflow' has no attribute %r" % name)
    import importlib
    try:
        obj = importlib.import_module("." + where[0], __name__)
    except ModuleNotFoundError as e:  # a stack not built (yet) is a missing attribute
        if e.name != __name__ + "." + where[0]:
            raise
        raise AttributeError("module 'eagerflow' has no attribute %r" % name) from None
    if where[1] is not None:  # a class of the package, or a top-level name it declares
        top = _export.NAMESPACES[""]
        obj = top[where[1]] if where[1] in top else getattr(obj, where[1])
    globals()[name] = obj
    return obj


def __dir__():
    import importlib.util
    return sorted(set(globals()) | {k for k, (m, _) in _LAZY.items()
                                     if importlib.util.find_spec("." + m, __name__)})

