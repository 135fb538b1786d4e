"""``tf.compat.v1``: the TF2 ops TF1 shares (``tf.compat.v1.matmul`` ...) and TF1's own graph-mode
API (placeholder, Session, get_variable, train ...), filled from the export declarations."""
import types

from .. import dtypes as _dtypes
from .._export import NAMESPACES, fill as _fill
from ..dtypes import DType, as_dtype  # noqa: F401
from ..tensor import Tensor, constant, convert_to_tensor  # noqa: F401
from ..tensor_shape import TensorShape, Dimension  # noqa: F401
from ..variables import Variable  # noqa: F401
from ..autodiff.gradient_tape import GradientTape  # noqa: F401

_fill(globals(), "")           # the TF2 ops under their TF2 names
globals().update({k: v for k, v in vars(_dtypes).items() if isinstance(v, _dtypes.DType)})
_fill(globals(), "compat.v1")  # TF1's own names (and where TF1 differs)


def _namespace(name, *sources):
    mod = types.ModuleType("eagerflow.compat.v1." + name)
    for src in sources:
        mod.__dict__.update(NAMESPACES.get(src, {}))
    return mod


math = _namespace("math", "math", "compat.v1.math")
nn = _namespace("nn", "nn", "compat.v1.nn")
linalg = _namespace("linalg", "linalg")
random = _namespace("random", "random", "compat.v1.random")
train = _namespace("train", "compat.v1.train")
initializers = _namespace("initializers", "compat.v1.initializers")
losses = _namespace("losses", "compat.v1.losses")
errors = __import__("eagerflow.errors", fromlist=["errors"])
dtypes = __import__("eagerflow.dtypes", fromlist=["dtypes"])

# TF2 namespaces and classes TF1 shares, taken from eagerflow's top level on first use (several
# load lazily there: tf.compat.v1.keras, .data, .RaggedTensor ...). Where TF1's version of a
# namespace differs (v1.strings.split returns a SparseTensor in TF1), these give the TF2 behaviour.
_SHARED = frozenset((
    "autograph", "bitwise", "compat", "config", "data", "debugging", "io", "keras", "nest",
    "ragged", "sparse", "strings", "test", "Module", "RaggedTensor", "RaggedTensorSpec",
    "SparseTensor", "SparseTensorSpec", "UnconnectedGradients", "VERSION", "VariableAggregation",
    "VariableSynchronization", "custom_gradient", "is_tensor"))


# TF1's top-level aliases of TF2 namespaced functions (tf.compat.v1.ceil is tf.math.ceil ...)
_ALIASES = dict.fromkeys((
    "angle", "ceil", "conj", "count_nonzero", "cumprod", "digamma", "erf", "erfc", "expm1",
    "floordiv", "floormod", "imag", "is_finite", "is_inf", "is_nan", "lgamma", "log", "log1p",
    "log_sigmoid", "logical_xor", "real", "reciprocal", "rint", "rsqrt", "squared_difference"),
    "math")
_ALIASES.update(dict.fromkeys((
    "cholesky", "cross", "diag", "diag_part", "global_norm", "matrix_transpose", "qr", "svd",
    "trace"), "linalg"))
_ALIASES.update(dict.fromkeys((
    "assert_greater_equal", "assert_integer", "assert_less_equal", "assert_near",
    "assert_negative", "assert_non_negative", "assert_non_positive", "assert_none_equal",
    "assert_positive", "assert_rank_at_least", "assert_rank_in", "assert_scalar", "assert_type",
    "check_numerics", "is_numeric_tensor"), "debugging"))
_ALIASES.update(reduce_join="strings", regex_replace="strings", substr="strings",
                decode_raw="io", mod="math.floormod")


def __getattr__(name):
    if name in _SHARED:
        value = getattr(__import__("eagerflow"), name)
    elif name in _ALIASES:
        where, _, attr = _ALIASES[name].partition(".")
        value = getattr(getattr(__import__("eagerflow"), where), attr or name)
    else:
        raise AttributeError("module 'eagerflow.compat.v1' has no attribute %r" % name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | _SHARED | set(_ALIASES))
