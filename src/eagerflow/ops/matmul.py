"""Matrix products: matmul (the hot path of ``@``), matrix_transpose / adjoint, matvec, tensordot and
einsum, each primitive with its gradient rule directly below it."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, FLOAT_TYPES, INEXACT
from ..errors import InvalidArgumentError, NotFoundError
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _dims, _err, _int_list
from .broadcast import _reshape
from .elementwise import conj, multiply
from .shape_ops import (_reshape_dynamic, _stack, _transpose, _unstack, expand_dims, squeeze,
                        reshape, broadcast_to)
from .shape_query import shape
from . import run_time_shapes as R


_matmul_np = np.matmul
_MATMUL_OK = frozenset(np.dtype(t) for t in (
    np.float16, np.float32, np.float64, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
    np.uint64, np.complex64, np.complex128)) | FLOAT_TYPES
_MATMUL_NAMES = ("bfloat16, half, float, double, int32, int64, uint8, uint16, uint32, uint64, "
                 "complex64, complex128")


# ---------------------------------------------------------------------------------------------
# matmul

def _matmul_error(prim, arrays, attrs=None):
    a, b = arrays
    op = "MatMul" if a.ndim == 2 and b.ndim == 2 else "BatchMatMulV2"
    if a.shape[-1] != b.shape[-2]:
        return _err(op, "Matrix size-incompatible: In[0]: %s, In[1]: %s" % (
            _dims(a.shape), _dims(b.shape)))
    return _err(op, "In[0] and In[1] must have compatible batch dimensions: %s vs. %s" % (
        _dims(a.shape), _dims(b.shape)))


@primitive("MatMul", on_error=_matmul_error)
def _matmul(a, b):
    if a.ndim < 2 or b.ndim < 2 or a.dtype not in _MATMUL_KERNEL:
        _matmul_check(a, b)
        out = _matmul_np(a, b)
        return out if out.dtype == a.dtype else out.astype(a.dtype)  # bfloat16: NumPy's float32
    return _matmul_np(a, b)


# the op admits unsigned ints, but TF's CPU registers no MatMul/BatchMatMulV2 kernel for them;
# (bfloat16 is not here: NumPy's matmul of it returns float32, so it takes the checked path)
_MATMUL_KERNEL = frozenset(np.dtype(t) for t in (
    np.float16, np.float32, np.float64, np.int32, np.int64, np.complex64, np.complex128))


def _type_error(a, b):
    """TF's error for a dtype MatMul (both ranks <= 2) or BatchMatMulV2 has no kernel for."""
    word = _dt.NP_TO_DTYPE[a.dtype]._kernel_word if a.dtype in _dt.NP_TO_DTYPE else a.dtype
    if a.ndim <= 2 and b.ndim <= 2:
        op, names, sig = "MatMul", _MATMUL_NAMES, "a:T, b:T -> product:T"
        before = "; attr=transpose_a:bool,default=false; attr=transpose_b:bool,default=false"
        after = "; attr=grad_a:bool,default=false; attr=grad_b:bool,default=false"
    else:
        op, names, sig = "BatchMatMulV2", _MATMUL_NAMES.replace("double, ", "double, int16, "), \
            "x:T, y:T -> output:T"
        before, after = "", "".join("; attr=%s:bool,default=false" % n
                                    for n in ("adj_x", "adj_y", "grad_x", "grad_y"))
    return InvalidArgumentError(None, op, (
        "Value for attr 'T' of %s is not in the list of allowed values: %s\n\t; "
        "NodeDef: {{node %s}}; Op<name=%s; signature=%s%s; attr=T:type,allowed=[%s]%s> "
        "[Op:%s] name: ") % (word, names, op, op, sig, before, ", ".join(
            "DT_" + w.upper() for w in names.split(", ")), after, op))


def _matmul_check(a, b):
    if a.dtype not in _MATMUL_OK:
        raise _type_error(a, b)
    if a.dtype.kind == "u":  # (no kernel to place: before any rank check)
        op = "MatMul" if a.ndim <= 2 and b.ndim <= 2 else "BatchMatMulV2"
        attrs = ("grad_a=false, grad_b=false, transpose_a=false, transpose_b=false"
                 if op == "MatMul" else "adj_x=false, adj_y=false, grad_x=false, grad_y=false")
        raise NotFoundError(None, op, "Could not find device for node: {{node %s}} = %s[T=DT_%s, "
                            "%s]\nAll kernels registered for op %s:\n  <no registered kernels> "
                            "[Op:%s] name: " % (op, op, a.dtype.name.upper(), attrs, op, op))
    if a.ndim >= 2 and b.ndim >= 2:
        return
    # TF's messages: MatMul when both inputs have rank <= 2, BatchMatMulV2 otherwise
    if a.ndim <= 2 and b.ndim <= 2:
        if a.ndim != b.ndim:
            raise _err("MatMul", "In[0] and In[1] has different ndims: %s vs. %s" % (
                _dims(a.shape), _dims(b.shape)))
        raise _err("MatMul", "In[0] and In[1] ndims must be == 2: %d" % a.ndim)
    if a.ndim < 2:
        raise _err("BatchMatMulV2", "In[0] ndims must be >= 2: %d" % a.ndim)
    raise _err("BatchMatMulV2", "In[1] ndims must be >= 2: %d" % b.ndim)


