"""The reconciliation HTML page in a real browser: Debian's Chromium, headless, no Python browser package.

Chromium loads a copy of the page with a probe script appended; the probe
measures the laid-out page (chart size, bars drawn, flag rows visible) and
writes what it saw into a <body> attribute, which `--dump-dom` prints. The
page's own script records errors (`data-script-errors`) and that it ran
(`data-ready`); Chromium's stderr log must not show an uncaught error. A
screenshot of the real page is saved to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from pipeline.report.outputs import write_reconciliation
from tests.test_reconcile_outputs import sample_reconciliation

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TIMEOUT = 120

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (make system installs it)"
)

# Runs after the page's own scripts; reports only what a reader would see laid out on screen.
PROBE = """
<script>
window.addEventListener('load', function () {
  function size(el) { if (!el) return [0, 0]; var r = el.getBoundingClientRect(); return [r.width, r.height]; }
  var svg = document.querySelector('#chart svg.attainment');
  var bars = svg ? Array.prototype.slice.call(svg.querySelectorAll('g.bar')) : [];
  var rows = Array.prototype.slice.call(document.querySelectorAll('#flag-table tbody tr.flag'));
  var filter = document.getElementById('flag-filter');
  document.body.setAttribute('data-probe', JSON.stringify({
    chart: size(svg),
    bars: bars.length,
    barsDrawn: bars.filter(function (g) { var s = size(g.querySelector('rect')); return s[0] > 0 && s[1] > 0; }).length,
    flagTable: size(document.getElementById('flag-table')),
    flagRows: rows.length,
    flagRowsVisible: rows.filter(function (r) { var s = size(r); return s[0] > 0 && s[1] > 0; }).length,
    filterShown: !!filter && !filter.hidden && size(filter)[1] > 0
  }));
});
</script>
"""


class BodyAttributes(HTMLParser):
    """The attributes of <body> in the DOM Chromium dumped."""

    def __init__(self) -> None:
        super().__init__()
        self.body: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.body = dict(attrs)


def chromium(url: str, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once on `url`, offline and with a throw-away profile."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, url,
    ]
    env = dict(os.environ, HOME=str(profile))  # keep Chromium's caches out of the real home
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)


def rendered_body(page: Path, profile: Path) -> tuple[dict[str, str | None], str]:
    """The page's <body> attributes after load, and Chromium's log."""
    run = chromium(page.as_uri(), "--virtual-time-budget=2000", "--dump-dom", profile=profile)
    assert run.returncode == 0, run.stderr[-2000:]
    parser = BodyAttributes()
    parser.feed(run.stdout)
    assert parser.body, f"no <body> in the dumped DOM: {run.stdout[:500]!r}"
    return parser.body, run.stderr


def with_probe(html_path: Path, probe_path: Path) -> Path:
    html = html_path.read_text(encoding="utf-8")
    assert html.count("</body>") == 1
    probe_path.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    return probe_path


def test_page_renders_chart_and_flags_without_script_errors(tmp_path: Path) -> None:
    rec = sample_reconciliation(tmp_path)
    paths = write_reconciliation(rec, tmp_path / "out")
    probe_page = with_probe(paths["html"], tmp_path / "out" / "probe.html")
    body, log = rendered_body(probe_page, tmp_path / "profile")

    assert body.get("data-script-errors") == "0", log[-2000:]
    assert body.get("data-ready") == "1", "the page's script did not run to its end"
    assert "Uncaught" not in log, log[-2000:]
    seen = json.loads(body.get("data-probe") or "{}")
    assert seen, "the probe did not run"
    width, height = seen["chart"]
    assert width > 300 and height > 50, seen
    assert seen["bars"] == seen["barsDrawn"] == len(rec.targets), seen
    assert seen["flagTable"][1] > 0, seen
    assert seen["flagRows"] == seen["flagRowsVisible"] == len(rec.flags), seen
    assert seen["filterShown"], seen

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "reconciliation.png"
    shot.unlink(missing_ok=True)
    run = chromium(paths["html"].as_uri(), "--virtual-time-budget=2000", f"--screenshot={shot}",
                   "--window-size=1280,2000", profile=tmp_path / "profile")
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        extrema = image.convert("L").getextrema()
        assert extrema[1] - extrema[0] > 100, "the screenshot is blank"
    shutil.copy(paths["html"], ARTIFACTS / "reconciliation.html")
    print(f"\nscreenshot: {shot}\npage: {ARTIFACTS / 'reconciliation.html'}")


def test_the_error_check_sees_a_throwing_script(tmp_path: Path) -> None:
    """The checks above can fail: a page whose script throws is caught by both the counter and the log."""
    paths = write_reconciliation(sample_reconciliation(tmp_path), tmp_path / "out")
    html = paths["html"].read_text(encoding="utf-8")
    broken = tmp_path / "out" / "broken.html"
    broken.write_text(html.replace("</body>", "<script>undefinedFunction();</script></body>"), encoding="utf-8")
    body, log = rendered_body(broken, tmp_path / "profile")
    assert body.get("data-script-errors") == "1"
    assert "Uncaught" in log
