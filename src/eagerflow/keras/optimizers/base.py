"""Keras 3's ``Optimizer``: state, gradient clipping, weight decay, EMA and the apply loop.

Subclasses declare their per-variable state (``_slot_names``) and write their update formula once,
in ``_update`` over eagerflow ops (kernels.py). Called eagerly, ``apply`` traces its whole step
into a ``tf.function`` once per set of variables (and gradient dtypes) and runs that: attributes
read while tracing (``weight_decay``, ``clipnorm``, a callable learning rate's Python value ...) are
fixed from then on, as in a Keras train step under ``tf.function``; setting ``learning_rate`` to a
schedule retraces.
"""
import re
import warnings

import numpy as np

import eagerflow as tf

from .. import _tracking
from .._state_variables import state_variable, auto_name, snake_case, reference_name
from .kernels import SlicesMath, array_of, math_for
from .schedules import LearningRateSchedule, deserialize as _deserialize_schedule
from .schedules import serialize as _serialize_schedule

_LR_ERROR = ("Argument `learning_rate` should be float, or an instance of LearningRateSchedule, "
             "or a callable (that takes in the current iteration value and returns the "
             "corresponding learning rate value). Received instead: learning_rate=%s")


COMMON_ARGS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
               "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
               "name")


def common_args(arguments):
    """The base optimizer's keyword arguments out of a subclass's ``locals()``."""
    return {k: arguments[k] for k in COMMON_ARGS}


