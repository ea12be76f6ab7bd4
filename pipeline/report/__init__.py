"""What a reconciliation is written as: JSON, CSV, XLSX and the HTML page."""
