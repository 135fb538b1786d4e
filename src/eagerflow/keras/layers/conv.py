"""Convolution layers: Conv1D, Conv2D, Conv3D over tf.nn.convolution (channels_first inputs are
transposed to channels_last and back, as TF's CPU kernels only take channels_last)."""
import numpy as np

import eagerflow as tf
from .. import activations, initializers, regularizers, constraints
from .core import _data_format
from .input_spec import InputSpec
from .layer import Layer


def normalize_tuple(value, n, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received %s: %s"
                         % (name, n, name, value))
    return value


def normalize_padding(value):
    value = str(value).lower()
    if value not in ("valid", "same", "causal"):
        raise ValueError("The `padding` argument must be a list/tuple or one of \"valid\", "
                         "\"same\" (or \"causal\", only for `Conv1D). Received: padding=%s"
                         % (value,))
    return value


def conv_output_length(length, kernel, padding, stride, dilation=1):
    if length is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding in ("same", "causal"):
        return (length + stride - 1) // stride
    return (length - kernel + stride) // stride


def to_channels_last(x, rank):
    return tf.transpose(x, [0] + list(range(2, rank + 2)) + [1])


def to_channels_first(x, rank):
    return tf.transpose(x, [0, rank + 1] + list(range(1, rank + 1)))


def _ser(module, obj):
    return module.serialize(obj)


class BaseConv(Layer):
    """An N-D convolution with ``filters`` outputs; subclasses fix ``rank``."""

    rank = 2
    _checkpoint_names = {"kernel": "_kernel"}

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        n = self.rank
        self.filters = filters
        self.kernel_size = normalize_tuple(kernel_size, n, "kernel_size")
        self.strides = normalize_tuple(strides, n, "strides")
        self.dilation_rate = normalize_tuple(dilation_rate, n, "dilation_rate")
        self.padding = normalize_padding(padding)
        self.data_format = _data_format(data_format)
        self.groups = groups
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=n + 2)
        if filters is not None and (not isinstance(filters, int) or filters <= 0):
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             "value. Received filters=%s." % (filters,))
        if filters is not None and filters % groups != 0:
            raise ValueError("The number of filters must be evenly divisible by the number of "
                             "groups. Received: groups=%d, filters=%d." % (groups, filters))
        if self.padding == "causal" and n != 1:
            raise ValueError("`padding='causal'` is only supported for Conv1D.")
        if any(s > 1 for s in self.strides) and any(d > 1 for d in self.dilation_rate):
            raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > "
                             "1`. Received: strides=%s and dilation_rate=%s"
                             % (self.strides, self.dilation_rate))

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape):
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found "
                             "`None`. Full input shape received: input_shape=%s"
                             % (tuple(input_shape),))
        if channels % self.groups != 0:
            raise ValueError("The number of input channels must be evenly divisible by the "
                             "number of groups. Received groups=%d, but the input has %d "
                             "channels (full input shape is %s)."
                             % (self.groups, channels, tuple(input_shape)))
        shape = self.kernel_size + (channels // self.groups, self.filters)
        self.kernel = self.add_weight(name="kernel", shape=shape,
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,),
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2,
                                    axes={self._channel_axis(): channels})
        self.built = True

    def convolution_op(self, x, kernel):
        padding = self.padding
        if padding == "causal":
            left = (self.kernel_size[0] - 1) * self.dilation_rate[0]
            x = tf.pad(x, [[0, 0], [left, 0], [0, 0]])
            padding = "valid"
        run = (lambda a, k: tf.nn.convolution(a, k, strides=list(self.strides),
                                              padding=padding.upper(),
                                              dilations=list(self.dilation_rate)))
        if self.groups == 1:
            return run(x, kernel)
        xs = tf.split(x, self.groups, axis=-1)
        ks = tf.split(kernel, self.groups, axis=-1)
        return tf.concat([run(a, k) for a, k in zip(xs, ks)], axis=-1)

    def call(self, inputs):
        first = self.data_format == "channels_first"
        x = to_channels_last(inputs, self.rank) if first else inputs
        out = self.convolution_op(x, self.kernel)
        if self.bias is not None:
            out = out + self.bias
        if first:
            out = to_channels_first(out, self.rank)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        first = self.data_format == "channels_first"
        spatial = input_shape[2:] if first else input_shape[1:-1]
        out = tuple(conv_output_length(s, k, self.padding, st, d) for s, k, st, d in
                    zip(spatial, self.kernel_size, self.strides, self.dilation_rate))
        if first:
            return (input_shape[0], self.filters) + out
        return (input_shape[0],) + out + (self.filters,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "filters": self.filters, "kernel_size": self.kernel_size, "strides": self.strides,
            "padding": self.padding, "data_format": self.data_format,
            "dilation_rate": self.dilation_rate, "groups": self.groups,
            "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
            "kernel_initializer": _ser(initializers, self.kernel_initializer),
            "bias_initializer": _ser(initializers, self.bias_initializer),
            "kernel_regularizer": _ser(regularizers, self.kernel_regularizer),
            "bias_regularizer": _ser(regularizers, self.bias_regularizer),
            "activity_regularizer": _ser(regularizers, self.activity_regularizer),
            "kernel_constraint": _ser(constraints, self.kernel_constraint),
            "bias_constraint": _ser(constraints, self.bias_constraint)})
        return config


class Conv1D(BaseConv):
    """1-D convolution (temporal): inputs (batch, steps, channels)."""
    rank = 1


class Conv2D(BaseConv):
    """2-D convolution (spatial): inputs (batch, rows, cols, channels)."""
    rank = 2


class Conv3D(BaseConv):
    """3-D convolution: inputs (batch, d1, d2, d3, channels)."""
    rank = 3
