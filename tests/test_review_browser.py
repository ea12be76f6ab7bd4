"""The review page in a real browser: Playwright for Python driving Debian's Chromium, headless.

A reviewer opens the scanned plan from the queue with the keyboard, sees
the boxes over its values, corrects the tourists target with the keyboard
and watches the shortfall flags turn resolved in the reconciliation view;
a document carrying script stays inert; a stale page gets the conflict
message. Screenshots are saved in the test's tmp folder (pytest's basetemp)
as artifacts. The same behaviour is checked over plain HTTP in
test_review_api.py, so the suite still speaks if the browser drifts.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.review_ledger import fresh_copy, page_cache, review_set

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None,
                                reason="Debian's chromium is not installed (make system installs it)")
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from pipeline.review.app import create_app  # noqa: E402
from pipeline.review.security import Security  # noqa: E402
from pipeline.run.ledger import Ledger  # noqa: E402

TOURISTS = "lượt khách du lịch"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path_factory, tmp_path):
    """The review page over a fresh copy of the set, served by uvicorn on 127.0.0.1: (base URL, set)."""
    base = review_set(tmp_path_factory)
    copy = fresh_copy(base, tmp_path)
    ledger = Ledger.open(copy.out)
    port = _free_port()
    security = Security.for_server("127.0.0.1", port, {})
    app = create_app(ledger, security, out_dir=copy.out, cache_dir=page_cache(base))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):  # a start-up wait, not an assertion on time
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", copy
    srv.should_exit = srv.force_exit = True  # the browser's kept-alive connections are not waited for
    thread.join(10)
    ledger.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def _open_item(page, text: str):
    item = page.locator("li[data-testid=item]", has_text=text).first
    return item, item.get_attribute("data-item")


def test_correcting_a_scanned_plans_target_by_keyboard_resolves_its_flag(server, browser, tmp_path):
    url, copy = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/plan/{copy.plan_sha}")
    assert page.locator("[data-testid=flags] [data-kind=target_shortfall]").count() == 2
    page.screenshot(path=str(tmp_path / "1-flags-before.png"))

    page.goto(url + "/")
    page.keyboard.press("j")  # the first row: the weakest document, the scanned plan
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/doc/{copy.plan_sha}")
    boxes = page.locator("[data-testid=box]")
    assert boxes.count() >= 5
    assert page.locator(".page img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    item, key = _open_item(page, TOURISTS)
    box = page.locator(f'.box[data-item="{key}"]')
    box.click()
    assert "selected" in item.get_attribute("class")
    assert "selected" in box.get_attribute("class")
    page.keyboard.press("w")  # the scan's weak and repaired words, read again on demand
    page.locator("[data-testid=weak-word]").first.wait_for(state="attached")
    page.screenshot(path=str(tmp_path / "2-plan-boxes.png"))

    page.keyboard.press("e")
    page.keyboard.type("21.000")
    page.keyboard.press("Enter")
    page.locator("[data-testid=message]", has_text="2 flag(s) resolved").wait_for()
    # htmx settles a swapped element's class 20 ms after the swap (its settle delay), so wait for it.
    sync_api.expect(page.locator(f'li[data-item="{key}"]')).to_have_class(re.compile(r"\bst-edited\b"))
    page.screenshot(path=str(tmp_path / "3-after-edit.png"))

    page.goto(f"{url}/plan/{copy.plan_sha}")
    assert page.locator("[data-testid=flags] [data-kind=target_shortfall]").count() == 0
    resolved = page.locator("[data-testid=resolved-flag]")
    assert resolved.count() == 2
    assert "resolved by revision #1" in resolved.first.inner_text()
    page.screenshot(path=str(tmp_path / "4-flags-after.png"))

    page.locator("[data-testid=resolved-flag] a", has_text="báo cáo").first.click()  # into the report's evidence
    page.locator("[data-testid=evidence]").wait_for()


def test_a_document_carrying_script_stays_inert(server, browser, tmp_path):
    url, copy = server
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    page.goto(f"{url}/doc/{copy.hostile_sha}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert "<script>window.__pwned" in page.locator("aside.fields").inner_text()
    assert "bao-cao-<svg onload=alert(1)>.txt" in page.locator("h1").inner_text()
    page.screenshot(path=str(tmp_path / "hostile.png"))


def test_a_stale_page_is_told_of_the_conflict_and_saves_nothing(server, browser, tmp_path):
    url, copy = server
    first, second = browser.new_page(), browser.new_page()
    for page in (first, second):
        page.goto(f"{url}/doc/{copy.plan_sha}")
    for page, value in ((first, "21.000"), (second, "25.000")):
        _, key = _open_item(page, TOURISTS)
        page.locator(f'.box[data-item="{key}"]').click()
        page.keyboard.press("e")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        page.locator("[data-testid=message].ok" if page is first else "[data-testid=message].error",
                     has_text="aved" if page is first else "after you opened it").wait_for()
    second.screenshot(path=str(tmp_path / "conflict.png"))
    second.reload()
    shown = second.locator("li[data-testid=item]", has_text=TOURISTS).first.inner_text()
    assert "21.000" in shown, shown


def test_a_missed_value_is_added_by_drawing_its_box(server, browser, tmp_path):
    """`n`, then drag over the words: their text is read under the box (OCR here) and offered in the form."""
    url, copy = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/doc/{copy.plan_sha}")
    _, key = _open_item(page, TOURISTS)
    words = page.locator(f'.box[data-item="{key}"]')
    words.scroll_into_view_if_needed()
    area = words.bounding_box()
    page.keyboard.press("n")
    page.mouse.move(area["x"] - 2, area["y"] - 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] + 2, area["y"] + area["height"] + 2, steps=5)
    page.mouse.up()
    form = page.locator("#add-panel form")
    form.wait_for()
    page.wait_for_function("document.querySelector('#add-panel textarea').value.length > 0")
    assert "23.100" in form.locator("textarea[name=text]").input_value()
    form.locator("select[name=family]").select_option("results")
    form.locator("input[name=value]").fill("23.100")
    form.locator("input[name=unit]").fill("nghìn lượt")
    form.locator("button[type=submit]").click()
    sync_api.expect(page.locator('li[data-item="results[+1]"]')).to_have_class(re.compile(r"\bst-added\b"))
    assert page.locator('.box[data-item="results[+1]"]').count() == 1
    page.screenshot(path=str(tmp_path / "added.png"))
