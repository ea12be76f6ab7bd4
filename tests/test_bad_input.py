"""Bad input gets a typed error naming the file, and never stops a batch."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.errors import (
    BadInputError,
    EmptyDocumentError,
    EncryptedDocumentError,
    TooLargeError,
    UnsupportedFormatError,
    VanbanError,
)
from pipeline.ingest import identify as ingest
from pipeline.run.document import extract_file
from pipeline.run.summary import run_batch
from tests import bad_inputs
from tests.conftest import SEED_PDF


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (bad_inputs.corrupt_pdf, BadInputError),
        (bad_inputs.truncated_pdf, BadInputError),
        (bad_inputs.encrypted_pdf, EncryptedDocumentError),
        (bad_inputs.blank_pdf, EmptyDocumentError),
        (bad_inputs.empty_file, EmptyDocumentError),
        (bad_inputs.binary_junk, UnsupportedFormatError),
        (bad_inputs.legacy_doc, UnsupportedFormatError),
        (bad_inputs.zip_not_docx, UnsupportedFormatError),
        (bad_inputs.legacy_encoded_text, BadInputError),
    ],
)
def test_bad_file_raises_typed_error_naming_it(tmp_path, make, error):
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        extract_file(path)
    assert caught.value.path == str(path)
    assert path.name in str(caught.value)
    assert caught.value.reason


def test_missing_file_is_a_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="not found"):
        extract_file(tmp_path / "nowhere.pdf")


def test_kind_comes_from_content_not_extension(tmp_path):
    disguised = tmp_path / "ke-hoach.docx"
    shutil.copy(SEED_PDF, disguised)
    assert extract_file(disguised).number == "19/KH-SVHTTDL"


def test_oversized_file_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    with pytest.raises(TooLargeError, match="limit"):
        extract_file(SEED_PDF)


def test_docx_that_expands_too_far_is_refused_as_zip_bomb(tmp_path, monkeypatch):
    docx = next((SEED_PDF.parent).glob("*.docx"))
    monkeypatch.setattr(ingest, "MAX_DOCX_UNCOMPRESSED", 10_000)
    with pytest.raises(TooLargeError, match="zip bomb"):
        extract_file(docx)


def test_batch_with_bad_files_finishes_the_good_ones(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = inbox / "Kế hoạch 19 (bản chính thức) ; 'x'.pdf"  # a name with spaces, quotes and Vietnamese
    shutil.copy(SEED_PDF, good)
    bad = [bad_inputs.corrupt_pdf(inbox), bad_inputs.encrypted_pdf(inbox), bad_inputs.empty_file(inbox),
           bad_inputs.blank_pdf(inbox)]
    out = tmp_path / "out"
    outcomes = run_batch([inbox], out)

    by_name = {o.path.rsplit("/", 1)[-1]: o for o in outcomes}
    assert by_name[good.name].ok and by_name[good.name].document.number == "19/KH-SVHTTDL"
    failed = [o for o in outcomes if not o.ok]
    assert sorted(o.path for o in failed) == sorted(str(p) for p in bad)
    assert {o.error_kind for o in failed} == {"bad_input", "encrypted", "empty"}
    reasons = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert len(reasons) == 4 and all(r["reason"] for r in reasons)
    notes = {json.loads(p.read_text(encoding="utf-8"))["file"]: p for p in (out / "quarantine").glob("*.reason.json")}
    for path in bad:  # each bad file is kept, with a note saying why
        note = notes[str(path)]
        copy = note.with_name(note.name.removesuffix(".reason.json"))
        assert copy.read_bytes() == path.read_bytes() and copy.name.startswith(path.stem)
    written = list((out / "documents").glob("*.json"))
    assert len(written) == 1 and "19" in written[0].name
    assert "19/KH-SVHTTDL" in (out / "summary.csv").read_text(encoding="utf-8-sig")


def test_a_bug_in_one_document_is_recorded_not_raised(tmp_path, monkeypatch):
    import pipeline.run.document as document

    def explode(*_args, **_kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(document, "extract_pages", explode)
    outcomes = run_batch([SEED_PDF], tmp_path)
    assert outcomes[0].error_kind == "internal_error" and "simulated bug" in outcomes[0].reason


def test_every_error_kind_is_a_vanban_error():
    for error in (BadInputError, EmptyDocumentError, EncryptedDocumentError, TooLargeError, UnsupportedFormatError):
        assert issubclass(error, VanbanError) and error.kind != VanbanError.kind


def test_a_json_file_beside_the_documents_is_data_not_a_document(tmp_path):
    # make_scans.py leaves `<scan>.pdf.json` beside each scan; vanban's own documents/*.json look the same.
    sidecar = tmp_path / "vps_112-BC-VP.pdf.json"
    sidecar.write_text(json.dumps({"number": "112/BC-VP", "title": "Báo cáo kết quả"}, ensure_ascii=False))
    with pytest.raises(UnsupportedFormatError, match="JSON data file"):
        extract_file(sidecar)
