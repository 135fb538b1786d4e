"""Normalization layers: BatchNormalization (moving statistics updated while training) and
LayerNormalization."""
import eagerflow as tf
from .. import initializers, regularizers, constraints
from .input_spec import InputSpec
from .layer import Layer, in_shape_inference


def _ser(module, obj):
    return module.serialize(obj)


class BatchNormalization(Layer):
    """Normalizes with the batch's statistics in training (updating the moving mean/variance
    by ``momentum``) and with the moving statistics otherwise."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.center, self.scale = center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.synchronized, self.renorm = synchronized, renorm
        self.renorm_clipping, self.renorm_momentum = renorm_clipping, renorm_momentum
        self.supports_masking = True
        self.gamma = self.beta = None

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError("Invalid axis: %d for input of rank %d" % (self.axis, rank))
        self._axis = self.axis % rank
        shape = (input_shape[self.axis],)
        if self.scale:
            self.gamma = self.add_weight(autocast=False, shape=shape, name="gamma",
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight(autocast=False, shape=shape, name="beta",
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.moving_mean = self.add_weight(autocast=False, shape=shape, name="moving_mean",
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight(autocast=False, shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: input_shape[self.axis]})
        self.built = True

    def _broadcast(self, v, rank):
        shape = [1] * rank
        shape[self._axis] = -1
        return tf.reshape(v, shape)

    def call(self, inputs, training=None, mask=None):
        rank = len(inputs.shape)
        dtype = inputs.dtype
        x = tf.cast(inputs, tf.float32) if dtype in (tf.float16, tf.bfloat16) else inputs
        if training and self.trainable:
            axes = [i for i in range(rank) if i != self._axis]
            mean = tf.reduce_mean(x, axis=axes)
            variance = tf.reduce_mean(tf.square(x - self._broadcast(mean, rank)), axis=axes)
            if not in_shape_inference():
                m = self.momentum
                self.moving_mean.assign(self.moving_mean * m + tf.cast(mean, self.moving_mean.dtype) * (1.0 - m))
                self.moving_variance.assign(self.moving_variance * m +
                                            tf.cast(variance, self.moving_variance.dtype) * (1.0 - m))
        else:
            mean = tf.cast(self.moving_mean, x.dtype)
            variance = tf.cast(self.moving_variance, x.dtype)
        inv = tf.math.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inv = inv * tf.cast(self.gamma, x.dtype)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + tf.cast(self.beta, x.dtype)
        out = x * self._broadcast(inv, rank) + self._broadcast(shift, rank)
        return tf.cast(out, dtype) if out.dtype != dtype else out

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
            "center": self.center, "scale": self.scale,
            "beta_initializer": _ser(initializers, self.beta_initializer),
            "gamma_initializer": _ser(initializers, self.gamma_initializer),
            "moving_mean_initializer": _ser(initializers, self.moving_mean_initializer),
            "moving_variance_initializer": _ser(initializers, self.moving_variance_initializer),
            "beta_regularizer": _ser(regularizers, self.beta_regularizer),
            "gamma_regularizer": _ser(regularizers, self.gamma_regularizer),
            "beta_constraint": _ser(constraints, self.beta_constraint),
            "gamma_constraint": _ser(constraints, self.gamma_constraint),
            "synchronized": self.synchronized, "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping, "renorm_momentum": self.renorm_momentum})
        return config


class LayerNormalization(Layer):
    """Normalizes each sample over ``axis`` (default: the last), then scales and shifts."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.epsilon, self.center, self.scale = float(epsilon), center, scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = self.beta = None

    def build(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError("Invalid value for `axis` argument: expected 0 <= axis < %d. "
                                 "Received: axis=%s" % (rank, a))
        self._axes = sorted(a % rank for a in axes)
        shape = tuple(input_shape[a] for a in self._axes)
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(autocast=False, name="gamma", shape=shape,
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(autocast=False, name="beta", shape=shape,
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.built = True

    def _broadcast(self, v, rank):
        shape = [1] * rank
        for a in self._axes:
            shape[a] = v.shape[self._axes.index(a)]
        return tf.reshape(v, shape)

    def call(self, inputs):
        rank = len(inputs.shape)
        dtype = inputs.dtype
        x = tf.cast(inputs, tf.float32) if dtype in (tf.float16, tf.bfloat16) else inputs
        if self.rms_scaling:
            variance = tf.reduce_mean(tf.square(x), axis=self._axes, keepdims=True)
            out = x * tf.math.rsqrt(variance + self.epsilon)
            if self.gamma is not None:
                out = out * self._broadcast(tf.cast(self.gamma, x.dtype), rank)
        else:
            mean = tf.reduce_mean(x, axis=self._axes, keepdims=True)
            variance = tf.reduce_mean(tf.square(x - mean), axis=self._axes, keepdims=True)
            inv = tf.math.rsqrt(variance + self.epsilon)
            if self.gamma is not None:
                inv = inv * self._broadcast(tf.cast(self.gamma, x.dtype), rank)
            out = x * inv - mean * inv
            if self.beta is not None:
                out = out + self._broadcast(tf.cast(self.beta, x.dtype), rank)
        return tf.cast(out, dtype) if out.dtype != dtype else out

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "axis": self.axis if isinstance(self.axis, list) else [self.axis],
            "epsilon": self.epsilon, "center": self.center, "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": _ser(initializers, self.beta_initializer),
            "gamma_initializer": _ser(initializers, self.gamma_initializer),
            "beta_regularizer": _ser(regularizers, self.beta_regularizer),
            "gamma_regularizer": _ser(regularizers, self.gamma_regularizer),
            "beta_constraint": _ser(constraints, self.beta_constraint),
            "gamma_constraint": _ser(constraints, self.gamma_constraint)})
        return config
