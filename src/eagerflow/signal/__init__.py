"""tf.signal: the FFTs (primitives with their gradient rules, _fft.py); framing, windows and the
STFT (_spectral.py), DCTs and mel features (_audio.py), composites. Loaded on first use of
``tf.signal`` (eagerflow/_lazy.py)."""
from . import _fft, _spectral, _audio  # noqa: F401  (their export declarations fill the namespace)
from .._export import fill as _fill

_fill(globals(), "signal")

from .. import _lazy  # noqa: E402
_lazy.bind("signal")  # tf.signal is the real module from now on
