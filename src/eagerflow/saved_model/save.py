"""``tf.saved_model.save``: an object's tracked tree, its variables and its tf.functions' traced
graphs, written to a directory in eagerflow's own format (the layout is described in
``saved_model/__init__.py``).

The tree is the checkpoint's object graph (eagerflow/train): variables, tf.Modules, Keras
objects, and the lists, tuples and dicts holding them, breadth first, so the variables keep the
checkpoint keys ``tf.train.Checkpoint`` reads. Each object's tf.function attributes (on the
instance or its class) are saved with every concrete function traced so far; one with an
``input_signature`` that was never called is traced now, as TF does.
"""
import inspect
import json
import os

import numpy as np

from ..graph.concrete import ConcreteFunction, trace
from ..graph.function import Function, _flat_specs
from ..graph.codegen import Out, pack
from ..module import children_of, is_trackable
from ..train.checkpoint import object_graph, save_variables
from .load import RestoredFunction
from .serialize import Encoder, FORMAT

__all__ = ["save"]


def _is_variable(obj):
    from ..variables import Variable
    return isinstance(obj, Variable)


def _kind(obj):
    if _is_variable(obj):
        return "variable"
    for kind in (list, tuple, dict):
        if isinstance(obj, kind):
            return kind.__name__
    return "user"


# a compiled Keras model's own step functions (Keras does not save them; they use the metrics'
# variables, which the model does not track)
_KERAS_STEPS = frozenset(["train_function", "test_function", "predict_function"])


def function_attributes(obj):
    """{attribute name: Function, ConcreteFunction or RestoredFunction} of an object: its
    instance attributes and the tf.function methods of its class (bound to it)."""
    found = {}
    for klass in reversed(type(obj).__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Function):
                found[name] = getattr(obj, name)
    keras_model = hasattr(obj, "compile") and hasattr(obj, "train_step")
    for name, value in vars(obj).items() if hasattr(obj, "__dict__") else ():
        if keras_model and name in _KERAS_STEPS:
            continue
        if isinstance(value, (Function, ConcreteFunction, RestoredFunction)):
            found[name] = value
        elif name in found:
            del found[name]
    return dict(sorted(found.items()))


def _concretes(fn):
    """The concrete functions a function attribute stands for (tracing an input_signature
    function that was never called)."""
    if isinstance(fn, ConcreteFunction):
        return [fn]
    if isinstance(fn, RestoredFunction):
        return fn.concrete_functions
    if not fn._order and fn.input_signature is not None:
        fn.get_concrete_function()
    return list(fn._order)


def _retraced(cf):
    """The function traced again for saving, as TF does (its Python side effects run once more);
    a concrete function without Python code (one loaded from a SavedModel) as it is."""
    if cf._function is None:
        return cf
    done = getattr(cf, "_retraced_for_saving", None)  # (TF keeps the trace for later saves)
    if done is not None:
        return done
    leaves = [(s.name, s._with_name(None)) for s in cf._named_specs]
    try:
        new, _ = trace(cf._function, cf._params, cf._specs, leaves, cf._template,
                       allow_variables=False, name=cf.graph.name)
    except Exception:  # noqa: BLE001 - the trace that ran is saved (a retrace on the specs'
        new = cf       # example values can fail where the real arguments' trace did not)
    new.name = cf.name
    cf._retraced_for_saving = new
    return new


def _parameters(fn):
    """[[name, kind, default]] of a Function's Python signature (default: a literal or absent)."""
    if not isinstance(fn, (Function, RestoredFunction)):
        return None
    out = []
    for p in fn._signature.parameters.values():
        entry = [p.name, p.kind.name]
        if p.default is not inspect.Parameter.empty:
            d = p.default
            if d is None or type(d) in (bool, int, float, str):
                entry.append(d)
        out.append(entry)
    return out


