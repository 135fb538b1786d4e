"""tf.Module: naming, variable/submodule discovery in TF's order, name scopes, tf.function."""
import pytest

import eagerflow as tf


class Dense(tf.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
            self.b = tf.Variable(tf.zeros([n_out]), name="b", trainable=False)

    @tf.Module.with_name_scope
    def __call__(self, x):
        return x @ self.w + self.b


class MyMLP(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(2, 3), Dense(3, 1, name="out")]
        self.d = {"z": tf.Variable(1.0, name="z"), "a": tf.Variable(2, name="a")}


def test_names_and_order():
    m = MyMLP()
    assert m.name == "my_mlp" and m.layers[0].name == "dense" and m.layers[1].name == "out"
    assert [v.name for v in m.variables] == [
        "a:0", "z:0", "dense/b:0", "dense/w:0", "out/b:0", "out/w:0"]
    assert [v.name for v in m.trainable_variables] == ["a:0", "z:0", "dense/w:0", "out/w:0"]
    assert [v.name for v in m.non_trainable_variables] == ["dense/b:0", "out/b:0"]
    assert [s.name for s in m.submodules] == ["dense", "out"]
    assert m.name_scope.name == "my_mlp/"
    paths = [p for p, _ in m._flatten(predicate=lambda x: isinstance(x, tf.Variable),
                                      with_path=True)]
    assert paths == [("d", "a"), ("d", "z"), ("layers", 0, "b"), ("layers", 0, "w"),
                     ("layers", 1, "b"), ("layers", 1, "w")]


def test_default_names_and_validation():
    class HTTPServer2D(tf.Module):
        pass
    assert HTTPServer2D().name == "http_server2_d"
    assert tf.Module().name == "module"
    assert tf.Module(name="ok_1").name == "ok_1"
    for bad in ["1bad", "a b", ""]:
        with pytest.raises(ValueError, match="is not a valid module name"):
            tf.Module(name=bad)
    with pytest.raises(TypeError):
        tf.Module(name=3)


def test_outer_name_scope_and_shared_variables():
    with tf.name_scope("outer"):
        d = Dense(1, 1)
    assert [v.name for v in d.variables] == ["outer/dense/b:0", "outer/dense/w:0"]
    m = tf.Module()
    m.a = d.w
    m.b = [d.w, d.w]
    assert len(m.variables) == 1  # a variable seen twice is listed once


def test_with_name_scope_and_call():
    class C(tf.Module):
        @tf.Module.with_name_scope
        def make(self):
            return tf.Variable(1.0, name="k")
    assert C().make().name == "c/k:0" and C.make.__name__ == "make"
    d = Dense(2, 1)
    assert d(tf.ones([1, 2])).numpy().tolist() == [[2.0]]


def test_self_reference_terminates():
    m = tf.Module()
    m.me = m
    m.v = tf.Variable(1.0)
    assert len(m.variables) == 1 and m.submodules == ()


def test_tf_function_method_creates_variables_on_first_call():
    class B(tf.Module):
        @tf.function
        def __call__(self, x):
            if not hasattr(self, "v"):
                self.v = tf.Variable(tf.ones([2]) * 2.0, name="v")
            return self.v * x
    b = B()
    assert b(tf.ones([2])).numpy().tolist() == [2.0, 2.0]
    assert b(tf.constant([1.0, 3.0])).numpy().tolist() == [2.0, 6.0]
    assert [v.name for v in b.variables] == ["v:0"]


def test_trackable_children():
    m = MyMLP()
    m.x = 5
    assert set(m._trackable_children()) == {"d", "layers"}