class Optimizer:
    """The base of Keras 3's optimizers (``tf.keras.optimizers.Optimizer``)."""

    _slot_names = ()  # per-variable state, created for every variable, group after group

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            raise ValueError("Argument(s) not recognized: %s" % (kwargs,))
        if sum(x is not None for x in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
                             "set. Received: clipnorm=%s, clipvalue=%s, global_clipnorm=%s"
                             % (clipnorm, clipvalue, global_clipnorm))
        if gradient_accumulation_steps is not None:
            if not isinstance(gradient_accumulation_steps, int) or gradient_accumulation_steps < 2:
                raise ValueError("`gradient_accumulation_steps` must be an integer >= 2. "
                                 "Received: gradient_accumulation_steps=%s"
                                 % (gradient_accumulation_steps,))
        if use_ema:
            if not 0 <= ema_momentum <= 1:
                raise ValueError("`ema_momentum` must be in the range [0, 1]. Received: "
                                 "ema_momentum=%s" % (ema_momentum,))
            if ema_overwrite_frequency is not None and (
                    not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1):
                raise ValueError("`ema_overwrite_frequency` must be an integer >= 1 or None. "
                                 "Received: ema_overwrite_frequency=%s" % (ema_overwrite_frequency,))
        self.name = auto_name(snake_case(type(self).__name__)) if name is None else name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._index = {}
        self._slots = []
        self._averages = []
        self._accumulators = []
        self._exclude_ids = set()
        self._exclude_names = ()
        self._compiled = {}
        self._iterations = self._state(0, tf.int64, "iteration")
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            try:
                lr = float(np.asarray(array_of(learning_rate) if isinstance(
                    learning_rate, (tf.Tensor, tf.Variable)) else learning_rate))
            except (TypeError, ValueError):
                raise ValueError(_LR_ERROR % (learning_rate,)) from None
            self._learning_rate = self._state(lr, tf.float32, "learning_rate")

    # -- state --------------------------------------------------------------------------------
    def _state(self, value, dtype, name):
        var = state_variable(value, dtype, self.name, name)
        self._variables.append(var)
        _tracking.flush_deferred(self)  # a checkpoint value may be waiting for it
        return var

    def _trackable_children(self):
        """What a checkpoint saves: Keras 3's names for the optimizer's state."""
        children = {"_variables": self._variables,
                    "_trainable_variables": self._trainable_variables,
                    "_iterations": self._iterations}
        if isinstance(self._learning_rate, tf.Variable):
            children["_learning_rate"] = self._learning_rate
        return children

    _defer_restore = _tracking.defer_restore

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """A new optimizer variable of ``shape`` (zeros or ones, or a callable initializer)."""
        dtype = tf.float32 if dtype is None else tf.as_dtype(dtype)
        shape = tuple(shape)
        if initializer == "zeros":
            value = np.zeros(shape, dtype.as_numpy_dtype)
        elif initializer == "ones":
            value = np.ones(shape, dtype.as_numpy_dtype)
        elif callable(initializer):
            value = initializer(shape, dtype=dtype)
        else:
            value = np.full(shape, initializer, dtype.as_numpy_dtype)
        return self._state(value, dtype, name or "variable")

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A variable shaped like ``reference_variable``, named ``<its path>_<name>``."""
        return self.add_variable(tuple(reference_variable.shape.as_list()), initializer,
                                 reference_variable.dtype,
                                 name="%s_%s" % (reference_name(reference_variable), name or "var"))

    def _slot_initializer(self, slot):
        return "zeros"

    def build(self, variables):
        """Creates the state for ``variables`` (once; Keras' ``optimizer.build(var_list)``)."""
        if self.built:
            return
        variables = list(variables)
        self._trainable_variables = variables
        _tracking.flush_deferred(self)
        self._index = {_key(v): i for i, v in enumerate(variables)}
        if self.use_ema:
            self._averages = [self.add_variable_from_reference(v, "average") for v in variables]
        if self.gradient_accumulation_steps:
            self._accumulators = [self.add_variable_from_reference(v, "gradient_accumulator")
                                  for v in variables]
        self._slots = [[] for _ in variables]
        for group in self._slot_names_for_build():
            for i, v in enumerate(variables):
                for slot in group:
                    self._slots[i].append(self.add_variable_from_reference(
                        v, slot, self._slot_initializer(slot)))
        self.built = True

    def _slot_names_for_build(self):
        """Groups of slot names: each group is created for every variable before the next."""
        return self._slot_names

    @property
    def variables(self):
        return list(self._variables)

    @property
    def iterations(self):
        """Steps applied (with gradient accumulation: the counter of calls // steps)."""
        if self.gradient_accumulation_steps:
            return self._iterations // self.gradient_accumulation_steps
        return self._iterations

    # -- learning rate --------------------------------------------------------------------------
    @property
    def learning_rate(self):
        return self._current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, LearningRateSchedule) or (
                callable(value) and not isinstance(value, (tf.Tensor, tf.Variable))):
            self._learning_rate = value
            self._compiled.clear()
        elif isinstance(self._learning_rate, LearningRateSchedule) or callable(
                self._learning_rate) and not isinstance(self._learning_rate, tf.Variable):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not settable. "
                "If you need the learning rate to be settable, you should instantiate the "
                "optimizer with a float `learning_rate` argument.")
        else:
            self._learning_rate.assign(tf.cast(value, tf.float32))

    def _current_learning_rate(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return lr(self.iterations)
        if isinstance(lr, tf.Variable):
            return lr
        return lr()  # a callable taking no argument, as Keras allows

    # -- applying -------------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies ``(gradient, variable)`` pairs; returns ``iterations``."""
        grads, variables = zip(*grads_and_vars) if grads_and_vars else ((), ())
        self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """One optimization step: ``grads[i]`` updates ``trainable_variables[i]``."""
        grads = list(grads)
        if trainable_variables is None:
            if not self.built:
                raise ValueError("When passing `grads` without `variables`, the optimizer must "
                                 "already be built on a list of variables. Call "
                                 "`optimizer.build(trainable_variables)` first.")
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError("Argument `grads` and `trainable_variables` must have the same "
                             "length. Received: len(grads)=%d, len(trainable_variables)=%d"
                             % (len(grads), len(trainable_variables)))
        pairs = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        if len(pairs) < len(grads):
            missing = [v.name for g, v in zip(grads, trainable_variables) if g is None]
            warnings.warn("Gradients do not exist for variables %s when minimizing the loss. If "
                          "using `model.compile()`, did you forget to provide a `loss` argument?"
                          % (missing,))
        if not self.built:
            self.build([v for _, v in pairs])
        for _, v in pairs:
            if _key(v) not in self._index:
                raise ValueError(
                    "Unknown variable: %r. This optimizer can only be called for the variables it "
                    "was originally built with. When working with a new set of variables, you "
                    "should recreate a new optimizer instance." % (v,))
        grads = [_slices(g, v) if isinstance(g, tf.IndexedSlices) else tf.convert_to_tensor(g)
                 for g, v in pairs]
        variables = [v for _, v in pairs]
        if tf.executing_eagerly():
            # Eagerly, the whole step runs as one traced graph per set of variables: eagerflow
            # runs a graph as generated NumPy code, fused across variables (a third of the
            # eager ops' time for Adam on an MLP), and the variables still change only through
            # their assign ops. IndexedSlices enter the graph as their three tensors.
            sliced = tuple(isinstance(g, tf.IndexedSlices) for g in grads)
            key = tuple([self._index[_key(v)] for v in variables] + [g.dtype for g in grads]) + \
                sliced
            step = self._compiled.get(key)
            if step is None:
                step = self._compiled[key] = tf.function(
                    lambda *parts, vs=variables, sliced=sliced: self._step(
                        _joined(parts, sliced), vs))
            step(*[t for g in grads for t in (
                (g.values, g.indices, g.dense_shape) if isinstance(g, tf.IndexedSlices) else (g,))])
        else:
            self._step(grads, variables)

    def _step(self, grads, variables):
        if self.loss_scale_factor is not None:
            grads = [_map_values(g, lambda x: x / self.loss_scale_factor) for g in grads]
        if self.gradient_accumulation_steps:
            self._accumulate_and_apply(grads, variables)
        else:
            self._apply_step(grads, variables)
        if self.use_ema:
            self._update_averages()
        self._iterations.assign_add(tf.constant(1, tf.int64))
        for v in variables:
            constraint = getattr(v, "constraint", None)
            if constraint is not None:
                v.assign(constraint(v))

    def _apply_step(self, grads, variables):
        grads = self._clip_gradients(grads)
        lr = self._current_learning_rate()
        self._prepare_step()
        wd = self.weight_decay
        t = self.iterations + 1 if self._needs_step else None
        by_dtype = {}  # the learning rate and step in each variable dtype, made once per step
        for g, v in zip(grads, variables):
            i = self._index[_key(v)]
            sliced = isinstance(g, tf.IndexedSlices)
            K = SlicesMath(v.dtype, g) if sliced else math_for(v.dtype)
            slots = self._slots[i]
            gv = K.read(g)
            x = K.read(v)
            shared = by_dtype.get(v.dtype)
            if shared is None:  # (K.c is the dtype's cast, whatever K reads)
                shared = by_dtype[v.dtype] = (K.c(lr), K.c(t) if t is not None else None)
            lrv, step = shared
            decayed = wd is not None and self._use_weight_decay(v)
            if decayed:
                x = x - x * K.c(wd) * lrv
            if sliced and self._apply_slices(K, g, v, x if decayed else None, lrv):
                continue
            new_x, new_slots = self._update(K, gv, x, [K.read(s) for s in slots], lrv, step)
            for s, val in zip(slots, new_slots):
                if val is not None:
                    K.write(s, val)
            K.write(v, new_x)

    _needs_step = False

    def _apply_slices(self, K, g, variable, x, lr):
        """Writes a step from IndexedSlices ``g`` to only the rows it names, if this optimizer
        does so (Keras 3's SGD on TF); returns whether it did. ``x``: the weight-decayed value
        to write first (None: no decay)."""
        return False

    def _prepare_step(self):
        """Per-step work shared by all variables (Nadam's running product)."""

    def _update(self, K, g, x, slots, lr, step):
        """Returns the variable's new value and its slots' new values (None: unchanged)."""
        raise NotImplementedError("%s must implement _update" % type(self).__name__)

    def update_step(self, gradient, variable, learning_rate):
        """Keras' per-variable step: updates ``variable`` (and its state) from ``gradient``."""
        K = math_for(variable.dtype)
        i = self._index[_key(variable)]
        step = K.c(self.iterations + 1) if self._needs_step else None
        new_x, new_slots = self._update(K, K.read(gradient), K.read(variable),
                                        [K.read(s) for s in self._slots[i]],
                                        K.c(learning_rate), step)
        for s, val in zip(self._slots[i], new_slots):
            if val is not None:
                K.write(s, val)
        K.write(variable, new_x)

    def _accumulate_and_apply(self, grads, variables):
        steps = self.gradient_accumulation_steps
        accs = [self._accumulators[self._index[_key(v)]] for v in variables]
        grads = [tf.cast(g, a.dtype) for a, g in zip(accs, grads)]

        def update():
            self._apply_step([(a + g) / steps for a, g in zip(accs, grads)], variables)
            for a in accs:
                a.assign(tf.zeros_like(a))

        def accumulate():
            for a, g in zip(accs, grads):
                a.assign_add(g)

        is_update = (self._iterations + 1) % steps == 0
        if tf.executing_eagerly():
            update() if bool(is_update) else accumulate()
        else:
            tf.cond(is_update, lambda: _no_value(update), lambda: _no_value(accumulate))

    # -- clipping, weight decay, EMA --------------------------------------------------------------
    def _clip_gradients(self, grads):
        # (IndexedSlices: norms are their values', as Keras' sparse-aware ops on TF compute them)
        if self.clipnorm and self.clipnorm > 0:
            return [_map_values(g, lambda x: _clip_by_norm(x, self.clipnorm)) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [_map_values(g, lambda x: tf.clip_by_value(x, -self.clipvalue, self.clipvalue))
                    for g in grads]
        return grads

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Variables (or names matching any of ``var_names``) that weight decay skips."""
        if self.built:
            raise ValueError("`exclude_from_weight_decay()` can only be configured before the "
                             "optimizer is built.")
        self._exclude_ids = {_key(v) for v in var_list or ()}
        self._exclude_names = tuple(var_names or ())

    def _use_weight_decay(self, variable):
        if _key(variable) in self._exclude_ids:
            return False
        return not any(re.search(n, variable.name) for n in self._exclude_names)

    def _update_averages(self):
        started = tf.not_equal(self.iterations, 0)
        for v, avg in zip(self._trainable_variables, self._averages):
            m = tf.cast(started, avg.dtype) * self.ema_momentum
            avg.assign(m * avg + (1 - m) * tf.cast(v, avg.dtype))
        freq = self.ema_overwrite_frequency
        if freq:
            due = tf.equal((self.iterations + 1) % freq, 0)
            for v, avg in zip(self._trainable_variables, self._averages):
                v.assign(tf.where(due, tf.cast(avg, v.dtype), v))

    def _overwrite_with_averages(self):
        for v, avg in zip(self._trainable_variables, self._averages):
            v.assign(avg)

    def finalize_variable_values(self, var_list):
        """With ``use_ema``, writes the moving averages into the model's variables."""
        if self.use_ema:
            self._overwrite_with_averages()

    # -- saving -----------------------------------------------------------------------------------
    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            lr = _serialize_schedule(lr)
        elif isinstance(lr, tf.Variable):
            lr = float(array_of(lr))
        return {"name": self.name, "learning_rate": lr, "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm,
                "clipvalue": self.clipvalue, "use_ema": self.use_ema,
                "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _deserialize_schedule(config["learning_rate"],
                                                            custom_objects=custom_objects)
        return cls(**config)

    def save_own_variables(self, store):
        """Writes every variable's value into ``store`` under "0", "1", ... (Keras' layout)."""
        for i, v in enumerate(self._variables):
            store[str(i)] = v.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self._variables):
            raise ValueError("Skipping variable loading for optimizer '%s', because it has %d "
                             "variables whereas the saved optimizer has %d variables."
                             % (self.name, len(self._variables), len(store.keys())))
        for i, v in enumerate(self._variables):
            v.assign(np.asarray(store[str(i)]))

    def set_weights(self, weights):
        for v, w in zip(self._variables, weights):
            v.assign(np.asarray(w))

    def scale_loss(self, loss):
        return loss * self.loss_scale_factor if self.loss_scale_factor is not None else loss


def _key(variable):
    """Identity of a variable's storage (aliases returned by ``assign`` share it)."""
    handle = getattr(variable, "handle", None)
    return id(handle) if handle is not None else id(variable)


def _no_value(fn):
    fn()
    return tf.constant(0)


def _clip_by_norm(g, clip_norm):
    """``g * clip_norm / max(||g||, clip_norm)`` (``tf.clip_by_norm`` on the whole tensor)."""
    l2sum = tf.reduce_sum(tf.square(g))
    safe = tf.where(l2sum > 0, l2sum, tf.ones_like(l2sum))
    l2norm = tf.where(l2sum > 0, tf.sqrt(safe), l2sum)
    return g * tf.cast(clip_norm, g.dtype) / tf.maximum(l2norm, tf.cast(clip_norm, g.dtype))


def clip_by_global_norm(grads, clip_norm):
    """Scales all gradients by ``clip_norm / max(global_norm, clip_norm)`` (NaN stays NaN)."""
    norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(tf.cast(
        g.values if isinstance(g, tf.IndexedSlices) else g, tf.float32))) for g in grads]))
    scale = clip_norm * tf.minimum(1.0 / norm, 1.0 / clip_norm)
    scale = scale + (norm - norm)
    # (IndexedSlices come out dense, as Keras' ``v * scale`` makes them on TF)
    return [tf.convert_to_tensor(g) * tf.cast(scale, g.dtype) for g in grads]


def _map_values(g, fn):
    """``fn(g)``, or for IndexedSlices the slices with ``fn`` applied to their values."""
    if isinstance(g, tf.IndexedSlices):
        return tf.IndexedSlices(fn(g.values), g.indices, g.dense_shape)
    return fn(g)


def _slices(g, variable):
    """IndexedSlices of tensors (the variable's shape when ``dense_shape`` is None)."""
    shape = g.dense_shape if g.dense_shape is not None else variable.shape.as_list()
    return tf.IndexedSlices(tf.convert_to_tensor(g.values), tf.convert_to_tensor(g.indices),
                            tf.convert_to_tensor(shape))


def _joined(parts, sliced):
    """The gradients from the traced step's flat arguments (IndexedSlices: three of them)."""
    out, k = [], 0
    for s in sliced:
        if s:
            out.append(tf.IndexedSlices(*parts[k:k + 3]))
            k += 3
        else:
            out.append(parts[k])
            k += 1
    return out
