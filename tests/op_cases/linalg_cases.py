"""Op table rows for linear algebra (ops/linalg_ops.py)."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")
FI = ("float32", "float64", "int32", "int64")


def _fn(f):
    return lambda tf: (lambda *a: f(tf, *a))


def _spd(rng, shapes, dtype):
    out = []
    for s in shapes:
        a = rng.uniform(-1, 1, size=s)
        out.append((a @ np.swapaxes(a, -1, -2) + s[-1] * np.eye(s[-1])).astype(dtype))
    return out


def _wellcond(rng, shapes, dtype):
    out = []
    for s in shapes:
        a = rng.uniform(-1, 1, size=s)
        if len(s) >= 2 and s[-1] == s[-2]:
            a = a + 3 * np.eye(s[-1])
        out.append(a.astype(dtype))
    return out


def _norm_ref(ord=None, axis=None):
    def ref(x):
        if axis is None:
            return np.linalg.norm(x.ravel(), ord=ord)
        return np.linalg.norm(x, ord=ord, axis=axis)
    return ref


MM = (((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((2, 1, 2, 3), (3, 3, 4)))

CASES = [
    OpCase("matmul", np.matmul, 2, FI, MM, prims=("MatMul",)),
    OpCase("matmul-transpose", lambda a, b: np.swapaxes(a, -1, -2) @ np.swapaxes(b, -1, -2), 2,
           F, (((3, 2), (4, 3)),),
           fn=_fn(lambda tf, a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True))),
    OpCase("linalg.matvec", lambda a, b: (a @ b[..., None])[..., 0], 2, F,
           (((2, 3), (3,)), ((4, 2, 3), (4, 3)))),
    OpCase("tensordot", lambda a, b: np.tensordot(a, b, 1), 2, F, (((2, 3), (3, 4)),),
           fn=_fn(lambda tf, a, b: tf.tensordot(a, b, 1))),
    OpCase("tensordot-axes", lambda a, b: np.tensordot(a, b, ([0, 2], [1, 0])), 2, F,
           (((2, 3, 4), (4, 2, 5)),),
           fn=_fn(lambda tf, a, b: tf.tensordot(a, b, [[0, 2], [1, 0]]))),
    OpCase("einsum", lambda a, b: np.einsum("ij,jk->ik", a, b), 2, FI, (((2, 3), (3, 4)),),
           fn=_fn(lambda tf, a, b: tf.einsum("ij,jk->ik", a, b)), prims=("Einsum",)),
    OpCase("einsum-batch", lambda a, b: np.einsum("bij,bkj->bik", a, b), 2, F,
           (((2, 2, 3), (2, 4, 3)),), fn=_fn(lambda tf, a, b: tf.einsum("bij,bkj->bik", a, b))),
    OpCase("einsum-implicit", lambda a, b: np.einsum("ij,kj", a, b), 2, F, (((2, 3), (4, 3)),),
           fn=_fn(lambda tf, a, b: tf.einsum("ij,kj", a, b))),
    OpCase("einsum-reduce", lambda a: np.einsum("ij->j", a), 1, F,
           fn=_fn(lambda tf, a: tf.einsum("ij->j", a))),
    OpCase("einsum-outer-ellipsis", lambda a, b: np.einsum("...i,...j->...ij", a, b), 2, F,
           (((2, 3), (2, 4)),), fn=_fn(lambda tf, a, b: tf.einsum("...i,...j->...ij", a, b))),
    OpCase("linalg.det", np.linalg.det, 1, F, (((3, 3),), ((2, 2, 2),)), make=_wellcond,
           prims=("MatrixDeterminant",), rtol=1e-4),
    OpCase("linalg.inv", np.linalg.inv, 1, F, (((3, 3),), ((2, 2, 2),)), make=_wellcond,
           prims=("MatrixInverse",), rtol=1e-4),
    OpCase("linalg.slogdet", lambda x: np.linalg.slogdet(x)[1], 1, F, (((3, 3),),),
           make=_wellcond, fn=_fn(lambda tf, x: tf.linalg.slogdet(x)[1]),
           prims=("LogMatrixDeterminant",), rtol=1e-4),
    OpCase("linalg.logdet", lambda x: np.linalg.slogdet(x)[1], 1, F, (((3, 3),),), make=_spd,
           rtol=1e-4),
    OpCase("linalg.cholesky", np.linalg.cholesky, 1, F, (((3, 3),), ((2, 2, 2),)), make=_spd,
           prims=("Cholesky",), note="gradient checked on the symmetrised input",
           rtol=1e-4),
    OpCase("linalg.solve", np.linalg.solve, 2, F, (((3, 3), (3, 2)),), make=_wellcond,
           prims=("MatrixSolve",), rtol=1e-4),
    OpCase("linalg.trace", lambda x: np.trace(x, axis1=-2, axis2=-1), 1, FI,
           (((3, 3),), ((2, 3, 4),))),
    OpCase("linalg.diag", lambda d: d[..., None] * np.eye(d.shape[-1], dtype=d.dtype), 1, FI,
           (((3,),), ((2, 3),)), prims=("MatrixDiagV3",)),
    OpCase("linalg.diag_part", lambda x: np.diagonal(x, axis1=-2, axis2=-1), 1, FI,
           (((3, 3),), ((2, 3, 4),)), prims=("MatrixDiagPartV3",)),
    OpCase("linalg.band_part", lambda x: np.tril(np.triu(x, -1), 2), 1, FI, (((4, 5),),),
           fn=_fn(lambda tf, x: tf.linalg.band_part(x, 1, 2)), prims=("MatrixBandPart",)),
    OpCase("linalg.matrix_transpose", lambda x: np.swapaxes(x, -1, -2), 1, FI,
           (((2, 3, 4),),)),
    OpCase("norm", _norm_ref(), 1, F, (((2, 3),), ((4,),))),
    OpCase("norm-axis", lambda x: np.linalg.norm(x, axis=1, keepdims=True), 1, F,
           fn=_fn(lambda tf, x: tf.norm(x, axis=1, keepdims=True))),
    OpCase("norm-1", lambda x: np.linalg.norm(x, 1, axis=0), 1, F,
           fn=_fn(lambda tf, x: tf.norm(x, ord=1, axis=0))),
    OpCase("norm-3", lambda x: np.sum(np.abs(x) ** 3) ** (1 / 3), 1, F,
           fn=_fn(lambda tf, x: tf.norm(x, ord=3))),
    OpCase("norm-fro", lambda x: np.linalg.norm(x, "fro", axis=(0, 1)), 1, F,
           fn=_fn(lambda tf, x: tf.norm(x, ord="fro", axis=[0, 1]))),
    OpCase("norm-matrix-2", lambda x: np.linalg.norm(x, 2, axis=(-2, -1)), 1, F,
           (((2, 3, 4),),), fn=_fn(lambda tf, x: tf.norm(x, ord=2, axis=[-2, -1])),
           prims=("SvdValues",), rtol=1e-4),
    OpCase("math.l2_normalize", lambda x: x / np.sqrt(np.sum(x * x, 1, keepdims=True)), 1, F,
           fn=_fn(lambda tf, x: tf.math.l2_normalize(x, axis=1))),
    OpCase("linalg.cross", np.cross, 2, F, (((3,), (3,)), ((2, 3), (2, 3))), prims=("Cross",)),
    OpCase("linalg.qr", lambda x: np.abs(np.linalg.qr(x)[1]), 1, F, (((4, 3),),),
           fn=_fn(lambda tf, x: tf.abs(tf.linalg.qr(x)[1])), prims=("Qr",), rtol=1e-4,
           note="|r|: r's signs are the factorization's choice"),
    OpCase("linalg.svd", lambda x: np.linalg.svd(x, compute_uv=False), 1, F, (((4, 3),),),
           fn=_fn(lambda tf, x: tf.linalg.svd(x)[0]), prims=("Svd",), rtol=1e-4),
    OpCase("linalg.diag_part-k", lambda x: np.diagonal(x, 1, -2, -1), 1, FI, (((3, 4),),),
           fn=_fn(lambda tf, x: tf.linalg.diag_part(x, k=1)), prims=("MatrixDiagPartV3",)),
    OpCase("linalg.diag-k", lambda d: np.eye(4, 4, -1, d.dtype) * np.pad(
        d, [(0, 0)] * (d.ndim - 1) + [(0, 1)])[..., None, :], 1, FI, (((3,),), ((2, 3),)), fn=_fn(lambda tf, d: tf.linalg.diag(d, k=-1)),
           prims=("MatrixDiagV3",)),
    OpCase("linalg.set_diag", lambda x, d: np.where(np.eye(3, 4, 1) > 0, d[..., :, None], x),
           2, FI,
           (((3, 4), (3,)),), fn=_fn(lambda tf, x, d: tf.linalg.set_diag(x, d, k=1)),
           prims=("MatrixSetDiagV3",)),
    OpCase("linalg.triangular_solve", lambda a, b: np.linalg.solve(np.tril(a), b), 2, F,
           (((3, 3), (3, 2)), ((2, 3, 3), (2, 3, 2))), make=_wellcond,
           prims=("MatrixTriangularSolve",), rtol=1e-4),
    OpCase("linalg.lstsq", lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0], 2, F,
           (((5, 3), (5, 2)),), prims=("Cholesky", "MatrixTriangularSolve"), rtol=1e-3,
           atol=1e-4),
    OpCase("linalg.lstsq-robust", lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0], 2, F,
           (((5, 3), (5, 2)), ((3, 5), (3, 2))), prims=("MatrixSolveLs",), rtol=1e-4,
           fn=_fn(lambda tf, a, b: tf.linalg.lstsq(a, b, fast=False)), grad=None,
           note="TF defines no gradient for fast=False (ValueError)"),
    OpCase("linalg.lu", lambda x: np.abs(np.linalg.det(x)), 1, F, (((3, 3),), ((2, 4, 4),)),
           make=_wellcond, prims=("Lu",), rtol=1e-4, grad=None,
           fn=_fn(lambda tf, x: tf.abs(tf.reduce_prod(tf.linalg.diag_part(tf.linalg.lu(x)[0]),
                                                      -1))),
           note="TF registers no gradient for Lu (LookupError); |det| = |prod(diag(U))|"),
    OpCase("linalg.eigh", lambda x: np.linalg.eigvalsh(x), 1, F, (((3, 3),),), make=_spd,
           fn=_fn(lambda tf, x: tf.linalg.eigh(x)[0]), prims=("SelfAdjointEigV2",), rtol=1e-4,
           note="gradient checked on the symmetrised input"),
]
