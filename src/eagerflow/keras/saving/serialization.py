"""Keras 3's config dicts: ``{"module", "class_name", "config", "registered_name"}`` for any
object, and the functional/sequential model configs with their ``inbound_nodes`` (each argument
KerasTensor written as ``{"class_name": "__keras_tensor__", "config": {"shape", "dtype",
"keras_history": [layer name, node index, tensor index]}}``)."""
import eagerflow as tf
from ..layers import tree
from ..layers.keras_tensor import KerasTensor

__all__ = ["serialize_keras_object", "deserialize_keras_object", "register_keras_serializable",
           "functional_config", "functional_from_config", "sequential_config",
           "sequential_from_config"]

_CUSTOM = {}
_MODULES = {"keras.layers": "layers", "keras.optimizers": "optimizers",
            "keras.initializers": "initializers", "keras.regularizers": "regularizers",
            "keras.constraints": "constraints", "keras.losses": "losses",
            "keras.metrics": "metrics", "keras.activations": "activations",
            "keras.optimizers.schedules": None}


def register_keras_serializable(package="Custom", name=None):
    """Class decorator: lets ``load_model`` find the class as ``package>name``."""
    def decorator(obj):
        key = "%s>%s" % (package, name or obj.__name__)
        _CUSTOM[key] = obj
        obj._registered_name = key
        return obj
    return decorator


def _module_of(obj):
    from ..layers.layer import Layer
    from ..models.model import Model
    if isinstance(obj, Model):
        return "keras"
    if isinstance(obj, Layer):
        return "keras.layers"
    name = type(obj).__module__
    for prefix, sub in _MODULES.items():
        if sub and name.startswith("eagerflow.keras." + sub):
            return prefix
    return name


