"""tf.types: the abstract types of TF's API (tf.types.experimental)."""
from . import experimental

__all__ = ["experimental"]
