"""Each snippet in snippets_v1 (tf.compat.v1 graphs, placeholders, sessions, TF1 variables,
tf.gradients and optimizers) is one test: run it under real TensorFlow and under eagerflow, and
compare results, errors and printed text. Every snippet builds in its own tf.Graph (or restores
eager mode), so TF1 graph mode never leaks into other tests."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest

tf = pytest.importorskip("tensorflow")

from . import harness  # noqa: E402

try:
    other = harness.import_other()
except ImportError as e:  # eagerflow not importable yet
    pytest.skip(f"eagerflow not importable: {e}", allow_module_level=True)

V1 = harness.collect(__package__ + ".snippets_v1")

# Deliberate differences (README, "Differences from TensorFlow"); strict: a fixed one fails.
KNOWN_DIFFERENCES = {}


@pytest.mark.parametrize("snip", [
    pytest.param(s, id=s.name, marks=pytest.mark.xfail(reason=KNOWN_DIFFERENCES[s.name],
                                                       strict=True))
    if s.name in KNOWN_DIFFERENCES else pytest.param(s, id=s.name) for s in V1])
def test_v1(snip):
    harness.check(snip, tf, other)
    assert tf.executing_eagerly() and other.executing_eagerly(), "graph mode leaked"