class _Writer:
    def __init__(self, root):
        variables, objects = object_graph(root)
        self.keys = {id(v): k for k, v in variables.items()}
        self.variables = variables
        self.objects = [obj for _, obj in objects]
        self.ids = {id(obj): k for k, obj in enumerate(self.objects)}
        handles = {id(obj._handle): k for k, obj in enumerate(self.objects) if _is_variable(obj)}
        self.encoder = Encoder(handles)
        self.functions = []
        self.concrete = []
        self._cf_index = {}

    def concrete_function(self, cf):
        k = self._cf_index.get(id(cf))
        if k is not None:
            return k
        k = self._cf_index[id(cf)] = len(self.concrete)
        self.concrete.append(None)
        self.concrete[k] = self._write(_retraced(cf))
        return k

    def _write(self, cf):
        enc = self.encoder
        enc.where = "The function %s" % cf.name
        data = {"name": cf.name, "graph": enc.graph(cf.graph),
                "params": [[name, kind] for name, kind, _ in cf._params],
                "template": enc.template(cf._template, "arguments"),
                "specs": [[s.dtype.name, s.shape._dims] for s in cf._specs],
                "paths": [s.name for s in cf._named_specs],
                "outputs": enc.template(cf._out_template, "result")}
        return data

    def function(self, name, fn):
        data = {"name": name, "concrete": [self.concrete_function(cf) for cf in _concretes(fn)],
                "parameters": _parameters(fn),
                "input_signature": None}
        if isinstance(fn, (Function, RestoredFunction)) and fn.input_signature is not None:
            data["input_signature"] = [[s.dtype.name, s.shape._dims, s.name]
                                       for s in _flat_specs(fn.input_signature)]
        self.functions.append(data)
        return len(self.functions) - 1

    def object(self, obj):
        kind = _kind(obj)
        entry = {"kind": kind}
        if kind == "variable":
            entry.update(name=obj.name, dtype=obj.dtype.name, shape=obj.shape._dims,
                         trainable=obj.trainable, checkpoint_key=self.keys[id(obj)])
            return entry
        entry["children"] = [[str(name), self.ids[id(child)]]
                             for name, child in children_of(obj).items() if id(child) in self.ids]
        if kind == "user":
            entry["class"] = "%s.%s" % (type(obj).__module__, type(obj).__qualname__)
            entry["functions"] = [[name, self.function(name, fn)]
                                  for name, fn in function_attributes(obj).items()]
        return entry


# -- signatures ----------------------------------------------------------------------------------
def _signature_error(fn):
    return ValueError("Expected a TensorFlow function for which to generate a signature, but got "
                      "%r. Only `tf.functions` with an input signature or concrete functions can "
                      "be used as a signature." % (fn,))


def _signature_concrete(fn):
    if isinstance(fn, ConcreteFunction):
        return fn, None
    if isinstance(fn, Function) and fn.input_signature is not None:
        return fn.get_concrete_function(), _flat_specs(fn.input_signature)
    raise _signature_error(fn)


def _output_keys(cf, key):
    out = cf._out_template
    if type(out) is dict and all(isinstance(v, Out) for v in out.values()):
        bad = [k for k in out if not isinstance(k, str)]
        if bad:
            raise ValueError("Got a dictionary with a non-string key %r in the output of the "
                             "function %s used to generate the SavedModel signature %r." % (
                                 bad[0], cf.name, key))
        return [[k, v.k] for k, v in out.items()]
    if isinstance(out, Out):
        return [["output_0", out.k]]
    if isinstance(out, (list, tuple)):
        keys = []
        for k, v in enumerate(out):
            if not isinstance(v, Out):
                raise ValueError(
                    "Got a non-Tensor value %r for key 'output_%d' in the output of the function "
                    "%s used to generate the SavedModel signature %r. Outputs for functions used "
                    "as signatures must be a single Tensor, a sequence of Tensors, or a "
                    "dictionary from string to Tensor." % (pack(v, cf._structured), k, cf.name,
                                                           key))
            keys.append(["output_%d" % k, v.k])
        return keys
    raise ValueError("Got a non-Tensor value %r in the output of the function %s used to "
                     "generate the SavedModel signature %r. Outputs for functions used as "
                     "signatures must be a single Tensor, a sequence of Tensors, or a dictionary "
                     "from string to Tensor." % (out, cf.name, key))


