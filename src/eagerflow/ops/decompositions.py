"""tf.linalg's decompositions and triangular solves: triangular_solve, qr, svd, eigh and lu, each
primitive with its gradient rule directly below it (TF's rules: the QR rule of arXiv:2009.10071,
the SVD rule of Giles / Townsend with TF's limits on full_matrices)."""
import collections

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, INEXACT
from ..tensor import convert_to_tensor
from ._args import _err
from .cast import cast
from .diagonals import band_part, diag, diag_part
from .elementwise import (add, divide_no_nan, multiply, negative, real, reciprocal, square,
                          subtract)
from .matmul import _adj, _matmul
from .shape_ops import broadcast_to, concat, expand_dims

__all__ = ["triangular_solve", "qr", "svd", "eigh", "eigvalsh", "lu"]


def _square(x, op):
    s = x._v.shape
    if len(s) < 2:
        raise _err(op, "Input tensor 0 must have rank >= 2, got %d" % len(s))
    if s[-1] != s[-2]:
        raise _err(op, "Input matrix must be square.")


# ---------------------------------------------------------------------------------------------
# triangular solve

@primitive("MatrixTriangularSolve", dtypes=INEXACT)
def _tri_solve(a, b, lower, adjoint):
    t = np.tril(a) if lower else np.triu(a)
    if adjoint:
        t = np.conj(np.swapaxes(t, -1, -2))
    return np.linalg.solve(t, b).astype(b.dtype, copy=False)


@_tri_solve.defvjp
def _(g, ans, a, b, lower, adjoint):
    gb = _tri_solve(a, g, lower=lower, adjoint=not adjoint)
    ga = negative(_matmul(ans, _adj(gb)) if adjoint else _matmul(gb, _adj(ans)))
    return (band_part(ga, -1, 0) if lower else band_part(ga, 0, -1), gb)


@export("linalg.triangular_solve")
def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """Solves matrix @ x = rhs for x, matrix triangular (its other triangle is ignored)."""
    a = convert_to_tensor(matrix)
    b = convert_to_tensor(rhs, dtype=a.dtype)
    _square(a, "MatrixTriangularSolve")
    if b._v.ndim < 2 or b._v.shape[-2] != a._v.shape[-1]:
        raise _err("MatrixTriangularSolve", "Input matrix and right-hand side must have the same "
                   "number of rows.")
    return _tri_solve(a, b, lower=bool(lower), adjoint=bool(adjoint))


def _solve_right(x, r):
    """x @ inv(r)^H for upper triangular r (TF's QR rule's _TriangularSolve)."""
    return _adj(_tri_solve(r, _adj(x), lower=False, adjoint=False))


# ---------------------------------------------------------------------------------------------
# QR

@primitive("Qr", dtypes=INEXACT, multiple_results=True)
def _qr(x, full_matrices):
    q, r = np.linalg.qr(x, mode="complete" if full_matrices else "reduced")
    return [q.astype(x.dtype, copy=False), r.astype(x.dtype, copy=False)]


def _qr_grad_square_deep(q, r, dq, dr):
    qdq = _matmul(_adj(q), dq)
    rdr = _matmul(r, _adj(dr))
    tril = band_part(add(subtract(qdq, _adj(qdq)), subtract(rdr, _adj(rdr))), -1, 0)
    grad = add(_matmul(q, add(dr, _solve_right(tril, r))),
               _solve_right(subtract(dq, _matmul(q, qdq)), r))
    if q.dtype.is_complex:  # the correction of the complex case
        m = subtract(rdr, _adj(qdq))
        d = diag(diag_part(m))
        correction = subtract(d, cast(real(d), q.dtype))
        grad = add(grad, _solve_right(_matmul(q, _adj(correction)), r))
    return grad


@_qr.defvjp
def _(g, ans, x, full_matrices):
    dq, dr = g
    q, r = ans
    m, n = x._v.shape[-2:]
    if m > n and full_matrices:
        raise NotImplementedError("QrGrad not implemented when nrows > ncols and full_matrices is "
                                  "true. Received r.shape=%s with nrows=%dand ncols=%d." % (
                                      r.shape, m, n))
    if m >= n:
        return (_qr_grad_square_deep(q, r, dq, dr),)
    # a = [x, y], r = [u, v]: the square case for x, and dy = q dv
    y, u = x[..., :, m:], r[..., :, :m]
    dv, du = dr[..., :, m:], dr[..., :, :m]
    dx = _qr_grad_square_deep(q, u, add(dq, _matmul(y, _adj(dv))), du)
    return (concat([dx, _matmul(q, dv)], -1),)


QrResult = collections.namedtuple("Qr", ["q", "r"])


@export("linalg.qr")
def qr(input, full_matrices=False, name=None):
    """QR decompositions of the innermost matrices: (q, r)."""
    x = convert_to_tensor(input)
    q, r = _qr(x, full_matrices=bool(full_matrices))
    return QrResult(q, r)


