"""The base of every model in `schemas`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """A pydantic model whose validator is built when it is first used, not when its module is imported.

    Why: importing any model imports them all (`schemas/__init__.py`), and
    `vanban text` needs only the page model. Building the extraction and
    reconciliation validators it never uses cost 0.04-0.06 s CPU of every
    start of that command (bench/ocr_real_diagnosis.md, "Cost, fifth look").
    A process that does use them pays the same, once, on first use.
    """

    model_config = ConfigDict(defer_build=True)
