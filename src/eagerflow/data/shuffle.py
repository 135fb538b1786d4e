"""shuffle: TF's buffer semantics. A buffer holds the next ``buffer_size`` elements; each step
yields one of them chosen at random and refills its place with the next input element. So a
buffer at least as long as the dataset gives a uniform permutation, and a short one only mixes
nearby elements. The random stream is NumPy's (TF's exact orders are not reproduced); a ``seed``
(or ``tf.random.set_seed``) makes the orders repeatable, and each new iteration draws a new
order unless ``reshuffle_each_iteration=False``.

Over a sliceable input (from_tensor_slices, range) only the row indices are shuffled, and batches
are gathered with one fancy index per batch."""
import numpy as np

import eagerflow as tf

from .dataset import DatasetV2

__all__ = ["_ShuffleDataset"]


class _ShuffleDataset(DatasetV2):
    """The input's elements in a random order (see the module docstring)."""

    def __init__(self, input_dataset, buffer_size, seed, reshuffle_each_iteration):
        size = int(tf.convert_to_tensor(buffer_size))
        if size == -1:  # AUTOTUNE: as TF, the whole input
            size = 2 ** 62
        if size <= 0:
            raise tf.errors.InvalidArgumentError(None, None, "buffer_size must be greater than "
                                                 "zero.")
        self._input = input_dataset
        self._size = size
        if seed is None:  # drawn from tf.random's stream, so tf.random.set_seed repeats it
            seed = int(tf.random.uniform((), 0, 2 ** 31 - 1, dtype=tf.int64))
        self._seed = int(seed)
        self._reshuffle = reshuffle_each_iteration is None or bool(reshuffle_each_iteration)
        self._epoch = 0
        self._structure = input_dataset.element_spec

    def _cardinality(self):
        return self._input._cardinality()

    def _rng(self):
        epoch = self._epoch if self._reshuffle else 0
        self._epoch += 1
        return np.random.default_rng([self._seed & (2 ** 63 - 1), epoch])

    def _order(self, n, rng):
        """Row indices 0..n-1 in the order a buffer of ``self._size`` yields them."""
        if self._size >= n:
            return rng.permutation(n)
        return np.fromiter(_buffered(iter(range(n)), self._size, rng), dtype=np.int64, count=n)

    def _flat_iter(self):
        rng = self._rng()
        src = self._input
        if src._sliceable():
            arrays = src._gather(self._order(src._rows(), rng))
            for i in range(len(arrays[0])):
                yield tuple([a[i] for a in arrays])
        else:
            yield from _buffered(src._flat_iter(), self._size, rng)

    def _batches(self, size, drop_remainder):
        src = self._input
        if not src._sliceable():
            yield from DatasetV2._batches(self, size, drop_remainder)
            return
        order = self._order(src._rows(), self._rng())
        n = len(order)
        stop = n - n % size if drop_remainder else n
        for lo in range(0, stop, size):
            yield src._gather(order[lo:lo + size])


def _buffered(items, size, rng):
    """The buffer algorithm over any iterator (random draws taken in blocks, for speed)."""
    buf = []
    for x in items:
        buf.append(x)
        if len(buf) == size:
            break
    draws = iter(())
    for x in items:
        try:
            u = next(draws)
        except StopIteration:
            draws = iter(rng.random(1024).tolist())
            u = next(draws)
        k = int(u * len(buf))
        yield buf[k]
        buf[k] = x
    while buf:  # the input is exhausted: the buffer drains in random order
        k = int(rng.integers(len(buf)))
        buf[k], buf[-1] = buf[-1], buf[k]
        yield buf.pop()
