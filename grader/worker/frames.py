"""The wire format between the grader and its worker: frames of JSON plus .npy blobs.

A frame is

    b"S13W" | u32 header length | u32 blob count | u64 length of each blob
            | header (UTF-8 JSON, an object) | the blobs, back to back

and every blob is one array in the .npy format, written with `np.save` and read back with
`np.load(allow_pickle=False)`. There is no pickle anywhere.

This file is shared by both sides: the grader imports it as `grader.worker.frames`, and a
copy is loaded by path inside the worker, so it depends on the standard library and numpy
only. Reading checks every size against limits before allocating; the grader reads with a
deadline, the worker without.
"""

from __future__ import annotations

import errno
import io
import json
import os
import select
import struct
import time

import numpy as np

MAGIC = b"S13W"
PREFIX = struct.Struct(">4sII")
BLOB_LEN = struct.Struct(">Q")
NPY_MAGIC = b"\x93NUMPY"
ARRAY_KINDS = "biuf"  # bool, signed, unsigned, floating: the only array data

MAX_HEADER = 64 << 20
MAX_BLOBS = 1 << 16
CHUNK = 1 << 20


class FrameError(Exception):
    """The bytes on the pipe are not a well-formed frame."""


class FrameTimeout(Exception):
    """The deadline passed before the frame was complete."""


class FrameEOF(Exception):
    """The other end closed the pipe (at a frame boundary or in the middle of one)."""


def data_dtype(dtype: np.dtype) -> bool:
    """A plain numeric or bool dtype: no fields, no sub-arrays, no objects, no metadata."""
    return (
        type(dtype).__module__.startswith("numpy")
        and dtype.kind in ARRAY_KINDS
        and dtype.fields is None
        and dtype.subdtype is None
        and dtype.metadata is None
    )


def array_to_npy(a: np.ndarray) -> memoryview:
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getbuffer()


def npy_to_array(blob, dtype: str, shape: list) -> np.ndarray:
    """One .npy blob -> a plain ndarray, checked against the dtype and shape announced for it.

    Raises FrameError for anything else (a pickle, an .npz, a wrong dtype or shape, bytes
    left over).
    """
    if bytes(blob[: len(NPY_MAGIC)]) != NPY_MAGIC:
        raise FrameError("blob is not an .npy array")
    f = io.BytesIO(blob)
    try:
        a = np.load(f, allow_pickle=False)
    except Exception as e:  # any parse failure is the sender's fault
        raise FrameError(f"blob does not load as an array: {e}") from None
    if type(a) is not np.ndarray:
        raise FrameError(f"blob loaded as {type(a).__name__}, not ndarray")
    if f.tell() != len(blob):
        raise FrameError("blob has bytes after its array data")
    if not data_dtype(a.dtype):
        raise FrameError(f"array dtype {a.dtype} is not numeric or bool")
    if a.dtype.str != dtype or list(a.shape) != shape:
        raise FrameError(
            f"array is {a.dtype.str} {a.shape}, header announced {dtype} {tuple(shape)}"
        )
    return a


# ---------------------------------------------------------------------------- writing


def encode_frame(header: dict, blobs: list) -> list:
    """The frame as a list of buffers, ready for `write_frame`."""
    head = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
    lens = b"".join(BLOB_LEN.pack(memoryview(b).nbytes) for b in blobs)
    return [PREFIX.pack(MAGIC, len(head), len(blobs)) + lens + head, *blobs]


def write_frame(fd: int, header: dict, blobs: list, deadline: float | None = None) -> None:
    """Writes one frame. A non-blocking fd needs a deadline; a blocking one ignores it."""
    for part in encode_frame(header, blobs):
        view = memoryview(part).cast("B")
        while view.nbytes:
            try:
                n = os.write(fd, view[:CHUNK])
            except BlockingIOError:  # only a non-blocking fd, so only with a deadline
                _wait(fd, select.POLLOUT, deadline)
                continue
            view = view[n:]


# ---------------------------------------------------------------------------- reading


def read_frame(
    fd: int, deadline: float | None = None, max_bytes: int = 1 << 40
) -> tuple[dict, list]:
    """Reads one frame -> (header, blobs as bytearrays). Checks sizes before allocating."""
    magic, head_len, n_blobs = PREFIX.unpack(_read_exact(fd, PREFIX.size, deadline, True))
    if magic != MAGIC:
        raise FrameError(f"bad frame magic {magic!r}")
    if head_len > MAX_HEADER or n_blobs > MAX_BLOBS:
        raise FrameError(f"frame too large: header {head_len} bytes, {n_blobs} blobs")
    lens_raw = _read_exact(fd, BLOB_LEN.size * n_blobs, deadline)
    lens = [BLOB_LEN.unpack_from(lens_raw, i * BLOB_LEN.size)[0] for i in range(n_blobs)]
    if head_len + sum(lens) > max_bytes:
        raise FrameError(f"frame of {head_len + sum(lens)} bytes exceeds the limit {max_bytes}")
    try:
        header = json.loads(
            bytes(_read_exact(fd, head_len, deadline)).decode(), parse_constant=_no_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise FrameError(f"frame header is not JSON: {e}") from None
    if type(header) is not dict:
        raise FrameError("frame header is not a JSON object")
    return header, [_read_exact(fd, n, deadline) for n in lens]


def _no_constant(name: str):
    raise ValueError(f"non-standard JSON constant {name}")


def _read_exact(fd: int, n: int, deadline: float | None, at_boundary: bool = False) -> bytearray:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        try:
            k = os.readv(fd, [view[got:]])
        except BlockingIOError:  # only a non-blocking fd, so only with a deadline
            _wait(fd, select.POLLIN, deadline)
            continue
        if k == 0:
            where = "between frames" if at_boundary and got == 0 else "in the middle of a frame"
            raise FrameEOF(f"pipe closed {where}")
        got += k
        if deadline is not None and got < n and time.monotonic() > deadline:
            raise FrameTimeout()
    return buf


def _wait(fd: int, event: int, deadline: float) -> None:
    poller = select.poll()
    poller.register(fd, event)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FrameTimeout()
        try:
            if poller.poll(max(1, int(left * 1000 + 0.999))):
                return  # readable, writable, or hung up: the read/write says which
        except InterruptedError:
            continue
        except OSError as e:  # pragma: no cover
            if e.errno != errno.EINTR:
                raise
