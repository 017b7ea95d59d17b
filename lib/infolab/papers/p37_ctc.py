"""A synthetic topic corpus for notebook 37 (CTC information alignment).

Words are integers; the vocabulary is split into ``n_topics`` blocks of equal
size and each topic draws its own words with Zipf weights (1/rank). A document
mixes three topics with Dirichlet(0.3) weights. Summaries copy tokens from
their document and replace a fraction h of them with words of topics the
document does not contain ("hallucinations"); dialogue responses copy a
fraction g of their tokens from the knowledge document and draw the rest off
topic. :func:`rouge1_f` is the lexical baseline (unigram F1 with clipped
counts, as ROUGE-1-F).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TopicCorpus", "rouge1_f"]


@dataclass
class TopicCorpus:
    n_words: int = 3000
    n_topics: int = 30
    topics_per_document: int = 3
    concentration: float = 0.3

    def __post_init__(self):
        self.per_topic = self.n_words // self.n_topics
        self.words = np.arange(self.per_topic * self.n_topics).reshape(self.n_topics, self.per_topic)
        w = 1.0 / np.arange(1, self.per_topic + 1)
        self.rank_weights = w / w.sum()

    def topic_words(self, topics, n, rng):
        """n words, each from a topic drawn uniformly from ``topics``, with Zipf weights inside the topic."""
        t = rng.choice(np.asarray(topics), size=n)
        return self.words[t, rng.choice(self.per_topic, size=n, p=self.rank_weights)]

    def document(self, length, rng):
        """(word ids, topics) of one document: a Dirichlet mixture of ``topics_per_document`` topics."""
        topics = rng.choice(self.n_topics, self.topics_per_document, replace=False)
        weights = rng.dirichlet([self.concentration] * self.topics_per_document)
        z = rng.choice(self.topics_per_document, size=length, p=weights)
        return self.words[topics[z], rng.choice(self.per_topic, size=length, p=self.rank_weights)], topics

    def off_topics(self, topics):
        return np.setdiff1d(np.arange(self.n_topics), topics)

    def summary(self, doc, topics, length, hallucination, rng):
        """``length`` tokens copied from ``doc``, round(hallucination * length) of them replaced off topic."""
        s = rng.choice(doc, size=length).copy()
        n_bad = int(round(hallucination * length))
        idx = rng.choice(length, size=n_bad, replace=False)
        s[idx] = self.topic_words(self.off_topics(topics), n_bad, rng)
        return s

    def response(self, doc, topics, length, grounded, rng):
        """A response of ``length`` tokens, Binomial(length, grounded) of them copied from ``doc``."""
        n_good = rng.binomial(length, grounded)
        r = np.concatenate([rng.choice(doc, size=n_good),
                            self.topic_words(self.off_topics(topics), length - n_good, rng)])
        return rng.permutation(r)


def rouge1_f(hypothesis, reference) -> float:
    """Unigram F1 with clipped counts (ROUGE-1-F) between two token arrays."""
    h, r = np.asarray(hypothesis), np.asarray(reference)
    words = np.union1d(h, r)
    ch = np.array([np.sum(h == w) for w in words])
    cr = np.array([np.sum(r == w) for w in words])
    overlap = np.minimum(ch, cr).sum()
    if overlap == 0:
        return 0.0
    p, rec = overlap / h.size, overlap / r.size
    return float(2 * p * rec / (p + rec))
