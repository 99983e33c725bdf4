"""Static rules for part 6 (lenet_torch): what the learner's source may not use.

The part is PyTorch at a low level, so its module may call torch.nn.functional and
tensor operations, and nothing that does the part's work for it: no torch.nn modules or
layers (nn.Module, nn.Conv2d, nn.Linear, nn.Sequential, ...), no torch.optim, and no
ready-made loss (F.cross_entropy, F.log_softmax, F.nll_loss, logsumexp). The check reads
the submitted file with `ast` in the grading process (never in the worker, which the
learner's code controls) and names every forbidden line. Names are followed through
import aliases (`import torch.nn as nn`, `from torch.nn import functional as F`), and
dynamic imports are refused, since they would hide what is imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

FUNCTIONAL = "torch.nn.functional"
# fully qualified names (or prefixes ending in ".") that the part may not use
FORBIDDEN_FUNCTIONAL = ("cross_entropy", "log_softmax", "nll_loss")
LOSS_METHODS = ("log_softmax", "logsumexp", "cross_entropy")  # x.log_softmax(...) and friends
WHY_NN = "torch.nn modules and layers are not allowed: use F.conv2d, F.linear, ... on " \
         "tensors you create"
WHY_OPTIM = "torch.optim is not allowed: write the update yourself under torch.no_grad()"
WHY_LOSS = "write the loss by hand (a stable log-sum-exp), not with a ready-made one"
WHY_DYNAMIC = "dynamic imports are not allowed in this part (they hide what is used)"


@dataclass(frozen=True)
class Violation:
    line: int
    code: str    # the source line, stripped
    name: str    # what was used, e.g. "torch.nn.Conv2d"
    why: str

    def __str__(self) -> str:
        return f"line {self.line}: `{self.code}` uses {self.name}: {self.why}"


def _rule(name: str) -> str | None:
    """Why a fully qualified name is forbidden, or None."""
    if name == "torch.optim" or name.startswith("torch.optim."):
        return WHY_OPTIM
    if name == FUNCTIONAL or name.startswith(FUNCTIONAL + "."):
        leaf = name[len(FUNCTIONAL) + 1:]
        return WHY_LOSS if leaf.split(".")[0] in FORBIDDEN_FUNCTIONAL else None
    if name.startswith("torch.nn."):
        return WHY_NN
    if name in ("torch.log_softmax", "torch.logsumexp",
                "torch.special.log_softmax", "torch.special.logsumexp"):
        return WHY_LOSS
    return None


class _Checker(ast.NodeVisitor):
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.aliases: dict[str, str] = {}   # local name -> fully qualified module/object
        self.found: list[Violation] = []

    def flag(self, node: ast.AST, name: str, why: str) -> None:
        line = getattr(node, "lineno", 0)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.found.append(Violation(line, code, name, why))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                self.aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
            why = _rule(alias.name) if alias.name != "torch.nn" else None
            if why:
                self.flag(node, alias.name, why)
            if alias.name == "importlib" or alias.name.startswith("importlib."):
                self.flag(node, alias.name, WHY_DYNAMIC)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:  # relative: the stage's own modules
            return
        for alias in node.names:
            full = f"{module}.{alias.name}"
            self.aliases[alias.asname or alias.name] = full
            why = None if full == "torch.nn" else _rule(full)
            if why:
                self.flag(node, full, why)
        if module == "importlib" or module.startswith("importlib."):
            self.flag(node, module, WHY_DYNAMIC)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = self.qualify(node)
        if name is not None:
            why = _rule(name)
            if why:
                self.flag(node, name, why)
                return  # one report per chain
        elif node.attr in LOSS_METHODS:
            self.flag(node, f".{node.attr}()", WHY_LOSS)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        full = self.aliases.get(node.id)
        if node.id == "__import__":
            self.flag(node, "__import__", WHY_DYNAMIC)
        elif full is not None and full != "torch.nn" and _rule(full):
            self.flag(node, full, _rule(full))

    def visit_Call(self, node: ast.Call) -> None:
        # getattr(torch, "optim") and friends: a constant attribute name is still a name
        if (isinstance(node.func, ast.Name) and node.func.id == "getattr"
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)):
            base = self.qualify(node.args[0])
            if base is not None:
                full = f"{base}.{node.args[1].value}"
                why = _rule(full) or (WHY_NN if full == "torch.nn" else None)
                if why:
                    self.flag(node, full, why)
        self.generic_visit(node)

    def qualify(self, node: ast.AST) -> str | None:
        """torch.nn.Conv2d, nn.Conv2d (nn = torch.nn), F.cross_entropy -> the full name."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        return ".".join([self.aliases[node.id], *reversed(parts)])


def check_source(source: str) -> list[Violation]:
    """Every forbidden use in a module's source, in line order; SyntaxError if it does not
    parse."""
    tree = ast.parse(source)
    checker = _Checker(source.splitlines())
    checker.visit(tree)
    # nested attribute chains report once: keep the first per (line, name)
    seen, unique = set(), []
    for v in sorted(checker.found, key=lambda v: v.line):
        if (v.line, v.name) not in seen:
            seen.add((v.line, v.name))
            unique.append(v)
    return unique
