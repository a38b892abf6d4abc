"""Secrets out of every report: passwords, shared secrets and password hashes are masked at report time.

The catalogues mark which settings carry a secret (``secret_args`` of a proftpd directive, pure-ftpd's
``secret_keys``).  Reading, fixing and writing keep working on the real text; only what is *shown* is
masked, by :func:`redact_result` (a report's whole input) or :func:`redact_text` (any other string).

A secret is replaced by as many ``*`` as it has characters, so code frames, carets and the columns in
machine formats still point at the right place in the real file.  Elsewhere (messages, notes, the
model's provenance) each secret value is masked wherever it stands as a word of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ftpconf.source import printable

if TYPE_CHECKING:
    from ftpconf.diagnostics import Diagnostic, Fix
    from ftpconf.lint import LintResult

MASK_CHAR = "*"


@dataclasses.dataclass(frozen=True, slots=True)
class Secret:
    """One secret in a file: characters ``start``..``end`` of its decoded text, and the value they spell."""

    path: str
    start: int
    end: int
    value: str  # as the daemon uses it (quotes removed); the written form is text[start:end]


def mask(value: str) -> str:
    return MASK_CHAR * len(value)


# -- finding secrets ----------------------------------------------------------------------------------


def find_secrets(dialect: str, path: str, text: str) -> list[Secret]:
    """The secrets written in one file of ``dialect``."""
    if dialect == "proftpd":
        return list(_proftpd_secrets(path, text))
    if dialect == "pureftpd":
        return list(_pureftpd_secrets(path, text))
    return []  # vsftpd has no option that holds a secret (its key options name files)


def _proftpd_secrets(path: str, text: str) -> Iterator[Secret]:
    from ftpconf import catalog

    directives = {d.name.lower(): d for d in catalog.proftpd().directives.values() if d.secret}
    lowered = text.lower()
    if not any(name in lowered for name in directives):  # the common case: nothing to parse
        return
    from ftpconf.dialects.proftpd.grammar import parse_lines
    from ftpconf.dialects.proftpd.words import split_words

    pending: list[Any] = []  # physical lines of one logical line (backslash continuations)
    for line in parse_lines(text):
        pending.append(line)
        if line.continues:
            continue
        lines, pending = pending, []
        if lines[0].kind != "directive":
            continue
        # The logical line is the physical lines without their joining backslashes; ``starts`` maps back.
        logical = "".join(part.text[:-1] for part in lines[:-1]) + lines[-1].text
        starts: list[tuple[int, int]] = []  # (offset in logical, offset in file) at each physical line
        at = 0
        for part in lines:
            starts.append((at, part.offset))
            at += len(part.text) - (0 if part is lines[-1] else 1)
        words = split_words(logical)
        directive = directives.get(words[0].text.lower()) if words else None
        if directive is None:
            continue
        for position in directive.secret_args:
            if position < len(words):
                word = words[position]
                yield from _mapped(path, starts, word.start, word.end, word.text)


def _mapped(path: str, starts: list[tuple[int, int]], start: int, end: int, value: str) -> Iterator[Secret]:
    """A range of a logical line as ranges of the file (a word may run over a continuation)."""
    for index, (logical_at, file_at) in enumerate(starts):
        segment_end = starts[index + 1][0] if index + 1 < len(starts) else end
        lo, hi = max(start, logical_at), min(end, segment_end)
        if lo < hi:
            yield Secret(path, file_at + lo - logical_at, file_at + hi - logical_at, value)


def _pureftpd_secrets(path: str, text: str) -> Iterator[Secret]:
    """``MYSQLPassword x`` and the like: lines of the flavours' own files, should one be linted by mistake."""
    from ftpconf import catalog

    keys = catalog.pureftpd().secret_keys
    if not keys or not any(key.lower() in text.lower() for key in keys):
        return
    pattern = re.compile(
        r"^[ \t]*(?:" + "|".join(map(re.escape, keys)) + r")(?:[ \t]*[=:][ \t]*|[ \t]+)(?P<value>[^\n]*?)[ \t\r]*$",
        re.IGNORECASE | re.MULTILINE,
    )
    for match in pattern.finditer(text):
        if match["value"]:
            yield Secret(path, match.start("value"), match.end("value"), match["value"])


def secrets_of(result: LintResult) -> list[Secret]:
    """Every secret in the files a lint result read, and those the model holds (e.g. from ``%{env:}``)."""
    found = [s for path, text in result.texts.items() for s in find_secrets(result.dialect, path, text)]
    found.extend(_model_secrets(result))
    return found


