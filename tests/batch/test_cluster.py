"""Grading on Dask distributed (`--scheduler`, grader/batch/cluster.py), on a real LocalCluster of
2 worker processes bound to loopback.

A class of 8 (the reference, the stubs, two catalogued mistakes, an infinite loop, a
segfault, a forging attack, a zip-slip archive) is graded through the CLI with `--part
padding --timeout 8`, by the local pool (`--jobs 2`), then by `--scheduler local:2` while
the test kills (SIGKILL) the Dask worker process grading the reference, mid-task. The
reference is graded again elsewhere, and the gradebook, results/ and feedback/ are those
of the local pool (timings and the confined workers' fresh uids aside), with one row and
one file of each kind per submission.

Then a submission that kills the grader itself (its pytest's parent, the Dask worker:
possible with `--sandbox none` only) kills every worker that takes it, and past
`--retries 1` it is `crashed`, saying why, while the rest of its batch is graded. And
Ctrl-C mid-batch writes the gradebook of what finished and leaves no grading running.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from adversarial.attacks import ATTACKS, build
from commands import PROJECT
from mistakes.catalog import MISTAKES, build_reference, build_submission

from grader.batch.cluster_setup import ClusterError, course_manifest, digest, local_workers
from grader.core.result import Result

STAGES = PROJECT / "stages" / "s13_cnn"
ARGS = ("--batch", "--part", "padding", "--timeout", "8", "--submission-timeout", "240")
CLI_TIMEOUT = 600
MISTAKE_NAMES = ("output_size_missing_plus_one", "same_pad_accepts_even_kernels")
ATTACK_NAMES = ("infinite_loop", "segfaults_the_worker", "pytest_patched")
# the only keys that differ between two runs, local or not: timings, and the fresh uid
# each confined worker gets
PER_RUN = ("execution_time", "duration", "start_seconds", "uid", "gid")


def build_class(subs: Path) -> list[str]:
    build_reference(subs, "reference")
    shutil.copytree(
        STAGES, subs / "stubs" / "s13_cnn", ignore=shutil.ignore_patterns("test_*", "*.md")
    )
    for mistake in MISTAKES:
        if mistake.name in MISTAKE_NAMES:
            build_submission(mistake, subs)
    for attack in ATTACKS:
        if attack.name in ATTACK_NAMES:
            build(attack, subs)  # no marker: every guarded write or signal is a no-op
    with zipfile.ZipFile(subs / "zip_slip.zip", "w") as archive:
        archive.writestr("s13_cnn/padding/padding.py", "x = 1\n")
        archive.writestr("../escape.py", "x = 1\n")
    return sorted(p.stem for p in subs.iterdir())


def grader(*args: str) -> subprocess.Popen[str]:
    """The CLI as a terminal starts it: with Ctrl-C's default action, even when these tests
    run in a shell's background job, which hands its children SIGINT ignored (Python then
    keeps it ignored, and the Ctrl-C test's signal would never arrive)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)  # a handler: not inherited
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "grader.cli.main", "run", *args],
            cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, ignored)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=CLI_TIMEOUT)
    return proc.returncode, out, err


def gradebook(out: Path) -> list[dict[str, str]]:
    with open(out / "gradebook.csv", newline="") as fh:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(fh)]


def untimed(data: object) -> object:
    if isinstance(data, dict):
        return {k: untimed(v) for k, v in data.items() if k not in PER_RUN}
    if isinstance(data, list):
        return [untimed(v) for v in data]
    return data


def outputs(out: Path) -> dict[str, object]:
    files: dict[str, object] = {}
    for path in sorted((out / "results").iterdir()):
        files[f"results/{path.name}"] = untimed(json.loads(path.read_text()))
    for path in sorted((out / "feedback").iterdir()):
        files[f"feedback/{path.name}"] = path.read_text()
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("cluster")
    return root, build_class(root / "subs")


