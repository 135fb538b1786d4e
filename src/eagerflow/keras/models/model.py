"""keras.Model: a Layer that trains (Trainer), saves and prints its summary.

``Model(inputs, outputs)`` (positionally or by keyword) makes a functional model, as Keras 3's
``Model.__new__`` does; ``class MyModel(Model)`` with a ``call`` method is a subclassed model
whose layers are the ones assigned as its attributes.
"""
import numpy as np

import eagerflow as tf
from ..layers.layer import Layer
from .trainer import Trainer

__all__ = ["Model"]


def _functional_call(args, kwargs):
    return len(args) == 2 or (len(args) == 1 and "outputs" in kwargs) or (
        "inputs" in kwargs and "outputs" in kwargs)


class Model(Trainer, Layer):
    """Groups layers into an object with training and inference features."""

    def __new__(cls, *args, **kwargs):
        if cls is Model and _functional_call(args, kwargs):
            from .functional import Functional
            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        if args or kwargs:
            raise TypeError("Model.__init__() got unexpected arguments: %s %s" % (args, kwargs))
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype)
        self._init_trainer()

    @property
    def layers(self):
        from ..layers.input_layer import InputLayer
        return [l for l in self._layers if not isinstance(l, InputLayer)]

    def get_layer(self, name=None, index=None):
        """The layer called ``name``, or at position ``index`` of ``layers``."""
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index. Received: index=%s, "
                             "name=%s." % (index, name))
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError("Was asked to retrieve layer at index %s but model only has %d "
                                 "layers." % (index, len(self.layers)))
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError("No such layer: %s. Existing layers are: %s." % (
                name, [l.name for l in self.layers]))
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def build(self, input_shape=None):
        """Builds a subclassed model by calling it once on zeros of ``input_shape``."""
        if self.built or input_shape is None:
            self.built = True
            return
        shapes = input_shape
        if isinstance(shapes, (list, tuple)) and shapes and isinstance(shapes[0], (list, tuple)):
            dummy = [tf.zeros([1 if d is None else d for d in s]) for s in shapes]
        else:
            dummy = tf.zeros([1 if d is None else d for d in shapes])
        self.built = True
        self._build_shapes = input_shape
        try:
            self.call(dummy)
        except Exception as e:  # Keras' message when the model cannot be built from shapes
            raise ValueError("You cannot build your model by calling `build` if your layers do "
                             "not support float type inputs. Instead, in order to instantiate "
                             "and build your model, call your model on real tensor data (of "
                             "the correct dtype).\n\nThe actual error from `call` is: %s." % e)

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints Keras 3's table of layers, output shapes and parameter counts."""
        from .summary import print_summary
        print_summary(self, line_length, positions, print_fn, expand_nested, show_trainable,
                      layer_range)

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model as a ``.keras`` zip (config.json, metadata.json, weights)."""
        from ..saving import save_model
        save_model(self, filepath, overwrite=overwrite, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        from ..saving import save_weights
        save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        from ..saving import load_weights
        load_weights(self, filepath, skip_mismatch=skip_mismatch)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from .functional import Functional, functional_from_config
        if "layers" in config and "input_layers" in config and (
                cls is Model or issubclass(cls, Functional)):
            return functional_from_config(cls if cls is not Model else Functional, config,
                                          custom_objects)
        return cls(**config)

    def count_params(self):
        if not self.built:
            raise ValueError("You tried to call `count_params` on layer '%s', but the layer isn't "
                             "built. You can build it manually via: `%s.build(batch_input_shape)`"
                             "." % (self.name, self.name))
        return int(sum(np.prod(v.shape.as_list(), dtype=np.int64) for v in self.weights))
