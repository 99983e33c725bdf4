"""The commands the READMEs give, as a learner or an instructor would type them.

A command is a line of a fenced code block (not a ```python one) that starts with `uv `,
with environment assignments before it (`MNIST_DIR=... uv run ...`), or after a `$ `
prompt; it goes on over the next lines while a quote is open. A command that cannot run in
a test carries a trailing `# not run in tests: <why>` comment.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from trees import ROOT

from coursekit.course import NAMES
from grader.generate.handout import learner_readme

NOT_RUN = re.compile(r"#\s*not run in tests:\s*(?P<why>.+?)\s*$")
COMMAND = re.compile(r"^(?:\$ )?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*uv\s")
FENCE = re.compile(r"^```(\w*)\s*$")
SKIPPED_DIRS = {".venv", "runs", "node_modules", "__pycache__", ".git"}


@dataclass(frozen=True)
class Command:
    readme: str  # the README's path in its tree
    line: int  # where the command starts, 1-based
    text: str  # as written, comments and continuation lines included
    why_not: str  # the reason it is not run in tests; "" if it is run

    @property
    def shell(self) -> str:
        """What bash runs: the text without its `$ ` prompt."""
        return self.text.removeprefix("$ ")

    @property
    def key(self) -> str:
        """The command without its comments: the same command in two READMEs runs once."""
        return shlex.join(shlex.split(self.shell, comments=True))

    @property
    def id(self) -> str:
        return f"{self.readme}:{self.line}"


def _open_quote(text: str) -> bool:
    try:
        shlex.split(text, comments=True)
    except ValueError:  # "No closing quotation"
        return True
    return False


def commands(text: str, readme: str) -> list[Command]:
    """The commands of one README's fenced code blocks, in order."""
    found: list[Command] = []
    lines = text.splitlines()
    fence: str | None = None
    k = 0
    while k < len(lines):
        opened = FENCE.match(lines[k].strip()) if lines[k].startswith("```") else None
        if opened is not None:
            fence = None if fence is not None else opened.group(1)
        elif fence is not None and fence != "python" and COMMAND.match(lines[k]):
            start, body = k, lines[k]
            while (_open_quote(body) or body.endswith("\\")) and k + 1 < len(lines):
                k += 1
                body += "\n" + lines[k]
            why = NOT_RUN.search(body.splitlines()[0]) or NOT_RUN.search(body)
            found.append(Command(readme, start + 1, body, why.group("why") if why else ""))
        k += 1
    return found


def readmes(tree: Path) -> list[str]:
    """The README.md files of a tree, in reading order: the top one, the stage's, the
    parts' in teaching order, then any other."""
    found = [
        p.relative_to(tree).as_posix() for p in tree.rglob("README.md")
        if not SKIPPED_DIRS & set(p.relative_to(tree).parts)
    ]  # fmt: skip
    order = ["README.md", "stages/s13_cnn/README.md",
             *(f"stages/s13_cnn/{name}/README.md" for name in NAMES)]  # fmt: skip
    return sorted(found, key=lambda rel: (order.index(rel) if rel in order else len(order), rel))


def readme_texts(tree: str) -> dict[str, str]:
    """The READMEs of "handout" (its top one from its template; the stage's and the parts')
    or of "project" (all of this checkout's), by path."""
    rels = [rel for rel in readmes(ROOT) if tree == "project" or rel.startswith("stages/")]
    texts = {rel: (ROOT / rel).read_text() for rel in rels}
    return {"README.md": learner_readme(ROOT), **texts} if tree == "handout" else texts


def cases() -> list[tuple[str, Command]]:
    """(tree, command) for every command of every README of both trees."""
    return [(tree, c) for tree in ("handout", "project")
            for rel, text in readme_texts(tree).items() for c in commands(text, rel)]  # fmt: skip
