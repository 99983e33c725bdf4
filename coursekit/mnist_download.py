"""Fetching a missing MNIST file from the first mirror that serves a good copy."""

from __future__ import annotations

import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from coursekit.mnist_idx import (
    IMAGE_MAGIC,
    LABEL_MAGIC,
    MnistError,
    MnistNotFoundError,
    check_sha256,
    gunzip,
    parse_idx,
)

#: Base URLs tried in order; override with env ``MNIST_MIRRORS`` (comma-separated)
#: or the ``mirrors=`` argument of :func:`load_mnist`.
MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

DOWNLOAD_TIMEOUT_S = 30.0
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024  # the largest file (train images) is about 10 MB


def mirror_list(mirrors: Sequence[str] | None) -> list[str]:
    if mirrors is None:
        env = os.environ.get("MNIST_MIRRORS", "")
        mirrors = [m.strip() for m in env.split(",") if m.strip()] or MIRRORS
    return [m if m.endswith("/") else m + "/" for m in mirrors]


def save_from_mirrors(name: str, root: Path, mirrors: list[str], timeout: float) -> None:
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
                size = fetch(url, out, timeout)
            raw = gunzip(tmp.read_bytes(), url)
            parse_idx(raw, url, IMAGE_MAGIC if "images" in name else LABEL_MAGIC)
            check_sha256(raw, url)
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


def fetch(url: str, out: BinaryIO, timeout: float) -> int:
    """Copy the body at ``url`` into the binary file ``out``; return its size."""
    size = 0
    with urllib.request.urlopen(url, timeout=timeout) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
            if size > MAX_DOWNLOAD_BYTES:
                raise ValueError(f"response larger than {MAX_DOWNLOAD_BYTES} bytes")
            out.write(chunk)
    return size
