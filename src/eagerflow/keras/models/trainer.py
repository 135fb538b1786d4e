"""The training half of ``Model``: compile, fit, evaluate, predict and the ``*_on_batch`` calls.

One step (``train_step``: forward under a GradientTape, compiled loss plus the layers' losses,
gradients, ``optimizer.apply_gradients``, metric updates) runs under ``tf.function`` unless the
model is compiled with ``run_eagerly=True``. The epoch's ``loss`` is the loss tracker's mean over
batches weighted by batch size, as in Keras 3; logs are sorted by name, validation logs follow
with a ``val_`` prefix.
"""
import inspect
import warnings

import numpy as np

import eagerflow as tf
from ..layers import tree
from .. import callbacks as callbacks_module
from .compile_utils import CompileLoss, CompileMetrics
from .data_adapter import adapt, train_validation_split, unpack_x_y_sample_weight

__all__ = ["Trainer"]


def _pythonify(logs):
    out = {}
    for k, v in sorted((logs or {}).items()):
        if isinstance(v, dict):
            out.update(_pythonify(v))
            continue
        try:
            v = float(np.asarray(v))
        except (TypeError, ValueError):
            pass
        out[k] = v
    return out


def _first_array(x):
    return next(a for a in tree.flatten(x) if a is not None)


def _batch_size(x):
    """The batch size of inputs ``x``: static when the trace knows it, else ``tf.shape``'s."""
    first = tf.convert_to_tensor(_first_array(x))
    return first.shape[0] if first.shape[0] is not None else tf.shape(first)[0]


