"""The MNIST dataset, loaded the scikit-learn way.

:func:`fetch_mnist` finds the four canonical MNIST files in a cache folder,
checks each one against its published SHA-256, downloads what is missing or
damaged (through :mod:`pooch`: several mirrors, hash check, atomic write) and
returns a :class:`sklearn.utils.Bunch` like scikit-learn's own fetchers.
The decompressed pixels are kept in digitkit's cache (:mod:`digitkit.cache`),
so later processes skip the decompression, and in memory, so later calls in
the same process skip the files altogether.

This module is the only part of digitkit that touches the network.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import numpy as np

from sklearn.datasets import get_data_home as _sklearn_data_home
from sklearn.utils import Bunch

from .cache import remember
from .idx import IDXFormatError, read_idx

__all__ = [
    "DATA_ENV_VAR",
    "DataIntegrityError",
    "DownloadError",
    "fetch_mnist",
    "get_data_home",
]

#: Environment variable that points :func:`fetch_mnist` at a folder holding the files.
DATA_ENV_VAR = "DIGITKIT_DATA"

#: The four canonical files and their published SHA-256 values, in the order
#: they are assembled: training images and labels, then test images and labels.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

#: Public mirrors of the original files, tried in order.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: Seconds to wait for a mirror to answer before trying the next one.
DOWNLOAD_TIMEOUT = 15

N_TRAIN, N_TEST, IMAGE_SHAPE = 60_000, 10_000, (28, 28)

DESCR = """\
.. _mnist_dataset:

MNIST handwritten digits
------------------------

**Data Set Characteristics:**

:Number of Instances: 70,000 (60,000 training images followed by 10,000 test images)
:Number of Attributes: 784 (28 x 28 grey levels, 0 = background to 255 = ink)
:Classes: 10 (the digits 0 to 9)
:Creators: Yann LeCun, Corinna Cortes and Christopher J.C. Burges
:Source: the four IDX files of the MNIST database, verified by SHA-256
:License: Creative Commons Attribution-Share Alike 3.0

The digits come from NIST's Special Databases 1 and 3, written by Census Bureau
employees and high-school students. They were size-normalised to fit a 20 x 20
box, anti-aliased to grey levels, and centred by their centre of mass in a
28 x 28 image.

The rows keep the canonical order: the first 60,000 are the training set (the
writers of the test set are different people), the last 10,000 the test set, so
``X[:60000], X[60000:]`` is the standard split. The pixel values are the same
as those of OpenML's ``mnist_784`` (float64, 0 to 255).

.. rubric:: References

* Y. LeCun, L. Bottou, Y. Bengio and P. Haffner. "Gradient-based learning
  applied to document recognition." Proceedings of the IEEE, 86(11), 1998.
