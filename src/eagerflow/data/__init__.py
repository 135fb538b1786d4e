"""``tf.data``: input pipelines over eagerflow's public API (loaded on first use of tf.data).

A pipeline runs in order on the calling thread: ``num_parallel_calls``, ``prefetch`` and
``deterministic`` are accepted and change nothing but the printed class. Modules: dataset.py (the
base class and iterator), structure.py (element structures), sources.py, batching.py, shuffle.py,
transforms.py.
"""
from .dataset import (DatasetV2, OwnedIterator, Options, AUTOTUNE, INFINITE_CARDINALITY,
                      UNKNOWN_CARDINALITY)
from . import sources, batching, shuffle, transforms  # noqa: F401  (the dataset classes)

Dataset = DatasetV2
Iterator = OwnedIterator

__all__ = ["Dataset", "Iterator", "Options", "AUTOTUNE", "INFINITE_CARDINALITY",
           "UNKNOWN_CARDINALITY", "experimental"]


class experimental:
    """``tf.data.experimental``: the constants older code reads from here."""

    AUTOTUNE = AUTOTUNE
    INFINITE_CARDINALITY = INFINITE_CARDINALITY
    UNKNOWN_CARDINALITY = UNKNOWN_CARDINALITY

    @staticmethod
    def cardinality(dataset):
        return dataset.cardinality()
