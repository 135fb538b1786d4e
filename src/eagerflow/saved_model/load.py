"""``tf.saved_model.load``: the saved tree rebuilt as new objects. Variables are new tf.Variables
holding the saved values; tf.Modules and other objects come back as ``_UserObject``s (TF's class
name: the Python class is not saved), lists and dicts as ``ListWrapper``/``DictWrapper``; each
saved tf.function is a ``RestoredFunction`` that runs its saved graphs (the traced code is not
needed) and accepts only arguments matching one of them, with TF's errors.
"""
import inspect
import json
import os

import numpy as np

from .. import dtypes as _dt
from ..graph.concrete import ConcreteFunction, flatten_args, _type_text
from ..graph.codegen import Out, pack
from ..graph.spec import TensorSpec
from ..module import trackable_children
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..train.checkpoint import load_variables
from .serialize import Decoder, FORMAT

__all__ = ["load", "RestoredFunction", "LoadedConcreteFunction", "ListWrapper", "DictWrapper"]


class _UserObject:
    """A saved object that is not a variable or a container (a tf.Module, a Keras layer ...)."""

    def _trackable_children(self):
        return trackable_children(self)


class _CallableUserObject(_UserObject):
    """A saved object with a ``__call__`` tf.function (TF's class name too)."""

    def __call__(self, *args, **kwargs):
        return self.__dict__["__call__"](*args, **kwargs)


_CallableUserObject.__name__ = _CallableUserObject.__qualname__ = "_UserObject"


class ListWrapper(list):
    def __repr__(self):
        return "ListWrapper(%s)" % list.__repr__(self)


class DictWrapper(dict):
    def __repr__(self):
        return "DictWrapper(%s)" % dict.__repr__(self)


class _SignatureMap(dict):
    """``loaded.signatures``: signature key -> concrete function (keyword arguments, dict
    results)."""

    def __repr__(self):
        return "_SignatureMap(%s)" % dict.__repr__(self)


# -- concrete functions ------------------------------------------------------------------------------
def _spec_names(template, names, path):
    """Output specs' names as TF gives them after loading (``tensor_0``, ``tensor_1_0`` ...)."""
    if isinstance(template, Out):
        names[template.k] = "tensor_" + "_".join(path) if path else "unknown"
    elif isinstance(template, (list, tuple)):
        for k, v in enumerate(template):
            _spec_names(v, names, path + [str(k)])
    elif isinstance(template, dict):
        for k, v in template.items():
            _spec_names(v, names, path + [str(k)])


def _arg_text(t, specs):
    return "Literal[None]" if t is None else _type_text(t, specs)


class LoadedConcreteFunction(ConcreteFunction):
    """A concrete function read from a SavedModel: its structured outputs are TensorSpecs."""

    def _output_names(self):
        names = {}
        _spec_names(self._out_template, names, [])
        return names

    def _output_specs(self):
        names = self._output_names()
        return [TensorSpec(t.shape, t.dtype, names.get(k)) for k, t in
                enumerate(self._structured)]

    @property
    def structured_outputs(self):
        return pack(self._out_template, self._output_specs())

    def _output_text(self):
        return _type_text(self._out_template, self._output_specs())

    def _inputs_text(self):  # the specs named after the arguments, as TF shows them after loading
        return "(%s)" % ", ".join("%s: %s" % (p, _arg_text(t, self._named_specs))
                                  for (p, _, _), t in zip(self._params, self._template))

    def pretty_printed_signature(self, verbose=True):
        lines = ["Input Parameters:"]
        for (p, kind, _), t in zip(self._params, self._template):
            lines.append("  %s (%s): %s" % (p, kind, _arg_text(t, self._named_specs)))
        return "\n".join(lines + ["Output Type:", "  " + self._output_text(), "Captures:",
                                  "  None"])


