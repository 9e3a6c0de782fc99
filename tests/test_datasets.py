"""fetch_mnist on tiny files: loading, the cache folder, downloads and errors."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest

from digitkit import datasets
from digitkit.datasets import (
    DataIntegrityError,
    DownloadError,
    fetch_mnist,
    get_data_home,
)
from fakes import TINY_TEST, TINY_TRAIN, serve_html, serve_truncated


def test_loads_cached_files_in_canonical_order(tiny_mnist, tmp_path):
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    mnist = fetch_mnist(data_home=folder, download_if_missing=False)

    n = TINY_TRAIN + TINY_TEST
    assert mnist.data.shape == (n, 784) and mnist.data.dtype == np.float64
    assert mnist.images.shape == (n, 28, 28)
    assert np.shares_memory(mnist.images, mnist.data)
    expected_images = np.concatenate([tiny_mnist.train_images, tiny_mnist.test_images])
    np.testing.assert_array_equal(mnist.images, expected_images)
    expected_labels = np.concatenate([tiny_mnist.train_labels, tiny_mnist.test_labels])
    np.testing.assert_array_equal(mnist.target, expected_labels)
    assert mnist.target.dtype == np.int64
    assert mnist.feature_names[0] == "pixel1" and mnist.feature_names[-1] == "pixel784"
    np.testing.assert_array_equal(mnist.target_names, np.arange(10))
    assert "60,000" in mnist.DESCR and "License" in mnist.DESCR


def test_return_X_y(tiny_mnist, tmp_path):
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    X, y = fetch_mnist(data_home=folder, return_X_y=True)
    assert X.shape == (TINY_TRAIN + TINY_TEST, 784)
    assert y[0] == 5


def test_as_frame(tiny_mnist, tmp_path):
    pd = pytest.importorskip("pandas")
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    mnist = fetch_mnist(data_home=folder, as_frame=True)
    assert isinstance(mnist.data, pd.DataFrame)
    assert list(mnist.data.columns[:2]) == ["pixel1", "pixel2"]
    assert mnist.target.name == "class" and mnist.target.iloc[0] == 5
    assert mnist.frame.shape == (TINY_TRAIN + TINY_TEST, 785)


def test_data_home_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path / "sklearn"))
    monkeypatch.delenv("DIGITKIT_DATA", raising=False)
    assert get_data_home() == tmp_path / "sklearn" / "mnist"
    monkeypatch.setenv("DIGITKIT_DATA", str(tmp_path / "env"))
    assert get_data_home() == tmp_path / "env"
    assert get_data_home(tmp_path / "arg") == tmp_path / "arg"


def test_data_home_that_is_a_file_is_refused(tmp_path, monkeypatch):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("oops")
    monkeypatch.setenv("DIGITKIT_DATA", str(a_file))
    with pytest.raises(NotADirectoryError, match="DIGITKIT_DATA"):
        fetch_mnist()


def test_missing_files_without_download_fail_fast_and_say_how_to_fix(tiny_mnist, tmp_path):
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    start = time.perf_counter()
    with pytest.raises(FileNotFoundError) as excinfo:
        fetch_mnist(data_home=folder, download_if_missing=False)
    assert time.perf_counter() - start < 5
    message = str(excinfo.value)
    assert str(folder) in message
    assert "t10k-labels-idx1-ubyte.gz" in message
    assert "DIGITKIT_DATA" in message


def test_damaged_file_without_download_is_named(tiny_mnist, tmp_path):
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    with pytest.raises(DataIntegrityError, match="train-labels-idx1-ubyte.gz"):
        fetch_mnist(data_home=folder, download_if_missing=False)


@pytest.mark.parametrize("argument", ["download_if_missing", "return_X_y", "as_frame"])
def test_flags_must_be_booleans(argument, tmp_path):
    with pytest.raises(TypeError, match=argument):
        fetch_mnist(data_home=tmp_path, **{argument: "yes"})


def _serve(server, prefix, contents):
    for name, data in contents.items():
        server.routes[f"/{prefix}/{name}"] = data


def _no_leftovers(folder, expected):
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)


def test_downloads_missing_files(tiny_mnist, tmp_path, http_server, monkeypatch):
    _serve(http_server, "good", tiny_mnist.contents)
    monkeypatch.setattr(datasets, "MIRRORS", (f"{http_server.url}/good/",))
    folder = tmp_path / "new-cache"
    mnist = fetch_mnist(data_home=folder)
    assert mnist.target[0] == 5
    _no_leftovers(folder, tiny_mnist.contents)
    for name, data in tiny_mnist.contents.items():
        assert (folder / name).read_bytes() == data


@pytest.mark.parametrize("first_mirror", ["404", "html", "truncated"])
def test_bad_mirror_is_skipped_for_the_next_one(
    first_mirror, tiny_mnist, tmp_path, http_server, monkeypatch
):
    _serve(http_server, "good", tiny_mnist.contents)
    for name, data in tiny_mnist.contents.items():
        if first_mirror == "html":
            http_server.routes[f"/bad/{name}"] = serve_html
        elif first_mirror == "truncated":
            http_server.routes[f"/bad/{name}"] = serve_truncated(data)
    monkeypatch.setattr(
        datasets, "MIRRORS", (f"{http_server.url}/bad/", f"{http_server.url}/good/")
    )
    folder = tmp_path / "cache"
    fetch_mnist(data_home=folder)
    _no_leftovers(folder, tiny_mnist.contents)
    assert any(path.startswith("/bad/") for path in http_server.requests)


def test_corrupt_download_leaves_nothing_that_looks_valid(
    tiny_mnist, tmp_path, http_server, monkeypatch
):
    corrupted = {name: data[:-1] + bytes([data[-1] ^ 0xFF]) for name, data in tiny_mnist.contents.items()}
    _serve(http_server, "corrupt", corrupted)
    monkeypatch.setattr(datasets, "MIRRORS", (f"{http_server.url}/corrupt/",))
    folder = tmp_path / "cache"
    with pytest.raises(DownloadError) as excinfo:
        fetch_mnist(data_home=folder)
    assert "train-images-idx3-ubyte.gz" in str(excinfo.value)
    assert "DIGITKIT_DATA" in str(excinfo.value)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_damaged_cache_is_repaired_by_the_next_call(tiny_mnist, tmp_path, http_server, monkeypatch):
    _serve(http_server, "good", tiny_mnist.contents)
    monkeypatch.setattr(datasets, "MIRRORS", (f"{http_server.url}/good/",))
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    damaged = folder / "train-images-idx3-ubyte.gz"
    damaged.write_bytes(damaged.read_bytes()[:100])
    fetch_mnist(data_home=folder)
    assert damaged.read_bytes() == tiny_mnist.contents[damaged.name]
    assert http_server.requests == [f"/good/{damaged.name}"]


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_offline_fails_within_seconds(tiny_mnist, tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MIRRORS", (f"http://127.0.0.1:{_closed_port()}/",))
    folder = tmp_path / "cache"
    start = time.perf_counter()
    with pytest.raises(DownloadError) as excinfo:
        fetch_mnist(data_home=folder)
    assert time.perf_counter() - start < 10
    assert str(folder) in str(excinfo.value)


def test_failed_download_leaves_no_empty_folders_behind(tiny_mnist, tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MIRRORS", (f"http://127.0.0.1:{_closed_port()}/",))
    with pytest.raises(DownloadError):
        fetch_mnist(data_home=tmp_path / "new" / "mnist")
    assert not (tmp_path / "new").exists()


def test_failed_download_keeps_a_folder_that_was_already_there(tiny_mnist, tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MIRRORS", (f"http://127.0.0.1:{_closed_port()}/",))
    folder = tmp_path / "mnist"
    folder.mkdir()
    with pytest.raises(DownloadError):
        fetch_mnist(data_home=folder)
    assert folder.is_dir()


def test_files_that_arrived_before_a_failure_are_kept(tiny_mnist, tmp_path, http_server, monkeypatch):
    """Three files download, the fourth fails: the three stay for the next attempt."""
    first_three = list(datasets.MNIST_FILES)[:3]
    real_download = datasets._download

    def download_three(name, sha256, folder):
        if name not in first_three:
            raise DownloadError(f"no mirror has {name}")
        real_download(name, sha256, folder)

    _serve(http_server, "good", tiny_mnist.contents)
    monkeypatch.setattr(datasets, "MIRRORS", (f"{http_server.url}/good/",))
    monkeypatch.setattr(datasets, "_download", download_three)
    folder = tmp_path / "new" / "mnist"
    with pytest.raises(DownloadError):
        fetch_mnist(data_home=folder)
    _no_leftovers(folder, first_three)


def _make_read_only(folder):
    """Make ``folder`` unwritable, even for root (chattr +i), and return an undo."""
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a read-only folder")
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_data_home_gets_a_clear_error(tiny_mnist, tmp_path, http_server, monkeypatch):
    _serve(http_server, "good", tiny_mnist.contents)
    monkeypatch.setattr(datasets, "MIRRORS", (f"{http_server.url}/good/",))
    folder = tmp_path / "read-only"
    folder.mkdir()
    undo = _make_read_only(folder)
    try:
        with pytest.raises(PermissionError) as excinfo:
            fetch_mnist(data_home=folder)
    finally:
        undo()
    assert str(folder) in str(excinfo.value) and "DIGITKIT_DATA" in str(excinfo.value)
    assert list(folder.iterdir()) == []


def test_images_and_labels_count_mismatch_is_named(tiny_mnist, tmp_path, monkeypatch):
    from digitkit.idx import write_idx

    folder = tiny_mnist.copy_to(tmp_path / "cache")
    labels = folder / "t10k-labels-idx1-ubyte.gz"
    write_idx(labels, tiny_mnist.test_labels[:-1])
    hashes = dict(datasets.MNIST_FILES)
    hashes[labels.name] = __import__("hashlib").sha256(labels.read_bytes()).hexdigest()
    monkeypatch.setattr(datasets, "MNIST_FILES", hashes)
    with pytest.raises(DataIntegrityError, match="t10k-labels-idx1-ubyte.gz"):
        fetch_mnist(data_home=folder)


def _fetch_in_subprocess(url, hashes, folder, queue):
    from digitkit import datasets as ds

    ds.MIRRORS = (url,)
    ds.MNIST_FILES = hashes
    ds.N_TRAIN, ds.N_TEST = TINY_TRAIN, TINY_TEST
    try:
        queue.put(int(ds.fetch_mnist(data_home=folder).target[0]))
    except BaseException as exc:  # report, don't hang the parent
        queue.put(repr(exc))


def test_two_processes_fetching_into_one_empty_folder(tiny_mnist, tmp_path, http_server):
    import multiprocessing

    _serve(http_server, "good", tiny_mnist.contents)
    folder = tmp_path / "shared-cache"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(
            target=_fetch_in_subprocess,
            args=(f"{http_server.url}/good/", tiny_mnist.hashes, folder, queue),
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert results == [5, 5]
    _no_leftovers(folder, tiny_mnist.contents)
    for name, data in tiny_mnist.contents.items():
        assert (folder / name).read_bytes() == data


def test_second_call_reuses_the_parsed_files_but_returns_fresh_arrays(tiny_mnist, tmp_path, monkeypatch):
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    first = fetch_mnist(data_home=folder, download_if_missing=False)
    reads = []
    monkeypatch.setattr(datasets, "read_idx", lambda path: reads.append(path))
    second = fetch_mnist(data_home=folder, download_if_missing=False)
    assert reads == []  # nothing parsed again
    assert not np.shares_memory(first.data, second.data)
    first.data[:] = -1  # a caller's changes never reach the next caller
    np.testing.assert_array_equal(fetch_mnist(data_home=folder).images[0], tiny_mnist.train_images[0])


def test_file_changed_after_a_load_is_checked_again(tiny_mnist, tmp_path):
    folder = tiny_mnist.copy_to(tmp_path / "cache")
    fetch_mnist(data_home=folder, download_if_missing=False)
    path = folder / "train-labels-idx1-ubyte.gz"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, different content
    path.write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError, match="train-labels"):
        fetch_mnist(data_home=folder, download_if_missing=False)


def test_a_new_process_loads_the_parsed_files_from_the_cache(tiny_mnist, tmp_path, monkeypatch):
    folder = tiny_mnist.copy_to(tmp_path / "data")
    first = fetch_mnist(data_home=folder, download_if_missing=False)
    monkeypatch.setattr(datasets, "_parsed_cache", None)  # what a new process starts with
    reads = []
    monkeypatch.setattr(datasets, "read_idx", lambda path: reads.append(path))
    again = fetch_mnist(data_home=folder, download_if_missing=False)
    assert reads == []  # nothing decompressed again
    np.testing.assert_array_equal(again.data, first.data)
    np.testing.assert_array_equal(again.target, first.target)
    again.data[:] = -1  # the cached arrays are read-only; the caller's copy is not
    monkeypatch.setattr(datasets, "_parsed_cache", None)
    np.testing.assert_array_equal(fetch_mnist(data_home=folder).images[0], tiny_mnist.train_images[0])


def test_the_parsed_files_are_shared_between_data_folders(tiny_mnist, tmp_path, monkeypatch):
    """Verified files hold the same bytes wherever they are; the key is their hash, not their path."""
    fetch_mnist(data_home=tiny_mnist.copy_to(tmp_path / "one"), download_if_missing=False)
    reads = []
    monkeypatch.setattr(datasets, "read_idx", lambda path: reads.append(path))
    elsewhere = fetch_mnist(data_home=tiny_mnist.copy_to(tmp_path / "two"), download_if_missing=False)
    assert reads == []
    assert elsewhere.target[0] == 5


def test_files_are_still_checked_before_the_cache_is_used(tiny_mnist, tmp_path, monkeypatch):
    folder = tiny_mnist.copy_to(tmp_path / "data")
    fetch_mnist(data_home=folder, download_if_missing=False)
    monkeypatch.setattr(datasets, "_parsed_cache", None)
    path = folder / "t10k-images-idx3-ubyte.gz"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError, match="t10k-images"):
        fetch_mnist(data_home=folder, download_if_missing=False)


def test_with_the_cache_off_each_process_parses(tiny_mnist, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITKIT_CACHE", "off")
    folder = tiny_mnist.copy_to(tmp_path / "data")
    fetch_mnist(data_home=folder, download_if_missing=False)
    monkeypatch.setattr(datasets, "_parsed_cache", None)
    reads = []
    real_read_idx = datasets.read_idx
    monkeypatch.setattr(datasets, "read_idx", lambda path: reads.append(path) or real_read_idx(path))
    fetch_mnist(data_home=folder, download_if_missing=False)
    assert len(reads) == 4
    assert not (tmp_path / "digitkit-cache").exists()
