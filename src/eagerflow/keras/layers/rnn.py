"""Recurrent layers: RNN (runs a cell over the time axis, eagerly, step by step) and SimpleRNN,
LSTM, GRU (an RNN over their cell, named "<layer>_cell", so weights are "lstm/lstm_cell/kernel")."""
import eagerflow as tf
from .. import regularizers
from .input_spec import InputSpec
from .keras_tensor import KerasTensor
from .layer import Layer
from .rnn_cells import SimpleRNNCell, LSTMCell, GRUCell


class RNN(Layer):
    """Runs ``cell`` over inputs (batch, time, features); returns the last output (or all of
    them with ``return_sequences``), plus the final states with ``return_state``."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.stateful, self.unroll = go_backwards, stateful, unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)
        self.states = None

    def build(self, sequences_shape, initial_state_shape=None):
        step = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if not self.cell.built:
            self.cell._build_once(step)
        self.built = True

    def get_initial_state(self, batch_size, dtype):
        return self.cell.get_initial_state(batch_size, dtype)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        batch, steps = sequences.shape[0], sequences.shape[1]
        if batch is None:  # traced with an unknown batch size: its size when the graph runs
            batch = tf.shape(sequences)[0]
        if initial_state is None:
            states = self.states if self.stateful and self.states is not None else \
                self.get_initial_state(batch, sequences.dtype)
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else \
                [initial_state]
        masks = self.cell.dropout_masks(sequences[:, 0], training)
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        outputs, last = [], None
        for t in order:
            out, new_states = self.cell.call(sequences[:, t], states, training=training,
                                             masks=masks)
            if mask is not None:
                keep = tf.cast(tf.reshape(mask[:, t], [-1, 1]), out.dtype)
                prev = last if last is not None else tf.zeros_like(out)
                if self.zero_output_for_mask:
                    prev = tf.zeros_like(out)
                out = keep * out + (1.0 - keep) * prev
                new_states = [keep * s + (1.0 - keep) * p for s, p in zip(new_states, states)]
            states, last = new_states, out
            outputs.append(out)
        if self.stateful:
            self.states = states
        result = tf.stack(outputs, axis=1) if self.return_sequences else last
        if self.return_state:
            return [result] + list(states)
        return result

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        out = mask if self.return_sequences else None
        if self.return_state:
            sizes = self.cell.state_size
            return [out] + [None] * (len(sizes) if isinstance(sizes, list) else 1)
        return out

    def reset_states(self):
        self.states = None

    reset_state = reset_states

    def compute_output_spec(self, sequences, initial_state=None, mask=None, training=None):
        batch, steps = sequences.shape[0], sequences.shape[1]
        dtype = self.compute_dtype
        units = self.cell.output_size
        out = KerasTensor((batch, steps, units) if self.return_sequences else (batch, units),
                          dtype=dtype)
        if not self.return_state:
            return out
        sizes = self.cell.state_size if isinstance(self.cell.state_size, list) else \
            [self.cell.state_size]
        return [out] + [KerasTensor((batch, s), dtype=dtype) for s in sizes]

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        spec = self.compute_output_spec(KerasTensor(sequences_shape))
        return tuple(s.shape for s in spec) if isinstance(spec, list) else spec.shape

    def get_config(self):
        config = super().get_config()
        config.update({"return_sequences": self.return_sequences,
                       "return_state": self.return_state, "go_backwards": self.go_backwards,
                       "stateful": self.stateful, "unroll": self.unroll,
                       "zero_output_for_mask": self.zero_output_for_mask})
        if type(self) is RNN:
            config["cell"] = {"class_name": type(self.cell).__name__,
                              "config": self.cell.get_config()}
        else:
            cell = self.cell.get_config()
            for key in ("name", "trainable", "dtype"):
                cell.pop(key, None)
            if type(self) is SimpleRNN:
                cell.pop("seed", None)
            config.update(cell)
            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config


def _split(kwargs):
    """The RNN's own keyword arguments; the rest go to the cell."""
    own = {k: kwargs.pop(k) for k in list(kwargs) if k in (
        "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
        "zero_output_for_mask", "name", "trainable", "dtype", "activity_regularizer",
        "input_shape", "batch_input_shape", "input_dim", "batch_size", "autocast")}
    return own, kwargs


class SimpleRNN(RNN):
    """A fully connected RNN whose output is fed back as the next step's state."""

    def __init__(self, units, activation="tanh", **kwargs):
        own, rest = _split(kwargs)
        cell = SimpleRNNCell(units, activation=activation, dtype=own.get("dtype"),
                             name="simple_rnn_cell", **rest)
        super().__init__(cell, **own)

    units = property(lambda self: self.cell.units)


class LSTM(RNN):
    """Long short-term memory (gates i, f, c, o); ``return_state`` adds [h, c]."""

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", **kwargs):
        own, rest = _split(kwargs)
        cell = LSTMCell(units, activation=activation, recurrent_activation=recurrent_activation,
                        dtype=own.get("dtype"), name="lstm_cell", **rest)
        super().__init__(cell, **own)

    units = property(lambda self: self.cell.units)


class GRU(RNN):
    """Gated recurrent unit (Keras 3 default ``reset_after=True``)."""

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 reset_after=True, **kwargs):
        own, rest = _split(kwargs)
        cell = GRUCell(units, activation=activation, recurrent_activation=recurrent_activation,
                       reset_after=reset_after, dtype=own.get("dtype"), name="gru_cell", **rest)
        super().__init__(cell, **own)

    units = property(lambda self: self.cell.units)
