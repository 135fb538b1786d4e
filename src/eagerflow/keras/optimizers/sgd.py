"""Keras 3's SGD: plain, with momentum, or Nesterov momentum."""
import eagerflow as tf

from .base import Optimizer, common_args


class SGD(Optimizer):
    """``m = momentum * m - lr * g``; ``x += m`` (Nesterov: ``x += momentum * m - lr * g``)."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, **common_args(locals()), **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def _slot_names_for_build(self):
        return (("momentum",),) if self.momentum != 0 else ()

    def _update(self, K, g, x, slots, lr, step):
        if not slots:
            return x - g * lr, ()
        momentum = K.c(self.momentum)
        m = -g * lr + slots[0] * momentum
        if self.nesterov:
            return x + (-g * lr + m * momentum), (m,)
        return x + m, (m,)

    def _apply_slices(self, K, g, variable, x, lr):
        # Keras 3 on TF: without momentum, the step subtracts lr * slices from their rows only
        if self.momentum != 0:
            return False
        if x is not None:  # weight decay changed every row first
            K.write(variable, x)
        variable.scatter_sub(tf.IndexedSlices(K.c(g.values) * lr, g.indices, g.dense_shape))
        return True

    def get_config(self):
        config = super().get_config()
        config.update(momentum=self.momentum, nesterov=self.nesterov)
        return config
