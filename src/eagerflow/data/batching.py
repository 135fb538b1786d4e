"""batch, padded_batch and unbatch."""
import numpy as np

import eagerflow as tf

from . import structure as S
from .dataset import DatasetV2, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY

__all__ = ["_BatchDataset", "_PaddedBatchDataset", "_UnbatchDataset"]


def _batch_size(batch_size):
    n = int(tf.convert_to_tensor(batch_size))
    if n <= 0:
        raise tf.errors.InvalidArgumentError(None, None, "Batch size must be greater than zero, "
                                             "but was %d." % n)
    return n


def _batched_cardinality(n, size, drop_remainder):
    if n < 0:
        return n
    return n // size if drop_remainder else -(-n // size)


def _batched_spec(spec, size, drop_remainder):
    lead = size if drop_remainder else None
    return S.map_specs(lambda s: tf.TensorSpec([lead] + s.shape.as_list()
                                               if s.shape.rank is not None else None, s.dtype),
                       spec)


class _BatchDataset(DatasetV2):
    """Consecutive elements stacked into batches of ``batch_size`` (the last one may be short)."""

    def __init__(self, input_dataset, batch_size, drop_remainder):
        self._input = input_dataset
        self._size = _batch_size(batch_size)
        self._drop = bool(drop_remainder)

    def _element_spec(self):
        return _batched_spec(self._input.element_spec, self._size, self._drop)

    def _cardinality(self):
        return _batched_cardinality(self._input._cardinality(), self._size, self._drop)

    def _flat_iter(self):
        return self._input._batches(self._size, self._drop)


class _PaddedBatchDataset(DatasetV2):
    """Batches whose components are padded to a common shape (the largest in the batch, or
    ``padded_shapes``) with ``padding_values`` (0, False or b'' by default)."""

    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values, drop_remainder):
        self._input = input_dataset
        self._size = _batch_size(batch_size)
        self._drop = bool(drop_remainder)
        spec = input_dataset.element_spec
        flat = S.flatten(spec)
        if padded_shapes is None:
            shapes = [s.shape for s in flat]
            for s in shapes:
                if s.rank is None:
                    raise ValueError("You must provide `padded_shapes` argument because component "
                                     "%s has unknown rank." % s)
        else:
            shapes = S.flatten(padded_shapes) if isinstance(spec, (tuple, dict)) else \
                [padded_shapes]
            shapes = [tf.TensorShape(s) for s in shapes]
        if padding_values is None:
            values = [None] * len(flat)
        else:
            values = S.flatten(padding_values) if isinstance(spec, (tuple, dict)) else \
                [padding_values]
        # a dimension given as None or -1 is padded to the batch's longest; with no
        # padded_shapes every dimension is (the fixed ones are then equal anyway)
        self._shapes = [[None if padded_shapes is None or d is None or d == -1 else int(d)
                         for d in s.as_list()] for s in shapes]
        self._values = [_pad_value(v, s.dtype) for v, s in zip(values, flat)]
        self._structure = S.pack(spec, [
            tf.TensorSpec([self._size if self._drop else None] + (
                shape if padded_shapes is not None else s.shape.as_list()), s.dtype)
            for shape, s in zip(self._shapes, flat)])

    def _cardinality(self):
        return _batched_cardinality(self._input._cardinality(), self._size, self._drop)

    def _flat_iter(self):
        chunk = []
        for flat in self._input._flat_iter():
            chunk.append(flat)
            if len(chunk) == self._size:
                yield self._pad(chunk)
                chunk = []
        if chunk and not self._drop:
            yield self._pad(chunk)

    def _pad(self, chunk):
        out = []
        for k, parts in enumerate(zip(*chunk)):
            shape = self._shapes[k]
            big = [max(p.shape[d] for p in parts) if want is None else want
                   for d, want in enumerate(shape)]
            batch = np.full([len(parts)] + big, self._values[k], dtype=parts[0].dtype)
            for i, p in enumerate(parts):
                if any(n > b for n, b in zip(p.shape, big)):
                    raise tf.errors.InvalidArgumentError(
                        None, None, "Attempted to pad to a smaller size than the input element.")
                batch[(i,) + tuple(slice(0, n) for n in p.shape)] = p
            out.append(batch)
        return out


def _pad_value(value, dtype):
    if value is None:
        return b"" if dtype == tf.string else dtype.as_numpy_dtype(0)
    return S.array_of(tf.convert_to_tensor(value, dtype=dtype))[()]


class _UnbatchDataset(DatasetV2):
    """Each element split along its first dimension into that many elements."""

    def __init__(self, input_dataset):
        spec = input_dataset.element_spec
        for s in S.flatten(spec):
            if s.shape.rank == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
        self._input = input_dataset
        self._structure = S.map_specs(
            lambda s: tf.TensorSpec(s.shape[1:] if s.shape.rank is not None else None, s.dtype),
            spec)

    def _cardinality(self):
        n = self._input._cardinality()
        return INFINITE_CARDINALITY if n == INFINITE_CARDINALITY else UNKNOWN_CARDINALITY

    def _flat_iter(self):
        for flat in self._input._flat_iter():
            n = len(flat[0])
            if any(len(a) != n for a in flat[1:]):
                raise tf.errors.InvalidArgumentError(
                    None, None, "Input element must have the same batch size in each component. "
                    "Component 0 had size %d but component %d had size %d." % (
                        n, next(k for k, a in enumerate(flat) if len(a) != n),
                        next(len(a) for a in flat if len(a) != n)))
            for i in range(n):
                yield tuple(a[i] for a in flat)
