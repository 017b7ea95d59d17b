"""Tests of infolab.models.set_encoder: exact gradients, invariances, determinism, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.models import Adam, finite_difference_gradients, mse_loss, train
from infolab.models.set_encoder import SetEncoder, pinball_loss


def _batch(seed=0, b=3, n=6, d=4, c=2):
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(b, n, d))
    mask = np.ones((b, n), bool)
    mask[0, 4:] = False   # sets of different sizes
    mask[2, 1:] = False
    context = rng.normal(size=(b, c))
    return rows, mask, context


@pytest.mark.parametrize("activation", ["tanh", "softplus", "sigmoid"])
@pytest.mark.parametrize("context_dim,rho_sizes,n_outputs", [(2, (5,), 1), (0, (), 3), (2, (4, 3), 2)])
def test_gradients_match_finite_differences(activation, context_dim, rho_sizes, n_outputs):
    rows, mask, context = _batch(c=max(context_dim, 1))
    context = context if context_dim else None
    net = SetEncoder(4, context_dim, phi_sizes=(5, 3), rho_sizes=rho_sizes, n_outputs=n_outputs,
                     activation=activation, seed=1)
    weights = np.random.default_rng(2).normal(size=(3, n_outputs))

    def loss():  # a generic linear functional of the output, so every output gets a gradient
        return float(np.sum(weights * net.forward(rows, mask, context)))

    loss()
    grads = net.backward(weights)
    numeric = finite_difference_gradients(loss, net.params, eps=1e-6)
    for name in net.params:
        np.testing.assert_allclose(grads[name], numeric[name], rtol=1e-6, atol=1e-8, err_msg=name)


def test_gradients_through_the_pinball_and_mse_losses_match_finite_differences():
    rows, mask, context = _batch()
    net = SetEncoder(4, 2, phi_sizes=(6,), rho_sizes=(5,), n_outputs=3, seed=0)
    target = np.array([0.3, -1.0, 2.0])
    taus = [0.05, 0.5, 0.95]
    _, g = pinball_loss(net.forward(rows, mask, context), target, taus)
    grads = net.backward(g)
    numeric = finite_difference_gradients(lambda: pinball_loss(net.forward(rows, mask, context), target, taus)[0],
                                          net.params, eps=1e-7)
    for name in net.params:
        np.testing.assert_allclose(grads[name], numeric[name], rtol=1e-5, atol=1e-8, err_msg=name)
    net1 = SetEncoder(4, 2, n_outputs=1, seed=3)
    _, g = mse_loss(net1.forward(rows, mask, context), target[:, None])
    grads = net1.backward(g)
    numeric = finite_difference_gradients(lambda: mse_loss(net1.forward(rows, mask, context), target[:, None])[0],
                                          net1.params, max_entries=15, seed=0)
    for name in net1.params:
        ok = ~np.isnan(numeric[name])
        np.testing.assert_allclose(grads[name][ok], numeric[name][ok], rtol=1e-6, atol=1e-9, err_msg=name)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 12))
def test_output_is_invariant_to_row_order_and_to_padding(seed, n):
    rng = np.random.default_rng(seed)
    net = SetEncoder(3, 1, phi_sizes=(8, 4), rho_sizes=(4,), seed=seed % 7)
    rows = rng.normal(size=(2, n, 3))
    ctx = rng.normal(size=(2, 1))
    base = net.forward(rows, None, ctx)
    perm = rng.permutation(n)
    np.testing.assert_allclose(net.forward(rows[:, perm], None, ctx), base, rtol=1e-12, atol=1e-12)
    padded = np.concatenate([rows, rng.normal(size=(2, 5, 3)) * 100], axis=1)
    mask = np.concatenate([np.ones((2, n), bool), np.zeros((2, 5), bool)], axis=1)
    np.testing.assert_allclose(net.forward(padded, mask, ctx), base, rtol=1e-12, atol=1e-12)


def test_sets_in_one_batch_do_not_interact():
    rows, mask, context = _batch()
    net = SetEncoder(4, 2, seed=0)
    together = net.forward(rows, mask, context)
    for i in range(3):
        alone = net.forward(rows[i:i + 1], mask[i:i + 1], context[i:i + 1])
        np.testing.assert_allclose(alone[0], together[i], rtol=1e-13)


def test_pinball_loss_is_minimised_by_the_empirical_quantile():
    target = np.random.default_rng(0).exponential(size=401)
    grid = np.linspace(0, 4, 4001)
    for tau in (0.1, 0.5, 0.9):
        losses = [pinball_loss(np.full((401, 1), q), target, [tau])[0] for q in grid]
        best = grid[int(np.argmin(losses))]
        assert abs(best - np.quantile(target, tau, method="inverted_cdf")) < 2e-3


def test_training_is_deterministic_and_learns_a_set_statistic():
    """Regress the within-set correlation of two coordinates, a dependence statistic like MI."""
    rng = np.random.default_rng(0)
    rho = rng.uniform(-0.9, 0.9, size=256)
    z = rng.normal(size=(256, 40, 2))
    rows = np.stack([z[..., 0], rho[:, None] * z[..., 0] + np.sqrt(1 - rho[:, None] ** 2) * z[..., 1]], axis=2)
    mask = np.ones((256, 40), bool)
    target = rho[:, None]

    def run():
        net = SetEncoder(2, 0, phi_sizes=(16, 16), rho_sizes=(16,), seed=4)

        def step(model, r, m, t):
            loss, g = mse_loss(model.forward(r, m), t)
            return loss, model.backward(g)

        hist = train(net, step, (rows, mask, target), epochs=60, batch_size=32, optimizer=Adam(3e-3), seed=1)
        return net, hist

    net_a, hist_a = run()
    net_b, hist_b = run()
    np.testing.assert_array_equal(hist_a, hist_b)
    for k in net_a.params:
        np.testing.assert_array_equal(net_a.params[k], net_b.params[k])
    assert hist_a[-1] < 0.1 * np.var(rho)  # learned: far below predicting the mean


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="'input_dim'"):
        SetEncoder(0)
    with pytest.raises(ValueError, match="'context_dim'"):
        SetEncoder(2, -1)
    with pytest.raises(ValueError, match="'phi_sizes'"):
        SetEncoder(2, phi_sizes=())
    with pytest.raises(TypeError, match="'rho_sizes'"):
        SetEncoder(2, rho_sizes="32")
    with pytest.raises(ValueError, match="'n_outputs'"):
        SetEncoder(2, n_outputs=0)
    with pytest.raises(ValueError, match="'activation'"):
        SetEncoder(2, activation="identity")
    with pytest.raises(TypeError, match="'seed'"):
        SetEncoder(2, seed="a")
    net = SetEncoder(2, 1, seed=0)
    rows = np.zeros((2, 3, 2))
    ctx = np.zeros((2, 1))
    with pytest.raises(ValueError, match="'rows'"):
        net.forward(np.zeros((2, 3, 5)), None, ctx)
    with pytest.raises(ValueError, match="'rows'"):
        net.forward(np.full((2, 3, 2), np.nan), None, ctx)
    with pytest.raises(TypeError, match="'rows'"):
        net.forward([[1.0]], None, ctx)
    with pytest.raises(ValueError, match="'mask'"):
        net.forward(rows, np.ones((2, 4), bool), ctx)
    with pytest.raises(TypeError, match="'mask'"):
        net.forward(rows, np.ones((2, 3)), ctx)
    with pytest.raises(ValueError, match="'mask'"):
        net.forward(rows, np.array([[True, True, True], [False, False, False]]), ctx)
    with pytest.raises(ValueError, match="'context'"):
        net.forward(rows, None, None)
    with pytest.raises(ValueError, match="'context'"):
        SetEncoder(2, 0).forward(rows, None, ctx)
    with pytest.raises(RuntimeError, match="forward"):
        SetEncoder(2, 0).backward(np.zeros((2, 1)))
    net.forward(rows, None, ctx)
    with pytest.raises(ValueError, match="'grad_out'"):
        net.backward(np.zeros((3, 1)))
    with pytest.raises(ValueError, match="'batch_size'"):
        net.predict(rows, None, ctx, batch_size=0)
    with pytest.raises(ValueError, match="'quantiles'"):
        pinball_loss(np.zeros((2, 2)), np.zeros(2), [0.5, 1.0])
    with pytest.raises(ValueError, match="'target'"):
        pinball_loss(np.zeros((2, 1)), np.zeros(3), [0.5])
    with pytest.raises(ValueError, match="'pred'"):
        pinball_loss(np.zeros(2), np.zeros(2), [0.5])
