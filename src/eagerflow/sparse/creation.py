"""SparseTensors made from a shape, or from another with rows added: tf.sparse.eye and
tf.sparse.fill_empty_rows."""
import numpy as np

import eagerflow as tf
from .sparse_tensor import SparseTensor


def eye(num_rows, num_columns=None, dtype=tf.float32, name=None):
    """The [num_rows, num_columns] identity as a SparseTensor (ones on the main diagonal)."""
    rows = int(tf.convert_to_tensor(num_rows)._v)
    cols = rows if num_columns is None else int(tf.convert_to_tensor(num_columns)._v)
    n = min(rows, cols)
    diag = np.repeat(np.arange(n, dtype=np.int64)[:, None], 2, axis=1)
    return SparseTensor(diag, tf.ones([n], dtype=dtype), [rows, cols])


def fill_empty_rows(sp_input, default_value, name=None):
    """(``sp_input`` with an entry ``default_value`` at [r, 0, ..., 0] for each row r it has no
    entry in, a bool vector marking those rows)."""
    idx, shape = sp_input.indices._v, sp_input.dense_shape._v
    nrows = int(shape[0]) if shape.size else 0
    empty = np.ones(nrows, bool)
    empty[idx[:, 0]] = False
    new_rows = np.flatnonzero(empty).astype(np.int64)
    added = np.zeros((new_rows.shape[0], shape.shape[0]), np.int64)
    added[:, 0] = new_rows
    all_idx = np.concatenate([idx, added]).reshape(-1, shape.shape[0])
    fill = tf.fill([new_rows.shape[0]], tf.convert_to_tensor(default_value,
                                                             dtype=sp_input.dtype))
    values = tf.concat([sp_input.values, fill], axis=0)
    # rows in order; within a row, the input's own order (a stable sort on the row alone)
    order = np.argsort(all_idx[:, 0], kind="stable") if all_idx.shape[0] else np.zeros(0, int)
    out = SparseTensor(all_idx[order], tf.gather(values, order.astype(np.int64)), shape)
    return out, tf.constant(empty)
