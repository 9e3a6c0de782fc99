"""The data files of the interactive pages: one format, one reader, one writer (private).

Every page that runs in the reader's browser (Draw a digit, the threshold
explorer, the error browser) loads its data from a file of this one shape:
a JSON object with a ``format`` name, a ``version`` and the page's own
fields. A ``.js`` file assigns the object to a global variable, so that a
page loads it with a plain ``<script>`` tag, which works even when the page
is opened from disk (``file://``), where browsers refuse to fetch a
``.json`` file; a file with any other suffix holds the plain JSON.

This module writes and reads that envelope (:func:`write`, :func:`read`)
and holds the encoders every page's fields use, each with its decoder:

- numbers as base64 little-endian bytes (:func:`encode_array`,
  :func:`decode_array`);
- booleans as bits, eight to a byte, first in the highest bit
  (:func:`encode_bits`, :func:`decode_bits`);
- digit labels as one character each, ``"7210..."`` (:func:`encode_labels`,
  :func:`decode_labels`);
- 28 x 28 grey-level images, zlib-compressed bytes in base64
  (:func:`pack_digits`, :func:`unpack_digits`).

The pages' shared script, ``docs/_static/pages/pages.js``, decodes each of
them the same way. :mod:`digitkit.export` (the learner's model file) and
the site's producers of page data (``docs/sphinxext/pagedata_*.py``) use
this module; it is not part of the public API.
"""

from __future__ import annotations

import base64
import json
import os
import re
import zlib
from pathlib import Path

import numpy as np

from ._validation import _as_numeric_array

#: Side of the images, in pixels.
IMAGE_SIDE = 28
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE


def fail(path, what, message):
    """Raise the one error every reader raises: which file, of what kind, what is wrong."""
    raise ValueError(f"{path} is not a valid {what} file: {message}")


def check_metadata(metadata) -> dict:
    """``metadata`` as a dict (``{}`` for None), or a TypeError."""
    if metadata is not None and not isinstance(metadata, dict):
        raise TypeError(f"metadata must be a dict, got {type(metadata).__name__}")
    return metadata or {}


def write(path, global_name, document, description) -> int:
    """Write ``document`` to ``path``: a script assigning ``window.<global_name>`` or JSON.

    ``path`` ends in ``.js`` for a script (its folder must exist), in
    anything else for plain JSON; ``document`` holds ``format`` and
    ``version``; ``description`` is one line saying what the file holds and
    what wrote it, the script's first comment. Returns the file's size in
    bytes; a TypeError if the document (its metadata) is not JSON.
    """
    try:
        text = json.dumps(document, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"metadata must be serialisable as JSON: {exc}") from None
    path = Path(path)
    if path.suffix == ".js":
        text = (f"// {description}\n"
                f"// Load it with a <script> tag; it sets window.{global_name}. Do not edit.\n"
                f"window.{global_name} = {text};\n")
    else:
        text += "\n"
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def read(path, global_name, file_format, version, what) -> dict:
    """Read a file written by :func:`write`, checking its format name and version.

    A missing file raises FileNotFoundError; a file that does not assign the
    global (``.js``), is not JSON, or declares another format or version, a
    ValueError naming the file and what is wrong with it (:func:`fail`).
    """
    path = Path(os.fspath(path))
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".js":
        match = re.search(rf"^\s*window\.{global_name}\s*=\s*(\{{.*\}})\s*;\s*$", text,
                          re.MULTILINE | re.DOTALL)
        if match is None:
            fail(path, what, f"it does not assign window.{global_name}")
        text = match.group(1)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(path, what, f"its content is not valid JSON ({exc})")
    if not isinstance(document, dict) or document.get("format") != file_format:
        fail(path, what, f"it does not declare the format {file_format!r}")
    if document.get("version") != version:
        fail(path, what, f"it has format version {document.get('version')!r}; this digitkit "
                         f"reads version {version}")
    metadata = document.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        fail(path, what, "its metadata is not an object")
    return document


# -- encoders and decoders ------------------------------------------------------------


