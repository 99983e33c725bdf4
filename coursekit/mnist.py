"""Load MNIST from its IDX files, verified, and download them if they are missing.

Files are looked up as ``NAME.gz`` (gzip) or ``NAME`` (raw IDX) in the directory
given by :func:`mnist_dir`. Every file is checked before use: its IDX header
(magic number, dimensions, data length) and the SHA-256 of its decompressed bytes.
Anything wrong raises an :class:`MnistError` naming the file; a bad dataset is
never returned.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from coursekit.mnist_download import DOWNLOAD_TIMEOUT_S, MIRRORS, mirror_list, save_from_mirrors
from coursekit.mnist_idx import (
    IMAGE_MAGIC,
    LABEL_MAGIC,
    SHA256,
    MnistChecksumError,
    MnistError,
    MnistFormatError,
    MnistNotFoundError,
    check_sha256,
    parse_idx,
    read_bytes,
)

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


#: (images, labels) file names of each split, without the ``.gz`` suffix.
FILES: dict[str, tuple[str, str]] = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


_FIX_HINT = (
    "Delete it and fetch a fresh copy (`--download` on the `lenet` command, "
    "download=True in Python), or set MNIST_DIR to a folder that holds good copies."
)

_Key = tuple[str, str, tuple[tuple[str, int, int, int], ...]]
_CACHE: dict[_Key, tuple[np.ndarray, np.ndarray]] = {}


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
                "files, or fetch them (`--download` on the `lenet` command, download=True "
                "in Python)."
            )
        for name in missing:
            save_from_mirrors(name, root, mirror_list(mirrors), timeout)

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
    images_raw = read_bytes(images_path)
    labels_raw = read_bytes(labels_path)
    images = parse_idx(images_raw, images_path, IMAGE_MAGIC)
    labels = parse_idx(labels_raw, labels_path, LABEL_MAGIC)
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
    check_sha256(images_raw, images_path)
    check_sha256(labels_raw, labels_path)
    return images, labels
