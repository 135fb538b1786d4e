"""DOT for a traced graph (``eagerflow.graph.ir.Graph``): one node per graph node, in program order.

Placeholders are the inputs, Identity output nodes the outputs, Const nodes constants; an op with a
variable's ``handle`` attribute (ReadVariableOp, AssignVariableOp, AssignAddVariableOp, ...) is drawn
in the variables' colour with a dashed ``resource`` edge from the variable itself (one cylinder per
variable, as TF's VarHandleOp). A node whose attributes hold graphs (control flow: a Graph, a
ConcreteFunction, or lists/dicts of them) becomes a cluster holding the node and one sub-cluster per
graph, drawn recursively; its inner nodes may read tensors of the enclosing graphs.
"""
from ..graph.ir import Graph
from ..tensor import Tensor
from ._dot import Dot, spec_text, value_text, attr_text

__all__ = ["graph_dot", "subgraphs"]

_MAX_ATTR_LINES = 3


def subgraphs(value, path=""):
    """[(path, Graph)] held by one attribute value (empty for ordinary attributes)."""
    if isinstance(value, Graph):
        return [(path, value)]
    if isinstance(value, Tensor):
        return []
    inner = getattr(value, "graph", None) if not isinstance(value, (str, bytes)) else None
    if isinstance(inner, Graph):  # a ConcreteFunction or another holder of a graph
        return [(path, inner)]
    out = []
    if isinstance(value, (list, tuple)):
        for k, v in enumerate(value):
            out += subgraphs(v, "%s[%d]" % (path, k))
    elif isinstance(value, dict):
        for k, v in value.items():
            out += subgraphs(v, "%s[%r]" % (path, k))
    return out


def _variable(handle):
    var = getattr(handle, "variable", None)
    return var if var is not None and hasattr(handle, "value") else None


class _GraphDrawer:
    def __init__(self, dot):
        self.dot = dot
        self.variables = {}  # id(handle) -> node id

    def variable_node(self, handle):
        nid = self.variables.get(id(handle))
        if nid is None:
            nid = self.variables[id(handle)] = "v%d" % len(self.variables)
            var = _variable(handle)
            name = getattr(var, "name", "variable")
            spec = spec_text(var) if var is not None else ""
            self.dot.node(nid, "variable", ["VarHandleOp", name, spec], root=True)
        return nid

    def emit(self, graph, prefix, scopes):
        """Writes ``graph``'s nodes (node ids ``prefix<index>``) and their input edges."""
        dot = self.dot
        ids = {}
        scopes = scopes + [ids]
        in_pos = {id(t): k for k, t in enumerate(graph.inputs)}
        out_pos = {id(t): k for k, t in enumerate(graph.outputs)}
        for i, node in enumerate(graph.nodes):
            nid = "%s%d" % (prefix, i)
            subs = []
            if node.kind == "op":
                for key, value in node.attrs.items():
                    subs += [(key + p, g) for p, g in subgraphs(value)]
            kind, lines = self._describe(node, in_pos, out_pos, subs)
            if subs:
                dot.open_cluster("cluster_" + nid, "%s %s" % (node.type, node.name),
                                 style="rounded,dashed", color="#9673a6")
            dot.node(nid, kind, lines)
            for j, (label, g) in enumerate(subs):
                dot.open_cluster("cluster_%s_%d" % (nid, j), label, style="rounded",
                                 color="#9673a6")
                inner = self.emit(g, "%s_%d_" % (nid, j), scopes)
                dot.close_cluster()
                for t in g.inputs:
                    hit = inner.get(id(t))
                    if hit is not None:
                        dot.edge(nid, hit[0], style="region")
            if subs:
                dot.close_cluster()
            for k, t in enumerate(node.outputs):
                ids[id(t)] = (nid, k, len(node.outputs))
            for t in node.inputs:
                src = self._lookup(scopes, t, nid)
                dot.edge(src[0], nid, _edge_label(t, src))
            handle = node.attrs.get("handle") if node.kind == "op" else None
            if handle is not None and _variable(handle) is not None:
                dot.edge(self.variable_node(handle), nid, "resource", style="resource")
        return ids

    def _lookup(self, scopes, t, user):
        for ids in reversed(scopes):
            hit = ids.get(id(t))
            if hit is not None:
                return hit
        # a tensor of no enclosing graph (an eager capture): drawn as a constant of its own
        nid = "%s_c%d" % (user, len(scopes[-1]))
        value = getattr(t, "_v", None) if type(t) is Tensor else None
        self.dot.node(nid, "const", ["Const", "captured",
                                     value_text(value) if value is not None else None])
        hit = scopes[-1][id(t)] = (nid, 0, 1)
        return hit

    @staticmethod
    def _describe(node, in_pos, out_pos, subs):
        t = node.type
        if node.kind == "placeholder":
            k = in_pos.get(id(node.outputs[0])) if node.outputs else None
            return "input", [t, node.name, None if k is None else "input %d" % k]
        if node.kind == "output":
            k = out_pos.get(id(node.outputs[0])) if node.outputs else None
            return "output", [t, node.name, None if k is None else "output %d" % k]
        if node.kind == "const":
            v = value_text(node.value) if node.value is not None else None
            return "const", [t, node.name, None if v is None else "= " + v]
        skip = {key for key, _ in subs} | {"handle"}
        lines = [t, node.name]
        extra = [a for k, v in node.attrs.items() if k not in skip and not subgraphs(v)
                 for a in [attr_text(k, v)] if a]
        lines += extra[:_MAX_ATTR_LINES]
        if len(extra) > _MAX_ATTR_LINES:
            lines.append("...")
        if subs:
            return "region", lines
        if "handle" in node.attrs and _variable(node.attrs["handle"]) is not None:
            return "varop", lines
        return "op", lines


def _edge_label(t, src):
    text = spec_text(t)
    if src[2] > 1:
        text = "%d: %s" % (src[1], text)
    return text


def graph_dot(graph, name=None):
    """The Dot builder for a graph, filled."""
    dot = Dot(name or graph.name)
    _GraphDrawer(dot).emit(graph, "n", [])
    return dot