@pytest.fixture(scope="module")
def graded(built):
    """The class graded by the local pool, then by Dask, a worker killed mid-task."""
    root, names = built
    pool = finish(grader(str(root / "subs"), *ARGS, "--jobs", "2", "--out", str(root / "pool")))
    proc = grader(str(root / "subs"), *ARGS, "--scheduler", "local:2", "--out", str(root / "dask"))
    killer = Killer(proc.pid, "reference", MARKERS)
    killer.start()
    try:
        dask = finish(proc)
    finally:
        killer.stop.set()
        killer.join()
    return root, names, pool, dask, killer


@pytest.mark.slow
def test_the_gradebook_and_every_file_equal_the_local_pools(graded):
    root, names, pool, dask, _ = graded
    for code, out, err in (pool, dask):
        assert code == 1, out + err  # not everyone got full marks
        assert "Traceback" not in err, err
    rows = gradebook(root / "dask")
    assert [row["submission"] for row in rows] == names
    assert rows == gradebook(root / "pool")
    assert outputs(root / "dask") == outputs(root / "pool")
    statuses = {row["submission"]: row["status"] for row in rows}
    assert statuses["reference"] == "ok" and statuses["zip_slip"] == "invalid"
    assert statuses["infinite_loop"] == "timeout"
    assert "2 grading slots on 2 workers, the same course on each" in dask[2]


@pytest.mark.slow
def test_the_progress_follows_task_completion(graded):
    _, names, _, (_, _, err), _ = graded
    lines = [line for line in err.splitlines() if line.startswith("graded ")]
    assert [line.split()[1] for line in lines] == [f"{i}/{len(names)}" for i in range(1, 9)]
    assert sorted(line.split()[2].rstrip(":") for line in lines) == names


# -- workers killed mid-task ----------------------------------------------------------------

MARKERS = {"stubs": "NotImplementedError", "mutant": "# ---- mutant ", "attack": "# ---- ATTACK "}
POISON = """
import os as _os
import signal as _signal

_honest_same_pad = same_pad


def same_pad(kernel):
    if kernel == 7:  # unconfined (--sandbox none), the grading pytest's parent: the grader
        _os.kill(_os.getppid(), _signal.SIGKILL)
    return _honest_same_pad(kernel)
"""


class Killer(threading.Thread):
    """Kills, once, with SIGKILL, the Dask worker process (a child of the grader CLI) in
    which the grading pytest of submission `name` has run for a second."""

    def __init__(self, cli: int, name: str, markers: dict[str, str]):
        super().__init__(daemon=True)
        self.cli, self.name, self.markers = cli, name, markers
        self.killed: int | None = None  # the pytest pid whose worker it killed
        self.stop = threading.Event()

    def run(self) -> None:
        seen: dict[int, float] = {}
        while self.killed is None and not self.stop.wait(0.1):
            for pid, worker, name in self.gradings():
                if (
                    name == self.name
                    and time.monotonic() - seen.setdefault(pid, time.monotonic()) > 1
                ):
                    os.kill(worker, signal.SIGKILL)
                    self.killed = pid
                    break

    def gradings(self) -> list[tuple[int, int, str]]:
        """(pytest pid, Dask worker pid, submission) of each grading run under the CLI."""
        found = []
        for entry in os.listdir("/proc"):
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
                if b"--grader-session" not in cmdline:
                    continue
                session = Path(cmdline[cmdline.index(b"--grader-session") + 1].decode())
                staged = Path(json.loads(session.read_text())["staged"])
                text = (staged / "s13_cnn" / "padding" / "padding.py").read_text()
                worker = ppid(int(entry))
                if ppid(worker) != self.cli:
                    continue
            except (OSError, ValueError, IndexError):
                continue
            name = next((n for n, m in self.markers.items() if m in text), "reference")
            found.append((int(entry), worker, name))
        return found


