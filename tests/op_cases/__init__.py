"""The op table: one OpCase per public op, gathered from one module per op family.

Generic tests (tests/ops/test_op_table.py, tests/autodiff/test_gradients.py) loop over ``CASES``:
forward value/shape/dtype against the NumPy reference over dtypes and broadcast shapes, and
gradients against central finite differences in float64.
"""
from .case import OpCase  # noqa: F401
from . import math_cases

CASES = []
for _mod in (math_cases,):
    CASES.extend(_mod.CASES)

# The other families register here when their modules exist.
import importlib as _il
for _name in ("reduction_cases", "array_cases", "linalg_cases", "nn_cases", "creation_cases",
              "indexing_cases", "conv_cases", "clip_cases", "strings_cases",
              "structure_cases", "segment_cases", "image_signal_cases",
              "counting_cases", "sparse_cases"):
    try:
        CASES.extend(_il.import_module("." + _name, __name__).CASES)
    except ModuleNotFoundError:
        pass
