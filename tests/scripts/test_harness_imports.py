"""The evaluation and the benchmarks start their stacks through `harness`, never through the test suite's code."""

from __future__ import annotations

import ast

from bot.settings import ROOT


def test_no_script_imports_the_tests():
    offenders = []
    for path in sorted((ROOT / "scripts").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {name}" for name in names if name == "tests" or name.startswith("tests.")]
    assert offenders == []
