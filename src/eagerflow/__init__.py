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
from . import sets  # tf.sets

EagerTensor = Tensor

# Stacks over the public API load on first use, as TF's tf.keras does, so ``import eagerflow``
# stays close to ``import numpy``: tf.keras, tf.data, tf.train, tf.compat (and the TF1 names it
# declares at the top level: tf.Graph, tf.gradients, tf.group), tf.autograph, tf.ragged, tf.sparse
# (with tf.RaggedTensor, tf.SparseTensor and their specs) are stand-ins until then (_lazy.py).
from .module import Module  # noqa: E402  (tf.Module: small, and subclassed at once by users)
from . import _lazy  # noqa: E402
_lazy.install(globals())
