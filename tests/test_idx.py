"""The IDX reader and writer: round trips and every malformed file."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from digitkit.idx import IDXFormatError, read_idx, write_idx


@pytest.mark.parametrize("dtype", ["u1", "i1", "i2", "i4", "f4", "f8", ">i4", "<f8"])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_round_trip(tmp_path, dtype, suffix):
    array = (np.arange(24).reshape(2, 3, 4) * 3 - 7).astype(dtype)
    path = tmp_path / f"array-idx{suffix}"
    write_idx(path, array)
    result = read_idx(path)
    np.testing.assert_array_equal(result, array)
    assert result.dtype == array.dtype.newbyteorder("=")
    assert result.dtype.isnative


def test_header_layout_matches_the_format(tmp_path):
    path = tmp_path / "labels-idx1-ubyte"
    write_idx(path, np.array([5, 0, 4], dtype=np.uint8))
    assert path.read_bytes() == bytes([0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4])


def _write_raw(path, payload, compress=True):
    if compress:
        with gzip.open(path, "wb") as stream:
            stream.write(payload)
    else:
        path.write_bytes(payload)
    return path


def _header(type_code, *dims):
    return bytes([0, 0, type_code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"\x12\x34" + _header(8, 2)[2:] + b"\x00\x00", "bad magic"),
        (_header(0x42, 2) + b"\x00\x00", "unknown IDX type code 0x42"),
        (bytes([0, 0, 8, 0]), "0 dimensions"),
        (_header(8, 2, 28, 28) + bytes(100), "holds only 100"),
        (_header(8, 3) + bytes(5), "more data than its header"),
        (_header(8, 60000, 60000, 60000), "more than the limit"),
        (b"\x00\x00", "truncated"),
        (_header(8, 3, 4)[:6], "truncated"),
    ],
    ids=["magic", "type", "no-dims", "short", "long", "huge", "tiny", "cut-header"],
)
def test_malformed_files_are_explained(tmp_path, payload, message):
    path = _write_raw(tmp_path / "bad-idx.gz", payload)
    with pytest.raises(IDXFormatError, match=message) as excinfo:
        read_idx(path)
    assert str(path) in str(excinfo.value)


def test_huge_header_is_refused_before_allocating(tmp_path, monkeypatch):
    path = _write_raw(tmp_path / "huge-idx.gz", _header(0x0E, 100000, 100000))

    def no_allocation(*args, **kwargs):
        raise AssertionError("read_idx allocated memory for a header it should refuse")

    monkeypatch.setattr(np, "empty", no_allocation)
    with pytest.raises(IDXFormatError, match="80,000,000,000 bytes"):
        read_idx(path)


def test_not_gzip(tmp_path):
    path = _write_raw(tmp_path / "plain-idx.gz", _header(8, 2) + b"\x01\x02", compress=False)
    with pytest.raises(IDXFormatError, match="not a gzip file"):
        read_idx(path)


def test_truncated_gzip(tmp_path):
    path = _write_raw(tmp_path / "cut-idx.gz", _header(8, 1000) + bytes(range(256)) * 4)
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(IDXFormatError, match="truncated"):
        read_idx(path)


def test_corrupt_gzip_data(tmp_path):
    path = _write_raw(tmp_path / "rotten-idx.gz", _header(8, 1000) + bytes(range(256)) * 4)
    data = bytearray(path.read_bytes())
    data[30:40] = b"\xff" * 10
    path.write_bytes(bytes(data))
    with pytest.raises(IDXFormatError, match="corrupt|truncated|CRC"):
        read_idx(path)


def test_write_rejects_unsupported_arrays(tmp_path):
    with pytest.raises(TypeError, match="int64"):
        write_idx(tmp_path / "x-idx", np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError, match="dimensions"):
        write_idx(tmp_path / "x-idx", np.uint8(3))


# -- property tests ------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import array_shapes, arrays  # noqa: E402

IDX_DTYPES = st.sampled_from(["u1", "i1", ">i2", "<i2", ">i4", "<i4", ">f4", "<f4", ">f8", "<f8"])


@settings(max_examples=60, deadline=None)
@given(
    array=IDX_DTYPES.flatmap(
        lambda dtype: arrays(dtype, array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=6))
    ),
    compressed=st.booleans(),
)
def test_round_trip_property(tmp_path_factory, array, compressed):
    path = tmp_path_factory.mktemp("idx") / ("array-idx.gz" if compressed else "array-idx")
    write_idx(path, array)
    result = read_idx(path)
    assert result.shape == array.shape
    assert result.dtype == array.dtype.newbyteorder("=")
    # Compare bytes so that NaNs and signed zeros round-trip exactly too.
    assert result.astype(array.dtype).tobytes() == array.tobytes()


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=64))
def test_random_bytes_never_crash_the_reader(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("idx") / "random-idx"
    path.write_bytes(data)
    try:
        array = read_idx(path)
    except IDXFormatError:
        return
    # The rare valid file must be exactly header + payload.
    assert 4 + 4 * array.ndim + array.nbytes == len(data)
