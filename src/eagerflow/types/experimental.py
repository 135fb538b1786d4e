"""tf.types.experimental: the base classes TF's guides name — TraceType (tf.function's tracing
protocol: an object with ``__tf_tracing_type__`` is cached by the TraceType it returns),
GenericFunction / PolymorphicFunction (what tf.function returns), ConcreteFunction, Callable,
FunctionType, SupportsTracingProtocol and TensorLike. eagerflow's Function and ConcreteFunction are
registered as their virtual subclasses, so ``isinstance`` answers as in TF."""
import abc
import typing

import numpy as np

from ..graph import ConcreteFunction as _Concrete, Function as _Function
from ..tensor import Tensor as _Tensor
from ..variables import Variable as _Variable

__all__ = ["TraceType", "Callable", "GenericFunction", "PolymorphicFunction", "ConcreteFunction",
           "AtomicFunction", "FunctionType", "SupportsTracingProtocol", "TensorLike"]


class TraceType(metaclass=abc.ABCMeta):
    """The type of a tf.function argument for the trace cache (its subtyping decides reuse)."""

    @abc.abstractmethod
    def is_subtype_of(self, other):
        """Whether this type may be used where ``other`` is expected."""

    @abc.abstractmethod
    def most_specific_common_supertype(self, others):
        """The most specific type all of ``self`` and ``others`` are subtypes of (or None)."""

    @abc.abstractmethod
    def placeholder_value(self, placeholder_context):
        """The value the function is traced with for this type."""

    def to_tensors(self, value):
        return []

    def from_tensors(self, tensors):
        return self.placeholder_value(None)

    def flatten(self):
        return []

    def cast(self, value, cast_context):
        return value

    @abc.abstractmethod
    def __eq__(self, other):
        pass

    @abc.abstractmethod
    def __hash__(self):
        pass


@typing.runtime_checkable
class SupportsTracingProtocol(typing.Protocol):
    """An object that gives its own TraceType."""

    def __tf_tracing_type__(self, context):
        ...


class Callable(metaclass=abc.ABCMeta):
    """Base of TF's callables with a function type."""

    @property
    def function_type(self):
        return None

    def __call__(self, *args, **kwargs):
        raise NotImplementedError


class AtomicFunction(Callable):
    """A single graph function (TF's lowest level)."""


class ConcreteFunction(Callable):
    """A function traced for one input signature (``tf.function(...).get_concrete_function``)."""


class GenericFunction(Callable):
    """A function that traces concrete functions as it is called (what tf.function returns)."""


PolymorphicFunction = GenericFunction


class FunctionType:
    """The signature of a traced function (eagerflow keeps Python's inspect.Signature)."""

    def __init__(self, parameters=(), captures=None):
        self.parameters = tuple(parameters)
        self.captures = captures or {}


GenericFunction.register(_Function)
ConcreteFunction.register(_Concrete)

TensorLike = typing.Union[_Tensor, _Variable, np.ndarray, np.generic, int, float, bool, str,
                          bytes, complex, tuple, list]
