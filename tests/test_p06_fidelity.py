"""Tests of infolab.papers.p06_fidelity (BA-2Motifs, perturbed explanations, AUC)."""

import networkx as nx
import numpy as np

from infolab.papers.p06_fidelity import (
    ba_two_motifs,
    explanation_auc,
    perturb_explanation,
    train_graph_classifier,
)


def test_ba_two_motifs_structure():
    a, y, t = ba_two_motifs(6, seed=0)
    assert a.shape == (6, 25, 25) and y.tolist() == [0, 1, 0, 1, 0, 1]
    for g in range(6):
        graph = nx.from_numpy_array(a[g])
        assert nx.is_connected(graph) and graph.number_of_edges() == 19 + 1 + (6 if y[g] == 0 else 5)
        motif = nx.from_numpy_array(t[g].astype(float)).subgraph(range(20, 25))
        assert nx.is_isomorphic(motif, nx.house_graph() if y[g] == 0 else nx.cycle_graph(5))
        np.testing.assert_array_equal(t[g], t[g].T)


def test_perturbation_extremes_and_auc():
    a, _, t = ba_two_motifs(20, seed=1)
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(perturb_explanation(a, t, 0.0, 0.0, rng), t)
    assert not perturb_explanation(a, t, 1.0, 0.0, rng).any()
    np.testing.assert_allclose(explanation_auc(a, t, t), 1.0)
    everything = a > 0
    np.testing.assert_allclose(explanation_auc(a, t, everything), 0.5)
    m = perturb_explanation(a, t, 0.5, 0.5, rng)
    assert np.all(m <= (a > 0)) and np.array_equal(m, np.swapaxes(m, 1, 2))
    added = (m & ~t).sum() / 2 / 20
    assert 0.5 * 5.5 * 0.4 < added < 0.5 * 5.5 * 1.6   # about a * |truth| per graph


def test_classifier_learns_the_motifs():
    a, y, _ = ba_two_motifs(160, seed=2)
    deg = np.minimum(a.sum(2).astype(int), 9)
    x = np.zeros(a.shape[:2] + (10,))
    np.put_along_axis(x, deg[..., None], 1.0, axis=2)
    model, history = train_graph_classifier(a[:120], x[:120], y[:120], epochs=30, seed=0)
    assert history[-1] < history[0]
    assert np.mean(model.predict_proba(a[120:], x[120:]).argmax(1) == y[120:]) >= 0.95
