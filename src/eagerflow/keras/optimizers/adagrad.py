"""Keras 3's Adagrad."""
from .base import Optimizer, common_args


class Adagrad(Optimizer):
    """Steps ``lr * g / sqrt(sum of squared gradients + epsilon)``."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, **common_args(locals()), **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    _slot_names = (("accumulator",),)

    def _slot_initializer(self, slot):
        return self.initial_accumulator_value

    def _update(self, K, g, x, slots, lr, step):
        accumulator = slots[0] + K.square(g)
        return x - (lr * g) / K.sqrt(accumulator + self.epsilon), (accumulator,)

    def get_config(self):
        config = super().get_config()
        config.update(initial_accumulator_value=self.initial_accumulator_value,
                      epsilon=self.epsilon)
        return config