_PERM2 = (1, 0)


def _adj(x):
    """The conjugate transpose of the last two axes."""
    n = x._v.ndim
    if n == 2 and x._v.dtype.kind != "c":  # the common case (matmul's gradient): no imports
        return _transpose(x, perm=_PERM2)
    perm = tuple(range(n - 2)) + (n - 1, n - 2)
    return _transpose(conj(x) if x._v.dtype.kind == "c" else x, perm=perm)


@_matmul.defvjp(needs=True)
def _(g, ans, a, b, _needs=(True, True)):
    return (_matmul(g, _adj(b)) if _needs[0] else None,
            _matmul(_adj(a), g) if _needs[1] else None)


@export("matmul", "linalg.matmul")
def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None):
    """Matrix product of the last two axes of a and b (leading axes broadcast)."""
    if type(a) is not Tensor or type(b) is not Tensor:
        # TF: b converts with a's dtype as a hint only; an input #0 of a dtype MatMul does not
        # take is the attr error, before any dtype mismatch
        a = a._read() if hasattr(a, "_read") else convert_to_tensor(a)
        b = b._read() if hasattr(b, "_read") else b if isinstance(b, Tensor) else \
            convert_to_tensor(b, dtype_hint=a.dtype)
        if a._v.dtype not in _MATMUL_OK:
            _matmul_check(a._v, b._v)
    if transpose_a or transpose_b or adjoint_a or adjoint_b:
        if (transpose_a and adjoint_a) or (transpose_b and adjoint_b):
            raise ValueError("Only one of transpose_a and adjoint_a can be True." if
                             transpose_a and adjoint_a else
                             "Only one of transpose_b and adjoint_b can be True.")
        a, b = _matmul.convert((a, b))
        for flag_t, flag_adj, x, k in ((transpose_a, adjoint_a, a, 0),
                                       (transpose_b, adjoint_b, b, 1)):
            if flag_t or flag_adj:
                if x._v.ndim < 2:
                    raise _err("MatMul", "In[%d] ndims must be >= 2" % k)
                x = _adj(x) if flag_adj else matrix_transpose(x)
                if k == 0:
                    a = x
                else:
                    b = x
    return _matmul(a, b)


@export("linalg.matrix_transpose", "linalg.transpose")
def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Transposes the last two axes (conjugating when asked)."""
    x = convert_to_tensor(a)
    n = x._v.ndim
    if n < 2:
        raise ValueError("Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = "
                         "%r with shape: %s" % (x, x.shape))
    if conjugate:
        return _adj(x)
    return _transpose(x, perm=tuple(range(n - 2)) + (n - 1, n - 2))



@export("linalg.adjoint")
def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes."""
    return matrix_transpose(matrix, conjugate=True)


@export("linalg.matvec")
def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """Matrix-vector product a @ b over the last axes."""
    a, b = _matmul.convert((a, b))
    r = matmul(a, expand_dims(b, -1), transpose_a=transpose_a, adjoint_a=adjoint_a)
    return squeeze(r, -1)


