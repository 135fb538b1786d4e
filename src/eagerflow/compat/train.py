"""``tf.compat.v1.train``: TF1's optimizers over a graph (``minimize`` = ``compute_gradients`` +
``apply_gradients``, an op to run in a session) and the global step.

The updates are TF's kernels written as graph ops in the kernels' order of float operations
(ApplyGradientDescent, ApplyMomentum, ApplyAdam), so trajectories match TF's.
"""
from .. import dtypes as _dt
from ..ops.creation import zeros
from ..ops.elementwise import sqrt as _sqrt
from ..ops.gather import IndexedSlices, gather
from ..ops.segment import unsorted_segment_sum
from ..ops.shape_query import shape
from ..ops.sorting import unique as unique_op
from ..tensor import VariableBase, convert_to_tensor
from ..variables import Variable
from .._export import export
from .gradients import gradients
from .graph_mode import graph_tracer, get_default_graph, no_op
from .variables import trainable_variables, GLOBAL

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer"]


class _Unscoped:
    """Ops and variables named outside the current name scope (TF's slots and init_scope)."""

    def __init__(self, tracer, prefix=""):
        self.tracer = tracer
        self.prefix = prefix

    def __enter__(self):
        self.saved = self.tracer.prefix
        self.tracer.prefix = self.prefix

    def __exit__(self, *exc):
        self.tracer.prefix = self.saved
        return False


def _op_name(var):
    return var.name[:-2] if var.name.endswith(":0") else var.name


@export("compat.v1.train.Optimizer")
class Optimizer:
    """The TF1 optimizer base: slots per variable, ``_apply_dense`` per update."""

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}  # slot name -> {id(handle): variable}

    def get_name(self):
        return self._name

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """The op that applies one step of the gradients of ``loss``."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                "support gradients, between variables %s and loss %s." % (
                    [str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """[(gradient or None, variable)] for the trainable variables (or ``var_list``)."""
        if callable(loss):
            raise RuntimeError("eagerflow: a callable loss needs eager execution; pass a tensor")
        if graph_tracer() is None:
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a function "
                               "when eager execution is enabled.")
        if var_list is None:
            var_list = trainable_variables()
        var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The op that updates each variable with its gradient (and increments global_step)."""
        pairs = list(grads_and_vars)
        if not pairs:
            raise ValueError("No variables provided.")
        for g, v in pairs:
            if not isinstance(v, VariableBase):
                raise TypeError("Variable must be a tf.Variable, got %r" % (v,))
        pairs = [(g, v) for g, v in pairs if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable: %s." % (
                [str(v) for _, v in grads_and_vars],))
        tracer = graph_tracer()
        with _Unscoped(tracer):
            self._create_slots([v for _, v in pairs])
        with tracer.name_scope(name or self._name) as scope:
            self._prepare()
            updates = []
            for g, v in pairs:
                with tracer.name_scope("update_" + _op_name(v).replace("/", "_")):
                    if type(g) is IndexedSlices:  # TF1's sparse kernels, repeated rows summed
                        updates.extend(self._apply_sparse(_deduplicated(g), v))
                    else:
                        updates.append(self._apply_dense(convert_to_tensor(g), v))
            updates = self._finish(updates)
            if global_step is not None:
                updates.append(global_step.assign_add(
                    convert_to_tensor(1, dtype=global_step.dtype)))
        op = no_op(updates, "NoOp")
        op.name = scope[:-1]  # TF names the step op after its (already unique) scope
        return op

    # -- slots -----------------------------------------------------------------------------------
    def _zeros_slot(self, var, slot_name, op_name):
        table = self._slots.setdefault(slot_name, {})
        if id(var._handle) not in table:
            table[id(var._handle)] = Variable(zeros(var.shape, var.dtype), trainable=False,
                                              name=_op_name(var) + "/" + op_name)
        return table[id(var._handle)]

    def get_slot(self, var, name):
        return self._slots.get(name, {}).get(id(var._handle))

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        out = [v for table in self._slots.values() for v in table.values()]
        return out + self._non_slot_variables()

    def _non_slot_variables(self):
        return []

    def _create_slots(self, var_list):
        pass

    def _apply_sparse(self, grad, var):
        """The updates (in program order) from IndexedSlices with unique indices (default: the
        dense update)."""
        return [self._apply_dense(convert_to_tensor(grad), var)]

    def _prepare(self):
        pass

    def _finish(self, updates):
        return updates


