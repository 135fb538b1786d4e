"""Element-wise transformations: map, flat_map, filter, take_while, repeat, take, skip, prefetch
and cache.

TF traces a function given to ``map``/``filter`` once into a graph; here it runs on each element's
eager tensors, with the same results. So a Python ``print`` inside it runs for every element (in
TF: once, while tracing), and ``element_spec`` of a ``map`` is read from its output on the first
element (TF's trace can leave a dimension unknown, None, where the output shape varies)."""
import itertools

import eagerflow as tf

from . import structure as S
from .dataset import DatasetV2, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, call_on_flat
from .sources import Sliceable

__all__ = ["_MapDataset", "_ParallelMapDataset", "_FlatMapDataset", "_FilterDataset",
           "_TakeWhileDataset", "_RepeatDataset", "_TakeDataset", "_SkipDataset",
           "_PrefetchDataset", "CacheDataset"]


def _outputs(value):
    """A map function's result as an element: lists become tuples (as TF does), leaves tensors."""
    if isinstance(value, list):
        value = tuple(value)
    return S.normalize(value)


class _MapDataset(DatasetV2):
    """``map_func`` applied to each element."""

    def __init__(self, input_dataset, map_func):
        self._input = input_dataset
        self._fn = map_func
        self._in_spec = input_dataset.element_spec

    def _apply(self, flat):
        return _outputs(call_on_flat(self._fn, self._in_spec, flat))

    def _element_spec(self):
        for flat in self._input._flat_iter():
            return S.map_specs(S.spec_of, self._apply(flat))
        return self._in_spec  # an empty input: the function never runs

    def _cardinality(self):
        return self._input._cardinality()

    def _flat_iter(self):
        for flat in self._input._flat_iter():
            out = self._apply(flat)
            if self._structure is None:
                self._structure = S.map_specs(S.spec_of, out)
            yield tuple([S.array_of(t) for t in S.flatten(out)])


class _ParallelMapDataset(_MapDataset):
    """``map`` with ``num_parallel_calls``: the same elements in the same order (run in turn)."""


class _FlatMapDataset(DatasetV2):
    """The elements of the datasets ``map_func`` returns, one dataset after another."""

    def __init__(self, input_dataset, map_func):
        self._input = input_dataset
        self._fn = map_func
        self._in_spec = input_dataset.element_spec

    def _datasets(self):
        for flat in self._input._flat_iter():
            ds = call_on_flat(self._fn, self._in_spec, flat)
            if not isinstance(ds, DatasetV2):
                raise TypeError("The `map_func` argument must return a `Dataset` object. Got %s."
                                % type(ds))
            yield ds

    def _element_spec(self):
        for ds in self._datasets():
            return ds.element_spec
        return self._in_spec

    def _flat_iter(self):
        for ds in self._datasets():
            yield from ds._flat_iter()


def _truth(value):
    t = tf.convert_to_tensor(value)
    if t.dtype != tf.bool or t.shape.rank != 0:
        raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, "
                         "but its return type was %s." % tf.TensorSpec(t.shape, t.dtype))
    return bool(S.array_of(t))


class _FilterDataset(DatasetV2):
    """The elements for which ``predicate`` is True."""

    def __init__(self, input_dataset, predicate):
        self._input = input_dataset
        self._fn = predicate
        self._structure = input_dataset.element_spec

    def _flat_iter(self):
        spec, fn = self._structure, self._fn
        for flat in self._input._flat_iter():
            if _truth(call_on_flat(fn, spec, flat)):
                yield flat

    def _cardinality(self):
        n = self._input._cardinality()
        return INFINITE_CARDINALITY if n == INFINITE_CARDINALITY else UNKNOWN_CARDINALITY


class _TakeWhileDataset(_FilterDataset):
    """The elements up to the first for which ``predicate`` is False."""

    def _flat_iter(self):
        spec, fn = self._structure, self._fn
        for flat in self._input._flat_iter():
            if not _truth(call_on_flat(fn, spec, flat)):
                return
            yield flat

    def _cardinality(self):
        return UNKNOWN_CARDINALITY


def _count(count):
    return -1 if count is None else int(tf.convert_to_tensor(count))


class _RepeatDataset(DatasetV2):
    """The input ``count`` times over (for ever when count is None or -1)."""

    def __init__(self, input_dataset, count):
        self._input = input_dataset
        self._count = _count(count)
        self._structure = input_dataset.element_spec

    def _cardinality(self):
        n = self._input._cardinality()
        if self._count == 0 or n == 0:
            return 0
        if self._count < 0 or n == INFINITE_CARDINALITY:
            return INFINITE_CARDINALITY
        return n * self._count if n >= 0 else UNKNOWN_CARDINALITY

    def _flat_iter(self):
        epochs = itertools.count() if self._count < 0 else range(self._count)
        for _ in epochs:
            empty = True
            for flat in self._input._flat_iter():
                empty = False
                yield flat
            if empty:  # repeating an empty dataset gives nothing, not a hang
                return


class _TakeDataset(Sliceable):
    """The first ``count`` elements (all when count is -1)."""

    def __init__(self, input_dataset, count):
        self._input = input_dataset
        self._count = _count(count)
        self._structure = input_dataset.element_spec

    def _cardinality(self):
        n = self._input._cardinality()
        if self._count < 0:
            return n
        if n == INFINITE_CARDINALITY:
            return self._count
        return min(n, self._count) if n >= 0 else UNKNOWN_CARDINALITY

    def _rows(self):
        return self._cardinality()

    def _gather(self, index):
        return self._input._gather(self._range(index))

    def _sliceable(self):
        return self._input._sliceable() and self._input._cardinality() >= 0

    def _range(self, index):
        if isinstance(index, slice):
            r = range(self._rows())[index]
            return slice(r.start, r.stop, r.step)
        return index

    def _flat_iter(self):
        it = self._input._flat_iter()
        return it if self._count < 0 else itertools.islice(it, self._count)

    def _batches(self, size, drop_remainder):
        if self._sliceable():
            return Sliceable._batches(self, size, drop_remainder)
        return DatasetV2._batches(self, size, drop_remainder)


class _SkipDataset(_TakeDataset):
    """All but the first ``count`` elements (none when count is -1)."""

    def _cardinality(self):
        n = self._input._cardinality()
        if n < 0:
            return n
        return 0 if self._count < 0 else max(0, n - self._count)

    def _range(self, index):
        start = self._input._rows() - self._rows()
        if isinstance(index, slice):
            r = range(start, self._input._rows())[index]
            return slice(r.start, r.stop, r.step)
        return index + start

    def _flat_iter(self):
        if self._count < 0:
            return iter(())
        return itertools.islice(self._input._flat_iter(), self._count, None)


class _PrefetchDataset(DatasetV2):
    """The input as it is (elements are produced on demand, on the calling thread)."""

    def __init__(self, input_dataset):
        self._input = input_dataset
        self._structure = input_dataset.element_spec

    def _cardinality(self):
        return self._input._cardinality()

    def _flat_iter(self):
        return self._input._flat_iter()

    def _batches(self, size, drop_remainder):
        return self._input._batches(size, drop_remainder)


class CacheDataset(_PrefetchDataset):
    """The input's elements, kept in memory after the first complete pass and replayed."""

    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        self._cache = None

    def _flat_iter(self):
        if self._cache is not None:
            yield from self._cache
            return
        seen = []
        for flat in self._input._flat_iter():
            seen.append(flat)
            yield flat
        self._cache = seen

    def _batches(self, size, drop_remainder):
        return DatasetV2._batches(self, size, drop_remainder)