"""


class DataIntegrityError(OSError):
    """A cached MNIST file is damaged and could not be (or may not be) replaced."""


class DownloadError(OSError):
    """No mirror could provide a valid copy of an MNIST file."""


def get_data_home(data_home: str | os.PathLike | None = None) -> Path:
    """Return the folder where digitkit keeps the MNIST files.

    The folder is, in order of precedence: ``data_home`` if given, else the
    environment variable ``DIGITKIT_DATA`` if set, else ``mnist/`` under
    scikit-learn's data home (``~/scikit_learn_data`` by default). The folder
    is not created here.

    Parameters
    ----------
    data_home : str or path-like, default=None
        An explicit folder, which wins over everything else.

    Returns
    -------
    path : pathlib.Path
        The folder, with ``~`` expanded.

    Raises
    ------
    NotADirectoryError
        If the chosen path exists but is not a folder.

    Examples
    --------
    >>> from digitkit.datasets import get_data_home
    >>> str(get_data_home("/tmp/my-mnist"))
    '/tmp/my-mnist'
    """
    if data_home is not None:
        source = "the data_home argument"
        path = Path(data_home)
    elif os.environ.get(DATA_ENV_VAR):
        source = f"the environment variable {DATA_ENV_VAR}"
        path = Path(os.environ[DATA_ENV_VAR])
    else:
        source = "scikit-learn's data home"
        path = Path(_sklearn_data_home()) / "mnist"
    path = path.expanduser()
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(
            f"The MNIST data folder {path} (from {source}) is a file, not a folder. "
            f"Point {DATA_ENV_VAR} or data_home at the folder that holds the four MNIST files."
        )
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _how_to_fix(folder: Path) -> str:
    return (
        f"To fix it, copy the four MNIST files ({', '.join(MNIST_FILES)}) into {folder}, "
        f"or set the environment variable {DATA_ENV_VAR} to a folder that holds them, "
        "or call fetch_mnist(download_if_missing=True) on a machine with internet access."
    )


def _download(name: str, sha256: str, folder: Path) -> None:
    """Fetch one file from the first mirror that gives a copy with the right hash."""
    import pooch
    import requests

    downloader = pooch.HTTPDownloader(
        progressbar=sys.stderr.isatty(), timeout=DOWNLOAD_TIMEOUT
    )
    failures = []
    for mirror in MIRRORS:
        try:
            # pooch streams into a temporary file beside the target, checks the
            # hash and only then renames it: no partial file ever has the name.
            pooch.retrieve(
                mirror + name,
                known_hash=f"sha256:{sha256}",
                fname=name,
                path=folder,
                downloader=downloader,
            )
            return
        except PermissionError as exc:
            raise PermissionError(
                f"Cannot write {name} into the MNIST data folder {folder}: {exc.strerror}. "
                f"Choose a writable folder with data_home or {DATA_ENV_VAR}."
            ) from None
        except (ValueError, OSError, requests.RequestException) as exc:
            failures.append(f"  {mirror + name}: {exc}")
    raise DownloadError(
        f"Could not download {name} into {folder}; every mirror failed:\n"
        + "\n".join(failures)
        + "\n"
        + _how_to_fix(folder)
    )


def _ensure_files(folder: Path, download_if_missing: bool) -> dict[str, Path]:
    """Return the paths of the four files, each checked against its SHA-256."""
    missing, damaged = [], []
    for name, sha256 in MNIST_FILES.items():
        path = folder / name
        if not path.is_file():
            missing.append(name)
        elif _sha256(path) != sha256:
            damaged.append(name)
    if not download_if_missing and (missing or damaged):
        if missing:
            raise FileNotFoundError(
                f"MNIST files missing from {folder}: {', '.join(missing)} "
                "(download_if_missing=False). " + _how_to_fix(folder)
            )
        raise DataIntegrityError(
            f"MNIST files in {folder} do not match their published SHA-256: "
            f"{', '.join(damaged)}. They are damaged or not the canonical files; "
            "delete them and call fetch_mnist() again to download fresh copies. "
            + _how_to_fix(folder)
        )
    created = _missing_folders(folder)
    try:
        for name in missing + damaged:
            _download(name, MNIST_FILES[name], folder)
    except BaseException:
        _remove_if_empty(created)
        raise
    return {name: folder / name for name in MNIST_FILES}


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its ancestors that do not exist yet, deepest first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove the folders a failed download created, unless something is in them."""
    for created in folders:
        try:
            created.rmdir()
        except OSError:  # not empty (a file did arrive), or already gone
            return


def _read_part(images_path: Path, labels_path: Path, n_expected: int):
    try:
        images = read_idx(images_path)
        labels = read_idx(labels_path)
    except IDXFormatError as exc:
        # The file had the right SHA-256, so the format error is ours, not the user's.
        raise DataIntegrityError(f"Cannot parse a verified MNIST file: {exc}") from exc
    if images.shape != (n_expected, *IMAGE_SHAPE) or labels.shape != (n_expected,):
        raise DataIntegrityError(
            f"{images_path.name} holds images of shape {images.shape} and "
            f"{labels_path.name} labels of shape {labels.shape}; expected "
            f"{(n_expected, *IMAGE_SHAPE)} and {(n_expected,)}"
        )
    return images, labels


#: The last verified and parsed files of this process: (key, the four arrays).
_parsed_cache: tuple | None = None


def _files_key(folder: Path):
    """Identify the files' current state; None if one is missing.

    Size and modification time (to the nanosecond) change whenever a file is
    replaced or edited, so an unchanged key means the files verified earlier
    are still the ones on disk.
    """
    key = [str(folder.resolve()), N_TRAIN, N_TEST, tuple(MNIST_FILES.items())]
    for name in MNIST_FILES:
        try:
            stat = (folder / name).stat()
        except OSError:
            return None
        key.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(key)


def _parse_verified_files(paths, n_train, n_test):
    """Parse the four verified files: training images and labels, then test images and labels."""
    return (*_read_part(paths[0], paths[1], n_train), *_read_part(paths[2], paths[3], n_test))


def _parse(paths):
    """The four arrays of the verified ``paths``, decompressed once per machine when a cache is on.

    Decompressing the 11 MB of gzip into 55 MB of pixels is most of a first
    call. The files were just checked against :data:`MNIST_FILES`, so those
    hashes identify their content exactly, and the parsed arrays are stored
    in digitkit's cache (see :func:`digitkit.cache.remember`) under that key;
    where the files are is not part of it. The next process loads them
    memory-mapped instead. A cache that cannot be used costs only the
    decompression.
    """
    key = (tuple(MNIST_FILES.items()), N_TRAIN, N_TEST)
    return remember("mnist", key, lambda: _parse_verified_files(paths, N_TRAIN, N_TEST),
                    mmap_mode="r")


