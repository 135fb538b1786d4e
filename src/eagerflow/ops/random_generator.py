"""tf.random.Generator and the stateless seed helpers (tf.random.split, tf.random.fold_in).

A Generator holds its state in an int64 variable laid out as TF's Philox state ([counter low,
counter high, key]; ThreeFry: [counter, key]). Every draw reads the state, samples with a stateless
op given that state as its Philox key and counter (so the numbers are TF's Stateful* kernels'),
and writes the state back with the counter 256 calls further per element drawn, as TF's kernels
advance it (a 128-bit add, with the carry into the high word). The draws are made of existing
primitives: the state is an op input and a traced tf.function draws fresh numbers on every run.
ThreeFry generators keep TF's state layout; drawing from one raises TF's CPU error.
"""
import os
import sys

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..errors import UnimplementedError
from ..tensor import Tensor, constant, convert_to_tensor
from .cast import cast
from .comparison import greater_equal, less, logical_and
from .elementwise import add, maximum, multiply
from .random import (stateless_normal, stateless_truncated_normal, stateless_uniform,
                     PhiloxState, _shape, _stateless_seed, _stateless_full_int_p)
from .bitcast import bitcast
from .indexing import where
from .shape_ops import concat, reshape, stack
from . import philox as _ph

_PHILOX, _THREEFRY, _AUTO = 1, 2, 3
_STATE_SIZE = {_PHILOX: 3, _THREEFRY: 2}
_MASK = (1 << 64) - 1


def _alg(alg):
    if alg is None or alg in ("auto_select", _AUTO, "philox", _PHILOX):
        return _PHILOX
    if alg in ("threefry", _THREEFRY):
        return _THREEFRY
    if hasattr(alg, "value") and alg.value in (_PHILOX, _THREEFRY, _AUTO):  # tf.random.Algorithm
        return _alg(alg.value)
    raise ValueError("Argument `alg` got unsupported value %s. Supported values are philox for the "
                     "Philox algorithm, threefry for the ThreeFry algorithm, and auto_select for "
                     "auto-selection." % (alg,))


def _words(seed, n):
    """An integer seed as n int64 words, little-endian two's complement (TF's layout: 1 ->
    [1, 0, 0], -1 -> [-1, -1, -1])."""
    seed = int(seed)
    out = [(seed >> (64 * k)) & _MASK for k in range(n)]
    return np.array([w - (1 << 64) if w >= 1 << 63 else w for w in out], np.int64)


def _variable(value):
    from ..variables import Variable  # variables imports the ops package: read it at call time
    return Variable(value, trainable=False, name="StateVar", dtype=_dt.int64)


