"""What a grading pytest is told, in one file: the verdict options and the files it uses.

The shard (grader/run/shard.py) writes one Session per pytest run into the grading's
private folder and passes `--grader-session FILE`; the plugin (grader/plugin/hooks.py)
reads it back whole. Nothing else crosses: no option is re-parsed from flags.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.core.options import Verdict


@dataclass(frozen=True)
class Session:
    verdict: Verdict
    staged: str  # the staged root holding the s13_cnn/ package under test
    events: str  # the JSON-lines file the events are appended to
    skip: str  # node ids (one a line) already recorded: not to run again
    watchdog: str  # where the hard watchdog says what it ended
    timed_out: str | None  # JSON of the functions that timed out (None: fail_fast off)
    hard_grace: float  # after a test's alarm, before the watchdog ends the process

    def write(self, path: Path) -> Path:
        data = asdict(self) | {"verdict": self.verdict.to_dict()}
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: str | Path) -> Session:
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**(data | {"verdict": Verdict.from_dict(data["verdict"])}))
