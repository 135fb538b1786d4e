"""keras.Input and InputLayer: the symbolic entry points of a functional model."""
from .. import backend
from .keras_tensor import KerasTensor, Node
from .layer import Layer


class InputLayer(Layer):
    """Holds one input KerasTensor (its ``output``); its node is an input node."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, ragged=None, **kwargs):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if batch_size is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `batch_size` and `batch_shape` at the same "
                             "time.")
        if shape is None and batch_shape is None and input_tensor is None:
            raise ValueError("You must pass a `shape` argument.")
        if input_tensor is not None:
            batch_shape = input_tensor.shape
            dtype = input_tensor.dtype
        elif batch_shape is None:
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = tuple(batch_shape)
        self._dtype_name = backend.standardize_dtype(dtype)
        self.sparse, self.ragged, self.optional = bool(sparse), bool(ragged), optional
        if input_tensor is None:
            input_tensor = KerasTensor(self._batch_shape, dtype=self._dtype_name,
                                       sparse=self.sparse, ragged=self.ragged, name=name)
        self._input_tensor = input_tensor
        Node(self, (), {}, [input_tensor])
        self.built = True

    batch_shape = property(lambda self: self._batch_shape)
    dtype = property(lambda self: self._dtype_name)

    def call(self):
        return None

    @property
    def output(self):
        return self._input_tensor

    def get_config(self):
        return {"batch_shape": self._batch_shape, "dtype": self._dtype_name,
                "sparse": self.sparse, "ragged": self.ragged, "name": self.name,
                "optional": self.optional}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False, ragged=None):
    """A symbolic input: a KerasTensor of shape ``(batch_size,) + shape``."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, input_tensor=tensor,
                       optional=optional, ragged=ragged)
    return layer.output
