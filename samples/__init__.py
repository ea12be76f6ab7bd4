"""Sample documents and the scripts that make them.

The scripts are also imported by tests and benchmarks. They are always
imported under their own names (``make_samples``, ``make_scans``) from this
folder, through `load`: make_scans' spawned workers import it by that name,
and make_samples' dataclasses must be one set of classes in a process.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

FOLDER = Path(__file__).resolve().parent


def load(name: str) -> ModuleType:
    """The sample script `name` ('make_samples', 'make_scans') as a module of that name."""
    if str(FOLDER) not in sys.path:
        sys.path.append(str(FOLDER))
    return importlib.import_module(name)
