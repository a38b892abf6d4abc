"""The collection's one way into ftpconf (controller side): a configuration's bytes in, ftpconf's answers out.

Every plugin of the collection runs on the controller and imports the ftpconf package there, so the
FTP servers need nothing installed.  This module only calls ftpconf's library: reading, masking of
secrets, the JSON report's record of a finding, conversion and the firewall plan are ftpconf's own.
"""

from __future__ import annotations

from typing import Any

MISSING = (
    "the ftpconf.ftpconf collection runs ftpconf on the controller, which cannot import it ({error}); "
    "install it beside ansible-core: pip install ftpconf"
)
NEUTRAL_FORMS = ("toml", "json")  # ftpconf's own model as a file: a convert source as well as a target
FAIL_ON = ("error", "warning", "info", "never")


class BridgeError(Exception):
    """ftpconf cannot use the input (unreadable, unknown dialect, too large): the task or template fails."""


def require_ftpconf() -> None:
    try:
        import ftpconf  # noqa: F401
    except ImportError as exc:
        raise BridgeError(MISSING.format(error=exc)) from None


def dialect_choices() -> list[str]:
    """What ``dialect`` accepts: ``auto`` and every spelling of ``ftpconf lint --dialect``."""
    require_ftpconf()
    from ftpconf.dialects import registry

    return ["auto", *registry.spellings()]


def read(path: str, data: bytes, dialect: str | None = None) -> Any:
    """``data`` read as ``ftpconf lint`` reads a file named ``path``: an ``ftpconf.lint.LintResult``."""
    require_ftpconf()
    from ftpconf.convert.engine import read_neutral
    from ftpconf.dialects.neutral import NeutralError
    from ftpconf.lint import UnsupportedDialect, lint_source
    from ftpconf.source import MAX_INPUT_BYTES, InputError, SourceFile, too_large

    if len(data) > MAX_INPUT_BYTES:
        raise BridgeError(f"{path}: {too_large(len(data))}")
    try:
        if dialect in NEUTRAL_FORMS:
            return read_neutral(f"{path}.{dialect}", data, "json" if dialect == "json" else "toml")
        return lint_source(SourceFile(path, data), dialect or None)
    except (InputError, UnsupportedDialect, NeutralError) as exc:
        raise BridgeError(str(exc)) from None


def lint(path: str, data: bytes, dialect: str | None, fail_on: str) -> dict[str, Any]:
    """The lint task's result: every finding with its secrets masked as ftpconf's reports mask them, and
    those at or above ``fail_on`` (error, warning, info; never: none fails the task)."""
    from ftpconf.redact import redact_result
    from ftpconf.report.json_report import diagnostic_dict
    from ftpconf.selection import enabled

    if fail_on not in FAIL_ON:
        raise BridgeError(f"fail_on is one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    result = redact_result(read(path, data, dialect))
    # The rules `ftpconf lint` runs by default: the opt-in groups (hardening) stay off, as on the command line.
    diagnostics = [diagnostic_dict(d) for d in result.diagnostics if enabled(d.code, ())]
    threshold = None if fail_on == "never" else _rank(fail_on)
    failing = [d for d in diagnostics if threshold is not None and _rank(d["severity"]) >= threshold]
    counts = {level: sum(d["severity"] == level for d in diagnostics) for level in ("error", "warning", "info")}
    return {"dialect": result.dialect, "diagnostics": diagnostics, "failing": failing, "counts": counts}


def failure_message(path: str, fail_on: str, failing: list[dict[str, Any]]) -> str:
    shown = "; ".join(f"{d['code']} {d['severity']} line {d['line']}: {d['message']}" for d in failing[:5])
    more = f" (and {len(failing) - 5} more)" if len(failing) > 5 else ""
    return f"ftpconf: {path}: {len(failing)} finding(s) at or above {fail_on}: {shown}{more}"


def convert(text: str, target: str, dialect: str | None = None) -> tuple[dict[str, str], list[str]]:
    """``text`` converted to ``target`` (one of ``ftpconf convert --to``): the written files ("" for a
    one-file target) and one masked line per setting that could not be carried over."""
    require_ftpconf()
    from ftpconf.convert import TARGETS
    from ftpconf.convert import convert as run_conversion
    from ftpconf.lint import LintResult
    from ftpconf.redact import redact_result

    if target not in TARGETS:
        raise BridgeError(f"unknown target {target!r}; one of {', '.join(TARGETS)}")
    result = _read_whole(text, dialect)
    conversion = run_conversion(result, target)
    lost = LintResult(result.path, result.dialect, result.config, conversion.losses, result.texts)
    losses = [f"{d.code} line {d.span.line}: {d.message}" for d in redact_result(lost).diagnostics]
    return dict(conversion.files), losses


def firewall_ports(text: str, dialect: str | None = None) -> list[str]:
    """The inbound ports and ranges the configuration needs, as ``ftpconf firewall`` opens them: each
    server's control port and passive range (never port 20), e.g. ``["21/tcp", "30000-30009/tcp"]``."""
    require_ftpconf()
    from ftpconf.firewall.emit.common import port_span
    from ftpconf.firewall.emit.plan import plan_for

    result = _read_whole(text, dialect)
    plan = plan_for(result.config, result.path)
    return list(dict.fromkeys(f"{port_span(opening.ports, '-')}/tcp" for opening in plan.openings))


def _read_whole(text: str, dialect: str | None) -> Any:
    """As ``ftpconf convert`` without --partial: a configuration ftpconf could not read to its end
    (FTP010) is refused, since defaults would stand in for the settings never read."""
    from ftpconf.input_codes import unread_parts

    result = read("<text>", _encode(text), dialect)
    unread = unread_parts(result.diagnostics)
    if unread:
        raise BridgeError(f"{unread[0].span}: {unread[0].code} {unread[0].message}; the rest was not read")
    return result


def _rank(severity: str) -> int:
    from ftpconf.diagnostics import Severity

    return Severity(severity).rank


def _encode(text: str) -> bytes:
    return str(text).encode("utf-8", "surrogateescape")