class SignatureFunction(LoadedConcreteFunction):
    """``loaded.signatures[key]``: keyword arguments named after the inputs, a dict of results."""

    def _output_names(self):
        return {v.k: k for k, v in self._out_template.items()}

    def _inputs_text(self):
        return "(*, %s)" % ", ".join("%s: %r" % (s.name, s) for s in self._named_specs)

    def __call__(self, *args, **kwargs):
        P = inspect.Parameter
        signature = inspect.Signature([P(n, P.POSITIONAL_OR_KEYWORD) for n, _, _ in self._params])
        try:
            given = signature.bind(*args, **kwargs).arguments
        except TypeError as e:
            raise TypeError("Binding inputs to tf.function failed due to `%s`. Received args: %r "
                            "and kwargs: %r for signature: %s -> %s." % (
                                e, args, kwargs, self._inputs_text(), self._output_text())) from None
        return super().__call__(**given)


def _function_of(decoder, graphs, data):
    graph = graphs.get(data["name"])
    if graph is None:
        graph = graphs[data["name"]] = decoder.graph(data["graph"])
    return graph


def _concrete(decoder, graphs, data):
    graph = _function_of(decoder, graphs, data)
    specs = [TensorSpec(dims, dtype) for dtype, dims in data["specs"]]
    return LoadedConcreteFunction(
        graph, None, [(n, k, None) for n, k in data["params"]], specs,
        [(path, None) for path in data["paths"]], decoder.template(data["template"]),
        decoder.template(data["outputs"]), list(graph.outputs), data["name"])


def _signature(decoder, graphs, data, sig, number):
    graph = _function_of(decoder, graphs, data)
    specs = [TensorSpec(dims, dtype) for dtype, dims in data["specs"]]
    names = sig["inputs"]
    return SignatureFunction(
        graph, None, [(n, "KEYWORD_ONLY", None) for n in names], specs,
        [(n, None) for n in names], [Out(k) for k in range(len(names))],
        {key: Out(k) for key, k in sig["outputs"]}, list(graph.outputs),
        "__inference_signature_wrapper_%d" % number)


# -- restored tf.functions -------------------------------------------------------------------------
def _fits(template, value, specs, found):
    """Whether a call's argument matches a saved argument structure; tensors go to ``found``."""
    if isinstance(template, Out):
        spec = specs[template.k]
        if isinstance(value, VariableBase):
            value = value._read()
        if not isinstance(value, Tensor):
            try:
                value = convert_to_tensor(value, dtype_hint=spec.dtype)
            except (TypeError, ValueError):
                return False
        if not spec.is_compatible_with(value):
            return False
        found[template.k] = value
        return True
    if isinstance(template, (list, tuple)):
        return type(value) is type(template) and len(value) == len(template) and all(
            _fits(t, v, specs, found) for t, v in zip(template, value))
    if isinstance(template, dict):
        return isinstance(value, dict) and set(value) == set(template) and all(
            _fits(t, value[k], specs, found) for k, t in template.items())
    if isinstance(value, (Tensor, VariableBase, np.ndarray)):
        return False
    return type(value) is type(template) and value == template


def _as_tensor(value, spec):
    if isinstance(value, (Tensor, VariableBase)):
        return value
    try:
        return convert_to_tensor(value, dtype_hint=spec.dtype)
    except (TypeError, ValueError):
        return value


