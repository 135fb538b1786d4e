"""Core conformance snippets: creation, printing, operators, indexing,
variables, tf.where, NumPy interop and the forward behaviour of ops.

Each public function ``name(tf, np)`` is one test (see harness.py).
"""

import sys

from .harness import snippet

IAE = "InvalidArgumentError"


# ====================================================================== 1. creation & dtype inference


@snippet(expect=["int32", "int64", "int32", "int64"])
def const_int_dtypes(tf, np):
    return [tf.constant(v).dtype.name for v in (1, 2**31, -2**31, -2**31 - 1)]


@snippet(raises="ValueError", msg_prefix="Can't convert Python sequence with out-of-range integer")
def const_int_too_big(tf, np):
    return tf.constant(2**63)


def const_float_bool_str_complex(tf, np):
    return [tf.constant(1.5), tf.constant(True), tf.constant("hi"), tf.constant(b"by"),
            tf.constant(1 + 2j)]


@snippet(raises="ValueError", msg_prefix="Can't convert Python sequence with a value out of range")
def const_float_out_of_range(tf, np):
    return tf.constant(1e40)


def const_lists(tf, np):
    return [tf.constant([1, 2]), tf.constant([1.0, 2.0]), tf.constant([1, 2.0, 3]),
            tf.constant([[1, 2], [3, 2**40]]), tf.constant((1, 2, 3))]


def const_mixed_complex_list(tf, np):
    return [tf.constant([1 + 1j, 2]), tf.constant([[1 + 1j, 2], [3, 4 - 1j]], dtype=tf.complex64)]


@snippet(raises="ValueError", msg_prefix="Can't convert Python sequence with mixed types")
def const_mixed_bool_int(tf, np):
    return tf.constant([True, 1])


@snippet(raises="ValueError", msg_prefix="Can't convert Python sequence with mixed types")
def const_list_with_none(tf, np):
    return tf.constant([1, None])


@snippet(raises="ValueError", msg_prefix="Can't convert non-rectangular Python sequence")
def const_ragged(tf, np):
    return tf.constant([[1, 2], [3]])


def const_empty(tf, np):
    return [tf.constant([]), tf.constant([[]])]


@snippet(raises="ValueError", msg_prefix="Attempt to convert a value (None)")
def const_none(tf, np):
    return tf.constant(None)


def const_numpy_dtypes_kept(tf, np):
    dts = [np.int64, np.float64, np.float16, np.uint8, np.int8, np.int16, np.uint16,
           np.uint32, np.uint64, np.bool_]
    return [tf.constant(np.array([1, 0], dtype=d)) for d in dts]


def const_numpy_str_and_scalars(tf, np):
    return [tf.constant(np.array(["a", "bc"])), tf.constant(np.float64(1.5)),
            tf.constant(np.int64(1)), tf.constant(np.float32(2.5))]


def const_list_of_numpy_arrays(tf, np):
    return tf.constant([np.array([1, 2]), np.array([3, 4])])


def convert_list_of_tensors(tf, np):
    return tf.convert_to_tensor([tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])])


@snippet(expect=[3.0, 1, 44, 255, -2147483648])
def const_explicit_dtype(tf, np):
    return [tf.constant(3, dtype=tf.float32), tf.constant(True, dtype=tf.int32),
            tf.constant(300, dtype=tf.uint8), tf.constant(-1, dtype=tf.uint8),
            tf.constant(2**31, dtype=tf.int32)]


@snippet(raises="TypeError", msg_prefix="Cannot convert 3.5 to EagerTensor of dtype int32")
def const_float_to_int_dtype(tf, np):
    return tf.constant(3.5, dtype=tf.int32)


@snippet(raises="TypeError", msg_prefix="Cannot convert 3.0 to EagerTensor of dtype int32")
def const_float_whole_to_int_dtype(tf, np):
    return tf.constant(3.0, dtype=tf.int32)


@snippet(raises="TypeError", msg_prefix="Cannot convert 1 to EagerTensor of dtype bool")
def const_int_to_bool_dtype(tf, np):
    return tf.constant(1, dtype=tf.bool)


@snippet(raises="TypeError", msg_prefix="Cannot convert")
def const_str_to_int_dtype(tf, np):
    return tf.constant("1", dtype=tf.int32)


def const_float_overflow_dtype(tf, np):
    return tf.constant(1e40, dtype=tf.float32)


@snippet(expect=[[1, -1], [0]])
def const_numpy_cast_to_dtype(tf, np):
    return [tf.constant(np.array([1.7, -1.7]), dtype=tf.int32),
            tf.constant(np.array([2**40], dtype=np.int64), dtype=tf.int32)]


@snippet(raises="ValueError", msg_prefix="Tensor conversion requested dtype float32 for Tensor with dtype int32")
def convert_tensor_other_dtype(tf, np):
    return tf.convert_to_tensor(tf.constant([1, 2]), dtype=tf.float32)


@snippet(raises="TypeError", msg_prefix="Expected tensor 1 with dtype tf.float32, but got dtype tf.int32")
def const_tensor_other_dtype(tf, np):
    return tf.constant(tf.constant(1), dtype=tf.float32)


def const_dtype_string_name(tf, np):
    return [tf.constant(1, dtype="float32"), tf.constant([1, 2], dtype="int64")]


def const_shape_broadcast(tf, np):
    return [tf.constant(0, shape=(2, 3)), tf.constant([7], shape=(2, 2)),
            tf.constant([1, 2, 3, 4, 5, 6], shape=[3, 2])]


@snippet(raises="TypeError", msg_prefix="Eager execution of tf.constant with unsupported shape")
def const_shape_bad(tf, np):
    return tf.constant([1, 2, 3], shape=(2, 3))


def tensor_numpy_method(tf, np):
    a = tf.constant([1.0, 2.0]).numpy()
    s = tf.constant(1.5).numpy()
    b = tf.constant("hi").numpy()
    return [a, s, type(s).__name__, b, type(b).__name__, type(a).__name__]


def numpy_copy_is_independent(tf, np):
    t = tf.constant([1, 2, 3])
    a = t.numpy()
    a[0] = 100
    return t


def is_tensor_checks(tf, np):
    t = tf.constant(1)
    return [isinstance(t, tf.Tensor), tf.is_tensor(t), tf.is_tensor(np.array(1)),
            tf.is_tensor(1), isinstance(t.device, str)]


# ====================================================================== 2. printing


@snippet(expect=["tf.Tensor(4, shape=(), dtype=int32)", "<tf.Tensor: shape=(), dtype=int32, numpy=4>"])
def print_int_scalar(tf, np):
    t = tf.constant(4)
    return [str(t), repr(t)]


def print_float32_scalars(tf, np):
    out = []
    for v in (4.0, 0.1, 1 / 3, 1e-8, 1e10, 123456.789, -0.0, 16777217.0):
        t = tf.constant(v)
        out.append(str(t))
        out.append(repr(t))
    return out


@snippet(expect=["<tf.Tensor: shape=(), dtype=float32, numpy=0.10000000149011612>"])
def repr_float32_point_one(tf, np):
    return [repr(tf.constant(0.1))]


def print_float64_scalar(tf, np):
    t = tf.constant(1 / 3, dtype=tf.float64)
    return [str(t), repr(t)]


def print_float16_scalar_and_matrix(tf, np):
    a = tf.constant(0.1, dtype=tf.float16)
    m = tf.constant([[1, 2], [3, 4], [5, 6]], dtype=tf.float16)
    return [str(a), repr(a), str(m), repr(m)]


def print_bool(tf, np):
    a = tf.constant(True)
    b = tf.constant([True, False])
    return [str(a), repr(a), str(b), repr(b)]


def print_string(tf, np):
    a = tf.constant("hi")
    b = tf.constant(["a", "bc"])
    return [str(a), repr(a), str(b), repr(b)]


def print_complex(tf, np):
    a = tf.constant(1 + 2j)
    b = tf.constant([1 + 2j, 3 - 1j], dtype=tf.complex64)
    return [str(a), repr(a), str(b), repr(b)]


def print_vectors(tf, np):
    ts = [tf.constant([2.0, 3.0, 4.0]), tf.constant([1.5, 2.25], dtype=tf.float64),
          tf.constant([1e-8, 1.0]), tf.constant([float("inf"), -1.0, float("nan")]),
          tf.constant([1, -20, 300]), tf.constant([0.1, 0.25, 1 / 3])]
    return [s for t in ts for s in (str(t), repr(t))]


def print_rank2(tf, np):
    t = tf.constant([[1, 2], [3, 4]])
    f = tf.constant([[1.5, -2.0], [3.25, 4.0]])
    return [str(t), repr(t), str(f), repr(f)]


def print_rank3(tf, np):
    t = tf.reshape(tf.range(12), (2, 2, 3))
    return [str(t), repr(t)]


def print_rank5(tf, np):
    t = tf.zeros((1, 2, 1, 2, 1))
    return [str(t), repr(t)]


def print_empty(tf, np):
    a = tf.constant([], dtype=tf.int32)
    b = tf.zeros((2, 0))
    c = tf.constant([])
    return [str(a), repr(a), str(b), repr(b), str(c), repr(c)]


def print_summarised_int32(tf, np):
    t = tf.range(1001)
    return [str(t), repr(t)]


