"""tf.linalg's matrix functions: determinants, inverse, solve, cholesky, least squares (lstsq), LU
solves, norms, l2_normalize and cross, each primitive with its gradient rule directly below it
(diagonals and bands are in diagonals.py, the decompositions in decompositions.py)."""
import collections

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, INEXACT
from ..errors import FailedPreconditionError
from ..tensor import convert_to_tensor
from ._args import _dims, _err
from .cast import cast, ones_like, zeros_like
from .decompositions import _square, _tri_solve, svd
from .diagonals import band_part, diag, diag_part, set_diag
from .gather import gather
from .elementwise import (abs as _abs, add, complex as _complex, conj, log, maximum, multiply,
                          negative, pow as _pow, real, rsqrt, sqrt, subtract)
from .matmul import _adj, _matmul
from .reduction import reduce_max, reduce_sum
from .shape_ops import broadcast_to, reshape, squeeze
from .shape_ops import transpose as _array_transpose


# ---------------------------------------------------------------------------------------------
# determinants, inverse, solve, cholesky

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
# least squares, LU solves

@export("linalg.cholesky_solve")
def cholesky_solve(chol, rhs, name=None):
    """X with A @ X = rhs, given A's lower Cholesky factor chol."""
    y = _tri_solve(chol, rhs, lower=True, adjoint=False)
    return _tri_solve(chol, y, lower=True, adjoint=True)


@primitive("MatrixSolveLs", dtypes=INEXACT)
def _solve_ls(a, b):
    # the robust solver (fast=False): minimum-norm least squares; TF's kernel ignores l2 here
    if a.ndim == 2:
        return np.linalg.lstsq(a, b, rcond=None)[0].astype(b.dtype, copy=False)
    out = np.empty(a.shape[:-2] + (a.shape[-1], b.shape[-1]), b.dtype)
    for idx in np.ndindex(*a.shape[:-2]):
        out[idx] = np.linalg.lstsq(a[idx], b[idx], rcond=None)[0]
    return out


@_solve_ls.defvjp
def _(g, ans, a, b):
    raise ValueError("Gradient not defined for fast=False")


@export("linalg.lstsq")
def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """Least-squares solutions X of matrix @ X = rhs (with an L2 penalty l2_regularizer ||X||^2):
    fast, through the Cholesky factor of the regularized Gramian (differentiable, as TF's); else
    the minimum-norm solution of an orthogonal factorization (no penalty and no gradient, as in
    TF)."""
    a = convert_to_tensor(matrix)
    b = convert_to_tensor(rhs, dtype=a.dtype)
    if a._v.ndim < 2 or b._v.ndim < 2 or b._v.shape[-2] != a._v.shape[-2]:
        raise _err("MatrixSolveLs", "Incompatible shapes: matrix %s and rhs %s" % (
            _dims(a._v.shape), _dims(b._v.shape)))
    l2 = convert_to_tensor(l2_regularizer, dtype=a.dtype)
    if not fast:
        return _solve_ls(a, b)
    m, n = a._v.shape[-2:]
    over = m >= n
    gram = _matmul(_adj(a), a) if over else _matmul(a, _adj(a))
    if float(np.abs(l2._v)):
        size = n if over else m
        gram = add(gram, multiply(l2, diag(ones_like(gram[..., 0, :size]))))
    chol = cholesky(gram)
    if over:
        return cholesky_solve(chol, _matmul(_adj(a), b))
    return _matmul(_adj(a), cholesky_solve(chol, b))


def _lu_factors(lower_upper):
    unit = ones_like(diag_part(lower_upper))
    return set_diag(band_part(lower_upper, -1, 0), unit), band_part(lower_upper, 0, -1)


@export("linalg.lu_solve")
def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """X with A @ X = rhs, given tf.linalg.lu(A) = (lower_upper, perm)."""
    lu_t = convert_to_tensor(lower_upper)
    p = convert_to_tensor(perm)
    b = convert_to_tensor(rhs, dtype=lu_t.dtype)
    lower, upper = _lu_factors(lu_t)
    permuted = gather(b, p, axis=-2, batch_dims=p._v.ndim - 1)
    y = _tri_solve(lower, permuted, lower=True, adjoint=False)
    return _tri_solve(upper, y, lower=False, adjoint=False)


@export("linalg.lu_reconstruct")
def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """The matrix A of tf.linalg.lu(A) = (lower_upper, perm)."""
    lu_t = convert_to_tensor(lower_upper)
    p = convert_to_tensor(perm)
    lower, upper = _lu_factors(lu_t)
    inverse = convert_to_tensor(np.argsort(p._v, axis=-1).astype(p._v.dtype))
    return gather(_matmul(lower, upper), inverse, axis=-2, batch_dims=p._v.ndim - 1)
