"""Page images to words with boxes: preprocessing, Tesseract, ruled tables, second looks and repairs."""
