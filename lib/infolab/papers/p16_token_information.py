"""Toy token processes for notebook 16 (Bai, arXiv:2511.01202): a binary channel with
feedback, and the information a topic mixture's prefix carries about its topic.

References
----------
.. [1] B. Bai, "Forget BIT, it is all about TOKEN: towards semantic information
   theory for LLMs", arXiv:2511.01202 (2025).
.. [2] J. L. Massey, "Causality, feedback and directed information", ISITA (1990).
"""

from __future__ import annotations

import numpy as np

from ..data.processes import causal_path_law, hmm_predictive_beliefs
from ..validation import check_int, check_probabilities, check_real

__all__ = ["feedback_channel_law", "topic_information_exact", "topic_log_ratio_paths"]


def feedback_channel_law(n_steps: int, *, flip: float, noise: float, memory: int, feedback: float) -> np.ndarray:
    """Exact path law of a binary Markov prompt through a noisy channel with feedback.

    X_1 ~ Bern(½). Then, at each step t ≥ 2, with probability ``feedback`` the
    source repeats the previous output (X_t = Y_{t-1}); otherwise it follows
    its Markov chain (X_t = X_{t-1} ⊕ Bern(``flip``)). The channel emits
    Y_t = X_t ⊕ N_t ⊕ (``memory`` · Y_{t-1}), N_t ~ Bern(``noise``), Y_0 = 0.

    Returns
    -------
    numpy.ndarray, shape (2,)*n + (2,)*n
        ``p[x_1..x_n, y_1..y_n]``.

    Examples
    --------
    >>> feedback_channel_law(1, flip=0.2, noise=0.0, memory=0, feedback=0.0).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    func = "feedback_channel_law"
    n = check_int(n_steps, "n_steps", low=1, high=10, func=func)
    q = check_real(flip, "flip", low=0.0, high=1.0, func=func)
    e = check_real(noise, "noise", low=0.0, high=1.0, func=func)
    a = check_int(memory, "memory", low=0, high=1, func=func)
    b = check_real(feedback, "feedback", low=0.0, high=1.0, func=func)

    def x_kernel(xp, yp):
        if not xp:
            return np.array([0.5, 0.5])
        markov = np.array([1 - q, q]) if xp[-1] == 0 else np.array([q, 1 - q])
        copy = np.eye(2)[yp[-1]]
        return b * copy + (1 - b) * markov

    def y_kernel(x, yp):
        shift = x[-1] ^ (a * (yp[-1] if yp else 0))
        return np.array([1 - e, e]) if shift == 0 else np.array([e, 1 - e])

    return causal_path_law(x_kernel, y_kernel, n, x_alphabet=2, y_alphabet=2)


def _topic_model(prior, word_probs, func):
    pi = np.asarray(check_probabilities(prior, "prior", func=func, ndim=1))
    phi = np.array(word_probs, dtype=np.float64)
    if phi.ndim != 2 or phi.shape[0] != pi.shape[0]:
        raise ValueError(f"The 'word_probs' parameter of {func} must have shape ({pi.shape[0]}, V). Got {phi.shape} instead.")
    for row in phi:
        check_probabilities(row, "word_probs", func=func)
    return pi, phi


def topic_information_exact(prior, word_probs, t: int) -> float:
    """I(Z; W^t) in nats for a topic mixture (W_i i.i.d. given Z), by enumerating all V^t prefixes.

    Examples
    --------
    >>> round(topic_information_exact([0.5, 0.5], np.eye(2), 1), 10)  # the word reveals the topic: log 2
    0.6931471806
    """
    func = "topic_information_exact"
    pi, phi = _topic_model(prior, word_probs, func)
    t = check_int(t, "t", low=0, func=func)
    v = phi.shape[1]
    if v**t > 2_000_000:
        raise ValueError(f"The 't' parameter of {func} gives V^t = {v**t} prefixes; at most 2e6 are enumerated.")
    if t == 0:
        return 0.0
    with np.errstate(divide="ignore"):
        logphi = np.log(phi)
    loglik = np.zeros((pi.shape[0], 1))
    for _ in range(t):  # log P(w^t | z) for all prefixes, in lexicographic order
        loglik = (loglik[:, :, None] + logphi[:, None, :]).reshape(pi.shape[0], -1)
    joint = pi[:, None] * np.exp(loglik)
    marg = joint.sum(axis=0, keepdims=True)
    mask = joint > 0
    return float(np.sum(joint[mask] * (np.log(joint[mask]) - np.log((pi[:, None] * marg)[mask]))))


def topic_log_ratio_paths(prior, word_probs, topics, words) -> tuple[np.ndarray, np.ndarray]:
    """Per-path information about the topic, and its exact one-step drift.

    Parameters
    ----------
    prior : array_like, shape (K,)
    word_probs : array_like, shape (K, V)
    topics : array_like of int, shape (n_paths,)
        The true topic of each path.
    words : array_like of int, shape (n_paths, T)

    Returns
    -------
    log_ratio : numpy.ndarray, shape (n_paths, T + 1)
        L_t = log P(z | w^t) / P(z) for the true topic z (L_0 = 0); its mean
        estimates I(Z; W^t).
    drift : numpy.ndarray, shape (n_paths, T)
        E[L_{t+1} − L_t | W^t = w^t] = I(Z; W_{t+1} | W^t = w^t) ≥ 0, exact for
        each observed prefix: L_t is a sub-martingale.

    Examples
    --------
    >>> L, d = topic_log_ratio_paths([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]], [0], [[0, 0]])
    >>> bool(np.all(d >= 0)), L.shape
    (True, (1, 3))
    """
    func = "topic_log_ratio_paths"
    pi, phi = _topic_model(prior, word_probs, func)
    z = np.asarray(topics)
    w = np.asarray(words)
    if w.ndim != 2 or z.shape != (w.shape[0],):
        raise ValueError(f"The 'topics' and 'words' parameters of {func} must have shapes (n,) and (n, T). Got {z.shape} and {w.shape} instead.")
    beliefs, pred = hmm_predictive_beliefs(np.eye(pi.shape[0]), phi, w, initial=pi)
    with np.errstate(divide="ignore"):
        log_ratio = np.log(beliefs[np.arange(z.shape[0]), :, z]) - np.log(pi[z])[:, None]
    # drift_t = Σ_z b_t(z) Σ_w φ_z(w) log(φ_z(w) / pred_t(w))
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(phi > 0, phi * np.log(phi), 0.0).sum(axis=1)  # −H(W | Z = z)
        cross = np.einsum("ntk,kv,ntv->nt", beliefs[:, :-1], phi, np.log(np.where(pred[:, :-1] > 0, pred[:, :-1], 1.0)))
    drift = beliefs[:, :-1] @ term - cross
    return log_ratio, drift