def encode_array(values, dtype) -> str:
    """Base64 of the values as little-endian ``dtype`` bytes (``"<f8"``, ``"<u2"``, ``"i1"``...)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def decode_array(text, dtype, count=None) -> np.ndarray:
    """The inverse of :func:`encode_array`; ``count`` values, if given, or a ValueError."""
    raw = base64.b64decode(text, validate=True)
    size = np.dtype(dtype).itemsize
    if count is not None and len(raw) != count * size:
        raise ValueError(f"it holds {len(raw)} bytes; {count} values of {size} bytes "
                         f"need {count * size}")
    if len(raw) % size:
        raise ValueError(f"it holds {len(raw)} bytes, not a whole number of {size}-byte values")
    return np.frombuffer(raw, dtype=dtype)


def encode_bits(flags) -> str:
    """Booleans as bits, eight to a byte, the first in the highest bit (:func:`numpy.packbits`)."""
    return base64.b64encode(np.packbits(np.asarray(flags, dtype=bool)).tobytes()).decode("ascii")


def decode_bits(text, count) -> np.ndarray:
    """The inverse of :func:`encode_bits`: ``count`` booleans, or a ValueError."""
    raw = base64.b64decode(text, validate=True)
    if len(raw) != (count + 7) // 8:
        raise ValueError(f"it holds {len(raw)} bytes of labels; {count} labels "
                         f"need {(count + 7) // 8}")
    return np.unpackbits(np.frombuffer(raw, dtype=np.uint8), count=count).astype(bool)


def check_labels(labels, name, n_expected=None) -> np.ndarray:
    """``labels`` as int64 digits 0 to 9, or a ValueError naming ``name``."""
    array = np.asarray(labels)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if n_expected is not None and len(array) != n_expected:
        raise ValueError(f"{name} has {len(array)} labels, expected {n_expected}")
    if array.dtype.kind not in "iu" or (array.size and (array.min() < 0 or array.max() > 9)):
        raise ValueError(f"{name} must hold the digits 0 to 9 as whole numbers")
    return array.astype(np.int64)


def encode_labels(labels) -> str:
    """Digits 0 to 9 as one character each: ``[7, 2, 1]`` -> ``"721"``."""
    return "".join(map(str, np.asarray(labels).tolist()))


def decode_labels(text, path, what, name) -> np.ndarray:
    """The inverse of :func:`encode_labels`; a bad string fails naming the file and field."""
    if not isinstance(text, str) or not text.isdigit() or not text.isascii():
        fail(path, what, f"{name} must be a string of digits")
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.int64) - ord("0")


def check_pixels(images, name="images") -> np.ndarray:
    """``images`` as uint8 rows of 784 grey levels, or a clear TypeError/ValueError."""
    array = _as_numeric_array(images, name, allow_empty=True)
    if array.ndim == 3 and array.shape[1:] == (IMAGE_SIDE, IMAGE_SIDE):
        array = array.reshape(len(array), N_PIXELS)
    if array.ndim != 2 or array.shape[1] != N_PIXELS:
        raise ValueError(f"{name} must have shape (n_images, 784) or (n_images, 28, 28), "
                         f"got shape {array.shape}")
    if array.size and (array.min() < 0 or array.max() > 255 or np.any(array != np.round(array))):
        raise ValueError(f"{name} must hold whole grey levels from 0 to 255, as MNIST does "
                         "(not pixels divided by 255)")
    return array.astype(np.uint8)


def pack_digits(images) -> str:
    """Encode 28 x 28 grey-level images as compact, lossless text.

    One byte per pixel, row by row, image after image, compressed with zlib
    (the "deflate" format the browser's ``DecompressionStream`` reads) and
    written as base64. An MNIST digit takes about 230 bytes instead of 784.

    Raises
    ------
    TypeError
        If ``images`` does not hold numbers.
    ValueError
        If ``images`` has another shape, or values that are not whole
        numbers from 0 to 255.
    """
    pixels = check_pixels(images)
    return base64.b64encode(zlib.compress(pixels.tobytes(), 9)).decode("ascii")


def unpack_digits(text, n_images) -> np.ndarray:
    """Decode :func:`pack_digits` text into ``(n_images, 28, 28)`` uint8 images, or a ValueError."""
    try:
        raw = zlib.decompress(base64.b64decode(text, validate=True))
    except (TypeError, ValueError, zlib.error) as exc:
        raise ValueError(f"the packed digits could not be decoded: {exc}") from None
    if len(raw) != n_images * N_PIXELS:
        raise ValueError(f"the packed digits hold {len(raw)} bytes; {n_images} images of "
                         f"{N_PIXELS} pixels need {n_images * N_PIXELS}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(n_images, IMAGE_SIDE, IMAGE_SIDE).copy()