def ppid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def gone(pid: int, within: float = 10.0) -> bool:
    """The process ended (a zombie counts as ended) within `within` seconds."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_a_killed_worker_s_submission_is_graded_once_elsewhere(graded):
    root, names, _, _, killer = graded
    assert killer.killed is not None, "the reference's grading was never seen running"
    assert gone(killer.killed), "the killed worker's grading pytest outlived it"
    rows = gradebook(root / "dask")
    assert [row["submission"] for row in rows] == names  # once each
    reference = next(row for row in rows if row["submission"] == "reference")
    assert reference["status"] == "ok" and reference["total"] == reference["max"]


@pytest.mark.slow
def test_a_rerun_reads_the_local_pool_s_cache_and_sends_only_what_changed(graded, tmp_path):
    """A cluster run into a local batch's OUT folder: the client reads back every cached
    result (no task is sent for it) and grades only the new submission, once for its two
    byte-identical copies."""
    root, names, *_ = graded
    subs, out = tmp_path / "subs", tmp_path / "out"
    shutil.copytree(root / "subs", subs)
    shutil.copytree(root / "pool", out)
    new = next(m for m in MISTAKES if m.part == "padding" and m.name not in MISTAKE_NAMES)
    shutil.copytree(build_submission(new, subs), subs / f"{new.name}_twin")
    code, stdout, err = finish(grader(
        str(subs), *ARGS, "--scheduler", "local:2", "--out", str(out), "--no-progress"
    ))  # fmt: skip
    assert code == 1, stdout + err
    rows = {row["submission"]: row for row in gradebook(out)}
    assert sorted(rows) == sorted([*names, new.name, f"{new.name}_twin"])
    pool = {row["submission"]: row for row in gradebook(root / "pool")}
    for name in names:  # invalid and crashed results are never cached: they are regraded
        cacheable = pool[name]["status"] not in ("invalid", "crashed")
        assert rows[name]["cached"] == ("yes" if cacheable else "no"), rows[name]
        assert {**rows[name], "cached": "no"} == pool[name]
    assert rows[new.name]["cached"] == "no" and rows[new.name]["status"] == "ok"
    twin = rows[f"{new.name}_twin"]  # graded with its first copy, not sent again
    assert {**twin, "submission": new.name, "cached": "no"} == rows[new.name]
    assert twin["cached"] == "yes"
    assert int(float(rows[new.name]["total"])) < int(float(rows[new.name]["max"]))


@pytest.mark.slow
def test_a_submission_that_kills_the_grader_is_crashed_and_the_batch_goes_on(built, tmp_path):
    root, _ = built
    subs = tmp_path / "subs"
    shutil.copytree(root / "subs" / "stubs", subs / "stubs")
    poison = build_reference(subs, "kills_its_grader") / "s13_cnn" / "padding" / "padding.py"
    poison.write_text(poison.read_text() + POISON)
    out = tmp_path / "out"
    code, stdout, err = finish(grader(
        str(subs), *ARGS, "--sandbox", "none", "--scheduler", "local:2", "--retries", "1",
        "--out", str(out), "--no-progress",
    ))  # fmt: skip
    assert code == 1, stdout + err
    rows = {row["submission"]: row for row in gradebook(out)}
    assert len(rows) == 2 and rows["stubs"]["status"] == "ok", rows
    lost = rows["kills_its_grader"]
    assert lost["status"] == "crashed" and lost["total"] == "0", lost
    assert "every Dask worker that graded it died (2 in a row" in lost["why"]
    assert sorted(os.listdir(out / "results")) == ["kills_its_grader.json", "stubs.json"]
    assert "kills_its_grader" in (out / "feedback" / "kills_its_grader.txt").read_text()


@pytest.mark.slow
def test_ctrl_c_cancels_the_rest_and_writes_the_gradebook_of_what_finished(built, tmp_path):
    root, _ = built
    subs = tmp_path / "subs"
    shutil.copytree(root / "subs" / "stubs", subs / "a_stubs")
    for i in range(3):
        shutil.copytree(root / "subs" / "infinite_loop", subs / f"loop{i}")
    out = tmp_path / "out"
    proc = grader(str(subs), *ARGS, "--scheduler", "local:2", "--out", str(out))
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("graded 1/4"):
            inflight = [pid for pid in grading_pids() if under(pid, proc.pid)]
            proc.send_signal(signal.SIGINT)
            break
    code, _, err = finish(proc)
    assert code == 130 and "grader: interrupted" in err, "".join(seen) + err
    rows = [row["submission"] for row in gradebook(out)]
    assert "a_stubs" in rows and len(rows) < 4, rows
    assert sorted(os.listdir(out / "results")) == sorted(f"{n}.json" for n in rows)
    assert all(gone(pid) for pid in inflight), "a grading outlived the interrupted batch"


def under(pid: int, ancestor: int) -> bool:
    try:
        return ppid(ppid(pid)) == ancestor
    except (OSError, ValueError, IndexError):
        return False


def grading_pids() -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if b"--grader-session" in Path(f"/proc/{entry}/cmdline").read_bytes():
                pids.append(int(entry))
        except (OSError, ValueError):
            continue
    return pids


# -- in process: the parts that need no cluster ---------------------------------------------


@pytest.mark.slow
def test_a_result_json_reads_back_to_the_same_result(graded):
    root, names, *_ = graded
    for name in names:
        data = json.loads((root / "pool" / "results" / f"{name}.json").read_text())
        again = Result.from_dict(data).to_dict()
        assert untimed(again) == untimed(data)  # a part's duration: a sum of rounded ones
        assert (again["score"], again["max_score"]) == (data["score"], data["max_score"])


def test_the_course_hash_changes_with_any_grading_file(tmp_path):
    for rel in ("grader", "coursekit", "stages", "conftest.py", "pyproject.toml", "uv.lock"):
        src = PROJECT / rel
        if src.is_dir():
            shutil.copytree(src, tmp_path / rel, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / rel)
    same = course_manifest(tmp_path)
    assert digest(same) == digest(course_manifest(PROJECT))
    hidden = tmp_path / "grader" / "hidden" / "test_padding_hidden.py"
    hidden.write_text(hidden.read_text() + "\n# changed\n")
    changed = course_manifest(tmp_path)
    assert digest(changed) != digest(same)
    assert [k for k in same if same[k] != changed[k]] == ["grader/hidden/test_padding_hidden.py"]


@pytest.mark.parametrize("text", ["local:", "local:0", "local:two"])
def test_local_needs_a_number_of_workers(text):
    with pytest.raises(ClusterError, match="expected local:N"):
        local_workers(text)


class FakeClient:
    """Two workers, as check_workers sees them: their resources and what `run` returns."""

    def __init__(self, manifests: dict, listings: dict, slots: int = 1):
        self.manifests, self.listings, self.slots = manifests, listings, slots

    def scheduler_info(self) -> dict:
        return {"workers": {a: {"resources": {"grading": self.slots}} for a in self.manifests}}

    def run(self, function, *args, on_error: str = "raise") -> dict:
        return self.manifests if function is course_manifest else self.listings


def test_workers_that_differ_from_the_client_are_refused_by_name(tmp_path):
    from grader.batch.cluster_setup import check_workers
    from grader.core.checkout import CHECKOUT

    (tmp_path / "ada").mkdir()
    ours = course_manifest(PROJECT)
    theirs = dict(ours, **{"grader/hidden/test_conv_hidden.py": "0" * 64, "torch": "1.0"})
    good = FakeClient(
        {"tcp://a:1": ours, "tcp://b:1": ours}, {"tcp://a:1": ["ada"]} | {"tcp://b:1": ["ada"]}
    )
    assert check_workers(good, CHECKOUT, tmp_path, tmp_path / "out", ["ada"]) == 2

    bad = FakeClient(
        {"tcp://a:1": ours, "tcp://b:1": theirs}, {"tcp://a:1": ["ada"], "tcp://b:1": None}
    )
    with pytest.raises(ClusterError) as refused:
        check_workers(bad, CHECKOUT, tmp_path, tmp_path / "out", ["ada"])
    message = str(refused.value)
    assert "worker tcp://b:1 has a different course" in message and "tcp://a:1" not in message
    assert "grader/hidden/test_conv_hidden.py, torch differ" in message
    assert f"worker tcp://b:1 does not see the submissions at {tmp_path}" in message

    idle = FakeClient({"tcp://a:1": ours}, {"tcp://a:1": ["ada"]}, slots=0)
    with pytest.raises(ClusterError, match="no Dask worker offers the `grading` resource"):
        check_workers(idle, CHECKOUT, tmp_path, tmp_path / "out", ["ada"])
