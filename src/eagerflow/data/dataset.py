"""``tf.data.Dataset``: the base class, its iterator and the transformation methods.

A dataset yields flat elements (tuples of NumPy arrays, see structure.py) from ``_flat_iter()``;
the iterator packs them into tensors of the element structure. ``_batches`` is how a batch asks
its input for whole batches: the default stacks elements, while sliceable sources (from_tensor_slices
and a shuffle or take/skip over one) answer with slices, so no Python work is done per element.
"""
import numpy as np

import eagerflow as tf

from . import structure as S

__all__ = ["DatasetV2", "OwnedIterator", "AUTOTUNE", "INFINITE_CARDINALITY",
           "UNKNOWN_CARDINALITY"]

AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


class DatasetV2:
    """A sequence of elements, each a nested structure of tensors (``tf.data.Dataset``)."""

    _structure = None  # the element_spec, or None until known (computed by _element_spec)

    # -- what each dataset provides --------------------------------------------------------------
    def _flat_iter(self):
        raise NotImplementedError

    def _cardinality(self):
        return UNKNOWN_CARDINALITY

    def _element_spec(self):
        raise NotImplementedError

    def _sliceable(self):
        """Whether the elements are rows of fixed arrays (then ``_rows()`` and ``_gather(index)``
        give them, see sources.Sliceable)."""
        return False

    def _batches(self, size, drop_remainder):
        """Flat batches (lists of stacked arrays), the last one short unless ``drop_remainder``."""
        chunk = []
        for flat in self._flat_iter():
            chunk.append(flat)
            if len(chunk) == size:
                yield stack(chunk)
                chunk = []
        if chunk and not drop_remainder:
            yield stack(chunk)

    # -- the element structure -------------------------------------------------------------------
    @property
    def element_spec(self):
        """The structure of TensorSpecs of one element."""
        if self._structure is None:
            self._structure = self._element_spec()
        return self._structure

    def __repr__(self):
        name = getattr(type(self), "_tf_name", type(self).__name__)
        return "<%s element_spec=%r>" % (name, self.element_spec)

    # -- iteration -------------------------------------------------------------------------------
    def __iter__(self):
        return OwnedIterator(self)

    def as_numpy_iterator(self):
        """An iterator over the elements as NumPy values (scalars for rank 0, bytes for strings)."""
        spec = self.element_spec
        for flat in self._flat_iter():
            yield S.pack(spec, [S.to_numpy(a) for a in flat])

    def cardinality(self):
        """The number of elements, INFINITE_CARDINALITY (-1) or UNKNOWN_CARDINALITY (-2)."""
        return tf.constant(self._cardinality(), dtype=tf.int64)

    def __len__(self):
        n = self._cardinality()
        if n == INFINITE_CARDINALITY:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN_CARDINALITY:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True

    def reduce(self, initial_state, reduce_func):
        """Folds ``reduce_func(state, element)`` over the dataset, from ``initial_state``."""
        state = S.normalize(initial_state)
        for element in self:
            state = S.normalize(_call(reduce_func, (state, element), spread=False))
        return state

    def get_single_element(self, name=None):
        it = iter(self)
        try:
            element = next(it)
        except StopIteration:
            raise tf.errors.InvalidArgumentError(
                None, None, "Dataset was empty.") from None
        try:
            next(it)
        except StopIteration:
            return element
        raise tf.errors.InvalidArgumentError(None, None, "Dataset had more than one element.")

    def apply(self, transformation_func):
        """``transformation_func(self)``, which must return a dataset."""
        out = transformation_func(self)
        if not isinstance(out, DatasetV2):
            raise TypeError("`transformation_func` must return a `tf.data.Dataset` object. Got "
                            "%s." % type(out))
        return out

    def options(self):
        return getattr(self, "_options", None) or Options()

    def with_options(self, options, name=None):
        self._options = options
        return self

    # -- sources (static) ------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        from .sources import _TensorSliceDataset
        return _TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        from .sources import _TensorDataset
        return _TensorDataset(tensors)

    @staticmethod
    def range(*args, **kwargs):
        from .sources import _RangeDataset
        return _RangeDataset(*args, **kwargs)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        from .sources import _GeneratorDataset
        return _GeneratorDataset(generator, output_types, output_shapes, args, output_signature)

    @staticmethod
    def zip(*args, datasets=None, name=None):
        from .sources import _ZipDataset
        if datasets is None:
            datasets = args[0] if len(args) == 1 else tuple(args)
        elif args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        return _ZipDataset(datasets)

    # -- transformations -------------------------------------------------------------------------
    def concatenate(self, dataset, name=None):
        from .sources import _ConcatenateDataset
        return _ConcatenateDataset(self, dataset)

    def enumerate(self, start=0, name=None):
        from .sources import _ZipDataset, _RangeDataset
        return _ZipDataset((_RangeDataset(start, np.iinfo(np.int64).max), self))

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        from .batching import _BatchDataset
        return _BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False, name=None):
        from .batching import _PaddedBatchDataset
        return _PaddedBatchDataset(self, batch_size, padded_shapes, padding_values,
                                   drop_remainder)

    def unbatch(self, name=None):
        from .batching import _UnbatchDataset
        return _UnbatchDataset(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        from .shuffle import _ShuffleDataset
        return _ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        from .transforms import _MapDataset, _ParallelMapDataset
        if num_parallel_calls is None:
            return _MapDataset(self, map_func)
        return _ParallelMapDataset(self, map_func)

    def flat_map(self, map_func, name=None):
        from .transforms import _FlatMapDataset
        return _FlatMapDataset(self, map_func)

    def filter(self, predicate, name=None):
        from .transforms import _FilterDataset
        return _FilterDataset(self, predicate)

    def take_while(self, predicate, name=None):
        from .transforms import _TakeWhileDataset
        return _TakeWhileDataset(self, predicate)

    def repeat(self, count=None, name=None):
        from .transforms import _RepeatDataset
        return _RepeatDataset(self, count)

    def take(self, count, name=None):
        from .transforms import _TakeDataset
        return _TakeDataset(self, count)

    def skip(self, count, name=None):
        from .transforms import _SkipDataset
        return _SkipDataset(self, count)

    def prefetch(self, buffer_size, name=None):
        from .transforms import _PrefetchDataset
        return _PrefetchDataset(self)

    def cache(self, filename="", name=None):
        from .transforms import CacheDataset
        return CacheDataset(self)


class Options:
    """``tf.data.Options``: accepted; the pipeline runs in order on the calling thread."""

    def __init__(self):
        self.deterministic = None
        self.experimental_deterministic = None


class OwnedIterator:
    """What ``iter(dataset)`` returns: ``next()`` gives the elements as tensors."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._spec = dataset.element_spec
        self._flat = S.flatten(self._spec)
        self._it = dataset._flat_iter()
        self._taken = 0
        self._position = None  # an int64 variable made when a checkpoint tracks the iterator

    def _trackable_children(self):
        """Its position (elements taken) as a checkpoint's variable: a restored iterator starts
        again and skips that many (TF saves the pipeline's state; a seeded or unshuffled
        pipeline gives the same elements either way)."""
        if self._position is None:
            self._position = tf.Variable(self._taken, dtype=tf.int64, trainable=False)
        self._position.assign(self._taken)
        return {"position": self._position}

    def _seek(self, n):
        self._it = self._dataset._flat_iter()
        for _ in range(n):
            next(self._it)
        self._taken = n

    @property
    def element_spec(self):
        return self._spec

    def __iter__(self):
        return self

    def __next__(self):
        if self._position is not None and int(self._position.numpy()) != self._taken:
            self._seek(int(self._position.numpy()))  # a checkpoint restored the position
        flat = next(self._it)
        self._taken += 1
        if self._position is not None:
            self._position.assign(self._taken)
        if len(self._flat) == 1 and not isinstance(self._spec, (tuple, dict)):
            return S.to_tensors(flat)[0]
        return S.pack(self._spec, S.to_tensors(flat))

    def get_next(self):
        try:
            return next(self)
        except StopIteration:
            raise tf.errors.OutOfRangeError(None, None, "End of sequence") from None


def stack(elements):
    """Flat elements -> one flat batch (component k stacked along a new first axis)."""
    return [np.array(parts, dtype=object) if type(parts[0]) is bytes else np.stack(parts)
            for parts in zip(*elements)]


def _call(fn, element, spread=True):
    """Calls a user function on an element as TF does: a tuple element is spread over the
    arguments, anything else is the one argument."""
    if spread and type(element) is tuple:
        return fn(*element)
    if not spread:
        return fn(*element)
    return fn(element)


def call_on_flat(fn, spec, flat):
    """``fn`` on the packed tensors of a flat element."""
    return _call(fn, S.pack(spec, S.to_tensors(flat)))
