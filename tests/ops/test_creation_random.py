"""Creation ops (zeros, ones, fill, eye, range, linspace) and tf.random: TF's dtypes, values and
errors; gradients through Fill/LinSpace and through mean/stddev/minval/maxval; seeds,
reproducibility, shapes, ranges and distribution moments."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.errors import InvalidArgumentError
from tests.op_cases import creation_cases
from tests.ops.test_nn_ops import check_gradients


@pytest.mark.parametrize("case", [c for c in creation_cases.CASES if c.grad is True], ids=str)
def test_creation_gradients(case):
    rng = np.random.default_rng(2)
    for shapes in case.shapes:
        arrays = case.inputs(rng, shapes, "float64")
        fn = case.function(tf)
        argnums = case.grad_args if case.grad_args is not None else tuple(range(case.nargs))
        check_gradients(lambda *xs: fn(*xs, **case.kwargs), arrays, argnums, rng)


def test_zeros_ones_dtypes():
    assert tf.zeros([2, 3]).dtype == tf.float32 and tf.zeros(3).shape == (3,)
    assert tf.ones([2], dtype=tf.int32).numpy().tolist() == [1, 1]
    assert tf.zeros(()).shape == () and tf.ones((2, 0)).shape == (2, 0)
    assert tf.zeros([2], tf.bool).numpy().tolist() == [False, False]
    assert tf.zeros(tf.constant([1, 2])).shape == (1, 2)
    assert tf.zeros([2], "float64").dtype == tf.float64
    assert tf.zeros([2], tf.string).numpy().tolist() == [b"", b""]
    assert tf.ones(tf.constant([2, 1], tf.int64), tf.bool).numpy().all()
    assert tf.zeros([tf.constant(2), 3]).shape == (2, 3)
    with pytest.raises(InvalidArgumentError, match=r"Dimension -1 must be >= 0 \[Op:Fill\]"):
        tf.zeros([2, -1])
    with pytest.raises(TypeError, match="Cannot convert"):
        tf.zeros([2.5])
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        tf.ones([2], tf.string)


def test_fill_infers_like_constant():
    assert tf.fill([2, 2], 7).dtype == tf.int32
    assert tf.fill([3], 0.5).dtype == tf.float32
    assert tf.fill([2], 2 ** 40).dtype == tf.int64
    assert tf.fill([2], True).dtype == tf.bool
    assert tf.fill([2], "a").numpy().tolist() == [b"a", b"a"]
    assert tf.fill(2, 1).shape == (2,)
    assert tf.fill(tf.constant([2]), tf.constant(1.5, tf.float64)).dtype == tf.float64
    with pytest.raises(InvalidArgumentError, match=r"value must represent a scalar, got shape "
                                                   r"\[2\] \[Op:Fill\]"):
        tf.fill([2], [1, 2])
    with pytest.raises(InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.fill([-1], 1)
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.fill([2, 2], x))
    assert tape.gradient(y, x).numpy() == 4.0


def test_eye():
    assert tf.eye(3).dtype == tf.float32
    np.testing.assert_array_equal(tf.eye(2, 3).numpy(), np.eye(2, 3))
    assert tf.eye(2, dtype=tf.int32).dtype == tf.int32
    assert tf.eye(2, batch_shape=[2]).shape == (2, 2, 2)
    assert tf.eye(0).shape == (0, 0)
    assert tf.eye(2, dtype=tf.bool).numpy().tolist() == [[True, False], [False, True]]
    assert tf.linalg.eye is tf.eye
    with pytest.raises(TypeError, match="Arguments `num_rows` and `num_columns` must be positive "
                                        "integer values. Received: num_rows=2.5, num_columns=2.5"):
        tf.eye(2.5)
    with pytest.raises(InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.eye(-1)


def test_range_dtypes_and_values():
    r = tf.range(5)
    assert r.dtype == tf.int32 and r.numpy().tolist() == [0, 1, 2, 3, 4]
    r = tf.range(0.0, 1.0, 0.25)
    assert r.dtype == tf.float32 and r.numpy().tolist() == [0, 0.25, 0.5, 0.75]
    assert tf.range(5, dtype=tf.float32).dtype == tf.float32
    assert tf.range(2, 10, 3).numpy().tolist() == [2, 5, 8]
    assert tf.range(5, 0, -2).numpy().tolist() == [5, 3, 1]
    assert tf.range(0).shape == (0,)
    assert tf.range(1, 2, 0.5, dtype=tf.float64).dtype == tf.float64
    assert tf.range(tf.constant(3, dtype=tf.int64)).dtype == tf.int64
    assert tf.range(tf.constant(3, tf.int64), 5).dtype == tf.int64
    assert tf.range(tf.constant(3), 5.0).dtype == tf.float32
    assert tf.range(1, 2.5).numpy().tolist() == [1.0, 2.0]
    assert tf.range(5.5).shape == (6,)
    assert tf.range(tf.constant(1.5, tf.float64), dtype=tf.float32).dtype == tf.float32
    # float32 values are start + i * delta in float32, as TF computes them
    assert tf.range(0, 1, 0.1).numpy()[-1] == np.float32(0.90000004)
    assert tf.range(1001).shape == (1001,)


def test_range_errors():
    with pytest.raises(InvalidArgumentError) as e:
        tf.range(0, 5, 0)
    assert str(e.value) == "Requires delta != 0: 0 [Op:Range]"
    with pytest.raises(InvalidArgumentError, match="Requires start <= limit when delta > 0: 5/0"):
        tf.range(5, 0)
    with pytest.raises(InvalidArgumentError, match="Requires start >= limit when delta < 0: 0/5"):
        tf.range(0, 5, -1)
    with pytest.raises(TypeError, match="Cannot convert 2.5 to EagerTensor of dtype int32"):
        tf.range(2.5, dtype=tf.int32)
    with pytest.raises(TypeError, match="Cannot convert 0 to EagerTensor of dtype bool"):
        tf.range(5, dtype=tf.bool)


def test_linspace():
    assert tf.linspace(0.0, 1.0, 5).numpy().tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert tf.linspace(0, 1, 5).dtype == tf.float64
    assert tf.linspace(tf.constant(0.0, tf.float64), 2.0, 3).dtype == tf.float64
    np.testing.assert_array_equal(tf.linspace(0.0, 1.0, 7).numpy(), np.array(
        [0.0, 0.16666667, 0.33333334, 0.5, 0.6666667, 0.8333334, 1.0], np.float32))
    assert tf.linspace(0.0, 1.0, 1).numpy().tolist() == [0.0]
    assert tf.linspace(0.0, 1.0, 0).shape == (0,)
    assert tf.linspace([0.0, 1.0], [1.0, 3.0], 3).numpy().tolist() == [[0, 1], [0.5, 2], [1, 3]]
    assert tf.linspace([0.0, 1.0], [1.0, 3.0], 3, axis=-1).shape == (2, 3)
    assert tf.linspace(0.0, 1.0, tf.constant(3, tf.int64)).shape == (3,)
    with pytest.raises(TypeError, match=r"Argument `tensor` \(name: num\) must be of type integer"):
        tf.linspace(0.0, 1.0, 2.5)
    with pytest.raises(ValueError, match="stop: Tensor conversion requested dtype float32"):
        tf.linspace(tf.constant(0.0), tf.constant(1.0, tf.float64), 3)
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.linspace(x, 5.0, 3))
    assert tape.gradient(y, x).numpy() == 1.5


# ---------------------------------------------------------------------------------------------
# random

def test_set_seed_makes_sequences_repeat():
    def draw():
        return [tf.random.normal((2, 3)).numpy(), tf.random.uniform((4,)).numpy(),
                tf.random.uniform((2,), 0, 10, dtype=tf.int32).numpy(),
                tf.random.truncated_normal((3, 1)).numpy(), tf.random.shuffle(tf.range(5)).numpy(),
                tf.random.categorical([[0.0, 1.0]], 4).numpy()]
    tf.random.set_seed(1)
    a = draw()
    tf.random.set_seed(1)
    b = draw()
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    tf.random.set_seed(2)
    assert not np.array_equal(tf.random.normal((2, 3)).numpy(), a[0])


def test_op_seed_streams():
    tf.random.set_seed(5)
    a1, a2 = tf.random.uniform([3], seed=1).numpy(), tf.random.uniform([3], seed=1).numpy()
    assert not np.array_equal(a1, a2)  # the op's stream continues, as in TF eager
    tf.random.set_seed(5)
    np.testing.assert_array_equal(tf.random.uniform([3], seed=1).numpy(), a1)
    np.testing.assert_array_equal(tf.random.uniform([3], seed=1).numpy(), a2)
    tf.random.set_seed(None)
    x = tf.random.normal([2])
    assert x.shape == (2,)


def test_shapes_dtypes_and_ranges():
    tf.random.set_seed(3)
    assert tf.random.normal([2], dtype=tf.float64).dtype == tf.float64
    assert tf.random.uniform(()).shape == ()
    assert tf.random.uniform(tf.constant([2, 1])).shape == (2, 1)
    assert tf.random.uniform([4], dtype=tf.float16).dtype == tf.float16
    u = tf.random.uniform((2000,), 2.0, 3.0).numpy()
    assert ((u >= 2) & (u < 3)).all()
    i = tf.random.uniform((2000,), 0, 4, dtype=tf.int64)
    assert i.dtype == tf.int64 and set(np.unique(i.numpy())) == {0, 1, 2, 3}
    h = tf.random.uniform((5000,), dtype=tf.float16).numpy()
    assert ((h >= 0) & (h < 1)).all()
    t = tf.random.truncated_normal((5000,), mean=1.0, stddev=2.0).numpy()
    assert (np.abs(t - 1) <= 4).all()
    s = tf.random.shuffle(tf.range(6)).numpy()
    assert sorted(s.tolist()) == list(range(6))
    assert tf.random.shuffle(tf.constant(3)).numpy() == 3
    rows = tf.random.shuffle([[1, 2], [3, 4]]).numpy().tolist()
    assert sorted(rows) == [[1, 2], [3, 4]]
    c = tf.random.categorical([[0.0, 0.0]], 3, dtype=tf.int32)
    assert c.dtype == tf.int32 and c.shape == (1, 3)
    assert tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5).dtype == tf.int64
    assert tf.random.gamma([3], [1.0, 2.0]).shape == (3, 2)
    assert tf.random.poisson([4], 3.0).dtype == tf.float32


def test_distribution_moments():
    tf.random.set_seed(11)
    z = tf.random.normal([40000], mean=2.0, stddev=3.0).numpy()
    assert abs(z.mean() - 2) < 0.06 and abs(z.std() - 3) < 0.06
    u = tf.random.uniform([40000], -1.0, 3.0).numpy()
    assert abs(u.mean() - 1) < 0.03 and abs(u.var() - 16 / 12) < 0.03
    t = tf.random.truncated_normal([40000]).numpy()
    assert abs(t.mean()) < 0.02 and abs(t.std() - 0.8796) < 0.02  # std of N(0,1) cut at +-2
    c = tf.random.categorical(tf.math.log([[0.2, 0.8], [0.9, 0.1]]), 20000).numpy()
    assert abs(c[0].mean() - 0.8) < 0.02 and abs(c[1].mean() - 0.1) < 0.02
    c = tf.random.categorical([[-np.inf, 0.0, -np.inf]], 100).numpy()
    assert (c == 1).all()


def test_random_errors():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype tf.int32"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(ValueError, match=r"Argument `dtype` got invalid value <dtype: 'bool'>"):
        tf.random.uniform([2], dtype=tf.bool)
    with pytest.raises(TypeError, match="Cannot convert 10.5 to EagerTensor of dtype int32"):
        tf.random.uniform([2], 0, 10.5, dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match="Need minval < maxval, got 5 >= 5"):
        tf.random.uniform([2], 5, 5, dtype=tf.int32)
    with pytest.raises(ValueError, match="min: Tensor conversion requested dtype float32"):
        tf.random.uniform([2], tf.constant(1.0, tf.float64), 2.0)
    with pytest.raises(InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.random.uniform([-1])
    with pytest.raises(InvalidArgumentError, match=r"shape must be a vector of \{int32,int64\}"):
        tf.random.uniform(3)
    with pytest.raises(TypeError, match="Cannot convert 0.0 to EagerTensor of dtype int32"):
        tf.random.normal([2], dtype=tf.int32)
    with pytest.raises(InvalidArgumentError, match=r"Incompatible shapes: \[3\] vs. \[2\]"):
        tf.random.normal([3], mean=tf.constant([1.0, 2.0]))
    with pytest.raises(InvalidArgumentError, match=r"logits should be a matrix, got shape \[2\]"):
        tf.random.categorical([0.0, 0.0], 3)
    with pytest.raises(ValueError, match=r"Accepted dtypes are \(tf.int32, tf.int64\)"):
        tf.random.categorical([[0.0, 0.0]], 3, dtype=tf.float32)


def test_stateless():
    a = tf.random.stateless_normal([3], seed=[1, 2]).numpy()
    np.testing.assert_array_equal(tf.random.stateless_normal([3], seed=[1, 2]).numpy(), a)
    assert not np.array_equal(tf.random.stateless_normal([3], seed=[1, 3]).numpy(), a)
    u = tf.random.stateless_uniform([50], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32)
    assert u.dtype == tf.int32 and ((u.numpy() >= 0) & (u.numpy() < 10)).all()
    assert tf.random.stateless_truncated_normal([4], seed=[1, 2]).shape == (4,)
    assert tf.random.stateless_categorical([[0.0, 0.0]], 3, seed=[1, 2]).dtype == tf.int64
    with pytest.raises(InvalidArgumentError, match=r"seed must have shape \[2\], not \[3\]"):
        tf.random.stateless_normal([2], seed=[1, 2, 3])
    with pytest.raises(ValueError, match="argument `minval` and `maxval` must be both None or "
                                         "not None"):
        tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)


def test_gradients_reach_mean_stddev_minval_maxval():
    m, s = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        z = tf.random.normal([5], m, s)
        y = tf.reduce_sum(z)
    gm, gs = tape.gradient(y, [m, s])
    assert gm.numpy() == 5.0
    np.testing.assert_allclose(gs.numpy(), ((z.numpy() - 1.0) / 2.0).sum(), rtol=1e-5)
    lo, hi = tf.Variable(1.0), tf.Variable(4.0)
    with tf.GradientTape() as tape:
        u = tf.random.uniform([6], lo, hi)
        y = tf.reduce_sum(u)
    glo, ghi = tape.gradient(y, [lo, hi])
    r = (u.numpy() - 1.0) / 3.0
    np.testing.assert_allclose([glo.numpy(), ghi.numpy()], [(1 - r).sum(), r.sum()], rtol=1e-5)
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.random.shuffle(x))
    assert tape.gradient(y, x) is None  # TF registers no gradient for RandomShuffle