def _load_parts(folder: Path, download_if_missing: bool):
    """The four arrays (uint8 images, labels) from verified files, parsed once per process.

    Checking the SHA-256 and decompressing take most of a call; an example
    gallery calls :func:`fetch_mnist` once per example in one process, so the
    parsed arrays of the last folder are kept (55 MB) and reused while the
    files are unchanged. A new process still checks the files, then loads the
    decompressed arrays from digitkit's cache (see :func:`_parse`).
    """
    global _parsed_cache
    key = _files_key(folder)
    if key is not None and _parsed_cache is not None and _parsed_cache[0] == key:
        return _parsed_cache[1]
    paths = list(_ensure_files(folder, download_if_missing).values())
    parts = _parse(paths)
    _parsed_cache = (_files_key(folder), parts)
    return parts


def fetch_mnist(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the MNIST handwritten digits (70,000 images of 28 x 28 pixels).

    The four canonical files are looked for in the data folder (see
    :func:`get_data_home`), checked against their published SHA-256 and
    downloaded if missing or damaged. Rows come in the canonical order: the
    60,000 training images, then the 10,000 test images, with the same pixel
    values as OpenML's ``mnist_784``.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) the files. By default the environment
        variable ``DIGITKIT_DATA``, else ``mnist/`` under scikit-learn's data
        home.
    download_if_missing : bool, default=True
        If False, raise an error instead of downloading missing or damaged
        files.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        If True, ``data`` is a pandas DataFrame with columns ``pixel1`` ...
        ``pixel784``, ``target`` a Series named ``class``, and the Bunch has a
        ``frame`` with both. Needs pandas.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (70000, 784), float64
            One row per image, pixel values from 0 (background) to 255 (ink).
        target : ndarray of shape (70000,), int64
            The digit each image shows.
        images : ndarray of shape (70000, 28, 28), float64
            The same pixels as ``data``, as images (a view, not a copy).
        feature_names : list of str
            ``pixel1`` ... ``pixel784``, as in OpenML's ``mnist_784``.
        target_names : ndarray of shape (10,)
            The classes, 0 to 9.
        frame : DataFrame of shape (70000, 785)
            Only when ``as_frame=True``: ``data`` and ``target`` together.
        DESCR : str
            Description of the dataset: source, license, the 60,000/10,000 split.

    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    FileNotFoundError
        If files are missing and ``download_if_missing`` is False.
    DataIntegrityError
        If a file does not match its SHA-256 and ``download_if_missing`` is
        False.
    DownloadError
        If a missing file could not be downloaded from any mirror.
    NotADirectoryError
        If the data folder is a file.

    Examples
    --------
    >>> from digitkit.datasets import fetch_mnist
    >>> mnist = fetch_mnist()  # doctest: +SKIP
    >>> mnist.data.shape, mnist.target[0]  # doctest: +SKIP
    ((70000, 784), np.int64(5))
    """
    for name, value in (("download_if_missing", download_if_missing),
                        ("return_X_y", return_X_y), ("as_frame", as_frame)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {value!r}")
    folder = get_data_home(data_home)
    train_images, train_labels, test_images, test_labels = _load_parts(folder, download_if_missing)

    n_pixels = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]
    # Filling one float64 array avoids the extra copy of concatenate + astype.
    data = np.empty((N_TRAIN + N_TEST, n_pixels), dtype=np.float64)
    data[:N_TRAIN] = train_images.reshape(N_TRAIN, n_pixels)
    data[N_TRAIN:] = test_images.reshape(N_TEST, n_pixels)
    target = np.concatenate([train_labels, test_labels]).astype(np.int64)
    feature_names = [f"pixel{i}" for i in range(1, n_pixels + 1)]

    frame = None
    if as_frame:
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "fetch_mnist(as_frame=True) needs pandas: pip install pandas"
            ) from None
        frame = pd.DataFrame(data, columns=feature_names, copy=False)
        frame["class"] = target
        data_out, target_out = frame[feature_names], frame["class"]
    else:
        data_out, target_out = data, target

    if return_X_y:
        return data_out, target_out
    return Bunch(
        data=data_out,
        target=target_out,
        images=data.reshape(-1, *IMAGE_SHAPE),
        feature_names=feature_names,
        target_names=np.arange(10),
        frame=frame,
        DESCR=DESCR,
    )
