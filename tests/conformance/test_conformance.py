"""Each snippet in the snippets_*.py modules (core, grad, function, control flow, AutoGraph,
ragged, sparse, strings, nest) is one test: run it under real
TensorFlow and under eagerflow, and compare results, errors and printed text.

Set EAGERFLOW_CONFORMANCE_SELF=1 to run TensorFlow against itself (validates the
corpus without eagerflow).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest

tf = pytest.importorskip("tensorflow")

from . import harness  # noqa: E402

try:
    other = harness.import_other()
except ImportError as e:  # eagerflow not importable yet
    pytest.skip(f"eagerflow not importable: {e}", allow_module_level=True)

CORE = harness.collect(__package__ + ".snippets_core")
GRAD = harness.collect(__package__ + ".snippets_grad")
FUNCTION = harness.collect(__package__ + ".snippets_function")
CONTROL_FLOW = harness.collect(__package__ + ".snippets_control_flow")
AUTOGRAPH = harness.collect(__package__ + ".snippets_autograph")


def _unique(snips):
    names = [s.name for s in snips]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate snippet names: {sorted(dup)}"
    return snips


RAGGED = harness.collect(__package__ + ".snippets_ragged")
SPARSE = harness.collect(__package__ + ".snippets_sparse")
STRINGS = harness.collect(__package__ + ".snippets_strings")
NEST = harness.collect(__package__ + ".snippets_nest")  # tf.nest, map_fn, py_function, debugging
IMAGE_SIGNAL = harness.collect(__package__ + ".snippets_image_signal")  # tf.image, tf.signal
SAVED_MODEL = harness.collect(__package__ + ".snippets_saved_model")  # tf.saved_model
MATH_MORE = harness.collect(__package__ + ".snippets_math_more")  # segments, bincount, sets ...
INDEXED_LINALG = harness.collect(__package__ + ".snippets_indexed_linalg")  # IndexedSlices, linalg
DISTRIBUTE = harness.collect(__package__ + ".snippets_distribute")  # tf.distribute

_unique(CORE + GRAD + FUNCTION + CONTROL_FLOW + AUTOGRAPH + RAGGED + SPARSE + STRINGS + NEST +
        IMAGE_SIGNAL + SAVED_MODEL + MATH_MORE + INDEXED_LINALG + DISTRIBUTE)


# Deliberate differences, listed in the README under "Differences from TensorFlow". strict=True:
# if one starts to pass, the test fails so the list is kept honest.
KNOWN_DIFFERENCES = {
    "adjust_contrast_has_a_gradient": "tf.image.adjust_contrast/saturation/hue are composites with "
                                      "gradients (TF's kernels: LookupError)",
    "hsv_to_rgb_has_a_gradient": "tf.image.hsv_to_rgb is a composite with a gradient (TF declares "
                                 "HSVToRGB non-differentiable: None)",
    "rfft3d_has_a_gradient": "RFFT3D/IRFFT3D have gradients (the rule of the 1-D and 2-D forms; "
                             "TF registers none: LookupError)",
}


def _params(snips):
    return [pytest.param(s, id=s.name, marks=pytest.mark.xfail(
        reason=KNOWN_DIFFERENCES[s.name], strict=True)) if s.name in KNOWN_DIFFERENCES else
        pytest.param(s, id=s.name) for s in snips]


@pytest.mark.parametrize("snip", _params(CORE))
def test_core(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(GRAD))
def test_grad(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(FUNCTION))
def test_function(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(CONTROL_FLOW))
def test_control_flow(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(AUTOGRAPH))
def test_autograph(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(RAGGED))
def test_ragged(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(SPARSE))
def test_sparse(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(STRINGS))
def test_strings(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(NEST))
def test_nest(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(IMAGE_SIGNAL))
def test_image_signal(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(SAVED_MODEL))
def test_saved_model(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(MATH_MORE))
def test_math_more(snip):
    harness.check(snip, tf, other)


@pytest.mark.parametrize("snip", _params(INDEXED_LINALG))
def test_indexed_linalg(snip):
    harness.check(snip, tf, other)


def test_corpus_size():
    assert len(CORE) >= 170
    assert len(GRAD) >= 70
    assert len(FUNCTION) >= 40
    assert len(CONTROL_FLOW) >= 20
    assert len(AUTOGRAPH) >= 30
    assert len(RAGGED) >= 40
    assert len(SPARSE) >= 25
    assert len(STRINGS) >= 40
    assert len(NEST) >= 40
    assert len(IMAGE_SIGNAL) >= 70
    assert len(SAVED_MODEL) >= 25
    assert len(MATH_MORE) >= 90
    assert len(INDEXED_LINALG) >= 40


@pytest.mark.parametrize("snip", _params(DISTRIBUTE))
def test_distribute(snip):
    harness.check(snip, tf, other)