@export("tensordot", "linalg.tensordot")
def tensordot(a, b, axes, name=None):
    """Sums products of a and b over the given axes (an int N: last N of a with first N of b)."""
    # TF converts a and b independently (a dtype mismatch is MatMul's error)
    a = a if isinstance(a, Tensor) else convert_to_tensor(a)
    b = b if isinstance(b, Tensor) else convert_to_tensor(b)
    na, nb = a._v.ndim, b._v.ndim
    if not isinstance(axes, (int, np.integer, list, tuple)):
        # TF: converted with dtype int32, then axes[0], axes[1] (a scalar: the slice error)
        if hasattr(axes, "_read"):
            axes = axes._read()
        if isinstance(axes, Tensor):
            if axes.dtype is not _dt.int32:
                raise ValueError("axes: Tensor conversion requested dtype int32 for Tensor with "
                                 "dtype %s: %r" % (axes.dtype.name, axes))
        else:
            axes = convert_to_tensor(axes, dtype=_dt.int32)
        if not axes._v.ndim:
            raise _err("StridedSlice", "Attempting to slice scalar input.")
        axes = axes._v.tolist()
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0:
            raise ValueError("'axes' must be at least 0.")
        if n > na or n > nb:
            raise ValueError("'axes' must not be larger than the number of dimensions of tensor "
                             "%r.  Received %d, vs tensor dimensions %d." % (a, n, min(na, nb)))
        ax_a = list(range(na - n, na))
        ax_b = list(range(n))
    else:
        if len(axes) != 2:
            raise ValueError("'axes' must be an integer or have length 2. Received %r." % (axes,))
        ax_a, ax_b = axes
        ax_a = [ax_a] if isinstance(ax_a, (int, np.integer)) else ax_a
        ax_b = [ax_b] if isinstance(ax_b, (int, np.integer)) else ax_b
        for ax in (ax_a, ax_b):  # TF indexes the shape with them (a float: list's TypeError)
            for k in (ax.tolist() if hasattr(ax, "tolist") else ax):
                if not isinstance(k, (int, np.integer)):
                    raise TypeError("list indices must be integers or slices, not %s"
                                    % type(k).__name__)
        ax_a = _int_list(ax_a)
        ax_b = _int_list(ax_b)
        if len(ax_a) != len(ax_b):
            raise ValueError("Different number of contraction axes `a` and `b`, %d != %d."
                             % (len(ax_a), len(ax_b)))
        for ax, n in ((ax_a, na), (ax_b, nb)):
            for k in ax:
                if not -n <= k < n:  # TF indexes the shape list with it
                    raise IndexError("list index out of range")
        ax_a = [x % na for x in ax_a]
        ax_b = [x % nb for x in ax_b]
    free_a = [k for k in range(na) if k not in ax_a]
    free_b = [k for k in range(nb) if k not in ax_b]
    if R.unknown(a) or R.unknown(b):
        return _tensordot_dynamic(a, b, ax_a, ax_b, free_a, free_b)
    sa, sb = a._v.shape, b._v.shape
    ka = int(np.prod([sa[k] for k in ax_a]))
    kb = int(np.prod([sb[k] for k in ax_b]))
    fa = int(np.prod([sa[k] for k in free_a]))
    fb = int(np.prod([sb[k] for k in free_b]))
    a2 = _reshape(_transpose(a, perm=tuple(free_a + ax_a)), shape=(fa, ka))
    b2 = _reshape(_transpose(b, perm=tuple(ax_b + free_b)), shape=(kb, fb))
    r = _matmul(a2, b2)
    return _reshape(r, shape=tuple(sa[k] for k in free_a) + tuple(sb[k] for k in free_b))


def _tensordot_dynamic(a, b, ax_a, ax_b, free_a, free_b):
    """tensordot in a graph where a dimension is known only when it runs: the reshapes take
    the static sizes where the trace knows them, else sizes read from tf.shape (as TF's)."""
    da, db = R.dims(a), R.dims(b)
    sa = _unstack(shape(a), axis=0) if None in da else None
    sb = _unstack(shape(b), axis=0) if None in db else None

    def size(d, s, k):  # dimension k: static, else read when the graph runs
        return d[k] if d[k] is not None else s[k]

    def prod(d, s, axes):
        known = [d[k] for k in axes if d[k] is not None]
        out = int(np.prod(known, dtype=np.int64))
        for k in axes:
            if d[k] is None:
                out = multiply(out, s[k]) if isinstance(out, Tensor) else multiply(s[k], out)
        return out

    def to(x, sizes):
        if all(isinstance(n, int) for n in sizes):
            return _reshape(x, shape=tuple(sizes))
        return _reshape_dynamic(x, _stack(*[wrap(np.array(n, np.int32)) if isinstance(n, int)
                                            else n for n in sizes], axis=0))

    a2 = to(_transpose(a, perm=tuple(free_a + ax_a)), [prod(da, sa, free_a), prod(da, sa, ax_a)])
    b2 = to(_transpose(b, perm=tuple(ax_b + free_b)), [prod(db, sb, ax_b), prod(db, sb, free_b)])
    return to(_matmul(a2, b2), [size(da, sa, k) for k in free_a] +
              [size(db, sb, k) for k in free_b])


# ---------------------------------------------------------------------------------------------
# einsum

def _parse_einsum(equation, ranks):
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, out = eq.split("->")
    else:
        lhs, out = eq, None
    ins = lhs.split(",")
    if len(ins) != len(ranks):
        raise _err("Einsum", "Expecting %d inputs but got %d" % (len(ins), len(ranks)))
    if out is None:
        letters = [c for s in ins for c in s if c.isalpha()]
        out = ("..." if any("..." in s for s in ins) else "") + "".join(
            sorted(c for c in set(letters) if letters.count(c) == 1))
    return ins, out