class Trainer:
    """Mixed into Model: everything between ``compile`` and a trained model."""

    def _init_trainer(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self.stop_training = False
        self.history = None
        self.train_function = self.test_function = self.predict_function = None
        self._run_eagerly = False
        self.steps_per_execution = 1
        self.jit_compile = False

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True):
        """Sets the optimizer, loss and metrics ``fit`` and ``evaluate`` use."""
        keras = tf.keras
        self.optimizer = keras.optimizers.get(optimizer)
        self._compile_args = {"loss": loss, "loss_weights": loss_weights, "metrics": metrics,
                              "weighted_metrics": weighted_metrics}
        self.loss = loss
        names = list(getattr(self, "output_names", None) or [])
        self._compile_loss = None if loss is None else CompileLoss(loss, loss_weights, names)
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = CompileMetrics(metrics, weighted_metrics, names)
        else:
            self._compile_metrics = None
        self._loss_tracker = keras.metrics.Mean(name="loss")
        self._run_eagerly = bool(run_eagerly)
        self.steps_per_execution = steps_per_execution
        self.jit_compile = False if jit_compile == "auto" else bool(jit_compile)
        self.train_function = self.test_function = self.predict_function = None
        self.stop_training = False
        self.compiled = True

    @property
    def run_eagerly(self):
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = bool(value)
        self.train_function = self.test_function = self.predict_function = None

    @property
    def metrics(self):
        """The loss tracker, the compiled metrics group, then metrics the layers track."""
        out = []
        if self.compiled:
            if self._loss_tracker is not None:
                out.append(self._loss_tracker)
            if self._compile_metrics is not None:
                out.append(self._compile_metrics)
        out.extend(getattr(self, "_tracked_metrics", []))
        return out

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def _compile_metric_objects(self):
        return self._compile_metrics.metrics if self._compile_metrics is not None else []

    def reset_metrics(self):
        for m in self.metrics:
            m.reset_state()

    # --- one step -----------------------------------------------------------------------------
    def _call_training(self, x, training):
        call = getattr(self, "call", None)
        if not hasattr(self, "_call_has_training"):
            try:
                self._call_has_training = "training" in inspect.signature(call).parameters
            except (TypeError, ValueError):
                self._call_has_training = False
        return self(x, training=training) if self._call_has_training else self(x)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        losses = []
        if self._compile_loss is not None:
            value = self._compile_loss(y, y_pred, sample_weight)
            if value is not None:
                losses.append(value)
        for extra in self.losses:
            losses.append(tf.cast(extra, "float32"))
        if not losses:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        return losses[0] if len(losses) == 1 else tf.add_n(losses)

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self):
        out = {}
        for m in self.metrics:
            r = m.result()
            if isinstance(r, dict):
                out.update(r)
            else:
                out[m.name] = r
        return out

    def train_step(self, data):
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self._call_training(x, True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        variables = self.trainable_variables
        if variables:
            grads = tape.gradient(loss, variables)
            self.optimizer.apply_gradients(zip(grads, variables))
        else:
            warnings.warn("The model does not have any trainable weights.")
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self._call_training(x, False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        return self._call_training(x, False)

    def _wrap(self, step):
        return step if self._run_eagerly else tf.function(step, reduce_retracing=True)

    def make_train_function(self, force=False):
        if self.train_function is None or force:
            self.train_function = self._wrap(self.train_step)
        return self.train_function

    def make_test_function(self, force=False):
        if self.test_function is None or force:
            self.test_function = self._wrap(self.test_step)
        return self.test_function

    def make_predict_function(self, force=False):
        if self.predict_function is None or force:
            self.predict_function = self._wrap(self.predict_step)
        return self.predict_function

    def _run_step(self, fn, batch):
        """``fn(batch)``. A traced step runs the concrete function for the batch's shapes and
        dtypes directly: the tf.function's own dispatch (binding, signature key) costs about a
        tenth of a small model's step."""
        get = getattr(fn, "get_concrete_function", None)
        if get is None or tf.config.functions_run_eagerly():
            return fn(batch)
        cache = self.__dict__.get("_step_functions")
        if cache is None or cache[0] is not fn:
            cache = self._step_functions = (fn, {})
        key = tuple(None if a is None else (a.dtype, tuple(a.shape))
                    for a in tree.flatten(batch))
        concrete = cache[1].get(key)
        if concrete is None:
            concrete = cache[1][key] = get(batch)
        return concrete(batch)

    def _assert_compiled(self):
        if not self.compiled:
            raise ValueError("You must call `compile()` before using the model.")

    def _build_for(self, batch):
        """Creates every variable before the first traced step (model, metrics, optimizer),
        from one eager forward pass on the first batch."""
        x, y, _ = batch
        if getattr(self, "_trainer_built", False):
            return
        y_pred = self._call_training(x, False)
        if y is not None:
            if self._compile_loss is not None and not self._compile_loss.built:
                self._compile_loss.build(y, y_pred)
            if self._compile_metrics is not None and not self._compile_metrics.built:
                self._compile_metrics.build(y, y_pred)
        if self.optimizer is not None and hasattr(self.optimizer, "build") and \
                not getattr(self.optimizer, "built", False):
            self.optimizer.build(self.trainable_variables)
        self._trainer_built = y is not None or self._compile_loss is None

    # --- loops --------------------------------------------------------------------------------
    def _callbacks(self, callbacks, verbose, epochs, steps, history=False):
        if isinstance(callbacks, callbacks_module.CallbackList):
            cbs = callbacks
        else:
            cbs = callbacks_module.CallbackList(callbacks, add_history=history,
                                                add_progbar=verbose != 0, model=self)
        cbs.set_model(self)
        cbs.set_params({"verbose": verbose, "epochs": epochs, "steps": steps})
        return cbs

    @staticmethod
    def _wants_batch_logs(cbs):
        base = callbacks_module.Callback
        return any(type(c).on_train_batch_end is not base.on_train_batch_end or
                   type(c).on_batch_end is not base.on_batch_end or
                   type(c).on_test_batch_end is not base.on_test_batch_end
                   for c in cbs.callbacks if not isinstance(c, callbacks_module.History))

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Trains for ``epochs`` epochs; returns the History callback."""
        self._assert_compiled()
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = train_validation_split(
                (x, y, sample_weight), validation_split)
        data = adapt(x, y, sample_weight, batch_size, steps_per_epoch, shuffle, class_weight)
        val = None
        if validation_data is not None:
            vx, vy, vsw = unpack_x_y_sample_weight(validation_data)
            val = adapt(vx, vy, vsw, validation_batch_size or batch_size, validation_steps)
        cbs = self._callbacks(callbacks, verbose, epochs, data.steps, history=True)
        batch_logs_wanted = self._wants_batch_logs(cbs)
        train = None
        self.stop_training = False
        cbs.on_train_begin()
        logs = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cbs.on_epoch_begin(epoch)
            step_logs = None
            for step, batch in enumerate(data.batches()):
                if train is None:
                    self._build_for(batch)
                    train = self.make_train_function()
                cbs.on_train_batch_begin(step)
                step_logs = self._run_step(train, batch)
                if batch_logs_wanted:
                    cbs.on_train_batch_end(step, _pythonify(step_logs))
                if self.stop_training:
                    break
            if step_logs is None:
                raise ValueError("Unexpected result of `train_function` (Empty logs). This could "
                                 "be due to issues in input pipeline that resulted in an empty "
                                 "dataset. Otherwise, please use `Model.compile(..., "
                                 "run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)"
                                 "` for more information of where went wrong, or file a issue/"
                                 "bug to `tf.keras`.")
            logs = _pythonify(self.get_metrics_result())
            if val is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._test_loop(val, cbs, in_fit=True)
                logs.update({"val_" + k: v for k, v in val_logs.items()})
            cbs.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        cbs.on_train_end(logs)
        return self.history

    def _test_loop(self, data, cbs, in_fit=False):
        self.reset_metrics()
        test = None
        batch_logs_wanted = not in_fit and self._wants_batch_logs(cbs)
        cbs.on_test_begin()
        step_logs = None
        for step, batch in enumerate(data.batches()):
            if test is None:
                self._build_for(batch)
                test = self.make_test_function()
            cbs.on_test_batch_begin(step)
            step_logs = self._run_step(test, batch)
            if batch_logs_wanted:
                cbs.on_test_batch_end(step, _pythonify(step_logs))
        logs = _pythonify(self.get_metrics_result())
        cbs.on_test_end(logs)
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """The loss and metrics over the data: a list in ``metrics_names`` order, or a dict."""
        self._assert_compiled()
        data = adapt(x, y, sample_weight, batch_size, steps)
        cbs = self._callbacks(callbacks, verbose, 1, data.steps)
        logs = self._test_loop(data, cbs)
        return logs if return_dict else self._flatten_in_order(logs)

    def _flatten_in_order(self, logs):
        names = []
        for m in self.metrics:
            names += [s.name for s in m.metrics] if isinstance(m, CompileMetrics) else [m.name]
        out = [logs[n] for n in names if n in logs]
        out += [logs[k] for k in sorted(logs) if k not in names]
        return out[0] if len(out) == 1 else out

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs over ``x``, batch by batch, as NumPy arrays."""
        data = adapt(x, None, None, batch_size, steps)
        cbs = self._callbacks(callbacks, verbose, 1, data.steps)
        fn = self.make_predict_function()
        outputs = []
        cbs.on_predict_begin()
        for step, batch in enumerate(data.batches()):
            cbs.on_predict_batch_begin(step)
            out = fn((batch[0],))
            outputs.append(tree.map_structure(np.asarray, out))
            cbs.on_predict_batch_end(step, {"outputs": out})
        cbs.on_predict_end()
        if not outputs:
            raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). "
                             "Please use `Model.compile(..., run_eagerly=True)`, or "
                             "`tf.config.run_functions_eagerly(True)` for more information of "
                             "where went wrong, or file a issue/bug to `tf.keras`.")
        flat = [tree.flatten(o) for o in outputs]
        return tree.pack_sequence_as(outputs[0], [np.concatenate(parts) for parts in zip(*flat)])

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One gradient step on this batch; the metrics keep accumulating across calls."""
        self._assert_compiled()
        batch = adapt(x, y, sample_weight, None, None, False, class_weight)
        batch = batch._take(slice(None))
        self._build_for(batch)
        logs = _pythonify(self.make_train_function()(batch))
        return logs if return_dict else self._flatten_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._assert_compiled()
        batch = adapt(x, y, sample_weight)._take(slice(None))
        self._build_for(batch)
        logs = _pythonify(self.make_test_function()(batch))
        return logs if return_dict else self._flatten_in_order(logs)

    def predict_on_batch(self, x):
        batch = adapt(x)._take(slice(None))
        out = self.make_predict_function()((batch[0],))
        return tree.map_structure(np.asarray, out)
