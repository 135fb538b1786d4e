"""tf.sets: filled from the ops' export declarations (eagerflow/_export.py)."""
from ._export import fill as _fill

_fill(globals(), "sets")
