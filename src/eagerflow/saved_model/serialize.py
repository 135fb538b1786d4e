"""Graph IR <-> JSON: the nodes of a traced graph (placeholder, const, op, output), their inputs,
attributes and output types, written as plain JSON with arrays in a side table (saved as .npz).

A node is ``{"kind", "name", "op", "inputs": [[node, output], ...], "attrs", "value",
"outputs": [[dtype, example shape, static dims], ...]}``; ``op`` is the primitive's TF op name
(``AddV2``, ``ReadVariableOp``, ``StatelessIf`` ...), looked up again on load. Attribute values
are JSON scalars and lists, or tagged objects: ``{"tuple": [...]}``, ``{"dict": [[k, v], ...]}``,
``{"array": key}`` (an entry of the array table; ``"scalar": true`` for a NumPy scalar),
``{"dtype": name}``, ``{"np_dtype": name}``, ``{"np_type": name}`` (a NumPy scalar type),
``{"type": name}`` (bool, int, float, complex, str, bytes), ``{"slice": [start, stop, step]}``,
``{"ellipsis": true}``, ``{"float": "nan"}`` (a non-finite float), ``{"complex": [re, im]}``,
``{"bytes": hex}``, ``{"shape": dims}``,
``{"variable": object id}`` (a variable's handle: the object graph's node), ``{"primitive": name}``,
``{"subgraph": index}`` (a control-flow branch or loop body or a custom gradient's graph, in the
subgraph table),
``{"stream": "stdout"}`` (tf.print's sys.stdout or sys.stderr, the one current on load) and
``{"object": [module, class, [[field, value], ...]]}`` (a small value object of eagerflow's own,
such as an index template's run-time placeholder; only eagerflow's classes are rebuilt).

On load a tensor's example value is a broadcast view of one zero (no memory) with the saved
example shape, so the code generator makes the same decisions as for the original graph.
"""
import importlib
import sys

import numpy as np

from .. import dtypes as _dt
from ..engine.primitive import Primitive, REGISTRY
from ..engine.resource import Handle
from ..graph.codegen import Out
from ..graph.ir import Graph
from ..graph.subgraph import Subgraph
from ..graph.symbolic import SymbolicTensor
from ..tensor_shape import TensorShape

__all__ = ["Encoder", "Decoder", "SaveError", "FORMAT"]

FORMAT = "eagerflow-saved-model-1"  # saved_model.json's "format"


class SaveError(ValueError):
    """A function's graph holds something eagerflow cannot write to a SavedModel."""


def _primitives():
    """TF op name -> Primitive, including the control-flow and TensorArray nodes that are kept
    out of the op table (REGISTRY)."""
    from ..graph import cf_ops, tensor_array
    table = dict(REGISTRY)
    for mod in (cf_ops, tensor_array):
        for value in vars(mod).values():
            if isinstance(value, Primitive):
                table.setdefault(value.name, value)
    return table


def _dtype_name(np_dtype):
    return _dt.NP_TO_DTYPE[np.dtype(np_dtype)].name


def _np_dtype(name):
    return _dt.as_dtype(name)._np


