"""TF's seeds and kernel streams for the stateful random ops (tf.random.uniform, normal, ...).

``tf.random.set_seed`` and an op's ``seed=`` become the two integer attributes (seed, seed2) of a
Philox kernel, by TF's rules (``get_seed``): global seed and op seed both taken modulo 2**31 - 1;
a missing op seed comes, eagerly, from a Python ``random.Random(global seed)`` (TF's eager
context draws it the same way) and, while a function is traced, from a counter per graph; a
missing global seed with an op seed is 87654321; neither gives a random stream.

A ``Stream`` is one kernel's Philox state: key = seed, counter = seed2 << 64, and each call
reserves 256 counters per element it fills. Eagerly, TF keeps one kernel per (op, dtype, seed,
seed2), so repeated calls with the same seeds continue one stream; a traced function's ops each own
one (made at trace time, advanced on every run). ``set_seed`` restarts them all.

The stream is the op's ``stream`` attribute, so the draw is an ordinary primitive whose state is an
explicit attribute: a traced graph draws fresh numbers on every run, and tracing (which runs
``trace_fwd``) draws none.
"""
import os
import weakref

import numpy as np

from ..engine.primitive import Primitive, current_tracer
from . import philox as _ph

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1


class _SeedState:
    """The process-wide seed state (TF's eager context): global seed, the Random that picks op
    seeds, the eager kernels' streams, and an epoch that ``set_seed`` advances."""

    __slots__ = ("global_seed", "op_seeds", "kernels", "epoch", "graph_seeds")

    def __init__(self):
        self.global_seed = None
        self.op_seeds = None  # a random.Random once set_seed gives a global seed (only read then)
        self.kernels = {}
        self.epoch = 0
        self.graph_seeds = weakref.WeakKeyDictionary()  # traced graph -> its next op seed


STATE = _SeedState()


def set_global_seed(seed):
    """tf.random.set_seed: a new global seed; every kernel's stream starts over."""
    s = STATE
    if seed is not None:
        try:
            hash(seed)
        except TypeError:
            seed = int(np.asarray(seed))
    s.global_seed = seed
    import random  # TF picks op seeds with Python's Random; imported here, not at import time
    s.op_seeds = random.Random(seed)
    s.kernels = {}
    s.epoch += 1


def get_seed(op_seed):
    """TF's (seed, seed2) for an op with op-level seed ``op_seed``: (None, None) for a random
    stream."""
    s = STATE
    tracer = current_tracer()
    g = s.global_seed
    if g is not None:
        if op_seed is None:
            if tracer is None:
                op_seed = s.op_seeds.randint(0, _MAXINT32)
            else:
                graph = getattr(tracer, "graph", tracer)  # a listener without a graph: itself
                op_seed = s.graph_seeds.get(graph, 0)
                s.graph_seeds[graph] = op_seed + 1
        seeds = int(g) % _MAXINT32, int(op_seed) % _MAXINT32
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, int(op_seed) % _MAXINT32
    else:
        return None, None
    return (0, _MAXINT32) if seeds == (0, 0) else seeds


class Stream:
    """One kernel's Philox generator: ``reserve(n)`` returns the (key, counter) to fill n elements
    from and moves the counter past the 256 * n calls TF reserves for them."""

    __slots__ = ("key", "start", "counter", "epoch")

    def __init__(self, seed, seed2):
        if seed is None or (seed == 0 and seed2 == 0):  # TF: random seeds for the kernel
            seed, seed2 = (int.from_bytes(os.urandom(8), "little") for _ in range(2))
        self.key, self.start = _ph.from_seeds(seed, seed2)
        self.counter = self.start
        self.epoch = STATE.epoch

    def reserve(self, n, per_element=_ph.RESERVED_PER_OUTPUT):
        if self.epoch != STATE.epoch:  # set_seed since: the kernel starts over
            self.epoch = STATE.epoch
            self.counter = self.start
        c = self.counter
        self.counter = _ph.skip(c, int(n) * per_element)
        return self.key, c

    def __repr__(self):
        return "<philox stream>"


def stream(op, dtype, op_seed):
    """The stream an op call draws from: eagerly the cached kernel's for its seeds, while tracing
    a new one for the graph node."""
    seed, seed2 = get_seed(op_seed)
    if current_tracer() is not None:
        return Stream(seed, seed2)
    cache_key = (op, dtype, seed, seed2)
    k = STATE.kernels.get(cache_key)
    if k is None:
        k = Stream(seed, seed2)
        if op_seed is not None or seed is None:  # op seeds drawn from the global seed never recur
            STATE.kernels[cache_key] = k
    return k


def sampler(name, draw, trace_out, value_shape=False):
    """A non-differentiable, stateful primitive ``name`` computing ``draw(stream, *arrays,
    **attrs)``; while traced it runs ``trace_out(*arrays, **attrs)`` (same dtype and shape, no
    draw). ``value_shape``: the output's shape follows an input's value (a run-time shape)."""
    def fwd(*arrays, stream, **attrs):
        return draw(stream, *arrays, **attrs)

    def trace_fwd(*arrays, stream, **attrs):
        return trace_out(*arrays, **attrs)
    fwd.__name__ = name
    prim = Primitive(name, fwd, match=(), differentiable=False, stateful=True,
                     value_shape=value_shape)
    prim.trace_fwd = trace_fwd
    return prim
