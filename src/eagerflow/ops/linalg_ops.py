"""Linear algebra: matmul (the hot path of ``@``), tensordot, einsum, norms, and the tf.linalg
matrix functions (det, inv, solve, cholesky, decompositions ...), each primitive with its gradient
rule directly below it."""
import collections

import numpy as np

from .. import dtypes as _dt
from ..engine.primitive import primitive, FLOAT_TYPES, INEXACT
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor
from .array_ops import (_transpose, _reshape, _int_list, expand_dims, squeeze, reshape,
                        broadcast_to)
from .array_ops import transpose as _array_transpose

__all__ = ["matmul", "tensordot", "einsum", "norm"]
LINALG = ["matmul", "tensordot", "einsum", "norm", "matvec", "det", "inv", "trace", "diag",
          "diag_part", "band_part", "matrix_transpose", "logdet", "slogdet", "cholesky", "solve",
          "qr", "svd", "eigh", "eigvalsh", "l2_normalize", "cross", "adjoint", "transpose"]
MATH = ["l2_normalize"]
NN = ["l2_normalize"]
RANDOM = []

_matmul_np = np.matmul
_MATMUL_OK = frozenset(np.dtype(t) for t in (
    np.float16, np.float32, np.float64, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
    np.uint64, np.complex64, np.complex128)) | FLOAT_TYPES
_MATMUL_NAMES = ("bfloat16, half, float, double, int32, int64, uint8, uint16, uint32, uint64, "
                 "complex64, complex128")


def _dims(shape):
    return "[%s]" % ",".join(str(int(d)) for d in shape)


def _err(op, msg):
    return InvalidArgumentError(None, op, "%s [Op:%s]" % (msg, op))


# ---------------------------------------------------------------------------------------------
# matmul

def _matmul_error(prim, arrays):
    a, b = arrays
    op = "MatMul" if a.ndim == 2 and b.ndim == 2 else "BatchMatMulV2"
    if a.shape[-1] != b.shape[-2]:
        if op == "MatMul":
            return _err(op, "Matrix size-incompatible: In[0]: %s, In[1]: %s" % (
                _dims(a.shape), _dims(b.shape)))
        return _err(op, "Matrix size-incompatible: In[0]: %s, In[1]: %s" % (
            _dims(a.shape), _dims(b.shape)))
    return _err(op, "In[0] and In[1] must have compatible batch dimensions: %s vs. %s" % (
        _dims(a.shape), _dims(b.shape)))


@primitive("MatMul", on_error=_matmul_error)
def _matmul(a, b):
    if a.ndim < 2 or b.ndim < 2 or a.dtype not in _MATMUL_OK:
        _matmul_check(a, b)
    return _matmul_np(a, b)


def _matmul_check(a, b):
    if a.dtype not in _MATMUL_OK:
        raise _err("MatMul", "Value for attr 'T' of %s is not in the list of allowed values: %s"
                   % (_dt.NP_TO_DTYPE[a.dtype].name if a.dtype in _dt.NP_TO_DTYPE else a.dtype,
                      _MATMUL_NAMES))
    if a.ndim < 2:
        raise _err("MatMul", "In[0] ndims must be >= 2")
    raise _err("MatMul", "In[1] ndims must be >= 2")


_PERM2 = (1, 0)


def _adj(x):
    """The conjugate transpose of the last two axes."""
    n = x._v.ndim
    if n == 2 and x._v.dtype.kind != "c":  # the common case (matmul's gradient): no imports
        return _transpose(x, perm=_PERM2)
    from .math_ops import conj
    perm = tuple(range(n - 2)) + (n - 1, n - 2)
    return _transpose(conj(x) if x._v.dtype.kind == "c" else x, perm=perm)


@_matmul.defvjp(needs=True)
def _(g, ans, a, b, _needs=(True, True)):
    return (_matmul(g, _adj(b)) if _needs[0] else None,
            _matmul(_adj(a), g) if _needs[1] else None)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None):
    """Matrix product of the last two axes of a and b (leading axes broadcast)."""
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


