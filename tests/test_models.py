"""Tests of the model kit: exact gradients, determinism, training, bad input, CPU vs GPU."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.models import (
    MLP,
    SGD,
    Adam,
    Autoencoder,
    TiedSparseAutoencoder,
    binary_cross_entropy_with_logits,
    classification_accuracy,
    finite_difference_gradients,
    l1_penalty,
    mse_loss,
    softmax,
    softmax_cross_entropy,
    train,
    train_step,
)

RNG = np.random.default_rng(1234)


@pytest.fixture(autouse=True)
def _same_draws_whatever_the_order():
    """Every test draws from a fresh generator, so its data do not depend on which tests ran before it."""
    global RNG
    RNG = np.random.default_rng(1234)
GRAD_TOL = 1e-7  # central differences with eps 1e-6 in float64: error O(eps²)+O(1e-16/eps) ≈ 1e-9


def _max_err(analytic: dict, numeric: dict) -> float:
    return max(float(np.nanmax(np.abs(analytic[k] - numeric[k]))) for k in analytic)


# --------------------------------------------------------------------------- gradients of models

@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "softplus", "identity"])
@pytest.mark.parametrize("output_activation", ["identity", "sigmoid", "tanh"])
def test_mlp_gradients_match_finite_differences(activation, output_activation):
    net = MLP([5, 7, 6, 3], activation, output_activation, seed=3)
    x = RNG.normal(size=(8, 5))
    target = RNG.normal(size=(8, 3))

    def loss():
        return mse_loss(net.forward(x), target)[0]

    _, g = mse_loss(net.forward(x), target)
    grads, g_in = net.backward(g, return_input_grad=True)
    assert _max_err(grads, finite_difference_gradients(loss, net.params)) < GRAD_TOL
    # the input gradient, through the same closure on a dict holding x
    holder = {"x": x.copy()}
    num = finite_difference_gradients(lambda: mse_loss(net.forward(holder["x"]), target)[0], holder)
    assert np.max(np.abs(g_in - num["x"])) < GRAD_TOL


def test_mlp_backward_from_arbitrary_output_gradient():
    """A custom loss L = sum(c * out**3) with a hand-written output gradient."""
    net = MLP([4, 9, 2], "tanh", seed=0)
    x = RNG.normal(size=(6, 4))
    c = RNG.normal(size=(6, 2))
    out = net.forward(x)
    grads = net.backward(3 * c * out**2)
    num = finite_difference_gradients(lambda: float(np.sum(c * net.forward(x) ** 3)), net.params)
    assert _max_err(grads, num) < GRAD_TOL


def test_mlp_dropout_gradient_uses_the_same_mask():
    net = MLP([4, 16, 3], dropout=0.5, seed=0)
    x = RNG.normal(size=(5, 4))
    target = RNG.normal(size=(5, 3))
    out = net.forward(x, train=True)
    mask = net._cache[0][3].copy()
    grads = net.backward(mse_loss(out, target)[1])

    def loss():  # replays the same mask
        h = np.maximum(x @ net.params["W0"] + net.params["b0"], 0) * mask
        return mse_loss(h @ net.params["W1"] + net.params["b1"], target)[0]

    assert _max_err(grads, finite_difference_gradients(loss, net.params)) < GRAD_TOL
    # evaluation mode never drops
    a = net.forward(x)
    b = net.forward(x)
    np.testing.assert_array_equal(a, b)


def test_autoencoder_gradients_with_code_penalty():
    ae = Autoencoder([6, 5, 3], "tanh", code_activation="identity", output_activation="identity", seed=2)
    x = RNG.normal(size=(7, 6))

    def loss():
        recon = ae.forward(x)
        return mse_loss(recon, x)[0] + 0.3 * l1_penalty(ae.code)[0]

    recon = ae.forward(x)
    grads = ae.backward(mse_loss(recon, x)[1], 0.3 * l1_penalty(ae.code)[1])
    assert set(grads) == set(ae.params)
    assert _max_err(grads, finite_difference_gradients(loss, ae.params)) < GRAD_TOL


def test_tied_sae_gradients():
    sae = TiedSparseAutoencoder(5, 11, seed=4)
    sae.params["b"][:] = RNG.normal(scale=0.3, size=11)  # some units off, some on
    h = RNG.normal(size=(9, 5))
    _, grads = sae.loss_and_grads(h, l1=0.7)
    num = finite_difference_gradients(lambda: sae.loss_and_grads(h, l1=0.7)[0], sae.params)
    assert _max_err(grads, num) < GRAD_TOL


def test_tied_sae_is_tied():
    sae = TiedSparseAutoencoder(3, 4, seed=0)
    h = RNG.normal(size=(2, 3))
    np.testing.assert_allclose(sae.forward(h), sae.encode(h) @ sae.params["W"].T)
    np.testing.assert_allclose(sae.decode(sae.encode(h)), sae.forward(h))


# --------------------------------------------------------------------------- losses

@pytest.mark.parametrize("which", ["mse", "xent", "bce", "l1"])
def test_loss_gradients_match_finite_differences(which):
    pred = {"p": RNG.normal(size=(6, 4))}
    target = RNG.uniform(size=(6, 4))
    labels = RNG.integers(0, 4, size=6)
    fn = {
        "mse": lambda: mse_loss(pred["p"], target),
        "xent": lambda: softmax_cross_entropy(pred["p"], labels),
        "bce": lambda: binary_cross_entropy_with_logits(pred["p"], target),
        "l1": lambda: l1_penalty(pred["p"]),
    }[which]
    _, g = fn()
    num = finite_difference_gradients(lambda: fn()[0], pred)
    assert np.max(np.abs(g - num["p"])) < GRAD_TOL


def test_loss_known_values():
    assert mse_loss(np.array([[0.0, 2.0]]), np.array([[1.0, 0.0]]))[0] == pytest.approx(2.5, abs=1e-15)
    # uniform logits: cross-entropy is log K
    assert softmax_cross_entropy(np.zeros((3, 5)), np.array([0, 1, 4]))[0] == pytest.approx(np.log(5), abs=1e-15)
    # BCE at logit 0 is log 2 whatever the target
    assert binary_cross_entropy_with_logits(np.zeros((2, 2)), np.array([[0, 1], [0.3, 1]]))[0] == pytest.approx(np.log(2))
    # BCE against an independent direct formula
    z, t = RNG.normal(size=(4, 3)), RNG.uniform(size=(4, 3))
    s = 1 / (1 + np.exp(-z))
    direct = -np.mean(t * np.log(s) + (1 - t) * np.log(1 - s))
    assert binary_cross_entropy_with_logits(z, t)[0] == pytest.approx(direct, rel=1e-12)
    # stable for huge logits
    big = binary_cross_entropy_with_logits(np.array([[1000.0, -1000.0]]), np.array([[1.0, 0.0]]))[0]
    assert big == pytest.approx(0.0, abs=1e-300)
    assert classification_accuracy(np.eye(3), np.array([0, 1, 1])) == pytest.approx(2 / 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(2, 6), st.floats(-50, 50))
def test_softmax_is_shift_invariant_and_normalised(n, k, shift):
    logits = np.random.default_rng(n * 10 + k).normal(size=(n, k))
    p = softmax(logits)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(softmax(logits + shift), p, atol=1e-12)


# --------------------------------------------------------------------------- optimisers

def test_adam_first_step_and_weight_decay():
    p = {"w": np.array([1.0, -2.0])}
    Adam(lr=0.1).step(p, {"w": np.array([5.0, -0.01])})
    # first Adam step moves every coordinate by lr * sign(g) (up to eps)
    np.testing.assert_allclose(p["w"], [0.9, -1.9], atol=1e-6)
    q = {"w": np.array([2.0])}
    Adam(lr=0.1, weight_decay=0.5).step(q, {"w": np.array([0.0])})
    np.testing.assert_allclose(q["w"], [2.0 * (1 - 0.05)])


def test_adam_matches_a_direct_transcription():
    g_seq = RNG.normal(size=(5, 3))
    p = {"w": np.zeros(3)}
    opt = Adam(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
    w, m, v = np.zeros(3), np.zeros(3), np.zeros(3)
    for t, g in enumerate(g_seq, start=1):
        opt.step(p, {"w": g})
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
        w = w - 0.01 * (m / (1 - 0.8**t)) / (np.sqrt(v / (1 - 0.99**t)) + 1e-6)
    np.testing.assert_allclose(p["w"], w, rtol=1e-13)


def test_gradient_clipping_bounds_the_step():
    p = {"w": np.zeros(2)}
    SGD(lr=1.0, clip_norm=1.0).step(p, {"w": np.array([3.0, 4.0])})
    np.testing.assert_allclose(p["w"], [-0.6, -0.8])


def test_sgd_momentum():
    p = {"w": np.array([0.0])}
    opt = SGD(lr=0.1, momentum=0.5)
    opt.step(p, {"w": np.array([1.0])})
    opt.step(p, {"w": np.array([1.0])})
    np.testing.assert_allclose(p["w"], [-0.1 - 0.15])


# --------------------------------------------------------------------------- training

def _digits():
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return x / 16.0, y


def _train_digits(seed):
    x, y = _digits()
    net = MLP([64, 32, 10], seed=seed)

    def step(m, xb, yb):
        loss, g = softmax_cross_entropy(m.forward(xb, train=True), yb)
        return loss, m.backward(g)

    hist = train(net, step, (x[:1200], y[:1200]), epochs=15, batch_size=64, optimizer=Adam(5e-3), seed=seed)
    return net, hist, classification_accuracy(net.predict(x[1200:]), y[1200:])


def test_digits_training_reduces_loss_and_generalises():
    _, hist, acc = _train_digits(0)
    assert hist[-1] < 0.2 * hist[0]
    assert acc > 0.9  # held-out accuracy of a 64-32-10 MLP on digits after 15 epochs


def test_training_is_deterministic_under_a_seed():
    a, ha, _ = _train_digits(5)
    b, hb, _ = _train_digits(5)
    np.testing.assert_array_equal(ha, hb)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    c, _, _ = _train_digits(6)
    assert not np.array_equal(a.params["W0"], c.params["W0"])


def test_dropout_training_is_deterministic():
    x, y = _digits()

    def run():
        net = MLP([64, 16, 10], dropout=0.3, seed=1)

        def step(m, xb, yb):
            loss, g = softmax_cross_entropy(m.forward(xb, train=True), yb)
            return loss, m.backward(g)

        return train(net, step, (x[:300], y[:300]), epochs=2, batch_size=50, seed=2)

    np.testing.assert_array_equal(run(), run())


def test_sae_fit_recovers_a_planted_dictionary_loss_drops():
    rng = np.random.default_rng(0)
    dirs = rng.normal(size=(6, 4))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    codes = rng.uniform(size=(500, 6)) * (rng.random((500, 6)) < 0.2)
    h = codes @ dirs
    sae = TiedSparseAutoencoder(4, 16, seed=0)
    hist = sae.fit(h, l1=0.01, epochs=40, batch_size=64, lr=1e-2, seed=0)
    assert hist[-1] < 0.3 * hist[0]
    assert sae.mean_abs_activation(h).shape == (16,)


def test_train_early_stop_and_history_length():
    x = np.linspace(-1, 1, 32).reshape(-1, 1)
    net = MLP([1, 1], seed=0)

    def step(m, xb):
        loss, g = mse_loss(m.forward(xb), 2 * xb)
        return loss, m.backward(g)

    hist = train(net, step, x, epochs=50, batch_size=8, callback=lambda e, loss: e >= 2)
    assert len(hist) == 3


def test_inputs_are_not_mutated():
    x = RNG.normal(size=(10, 4))
    y = RNG.integers(0, 3, size=10)
    x0, y0 = x.copy(), y.copy()
    net = MLP([4, 5, 3], seed=0)

    def step(m, xb, yb):
        loss, g = softmax_cross_entropy(m.forward(xb), yb)
        return loss, m.backward(g)

    train(net, step, (x, y), epochs=2, batch_size=4)
    TiedSparseAutoencoder(4, 8).fit(x, l1=0.1, epochs=2)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y, y0)


def test_same_seed_same_initial_weights_and_float32():
    a, b = MLP([3, 4, 2], seed=7), MLP([3, 4, 2], seed=7)
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"])
    c = MLP([3, 4, 2], seed=7, dtype="float32")
    assert c.params["W0"].dtype == np.float32
    assert c.forward(np.ones((2, 3))).dtype == np.float32
    np.testing.assert_allclose(c.params["W0"], a.params["W0"], rtol=1e-6)


def test_predict_matches_forward_in_batches():
    net = MLP([3, 5, 2], seed=1)
    x = RNG.normal(size=(11, 3))
    np.testing.assert_allclose(net.predict(x, batch_size=4), net.forward(x), rtol=1e-14)


def test_hidden_activations_shapes():
    net = MLP([4, 6, 5, 2], seed=0)
    hs = net.hidden_activations(np.ones((3, 4)))
    assert [h.shape for h in hs] == [(3, 6), (3, 5)]
    assert all(np.all(h >= 0) for h in hs)


# --------------------------------------------------------------------------- bad input

def test_bad_model_arguments():
    with pytest.raises(ValueError, match="'sizes'"):
        MLP([4])
    with pytest.raises(ValueError, match="'sizes'"):
        MLP([4, 0, 2])
    with pytest.raises(TypeError, match="'sizes'"):
        MLP("44")
    with pytest.raises(ValueError, match="'activation'"):
        MLP([2, 2], activation="swish")
    with pytest.raises(ValueError, match="'output_activation'"):
        MLP([2, 2], output_activation="softmax")
    with pytest.raises(ValueError, match="'dropout'"):
        MLP([2, 2], dropout=1.0)
    with pytest.raises(ValueError, match="'init'"):
        MLP([2, 2], init="orthogonal")
    with pytest.raises(ValueError, match="'dtype'"):
        MLP([2, 2], dtype="float16")
    with pytest.raises(ValueError, match="'device'"):
        MLP([2, 2], device="tpu")
    with pytest.raises(TypeError, match="'seed'"):
        MLP([2, 2], seed=-1)
    with pytest.raises(ValueError, match="'n_features'"):
        TiedSparseAutoencoder(3, 0)
    with pytest.raises(TypeError, match="'n_inputs'"):
        TiedSparseAutoencoder(3.5, 4)
    with pytest.raises(TypeError, match="'seed'"):
        Autoencoder([3, 2], seed="x")


def test_bad_forward_backward_input():
    net = MLP([3, 2], seed=0)
    with pytest.raises(ValueError, match="'x'"):
        net.forward(np.ones((4, 5)))
    with pytest.raises(ValueError, match="'x'"):
        net.forward(np.array([[np.nan, 0, 0]]))
    with pytest.raises(TypeError, match="'x'"):
        net.forward([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="'x'"):
        net.predict(np.ones((0, 3)))
    with pytest.raises(RuntimeError, match="forward"):
        MLP([3, 2]).backward(np.ones((1, 2)))
    net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="'grad_out'"):
        net.backward(np.ones((4, 3)))
    sae = TiedSparseAutoencoder(3, 4)
    with pytest.raises(ValueError, match="'h'"):
        sae.forward(np.ones((2, 2)))
    with pytest.raises(ValueError, match="'l1'"):
        sae.loss_and_grads(np.ones((2, 3)), l1=-1.0)
    ae = Autoencoder([3, 2])
    ae.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match="'grad_code'"):
        ae.backward(np.ones((2, 3)), np.ones((2, 5)))


def test_bad_loss_input():
    with pytest.raises(ValueError, match="'target'"):
        mse_loss(np.ones((2, 2)), np.ones((2, 3)))
    with pytest.raises(TypeError, match="'pred'"):
        mse_loss(np.array([["a", "b"]]), np.ones((1, 2)))
    with pytest.raises(ValueError, match="'labels'"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3]))
    with pytest.raises(TypeError, match="'labels'"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="'logits'"):
        softmax_cross_entropy(np.ones(3), np.array([0]))
    with pytest.raises(ValueError, match="'targets'"):
        binary_cross_entropy_with_logits(np.ones((1, 2)), np.array([[0.0, 2.0]]))
    with pytest.raises(ValueError, match="'a'"):
        l1_penalty(np.array([np.inf]))
    with pytest.raises(ValueError, match="'logits'"):
        softmax(np.array([[np.nan]]))
    with pytest.raises(ValueError, match="'labels'"):
        classification_accuracy(np.ones((2, 2)), np.array([0]))


def test_bad_optimiser_and_train_input():
    with pytest.raises(ValueError, match="'lr'"):
        Adam(lr=0)
    with pytest.raises(ValueError, match="'beta1'"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match="'momentum'"):
        SGD(momentum=-0.1)
    with pytest.raises(ValueError, match="'grads'"):
        Adam().step({"w": np.zeros(2)}, {"v": np.zeros(2)})
    with pytest.raises(ValueError, match="'grads'"):
        SGD().step({"w": np.zeros(2)}, {"w": np.zeros(3)})
    net = MLP([2, 1])
    step = lambda m, xb: (0.0, {k: 0 * v for k, v in m.params.items()})  # noqa: E731
    with pytest.raises(ValueError, match="'epochs'"):
        train(net, step, np.ones((4, 2)), epochs=0, batch_size=2)
    with pytest.raises(ValueError, match="'batch_size'"):
        train(net, step, np.ones((4, 2)), epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="'data'"):
        train(net, step, (np.ones((4, 2)), np.ones(3)), epochs=1, batch_size=2)
    with pytest.raises(TypeError, match="'loss_and_grads'"):
        train(net, None, np.ones((4, 2)), epochs=1, batch_size=2)
    with pytest.raises(TypeError, match="'model'"):
        train(object(), step, np.ones((4, 2)), epochs=1, batch_size=2)
    with pytest.raises(FloatingPointError):
        train(net, lambda m, xb: (float("nan"), step(m, xb)[1]), np.ones((4, 2)), epochs=1, batch_size=2)
    with pytest.raises(ValueError, match="'eps'"):
        finite_difference_gradients(lambda: 0.0, {"w": np.zeros(1)}, eps=0.0)
    with pytest.raises(ValueError, match="'names'"):
        finite_difference_gradients(lambda: 0.0, {"w": np.zeros(1)}, names=["v"])
    with pytest.raises(TypeError, match="'loss_fn'"):
        finite_difference_gradients(1.0, {"w": np.zeros(1)})


# --------------------------------------------------------------------------- GPU

@pytest.mark.gpu
def test_gpu_training_matches_cpu():
    import cupy as cp

    x, y = _digits()
    x, y = x[:512], y[:512]
    nets = {}
    for device in ("cpu", "gpu"):
        xp = np if device == "cpu" else cp
        net = MLP([64, 32, 10], seed=0, device=device)

        def step(m, xb, yb):
            loss, g = softmax_cross_entropy(m.forward(xb, train=True), yb)
            return loss, m.backward(g)

        hist = train(net, step, (xp.asarray(x), xp.asarray(y)), epochs=3, batch_size=64, seed=0)
        nets[device] = (net, hist)
    # cuBLAS and OpenBLAS round differently; Adam's normalised steps keep the runs close but not bit-equal
    np.testing.assert_allclose(nets["gpu"][1], nets["cpu"][1], rtol=1e-6)
    np.testing.assert_allclose(cp.asnumpy(nets["gpu"][0].params["W0"]), nets["cpu"][0].params["W0"], rtol=1e-5, atol=1e-8)
    sae_c = TiedSparseAutoencoder(64, 128, seed=0)
    sae_g = TiedSparseAutoencoder(64, 128, seed=0, device="gpu")
    hc = sae_c.fit(x, l1=0.1, epochs=2)
    hg = sae_g.fit(cp.asarray(x), l1=0.1, epochs=2)
    np.testing.assert_allclose(hg, hc, rtol=1e-6)


# ---------------------------------------------------------------- step mode of train, train_step

def _linear_regression_problem():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((200, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3
    return x, y


def _mse_step(m, xb, yb):
    loss, g = mse_loss(m.forward(xb, train=True), yb)
    return loss, m.backward(g)


def test_train_step_mode_decreases_a_convex_loss_and_is_reproducible():
    x, y = _linear_regression_problem()

    def run(seed):
        net = MLP([3, 1], seed=0)  # linear model: the squared error is convex in its parameters
        hist = train(net, _mse_step, (x, y), steps=300, batch_size=20, optimizer=Adam(0.05), seed=seed)
        return net, hist

    net, hist = run(5)
    assert hist.shape == (300,)
    assert hist[-20:].mean() < 1e-3 * hist[:5].mean()
    assert np.allclose(net.params["W0"].ravel(), [1.0, -2.0, 0.5], atol=1e-2)
    net2, hist2 = run(5)
    assert np.array_equal(hist, hist2) and np.array_equal(net.params["W0"], net2.params["W0"])
    assert not np.array_equal(hist, run(6)[1])


def test_train_step_mode_draws_distinct_rows_from_the_seed_like_a_loop_of_train_step():
    x, y = _linear_regression_problem()
    net = MLP([3, 1], seed=0)
    hist = train(net, _mse_step, (x, y), steps=25, batch_size=8, optimizer=SGD(0.05), seed=3)
    ref, opt, rng = MLP([3, 1], seed=0), SGD(0.05), np.random.default_rng(3)
    expected = []
    for _ in range(25):
        idx = rng.choice(200, size=8, replace=False)
        expected.append(train_step(ref, _mse_step, (x[idx], y[idx]), opt))
    assert np.array_equal(hist, expected)
    assert np.array_equal(net.params["W0"], ref.params["W0"]) and np.array_equal(net.params["b0"], ref.params["b0"])


def test_train_step_mode_with_a_batch_sampler_uses_the_given_generator():
    seen = []

    def draw(rng):
        xb = rng.uniform(-1, 1, (16, 1))
        seen.append(xb)
        return xb, 2 * xb - 1

    gen = np.random.default_rng(8)
    net = MLP([1, 1], seed=0)
    hist = train(net, _mse_step, draw, steps=400, optimizer=Adam(0.05), seed=gen)
    assert hist[-20:].mean() < 1e-4 < hist[0]
    replay = np.random.default_rng(8)
    assert all(np.array_equal(xb, replay.uniform(-1, 1, (16, 1))) for xb in seen)
    assert np.array_equal(gen.random(3), replay.random(3))  # the caller's generator was advanced, not copied
    # A sampler that returns one array passes it as the single batch argument.
    one = train(MLP([1, 1], seed=0), lambda m, xb: _mse_step(m, xb, xb), lambda r: r.standard_normal((4, 1)),
                steps=3, seed=0)
    assert one.shape == (3,)


def test_train_step_mode_callback_stops_early_with_a_step_index():
    x, y = _linear_regression_problem()
    calls = []
    hist = train(MLP([3, 1], seed=0), _mse_step, (x, y), steps=50, batch_size=10,
                 callback=lambda step, loss: calls.append((step, loss)) or step >= 4)
    assert len(hist) == 5 and [c[0] for c in calls] == [0, 1, 2, 3, 4]
    assert [c[1] for c in calls] == hist.tolist()


def test_train_step_mode_and_train_step_bad_input():
    x, y = _linear_regression_problem()
    net = MLP([3, 1], seed=0)
    with pytest.raises(ValueError, match="'epochs' and 'steps' parameters of train"):
        train(net, _mse_step, (x, y), epochs=2, steps=2, batch_size=4)
    with pytest.raises(ValueError, match="'epochs' and 'steps' parameters of train"):
        train(net, _mse_step, (x, y), batch_size=4)
    with pytest.raises(ValueError, match="'steps' parameter of train"):
        train(net, _mse_step, (x, y), steps=0, batch_size=4)
    with pytest.raises(ValueError, match="'batch_size' parameter of train"):
        train(net, _mse_step, (x, y), steps=2, batch_size=201)
    with pytest.raises(TypeError, match="'batch_size' parameter of train"):
        train(net, _mse_step, (x, y), steps=2)
    with pytest.raises(TypeError, match="'batch_size' parameter of train"):
        train(net, _mse_step, (x, y), epochs=2)
    with pytest.raises(ValueError, match="'batch_size' parameter of train"):
        train(net, _mse_step, lambda r: (x, y), steps=2, batch_size=4)
    with pytest.raises(ValueError, match="'shuffle' and 'drop_last' parameters of train"):
        train(net, _mse_step, (x, y), steps=2, batch_size=4, shuffle=False)
    with pytest.raises(TypeError, match="'data' parameter of train"):
        train(net, _mse_step, lambda r: (x, y), epochs=2, batch_size=4)
    with pytest.raises(FloatingPointError, match="step 0"):
        train(net, lambda m, xb, yb: (float("inf"), _mse_step(m, xb, yb)[1]), (x, y), steps=2, batch_size=4)
    with pytest.raises(TypeError, match="'optimizer' parameter of train_step"):
        train_step(net, _mse_step, (x, y), None)
    with pytest.raises(TypeError, match="'model' parameter of train_step"):
        train_step(object(), _mse_step, (x, y), SGD())
    with pytest.raises(TypeError, match="'loss_and_grads' parameter of train_step"):
        train_step(net, "mse", (x, y), SGD())
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(FloatingPointError, match="train_step"):
        train_step(net, lambda m, xb, yb: (float("nan"), _mse_step(m, xb, yb)[1]), (x, y), SGD())
    assert all(np.array_equal(before[k], v) for k, v in net.params.items())


def test_losses_accept_lists_and_integer_arrays():
    """Array-likes are losses' input too: a list or an int array gives the float array's loss and gradient."""
    pred, target = [[1, 3]], [[0, 1]]
    loss, grad = mse_loss(pred, target)
    ref_loss, ref_grad = mse_loss(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))
    assert loss == ref_loss == 2.5 and grad.dtype == np.float64 and np.array_equal(grad, ref_grad)
    loss, grad = softmax_cross_entropy([[0, 0, 0, 0], [0, 0, 0, 0]], [0, 3])
    assert loss == pytest.approx(np.log(4), abs=1e-12) and grad.dtype == np.float64
    loss, _ = binary_cross_entropy_with_logits([[0, 0]], [[0, 1]])
    assert loss == pytest.approx(np.log(2), abs=1e-12)
    loss, grad = l1_penalty(np.array([[-2, 0, 1, 1]]))
    assert loss == 1.0 and grad.tolist() == [[-0.25, 0.0, 0.25, 0.25]]
    assert classification_accuracy([[2, 1], [0, 1]], [0, 0]) == 0.5
    assert np.allclose(softmax([[0, 0]]), 0.5)


def test_loss_shape_error_names_both_arguments():
    with pytest.raises(ValueError, match="'target'.*'pred'"):
        mse_loss(np.ones((2, 2)), np.ones((2, 3)))


def test_finite_difference_gradients_refuses_integer_parameters():
    from infolab.models import finite_difference_gradients

    p = {"w": np.array([3, 1])}
    with pytest.raises(TypeError, match="'params'.*finite_difference_gradients.*'w'.*int"):
        finite_difference_gradients(lambda: float(np.sum(p["w"] ** 2)), p)
    assert p["w"].tolist() == [3, 1]
    p = {"w": np.array([3.0, 1.0])}
    g = finite_difference_gradients(lambda: float(np.sum(p["w"] ** 2)), p)
    assert np.allclose(g["w"], [6.0, 2.0], atol=1e-6)


def test_autoencoder_errors_name_its_own_methods():
    from infolab.models import Autoencoder

    ae = Autoencoder([3, 2], seed=0)
    with pytest.raises(ValueError, match="'x' parameter of Autoencoder.encode"):
        ae.encode(np.ones((2, 4)))
    with pytest.raises(ValueError, match="'x' parameter of Autoencoder.forward"):
        ae.forward(np.ones((2, 4)))
