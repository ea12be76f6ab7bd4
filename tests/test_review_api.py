"""The review page over plain HTTP (FastAPI's TestClient): every action, its refusals, and what it changes.

Runs on a scanned plan, two reports that fall short of its tourists target
and a hostile text file (tests/review_ledger.py). What a reviewer cares
about: the values are listed with their boxes, a correction is stored as a
revision by the logged-in reviewer and flows into the reconciliation and
the exports, and a bad correction, a forged request or a stale page stores
nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.review_ledger import fresh_copy, page_cache, review_set

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from pipeline.ocr.tesseract import TesseractTimeout  # noqa: E402
from pipeline.review import pages as review_pages  # noqa: E402
from pipeline.review.app import create_app  # noqa: E402
from pipeline.review.security import LOOPBACK_NAMES, ConfigError, Security  # noqa: E402
from pipeline.run.ledger import Ledger  # noqa: E402
from pipeline.run.revisions import revisions_of, revisions_table  # noqa: E402

TOURISTS = "lượt khách du lịch"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return review_set(tmp_path_factory)


@pytest.fixture
def site(base, tmp_path):
    """A review server over a fresh copy of the set: (client, ledger, set)."""
    copy = fresh_copy(base, tmp_path)
    ledger = Ledger.open(copy.out)
    security = Security(allowed_hosts=LOOPBACK_NAMES | {"testserver"}, local_user="lan")
    app = create_app(ledger, security, out_dir=copy.out, cache_dir=page_cache(base))
    client = TestClient(app)
    client.headers["X-CSRF-Token"] = security.csrf_token("lan")
    yield client, ledger, copy
    ledger.close()


def _item(html: str, key: str) -> str:
    """The <li> of one value in a document page."""
    match = re.search(rf'<li class="item[^"]*"\s+id="[^"]+" data-item="{re.escape(key)}".*?</li>', html, re.S)
    assert match, f"no value {key} on the page"
    return match.group(0)


def _version(html: str, key: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', _item(html, key)).group(1))


def _target_key(client, sha: str, metric: str) -> str:
    html = client.get(f"/doc/{sha}").text
    for key in re.findall(r'data-item="(targets\[\d+\])"', html):
        if metric in _item(html, key):
            return key
    raise AssertionError(f"no target {metric!r}")


def _count(ledger: Ledger) -> int:
    with ledger.engine.connect() as db:
        return db.execute(sa.select(sa.func.count()).select_from(revisions_table)).scalar()


def test_queue_lists_every_document_weakest_first_with_filters_and_counts(site):
    client, _, copy = site
    page = client.get("/")
    assert page.status_code == 200
    order = re.findall(r'<tr class="queue-row[^"]*" data-href="/doc/([0-9a-f]{64})"', page.text)
    assert set(order) == {copy.plan_sha, copy.hostile_sha, *copy.report_shas.values()}
    confidences = [int(c) for c in re.findall(r'<td class="conf">(\d+)%</td>', page.text)]
    assert confidences == sorted(confidences)
    assert order[0] == copy.plan_sha  # the OCR'd plan holds the weakest values
    assert "target_shortfall" in page.text and f"/plan/{copy.plan_sha}" in page.text
    plans_only = client.get("/", params={"doc_type": "ke_hoach"}).text
    assert re.findall(r'data-href="/doc/([0-9a-f]{64})"', plans_only) == [copy.plan_sha]
    flagged = client.get("/", params={"flag": "target_shortfall"}).text
    assert set(re.findall(r'data-href="/doc/([0-9a-f]{64})"', flagged)) == {copy.plan_sha,
                                                                          *copy.report_shas.values()}
    assert re.search(r"<strong>4</strong> văn bản còn cần rà soát", page.text)


def test_document_page_boxes_every_value_on_its_scanned_page(site):
    client, _, copy = site
    html = client.get(f"/doc/{copy.plan_sha}").text
    boxes = re.findall(r'class="box fam-(\w+)[^"]*"\s+id="b-[^"]+" data-item="([^"]+)"[^>]*style="left: ([\d.]+)%; '
                       r'top: ([\d.]+)%; width: ([\d.]+)%; height: ([\d.]+)%', html)
    families = {family for family, *_ in boxes}
    assert {"targets", "header"} <= families
    for _, _, left, top, width, height in boxes:  # page-relative: inside the page at any zoom
        assert float(left) >= 0 and float(left) + float(width) <= 100.5
        assert float(top) >= 0 and float(top) + float(height) <= 100.5
    tourists = _target_key(client, copy.plan_sha, TOURISTS)
    assert f'data-item="{tourists}"' in html.split('<aside class="fields">')[0]  # its box is on the page
    assert "23100" in _item(html, tourists)  # the value as a reviewer types it, in the edit form
    assert not re.findall(r'<li class="item[^"]* repaired[^"]*".*?</li>', html, re.S)  # this scan reads clean


def test_an_ocr_repair_is_marked_on_its_value(site):
    """A value whose words OCR repaired (provenance `changes`, as on worn scans: 'Băng' -> 'Bằng') is marked, and
    the repair is named. The clean scan of the set reads without repairs, so one is recorded on its place."""
    client, ledger, copy = site
    document = ledger.extraction(copy.plan_sha)
    document.field_provenance["place"].changes.append("Băng -> Bằng")
    ledger.finish(copy.plan_sha, document)
    html = client.get(f"/doc/{copy.plan_sha}").text
    repaired = re.findall(r'<li class="item[^"]* repaired[^"]*".*?</li>', html, re.S)
    assert len(repaired) == 1 and "Băng" in repaired[0]
    for entry in repaired:  # the repaired word itself is marked in the source text, the repair listed
        assert re.search(r'<div class="source">[^<]*<mark title="[^"]+">[^<]+</mark>', entry)
        assert '<ul class="changes"' in entry
    image = client.get(f"/page/{copy.plan_sha}/2.png")
    assert image.status_code == 200 and image.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/page/{copy.plan_sha}/9.png").status_code == 404


def test_editing_the_plans_target_resolves_the_shortfall_flags_and_rewrites_the_exports(site):
    client, ledger, copy = site
    key = _target_key(client, copy.plan_sha, TOURISTS)
    html = client.get(f"/doc/{copy.plan_sha}").text
    answer = client.post(f"/doc/{copy.plan_sha}/act", data={
        "item": key, "action": "edit", "version": _version(html, key), "value": "21.000", "reason": "đọc lại bản giấy"})
    assert answer.status_code == 200, answer.text
    assert "2 flag(s) resolved" in answer.text
    (rev,) = revisions_of(ledger.engine, [copy.plan_sha])[copy.plan_sha]
    assert (rev.field, rev.old_value, rev.new_value, rev.reviewer, rev.reason) == (
        f"{key}.value", 23100.0, 21000.0, "lan", "đọc lại bản giấy")
    extracted = ledger.extraction(copy.plan_sha).targets[int(key[8:-1])].provenance
    assert (rev.page, rev.box) == (extracted.page, extracted.bbox)  # the value's box, kept with the revision
    plan_page = client.get(f"/plan/{copy.plan_sha}").text
    assert "target_shortfall" not in re.search(r'data-testid="flags">(.*?)</ol>', plan_page, re.S).group(1)
    resolved = re.findall(r'data-testid="resolved-flag" data-kind="(\w+)".*?resolved by revision #(\d+)', plan_page,
                          re.S)
    assert resolved == [("target_shortfall", str(rev.id))] * 2
    saved = json.loads((copy.out / "reconciliation.json").read_text(encoding="utf-8"))
    assert not [f for f in saved["flags"] if f["kind"] == "target_shortfall"]
    (exported,) = (copy.out / "documents").glob(f"*.{copy.plan_sha[:12]}.json")
    target = json.loads(exported.read_text(encoding="utf-8"))["targets"][int(key[8:-1])]
    assert (target["value"], target["base_value"]) == (21000.0, 21_000_000.0)  # the scale word kept: nghìn


@pytest.mark.parametrize(("field", "typed", "why"), [
    ("value", "hai mươi", "is not a number"),
    ("unit", "con mèo bay", "is not a unit vanban knows"),
])
def test_an_invalid_edit_is_refused_with_its_reason_and_nothing_is_stored(site, field, typed, why):
    client, ledger, copy = site
    key = _target_key(client, copy.plan_sha, TOURISTS)
    answer = client.post(f"/doc/{copy.plan_sha}/act", data={"item": key, "action": "edit", "version": 0,
                                                             field: typed})
    assert answer.status_code == 422
    assert why in answer.text and 'data-testid="message"' in answer.text
    assert _count(ledger) == 0


def test_an_invalid_date_is_refused(site):
    client, ledger, copy = site
    answer = client.post(f"/doc/{copy.plan_sha}/act", data={"item": "issued_date", "action": "edit", "version": 0,
                                                             "issued_date": "31/02/2026"})
    assert answer.status_code == 422 and "is not a date" in answer.text
    assert _count(ledger) == 0


def test_accept_and_reject_are_revisions_and_reject_drops_the_value_everywhere(site):
    client, ledger, copy = site
    key = _target_key(client, copy.plan_sha, "doanh thu")
    assert client.post(f"/doc/{copy.plan_sha}/act",
                       data={"item": key, "action": "accept", "version": 0}).status_code == 200
    assert client.post(f"/doc/{copy.plan_sha}/act",
                       data={"item": key, "action": "reject", "version": 1}).status_code == 200
    actions = [r.action for r in revisions_of(ledger.engine, [copy.plan_sha])[copy.plan_sha]]
    assert actions == ["accept", "reject"]
    saved = json.loads((copy.out / "reconciliation.json").read_text(encoding="utf-8"))
    assert "doanh thu" not in [t["metric"] for t in saved["targets"]]
    assert "st-rejected" in _item(client.get(f"/doc/{copy.plan_sha}").text, key)


def test_a_missed_value_is_added_from_a_drawn_box_read_by_ocr(site):
    client, ledger, copy = site
    key = _target_key(client, copy.plan_sha, TOURISTS)
    html = client.get(f"/doc/{copy.plan_sha}").text
    assert "st-extracted" in _item(html, key)
    document = ledger.extraction(copy.plan_sha)
    box = document.targets[int(key[8:-1])].provenance.bbox
    read = client.post(f"/doc/{copy.plan_sha}/read-box", data={"page": 2, "x0": box.x0, "y0": box.y0,
                                                                "x1": box.x1, "y1": box.y1})
    assert read.status_code == 200 and "23.100" in read.json()["text"] and read.json()["source"] == "ocr"
    added = client.post(f"/doc/{copy.plan_sha}/add", data={
        "family": "results", "page": 2, "x0": box.x0, "y0": box.y0, "x1": box.x1, "y1": box.y1,
        "text": read.json()["text"], "source": "ocr", "value": "23.100", "unit": "nghìn lượt"})
    assert added.status_code == 200, added.text
    assert 'data-item="results[+1]"' in added.text
    (rev,) = revisions_of(ledger.engine, [copy.plan_sha])[copy.plan_sha]
    assert rev.action == "add" and rev.new_value["base_value"] == 23_100_000 and rev.page == 2


def test_accept_all_above_a_confidence_leaves_the_weaker_values(site):
    client, ledger, copy = site
    answer = client.post(f"/doc/{copy.plan_sha}/accept-above", data={"threshold": "0.95"})
    assert answer.status_code == 200
    document = ledger.extraction(copy.plan_sha)
    accepted = {r.item for r in revisions_of(ledger.engine, [copy.plan_sha])[copy.plan_sha]}
    weak = {f"targets[{i}]" for i, t in enumerate(document.targets) if t.provenance.confidence < 0.95}
    assert accepted and not accepted & weak
    assert f"{len(accepted)} values accepted" in answer.text


def test_a_change_without_the_csrf_token_is_refused(site):
    client, ledger, copy = site
    answer = client.post(f"/doc/{copy.plan_sha}/act", data={"item": "number", "action": "accept", "version": 0},
                         headers={"X-CSRF-Token": ""})
    assert answer.status_code == 403
    forged = client.post(f"/doc/{copy.plan_sha}/act", data={"item": "number", "action": "accept", "version": 0},
                         headers={"X-CSRF-Token": "0" * 64})
    assert forged.status_code == 403
    assert _count(ledger) == 0


def test_two_reviewers_on_one_value_the_second_gets_a_conflict_not_an_overwrite(site):
    client, ledger, copy = site
    key = _target_key(client, copy.plan_sha, TOURISTS)
    first = client.post(f"/doc/{copy.plan_sha}/act", data={"item": key, "action": "edit", "version": 0,
                                                            "value": "21.000"})
    assert first.status_code == 200
    second = client.post(f"/doc/{copy.plan_sha}/act", data={"item": key, "action": "edit", "version": 0,
                                                             "value": "25.000"})
    assert second.status_code == 409
    assert "lan (edit, " in second.text and "changed this value to 21000.0 after you opened it" in second.text
    assert [r.new_value for r in revisions_of(ledger.engine, [copy.plan_sha])[copy.plan_sha]] == [21000.0]


def test_document_text_is_escaped(site):
    client, _, copy = site
    queue = client.get("/").text
    html = client.get(f"/doc/{copy.hostile_sha}").text
    for page in (queue, html):
        assert "<svg onload" not in page and "&lt;svg onload=alert(1)&gt;" in page
    assert "<script>window.__pwned" not in html and "&lt;script&gt;window.__pwned" in html
    assert '<img src=x onerror' not in html
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_a_foreign_host_header_is_refused(site):
    client, _, _ = site
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400


def test_with_reviewers_configured_the_name_comes_from_the_login(base, tmp_path):
    copy = fresh_copy(base, tmp_path)
    ledger = Ledger.open(copy.out)
    security = Security.for_server("0.0.0.0", 8000, {"mai": "secret-of-mai"})
    security.allowed_hosts |= {"testserver"}
    client = TestClient(create_app(ledger, security, out_dir=copy.out, cache_dir=page_cache(base)))
    assert client.get("/").status_code == 401
    assert client.get("/", auth=("mai", "wrong-secret")).status_code == 401
    answer = client.post(f"/doc/{copy.plan_sha}/act", auth=("mai", "secret-of-mai"),
                         data={"item": "number", "action": "accept", "version": 0, "reviewer": "someone-else"},
                         headers={"X-CSRF-Token": security.csrf_token("mai")})
    assert answer.status_code == 200
    assert [r.reviewer for r in revisions_of(ledger.engine, [copy.plan_sha])[copy.plan_sha]] == ["mai"]
    ledger.close()


def test_beyond_loopback_it_refuses_to_start_without_reviewers(tmp_path, monkeypatch):
    monkeypatch.delenv("VANBAN_REVIEW_TOKEN", raising=False)
    monkeypatch.delenv("VANBAN_REVIEW_USERS", raising=False)
    with pytest.raises(ConfigError, match="refusing to listen on 0.0.0.0"):
        Security.for_server("0.0.0.0", 8000, {})
    done = subprocess.run([str(Path(sys.executable).with_name("vanban")), "review", "--out", str(tmp_path),
                           "--host", "0.0.0.0"], capture_output=True, text=True, check=False,
                          env={k: v for k, v in __import__("os").environ.items() if not k.startswith("VANBAN_REVIEW")})
    assert done.returncode == 2 and "refusing to listen on 0.0.0.0" in done.stderr


def test_vanban_runs_next_outputs_carry_the_reviewed_value(site):
    """`process_one` (each document of `vanban run`) reads the ledger through the revisions: reviewed wins."""
    from pipeline.run.document import process_one

    client, _, copy = site
    key = _target_key(client, copy.plan_sha, TOURISTS)
    assert client.post(f"/doc/{copy.plan_sha}/act", data={"item": key, "action": "edit", "version": 0,
                                                           "value": "21.000"}).status_code == 200
    outcome = process_one(copy.plan, copy.out)
    assert outcome.cached
    target = outcome.document.targets[int(key[8:-1])]
    assert (target.value, target.base_value, target.provenance.confidence) == (21000.0, 21_000_000.0, 1.0)


def test_weak_and_repaired_words_of_a_scanned_page_are_given_at_their_boxes(site):
    """On demand the page is read again as extraction read it: its weak and repaired words come back at
    page-relative boxes; a text document has no page image and none."""
    client, ledger, copy = site
    document = ledger.extraction(copy.plan_sha)
    place = document.field_provenance["place"]
    words = client.get(f"/page/{copy.plan_sha}/{place.page}/weak-words").json()
    for word in words:  # page-relative boxes, like the values'
        assert word["left"] >= 0 and word["left"] + word["width"] <= 100.5
        assert word["top"] >= 0 and word["top"] + word["height"] <= 100.5
    assert client.get(f"/page/{copy.hostile_sha}/1/weak-words").json() == []  # a text file: no scan, none


def test_a_box_ocr_cannot_read_says_why_instead_of_offering_an_empty_text(site, monkeypatch):
    client, ledger, copy = site
    key = _target_key(client, copy.plan_sha, TOURISTS)
    box = ledger.extraction(copy.plan_sha).targets[int(key[8:-1])].provenance.bbox

    def times_out(*args, **kwargs):  # noqa: ANN002, ANN003
        raise TesseractTimeout("OCR timed out after 20 s")

    monkeypatch.setattr(review_pages, "read_text", times_out)
    read = client.post(f"/doc/{copy.plan_sha}/read-box", data={"page": 2, "x0": box.x0, "y0": box.y0,
                                                                "x1": box.x1, "y1": box.y1})
    assert read.status_code == 200 and read.json()["text"] == ""
    error = read.json()["error"]
    assert ledger.extraction(copy.plan_sha).file in error and "page 2" in error and "timed out" in error
