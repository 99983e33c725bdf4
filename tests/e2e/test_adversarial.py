"""The grader cannot be forged: every hostile submission in tests/adversarial/attacks.py,
graded through the CLI in ONE batch, gets exactly what its real (wrong) code deserves.

One module-scoped campaign:

1. probe the confinement a worker gets on this machine (grader.worker's own report) and
   leave out every attack whose `requires` it does not meet (a fork bomb without
   RLIMIT_NPROC on an unprivileged uid in a pid namespace, 50 GB without RLIMIT_DATA, a disk
   fill without a private tmpfs and RLIMIT_FSIZE...): those tests skip, saying why;
2. build every hostile submission and its control (the same submission without the
   attack; controls with the same base and honest code are shared) into one folder;
3. listen on 127.0.0.1 (TCP and UDP) and on an abstract unix socket, serving the
   reference's source to whoever connects; snapshot the project tree;
4. `grader run FOLDER --batch --jobs 2 --part padding --timeout 5 --sandbox worker --keep`,
   with TMPDIR inside the scratch folder, so every file the grader makes is ours to check
   (--keep: the grading logs stay, to be measured); meanwhile a watchdog ends, by pid, any
   worker of this batch found orphaned from its launcher twice in a row (it escaped the
   grader's kill): recorded against its attack, and no runaway slows the batch down;
5. then, per attack (one test id each): the gradebook has its row; its part score
   equals the control's (forging attacks) or is at most the control's (DoS attacks, liars,
   protocol violations), and no test passed that failed in the control; its status and
   why say what happened; the tests it attacked did not pass and their feedback names the
   cause; no process of its worker uid is left; nothing reached the listeners; the pickle
   payload never ran;
6. and globally: the grader exited normally (0 or 1), the out folder holds exactly
   gradebook.csv, results/<name>.json and feedback/<name>.txt for every submission and
   nothing else, the gradebook agrees with the result JSONs, nothing forged appeared in
   the project tree or in the usual places (/tmp, /autograder, $HOME), no grader temp
   folder was left behind but the kept logs, and no process is left running or listening.

The campaign runs once per deployment mode (tests/deployments.py): the full set as the
test is invoked (root in CI), and SUBSET (a filesystem read of the hidden tests, an import
of the solutions, a loopback socket, a signal to the grader, a fork storm, a daemon that
outlives the run) under `capsh --drop=cap_sys_admin`, as an unprivileged user the test
creates (with a venv of its own from uv.lock), and with Landlock only. A mode that cannot
be set up here (not root, no capsh) is skipped, saying why. Each test id starts with its
mode, and each attack prints one line of the table: mode, attack, score, control, leaks.

S13_ADVERSARIAL_ONLY=name,name grades only those attacks (and their controls).
S13_ADVERSARIAL_NAIVE=1 also runs the opt-in check that each read-only attack DOES forge
a naive in-process grader (the learner's own loop, `pytest stages/... --impl FOLDER`,
scored by exit status 0 or by junit passes): the attacks are real, not strawmen.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import deployments
import pytest
from adversarial.attacks import ATTACKS, Attack, build, build_control, control_name, unmet
from trees import ROOT

PART = "padding"
TIMEOUT = 5  # per test: the honest padding tests take < 1 s each even on a loaded machine
SUBMISSION_TIMEOUT = 300
BATCH_LIMIT = 1800  # the whole CLI run, hard (it has never come near)
STATUSES = ("ok", "timeout", "crashed", "invalid")
SKIP_DIRS = {".git", ".venv", ".hypothesis", ".ruff_cache", "__pycache__", ".pytest_cache"}
# names and words only an attack writes: their appearance outside the out folder is a forge
FORGED_NAMES = (
    "results.json",
    "gradebook.csv",
    "PWNED-by-pickle",
    "escaped_conftest.py",
    "zip_absolute_conftest.py",
)
FORGED_WORDS = (b"_adv_", b"PWNED", b'"score": 999', b",999,", b"EXFIL")
LOG_BOUND = 16 << 20  # honest runs log ~0.2 MB; more is the grader amplifying a worker
FULL_MODE = "as-invoked"  # the mode that runs every attack; the others run SUBSET
SUBSET = (
    "reads_solutions_and_hidden_tests",
    "imports_solutions",
    "socket_fetches_answers",
    "kills_the_grader",
    "fork_bomb",
    "escaped_daemon_forges_late",
)
MECHANISM = {  # what each mode must get on a kernel that allows user namespaces
    "no-cap-sys-admin": "user namespace",
    "unprivileged-user": "user namespace",
    "landlock-only": "landlock",
}

# the issue's list -> the attacks that cover it
ISSUE = {
    "patching the test framework": ["pytest_patched"],
    "patching numpy.testing": ["numpy_testing_patched"],
    "patching builtins": ["builtins_patched"],
    "__eq__ / __array_function__ / __array_ufunc__ liars": ["eq_and_array_protocol_liars"],
    "ndarray subclasses": ["ndarray_subclass_liar"],
    "conftest.py and pytest.ini in the submission": ["ships_hostile_files"],
    "writing the results or gradebook files": [
        "writes_results_and_gradebook",
        "escaped_daemon_forges_late",
    ],
    "os._exit(0) and sys.exit(0) mid-test": ["exits_with_status_zero"],
    "printing fake pass lines": ["fake_pass_lines_on_stdout"],
    "reading hidden tests or solutions from disk": ["reads_solutions_and_hidden_tests"],
    "reading expected values through inspect": ["inspect_and_gc_oracle"],
    "importing solutions": ["imports_solutions"],
    "infinite loops": ["infinite_loop"],
    "fork bombs": ["fork_bomb"],
    "allocating 50 GB": ["allocates_50_gb"],
    "filling the disk": ["fills_the_disk"],
    "opening a socket": ["socket_fetches_answers"],
    "signal tricks against timeouts": [
        "signal_and_rlimit_tricks",
        "kills_the_grader",
        "escapes_via_setpgid",
    ],
    "forged worker responses": ["protocol_forged_responses"],
}


# ------------------------------------------------------------------------------- helpers


def selected(mode: str = FULL_MODE) -> list[Attack]:
    only = {n.strip() for n in os.environ.get("S13_ADVERSARIAL_ONLY", "").split(",") if n.strip()}
    unknown = only - {a.name for a in ATTACKS}
    assert not unknown, f"S13_ADVERSARIAL_ONLY names no attack: {sorted(unknown)}"
    chosen = [a for a in ATTACKS if not only or a.name in only]
    return chosen if mode == FULL_MODE else [a for a in chosen if a.name in SUBSET]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One campaign per deployment mode; test_attack gets (mode, attack) pairs."""
    if "campaign" not in metafunc.fixturenames:
        return
    if "attack" in metafunc.fixturenames:
        pairs = [(m, a) for m in deployments.MODES for a in selected(m)]
        metafunc.parametrize(("campaign", "attack"), pairs, indirect=["campaign"],
                             ids=[f"{m}-{a.name}" for m, a in pairs], scope="module")
    else:
        metafunc.parametrize("campaign", deployments.MODES, indirect=True, scope="module")