def print_summarised_int64(tf, np):
    t = tf.range(1001, dtype=tf.int64)
    return [str(t), repr(t)]


def print_exactly_1000(tf, np):
    t = tf.range(1000)
    return ["..." in str(t), "..." in repr(t), len(str(t))]


def print_summarised_2d_float(tf, np):
    t = tf.reshape(tf.range(2000, dtype=tf.float32), (40, 50))
    return [str(t), repr(t)]


def print_statement_output(tf, np):
    print(tf.constant(4.0))
    print(tf.constant([[1, 2], [3, 4]]))
    print([tf.constant(1), tf.constant([1.5])])
    print("%s" % (tf.constant(2),))


def print_format_spec(tf, np):
    return [f"{tf.constant(2.5)}", f"{tf.constant(2.5):.2f}", f"{tf.constant([1, 2])}",
            "{}".format(tf.constant(3))]


@snippet(raises="TypeError")
def print_format_spec_nonscalar(tf, np):
    return f"{tf.constant([1.0, 2.0]):.2f}"


def print_numpy_printoptions(tf, np):
    with np.printoptions(precision=3):
        a = str(tf.constant([1 / 3, 2 / 3]))
    with np.printoptions(threshold=5):
        b = str(tf.range(10))
    return [a, b]


def print_variable_forms(tf, np):
    a = tf.Variable([2.0, 3.0])
    b = tf.Variable(3.0)
    c = tf.Variable([[1, 2], [3, 4]], name="myvar")
    return [str(a), repr(a), str(b), repr(b), str(c), repr(c)]


def print_unread_variable(tf, np):
    v = tf.Variable([[1, 2], [3, 4]])
    r = v[0, 1].assign(9)
    return [repr(r), str(r)]


def print_print_variable(tf, np):
    v = tf.Variable([1.0, 2.0])
    print(v)
    print(v.assign_add([1.0, 1.0]))


def print_tf_print_stdout(tf, np):
    tf.print("value:", tf.constant([1, 2, 3]), output_stream=sys.stdout)
    tf.print(tf.constant(2.5), output_stream=sys.stdout)
    tf.print(tf.constant([[1.5, 2], [3, 4]]), output_stream=sys.stdout)
    tf.print(tf.constant([True, False]), output_stream=sys.stdout)


def print_tf_print_options(tf, np):
    tf.print(tf.constant(1 / 3), output_stream=sys.stdout)
    tf.print("a", "b", sep="-", end="!\n", output_stream=sys.stdout)
    tf.print(tf.range(10), output_stream=sys.stdout)
    tf.print(tf.range(10), summarize=2, output_stream=sys.stdout)
    tf.print(tf.range(10), summarize=-1, output_stream=sys.stdout)
    tf.print(tf.constant("str"), output_stream=sys.stdout)
    tf.print({"k": tf.constant(1)}, [tf.constant(2), 3], output_stream=sys.stdout)


# ====================================================================== 3. TensorShape


def shape_basic(tf, np):
    t = tf.zeros((2, 3, 4))
    s = t.shape
    return [str(s), repr(s), s == (2, 3, 4), s == [2, 3, 4], s.as_list(), s.rank, t.ndim,
            len(t), s[0], type(s[0]).__name__, s.num_elements(), len(s)]


def shape_scalar(tf, np):
    s = tf.constant(1.0).shape
    return [str(s), repr(s), s.rank, s.as_list(), s == (), s.num_elements()]


def shape_object_ops(tf, np):
    s = tf.TensorShape([2, 3])
    return [s, s[1:], list(s), s.is_fully_defined(), s.concatenate([4]).as_list(),
            s != (2, 4), tf.TensorShape([2, 3]) == tf.TensorShape([2, 3])]


def shape_unknown(tf, np):
    s = tf.TensorShape(None)
    p = tf.TensorShape([None, 3])
    return [str(s), repr(s), s.rank, str(p), repr(p), p.is_fully_defined(),
            p.is_compatible_with([5, 3]), p.as_list()]


def shape_ops_tensors(tf, np):
    t = tf.zeros((2, 3, 4))
    return [tf.rank(t), tf.shape(t), tf.shape(t, out_type=tf.int64), tf.size(t),
            tf.shape(tf.constant(1.0)), tf.rank(tf.constant(5)), t.get_shape()]


# ====================================================================== 4. operators & dtype rules


@snippet(raises=IAE, msg_prefix="cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor")
def op_no_promotion_int_float(tf, np):
    return tf.constant([1, 2]) + tf.constant([1.0, 2.0])


@snippet(raises=IAE, msg_prefix="cannot compute AddV2 as input #1(zero-based) was expected to be a half tensor but is a float tensor")
def op_no_promotion_f16_f32(tf, np):
    return tf.constant(1.0, dtype=tf.float16) + tf.constant(1.0)


@snippet(raises=IAE, msg_prefix="cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a float tensor")
def op_no_promotion_f64_f32_mul(tf, np):
    return tf.constant(1.0, dtype=tf.float64) * tf.constant(1.0)


@snippet(raises=IAE, msg_prefix="cannot compute MatMul as input #1(zero-based)")
def op_no_promotion_matmul(tf, np):
    return tf.matmul(tf.constant([[1, 2]]), tf.constant([[1.0], [2.0]]))


def op_python_scalar_takes_tensor_dtype(tf, np):
    i = tf.constant([1, 2])
    f = tf.constant([1.0, 2.0])
    return [i + 1, 1 + i, i * 2, f + 1, i + True, f * True, 2 - i, 3.0 / f]


@snippet(raises=IAE, msg_prefix="cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor")
def op_int_plus_float_scalar(tf, np):
    return tf.constant([1, 2]) + 1.5


@snippet(raises="TypeError", msg_prefix="Cannot convert 1.5 to EagerTensor of dtype int32")
def op_reflected_float_times_int(tf, np):
    return 1.5 * tf.constant([1, 2])


@snippet(raises="TypeError", msg_prefix="Cannot convert 0.5 to EagerTensor of dtype int32")
def op_int_pow_half(tf, np):
    return tf.constant([1, 4]) ** 0.5


@snippet(raises="TypeError", msg_prefix="Cannot convert 2.0 to EagerTensor of dtype int32")
def op_int_eq_float(tf, np):
    return tf.constant([1, 2]) == 2.0


@snippet(raises="TypeError", msg_prefix="Cannot convert 1.5 to EagerTensor of dtype int32")
def op_int_gt_float(tf, np):
    return tf.constant([1, 2]) > 1.5


@snippet(raises="TypeError", msg_prefix="Cannot convert")
def op_int_eq_str(tf, np):
    return tf.constant([1, 2]) == "x"


def op_tf_add_first_arg_decides(tf, np):
    return [tf.add(1, 2), tf.add(1.0, 2), tf.add(2.5, 1)]


@snippet(raises=IAE)
def op_tf_add_int_then_float(tf, np):
    return tf.add(1, 2.5)


@snippet(expect=[[1], [1 + 2**40]])
def op_large_python_int_wraps(tf, np):
    return [tf.constant([1]) + 2**40, tf.constant([1], dtype=tf.int64) + 2**40]


def op_numpy_operand_cast(tf, np):
    f = tf.constant([1.0, 2.0])
    i = tf.constant([1, 2])
    return [f + np.array([1.0, 2.0]), np.array([1.0, 2.0]) + f, i + np.array([1, 2]),
            np.array([1, 2]) * i, f * np.array([1, 2]), np.float64(1.0) + f,
            i + np.float32(0.5), np.array([0, 5]) > i, np.array([1, 5]) == i]


def op_numpy_operand_result_type(tf, np):
    r = np.array([1.0, 2.0]) + tf.constant([1.0, 2.0])
    q = tf.constant([1, 2]) * np.array([3, 4])
    return [isinstance(r, np.ndarray), isinstance(r, tf.Tensor), isinstance(q, np.ndarray), isinstance(q, tf.Tensor)]


@snippet(raises=IAE)
def op_numpy_matmul_rank1(tf, np):
    return np.array([[1.0, 2.0]], dtype=np.float32) @ tf.constant([1.0, 2.0])


@snippet(expect=[[3.5, -3.5, 3.0], [3.5, -3.5, 3.0], [3.5], [3.5], [3.5], [3.5, 1.0]])
def op_int_truediv(tf, np):
    return [tf.constant([7, -7, 6]) / 2, tf.constant([7, -7, 6], dtype=tf.int64) / 2,
            tf.constant([7], dtype=tf.int8) / 2, tf.constant([7], dtype=tf.int16) / 2,
            tf.constant([7], dtype=tf.uint8) / 2, tf.constant([7.0, 2.0]) / 2]


def op_int_truediv_dtypes(tf, np):
    return [(tf.constant([1], dtype=d) / 2).dtype.name
            for d in (tf.int32, tf.int64, tf.int8, tf.int16, tf.uint8)]


def op_divide_truediv_funcs(tf, np):
    a = tf.constant([7, -7])
    return [tf.divide(a, 2), tf.math.truediv(a, 2), tf.math.divide(a, 2),
            tf.divide(tf.constant([1.0]), tf.constant([4.0]))]


