"""A disk cache that can only make things faster, never make them fail.

:func:`fetch_mnist <digitkit.datasets.fetch_mnist>` keeps the decompressed
MNIST pixels here, so that a new Python process skips the decompression; the
site's build keeps its memoized scikit-learn results here too. Both go
through :func:`remember`: it loads a stored value when there is one, and
otherwise computes it and tries to store it. Whatever goes wrong with the
cache (a read-only, missing or full folder, a damaged entry), the value is
computed, one short line on standard error says why, and the caller gets its
result.

Where the cache lives is read from the environment variable
``DIGITKIT_CACHE`` on every call:

- unset: ``$XDG_CACHE_HOME/digitkit`` (usually ``~/.cache/digitkit``);
- a folder: that folder;
- ``off`` (or ``0``, ``no``, ``false``, ``none``, empty): no cache, every call
  computes.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

import joblib

try:
    import fcntl
except ImportError:  # Windows: no lock, a value wanted at once is computed twice
    fcntl = None

__all__ = ["CACHE_ENV_VAR", "get_cache_dir", "remember"]

#: Environment variable that chooses the cache folder, or turns the cache off.
CACHE_ENV_VAR = "DIGITKIT_CACHE"

_OFF = {"", "0", "off", "no", "false", "none"}

#: Messages already printed in this process: each problem is reported once.
_reported: set[str] = set()


def get_cache_dir() -> Path | None:
    """Return the folder that holds cached results, or None when caching is off.

    Returns
    -------
    path : pathlib.Path or None
        ``$DIGITKIT_CACHE`` if set, else ``$XDG_CACHE_HOME/digitkit``
        (``~/.cache/digitkit`` by default); None if ``DIGITKIT_CACHE`` is
        ``off``. The folder is created on first use, not here.

    Examples
    --------
    >>> import os
    >>> os.environ["DIGITKIT_CACHE"] = "off"
    >>> get_cache_dir() is None
    True
    >>> del os.environ["DIGITKIT_CACHE"]
    """
    value = os.environ.get(CACHE_ENV_VAR)
    if value is not None:
        if value.strip().lower() in _OFF:
            return None
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "digitkit"


def _report(message: str) -> None:
    """Print ``message`` on standard error, once per process."""
    if message not in _reported:
        _reported.add(message)
        print(f"digitkit: {message}", file=sys.stderr)


def _load(path: Path, mmap_mode):
    """The value stored at ``path``; None if there is none; raises if it is damaged."""
    if not path.is_file():
        return None
    if mmap_mode is None:
        with open(path, "rb") as file:
            return (pickle.load(file),)
    return (joblib.load(path, mmap_mode=mmap_mode),)


def _store(path: Path, value, mmap_mode) -> None:
    """Write ``value`` to ``path`` atomically: a reader sees the whole entry or none.

    Plain pickle keeps the value exactly as it was, arrays that several
    attributes share included (joblib's format stores each array on its own,
    so a loaded model would pickle larger than the original); joblib's
    format is used where the arrays are to be memory-mapped.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        if mmap_mode is None:
            with open(temporary, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            joblib.dump(value, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remember(namespace, key, compute, *, mmap_mode=None):
    """Return ``compute()``, stored on disk under ``key`` and loaded on later calls.

    Parameters
    ----------
    namespace : str
        A folder name inside the cache that groups related entries
        (``"mnist"``, ``"memo/SGDClassifier.fit"``); it is not part of the key.
    key : object
        Anything :func:`joblib.hash` can hash (strings, numbers, arrays,
        estimators, tuples of these). Equal keys by content mean the same
        value: include everything the value depends on.
    compute : callable
        Called with no argument when no stored value can be used.
    mmap_mode : {None, "r"}, default=None
        ``"r"`` loads the arrays of a stored value memory-mapped read-only
        (shared between processes, no copy); None loads ordinary arrays.

    Returns
    -------
    value : object
        The stored value, or the computed one.

    Notes
    -----
    The cache never makes a call fail. If the folder cannot be created or
    written (read-only, full, removed while in use) or an entry cannot be
    read back (damaged, written by an incompatible version), ``compute`` runs
    and one line on standard error says why; each such line is printed once
    per process. Entries are written to a temporary file and renamed, so a
    crash or a concurrent reader never sees half an entry. Processes that ask
    for the same missing entry at once compute it once: the others wait for
    it (a lock file beside the entry) and load it. With the cache off
    (see :func:`get_cache_dir`), ``compute`` simply runs.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["DIGITKIT_CACHE"] = tempfile.mkdtemp()
    >>> calls = []
    >>> def slow_square():
    ...     calls.append(1)
    ...     return 12**2
    >>> remember("demo", ("square", 12), slow_square)
    144
    >>> remember("demo", ("square", 12), slow_square)
    144
    >>> len(calls)
    1
    >>> del os.environ["DIGITKIT_CACHE"]
    """
    location = get_cache_dir()
    if location is None:
        return compute()
    suffix = ".pickle" if mmap_mode is None else ".joblib"
    path = location / namespace / f"{joblib.hash(key, coerce_mmap=True)}{suffix}"
    stored = _load_or_report(path, mmap_mode)
    if stored is not None:
        return stored[0]
    with _computing(path):
        # Another process may have computed it while this one waited.
        stored = _load_or_report(path, mmap_mode)
        if stored is not None:
            return stored[0]
        value = compute()
        try:
            _store(path, value, mmap_mode)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            _report(f"cannot write to the cache in {location} ({reason}); continuing without it")
    return value


def _load_or_report(path: Path, mmap_mode):
    """:func:`_load`, with a damaged entry reported and treated as missing."""
    try:
        return _load(path, mmap_mode)
    except Exception as error:  # any damage at all: the value is computed again
        _report(f"cache entry {path} could not be read ({type(error).__name__}); computing it again")
        return None


@contextlib.contextmanager
def _computing(path: Path):
    """Hold the entry's lock file while its value is computed and stored.

    Two processes (or threads) that want the same missing entry would both
    compute it; with the lock, the second waits and then loads what the first
    stored. The lock is released when its file closes, also when a process
    dies, so a crash never leaves the entry locked. Where no lock file can be made
    (a read-only or missing folder), the value is simply computed.
    """
    try:
        if fcntl is None:
            raise OSError("no file locks on this system")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(f".{path.name}.lock"), "wb")
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            # Gone once the entry is stored (or failed): a process waiting on
            # it loads the entry; one arriving later finds the entry first.
            Path(lock.name).unlink(missing_ok=True)