def grader_command() -> list[str]:
    """What `uv run grader` runs: the console script beside this interpreter."""
    script = Path(sys.executable).parent / "grader"
    return [str(script)] if script.exists() else [sys.executable, "-m", "grader.cli.main"]


def probe_confinement(mode: str = FULL_MODE) -> dict:
    """The confinement a worker gets in `mode`, from the worker's own report."""
    return deployments.confinement(mode, [sys.executable])


class Listeners:
    """127.0.0.1 TCP + UDP on one port, and an abstract unix socket; whoever connects is
    recorded and sent the reference's padding.py (what an attacker's server would send)."""

    def __init__(self):
        self.hits: list[str] = []
        self.payload = (ROOT / "solutions" / "s13_cnn" / "padding" / "padding.py").read_bytes()
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.unix_name = f"s13-adversarial-{uuid.uuid4().hex}"
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind("\0" + self.unix_name)
        self.unix.listen()
        self.stopping = False
        self.threads = [
            threading.Thread(target=self._serve, args=(s, k), daemon=True)
            for s, k in ((self.tcp, "tcp"), (self.unix, "unix"))
        ]
        self.threads.append(threading.Thread(target=self._datagrams, daemon=True))
        for t in self.threads:
            t.start()

    def _serve(self, server: socket.socket, kind: str) -> None:
        server.settimeout(0.5)
        while not self.stopping:
            try:
                conn, peer = server.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(200)
                except OSError:
                    first = b""
                self.hits.append(f"{kind} connection from {peer!r}: {first[:80]!r}")
                try:
                    conn.sendall(self.payload)
                except OSError:
                    pass

    def _datagrams(self) -> None:
        self.udp.settimeout(0.5)
        while not self.stopping:
            try:
                data, peer = self.udp.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            self.hits.append(f"udp datagram from {peer!r}: {data[:80]!r}")

    def close(self) -> None:
        self.stopping = True
        for t in self.threads:
            t.join(timeout=2)
        for s in (self.tcp, self.udp, self.unix):
            s.close()


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    state = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            path = os.path.join(folder, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            state[path] = (st.st_mtime_ns, st.st_size)
    return state


def forged(path: str) -> bool:
    """Whether a file looks written by an attack (a forged name, or an attack's words)."""
    if os.path.basename(path) in FORGED_NAMES or os.path.basename(path).startswith("fill-"):
        return True
    try:
        with open(path, "rb") as f:
            data = f.read(4 << 20)
    except OSError:
        return False
    return any(word in data for word in FORGED_WORDS)


def processes(zombies: bool = False) -> dict[int, tuple[set[int], str, int]]:
    """pid -> (uids, command line, ppid) of every live process visible here."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if not zombies and fields.get("State", "").split()[:1] in (["Z"], ["X"]):
            continue
        uids = set(map(int, fields.get("Uid", "").split()))
        ppid = int(fields.get("PPid", "0").strip() or 0)
        found[int(entry)] = (uids, cmdline.decode(errors="replace"), ppid)
    return found


class EscapeWatch:
    """While the batch runs: a worker process of this batch whose parent is not its
    launcher has escaped the grader's kill (the launcher is gone, or it never was its
    child). Each is recorded and ended at once, by pid, so that a runaway cannot slow
    the rest of the batch down; the attack that made it still fails."""

    def __init__(self, marker: Path):
        self.marker = str(marker)
        self.escaped: dict[int, tuple[set[int], str]] = {}
        self.suspects: set[int] = set()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping:
            self.sweep()
            time.sleep(0.5)

    def sweep(self) -> None:
        procs = processes()
        orphans = set()
        for pid, (uids, cmdline, ppid) in procs.items():
            # a worker: `python -I -S -B -u .../worker_main.py {config}`; its launcher's
            # command line names worker_main.py too (in its config), but also launcher.py
            if (
                "/worker_main.py " not in cmdline
                or "launcher.py" in cmdline
                or self.marker not in cmdline
            ):
                continue
            parent = procs.get(ppid, (set(), "", 0))[1]
            if "launcher.py" in parent or self.marker in parent:
                continue  # under its launcher, its grader (Landlock only: the launcher
                # execs the worker) or its worker (a child in its pid namespace)
            orphans.add(pid)
            if pid not in self.suspects:  # orphaned twice, 0.5 s apart: not merely dying
                continue
            self.escaped.setdefault(pid, (uids, cmdline[:200]))
            try:
                os.kill(pid, signal.SIGKILL)  # started by this batch: ours to end
            except (ProcessLookupError, PermissionError):
                pass
        self.suspects = orphans

    def stop(self) -> None:
        self.stopping = True
        self.thread.join(timeout=5)
        self.sweep()
        time.sleep(0.5)
        self.sweep()


def sockets_of(uids: set[int]) -> list[str]:
    """Sockets in this network namespace owned by one of `uids` (/proc/net/*)."""
    hits = []
    for name in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/net/{name}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if len(cols) > 7 and cols[7].isdigit() and int(cols[7]) in uids:
                hits.append(f"{name}: {line.strip()}")
    return hits


def worker_uid(result: dict) -> int | None:
    user = ((result.get("sandbox") or {}).get("confinement") or {}).get("user") or {}
    uid = user.get("uid")
    return uid if isinstance(uid, int) and uid > 0 else None


# ------------------------------------------------------------------------------- campaign


@dataclass
class Campaign:
    mode: str
    root: Path
    subs: Path
    out: Path
    tmpdir: Path
    attacks: list[Attack]
    gated: dict[str, list[str]]  # attack -> why it was not run
    probe: dict
    proc: subprocess.CompletedProcess | None = None
    seconds: float = 0.0
    rows: dict[str, dict] = field(default_factory=dict)
    results: dict[str, dict] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    strays: dict[int, tuple[set[int], str]] = field(default_factory=dict)
    escaped: dict[int, tuple[set[int], str]] = field(default_factory=dict)
    listening: list[str] = field(default_factory=list)
    project_writes: list[str] = field(default_factory=list)
    project_changed: list[str] = field(default_factory=list)  # by others, most likely
    elsewhere: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)

    def log(self) -> str:
        if self.proc is None:
            return "(the grader was not run)"
        return (
            f"exit {self.proc.returncode} after {self.seconds:.0f} s\n"
            f"--- stdout\n{self.proc.stdout[-4000:]}\n--- stderr\n{self.proc.stderr[-4000:]}"
        )

    def graded(self, name: str) -> tuple[dict, dict]:
        assert name in self.rows, f"no gradebook row for {name}\n{self.log()}"
        assert name in self.results, f"no results/{name}.json\n{self.log()}"
        return self.rows[name], self.results[name]


def _submission_name(attack: Attack) -> str:
    return attack.name  # folders keep their name, a zip its stem


@pytest.fixture(scope="module")
def campaign(request):
    mode = request.param
    if why := deployments.skip_reason(mode):
        pytest.skip(why)
    root = Path(tempfile.mkdtemp(prefix=f"s13-adversarial-{mode}-")).resolve()
    try:
        yield run_campaign(mode, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_campaign(mode: str, root: Path) -> Campaign:
    subs, out, tmpdir = root / "submissions", root / "grades", root / "tmp"
    subs.mkdir()
    tmpdir.mkdir()
    probe = probe_confinement(mode)
    attacks = selected(mode)
    gated = {a.name: unmet(a, probe) for a in attacks}
    gated = {name: why for name, why in gated.items() if why}
    camp = Campaign(mode, root, subs, out, tmpdir, attacks, gated, probe)
    listeners = Listeners()
    watch = EscapeWatch(root)
    project = deployments.workdir(mode)
    try:
        for attack in attacks:
            if attack.name in gated:
                continue
            build(attack, subs, marker=root, port=listeners.port, unix=listeners.unix_name)
            build_control(attack, subs)
        deployments.give_to_user(mode, root, subs, tmpdir)
        before = tree_state(project)
        started = time.time()
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", "S13_IMPL")
        }
        env["TMPDIR"] = str(tmpdir)
        args = ["run", str(subs), "--batch", "--jobs", "2",
                "--out", str(out), "--part", PART, "--timeout", str(TIMEOUT),
                "--submission-timeout", str(SUBMISSION_TIMEOUT), "--sandbox", "worker",
                "--keep", "--no-progress"]  # fmt: skip
        cmd = deployments.command(mode, args, grader_command())
        proc = subprocess.Popen(
            cmd,
            cwd=project,
            env=deployments.environment(mode, env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=BATCH_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            stderr += f"\n[test] the grader ran past {BATCH_LIMIT} s and was killed"
        finally:
            try:  # the grader's own session: nothing of it may outlive it
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        camp.seconds = time.time() - started
        camp.proc = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
        time.sleep(1.0)  # let anything that was dying finish dying
        watch.stop()
        camp.escaped = dict(watch.escaped)
        _collect(camp, before, started, project)
    finally:
        watch.stop()
        camp.hits = list(listeners.hits)
        listeners.close()
    print(
        f"\n[adversarial] {mode}: {len(attacks) - len(gated)} attacks graded in "
        f"{camp.seconds:.0f} s; gated: {sorted(gated) or 'none'}"
    )
    return camp


def _collect(camp: Campaign, before: dict, started: float, project: Path) -> None:
    book = camp.out / "gradebook.csv"
    if book.is_file():
        with book.open(newline="") as f:
            camp.rows = {row["submission"]: row for row in csv.DictReader(f)}
    for path in sorted((camp.out / "results").glob("*.json")):
        try:
            camp.results[path.stem] = json.loads(path.read_text())
        except ValueError:
            camp.results[path.stem] = {"unreadable": True}
    # processes and sockets of any worker uid of this batch, or naming our scratch folder
    uids = {u for r in camp.results.values() if (u := worker_uid(r))}
    if u := worker_uid({"sandbox": {"confinement": camp.probe}}):
        uids.add(u)
    me = os.getpid()
    for pid, (puids, cmdline, _) in processes().items():
        if pid == me:
            continue
        if puids & uids or str(camp.root) in cmdline:
            camp.strays[pid] = (puids, cmdline[:300])
    for pid in camp.strays:  # ours (started by this batch): end them, by pid
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    camp.listening = sockets_of(uids)
    # the project tree: a changed or new file carrying an attack's words is a forge
    after = tree_state(project)
    ours = (str(project / "tests" / "adversarial"), str(project / "tests" / "test_adversarial.py"))
    for path, state in after.items():
        if before.get(path) != state and not path.startswith(ours):
            (camp.project_writes if forged(path) else camp.project_changed).append(path)
    # the usual places a naive grader keeps its verdict, and where a disk fill would land
    for place in (
        "/tmp",
        "/var/tmp",
        "/dev/shm",
        "/autograder",
        "/autograder/results",
        os.environ.get("HOME", "/root"),
        str(camp.root.parent),
    ):
        try:
            entries = list(os.scandir(place))
        except OSError:
            continue
        for entry in entries:
            try:
                fresh = entry.stat(follow_symlinks=False).st_mtime >= started
            except OSError:
                continue
            if fresh and entry.is_file(follow_symlinks=False) and forged(entry.path):
                camp.elsewhere.append(entry.path)
    for path in camp.root.rglob("*"):  # our scratch: only the expected folders may change
        rel = path.relative_to(camp.root)
        if rel.parts[0] in ("submissions", "grades", "tmp"):
            continue
        camp.elsewhere.append(str(path))
    for entry in camp.tmpdir.iterdir():  # the grader's temp files: only the kept logs
        if not (entry.name.startswith("grader-run-") or entry.name.startswith("uv-")):
            camp.leftovers.append(entry.name)


# ------------------------------------------------------------------------------- the catalog


def test_the_catalog_covers_the_issue():
    names = {a.name for a in ATTACKS}
    assert len(ATTACKS) >= 20
    missing = {what: n for what, ns in ISSUE.items() for n in ns if n not in names}
    assert not missing, f"issue items without their attack: {missing}"
    for attack in ATTACKS:
        assert attack.description and "\n" not in attack.description, attack.name
        assert attack.base in ("stubs", "solutions"), attack.name
        assert attack.deserves in ("equal", "at_most"), attack.name
        assert set(attack.statuses) <= set(STATUSES), attack.name
        assert attack.code.strip() or attack.extra_files or attack.symlinks, attack.name
    assert sum(a.base == "stubs" for a in ATTACKS) >= len(ATTACKS) // 2  # mostly wrong code
    assert any(a.base == "solutions" and a.kind == "forge" for a in ATTACKS)


def test_build_and_control_differ_only_by_the_attack(tmp_path):
    for attack in ATTACKS:
        if attack.as_zip or attack.symlinks:
            continue
        hostile = build(attack, tmp_path / "h", marker=tmp_path)
        control = build_control(attack, tmp_path / "c")
        assert control.name == control_name(attack)
        h = (hostile / "s13_cnn" / attack.module).read_text()
        c = (control / "s13_cnn" / attack.module).read_text()
        assert h.startswith(c), attack.name  # the attack is appended, nothing else changes
        compile(h, attack.name, "exec")
        assert "__ADV_" not in h, f"{attack.name}: a placeholder was left in"


# ------------------------------------------------------------------------------- the batch


def test_the_grader_survived_the_batch(campaign: Campaign):
    assert campaign.proc is not None
    assert campaign.proc.returncode in (0, 1), campaign.log()
    assert "ran past" not in campaign.proc.stderr[-200:], campaign.log()
    graded = [a for a in campaign.attacks if a.name not in campaign.gated]
    names = {_submission_name(a) for a in graded} | {control_name(a) for a in graded}
    assert set(campaign.rows) == names, campaign.log()
    assert set(campaign.results) == names, campaign.log()
    for name, result in campaign.results.items():
        assert result.get("status") in STATUSES, (name, result.get("status"))


def test_the_out_folder_holds_exactly_the_grader_outputs(campaign: Campaign):
    names = set(campaign.rows)
    expected = (
        {"gradebook.csv"}
        | {f"results/{n}.json" for n in names}
        | {f"feedback/{n}.txt" for n in names}
    )
    found = {
        p.relative_to(campaign.out).as_posix() for p in campaign.out.rglob("*") if not p.is_dir()
    }
    cached = {f for f in found if f.startswith(".cache/") and f.endswith(".json")}
    found -= cached  # the grader's own regrade cache: at most one entry a submission
    assert len(cached) <= len(names), sorted(cached)
    assert found == expected, {
        "extra": sorted(found - expected),
        "missing": sorted(expected - found),
    }


def test_the_gradebook_agrees_with_the_results(campaign: Campaign):
    for name, row in campaign.rows.items():
        result = campaign.results[name]
        assert row["status"] == result["status"], name
        assert float(row[PART]) == pytest.approx(float(result["parts"][PART]["score"])), name
        assert float(row["total"]) == pytest.approx(float(result["score"])), name
        assert float(row[PART]) <= float(result["parts"][PART]["max_score"]) + 1e-9, name


def test_nothing_forged_outside_the_out_folder(campaign: Campaign):
    assert not campaign.project_writes, f"written into the project: {campaign.project_writes}"
    assert not campaign.elsewhere, f"written outside the out folder: {campaign.elsewhere}"
    if campaign.project_changed:  # other people's edits while the batch ran: say so only
        print(
            f"[adversarial] changed in the project meanwhile (no attack words): "
            f"{campaign.project_changed[:20]}"
        )


def test_no_process_left_running_or_listening(campaign: Campaign):
    assert not campaign.escaped, (
        f"worker processes escaped the grader's kill (ended by this test): {campaign.escaped}"
    )
    assert not campaign.strays, f"left running after the batch (now killed): {campaign.strays}"
    assert not campaign.listening, f"sockets of worker uids: {campaign.listening}"
    assert not campaign.hits, f"the listeners were reached: {campaign.hits}"
    assert not (campaign.root / "PWNED-by-pickle").exists(), "a pickle was loaded by the grader"


def test_the_grader_cleaned_up_its_temp_files(campaign: Campaign):
    assert not campaign.leftovers, f"left in the grader's TMPDIR: {campaign.leftovers}"


def test_every_result_says_confined_by_the_mode_s_mechanism(campaign: Campaign):
    want = MECHANISM.get(campaign.mode)
    for name, result in campaign.results.items():
        sandbox = result.get("sandbox") or {}
        assert sandbox.get("confined") is True and sandbox.get("label") == "confined", name
        if result.get("status") == "invalid":  # refused at intake: no worker was started
            continue
        confinement = sandbox.get("confinement") or {}
        assert confinement.get("exposed") == [], (name, confinement.get("exposed"))
        if want:
            assert confinement.get("mechanism") == want, (name, confinement.get("mechanism"))
    assert {r["sandbox"] for r in campaign.rows.values()} == {"confined"}


def test_dangerous_attacks_ran_only_under_confinement(campaign: Campaign):
    for attack in campaign.attacks:
        if not attack.requires or attack.name in campaign.gated:
            continue
        result = campaign.results.get(attack.name) or {}
        confinement = (result.get("sandbox") or {}).get("confinement") or {}
        assert result.get("sandbox", {}).get("mode") == "worker", attack.name
        assert not unmet(attack, confinement), (attack.name, unmet(attack, confinement))
    if campaign.gated:
        print(f"[adversarial] not run, for lack of confinement: {campaign.gated}")


# ------------------------------------------------------------------------------- per attack


def _tests(result: dict) -> dict[str, dict]:
    return {t["nodeid"]: t for t in result.get("tests", []) if t.get("part") == PART}


def _passed(result: dict) -> set[str]:
    return {n for n, t in _tests(result).items() if t["outcome"] == "passed"}


def _common_scores(hostile: dict, control: dict) -> tuple[float, float, int]:
    """(hostile, control) part scores over the tests both collected with the same points:
    the suites may change between two gradings while others edit them. And how many
    tests only one of them had."""
    h, c = _tests(hostile), _tests(control)
    common = [n for n in h if n in c and h[n]["max_points"] == c[n]["max_points"]]
    score = lambda r, n: float(r[n]["points"])  # noqa: E731
    return (
        sum(score(h, n) for n in common),
        sum(score(c, n) for n in common),
        len(set(h) ^ set(c)) + sum(n in c for n in h if n not in common),
    )


def test_attack(campaign: Campaign, attack: Attack):
    if attack.name not in {a.name for a in campaign.attacks}:
        pytest.skip("not selected (S13_ADVERSARIAL_ONLY)")
    if attack.name in campaign.gated:
        pytest.skip("not run, confinement missing: " + "; ".join(campaign.gated[attack.name]))
    row, result = campaign.graded(_submission_name(attack))
    control_row, control = campaign.graded(control_name(attack))
    what = (
        f"{attack.name} ({attack.description})\n  hostile: {row[PART]} {row['status']} "
        f"{row['why'][:300]!r}\n  control: {control_row[PART]} {control_row['status']}"
    )

    # 1. the score: what the real code deserves, never more
    hostile, honest = float(row[PART]), float(control_row[PART])
    if row["max"] != control_row["max"] and result.get("tests"):  # the suite changed meanwhile
        hostile, honest, odd = _common_scores(result, control)
        what += f"\n  (compared on common tests: the suites differed in {odd} tests)"
    if attack.deserves == "equal":
        assert hostile == pytest.approx(honest), f"score differs from the control: {what}"
    else:
        assert hostile <= honest + 1e-9, f"FORGED: more than the control: {what}"
    gained = sorted(_passed(result) - _passed(control))
    assert not gained, f"FORGED: passed here, failed in the control: {gained}\n{what}"
    assert control_row["status"] == "ok", f"the control itself did not grade cleanly: {what}"

    # 2. the gradebook row says what happened
    assert row["status"] in attack.statuses, f"status {row['status']!r}: {what}"
    if row["status"] != "ok":
        assert row["why"].strip(), f"status {row['status']} without a why: {what}"
    if attack.why:
        assert any(w in row["why"] for w in attack.why), f"why lacks {attack.why}: {what}"
    tests = _tests(result)
    for name in attack.attacked:
        hit = [t for n, t in tests.items() if n.endswith("::" + name)]
        assert hit, f"no test {name} in the result of {attack.name}"
        assert all(t["outcome"] != "passed" for t in hit), f"{name} passed: {what}"
        if attack.feedback:
            text = " ".join(t["feedback"] or "" for t in hit)
            assert any(f in text for f in attack.feedback), (
                f"{name}'s feedback names none of {attack.feedback}: {text[:500]!r}"
            )

    # 3. nothing of it survives the batch; nothing got out
    uid = worker_uid(result)
    leaks = [x for x in campaign.hits if attack.name == "socket_fetches_answers"]
    leaks += [p[1][:60] for p in {**campaign.escaped, **campaign.strays}.values() if uid in p[0]]
    print(f"\n[table] {campaign.mode:<18} {attack.name:<34} {row[PART]:>6} / control "
          f"{control_row[PART]:>6}  {row['status']:<8} leaked: {leaks or 'nothing'}")
    fled = {pid: p for pid, p in campaign.escaped.items() if uid in p[0]}
    assert not fled, (
        f"ESCAPED: its worker (uid {uid}) outlived the grader's kill, orphaned from its "
        f"launcher (ended by this test, by pid): {fled}\n{what}"
    )
    mine = {pid: p for pid, p in campaign.strays.items() if uid in p[0]}
    assert not mine, f"processes of its worker (uid {uid}) outlived the batch: {mine}"
    if attack.name == "socket_fetches_answers":
        assert not campaign.hits, f"it reached the test's listeners: {campaign.hits}"
    if attack.name == "protocol_forged_responses":
        assert not (campaign.root / "PWNED-by-pickle").exists(), "the grader unpickled it"
    if attack.name == "oversized_responses":
        logs = [
            Path(n.split("grading files kept in ", 1)[1])
            for n in result.get("notes", [])
            if n.startswith("grading files kept in ")
        ]
        sizes = {p.name: p.stat().st_size for d in logs for p in d.glob("*.log")}
        assert sizes, "no kept grading log (--keep) to measure"
        assert max(sizes.values()) < LOG_BOUND, (
            f"the grader amplified the worker's messages into its log: {sizes} bytes "
            f"(the worker sent at most ~8 MB per call)"
        )
        for t in tests.values():  # the feedback is clipped, whatever the worker sent
            assert len(t["feedback"] or "") <= 2000, t["nodeid"]


# ------------------------------------------------------------------------------- opt-in


NAIVE = [a for a in ATTACKS if a.naive_safe]


def _naive_score(root: Path, workdir: Path) -> tuple[int, int, str]:
    """A naive in-process grader: the learner's loop on the visible tests, scored as
    'everything passed' on exit status 0, else the junit passes. (passed, total, why)."""
    xml = workdir / f"{root.name}.xml"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "S13_IMPL")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", f"stages/s13_cnn/{PART}/test_{PART}.py",
         "--impl", str(root), "-q", "-p", "no:cacheprovider", f"--junitxml={xml}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    total = 44
    if xml.is_file():
        suite = ET.parse(xml).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        total = int(suite.get("tests", 0)) or total
        bad = sum(int(suite.get(k, 0)) for k in ("failures", "errors", "skipped"))
        passed = total - bad
    else:
        passed = 0
    if proc.returncode == 0:
        return total, total, "exit status 0"
    return passed, total, f"exit status {proc.returncode}, junit"


@pytest.mark.skipif(
    os.environ.get("S13_ADVERSARIAL_NAIVE") != "1",
    reason="opt-in: S13_ADVERSARIAL_NAIVE=1 (runs the attacks in-process)",
)
@pytest.mark.parametrize("attack", NAIVE, ids=lambda a: a.name)
def test_attack_forges_a_naive_in_process_grader(tmp_path, attack: Attack):
    hostile = build(attack, tmp_path / "h")  # no marker: every guarded write is a no-op
    control = build_control(attack, tmp_path / "c")
    h, total, how = _naive_score(hostile, tmp_path)
    c, _, _ = _naive_score(control, tmp_path)
    print(f"[naive] {attack.name}: hostile {h}/{total} ({how}), control {c}/{total}")
    assert h > c, f"{attack.name} does not forge a naive grader: {h} vs {c} of {total}"
    shutil.rmtree(tmp_path, ignore_errors=True)
