"""Threshold metrics: ``Precision``, ``Recall`` and ``AUC`` over confusion counts per threshold.

Predictions count as positive when strictly above a threshold. Counts are float variables of one
entry per threshold, updated with eagerflow ops (so they work inside ``tf.function``).
"""
import eagerflow as tf

from .metric import Metric

NEG_INF = -1e10


def _prepare(y_true, y_pred, sample_weight, top_k=None, class_id=None):
    """Flat float labels, predictions and weights (after ``top_k`` / ``class_id`` selection)."""
    y_pred = tf.cast(tf.convert_to_tensor(y_pred), tf.float32)
    y_true = tf.cast(tf.convert_to_tensor(y_true), tf.float32)
    if len(y_true.shape) == len(y_pred.shape) + 1 and y_true.shape[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
    if len(y_pred.shape) == len(y_true.shape) + 1 and y_pred.shape[-1] == 1:
        y_pred = tf.squeeze(y_pred, -1)
    if top_k is not None:  # the top k keep their score, the rest drop to NEG_INF
        idx = tf.math.top_k(y_pred, k=top_k).indices
        keep = tf.reduce_sum(tf.one_hot(idx, y_pred.shape[-1]), axis=-2)
        y_pred = y_pred * keep + NEG_INF * (1 - keep)
    if class_id is not None:
        y_true = y_true[..., class_id]
        y_pred = y_pred[..., class_id]
    weights = None
    if sample_weight is not None:
        w = tf.cast(tf.convert_to_tensor(sample_weight), tf.float32)
        while len(w.shape) < len(y_pred.shape):
            w = tf.expand_dims(w, -1)
        weights = tf.reshape(tf.broadcast_to(w, tf.shape(y_pred)), [-1])
    return tf.reshape(y_true, [-1]), tf.reshape(y_pred, [-1]), weights


def confusion_counts(y_true, y_pred, weights, thresholds, binary_labels=True):
    """(tp, fp, tn, fn), one entry per threshold."""
    thresholds = tf.constant(thresholds, tf.float32)
    above = tf.cast(y_pred[:, None] > thresholds[None, :], tf.float32)
    pos = tf.cast(tf.cast(y_true, tf.bool), tf.float32) if binary_labels else y_true
    neg = 1.0 - pos
    if weights is not None:
        pos, neg = pos * weights, neg * weights
    tp = tf.reduce_sum(pos[:, None] * above, axis=0)
    fp = tf.reduce_sum(neg[:, None] * above, axis=0)
    return tp, fp, tf.reduce_sum(neg) - fp, tf.reduce_sum(pos) - tp


class _ThresholdMetric(Metric):
    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(dtype=dtype, name=name)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = NEG_INF if top_k is not None else 0.5  # top_k: everything kept is positive
        if thresholds is not None:
            for t in ([thresholds] if isinstance(thresholds, (int, float)) else thresholds):
                if not 0 <= t <= 1:
                    raise ValueError("Threshold values must be in [0, 1]. Received: %s"
                                     % (thresholds,))
        if thresholds is None:
            self.thresholds = [default]
            self._single = True
        elif isinstance(thresholds, (int, float)):
            self.thresholds = [float(thresholds)]
            self._single = True
        else:
            self.thresholds = [float(t) for t in thresholds]
            self._single = False

    def _counts(self, y_true, y_pred, sample_weight):
        y_true, y_pred, w = _prepare(y_true, y_pred, sample_weight, self.top_k, self.class_id)
        return confusion_counts(y_true, y_pred, w, self.thresholds)

    def _value(self, numerator, other):
        result = tf.math.divide_no_nan(numerator, numerator + other)
        return result[0] if self._single else result

    def get_config(self):
        config = super().get_config()
        config.update(thresholds=self.init_thresholds, top_k=self.top_k,
                      class_id=self.class_id)
        return config


class Precision(_ThresholdMetric):
    """``tp / (tp + fp)`` at each threshold (one value for a single threshold)."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name, dtype)
        n = len(self.thresholds)
        self.true_positives = self.add_variable((n,), name="true_positives")
        self.false_positives = self.add_variable((n,), name="false_positives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, fp, _, _ = self._counts(y_true, y_pred, sample_weight)
        self.true_positives.assign_add(tp)
        self.false_positives.assign_add(fp)

    def result(self):
        return self._value(self.true_positives, self.false_positives)


class Recall(_ThresholdMetric):
    """``tp / (tp + fn)`` at each threshold (one value for a single threshold)."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name, dtype)
        n = len(self.thresholds)
        self.true_positives = self.add_variable((n,), name="true_positives")
        self.false_negatives = self.add_variable((n,), name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, _, _, fn = self._counts(y_true, y_pred, sample_weight)
        self.true_positives.assign_add(tp)
        self.false_negatives.assign_add(fn)

    def result(self):
        return self._value(self.true_positives, self.false_negatives)