@snippet(expect=[[3, -4, 3, -3], [1, 2, 0, 0], [1.5, 0.5, 0.0, -0.0], [3.0, -4.0, 3.0, -3.0]])
def op_floordiv_mod(tf, np):
    i = tf.constant([7, -7, 6, -6])
    f = tf.constant([7.5, -7.5, 6.0, -6.0])
    return [i // 2, tf.constant([7, -7, 6, -6]) % 3, f % 2, f // 2]


def op_mod_negative_divisor(tf, np):
    return [tf.constant([7, -7]) % -3, tf.constant([7, -7]) // -2, tf.math.floormod(tf.constant([5.5]), -2.0)]


@snippet(raises=IAE, msg_prefix="Integer division by zero")
def op_int_floordiv_zero(tf, np):
    return tf.constant([1, 2]) // 0


@snippet(raises=IAE, msg_prefix="Integer division by zero")
def op_int_mod_zero(tf, np):
    return tf.constant([1, 2]) % 0


def op_float_div_zero(tf, np):
    return tf.constant([1.0, -1.0, 0.0]) / 0.0


@snippet(raises=IAE, msg_prefix="Integers to negative integer powers are not allowed")
def op_int_negative_power(tf, np):
    return tf.constant([2, 3]) ** tf.constant([-1, 1])


@snippet(expect=[-2147483648, -128, 255, 0])
def op_overflow_wraps(tf, np):
    return [tf.constant(2**31 - 1) + 1, tf.constant(127, dtype=tf.int8) + 1,
            tf.constant(0, dtype=tf.uint8) - 1, tf.constant(255, dtype=tf.uint8) + 1]


def op_unary(tf, np):
    i = tf.constant([1, -2])
    b = tf.constant([True, False])
    return [-i, ~i, ~b, abs(i), -tf.constant([1.5])]


@snippet(raises="TypeError", msg_prefix="bad operand type for unary +")
def op_unary_plus(tf, np):
    return +tf.constant([1])


@snippet(raises=IAE)
def op_neg_bool(tf, np):
    return -tf.constant([True])


def op_bitwise_operators(tf, np):
    a = tf.constant([True, True, False])
    b = tf.constant([True, False, False])
    x = tf.constant([12, 10])
    y = tf.constant([10, 6])
    return [a & b, a | b, a ^ b, x & y, x | y, x ^ y]


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list of allowed values")
def op_sqrt_int(tf, np):
    return tf.sqrt(tf.constant([4]))


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list of allowed values")
def op_exp_int(tf, np):
    return tf.exp(tf.constant([1]))


@snippet(raises=IAE)
def op_log_int(tf, np):
    return tf.math.log(tf.constant([1]))


def op_abs_square_int(tf, np):
    return [tf.abs(tf.constant([-3, 2])), tf.square(tf.constant([-3, 2]))]


def op_comparisons(tf, np):
    a = tf.constant([1, 2, 3])
    b = tf.constant([3, 2, 1])
    return [a > b, a >= b, a < b, a <= b, a == b, a != b, a > 2, a == [1, 0, 3],
            a == (1, 2, 3), tf.constant([[1], [2]]) < a]


def op_eq_none(tf, np):
    t = tf.constant([1, 2])
    return [t == None, t != None]  # noqa: E711


def op_eq_incompatible_shapes(tf, np):
    a = tf.constant([1, 2, 3])
    b = tf.constant([1, 2])
    return [a == b, a != b]


@snippet(raises=IAE, msg_prefix="Incompatible shapes: [3] vs. [2]")
def op_tf_equal_incompatible(tf, np):
    return tf.equal(tf.constant([1, 2, 3]), tf.constant([1, 2]))


@snippet(raises=IAE, msg_prefix="Incompatible shapes: [3] vs. [2]")
def op_add_incompatible(tf, np):
    return tf.constant([1, 2, 3]) + tf.constant([1, 2])


def op_broadcasting(tf, np):
    a = tf.constant([[1.0], [2.0]])
    b = tf.constant([10.0, 20.0, 30.0])
    return [a + b, a * b, a - b, tf.zeros((2, 1, 3)) + tf.ones((4, 1))]


def op_float32_semantics(tf, np):
    return [repr(tf.constant(0.1) + tf.constant(0.2)), tf.constant(1e8) + 1.0,
            tf.constant(16777217.0)]


def op_matmul_operator(tf, np):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return [a @ a, a @ tf.constant([[1.0], [1.0]])]


@snippet(raises=IAE, msg_prefix="Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]")
def op_matmul_incompatible(tf, np):
    return tf.matmul(tf.ones((2, 3)), tf.ones((2, 3)))


@snippet(raises=IAE, msg_prefix="In[0] and In[1] has different ndims: [3] vs. [3,2]")
def op_matmul_rank1(tf, np):
    return tf.matmul(tf.ones((3,)), tf.ones((3, 2)))


@snippet(raises=IAE)
def op_matmul_bool(tf, np):
    return tf.matmul(tf.constant([[True]]), tf.constant([[True]]))


def op_cast(tf, np):
    f = tf.constant([1.7, -1.7, 2.5])
    return [tf.cast(f, tf.int32), tf.cast(tf.constant([2**40], dtype=tf.int64), tf.int32),
            tf.cast(tf.constant([0.0, 0.5, -2.0]), tf.bool), tf.cast(tf.constant([1, 2]), tf.float64),
            tf.cast(tf.constant([True, False]), tf.float32), tf.cast(tf.constant([255.9]), tf.uint8),
            tf.cast(1, tf.float16), tf.cast(tf.constant([1.5]), "int64")]


# ====================================================================== 5. indexing


def _m(tf):
    # a literal (not tf.range) so the indexing snippets depend on nothing else
    return tf.constant([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])


def idx_ints_slices(tf, np):
    m = _m(tf)
    return [m[0], m[-1], m[1, 2], m[:, 1], m[1:], m[:2, 1:3], m[::2], m[:, ::-1], m[::-2, ::3],
            m[5:], m[1:1], m[-10:2]]


def idx_ellipsis_newaxis(tf, np):
    t = tf.reshape(tf.constant(list(range(24))), (2, 3, 4))
    return [t[..., 0], t[0, ...], t[:, tf.newaxis], t[None], t[..., None].shape,
            t[0, ..., 1], tf.newaxis is None]


def idx_tensor_scalars(tf, np):
    m = _m(tf)
    return [m[tf.constant(1)], m[tf.constant(1, dtype=tf.int64), 2], m[np.int64(2)],
            m[np.int32(0), tf.constant(3)], m[tf.constant(1):tf.constant(3)]]


def idx_boolean_mask(tf, np):
    m = _m(tf)
    return [m[m > 5], m[tf.constant([True, False, True])]]


def idx_list_is_tuple(tf, np):
    m = _m(tf)
    return m[[0, 2]]


def idx_where_int64_pair(tf, np):
    m = _m(tf)
    pos = tf.where(m == 6)
    return [pos[0][0], m[pos[0][0], pos[0][1]]]


@snippet(raises="TypeError", msg_prefix="Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors are valid indices")
def idx_nonscalar_tensor(tf, np):
    return _m(tf)[tf.constant([0, 1])]


@snippet(raises="TypeError", msg_prefix="Only integers, slices")
def idx_float(tf, np):
    return _m(tf)[1.0]


@snippet(raises="TypeError", msg_prefix="Only integers, slices")
def idx_str(tf, np):
    return _m(tf)["a"]


@snippet(raises="TypeError", msg_prefix="Only integers, slices")
def idx_float_tensor(tf, np):
    return _m(tf)[tf.constant(1.0)]


@snippet(raises=IAE, msg_prefix="cannot compute Pack")
def idx_mixed_int32_int64(tf, np):
    return _m(tf)[tf.constant(1), tf.constant(1, dtype=tf.int64)]


@snippet(raises=IAE, msg_prefix="slice index 3 of dimension 0 out of bounds.")
def idx_out_of_range(tf, np):
    return _m(tf)[3]


@snippet(raises=IAE, msg_prefix="slice index")
def idx_out_of_range_negative(tf, np):
    return _m(tf)[-4]


@snippet(raises=IAE, msg_prefix="Index out of range using input dim 2; input has only 2 dims")
def idx_too_many(tf, np):
    return _m(tf)[0, 0, 0]


@snippet(raises=IAE, msg_prefix="Attempting to slice scalar input.")
def idx_scalar(tf, np):
    return tf.constant(1)[0]


@snippet(raises="TypeError", msg_regex="object does not support item assignment")
def idx_item_assignment_tensor(tf, np):
    t = tf.constant([1, 2])
    t[0] = 5
    return t


# ====================================================================== 6. truthiness, conversions, iteration


def truth_scalars(tf, np):
    return [bool(tf.constant(1)), bool(tf.constant(0.0)), bool(tf.constant([1])),
            bool(tf.constant([[0]])), bool(tf.constant([])), bool(tf.constant(True))]


@snippet(raises="ValueError", msg_prefix="The truth value of an array with more than one element is ambiguous")
def truth_ambiguous(tf, np):
    return bool(tf.constant([1, 2]))


def truth_control_flow(tf, np):
    i = tf.constant(4)
    out = []
    if i > 3:
        out.append("gt")
    out.append(bool(i >= 3 and i < 6))
    out.append(i > 3 and i < 2)
    return out


def int_float_index(tf, np):
    t = tf.constant(2.9)
    i = tf.constant(2)
    lst = ["a", "b", "c"]
    return [int(t), float(i), lst[i], list(range(i)), t.__index__() if False else int(i),
            float(tf.constant(1.5, dtype=tf.float16))]


@snippet(raises="TypeError", msg_prefix="only 0-dimensional arrays can be converted to Python scalars")
def int_nonscalar(tf, np):
    return int(tf.constant([1, 2]))


def len_and_iteration(tf, np):
    m = _m(tf)
    return [len(m), [r for r in m], [x for x in tf.constant([1, 2])], len(tf.zeros((0, 3)))]


@snippet(raises="TypeError", msg_prefix="Scalar tensor has no `len()`")
def len_scalar(tf, np):
    return len(tf.constant(1))


@snippet(raises="TypeError", msg_prefix="Cannot iterate over a scalar tensor.")
def iter_scalar(tf, np):
    return list(tf.constant(1))


def contains(tf, np):
    t = tf.constant([1, 2, 3])
    return [2 in t, 5 in t]


@snippet(raises="TypeError", msg_prefix="Tensor is unhashable. Instead, use tensor.ref() as the key.")
def hash_tensor(tf, np):
    return {tf.constant(1)}


def tensor_ref_key(tf, np):
    t = tf.constant(1)
    d = {t.ref(): "x"}
    return [d[t.ref()], t.ref().deref() is t]


# ====================================================================== 7. Variables


def var_constructor_dtypes(tf, np):
    vs = [tf.Variable(1), tf.Variable(1.0), tf.Variable(2**40), tf.Variable(np.array([1.0])),
          tf.Variable([1, 2], dtype=tf.float32), tf.Variable("abc"), tf.Variable(True)]
    return [[v.dtype.name, v.shape, v.trainable, v.name] for v in vs] + [vs[5]]


def var_names_not_uniquified(tf, np):
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    c = tf.Variable(1.0, name="x")
    d = tf.Variable(1.0, name="x")
    return [a.name, b.name, c.name, d.name]


def var_trainable_flag(tf, np):
    return [tf.Variable(1).trainable, tf.Variable(1.0, trainable=False).trainable]


@snippet(raises="ValueError", msg_prefix="The `initial_value` arg to `tf.Variable` must be specified")
def var_none(tf, np):
    return tf.Variable(None)


@snippet(raises="ValueError", msg_prefix="The `initial_value` arg to `tf.Variable` must be specified")
def var_no_arg(tf, np):
    return tf.Variable()


def var_copy_from_variable(tf, np):
    a = tf.Variable([2.0, 3.0])
    b = tf.Variable(a)
    a.assign([5.0, 6.0])
    return [a, b]


@snippet(raises="ValueError", msg_prefix="Incompatible type conversion requested to type float32")
def var_copy_other_dtype(tf, np):
    return tf.Variable(tf.Variable([1, 2]), dtype=tf.float32)


@snippet(raises="TypeError", msg_prefix="Cannot convert")
def var_float_list_int_dtype(tf, np):
    return tf.Variable([1.5, 2], dtype=tf.int32)


def var_assign_returns_unread(tf, np):
    v = tf.Variable([1.0, 2.0])
    r = v.assign([3.0, 4.0])
    return [r, isinstance(r, tf.Variable), isinstance(r, tf.Tensor), r.name, r is v,
            r.dtype, r.shape, r.trainable, v]


def var_unread_is_live_alias(tf, np):
    v = tf.Variable([1.0, 2.0])
    r = v.assign_add([1.0, 1.0])
    v.assign([10.0, 20.0])
    r2 = r.assign_sub([1.0, 1.0])
    return [r, r2, v]


def var_assign_read_value_false(tf, np):
    v = tf.Variable([1.0, 2.0])
    return [v.assign([0.0, 0.0], read_value=False), v.assign_add([1.0, 1.0], read_value=False),
            v.assign_sub([3.0, 3.0], read_value=False), v]


def var_chained_assign(tf, np):
    v = tf.Variable(1)
    r = v.assign_add(5).assign_sub(3)
    return [r, v]


def var_notebook_cell(tf, np):
    a = tf.Variable([2.0, 3.0])
    b = tf.Variable(a)
    a.assign([5, 6])
    print(a.numpy())
    print(b.numpy())
    print(a.assign_add([2, 3]).numpy())
    print(a.assign_sub([7, 9]).numpy())


def var_slice_assign_returns_whole(tf, np):
    v = tf.Variable([[1, 2], [3, 4]])
    r = v[0, 1].assign(9)
    r2 = r[1].assign([7, 8])
    r3 = r2[:, 0].assign(0)
    return [r, r2, r3, v, r.shape, r.name]


def var_slice_assign_tensor_index(tf, np):
    v = tf.Variable(tf.zeros((3, 3), dtype=tf.int32))
    i = tf.constant(1, dtype=tf.int64)
    v[i, i].assign(5)
    v[0].assign(2)
    v[2, 1:].assign([7, 8])
    return v


def var_notebook_rebind_pattern(tf, np):
    t = tf.Variable(tf.constant([[0, 1], [2, 0]]))
    pos = tf.where(t == 0)
    i, j = pos[0][0], pos[0][1]
    t = t[i, j].assign(5)
    copy = tf.Variable(t)
    t = t[1, 1].assign(6)
    return [t, copy, len(tf.where(t == 0)), t == 0]


@snippet(raises="AttributeError", msg_prefix="'tensorflow.python.framework.ops.EagerTensor' object has no attribute 'assign_add'")
def var_slice_assign_add_missing(tf, np):
    v = tf.Variable([[1, 2], [3, 4]])
    return v[0, 0].assign_add(1)


@snippet(raises="AttributeError", msg_prefix="'tensorflow.python.framework.ops.EagerTensor' object has no attribute 'assign'")
def tensor_slice_assign_missing(tf, np):
    return tf.constant([1, 2])[0].assign(3)


@snippet(raises=IAE, msg_prefix="Cannot broadcast input shape [3] into final shape [2]")
def var_slice_assign_bad_shape(tf, np):
    v = tf.Variable([[1, 2], [3, 4]])
    return v[0].assign([1, 2, 3])


@snippet(raises="TypeError", msg_prefix="Cannot convert 1.5 to EagerTensor of dtype int32")
def var_slice_assign_float_into_int(tf, np):
    v = tf.Variable([[1, 2], [3, 4]])
    return v[0, 0].assign(1.5)


@snippet(raises=IAE)
def var_slice_assign_out_of_range(tf, np):
    v = tf.Variable([[1, 2], [3, 4]])
    return v[2, 0].assign(1)


@snippet(raises="TypeError", msg_prefix="'ResourceVariable' object does not support item assignment")
def var_item_assignment(tf, np):
    v = tf.Variable([1, 2])
    v[0] = 5
    return v


def var_assign_conversions(tf, np):
    v = tf.Variable([1.0, 2.0])
    v.assign([5, 6])
    a = tf.identity(v)
    v.assign(np.array([1.5, 2.5]))
    b = tf.identity(v)
    w = tf.Variable([1, 2])
    w.assign(np.array([3, 4], dtype=np.int64))
    return [a, b, w]


@snippet(raises="ValueError", msg_prefix="Tensor conversion requested dtype float32 for Tensor with dtype int32")
def var_assign_tensor_other_dtype(tf, np):
    v = tf.Variable([1.0, 2.0])
    return v.assign(tf.constant([1, 2]))


@snippet(raises="TypeError", msg_prefix="Cannot convert")
def var_assign_float_list_into_int(tf, np):
    v = tf.Variable([1, 2])
    return v.assign([1.5, 2.0])


@snippet(raises="ValueError", msg_prefix="Cannot assign value to variable ' Variable:0': Shape mismatch.")
def var_assign_shape_mismatch(tf, np):
    v = tf.Variable([1.0, 2.0])
    return v.assign([1.0, 2.0, 3.0])


@snippet(raises="ValueError", msg_prefix="Cannot assign value to variable ' Variable:0': Shape mismatch.")
def var_assign_no_broadcast(tf, np):
    v = tf.Variable([1.0, 2.0])
    return v.assign(5.0)


@snippet(raises=IAE, msg_prefix="Cannot update variable with shape [2] using a Tensor with shape [], shapes must be equal.")
def var_assign_add_no_broadcast(tf, np):
    v = tf.Variable([1.0, 2.0])
    return v.assign_add(1.0)


def var_unknown_shape(tf, np):
    v = tf.Variable([1.0, 2.0], shape=tf.TensorShape(None))
    s0 = str(v.shape)
    v.assign([1.0, 2.0, 3.0])
    return [s0, v.numpy(), v.shape.rank]


def var_reads_are_snapshots(tf, np):
    v = tf.Variable([1.0, 2.0])
    snaps = [v.read_value(), v.value(), tf.identity(v), tf.convert_to_tensor(v), v.numpy()]
    v.assign([9.0, 9.0])
    return snaps + [type(s).__name__ == "ndarray" for s in snaps[-1:]]


def var_ops_return_tensors(tf, np):
    v = tf.Variable([1.0, 2.0])
    w = tf.Variable([[1.0], [2.0]])
    outs = [v + 1, v * v, -v, v[0], tf.reshape(v, (1, 2)) @ w, v == 1.0, tf.reduce_sum(v),
            tf.Variable([3, 4]) / 2]
    return outs + [all(isinstance(o, tf.Tensor) and not isinstance(o, tf.Variable) for o in outs)]


@snippet(raises="TypeError", msg_prefix="object of type 'ResourceVariable' has no len()")
def var_len(tf, np):
    return len(tf.Variable([1, 2]))


def var_iteration_and_scalars(tf, np):
    v = tf.Variable([1, 2])
    s = tf.Variable(2.5)
    return [[x for x in v], bool(s), float(s), int(s), v.get_shape(), isinstance(v.device, str)]


@snippet(raises="TypeError", msg_prefix="Variable is unhashable. Instead, use variable.ref() as the key.")
def var_hash(tf, np):
    return hash(tf.Variable(1.0))


@snippet(raises="TypeError", msg_prefix="Variable is unhashable.")
def var_in_set(tf, np):
    return {tf.Variable(1.0)}


def var_ref_as_key(tf, np):
    v = tf.Variable(1.0)
    d = {v.ref(): 1}
    return [d[v.ref()], v.ref().deref() is v]


# ====================================================================== 8. tf.where


def where_one_arg(tf, np):
    c = tf.constant([[True, False], [False, True]])
    n = tf.constant([0, 3, 0, -1])
    none = tf.where(tf.zeros((2, 3)) > 1)
    return [tf.where(c), tf.where(n), none, len(none), len(tf.where(c))]


def where_on_variables(tf, np):
    v = tf.Variable([[0, 1], [2, 0]])
    r = v[0, 1].assign(0)
    return [tf.where(v == 0), tf.where(r == 0), tf.where(r)]


@snippet(raises=IAE, msg_prefix="WhereOp : Unhandled input dimensions: 0")
def where_scalar_condition(tf, np):
    return tf.where(tf.constant(True))


def where_three_args(tf, np):
    c = tf.constant([True, False, True])
    return [tf.where(c, tf.constant([1, 2, 3]), tf.constant([10, 20, 30])),
            tf.where(c, 1.0, 0.0), tf.where(tf.constant([[True], [False]]), tf.ones((2, 3)), 0.0),
            tf.where(c, tf.constant(5), tf.constant([7, 8, 9]))]


@snippet(raises=IAE, msg_prefix="cannot compute SelectV2 as input #2(zero-based)")
def where_dtype_mismatch(tf, np):
    return tf.where(tf.constant([True]), tf.constant([1]), tf.constant([1.0]))


@snippet(raises=IAE, msg_prefix="cannot compute SelectV2 as input #0(zero-based) was expected to be a bool tensor")
def where_nonbool_condition(tf, np):
    return tf.where(tf.constant([1, 0]), tf.constant([1, 2]), tf.constant([3, 4]))


@snippet(raises=IAE)
def where_incompatible_shapes(tf, np):
    return tf.where(tf.constant([True, False]), tf.constant([1, 2, 3]), tf.constant([1, 2, 3]))


@snippet(raises="ValueError", msg_prefix="x and y must both be non-None or both be None.")
def where_only_x(tf, np):
    return tf.where(tf.constant([True]), tf.constant([1]))


# ====================================================================== 9. NumPy interop


def np_multiply_notebook(tf, np):
    a = tf.constant([[1, 2], [3, 4]])
    b = np.multiply(a, tf.add(a, 1))
    print(b)
    return b


def np_functions_return_ndarrays(tf, np):
    t = tf.constant([1.0, 4.0])
    i = tf.constant([[1, 2], [3, 4]])
    outs = [np.sqrt(t), np.add(t, 1), np.sum(i), np.dot(i, i), np.concatenate([t, t]),
            np.where(t > 2, t, 0.0), np.mean(i, axis=0), np.max(i)]
    return outs + [[type(o).__name__ for o in outs]]


def np_asarray(tf, np):
    t = tf.constant([1, 2])
    s = tf.constant(["a", "b"])
    return [np.asarray(t), np.array(t), np.asarray(s), np.asarray(t, dtype=np.float32),
            t.__array__(), np.asarray(tf.Variable([1.5]))]


def np_arrays_into_ops(tf, np):
    return [tf.add(np.array([1.0, 2.0]), 1), tf.reduce_mean(np.array([1, 2, 4])),
            tf.reduce_sum(np.ones((2, 2), dtype=np.float16)), tf.exp(np.array([0.0], dtype=np.float32))]


# ====================================================================== 10. errors, eager, dtypes


def errors_hierarchy(tf, np):
    e = tf.errors
    return [issubclass(e.InvalidArgumentError, e.OpError), issubclass(e.OpError, Exception),
            issubclass(e.InvalidArgumentError, ValueError), issubclass(e.NotFoundError, e.OpError),
            issubclass(e.ResourceExhaustedError, e.OpError), issubclass(e.OutOfRangeError, e.OpError),
            issubclass(e.UnimplementedError, e.OpError), issubclass(e.FailedPreconditionError, e.OpError),
            issubclass(e.InternalError, e.OpError), issubclass(e.UnknownError, e.OpError),
            issubclass(e.AbortedError, e.OpError), issubclass(e.CancelledError, e.OpError),
            issubclass(e.AlreadyExistsError, e.OpError), issubclass(e.PermissionDeniedError, e.OpError),
            issubclass(e.DeadlineExceededError, e.OpError), issubclass(e.UnavailableError, e.OpError),
            issubclass(e.DataLossError, e.OpError), issubclass(e.UnauthenticatedError, e.OpError)]


@snippet(expect=["InvalidArgumentError", True])
def errors_caught_as_operror(tf, np):
    try:
        tf.constant([1, 2, 3]) + tf.constant([1, 2])
    except tf.errors.OpError as ex:
        return [type(ex).__name__, isinstance(ex, tf.errors.InvalidArgumentError)]
    return None


def executing_eagerly(tf, np):
    return [tf.executing_eagerly(), isinstance(tf.__version__, str),
            len(tf.__version__.split(".")) == 3]


def dtype_objects(tf, np):
    return [tf.float32.name, repr(tf.float32), str(tf.float32), repr(tf.int64), str(tf.bool),
            tf.as_dtype(np.int64).name, tf.as_dtype("float16").name, tf.as_dtype(tf.int8).name,
            tf.dtypes.as_dtype(np.dtype("uint8")).name, tf.float32 == tf.dtypes.float32,
            tf.float32 == np.float32, tf.float32 == "float32"]


def dtype_properties(tf, np):
    out = []
    for d in (tf.float16, tf.float32, tf.float64, tf.int8, tf.int32, tf.int64, tf.uint8, tf.bool,
              tf.complex64):
        out.append([d.name, d.is_floating, d.is_integer, d.is_complex, d.is_bool, d.size,
                    d.as_numpy_dtype.__name__])
    return out


def dtype_min_max(tf, np):
    return [[d.min, d.max] for d in (tf.int8, tf.uint8, tf.int32, tf.int64, tf.float16, tf.float32,
                                      tf.float64)]


def dtypes_namespace(tf, np):
    return [tf.dtypes.cast(tf.constant([1.5]), tf.int32), tf.dtypes.int32.name,
            tf.dtypes.DType is type(tf.float32), tf.string.name]


# ====================================================================== 11. ops: creation


def ops_zeros_ones(tf, np):
    return [tf.zeros([2, 3]), tf.ones([2], dtype=tf.int32), tf.zeros(()), tf.ones((2, 0)),
            tf.zeros([2], tf.bool), tf.zeros(tf.constant([1, 2]))]


def ops_like(tf, np):
    i = tf.constant([[1, 2]])
    return [tf.zeros_like(i), tf.ones_like(i), tf.ones_like(tf.constant([True])),
            tf.zeros_like(tf.constant([1.5], dtype=tf.float64)), tf.ones_like(i, dtype=tf.float32),
            tf.zeros_like(tf.Variable([1.0]))]


def ops_fill_eye(tf, np):
    return [tf.fill([2, 2], 7), tf.fill([3], 0.5), tf.eye(3), tf.eye(2, 3), tf.eye(2, dtype=tf.int32),
            tf.eye(2, batch_shape=[2])]


def ops_range(tf, np):
    return [tf.range(5), tf.range(0.0, 1.0, 0.25), tf.range(5, dtype=tf.float32), tf.range(2, 10, 3),
            tf.range(5, 0, -2), tf.range(0), tf.range(1, 2, 0.5, dtype=tf.float64),
            tf.range(tf.constant(3, dtype=tf.int64))]


def ops_linspace(tf, np):
    return [tf.linspace(0.0, 1.0, 5), tf.linspace(-1.0, 1.0, 3),
            tf.linspace(tf.constant(0.0, dtype=tf.float64), 2.0, 3)]


def ops_identity(tf, np):
    return [tf.identity(tf.constant([1, 2])), tf.identity([1.0, 2.0])]


# ====================================================================== 12. ops: elementwise math


def ops_arith_funcs(tf, np):
    a = tf.constant([7.0, -7.0, 6.0])
    b = tf.constant([2.0, 2.0, -4.0])
    return [tf.add(a, b), tf.subtract(a, b), tf.multiply(a, b), tf.divide(a, b), tf.math.truediv(a, b),
            tf.math.floordiv(a, b), tf.math.floormod(a, b), tf.math.mod(a, b), tf.pow(a, 2.0),
            tf.math.add(a, 1.0), tf.math.multiply(a, b), tf.math.subtract(a, b)]


def ops_int_div_mod_funcs(tf, np):
    a = tf.constant([7, -7, 6, -6])
    return [tf.math.floordiv(a, 4), tf.math.floormod(a, 4), tf.math.mod(a, -4), tf.truncatediv(a, 4),
            tf.truncatemod(a, 4), tf.pow(a, 2), tf.math.pow(tf.constant([2]), tf.constant([10]))]


def ops_truncate_not_in_math(tf, np):
    return [hasattr(tf, "truncatediv"), hasattr(tf, "truncatemod"), hasattr(tf.math, "truncatediv"),
            hasattr(tf.math, "logical_xor"), hasattr(tf, "logical_xor")]


def ops_unary_math(tf, np):
    x = tf.constant([0.25, 1.0, 4.0])
    return [tf.square(x), tf.sqrt(x), tf.math.rsqrt(x), tf.exp(x), tf.math.expm1(x), tf.math.log(x),
            tf.math.log1p(x), tf.abs(-x), tf.negative(x), tf.sign(x - 1.0), tf.math.reciprocal(x),
            tf.math.square(x), tf.math.sqrt(x), tf.math.exp(x), tf.math.abs(x), tf.math.negative(x),
            tf.math.sign(tf.constant([-3, 0, 2]))]


def ops_unary_math_float64(tf, np):
    x = tf.constant([0.5, 2.0], dtype=tf.float64)
    return [tf.exp(x), tf.math.log(x), tf.sqrt(x), tf.math.rsqrt(x), tf.math.expm1(x), tf.math.log1p(x)]


def ops_log_domain(tf, np):
    return [tf.math.log(tf.constant([0.0, -1.0])), tf.sqrt(tf.constant([-1.0])),
            tf.math.reciprocal(tf.constant([0.0])), tf.math.rsqrt(tf.constant([0.0]))]


def ops_trig(tf, np):
    x = tf.constant([-0.5, 0.0, 0.5, 1.0])
    return [tf.sin(x), tf.cos(x), tf.tan(x), tf.asin(x), tf.acos(x), tf.atan(x), tf.math.sin(x),
            tf.math.cos(x), tf.math.tan(x), tf.math.asin(x), tf.math.acos(x), tf.math.atan(x)]


def ops_atan2(tf, np):
    y = tf.constant([1.0, -1.0, 0.0, 1.0])
    x = tf.constant([1.0, -1.0, -1.0, 0.0])
    return [tf.atan2(y, x), tf.math.atan2(y, x)]


def ops_hyperbolic(tf, np):
    x = tf.constant([-2.0, 0.0, 0.5, 3.0])
    return [tf.sinh(x), tf.cosh(x), tf.tanh(x), tf.math.sinh(x), tf.math.cosh(x), tf.math.tanh(x),
            tf.sigmoid(x), tf.math.sigmoid(x), tf.nn.sigmoid(x), tf.nn.tanh(x)]


def ops_sigmoid_extremes(tf, np):
    return [tf.sigmoid(tf.constant([-100.0, 100.0, 0.0])), tf.tanh(tf.constant([-100.0, 100.0]))]


def ops_max_min(tf, np):
    a = tf.constant([1, 5, 3])
    b = tf.constant([4, 2, 3])
    return [tf.maximum(a, b), tf.minimum(a, b), tf.math.maximum(a, 2), tf.math.minimum(a, 2),
            tf.maximum(tf.constant([1.0, float("nan")]), 0.0)]


def ops_round_floor_ceil(tf, np):
    x = tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.7, -2.7])
    return [tf.round(x), tf.floor(x), tf.math.ceil(x), tf.math.round(x), tf.math.floor(x)]


