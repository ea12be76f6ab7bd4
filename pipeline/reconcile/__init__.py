"""Unit reports checked against their plan: roster, linking, attainment, coverage and the flags."""
