"""``tf.GradientTape``: the user-facing recorder, and gradients, Jacobians and batch Jacobians.

Entering the tape pushes it on this thread's stack (tape.py); ``gradient`` runs ``backward.py`` over
what it recorded and returns gradients in the structure of the sources.
"""

import numpy as np

from ..engine.device import xp_of
from .. import dtypes as _dt
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from ..errors import InvalidArgumentError
from .._nest import flatten as _flatten, pack as _pack
from ..engine.primitive import DIFFERENTIABLE
from ..ops.core import stack_tensors as _stack, reshape_to
from ..ops.cast import ones_like as _ones_like_op, zeros_like as _zeros_like_op
from .tape import Tape, push_tape, pop_tape, sync
from .backward import backward

__all__ = ["GradientTape", "UnconnectedGradients"]


_NOT_ENTERED = ("A non-persistent GradientTape can only be used to compute one set of gradients "
                "(or jacobians)")


class UnconnectedGradients:
    """What ``gradient`` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _key(x):
    if isinstance(x, VariableBase):
        return id(x._handle)
    return id(x)


def _is_float(x):
    if type(x) is Tensor:
        return x._v.dtype in DIFFERENTIABLE
    d = x.dtype
    return d.is_floating or d.is_complex


class GradientTape:
    """Records operations for automatic differentiation (``tf.GradientTape``)."""

    __slots__ = ("_persistent", "_watch_accessed_variables", "_tape", "_recording", "_entered",
                 "_watched_variables")

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._tape = None
        self._recording = False
        self._entered = False
        self._watched_variables = ()

    def __enter__(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an "
                             "already-active tape.")
        tape = self._tape
        if tape is None or tape.used:
            tape = self._tape = Tape(self._persistent, self._watch_accessed_variables)
        self._entered = True
        tape._recording = True
        push_tape(tape)
        self._recording = True
        return self

    def __exit__(self, typ, val, tb):
        if self._recording:
            pop_tape(self._tape)
            self._recording = False

    def watch(self, tensor):
        """Ensures ``tensor`` (a tensor, variable or nested structure of them) is traced."""
        if self._tape is None:
            self._tape = Tape(self._persistent, self._watch_accessed_variables)
        tape = self._tape
        for t in _flatten(tensor, []):
            if isinstance(t, VariableBase):
                h = t._handle
                tape.watch(h)
                tape.variables.setdefault(id(h), t)
                continue
            if not isinstance(t, Tensor):
                raise ValueError("Passed in object %s of type %r, not tf.Tensor or tf.Variable or "
                                 "ExtensionType." % (t, type(t).__name__))
            if not _is_float(t):
                import logging  # (only here: keeps it off the import path)
                logging.getLogger("tensorflow").warning(
                    "The dtype of the watched tensor must be floating (e.g. tf.float32), got %r",
                    t.dtype)
                continue
            tape.watch(t)

    class _StopRecording:
        __slots__ = ("_gtape", "_tape", "_prev")

        def __init__(self, gtape):
            self._gtape = gtape

        def __enter__(self):  # TF's checks run when the block is entered
            g = self._gtape
            if g._tape is None or g._tape.used:
                raise RuntimeError("Trying to stop recording a tape which is not recording.")
            if not g._recording:
                raise ValueError("Tape is not recording.")
            self._tape = g._tape
            self._prev = self._tape.recording
            self._tape.recording = False

        def __exit__(self, *exc):
            self._tape.recording = self._prev

    def stop_recording(self):
        """A context manager inside which ops are not recorded on this tape."""
        return GradientTape._StopRecording(self)

    def reset(self):
        """Clears everything recorded so far (the tape keeps recording if it was)."""
        if self._tape is not None:
            self._tape.clear()

    def watched_variables(self):
        """The variables this tape watches, in the order first watched."""
        if self._tape is not None and not self._tape.used:
            self._watched_variables = tuple(self._tape.variables.values())
        return self._watched_variables

    def _check_usable(self):
        if self._tape is None or self._tape.used:
            raise RuntimeError(_NOT_ENTERED if not self._persistent else
                               "GradientTape.gradient can only be called once on non-persistent "
                               "tapes.")

    def _done(self):
        if not self._persistent:
            tape = self._tape
            self._watched_variables = tuple(tape.variables.values())
            tape.used = True
            tape.clear()
            if tape._recording:
                tape._recording = False
                if tape.pushed:
                    sync()

    def _backward(self, targets, seeds):
        """Runs backward with this tape not recording (its own backward pass is not recorded)."""
        tape = self._tape
        was = tape._recording
        if not (was and tape.pushed):  # not on a stack (the usual case: after the block)
            return backward(tape, targets, seeds)
        tape.recording = False
        try:
            return backward(tape, targets, seeds)
        finally:
            tape.recording = was

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradient of target (summed if non-scalar, or a list) w.r.t. sources, in their structure."""
        self._check_usable()
        if target is None:
            raise TypeError("Argument `target` should be a list or nested structure of Tensors, "
                            "Variables or CompositeTensors to be differentiated, but received None.")
        unconnected = "none" if unconnected_gradients is UnconnectedGradients.NONE else \
            _unconnected(unconnected_gradients)
        tt = type(target)
        if (tt is Tensor or isinstance(target, (Tensor, VariableBase))) and \
                output_gradients is None:
            t = _read(target)
            if not _is_float(t):
                flat_targets, seeds = [], []
            else:
                flat_targets = [target]
                seeds = [_ones_for(t)]
        else:
            flat_targets, seeds = self._targets(target, output_gradients, sources)
        ts = type(sources)
        if sources is None:
            raise TypeError("Cannot convert the argument `type_value`: None to a TensorFlow DType.")
        if ts is Tensor or isinstance(sources, (Tensor, VariableBase)):
            flat_sources = [sources]
            structured = False
        else:
            structured = True
            if ts is list:  # the usual case: a flat list of variables/tensors
                flat_sources = sources
                for s in sources:
                    if type(s) is not Tensor and not isinstance(s, (Tensor, VariableBase)):
                        flat_sources = _flatten(sources, [])
                        break
                else:
                    structured = None  # flat: the gradients are returned as a new list
            else:
                flat_sources = _flatten(sources, [])
            if structured:
                for s in flat_sources:
                    _check_source(s)
        grads = self._backward(flat_targets, seeds)
        out = []
        get = grads.get
        for s in flat_sources:
            if type(s) is Tensor:
                g = get(id(s))
                if g is not None and s._v.dtype not in DIFFERENTIABLE:
                    g = None
            else:
                g = get(_key(s))
                if g is not None and not _is_float(s):
                    g = None
            if g is None and unconnected == "zero":
                g = _zeros_for(s)
            out.append(g)
        self._done()
        if structured:
            return _pack(sources, out)
        return out if structured is None else out[0]

    def _targets(self, target, output_gradients, sources):
        flat_targets = _flatten(target, [])
        bad = [t for t in flat_targets if not isinstance(t, (Tensor, VariableBase))]
        if bad:  # TF's order: the targets' dtypes, the sources' dtypes, then '_id'
            for t in bad:
                _dt.as_dtype(getattr(t, "dtype", t))
            for src in _flatten(sources, []):
                if not isinstance(src, (Tensor, VariableBase)):
                    _dt.as_dtype(getattr(src, "dtype", src))
            _check_source(bad[0])
        if output_gradients is not None:
            ogs = _flatten(output_gradients, [])
            if len(ogs) < len(flat_targets):
                raise ValueError("Mismatch in the number of targets and output_gradients")
        else:
            ogs = [None] * len(flat_targets)
        targets, seeds = [], []
        for t, og in zip(flat_targets, ogs):
            tv = _read(t)
            if not _is_float(tv):
                continue  # integer targets carry no gradient (TF returns None)
            targets.append(t)
            if og is None:
                seeds.append(_ones_for(tv))
                continue
            og = convert_to_tensor(og, dtype=tv.dtype)
            if tv._v.ndim == 0 and og._v.size != 1:
                # TF's backward reshapes a scalar's gradient to its shape; other mismatches
                # surface in the ops of the backward pass (e.g. Mul's "Incompatible shapes")
                raise InvalidArgumentError(None, "Reshape", (
                    "Input to reshape is a tensor with %d values, but the requested shape has 1 "
                    "[Op:Reshape]") % og._v.size)
            seeds.append(og)
        return targets, seeds

    def _check_jacobian(self, what, use_pfor):
        self._check_usable()
        if not use_pfor and not self._persistent:
            raise RuntimeError("GradientTape must be created with persistent=True to compute the "
                               "%s with eager execution enabled and with  "
                               "experimental_use_pfor set to False." % what)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i...] / d source[j...], shaped target.shape + source.shape, per source."""
        self._check_jacobian("jacobian", experimental_use_pfor)
        unconnected = _unconnected(unconnected_gradients, experimental_use_pfor)
        t = _shaped(target)
        flat_sources = _flatten(sources, [])
        for src in flat_sources:
            _check_source(src)
        tshape = t._v.shape
        n = t._v.size
        rows = [[] for _ in flat_sources]
        if _is_float(t):
            for i in range(n):
                seed = np.zeros(n, t._v.dtype)
                seed[i] = 1
                grads = self._backward([target], [wrap(seed.reshape(tshape))])
                for k, s in enumerate(flat_sources):
                    rows[k].append(_dense(grads.get(_key(s))))
        else:
            rows = [[None] * n for _ in flat_sources]
        out = []
        for s, r in zip(flat_sources, rows):
            sv = _read(s)
            full = tshape + sv._v.shape
            if n == 0 and _is_float(t) and _is_float(sv):  # an empty Jacobian (TF: zeros)
                out.append(wrap(np.zeros(full, sv._v.dtype)))
                continue
            if all(g is None for g in r) or not _is_float(sv):
                out.append(None if unconnected == "none" else wrap(np.zeros(full, sv._v.dtype)))
                continue
            r = [g if g is not None else _zeros_for(sv) for g in r]
            out.append(reshape_to(_stack(r), shape=full))
        self._done()
        return _pack(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: [B] + target.shape[1:] + source.shape[1:].

        Examples are assumed independent (as TF's does), so one backward pass with the seed
        ``1`` at position j of every example gives row j of all B Jacobians at once."""
        self._check_jacobian("batch_jacobian", experimental_use_pfor)
        unconnected = _unconnected(unconnected_gradients, experimental_use_pfor)
        t = _shaped(target)
        # TF: target.shape.dims[0] (IndexError for a scalar), both ranks >= 2, then the batch
        if t._v.ndim == 0:
            raise IndexError("list index out of range")
        if t._v.ndim < 2:
            raise ValueError("Shape %s must have rank at least 2" % (tuple(t._v.shape),))
        s = _shaped(source)
        if s._v.ndim < 2:
            raise ValueError("Shape %s must have rank at least 2" % (tuple(s._v.shape),))
        if t._v.shape[0] != s._v.shape[0]:
            raise ValueError("Need first dimension of target shape (%s) and source shape (%s) to "
                             "match." % (tuple(t._v.shape), tuple(s._v.shape)))
        b = t._v.shape[0]
        ty, sx = t._v.shape[1:], s._v.shape[1:]
        ny = int(np.prod(ty, dtype=np.int64))
        rows = []
        if _is_float(t):
            for j in range(ny):
                seed = np.zeros((b, ny), t._v.dtype)
                seed[:, j] = 1
                grads = self._backward([target], [wrap(seed.reshape(t._v.shape))])
                rows.append(_dense(grads.get(_key(source))))
        full = (b,) + ty + sx
        if not rows or all(g is None for g in rows) or not _is_float(s):
            self._done()
            return None if unconnected == "none" else wrap(np.zeros(full, s._v.dtype))
        rows = [g if g is not None else _zeros_for(s) for g in rows]
        # rows[j] has the source's shape [B, *sx]: stack on axis 1 -> [B, ny, *sx]
        out = reshape_to(_stack(rows, axis=1), shape=full)
        self._done()
        return out