class RestoredFunction:
    """A saved tf.function: runs the saved concrete function its arguments match."""

    def __init__(self, name, concretes, parameters, input_signature):
        self.__name__ = name
        self._concretes = concretes
        if parameters is None:  # a concrete function saved as an attribute
            parameters = [[n, k] for n, k, _ in concretes[0]._params]
        P = inspect.Parameter
        self._signature = inspect.Signature(
            [P(p[0], getattr(P, p[1]), **({"default": p[2]} if len(p) > 2 else {}))
             for p in parameters])
        self._input_signature = input_signature
        self._fast = {}  # dtypes and shapes of positional tensors -> the concrete function

    concrete_functions = property(lambda self: list(self._concretes))
    input_signature = property(lambda self: self._input_signature)

    def __call__(self, *args, **kwargs):
        if not kwargs:
            key = tuple((a._v.dtype, a._v.shape) if type(a) is Tensor else None for a in args)
            cf = self._fast.get(key)
            if cf is not None:
                return cf._run(args)
        cf, tensors = self._match(args, kwargs)
        # tensors passed positionally that are the function's flat inputs as they are: the next
        # call with the same dtypes and shapes skips the matching
        if not kwargs and len(tensors) == len(args) and None not in key and all(
                t is a for t, a in zip(tensors, args)) and len(self._fast) < 256:
            self._fast[key] = cf
        return cf._run(tensors)

    def get_concrete_function(self, *args, **kwargs):
        if not args and not kwargs and self._input_signature is not None:
            return self._concretes[0]
        return self._match(args, kwargs)[0]

    def pretty_printed_concrete_signatures(self, verbose=True):
        return "\n\n".join(cf.pretty_printed_signature(verbose) for cf in self._concretes)

    def _binding_error(self, why, args, kwargs):
        if self._input_signature is not None:
            names = list(self._signature.parameters)
            sig = "(%s)" % ", ".join("%s: %r" % (n, s) for n, s in
                                     zip(names, self._input_signature))
        else:
            sig = str(self._signature)
        return TypeError("Binding inputs to tf.function failed due to `%s`. Received args: %r and "
                         "kwargs: %r for signature: %s." % (why, args, kwargs, sig))

    def _match(self, args, kwargs):
        if self._input_signature is not None:  # values where the signature has specs convert
            args = tuple(_as_tensor(a, s) for a, s in zip(args, self._input_signature)) + \
                tuple(args[len(self._input_signature):])
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError as e:
            raise self._binding_error(e, args, kwargs) from None
        bound.apply_defaults()
        params = [(n, self._signature.parameters[n].kind.name, v)
                  for n, v in bound.arguments.items()]
        template, _ = flatten_args(params)
        if self._input_signature is not None:
            return self._signature_match(params, args, kwargs)
        for cf in self._concretes:
            found = {}
            if len(cf._template) == len(template) and all(
                    _fits(t, v, cf._specs, found) for t, (_, _, v) in zip(cf._template, params)):
                return cf, [found[k] for k in range(len(cf._specs))]
        raise ValueError(self._no_match(params))

    def _signature_match(self, params, args, kwargs):
        cf = self._concretes[0]
        _, leaves = flatten_args(params)
        found = {}
        if len(leaves) != len(self._input_signature):
            raise self._binding_error("too many positional arguments", args, kwargs)
        for k, ((_, x), spec) in enumerate(zip(leaves, self._input_signature)):
            if not _fits(Out(k), x, [spec], found):
                t = x if isinstance(x, Tensor) else convert_to_tensor(x)
                raise self._binding_error("Can not cast %r to %r" % (
                    TensorSpec(t.shape, t.dtype), spec), args, kwargs)
        return cf, [found[k] for k in range(len(leaves))]

    def _no_match(self, params):
        got = []
        for name, kind, v in params:
            if isinstance(v, Tensor):
                v = "<tf.Tensor '%s:0' shape=%s dtype=%s>" % (name, v.shape, v.dtype.name)
            else:
                v = repr(v)
            got.append("    * %s" % v)
        lines = ["Could not find matching concrete function to call loaded from the SavedModel. "
                 "Got:", "  Positional arguments (%d total):" % len(got)] + got
        lines += ["  Keyword arguments: {}", "",
                  " Expected these arguments to match one of the following %d option(s):" %
                  len(self._concretes)]
        for k, cf in enumerate(self._concretes):
            a, kw = cf.structured_input_signature
            lines += ["", "Option %d:" % (k + 1), "  Positional arguments (%d total):" % len(a)]
            lines += ["    * %r" % (x,) for x in a]
            lines.append("  Keyword arguments: %r" % (kw,))
        return "\n".join(lines)


