"""Helpers for tests that build the site (or a small gallery) in a temp folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("_build", "auto_examples", "generated", "gen_modules", "sg_execution_times.rst")


def copy_docs(work: Path) -> Path:
    """Copy ``docs/`` without generated files into ``work``; return the copy."""
    shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    return work / "docs"


def run_sphinx(docs: Path, out: Path, **kwargs) -> subprocess.CompletedProcess:
    """Build ``docs`` into ``out`` with warnings as errors."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", str(docs), str(out)],
        cwd=docs, **kwargs,
    )
