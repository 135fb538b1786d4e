"""keras.layers.Layer: the base class of every layer (Keras 3's API over eagerflow tensors).

A layer owns variables (``add_weight`` -> ``keras.Variable``, a tf.Variable whose ``path`` is
"<layer scopes>/<name>", e.g. "dense/kernel") and sublayers (tracked when assigned as attributes,
also inside lists/dicts). ``__call__`` converts NumPy inputs to tensors (floats cast to the
layer's compute dtype), checks ``input_spec``, builds the layer on first call from the first
input's shape, resolves ``training`` (explicit argument > the enclosing layer call's value > the
``call`` signature's default) and passes it down to nested layer calls.

Symbolic calls and the functional graph: when any argument holds a ``KerasTensor`` (from
``keras.Input``), ``__call__`` does not run ``call`` for a result; it returns KerasTensors from
``compute_output_spec`` (``compute_output_shape`` when a layer defines it, else ``call`` run once
on zeros with unknown dims filled in, state updates off) and records a ``Node`` in
``layer._inbound_nodes``. Each output KerasTensor then carries ``_keras_history`` =
``KerasHistory(operation=layer, node_index=i, tensor_index=j)``: ``layer._inbound_nodes[i]`` is
the call, ``j`` the output's index among its flattened outputs. The Node has ``call_args``,
``call_kwargs``, ``input_tensors``, ``outputs``, ``parent_nodes`` and ``map_arguments(fn)``
(the arguments with each KerasTensor replaced by ``fn(kt)``), from which keras.models builds
and runs functional models. Input tensors' history points at an ``InputLayer``'s node
(``is_input`` True).
"""
import inspect

import numpy as np

import eagerflow as tf
from .. import backend
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .. import constraints as _constraints
from .. import _tracking
from . import tree
from .input_spec import InputSpec, assert_input_compatibility
from .keras_tensor import KerasTensor, Node
from . import shape_inference
from .shape_inference import (in_shape_inference, call_training as _call_training,
                              call_stack as _call_stack, input_shapes, specs_from_shapes)

_BASE_KWARGS = ("activity_regularizer", "trainable", "dtype", "autocast", "name", "input_shape",
                "input_dim", "batch_size", "batch_input_shape", "input_dtype")


