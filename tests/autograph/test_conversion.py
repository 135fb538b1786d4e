"""AutoGraph's conversion of each statement form: tensor conditions become graph control flow,
Python conditions stay Python at trace time; trace counts; nested and called functions, methods,
closures and globals; to_code; do_not_convert; autograph=False unchanged."""
import logging

import numpy as np
import pytest

import eagerflow as tf


def _types(fn, *args):
    return {n.type for n in fn.get_concrete_function(*args).graph.nodes}


def test_tensor_if_becomes_cond_python_if_stays_python():
    @tf.function
    def f(x, flag):
        if flag:
            x = x + 1.0
        if x > 0:
            x = x * 2.0
        else:
            x = -x
        return x
    assert float(f(tf.constant(1.0), True)) == 4.0
    assert float(f(tf.constant(-3.0), False)) == 3.0
    types = _types(f, tf.constant(1.0), False)
    assert "StatelessIf" in types and "AddV2" not in types
    assert "AddV2" in _types(f, tf.constant(1.0), True)


def test_python_condition_retraces_per_value():
    @tf.function
    def f(x, training):
        if training:
            return x * 10
        return x
    assert int(f(tf.constant(2), True)) == 20
    assert int(f(tf.constant(2), False)) == 2
    f(tf.constant(3), True)
    assert f.experimental_get_tracing_count() == 2


def test_elif_chain_and_one_trace():
    @tf.function
    def f(x):
        if x < 0:
            r = -1
        elif x == 0:
            r = 0
        else:
            r = 1
        return r
    assert [int(f(tf.constant(v))) for v in (-4, 0, 9)] == [-1, 0, 1]
    assert f.experimental_get_tracing_count() == 1


def test_while_with_tensor_condition_is_a_graph_loop():
    @tf.function
    def f(x):
        n = 0
        while x > 1.0:
            x = x / 2.0
            n += 1
        return x, n
    x, n = f(tf.constant(40.0))
    assert float(x) == 0.625 and int(n) == 6
    assert "StatelessWhile" in _types(f, tf.constant(1.0))
    x, n = f(tf.constant(0.5))  # the same graph, zero iterations
    assert float(x) == 0.5 and int(n) == 0 and f.experimental_get_tracing_count() == 1


def test_for_over_tf_range_follows_the_argument():
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            s += i
        return s
    assert [int(f(tf.constant(k))) for k in (4, 0, 10)] == [6, 0, 45]
    assert f.experimental_get_tracing_count() == 1


def test_for_over_range_with_negative_step_and_builtin_range():
    @tf.function
    def f(n):
        a = 0
        for i in tf.range(10, n, -3):
            a += i
        b = 0
        for j in range(n):
            b += j
        return a, b
    a, b = f(tf.constant(2))
    assert int(a) == 10 + 7 + 4 and int(b) == 1


def test_for_over_tensor_iterates_first_dimension():
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def f(xs):
        s = tf.zeros([2])
        for row in xs:
            s = s + row
        return s
    np.testing.assert_allclose(f(tf.ones([3, 2])).numpy(), [3.0, 3.0])
    np.testing.assert_allclose(f(tf.ones([5, 2])).numpy(), [5.0, 5.0])


def test_for_over_python_list_is_unrolled():
    @tf.function
    def f(x):
        for k in [1, 2, 3]:
            x = x * k
        return x
    assert int(f(tf.constant(2))) == 12
    assert "StatelessWhile" not in _types(f, tf.constant(2))


def test_break_continue_return_in_loops():
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            if i % 2 == 0:
                continue
            s += i
            if s > 10:
                break
        return s
    assert int(f(tf.constant(4))) == 4 and int(f(tf.constant(100))) == 16

    @tf.function
    def g(x):
        while x > -100:
            x = x - 3
            if x < 0:
                break
        return x
    assert int(g(tf.constant(10))) == -2

    @tf.function
    def forever(x):
        while True:  # a Python loop whose break turns into a tensor: TF's error
            x = x - 3
            if x < 0:
                break
        return x
    with pytest.raises(NotImplementedError, match="started as non-Tensor, then changed"):
        forever(tf.constant(10))

    @tf.function
    def h(x):
        for k in range(10):
            if k == 3:
                return x + k
        return x
    assert int(h(tf.constant(1))) == 4


def test_early_return_under_tensor_if():
    @tf.function
    def f(x):
        if x > 0:
            return x * 10
        x = x - 1
        return x
    assert int(f(tf.constant(2))) == 20 and int(f(tf.constant(-2))) == -3


def test_boolean_operators_and_conditional_expression():
    @tf.function
    def f(x):
        return x > 0 and x < 10, x > 5 or x < -5, not x > 0, (x if x > 0 else -x)
    assert [bool(v) if v.dtype == tf.bool else int(v) for v in f(tf.constant(3))] == \
        [True, False, False, 3]
    assert [bool(v) if v.dtype == tf.bool else int(v) for v in f(tf.constant(-7))] == \
        [False, True, True, 7]

    @tf.function
    def g(x, a, b):
        return x + 1 if a and not b else x
    assert int(g(tf.constant(1), True, False)) == 2 and int(g(tf.constant(1), True, True)) == 1


