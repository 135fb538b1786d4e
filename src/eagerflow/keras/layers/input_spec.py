"""InputSpec: what a layer accepts (rank, fixed axes, dtype), checked on every call."""
from . import tree


class InputSpec:
    """The rank / shape / axis values / dtype a layer's input must have (None = any)."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name, self.optional = name, optional
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            top = (self.ndim if self.ndim is not None else self.max_ndim) - 1
            if max(self.axes) > top:
                raise ValueError("Axis %s is greater than the maximum allowed value: %s"
                                 % (max(self.axes), top))

    def __repr__(self):
        parts = []
        for key in ("dtype", "shape", "ndim", "max_ndim", "min_ndim", "axes"):
            value = getattr(self, key)
            if value:
                parts.append("%s=%s" % (key, value))
        return "InputSpec(%s)" % ", ".join(parts)

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _shape(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        return None
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return tuple(shape)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises ValueError (Keras 3's message) when ``inputs`` do not fit ``input_spec``."""
    if isinstance(input_spec, InputSpec) and hasattr(inputs, "dtype"):
        specs, flat = [input_spec], [inputs]   # one spec, one tensor: the common case
    else:
        specs, flat = None, None
    specs = specs or tree.flatten(input_spec)
    flat = flat or tree.flatten(inputs)
    if len(specs) > 1 and len(flat) != len(specs):
        raise ValueError('Layer "%s" expects %d input(s), but it received %d input tensors. '
                         "Inputs received: %s" % (layer_name, len(specs), len(flat), list(flat)))
    for index, (x, spec) in enumerate(zip(flat, specs * len(flat) if len(specs) == 1 else specs)):
        if spec is None:
            continue
        shape = _shape(x)
        if shape is None:
            continue
        head = ("Input %d with name '%s' of layer '%s' is incompatible with the layer: "
                % (index, spec.name, layer_name))
        ndim = len(shape)
        if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
            raise ValueError(head + "expected ndim=%d, found ndim=%d. Full shape received: %s"
                             % (spec.ndim, ndim, shape))
        if spec.max_ndim is not None and ndim > spec.max_ndim:
            raise ValueError(head + "expected max_ndim=%d, found ndim=%d"
                             % (spec.max_ndim, ndim))
        if spec.min_ndim is not None and ndim < spec.min_ndim:
            raise ValueError(head + "expected min_ndim=%d, found ndim=%d. Full shape received: "
                             "%s" % (spec.min_ndim, ndim, shape))
        for axis, value in spec.axes.items():
            if value is None:
                continue
            try:
                got = shape[axis]
            except IndexError:
                got = None
            if got is not None and got != value:
                raise ValueError(head + "expected axis %d of input shape to have value %d, but "
                                 "received input with shape %s" % (axis, value, shape))
        if spec.shape is not None:
            for want, got in zip(spec.shape, shape):
                if want is not None and got is not None and want != got:
                    raise ValueError(head + "expected shape=%s, found shape=%s"
                                     % (spec.shape, shape))
