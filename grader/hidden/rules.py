"""Static rules for part 6 (lenet_torch): what the learner's source may not use.

The part is PyTorch at a low level, so its module may call torch.nn.functional and
tensor operations, and nothing that does the part's work for it: no torch.nn modules or
layers (nn.Module, nn.Conv2d, nn.Linear, nn.Sequential, ...), no torch.optim, and no
ready-made loss (F.cross_entropy, F.log_softmax, F.nll_loss, logsumexp). The check reads
the submitted file with `ast` in the grading process (never in the worker, which the
learner's code controls: whatever runs there, the learner can undo) and names every
forbidden line and why. This check is the verdict; the worker's runtime guard
(grader/worker/child/torch_guard.py) only gives earlier, more precise feedback.

Names are followed through import aliases (`import torch.nn as nn`, `from torch.nn
import functional as F`) and simple assignments (`G = F`). What would hide a name is
refused outright: a getattr/setattr/delattr with a computed name, vars, globals, locals,
dir, eval, exec, compile, __import__, dunder attributes (`F.__dict__`), star imports,
a torch module used as a value, and the modules that look things up by name (importlib,
sys.modules, builtins, inspect, operator.attrgetter, pickle and friends, torch.load).
"""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass

from grader.worker.child.torch_rules import (
    FUNCTIONAL,
    LOSSES,
    NAMED_ACCESS,
    REFLECTIVE_BUILTINS,
    WHY_DYNAMIC,
    WHY_HIDDEN,
    WHY_LOSS,
    WHY_NN,
    rule,
)

AS_VALUE = "a torch module used as a value is " + WHY_HIDDEN


@dataclass(frozen=True)
class Violation:
    line: int
    code: str    # the source line, stripped
    name: str    # what was used, e.g. "torch.nn.Conv2d"
    why: str

    def __str__(self) -> str:
        return f"line {self.line}: `{self.code}` uses {self.name}: {self.why}"


def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError, AttributeError):
        return False


class _Checker(ast.NodeVisitor):
    def __init__(self, lines: list[str], parents: dict[ast.AST, ast.AST]):
        self.lines, self.parents = lines, parents
        self.aliases: dict[str, str] = {}   # local name -> fully qualified module/object
        self.modules: set[str] = set()      # local names bound to a torch module
        self.found: list[Violation] = []

    def flag(self, node: ast.AST, name: str, why: str) -> None:
        line = getattr(node, "lineno", 0)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.found.append(Violation(line, code, name, why))

    def bind(self, local: str, full: str, module: bool) -> None:
        self.aliases[local] = full
        if module and full.split(".")[0] == "torch":
            self.modules.add(local)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.bind(alias.asname, alias.name, True)
            else:
                top = alias.name.split(".")[0]
                self.bind(top, top, True)
            why = rule(alias.name)
            if why:
                self.flag(node, alias.name, why)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:  # relative: the stage's own modules
            return
        why = rule(module)
        if why:
            self.flag(node, module, why)
        for alias in node.names:
            if alias.name == "*":
                self.flag(node, f"{module}.*", "a star import is " + WHY_HIDDEN)
                continue
            full = f"{module}.{alias.name}"
            # find_spec imports the parents: torch's own only, never the learner's modules
            self.bind(alias.asname or alias.name, full,
                      full.startswith("torch.") and is_module(full))
            why = rule(full)
            if why:
                self.flag(node, full, why)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        full = self.qualify(node.value)
        if full is not None and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.bind(node.targets[0].id, full, False)  # G = F, opt = torch.optim

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr.startswith("__") and node.attr.endswith("__"):
            self.flag(node, f".{node.attr}", WHY_HIDDEN)
            return
        name = self.qualify(node)
        why = rule(name) if name is not None else (WHY_LOSS if node.attr in LOSSES else None)
        if why:
            self.flag(node, name or f".{node.attr}()", why)
            return  # one report per chain
        if name is not None and name.startswith("torch.") and name != FUNCTIONAL \
                and self.used_as_value(node) and is_module(name):
            self.flag(node, name, AS_VALUE)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in REFLECTIVE_BUILTINS:
            self.flag(node, node.id, WHY_DYNAMIC if node.id == "__import__" else WHY_HIDDEN)
        elif node.id in NAMED_ACCESS and not self.constant_access(node):
            self.flag(node, f"{node.id} without a plain constant name", WHY_HIDDEN)
        elif node.id in self.modules and self.used_as_value(node) \
                and not isinstance(node.ctx, ast.Store):
            self.flag(node, self.aliases[node.id], AS_VALUE)
        elif node.id in self.aliases and not isinstance(node.ctx, ast.Store):
            full = self.aliases[node.id]
            why = rule(full)
            if why:
                self.flag(node, full, why)

    def visit_Call(self, node: ast.Call) -> None:
        # getattr(torch, "optim"): a constant attribute name is still a name
        if isinstance(node.func, ast.Name) and node.func.id in NAMED_ACCESS \
                and self.constant_access(node.func):
            base = self.qualify(node.args[0])
            if base is not None:
                full = f"{base}.{node.args[1].value}"
                why = rule(full) or (WHY_NN if full == "torch.nn" else None)
                if why:
                    self.flag(node, full, why)
        self.generic_visit(node)

    def constant_access(self, name: ast.Name) -> bool:
        """`name` is the function of a getattr/setattr/delattr call with a constant name."""
        call = self.parents.get(name)
        return (isinstance(call, ast.Call) and call.func is name and len(call.args) >= 2
                and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str)
                and not call.args[1].value.startswith("__"))

    def used_as_value(self, node: ast.AST) -> bool:
        """Not the base of an attribute (`torch.exp`), nor a call's target."""
        parent = self.parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.value is node:
            return False
        return not (isinstance(parent, ast.Call) and parent.func is node) and not (
            isinstance(parent, ast.Call) and parent.args[:1] == [node]
            and isinstance(parent.func, ast.Name) and parent.func.id in NAMED_ACCESS)

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
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    checker = _Checker(source.splitlines(), parents)
    checker.visit(tree)
    # nested attribute chains report once: keep the first per (line, name)
    seen, unique = set(), []
    for v in sorted(checker.found, key=lambda v: v.line):
        if (v.line, v.name) not in seen:
            seen.add((v.line, v.name))
            unique.append(v)
    return unique