class Layer:
    """The base class of layers: state (weights) plus a ``call`` computation."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _build_wrapper(cls.__dict__["build"])

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        # Captured for the automatic get_config of subclasses that do not write their own.
        try:
            bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
            config = dict(bound.arguments)
            config.pop(next(iter(config)))
            extra = config.pop("kwargs", {}) if "kwargs" in inspect.signature(
                cls.__init__).parameters else {}
            config.update(extra)
        except TypeError:
            config = dict(kwargs)
        object.__setattr__(obj, "_auto_config", config)
        return obj

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        unknown = {k: v for k, v in kwargs.items() if k not in _BASE_KWARGS}
        if unknown:
            raise ValueError("Unrecognized keyword arguments passed to %s: %s"
                             % (type(self).__name__, unknown))
        if name is None:
            name = backend.unique_name(backend.to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             "Received: name=%s (of type %s)" % (name, type(name)))
        object.__setattr__(self, "_layers", [])
        self._trainable_variables, self._non_trainable_variables = [], []
        self._losses, self._inbound_nodes, self._outbound_nodes = [], [], []
        self.name = name
        self._trainable = bool(trainable)
        self._dtype_policy = backend.dtype_policy(dtype)
        self.autocast = autocast
        self.activity_regularizer = _regularizers.get(activity_regularizer)
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self._build_shapes = None
        shape = kwargs.get("input_shape", kwargs.get("batch_input_shape"))
        if "input_dim" in kwargs and shape is None:
            shape = (kwargs["input_dim"],)
        self._input_shape_arg = tuple(shape) if shape is not None else None
        if kwargs.get("batch_input_shape") is None and shape is not None:
            self._input_shape_arg = (kwargs.get("batch_size"),) + tuple(shape)
        params = inspect.signature(self.call).parameters
        self._call_has_training = "training" in params or _has_var_kwargs(params)
        self._call_has_mask = "mask" in params
        default = params["training"].default if "training" in params else None
        self._default_training = None if default is inspect.Parameter.empty else default

    # -- attribute tracking ----------------------------------------------------------------
    def __setattr__(self, name, value):
        if name[0] == "_":
            object.__setattr__(self, name, value)
            if "_deferred_restores" in self.__dict__:
                _tracking.restore_attribute(self, name, value)
            return
        layers = self.__dict__.get("_layers")
        if layers is not None:
            for item in tree.flatten(value) if tree.is_nested(value) else [value]:
                if isinstance(item, Layer) and item is not self and \
                        not any(item is l for l in layers):
                    layers.append(item)
                elif isinstance(item, backend.Variable):
                    self._track_variable(item)
        object.__setattr__(self, name, value)
        if "_deferred_restores" in self.__dict__:
            _tracking.restore_attribute(self, name, value)

    def _trackable_children(self):
        """What a checkpoint saves of this layer: its attributes holding variables and layers."""
        return _tracking.public_children(self)

    _defer_restore = _tracking.defer_restore
    _checkpoint_names = {}  # attribute -> Keras 3's checkpoint name (see keras/_tracking.py)

    def _track_variable(self, v):
        own = self._trainable_variables if v.trainable else self._non_trainable_variables
        if not any(v is w for w in self._trainable_variables + self._non_trainable_variables):
            own.append(v)

    # -- dtypes ------------------------------------------------------------------------------
    dtype_policy = property(lambda self: self._dtype_policy)
    dtype = property(lambda self: self._dtype_policy.variable_dtype)
    compute_dtype = property(lambda self: self._dtype_policy.compute_dtype)
    variable_dtype = property(lambda self: self._dtype_policy.variable_dtype)

    @property
    def path(self):
        return self.name

    # -- weights -----------------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None, synchronization="auto"):
        """A new ``keras.Variable`` of this layer (initializer default: glorot_uniform for
        floats, zeros otherwise; dtype default: the layer's variable dtype). A string first
        argument is the name, then the shape (Keras 2's ``add_weight(name, shape)``)."""
        if isinstance(shape, str):  # add_weight("kernel", (3, 4))
            name, shape, initializer = shape, initializer, None
        shape = () if shape is None else tuple(shape)
        dtype = backend.standardize_dtype(dtype if dtype is not None else self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if backend.is_float_dtype(dtype) else "zeros"
        initializer = _initializers.get(initializer)
        with backend.name_scope(self.name):
            v = backend.Variable(initializer, shape=shape, dtype=dtype, trainable=trainable,
                                 autocast=autocast, name=name,
                                 regularizer=_regularizers.get(regularizer),
                                 constraint=_constraints.get(constraint))
        self._track_variable(v)
        return v

    def _flat_variables(self, pick):
        out, seen = [], set()
        for v in pick(self):
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
        for layer in self._layers:
            for v in layer._flat_variables(pick):
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    @property
    def variables(self):
        return self._flat_variables(lambda l: l._trainable_variables + l._non_trainable_variables)

    weights = variables

    @property
    def trainable_variables(self):
        if not self.trainable:
            return []
        return [v for v in self.variables if v.trainable]

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self):
        if not self.trainable:
            return self.variables
        return [v for v in self.variables if not v.trainable]

    non_trainable_weights = non_trainable_variables

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    def get_weights(self):
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        mine = self.weights
        if len(mine) != len(weights):
            raise ValueError("You called `set_weights(weights)` on layer '%s' with a weight list "
                             "of length %d, but the layer was expecting %d weights."
                             % (self.name, len(weights), len(mine)))
        for v, w in zip(mine, weights):
            w = np.asarray(w)
            if tuple(v.shape.as_list()) != tuple(w.shape):
                raise ValueError("Layer %s weight shape %s is not compatible with provided weight "
                                 "shape %s." % (self.name, tuple(v.shape.as_list()),
                                                tuple(w.shape)))
        for v, w in zip(mine, weights):
            v.assign(np.asarray(w).astype(v.dtype.as_numpy_dtype))

    # -- losses --------------------------------------------------------------------------------
    def add_loss(self, loss):
        """Adds a loss tensor (cleared at the start of the next outermost call)."""
        if in_shape_inference() or any(isinstance(x, KerasTensor) for x in tree.flatten(loss)):
            return
        self._losses.extend(tree.flatten(loss))

    def _all_layers(self):
        out = [self]
        for layer in self._layers:
            out.extend(layer._all_layers())
        return out

    @property
    def losses(self):
        """Losses added during the last call, then the weight regularization penalties."""
        out, seen = [], set()
        for layer in self._all_layers():
            if id(layer) not in seen:
                seen.add(id(layer))
                out.extend(layer._losses)
        for v in self.variables:
            if getattr(v, "regularizer", None) is not None:
                out.append(v.regularizer(v))
        return out

    def _clear_losses(self):
        for layer in self._all_layers():
            if layer._losses:
                layer._losses = []

    # -- building ------------------------------------------------------------------------------
    def build(self, input_shape=None):
        """Creates the weights, given the shape of the first input (override in subclasses)."""
        self.built = True

    def _build_once(self, shapes):
        self.build(shapes)
        self._build_shapes = shapes

    def build_from_config(self, config):
        shape = config.get("input_shape") if config else None
        if shape is not None:
            self._build_once(shape)

    def get_build_config(self):
        if self._build_shapes is not None:
            return {"input_shape": self._build_shapes}
        return None

    # -- calling -------------------------------------------------------------------------------
    def call(self, *args, **kwargs):
        """The computation (override in subclasses)."""
        raise NotImplementedError("Layer %s does not have a `call` method implemented."
                                  % type(self).__name__)

    def __call__(self, *args, **kwargs):
        if not args:
            if "inputs" not in kwargs:
                raise ValueError("The first argument to `Layer.call` must always be passed.")
            args = (kwargs.pop("inputs"),)
        first = args[0]
        if isinstance(first, tf.Tensor) and len(args) == 1 and len(kwargs) <= 1 and \
                (not kwargs or "training" in kwargs):
            # the common eager case: one tensor (cast if the layer computes in another type)
            if self.autocast and first.dtype.is_floating and \
                    first.dtype.name != self.compute_dtype:
                first = tf.cast(first, self.compute_dtype)
            args, symbolic = (first,), False
        else:
            args = (self._convert_inputs(first),) + tuple(
                self._convert_inputs(a) if isinstance(a, np.ndarray) else a for a in args[1:])
            first = args[0]
            symbolic = any(isinstance(t, KerasTensor) for t in tree.flatten((args, kwargs)))
        if self.input_spec is not None:
            assert_input_compatibility(self.input_spec, first, self.name)
        if not self.built:
            self._build_once(input_shapes(first))
            if self.input_spec is not None:
                assert_input_compatibility(self.input_spec, first, self.name)
        training = kwargs.get("training")
        if training is None:
            training = _call_training()
        if training is None:
            training = self._default_training
        if self._call_has_training:
            kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        if symbolic:
            return self._symbolic_call(args, kwargs)
        stack = _call_stack()
        if not stack:
            self._clear_losses()
        previous_mask = _input_mask(first) if backend._MASKS else None
        if self._call_has_mask and kwargs.get("mask") is None and previous_mask is not None:
            kwargs["mask"] = previous_mask
        stack.append(training)
        try:
            with backend.name_scope(self.name):
                if self._dtype_policy.compute_dtype != self._dtype_policy.variable_dtype:
                    with backend.autocast_scope(self._dtype_policy.compute_dtype):
                        outputs = self.call(*args, **kwargs)
                else:
                    outputs = self.call(*args, **kwargs)
        finally:
            stack.pop()
        if previous_mask is not None or type(self).compute_mask is not Layer.compute_mask:
            _set_output_mask(outputs, self.compute_mask(first, previous_mask))
        if self.activity_regularizer is not None:
            for out in tree.flatten(outputs):
                self.add_loss(self.activity_regularizer(out))
        return outputs

    def _convert_inputs(self, x):
        def conv(t):
            if isinstance(t, (np.ndarray, np.generic, float, int, list)) and \
                    not isinstance(t, bool):
                t = tf.convert_to_tensor(np.asarray(t) if isinstance(t, list) else t)
            if self.autocast and isinstance(t, (tf.Tensor, tf.Variable)) and \
                    t.dtype.is_floating and t.dtype.name != self.compute_dtype:
                t = tf.cast(t, self.compute_dtype)
            if isinstance(t, KerasTensor) and self.autocast and \
                    backend.is_float_dtype(t.dtype) and t.dtype != self.compute_dtype:
                pass  # the output spec carries the compute dtype
            return t
        if isinstance(x, list) and x and not isinstance(x[0], (int, float)):
            return [conv(t) for t in x]
        return tree.map_structure(conv, x) if tree.is_nested(x) and not isinstance(x, list) \
            else conv(x)

    def _symbolic_call(self, args, kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        flat = tree.flatten(outputs)
        Node(self, args, kwargs, flat)
        return outputs

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensors describing the outputs of ``call`` on these (symbolic) arguments."""
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            shape = self.compute_output_shape(input_shapes(args[0]))
            return specs_from_shapes(shape, self.compute_dtype)
        return self._infer_spec(args, kwargs)

    def _infer_spec(self, args, kwargs):
        return shape_inference.infer_spec(self, args, kwargs)

    def compute_output_shape(self, *args, **kwargs):
        """The output shape for these input shapes (by default: from compute_output_spec)."""
        def spec(s):
            return KerasTensor(s, dtype=self.compute_dtype)
        shapes = args[0]
        if isinstance(shapes, (list, tuple)) and shapes and isinstance(shapes[0], (list, tuple)):
            inputs = [spec(s) for s in shapes]
        else:
            inputs = spec(shapes)
        out = self._infer_spec((inputs,) + tuple(args[1:]), kwargs)
        return tree.map_structure(lambda t: t.shape, out) if tree.is_nested(out) else out.shape

    def compute_mask(self, inputs, previous_mask=None):
        return previous_mask if self.supports_masking else None

    # -- functional-graph views ------------------------------------------------------------
    def _node_tensors(self, attr):
        if not self._inbound_nodes:
            raise AttributeError("Layer %s has no inbound nodes." % self.name)
        tensors = getattr(self._inbound_nodes[0], attr)
        return tensors[0] if len(tensors) == 1 else tensors

    input = property(lambda self: self._node_tensors("input_tensors"))
    output = property(lambda self: self._node_tensors("outputs"))

    # -- config --------------------------------------------------------------------------------
    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": {"module": "keras", "class_name": "DTypePolicy",
                            "config": {"name": self._dtype_policy.name},
                            "registered_name": None}}
        if type(self).get_config is Layer.get_config and type(self).__init__ is not \
                Layer.__init__:
            extra = {k: v for k, v in self._auto_config.items() if k not in config}
            for v in tree.flatten(extra):
                if not isinstance(v, (str, int, float, bool, type(None))):
                    raise NotImplementedError(
                        "Layer %s was created by passing non-serializable argument values in "
                        "`__init__()`, and therefore the layer must override `get_config()` in "
                        "order to be serializable." % type(self).__name__)
            config.update(extra)
        elif type(self).__init__ is Layer.__init__:
            config["activity_regularizer"] = _regularizers.serialize(self.activity_regularizer)
            config["autocast"] = self.autocast
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = backend.dtype_policy(config["dtype"])
        return cls(**config)

    def count_params(self):
        if not self.built:
            raise ValueError("You tried to call `count_params` on layer '%s', but the layer isn't "
                             "built. You can build it manually via: `layer.build(input_shape)`."
                             % self.name)
        return int(sum(np.prod(v.shape.as_list(), dtype=np.int64) for v in self.weights))

    def __repr__(self):
        return "<%s name=%s, built=%s>" % (type(self).__name__, self.name, self.built)


def _input_mask(x):
    if isinstance(x, (list, tuple)):
        masks = [backend.get_keras_mask(t) for t in x]
        return None if all(m is None for m in masks) else masks
    return backend.get_keras_mask(x)


def _set_output_mask(outputs, mask):
    flat = tree.flatten(outputs)
    masks = mask if isinstance(mask, (list, tuple)) and len(flat) > 1 else [mask] * len(flat)
    for t, m in zip(flat, masks):
        backend.set_keras_mask(t, m)


def _build_wrapper(build):
    """A subclass's ``build`` runs inside the layer's name scope and marks the layer built,
    whether ``__call__`` or the user calls it."""
    def wrapped(self, *args, **kwargs):
        with backend.name_scope(self.name):
            out = build(self, *args, **kwargs)
        self.built = True
        return out
    wrapped.__wrapped__ = build
    wrapped.__doc__ = build.__doc__
    wrapped.__name__ = build.__name__
    return wrapped


def _has_var_kwargs(params):
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


__all__ = ["Layer", "InputSpec", "in_shape_inference"]