def test_called_user_functions_are_converted_library_ones_are_not():
    def sign(y):
        if y > 0:
            return 1
        return -1

    @tf.function
    def f(x):
        return sign(x) * x + int(np.sign(2.0))
    assert int(f(tf.constant(-4))) == 5 and int(f(tf.constant(4))) == 5


def test_methods_closures_and_globals():
    class Model:
        def __init__(self):
            self.scale = tf.Variable(3.0)

        @tf.function
        def __call__(self, x):
            while x < 100.0:
                x = x * self.scale
            return x
    assert float(Model()(tf.constant(2.0))) == 162.0

    calls = []

    def outer():
        count = 0

        @tf.function
        def f(x):
            nonlocal count
            count += 1
            calls.append(count)
            if x > 0:
                x = x + count
            return x
        return f
    f = outer()
    assert int(f(tf.constant(1))) == 2 and calls == [1]


G = 10


def test_global_read_and_write():
    @tf.function
    def f(x):
        global G
        for i in tf.range(3):
            G = G + x
        return G
    assert int(f(tf.constant(2))) == 16


def test_nested_def_inside_converted_function():
    @tf.function
    def f(x):
        def clip(v):
            if v > 5:
                v = 5
            return v
        return clip(x) + clip(x * 0)
    assert int(f(tf.constant(9))) == 5


def test_python_print_runs_at_trace_time(capsys):
    @tf.function
    def f(x):
        print("tracing", x)
        if x > 0:
            print("branch")
        return x
    f(tf.constant(1))
    f(tf.constant(2))
    out = capsys.readouterr().out
    assert out == 'tracing Tensor("x:0", shape=(), dtype=int32)\nbranch\n'


def test_to_code_shows_the_operators():
    def f(x, n):
        if x > 0:
            x = x - 1
        while x > 10:
            x = x // 2
        for i in tf.range(n):
            x += i
            if x > 100:
                break
        return x
    code = tf.autograph.to_code(f)
    assert code.startswith("def tf__f(x, n):")
    for part in ("ag__.if_stmt(x > 0", "ag__.while_stmt(", "ag__.for_stmt(", "break_ = True",
                 "def get_state", "def set_state", "nonlocal"):
        assert part in code, part
    compile(code, "<to_code>", "exec")  # runnable-looking Python
    assert "ag__.if_stmt" in tf.autograph.to_code(tf.function(f))


def test_to_graph_returns_the_converted_function():
    def f(x):
        if x > 0:
            x = x * 3
        return x
    g = tf.autograph.to_graph(f)
    assert int(g(tf.constant(2))) == 6 and int(g(tf.constant(-2))) == -2
    assert int(tf.function(g)(tf.constant(2))) == 6


def test_do_not_convert_and_autograph_false_trace_as_written():
    @tf.function
    @tf.autograph.experimental.do_not_convert
    def f(x):
        if x > 0:
            return x
        return -x
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
        f(tf.constant(1))

    @tf.function(autograph=False)
    def g(x):
        while x > 0:
            x -= 1
        return x
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
        g(tf.constant(1))
    assert tf.autograph.experimental.do_not_convert(lambda: 3)() == 3


def test_unconvertible_function_runs_as_written_with_tf_warning(caplog):
    namespace = {"tf": tf}
    exec("def f(x):\n    return x * 2\n", namespace)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        assert int(tf.function(namespace["f"])(tf.constant(2))) == 4
    assert "AutoGraph could not transform" in caplog.text
    assert "To silence this warning, decorate the function with " \
        "@tf.autograph.experimental.do_not_convert" in caplog.text

    def gen(x):
        yield x
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        tf.autograph.experimental.do_not_convert(gen)
        tf.function(lambda x: x + 1)(tf.constant(1))  # lambdas run as written, no warning


def test_conversion_is_cached_per_code_object():
    from eagerflow.autograph import api

    def make(k):
        def f(x):
            if x > 0:
                x = x + k
            return x
        return f
    a, b = make(1), make(2)
    assert int(tf.function(a)(tf.constant(1))) == 2 and int(tf.function(b)(tf.constant(1))) == 3
    assert api._CACHE[a.__code__] is api._CACHE[b.__code__]


def test_returns_in_elif_chain_under_tensor_conditions():
    @tf.function
    def f(x):
        if x > 0:
            return 1
        elif x < 0:
            return -1
        y = 0
        return y
    assert [int(f(tf.constant(v))) for v in (5, -5, 0)] == [1, -1, 0]


def test_to_code_without_source_raises_tf_conversion_error():
    ns = {}
    exec("def f(x):\n    return x\n", {"tf": tf}, ns)  # no source file to read
    with pytest.raises(Exception) as info:
        tf.autograph.to_code(ns["f"])
    assert type(info.value).__name__ == "ConversionError"
    assert "InaccessibleSourceCodeError: Unable to locate the source code of" in str(info.value)