@primitive("Einsum")
def _einsum(*xs, equation):
    return np.einsum(equation, *xs, optimize=len(xs) > 2)


_einsum.on_error = lambda p, arrays, attrs: _err("Einsum", "Expected dimension mismatch in einsum "
                                          "inputs %s" % ", ".join(_dims(a.shape) for a in arrays))


@_einsum.defvjp
def _(g, ans, *xs, equation):
    ins, out = _parse_einsum(equation, [x._v.ndim for x in xs])
    grads = []
    for i, x in enumerate(xs):
        if x._v.dtype not in INEXACT:
            grads.append(None)
            continue
        target = ins[i]
        plain = target.replace("...", "")
        others = [ins[j] for j in range(len(xs)) if j != i]
        ops = [g] + [conj(xs[j]) if xs[j]._v.dtype.kind == "c" else xs[j]
                     for j in range(len(xs)) if j != i]
        if len(set(plain)) != len(plain):
            grads.append(_repeated_index_grad(target, x, out, others, ops))
            continue
        avail = set(out) | set("".join(others))
        missing = [c for c in plain if c not in avail]
        sub = "".join(c for c in target if c not in missing) if missing else target
        if "..." in target and "..." not in out and "..." not in "".join(others):
            raise NotImplementedError("einsum gradient for a summed ellipsis")
        eq = ",".join([out] + others) + "->" + sub
        r = _einsum(*ops, equation=eq)
        if missing:
            full = x._v.shape
            keep = [full[k] if c not in missing else 1 for k, c in enumerate(_expand(target, x))]
            r = broadcast_to(reshape(r, keep), full)
        grads.append(r)
    return tuple(grads)


def _repeated_index_grad(target, x, out, others, ops):
    """The gradient for an input whose subscripts repeat a letter (a diagonal, as in "ii->i"):
    the gradient over its distinct letters, put back on the diagonals with identity matrices
    (each later occurrence of a letter gets a fresh letter tied to the first by an identity)."""
    if "..." in target:
        raise NotImplementedError("einsum gradient with a repeated index and an ellipsis in %r"
                                  % target)
    size = dict(zip(target, x._v.shape))
    distinct = "".join(dict.fromkeys(target))
    avail = set(out) | set("".join(others))
    kept = "".join(c for c in distinct if c in avail)
    r = _einsum(*ops, equation=",".join([out] + others) + "->" + kept)
    if kept != distinct:  # letters summed in this input alone: the gradient is constant along them
        r = broadcast_to(reshape(r, [size[c] if c in avail else 1 for c in distinct]),
                         [size[c] for c in distinct])
    free = (c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            if c not in target and c not in out and c not in "".join(others))
    seen, subs, eyes, full = set(), [], [], ""
    for c in target:
        if c in seen:
            f = next(free)
            subs.append(c + f)
            eyes.append(wrap(np.eye(size[c], dtype=x._v.dtype)))
            full += f
        else:
            seen.add(c)
            full += c
    return _einsum(r, *eyes, equation=",".join([distinct] + subs) + "->" + full)


def _expand(sub, x):
    """Subscript letters per axis of x, with '.' for the axes an ellipsis covers."""
    if "..." not in sub:
        return list(sub)
    pre, post = sub.split("...")
    return list(pre) + ["."] * (x._v.ndim - len(pre) - len(post)) + list(post)


@export("einsum", "linalg.einsum")
def einsum(equation, *inputs, **kwargs):
    """Einstein summation over the inputs as described by equation."""
    kwargs.pop("name", None)
    kwargs.pop("optimize", None)
    ts = _einsum.convert(list(inputs))
    ins, out = _parse_einsum(equation, [t._v.ndim for t in ts])
    eq = ",".join(ins) + "->" + out
    sizes = {}
    for s, t in zip(ins, ts):
        letters = _expand(s, t) if "..." in s else list(s)
        for k, c in enumerate(letters):
            if c == "." or k >= t._v.ndim:
                continue
            d = t._v.shape[k]
            if c in sizes and sizes[c] != d and d != 1 and sizes[c] != 1:
                raise _err("Einsum", "Expected dimension %d at axis %d of the input shaped %s but "
                           "got dimension %d" % (sizes[c], k, _dims(t._v.shape), d))
            sizes.setdefault(c, d)
    for s, t in zip(ins, ts):
        n = len(s.replace("...", ""))
        if ("..." in s and t._v.ndim < n) or ("..." not in s and t._v.ndim != n):
            raise _err("Einsum", "Input subscripts %s has rank %d but the input has rank %d" % (
                s, n, t._v.ndim))
    return _einsum(*ts, equation=eq)
