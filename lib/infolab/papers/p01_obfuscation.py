"""A toy x86-like assembly, an emulator, and the three obfuscation transforms of notebook 01.

Programs are lists of instructions, each a tuple ``(mnemonic, *operands)``;
operands are register names (``"eax"``...``"ebp"``) or Python ints
(immediates); ``("label", "L3")`` marks a jump target; ``("lea", r, s, k)``
is ``lea r, [s + k]``. The machine has seven general registers, a stack
(``push``/``pop``) and two flags: Z (result zero) and L (signed less-than,
SF xor OF), set by ``cmp``/``test``/arithmetic and read by ``jz``/``jnz``/
``jl``. Values are 32-bit.

The transforms follow the three techniques named by Mohseni et al. (2024),
with our own details: dead-code insertion (inert instructions; flag-changing
ones only where the flags are dead), register substitution (swap a used
register with an unused one everywhere), control-flow change (permute the
basic blocks after the entry and add jumps for the fall-through edges).
"""

from __future__ import annotations

__all__ = ["REGISTERS", "random_program", "run", "equivalent", "dead_code_insertion", "register_substitution",
           "control_flow_change", "unreliable_obfuscation", "mnemonics", "full_tokens", "program_text"]

REGISTERS = ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp")
MASK = 0xFFFFFFFF
ARITH = ("add", "sub", "xor", "and", "or")
FLAG_WRITERS = ARITH + ("cmp", "test", "inc", "dec")   # overwrite both flags without reading them
JUMPS = ("jmp", "jz", "jnz", "jl")


def _signed(v):
    return v - (1 << 32) if v & 0x80000000 else v


def _arith(op, a, b):
    if op == "add":
        r = (a + b) & MASK
        of = (_signed(a) + _signed(b)) != _signed(r)
    elif op == "sub":
        r = (a - b) & MASK
        of = (_signed(a) - _signed(b)) != _signed(r)
    else:
        r = {"xor": a ^ b, "and": a & b, "or": a | b}[op]
        of = False
    return r, r == 0, (_signed(r) < 0) != of


def run(program, registers, *, max_steps=10_000):
    """Execute; return (status, registers, stack). Status: "ok", "timeout" or "fault" (pop of an empty stack,
    jump to an unknown label)."""
    labels = {ins[1]: i for i, ins in enumerate(program) if ins[0] == "label"}
    reg = {r: int(registers[r]) & MASK for r in REGISTERS}
    stack, zf, lf, pc, steps = [], False, False, 0, 0

    def val(x):
        return reg[x] if isinstance(x, str) else int(x) & MASK

    while pc < len(program):
        steps += 1
        if steps > max_steps:
            return "timeout", reg, stack
        op, *args = program[pc]
        pc += 1
        if op in ("label", "nop"):
            continue
        if op == "mov":
            reg[args[0]] = val(args[1])
        elif op == "lea":
            reg[args[0]] = (reg[args[1]] + args[2]) & MASK
        elif op in ARITH:
            reg[args[0]], zf, lf = _arith(op, reg[args[0]], val(args[1]))
        elif op in ("inc", "dec"):
            reg[args[0]], zf, lf = _arith("add" if op == "inc" else "sub", reg[args[0]], 1)
        elif op == "cmp":
            _, zf, lf = _arith("sub", reg[args[0]], val(args[1]))
        elif op == "test":
            _, zf, lf = _arith("and", reg[args[0]], val(args[1]))
        elif op == "push":
            stack.append(reg[args[0]])
        elif op == "pop":
            if not stack:
                return "fault", reg, stack
            reg[args[0]] = stack.pop()
        elif op in JUMPS:
            taken = op == "jmp" or (op == "jz" and zf) or (op == "jnz" and not zf) or (op == "jl" and lf)
            if taken:
                if args[0] not in labels:
                    return "fault", reg, stack
                pc = labels[args[0]]
        else:
            raise ValueError(f"unknown instruction {op!r}")
    return "ok", reg, stack


