"""Keras 3's ``Metric``: state in non-trainable variables, ``update_state`` / ``result`` /
``reset_state``, and ``metric(...)`` = update then result."""
import numpy as np

import eagerflow as tf

from .._state_variables import state_variable, auto_name, snake_case


class Metric:
    """Accumulates statistics over batches; ``result()`` reads them."""

    _default_name = None  # a fixed default name ("mean"); None: unique names ("precision_1")

    def __init__(self, dtype=None, name=None):
        if name is None:
            name = self._default_name or auto_name(snake_case(type(self).__name__))
        self.name = name
        self._dtype = "float32" if dtype is None else tf.as_dtype(dtype).name
        self._variables = []

    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="sum", name=None):
        """A state variable ``<metric name>/<name>`` (zeros or a constant)."""
        dtype = tf.as_dtype(dtype or self._dtype)
        value = np.zeros(shape, dtype.as_numpy_dtype) if initializer == "zeros" else \
            np.full(shape, initializer, dtype.as_numpy_dtype)
        var = state_variable(value, dtype, self.name.replace("/", ">"), name)
        self._variables.append(var)
        return var

    def add_weight(self, shape=(), initializer="zeros", dtype=None, name=None):
        return self.add_variable(shape, initializer, dtype, name=name)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        """Every state variable back to zero."""
        for v in self._variables:
            v.assign(np.zeros(v.shape, v.dtype.as_numpy_dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)
