"""Recurrent cells: one time step of SimpleRNN, LSTM and GRU (Keras 3's weight layouts:
LSTM gates i, f, c, o; GRU gates z, r, h with ``reset_after=True`` and a (2, 3*units) bias)."""
import numpy as np

import eagerflow as tf
from .. import activations, initializers, regularizers, constraints
from .layer import Layer


def _ser(module, obj):
    return module.serialize(obj)


class _Cell(Layer):
    """Shared arguments and weights of the cells; ``gates`` is how many blocks of ``units``."""

    gates = 1

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or units <= 0:
            raise ValueError("Received an invalid value for argument `units`, expected a "
                             "positive integer, got %s." % (units,))
        self.units = units
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.seed = seed
        self.state_size = units
        self.output_size = units

    def _bias_shape(self):
        return (self.gates * self.units,)

    def _bias_initializer(self):
        return self.bias_initializer

    def build(self, input_shape):
        n = self.gates * self.units
        self.kernel = self.add_weight(shape=(input_shape[-1], n), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=(self.units, n), name="recurrent_kernel",
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(shape=self._bias_shape(), name="bias",
                                        initializer=self._bias_initializer(),
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.built = True

    def dropout_masks(self, inputs, training):
        """One mask for the inputs and one for the state, kept for every step of a sequence."""
        def mask(rate, ones):  # traced random ops: a traced step draws fresh masks per call
            if not training or rate == 0:
                return None
            return tf.nn.dropout(ones, rate, seed=self.seed)
        ones = tf.ones_like(inputs)
        return (mask(self.dropout, ones),
                mask(self.recurrent_dropout, ones[:, :1] * tf.ones([self.units], inputs.dtype)))

    def get_initial_state(self, batch_size, dtype):
        return [tf.zeros([batch_size, self.units], dtype=dtype)]

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units, "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _ser(initializers, self.kernel_initializer),
            "recurrent_initializer": _ser(initializers, self.recurrent_initializer),
            "bias_initializer": _ser(initializers, self.bias_initializer),
            "kernel_regularizer": _ser(regularizers, self.kernel_regularizer),
            "recurrent_regularizer": _ser(regularizers, self.recurrent_regularizer),
            "bias_regularizer": _ser(regularizers, self.bias_regularizer),
            "kernel_constraint": _ser(constraints, self.kernel_constraint),
            "recurrent_constraint": _ser(constraints, self.recurrent_constraint),
            "bias_constraint": _ser(constraints, self.bias_constraint),
            "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed})
        return config


def _drop(x, mask):
    return x if mask is None else x * mask


class SimpleRNNCell(_Cell):
    """h = activation(x @ kernel + h_prev @ recurrent_kernel + bias)."""

    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(units, activation=activation, **kwargs)

    def call(self, inputs, states, training=False, masks=(None, None)):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        h = tf.matmul(_drop(inputs, masks[0]), self.kernel)
        if self.bias is not None:
            h = h + self.bias
        h = self.activation(h + tf.matmul(_drop(h_prev, masks[1]), self.recurrent_kernel))
        return h, [h]

    def get_config(self):
        config = super().get_config()
        config.pop("recurrent_activation", None)
        return config


class LSTMCell(_Cell):
    """Gates i, f, c, o in blocks of ``units``; states [h, c]."""

    gates = 4

    def __init__(self, units, unit_forget_bias=True, **kwargs):
        super().__init__(units, **kwargs)
        self.unit_forget_bias = unit_forget_bias
        self.state_size = [units, units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, u = self.bias_initializer, self.units

        def init(shape, dtype=None):
            return tf.concat([base((u,), dtype=dtype), tf.ones([u], dtype=dtype),
                              base((2 * u,), dtype=dtype)], axis=0)
        return init

    def call(self, inputs, states, training=False, masks=(None, None)):
        h_prev, c_prev = states
        z = tf.matmul(_drop(inputs, masks[0]), self.kernel) + \
            tf.matmul(_drop(h_prev, masks[1]), self.recurrent_kernel)
        if self.bias is not None:
            z = z + self.bias
        zi, zf, zc, zo = tf.split(z, 4, axis=-1)
        i = self.recurrent_activation(zi)
        f = self.recurrent_activation(zf)
        c = f * c_prev + i * self.activation(zc)
        o = self.recurrent_activation(zo)
        h = o * self.activation(c)
        return h, [h, c]

    def get_initial_state(self, batch_size, dtype):
        return [tf.zeros([batch_size, self.units], dtype=dtype) for _ in range(2)]

    def get_config(self):
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["unit_forget_bias"] = self.unit_forget_bias
        return config


class GRUCell(_Cell):
    """Gates z, r, h; ``reset_after=True`` (Keras 3's default) applies the reset gate after the
    recurrent matmul and keeps separate input and recurrent biases (bias shape (2, 3*units))."""

    gates = 3

    def __init__(self, units, reset_after=True, **kwargs):
        super().__init__(units, **kwargs)
        self.reset_after = reset_after

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def call(self, inputs, states, training=False, masks=(None, None)):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        u = self.units
        x = tf.matmul(_drop(inputs, masks[0]), self.kernel)
        hd = _drop(h_prev, masks[1])
        if self.bias is not None:
            in_bias, rec_bias = (self.bias[0], self.bias[1]) if self.reset_after else \
                (self.bias, None)
            x = x + in_bias
        x_z, x_r, x_h = x[:, :u], x[:, u:2 * u], x[:, 2 * u:]
        if self.reset_after:
            inner = tf.matmul(hd, self.recurrent_kernel)
            if self.bias is not None:
                inner = inner + rec_bias
            r_z, r_r, r_h = inner[:, :u], inner[:, u:2 * u], inner[:, 2 * u:]
            z = self.recurrent_activation(x_z + r_z)
            r = self.recurrent_activation(x_r + r_r)
            hh = self.activation(x_h + r * r_h)
        else:
            inner = tf.matmul(hd, self.recurrent_kernel[:, :2 * u])
            z = self.recurrent_activation(x_z + inner[:, :u])
            r = self.recurrent_activation(x_r + inner[:, u:])
            hh = self.activation(x_h + tf.matmul(r * hd, self.recurrent_kernel[:, 2 * u:]))
        h = z * h_prev + (1.0 - z) * hh
        return h, [h]

    def get_config(self):
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["reset_after"] = self.reset_after
        return config
