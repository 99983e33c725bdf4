"""The wire format between the grader and its worker: frames of JSON plus .npy blobs.

A frame is

    b"S13W" | u32 header length | u32 blob count | u64 length of each blob
            | header (UTF-8 JSON, an object) | the blobs, back to back

and every blob is one array in the .npy format (what np.save writes), its header written
and parsed by numpy's np.lib.format functions, which never unpickle. No pickle anywhere.

This file is shared by both sides: the grader imports it as `grader.worker.frames`, and a
copy is loaded by path inside the worker, so it depends on the standard library and numpy
only. Reading checks every size against limits before allocating; the grader reads with a
deadline, the worker without.
"""

from __future__ import annotations

import errno
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
NPY_MAGIC = b"\x93NUMPY"
ARRAY_KINDS = "biuf"  # bool, signed, unsigned, floating: the only array data

MAX_HEADER = 8 << 20  # JSON: 8 MiB of '[],' is already ~250 MB of Python objects
MAX_NPY_HEADER = 16 + 10_000  # numpy's own limit on the header's literal
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


def array_to_npy(a: np.ndarray) -> list:
    """One array in the .npy format, byte for byte what np.save writes, as [header, data]
    buffers; the data is the array's own memory when it is contiguous (no copy).

    np.save into a BytesIO costs ~20 ms per 20 MB (fresh pages, growth copies); this is a
    header plus a view. The header comes from numpy's own np.lib.format writers.
    """
    if not (a.flags.c_contiguous or a.flags.f_contiguous):
        a = np.ascontiguousarray(a)
    d = np.lib.format.header_data_from_array_1_0(a)
    head = io.BytesIO()
    try:
        np.lib.format.write_array_header_1_0(head, d)
    except ValueError:  # a header over 64 KiB: the 2.0 format, as np.save does
        np.lib.format.write_array_header_2_0(head, d)
    data = a.T if d["fortran_order"] else a
    return [head.getvalue(), data.reshape(-1).view(np.uint8)]


def npy_to_array(blob: bytearray, dtype: str, shape: list) -> np.ndarray:
    """One .npy blob -> a plain ndarray, checked against the dtype and shape announced for it.

    The header is parsed by numpy's np.lib.format readers (a literal, never a pickle; at
    most MAX_NPY_HEADER bytes); the data must be exactly the announced elements, and the
    array is built over the blob itself (a bytearray: writeable, owned by nobody else).
    np.load on a BytesIO would copy it chunk by chunk, ~15 ms per 20 MB. Raises FrameError
    for anything else: a pickle, an object or structured dtype, a wrong dtype or shape,
    missing or extra bytes.
    """
    view = memoryview(blob).cast("B")
    if bytes(view[: len(NPY_MAGIC)]) != NPY_MAGIC:
        raise FrameError("blob is not an .npy array")
    head = io.BytesIO(bytes(view[:MAX_NPY_HEADER]))
    try:
        version = np.lib.format.read_magic(head)
        if version == (1, 0):
            shp, fortran, dt = np.lib.format.read_array_header_1_0(head)
        elif version == (2, 0):
            shp, fortran, dt = np.lib.format.read_array_header_2_0(head)
        else:
            raise FrameError(f".npy version {version} is not accepted")
    except FrameError:
        raise
    except Exception as e:  # any parse failure is the sender's fault
        raise FrameError(f"blob has no valid .npy header: {e}") from None
    if not data_dtype(dt):
        raise FrameError(f"array dtype {dt} is not numeric or bool")
    if dt.str != dtype or list(shp) != shape:
        raise FrameError(f"array is {dt.str} {shp}, header announced {dtype} {tuple(shape)}")
    offset, count = head.tell(), math.prod(shp)
    if view.nbytes != offset + count * dt.itemsize:
        raise FrameError(f"blob of {view.nbytes} bytes does not hold {count} x {dt}")
    a = np.frombuffer(blob, dtype=dt, count=count, offset=offset)
    a = a.reshape(shp[::-1]).T if fortran else a.reshape(shp)
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
