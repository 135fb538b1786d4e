"""eagerflow.viz: DOT text for tf.functions, concrete functions, graphs with subgraphs and
GradientTapes; the code views; rendering through Graphviz when it is installed."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow import viz
from eagerflow.graph.ir import Graph
from eagerflow.viz import _drawing

GOLDEN = r'''digraph "f" {
  graph [rankdir=TB, fontname="Helvetica", fontsize=11, label="f", labelloc=t];
  node [fontname="Helvetica", fontsize=10];
  edge [fontname="Helvetica", fontsize=9, color="#555555"];
  n0 [label="Placeholder\nx\ninput 0", shape=invhouse, style=filled, fillcolor="#d5f0d0"];
  n1 [label="Mul\nmul", shape=box, style="rounded,filled", fillcolor="#dae8fc"];
  n2 [label="Const\nadd/y\n= 1.0", shape=box, style=filled, fillcolor="#eeeeee", color="#888888"];
  n3 [label="AddV2\nadd", shape=box, style="rounded,filled", fillcolor="#dae8fc"];
  n4 [label="Identity\nIdentity\noutput 0", shape=house, style=filled, fillcolor="#fde2c4"];
  n0 -> n1 [label=" f32[2,2]"];
  n0 -> n1 [label=" f32[2,2]"];
  n1 -> n3 [label=" f32[2,2]"];
  n2 -> n3 [label=" f32[]"];
  n3 -> n4 [label=" f32[2,2]"];
}
'''


@tf.function
def f(x):
    return x * x + 1.0


X = tf.ones((2, 2))


def test_golden_dot_of_a_small_function():
    f(X)
    assert viz.to_dot(f) == GOLDEN
    assert viz.draw(f.get_concrete_function(X)).dot == GOLDEN
    assert viz.draw(f, X).dot == GOLDEN
    assert str(viz.draw(f)) == GOLDEN
    assert repr(viz.draw(f)) == "<eagerflow.viz.Drawing 'f': 5 nodes, 5 edges>"


def test_latest_trace_and_untraced_function():
    @tf.function
    def g(x):
        return x + 1

    with pytest.raises(ValueError, match="not been traced yet"):
        viz.draw(g)
    g(tf.ones((3,)))
    g(tf.ones((4,), tf.int32))
    assert "i32[4]" in viz.to_dot(g) and "f32[3]" not in viz.to_dot(g)
    with pytest.raises(TypeError, match="not int"):
        viz.draw(3)


def test_code_printed_and_generated():
    f(X)
    printed = viz.code(f)
    assert printed == f.get_concrete_function(X).graph.code
    assert printed.startswith("def f(x: f32[2,2]):") and "Mul(x, x)" in printed
    assert repr(printed) == str(printed)
    assert printed._repr_markdown_().startswith("```python\n")
    generated = viz.code(f, generated=True)
    assert generated.startswith("def f(x):") and "return" in generated


def test_variables_drawn_with_resource_edges():
    v = tf.Variable(2.0)

    @tf.function
    def h(x):
        v.assign_add(1.0)
        return tf.reduce_sum(v * x, axis=0)

    dot = viz.to_dot(h, X)
    assert 'v0 [label="VarHandleOp\\nVariable:0\\nf32[]", shape=cylinder' in dot
    assert dot.count('label=" resource", style=dashed') == 2
    assert '[label="ReadVariableOp\\nReadVariableOp", shape=box, style="rounded,filled", ' \
           'fillcolor="#fff2cc"]' in dot
    assert "axis=(0,)" in dot  # small attributes on the node


class _Prim:  # what a control-flow primitive looks like to the drawing: a name
    name = "If"
    stateful = False


def test_nodes_holding_graphs_become_clusters():
    @tf.function
    def branch(a):
        return a * 2.0

    inner = branch.get_concrete_function(tf.ones((2,))).graph
    other = Graph("else_branch")
    g = Graph("outer")
    p = g.add_node("placeholder", "x")
    from eagerflow.graph.symbolic import SymbolicTensor
    t = SymbolicTensor(p, 0, np.ones(2, np.float32), (2,))
    p.outputs.append(t)
    g.inputs.append(t)
    node = g.add_node("op", "cond", _Prim(), [t],
                      {"then_branch": inner, "else_branch": other, "n": 3})
    out = SymbolicTensor(node, 0, np.ones(2, np.float32), (2,))
    node.outputs.append(out)
    dot = viz.to_dot(g)
    assert "subgraph cluster_n1 {" in dot and 'label="If cond"' in dot
    assert "subgraph cluster_n1_0 {" in dot and 'label="then_branch"' in dot
    assert "subgraph cluster_n1_1 {" in dot and 'label="else_branch"' in dot
    assert 'n1_0_2 [label="Mul\\nmul"' in dot  # the inner graph, drawn inside
    assert "n1 -> n1_0_0 [style=dotted, arrowhead=none];" in dot
    assert 'n1 [label="If\\ncond\\nn=3", shape=box3d' in dot
    assert dot.count("{") == dot.count("}")


def test_tape_drawing_forward_and_gradient():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    w = tf.Variable([[0.5], [0.25]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.matmul(x, w))
    d = viz.draw(tape, y, [x, w])
    dot = d.dot
    gx, gw = d.gradients
    np.testing.assert_allclose(gx.numpy(), [[0.5, 0.25], [0.5, 0.25]])
    np.testing.assert_allclose(gw.numpy(), [[4.0], [6.0]])
    fwd = dot[dot.index("subgraph cluster_forward"):dot.index("subgraph cluster_gradient")]
    assert '[label="ReadVariableOp\\nReadVariableOp"' in fwd
    assert '[label="MatMul\\nMatMul"' in fwd and '[label="Sum\\nSum"' in fwd
    grad = dot[dot.index("subgraph cluster_gradient"):]
    assert '[label="MatMul\\ngradient/MatMul"' in grad
    assert 'label="EagerTensor\\nsource 0", shape=invhouse' in dot
    assert 'label="VarHandleOp\\nVariable:0\\nf32[2,1]\\nsource 1", shape=cylinder' in dot
    assert 'label="Target\\ntarget 0", shape=house' in dot
    assert 'label="Gradient\\nd target / d source 1", shape=house' in dot
    assert '[label=" f32[2,2]"]' in dot and '[label=" resource", style=dashed' in dot


def test_tape_forward_only_and_errors():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    d = viz.draw(tape)
    assert "cluster_gradient" not in d.dot and '[label="Mul\\nMul"' in d.dot
    assert d.gradients is None
    assert tape.gradient(y, x).numpy() == 6.0  # drawing without a target leaves the tape usable
    with pytest.raises(ValueError, match="not recorded anything"):
        viz.draw(tf.GradientTape())


def test_recording_captures_every_op_and_leaves_the_engine_as_it_was():
    from eagerflow.engine.primitive import STATE
    before = STATE.n, STATE.fast
    a = tf.constant(2.0)
    with viz.recording() as rec:
        b = -a
        c = b + 1.0
    assert [n[0].name for n in rec.nodes] == ["Neg", "AddV2"]
    assert (STATE.n, STATE.fast) == before
    assert c.numpy() == -1.0


def test_without_graphviz_a_clear_error_and_markdown(monkeypatch):
    monkeypatch.setattr(_drawing, "graphviz_missing", lambda: "no dot here")
    d = viz.draw(f, X)
    with pytest.raises(viz.GraphvizNotFound, match="no dot here.*`.dot`"):
        d.svg()
    with pytest.raises(viz.GraphvizNotFound):
        d.png()
    assert d._repr_svg_() is None
    md = d._repr_markdown_()
    assert "not rendered: no dot here" in md and "```dot\n" + GOLDEN in md


def test_save_writes_the_dot_text(tmp_path):
    path = viz.draw(f, X).save(str(tmp_path / "f.dot"))
    assert open(path).read() == GOLDEN


@pytest.mark.skipif(_drawing.graphviz_missing() is not None,
                    reason="rendering needs Graphviz: %s" % _drawing.graphviz_missing())
def test_svg_and_png_with_graphviz(tmp_path):
    d = viz.draw(f, X)
    svg = d.svg()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "AddV2" in svg
    assert d._repr_svg_() == svg and d._repr_markdown_() is None
    path = d.png(str(tmp_path / "f.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x) * x
    assert "gradient/Cos" in viz.draw(tape, y, x).svg()