@export("random.Generator")
class Generator:
    """A random number generator with its state in a variable (TF's tf.random.Generator)."""

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            self._alg = copy_from._alg
            self._state_var = _variable(copy_from._state_var.read_value())
        else:
            self._alg = _alg(alg)
            self._state_var = _variable(self._checked_state(state))
        dist = sys.modules.get("eagerflow.distribute")  # (no strategy before it is loaded)
        self._strategy = dist.get_strategy() if dist is not None else None
        if self._strategy is not None:
            self._strategy._mirrored.append(self._state_var)

    def _checked_state(self, state):
        v = np.asarray(convert_to_tensor(state, dtype=_dt.int64)._v if not isinstance(
            state, Tensor) else state._v).astype(np.int64)
        n = _STATE_SIZE[self._alg]
        if v.shape != (n,):
            raise ValueError("Shapes %s and [%d] are incompatible" % (v.shape, n))
        return v

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose state comes from an integer seed."""
        a = _alg(alg)
        return cls(state=_words(seed, _STATE_SIZE[a]), alg=a)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from the operating system's entropy."""
        return cls.from_seed(int.from_bytes(os.urandom(16), "little"), alg)

    @classmethod
    def from_state(cls, state, alg):
        """A generator with the given state vector."""
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator from a key (scalar) and a counter ([2] Philox, [1] ThreeFry)."""
        c = np.asarray(counter, np.int64).reshape(-1)
        return cls(state=np.concatenate([c, np.asarray([key], np.int64).reshape(-1)]), alg=alg)

    # -- state ------------------------------------------------------------------------------------
    def _trackable_children(self):
        """A checkpoint holds the state variable (as TF's ``_state_var`` dependency)."""
        return {"_state_var": self._state_var}

    @property
    def state(self):
        """The state variable (int64)."""
        return self._state_var

    @property
    def algorithm(self):
        """The algorithm's id (1: Philox, 2: ThreeFry)."""
        return self._alg

    @property
    def key(self):
        """The key: the last word of the state."""
        return self._state_var.read_value()[-1]

    def reset(self, state):
        """Sets the state vector."""
        self._state_var.assign(self._checked_state(state))

    def reset_from_seed(self, seed):
        """Resets the state as from_seed would."""
        self._state_var.assign(_words(seed, _STATE_SIZE[self._alg]))

    def reset_from_key_counter(self, key, counter):
        """Resets the state from a key and a counter."""
        c = np.asarray(counter, np.int64).reshape(-1)
        self.reset(np.concatenate([c, np.asarray([key], np.int64).reshape(-1)]))

    def skip(self, delta):
        """Advances the counter as ``delta`` drawn elements would (256 calls each)."""
        self._check_device_alg()
        self._advance(self._state_var.read_value(), int(delta) * _ph.RESERVED_PER_OUTPUT)

    def _check_device_alg(self):
        if self._alg == _THREEFRY:  # TF's CPU kernels have Philox only
            raise UnimplementedError(None, "RngReadAndSkip", "Non-XLA devices don't support the "
                                     "ThreeFry algorithm. [Op:RngReadAndSkip]")

    def _advance(self, state, calls):
        """Writes ``state`` back with its counter ``calls`` further: the low word wraps and
        carries into the high word (Philox's 128-bit counter; ThreeFry's counter has one word)."""
        step = np.zeros(_STATE_SIZE[self._alg], np.int64)
        step[0] = calls
        new = add(state, step)
        if self._alg == _PHILOX and calls:
            carry = cast(logical_and(less(state[:1], 0), greater_equal(new[:1], 0)), _dt.int64)
            new = add(new, multiply(carry, np.array([0, 1, 0], np.int64)))
        self._state_var.assign(new)

    def _draw(self, fn, shape, *args):
        """fn(shape, source, *args) with the state as the Philox source, then the state moves on
        by 256 calls per element."""
        self._check_device_alg()
        state = self._state_var.read_value()
        out = fn(shape, PhiloxState(self._replica_key(state)), *args)
        n = 1
        for d in _shape(shape, None):
            n *= d
        self._advance(state, n * _ph.RESERVED_PER_OUTPUT)
        return out

    def _replica_key(self, state):
        """The state to draw from: in a replica of a strategy (this generator made in its
        scope), the key is hashed with the replica id (a full-range uint64 drawn with counter
        [id, 0]), as TF's. The id is read when the draw runs, so traced draws follow it."""
        if self._strategy is None:
            return state
        rid = sys.modules["eagerflow.distribute"].replica_id_variable().read_value()
        source = stack([maximum(rid, 0), constant(0, _dt.int64), state[-1]])
        key = bitcast(stateless_uniform([1], PhiloxState(source), None, None, _dt.uint64),
                      _dt.int64)
        key = where(greater_equal(rid, 0), key, state[-1:])
        return concat([state[:-1], key], 0)

    # -- draws ------------------------------------------------------------------------------------
    def normal(self, shape, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None):
        """Normal samples."""
        return self._draw(stateless_normal, shape, mean, stddev, dtype)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None):
        """Normal samples truncated to two standard deviations."""
        return self._draw(stateless_truncated_normal, shape, mean, stddev, dtype)

    def uniform(self, shape, minval=0, maxval=None, dtype=_dt.float32, name=None):
        """Uniform samples in [minval, maxval) (integers: both bounds or neither)."""
        dt = _dt.as_dtype(dtype)
        if dt.is_integer and (minval is None) != (maxval is None):
            raise ValueError("For integer dtype %s, minval and maxval must be both `None` or both "
                             "non-`None`; got minval=%s and maxval=%s" % (dt, minval, maxval))
        if not (dt.is_integer or dt.is_floating):
            raise TypeError("Cannot convert %r to EagerTensor of dtype %s" % (minval, dt.name))
        return self._draw(stateless_uniform, shape, minval, maxval, dt)

    def uniform_full_int(self, shape, dtype=_dt.uint64, name=None):
        """Integers over dtype's whole range."""
        return self._draw(stateless_uniform, shape, None, None, _dt.as_dtype(dtype))

    def make_seeds(self, count=1):
        """[2, count] int64 seeds for stateless ops: full-range int64 keys over zeros."""
        keys = self.uniform_full_int([int(count)], _dt.int64)
        return stack([keys, multiply(keys, 0)])

    def split(self, count=1):
        """count new generators: each key a full-range int64 drawn from this one, counters 0."""
        keys = self.uniform_full_int([int(count)], _dt.int64)._v
        pad = [0] * (_STATE_SIZE[self._alg] - 1)
        return [Generator(state=pad + [int(k)], alg=self._alg) for k in keys]


_global = [None]


@export("random.get_global_generator")
def get_global_generator():
    """The process-wide generator (made on first use from the global seed, if one is set)."""
    if _global[0] is None:
        from .random_stateful import STATE
        seed = STATE.global_seed
        _global[0] = Generator.from_non_deterministic_state() if seed is None else \
            Generator.from_seed(seed)
    return _global[0]


@export("random.set_global_generator")
def set_global_generator(generator):
    """Replaces the process-wide generator."""
    _global[0] = generator


# ---------------------------------------------------------------------------------------------
# stateless seed helpers

@export("random.split")
def split(seed, num=2, alg="auto_select"):
    """num new [2] seeds from a [2] seed, as a [num, 2] tensor of the seed's dtype."""
    sd = _stateless_seed(seed)
    dt = _dt.int64 if sd.dtype is _dt.int64 else _dt.int32
    return _stateless_full_int_p(sd, shape=(int(num), 2), dtype=dt)


@export("random.fold_in")
def fold_in(seed, data, alg="auto_select"):
    """A new [2] seed from a [2] seed and an integer."""
    sd = _stateless_seed(seed)
    dt = _dt.int64 if sd.dtype is _dt.int64 else _dt.int32
    mixed = _stateless_full_int_p(sd, shape=(1,), dtype=dt)
    return stack([reshape(mixed, []), convert_to_tensor(data, dtype=dt)])