transpose = matrix_transpose  # tf.linalg.transpose (tf.transpose is array_ops.transpose)


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes."""
    return matrix_transpose(matrix, conjugate=True)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """Matrix-vector product a @ b over the last axes."""
    a, b = _matmul.convert((a, b))
    r = matmul(a, expand_dims(b, -1), transpose_a=transpose_a, adjoint_a=adjoint_a)
    return squeeze(r, -1)


def tensordot(a, b, axes, name=None):
    """Sums products of a and b over the given axes (an int N: last N of a with first N of b)."""
    a, b = _matmul.convert((a, b))
    na, nb = a._v.ndim, b._v.ndim
    if isinstance(axes, Tensor):
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
        ax_a = _int_list(ax_a)
        ax_b = _int_list(ax_b)
        if len(ax_a) != len(ax_b):
            raise ValueError("Different number of contraction axes `a` and `b`, %d != %d."
                             % (len(ax_a), len(ax_b)))
        ax_a = [x % na for x in ax_a]
        ax_b = [x % nb for x in ax_b]
    sa, sb = a._v.shape, b._v.shape
    free_a = [k for k in range(na) if k not in ax_a]
    free_b = [k for k in range(nb) if k not in ax_b]
    ka = int(np.prod([sa[k] for k in ax_a]))
    kb = int(np.prod([sb[k] for k in ax_b]))
    fa = int(np.prod([sa[k] for k in free_a]))
    fb = int(np.prod([sb[k] for k in free_b]))
    a2 = _reshape(_transpose(a, perm=tuple(free_a + ax_a)), shape=(fa, ka))
    b2 = _reshape(_transpose(b, perm=tuple(ax_b + free_b)), shape=(kb, fb))
    r = _matmul(a2, b2)
    return _reshape(r, shape=tuple(sa[k] for k in free_a) + tuple(sb[k] for k in free_b))


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


_einsum.on_error = lambda p, arrays: _err("Einsum", "Expected dimension mismatch in einsum "
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
        if len(set(plain)) != len(plain):
            raise NotImplementedError("einsum gradient with a repeated index in %r" % target)
        others = [ins[j] for j in range(len(xs)) if j != i]
        avail = set(out) | set("".join(others))
        missing = [c for c in plain if c not in avail]
        sub = "".join(c for c in target if c not in missing) if missing else target
        if "..." in target and "..." not in out and "..." not in "".join(others):
            raise NotImplementedError("einsum gradient for a summed ellipsis")
        eq = ",".join([out] + others) + "->" + sub
        from .math_ops import conj
        ops = [g] + [conj(xs[j]) if xs[j]._v.dtype.kind == "c" else xs[j]
                     for j in range(len(xs)) if j != i]
        r = _einsum(*ops, equation=eq)
        if missing:
            full = x._v.shape
            keep = [full[k] if c not in missing else 1 for k, c in enumerate(_expand(target, x))]
            r = broadcast_to(reshape(r, keep), full)
        grads.append(r)
    return tuple(grads)


def _expand(sub, x):
    """Subscript letters per axis of x, with '.' for the axes an ellipsis covers."""
    if "..." not in sub:
        return list(sub)
    pre, post = sub.split("...")
    return list(pre) + ["."] * (x._v.ndim - len(pre) - len(post)) + list(post)


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


# ---------------------------------------------------------------------------------------------
# determinants, inverse, solve, cholesky

def _square(x, op):
    s = x._v.shape
    if len(s) < 2:
        raise _err(op, "Input tensor 0 must have rank >= 2, got %d" % len(s)) if op != \
            "MatrixDiagPartV3" else None
    if s[-1] != s[-2]:
        raise _err(op, "Input matrix must be square.")


@primitive("MatrixDeterminant", dtypes=INEXACT)
def _det(x):
    return np.linalg.det(x).astype(x.dtype, copy=False)


@_det.defvjp
def _(g, ans, x):
    from .math_ops import multiply, conj
    return (multiply(reshape(multiply(g, conj(ans)), g._v.shape + (1, 1)), _adj(_inv(x))),)


def det(input, name=None):
    """Determinants of the innermost square matrices."""
    x = convert_to_tensor(input)
    _square(x, "MatrixDeterminant")
    return _det(x)


def _singular(op, msg):
    def on_error(prim, arrays):
        return _err(op, msg)
    return on_error


@primitive("MatrixInverse", dtypes=INEXACT, on_error=_singular("MatrixInverse",
                                                                "Input is not invertible."))
def _inv(x):
    try:
        return np.linalg.inv(x).astype(x.dtype, copy=False)
    except np.linalg.LinAlgError:
        raise _err("MatrixInverse", "Input is not invertible.") from None


@_inv.defvjp
def _(g, ans, x):
    from .math_ops import negative
    ah = _adj(ans)
    return (negative(_matmul(_matmul(ah, g), ah)),)


def inv(input, adjoint=False, name=None):
    """Inverses of the innermost square matrices (InvalidArgumentError when singular)."""
    x = convert_to_tensor(input)
    _square(x, "MatrixInverse")
    r = _inv(x)
    return _adj(r) if adjoint else r


@primitive("LogMatrixDeterminant", dtypes=INEXACT, multiple_results=True)
def _slogdet(x):
    s, l = np.linalg.slogdet(x)
    return [np.asarray(s).astype(x.dtype), np.asarray(l).astype(x.real.dtype)]


@_slogdet.defvjp
def _(g, ans, x):
    from .math_ops import cast
    gl = g[1]
    if x._v.dtype.kind == "c":
        gl = cast(gl, x.dtype)
    return (broadcast_to(reshape(gl, gl._v.shape + (1, 1)), x._v.shape) * _adj(_inv(x)),)


SlogdetResult = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])


def slogdet(input, name=None):
    """(sign, log|det|) of the innermost square matrices."""
    x = convert_to_tensor(input)
    _square(x, "LogMatrixDeterminant")
    s, l = _slogdet(x)
    return SlogdetResult(s, l)


def logdet(matrix, name=None):
    """log(det(matrix)) for Hermitian positive definite matrices, via Cholesky."""
    from .math_ops import log, multiply, cast, real
    from .reduction_ops import reduce_sum
    ch = cholesky(matrix)
    d = diag_part(ch)
    r = multiply(cast(2, d.dtype if d.dtype.is_floating else _dt.as_dtype(d._v.real.dtype)),
                 reduce_sum(log(real(d) if d.dtype.is_complex else d), axis=-1))
    return cast(r, ch.dtype) if ch.dtype.is_complex else r


@primitive("Cholesky", dtypes=INEXACT)
def _cholesky(x):
    try:
        return np.linalg.cholesky(x)
    except np.linalg.LinAlgError:
        out = np.full(x.shape, np.nan, x.dtype)
        n = x.shape[-1]
        out[..., np.triu_indices(n, 1)[0], np.triu_indices(n, 1)[1]] = 0
        good = np.ones(x.shape[:-2], bool)
        for idx in np.ndindex(*x.shape[:-2]):
            try:
                out[idx] = np.linalg.cholesky(x[idx])
            except np.linalg.LinAlgError:
                good[idx] = False
        return out


@_cholesky.defvjp
def _(g, ans, x):
    from .math_ops import multiply, subtract, add, cast
    linv = _inv(ans)
    p = _matmul(_adj(ans), g)
    half = cast(0.5, p.dtype)
    p = subtract(band_part(p, -1, 0), multiply(half, diag(diag_part(p))))
    s = _matmul(_matmul(_adj(linv), p), linv)
    return (multiply(half, add(s, _adj(s))),)


def cholesky(input, name=None):
    """Lower Cholesky factors of the innermost Hermitian positive definite matrices."""
    x = convert_to_tensor(input)
    _square(x, "Cholesky")
    return _cholesky(x)


@primitive("MatrixSolve", dtypes=INEXACT,
           on_error=_singular("MatrixSolve", "Input matrix is not invertible."))
def _solve(a, b):
    try:
        return np.linalg.solve(a, b).astype(a.dtype, copy=False)
    except np.linalg.LinAlgError:
        raise _err("MatrixSolve", "Input matrix is not invertible.") from None


@_solve.defvjp
def _(g, ans, a, b):
    from .math_ops import negative
    gb = _solve(_adj(a), g)
    return negative(_matmul(gb, _adj(ans))), gb


def solve(matrix, rhs, adjoint=False, name=None):
    """X with matrix @ X = rhs."""
    a, b = _solve.convert((matrix, rhs))
    _square(a, "MatrixSolve")
    if b._v.ndim < 2 or b._v.shape[-2] != a._v.shape[-1]:
        raise _err("MatrixSolve", "Input matrix and right-hand side must have the same number of "
                   "rows: %d vs. %d" % (a._v.shape[-2], b._v.shape[-2] if b._v.ndim > 1 else 0))
    if adjoint:
        a = _adj(a)
    return _solve(a, b)


# ---------------------------------------------------------------------------------------------
# diagonals, bands, trace

@primitive("MatrixDiagPartV3")
def _diag_part(x):
    return np.diagonal(x, axis1=-2, axis2=-1)


@_diag_part.defvjp
def _(g, ans, x):
    s = x._v.shape
    return (_diag(g, rows=s[-2], cols=s[-1]),)


@primitive("MatrixDiagV3")
def _diag(d, rows, cols):
    out = np.zeros(d.shape[:-1] + (rows, cols), d.dtype)
    n = d.shape[-1]
    k = np.arange(n)
    out[..., k, k] = d
    return out


@_diag.defvjp
def _(g, ans, d, rows, cols):
    return (_diag_part(g),)


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """The main diagonals of the innermost matrices."""
    x = convert_to_tensor(input)
    if x._v.ndim < 2:
        raise _err("MatrixDiagPartV3", "input must be at least 2-dim, received shape: %s"
                   % _dims(x._v.shape))
    if k != 0:
        raise NotImplementedError("diag_part with k != 0")
    return _diag_part(x)


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT"):
    """Matrices with the given main diagonals (zeros elsewhere)."""
    d = convert_to_tensor(diagonal)
    if d._v.ndim < 1:
        raise _err("MatrixDiagV3", "diagonal must be at least 1-dim, received shape: []")
    if k != 0:
        raise NotImplementedError("diag with k != 0")
    n = d._v.shape[-1]
    rows = n if num_rows in (-1, None) else int(num_rows)
    cols = n if num_cols in (-1, None) else int(num_cols)
    if num_cols in (-1, None) and num_rows not in (-1, None):
        cols = n
    return _diag(d, rows=rows, cols=cols)


def trace(x, name=None):
    """Sums of the main diagonals of the innermost matrices."""
    from .reduction_ops import reduce_sum
    return reduce_sum(diag_part(x), axis=-1)


@primitive("MatrixBandPart")
def _band_part(x, lower, upper):
    m, n = x.shape[-2:]
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    keep = np.ones((m, n), bool)
    if lower >= 0:
        keep &= (i - j) <= lower
    if upper >= 0:
        keep &= (j - i) <= upper
    return np.where(keep, x, np.zeros((), x.dtype))


@_band_part.defvjp
def _(g, ans, x, lower, upper):
    return (_band_part(g, lower=lower, upper=upper),)


def band_part(input, num_lower, num_upper, name=None):
    """Keeps a band of each innermost matrix: num_lower subdiagonals and num_upper
    superdiagonals (negative: all of them)."""
    x = convert_to_tensor(input)
    s = x._v.shape
    if len(s) < 2:
        raise _err("MatrixBandPart", "input must be at least 2-dim, received shape: %s" % _dims(s))
    lo, up = int(num_lower), int(num_upper)
    if lo > s[-2]:
        raise _err("MatrixBandPart", "num_lower must be negative or less or equal to number of "
                   "rows (%d) got: %d" % (s[-2], lo))
    if up > s[-1]:
        raise _err("MatrixBandPart", "num_upper must be negative or less or equal to number of "
                   "columns (%d) got: %d" % (s[-1], up))
    return _band_part(x, lower=lo, upper=up)


# ---------------------------------------------------------------------------------------------
# norms, l2_normalize, cross

def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector norms (ord 'euclidean', 1, 2, inf or any p > 0) or matrix norms over an axis pair
    ('fro', 'euclidean', 1, 2, inf)."""
    from .math_ops import abs as _abs, sqrt, pow as _pow, cast, multiply, conj, real
    from .reduction_ops import reduce_sum
    x = convert_to_tensor(tensor)
    n = x._v.ndim
    is_matrix = axis is not None and not isinstance(axis, (int, np.integer)) and \
        len(_int_list(axis)) == 2
    if axis is not None and not isinstance(axis, (int, np.integer)):
        ax = _int_list(axis)
        if len(ax) not in (1, 2):
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique integers, "
                             "got %r" % (axis,))
        if len(ax) == 2 and ax[0] % n == ax[1] % n:
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique integers, "
                             "got %r" % (axis,))
    if is_matrix:
        if ord not in ("fro", "euclidean", 1, 2, np.inf):
            raise ValueError("'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, "
                             "inf], got %s" % (ord,))
    else:
        if ord == "fro" or ord == "euclidean" and False or (
                not isinstance(ord, str) and not (isinstance(ord, (int, float)) and ord > 0)) or \
                (isinstance(ord, str) and ord != "euclidean"):
            raise ValueError("'ord' must be a supported vector norm, got %s" % (ord,))
    if axis is None:
        axes = list(range(n))
    else:
        axes = [a % n for a in _int_list(axis)] if n else []
    if x.dtype.is_complex:
        ax_ = _abs(x)
    else:
        ax_ = None
    if not x.dtype.is_floating and not x.dtype.is_complex:
        raise _err("Sqrt", "Value for attr 'T' of %s is not in the list of allowed values: "
                   "bfloat16, half, float, double, complex64, complex128" % x.dtype.name)
    absx = ax_ if ax_ is not None else _abs(x)
    if ord in ("euclidean", "fro") or (ord == 2 and not is_matrix):
        if x.dtype.is_complex:
            sq = real(multiply(x, conj(x)))
        else:
            sq = multiply(x, x)
        r = sqrt(reduce_sum(sq, axis=axes, keepdims=True))
    elif is_matrix:
        from .reduction_ops import reduce_max
        r0, c0 = axes
        if ord == 1:
            r = reduce_max(reduce_sum(absx, axis=r0, keepdims=True), axis=c0, keepdims=True)
        elif ord == np.inf:
            r = reduce_max(reduce_sum(absx, axis=c0, keepdims=True), axis=r0, keepdims=True)
        else:  # 2: the largest singular value
            perm = [k for k in range(n) if k not in axes] + axes
            xt = _array_transpose(x, perm)
            s = svd(xt, compute_uv=False)
            r = s[..., 0]
            inv = np.argsort(perm)
            r = reshape(r, list(r._v.shape) + [1, 1])
            r = _array_transpose(r, [int(i) for i in inv])
    elif ord == np.inf:
        from .reduction_ops import reduce_max
        r = reduce_max(absx, axis=axes, keepdims=True)
    elif ord == 1:
        r = reduce_sum(absx, axis=axes, keepdims=True)
    else:
        p = cast(ord, absx.dtype)
        r = _pow(reduce_sum(_pow(absx, p), axis=axes, keepdims=True), cast(1.0 / ord, absx.dtype))
    if not keepdims:
        r = squeeze(r, axes) if axes else r
    return r


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2, axis), epsilon))."""
    from .math_ops import rsqrt, maximum, multiply, cast, conj, real
    from .reduction_ops import reduce_sum
    x = convert_to_tensor(x)
    if axis is None:
        axis = dim
    axes = list(range(x._v.ndim)) if axis is None else [a % max(x._v.ndim, 1) for a in
                                                          _int_list(axis)]
    if x.dtype.is_complex:
        sq = reduce_sum(real(multiply(x, conj(x))), axis=axes, keepdims=True)
        inv = rsqrt(maximum(sq, cast(epsilon, sq.dtype)))
        from .math_ops import complex as _complex, zeros_like
        return multiply(x, _complex(inv, zeros_like(inv)))
    sq = reduce_sum(multiply(x, x), axis=axes, keepdims=True)
    return multiply(x, rsqrt(maximum(sq, cast(epsilon, sq.dtype))))


@primitive("Cross", on_error=lambda p, a: None)
def _cross(a, b):
    return np.cross(a, b)


@_cross.defvjp
def _(g, ans, a, b):
    return _cross(b, g), _cross(g, a)


def cross(a, b, name=None):
    """Cross products of 3-element vectors along the last axis."""
    from ..errors import FailedPreconditionError
    a, b = _cross.convert((a, b))
    if a._v.shape[-1:] != (3,) or b._v.shape[-1:] != (3,):
        raise FailedPreconditionError(None, "Cross", "Cross-products are only defined for "
                                      "3-element vectors. [Op:Cross]")
    if a._v.shape != b._v.shape:
        raise _err("Cross", "Both inputs must be of same shape: %s vs. %s" % (
            _dims(a._v.shape), _dims(b._v.shape)))
    return _cross(a, b)


# ---------------------------------------------------------------------------------------------
# decompositions

def _no_grad(name):
    def vjp(g, ans, *xs, **params):
        raise LookupError("gradient of %s is not implemented in eagerflow" % name)
    return vjp


@primitive("Qr", dtypes=INEXACT, multiple_results=True)
def _qr(x, full_matrices):
    q, r = np.linalg.qr(x, mode="complete" if full_matrices else "reduced")
    return [q.astype(x.dtype, copy=False), r.astype(x.dtype, copy=False)]


_qr.defvjp(_no_grad("Qr"))
QrResult = collections.namedtuple("Qr", ["q", "r"])


def qr(input, full_matrices=False, name=None):
    """QR decompositions of the innermost matrices: (q, r)."""
    x = convert_to_tensor(input)
    q, r = _qr(x, full_matrices=bool(full_matrices))
    return QrResult(q, r)


@primitive("Svd", dtypes=INEXACT, multiple_results=True)
def _svd(x, full_matrices):
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    v = np.conj(np.swapaxes(vh, -1, -2))
    return [s.astype(x.real.dtype, copy=False), u.astype(x.dtype, copy=False),
            v.astype(x.dtype, copy=False)]


_svd.defvjp(_no_grad("Svd"))


@primitive("SvdValues", dtypes=INEXACT)
def _svd_values(x):
    return np.linalg.svd(x, compute_uv=False).astype(x.real.dtype, copy=False)


@_svd_values.defvjp
def _(g, ans, x):
    # d s_k = Re(u_k^H dX v_k): grad = U diag(g) V^H (reduced U, V)
    from .math_ops import cast
    s, u, v = _svd(x, full_matrices=False)
    gd = diag(cast(g, x.dtype) if x.dtype.is_complex else g)
    return (_matmul(_matmul(u, gd), _adj(v)),)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values (descending) and, with compute_uv, u and v: tensor = u @ diag(s) @ v^H."""
    x = convert_to_tensor(tensor)
    if not compute_uv:
        return _svd_values(x)
    s, u, v = _svd(x, full_matrices=bool(full_matrices))
    return s, u, v


