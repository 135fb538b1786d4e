"""tf.linalg's matrix functions: determinants, inverse, solve, cholesky, diagonals and bands, norms,
l2_normalize, cross and the decompositions (qr, svd, eigh), each primitive with its gradient rule
directly below it."""
import collections

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import primitive, INEXACT
from ..errors import FailedPreconditionError
from ..tensor import convert_to_tensor
from ._args import _dims, _err
from .cast import cast, zeros_like
from .elementwise import (abs as _abs, add, complex as _complex, conj, divide_no_nan, log, maximum,
                          multiply, negative, pow as _pow, real, rsqrt, sqrt, subtract)
from .matmul import _adj, _matmul
from .reduction import reduce_max, reduce_sum
from .shape_ops import broadcast_to, expand_dims, reshape, squeeze
from .shape_ops import transpose as _array_transpose


# ---------------------------------------------------------------------------------------------
# determinants, inverse, solve, cholesky

def _square(x, op):
    s = x._v.shape
    if len(s) < 2:
        raise _err(op, "Input tensor 0 must have rank >= 2, got %d" % len(s))
    if s[-1] != s[-2]:
        raise _err(op, "Input matrix must be square.")


@primitive("MatrixDeterminant", dtypes=INEXACT)
def _det(x):
    return np.linalg.det(x).astype(x.dtype, copy=False)


@_det.defvjp
def _(g, ans, x):
    return (multiply(reshape(multiply(g, conj(ans)), g._v.shape + (1, 1)), _adj(_inv(x))),)


@export("linalg.det")
def det(input, name=None):
    """Determinants of the innermost square matrices."""
    x = convert_to_tensor(input)
    _square(x, "MatrixDeterminant")
    return _det(x)


def _singular(op, msg):
    def on_error(prim, arrays, attrs=None):
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
    ah = _adj(ans)
    return (negative(_matmul(_matmul(ah, g), ah)),)


@export("linalg.inv")
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
    gl = g[1]
    if x._v.dtype.kind == "c":
        gl = cast(gl, x.dtype)
    return (broadcast_to(reshape(gl, gl._v.shape + (1, 1)), x._v.shape) * _adj(_inv(x)),)


SlogdetResult = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])


@export("linalg.slogdet")
def slogdet(input, name=None):
    """(sign, log|det|) of the innermost square matrices."""
    x = convert_to_tensor(input)
    _square(x, "LogMatrixDeterminant")
    s, l = _slogdet(x)
    return SlogdetResult(s, l)


@export("linalg.logdet")
def logdet(matrix, name=None):
    """log(det(matrix)) for Hermitian positive definite matrices, via Cholesky."""
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
    linv = _inv(ans)
    p = _matmul(_adj(ans), g)
    half = cast(0.5, p.dtype)
    p = subtract(band_part(p, -1, 0), multiply(half, diag(diag_part(p))))
    s = _matmul(_matmul(_adj(linv), p), linv)
    return (multiply(half, add(s, _adj(s))),)


@export("linalg.cholesky")
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
    gb = _solve(_adj(a), g)
    return negative(_matmul(gb, _adj(ans))), gb


@export("linalg.solve")
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
    xp = xp_of(d)
    out = xp.zeros(d.shape[:-1] + (rows, cols), d.dtype)
    n = d.shape[-1]
    k = xp.arange(n)
    out[..., k, k] = d
    return out


@_diag.defvjp
def _(g, ans, d, rows, cols):
    return (_diag_part(g),)


@export("linalg.diag_part")
def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """The main diagonals of the innermost matrices."""
    x = convert_to_tensor(input)
    if x._v.ndim < 2:
        raise _err("MatrixDiagPartV3", "input must be at least 2-dim, received shape: %s"
                   % _dims(x._v.shape))
    if k != 0:
        raise NotImplementedError("diag_part with k != 0")
    return _diag_part(x)


@export("linalg.diag")
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


@export("linalg.trace")
def trace(x, name=None):
    """Sums of the main diagonals of the innermost matrices."""
    return reduce_sum(diag_part(x), axis=-1)


@primitive("MatrixBandPart")
def _band_part(x, lower, upper):
    m, n = x.shape[-2:]
    xp = xp_of(x)
    i = xp.arange(m)[:, None]
    j = xp.arange(n)[None, :]
    keep = xp.ones((m, n), bool)
    if lower >= 0:
        keep &= (i - j) <= lower
    if upper >= 0:
        keep &= (j - i) <= upper
    return np.where(keep, x, x.dtype.type(0))


@_band_part.defvjp
def _(g, ans, x, lower, upper):
    return (_band_part(g, lower=lower, upper=upper),)


@export("linalg.band_part")
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

_AXIS_MSG = "'axis' must be None, an integer, or a tuple of 2 unique integers, got %s"


