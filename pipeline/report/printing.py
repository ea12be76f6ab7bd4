"""PDFs for printing and signing: the HTML report through Chromium's print mode, the draft report through LibreOffice.

Both are Debian programs run headless, offline, with a throw-away profile:
Chromium (`chromium`, in the Makefile's packages) prints the page as it is
laid out for print (A4 landscape, the fonts it used embedded); LibreOffice
(`soffice`, optional) converts the DOCX when it is installed. A program that
is missing or fails leaves its PDF out and says why; the other outputs
stand, since neither PDF holds anything the HTML and DOCX do not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT = 180  # seconds: a cold start of either program on a busy 2-core machine takes several


def find_program(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def print_html(html: Path, pdf: Path) -> str | None:
    """`html` printed to `pdf` by headless Chromium; None when done, else why not."""
    chromium = find_program(CHROMIUM_NAMES)
    if chromium is None:
        return "Chromium is not installed (apt-get install chromium)"
    with tempfile.TemporaryDirectory(prefix="vanban-chromium-") as profile:
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", "--virtual-time-budget=5000",
            f"--print-to-pdf={pdf}", html.resolve().as_uri(),
        ]
        return _run(command, pdf, dict(os.environ, HOME=profile))


def convert_docx(docx: Path, pdf: Path) -> str | None:
    """`docx` converted to `pdf` (same folder, same stem) by headless LibreOffice; None when done, else why not."""
    soffice = find_program(SOFFICE_NAMES)
    if soffice is None:
        return "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
    if pdf.parent.resolve() != docx.parent.resolve() or pdf.stem != docx.stem:
        raise ValueError("LibreOffice writes the PDF beside the DOCX, under its name")
    with tempfile.TemporaryDirectory(prefix="vanban-soffice-") as profile:
        command = [
            soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(pdf.parent), str(docx),
        ]
        return _run(command, pdf, dict(os.environ, HOME=profile))


def _run(command: list[str], pdf: Path, env: dict[str, str]) -> str | None:
    pdf.unlink(missing_ok=True)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{Path(command[0]).name} failed: {exc}"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return f"{Path(command[0]).name} wrote no PDF (exit {done.returncode}): {' '.join(tail)[:300]}"
    return None
