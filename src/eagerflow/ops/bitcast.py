"""tf.bitcast (Bitcast): the same bytes read as another dtype, with TF's shape rule (a wider
input gains a last dimension; a narrower one loses its last, which must be the size ratio)."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, NUMERIC
from ..tensor import Tensor, convert_to_tensor
from ._args import _err
from .sorting import _no_gradient

_ALLOWED = "bfloat16, half, float, double, int64, int32, uint8, uint16, uint32, uint64, int8, " \
    "int16, complex64, complex128, qint8, quint8, qint16, quint16, qint32"


@primitive("Bitcast", dtypes=NUMERIC)
def _bitcast(x, type):
    a, b = x.dtype.itemsize, type.itemsize
    if a == b:
        return x.view(type)
    if not x.flags.c_contiguous:
        x = x.copy()
    if a > b:
        return x.reshape(x.shape + (1,)).view(type)
    if not x.ndim or x.shape[-1] != b // a:
        raise _err("Bitcast", "Cannot bitcast from %d to %d" % (
            _dt.NP_TO_DTYPE[x.dtype].as_datatype_enum, _dt.NP_TO_DTYPE[type].as_datatype_enum))
    return x.view(type).reshape(x.shape[:-1])


_bitcast.defvjp(_no_gradient("Bitcast"))


@export("bitcast")
def bitcast(input, type, name=None):
    """input's bytes reinterpreted as dtype ``type``."""
    x = input if isinstance(input, Tensor) else convert_to_tensor(input)
    t = _dt.as_dtype(type)
    if t.as_numpy_dtype is None or np.dtype(t.as_numpy_dtype) not in NUMERIC:
        raise _err("Bitcast", "Value for attr 'type' of %s is not in the list of allowed values: "
                   "%s\n\t; NodeDef: {{node Bitcast}}" % (t._kernel_word, _ALLOWED))
    return _bitcast(x, type=np.dtype(t.as_numpy_dtype))
