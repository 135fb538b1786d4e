"""keras.layers: the Layer base class, Input/KerasTensor, and the built-in layers."""
from .layer import Layer
from .input_spec import InputSpec
from .keras_tensor import KerasTensor, KerasHistory, Node
from .input_layer import Input, InputLayer
from .core import Dense

__all__ = ["Layer", "InputSpec", "KerasTensor", "KerasHistory", "Node", "Input", "InputLayer",
           "Dense"]
