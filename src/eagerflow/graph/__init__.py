"""Graphs: tf.function traces Python functions into a small IR (ir.py) through the engine's tracer
hook (tracer.py, symbolic.py), optimizes it (passes.py) and runs it as generated Python code over
NumPy (codegen.py); concrete.py and function.py hold TF's ConcreteFunction and Function."""
from .._export import export
from .ir import Graph, Operation
from .spec import TensorSpec
from .symbolic import SymbolicTensor
from .concrete import ConcreteFunction
from .function import Function, function, run_functions_eagerly, functions_run_eagerly
from . import control_flow, while_loop  # noqa: F401  (tf.cond, tf.case, tf.switch_case, tf.while_loop)
from . import tensor_array  # noqa: F401  (tf.TensorArray)
from . import autopack  # noqa: F401  (lists of graph tensors pack with Pack nodes)

__all__ = ["Graph", "Operation", "TensorSpec", "SymbolicTensor", "ConcreteFunction", "Function",
           "function", "run_functions_eagerly", "functions_run_eagerly"]

export("function")(function)
export("TensorSpec")(TensorSpec)
# (tf.Graph is the TF1 graph of eagerflow/compat, a subclass of this one, loaded on first use)
export("Operation")(Operation)

