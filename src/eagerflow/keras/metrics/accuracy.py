"""Accuracy metrics: per-sample match functions and their running means."""
import eagerflow as tf

from ..losses.reduction import squeeze_or_expand_to_same_rank
from .reduction import MeanMetricWrapper


def _float_pred(y_pred):
    y_pred = tf.convert_to_tensor(y_pred)
    return y_pred if y_pred.dtype.is_floating else tf.cast(y_pred, tf.float32)


def accuracy(y_true, y_pred):
    """1.0 where ``y_true == y_pred`` elementwise, else 0.0."""
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return tf.cast(tf.equal(y_true, y_pred), tf.float32)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Mean over the last axis of ``(y_pred > threshold) == y_true``."""
    y_pred = _float_pred(y_pred)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = tf.cast(y_pred > tf.cast(threshold, y_pred.dtype), y_true.dtype)
    return tf.reduce_mean(tf.cast(tf.equal(y_true, y_pred), tf.float32), axis=-1)


def categorical_accuracy(y_true, y_pred):
    """1.0 where the arg max of ``y_pred`` is the arg max of one-hot ``y_true``."""
    y_true = tf.argmax(tf.convert_to_tensor(y_true), axis=-1)
    return sparse_categorical_accuracy(y_true, y_pred)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the arg max of ``y_pred`` equals the integer label."""
    y_pred = _float_pred(y_pred)
    y_true = tf.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
    predicted = tf.argmax(y_pred, axis=-1)
    if y_true.dtype.is_floating:
        predicted = tf.cast(predicted, y_true.dtype)
    else:
        y_true = tf.cast(y_true, predicted.dtype)
    return tf.cast(tf.equal(y_true, predicted), tf.float32)


def _in_top_k(targets, predictions, k):
    """TF's in_top_k: fewer than k classes score strictly higher (ties count as in)."""
    targets = tf.cast(targets, tf.int32)
    picked = tf.gather(predictions, targets, batch_dims=1)
    higher = tf.reduce_sum(tf.cast(predictions > picked[:, None], tf.int32), axis=-1)
    finite = tf.reduce_all(tf.math.is_finite(predictions), axis=-1)
    return tf.logical_and(higher < k, finite)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label is among the ``k`` highest scores."""
    y_pred = _float_pred(y_pred)
    y_true = tf.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
    if from_sorted_ids:
        hit = tf.reduce_any(tf.equal(tf.cast(y_pred[..., :k], y_true.dtype), y_true[..., None]),
                            axis=-1)
        return tf.cast(hit, tf.float32)
    return tf.cast(_in_top_k(y_true, y_pred, k), tf.float32)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label's class is among the ``k`` highest scores."""
    return sparse_top_k_categorical_accuracy(tf.argmax(tf.convert_to_tensor(y_true), axis=-1),
                                             y_pred, k=k)


class Accuracy(MeanMetricWrapper):
    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.from_sorted_ids = from_sorted_ids
        if from_sorted_ids:
            self._fn_kwargs["from_sorted_ids"] = True

    def get_config(self):
        config = super().get_config()
        config.pop("from_sorted_ids", None)
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
