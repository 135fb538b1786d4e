"""Live conformance of the random-number cases (tests/ops/random_tf_cases.py): each runs under real
TensorFlow and under eagerflow and must give the same dtypes, shapes and bytes. Also checks that
the stored golden digests are still what TF gives."""
import json

import numpy as np
import pytest

tf_real = pytest.importorskip("tensorflow")

import eagerflow as ef  # noqa: E402

from tests.ops.random_tf_cases import CASES, GOLDEN, digest, plain  # noqa: E402


@pytest.mark.parametrize("name", sorted(CASES))
def test_random_case_against_live_tf(name):
    want = [plain(v) for v in CASES[name](tf_real)]
    got = [plain(v) for v in CASES[name](ef)]
    assert len(got) == len(want)
    for k, ((gd, gs, gb), (wd, ws, wb)) in enumerate(zip(got, want)):
        assert (gd, gs) == (wd, ws), "output %d: %s%s != TF's %s%s" % (k, gd, gs, wd, ws)
        if gb != wb:
            g = np.frombuffer(gb, dtype=np.uint8)
            w = np.frombuffer(wb, dtype=np.uint8)
            raise AssertionError("output %d of %s differs from TF's in %d of %d bytes" % (
                k, name, int((g != w).sum()), w.size))


def test_golden_digests_are_tfs():
    with open(GOLDEN) as f:
        table = json.load(f)["cases"]
    for name in ("stateless_uniform_float32_1_2", "both_seeds_continue_one_kernel",
                 "generator_draws"):
        assert digest(CASES[name](tf_real)) == table[name], name