# ---------------------------------------------------------------------------------------------
# SVD

@primitive("Svd", dtypes=INEXACT, multiple_results=True)
def _svd(x, full_matrices):
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    v = np.conj(np.swapaxes(vh, -1, -2))
    return [s.astype(x.real.dtype, copy=False), u.astype(x.dtype, copy=False),
            v.astype(x.dtype, copy=False)]


def _safe_reciprocal(x, epsilon=1e-20):
    return multiply(x, reciprocal(add(multiply(x, x), cast(epsilon, x.dtype))))


@_svd.defvjp
def _(g, ans, a, full_matrices):
    gs, gu, gv = g
    s, u, v = ans
    m, n = a._v.shape[-2:]
    gs, s = cast(gs, a.dtype), cast(s, a.dtype)
    adjoint = m > n
    if adjoint:  # the gradient for A^H = V S U^H, transposed back at the end
        m, n, u, v, gu, gv = n, m, v, u, gv, gu
    if full_matrices and abs(m - n) > 1:
        raise NotImplementedError("svd gradient is not implemented for abs(m - n) > 1 when "
                                  "full_matrices is True. Received: m=%d and n=%d from op "
                                  "input=%s with shape=%s." % (m, n, a, a.shape))
    s_mat = diag(s)
    s2 = square(s)
    f = _safe_reciprocal(subtract(expand_dims(s2, -2), expand_dims(s2, -1)))
    f = subtract(f, diag(diag_part(f)))
    v1, gv1 = v[..., :, :m], gv[..., :, :m]
    f_u = multiply(f, _matmul(_adj(u), gu))
    v_gv = _matmul(_adj(v1), gv1)
    f_v = multiply(f, v_gv)
    inner = add(add(diag(gs), _matmul(add(f_u, _adj(f_u)), s_mat)),
                _matmul(s_mat, add(f_v, _adj(f_v))))
    grad = _matmul(u, _matmul(inner, _adj(v1)))
    if m != n:
        gv1t = _adj(gv1)
        term = subtract(gv1t, _matmul(_matmul(gv1t, v1), _adj(v1)))
        if full_matrices:
            v2, gv2 = v[..., :, m:n], gv[..., :, m:n]
            term = subtract(term, _matmul(_matmul(_adj(v1), gv2), _adj(v2)))
        grad = add(grad, _matmul(_matmul(u, diag(_safe_reciprocal(s))), term))
    if a.dtype.is_complex:
        eye_l = diag(diag_part(v_gv))
        t3 = _matmul(diag(_safe_reciprocal(s)), subtract(_adj(eye_l), eye_l))
        grad = add(grad, multiply(cast(0.5, a.dtype), _matmul(u, _matmul(t3, _adj(v1)))))
    return (_adj(grad) if adjoint else grad,)


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


# ---------------------------------------------------------------------------------------------
# eigh

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


# ---------------------------------------------------------------------------------------------
# LU

def _lu_one(a):
    """Partial pivoting (the largest magnitude in the column, first on ties, as LAPACK's getrf):
    the packed L\\U factors and the row order p with a[p] = L @ U."""
    a = a.copy()
    n = a.shape[0]
    p = np.arange(n)
    for k in range(n):
        j = k + int(np.argmax(np.abs(a[k:, k])))
        if j != k:
            a[[k, j]] = a[[j, k]]
            p[[k, j]] = p[[j, k]]
        if a[k, k] != 0:
            a[k + 1:, k] /= a[k, k]
            a[k + 1:, k + 1:] -= np.outer(a[k + 1:, k], a[k, k + 1:])
    return a, p


@primitive("Lu", dtypes=INEXACT, multiple_results=True, quiet=True)
def _lu(x, index_dtype):
    flat = x.reshape((-1,) + x.shape[-2:])
    parts = [_lu_one(m) for m in flat]
    lu = np.stack([f for f, _ in parts]) if parts else flat.copy()
    p = np.stack([q for _, q in parts]) if parts else np.zeros(flat.shape[:-1], np.int64)
    return [lu.reshape(x.shape), p.reshape(x.shape[:-1]).astype(index_dtype)]


@_lu.defvjp
def _(g, ans, x, index_dtype):
    raise LookupError("gradient registry has no entry for: Lu")


LuResult = collections.namedtuple("Lu", ["lu", "p"])


@export("linalg.lu")
def lu(input, output_idx_type="int32", name=None):
    """LU decompositions with partial pivoting: (lu, p), L (unit diagonal) and U packed in lu,
    input[..., p, :] = L @ U."""
    x = convert_to_tensor(input)
    _square(x, "Lu")
    return LuResult(*_lu(x, index_dtype=_dt.as_dtype(output_idx_type)._np))
