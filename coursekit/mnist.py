"""Load MNIST from its IDX files, verified, and download them if they are missing.

Files are looked up as ``NAME.gz`` (gzip) or ``NAME`` (raw IDX) in the directory
given by :func:`mnist_dir`. Every file is checked before use: its IDX header
(magic number, dimensions, data length) and the SHA-256 of its decompressed bytes.
Anything wrong raises an :class:`MnistError` naming the file; a bad dataset is
never returned.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import struct
import sys
import tempfile
import urllib.error
import urllib.request
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

__all__ = [
    "FILES",
    "MIRRORS",
    "SHA256",
    "MnistChecksumError",
    "MnistError",
    "MnistFormatError",
    "MnistNotFoundError",
    "clear_cache",
    "load_mnist",
    "mnist_dir",
]

#: Base URLs tried in order; override with env ``MNIST_MIRRORS`` (comma-separated)
#: or the ``mirrors=`` argument of :func:`load_mnist`.
MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: (images, labels) file names of each split, without the ``.gz`` suffix.
FILES: dict[str, tuple[str, str]] = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}

#: SHA-256 of the decompressed IDX bytes of each file.
SHA256: dict[str, str] = {
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
}

IMAGE_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABEL_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
DOWNLOAD_TIMEOUT_S = 30.0
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024  # the largest file (train images) is about 10 MB

_FIX_HINT = (
    "Delete it and load again with download=True to fetch a fresh copy, "
    "or set MNIST_DIR to a folder that holds good copies."
)

_Key = tuple[str, str, tuple[tuple[str, int, int, int], ...]]
_CACHE: dict[_Key, tuple[np.ndarray, np.ndarray]] = {}


class MnistError(Exception):
    """Base class of the loader's errors."""


class MnistNotFoundError(MnistError):
    """The files are absent and could not be downloaded."""


class MnistFormatError(MnistError):
    """A file is not a well-formed IDX file (bad gzip, magic, size or count)."""


class MnistChecksumError(MnistError):
    """A file is well-formed but its content is not the expected MNIST bytes."""


def mnist_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Directory to use: ``data_dir``, else env ``MNIST_DIR``, else the user cache.

    The cache is ``$XDG_CACHE_HOME/s13-cnn/mnist`` (``~/.cache/s13-cnn/mnist`` by default).
    """
    if data_dir is not None:
        return Path(data_dir).expanduser()
    env = os.environ.get("MNIST_DIR")
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return Path(cache).expanduser() / "s13-cnn" / "mnist"


def clear_cache() -> None:
    """Forget the arrays decoded so far in this process."""
    _CACHE.clear()


def load_mnist(
    split: str = "train",
    data_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
    *,
    mirrors: Sequence[str] | None = None,
    timeout: float = DOWNLOAD_TIMEOUT_S,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(images, labels)`` of a split: uint8 ``(N, 28, 28)`` and uint8 ``(N,)``.

    ``split`` is ``"train"`` (60,000) or ``"test"`` (10,000). Missing files are
    downloaded into the directory when ``download`` is true. Results are cached per
    directory and split; the arrays are read-only, copy them to modify them.
    """
    if split not in FILES:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    root = mnist_dir(data_dir)
    names = FILES[split]
    missing = [name for name in names if _find(root, name) is None]
    if missing:
        if not download:
            raise MnistNotFoundError(
                f"MNIST file(s) {', '.join(missing)} not found in {root} "
                "(looked for NAME.gz and NAME). Set MNIST_DIR to a folder with the IDX "
                "files, or call with download=True to fetch them."
            )
        for name in missing:
            _download(name, root, _mirror_list(mirrors), timeout)

    paths = [_find(root, name) for name in names]
    assert paths[0] is not None and paths[1] is not None
    key = (str(root.resolve()), split, tuple(_stat_key(p) for p in paths))
    if key not in _CACHE:
        _CACHE[key] = _read_split(paths[0], paths[1])
    return _CACHE[key]


def _find(root: Path, name: str) -> Path | None:
    for candidate in (root / f"{name}.gz", root / name):
        if candidate.is_file():
            return candidate
    return None


def _stat_key(path: Path) -> tuple[str, int, int, int]:
    st = path.stat()
    return (str(path), st.st_ino, st.st_size, st.st_mtime_ns)


