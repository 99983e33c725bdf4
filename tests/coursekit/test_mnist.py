"""Tests of the MNIST loader and the dataset fallback, on the real MNIST files.

Most tests use the 10k test split; the 60k train split is decoded once (cached).
Downloads are served by a local HTTP server; no test touches the network.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from coursekit import mnist
from coursekit.datasets import Dataset, load_dataset, normalize
from coursekit.mnist import (
    MnistChecksumError,
    MnistError,
    MnistFormatError,
    MnistNotFoundError,
    load_mnist,
    mnist_dir,
)

TEST_IMAGES, TEST_LABELS = mnist.FILES["test"]
TRAIN_IMAGES, TRAIN_LABELS = mnist.FILES["train"]
ALL_NAMES = (*mnist.FILES["train"], *mnist.FILES["test"])
TEST_CLASS_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def _find_shared() -> Path | None:
    candidates = [Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"]
    if os.environ.get("MNIST_DIR"):
        candidates.insert(0, Path(os.environ["MNIST_DIR"]))
    for folder in candidates:
        if all((folder / f"{name}.gz").is_file() for name in ALL_NAMES):
            return folder
    return None


SHARED = _find_shared()
pytestmark = pytest.mark.skipif(
    SHARED is None,
    reason="real MNIST .gz files not found in $MNIST_DIR nor in ../shared/data/mnist",
)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dead_url: str) -> None:
    """No test sees the caller's MNIST_DIR or cache, and no test reaches the internet."""
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("MNIST_MIRRORS", dead_url)


