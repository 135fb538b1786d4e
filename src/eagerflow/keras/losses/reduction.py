"""Keras 3's reductions of per-sample losses: weighting, masks and the reduction modes."""
import eagerflow as tf

EPSILON = 1e-7
REDUCTIONS = ("sum", "mean", "sum_over_batch_size", None, "none", "mean_with_sample_weight")
_REDUCTIONS_TEXT = "{'sum', 'mean', 'sum_over_batch_size', None, 'none', 'mean_with_sample_weight'}"


def standardize_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError("Invalid value for argument `reduction`. Expected one of %s. Received: "
                         "reduction=%s" % (_REDUCTIONS_TEXT, reduction))
    return reduction


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes ranks equal when they differ by one and the longer one ends in a dimension of 1."""
    r1, r2 = len(x1.shape), len(x2.shape)
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = tf.expand_dims(x2, -1)
        else:
            x1 = tf.squeeze(x1, -1)
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = tf.expand_dims(x1, -1)
        else:
            x2 = tf.squeeze(x2, -1)
    return x1, x2


def apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a mask into the weights; for mean reductions, rescaled so the mean is over valid
    entries only."""
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = tf.cast(tf.size(mask), dtype)
        valid = tf.reduce_sum(tf.cast(mask, dtype))
        weight = tf.math.divide_no_nan(total, valid)
        mask = tf.where(tf.cast(mask, tf.bool), weight, tf.zeros_like(weight))
    else:
        mask = tf.cast(mask, dtype)
    if sample_weight is None:
        return mask
    sample_weight = tf.cast(sample_weight, dtype)
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    return sample_weight * mask


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    if reduction is None or reduction == "none":
        return values
    loss = tf.reduce_sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = tf.cast(tf.reduce_sum(sample_weight), loss.dtype)
        else:
            n = values.shape.num_elements()
            if n is not None:  # a static size: the same quotient, one op fewer in a graph
                return loss / tf.constant(n, loss.dtype) if n else loss
            divisor = tf.cast(tf.size(values), loss.dtype)
        loss = tf.math.divide_no_nan(loss, divisor)
    return loss


def reduce_weighted_values(values, sample_weight=None, mask=None,
                           reduction="sum_over_batch_size", dtype=None):
    """Weights (and masks) per-sample losses, then reduces them."""
    reduction = standardize_reduction(reduction)
    values = tf.convert_to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = tf.convert_to_tensor(sample_weight, dtype=dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        sample_weight = tf.cast(sample_weight, values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)
