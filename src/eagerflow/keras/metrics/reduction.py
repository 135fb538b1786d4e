"""``Mean``, ``Sum`` and ``MeanMetricWrapper`` (the mean of a per-sample function)."""
import eagerflow as tf

from ..backend import get_keras_mask
from ..losses.reduction import apply_mask, squeeze_or_expand_to_same_rank
from .metric import Metric


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weights ``values``, reduced to one value per sample (and the weights to match)."""
    values = tf.cast(values, dtype)
    if sample_weight is not None:
        sample_weight = tf.cast(tf.convert_to_tensor(sample_weight), dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        w_rank, v_rank = len(sample_weight.shape), len(values.shape)
        if v_rank > w_rank:
            values = reduce_fn(values, axis=list(range(w_rank, v_rank)))
        if not (values.shape.is_fully_defined() and sample_weight.shape == values.shape):
            sample_weight = tf.broadcast_to(sample_weight, tf.shape(values))
        values = values * sample_weight
        if w_rank > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, w_rank)))
    if len(values.shape) > 1:
        values = reduce_fn(values, axis=list(range(1, len(values.shape))))
    return values, sample_weight


def _total(values):
    """The sum of ``values`` (a scalar as it is: no op for it in a graph)."""
    return values if values.shape.rank == 0 else tf.reduce_sum(values)


class Sum(Metric):
    """The (weighted) sum of all values seen."""

    _default_name = "sum"

    def __init__(self, name="sum", dtype=None):
        super().__init__(dtype=dtype, name=name)
        self.total = self.add_variable((), name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, tf.reduce_sum, self._dtype)
        self.total.assign_add(tf.reduce_sum(values))

    def result(self):
        return tf.identity(self.total)


class Mean(Metric):
    """The (weighted) mean of all values seen: ``total / count``."""

    _default_name = "mean"

    def __init__(self, name="mean", dtype=None):
        super().__init__(dtype=dtype, name=name)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight,
                                                            tf.reduce_mean, self._dtype)
        self.total.assign_add(_total(values))
        if sample_weight is not None:
            n = _total(sample_weight)
        elif len(values.shape) >= 1:
            n = values.shape[0] if values.shape[0] is not None else tf.shape(values)[0]
        else:
            n = 1
        self.count.assign_add(tf.cast(n, self._dtype))

    def result(self):
        return tf.math.divide_no_nan(self.total, self.count)


class MeanMetricWrapper(Mean):
    """The mean of ``fn(y_true, y_pred, **kwargs)`` over all samples seen."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "mean"), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = get_keras_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, self._dtype, "sum")
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config
