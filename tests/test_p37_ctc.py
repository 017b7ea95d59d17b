"""Tests of infolab.papers.p37_ctc (synthetic topic corpus, ROUGE-1-F)."""

import numpy as np
import pytest

from infolab.papers.p37_ctc import TopicCorpus, rouge1_f


def test_documents_summaries_and_responses():
    c = TopicCorpus(n_words=300, n_topics=10)
    rng = np.random.default_rng(0)
    doc, topics = c.document(100, rng)
    assert set(np.unique(doc // c.per_topic)) <= set(topics.tolist())
    s = c.summary(doc, topics, 20, 0.25, rng)
    assert np.sum(~np.isin(s // c.per_topic, topics)) == 5   # 5 of 20 tokens off topic
    r = c.response(doc, topics, 30, 1.0, rng)
    assert np.all(np.isin(r, doc))
    r0 = c.response(doc, topics, 30, 0.0, rng)
    assert not np.any(np.isin(r0 // c.per_topic, topics))


def test_rouge1_f_known_values():
    assert rouge1_f([1, 2, 3], [1, 2, 3]) == 1.0
    assert rouge1_f([1, 2], [3, 4]) == 0.0
    assert rouge1_f([1, 1, 2], [1, 3]) == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
