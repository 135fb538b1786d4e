"""Keras 3's Adam (with the AMSGrad variant)."""
from .base import Optimizer, common_args


class Adam(Optimizer):
    """Adam: bias-corrected step ``lr * sqrt(1 - b2^t) / (1 - b1^t)`` on ``m / (sqrt(v) + eps)``."""

    _needs_step = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, **common_args(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def _slot_names_for_build(self):
        groups = (("momentum", "velocity"),)
        return groups + (("velocity_hat",),) if self.amsgrad else groups

    def _alpha(self, K, lr, step):
        """The bias-corrected step size, made once per step for all the variables that share
        ``lr`` and ``step`` (base.py makes one of each per dtype)."""
        memo = self.__dict__.get("_alpha_memo")
        if memo is not None and memo[0] is lr and memo[1] is step:
            return memo[2]
        b1_power = K.power(K.c(self.beta_1), step)
        b2_power = K.power(K.c(self.beta_2), step)
        alpha = lr * K.sqrt(1 - b2_power) / (1 - b1_power)
        self._alpha_memo = (lr, step, alpha)
        return alpha

    def _update(self, K, g, x, slots, lr, step):
        b1, b2 = self.beta_1, self.beta_2
        alpha = self._alpha(K, lr, step)
        m = slots[0] + (g - slots[0]) * (1 - b1)
        v = slots[1] + (K.square(g) - slots[1]) * (1 - b2)
        if self.amsgrad:
            v_hat = K.maximum(slots[2], v)
            return x - (m * alpha) / (K.sqrt(v_hat) + self.epsilon), (m, v, v_hat)
        return x - (m * alpha) / (K.sqrt(v) + self.epsilon), (m, v)

    def get_config(self):
        config = super().get_config()
        config.update(beta_1=self.beta_1, beta_2=self.beta_2, epsilon=self.epsilon,
                      amsgrad=self.amsgrad)
        return config

