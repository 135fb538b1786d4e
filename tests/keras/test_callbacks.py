"""keras.callbacks and the progress bar: hooks, History, EarlyStopping, ModelCheckpoint, LR
callbacks, CSVLogger, LambdaCallback, TerminateOnNaN; Progbar's bytes (timings aside)."""
import re

import numpy as np
import pytest

import eagerflow as tf
from tests.keras import _standins

_standins.install()
keras = tf.keras
from eagerflow.keras.utils import progbar as progbar_module  # noqa: E402


def _model(lr=0.05):
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    m.compile(keras.optimizers.SGD(lr), "sparse_categorical_crossentropy")
    return m


def _data(n=32):
    rng = np.random.RandomState(0)
    return rng.rand(n, 4).astype("float32"), rng.randint(0, 2, n)


def test_progbar_verbose_2_line_and_verbose_1_redraw(capsys, monkeypatch):
    now = [0.0]
    monkeypatch.setattr(progbar_module.time, "time", lambda: now[0])
    bar = progbar_module.Progbar(2, verbose=2)
    now[0] = 0.2
    bar.update(1, [("loss", 1.0)])
    now[0] = 0.7
    bar.update(2, [("loss", 0.5)], finalize=True)
    assert capsys.readouterr().out == "2/2 - 1s - 500ms/step - loss: 0.5000\n"
    now[0] = 0.0
    bar = progbar_module.Progbar(2, verbose=1)
    bar._dynamic = True
    now[0] = 0.1
    bar.update(1, [("loss", 1e-4)])
    out = capsys.readouterr().out
    assert out == ("\r\x1b[1m1/2\x1b[0m \x1b[32m" + "━" * 10 + "\x1b[0m\x1b[37m" + "━" * 10 +
                   "\x1b[0m \x1b[1m0s\x1b[0m 100ms/step - loss: 1.0000e-04")
    now[0] = 0.2
    bar.update(2, [("loss", 3e-4)])
    out = capsys.readouterr().out
    # erase the previous 57 visible characters; the final update shows the value as given
    assert out.startswith("\b" * 57 + "\r\x1b[1m2/2\x1b[0m ") and out.endswith(
        "\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 100ms/step - loss: 3.0000e-04\n")


def test_fit_prints_epoch_lines_with_verbose_2(capsys):
    x, y = _data()
    _model().fit(x, y, epochs=2, verbose=2, validation_data=(x, y))
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert re.fullmatch(r"1/1 - \d+s - \d+m?s/step - loss: \d\.\d{4} - val_loss: \d\.\d{4}",
                        lines[1]), lines[1]


def test_callback_hooks_order_and_history():
    calls = []

    class Spy(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            calls.append("epoch_begin %d" % epoch)

        def on_train_batch_end(self, batch, logs=None):
            calls.append("batch %d %s" % (batch, sorted(logs)))

        def on_epoch_end(self, epoch, logs=None):
            calls.append("epoch_end %d %s" % (epoch, sorted(logs)))

        def on_train_end(self, logs=None):
            calls.append("train_end")

    x, y = _data(20)
    m = _model()
    h = m.fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=[Spy()])
    assert calls == ["train_begin", "epoch_begin 0", "batch 0 ['loss']", "batch 1 ['loss']",
                     "epoch_end 0 ['loss']", "train_end"]
    assert m.history is h and h.model is m


def test_early_stopping_restores_best_weights(capsys):
    x, y = _data()
    m = _model(lr=0.0)
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1, verbose=1, min_delta=1e-4,
                                         restore_best_weights=True)
    h = m.fit(x, y, epochs=10, verbose=0, callbacks=[stop])
    assert len(h.history["loss"]) == 2 and stop.stopped_epoch == 1
    assert capsys.readouterr().out == ("Epoch 2: early stopping\nRestoring model weights from "
                                       "the end of the best epoch: 1.\n")
    with pytest.raises(ValueError, match="isn't able to automatically determine"):
        m.fit(x, y, epochs=1, verbose=0,
              callbacks=[keras.callbacks.EarlyStopping(monitor="weird")])


def test_model_checkpoint_paths_and_checks(tmp_path):
    pytest.importorskip("h5py")
    x, y = _data()
    path = str(tmp_path / "w-{epoch:02d}-{loss:.2f}.weights.h5")
    m = _model()
    m.fit(x, y, epochs=2, verbose=0,
          callbacks=[keras.callbacks.ModelCheckpoint(path, save_weights_only=True,
                                                     monitor="loss")])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and names[0].startswith("w-01-") and names[1].startswith("w-02-")
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        keras.callbacks.ModelCheckpoint("x.h5", save_weights_only=True)
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint("x.txt")


def test_learning_rate_scheduler_and_plateau_log_the_rate():
    x, y = _data()
    m = _model(lr=0.1)
    sched = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    h = m.fit(x, y, epochs=2, verbose=0, callbacks=[sched])
    np.testing.assert_allclose(h.history["learning_rate"], [0.05, 0.025], rtol=1e-6)
    m = _model(lr=0.0)
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
                                                min_delta=1.0)
    m.optimizer.learning_rate = 0.4
    h = m.fit(x, y, epochs=3, verbose=0, callbacks=[plateau])
    np.testing.assert_allclose(h.history["learning_rate"], [0.4, 0.4, 0.2], rtol=1e-6)  # logged before the cut
    with pytest.raises(ValueError, match="factor >= 1.0"):
        keras.callbacks.ReduceLROnPlateau(factor=2.0)


def test_csv_logger_lambda_and_terminate_on_nan(tmp_path, capsys):
    x, y = _data()
    path = tmp_path / "log.csv"
    seen = []
    m = _model()
    m.fit(x, y, epochs=2, verbose=0, callbacks=[
        keras.callbacks.CSVLogger(str(path)),
        keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: seen.append(e))])
    rows = path.read_text().splitlines()
    assert rows[0] == "epoch,loss,val_loss" and rows[1].startswith("0,") and \
        rows[1].endswith(",NA")
    assert seen == [0, 1]
    bad = np.full_like(x, np.nan)
    h = m.fit(bad, y, epochs=3, verbose=0, callbacks=[keras.callbacks.TerminateOnNaN()])
    assert len(h.history["loss"]) == 1
    assert "Batch 0: Invalid loss, terminating training" in capsys.readouterr().out
