"""Core layers: Dense, Activation, Dropout, Flatten, Reshape, Lambda, Embedding, Identity, and
SymbolicOp (what operators on KerasTensors build)."""
import numpy as np

import eagerflow as tf
from .. import activations, initializers, regularizers, constraints
from .input_spec import InputSpec
from .layer import Layer


def _ser(module, obj):
    return module.serialize(obj)


class Dense(Layer):
    """``activation(inputs @ kernel + bias)`` over the last axis."""

    _checkpoint_names = {"kernel": "_kernel"}

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, (int, np.integer)) or isinstance(units, bool) or units <= 0:
            raise ValueError("Received an invalid value for `units`, expected a positive integer. "
                             "Received: units=%s" % (units,))
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.quantization_config = quantization_config
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(name="kernel", shape=(input_dim, self.units),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.units,),
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs, training=None):
        rank = inputs.ndim
        if rank == 2:
            x = tf.matmul(inputs, self.kernel)
        else:
            x = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
        if self.bias is not None:
            x = x + self.bias
        if self.activation is activations.linear:
            return x
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units, "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _ser(initializers, self.kernel_initializer),
            "bias_initializer": _ser(initializers, self.bias_initializer),
            "kernel_regularizer": _ser(regularizers, self.kernel_regularizer),
            "bias_regularizer": _ser(regularizers, self.bias_regularizer),
            "kernel_constraint": _ser(constraints, self.kernel_constraint),
            "bias_constraint": _ser(constraints, self.bias_constraint),
            "quantization_config": self.quantization_config})
        return config


class SymbolicOp(Layer):
    """A function of tensors as a node of a functional graph (``x + 1`` on a KerasTensor)."""

    def __init__(self, fn, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.fn = fn
        self.built = True

    def call(self, *args):
        return self.fn(*args)

    def get_config(self):
        raise NotImplementedError("Operations built from KerasTensor operators are not "
                                  "serializable.")


class Activation(Layer):
    """Applies an activation function (by name or callable)."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config


class Identity(Layer):
    """Returns its input unchanged."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape


class Dropout(Layer):
    """Zeroes a fraction ``rate`` of the inputs in training and scales the rest by 1/(1-rate)."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not (isinstance(rate, (int, float)) and 0 <= rate <= 1):
            raise ValueError("Invalid value received for argument `rate`. Expected a float value "
                             "between 0 and 1. Received: rate=%s" % (rate,))
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        noise_shape = None
        if self.noise_shape is not None:  # Nones take the inputs' sizes, read as the graph runs
            shape = tf.shape(inputs)
            noise_shape = tf.stack([shape[k] if n is None else n
                                    for k, n in enumerate(self.noise_shape)])
        # a traced random op: a traced train step draws a fresh mask on every call
        return tf.nn.dropout(inputs, self.rate, noise_shape=noise_shape, seed=self.seed)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config


def _prod(dims):
    return None if any(d is None for d in dims) else int(np.prod(dims, dtype=np.int64))


class Flatten(Layer):
    """Flattens every axis but the batch axis."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self.built = True

    def call(self, inputs):
        if self.data_format == "channels_first" and len(inputs.shape) > 2:
            rank = len(inputs.shape)
            inputs = tf.transpose(inputs, [0] + list(range(2, rank)) + [1])
        return tf.reshape(inputs, [tf.shape(inputs)[0], -1]) if len(inputs.shape) > 1 else \
            tf.expand_dims(inputs, 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _prod(input_shape[1:]) if len(input_shape) > 1 else 1)

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class Reshape(Layer):
    """Reshapes every sample to ``target_shape`` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)
        self.built = True

    def call(self, inputs):
        return tf.reshape(inputs, [tf.shape(inputs)[0]] + list(self.target_shape))

    def compute_output_shape(self, input_shape):
        out = list(self.target_shape)
        if -1 in out:
            known = _prod(input_shape[1:])
            rest = _prod([d for d in out if d != -1])
            out[out.index(-1)] = None if known is None else known // rest
        return (input_shape[0],) + tuple(out)

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config


class Lambda(Layer):
    """Wraps a function of the inputs as a layer (``arguments`` are passed as keywords)."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function, self.arguments = function, dict(arguments or {})
        self._output_shape, self.mask = output_shape, mask
        self.built = True

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return Layer.compute_output_shape(self, input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return (input_shape[0],) + tuple(self._output_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"function": self.function, "arguments": self.arguments})
        return config


class Embedding(Layer):
    """Maps integer indices to rows of a trainable ``embeddings`` matrix."""

    _checkpoint_names = {"embeddings": "_embeddings"}

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                 **kwargs):
        kwargs.pop("input_length", None)
        super().__init__(**kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero, self.supports_masking = mask_zero, mask_zero
        self.quantization_config = quantization_config
        self.autocast = False
        if weights is not None:
            self.build()
            self.embeddings.assign(np.asarray(weights[0] if isinstance(weights, list)
                                              else weights))

    def build(self, input_shape=None):
        if self.built:
            return
        self.embeddings = self.add_weight(shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer,
                                          name="embeddings",
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = tf.cast(inputs, tf.int32)
        return tf.gather(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return tf.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim, "output_dim": self.output_dim,
            "embeddings_initializer": _ser(initializers, self.embeddings_initializer),
            "embeddings_regularizer": _ser(regularizers, self.embeddings_regularizer),
            "activity_regularizer": _ser(regularizers, self.activity_regularizer),
            "embeddings_constraint": _ser(constraints, self.embeddings_constraint),
            "mask_zero": self.mask_zero, "quantization_config": self.quantization_config})
        return config


def _data_format(value):
    from .. import backend
    value = backend.image_data_format() if value is None else str(value).lower()
    if value not in ("channels_first", "channels_last"):
        raise ValueError("The `data_format` argument must be one of {'channels_first', "
                         "'channels_last'}. Received: data_format=%s" % (value,))
    return value
