"""Files to pages: what a file really is, and its readers (PDF, DOCX, text, images), OCR'ing what needs it."""
