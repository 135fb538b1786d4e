"""Pooling layers: MaxPooling1D/2D, AveragePooling1D/2D and the global poolings."""
import eagerflow as tf
from .conv import (normalize_tuple, conv_output_length, to_channels_last, to_channels_first)
from .core import _data_format
from .input_spec import InputSpec
from .layer import Layer


class BasePooling(Layer):
    """Max or average over windows of ``pool_size`` moved by ``strides`` (default: pool_size)."""

    rank, is_max = 2, True

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        n = self.rank
        self.pool_size = normalize_tuple(pool_size, n, "pool_size")
        self.strides = normalize_tuple(self.pool_size if strides is None else strides, n,
                                       "strides")
        self.padding = str(padding).lower()
        if self.padding not in ("valid", "same"):
            raise ValueError("`padding` must be either \"valid\" or \"same\". Received: "
                             "padding=%s" % (padding,))
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=n + 2)
        self.built = True

    def call(self, inputs):
        first = self.data_format == "channels_first"
        x = to_channels_last(inputs, self.rank) if first else inputs
        pool = tf.nn.max_pool if self.is_max else tf.nn.avg_pool
        out = pool(x, ksize=list(self.pool_size), strides=list(self.strides),
                   padding=self.padding.upper())
        return to_channels_first(out, self.rank) if first else out

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        first = self.data_format == "channels_first"
        spatial = input_shape[2:] if first else input_shape[1:-1]
        out = tuple(conv_output_length(s, k, self.padding, st) for s, k, st in
                    zip(spatial, self.pool_size, self.strides))
        if first:
            return input_shape[:2] + out
        return (input_shape[0],) + out + (input_shape[-1],)

    def get_config(self):
        config = super().get_config()
        config.update({"pool_size": self.pool_size, "padding": self.padding,
                       "strides": self.strides, "data_format": self.data_format})
        return config


class MaxPooling1D(BasePooling):
    rank, is_max = 1, True

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class MaxPooling2D(BasePooling):
    rank, is_max = 2, True

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class AveragePooling1D(BasePooling):
    rank, is_max = 1, False


class AveragePooling2D(BasePooling):
    rank, is_max = 2, False


class BaseGlobalPooling(Layer):
    """Mean or max over all spatial axes (``keepdims`` keeps them as size 1)."""

    rank, is_max = 2, False

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True

    def _axes(self):
        start = 1 if self.data_format == "channels_last" else 2
        return list(range(start, start + self.rank))

    def call(self, inputs):
        reduce = tf.reduce_max if self.is_max else tf.reduce_mean
        return reduce(inputs, axis=self._axes(), keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalAveragePooling1D(BaseGlobalPooling):
    rank, is_max = 1, False


class GlobalAveragePooling2D(BaseGlobalPooling):
    rank, is_max = 2, False


class GlobalMaxPooling1D(BaseGlobalPooling):
    rank, is_max = 1, True


class GlobalMaxPooling2D(BaseGlobalPooling):
    rank, is_max = 2, True
