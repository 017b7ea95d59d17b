"""Experiment code for notebook 17: ECAML's pair sampler and the spread of negative pairs.

Chen, Deng, "Energy confused adversarial metric learning for zero-shot image
retrieval and clustering", AAAI 2019, arXiv:1901.07169. Code:
https://github.com/chenbinghui1/ECAML (Caffe). The training loop itself is
:func:`infolab.papers.p08_snr.train_triplet_embedding` with ``confusion_weight``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_int, check_rng

__all__ = ["ordered_confusion_pairs", "mean_negative_distance"]


def ordered_confusion_pairs(n: int, random_num: int = 10, *, seed: Any = 0) -> np.ndarray:
    """The released layer's sampler: for each anchor i < n − 2·random_num, ``random_num`` partners from {i+2, …, n−1}.

    In a batch ordered as consecutive same-class pairs (two images per class),
    a partner at least two rows later is always of another class, so every
    sampled pair is negative without looking at the labels.
    """
    n = check_int(n, "n", low=3, func="ordered_confusion_pairs")
    random_num = check_int(random_num, "random_num", low=1, high=(n - 1) // 2, func="ordered_confusion_pairs")
    rng = check_rng(seed, "seed", "ordered_confusion_pairs")
    rows = [np.column_stack([np.full(random_num, i), rng.integers(i + 2, n, size=random_num)])
            for i in range(n - 2 * random_num)]
    return np.concatenate(rows).astype(np.int64)


def mean_negative_distance(z: np.ndarray, y: np.ndarray) -> float:
    """Mean Euclidean distance over different-class pairs i < j."""
    sq = np.sum(z * z, axis=1)
    d = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * z @ z.T, 0.0))
    neg = np.triu(y[:, None] != y[None, :], 1)
    return float(d[neg].mean())
