"""The import contract in pyproject.toml holds on the code, and would catch an upward import.

`make test` runs `lint-imports` on the tree; this test shows the contract is
not one that passes whatever the code does: a copy of the packages with one
upward import (the text layer reaching up into the run layer) is refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGES = ("schemas", "pipeline", "extractors", "flows")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=300)


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for name in PACKAGES:
        shutil.copytree(REPO / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(REPO / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_layers_hold_on_the_code(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    tree = _copy(tmp_path)
    normalize = tree / "pipeline" / "text" / "normalize.py"
    normalize.write_text(normalize.read_text(encoding="utf-8") + "\nfrom pipeline.run import ledger  # noqa\n",
                         encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0
    assert "pipeline.text.normalize -> pipeline.run.ledger" in result.stdout


def test_an_import_cycle_inside_a_layer_breaks_the_contract(tmp_path):
    tree = _copy(tmp_path)  # structure imports normalize: normalize importing structure closes a loop
    normalize = tree / "pipeline" / "text" / "normalize.py"
    normalize.write_text(normalize.read_text(encoding="utf-8") + "\nfrom pipeline.text import structure  # noqa\n",
                         encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0 and "BROKEN" in result.stdout
