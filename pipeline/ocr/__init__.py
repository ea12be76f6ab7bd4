"""Page images to words with boxes: preprocessing, Tesseract, ruled tables, second looks and repairs."""

import os


def _one_thread_per_native_library() -> None:
    """Keep the native libraries' own thread pools to one thread (a user's own setting wins).

    Why: vanban already reads one page per core (`engine.workers`), so a pool
    inside a library only adds threads that wait, and on a small machine they
    cost CPU. Both are read once, when the library loads, hence here, before
    any module of this package imports numpy or Tesseract (a process that
    loaded numpy before, as a Dask worker does through `distributed`, keeps
    its pool: it pays the start once, not once a page):
    - OpenBLAS, which numpy loads on import, starts a pool of one thread per core
      that spins while it starts: 0.10-0.15 s CPU of every `vanban text` process
      on the 2-core machine, for a package that does no linear algebra
      (bench/ocr_real_diagnosis.md, "Cost, fifth look");
    - Tesseract's OpenMP threads slow a page down on 2 cores (OCRmyPDF sets the
      same limit for the same reason).
    """
    for variable in ("OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


_one_thread_per_native_library()
