"""tf.autograph: converts Python control flow over tensors into graph control flow when a
tf.function traces (analysis.py and lowering.py prepare the function's AST, transformer.py
rewrites it, operators.py and loops.py decide at run time between Python and tf.cond /
tf.while_loop, calls.py converts the user functions it calls, api.py holds the entry points)."""
from .._export import fill as _fill
from . import api
from . import experimental
from .api import to_code, to_graph

__all__ = ["experimental", "to_code", "to_graph"]

_fill(globals(), "autograph")
