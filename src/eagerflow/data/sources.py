"""The datasets that start a pipeline: from_tensor_slices, from_tensors, range, from_generator,
and the ones that join pipelines: zip (also enumerate) and concatenate."""
import numpy as np

import eagerflow as tf

from . import structure as S
from .dataset import DatasetV2, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY

__all__ = ["_TensorSliceDataset", "_TensorDataset", "_RangeDataset", "_GeneratorDataset",
           "_ZipDataset", "_ConcatenateDataset", "Sliceable"]


class Sliceable(DatasetV2):
    """A dataset whose elements are rows ``lo:hi`` (or any index array) of fixed arrays, so
    batches and shuffles are slices and gathers (``_arrays``: the flat components)."""

    _arrays = ()

    def _sliceable(self):
        return True

    def _rows(self):
        return len(self._arrays[0])

    def _gather(self, index):
        return [a[index] for a in self._arrays]

    def _flat_iter(self):
        arrays = self._arrays
        for i in range(self._rows()):
            yield tuple([a[i] for a in arrays])

    def _cardinality(self):
        return self._rows()

    def _batches(self, size, drop_remainder):
        n = self._rows()
        stop = n - n % size if drop_remainder else n
        for lo in range(0, stop, size):
            yield self._gather(slice(lo, lo + size))


class _TensorSliceDataset(Sliceable):
    """The rows of the given tensors (the first dimension sliced)."""

    def __init__(self, tensors):
        tensors = S.normalize(tensors)
        flat = S.flatten(tensors)
        if not flat:
            raise ValueError("Invalid `element`. `element` should not be empty.")
        for t in flat:
            if t.shape.rank == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        first = flat[0].shape[0]
        for t in flat[1:]:
            if t.shape[0] != first:
                raise ValueError("Dimensions %d and %d are not compatible" % (first, t.shape[0]))
        self._arrays = [S.array_of(t) for t in flat]
        self._structure = S.map_specs(
            lambda t: tf.TensorSpec(t.shape[1:], t.dtype), tensors)


class _TensorDataset(DatasetV2):
    """One element: the given tensors."""

    def __init__(self, tensors):
        tensors = S.normalize(tensors)
        self._arrays = tuple(S.array_of(t) for t in S.flatten(tensors))
        self._structure = S.map_specs(S.spec_of, tensors)

    def _flat_iter(self):
        yield self._arrays

    def _cardinality(self):
        return 1


class _RangeDataset(Sliceable):
    """``range(start, stop, step)`` as scalars of ``output_type`` (int64 by default)."""

    def __init__(self, *args, output_type=tf.int64, name=None):
        if not 1 <= len(args) <= 3:
            raise ValueError("Invalid `args`. The length of `args` should be between 1 and 3 but "
                             "was %d." % len(args))
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (
            (args[0], args[1], 1) if len(args) == 2 else args)
        start, stop, step = (int(tf.convert_to_tensor(v)) for v in (start, stop, step))
        if step == 0:
            raise tf.errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")
        self._range = range(start, stop, step)
        self._dtype = tf.as_dtype(output_type)
        self._structure = tf.TensorSpec((), self._dtype)

    @property
    def _arrays(self):  # made when sliced or batched (a range may be far too long to hold)
        return [np.arange(self._range.start, self._range.stop, self._range.step,
                          dtype=self._dtype.as_numpy_dtype)]

    def _rows(self):
        return len(self._range)

    def _gather(self, index):
        return [np.asarray(self._range[index] if isinstance(index, slice) else
                           np.asarray(self._range)[index], dtype=self._dtype.as_numpy_dtype)]

    def _flat_iter(self):
        scalar = self._dtype.as_numpy_dtype
        for i in self._range:
            yield (np.asarray(i, dtype=scalar),)


