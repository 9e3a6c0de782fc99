"""The whole tree passes ruff, configured in pyproject.toml ([tool.ruff])."""

import subprocess
import sys

from sitebuild import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