class Encoder:
    """Writes graphs as JSON; ``arrays`` and ``subgraphs`` are the tables it fills.

    ``variable_ids`` maps id(handle) -> the variable's object id; a handle not in it raises
    (the function captures a variable not reachable from the saved object)."""

    def __init__(self, variable_ids):
        self.variable_ids = variable_ids
        self.arrays = {}
        self.subgraphs = []
        self._sub_index = {}
        self._table = _primitives()
        self.where = ""  # the function being written (error messages)

    def array(self, a, scalar=False):
        key = "a%d" % len(self.arrays)
        a = np.asarray(a)
        out = {"array": key}
        if a.dtype == object:  # strings: bytes (NumPy's 'S'), back to objects on load
            a = a.astype(bytes)
            out["strings"] = True
        elif a.dtype not in _dt.NP_TO_DTYPE:
            raise SaveError("%s: cannot save an array of dtype %s" % (self.where, a.dtype))
        else:
            out["dtype"] = _dtype_name(a.dtype)
        if scalar:
            out["scalar"] = True
        self.arrays[key] = a.view(np.uint8) if a.dtype.kind == "V" else a
        out["shape"] = list(a.shape)
        return out

    def graph(self, graph):
        ids = {}
        nodes = []
        for k, node in enumerate(graph.nodes):
            for j, t in enumerate(node.outputs):
                ids[id(t)] = [k, j]
            entry = {"kind": node.kind, "name": node.name,
                     "inputs": [ids[id(t)] for t in node.inputs],
                     "outputs": [[t.dtype.name, list(t._ex.shape), list(t._dims)]
                                 for t in node.outputs]}
            if node.kind == "const":
                entry["value"] = self.array(node.value)
            elif node.kind == "op":
                entry["op"] = self.primitive(node.prim)
                entry["attrs"] = {name: self.attr(v, node, name) for name, v in node.attrs.items()}
            nodes.append(entry)
        return {"name": graph.name, "nodes": nodes,
                "inputs": [ids[id(t)] for t in graph.inputs],
                "outputs": [ids[id(t)] for t in graph.outputs]}

    def primitive(self, prim):
        if self._table.get(prim.name) is not prim:
            raise SaveError("%s: the op %s is not one of eagerflow's registered ops and cannot be "
                            "saved" % (self.where, prim.name))
        return prim.name

    def attr(self, v, node, name):
        if v is None or type(v) in (bool, int, str):
            return v
        if type(v) is float:
            return v if np.isfinite(v) else {"float": repr(v)}
        if isinstance(v, (list, tuple)) and type(v) in (list, tuple):
            items = [self.attr(x, node, name) for x in v]
            return items if type(v) is list else {"tuple": items}
        if type(v) is dict:
            return {"dict": [[self.attr(k, node, name), self.attr(x, node, name)]
                             for k, x in v.items()]}
        if isinstance(v, np.ndarray):
            return self.array(v)
        if isinstance(v, np.generic):
            return self.array(v, scalar=True)
        if isinstance(v, np.dtype):
            return {"np_dtype": _dtype_name(v) if v in _dt.NP_TO_DTYPE else v.str}
        if isinstance(v, type) and issubclass(v, np.generic):
            return {"np_type": _dtype_name(v) if np.dtype(v) in _dt.NP_TO_DTYPE else
                    np.dtype(v).str}
        if isinstance(v, type) and _BUILTIN_TYPES.get(v.__name__) is v:
            return {"type": v.__name__}
        if isinstance(v, _dt.DType):
            return {"dtype": v.name}
        if isinstance(v, TensorShape):
            return {"shape": None if v._dims is None else list(v._dims)}
        if isinstance(v, slice):
            return {"slice": [self.attr(x, node, name) for x in (v.start, v.stop, v.step)]}
        if v is Ellipsis:
            return {"ellipsis": True}
        if type(v) is complex:
            return {"complex": [v.real, v.imag]}
        if type(v) is bytes:
            return {"bytes": v.hex()}
        if isinstance(v, Handle):
            vid = self.variable_ids.get(id(v))
            if vid is None:
                raise SaveError(
                    "%s captures the variable %r, which is not reachable from the saved object. "
                    "Assign the variable to an attribute of the object (or of one of its "
                    "submodules) before saving." % (self.where, getattr(v.variable, "name", v)))
            return {"variable": vid}
        if isinstance(v, Primitive):
            return {"primitive": self.primitive(v)}
        for stream in ("stdout", "stderr"):
            if v is getattr(sys, stream):  # tf.print's output_stream
                return {"stream": stream}
        if isinstance(v, Subgraph):
            return {"subgraph": self.subgraph(v)}
        if type(v).__module__.startswith("eagerflow.") and not callable(v):
            return {"object": self.value_object(v, node, name)}
        if callable(v):
            raise SaveError(
                "%s: its graph calls Python code (the %s op %r, attribute %r: %r), which cannot "
                "be saved; a SavedModel holds graphs only (tf.py_function and "
                "tf.numpy_function are not serializable)" % (self.where, node.prim.name,
                                                              node.name, name, v))
        raise SaveError("%s: cannot save the attribute %r (a %s) of the op %r (%s)" % (
            self.where, name, type(v).__name__, node.name, node.prim.name))

    def value_object(self, v, node, name):
        """A small value object of eagerflow's (an index template's placeholder ...): its class
        and its fields."""
        cls = type(v)
        fields = {}
        for klass in cls.__mro__:
            for slot in vars(klass).get("__slots__", ()):
                if slot not in ("__weakref__", "__dict__") and hasattr(v, slot):
                    fields[slot] = getattr(v, slot)
        fields.update(getattr(v, "__dict__", {}))
        return [cls.__module__, cls.__qualname__,
                [[k, self.attr(x, node, name)] for k, x in fields.items()]]

    def subgraph(self, sub):
        k = self._sub_index.get(id(sub))
        if k is None:
            k = self._sub_index[id(sub)] = len(self.subgraphs)
            self.subgraphs.append(None)
            self.subgraphs[k] = {"graph": self.graph(sub.graph), "n_args": sub.n_args,
                                 "arg_index": list(sub.arg_index)}
        return k

    def template(self, t, what):
        """An argument or result structure: Out markers, containers and Python literals."""
        if isinstance(t, Out):
            return {"out": t.k}
        if t is None or type(t) in (bool, int, str):
            return t
        if type(t) is float:
            return t if np.isfinite(t) else {"float": repr(t)}
        if type(t) is list:
            return [self.template(x, what) for x in t]
        if type(t) is tuple:
            return {"tuple": [self.template(x, what) for x in t]}
        if type(t) is dict and all(type(k) in (str, int) for k in t):
            return {"dict": [[k, self.template(x, what)] for k, x in t.items()]}
        raise SaveError("%s: cannot save its %s, which holds a %s (a SavedModel keeps tensors, "
                        "lists, tuples, dicts and Python numbers, strings and None)" % (
                            self.where, what, type(t).__name__))


