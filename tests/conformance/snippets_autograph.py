"""AutoGraph conformance snippets: Python control flow inside tf.function (autograph=True, the
default) converted to graph control flow where its conditions are tensors, and left as Python
where they are Python values; the guide's examples, break/continue/return, loop variables,
TF's errors, to_code and do_not_convert.

Each public function ``name(tf, np)`` is one test (see harness.py).
"""
import sys

from .harness import snippet


def ag_fizzbuzz(tf, np):
    @tf.function
    def fizzbuzz(n):
        for i in tf.range(1, n + 1):
            if i % 15 == 0:
                tf.print("FizzBuzz", output_stream=sys.stdout)
            elif i % 3 == 0:
                tf.print("Fizz", output_stream=sys.stdout)
            elif i % 5 == 0:
                tf.print("Buzz", output_stream=sys.stdout)
            else:
                tf.print(i, output_stream=sys.stdout)
    fizzbuzz(tf.constant(16))
    return fizzbuzz.experimental_get_tracing_count()


def ag_tensor_if_else(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            y = x * 2
        else:
            y = -x
        return y
    return [f(tf.constant(3.0)), f(tf.constant(-4.0)), f.experimental_get_tracing_count()]


def ag_python_if_retraces(tf, np):
    @tf.function
    def f(x, training):
        if training:
            x = x * 10
        return x + 1
    out = [f(tf.constant(1), True), f(tf.constant(1), False), f(tf.constant(2), True)]
    return out + [f.experimental_get_tracing_count()]


def ag_elif_chain(tf, np):
    @tf.function
    def f(x):
        if x < 0:
            r = -1
        elif x == 0:
            r = 0
        elif x < 10:
            r = 1
        else:
            r = 2
        return r
    return [f(tf.constant(v)) for v in (-5, 0, 5, 50)]


def ag_while_tensor_counter(tf, np):
    @tf.function
    def f(x):
        count = 0
        while x > 1:
            x = x / 2
            count += 1
        return x, count
    return f(tf.constant(100.0))


def ag_for_range_sum(tf, np):
    @tf.function
    def f(n):
        total = tf.constant(0)
        for i in tf.range(n):
            total += i * i
        return total
    return [f(tf.constant(5)), f(tf.constant(0)), f.experimental_get_tracing_count()]


def ag_for_over_tensor(tf, np):
    @tf.function
    def f(xs):
        s = tf.zeros([3])
        for row in xs:
            s = s + row
        return s
    return f(tf.reshape(tf.range(12, dtype=tf.float32), [4, 3]))


def ag_for_over_vector_unknown_length(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(xs):
        s = 0.0
        for x in xs:
            s += x
        return s
    return [f(tf.constant([1.0, 2.0, 3.5])), f(tf.constant([4.0]))]


def ag_for_python_list_unrolled(tf, np):
    @tf.function
    def f(x):
        for k in [1, 2, 3]:
            x = x * k
        return x
    return [f(tf.constant(2)), f.experimental_get_tracing_count()]


def ag_break_in_tensor_while(tf, np):
    @tf.function
    def f(x):
        i = 0
        while x > 0:
            x -= 3
            i += 1
            if i >= 2:
                break
        return x, i
    return [f(tf.constant(10)), f(tf.constant(2))]


def ag_continue_in_tensor_for(tf, np):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            if i % 3 == 0:
                continue
            s += i
        return s
    return f(tf.constant(10))


def ag_break_and_continue(tf, np):
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
    return [f(tf.constant(4)), f(tf.constant(100))]


def ag_early_return_tensor_if(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            return x * 10
        x = x - 1
        return x
    return [f(tf.constant(2)), f(tf.constant(-2))]


def ag_return_in_python_loop(tf, np):
    @tf.function
    def f(x):
        for k in range(5):
            if k == 2:
                return x + k
        return x
    return f(tf.constant(1.0))


def ag_dynamic_rnn(tf, np):
    @tf.function
    def dynamic_rnn(rnn_cell, input_data, initial_state):
        input_data = tf.transpose(input_data, [1, 0, 2])
        timesteps = tf.shape(input_data)[0]
        states = tf.TensorArray(tf.float32, size=timesteps)
        state = initial_state
        for i in tf.range(timesteps):
            state = rnn_cell(input_data[i], state)
            states = states.write(i, state)
        return tf.transpose(states.stack(), [1, 0, 2])

    def cell(x, s):
        return tf.tanh(x + 0.5 * s)
    data = tf.reshape(tf.range(24, dtype=tf.float32) / 24.0, [2, 4, 3])
    return dynamic_rnn(cell, data, tf.zeros([2, 3]))


def ag_nested_loops(tf, np):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            j = 0
            while j < i:
                s += j
                j += 1
        return s
    return f(tf.constant(5))


def ag_loop_variable_defined_in_body(tf, np):
    @tf.function
    def f(n):
        for i in tf.range(n):
            y = i * 2
        return y
    return f(tf.constant(4))


def ag_python_int_loop_var_becomes_tensor(tf, np):
    @tf.function
    def f(n):
        i = 0
        while i < n:
            i += 1
        return i
    return f(tf.constant(7))


def ag_bool_ops(tf, np):
    @tf.function
    def f(x):
        return [x > 0 and x < 10, x > 5 or x < -5, not x > 0]
    return [f(tf.constant(3)), f(tf.constant(-7))]


def ag_bool_ops_python(tf, np):
    @tf.function
    def f(x, a, b):
        if a and not b:
            x = x + 1
        return x
    return [f(tf.constant(1), True, False), f(tf.constant(1), True, True)]


def ag_conditional_expression(tf, np):
    @tf.function
    def f(x):
        return x if x > 0 else -x
    return [f(tf.constant(-3.0)), f(tf.constant(2.0))]


def ag_called_function_converted(tf, np):
    def sign(y):
        if y > 0:
            return 1
        return -1

    @tf.function
    def f(x):
        return sign(x) * x
    return [f(tf.constant(-4)), f(tf.constant(4))]


def ag_method_converted(tf, np):
    class Model:
        def __init__(self):
            self.scale = tf.Variable(3.0)

        @tf.function
        def __call__(self, x):
            while x < 100.0:
                x = x * self.scale
            return x
    return Model()(tf.constant(2.0))


def ag_variable_updates_in_loop(tf, np):
    v = tf.Variable(0)

    @tf.function
    def f(n):
        for i in tf.range(n):
            v.assign_add(i)
        return v.read_value()
    return [f(tf.constant(4)), v]


def ag_if_with_only_side_effects(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            tf.print("positive", output_stream=sys.stdout)
        else:
            tf.print("not positive", output_stream=sys.stdout)
        return x
    f(tf.constant(1))
    f(tf.constant(-1))
    return f.experimental_get_tracing_count()


def ag_python_print_at_trace_time(tf, np):
    @tf.function
    def f(x):
        print("tracing with", x)
        if x > 0:
            print("branch traced")
        return x
    f(tf.constant(1))
    f(tf.constant(2))


def ag_gradient_through_tensor_loop(tf, np):
    @tf.function
    def f(x, n):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x
            for i in tf.range(n):
                y = y * x
        return y, tape.gradient(y, x)
    return f(tf.constant(1.5), tf.constant(3))


def ag_len_and_range_builtins(tf, np):
    @tf.function
    def f(x, n):
        s = 0
        for i in range(n):
            s += i
        return len(x), s
    return f(tf.ones([4, 2]), tf.constant(5))


def ag_set_loop_options_maximum_iterations(tf, np):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            tf.autograph.experimental.set_loop_options(maximum_iterations=3)
            s += i
        return s
    return f(tf.constant(10))


def ag_set_loop_options_shape_invariants(tf, np):
    @tf.function
    def f(n):
        s = tf.zeros([1])
        for i in tf.range(n):
            tf.autograph.experimental.set_loop_options(
                shape_invariants=[(s, tf.TensorShape([None]))])
            s = tf.concat([s, tf.reshape(tf.cast(i, tf.float32), [1])], 0)
        return s
    return f(tf.constant(3))


def ag_to_code_shows_operators(tf, np):
    def f(x):
        if x > 0:
            x = x - 1
        while x > 10:
            x = x // 2
        for i in tf.range(3):
            x += i
        return x
    code = tf.autograph.to_code(f)
    return ["ag__.if_stmt" in code, "ag__.while_stmt" in code, "ag__.for_stmt" in code,
            code.startswith("def tf__f(x)")]


def ag_to_graph_runs_eagerly(tf, np):
    def f(x):
        if x > 0:
            x = x * 3
        return x
    g = tf.autograph.to_graph(f)
    return [g(tf.constant(2)), g(tf.constant(-2))]


@snippet(raises="OperatorNotAllowedInGraphError")
def ag_do_not_convert(tf, np):
    @tf.function
    @tf.autograph.experimental.do_not_convert
    def f(x):
        if x > 0:
            return x
        return -x
    return f(tf.constant(1))


@snippet(raises="OperatorNotAllowedInGraphError")
def ag_autograph_false(tf, np):
    @tf.function(autograph=False)
    def f(x):
        while x > 0:
            x -= 1
        return x
    return f(tf.constant(1))


@snippet(raises="ValueError", msg_regex="'y' must also be initialized in the else branch")
def ag_error_undefined_in_else(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            y = 1
        return y
    return f(tf.constant(1))


@snippet(raises="ValueError", msg_regex="'y' must also be initialized in the main branch")
def ag_error_undefined_in_main(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            z = 2
        else:
            y = 1
        return y
    return f(tf.constant(1))


@snippet(raises="ValueError", msg_regex="the else branch must also have a return statement.")
def ag_error_missing_return(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            return x
    return f(tf.constant(1))


@snippet(raises="TypeError", msg_regex="'y' has dtype int32 in the main branch, but dtype "
         "float32 in the else branch")
def ag_error_branch_dtypes(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            y = 1
        else:
            y = 2.0
        return y
    return f(tf.constant(1))


@snippet(raises="TypeError", msg_regex="'s' has dtype int32 before the loop, but dtype float32 "
         "after one iteration")
def ag_error_loop_dtype_change(tf, np):
    @tf.function
    def f(n):
        s = tf.constant(0)
        for i in tf.range(n):
            s = tf.cast(s, tf.float32)
        return s
    return f(tf.constant(3))


@snippet(raises="ValueError", msg_regex=r"'s' has shape \(1,\) before the loop, but shape \(2,\) "
         "after one iteration. Use tf.autograph.experimental.set_loop_options")
def ag_error_loop_shape_change(tf, np):
    @tf.function
    def f(n):
        s = tf.zeros([1])
        for i in tf.range(n):
            s = tf.concat([s, [1.0]], 0)
        return s
    return f(tf.constant(3))


@snippet(raises="ValueError", msg_regex="'s' is None at the end of the iteration.")
def ag_error_loop_var_none(tf, np):
    @tf.function
    def f(n):
        s = 1
        for i in tf.range(n):
            s = None
        return s
    return f(tf.constant(3))


@snippet(raises="NotImplementedError",
         msg_regex="a return statement cannot be placed inside this TensorFlow loop")
def ag_error_return_in_tensor_loop(tf, np):
    @tf.function
    def f(n):
        for i in tf.range(n):
            if i > 2:
                return i
        return -1
    return f(tf.constant(5))


@snippet(raises="NotImplementedError", msg_regex="break and return statements which depend on a "
         "TF condition are not supported in Python for loops")
def ag_error_tensor_break_in_python_loop(tf, np):
    @tf.function
    def f(x):
        for i in [1, 2, 3]:
            if x > i:
                break
        return x
    return f(tf.constant(3))


@snippet(raises="NotImplementedError", msg_regex="The condition of while loop started as "
         "non-Tensor, then changed to Tensor")
def ag_error_python_while_becomes_tensor(tf, np):
    @tf.function
    def f(n):
        i = 0
        while i < 3:
            i = i + n
        return i
    return f(tf.constant(1))


@snippet(raises="ValueError", msg_prefix="in user code:")
def ag_error_message_names_user_code(tf, np):
    @tf.function
    def f(x):
        if x > 0:
            y = 1
        return y
    return f(tf.constant(1))
