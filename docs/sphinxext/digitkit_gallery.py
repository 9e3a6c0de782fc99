"""Hooks that sphinx-gallery calls around every example (see ``conf.py``).

They live in a module, not in ``conf.py``, so the configuration holds only
strings: Sphinx can then cache it and skip unchanged pages on a rebuild.
"""

import warnings


def warnings_as_errors(gallery_conf, fname, when):
    """Turn warnings into errors while an example runs; restore them after.

    sphinx-gallery calls this before and after each example
    (``reset_modules_order = "both"``). An example that warns, a deprecation
    included, then raises, and the build fails naming it.
    """
    warnings.resetwarnings()
    if when == "before":
        warnings.simplefilter("error")