def _check_source(s):
    """TF's errors for a source (or target) that is not a tensor or variable: its dtype is looked
    up (TypeError for None or a string), then its tape id (AttributeError)."""
    if not isinstance(s, (Tensor, VariableBase)):
        _dt.as_dtype(getattr(s, "dtype", s))
        raise AttributeError("%r object has no attribute '_id'" % type(s).__name__)


def _shaped(x):
    """A tensor or variable's value; TF reads ``x.shape`` (AttributeError for anything else)."""
    if isinstance(x, VariableBase):
        return x._read()
    if not isinstance(x, Tensor):
        raise AttributeError("%r object has no attribute 'shape'" % type(x).__name__)
    return x


def _read(x):
    return x._read() if isinstance(x, VariableBase) else x


def _dense(g):
    """A Jacobian row: IndexedSlices (a gather's gradient) as the dense tensor (TF's is dense)."""
    return g if g is None or isinstance(g, Tensor) else convert_to_tensor(g)


def _run_time_shape(t):
    """Whether ``t`` is a graph tensor whose shape is known only when the graph runs (its
    example value's shape would freeze the first call's batch size into the graph)."""
    return type(t) is not Tensor and not t.shape.is_fully_defined()


def _ones_for(t):
    """The seed gradient of target ``t``: ones of its shape."""
    if _run_time_shape(t):
        return _ones_like_op(t)
    shape = t._v.shape
    if type(t._v) is not np.ndarray:  # a device array: the seed on its device
        return wrap(xp_of(t._v).ones(shape, t._v.dtype))
    return wrap(np.ones(shape, t._v.dtype) if shape else np.array(1, t._v.dtype))


def _zeros_for(s):
    s = _read(s)
    if _run_time_shape(s):
        return _zeros_like_op(s)
    return wrap(xp_of(s._v).zeros(s._v.shape, s._v.dtype))


def _unconnected(u, pfor=False):
    v = getattr(u, "value", u)
    v = str(v).lower()
    if v not in ("none", "zero"):
        if pfor:  # TF's (batch_)jacobian fails inside its vectorized loop
            raise ValueError("Encountered an exception while vectorizing the jacobian computation. "
                             "Vectorization can be disabled by setting experimental_use_pfor to "
                             "False.")
        raise ValueError("Unknown value for unconnected_gradients: %r" % (u,))
    return v
