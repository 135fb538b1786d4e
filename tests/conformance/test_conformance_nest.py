"""Each snippet in snippets_nest (tf.nest, tf.map_fn, tf.py_function, tf.debugging ...) is one test: run it under real
TensorFlow and under eagerflow, and compare results, errors and printed text."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest

tf = pytest.importorskip("tensorflow")

from . import harness  # noqa: E402

try:
    other = harness.import_other()
except ImportError as e:  # eagerflow not importable yet
    pytest.skip(f"eagerflow not importable: {e}", allow_module_level=True)

NEST = harness.collect(__package__ + ".snippets_nest")

# Deliberate differences (README, "Differences from TensorFlow"); strict: a fixed one fails.
KNOWN_DIFFERENCES = {}


@pytest.mark.parametrize("snip", [
    pytest.param(s, id=s.name, marks=pytest.mark.xfail(reason=KNOWN_DIFFERENCES[s.name],
                                                       strict=True))
    if s.name in KNOWN_DIFFERENCES else pytest.param(s, id=s.name) for s in NEST])
def test_nest(snip):
    harness.check(snip, tf, other)


def test_corpus_size():
    assert len(NEST) >= 40
    names = [s.name for s in NEST]
    assert len(set(names)) == len(names)
