"""Where the workbook lives and which papers it holds.

The workbook root is the folder with ``notebooks/`` and ``params/``: the
``INFOLAB_ROOT`` environment variable when set, else the nearest parent of
the working directory that has both, else the source tree of the package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["Paper", "WorkbookError", "available", "find_root", "listing", "papers", "resolve_paper"]

ROOT_ENV = "INFOLAB_ROOT"


class WorkbookError(Exception):
    """A problem with a run request (unknown paper, bad parameters, ...); nothing was executed."""


@dataclass(frozen=True)
class Paper:
    """One paper of the listing and where its files are."""

    slug: str
    title: str
    arxiv: str

    @property
    def number(self) -> int:
        return int(self.slug[:2])

    def notebook(self, root: Path) -> Path:
        return root / "notebooks" / f"{self.slug}.ipynb"

    def params_dir(self, root: Path) -> Path:
        return root / "params" / self.slug

    def outputs_dir(self, outputs: Path) -> Path:
        return outputs / self.slug


def _is_root(path: Path) -> bool:
    return (path / "notebooks").is_dir() and (path / "params").is_dir()


def find_root(root: str | os.PathLike | None = None) -> Path:
    """The workbook root folder (see module docstring)."""
    if root is not None:
        path = Path(root).resolve()
        if not _is_root(path):
            raise WorkbookError(f"{path} is not a workbook root: it needs notebooks/ and params/ folders.")
        return path
    env = os.environ.get(ROOT_ENV)
    if env:
        return find_root(env)
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    source_tree = Path(__file__).resolve().parents[3]
    if _is_root(source_tree):
        return source_tree
    raise WorkbookError(
        "No workbook root found: run from the infolab checkout, or set INFOLAB_ROOT to the folder "
        "that holds notebooks/ and params/."
    )


@lru_cache(maxsize=1)
def papers() -> tuple[Paper, ...]:
    """The 41 papers of the listing, in order."""
    entries = yaml.safe_load((Path(__file__).with_name("papers.yaml")).read_text(encoding="utf-8"))
    return tuple(Paper(slug=e["slug"], title=e["title"], arxiv=e["arxiv"]) for e in entries)


def available(root: Path) -> list[str]:
    """Slugs that have a notebook in this workbook."""
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def listing(root: Path) -> list[Paper]:
    """The papers of the listing, then any other notebook of this workbook, in order."""
    listed = list(papers())
    known = {p.slug for p in listed}
    return listed + [Paper(slug=s, title=s, arxiv="") for s in available(root) if s not in known]


def resolve_paper(name: str, root: Path) -> Paper:
    """A paper from its slug ("11-diffusion-spectral-entropy") or number ("11"), which must have a notebook."""
    have = available(root)
    known = {p.slug: p for p in papers()}
    matches = [s for s in have if s == name or s.split("-", 1)[0] == name.zfill(2)]
    if len(matches) != 1:
        raise WorkbookError(
            f"Unknown paper {name!r}. Papers with a notebook: {', '.join(have) if have else 'none'}."
        )
    slug = matches[0]
    return known.get(slug, Paper(slug=slug, title=slug, arxiv=""))
