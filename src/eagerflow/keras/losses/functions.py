"""The loss functions (``tf.keras.losses.mse`` ...): per-sample losses, reduced over the last axis.

Probabilities are clipped to [1e-7, 1 - 1e-7] before a log, as Keras does. In a graph (a
``tf.function``, e.g. ``fit``'s train step) the cross-entropies of an output made by a Softmax
(Sigmoid) op use that op's input as logits instead, as TF's Keras backend does (``_get_logits``):
no clipping, and fewer ops.
"""
import warnings

import eagerflow as tf

from .reduction import EPSILON, squeeze_or_expand_to_same_rank


def _get_logits(output, from_logits, op_type, fn_name):
    """(output, from_logits), or (the logits, True) when ``output`` is a graph tensor made by an
    ``op_type`` op over its last axis."""
    op = getattr(output, "op", None)
    if op is None or isinstance(output, tf.Variable) or getattr(op, "type", None) != op_type or \
            len(op.inputs) != 1:
        return output, from_logits
    if op_type == "Softmax" and op.attrs.get("axis", -1) not in (-1, len(output.shape) - 1):
        return output, from_logits
    if from_logits:
        warnings.warn('"`%s` received `from_logits=True`, but the `output` argument was produced '
                      'by a %s activation and thus does not represent logits. Was this intended?'
                      % (fn_name, op_type), stacklevel=3)
    return op.inputs[0], True


def _pair(y_true, y_pred):
    y_pred = tf.convert_to_tensor(y_pred)
    if not y_pred.dtype.is_floating:
        y_pred = tf.cast(y_pred, tf.float32)
    y_true = tf.cast(tf.convert_to_tensor(y_true), y_pred.dtype)
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    """Mean over the last axis of ``(y_true - y_pred) ** 2``."""
    y_true, y_pred = squeeze_or_expand_to_same_rank(*_pair(y_true, y_pred))
    return tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean over the last axis of ``|y_true - y_pred|``."""
    y_true, y_pred = squeeze_or_expand_to_same_rank(*_pair(y_true, y_pred))
    return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Quadratic for errors up to ``delta``, linear beyond; mean over the last axis."""
    y_true, y_pred = squeeze_or_expand_to_same_rank(*_pair(y_true, y_pred))
    delta = tf.cast(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = tf.abs(error)
    half = tf.constant(0.5, y_pred.dtype)
    return tf.reduce_mean(tf.where(abs_error <= delta, half * tf.square(error),
                                   delta * abs_error - half * tf.square(delta)), axis=-1)


def kl_divergence(y_true, y_pred):
    """``sum(y_true * log(y_true / y_pred))`` over the last axis, both clipped to [1e-7, 1]."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = tf.clip_by_value(y_true, EPSILON, 1.0)
    y_pred = tf.clip_by_value(y_pred, EPSILON, 1.0)
    return tf.reduce_sum(y_true * tf.math.log(y_true / y_pred), axis=-1)


def _check_same_shape(y_true, y_pred):
    if len(y_true.shape) != len(y_pred.shape) or any(
            a is not None and b is not None and a != b
            for a, b in zip(y_true.shape.as_list(), y_pred.shape.as_list())):
        raise ValueError("Arguments `target` and `output` must have the same shape. Received: "
                         "target.shape=%s, output.shape=%s" % (tuple(y_true.shape.as_list()),
                                                               tuple(y_pred.shape.as_list())))


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Mean over ``axis`` of the elementwise binary cross-entropy (labels smoothed to 0.5)."""
    y_pred, from_logits = _get_logits(y_pred, from_logits, "Sigmoid", "binary_crossentropy")
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    _check_same_shape(y_true, y_pred)
    if from_logits:
        bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    else:
        p = tf.clip_by_value(y_pred, EPSILON, 1.0 - EPSILON)
        bce = -(y_true * tf.math.log(p) + (1 - y_true) * tf.math.log(1 - p))
    return tf.reduce_mean(bce, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Cross-entropy between one-hot (or soft) labels and class probabilities along ``axis``."""
    y_pred, from_logits = _get_logits(y_pred, from_logits, "Softmax", "categorical_crossentropy")
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        classes = tf.cast(tf.shape(y_true)[-1], y_pred.dtype)
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / classes
    _check_same_shape(y_true, y_pred)
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred, axis=axis)
    p = y_pred / tf.reduce_sum(y_pred, axis=axis, keepdims=True)
    p = tf.clip_by_value(p, EPSILON, 1.0 - EPSILON)
    return -tf.reduce_sum(y_true * tf.math.log(p), axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """Cross-entropy with integer labels (classes along ``axis``); labels equal to
    ``ignore_class`` give 0 and are masked out of the mean."""
    loss, _ = sparse_crossentropy_and_mask(y_true, y_pred, from_logits, ignore_class, axis)
    return loss


def sparse_crossentropy_and_mask(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    y_pred, from_logits = _get_logits(y_pred, from_logits, "Softmax",
                                      "sparse_categorical_crossentropy")
    y_pred = tf.convert_to_tensor(y_pred)
    if not y_pred.dtype.is_floating:
        y_pred = tf.cast(y_pred, tf.float32)
    y_true = tf.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
    labels = tf.cast(y_true, tf.int64)
    mask = None
    if ignore_class is not None:
        mask = tf.not_equal(labels, ignore_class)
        labels = tf.where(mask, labels, tf.zeros_like(labels))
    if len(labels.shape) != len(y_pred.shape) - 1:
        raise ValueError("Argument `output` must be at least rank 1. Received: target.shape=%s, "
                         "output.shape=%s" % (tuple(labels.shape.as_list()),
                                              tuple(y_pred.shape.as_list())))
    if axis != -1 and axis != len(y_pred.shape) - 1:
        rank = len(y_pred.shape)
        axis = axis % rank
        y_pred = tf.transpose(y_pred, [d for d in range(rank) if d != axis] + [axis])
    if not from_logits:  # the clipped log-probabilities, as logits (Keras does not normalize)
        y_pred = tf.math.log(tf.clip_by_value(y_pred, EPSILON, 1.0 - EPSILON))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=y_pred)
    if mask is not None:
        loss = tf.where(mask, loss, tf.zeros_like(loss))
    return loss, mask


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
kld = KLD = kullback_leibler_divergence = kl_divergence