class Decoder:
    """Rebuilds graphs from JSON: ``arrays`` is the array table, ``handles`` maps a variable's
    object id to the new variable's handle, ``subgraphs`` the subgraph table's JSON."""

    def __init__(self, arrays, handles, subgraphs):
        self.arrays = arrays
        self.handles = handles
        self._subgraph_json = subgraphs
        self._subgraphs = {}
        self._table = _primitives()

    def array(self, entry):
        a = self.arrays[entry["array"]]
        if entry.get("strings"):
            a = _dt.strings_to_object(a)
        elif "dtype" in entry:
            dt = _np_dtype(entry["dtype"])
            a = a.view(dt).reshape(entry["shape"]) if dt.kind == "V" else a.astype(dt, copy=False)
        return a[()] if entry.get("scalar") else a

    def graph(self, data):
        graph = Graph(data["name"])
        tensors = []
        for entry in data["nodes"]:
            ins = [tensors[k][j] for k, j in entry["inputs"]]
            kind = entry["kind"]
            prim = attrs = value = None
            if kind == "const":
                value = self.array(entry["value"])
            elif kind == "op":
                prim = self.primitive(entry["op"])
                attrs = {name: self.attr(v) for name, v in entry["attrs"].items()}
            node = graph.add_node(kind, entry["name"], prim, ins, attrs, value, unique=False)
            for j, (dtype, ex_shape, dims) in enumerate(entry["outputs"]):
                example = np.broadcast_to(np.zeros((), _np_dtype(dtype)), ex_shape) \
                    if value is None else value
                node.outputs.append(SymbolicTensor(node, j, example, tuple(dims)))
            tensors.append(node.outputs)
        graph.inputs = [tensors[k][j] for k, j in data["inputs"]]
        graph.outputs = [tensors[k][j] for k, j in data["outputs"]]
        return graph

    def primitive(self, name):
        prim = self._table.get(name)
        if prim is None:
            raise ValueError("The SavedModel uses the op %s, which this version of eagerflow "
                             "does not have" % name)
        return prim

    def attr(self, v):
        if not isinstance(v, (dict, list)):
            return v
        if isinstance(v, list):
            return [self.attr(x) for x in v]
        if "array" in v:
            return self.array(v)
        (tag, x), = v.items()
        if tag == "tuple":
            return tuple(self.attr(y) for y in x)
        if tag == "dict":
            return {self.attr(k): self.attr(y) for k, y in x}
        if tag == "float":
            return float(x)
        if tag == "np_dtype":
            return _np_dtype(x) if x in _NAMES else np.dtype(x)
        if tag == "np_type":
            return (_np_dtype(x) if x in _NAMES else np.dtype(x)).type
        if tag == "type":
            return _BUILTIN_TYPES[x]
        if tag == "dtype":
            return _dt.as_dtype(x)
        if tag == "shape":
            return TensorShape(x)
        if tag == "slice":
            return slice(*[self.attr(y) for y in x])
        if tag == "ellipsis":
            return Ellipsis
        if tag == "complex":
            return complex(*x)
        if tag == "bytes":
            return bytes.fromhex(x)
        if tag == "variable":
            return self.handles[x]
        if tag == "primitive":
            return self.primitive(x)
        if tag == "subgraph":
            return self.subgraph(x)
        if tag == "stream":
            return getattr(sys, x)
        if tag == "object":
            return self.value_object(*x)
        raise ValueError("unknown attribute encoding %r in the SavedModel" % (v,))

    def value_object(self, module, qualname, fields):
        if not module.startswith("eagerflow."):
            raise ValueError("The SavedModel names the class %s.%s, which is not eagerflow's" % (
                module, qualname))
        cls = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        obj = object.__new__(cls)
        for k, x in fields:
            object.__setattr__(obj, k, self.attr(x))
        return obj

    def subgraph(self, k):
        sub = self._subgraphs.get(k)
        if sub is None:
            data = self._subgraph_json[k]
            graph = self.graph(data["graph"])
            sub = Subgraph(graph, data["n_args"], [t._op.inputs[0] for t in graph.outputs], [])
            sub.arg_index = list(data["arg_index"])
            self._subgraphs[k] = sub
        return sub

    def template(self, t):
        if isinstance(t, list):
            return [self.template(x) for x in t]
        if not isinstance(t, dict):
            return t
        (tag, x), = t.items()
        if tag == "out":
            return Out(x)
        if tag == "tuple":
            return tuple(self.template(y) for y in x)
        if tag == "dict":
            return {k: self.template(y) for k, y in x}
        if tag == "float":
            return float(x)
        raise ValueError("unknown structure encoding %r in the SavedModel" % (t,))


_NAMES = {d.name for d in _dt.NP_TO_DTYPE.values()}
_BUILTIN_TYPES = {t.__name__: t for t in (bool, int, float, complex, str, bytes)}