def ops_squared_difference_divide_no_nan(tf, np):
    return [tf.math.squared_difference(tf.constant([1.0, 5.0]), tf.constant([3.0, 1.0])),
            tf.math.squared_difference(tf.constant([1, 5]), tf.constant([3, 1])),
            tf.math.divide_no_nan(tf.constant([1.0, 2.0, 0.0]), tf.constant([0.0, 4.0, 0.0]))]


def ops_add_n(tf, np):
    return [tf.add_n([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])]),
            tf.math.add_n([tf.constant(1.5)])]


@snippet(raises=IAE)
def ops_add_n_shape_mismatch(tf, np):
    return tf.add_n([tf.constant([1, 2]), tf.constant([1, 2, 3])])


def ops_is_nan_inf_finite(tf, np):
    x = tf.constant([1.0, float("nan"), float("inf"), -float("inf")])
    return [tf.math.is_nan(x), tf.math.is_inf(x), tf.math.is_finite(x)]


def ops_logical(tf, np):
    a = tf.constant([True, True, False, False])
    b = tf.constant([True, False, True, False])
    return [tf.logical_and(a, b), tf.logical_or(a, b), tf.logical_not(a), tf.math.logical_xor(a, b),
            tf.math.logical_and(a, True)]


@snippet(raises=IAE)
def ops_logical_and_int(tf, np):
    return tf.logical_and(tf.constant([1]), tf.constant([1]))


