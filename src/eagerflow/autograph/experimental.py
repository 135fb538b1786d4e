"""tf.autograph.experimental (filled from the export declarations)."""
from .._export import fill as _fill

_fill(globals(), "autograph.experimental")
