"""Elementwise ops on RaggedTensors: one function, ``apply``, maps any elementwise op (a primitive
reached through the engine's composite hook, or a public composite such as tf.abs or tf.cast) over
the flat values once the operands' row partitions agree; dense operands are broadcast onto the flat
values first. RaggedTensor's Python operators are these ops."""
import numpy as np

from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..ops.gather_scatter import gather
from ..ops.shape_ops import reshape
from .ragged_tensor import RaggedTensor, outer_coords

# TF's elementwise kernels (op names of eagerflow's primitives): a RaggedTensor input maps them
# over the flat values. Any other primitive given a RaggedTensor raises as TF's conversion does.
ELEMENTWISE = frozenset("""
    Abs Acos Acosh Angle Asin Asinh Atan Atanh Ceil ComplexAbs Conj Cos Cosh Digamma Erf Erfc Exp
    Expm1 Floor Imag Invert IsFinite IsInf IsNan Lgamma Log Log1p LogicalNot Neg Real Reciprocal
    Rint Round Rsqrt Sigmoid Sign Sin Sinh Softplus Sqrt Square Tan Tanh Elu Relu Relu6 Selu
    Cast Identity StopGradient OnesLike ZerosLike
    AddV2 Sub Mul RealDiv FloorDiv FloorMod TruncateDiv TruncateMod Pow Maximum Minimum
    SquaredDifference Atan2 DivNoNan Complex Xlogy Xdivy Equal NotEqual Greater GreaterEqual Less
    LessEqual LogicalAnd LogicalOr BitwiseAnd BitwiseOr BitwiseXor LeftShift RightShift SelectV2
    LeakyRelu
""".split())


def dispatch_primitive(prim, args, params):
    """The engine's composite hook for RaggedTensor inputs (RaggedTensor.__tf_dispatch__)."""
    if prim.name in ELEMENTWISE:
        return apply(prim, args, params)
    raise ValueError("TypeError: object of type 'RaggedTensor' has no len()")


RaggedTensor.__tf_dispatch__ = staticmethod(dispatch_primitive)


def _splits_error(x, y):
    """TF's assert_equal text for row splits that differ (x and y are int arrays)."""
    if x.shape != y.shape:
        return InvalidArgumentError(None, None, (
            "Condition x == y did not hold.\nFirst %d elements of x:\n%s\nFirst %d elements of "
            "y:\n%s") % (min(len(x), 3), x[:3], min(len(y), 3), y[:3]))
    bad = np.nonzero(x != y)[0][:3]
    return InvalidArgumentError(None, None, (
        "Condition x == y did not hold.\nIndices of first %d different values:\n%s\n"
        "Corresponding x values:\n%s\nCorresponding y values:\n%s\nFirst %d elements of x:\n%s\n"
        "First %d elements of y:\n%s") % (
            len(bad), bad[:, None], x[bad], y[bad], min(len(x), 3), x[:3], min(len(y), 3), y[:3]))


def _same_partitions(a, b):
    """Raises TF's error unless RaggedTensors a and b are partitioned alike."""
    if a.ragged_rank != b.ragged_rank:
        raise ValueError("Ragged tensors of different ragged ranks cannot be combined elementwise "
                         "(%d vs. %d)" % (a.ragged_rank, b.ragged_rank))
    for sa, sb in zip(a.nested_row_splits, b.nested_row_splits):
        if sa is not sb:
            x, y = sa._v.astype(np.int64), sb._v.astype(np.int64)
            if x.shape != y.shape or (x != y).any():
                raise _splits_error(x, y)


def _dense_onto(rt, y, hint):
    """A dense operand -> an operand that broadcasts against rt's flat values."""
    if not isinstance(y, (Tensor, VariableBase)):
        shape = np.shape(y) if isinstance(y, (list, tuple, np.ndarray)) else ()
        if len(shape) < rt.flat_values._v.ndim:  # reaches only the inner dimensions
            return y
        y = convert_to_tensor(y, dtype_hint=hint)
    elif isinstance(y, VariableBase):
        y = convert_to_tensor(y)
    flat = rt.flat_values
    rr = rt.ragged_rank
    rank = rr + flat._v.ndim
    shape = list(y._v.shape)
    if len(shape) > rank:
        raise ValueError("Unable to broadcast: dimension size mismatch in dimension 0: the dense "
                         "operand has rank %d, the ragged tensor %d" % (len(shape), rank))
    if len(shape) <= rank - rr - 1:
        return y
    shape = [1] * (rank - len(shape)) + shape
    outer, inner = shape[:rr + 1], shape[rr + 1:]
    if all(d == 1 for d in outer):
        return reshape(y, inner)
    _check_dense_fits(rt, outer)
    coords = outer_coords(rt)
    linear = np.zeros(coords.shape[0], np.int64)
    for k, d in enumerate(outer):
        linear = linear * d + (coords[:, k] if d != 1 else 0)
    return gather(reshape(y, [-1] + inner), convert_to_tensor(linear))


