"""Every op the core issue names exists under TF's name and namespace."""
import pytest

import eagerflow as tf

NAMES = """
zeros ones zeros_like ones_like fill eye range linspace identity random.normal random.uniform
random.set_seed add subtract multiply divide math.truediv math.floordiv math.floormod math.mod
truncatediv truncatemod pow square sqrt math.rsqrt exp math.expm1 math.log math.log1p abs negative
sign math.reciprocal sin cos tan asin acos atan atan2 sinh cosh tanh sigmoid maximum minimum round
floor math.ceil math.squared_difference math.divide_no_nan add_n math.is_nan math.is_inf
math.is_finite logical_and logical_or logical_not math.logical_xor equal not_equal less less_equal
greater greater_equal cumsum math.cumprod math.count_nonzero reduce_sum reduce_mean reduce_max
reduce_min reduce_prod reduce_any reduce_all math.reduce_std math.reduce_variance
reduce_logsumexp argmax argmin reshape transpose expand_dims squeeze concat stack unstack split
tile pad reverse roll gather gather_nd boolean_mask where cast one_hot sort argsort math.top_k
unique shape size rank broadcast_to scatter_nd tensor_scatter_nd_update tensor_scatter_nd_add
meshgrid clip_by_value matmul tensordot einsum linalg.matvec linalg.det linalg.inv linalg.trace
linalg.diag linalg.diag_part linalg.band_part norm nn.relu nn.relu6 nn.leaky_relu nn.elu nn.selu
nn.softplus nn.swish nn.silu nn.gelu nn.sigmoid nn.tanh nn.softmax nn.log_softmax
nn.softmax_cross_entropy_with_logits nn.sparse_softmax_cross_entropy_with_logits
nn.sigmoid_cross_entropy_with_logits nn.l2_loss executing_eagerly newaxis constant
convert_to_tensor is_tensor print Variable GradientTape TensorShape DType as_dtype
errors.OpError errors.InvalidArgumentError errors.NotFoundError errors.UnimplementedError
dtypes.float32 dtypes.as_dtype dtypes.cast bitwise.bitwise_and bitwise.left_shift
stop_gradient custom_gradient autodiff.ForwardAccumulator test.compute_gradient
UnconnectedGradients function
""".split()


@pytest.mark.parametrize("name", NAMES)
def test_name_exists(name):
    obj = tf
    for part in name.split("."):
        assert hasattr(obj, part), "tf.%s is missing" % name
        obj = getattr(obj, part)


def test_errors_hierarchy():
    assert issubclass(tf.errors.InvalidArgumentError, tf.errors.OpError)
    assert issubclass(tf.errors.OpError, Exception) and not issubclass(tf.errors.OpError, ValueError)
    e = tf.errors.NotFoundError(None, None, "gone")
    assert str(e) == "gone" and e.error_code == tf.errors.NOT_FOUND if hasattr(
        tf.errors, "NOT_FOUND") else str(e) == "gone"


def test_version_format():
    import re
    assert re.fullmatch(r"\d+\.\d+\.\d+", tf.__version__)
