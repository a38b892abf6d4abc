"""One defect, one finding: what two rules may both say about one mistake, and which of them speaks.

Two findings are of one defect when

- they have the same code and the same span (a setting inherited by each proftpd ``<VirtualHost>``
  points at one line: the finding is said once), or
- one code is listed below as covering the other, in the same file (``scope="file"``) or on the same
  line (``scope="line"``).

Rules are written so that they do not fire twice on one line (one finding per line, naming every
part); this table covers what a reader says and a model rule says again from the model.
``tests/test_one_finding_per_defect.py`` runs every fixture and the corpus against both definitions.
"""

from collections.abc import Iterable
from typing import Literal

from ftpconf.diagnostics import Diagnostic
from ftpconf.records import Record


class Covers(Record):
    code: str  # the finding that stays
    hidden: str  # the finding it makes redundant
    scope: Literal["file", "line"]
    why: str

COVERS = (
    Covers("FTP134", "FTP206", "file", "proftpd refuses the PassivePorts line; the model then has no range"),
    Covers("FTP179", "FTP206", "file", "pure-ftpd refuses the passive range; the model then has no range"),
    Covers("FTP620", "FTP304", "line", "a MasqueradeAddress name: FTP620 says what happens when it does not resolve"),
    Covers("FTP340", "FTP187", "line", "a ForcePassiveIP host name in Debian's conf/: FTP340 says what it does"),
    Covers("FTP125", "FTP111", "line", "a comment in the certificate path with TLS on: FTP125 says vsftpd refuses"),
)


def _key(diagnostic: Diagnostic, scope: str) -> tuple[str, int]:
    return (diagnostic.span.path, diagnostic.span.line if scope == "line" else 0)


# The codes that may hide another, and for each hidden code what covers it: most findings are neither, and a
# big file's tens of thousands of findings are kept without looking at each one again (bench/PROFILE.md §3).
_COVERING = frozenset(c.code for c in COVERS)
_COVERED_BY = {hidden: tuple(c for c in COVERS if c.hidden == hidden) for hidden in {c.hidden for c in COVERS}}


def one_per_defect(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings without exact repeats and without those another finding of the same defect covers."""
    unique = list({(d.code, d.span, d.message): d for d in diagnostics}.values())
    present = {(d.code, *_key(d, scope)) for d in unique if d.code in _COVERING for scope in ("file", "line")}
    if not present:
        return unique
    return [d for d in unique if not any((c.code, *_key(d, c.scope)) in present for c in _COVERED_BY.get(d.code, ()))]