@export("compat.v1.train.GradientDescentOptimizer")
class GradientDescentOptimizer(Optimizer):
    """``var -= learning_rate * grad``."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        lr = convert_to_tensor(self._learning_rate, dtype=var.dtype)
        return var.assign_sub(grad * lr)

    def _apply_sparse(self, grad, var):
        lr = convert_to_tensor(self._learning_rate, dtype=var.dtype)
        return [var.scatter_sub(IndexedSlices(grad.values * lr, grad.indices, grad.dense_shape))]


@export("compat.v1.train.MomentumOptimizer")
class MomentumOptimizer(Optimizer):
    """``accum = accum * momentum + grad; var -= accum * lr`` (Nesterov: ``var -= grad * lr +
    accum * momentum * lr``)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        lr = convert_to_tensor(self._learning_rate, dtype=var.dtype)
        m = convert_to_tensor(self._momentum, dtype=var.dtype)
        accum = self.get_slot(var, "momentum")
        new = accum.assign(accum * m + grad)
        if self._use_nesterov:
            return var.assign_sub(grad * lr + new * m * lr)
        return var.assign_sub(new * lr)

    def _apply_sparse(self, grad, var):
        # SparseApplyMomentum: only the named rows of the accumulator and the variable move
        lr = convert_to_tensor(self._learning_rate, dtype=var.dtype)
        m = convert_to_tensor(self._momentum, dtype=var.dtype)
        accum = self.get_slot(var, "momentum")
        rows = gather(accum, grad.indices) * m + grad.values
        step = grad.values * lr + rows * m * lr if self._use_nesterov else rows * lr
        return [accum.scatter_update(IndexedSlices(rows, grad.indices, grad.dense_shape)),
                var.scatter_sub(IndexedSlices(step, grad.indices, grad.dense_shape))]


@export("compat.v1.train.AdamOptimizer")
class AdamOptimizer(Optimizer):
    """TF1's Adam (ApplyAdam): bias correction folded into the step size, epsilon outside the
    square root, ``beta1_power``/``beta2_power`` variables updated after each step."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon
        self._powers = None

    def _non_slot_variables(self):
        return list(self._powers or ())

    def _create_slots(self, var_list):
        if self._powers is None:
            first = min(var_list, key=lambda v: _op_name(v))
            dtype = first.dtype
            self._powers = (Variable(convert_to_tensor(self._beta1, dtype=dtype), trainable=False,
                                     name="beta1_power"),
                            Variable(convert_to_tensor(self._beta2, dtype=dtype), trainable=False,
                                     name="beta2_power"))
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name + "_1")

    def _apply_dense(self, grad, var):
        dt = var.dtype
        one = convert_to_tensor(1, dtype=dt)
        b1 = convert_to_tensor(self._beta1, dtype=dt)
        b2 = convert_to_tensor(self._beta2, dtype=dt)
        eps = convert_to_tensor(self._epsilon, dtype=dt)
        lr = convert_to_tensor(self._lr, dtype=dt)
        b1p, b2p = self._powers
        alpha = lr * _sqrt(one - b2p) / (one - b1p)
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        m_t = m.assign(m + (grad - m) * (one - b1))
        v_t = v.assign(v + (grad * grad - v) * (one - b2))
        return var.assign_sub((m_t * alpha) / (_sqrt(v_t) + eps))

    def _apply_sparse(self, grad, var):
        # TF1's _apply_sparse_shared: every row decays, the named rows add their slices
        dt = var.dtype
        one = convert_to_tensor(1, dtype=dt)
        b1 = convert_to_tensor(self._beta1, dtype=dt)
        b2 = convert_to_tensor(self._beta2, dtype=dt)
        b1p, b2p = self._powers
        alpha = convert_to_tensor(self._lr, dtype=dt) * _sqrt(one - b2p) / (one - b1p)
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        g, i, shape = grad.values, grad.indices, grad.dense_shape
        m_decayed = m.assign(m * b1)
        m_t = m.scatter_add(IndexedSlices(g * (one - b1), i, shape))
        v_decayed = v.assign(v * b2)
        v_t = v.scatter_add(IndexedSlices(g * g * (one - b2), i, shape))
        eps = convert_to_tensor(self._epsilon, dtype=dt)
        return [m_decayed, m_t, v_decayed, v_t,
                var.assign_sub(alpha * m_t / (_sqrt(v_t) + eps))]

    def _finish(self, updates):
        # after every variable's update in program order, as TF's control dependencies order them
        b1p, b2p = self._powers
        dt = b1p.dtype
        return list(updates) + [b1p.assign(b1p * convert_to_tensor(self._beta1, dtype=dt)),
                                b2p.assign(b2p * convert_to_tensor(self._beta2, dtype=dt))]


def _deduplicated(grad):
    """IndexedSlices with each row named once (repeated rows summed), as TF1's optimizers pass
    them to their sparse kernels."""
    unique, position = unique_op(grad.indices)
    values = unsorted_segment_sum(grad.values, position, shape(unique)[0])
    return IndexedSlices(values, unique, grad.dense_shape)


@export("compat.v1.train.get_or_create_global_step")
def get_or_create_global_step(graph=None):
    """The int64 ``global_step`` variable of the graph (created at 0 the first time)."""
    graph = graph or get_default_graph()
    for v in graph.get_collection(GLOBAL):
        if v.name == "global_step:0":
            return v
    tracer = graph_tracer()
    with _Unscoped(tracer):
        return Variable(convert_to_tensor(0, dtype=_dt.int64), trainable=False,
                        name="global_step")


@export("compat.v1.train.get_global_step")
def get_global_step(graph=None):
    graph = graph or get_default_graph()
    for v in graph.get_collection(GLOBAL):
        if v.name == "global_step:0":
            return v
    return None
