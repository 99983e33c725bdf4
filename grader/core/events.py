"""The runner <-> plugin protocol: the events of one pytest run, as typed records.

The plugin (grader/plugin/hooks.py) appends one event a line (a JSON object) to the results file
the runner owns, flushed as it happens; the runner (grader/run/shard.py) reads them back with
`read_events`. Each line names its event and carries exactly that event's fields:

    collected       Collected      once, before any test runs: a TestInfo per test
    collect_error   CollectError   a file or test that could not be collected
    impl            ImplReady      once, when the implementation is made: its confinement
    start           TestStarted    before each test, with its time limit
    test            TestEnded      after each test: how it ended
    finish          Finished       at the end of the session

A line that is not one of these, with every field present and of its type, raises
MalformedEvent. Only a last line without its newline (the process was killed while writing
it) is left out.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, get_args, get_origin, get_type_hints

from grader.core.outcomes import Outcome, Suite


class MalformedEvent(ValueError):
    """A line of the results file that is not a well-formed event."""


@dataclass
class TestInfo:
    """One collected test, as the report shows it."""

    __test__ = False  # not a pytest test class

    nodeid: str
    file: str  # relative to the project root
    function: str
    part: str
    suite: Suite
    max_points: float
    doc: str
    reproduce: str


@dataclass
class Collected:
    EVENT: ClassVar[str] = "collected"
    items: tuple[TestInfo, ...]


@dataclass
class CollectError:
    EVENT: ClassVar[str] = "collect_error"
    nodeid: str
    message: str


@dataclass
class ImplReady:
    EVENT: ClassVar[str] = "impl"
    sandbox: str
    confinement: dict[str, Any]


@dataclass
class TestStarted:
    EVENT: ClassVar[str] = "start"
    __test__ = False
    nodeid: str
    deadline: float  # seconds


@dataclass
class TestEnded:
    EVENT: ClassVar[str] = "test"
    __test__ = False
    nodeid: str
    outcome: Outcome
    duration: float
    feedback: str
    crashed: bool = False  # the worker or the grading process died in it
    notes: list[str] = field(default_factory=list)
    speed: Any = None
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finished:
    EVENT: ClassVar[str] = "finish"
    exitstatus: int


Event = Collected | CollectError | ImplReady | TestStarted | TestEnded | Finished
EVENTS: dict[str, type] = {kind.EVENT: kind for kind in get_args(Event)}


def encode(event: Event) -> str:
    """One line of the results file."""
    return json.dumps({"event": event.EVENT, **dataclasses.asdict(event)}, default=_jsonable)


def decode(line: str) -> Event:
    """The event of one line; MalformedEvent unless it is exactly one of EVENTS."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise MalformedEvent(f"not JSON ({exc}): {line[:200]!r}") from None
    if not isinstance(data, dict) or data.get("event") not in EVENTS:
        raise MalformedEvent(f"not an event: {line[:200]!r}")
    kind = EVENTS[data.pop("event")]
    return _record(kind, data, kind.EVENT)


def read_events(path: Path) -> Iterator[Event]:
    """The events of a results file, in order (none when it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    lines = text.split("\n")
    for line in lines[:-1]:  # the last piece is "" or a line cut short
        yield decode(line)


# -- strict decoding --------------------------------------------------------------------------


def _record(kind: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise MalformedEvent(f"{where}: expected an object, got {type(data).__name__}")
    hints = get_type_hints(kind)
    fields = {f.name for f in dataclasses.fields(kind)}
    if set(data) != fields:
        missing, extra = sorted(fields - set(data)), sorted(set(data) - fields)
        raise MalformedEvent(f"{where}: missing fields {missing}, unknown fields {extra}")
    return kind(**{name: _value(hints[name], data[name], f"{where}.{name}") for name in data})


def _value(kind: Any, value: Any, where: str) -> Any:
    origin = get_origin(kind)
    if kind is Any:
        return value
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise MalformedEvent(f"{where}: expected a list, got {type(value).__name__}")
        items = (_value(get_args(kind)[0], v, f"{where}[{i}]") for i, v in enumerate(value))
        return origin(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise MalformedEvent(f"{where}: expected an object, got {type(value).__name__}")
        return {k: _value(get_args(kind)[1], v, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(kind):
        return _record(kind, value, where)
    if issubclass(kind, StrEnum):
        if isinstance(value, str) and value in kind._value2member_map_:
            return kind(value)
    elif kind is float:
        if type(value) in (int, float):
            return float(value)
    elif type(value) is kind:  # str, int, bool (True is not an int here)
        return value
    raise MalformedEvent(f"{where}: expected {kind.__name__}, got {value!r:.80}")


def _jsonable(value: Any) -> Any:
    """numpy scalars and arrays as plain JSON; anything else as its repr."""
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
    except ImportError:
        pass
    return repr(value)