def ops_comparison_funcs(tf, np):
    a = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant([2.0, 2.0, 2.0])
    return [tf.equal(a, b), tf.not_equal(a, b), tf.less(a, b), tf.less_equal(a, b), tf.greater(a, b),
            tf.greater_equal(a, b), tf.math.equal(a, 2.0), tf.math.greater(a, 1.0),
            tf.equal(tf.constant(["a", "b"]), "a")]


def ops_bitwise(tf, np):
    a = tf.constant([12, 10, -1])
    b = tf.constant([10, 6, 3])
    return [tf.bitwise.bitwise_and(a, b), tf.bitwise.bitwise_or(a, b), tf.bitwise.bitwise_xor(a, b),
            tf.bitwise.invert(a), tf.bitwise.left_shift(a, 2), tf.bitwise.right_shift(a, 1),
            tf.bitwise.invert(tf.constant([0, 255], dtype=tf.uint8))]


def ops_clip_by_value(tf, np):
    x = tf.constant([-2.0, 0.5, 3.0])
    return [tf.clip_by_value(x, -1.0, 1.0), tf.clip_by_value(tf.constant([1, 5, 9]), 2, 6)]


# ====================================================================== 13. ops: scans and reductions


def ops_cumsum_cumprod(tf, np):
    x = tf.constant([1, 2, 3, 4])
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return [tf.cumsum(x), tf.cumsum(x, exclusive=True), tf.cumsum(x, reverse=True),
            tf.cumsum(x, exclusive=True, reverse=True), tf.math.cumprod(x), tf.math.cumprod(x, exclusive=True),
            tf.math.cumprod(x, reverse=True), tf.cumsum(m, axis=1), tf.math.cumsum(m, axis=0)]


