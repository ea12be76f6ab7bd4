"""A small ledger for the review page's tests, built once a session: a scanned plan, its reports, a hostile file.

The plan is the seed plan (samples/plans/seed_19-KH-SVHTTDL.pdf) as an
office scan (samples/make_scans.py, level "clean"): its first page (number,
date, issuer) and its third (the targets: '23.100 nghìn lượt khách du lịch',
'3.350 tỷ đồng'), so the scan is read by OCR as a user's scanned plan is,
in about half the time of the whole plan. The reports are the two seed
reports that fall short of the tourists target (21.450 nghìn lượt,
samples/reports/seed/qldl_58 and ttxtdl_38). The hostile report is a plain
text file whose name, header and result carry HTML and script.

Each document goes through `process_one` (the unit of work of `vanban run`)
and the reconciliation is saved in the ledger and written to the folder as
`vanban run --plan` does. Tests work on a copy (`fresh_copy`), so their
corrections never meet.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_PLAN = ROOT / "samples" / "plans" / "seed_19-KH-SVHTTDL.pdf"
SHORT_REPORTS = [ROOT / "samples" / "reports" / "seed" / name for name in ("qldl_58-BC-QLDL.pdf",
                                                                          "ttxtdl_38-BC-TTXTDL.pdf")]
HOSTILE_NAME = "bao-cao-<svg onload=alert(1)>.txt"
HOSTILE_TEXT = """SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH
ĐỘI THÔNG TIN <script>window.__pwned = 1</script> LƯU ĐỘNG
Số: 07/BC-ĐTTLĐ
Cao Bằng, ngày 10 tháng 12 năm 2026

BÁO CÁO
Kết quả thực hiện Kế hoạch số 19/KH-SVHTTDL <img src=x onerror="window.__pwned=2">

Thực hiện Kế hoạch số 19/KH-SVHTTDL ngày 15/01/2026 của Sở Văn hóa, Thể thao và Du lịch, Đội Thông tin lưu \
động báo cáo kết quả như sau:

I. KẾT QUẢ THỰC HIỆN
1. Tổ chức 45 buổi chiếu phim lưu động <script>window.__pwned = 3</script> phục vụ 12.000 lượt người xem.

Nơi nhận:
- Sở VHTTDL;
- Lưu: VT.
ĐỘI TRƯỞNG
Nguyễn Văn A
"""


@dataclass(frozen=True)
class ReviewSet:
    out: Path  # the output folder: vanban.db, documents/, reconciliation.*
    plan: Path
    plan_sha: str
    report_shas: dict[str, str]  # file name -> sha256
    hostile_sha: str


_BUILT: dict[str, ReviewSet] = {}


def scanned_plan(folder: Path) -> Path:
    """Pages 1 and 3 of the seed plan, scanned as an office scanner would (deterministic bytes)."""
    from samples import load

    scans = load("make_scans")
    pages = [scans.scan_page(str(SEED_PLAN), index, "clean", rotate=False, signature=None, output="jpeg")
             for index in (0, 2)]
    target = folder / "seed_19-KH-SVHTTDL.scan.pdf"
    target.write_bytes(scans.image_pdf([(r["data"], r["size"][0], r["size"][1], r["params"]["width_pt"],
                                         r["params"]["height_pt"]) for r in pages]))
    return target


def review_set(tmp_path_factory: pytest.TempPathFactory) -> ReviewSet:
    if "set" in _BUILT:
        return _BUILT["set"]
    from pipeline.reconcile.flags import reconcile
    from pipeline.reconcile.linking import Located
    from pipeline.report.outputs import write_reconciliation
    from pipeline.run.document import process_one
    from pipeline.run.ledger import Ledger

    inputs = tmp_path_factory.mktemp("review-inputs")
    out = tmp_path_factory.mktemp("review-out")
    plan = scanned_plan(inputs)
    hostile = inputs / HOSTILE_NAME
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    files = [plan, *SHORT_REPORTS, hostile]
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda p: process_one(p, out), files))
    failed = [(o.path, o.reason) for o in outcomes if not o.ok]
    assert not failed, failed
    plan_doc = outcomes[0].document
    rec = reconcile(Located(str(plan), plan_doc), [Located(o.path, o.document) for o in outcomes[1:]])
    write_reconciliation(rec, out, pdf=False)
    ledger = Ledger.open(out)
    try:
        ledger.save_reconciliation(plan_doc.sha256, rec.model_dump_json())
    finally:
        ledger.close()
    _BUILT["set"] = ReviewSet(out, plan, plan_doc.sha256,
                              {Path(o.path).name: o.document.sha256 for o in outcomes[1:-1]},
                              outcomes[-1].document.sha256)
    return _BUILT["set"]


def page_cache(base: ReviewSet) -> Path:
    """One page cache for the session: rendered pages are the same bytes in every copy, render them once."""
    return base.out / "review-cache"


def fresh_copy(base: ReviewSet, tmp_path: Path) -> ReviewSet:
    """The set's output folder copied (ledger, documents, reconciliation), for one test's corrections."""
    out = tmp_path / "out"
    shutil.copytree(base.out, out, ignore=shutil.ignore_patterns("review-cache"))
    return ReviewSet(out, base.plan, base.plan_sha, base.report_shas, base.hostile_sha)
