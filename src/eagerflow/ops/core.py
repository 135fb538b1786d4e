"""The few ops the autodiff engine itself uses (accumulating, un-broadcasting and stacking
gradients); everything here is a primitive of the op families, imported downward only."""
from .math_ops import _add as add, zeros_like as zeros_like_tensor
from .reduction_ops import _sum as sum_axes
from .array_ops import _reshape as reshape_to, stack as stack_tensors

__all__ = ["add", "sum_axes", "reshape_to", "zeros_like_tensor", "stack_tensors"]