@primitive("SelfAdjointEigV2", dtypes=INEXACT, multiple_results=True)
def _eigh(x):
    e, v = np.linalg.eigh(x)
    return [e.astype(x.real.dtype, copy=False), v.astype(x.dtype, copy=False)]


@_eigh.defvjp
def _(g, ans, x):
    # A = V diag(e) V^H; grad = V (diag(ge) + F o (V^H gV)) V^H, F_ij = 1/(e_j - e_i) off-diagonal
    from .math_ops import cast, subtract, multiply, add, divide_no_nan
    ge, gv = g
    e, v = ans
    ee = subtract(expand_dims(e, -2), expand_dims(e, -1))
    one = broadcast_to(cast(1, ee.dtype), ee._v.shape)
    f = divide_no_nan(one, ee)
    f = subtract(f, diag(diag_part(f)))
    if x.dtype.is_complex:
        f = cast(f, x.dtype)
        ge = cast(ge, x.dtype)
    inner = add(diag(ge), multiply(f, _matmul(_adj(v), gv)))
    r = _matmul(_matmul(v, inner), _adj(v))
    from .math_ops import multiply as mul
    half = cast(0.5, r.dtype)
    return (mul(half, add(r, _adj(r))),)


EighResult = collections.namedtuple("SelfAdjointEigV2", ["e", "v"])


def eigh(tensor, name=None):
    """Eigenvalues (ascending) and eigenvectors of the innermost self-adjoint matrices."""
    x = convert_to_tensor(tensor)
    _square(x, "SelfAdjointEigV2")
    e, v = _eigh(x)
    return e, v


def eigvalsh(tensor, name=None):
    """Eigenvalues (ascending) of the innermost self-adjoint matrices."""
    return eigh(tensor)[0]
