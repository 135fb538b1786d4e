"""tf.distribute on one host: MirroredStrategy runs a function once per replica, one after the
other, and gathers the results as PerReplica values (TF runs the replicas in threads, each on its
own device; eagerflow's devices are the host's logical CPUs, so running them in turn gives the
same values).

What replicas share is TF's: a tf.random.Generator made in a strategy's scope is mirrored (every
replica starts a run from the same state and draws from a key hashed with its replica id, as TF's
Generator._preprocess_key does); one made outside it is one generator the replicas draw from in
turn.
"""
import contextlib
import enum

from . import nest
from .ops.elementwise import add, divide
from .ops.reduction import reduce_sum
from .tensor import constant

__all__ = ["MirroredStrategy", "PerReplica", "ReduceOp", "ReplicaContext", "get_strategy",
           "has_strategy", "in_cross_replica_context", "get_replica_context"]

# the strategy whose scope is entered (innermost last) and the running replica's id
_STACK = []
_REPLICA = [None]


class ReduceOp(enum.Enum):
    SUM = "SUM"
    MEAN = "MEAN"


class PerReplica:
    """One value per replica (the result of Strategy.run)."""

    def __init__(self, values):
        self.values = tuple(values)

    def __str__(self):
        return "PerReplica:{\n%s\n}" % ",\n".join(
            "  %d: %s" % (i, v) for i, v in enumerate(self.values))

    def __repr__(self):
        return "PerReplica:{\n%s\n}" % ",\n".join(
            "  %d: %r" % (i, v) for i, v in enumerate(self.values))


class ReplicaContext:
    """What a replica's function sees of its strategy (tf.distribute.get_replica_context())."""

    def __init__(self, strategy, replica_id):
        self.strategy = strategy
        self._id = replica_id

    @property
    def replica_id_in_sync_group(self):
        return constant(self._id)

    @property
    def num_replicas_in_sync(self):
        return 1 if self.strategy is None else self.strategy.num_replicas_in_sync


class MirroredStrategy:
    """Synchronous replicas on this host's devices (default: one, the CPU)."""

    def __init__(self, devices=None, cross_device_ops=None):
        self._devices = tuple(devices) if devices else ("/device:CPU:0",)
        self._mirrored = []  # the state variables of generators made in this scope

    @property
    def num_replicas_in_sync(self):
        return len(self._devices)

    @property
    def extended(self):
        return self

    @contextlib.contextmanager
    def scope(self):
        """Makes this the current strategy."""
        _STACK.append(self)
        try:
            yield self
        finally:
            _STACK.pop()

    def run(self, fn, args=(), kwargs=None, options=None):
        """fn(*args, **kwargs) once per replica (PerReplica arguments give each replica its
        value); the results gathered per replica, one value where all replicas gave the same."""
        kwargs = kwargs or {}
        start = [v.read_value() for v in self._mirrored]
        outs = []
        with self.scope():
            for r in range(self.num_replicas_in_sync):
                for v, s in zip(self._mirrored, start):
                    v.assign(s)
                a, k = nest.map_structure(lambda x: x.values[r] if isinstance(
                    x, PerReplica) else x, (tuple(args), kwargs))
                replica_id_variable().assign(r)
                _REPLICA.append(r)
                try:
                    outs.append(fn(*a, **k))
                finally:
                    _REPLICA.pop()
                    replica_id_variable().assign(-1 if _REPLICA[-1] is None else _REPLICA[-1])
        if len(outs) == 1:
            return outs[0]
        return nest.map_structure(
            lambda *vs: vs[0] if all(v is vs[0] for v in vs) else PerReplica(vs), *outs)

    def reduce(self, reduce_op, value, axis):
        """The replicas' values summed or averaged (over ``axis`` of each too, unless None)."""
        op = ReduceOp(getattr(reduce_op, "value", reduce_op))
        vals = value.values if isinstance(value, PerReplica) else (value,) * \
            self.num_replicas_in_sync
        count = len(vals)
        if axis is not None:
            count = sum(int(v.shape[axis]) for v in vals)
            vals = [reduce_sum(v, axis) for v in vals]
        total = vals[0]
        for v in vals[1:]:
            total = add(total, v)
        return total if op is ReduceOp.SUM else divide(total, count)

    def experimental_local_results(self, value):
        return value.values if isinstance(value, PerReplica) else (value,)


def get_strategy():
    """The strategy whose scope is entered (None outside every scope: TF's default strategy
    is not modelled)."""
    return _STACK[-1] if _STACK else None


def has_strategy():
    return bool(_STACK)


def in_cross_replica_context():
    return bool(_STACK) and _REPLICA[-1] is None


def get_replica_context():
    """The running replica's context (None in a strategy's scope outside its run)."""
    if _REPLICA[-1] is None:
        return None if _STACK else ReplicaContext(None, 0)
    return ReplicaContext(_STACK[-1], _REPLICA[-1])


_ID = []  # the running replica's id (-1: none) as an int64 variable a traced function reads


def replica_id_variable():
    """The variable holding the running replica's id, -1 outside Strategy.run: a function
    traced in one replica reads the id of the replica that runs it (TF traces per replica)."""
    if not _ID:
        from .variables import Variable  # (variables imports the ops package)
        _ID.append(Variable(-1, trainable=False, dtype="int64", name="replica_id"))
    return _ID[0]
