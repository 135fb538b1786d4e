"""Forward tests driven by the op table: value, shape and dtype against the NumPy reference."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import eagerflow as tf
from tests.op_cases import CASES


def _params():
    for case in CASES:
        for dtype in case.dtypes:
            for shapes in case.shapes:
                yield pytest.param(case, dtype, shapes,
                                   id="%s-%s-%s" % (case.name, dtype, "x".join(map(str, shapes))))


def _tol(case, dtype):
    if dtype in ("float16", "bfloat16"):
        return 1e-2, 1e-2
    if dtype in ("float32", "complex64"):
        return max(case.rtol, 2e-5), max(case.atol, 1e-5)
    return case.rtol, case.atol


def check_forward(case, dtype, shapes, rng):
    args = case.inputs(rng, shapes, dtype)
    fn = case.function(tf)
    out = fn(*[tf.constant(a) for a in args], **case.kwargs)
    wide = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in args]
    ref = np.asarray(case.ref(*wide, **case.kwargs))
    assert isinstance(out, tf.Tensor), type(out)
    expected_dtype = case.out_dtype or dtype
    assert out.dtype.name == expected_dtype, (out.dtype.name, expected_dtype)
    assert tuple(out.shape) == ref.shape, (tuple(out.shape), ref.shape)
    got = out.numpy()
    if ref.dtype.kind in "fc":
        rtol, atol = _tol(case, dtype)
        np.testing.assert_allclose(got, ref, rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, ref.astype(got.dtype))


@pytest.mark.parametrize("case,dtype,shapes", list(_params()))
def test_forward(case, dtype, shapes, rng):
    check_forward(case, dtype, shapes, rng)


# the broadcasting elementwise binary ops (other two-argument rows, like matmul, don't broadcast)
from tests.op_cases import math_cases  # noqa: E402
_BINARY = [c for c in math_cases.CASES if c.nargs == 2 and c.make is None and
           any(len(s) == 2 and s[0] != s[1] for s in c.shapes)]


@pytest.mark.parametrize("case", _BINARY, ids=str)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
       seed=st.integers(0, 2 ** 16))
def test_forward_broadcast_hypothesis(case, shapes, seed):
    """Any pair of mutually broadcastable shapes gives NumPy's broadcast result."""
    check_forward(case, case.dtypes[0], shapes.input_shapes, np.random.default_rng(seed))


def test_every_primitive_has_a_gradient_decision():
    from eagerflow.engine.primitive import REGISTRY
    missing = [p.name for p in REGISTRY.values() if p.differentiable and p.vjp is None]
    assert not missing, "primitives with neither a vjp nor differentiable=False: %s" % missing


# primitives on variable storage or per-call state, exercised by the variable, tape and
# custom-gradient tests rather than by forward/gradient rows over random arrays
_STATEFUL = {"ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
             "ResourceStridedSliceAssign", "CustomGradient", "PrintV2",
             # Variable.scatter_* with IndexedSlices: tests/autodiff/test_indexed_slices.py
             "ResourceScatterAdd", "ResourceScatterSub", "ResourceScatterMul",
             "ResourceScatterDiv", "ResourceScatterMin", "ResourceScatterMax",
             "ResourceScatterUpdate",
             # random draws: no NumPy reference for their numbers; tests/ops/test_creation_random.py
             # checks shapes, dtypes, ranges, distributions and seeding
             "RandomStandardNormal", "TruncatedNormal", "RandomUniform", "RandomUniformInt",
             "RandomShuffle", "Multinomial", "RandomGamma", "RandomPoissonV2",
             "StatelessRandomNormalV2", "StatelessTruncatedNormalV2", "StatelessRandomUniformV2",
             "StatelessRandomUniformIntV2", "StatelessRandomUniformFullIntV2",
             "StatelessMultinomial",
             # indexing by tensors of a graph being traced: tests/graph/test_dynamic_index.py
             "StridedSliceDynamic", "StridedSliceDynamicGrad", "PadDynamic", "PadDynamicGrad",
             "ZerosDynamic",
             # a shape known only when a graph runs: tests/graph/test_value_shapes.py
             "ReshapeDynamic",
             # gradients with dimensions known only when a graph runs:
             # tests/graph/test_run_time_shapes.py
             "BroadcastToDynamic", "ConcatGradDynamic", "StridedSliceGradDynamic",
             "StridedSliceDynamicGradDynamic", "BooleanMaskGradDynamic", "MirrorPadGradDynamic",
             "PadDynamicGradDynamic", "GatherGradDynamic", "ScatterNdDynamic",
             # shape arguments computed as a graph runs: tests/graph/test_run_time_shape_args.py
             "FillDynamic", "ScatterNdDynamicShape", "SliceDynamic", "SliceDynamicGrad",
             "SliceGrad", "PutAlongAxisLike", "Conv2DBackpropInputDynamic",
             "Conv3DBackpropInputV2Dynamic",
             # TF1 graph nodes (a group of updates; an overridable input): tests/compat
             "NoOp", "PlaceholderWithDefault",
             # calls back into Python, or checks with no output: tests/structure_ops
             "Assert", "EagerPyFunc", "EagerPyFuncGrad", "PyFunc"}


def test_every_primitive_is_exercised_by_a_row():
    """A completeness test: each registered primitive is named by some op-table row."""
    from eagerflow.engine.primitive import REGISTRY
    covered = set()
    for case in CASES:
        covered.update(case.prims)
    missing = sorted(set(REGISTRY) - covered - _STATEFUL)
    assert not missing, "primitives with no op-table row: %s" % missing