def ops_count_nonzero(tf, np):
    m = tf.constant([[0, 1, 2], [0, 0, 3]])
    return [tf.math.count_nonzero(m), tf.math.count_nonzero(m, axis=1),
            tf.math.count_nonzero(tf.constant([0.0, 1.5])), tf.math.count_nonzero(m, axis=0, keepdims=True)]


def ops_reduce_sum_forms(tf, np):
    m = tf.constant([[1, 2, 3], [4, 5, 6]])
    return [tf.reduce_sum(m), tf.reduce_sum(m, 0), tf.reduce_sum(m, axis=1), tf.reduce_sum(m, 1, True),
            tf.reduce_sum(m, axis=[0, 1]), tf.reduce_sum(m, axis=-1, keepdims=True),
            tf.reduce_sum(m, axis=(0,)), tf.math.reduce_sum(m), tf.reduce_sum(m, axis=[])]


def ops_reduce_mean_int_truncates(tf, np):
    return [tf.reduce_mean(tf.constant([1, 2])), tf.reduce_mean(tf.constant([-1, -2])),
            tf.reduce_mean(tf.constant([[1, 2], [3, 6]]), axis=1), tf.reduce_mean(tf.constant([1.0, 2.0])),
            tf.reduce_mean(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=0, keepdims=True)]


