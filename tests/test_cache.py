"""digitkit.cache: where results are stored, that they are reused, and that a bad cache never fails a call."""

import stat
from pathlib import Path

import numpy as np
import pytest

from digitkit import cache
from digitkit.cache import CACHE_ENV_VAR, get_cache_dir, remember

CALLS = []


def slow_sum(values):
    """Stand-in for an expensive computation; records each real call."""
    CALLS.append(len(values))
    return float(np.sum(values))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    monkeypatch.setattr(cache, "_reported", set())
    CALLS.clear()
    return folder


def remember_sum(values):
    return remember("sums", ("sum", values), lambda: slow_sum(values))


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert get_cache_dir() == tmp_path / "digitkit"


def test_default_folder_without_xdg(monkeypatch):
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert get_cache_dir() == Path.home() / ".cache" / "digitkit"


def test_environment_variable_names_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "here"))
    assert get_cache_dir() == tmp_path / "here"


@pytest.mark.parametrize("value", ["off", "OFF", "0", "no", "false", "", " none "])
def test_cache_can_be_turned_off(monkeypatch, value, tmp_path):
    monkeypatch.setenv(CACHE_ENV_VAR, value)
    monkeypatch.chdir(tmp_path)
    CALLS.clear()
    assert get_cache_dir() is None
    remember_sum(np.ones(3))
    remember_sum(np.ones(3))
    assert CALLS == [3, 3]
    assert list(tmp_path.iterdir()) == []


def test_second_call_loads_instead_of_computing(cache_dir):
    values = np.arange(1000.0)
    assert remember_sum(values) == remember_sum(values) == values.sum()
    assert CALLS == [1000]
    assert len(list((cache_dir / "sums").glob("*.pickle"))) == 1


def test_changed_content_is_computed_again(cache_dir):
    values = np.arange(1000.0)
    remember_sum(values)
    changed = values.copy()
    changed[500] = -1  # same shape and dtype, different content
    assert remember_sum(changed) == changed.sum()
    assert CALLS == [1000, 1000]


def test_memory_maps_and_arrays_of_equal_content_share_an_entry(cache_dir, tmp_path):
    values = np.arange(100.0)
    np.save(tmp_path / "values.npy", values)
    remember_sum(values)
    remember_sum(np.load(tmp_path / "values.npy", mmap_mode="r"))
    assert CALLS == [100]


def test_mmap_mode_loads_read_only_memory_maps(cache_dir):
    for _ in range(2):  # computed and stored, then loaded
        result = remember("arrays", "double", lambda: np.arange(10_000.0) * 2, mmap_mode="r")
    assert isinstance(result, np.memmap) and not result.flags.writeable
    np.testing.assert_array_equal(result, np.arange(10_000.0) * 2)


# -- The cache never fails a call (a read-only, missing or full folder, a damaged entry) --

def _one_line_on_stderr(capsys, *words):
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("digitkit: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


def test_read_only_folder_computes_and_says_why(cache_dir, capsys, monkeypatch):
    (cache_dir / "sums").mkdir(parents=True)
    for folder in (cache_dir / "sums", cache_dir):
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    # root ignores permission bits (and tests may run as root): refuse the
    # write the way the system does for any other user of a read-only folder.
    real_mkstemp = cache.tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):
        if not Path(dir).stat().st_mode & stat.S_IWUSR:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    try:
        assert remember_sum(np.ones(4)) == 4.0
        assert remember_sum(np.ones(4)) == 4.0
    finally:
        for folder in (cache_dir, cache_dir / "sums"):
            folder.chmod(stat.S_IRWXU)
    assert CALLS == [4, 4]
    _one_line_on_stderr(capsys, str(cache_dir), "Permission denied", "continuing without it")


def test_folder_that_cannot_be_created_computes_and_says_why(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "cache"))
    monkeypatch.setattr(cache, "_reported", set())
    CALLS.clear()
    assert remember_sum(np.ones(2)) == 2.0
    assert CALLS == [2]
    _one_line_on_stderr(capsys, str(blocker / "cache"))


def test_full_disk_computes_says_why_and_leaves_no_partial_entry(cache_dir, monkeypatch, capsys):
    def disk_full(value, file, *args, **kwargs):
        file.write(b"half an entr")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.pickle, "dump", disk_full)
    assert remember_sum(np.ones(5)) == 5.0
    assert CALLS == [5]
    _one_line_on_stderr(capsys, "No space left on device")
    assert [p for p in cache_dir.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", None])
def test_damaged_entry_is_computed_again_and_replaced(cache_dir, capsys, damage):
    remember_sum(np.ones(6))
    (entry,) = (cache_dir / "sums").glob("*.pickle")
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2] if damage is None else damage)
    capsys.readouterr()
    assert remember_sum(np.ones(6)) == 6.0
    assert CALLS == [6, 6]
    _one_line_on_stderr(capsys, "could not be read", "computing it again")
    assert remember_sum(np.ones(6)) == 6.0  # the entry was written anew
    assert CALLS == [6, 6]


def test_each_problem_is_reported_once_per_process(cache_dir, monkeypatch, capsys):
    monkeypatch.setattr(cache.pickle, "dump", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "full")))
    for n in range(3):
        remember_sum(np.ones(n + 1))
    assert CALLS == [1, 2, 3]
    _one_line_on_stderr(capsys, "full")


def test_errors_of_the_computation_itself_are_not_hidden(cache_dir):
    def broken():
        raise ValueError("the computation failed")

    with pytest.raises(ValueError, match="the computation failed"):
        remember("broken", "key", broken)


def test_a_missing_folder_is_created(tmp_path, monkeypatch):
    folder = tmp_path / "not" / "there" / "yet"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    remember("demo", "key", lambda: 1)
    assert len(list(folder.rglob("*.pickle"))) == 1


def test_fetch_mnist_loads_with_an_unusable_cache(tiny_mnist, tmp_path, monkeypatch, capsys):
    """The loader keeps its decompressed copy in the cache; a cache it cannot use costs only time."""
    from digitkit import datasets

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "cache"))
    monkeypatch.setattr(cache, "_reported", set())
    folder = tiny_mnist.copy_to(tmp_path / "data")
    X, y = datasets.fetch_mnist(data_home=folder, return_X_y=True, download_if_missing=False)
    assert X.shape == (10, 784)
    np.testing.assert_array_equal(y[:6], tiny_mnist.train_labels)
    _one_line_on_stderr(capsys, "continuing without it")


_COMPUTE_ONCE = """
import sys, time
from pathlib import Path
from digitkit.cache import remember

log = Path(sys.argv[1])

def slow():
    with log.open("a") as file:
        file.write("computed\\n")
    time.sleep(1.5)
    return 42

print(remember("shared", "answer", slow))
"""


def test_processes_wanting_the_same_entry_compute_it_once(cache_dir, tmp_path):
    import subprocess
    import sys
    import time

    log = tmp_path / "computations.log"
    command = [sys.executable, "-c", _COMPUTE_ONCE, str(log)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    while not log.exists():  # the first one is computing: start the second now
        time.sleep(0.05)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    outputs = [first.communicate(timeout=60)[0], second.communicate(timeout=60)[0]]
    assert outputs == ["42\n", "42\n"]
    assert log.read_text() == "computed\n"


def test_a_lock_left_by_a_failed_computation_does_not_block(cache_dir):
    def broken():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        remember("sums", "key", broken)
    assert remember("sums", "key", lambda: 7) == 7
