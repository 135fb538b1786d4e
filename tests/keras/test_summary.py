"""model.summary(): Keras 3's text (as printed when stdout is not a terminal)."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.keras.models import summary as summary_module
from tests.keras import _standins

_standins.install()
keras = tf.keras

EXPECTED = """\
Model: "mlp"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ hidden (Dense)                  │ (None, 8)              │            40 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ out (Dense)                     │ (None, 3)              │            27 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 67 (268.00 B)
 Trainable params: 67 (268.00 B)
 Non-trainable params: 0 (0.00 B)
"""


@pytest.fixture
def columns_80(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


def _mlp():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, name="hidden"),
                             keras.layers.Dense(3, name="out")], name="mlp")


def test_sequential_table_exact(columns_80):
    lines = []
    _mlp().summary(print_fn=lines.append)
    assert lines == [EXPECTED]


def test_optimizer_params_line_after_fit(columns_80, capsys):
    m = _mlp()
    m.compile("adam", "mse")
    m.fit(np.zeros((4, 4), "float32"), np.zeros((4, 3), "float32"), verbose=0)
    m.summary()
    tail = capsys.readouterr().out.splitlines()[-4:]
    assert tail[0].startswith(" Total params: ") and tail[-1].startswith(" Optimizer params: ")


def test_connected_to_column_and_ellipsis(columns_80, capsys):
    inp = keras.Input((4,), name="x")
    a = keras.layers.Dense(2, name="a_very_long_layer_name_that_wraps_around")(inp)
    b = keras.layers.Dense(2, name="b")(inp)
    keras.Model(inp, [a, b], name="two").summary()
    out = capsys.readouterr().out
    assert "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃" in out
    assert "│ a_very_long_layer_… │ (None, 2)         │         10 │ x[0][0]           │" in out
    assert "│ (Dense)             │" in out and "│ x (InputLayer)      │" in out


def test_sizes_and_width_errors():
    assert summary_module.readable_memory_size(268.0) == "268.00 B"
    assert summary_module.readable_memory_size(1300.0) == "1.27 KB"
    assert summary_module.readable_memory_size(3 * 1024 ** 2) == "3.00 MB"
    with pytest.raises(ValueError, match="Insufficient console width"):
        _mlp().summary(line_length=5)
