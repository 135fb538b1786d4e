"""What fit/evaluate/predict accept, turned into batches: NumPy arrays, tensors and lists/dicts of
them (sliced here, float64 cast to float32 as Keras does), or an iterable of batches such as a
``tf.data.Dataset`` (iterated once per epoch: ``for x, y in ds``)."""
import math

import numpy as np

import eagerflow as tf
from ..layers import tree

__all__ = ["unpack_x_y_sample_weight", "ArrayData", "IterableData", "adapt",
           "train_validation_split", "class_weight_to_sample_weights"]


def unpack_x_y_sample_weight(data):
    """(x,), (x, y) or (x, y, sample_weight) -> a 3-tuple with None for what is missing."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
                     "`(x, y, sample_weight)`, found: %s" % (data,))


def _to_array(a):
    if a is None:
        return None
    a = np.asarray(a)
    if a.dtype == np.float64:
        a = a.astype(np.float32)
    return a


def _is_array_like(x):
    return isinstance(x, (np.ndarray, tf.Tensor, list, tuple, dict, int, float)) or hasattr(
        x, "__array__")


def _flat(struct):
    return [] if struct is None else tree.flatten(struct)


class ArrayData:
    """In-memory arrays sliced into batches; the last batch may be smaller."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps=None,
                 shuffle=False):
        self.x = tree.map_structure(_to_array, x)
        self.y = None if y is None else tree.map_structure(_to_array, y)
        self.sample_weight = None if sample_weight is None else _to_array(sample_weight)
        sizes = {a.shape[0] for a in _flat(self.x) + _flat(self.y) if a is not None}
        if self.sample_weight is not None:
            sizes.add(self.sample_weight.shape[0])
        if len(sizes) > 1:
            raise ValueError("Data cardinality is ambiguous. Make sure all arrays contain the "
                             "same number of samples.")
        self.num_samples = sizes.pop() if sizes else 0
        self.batch_size = batch_size or 32
        self.shuffle = shuffle
        self._steps = steps

    @property
    def steps(self):
        full = math.ceil(self.num_samples / self.batch_size)
        return full if self._steps is None else self._steps

    def _take(self, index):
        def take(a):
            return None if a is None else a[index]
        return (tree.map_structure(take, self.x),
                None if self.y is None else tree.map_structure(take, self.y),
                take(self.sample_weight))

    def batches(self):
        n, b = self.num_samples, self.batch_size
        order = None
        if self.shuffle and self.shuffle != "batch":
            order = np.random.permutation(n)
        starts = list(range(0, n, b))
        if self.shuffle == "batch":
            np.random.shuffle(starts)
        produced = 0
        while True:
            for start in starts:
                if self._steps is not None and produced >= self._steps:
                    return
                index = slice(start, min(start + b, n)) if order is None else \
                    order[start:start + b]
                yield self._take(index)
                produced += 1
            if self._steps is None or produced >= self._steps:
                return


class IterableData:
    """A dataset or other iterable of batches, iterated afresh each epoch (or continued when
    ``steps_per_epoch`` stops an epoch early, as Keras does)."""

    def __init__(self, data, steps=None):
        self.data = data
        self._steps = steps
        self._iterator = None

    @property
    def steps(self):
        if self._steps is not None:
            return self._steps
        try:
            n = len(self.data)
        except TypeError:
            return None
        return int(n) if n >= 0 else None

    def batches(self):
        if self._steps is None:
            for element in self.data:
                yield _element(element)
            return
        for _ in range(self._steps):
            if self._iterator is None:
                self._iterator = iter(self.data)
            try:
                element = next(self._iterator)
            except StopIteration:
                self._iterator = None
                return
            yield _element(element)


def _element(element):
    x, y, sw = unpack_x_y_sample_weight(element)
    as_np = lambda s: None if s is None else tree.map_structure(np.asarray, s)  # noqa: E731
    return as_np(x), as_np(y), as_np(sw)


def adapt(x, y=None, sample_weight=None, batch_size=None, steps=None, shuffle=False,
          class_weight=None):
    """The data object for ``x`` (arrays or an iterable of batches)."""
    if _is_array_like(x):
        if class_weight is not None and y is not None:
            cw = class_weight_to_sample_weights(_flat(y)[0], class_weight)
            sample_weight = cw if sample_weight is None else np.asarray(sample_weight) * cw
        return ArrayData(x, y, sample_weight, batch_size, steps, shuffle)
    if y is not None:
        raise ValueError("When providing `x` as a dataset or iterable, `y` should not be "
                         "passed. Instead, the targets should be included as part of `x`.")
    if batch_size is not None and hasattr(x, "element_spec"):
        raise ValueError("The `batch_size` argument must not be specified for the given input "
                         "type. Received: batch_size=%s" % batch_size)
    return IterableData(x, steps)


def train_validation_split(arrays, validation_split):
    """Splits each array at floor(n * (1 - validation_split)): (train, validation)."""
    flat = [a for a in _flat(arrays) if a is not None]
    n = np.asarray(flat[0]).shape[0]
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError("Training data contains %d samples, which is not sufficient to split "
                         "it into a validation and training set as specified by "
                         "`validation_split=%s`. Either provide more data, or a different value "
                         "for the `validation_split` argument." % (n, validation_split))

    def part(lo, hi):
        return tree.map_structure(
            lambda a: None if a is None else np.asarray(a)[lo:hi], arrays)
    return part(0, split_at), part(split_at, n)


def class_weight_to_sample_weights(y, class_weight):
    """One weight per row: ``class_weight[class of the row]`` (1.0 for classes not listed)."""
    y = np.asarray(y)
    if y.ndim > 1:
        y = np.argmax(y, axis=-1) if y.shape[-1] != 1 else np.squeeze(y, axis=-1)
    y = np.round(y).astype("int32")
    return np.array([class_weight.get(int(c), 1.0) for c in y], dtype=np.float32)
