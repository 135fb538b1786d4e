"""What ``compile`` turns its ``loss`` and ``metrics`` arguments into: one loss over the model's
outputs (weighted by ``loss_weights``) and the ``compile_metrics`` group that reports each metric
under its own name. "accuracy"/"acc" (and "crossentropy"/"ce") pick the binary, sparse or
categorical variant from the shapes of the first batch, as Keras does."""
import eagerflow as tf

__all__ = ["CompileLoss", "CompileMetrics", "is_binary_or_sparse_categorical"]


def _keras(sub):
    return getattr(tf.keras, sub)


def is_binary_or_sparse_categorical(y_true, y_pred):
    t, p = tuple(y_true.shape), tuple(y_pred.shape)
    is_binary = p[-1] == 1
    is_sparse = len(t) < len(p) or (t[-1] == 1 and p[-1] > 1)
    return is_binary, is_sparse


def _object_name(obj):
    if isinstance(obj, str):
        return obj
    name = getattr(obj, "name", None) or getattr(obj, "__name__", None)
    return name or type(obj).__name__


def _flatten_outputs(y, names):
    """y as a list in output order (a dict is read by output name)."""
    if isinstance(y, dict):
        return [y[n] for n in names] if names else list(y.values())
    if isinstance(y, (list, tuple)):
        return list(y)
    return [y]


def _per_output(spec, names):
    """A loss/metric spec -> one entry per output (None where the output has none)."""
    n = len(names)
    if isinstance(spec, dict):
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)) and n > 1:
        if len(spec) != n:
            raise ValueError("For a model with multiple outputs, when providing the `loss` "
                             "argument as a list, it should have as many entries as the model "
                             "has outputs. Received:\nloss=%s\nof length %d whereas the model "
                             "has %d outputs." % (spec, len(spec), n))
        return list(spec)
    return [spec] * n


def get_loss(identifier, y_true, y_pred):
    losses = _keras("losses")
    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        binary, sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        identifier = ("binary_crossentropy" if binary else "sparse_categorical_crossentropy"
                      if sparse else "categorical_crossentropy")
    loss = losses.get(identifier)
    if not isinstance(loss, losses.Loss):
        loss = losses.LossFunctionWrapper(loss, name=_object_name(loss))
    return loss


class CompileLoss:
    """The compiled loss: ``total = sum(weight_i * loss_i(y_true_i, y_pred_i, sample_weight))``."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        self._spec, self._weights_spec = loss, loss_weights
        self.output_names = list(output_names or [])
        self.built = False
        self.losses = []
        self.weights = []

    def build(self, y_true, y_pred):
        names = self.output_names or ["output_%d" % i for i in
                                      range(len(_flatten_outputs(y_pred, None)))]
        y_t, y_p = _flatten_outputs(y_true, names), _flatten_outputs(y_pred, names)
        specs = _per_output(self._spec, names)
        self.losses = [get_loss(s, t, p) for s, t, p in zip(specs, y_t, y_p)]
        w = self._weights_spec
        if w is None:
            self.weights = [1.0] * len(names)
        elif isinstance(w, dict):
            self.weights = [w.get(n, 1.0) for n in names]
        elif isinstance(w, (list, tuple)):
            self.weights = list(w)
        else:
            self.weights = [w] * len(names)
        self._names = names
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        y_t = _flatten_outputs(y_true, self._names)
        y_p = _flatten_outputs(y_pred, self._names)
        sw = _flatten_outputs(sample_weight, self._names) if sample_weight is not None else \
            [None] * len(y_p)
        if len(sw) < len(y_p):
            sw = [sw[0]] * len(y_p)
        total = None
        for loss, w, t, p, s in zip(self.losses, self.weights, y_t, y_p, sw):
            if loss is None:
                continue
            value = loss(t, p, sample_weight=s)
            if w != 1.0:
                value = value * tf.cast(w, value.dtype)
            total = value if total is None else total + value
        return total


def get_metric(identifier, y_true, y_pred):
    metrics = _keras("metrics")
    if identifier is None:
        raise ValueError("Expected metric, received `None`")
    if str(identifier).lower() in ("accuracy", "acc"):
        binary, sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        cls = (metrics.BinaryAccuracy if binary else metrics.SparseCategoricalAccuracy
               if sparse else metrics.CategoricalAccuracy)
        metric = cls(name=str(identifier))
    else:
        metric = metrics.get(identifier)
    if not isinstance(metric, metrics.Metric):
        metric = metrics.MeanMetricWrapper(metric, name=_object_name(metric))
    if isinstance(identifier, str):
        metric.name = identifier
    return metric


class CompileMetrics:
    """The ``compile_metrics`` entry of ``model.metrics``: the metrics given to compile, built on
    the first batch; ``result()`` is a dict of each metric's value under its name."""

    name = "compile_metrics"

    def __init__(self, metrics, weighted_metrics, output_names=None):
        self._spec, self._weighted_spec = metrics, weighted_metrics
        self.output_names = list(output_names or [])
        self.built = False
        self._unweighted, self._weighted = [], []

    @property
    def metrics(self):
        return [m for group in self._unweighted + self._weighted for m in group]

    @property
    def variables(self):
        return [v for m in self.metrics for v in m.variables]

    def _resolve(self, spec, names, y_t, y_p, prefix):
        if spec is None:
            return [[] for _ in names]
        if isinstance(spec, dict) or (isinstance(spec, (list, tuple)) and len(names) > 1 and
                                      all(isinstance(s, (list, tuple)) for s in spec)):
            specs = _per_output(spec, names)
        else:
            specs = [spec] * len(names) if len(names) == 1 else [spec] + [None] * (len(names) - 1)
        groups = []
        for name, s, t, p in zip(names, specs, y_t, y_p):
            items = [] if s is None else list(s) if isinstance(s, (list, tuple)) else [s]
            group = [get_metric(m, t, p) for m in items]
            if len(names) > 1:
                for m in group:
                    m.name = name + "_" + m.name
            if prefix:
                for m in group:
                    m.name = prefix + m.name
            groups.append(group)
        return groups

    def build(self, y_true, y_pred):
        names = self.output_names or ["output_%d" % i for i in
                                      range(len(_flatten_outputs(y_pred, None)))]
        y_t, y_p = _flatten_outputs(y_true, names), _flatten_outputs(y_pred, names)
        self._names = names
        self._unweighted = self._resolve(self._spec, names, y_t, y_p, "")
        taken = {m.name for g in self._unweighted for m in g}
        self._weighted = self._resolve(self._weighted_spec, names, y_t, y_p, "")
        for g in self._weighted:
            for m in g:
                if m.name in taken:
                    m.name = "weighted_" + m.name
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        y_t = _flatten_outputs(y_true, self._names)
        y_p = _flatten_outputs(y_pred, self._names)
        for group, t, p in zip(self._unweighted, y_t, y_p):
            for m in group:
                m.update_state(t, p)
        sw = _flatten_outputs(sample_weight, self._names) if sample_weight is not None else \
            [None] * len(y_p)
        if len(sw) < len(y_p):
            sw = [sw[0]] * len(y_p)
        for group, t, p, s in zip(self._weighted, y_t, y_p, sw):
            for m in group:
                m.update_state(t, p, sample_weight=s)

    def result(self):
        return {m.name: m.result() for m in self.metrics}

    def reset_state(self):
        for m in self.metrics:
            m.reset_state()

    def __repr__(self):
        return "<CompileMetrics name=compile_metrics>"
