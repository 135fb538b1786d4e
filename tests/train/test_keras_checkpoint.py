"""tf.train.Checkpoint over Keras models, layers and optimizers: round trips that continue
training identically, deferred restoration of variables made later (layers built on first call,
optimizer slots made on the first step), CheckpointManager, and the key names TF 2.21 writes."""
import numpy as np
import pytest

import eagerflow as tf

X = np.random.RandomState(0).randn(8, 4).astype("float32")
Y = np.random.RandomState(1).randn(8, 2).astype("float32")


class _Subclassed(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(3, activation="tanh")
        self.d2 = tf.keras.layers.Dense(2)

    def call(self, x):
        return self.d2(self.d1(x))


def _step(model, opt):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(X) - Y) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


def _values(*objects):
    return [v.numpy() for obj in objects for v in obj.variables]


def _assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("make_opt", [
    lambda: tf.keras.optimizers.Adam(0.01),
    lambda: tf.keras.optimizers.Adam(0.01, amsgrad=True),
    lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    lambda: tf.keras.optimizers.RMSprop(0.01),
    lambda: tf.keras.optimizers.Adam(tf.keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)),
])
def test_round_trip_restores_before_build_and_continues_identically(tmp_path, make_opt):
    model, opt = _Subclassed(), make_opt()
    for _ in range(3):
        _step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).save(str(tmp_path / "ckpt"))
    fresh, fresh_opt = _Subclassed(), make_opt()
    # nothing is built yet: every value waits for its variable (TF's deferred restoration)
    status = tf.train.Checkpoint(model=fresh, optimizer=fresh_opt).restore(path)
    with pytest.raises(AssertionError, match="Unresolved object in checkpoint"):
        status.assert_consumed()
    fresh(X[:1])
    _assert_same(_values(model), _values(fresh))
    assert _step(fresh, fresh_opt) == _step(model, opt)  # the slots were restored on creation
    status.assert_consumed()
    assert int(fresh_opt.iterations) == 4
    _assert_same(_values(model, opt), _values(fresh, fresh_opt))
    assert _step(fresh, fresh_opt) == _step(model, opt)
    _assert_same(_values(model, opt), _values(fresh, fresh_opt))


def test_restore_into_built_objects_overwrites_their_values(tmp_path):
    model, opt = _Subclassed(), tf.keras.optimizers.Adam(0.01)
    _step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).write(str(tmp_path / "w"))
    saved = _values(model, opt)
    _step(model, opt)
    _step(model, opt)
    tf.train.Checkpoint(model=model, optimizer=opt).read(path).assert_consumed()
    _assert_same(saved, _values(model, opt))
    assert int(opt.iterations) == 1


def _sequential():
    model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="relu"),
                                 tf.keras.layers.Dense(2)])
    model.compile(tf.keras.optimizers.Adam(0.01), "mse")
    return model


def test_manager_over_a_compiled_sequential_model_and_fit(tmp_path):
    model = _sequential()
    model.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model), str(tmp_path),
                                         max_to_keep=1)
    manager.save()
    path = manager.save()
    assert manager.checkpoints == [path]
    fresh = _sequential()  # no input shape: built by its first fit step
    status = tf.train.Checkpoint(model=fresh).restore(tf.train.latest_checkpoint(str(tmp_path)))
    history = fresh.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0).history
    assert history == model.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0).history
    status.assert_consumed()
    _assert_same(_values(model, model.optimizer), _values(fresh, fresh.optimizer))


def test_functional_model_and_single_layers(tmp_path):
    def build():
        inputs = tf.keras.Input((4,))
        h = tf.keras.layers.BatchNormalization()(tf.keras.layers.Dense(3)(inputs))
        return tf.keras.Model(inputs, tf.keras.layers.Dense(2)(h))
    model = build()
    for v in model.variables:
        v.assign(np.random.RandomState(2).randn(*v.shape.as_list()).astype("float32"))
    path = tf.train.Checkpoint(model=model).write(str(tmp_path / "f"))
    other = build()
    tf.train.Checkpoint(model=other).read(path).assert_consumed()
    np.testing.assert_array_equal(other(X).numpy(), model(X).numpy())
    layer = tf.keras.layers.Dense(2)
    layer(X)
    path = tf.train.Checkpoint(layer=layer).write(str(tmp_path / "l"))
    fresh = tf.keras.layers.Dense(2)
    tf.train.Checkpoint(layer=fresh).read(path)
    fresh(X)  # built after the restore: kernel and bias take the saved values
    _assert_same(_values(layer), _values(fresh))


def test_optimizer_alone_restores_its_slots_when_built(tmp_path):
    model, opt = _Subclassed(), tf.keras.optimizers.Adam(0.01)
    _step(model, opt)
    path = tf.train.Checkpoint(optimizer=opt).write(str(tmp_path / "o"))
    fresh = tf.keras.optimizers.Adam(0.01)
    status = tf.train.Checkpoint(optimizer=fresh).read(path)
    assert int(fresh.iterations) == 1  # made at construction: restored at once
    fresh.build(model.trainable_variables)
    status.assert_consumed()
    _assert_same([v.numpy() for v in opt.variables], [v.numpy() for v in fresh.variables])


# -- key names as TF 2.21 writes them ---------------------------------------------------------

def _keys(mod, tmp, make):
    objects = make(mod)
    path = mod.train.Checkpoint(**objects).write(str(tmp))
    return [k for k, _ in mod.train.list_variables(path)]


def _subclassed_with_adam(mod):
    keras = mod.keras

    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = keras.layers.Dense(3)
            self.blocks = [keras.layers.Dense(2)]
            self.scale = mod.Variable(1.0)

        def call(self, x):
            return self.blocks[0](self.d1(x)) * self.scale
    net, opt = Net(), keras.optimizers.Adam(0.01)
    with mod.GradientTape() as tape:
        loss = mod.reduce_sum(net(X))
    opt.apply_gradients(zip(tape.gradient(loss, net.trainable_variables),
                            net.trainable_variables))
    return {"model": net, "optimizer": opt}


def _compiled_models(mod):
    keras = mod.keras
    seq = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    inputs = keras.Input((4,))
    out = keras.layers.Dense(2)(keras.layers.Dense(3)(inputs))
    functional = keras.Model(inputs, out)
    functional.compile(keras.optimizers.SGD(0.1, momentum=0.9), "mse")
    functional.fit(X, Y, epochs=1, verbose=0)
    return {"seq": seq, "functional": functional}


def _layers(mod):
    keras = mod.keras
    bn, conv, emb, lstm = (keras.layers.BatchNormalization(), keras.layers.Conv2D(2, 3),
                           keras.layers.Embedding(5, 2), keras.layers.LSTM(2))
    bn(np.zeros((1, 3), "float32"))
    conv(np.zeros((1, 5, 5, 1), "float32"))
    emb(np.zeros((1, 3), "int32"))
    lstm(np.zeros((1, 3, 2), "float32"))
    return {"bn": bn, "conv": conv, "emb": emb, "lstm": lstm}


@pytest.mark.parametrize("make", [_subclassed_with_adam, _compiled_models, _layers])
def test_checkpoint_keys_as_tf(tmp_path, make):
    tf_ref = pytest.importorskip("tensorflow")
    assert _keys(tf, tmp_path / "ours", make) == _keys(tf_ref, tmp_path / "tf", make)
