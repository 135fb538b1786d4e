"""``tf.keras.optimizers.schedules``: learning rates as functions of the step, in Keras 3's math.

Each schedule computes in the dtype of its initial learning rate (float32 for a Python float),
with eagerflow ops, so it works eagerly and inside ``tf.function``.
"""
import math

import eagerflow as tf


class LearningRateSchedule:
    """A serializable learning-rate schedule: ``schedule(step)`` gives the rate at ``step``."""

    def __call__(self, step):
        raise NotImplementedError("Learning rate schedule '%s' must override `__call__(self, "
                                  "step)`." % type(self).__name__)

    def get_config(self):
        raise NotImplementedError("Learning rate schedule '%s' must override `get_config()` in "
                                  "order to be serializable." % type(self).__name__)

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_steps(decay_steps):
    if decay_steps <= 0:
        raise ValueError("Argument `decay_steps` must be > 0. Received: decay_steps=%s"
                         % (decay_steps,))


def _initial(value):
    return tf.convert_to_tensor(value, tf.float32) if isinstance(value, (int, float)) \
        else tf.convert_to_tensor(value)


class ExponentialDecay(LearningRateSchedule):
    """``initial * decay_rate ** (step / decay_steps)`` (the exponent floored with staircase)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        _check_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        lr = _initial(self.initial_learning_rate)
        dtype = lr.dtype
        p = tf.cast(step, dtype) / tf.cast(self.decay_steps, dtype)
        if self.staircase:
            p = tf.floor(p)
        return lr * tf.pow(tf.cast(self.decay_rate, dtype), p)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[0]`` up to ``boundaries[0]`` (inclusive), then ``values[1]`` ... ``values[-1]``."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of "
                             "values. Received: boundaries=%s of length %d, and values=%s of "
                             "length %d." % (boundaries, len(boundaries), values, len(values)))
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        values = [tf.convert_to_tensor(v) if not isinstance(v, float) else
                  tf.constant(v, tf.float32) for v in self.values]
        step = tf.convert_to_tensor(step)
        result = values[-1]
        # from the last interval down, so the first matching one wins
        for i in range(len(self.boundaries) - 1, -1, -1):
            b = tf.cast(self.boundaries[i], step.dtype)
            result = tf.where(step <= b, values[i], result)
        return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """``(initial - end) * (1 - step / decay_steps) ** power + end`` (steps cycle if asked)."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        _check_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        lr = _initial(self.initial_learning_rate)
        dtype = lr.dtype
        end = tf.cast(self.end_learning_rate, dtype)
        power = tf.cast(self.power, dtype)
        s = tf.cast(step, dtype)
        steps = tf.cast(self.decay_steps, dtype)
        if self.cycle:
            mult = tf.where(tf.equal(s, 0.0), tf.constant(1.0, dtype), tf.math.ceil(s / steps))
            steps = steps * mult
        else:
            s = tf.minimum(s, steps)
        p = s / steps
        return (lr - end) * tf.pow(1 - p, power) + end

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "end_learning_rate": self.end_learning_rate,
                "power": self.power, "cycle": self.cycle, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    """``initial / (1 + decay_rate * step / decay_steps)`` (the ratio floored with staircase)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        lr = _initial(self.initial_learning_rate)
        dtype = lr.dtype
        p = tf.cast(step, dtype) / tf.cast(self.decay_steps, dtype)
        if self.staircase:
            p = tf.floor(p)
        return lr / (1 + tf.cast(self.decay_rate, dtype) * p)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """Optional linear warmup to ``warmup_target``, then a half cosine down to ``alpha`` times
    the rate it started from."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        _check_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def _decay(self, s, steps, start, dtype):
        fraction = s / steps
        cosine = 0.5 * (1.0 + tf.cos(tf.constant(math.pi, dtype) * fraction))
        return start * ((1 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        lr = _initial(self.initial_learning_rate)
        dtype = lr.dtype
        steps = tf.cast(self.decay_steps, dtype)
        s = tf.cast(step, dtype)
        if self.warmup_target is None:
            return self._decay(tf.minimum(s, steps), steps, lr, dtype)
        target = tf.cast(self.warmup_target, dtype)
        warm = tf.cast(self.warmup_steps, dtype)
        s = tf.minimum(s, steps + warm)
        warming = (target - lr) * (s / warm) + lr
        return tf.where(s < warm, warming, self._decay(s - warm, steps, target, dtype))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "alpha": self.alpha, "name": self.name,
                "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


_SCHEDULES = {c.__name__: c for c in (ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay,
                                      InverseTimeDecay, CosineDecay, LearningRateSchedule)}


def serialize(learning_rate_schedule):
    """Keras' dict form: module, class_name, config, registered_name."""
    return {"module": "keras.optimizers.schedules",
            "class_name": type(learning_rate_schedule).__name__,
            "config": learning_rate_schedule.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """A schedule from ``serialize``'s dict."""
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _SCHEDULES.get(name)
    if cls is None:
        raise ValueError("Could not locate class '%s'. Make sure custom classes are decorated "
                         "with `@keras.saving.register_keras_serializable()`." % name)
    return cls.from_config(config["config"])
