"""Bit shifts clamp the shift amount like TF's kernels; gather takes int16 indices like TF."""
import numpy as np

import eagerflow as tf


def test_shift_amounts_outside_the_width_are_clamped_like_tf():
    # values observed under TF 2.21
    assert tf.bitwise.left_shift(tf.constant([1, 1, 3]), tf.constant([40, 31, -5])).numpy().tolist() \
        == [-2147483648, -2147483648, 3]
    assert tf.bitwise.right_shift(tf.constant([-8, 8, -8]), tf.constant([40, -1, 33])).numpy() \
        .tolist() == [-1, 8, -1]
    assert tf.bitwise.left_shift(tf.constant([1], tf.uint8), tf.constant([9], tf.uint8)).numpy() \
        .tolist() == [128]


def test_in_range_shifts_match_numpy():
    x = np.arange(-20, 20, dtype=np.int16)
    y = np.full_like(x, 3)
    np.testing.assert_array_equal(tf.bitwise.right_shift(x, y).numpy(), x >> 3)
    np.testing.assert_array_equal(tf.bitwise.left_shift(x, y).numpy(), x << 3)


def test_gather_accepts_int16_indices():
    out = tf.gather([1.0, 2.0, 3.0], tf.constant([2, 0], tf.int16))
    assert out.numpy().tolist() == [3.0, 1.0]
