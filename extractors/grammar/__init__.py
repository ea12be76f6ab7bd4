"""Shared Vietnamese grammar for numbers, units, dates and document numbers.

Pure functions over normalized text (NFC, modern tone placement, "-" for dashes). Every match carries a
character span into the input and the exact matched text, so callers can build provenance from it.
"""

from .dates import DateMention, date_shaped_spans, find_date_ranges, find_dates, to_iso
from .docnumbers import DocNumber, find_doc_numbers, parse_doc_number
from .numbers import SCALES, Quantity, find_quantities, non_quantity_spans, parse_number
from .units import UNITS, base_unit_of, units_compatible

__all__ = [
    "SCALES",
    "UNITS",
    "DateMention",
    "DocNumber",
    "Quantity",
    "base_unit_of",
    "date_shaped_spans",
    "find_date_ranges",
    "find_dates",
    "find_doc_numbers",
    "find_quantities",
    "non_quantity_spans",
    "parse_doc_number",
    "parse_number",
    "to_iso",
    "units_compatible",
]