def ops_reduce_max_min_prod(tf, np):
    m = tf.constant([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    return [tf.reduce_max(m), tf.reduce_max(m, axis=0), tf.reduce_min(m, axis=1), tf.reduce_prod(m),
            tf.reduce_prod(m, axis=1, keepdims=True), tf.math.reduce_max(tf.constant([3, 9, 1])),
            tf.reduce_min(tf.constant([[3, 9], [1, 0]]), axis=[0, 1])]


def ops_reduce_any_all(tf, np):
    b = tf.constant([[True, False], [True, True]])
    return [tf.reduce_any(b), tf.reduce_all(b), tf.reduce_any(b, axis=0), tf.reduce_all(b, axis=1),
            tf.reduce_all(b, axis=1, keepdims=True), tf.math.reduce_any(tf.zeros((2,), tf.bool))]


def ops_reduce_std_variance_logsumexp(tf, np):
    m = tf.constant([[1.0, 2.0, 3.0], [4.0, 6.0, 8.0]])
    return [tf.math.reduce_std(m), tf.math.reduce_std(m, axis=1), tf.math.reduce_variance(m),
            tf.math.reduce_variance(m, axis=0, keepdims=True), tf.math.reduce_logsumexp(m),
            tf.math.reduce_logsumexp(m, axis=1), tf.reduce_logsumexp(tf.constant([1000.0, 1000.0])),
            tf.math.reduce_std(tf.constant([1.0, 2.0], dtype=tf.float64))]


def ops_reduce_empty(tf, np):
    e = tf.constant([])
    return [tf.reduce_sum(e), tf.reduce_max(e), tf.reduce_min(e), tf.reduce_prod(e), tf.reduce_mean(e),
            tf.reduce_any(tf.zeros((0,), tf.bool)), tf.reduce_all(tf.zeros((0,), tf.bool))]


@snippet(raises=IAE, msg_prefix="Invalid reduction dimension (2 for input with 2 dimension(s)")
def ops_reduce_bad_axis(tf, np):
    return tf.reduce_sum(tf.ones((2, 2)), axis=2)


def ops_argmax_argmin(tf, np):
    m = tf.constant([[1, 7, 7], [9, 0, 9]])
    return [tf.argmax(m), tf.argmax(m, axis=1), tf.argmin(m, axis=1), tf.argmin(m),
            tf.argmax(m, axis=1, output_type=tf.int32), tf.math.argmax(tf.constant([0.5, 2.0, 2.0])),
            tf.argmax(tf.constant([1.0, 3.0]), axis=-1)]


# ====================================================================== 14. ops: shapes


def ops_reshape(tf, np):
    x = tf.range(6)
    return [tf.reshape(x, (2, 3)), tf.reshape(x, [-1, 2]), tf.reshape(x, [3, -1]), tf.reshape(tf.constant([5]), ()),
            tf.reshape(x, tf.constant([2, 3])), tf.reshape(x, (1, 2, 3, 1)).shape]


@snippet(raises=IAE, msg_prefix="Input to reshape is a tensor with 6 values, but the requested shape has 4")
def ops_reshape_bad(tf, np):
    return tf.reshape(tf.range(6), (2, 2))


def ops_transpose(tf, np):
    x = tf.reshape(tf.range(24), (2, 3, 4))
    m = tf.constant([[1, 2, 3], [4, 5, 6]])
    return [tf.transpose(m), tf.transpose(x).shape, tf.transpose(x, perm=[1, 0, 2]), tf.transpose(x, [2, 0, 1]).shape,
            tf.linalg.matrix_transpose(x).shape]


@snippet(raises=IAE)
def ops_transpose_bad_perm(tf, np):
    return tf.transpose(tf.ones((2, 3)), perm=[0, 0])


def ops_expand_squeeze(tf, np):
    x = tf.constant([[1, 2]])
    y = tf.zeros((1, 3, 1, 2))
    return [tf.expand_dims(x, 0).shape, tf.expand_dims(x, -1).shape, tf.expand_dims(x, axis=1),
            tf.squeeze(x), tf.squeeze(y).shape, tf.squeeze(y, axis=2).shape, tf.squeeze(y, [0, 2]).shape]


@snippet(raises=IAE, msg_prefix="Can not squeeze dim[1], expected a dimension of 1, got 3")
def ops_squeeze_bad(tf, np):
    return tf.squeeze(tf.zeros((1, 3)), axis=1)


def ops_concat(tf, np):
    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([[5, 6]])
    return [tf.concat([a, b], 0), tf.concat([a, a], axis=1), tf.concat([a, a], -1), tf.concat([a], 0),
            tf.concat([tf.constant([1.0]), [2.0, 3.0]], 0)]


@snippet(raises=IAE)
def ops_concat_dtype_mismatch(tf, np):
    return tf.concat([tf.constant([1]), tf.constant([1.0])], 0)


@snippet(raises=IAE, msg_prefix="ConcatOp : Dimension 1 in both shapes must be equal")
def ops_concat_shape_mismatch(tf, np):
    return tf.concat([tf.ones((2, 2)), tf.ones((2, 3))], 0)


def ops_stack_unstack(tf, np):
    a = tf.constant([1, 2])
    b = tf.constant([3, 4])
    m = tf.reshape(tf.range(6), (2, 3))
    return [tf.stack([a, b]), tf.stack([a, b], axis=1), tf.stack([1, 2, 3]), tf.stack([1.5, 2.0]),
            tf.unstack(m), tf.unstack(m, axis=1), tf.stack([tf.constant(1.0), tf.constant(2.0)])]


@snippet(raises=IAE, msg_prefix="Shapes of all inputs must match")
def ops_stack_shape_mismatch(tf, np):
    return tf.stack([tf.constant([1, 2]), tf.constant([1, 2, 3])])


def ops_split(tf, np):
    x = tf.reshape(tf.range(12), (2, 6))
    return [tf.split(x, 3, axis=1), tf.split(x, [1, 2, 3], axis=1), tf.split(x, 2), tf.split(x, [4, -1], 1)]


@snippet(raises=IAE)
def ops_split_uneven(tf, np):
    return tf.split(tf.range(5), 2)


def ops_tile_pad(tf, np):
    x = tf.constant([[1, 2], [3, 4]])
    return [tf.tile(x, [2, 3]), tf.tile(tf.constant([1, 2]), [2]), tf.pad(x, [[1, 0], [0, 2]]),
            tf.pad(x, [[1, 1], [1, 1]], constant_values=9), tf.pad(x, [[1, 1], [1, 1]], mode="REFLECT"),
            tf.pad(x, [[1, 1], [2, 2]], mode="SYMMETRIC")]


def ops_reverse_roll(tf, np):
    x = tf.reshape(tf.range(6), (2, 3))
    return [tf.reverse(x, [0]), tf.reverse(x, axis=[1]), tf.reverse(x, [0, 1]), tf.roll(tf.range(5), 2, 0),
            tf.roll(tf.range(5), -1, axis=0), tf.roll(x, shift=[1, 1], axis=[0, 1])]


def ops_gather(tf, np):
    x = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    return [tf.gather(x, [2, 0]), tf.gather(x, [2, 0], axis=1), tf.gather(x, [[0, 1], [1, 2]]),
            tf.gather(tf.constant([10, 20, 30]), 1), tf.gather(x, tf.constant([1, 1], dtype=tf.int64)),
            tf.gather(x, [0, 2], axis=-1), tf.gather(x, [[0], [2], [1]], axis=1, batch_dims=1)]


@snippet(raises=IAE, msg_prefix="indices[1] = 5 is not in [0, 3)")
def ops_gather_out_of_range(tf, np):
    return tf.gather(tf.constant([1, 2, 3]), [0, 5])


def ops_gather_nd(tf, np):
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    return [tf.gather_nd(x, [[0, 1], [1, 2]]), tf.gather_nd(x, [[1]]), tf.gather_nd(x, [1, 0]),
            tf.gather_nd(tf.reshape(tf.range(8), (2, 2, 2)), [[[0, 1]], [[1, 0]]])]


def ops_boolean_mask(tf, np):
    x = tf.constant([[1, 2], [3, 4], [5, 6]])
    return [tf.boolean_mask(x, [True, False, True]), tf.boolean_mask(x, x > 2),
            tf.boolean_mask(tf.constant([1.0, 2.0]), tf.constant([False, False])),
            tf.boolean_mask(x, [False, True], axis=1)]


def ops_one_hot(tf, np):
    return [tf.one_hot([0, 2, -1], 3), tf.one_hot([1, 0], 2, dtype=tf.int32),
            tf.one_hot([1], 3, on_value=5.0, off_value=-1.0), tf.one_hot([[0, 1]], 2, axis=0),
            tf.one_hot(tf.constant([1, 3], dtype=tf.int64), 4)]


def ops_sort_argsort(tf, np):
    x = tf.constant([3.0, 1.0, 2.0, 1.0])
    m = tf.constant([[3, 1, 2], [0, 5, 4]])
    return [tf.sort(x), tf.sort(x, direction="DESCENDING"), tf.argsort(x), tf.argsort(x, stable=True),
            tf.argsort(x, direction="DESCENDING", stable=True), tf.sort(m, axis=1), tf.sort(m, axis=0),
            tf.argsort(m)]


def ops_top_k(tf, np):
    x = tf.constant([[1.0, 5.0, 3.0, 5.0], [4.0, 2.0, 0.0, 9.0]])
    r = tf.math.top_k(x, k=2)
    r2 = tf.nn.top_k(tf.constant([3, 1, 2]))
    return [r.values, r.indices, r[0], tf.math.top_k(x, 3, sorted=True).values, r2.values, r2.indices]


def ops_unique(tf, np):
    y, idx = tf.unique(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]))
    y2, idx2 = tf.unique(tf.constant([3, 1, 3, 2]), out_idx=tf.int64)
    return [y, idx, y2, idx2, tf.unique(tf.constant(["b", "a", "b"]))[0]]