@pytest.fixture(scope="module")
def dead_url() -> Iterator[str]:
    """A URL on 127.0.0.1 whose port is bound but not listening: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/mnist/"


def _raw(name: str) -> bytes:
    assert SHARED is not None
    return gzip.decompress((SHARED / f"{name}.gz").read_bytes())


def _copy_gz(dest: Path, *names: str) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(SHARED / f"{name}.gz", dest / f"{name}.gz")
    return dest


def _write_raw(dest: Path, name: str, data: bytes) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    (dest / name).write_bytes(data)
    return dest / name


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]


@pytest.fixture(scope="module")
def test_split() -> tuple[np.ndarray, np.ndarray]:
    return load_mnist("test", SHARED, download=False)


# --- intact files -------------------------------------------------------------------


def test_train_split_from_gz() -> None:
    images, labels = load_mnist("train", SHARED, download=False)
    assert images.shape == (60000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (60000,) and labels.dtype == np.uint8
    assert labels[:5].tolist() == [5, 0, 4, 1, 9]
    assert labels.min() == 0 and labels.max() == 9
    assert images.max() == 255 and images.min() == 0


def test_test_split_from_gz(test_split: tuple[np.ndarray, np.ndarray]) -> None:
    images, labels = test_split
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and labels.dtype == np.uint8
    assert labels[:5].tolist() == [7, 2, 1, 0, 4]
    assert np.bincount(labels).tolist() == TEST_CLASS_COUNTS


def test_arrays_are_cached_and_read_only() -> None:
    first = load_mnist("test", SHARED, download=False)
    second = load_mnist("test", SHARED, download=False)
    assert first[0] is second[0] and first[1] is second[1]
    with pytest.raises(ValueError):
        first[0][0, 0, 0] = 1


def test_raw_files_load(tmp_path: Path, test_split: tuple[np.ndarray, np.ndarray]) -> None:
    for name in (TEST_IMAGES, TEST_LABELS):
        _write_raw(tmp_path, name, _raw(name))
    images, labels = load_mnist("test", tmp_path, download=False)
    np.testing.assert_array_equal(images, test_split[0])
    np.testing.assert_array_equal(labels, test_split[1])


def test_mixed_gz_and_raw(tmp_path: Path, test_split: tuple[np.ndarray, np.ndarray]) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    _write_raw(tmp_path, TEST_LABELS, _raw(TEST_LABELS))
    np.testing.assert_array_equal(load_mnist("test", tmp_path, download=False)[1], test_split[1])


def test_bad_split() -> None:
    with pytest.raises(ValueError, match="split"):
        load_mnist("validation", SHARED)


# --- damaged files ------------------------------------------------------------------


def test_flipped_pixel_in_raw_file_fails_checksum(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_LABELS)
    bad = _write_raw(tmp_path, TEST_IMAGES, _flip(_raw(TEST_IMAGES), 16 + 28 * 14 + 14))
    with pytest.raises(MnistChecksumError) as info:
        load_mnist("test", tmp_path, download=False)
    message = str(info.value)
    assert str(bad) in message and "checksum" in message
    assert "Delete it" in message and "MNIST_DIR" in message


def test_flipped_label_in_recompressed_gz_fails_checksum(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    bad = tmp_path / f"{TEST_LABELS}.gz"
    bad.write_bytes(gzip.compress(_flip(_raw(TEST_LABELS), 8 + 100), mtime=0))
    with pytest.raises(MnistChecksumError, match=str(bad)):
        load_mnist("test", tmp_path, download=False)


def test_flipped_byte_in_gz_stream_fails(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES, TEST_LABELS)
    bad = tmp_path / f"{TEST_IMAGES}.gz"
    data = bad.read_bytes()
    bad.write_bytes(_flip(data, len(data) // 2))
    with pytest.raises(MnistError, match=str(bad)):
        load_mnist("test", tmp_path, download=False)


@pytest.mark.parametrize("name", [TEST_IMAGES, TEST_LABELS])
def test_truncated_gz_fails(tmp_path: Path, name: str) -> None:
    _copy_gz(tmp_path, TEST_IMAGES, TEST_LABELS)
    bad = tmp_path / f"{name}.gz"
    data = bad.read_bytes()
    bad.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(MnistFormatError) as info:
        load_mnist("test", tmp_path, download=False)
    assert str(bad) in str(info.value) and "truncated" in str(info.value)


@pytest.mark.parametrize("name", [TEST_IMAGES, TEST_LABELS])
def test_truncated_raw_fails(tmp_path: Path, name: str) -> None:
    _copy_gz(tmp_path, TEST_IMAGES, TEST_LABELS)
    (tmp_path / f"{name}.gz").unlink()
    data = _raw(name)
    bad = _write_raw(tmp_path, name, data[: len(data) - 1000])
    with pytest.raises(MnistFormatError) as info:
        load_mnist("test", tmp_path, download=False)
    message = str(info.value)
    assert str(bad) in message and "truncated" in message and "Delete it" in message


def test_truncated_header_fails(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    bad = _write_raw(tmp_path, TEST_LABELS, _raw(TEST_LABELS)[:6])
    with pytest.raises(MnistFormatError, match=str(bad)):
        load_mnist("test", tmp_path, download=False)


def test_trailing_bytes_fail(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    bad = _write_raw(tmp_path, TEST_LABELS, _raw(TEST_LABELS) + b"\0" * 3)
    with pytest.raises(MnistFormatError, match="unexpected bytes"):
        load_mnist("test", tmp_path, download=False)
    assert bad.exists()


def test_bad_magic_is_a_format_error_not_a_checksum_error(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_LABELS)
    data = bytearray(_raw(TEST_IMAGES))
    data[3] = 0x02  # 0x00000802: a 2-D file, but dims and data are intact
    bad = _write_raw(tmp_path, TEST_IMAGES, bytes(data))
    with pytest.raises(MnistFormatError) as info:
        load_mnist("test", tmp_path, download=False)
    message = str(info.value)
    assert not isinstance(info.value, MnistChecksumError)
    assert str(bad) in message and "magic number 0x00000802" in message
    assert "expected 0x00000803" in message


def test_labels_file_in_place_of_images_names_the_magic(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_LABELS)
    shutil.copyfile(SHARED / f"{TEST_LABELS}.gz", tmp_path / f"{TEST_IMAGES}.gz")
    with pytest.raises(MnistFormatError, match="magic number 0x00000801"):
        load_mnist("test", tmp_path, download=False)


def test_count_mismatch_names_both_files(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    labels = _raw(TEST_LABELS)
    short = (9999).to_bytes(4, "big")
    bad = _write_raw(tmp_path, TEST_LABELS, labels[:4] + short + labels[8:-1])
    with pytest.raises(MnistFormatError) as info:
        load_mnist("test", tmp_path, download=False)
    message = str(info.value)
    assert "count mismatch" in message and "10000 images" in message and "9999 labels" in message
    assert str(bad) in message and TEST_IMAGES in message


def test_bad_file_is_not_cached(tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    label_path = _write_raw(tmp_path, TEST_LABELS, _flip(_raw(TEST_LABELS), 20))
    for _ in range(2):
        with pytest.raises(MnistChecksumError):
            load_mnist("test", tmp_path, download=False)
    label_path.write_bytes(_raw(TEST_LABELS))
    assert load_mnist("test", tmp_path, download=False)[1][:3].tolist() == [7, 2, 1]


# --- directory resolution -----------------------------------------------------------


def test_mnist_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert mnist_dir() == tmp_path / "xdg-cache" / "s13-cnn" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert mnist_dir() == tmp_path / "home" / ".cache" / "s13-cnn" / "mnist"
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "env"))
    assert mnist_dir() == tmp_path / "env"
    assert mnist_dir(tmp_path / "arg") == tmp_path / "arg"


def test_mnist_dir_env_is_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test_split: tuple[np.ndarray, np.ndarray]
) -> None:
    folder = _copy_gz(tmp_path / "env", TEST_IMAGES, TEST_LABELS)
    monkeypatch.setenv("MNIST_DIR", str(folder))
    images, labels = load_mnist("test", download=False)
    np.testing.assert_array_equal(labels, test_split[1])
    with pytest.raises(MnistNotFoundError, match=str(tmp_path / "elsewhere")):
        load_mnist("test", tmp_path / "elsewhere", download=False)  # the argument wins


# --- absent files, offline ----------------------------------------------------------


def test_missing_without_download(tmp_path: Path) -> None:
    with pytest.raises(MnistNotFoundError) as info:
        load_mnist("test", tmp_path, download=False)
    message = str(info.value)
    assert str(tmp_path) in message and TEST_IMAGES in message and "MNIST_DIR" in message


def test_offline_download_fails_cleanly(tmp_path: Path, dead_url: str) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(MnistNotFoundError) as info:
        load_mnist("test", cache, mirrors=[dead_url], timeout=5)
    message = str(info.value)
    assert str(cache) in message and "offline" in message and "MNIST_DIR" in message
    assert dead_url in message
    assert list(cache.iterdir()) == []


def test_offline_uses_mnist_mirrors_env(tmp_path: Path, dead_url: str) -> None:
    with pytest.raises(MnistNotFoundError, match="127.0.0.1"):
        load_mnist("test", tmp_path / "cache", timeout=5)  # mirrors from the fixture's env


def test_load_dataset_falls_back_to_digits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "empty"))
    data = load_dataset()
    assert isinstance(data, Dataset) and data.name == "digits"
    assert "MNIST was not found" in data.note and str(tmp_path / "empty") in data.note
    assert "8x8" in data.note and "not on MNIST" in data.note
    assert data.x_train.shape[1:] == (28, 28, 1) and data.x_train.dtype == np.float32
    assert len(data.x_train) + len(data.x_test) == 1797
    assert 0.18 < len(data.x_test) / 1797 < 0.22
    assert data.y_train.dtype == np.int64 and set(np.unique(data.y_test)) == set(range(10))
    for x in (data.x_train, data.x_test):
        assert x.min() == 0.0 and x.max() == 1.0
        assert not x[:, :2].any() and not x[:, -2:].any()  # the 2-pixel zero border
    again = load_dataset()
    np.testing.assert_array_equal(again.x_train, data.x_train)
    np.testing.assert_array_equal(again.y_test, data.y_test)


def test_load_dataset_offline_download_falls_back(tmp_path: Path, dead_url: str) -> None:
    data = load_dataset(download=True, data_dir=tmp_path / "cache")
    assert data.name == "digits" and "127.0.0.1" in data.note


def test_load_dataset_without_fallback_raises(tmp_path: Path) -> None:
    with pytest.raises(MnistNotFoundError):
        load_dataset(allow_fallback=False, data_dir=tmp_path)


def test_load_dataset_does_not_fall_back_on_corrupt_mnist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ALL_NAMES:
        (tmp_path / f"{name}.gz").symlink_to(SHARED / f"{name}.gz")
    (tmp_path / f"{TRAIN_LABELS}.gz").unlink()
    _write_raw(tmp_path, TRAIN_LABELS, _flip(_raw(TRAIN_LABELS), 8 + 7))
    monkeypatch.setenv("MNIST_DIR", str(tmp_path))
    with pytest.raises(MnistChecksumError, match=TRAIN_LABELS):
        load_dataset()


def test_load_dataset_mnist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MNIST_DIR", str(SHARED))  # same folder as above: train is cached
    data = load_dataset()
    assert data.name == "mnist" and str(SHARED) in data.note
    assert data.x_train.shape == (60000, 28, 28, 1) and data.x_test.shape == (10000, 28, 28, 1)
    assert data.x_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert data.x_test.min() == 0.0 and data.x_test.max() == 1.0
    assert data.y_train[:5].tolist() == [5, 0, 4, 1, 9]
    z = normalize(data.x_test[:1000])
    assert z.dtype == np.float32 and abs(float(z.mean())) < 0.1 and abs(float(z.std()) - 1) < 0.1


def test_load_dataset_digits_on_request() -> None:
    data = load_dataset(prefer="digits")
    assert data.name == "digits" and "requested" in data.note
    with pytest.raises(ValueError, match="prefer"):
        load_dataset(prefer="cifar")


# --- downloads from a local HTTP server ---------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve mirrors on 127.0.0.1: good/, bad/ (content changed), short/ (truncated .gz),
    labels-only/ and empty/ (404s). Yields the base URL."""
    root = tmp_path_factory.mktemp("mirrors")
    _copy_gz(root / "good", TEST_IMAGES, TEST_LABELS)
    _copy_gz(root / "labels-only", TEST_LABELS)
    (root / "empty").mkdir()
    for name in (TEST_IMAGES, TEST_LABELS):
        (root / "bad").mkdir(exist_ok=True)
        (root / "bad" / f"{name}.gz").write_bytes(
            gzip.compress(_flip(_raw(name), 30), compresslevel=1, mtime=0)
        )
        (root / "short").mkdir(exist_ok=True)
        data = (SHARED / f"{name}.gz").read_bytes()
        (root / "short" / f"{name}.gz").write_bytes(data[: len(data) // 2])
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _assert_only_final_files(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.gz" for n in names)
    for name in names:
        assert (folder / f"{name}.gz").read_bytes() == (SHARED / f"{name}.gz").read_bytes()


def test_download_into_empty_cache(
    server: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    test_split: tuple[np.ndarray, np.ndarray],
) -> None:
    monkeypatch.setenv("MNIST_MIRRORS", f"{server}/good")  # no trailing slash on purpose
    images, labels = load_mnist("test")
    cache = tmp_path / "xdg-cache" / "s13-cnn" / "mnist"
    _assert_only_final_files(cache, TEST_IMAGES, TEST_LABELS)
    np.testing.assert_array_equal(images, test_split[0])
    np.testing.assert_array_equal(labels, test_split[1])
    err = capsys.readouterr().err
    assert "downloading" in err and f"{server}/good/{TEST_IMAGES}.gz" in err
    mnist.clear_cache()
    assert load_mnist("test", download=False)[1][:5].tolist() == [7, 2, 1, 0, 4]


def test_download_skips_bad_mirrors(
    server: str, tmp_path: Path, dead_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mirrors = [
        dead_url,
        f"{server}/empty/",
        f"{server}/short/",
        f"{server}/bad/",
        f"{server}/good/",
    ]
    images, labels = load_mnist("test", tmp_path, mirrors=mirrors, timeout=5)
    assert images.shape == (10000, 28, 28) and labels[:5].tolist() == [7, 2, 1, 0, 4]
    _assert_only_final_files(tmp_path, TEST_IMAGES, TEST_LABELS)
    err = capsys.readouterr().err
    assert err.count("mnist: failed") == 8  # four bad mirrors, for each of the two files
    assert "404" in err and "truncated" in err and "checksum mismatch" in err


def test_download_fetches_only_missing_file(server: str, tmp_path: Path) -> None:
    _copy_gz(tmp_path, TEST_IMAGES)
    load_mnist("test", tmp_path, mirrors=[f"{server}/labels-only/"], timeout=5)
    _assert_only_final_files(tmp_path, TEST_IMAGES, TEST_LABELS)


@pytest.mark.parametrize(
    ("mirror", "error"), [("bad", MnistChecksumError), ("short", MnistFormatError)]
)
def test_download_of_only_bad_copies_leaves_nothing(
    server: str, tmp_path: Path, mirror: str, error: type[MnistError]
) -> None:
    with pytest.raises(error) as info:
        load_mnist("test", tmp_path, mirrors=[f"{server}/{mirror}/"], timeout=5)
    message = str(info.value)
    assert f"{TEST_IMAGES}.gz" in message and "nothing was saved" in message
    assert list(tmp_path.iterdir()) == []
