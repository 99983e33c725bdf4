"""grader/worker/frames.py: the wire format between the grader and its worker, read
strictly."""

from __future__ import annotations

import os

import numpy as np
import pytest

from grader.worker import (
    frames,
)


def _blob(a: np.ndarray) -> bytearray:
    return bytearray(b"".join(bytes(memoryview(p)) for p in frames.array_to_npy(a)))


def test_npy_blobs_are_what_np_save_writes_and_are_checked_strictly():
    import io

    for a in (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.ones((2, 3), np.int16)),
              np.array(True), np.zeros((0, 4), ">f4")):
        saved = io.BytesIO()
        np.save(saved, a)
        assert _blob(a) == saved.getvalue()
        back = frames.npy_to_array(_blob(a), a.dtype.str, list(a.shape))
        assert type(back) is np.ndarray and back.flags.writeable
        np.testing.assert_array_equal(back, a)
    good = _blob(np.arange(3.0))
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    bad = [
        (bytearray(pickled.getvalue()), "|O", [1]),  # an object array: a pickle inside
        (good, "<f4", [3]),  # another dtype than the blob's
        (good, "<f8", [4]),  # another shape
        (good + b"\0" * 8, "<f8", [3]),  # extra bytes
        (good[:-8], "<f8", [3]),  # missing bytes
        (good, "<c16", [3]),  # not numeric/bool
        (_blob(np.zeros(2, "u1,u1")), "|V2", [2]),  # structured
        (good, "<f8", [1] * 65 + [3]),  # more dimensions than numpy allows
    ]
    for blob, dtype, shape in bad:
        with pytest.raises(frames.FrameError):
            frames.npy_to_array(blob, dtype, shape)


def test_frames_are_read_strictly():
    def read(data: bytes, **kw):
        r, w = os.pipe()
        os.write(w, data)
        os.close(w)
        try:
            return frames.read_frame(r, **kw)
        finally:
            os.close(r)

    ok = b"".join(bytes(memoryview(p)) for p in frames.encode_frame({"seq": 1}, [b"ab"]))
    assert read(ok) == ({"seq": 1}, [bytearray(b"ab")])
    with pytest.raises(frames.FrameError, match="magic"):
        read(b"XXXX" + ok[4:])
    with pytest.raises(frames.FrameError, match="exceeds"):
        read(ok, max_bytes=4)
    with pytest.raises(frames.FrameEOF):
        read(ok[:-1])
    for header in (b"[1]", b'{"x": NaN}', b"\xff"):
        bad = frames.PREFIX.pack(frames.MAGIC, len(header), 0) + header
        with pytest.raises(frames.FrameError):
            read(bad)