def _read_split(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Decode and check both files, adding what to do to any error."""
    try:
        return _decode_split(images_path, labels_path)
    except MnistError as exc:
        raise type(exc)(f"{exc} {_FIX_HINT}") from exc.__cause__


def _decode_split(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Check format first (it explains damage best), then counts, then checksums."""
    images_raw = _read_bytes(images_path)
    labels_raw = _read_bytes(labels_path)
    images = _parse_idx(images_raw, images_path, IMAGE_MAGIC)
    labels = _parse_idx(labels_raw, labels_path, LABEL_MAGIC)
    if images.shape[1:] != (28, 28):
        raise MnistFormatError(
            f"{images_path}: images are {images.shape[1]}x{images.shape[2]}, "
            f"MNIST images are 28x28."
        )
    if len(images) != len(labels):
        raise MnistFormatError(
            f"count mismatch: {images_path} holds {len(images)} images but "
            f"{labels_path} holds {len(labels)} labels. One of them is from another "
            f"split or damaged."
        )
    _check_sha256(images_raw, images_path)
    _check_sha256(labels_raw, labels_path)
    return images, labels


def _read_bytes(path: Path) -> bytes:
    """Return the IDX bytes of ``path``, gunzipped when its name ends in ``.gz``."""
    data = path.read_bytes()
    return _gunzip(data, path) if path.suffix == ".gz" else data


def _gunzip(data: bytes, where: Path | str) -> bytes:
    try:
        return gzip.decompress(data)
    except EOFError as exc:
        raise MnistFormatError(
            f"{where}: the gzip stream is truncated ({len(data)} bytes); the file is incomplete."
        ) from exc
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise MnistFormatError(f"{where}: not a valid gzip file ({exc}).") from exc


def _parse_idx(data: bytes, path: Path | str, magic: int) -> np.ndarray:
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


def _check_sha256(data: bytes, path: Path | str) -> None:
    name = Path(path).name.removesuffix(".gz")
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256[name]:
        raise MnistChecksumError(
            f"{path}: checksum mismatch, the SHA-256 of its decompressed content is "
            f"{digest}, expected {SHA256[name]}. The file is corrupt or not the "
            f"original MNIST {name}."
        )


def _mirror_list(mirrors: Sequence[str] | None) -> list[str]:
    if mirrors is None:
        env = os.environ.get("MNIST_MIRRORS", "")
        mirrors = [m.strip() for m in env.split(",") if m.strip()] or MIRRORS
    return [m if m.endswith("/") else m + "/" for m in mirrors]


def _download(name: str, root: Path, mirrors: list[str], timeout: float) -> None:
    """Fetch ``name.gz`` into ``root`` from the first mirror that serves a good copy.

    Each attempt goes to a temporary file in ``root``, which is verified before it is
    renamed to ``name.gz``; nothing is left under the final name otherwise.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MnistNotFoundError(
            f"MNIST file {name} is missing and {root} cannot be created ({exc}). "
            "Set MNIST_DIR to a folder with the IDX files."
        ) from exc
    final = root / f"{name}.gz"
    attempts: list[str] = []
    bad_kind: type[MnistError] | None = None
    for base in mirrors:
        url = f"{base}{name}.gz"
        print(f"mnist: downloading {url}", file=sys.stderr, flush=True)
        try:
            fd, tmp_name = tempfile.mkstemp(dir=root, prefix=f".{name}.gz.", suffix=".part")
        except OSError as exc:
            raise MnistNotFoundError(
                f"MNIST file {name} is missing and {root} is not writable ({exc}). "
                "Set MNIST_DIR to a folder with the IDX files."
            ) from exc
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                size = _fetch(url, out, timeout)
            raw = _gunzip(tmp.read_bytes(), url)
            _parse_idx(raw, url, IMAGE_MAGIC if "images" in name else LABEL_MAGIC)
            _check_sha256(raw, url)
            tmp.chmod(0o644)
            os.replace(tmp, final)
            print(f"mnist: saved {final} ({size / 1e6:.1f} MB)", file=sys.stderr, flush=True)
            return
        except MnistError as exc:
            attempts.append(str(exc))
            bad_kind = type(exc)
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            attempts.append(f"{url}: {exc}")
        finally:
            tmp.unlink(missing_ok=True)
        print(f"mnist: failed, {attempts[-1]}", file=sys.stderr, flush=True)

    tried = "\n  ".join(attempts)
    if bad_kind is not None:
        raise bad_kind(
            f"no mirror served a good copy of {name}.gz; nothing was saved in {root}. "
            f"Tried:\n  {tried}\nSet MNIST_MIRRORS to a working mirror, or MNIST_DIR to "
            "a folder with good copies."
        )
    raise MnistNotFoundError(
        f"MNIST file {name} is not in {root} and could not be downloaded (offline, or "
        f"every mirror failed). Tried:\n  {tried}\nSet MNIST_DIR to a folder holding the "
        "MNIST IDX files (.gz or raw), or MNIST_MIRRORS to reachable mirrors."
    )


def _fetch(url: str, out: BinaryIO, timeout: float) -> int:
    """Copy the body at ``url`` into the binary file ``out``; return its size."""
    size = 0
    with urllib.request.urlopen(url, timeout=timeout) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
            if size > MAX_DOWNLOAD_BYTES:
                raise ValueError(f"response larger than {MAX_DOWNLOAD_BYTES} bytes")
            out.write(chunk)
    return size
