"""Tests of infolab.models.message_passing (graph-convolution classifier)."""

import networkx as nx
import numpy as np
import pytest

from infolab.models import (
    GraphConvClassifier,
    finite_difference_gradients,
    normalized_adjacency,
    softmax_cross_entropy,
)


def _batch(seed, b=4, n=6, f=3, weighted=True):
    rng = np.random.default_rng(seed)
    a = (rng.random((b, n, n)) < 0.4) * (rng.random((b, n, n)) if weighted else 1.0)
    a = np.triu(a, 1)
    a = a + np.swapaxes(a, 1, 2)
    return a, rng.normal(size=(b, n, f)), rng.integers(0, 2, b)


@pytest.mark.parametrize("padded", [False, True])
def test_gradients_match_finite_differences(padded):
    a, x, y = _batch(0)
    mask = np.ones(a.shape[:2], bool)
    if padded:
        mask[0, 4:] = False
        a[0, 4:, :] = a[0, :, 4:] = 0.0
    net = GraphConvClassifier(3, 2, hidden=(5, 4), seed=1)
    loss, g = softmax_cross_entropy(net.forward(a, x, mask), y)
    grads = net.backward(g)
    fd = finite_difference_gradients(lambda: softmax_cross_entropy(net.forward(a, x, mask), y)[0], net.params)
    for k in grads:
        np.testing.assert_allclose(grads[k], fd[k], atol=1e-7, rtol=1e-5)


def test_normalized_adjacency_matches_networkx_closed_form():
    g = nx.path_graph(4)
    a = nx.to_numpy_array(g)
    a_hat = a + np.eye(4)
    d = a_hat.sum(1)
    np.testing.assert_allclose(normalized_adjacency(a)[0], a_hat / np.sqrt(np.outer(d, d)), atol=1e-15)
    # the largest eigenvalue of D^-1/2 (A + I) D^-1/2 is 1, with eigenvector sqrt(d)
    np.testing.assert_allclose(np.linalg.eigvalsh(normalized_adjacency(a)[0]).max(), 1.0, atol=1e-12)


def test_permutation_invariance_and_padding():
    a, x, _ = _batch(2, b=1)
    net = GraphConvClassifier(3, 3, hidden=(6,), seed=0)
    perm = np.random.default_rng(0).permutation(6)
    out = net.forward(a, x)
    np.testing.assert_allclose(net.forward(a[:, perm][:, :, perm], x[:, perm]), out, atol=1e-12)
    pad_a = np.zeros((1, 8, 8))
    pad_a[0, :6, :6] = a[0]
    pad_x = np.zeros((1, 8, 3))
    pad_x[0, :6] = x[0]
    mask = np.zeros((1, 8), bool)
    mask[0, :6] = True
    np.testing.assert_allclose(net.forward(pad_a, pad_x, mask), out, atol=1e-12)


def test_learns_to_count_triangles():
    rng = np.random.default_rng(3)
    graphs, labels = [], []
    for i in range(120):
        g = nx.cycle_graph(8)
        if i % 2:
            g.add_edge(0, 2)   # one triangle
        p = rng.permutation(8)
        graphs.append(nx.to_numpy_array(nx.relabel_nodes(g, dict(enumerate(p))), nodelist=range(8)))
        labels.append(i % 2)
    a, y = np.array(graphs), np.array(labels)
    x = a.sum(axis=2, keepdims=True)   # the degree as the node feature
    from infolab.models import Adam
    net, opt = GraphConvClassifier(1, 2, hidden=(8, 8), seed=0), Adam(0.02)
    for _ in range(150):
        _, g = softmax_cross_entropy(net.forward(a, x), y)
        opt.step(net.params, net.backward(g))
    assert np.mean(net.predict_proba(a, x).argmax(1) == y) == 1.0
    np.testing.assert_allclose(net.predict_proba(a, x).sum(1), 1.0)


def test_inputs_are_not_mutated():
    a, x, _ = _batch(4)
    a0, x0 = a.copy(), x.copy()
    GraphConvClassifier(3, 2, seed=0).predict_proba(a, x)
    np.testing.assert_array_equal(a, a0)
    np.testing.assert_array_equal(x, x0)


@pytest.mark.parametrize("call, name", [
    (lambda: GraphConvClassifier(0, 2), "n_features"),
    (lambda: GraphConvClassifier(3, 1), "n_classes"),
    (lambda: GraphConvClassifier(3, 2, hidden=()), "hidden"),
    (lambda: GraphConvClassifier(3, 2).forward(np.ones((1, 3, 4)), np.ones((1, 3, 3))), "adjacency"),
    (lambda: GraphConvClassifier(3, 2).forward(np.array([[[0, 1], [0, 0]]], float), np.ones((1, 2, 3))), "adjacency"),
    (lambda: GraphConvClassifier(3, 2).forward(np.zeros((1, 2, 2)), np.ones((1, 2, 4))), "features"),
    (lambda: GraphConvClassifier(3, 2).forward(np.zeros((1, 2, 2)), np.full((1, 2, 3), np.nan)), "features"),
    (lambda: GraphConvClassifier(3, 2).forward(np.zeros((1, 2, 2)), np.ones((1, 2, 3)), np.zeros((1, 2), bool)),
     "node_mask"),
    (lambda: normalized_adjacency(-np.ones((2, 2))), "adjacency"),
])
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=f"'{name}'"):
        call()


def test_backward_needs_forward_and_right_shape():
    net = GraphConvClassifier(3, 2, seed=0)
    with pytest.raises(RuntimeError):
        net.backward(np.ones((1, 2)))
    a, x, _ = _batch(5)
    net.forward(a, x)
    with pytest.raises(ValueError, match="'grad_logits'"):
        net.backward(np.ones((1, 2)))
