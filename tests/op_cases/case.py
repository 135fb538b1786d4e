"""OpCase: one row of the op table."""
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

import numpy as np


@dataclass
class OpCase:
    """How to test one public op.

    name: the public name (e.g. "math.sqrt", "nn.relu", "reduce_sum"); ``fn(tf)`` returns the
        callable under test (default: attribute lookup of ``name`` on the eagerflow module).
    ref: the NumPy reference, called with the same positional ndarrays (and ``kwargs``).
    nargs: number of tensor arguments.
    dtypes: dtype names to run the forward test in.
    shapes: a list of tuples of argument shapes (broadcast combinations for binary ops).
    domain: (low, high) for random inputs; or ``make(rng, shapes, dtype)`` returning the arrays.
    kwargs: static keyword arguments passed to both.
    out_dtype: expected result dtype name when it is not the input's (None: the ref's float dtype
        cast rule, i.e. same as input).
    grad: True if differentiable in its first ``grad_args`` arguments, False if not (declared
        non-differentiable), or None to skip gradient tests with a reason in ``note``.
    prims: names of the primitives this row exercises (for the completeness test).
    """
    name: str
    ref: Callable
    nargs: int = 1
    dtypes: Sequence[str] = ("float32", "float64")
    shapes: Sequence[tuple] = (((2, 3),),)
    domain: Any = (-3.0, 3.0)
    kwargs: dict = field(default_factory=dict)
    out_dtype: Optional[str] = None
    grad: Optional[bool] = True
    grad_args: Optional[Sequence[int]] = None
    rtol: float = 1e-5
    atol: float = 1e-6
    make: Optional[Callable] = None
    fn: Optional[Callable] = None
    prims: Sequence[str] = ()
    note: str = ""

    def function(self, tf):
        if self.fn is not None:
            return self.fn(tf)
        obj = tf
        for part in self.name.split("."):
            obj = getattr(obj, part)
        return obj

    def inputs(self, rng, shapes, dtype):
        if self.make is not None:
            return self.make(rng, shapes, dtype)
        lo, hi = self.domain
        out = []
        for s in shapes:
            a = rng.uniform(lo, hi, size=s)
            if np.dtype(dtype).kind in "iu":
                a = np.round(a)
            elif np.dtype(dtype).kind == "b":
                a = a > (lo + hi) / 2
            out.append(a.astype(dtype))
        return out

    def __str__(self):
        return self.name
