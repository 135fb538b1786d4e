"""keras.Sequential: a plain stack of layers, each feeding the next.

With an ``Input`` (or a first layer given ``input_shape``) the model builds at once as a
functional graph; otherwise it builds on the first call, from that input's shape (batch size
included, as Keras 3 shows it in ``summary()``).
"""
import warnings

from ..layers.input_layer import InputLayer
from ..layers.layer import Layer
from .functional import Functional
from .model import Model

__all__ = ["Sequential"]


class Sequential(Model):
    """``Sequential([Input((4,)), Dense(8), Dense(1)])``; ``add`` and ``pop`` edit the stack."""

    def __new__(cls, *args, **kwargs):
        return Layer.__new__(cls, *args, **kwargs)

    def __init__(self, layers=None, trainable=True, name=None):
        Model.__init__(self, trainable=trainable, name=name)
        self._functional = None
        for layer in layers or ():
            self.add(layer, rebuild=False)
        if layers:
            self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        """Appends a layer (an ``Input`` KerasTensor adds its InputLayer)."""
        history = getattr(layer, "_keras_history", None)
        if history is not None and isinstance(history.operation, InputLayer):
            layer = history.operation
        if not isinstance(layer, Layer):
            raise ValueError("Only instances of `keras.Layer` can be added to a Sequential "
                             "model. Received: %s (of type %s)" % (layer, type(layer)))
        if isinstance(layer, InputLayer) and self._layers and \
                isinstance(self._layers[0], InputLayer):
            raise ValueError("Sequential model '%s' has already been configured to use input "
                             "shape %s. You cannot add a different Input layer to it."
                             % (self.name, self._layers[0].batch_shape))
        if not self._layers and not isinstance(layer, InputLayer) and \
                getattr(layer, "_input_shape_arg", None) is not None:
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When "
                          "using Sequential models, prefer using an `Input(shape)` object as "
                          "the first layer in the model instead.", stacklevel=2)
            self._layers.append(InputLayer(batch_shape=layer._input_shape_arg))
        self._layers.append(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built, self._functional = False, None

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        layer = self._layers.pop()
        self.built, self._functional = False, None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        self.built, self._functional = False, None
        if self._layers and isinstance(self._layers[0], InputLayer) and len(self._layers) > 1:
            self.build(self._layers[0].batch_shape)

    def build(self, input_shape=None):
        """Builds the stack for inputs of ``input_shape`` (batch dim included)."""
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        if not self._layers or not isinstance(self._layers[0], InputLayer):
            self._layers.insert(0, InputLayer(batch_shape=tuple(input_shape)))
        inputs = x = self._layers[0].output
        for layer in self._layers[1:]:
            x = layer(x)
        self._functional = Functional(inputs=inputs, outputs=x, name=self.name,
                                      trainable=self.trainable)
        self.built = True
        self._build_shapes = tuple(input_shape)

    def call(self, inputs, training=None, mask=None):
        if self._functional is None:
            self.build(tuple(inputs.shape))
        return self._functional.call(inputs, training=training, mask=mask)

    def _trackable_children(self):
        children = Model._trackable_children(self)
        if self._functional is None:
            return children
        return dict(_functional=self._functional, **children)

    @property
    def inputs(self):
        return self._functional.inputs if self._functional is not None else None

    @property
    def outputs(self):
        return self._functional.outputs if self._functional is not None else None

    @property
    def input_shape(self):
        if self._functional is None:
            raise AttributeError("Sequential model '%s' has no defined input shape yet."
                                 % self.name)
        return self._functional.input_shape

    @property
    def output_shape(self):
        if self._functional is None:
            raise AttributeError("Sequential model '%s' has no defined outputs yet." % self.name)
        return self._functional.output_shape

    @property
    def output_names(self):
        return self._functional.output_names if self._functional is not None else []

    @output_names.setter
    def output_names(self, value):
        pass

    def compute_output_shape(self, input_shape):
        return self.output_shape

    def get_config(self):
        from ..saving.serialization import sequential_config
        return sequential_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..saving.serialization import sequential_from_config
        return sequential_from_config(cls, config, custom_objects)
