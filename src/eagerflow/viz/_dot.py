"""DOT text for graphs: a small builder (nodes, clusters, edges) and the styles of each kind of node.

Every node is drawn with two label lines, its op type and its name (plus a line or two for inputs,
outputs, constant values and small attributes); every edge carries the shape and dtype of the tensor
it moves (``f32[2,2]``, and ``k:`` in front for output ``k`` of a multi-output op). Edges are written
at the top level, after all nodes and clusters, so that an edge never pulls a node into a cluster.
"""
import numpy as np

__all__ = ["Dot", "spec_text", "value_text", "attr_text", "quote"]

# kind -> DOT attributes (the styles the legend of the tutorial describes)
STYLES = {
    "input": 'shape=invhouse, style=filled, fillcolor="#d5f0d0"',
    "output": 'shape=house, style=filled, fillcolor="#fde2c4"',
    "const": 'shape=box, style=filled, fillcolor="#eeeeee", color="#888888"',
    "op": 'shape=box, style="rounded,filled", fillcolor="#dae8fc"',
    "variable": 'shape=cylinder, style=filled, fillcolor="#fff2cc"',
    "varop": 'shape=box, style="rounded,filled", fillcolor="#fff2cc"',
    "grad": 'shape=box, style="rounded,filled", fillcolor="#f8cecc"',
    "region": 'shape=box3d, style=filled, fillcolor="#e1d5e7"',
}

_SHORT = {"float32": "f32", "float64": "f64", "float16": "f16", "bfloat16": "bf16", "int8": "i8",
          "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "u8", "uint16": "u16",
          "uint32": "u32", "uint64": "u64", "bool": "bool", "string": "str",
          "complex64": "c64", "complex128": "c128", "resource": "resource"}


def quote(s):
    """A DOT double-quoted string (newlines become DOT's centred line breaks)."""
    return '"%s"' % str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def spec_text(t):
    """``f32[2,None]``-style text for a tensor (graph or eager), ``?`` for unknown dims."""
    try:
        name = t.dtype.name
    except AttributeError:
        return ""
    dims = getattr(t.shape, "_dims", None)
    if dims is None and not hasattr(t.shape, "_dims"):
        dims = tuple(t.shape)
    dims_text = "?" if dims is None else ",".join("?" if d is None else str(d) for d in dims)
    return "%s[%s]" % (_SHORT.get(name, name), dims_text)


def value_text(a, limit=4):
    """A short text for a constant's value: the value when it has at most ``limit`` elements."""
    a = np.asarray(a)
    if a.size > limit or a.dtype == object:
        return None
    if a.ndim == 0:
        return str(a[()])
    return np.array2string(a, separator=", ", threshold=limit)


def attr_text(k, v, width=28):
    """``name=value`` for an attribute worth showing on a node, else None."""
    if k == "name" or v is None:
        return None
    if isinstance(v, np.ndarray):
        text = value_text(v) or "array"
    elif type(v).__name__ == "DType" and hasattr(v, "name"):
        text = v.name
    elif isinstance(v, (bool, int, float, str, bytes)):
        text = repr(v)
    elif isinstance(v, (tuple, list)) and all(isinstance(x, (bool, int, float, str, type(None)))
                                             for x in v):
        text = repr(list(v) if isinstance(v, list) else tuple(v))
    else:
        return None
    text = "%s=%s" % (k, text)
    return text if len(text) <= width else text[:width - 3] + "..."


class Dot:
    """Collects nodes (in clusters) and edges, and writes the DOT text."""

    def __init__(self, name):
        self.name = name
        self.roots = []      # nodes drawn outside every cluster (variables, tape inputs)
        self.body = []       # node and cluster lines, indented
        self.edges = []      # edge lines, written last
        self.n_nodes = 0
        self._depth = 1

    def node(self, nid, kind, lines, root=False):
        """A node; ``root``: outside every cluster, whichever cluster is open."""
        label = "\n".join(x for x in lines if x)
        line = "%s [label=%s, %s];" % (nid, quote(label), STYLES[kind])
        if root:
            self.roots.append("  " + line)
        else:
            self.body.append("  " * self._depth + line)
        self.n_nodes += 1

    def edge(self, src, dst, label="", style=None):
        attrs = []
        if label:
            attrs.append("label=%s" % quote(" " + label))
        if style == "resource":
            attrs.append('style=dashed, color="#b58900"')
        elif style == "region":
            attrs.append('style=dotted, arrowhead=none')
        self.edges.append("  %s -> %s%s;" % (src, dst, " [%s]" % ", ".join(attrs) if attrs else ""))

    def open_cluster(self, cid, label, style="rounded", color="#777777"):
        pad = "  " * self._depth
        self.body.append("%ssubgraph %s {" % (pad, cid))
        self.body.append("%s  label=%s; style=%s; color=%s; fontcolor=%s;" % (
            pad, quote(label), quote(style), quote(color), quote(color)))
        self._depth += 1

    def close_cluster(self):
        self._depth -= 1
        self.body.append("%s}" % ("  " * self._depth))

    def text(self):
        head = [
            "digraph %s {" % quote(self.name),
            '  graph [rankdir=TB, fontname="Helvetica", fontsize=11, label=%s, labelloc=t];'
            % quote(self.name),
            '  node [fontname="Helvetica", fontsize=10];',
            '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
        ]
        return "\n".join(head + self.roots + self.body + self.edges + ["}"]) + "\n"
