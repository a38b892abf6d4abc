"""Secrets out of every report: passwords, shared secrets and password hashes are masked at report time.

Each dialect finds the secrets in its own files (``DialectCode.secrets``), from its catalogue
(``secret_args`` of a proftpd directive, pure-ftpd's ``secret_keys``).  Reading, fixing and writing
keep working on the real text; on top, :mod:`ftpconf.secret_shapes` finds secrets by their shape in
every file whatever it is read as (a misspelt ``SQLConectInfo``, a proftpd line read as vsftpd).
Only what is *shown* is masked, by :func:`redact_result` (a report's
whole input) or :func:`redact_text` (any other string).

A secret is replaced by as many ``*`` as it has characters, so code frames, carets and the columns in
machine formats still point at the right place in the real file.  Elsewhere (messages, notes, the
model's provenance) each secret value is masked wherever it stands as a word of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ftpconf.source import printable

if TYPE_CHECKING:
    from ftpconf.diagnostics import Diagnostic, Fix
    from ftpconf.dialects.secret import Secret
    from ftpconf.lint import LintResult

MASK_CHAR = "*"


def mask(value: str) -> str:
    return MASK_CHAR * len(value)


# -- finding secrets ----------------------------------------------------------------------------------


def find_secrets(dialect: str, path: str, text: str) -> list[Secret]:
    """The secrets written in one file of ``dialect``."""
    from ftpconf.dialects import registry

    return registry.get(dialect).code.secrets(path, text)


def secrets_of(result: LintResult) -> list[Secret]:
    """Every secret in the files a lint result read, and those the model holds (e.g. from ``%{env:}``)."""
    from ftpconf import secret_shapes
    from ftpconf.dialects import registry

    code = registry.get(result.dialect).code
    found = [s for path, text in result.texts.items() for s in code.secrets(path, text)]
    found.extend(code.model_secrets(result.config))
    # Whatever the file was read as: a misspelt or foreign secret setting is masked by its shape.
    found.extend(s for path, text in result.texts.items() for s in secret_shapes.in_text(path, text))
    secret_extras = [
        (extra.origin.path or result.path, extra.value)
        for server in result.config.servers
        for extra in server.extras
        if extra.value and secret_shapes.is_secret_name(extra.name)
    ]
    if secret_extras:  # most files hold no secret: a lint then never imports the class
        from ftpconf.dialects.secret import Secret

        found.extend(Secret(path, -1, -1, value) for path, value in secret_extras)
    return list(dict.fromkeys(found))


# -- masking ------------------------------------------------------------------------------------------


class Redactor:
    """Masks a known set of secret values in any string."""

    def __init__(self, values: Iterable[str]) -> None:
        # A blank value (an unset %{env:} expands to nothing) would mask every run of spaces.
        forms = {form for value in values if value.strip() for form in (value, printable(value))}
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
    return result.replace(config=config, diagnostics=diagnostics, texts=texts)


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
    return diagnostic.replace(
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
    return fix.replace(description=redactor.text(fix.description), edits=edits)
