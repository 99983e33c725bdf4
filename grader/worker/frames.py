"""The wire format between the grader and its worker: frames of JSON plus .npy blobs.

A frame is

    b"S13W" | u32 header length | u32 blob count | u64 length of each blob
            | header (UTF-8 JSON, an object) | the blobs, back to back

and every blob is one array in the .npy format, byte for byte what np.save writes (the
header by numpy's own np.lib.format writer). A received blob is only compared with the
header expected for the announced dtype and shape, never parsed: no pickle anywhere.

This file is shared by both sides: the grader imports it as `grader.worker.frames`, and a
copy is loaded by path inside the worker, so it depends on the standard library and numpy
only. Reading checks every size against limits before allocating; the grader reads with a
deadline, the worker without.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import math
import os
import select
import struct
import time

import numpy as np

MAGIC = b"S13W"
PREFIX = struct.Struct(">4sII")
BLOB_LEN = struct.Struct(">Q")
ARRAY_KINDS = "biuf"  # bool, signed, unsigned, floating: the only array data

MAX_HEADER = 8 << 20  # JSON: 8 MiB of '[],' is already ~250 MB of Python objects
MAX_BLOBS = 1 << 16


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


@functools.lru_cache(maxsize=1024)
def npy_header(dtype: str, shape: tuple, fortran: bool) -> bytes:
    """The .npy header np.save writes for such an array (numpy's own np.lib.format writer:
    format 1.0, or 2.0 when the header does not fit in 64 KiB)."""
    d = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": fortran,
         "shape": shape}
    head = io.BytesIO()
    try:
        np.lib.format.write_array_header_1_0(head, d)
    except ValueError:
        np.lib.format.write_array_header_2_0(head, d)
    return head.getvalue()


def array_to_npy(a: np.ndarray) -> list:
    """One array in the .npy format, byte for byte what np.save writes, as [header, data]
    buffers; the data is the array's own memory when it is contiguous (no copy).

    (np.save into a BytesIO costs ~20 ms per 20 MB: fresh pages and growth copies.)
    """
    if not (a.flags.c_contiguous or a.flags.f_contiguous):
        a = np.ascontiguousarray(a)
    fortran = a.flags.f_contiguous and not a.flags.c_contiguous  # as np.save decides
    data = a.T if fortran else a
    return [npy_header(a.dtype.str, a.shape, fortran), data.reshape(-1).view(np.uint8)]


def npy_to_array(blob: bytearray, dtype: str, shape: list) -> np.ndarray:
    """One .npy blob -> a plain ndarray of the dtype and shape announced for it.

    Nothing in the blob is parsed: its header must be byte for byte the one numpy writes
    for that dtype and shape (C or Fortran order), and the rest exactly that many
    elements. The array is built over the blob itself (a bytearray: writeable, referenced
    by nobody else). (np.load on a BytesIO copies chunk by chunk, ~15 ms per 20 MB, and
    evaluates the header literal, ~50 us per array.) Raises FrameError for anything else:
    a pickle, an object or structured dtype, a wrong dtype or shape, bytes short or extra.
    """
    try:
        dt = np.dtype(dtype)
    except Exception:
        raise FrameError(f"bad dtype {dtype!r}") from None
    if not data_dtype(dt) or dt.str != dtype:
        raise FrameError(f"dtype {dtype!r} is not a plain numeric or bool dtype")
    if len(shape) > 64 or not all(type(n) is int and n >= 0 for n in shape):
        raise FrameError(f"bad shape {shape!r}"[:200])
    shape_t = tuple(shape)
    view = memoryview(blob).cast("B")
    for fortran in (False, True):
        head = npy_header(dtype, shape_t, fortran)
        if view[: len(head)] == head:
            break
    else:
        raise FrameError(f"blob is not the .npy of a {dtype} array of shape {shape_t}")
    count = math.prod(shape_t)
    if view.nbytes != len(head) + count * dt.itemsize:
        raise FrameError(f"blob of {view.nbytes} bytes does not hold {count} x {dt}")
    try:
        a = np.frombuffer(blob, dtype=dt, count=count, offset=len(head))
        a = a.reshape(shape_t[::-1]).T if fortran else a.reshape(shape_t)
    except (ValueError, TypeError) as e:  # pragma: no cover: the checks above cover it
        raise FrameError(f"array does not rebuild: {e}") from None
    if type(a) is not np.ndarray:  # pragma: no cover: frombuffer makes plain arrays
        raise FrameError("array did not rebuild as a plain ndarray")
    return a


# ---------------------------------------------------------------------------- writing


def encode_frame(header: dict, blobs: list) -> list:
    """The frame as a list of buffers, ready for `write_parts`. A blob is a buffer or a
    list of buffers (array_to_npy's header and data), sent back to back."""
    head = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
    blob_parts = [b if isinstance(b, list) else [b] for b in blobs]
    lens = b"".join(
        BLOB_LEN.pack(sum(memoryview(p).nbytes for p in parts)) for parts in blob_parts
    )
    return [PREFIX.pack(MAGIC, len(head), len(blobs)) + lens + head,
            *(p for parts in blob_parts for p in parts)]


def write_frame(fd: int, header: dict, blobs: list, deadline: float | None = None) -> None:
    """Writes one frame, gathered (one writev while the pipe has room, so the reader wakes
    once). A non-blocking fd needs a deadline; a blocking one ignores it."""
    write_parts(fd, encode_frame(header, blobs), deadline)


def write_parts(fd: int, parts: list, deadline: float | None = None) -> None:
    """Writes the buffers of an encoded frame (see write_frame)."""
    views = [memoryview(part).cast("B") for part in parts]
    views = [v for v in views if v.nbytes]
    while views:
        try:
            n = os.writev(fd, views[:64])
        except BlockingIOError:  # only a non-blocking fd, so only with a deadline
            _wait(fd, select.POLLOUT, deadline)
            continue
        while n:
            if n >= views[0].nbytes:
                n -= views[0].nbytes
                views.pop(0)
            else:
                views[0] = views[0][n:]
                n = 0
        if deadline is not None and views and time.monotonic() > deadline:
            raise FrameTimeout()


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
    table = n_blobs * BLOB_LEN.size
    rest = _read_exact(fd, table + head_len, deadline)  # blob lengths and header at once
    lens = [BLOB_LEN.unpack_from(rest, i * BLOB_LEN.size)[0] for i in range(n_blobs)]
    if head_len + sum(lens) > max_bytes:
        raise FrameError(f"frame of {head_len + sum(lens)} bytes exceeds the limit {max_bytes}")
    try:
        header = json.loads(bytes(rest[table:]).decode(), parse_constant=_no_constant)
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