class _GeneratorDataset(DatasetV2):
    """The values a Python generator yields, converted to the declared signature."""

    _tf_name = "_FlatMapDataset"  # TF builds it as a flat_map over a generator state

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is None:
            if output_types is None:
                raise TypeError("To specify the output signature you need to provide either the "
                                "`output_signature` argument or the `output_types` argument.")
            shapes = output_shapes if output_shapes is not None else S.map_specs(
                lambda _: None, output_types)
            flat_shapes = (S.flatten(shapes) if isinstance(output_types, (tuple, dict))
                           else [shapes])
            output_signature = S.pack(output_types, [
                tf.TensorSpec(s, t) for s, t in zip(flat_shapes, S.flatten(output_types))])
        self._generator = generator
        self._args = tuple(args) if args is not None else ()
        self._structure = output_signature

    def _cardinality(self):
        return UNKNOWN_CARDINALITY

    def _flat_iter(self):
        specs = S.flatten(self._structure)
        args = [tf.convert_to_tensor(a) for a in self._args]
        for value in self._generator(*args):
            flat = S.flatten(S.normalize(value, convert=lambda v: v))
            if len(flat) != len(specs):
                raise TypeError("`generator` yielded an element that did not match the expected "
                                "structure. The expected structure was %s, but the yielded "
                                "element was %r." % (self._structure, value))
            out = []
            for v, spec in zip(flat, specs):
                try:
                    t = tf.convert_to_tensor(v, dtype=spec.dtype)
                except (TypeError, ValueError):
                    raise TypeError("`generator` yielded an element that could not be converted "
                                    "to the expected type. The expected type was %s, but the "
                                    "yielded element was %r." % (spec.dtype.name, v)) from None
                if not spec.shape.is_compatible_with(t.shape):
                    raise tf.errors.InvalidArgumentError(
                        None, None, "`generator` yielded an element of shape %s where an element "
                        "of shape %s was expected." % (t.shape, spec.shape))
                out.append(S.array_of(t))
            yield tuple(out)


class _ZipDataset(DatasetV2):
    """Elements of several datasets side by side (a tuple or dict of datasets)."""

    def __init__(self, datasets):
        for d in S.flatten(datasets):
            if not isinstance(d, DatasetV2):
                raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) "
                                "structures of `tf.data.Dataset` objects. Python `list` is not "
                                "supported and you should use `tuple` instead.")
        self._datasets = datasets
        self._flat = S.flatten(datasets)

    def _element_spec(self):
        return S.map_specs(lambda d: d.element_spec, self._datasets)

    def _cardinality(self):
        ns = [d._cardinality() for d in self._flat]
        known = [n for n in ns if n >= 0]
        if known:
            return min(known) if all(n >= 0 or n == INFINITE_CARDINALITY for n in ns) or \
                min(known) == 0 else UNKNOWN_CARDINALITY
        return INFINITE_CARDINALITY if all(n == INFINITE_CARDINALITY for n in ns) else \
            UNKNOWN_CARDINALITY

    def _flat_iter(self):
        for parts in zip(*[d._flat_iter() for d in self._flat]):
            yield tuple(a for p in parts for a in p)


class _ConcatenateDataset(DatasetV2):
    """The elements of one dataset, then another's (their specs must agree)."""

    def __init__(self, first, second):
        a, b = first.element_spec, second.element_spec
        fa, fb = S.flatten(a), S.flatten(b)
        if len(fa) != len(fb) or any(x.dtype != y.dtype for x, y in zip(fa, fb)):
            raise TypeError("Incompatible dataset elements:\n  %s vs.   %s" % (a, b))
        self._first, self._second = first, second
        self._structure = S.pack(a, [
            tf.TensorSpec(x.shape.most_specific_compatible_shape(y.shape)
                          if hasattr(x.shape, "most_specific_compatible_shape")
                          else (x.shape if x.shape == y.shape else None), x.dtype)
            for x, y in zip(fa, fb)])

    def _cardinality(self):
        a, b = self._first._cardinality(), self._second._cardinality()
        if a == INFINITE_CARDINALITY or b == INFINITE_CARDINALITY:
            return INFINITE_CARDINALITY
        if a < 0 or b < 0:
            return UNKNOWN_CARDINALITY
        return a + b

    def _flat_iter(self):
        yield from self._first._flat_iter()
        yield from self._second._flat_iter()