def _keras_signature(model):
    """A Keras model's call traced for its ``Input``s (a subclassed model: for the shapes of its
    first call, in its compute dtype), as TF's serving signature of a Keras model (the input
    named ``inputs``)."""
    if not (hasattr(model, "call") and hasattr(model, "train_step")):
        return {}
    from ..graph.spec import TensorSpec
    inputs = getattr(model, "inputs", None)
    if inputs:
        specs = [TensorSpec(t.shape, t.dtype) for t in inputs]
        spec = specs[0] if len(specs) == 1 else specs
    else:
        shapes = getattr(model, "_build_shapes", None)
        if shapes is None:
            return {}
        if isinstance(shapes, (list, tuple)) and shapes and isinstance(shapes[0], (list, tuple)):
            spec = [TensorSpec(s, model.compute_dtype) for s in shapes]
        else:
            spec = TensorSpec(shapes, model.compute_dtype)

    def serve(inputs):
        return model(inputs)
    return {"serving_default": Function(serve, input_signature=[spec], autograph=False)}


def _default_signature(root):
    """TF's choice when ``signatures`` is None: the root's only tf.function, when it has an
    input_signature and a result a signature can name (a Keras model: its call)."""
    found = function_attributes(root)
    if not found:
        return _keras_signature(root)
    if len(found) != 1:
        return {}
    fn, = found.values()
    if not isinstance(fn, Function) or fn.input_signature is None:
        return {}
    try:
        cf, _ = _signature_concrete(fn)
        _output_keys(cf, "serving_default")
    except ValueError:
        return {}
    return {"serving_default": fn}


def _unique(names):
    """Input names made unique as TF makes them (``inputs``, ``inputs_1`` ...)."""
    seen, out = set(), []
    for name in names:
        new, k = name, 0
        while new in seen:
            k += 1
            new = "%s_%d" % (name, k)
        seen.add(new)
        out.append(new)
    return out


def _signatures(writer, root, signatures):
    if signatures is None:
        signatures = _default_signature(root)
    elif not isinstance(signatures, dict):
        signatures = {"serving_default": signatures}
    out = {}
    for key, fn in signatures.items():
        cf, specs = _signature_concrete(fn)
        names = _unique([spec.name if spec is not None and spec.name else path
                         for spec, path in zip(specs or [None] * len(cf._specs),
                                               [s.name for s in cf._named_specs])])
        out[key] = {"concrete": writer.concrete_function(cf), "inputs": names,
                    "outputs": _output_keys(cf, key)}
    return out


# -- writing ---------------------------------------------------------------------------------------
def save(obj, export_dir, signatures=None, options=None):
    """Saves ``obj``'s variables, tf.functions and signatures under ``export_dir``."""
    if isinstance(obj, (list, tuple, dict)) or not is_trackable(obj):
        raise ValueError("Expected an object of type `Trackable`, such as `tf.Module` or a "
                         "subclass of the `Trackable` class, for export. Got %r with type %r." % (
                             obj, type(obj)))
    export_dir = os.fspath(export_dir)
    writer = _Writer(obj)
    objects = [writer.object(o) for o in writer.objects]
    sigs = _signatures(writer, obj, signatures)
    data = {"format": FORMAT, "objects": objects, "functions": writer.functions,
            "concrete_functions": writer.concrete, "signatures": sigs,
            "subgraphs": writer.encoder.subgraphs}
    text = json.dumps(data, indent=1)
    os.makedirs(os.path.join(export_dir, "variables"), exist_ok=True)
    os.makedirs(os.path.join(export_dir, "assets"), exist_ok=True)
    save_variables(os.path.join(export_dir, "variables", "variables"), writer.variables)
    with open(os.path.join(export_dir, "graph_arrays.npz"), "wb") as f:
        np.savez(f, **writer.encoder.arrays)
    tmp = os.path.join(export_dir, "saved_model.json.tmp")
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, os.path.join(export_dir, "saved_model.json"))