def ops_broadcast_to(tf, np):
    return [tf.broadcast_to(tf.constant([1, 2, 3]), [2, 3]), tf.broadcast_to(tf.constant(5.0), (2,)),
            tf.broadcast_to(tf.constant([[1], [2]]), [2, 2]), tf.broadcast_dynamic_shape([2, 1], [1, 3])]


@snippet(raises=IAE)
def ops_broadcast_to_bad(tf, np):
    return tf.broadcast_to(tf.constant([1, 2, 3]), [2, 2])


def ops_scatter(tf, np):
    t = tf.zeros((4,), dtype=tf.int32)
    return [tf.scatter_nd([[1], [3]], tf.constant([9, 10]), [4]),
            tf.scatter_nd([[1], [1]], tf.constant([1.0, 2.0]), [3]),
            tf.tensor_scatter_nd_update(t, [[0], [2]], [5, 6]),
            tf.tensor_scatter_nd_add(tf.ones((2, 2)), [[0, 0], [1, 1]], [1.0, 2.0]),
            tf.tensor_scatter_nd_update(tf.zeros((2, 3)), [[1]], [[1.0, 2.0, 3.0]])]


def ops_meshgrid(tf, np):
    x = tf.constant([1, 2, 3])
    y = tf.constant([4, 5])
    return [tf.meshgrid(x, y), tf.meshgrid(x, y, indexing="ij")]


# ====================================================================== 15. ops: linear algebra


def ops_matmul_flags(tf, np):
    a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = tf.constant([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    c = tf.constant([[1 + 1j, 2], [3, 4 - 1j]], dtype=tf.complex64)
    return [tf.matmul(a, b, transpose_b=True), tf.matmul(a, b, transpose_a=True),
            tf.matmul(c, c, adjoint_a=True), tf.matmul(c, c, adjoint_b=True),
            tf.linalg.matmul(a, tf.transpose(b)), tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]))]


def ops_matmul_batched(tf, np):
    a = tf.reshape(tf.range(12, dtype=tf.float32), (2, 2, 3))
    b = tf.reshape(tf.range(6, dtype=tf.float32), (3, 2))
    c = tf.ones((1, 3, 4))
    d = tf.ones((5, 1, 2, 3))
    return [tf.matmul(a, b), a @ c, tf.matmul(d, c).shape, tf.matmul(a, a, transpose_b=True)]


def ops_tensordot_einsum(tf, np):
    a = tf.reshape(tf.range(6, dtype=tf.float32), (2, 3))
    b = tf.reshape(tf.range(12, dtype=tf.float32), (3, 4))
    return [tf.tensordot(a, b, axes=1), tf.tensordot(a, a, axes=[[1], [1]]), tf.tensordot(a, a, axes=0).shape,
            tf.tensordot(a, a, axes=2), tf.einsum("ij,jk->ik", a, b), tf.einsum("ij->ji", a),
            tf.einsum("ij,ij->", a, a), tf.einsum("bi,bj->bij", a, a).shape, tf.einsum("ii", tf.eye(3))]


def ops_linalg(tf, np):
    m = tf.constant([[4.0, 7.0], [2.0, 6.0]])
    v = tf.constant([1.0, 2.0])
    return [tf.linalg.matvec(m, v), tf.linalg.det(m), tf.linalg.inv(m), tf.linalg.trace(m),
            tf.linalg.diag(v), tf.linalg.diag_part(m), tf.linalg.matvec(m, v, transpose_a=True),
            tf.linalg.det(tf.stack([m, 2 * m])), tf.linalg.trace(tf.ones((2, 3, 3)))]


def ops_band_part(tf, np):
    m = tf.reshape(tf.range(16, dtype=tf.float32), (4, 4))
    return [tf.linalg.band_part(m, 0, -1), tf.linalg.band_part(m, -1, 0), tf.linalg.band_part(m, 1, 1),
            tf.linalg.band_part(m, 0, 0)]


@snippet(raises=IAE)
def ops_inv_singular(tf, np):
    return tf.linalg.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]]))


def ops_norm(tf, np):
    x = tf.constant([[3.0, 4.0], [6.0, 8.0]])
    return [tf.norm(x), tf.norm(x, axis=1), tf.norm(x, ord=1, axis=1), tf.norm(x, ord=np.inf, axis=0),
            tf.norm(x, axis=1, keepdims=True), tf.norm(x, ord="fro", axis=[0, 1]), tf.linalg.norm(x[0])]


# ====================================================================== 16. ops: nn


def nn_activations(tf, np):
    x = tf.constant([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 7.0])
    return [tf.nn.relu(x), tf.nn.relu6(x), tf.nn.leaky_relu(x), tf.nn.leaky_relu(x, alpha=0.1), tf.nn.elu(x),
            tf.nn.selu(x), tf.nn.softplus(x), tf.nn.swish(x), tf.nn.silu(x), tf.nn.gelu(x),
            tf.nn.gelu(x, approximate=True), tf.nn.sigmoid(x), tf.nn.tanh(x), tf.math.softplus(x)]


def nn_relu_int(tf, np):
    return [tf.nn.relu(tf.constant([-2, 3])), tf.nn.relu6(tf.constant([-2, 3, 9]))]


def nn_softmax(tf, np):
    x = tf.constant([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    return [tf.nn.softmax(x), tf.nn.softmax(x, axis=0), tf.nn.log_softmax(x), tf.math.softmax(x),
            tf.nn.log_softmax(tf.constant([1000.0, -1000.0])), tf.math.log_softmax(x, axis=-1)]


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list of allowed values")
def nn_softmax_int(tf, np):
    return tf.nn.softmax(tf.constant([1, 2]))


def nn_softmax_cross_entropy(tf, np):
    labels = tf.constant([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    logits = tf.constant([[2.0, 1.0, 0.1], [1000.0, 0.0, -1000.0]])
    return [tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
            tf.nn.softmax_cross_entropy_with_logits(labels, logits),
            tf.nn.softmax_cross_entropy_with_logits(labels=tf.transpose(labels), logits=tf.transpose(logits), axis=0)]


def nn_sparse_softmax_cross_entropy(tf, np):
    logits = tf.constant([[2.0, 1.0, 0.1], [0.0, 0.0, 10.0]])
    return [tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 2]), logits=logits),
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1, 1], dtype=tf.int64), logits=logits)]


@snippet(raises=IAE, msg_prefix="Received a label value of 3 which is outside the valid range of [0, 3)")
def nn_sparse_softmax_ce_bad_label(tf, np):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([3]), logits=tf.ones((1, 3)))


def nn_sigmoid_cross_entropy(tf, np):
    labels = tf.constant([0.0, 1.0, 1.0, 0.5])
    logits = tf.constant([-100.0, 2.0, 100.0, 0.0])
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)


def nn_l2_loss(tf, np):
    return [tf.nn.l2_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]])), tf.nn.l2_loss(tf.constant(3.0, dtype=tf.float64))]


# ====================================================================== 17. random (shape/dtype only)


@snippet(random=True)
def random_ops(tf, np):
    tf.random.set_seed(1)
    return [tf.random.normal((2, 3)), tf.random.uniform((4,)), tf.random.uniform((2,), 0, 10, dtype=tf.int32),
            tf.random.normal([2], dtype=tf.float64), tf.random.truncated_normal((3, 1)),
            tf.random.shuffle(tf.range(5)), tf.random.uniform(())]


def random_ranges(tf, np):
    tf.random.set_seed(3)
    u = tf.random.uniform((200,), 2.0, 3.0)
    i = tf.random.uniform((200,), 0, 4, dtype=tf.int64)
    s = tf.random.shuffle(tf.range(6))
    return [bool(tf.reduce_all((u >= 2.0) & (u < 3.0))), bool(tf.reduce_all((i >= 0) & (i < 4))),
            tf.sort(s), i.dtype]


# ====================================================================== 18. tf.function and the notebook's patterns


def function_traces_once_per_signature(tf, np):
    traces = []

    @tf.function
    def f(x):
        traces.append(tf.executing_eagerly())
        return x * 2

    outs = [f(tf.constant(1)), f(tf.constant(2)), f(tf.constant(1.5)), f(tf.constant([1, 2])), f(tf.constant(3))]
    return [outs, len(traces), traces[0], tf.executing_eagerly()]


def function_python_scalar_retrace(tf, np):
    count = [0]

    def g(x):
        count[0] += 1
        return tf.constant(x) + 1

    f = tf.function(g)
    return [f(1), f(1), f(2), count[0]]


def function_captured_variable(tf, np):
    v = tf.Variable(1.0)

    @tf.function
    def step(x):
        v.assign_add(x)
        return v * 2.0

    a = step(tf.constant(1.0))
    b = step(tf.constant(2.0))
    return [a, b, v]


def notebook_check_validity_pattern(tf, np):
    grid = tf.Variable(tf.constant([[1, 0, 3], [0, 2, 0], [3, 0, 1]]))
    pos = tf.where(grid == 0)
    i, j = pos[0][0], pos[0][1]
    row_ok = not bool(tf.reduce_any(grid[i, :] == 2))
    col_ok = not bool(tf.reduce_any(grid[:, j] == 2))
    chain = i >= 0 and i < 3 and j >= 1
    grid = grid[i, j].assign(2)
    return [len(pos), row_ok, col_ok, chain, grid, grid[i, :], len(tf.where(grid == 0))]
