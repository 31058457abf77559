"""The report as a PDF worth attaching: the HTML report's own page, typeset on A4 by WeasyPrint.

The PDF has the structure of the HTML report (title and provenance, the question and its answer,
the diagnosis, the key-figure table, every chart with its caption, the assumptions with their
sources, how to reproduce it) because it is made from the same template (``for_print``: the
numbers behind the charts stay in the HTML and the CSV files). Every page is A4, with the
provenance and the page number in its footer.

WeasyPrint is pure Python but draws text with the system's Pango library. Where that is missing
(:func:`engine_problem` says why), the HTML report is still written and the command says how to
get a PDF.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.results.files import write_atomic
from sim import text

A4_POINTS = (595.28, 841.89)
"""Width and height of an A4 page in PDF points (210 x 297 mm)."""
QUIET_LOGGERS = ("weasyprint", "fontTools")


def engine_problem() -> str | None:
    """Why no PDF can be made here (WeasyPrint or its system libraries missing), or None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    return None


def missing_note(lang: str) -> str | None:
    """What the user is told when the report comes without its PDF, or None when it has one."""
    problem = engine_problem()
    if problem is None:
        return None
    return text.translation(lang).gettext(
        "No PDF: WeasyPrint cannot run here ({problem}); it needs the Pango library (see its installation "
        "notes). The HTML report prints to PDF from any browser.", problem=problem)


@contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint logs every CSS property it ignores (screen-only ones) as a warning; a user
    should not see that on the terminal."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def write_pdf(page: str, path: Path, base: Path) -> Path:
    """Typeset the HTML text ``page`` (a report rendered ``for_print``) as ``path``; ``base``:
    the folder relative links resolve against (the report needs none: its images are inline)."""
    from weasyprint import HTML

    def write(target: Path) -> None:
        with _quiet():
            HTML(string=page, base_url=str(base)).write_pdf(target)

    write_atomic(path, write)
    return path
