"""Variables of a TF1 graph: an initializer op per variable, the collections, and the ops that
initialize and assign them.

A variable created while a graph is built keeps eagerflow's storage (a ``Handle``, whose value is
the example that gives later ops their static shapes); its value in a session exists only once an
initializer op has run in that session (compat/session.py holds the values per session). Its
initializer is an AssignVariableOp node ``<name>/Assign`` of the initial value; ``<name>/Read/
ReadVariableOp`` is what fetching the variable reads.
"""
import weakref

import numpy as np

from .. import dtypes as _dt
from ..engine.resource import read_variable, assign_variable, assign_add_variable, \
    assign_sub_variable
from ..graph.symbolic import SymbolicTensor
from ..tensor import Tensor, VariableBase
from ..variables import ResourceVariable as _EagerResourceVariable, _check_numeric
from .._export import export
from .graph_mode import GraphTracer, graph_tracer, get_default_graph, no_op

__all__ = ["VarInfo", "ResourceVariable", "global_variables", "trainable_variables"]

GLOBAL = "variables"
TRAINABLE = "trainable_variables"
LOCAL = "local_variables"


class VarInfo:
    __slots__ = ("variable", "initializer", "snapshot", "initial_value")

    def __init__(self, variable, initializer, snapshot, initial_value):
        self.variable = variable
        self.initializer = initializer  # the AssignVariableOp node
        self.snapshot = snapshot        # the ReadVariableOp tensor a fetch of the variable reads
        self.initial_value = initial_value


class ResourceVariable(_EagerResourceVariable):
    """A variable of a TF1 graph: prints without a value; its value lives in sessions."""

    __slots__ = ()

    def __repr__(self):
        h = self._handle
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self._name, h.shape, h.dtype.name)

    __str__ = __repr__

    def numpy(self):
        raise NotImplementedError("numpy() is only available when eager execution is enabled.")

    def __bool__(self):
        raise TypeError("Using a `tf.Variable` as a Python `bool` is not allowed in graph mode.")

    def eval(self, session=None):
        from .session import run_in
        return run_in(session, self, None, self.graph)

    @property
    def graph(self):
        return _graph_of(self)

    @property
    def initializer(self):
        return _graph_of(self).var_info[id(self._handle)].initializer

    @property
    def op(self):
        return self.initializer

    @property
    def initial_value(self):
        return _graph_of(self).var_info[id(self._handle)].initial_value

    def initialized_value(self):
        return self.initial_value

    def load(self, value, session=None):
        from .session import default_session
        sess = session or default_session()
        sess.load_variable(self, value)

    # TF1: an assignment is an op; its output (the new value) is what sess.run returns
    def assign(self, value, use_locking=None, name=None, read_value=True):
        t = self._convert(value)
        h = self._handle
        if h.shape._dims is not None and tuple(t.shape._dims or ()) != h.value.shape and \
                not t.shape.is_compatible_with(h.shape):
            raise ValueError("Shapes %s and %s are incompatible" % (h.shape, t.shape))
        out = assign_variable(t, handle=h, name=name)
        return out if read_value else out.op

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        _check_numeric(self._handle.dtype, "AssignAddVariableOp")
        out = assign_add_variable(self._convert(delta), handle=self._handle, name=name)
        return out if read_value else out.op

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        _check_numeric(self._handle.dtype, "AssignSubVariableOp")
        out = assign_sub_variable(self._convert(delta), handle=self._handle, name=name)
        return out if read_value else out.op


def graph_variable(tracer, var, initial_value, name):
    """GraphTracer's hook, called at the end of ``tf.Variable(...)`` while a graph is built."""
    graph = tracer.graph
    base = tracer.prefix + ("Variable" if name is None else str(name))
    if base.endswith(":0"):
        base = base[:-2]
    vname = graph.unique_name(base)
    h = var._handle
    var._name = vname + ":0"
    var.__class__ = ResourceVariable
    if isinstance(initial_value, SymbolicTensor) and initial_value._op.graph is graph and \
            initial_value._ex.dtype == h.value.dtype:
        init = initial_value
    elif isinstance(initial_value, VariableBase) and initial_value._handle.dtype is h.dtype:
        init = initial_value._read()
    else:
        init = tracer.const(np.array(h.value), vname + "/Initializer/initial_value")
    saved = tracer.prefix
    tracer.prefix = ""
    try:
        assign_variable(init, handle=h, name=vname + "/Assign")
        assign_op = graph.nodes[-1]
        snapshot = read_variable(handle=h, name=vname + "/Read/ReadVariableOp")
    finally:
        tracer.prefix = saved
    graph.var_info[id(h)] = VarInfo(var, assign_op, snapshot, init)
    _HANDLE_GRAPH[id(h)] = graph
    graph.add_to_collection(GLOBAL, var)
    if var.trainable:
        graph.add_to_collection(TRAINABLE, var)


_HANDLE_GRAPH = weakref.WeakValueDictionary()  # id(handle) -> the graph of a TF1 variable


def _graph_of(var):
    return _HANDLE_GRAPH[id(var._handle)]


GraphTracer.graph_variable = graph_variable


# -- collections and initializers -----------------------------------------------------------------
@export("compat.v1.global_variables", "compat.v1.all_variables")
def global_variables(scope=None):
    """The variables of the default graph (TF1's GLOBAL_VARIABLES collection)."""
    return get_default_graph().get_collection(GLOBAL, scope)


@export("compat.v1.trainable_variables")
def trainable_variables(scope=None):
    """The trainable variables of the default graph."""
    return get_default_graph().get_collection(TRAINABLE, scope)


@export("compat.v1.local_variables")
def local_variables(scope=None):
    return get_default_graph().get_collection(LOCAL, scope)


@export("compat.v1.get_collection")
def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


@export("compat.v1.add_to_collection")
def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


@export("compat.v1.variables_initializer", "compat.v1.initialize_variables")
def variables_initializer(var_list, name="init"):
    """One op running the initializers of ``var_list``."""
    return no_op([v.initializer for v in var_list], name)


@export("compat.v1.global_variables_initializer", "compat.v1.initialize_all_variables")
def global_variables_initializer():
    """One op named "init" that initializes every global variable of the default graph."""
    _require_graph("global_variables_initializer")
    return variables_initializer(global_variables())


@export("compat.v1.local_variables_initializer", "compat.v1.initialize_local_variables")
def local_variables_initializer():
    _require_graph("local_variables_initializer")
    return variables_initializer(local_variables(), "init_1")


def _require_graph(what):
    if graph_tracer() is None:
        raise RuntimeError("%s is not supported when eager execution is enabled." % what)


# -- assignments ----------------------------------------------------------------------------------
def _as_variable(ref, what):
    if not isinstance(ref, VariableBase):
        raise TypeError("%s: `ref` must be a tf.Variable, got %s" % (what, type(ref).__name__))
    return ref


@export("compat.v1.assign")
def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """``ref.assign(value)``: in a graph, the op whose output is the new value."""
    return _as_variable(ref, "assign").assign(value, name=name)


@export("compat.v1.assign_add")
def assign_add(ref, value, use_locking=None, name=None):
    return _as_variable(ref, "assign_add").assign_add(value, name=name)


@export("compat.v1.assign_sub")
def assign_sub(ref, value, use_locking=None, name=None):
    return _as_variable(ref, "assign_sub").assign_sub(value, name=name)
