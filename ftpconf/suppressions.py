"""Inline suppressions: ``# ftpconf: disable=FTP201`` on its own line, ``# ftpconf: disable-file=…``.

A suppression must be a line the daemon itself reads as a comment, so that adding one never changes
what the daemon does:

- vsftpd: only a line whose *first byte* is ``#`` (an indented ``# …`` is a setting vsftpd refuses,
  reported as FTP105, and is not honoured here);
- proftpd and pure-ftpd.conf: ``#`` after optional blanks.

``disable=`` applies to the next setting line (blank and comment lines in between are skipped, so
several suppressions can stack).  In proftpd the next directive may span continuation lines, and
when it opens a section (``<Limit PASV>``) the suppression covers the whole section, closer
included, as shellcheck's does for a block.  ``disable-file=`` covers every finding in its file.
Codes are full codes (``FTP201``), prefixes (``FTP2``) or ``all``.

Pure-ftpd command-line files (``*.cmdline``) and Debian's one-value-per-file conf directory have no
comments, so no suppressions.  A suppression that silences nothing is reported (FTP001), and so is
one that is malformed or names no known rule (FTP002).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ftpconf.diagnostics import Diagnostic, Edit, Fix, define
from ftpconf.dialects.comments import Comment
from ftpconf.source import Span

UNUSED = define(
    "FTP001 unused-suppression info: a `# ftpconf: disable=` comment silences no finding",
    """
    The suppression names a code that is not reported at the line it applies to (the next setting
    line, or the whole file for `disable-file=`).  The problem it once hid was fixed, the setting
    moved, or the code is wrong.  A stale suppression would silently hide the next real finding
    there, so remove it (the automatic fix deletes a comment whose codes are all unused).

        # ftpconf: disable=FTP201
        pasv_enable=YES

    Here FTP201 (an inverted passive port range) can never be reported on `pasv_enable`.
    """,
    fixable=True,
)

INVALID = define(
    "FTP002 invalid-suppression warning: a `# ftpconf:` comment is malformed or names no known rule",
    """
    A comment starting with `# ftpconf:` must read `# ftpconf: disable=CODES` or
    `# ftpconf: disable-file=CODES`, where CODES is a comma-separated list of rule codes
    (`FTP201`), code prefixes (`FTP2`) or `all`.  A misspelt directive or code silences nothing,
    so the finding it was meant to hide is still reported.  `ftpconf rules` lists the codes.

        # ftpconf: disable FTP201      (missing `=`)
        # ftpconf: disable=FTP2O1      (letter O, not zero)
    """,
)

_MARKER = re.compile(r"[ \t\f\v\r]*#\s*ftpconf\s*:", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"[ \t\f\v\r]*#\s*ftpconf\s*:\s*(?P<kind>disable-file|disable)\s*=\s*"
    r"(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)(?P<rest>.*)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_CODE_SHAPE = re.compile(r"FTP\d{1,3}")


@dataclass
class Token:
    """One code of a suppression and whether it silenced anything."""

    text: str
    column: int  # 1-based, in its line
    used: bool = False

    def matches(self, code: str) -> bool:
        from ftpconf.registry import selects

        key = self.text.upper()
        return key == "ALL" or selects(key, code)


@dataclass
class Suppression:
    path: str
    line: int
    offset: int  # of the comment line in the file's text
    raw_length: int  # the line with its newline, for the fix that deletes it
    text: str
    tokens: list[Token]
    lines: range | None  # the lines it covers; None: the whole file
    codes_end: int = 0  # column after the last code
    # What is wrong, and the columns it covers (None: the whole suppression up to its codes).
    problems: list[tuple[str, tuple[int, int] | None]] = field(default_factory=list)


def apply(path: str, dialect: str, diagnostics: list[Diagnostic], texts: dict[str, str]) -> list[Diagnostic]:
    """Drop the findings that suppressions in ``texts`` silence; add FTP001/FTP002 for bad ones."""
    from ftpconf.dialects import registry

    code = registry.get(dialect).code
    suppressions: list[Suppression] = []
    for file, text in texts.items():
        if "ftpconf" in text and code.has_comments(path, file):
            suppressions.extend(_scan(file, code.comments(text)))
    if not suppressions:
        return diagnostics
    by_path: dict[str, list[Suppression]] = {}
    for suppression in suppressions:
        by_path.setdefault(suppression.path, []).append(suppression)
    kept = [d for d in diagnostics if not _silence(d, by_path.get(d.span.path, ()))]
    return kept + list(_findings(suppressions))


def _silence(diagnostic: Diagnostic, suppressions: Iterable[Suppression]) -> bool:
    silenced = False
    for suppression in suppressions:
        if suppression.lines is not None and diagnostic.span.line not in suppression.lines:
            continue
        for token in suppression.tokens:
            if token.matches(diagnostic.code):
                token.used = True  # every matching token counts as used, not only the first
                silenced = True
    return silenced


def _scan(path: str, comments: list[Comment]) -> list[Suppression]:
    found = []
    for comment in comments:
        if not _MARKER.match(comment.text):
            continue
        found.append(_parse(path, comment))
    return found


_FILE = "disable-file"


def _parse(path: str, comment: Comment) -> Suppression:
    match = _DIRECTIVE.match(comment.text)
    base = Suppression(path, comment.number, comment.offset, comment.raw_length, comment.text, [], comment.covers)
    if match is None:
        base.problems.append((f"malformed suppression: write `# ftpconf: disable=CODE[,CODE…]` or `{_FILE}=`", None))
        return base
    if match["kind"].lower() == "disable-file":
        base.lines = None
    start = match.start("codes")
    base.tokens = [Token(t.group(0), start + t.start() + 1) for t in _TOKEN.finditer(match["codes"])]
    base.codes_end = match.end("codes") + 1
    known = _known_codes()
    for token in base.tokens:
        key = token.text.upper()
        named = key in known or any(code.startswith(key) for code in known)
        if key != "ALL" and not (_CODE_SHAPE.fullmatch(key) and named):
            columns = (token.column, token.column + len(token.text))
            base.problems.append((f"`{token.text}` is not a rule code, a code prefix or `all`", columns))
    return base


def _findings(suppressions: list[Suppression]) -> Iterable[Diagnostic]:
    for s in suppressions:
        if s.problems:
            end = s.codes_end or len(s.text) + 1
            for problem, columns in s.problems:
                start, stop = columns or (1, end)
                yield INVALID.at(Span(s.path, s.line, start, stop), problem, "`ftpconf rules` lists the codes")
            continue
        unused = [t for t in s.tokens if not t.used]
        if not unused:
            continue
        scope = "in this file" if s.lines is None else _scope(s.lines)
        names = ", ".join(t.text for t in unused)
        fix = None
        if len(unused) == len(s.tokens):
            fix = Fix("delete the unused suppression", (Edit(s.path, s.offset, s.offset + s.raw_length, ""),))
        yield UNUSED.at(
            Span(s.path, s.line, unused[0].column, unused[0].column + len(unused[0].text)),
            f"unused suppression: no {names} finding {scope}",
            fix=fix,
        )


def _scope(lines: range) -> str:
    if not lines:
        return "below it (no setting follows)"
    if len(lines) == 1:
        return f"on line {lines.start}"
    return f"on lines {lines.start}-{lines[-1]}"


def _known_codes() -> set[str]:
    """Every rule code, and the retired codes that redirect to one."""
    from ftpconf.registry import REDIRECTS, all_rules

    return {info.code for info in all_rules()} | set(REDIRECTS)
