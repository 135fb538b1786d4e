"""Keras 3's RMSprop (plain, with momentum, centered)."""
from .base import Optimizer, common_args


class RMSprop(Optimizer):
    """Divides the gradient by a running root-mean-square (minus the mean's square, centered)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, **common_args(locals()), **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def _slot_names_for_build(self):
        groups = [("velocity",)]
        if self.momentum > 0:
            groups.append(("momentum",))
        if self.centered:
            groups.append(("average_gradient",))
        return groups

    def _update(self, K, g, x, slots, lr, step):
        rho = self.rho
        velocity = rho * slots[0] + (1 - rho) * K.square(g)
        new = [velocity]
        if self.momentum > 0:
            new.append(None)
        if self.centered:
            average = rho * slots[-1] + (1 - rho) * g
            new.append(average)
            denominator = velocity - K.square(average) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = (lr * g) / K.sqrt(denominator)
        if self.momentum > 0:
            momentum = self.momentum * slots[1] + increment
            new[1] = momentum
            return x - momentum, new
        return x - increment, new

    def get_config(self):
        config = super().get_config()
        config.update(rho=self.rho, momentum=self.momentum, epsilon=self.epsilon,
                      centered=self.centered)
        return config