def equivalent(p, q, rng, *, n_inputs=20, renaming=None):
    """True if q behaves as p on ``n_inputs`` random register states (final registers and stack), with q's
    registers renamed by ``renaming`` (a dict p-register -> q-register; identity by default)."""
    ren = renaming or {r: r for r in REGISTERS}
    for _ in range(n_inputs):
        init = {r: int(v) for r, v in zip(REGISTERS, rng.integers(0, 2**32, len(REGISTERS)), strict=True)}
        sp, rp, stp = run(p, init)
        sq, rq, stq = run(q, {ren[r]: init[r] for r in REGISTERS})
        if sp != "ok" or sq != "ok" or stp != stq or any(rp[r] != rq[ren[r]] for r in REGISTERS):
            return False
    return True


def random_program(rng, *, length=40, n_structures=2):
    """A random terminating program of about ``length`` instructions: straight-line arithmetic on a random subset
    of the registers (two are always left unused) with ``n_structures`` counted loops or forward branches."""
    used = list(rng.choice(REGISTERS, size=5, replace=False))
    prog, label = [], [0]

    def fresh():
        label[0] += 1
        return f"L{label[0]}"

    def straight(k, avoid=()):
        regs = [r for r in used if r not in avoid]
        out = []
        for _ in range(k):
            kind = rng.integers(6)
            r, s = rng.choice(regs), rng.choice(used)
            if kind == 0:
                out.append(("mov", r, int(rng.integers(0, 100)) if rng.random() < 0.5 else s))
            elif kind == 1:
                out.append((str(rng.choice(ARITH)), r, s if rng.random() < 0.6 else int(rng.integers(1, 50))))
            elif kind == 2:
                out.append((str(rng.choice(["inc", "dec"])), r))
            elif kind == 3:
                out.append(("lea", r, s, int(rng.integers(1, 9))))
            elif kind == 4:
                out += [("push", s), ("pop", r)]
            else:
                out.append(("add", r, s))
        return out

    pieces = n_structures + 1
    chunk = max(2, length // (2 * pieces))
    for _ in range(n_structures):
        prog += straight(chunk)
        if rng.random() < 0.5:   # a counted loop on its own register
            c = rng.choice(used)
            top = fresh()
            prog += [("mov", c, int(rng.integers(1, 6))), ("label", top)]
            prog += straight(chunk, avoid=(c,))
            prog += [("dec", c), ("jnz", top)]
        else:                     # a forward branch
            skip = fresh()
            a, b = rng.choice(used, 2)
            prog += [("cmp", a, b), (str(rng.choice(["jz", "jnz", "jl"])), skip)]
            prog += straight(chunk)
            prog += [("label", skip)]
    prog += straight(chunk)
    return prog


def _fresh_label(program, prefix):
    existing = {ins[1] for ins in program if ins[0] == "label"}
    k = 0
    while f"{prefix}{k}" in existing:
        k += 1
    return f"{prefix}{k}"


def _junk(rng, regs, flags_dead, next_label):
    r = str(rng.choice(regs))
    options = [[("nop",)], [("mov", r, r)], [("lea", r, r, 0)], [("push", r), ("pop", r)],
               [("jmp", next_label), ("label", next_label)]]
    if flags_dead:
        options += [[("add", r, 0)], [("xor", r, 0)]]
    return options[rng.integers(len(options))]


def _flags_dead_after(program, i):
    """Whether the flags are dead just after instruction i: the next flag event is a write, or the program ends."""
    for ins in program[i + 1:]:
        if ins[0] in FLAG_WRITERS:
            return True
        if ins[0] in ("jz", "jnz", "jl") or ins[0] in ("jmp", "label"):
            return False   # read, or control flow joins: be conservative
    return True


def dead_code_insertion(program, rate, rng):
    """After each instruction, with probability ``rate``, insert one inert item (nop, mov r,r, lea r,[r+0],
    push r/pop r, jmp to the next line; add r,0 or xor r,0 only where the flags are dead)."""
    out = []
    regs = [r for r in REGISTERS if any(r in ins[1:] for ins in program)] or list(REGISTERS)
    counter = 0
    for i, ins in enumerate(program):
        out.append(ins)
        if ins[0] != "label" and rng.random() < rate:
            counter += 1
            out += _junk(rng, regs, _flags_dead_after(program, i), f"D{counter}_{i}")
    return out


def register_substitution(program, rng):
    """Swap a used register with an unused one everywhere; returns (program, renaming dict)."""
    used = [r for r in REGISTERS if any(r in ins[1:] for ins in program)]
    unused = [r for r in REGISTERS if r not in used]
    a, b = str(rng.choice(used)), str(rng.choice(unused))
    swap = {a: b, b: a}
    ren = {r: swap.get(r, r) for r in REGISTERS}
    new = [tuple(ren[x] if isinstance(x, str) and x in ren else x for x in ins) if ins[0] != "label" else ins
           for ins in program]
    return new, ren


def _blocks(program):
    leaders = {0}
    for i, ins in enumerate(program):
        if ins[0] == "label":
            leaders.add(i)
        if ins[0] in JUMPS and i + 1 < len(program):
            leaders.add(i + 1)
    starts = sorted(leaders)
    return [program[s:e] for s, e in zip(starts, starts[1:] + [len(program)], strict=True)]


def control_flow_change(program, rng):
    """Permute the basic blocks after the entry block and append a jmp for every fall-through edge."""
    blocks = [list(b) for b in _blocks(program)]
    exit_label = _fresh_label(program, "Lexit")
    names = []
    for k, b in enumerate(blocks):
        if b[0][0] == "label":
            names.append(b[0][1])
        else:
            name = _fresh_label(program, f"B{k}_")
            b.insert(0, ("label", name))
            names.append(name)
    for k, b in enumerate(blocks):
        if b[-1][0] != "jmp":
            b.append(("jmp", names[k + 1] if k + 1 < len(blocks) else exit_label))
    order = [0] + list(1 + rng.permutation(len(blocks) - 1))
    return [ins for k in order for ins in blocks[k]] + [("label", exit_label)]


def unreliable_obfuscation(program, rng, *, epsilon=0.3, rate=0.2):
    """Dead code, register substitution and control-flow change, then with probability ``epsilon`` one
    semantics-breaking edit (a wrong register, a dropped instruction, or a flipped jump condition), as a weak
    obfuscator might make. Returns (program, renaming, edited)."""
    p = dead_code_insertion(program, rate, rng)
    p, ren = register_substitution(p, rng)
    p = control_flow_change(p, rng)
    edited = bool(rng.random() < epsilon)
    if edited:
        kind = rng.integers(3)
        real = [i for i, ins in enumerate(p) if ins[0] not in ("label", "jmp", "nop")]
        conds = [i for i, ins in enumerate(p) if ins[0] in ("jz", "jnz", "jl")]
        if kind == 2 and conds:
            i = int(rng.choice(conds))
            flip = {"jz": "jnz", "jnz": "jz", "jl": "jz"}
            p[i] = (flip[p[i][0]],) + p[i][1:]
        elif kind == 1:
            del p[int(rng.choice(real))]
        else:
            i = int(rng.choice(real))
            ins = p[i]
            regs = [j for j, x in enumerate(ins) if isinstance(x, str) and x in REGISTERS]
            if regs:
                j = int(rng.choice(regs))
                other = str(rng.choice([r for r in REGISTERS if r != ins[j]]))
                p[i] = ins[:j] + (other,) + ins[j + 1:]
    return p, ren, edited


def mnemonics(program):
    """The opcode stream (labels are not instructions and are left out)."""
    return [ins[0] for ins in program if ins[0] != "label"]


def _operand(x):
    return x if isinstance(x, str) else str(x)


def full_tokens(program):
    """One token per instruction: mnemonic and operands, e.g. 'add eax,ebx' (labels left out; jump targets kept)."""
    out = []
    for ins in program:
        if ins[0] == "label":
            continue
        if ins[0] == "lea":
            out.append(f"lea {ins[1]},[{ins[2]}+{ins[3]}]")
        else:
            out.append(ins[0] + (" " + ",".join(_operand(x) for x in ins[1:]) if len(ins) > 1 else ""))
    return out


def program_text(program):
    """Assembly text, one instruction per line (labels as 'L1:')."""
    return "\n".join(f"{ins[1]}:" if ins[0] == "label" else "    " + t
                     for ins, t in zip(program, _line_tokens(program), strict=True))


def _line_tokens(program):
    out = []
    for ins in program:
        out.append("" if ins[0] == "label" else full_tokens([ins])[0])
    return out
