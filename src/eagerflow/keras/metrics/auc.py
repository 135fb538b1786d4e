"""``AUC``: the area under the ROC or precision-recall curve, from confusion counts at evenly
spaced thresholds, summed as Keras 3 does (trapezoids, minoring/majoring rectangles, or the
Davis & Goadrich interpolation for PR)."""
import eagerflow as tf

from .confusion import _prepare, confusion_counts
from .metric import Metric

EPSILON = 1e-7


class AUC(Metric):
    """Approximate AUC from ``num_thresholds`` thresholds on [0, 1] (plus -eps and 1 + eps)."""

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        curve = curve.upper() if isinstance(curve, str) else curve
        if curve not in ("ROC", "PR"):
            raise ValueError('Invalid AUC curve value: "%s". Expected values are ["ROC", "PR"]'
                             % (curve,))
        method = summation_method.lower() if isinstance(summation_method, str) else None
        if method not in ("interpolation", "minoring", "majoring"):
            raise ValueError('Invalid AUC summation method value: "%s". Expected values are '
                             '["interpolation", "majoring", "minoring"]' % (summation_method,))
        if multi_label or label_weights is not None:
            raise NotImplementedError("eagerflow's AUC does not support multi_label or "
                                      "label_weights yet")
        super().__init__(dtype=dtype, name=name)
        self.curve = curve
        self.summation_method = method
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = label_weights
        self._from_logits = from_logits
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            inner = sorted(float(t) for t in thresholds)
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. Received: "
                                 "num_thresholds=%s" % (num_thresholds,))
            self.num_thresholds = num_thresholds
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self._init_from_thresholds = thresholds is not None
        self._thresholds = [0.0 - EPSILON] + inner + [1.0 + EPSILON]
        n = self.num_thresholds
        self.true_positives = self.add_variable((n,), name="true_positives")
        self.false_positives = self.add_variable((n,), name="false_positives")
        self.true_negatives = self.add_variable((n,), name="true_negatives")
        self.false_negatives = self.add_variable((n,), name="false_negatives")

    @property
    def thresholds(self):
        return list(self._thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred, w = _prepare(y_true, y_pred, sample_weight)
        if self._from_logits:
            y_pred = tf.sigmoid(y_pred)
        tp, fp, tn, fn = confusion_counts(y_true, y_pred, w, self._thresholds,
                                          binary_labels=False)
        self.true_positives.assign_add(tp)
        self.false_positives.assign_add(fp)
        self.true_negatives.assign_add(tn)
        self.false_negatives.assign_add(fn)

    def _interpolate_pr_auc(self):
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        tp = tf.convert_to_tensor(tp)
        p = tp + fp
        dtp = tp[:-1] - tp[1:]
        dp = p[:-1] - p[1:]
        slope = tf.math.divide_no_nan(dtp, tf.maximum(dp, 0.0))
        intercept = tp[1:] - slope * p[1:]
        both = tf.logical_and(p[:-1] > 0, p[1:] > 0)
        ratio = tf.where(both, tf.math.divide_no_nan(p[:-1], tf.maximum(p[1:], 0.0)),
                         tf.ones_like(p[1:]))
        increment = tf.math.divide_no_nan(slope * (dtp + intercept * tf.math.log(ratio)),
                                          tf.maximum(tp[1:] + tf.convert_to_tensor(fn)[1:], 0.0))
        return tf.reduce_sum(increment)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc()
        tp = tf.convert_to_tensor(self.true_positives)
        recall = tf.math.divide_no_nan(tp, tp + self.false_negatives)
        if self.curve == "ROC":
            fp = tf.convert_to_tensor(self.false_positives)
            x, y = tf.math.divide_no_nan(fp, fp + self.true_negatives), recall
        else:
            x, y = recall, tf.math.divide_no_nan(tp, tp + self.false_positives)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = tf.minimum(y[:-1], y[1:])
        else:
            heights = tf.maximum(y[:-1], y[1:])
        return tf.reduce_sum((x[:-1] - x[1:]) * heights)

    def get_config(self):
        config = super().get_config()
        config.update(num_thresholds=self.num_thresholds, curve=self.curve,
                      summation_method=self.summation_method, multi_label=self.multi_label,
                      num_labels=self.num_labels, label_weights=self.label_weights,
                      from_logits=self._from_logits)
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