# -- loading -------------------------------------------------------------------------------------------
def _read(export_dir):
    path = os.path.join(export_dir, "saved_model.json")
    if not os.path.exists(path):
        raise OSError("SavedModel file does not exist at: %s" % os.path.join(
            export_dir, "{saved_model.json}"))
    with open(path) as f:
        data = json.load(f)
    if data.get("format") != FORMAT:
        raise ValueError("%s is not an eagerflow SavedModel (format %r)" % (
            path, data.get("format")))
    with np.load(os.path.join(export_dir, "graph_arrays.npz"), allow_pickle=False) as arrays:
        arrays = {k: arrays[k] for k in arrays.files}
    return data, arrays


def _new_variable(entry, value):
    from ..variables import Variable
    shape = entry["shape"]
    np_dtype = _dt.as_dtype(entry["dtype"])._np
    if value.dtype.kind == "V" and np_dtype.kind == "V" and value.dtype != np_dtype:
        value = value.view(np_dtype)  # (.npz keeps bfloat16 as raw 2-byte records)
    elif value.dtype.kind == "S":
        value = _dt.strings_to_object(value)
    v = Variable(value, trainable=entry["trainable"], dtype=entry["dtype"],
                 shape=None if shape is not None and None not in shape else shape)
    v._name = entry["name"]
    return v


def _build(data, values):
    """The objects of the saved tree (functions attached later)."""
    entries = data["objects"]
    objects = [None] * len(entries)
    for k, entry in enumerate(entries):
        kind = entry["kind"]
        if kind == "variable":
            objects[k] = _new_variable(entry, values[entry["checkpoint_key"]])
        elif kind == "user":
            callable_ = any(name == "__call__" for name, _ in entry["functions"])
            objects[k] = _CallableUserObject() if callable_ else _UserObject()
        elif kind == "list":
            objects[k] = ListWrapper()
        elif kind == "dict":
            objects[k] = DictWrapper()

    def resolve(k):  # a tuple is made once its items exist (lists and dicts are filled below)
        if objects[k] is None:
            objects[k] = tuple(resolve(c) for _, c in entries[k]["children"])
        return objects[k]

    for k, entry in enumerate(entries):
        obj = resolve(k)
        for name, child in entry.get("children", ()) if entry["kind"] != "tuple" else ():
            if entry["kind"] == "user":
                setattr(obj, name, resolve(child))
            elif entry["kind"] == "dict":
                obj[name] = resolve(child)
            else:
                obj.append(resolve(child))
    return objects


def load(export_dir, tags=None, options=None):
    """Loads a SavedModel written by ``tf.saved_model.save``."""
    export_dir = os.fspath(export_dir)
    data, arrays = _read(export_dir)
    values = load_variables(os.path.join(export_dir, "variables", "variables"))
    objects = _build(data, values)
    handles = {k: obj._handle for k, obj in enumerate(objects) if isinstance(obj, VariableBase)}
    decoder = Decoder(arrays, handles, data["subgraphs"])
    graphs = {}
    concretes = [_concrete(decoder, graphs, cf) for cf in data["concrete_functions"]]
    for obj, entry in zip(objects, data["objects"]):
        for name, index in entry.get("functions", ()):
            fn = data["functions"][index]
            sig = fn["input_signature"]
            if sig is not None:
                sig = [TensorSpec(dims, dtype, sname) for dtype, dims, sname in sig]
            setattr(obj, name, RestoredFunction(name, [concretes[k] for k in fn["concrete"]],
                                                fn["parameters"], sig))
    root = objects[0]
    if isinstance(root, _UserObject):
        root.signatures = _SignatureMap(
            (key, _signature(decoder, graphs, data["concrete_functions"][sig["concrete"]], sig,
                             number))
            for number, (key, sig) in enumerate(data["signatures"].items()))
    return root
