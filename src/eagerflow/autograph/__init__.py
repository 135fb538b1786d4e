"""tf.autograph: for now only ``experimental.do_not_convert`` (a pass-through: eagerflow's
tf.function traces the Python code as written)."""
from . import experimental

__all__ = ["experimental"]