@export("norm", "linalg.norm")
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector norms (ord 'euclidean', 1, 2, inf or any p > 0) or matrix norms over an axis pair
    ('fro', 'euclidean', 1, 2, inf). The checks and the reductions are TF's (axis errors are the
    reduction's, complex inputs give a complex euclidean norm)."""
    is_matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix:
        axis = tuple(axis)
        if type(axis[0]) is not int or type(axis[1]) is not int or axis[0] == axis[1]:
            raise ValueError(_AXIS_MSG % (axis,))
        if ord not in ("euclidean", "fro", 1, 2, np.inf):
            raise ValueError("'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, "
                             "inf], got %s" % (ord,))
    else:
        if not (isinstance(axis, int) or axis is None):
            raise ValueError(_AXIS_MSG % (axis,))
        if (not np.isreal(ord) or ord <= 0) and ord not in ("euclidean", 1, 2, np.inf):
            raise ValueError("'ord' must be a supported vector norm, got %s" % (ord,))
        if axis is not None:
            axis = (axis,)
    x = convert_to_tensor(tensor)
    if ord in ("fro", "euclidean", 2, 2.0) and not (is_matrix and ord in (2, 2.0)):
        if not (x.dtype.is_floating or x.dtype.is_complex or x.dtype.is_integer):
            raise TypeError("Expected numeric or variant tensor, got dtype %r." % (x.dtype,))
        r = sqrt(reduce_sum(multiply(x, conj(x)), axis=axis, keepdims=True))
    elif is_matrix and ord in (2, 2.0):
        n = x._v.ndim
        axes = [a % n if -n <= a < n else a for a in axis]
        reduce_sum(x, axis=axes)  # the reduction's axis errors
        perm = [k for k in range(n) if k not in axes] + axes
        s = svd(_array_transpose(x, perm), compute_uv=False)
        r = s[..., 0]
        r = reshape(r, list(r._v.shape) + [1, 1])
        r = _array_transpose(r, [int(i) for i in np.argsort(perm)])
    else:
        r = _abs(x)
        if ord == 1:
            r = reduce_sum(r, axis=None if axis is None else axis[0], keepdims=True)
            if is_matrix:
                r = reduce_max(r, axis=axis[-1], keepdims=True)
        elif ord == np.inf:
            if is_matrix:
                r = reduce_sum(r, axis=axis[1], keepdims=True)
            r = reduce_max(r, axis=None if axis is None else axis[0], keepdims=True)
        else:
            r = _pow(reduce_sum(_pow(r, ord), axis=axis, keepdims=True), 1.0 / ord)
    if not keepdims:
        r = squeeze(r, axis)
    return r


@export("math.l2_normalize", "nn.l2_normalize", "linalg.l2_normalize")
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2, axis), epsilon))."""
    x = convert_to_tensor(x)
    if axis is None:
        axis = dim
    if x.dtype.is_complex:
        sq = reduce_sum(real(multiply(x, conj(x))), axis=axis, keepdims=True)
        inv = rsqrt(maximum(sq, convert_to_tensor(epsilon, dtype=sq.dtype)))
        return multiply(x, _complex(inv, zeros_like(inv)))
    sq = reduce_sum(multiply(x, x), axis=axis, keepdims=True)  # the reduction's axis errors
    # TF: maximum(square_sum, epsilon) converts epsilon to the sum's dtype ('Cannot convert
    # 1e-12 to EagerTensor of dtype int32' for integer inputs)
    return multiply(x, rsqrt(maximum(sq, convert_to_tensor(epsilon, dtype=sq.dtype))))


@primitive("Cross", on_error=lambda p, a, k: None)
def _cross(a, b):
    return np.cross(a, b)


@_cross.defvjp
def _(g, ans, a, b):
    return _cross(b, g), _cross(g, a)


@export("linalg.cross")
def cross(a, b, name=None):
    """Cross products of 3-element vectors along the last axis."""
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


@export("linalg.qr")
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
    s, u, v = _svd(x, full_matrices=False)
    gd = diag(cast(g, x.dtype) if x.dtype.is_complex else g)
    return (_matmul(_matmul(u, gd), _adj(v)),)


@export("linalg.svd")
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
    half = cast(0.5, r.dtype)
    return (multiply(half, add(r, _adj(r))),)


EighResult = collections.namedtuple("SelfAdjointEigV2", ["e", "v"])


@export("linalg.eigh")
def eigh(tensor, name=None):
    """Eigenvalues (ascending) and eigenvectors of the innermost self-adjoint matrices."""
    x = convert_to_tensor(tensor)
    _square(x, "SelfAdjointEigV2")
    e, v = _eigh(x)
    return e, v


@export("linalg.eigvalsh")
def eigvalsh(tensor, name=None):
    """Eigenvalues (ascending) of the innermost self-adjoint matrices."""
    return eigh(tensor)[0]