def _check_dense_fits(rt, outer):
    """A dense dimension other than 1 must equal each ragged row's length (TF compares the row
    splits a uniform dimension would have with the ragged ones)."""
    if outer[0] != 1 and outer[0] != rt._nrows():
        raise InvalidArgumentError(None, None, "Incompatible shapes: [%d] vs. [%d]" % (
            outer[0], rt._nrows()))
    level, count = rt, (outer[0] if outer[0] != 1 else rt._nrows())
    for d in outer[1:]:
        splits = level._row_splits._v.astype(np.int64)
        if d != 1:
            uniform = np.arange(splits.shape[0], dtype=np.int64) * d
            if uniform.shape != splits.shape or (uniform != splits).any():
                raise _splits_error(uniform, splits)
        level = level._values


def flat_operands(args, n=None):
    """(template RaggedTensor, the first ``n`` args as operands of the flat values)."""
    n = len(args) if n is None else n
    template = next(a for a in args[:n] if isinstance(a, RaggedTensor))
    hint = template.dtype
    out = list(args)
    for k in range(n):
        a = args[k]
        if a is template:
            out[k] = template.flat_values
        elif isinstance(a, RaggedTensor):
            _same_partitions(template, a)
            out[k] = a.flat_values
        elif a is not None:
            out[k] = _dense_onto(template, a, hint)
    return template, out


def apply(fn, args, kwargs, n=None):
    """``fn`` (elementwise) on the flat values of the first ``n`` positional args (all of them
    by default); the result has the first RaggedTensor's row partitions."""
    first = args[0]
    if type(first) is RaggedTensor and type(first._values) is Tensor:
        # ragged rank 1 alone, with itself or with a Python number: no partitions to compare or
        # operand to broadcast (a number reaches only the flat values' inner dimensions)
        if len(args) == 1:
            return RaggedTensor._make(fn(first._values, **kwargs), first._row_splits,
                                      first._uniform)
        other = args[1]
        if len(args) == 2 and (n is None or n == 2) and (
                other is first or type(other) is float or type(other) is int):
            flat = first._values
            return RaggedTensor._make(fn(flat, flat if other is first else other, **kwargs),
                                      first._row_splits, first._uniform)
    template, flat = flat_operands(args, n)
    result = fn(*flat, **kwargs)
    return template.with_flat_values(result)


# -- Python operators ------------------------------------------------------------------------------
_FLOAT_SCALAR_OPS = frozenset(["__add__", "__sub__", "__mul__", "__truediv__"])


def _operators():
    from .._export import NAMESPACES
    math = NAMESPACES["math"]  # the public functions as exported (never the ragged wrappers)

    def binary(name, op, reflected=False):
        flat_op = getattr(Tensor, name, None) if name in _FLOAT_SCALAR_OPS else None
        if reflected:
            def method(self, other):
                return apply(op, (other, self), {})
        else:
            def method(self, other):
                flat = self._values
                if flat_op is not None and type(flat) is Tensor and flat.dtype.is_floating and (
                        type(other) is float or type(other) is int):
                    # a number and floating flat values: the flat values' own operator
                    return RaggedTensor._make(flat_op(flat, other), self._row_splits,
                                              self._uniform)
                return apply(op, (self, other), {})
        method.__name__ = name
        setattr(RaggedTensor, name, method)

    def unary(name, op):
        def method(self):
            return apply(op, (self,), {})
        method.__name__ = name
        setattr(RaggedTensor, name, method)

    for nm, op in (("add", "add"), ("sub", "subtract"), ("mul", "multiply"),
                   ("truediv", "truediv"), ("floordiv", "floordiv"), ("mod", "floormod"),
                   ("pow", "pow"), ("and", "logical_and"), ("or", "logical_or"),
                   ("xor", "logical_xor")):
        binary("__%s__" % nm, math[op])
        binary("__r%s__" % nm, math[op], reflected=True)
    for nm, op in (("lt", "less"), ("le", "less_equal"), ("gt", "greater"),
                   ("ge", "greater_equal"), ("eq", "equal"), ("ne", "not_equal")):
        binary("__%s__" % nm, math[op])
    unary("__neg__", math["negative"])
    unary("__abs__", math["abs"])
    unary("__invert__", math["logical_not"])


_operators()
