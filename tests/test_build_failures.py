"""The build fails loudly, naming the example, when an example raises or warns."""

from __future__ import annotations

import pytest

from sitebuild import one_part_gallery, run_sphinx

pytestmark = pytest.mark.docs

BROKEN = '''"""
An example that raises
======================

It fails on purpose.
"""

raise RuntimeError("this example is broken on purpose")
'''

WARNS = '''"""
An example that warns
=====================

It uses a deprecated call on purpose.
"""
import warnings

warnings.warn("this call is deprecated", DeprecationWarning)
print("still running")
'''

FINE = '''"""
An example that works
=====================

It prints a line.
"""
print("all good")
'''


def test_an_example_that_raises_or_warns_fails_the_build(tmp_path):
    docs = one_part_gallery(tmp_path, {"plot_broken.py": BROKEN, "plot_warns.py": WARNS,
                                       "plot_fine.py": FINE})

    result = run_sphinx(docs, tmp_path / "html", capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "plot_broken.py" in output and "broken on purpose" in output
    assert "plot_warns.py" in output and "DeprecationWarning" in output
    assert "plot_fine.py" not in output.split("Here is a summary of the problems")[-1]
