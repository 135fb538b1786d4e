"""Keras 3's ``Loss`` base class and ``LossFunctionWrapper`` (a loss class around a function)."""
import eagerflow as tf

from ..backend import get_keras_mask
from .reduction import standardize_reduction, reduce_weighted_values


class Loss:
    """A callable ``loss(y_true, y_pred, sample_weight=None)`` -> reduced loss."""

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or _snake(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = dtype

    @property
    def dtype(self):
        return self._dtype.name if isinstance(self._dtype, tf.DType) else (self._dtype or "float32")

    def __call__(self, y_true, y_pred, sample_weight=None):
        dtype = tf.as_dtype(self.dtype)
        in_mask = get_keras_mask(y_pred)  # set by a masking layer (Embedding(mask_zero=True) ...)
        y_pred = tf.convert_to_tensor(y_pred)
        if y_pred.dtype != dtype:
            y_pred = tf.cast(y_pred, dtype)
        y_true = tf.convert_to_tensor(y_true)
        if y_true.dtype.is_floating and y_true.dtype != dtype:
            y_true = tf.cast(y_true, dtype)
        losses, mask = self._call_with_mask(y_true, y_pred)
        if in_mask is not None:
            mask = in_mask if mask is None else tf.logical_and(in_mask, mask)
        return reduce_weighted_values(losses, sample_weight, mask, self.reduction, dtype)

    def _call_with_mask(self, y_true, y_pred):
        return self.call(y_true, y_pred), None

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A loss class whose per-sample losses come from ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config

    def __repr__(self):
        return "<LossFunctionWrapper(%s, kwargs=%s)>" % (self.fn, self._fn_kwargs)


def _snake(name):
    from .._state_variables import snake_case
    return snake_case(name)
