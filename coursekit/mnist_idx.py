"""MNIST's IDX files, verified: gunzip, header (magic, dimensions, length) and the SHA-256
of the decompressed bytes. A damaged file raises an MnistError that names it."""

from __future__ import annotations

import gzip
import hashlib
import math
import struct
import zlib
from pathlib import Path

import numpy as np

IMAGE_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABEL_MAGIC = 0x00000801  # unsigned bytes, 1 dimension

#: SHA-256 of the decompressed IDX bytes of each file.
SHA256: dict[str, str] = {
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
}


class MnistError(Exception):
    """Base class of the loader's errors."""


class MnistNotFoundError(MnistError):
    """The files are absent and could not be downloaded."""


class MnistFormatError(MnistError):
    """A file is not a well-formed IDX file (bad gzip, magic, size or count)."""


class MnistChecksumError(MnistError):
    """A file is well-formed but its content is not the expected MNIST bytes."""


def read_bytes(path: Path) -> bytes:
    """Return the IDX bytes of ``path``, gunzipped when its name ends in ``.gz``."""
    data = path.read_bytes()
    return gunzip(data, path) if path.suffix == ".gz" else data


def gunzip(data: bytes, where: Path | str) -> bytes:
    try:
        return gzip.decompress(data)
    except EOFError as exc:
        raise MnistFormatError(
            f"{where}: the gzip stream is truncated ({len(data)} bytes); the file is incomplete."
        ) from exc
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise MnistFormatError(f"{where}: not a valid gzip file ({exc}).") from exc


def parse_idx(data: bytes, path: Path | str, magic: int) -> np.ndarray:
    """View IDX bytes as a read-only uint8 array, checking magic, dims and length."""
    kind = "images" if magic == IMAGE_MAGIC else "labels"
    if len(data) < 4:
        raise MnistFormatError(f"{path}: only {len(data)} bytes, too short for an IDX header.")
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        raise MnistFormatError(
            f"{path}: bad magic number 0x{found:08x}, expected 0x{magic:08x} "
            f"(an IDX file of MNIST {kind}). The file is damaged or not an MNIST "
            f"{kind} file."
        )
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MnistFormatError(f"{path}: the IDX header is truncated.")
    dims = struct.unpack(f">{ndim}I", data[4:header])
    expected = math.prod(dims)
    actual = len(data) - header
    if actual < expected:
        raise MnistFormatError(
            f"{path}: truncated, the header announces {' x '.join(map(str, dims))} = "
            f"{expected} bytes of data but only {actual} are present."
        )
    if actual > expected:
        raise MnistFormatError(
            f"{path}: {actual - expected} unexpected bytes after the data announced "
            f"by the header ({' x '.join(map(str, dims))})."
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def check_sha256(data: bytes, path: Path | str) -> None:
    name = Path(path).name.removesuffix(".gz")
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256[name]:
        raise MnistChecksumError(
            f"{path}: checksum mismatch, the SHA-256 of its decompressed content is "
            f"{digest}, expected {SHA256[name]}. The file is corrupt or not the "
            f"original MNIST {name}."
        )
