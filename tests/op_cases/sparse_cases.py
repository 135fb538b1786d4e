"""Op-table rows for SparseTensor kernels: sparse_dense_matmul (SparseTensorDenseMatMul) against
the dense product, its gradient in the dense operand by finite differences."""
import numpy as np

from .case import OpCase

IDX = [[0, 0], [0, 3], [1, 1], [2, 2]]
VALS = [1.5, -2.0, 0.5, 3.0]
DENSE = np.zeros((3, 4))
DENSE[tuple(np.array(IDX).T)] = VALS

CASES = [
    OpCase("sparse.sparse_dense_matmul", lambda b: DENSE.astype(b.dtype) @ b, 1,
           ("float32", "float64"), (((4, 2),), ((4, 1),)), prims=("SparseTensorDenseMatMul",),
           fn=lambda tf: lambda b: tf.sparse.sparse_dense_matmul(
               tf.sparse.SparseTensor(IDX, tf.constant(VALS, b.dtype), [3, 4]), b)),
]
