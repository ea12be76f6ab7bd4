"""Document numbers: the grammar lives in `pipeline.text.docnumbers`.

The structure stage reads a document's own number to decide its type before
any extractor runs, so the number grammar sits in the text layer below the
extractors; it is re-exported here so the grammar package stays the one
place extractors import Vietnamese number, date and symbol rules from.
"""

from pipeline.text.docnumbers import DocNumber, find_doc_numbers, parse_doc_number

__all__ = ["DocNumber", "find_doc_numbers", "parse_doc_number"]