def _model_secrets(result: LintResult) -> Iterator[Secret]:
    """Values the model keeps for secret settings: proftpd stores a directive's expanded arguments."""
    if result.dialect != "proftpd":
        return
    from ftpconf import catalog

    for server in result.config.servers:
        for extra in server.extras:
            directive = catalog.proftpd().directive(extra.name)
            if directive is None or not directive.secret or not extra.value:
                continue
            args = extra.value.split(" ")
            for position in directive.secret_args:
                if position <= len(args) and args[position - 1]:
                    yield Secret(extra.origin.path or result.path, -1, -1, args[position - 1])


# -- masking ------------------------------------------------------------------------------------------


class Redactor:
    """Masks a known set of secret values in any string."""

    def __init__(self, values: Iterable[str]) -> None:
        forms = {form for value in values if value for form in (value, printable(value))}
        # Longest first, so a secret that contains another is masked whole.
        self.forms = sorted(forms, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(rf"(?<!\w){re.escape(form)}(?!\w)" for form in self.forms)) if self.forms else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def text(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda match: mask(match.group(0)), text)

    def data(self, value: Any) -> Any:
        """Mask every string inside nested dicts, lists, tuples and sets (a model dump, a JSON document)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return type(value)(self.data(item) for item in value)
        return value


def redactor_for(result: LintResult) -> Redactor:
    return Redactor(secret.value for secret in secrets_of(result))


def redact_text(text: str, result: LintResult) -> str:
    """``text`` (e.g. a rendered page or export made from ``result``) with ``result``'s secrets masked."""
    return redactor_for(result).text(text)


def redact_result(result: LintResult) -> LintResult:
    """The result as every report must see it: secrets masked in code-frame texts, messages, notes,
    fixes and the model.  Returns ``result`` itself when it holds no secret."""
    secrets = secrets_of(result)
    if not secrets:
        return result
    redactor = Redactor(s.value for s in secrets)
    # Exact ranges first (a secret that is also a common word stays visible elsewhere on its line only if
    # it is not a word of its own), then the values wherever else they stand, e.g. in a comment.
    texts = {
        path: redactor.text(_mask_ranges(text, [s for s in secrets if s.path == path and s.start >= 0]))
        for path, text in result.texts.items()
    }
    diagnostics = [_redact_diagnostic(d, redactor) for d in result.diagnostics]
    config = type(result.config).model_validate(redactor.data(result.config.model_dump()))
    return dataclasses.replace(result, config=config, diagnostics=diagnostics, texts=texts)


def redact_diff(diff: str, results: Iterable[LintResult]) -> tuple[str, int]:
    """``lint --diff`` output with the secrets of ``results`` (the files before and after fixing) masked,
    and how many of its lines were masked: a diff ends up in CI logs, so its context lines must not show a
    password either, even though a masked hunk no longer applies with ``patch``."""
    redactor = Redactor(secret.value for result in results for secret in secrets_of(result))
    if not redactor:
        return diff, 0
    lines = diff.splitlines(keepends=True)
    shown = [redactor.text(line) for line in lines]
    return "".join(shown), sum(a != b for a, b in zip(lines, shown, strict=True))


def _mask_ranges(text: str, secrets: list[Secret]) -> str:
    if not secrets:
        return text
    out: list[str] = []
    at = 0
    for secret in sorted(secrets, key=lambda s: s.start):
        if secret.start < at:
            continue
        out.append(text[at : secret.start])
        out.append(mask(text[secret.start : secret.end]))
        at = secret.end
    out.append(text[at:])
    return "".join(out)


def _redact_diagnostic(diagnostic: Diagnostic, redactor: Redactor) -> Diagnostic:
    return dataclasses.replace(
        diagnostic,
        message=redactor.text(diagnostic.message),
        notes=tuple(redactor.text(note) for note in diagnostic.notes),
        fix=_redact_fix(diagnostic.fix, redactor),
    )


def _redact_fix(fix: Fix | None, redactor: Redactor) -> Fix | None:
    """A fix whose new text would carry a secret is shown without its edits: masked edits would be wrong ones."""
    if fix is None:
        return None
    edits = fix.edits
    if any(redactor.text(edit.text) != edit.text for edit in edits):
        edits = ()
    return dataclasses.replace(fix, description=redactor.text(fix.description), edits=edits)
