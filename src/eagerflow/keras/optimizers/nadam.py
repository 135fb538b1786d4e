"""Keras 3's Nadam: Adam with Nesterov momentum and Dozat's momentum schedule."""
import eagerflow as tf

from .base import Optimizer, common_args
from .._state_variables import state_variable, auto_name


class Nadam(Optimizer):
    """Adam with the momentum term looked one step ahead (``u_t = b1 (1 - 0.5 * 0.96^t)``)."""

    _needs_step = True
    _slot_names = (("momentum", "velocity"),)

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate, **common_args(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        dtype = variables[0].dtype if variables else tf.float32
        # the running product of the u_t; Keras keeps it outside the optimizer's path
        self._u_product = state_variable(1.0, dtype, None, auto_name("variable"))
        self._variables.append(self._u_product)

    def _prepare_step(self):
        u = self._u_product
        t = tf.cast(self.iterations + 1, u.dtype)
        u.assign(u * self.beta_1 * (1.0 - 0.5 * tf.pow(tf.constant(0.96, u.dtype), t)))

    def _update(self, K, g, x, slots, lr, step):
        b1 = K.c(self.beta_1)
        b2 = K.c(self.beta_2)
        decay = K.c(0.96)
        u_t = b1 * (1.0 - 0.5 * K.power(decay, step))
        u_t_1 = b1 * (1.0 - 0.5 * K.power(decay, step + 1))
        u_product_t = K.read(self._u_product)
        u_product_t_1 = u_product_t * u_t_1
        b2_power = K.power(b2, step)
        m = slots[0] + (g - slots[0]) * (1 - b1)
        v = slots[1] + (K.square(g) - slots[1]) * (1 - b2)
        m_hat = (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * g) / (1 - u_product_t)
        v_hat = v / (1 - b2_power)
        return x - (m_hat * lr) / (K.sqrt(v_hat) + self.epsilon), (m, v)

    def get_config(self):
        config = super().get_config()
        config.update(beta_1=self.beta_1, beta_2=self.beta_2, epsilon=self.epsilon)
        return config
