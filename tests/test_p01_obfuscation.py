"""Tests of infolab.papers.p01_obfuscation: each transform keeps behaviour on random programs."""

import numpy as np
import pytest

from infolab.papers.p01_obfuscation import (
    REGISTERS,
    control_flow_change,
    dead_code_insertion,
    equivalent,
    full_tokens,
    mnemonics,
    random_program,
    register_substitution,
    run,
    unreliable_obfuscation,
)


def test_emulator_known_values():
    prog = [("mov", "eax", 5), ("mov", "ebx", 0), ("label", "L"), ("add", "ebx", "eax"), ("dec", "eax"),
            ("jnz", "L"), ("push", "ebx"), ("cmp", "ebx", 20), ("jl", "X"), ("mov", "ecx", 1), ("label", "X")]
    status, reg, stack = run(prog, {r: 0 for r in REGISTERS})
    assert status == "ok" and reg["ebx"] == 15 and stack == [15] and reg["ecx"] == 0
    assert run([("sub", "eax", 1)], {r: 0 for r in REGISTERS})[1]["eax"] == 2**32 - 1
    assert run([("pop", "eax")], {r: 0 for r in REGISTERS})[0] == "fault"
    assert run([("label", "L"), ("jmp", "L")], {r: 0 for r in REGISTERS}, max_steps=50)[0] == "timeout"


@pytest.mark.parametrize("seed", range(30))
def test_each_transform_keeps_behaviour_on_random_programs(seed):
    rng = np.random.default_rng(seed)
    p = random_program(rng, length=40, n_structures=int(rng.integers(1, 4)))
    assert equivalent(p, dead_code_insertion(p, 0.5, rng), rng)
    q, ren = register_substitution(p, rng)
    assert equivalent(p, q, rng, renaming=ren)
    assert mnemonics(q) == mnemonics(p) and full_tokens(q) != full_tokens(p)
    assert equivalent(p, control_flow_change(p, rng), rng)
    q, ren = register_substitution(control_flow_change(dead_code_insertion(p, 0.3, rng), rng), rng)
    assert equivalent(p, q, rng, renaming=ren)


def test_the_checker_catches_a_broken_program_and_the_unreliable_one_breaks_only_when_edited():
    rng = np.random.default_rng(99)
    p = [("mov", "eax", 3), ("add", "eax", "ebx")]
    assert not equivalent(p, [("mov", "eax", 3), ("sub", "eax", "ebx")], rng)
    broken_unedited = 0
    for s in range(40):
        r = np.random.default_rng(s)
        p = random_program(r)
        q, ren, edited = unreliable_obfuscation(p, r, epsilon=0.0)
        broken_unedited += not equivalent(p, q, r, renaming=ren)
        assert not edited
    assert broken_unedited == 0
