"""A small central-difference gradient check (float64) against eagerflow's GradientTape."""
import numpy as np

import eagerflow as tf


def check_gradients(fn, arrays, argnums, rng=None, eps=1e-6, rtol=1e-5, atol=1e-6):
    """Compares d/dx_k sum(u * fn(*xs)) from the tape with central differences, for k in
    argnums. ``arrays`` are NumPy values; float ones are used in float64."""
    rng = rng or np.random.default_rng(0)
    arrays = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in arrays]
    out = np.asarray(fn(*[tf.constant(a) for a in arrays]).numpy(), np.float64)
    u = rng.uniform(0.5, 1.5, size=out.shape)

    def loss(arrs):
        return float(np.sum(u * fn(*[tf.constant(a) for a in arrs]).numpy()))

    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for k in argnums:
            tape.watch(xs[k])
        y = tf.reduce_sum(fn(*xs) * tf.constant(u))
    grads = tape.gradient(y, [xs[k] for k in argnums])
    for k, g in zip(argnums, grads):
        assert g is not None, "no gradient for argument %d" % k
        g = g.numpy()
        assert g.shape == arrays[k].shape, (g.shape, arrays[k].shape)
        num = np.zeros(arrays[k].shape)
        flat = num.reshape(-1)
        for i in range(flat.size):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[k].reshape(-1)[i] += eps
            minus[k].reshape(-1)[i] -= eps
            flat[i] = (loss(plus) - loss(minus)) / (2 * eps)
        np.testing.assert_allclose(g, num, rtol=rtol, atol=atol,
                                   err_msg="gradient of argument %d" % k)