def serialize_keras_object(obj):
    """The config dict Keras writes for ``obj`` (plain values pass through)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if not hasattr(obj, "get_config"):
        name = getattr(obj, "__name__", None)
        if name is not None:
            return name
        raise TypeError("Cannot serialize object %r of type %s" % (obj, type(obj)))
    registered = getattr(type(obj), "_registered_name", None)
    module = _module_of(obj)
    if type(obj).__name__ == "Functional":
        module, registered = "keras.src.models.functional", "Functional"
    out = {"module": module, "class_name": type(obj).__name__,
           "config": obj.get_config(), "registered_name": registered}
    build = getattr(obj, "get_build_config", None)
    if build is not None:
        config = build()
        if config is not None:
            out["build_config"] = _jsonable(config)
    return out


def _jsonable(x):
    if isinstance(x, tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, list):
        return [_jsonable(v) for v in x]
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    return x


def _find_class(module, class_name, registered, custom_objects):
    custom = dict(_CUSTOM, **(custom_objects or {}))
    for key in (registered, class_name):
        if key and key in custom:
            return custom[key]
    from ..models import Functional, Model, Sequential
    if class_name in ("Functional", "Model"):
        return Functional
    if class_name == "Sequential":
        return Sequential
    sub = _MODULES.get(module)
    candidates = [sub] if sub else []
    candidates += ["layers", "optimizers", "initializers", "regularizers", "constraints",
                   "losses", "metrics"]
    for sub in candidates:
        try:
            space = getattr(tf.keras, sub)
        except AttributeError:
            continue
        cls = getattr(space, class_name, None)
        if isinstance(cls, type):
            return cls
    raise TypeError("Could not locate class '%s'. Make sure custom classes are decorated with "
                    "`@keras.saving.register_keras_serializable()`. Full object config: %s"
                    % (class_name, {"module": module, "class_name": class_name}))


def deserialize_keras_object(config, custom_objects=None):
    """The object a config dict describes (plain values pass through)."""
    if not isinstance(config, dict) or "class_name" not in config:
        return config
    if config["class_name"] == "__keras_tensor__":
        raise ValueError("A KerasTensor config is only read inside a functional model config.")
    cls = _find_class(config.get("module"), config["class_name"], config.get("registered_name"),
                      custom_objects)
    inner = config.get("config", {})
    try:
        obj = cls.from_config(inner, custom_objects=custom_objects)
    except TypeError:
        obj = cls.from_config(inner)
    build = config.get("build_config")
    if build and hasattr(obj, "build_from_config") and not getattr(obj, "built", False):
        obj.build_from_config(build)
    return obj


# --- functional models ------------------------------------------------------------------------
def _model_nodes(model):
    """For each layer, its nodes that belong to the model, in their order (Keras re-indexes
    node indices over these)."""
    ids = {id(n) for n in model._nodes}
    return {id(layer): [n for n in layer._inbound_nodes if id(n) in ids]
            for layer in model._layers}


def _kt_ref(kt, reindex):
    layer, node_index, tensor_index = kt._keras_history
    node = layer._inbound_nodes[node_index]
    own = reindex.get(id(layer), [])
    index = next((i for i, n in enumerate(own) if n is node), node_index)
    return [layer.name, index, tensor_index]


def functional_config(model):
    reindex = _model_nodes(model)

    def arg(x):
        if isinstance(x, KerasTensor):
            return {"class_name": "__keras_tensor__",
                    "config": {"shape": list(x.shape), "dtype": x.dtype,
                               "keras_history": _kt_ref(x, reindex)}}
        return x

    layers = []
    for layer in model._layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        nodes = []
        for node in reindex[id(layer)]:
            if node.is_input:
                continue
            kwargs = {k: v for k, v in node.call_kwargs.items()
                      if not (k in ("training", "mask") and v is None)}
            nodes.append({"args": _jsonable(tree.map_structure(arg, list(node.call_args))),
                          "kwargs": _jsonable(tree.map_structure(arg, kwargs))})
        entry["inbound_nodes"] = nodes
        layers.append(entry)

    def refs(struct):
        if isinstance(struct, KerasTensor):
            return _kt_ref(struct, reindex)
        if isinstance(struct, dict):
            return {k: refs(v) for k, v in struct.items()}
        return [refs(s) for s in struct]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": refs(model._inputs_struct),
            "output_layers": refs(model._outputs_struct)}


def _is_ref(x):
    return isinstance(x, list) and len(x) == 3 and isinstance(x[0], str) and \
        isinstance(x[1], int)


def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds the layers, replays their calls on KerasTensors, then makes the model."""
    layers, outputs_of = {}, {}
    for entry in config["layers"]:
        layer_config = {k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")}
        layer = deserialize_keras_object(layer_config, custom_objects)
        layers[entry["name"]] = layer
        if type(layer).__name__ == "InputLayer":
            outputs_of[(entry["name"], 0)] = [layer.output]
    pending = [(e["name"], i, n) for e in config["layers"]
               for i, n in enumerate(e.get("inbound_nodes", []))]

    def resolve(x):
        if isinstance(x, dict) and x.get("class_name") == "__keras_tensor__":
            name, node, index = x["config"]["keras_history"]
            return outputs_of[(name, node)][index]
        if isinstance(x, dict):
            return {k: resolve(v) for k, v in x.items()}
        if isinstance(x, list):
            return [resolve(v) for v in x]
        return x

    def ready(x):
        if isinstance(x, dict) and x.get("class_name") == "__keras_tensor__":
            name, node, _ = x["config"]["keras_history"]
            return (name, node) in outputs_of
        if isinstance(x, dict):
            return all(ready(v) for v in x.values())
        if isinstance(x, list):
            return all(ready(v) for v in x)
        return True

    while pending:
        progressed = False
        for item in list(pending):
            name, index, node = item
            if not ready(node):
                continue
            args, kwargs = resolve(node["args"]), resolve(node["kwargs"])
            out = layers[name](*args, **kwargs)
            outputs_of[(name, len([k for k in outputs_of if k[0] == name]))] = tree.flatten(out)
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError("Cannot rebuild the functional model: unresolved layer inputs in "
                             "%s" % [p[0] for p in pending])

    def build(struct):
        if _is_ref(struct):
            return outputs_of[(struct[0], struct[1])][struct[2]]
        if isinstance(struct, dict):
            return {k: build(v) for k, v in struct.items()}
        return [build(s) for s in struct]

    inputs, outputs = build(config["input_layers"]), build(config["output_layers"])
    kwargs = {k: v for k, v in config.items()
              if k in ("name", "trainable")}
    return cls(inputs, outputs, **kwargs)


# --- sequential models --------------------------------------------------------------------------
def sequential_config(model):
    layers = [serialize_keras_object(l) for l in model._layers]
    config = {"name": model.name, "trainable": model.trainable,
              "dtype": {"module": "keras", "class_name": "DTypePolicy",
                        "config": {"name": model.dtype_policy.name}, "registered_name": None},
              "layers": layers}
    if model._build_shapes is not None:
        config["build_input_shape"] = _jsonable(model._build_shapes)
    return config


def sequential_from_config(cls, config, custom_objects=None):
    model = cls(name=config.get("name"), trainable=config.get("trainable", True))
    for entry in config["layers"]:
        model.add(deserialize_keras_object(entry, custom_objects), rebuild=False)
    if model._layers and type(model._layers[0]).__name__ == "InputLayer":
        model._maybe_rebuild()
    elif config.get("build_input_shape"):
        model.build(tuple(config["build_input_shape"]))
    return model
