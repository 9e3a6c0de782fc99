"""Read and write files in the IDX format, the format the MNIST files use.

An IDX file is a small header followed by raw array data:

* 4 bytes of "magic": two zero bytes, a type code (``0x08`` for unsigned
  bytes, ...) and the number of dimensions;
* one big-endian ``uint32`` per dimension;
* the values, big-endian, in C order.

Files whose name ends in ``.gz`` are read and written through gzip.

The reader checks the header and the size it announces *before* allocating
the array, and every problem becomes an :class:`IDXFormatError` that names
the file and what is wrong with it.
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np

__all__ = ["IDXFormatError", "read_idx", "write_idx"]

# Type code -> big-endian numpy dtype, as defined by the IDX format.
_DTYPE_BY_CODE = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODE_BY_KIND = {(dt.kind, dt.itemsize): code for code, dt in _DTYPE_BY_CODE.items()}

#: Arrays larger than this are refused unless ``max_bytes`` says otherwise.
#: The largest MNIST file holds 47 MB.
DEFAULT_MAX_BYTES = 1 << 30


class IDXFormatError(ValueError):
    """A file is not a valid IDX file (bad magic, sizes, gzip stream, ...)."""


def _open(path: Path, mode: str):
    if path.name.endswith(".gz"):
        return gzip.open(path, mode)
    return open(path, mode)


def _read_exactly(stream, n_bytes: int, path: Path, what: str) -> bytes:
    data = stream.read(n_bytes)
    if len(data) != n_bytes:
        raise IDXFormatError(
            f"{path}: file ends after {len(data)} of the {n_bytes} bytes of its {what}; "
            "it is truncated. Delete it and fetch it again."
        )
    return data


def _parse_header(stream, path: Path, max_bytes: int) -> tuple[np.dtype, tuple[int, ...]]:
    magic = _read_exactly(stream, 4, path, "header")
    zero1, zero2, type_code, n_dims = magic
    if zero1 or zero2:
        raise IDXFormatError(
            f"{path}: bad magic number 0x{magic.hex()}; an IDX file starts with two zero "
            "bytes (is this an IDX file?)"
        )
    if type_code not in _DTYPE_BY_CODE:
        known = ", ".join(f"0x{code:02X}" for code in _DTYPE_BY_CODE)
        raise IDXFormatError(
            f"{path}: unknown IDX type code 0x{type_code:02X} (known: {known})"
        )
    if n_dims == 0:
        raise IDXFormatError(f"{path}: header declares 0 dimensions")
    shape = struct.unpack(f">{n_dims}I", _read_exactly(stream, 4 * n_dims, path, "dimensions"))
    dtype = _DTYPE_BY_CODE[type_code]
    n_bytes = math.prod(shape) * dtype.itemsize
    if n_bytes > max_bytes:
        raise IDXFormatError(
            f"{path}: header declares shape {shape} of {dtype.name}, which needs "
            f"{n_bytes:,} bytes, more than the limit of {max_bytes:,} bytes; the header "
            "is probably corrupt (raise max_bytes if the file is really that large)"
        )
    return dtype, shape


def read_idx(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> np.ndarray:
    """Read an IDX file (optionally gzip-compressed) into a numpy array.

    Parameters
    ----------
    path : str or path-like
        The file to read. Names ending in ``.gz`` are decompressed on the fly.
    max_bytes : int, default=1 GiB
        Largest array the header may declare. The header is checked against
        this limit before any memory is allocated, so a corrupt header cannot
        make the reader ask for gigabytes.

    Returns
    -------
    array : ndarray
        The array with the shape the header declares, in native byte order.

    Raises
    ------
    IDXFormatError
        If the file is not gzip although its name says so, is truncated,
        has a bad magic number or type code, declares too large a shape, or
        holds more or less data than its header declares.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> from digitkit.idx import read_idx, write_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "labels-idx1-ubyte.gz")
    >>> write_idx(path, np.array([5, 0, 4], dtype=np.uint8))
    >>> read_idx(path)
    array([5, 0, 4], dtype=uint8)
    """
    path = Path(path)
    try:
        with _open(path, "rb") as stream:
            dtype, shape = _parse_header(stream, path, max_bytes)
            array = np.empty(shape, dtype=dtype)
            # A flat byte view of the array (also valid for zero-size arrays).
            buffer = memoryview(array.reshape(-1).view(np.uint8))
            filled = 0
            while filled < len(buffer):
                n_read = stream.readinto(buffer[filled:])
                if not n_read:
                    break
                filled += n_read
            if filled != len(buffer):
                raise IDXFormatError(
                    f"{path}: header declares shape {shape} ({len(buffer):,} bytes of data) "
                    f"but the file holds only {filled:,}; it is truncated or its header "
                    "is wrong"
                )
            if stream.read(1):
                raise IDXFormatError(
                    f"{path}: file holds more data than its header declares "
                    f"(shape {shape}); the header is wrong or the file is corrupt"
                )
    except gzip.BadGzipFile as exc:
        raise IDXFormatError(f"{path}: not a gzip file ({exc}); delete it and fetch it again") from None
    except EOFError:
        raise IDXFormatError(
            f"{path}: the gzip stream ends early; the file is truncated (an interrupted "
            "download?). Delete it and fetch it again."
        ) from None
    except zlib.error as exc:
        raise IDXFormatError(f"{path}: corrupt gzip data ({exc}); delete it and fetch it again") from None
    if dtype.byteorder == ">":
        array = array.astype(dtype.newbyteorder("="))
    return array


def write_idx(path: str | os.PathLike, array) -> None:
    """Write an array to an IDX file (gzip-compressed if the name ends in ``.gz``).

    Parameters
    ----------
    path : str or path-like
        Where to write. The file is replaced if it exists.
    array : array-like
        An array of at least one dimension, of dtype uint8, int8, int16,
        int32, float32 or float64 (any byte order).

    Raises
    ------
    ValueError
        If the array has no dimension or a dimension larger than 2**32 - 1.
    TypeError
        If the dtype has no IDX type code.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> from digitkit.idx import read_idx, write_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "images-idx3-ubyte")
    >>> write_idx(path, np.zeros((2, 28, 28), dtype=np.uint8))
    >>> read_idx(path).shape
    (2, 28, 28)
    """
    array = np.asarray(array)
    if array.ndim == 0 or array.ndim > 255:
        raise ValueError(f"array must have 1 to 255 dimensions, got {array.ndim}")
    if any(size >= 2**32 for size in array.shape):
        raise ValueError(f"array shape {array.shape} has a dimension too large for IDX")
    code = _CODE_BY_KIND.get((array.dtype.kind, array.dtype.itemsize))
    if code is None:
        raise TypeError(
            f"array dtype {array.dtype} has no IDX type code; use uint8, int8, int16, "
            "int32, float32 or float64"
        )
    big_endian = np.ascontiguousarray(array, dtype=_DTYPE_BY_CODE[code])
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    with _open(Path(path), "wb") as stream:
        stream.write(header)
        stream.write(big_endian.tobytes())
