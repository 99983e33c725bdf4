"""The instructor's install that grades: the course tree and its interpreter."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from coursekit.course import PACKAGE
from coursekit.seam import PROJECT_ROOT


@dataclass(frozen=True)
class Checkout:
    """Where the instructor's files live, and the interpreter that grades with them (a
    test may point either elsewhere)."""

    root: Path = PROJECT_ROOT
    python: str = sys.executable

    @property
    def stages_pkg(self) -> Path:
        return self.root / "stages" / PACKAGE

    @property
    def hidden_dir(self) -> Path:
        return self.root / "grader" / "hidden"

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    def visible_tests(self, part: str) -> list[Path]:
        return sorted((self.stages_pkg / part).glob("test_*.py"))

    def hidden_tests(self, part: str) -> list[Path]:
        path = self.hidden_dir / f"test_{part}_hidden.py"
        return [path] if path.is_file() else []


CHECKOUT = Checkout()
