"""Fixes for model findings.  A model check knows lines, not offsets, so the fix is made afterwards
from the text of the files (``attach``, called once the checks have run).

Each fixer returns None unless the edit is certain: the lines still read as the model says, and the
result is exactly what the finding asks for (re-linting shows the finding gone).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.model import Config, Origin, Server

if TYPE_CHECKING:
    from ftpconf.dialects.proftpd import grammar as proftpd_grammar

TextFixer = Callable[[Config, Diagnostic, Mapping[str, str]], "Fix | None"]
TWINS = {"PORT": "EPRT", "PASV": "EPSV"}


def attach(config: Config, diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]) -> list[Diagnostic]:
    """The findings, with a fix added where a fixer for (code, dialect) can make one."""
    out = []
    for diagnostic in diagnostics:
        fixer = FIXERS.get((diagnostic.code, config.dialect))
        if diagnostic.fix is None and fixer is not None:
            fix = fixer(config, diagnostic, texts)
            if fix is not None:
                diagnostic = replace(diagnostic, fix=fix)
        out.append(diagnostic)
    return out


def line_at(text: str, number: int) -> tuple[int, str] | None:
    """(offset, text without its newline) of 1-based line ``number``; the daemons all split at ``\\n``."""
    start = 0
    for _ in range(number - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return start, text[start : len(text) if end < 0 else end]


# -- FTP201: swap an inverted vsftpd range ----------------------------------------------------------


def _vsftpd_value(origin: Origin, name: str, texts: Mapping[str, str]) -> tuple[str, int, str] | None:
    """(path, offset, value text) of the ``name=value`` line ``origin`` points at; the value must be a whole number."""
    from ftpconf.dialects.vsftpd.grammar import parse_line
    from ftpconf.dialects.vsftpd.values import parse_uint

    if origin.kind != "file" or origin.path is None or origin.line is None or origin.path not in texts:
        return None
    found = line_at(texts[origin.path], origin.line)
    if found is None:
        return None
    start, text = found
    line = parse_line(text)
    if line.kind != "setting" or line.name.lstrip() != name or line.value is None:
        return None
    value = line.value.removesuffix("\r")
    if not value or parse_uint(value).used != len(value):
        return None  # trailing text has its own fix (FTP110) first
    return origin.path, start + line.value_column - 1, value


def _swap_vsftpd_range(config: Config, diagnostic: Diagnostic, texts: Mapping[str, str]) -> Fix | None:
    for server in config.servers:
        passive = server.passive
        if passive.range_high.origin.span != diagnostic.span:
            continue
        low = _vsftpd_value(passive.range_low.origin, "pasv_min_port", texts)
        high = _vsftpd_value(passive.range_high.origin, "pasv_max_port", texts)
        if low is None or high is None:
            return None
        edits = (
            Edit(low[0], low[1], low[1] + len(low[2]), high[2]),
            Edit(high[0], high[1], high[1] + len(high[2]), low[2]),
        )
        ports = f"{passive.range_high.effective}-{passive.range_low.effective}"
        return Fix(f"swap the two values: passive ports {ports}", edits)
    return None


# -- FTP209: refuse the extended twin too -----------------------------------------------------------

_COMMAND_LIST = re.compile(r"[A-Z]+(?:,[A-Z]+)*")
_WIDEN = (
    "the intent of refusing {old} is clear; note this changes behaviour: clients that used {new} lose {mode} mode too"
)


def _refusals(config: Config, diagnostic: Diagnostic) -> Iterator[tuple[Server, str, str]]:
    """(server, refused command, its open twin) that this finding is about."""
    for server in config.servers:
        commands = server.commands
        for old, new in TWINS.items():
            origin = commands.origins.get(old)
            if (
                origin is not None
                and origin.span == diagnostic.span
                and not commands.accepts(old)  # type: ignore[arg-type]
                and commands.accepts(new)  # type: ignore[arg-type]
                and f"{old} is refused" in diagnostic.message
            ):
                yield server, old, new


def _describe(old: str, new: str) -> str:
    mode = "active" if old == "PORT" else "passive"
    return f"also refuse {new}, the extended form of {old} (" + _WIDEN.format(old=old, new=new, mode=mode) + ")"


def _widen_vsftpd_denied(config: Config, diagnostic: Diagnostic, texts: Mapping[str, str]) -> Fix | None:
    """``cmds_denied=PORT`` -> ``cmds_denied=PORT,EPRT``."""
    from ftpconf.dialects.vsftpd.grammar import parse_line

    for _server, old, new in _refusals(config, diagnostic):
        span = diagnostic.span
        found = line_at(texts.get(span.path, ""), span.line) if span.path in texts else None
        if found is None:
            return None
        start, text = found
        line = parse_line(text)
        value = (line.value or "").removesuffix("\r")
        if line.kind != "setting" or line.name.lstrip() != "cmds_denied" or not _COMMAND_LIST.fullmatch(value):
            return None
        if old not in value.split(",") or new in value.split(","):
            return None
        at = start + line.value_column - 1 + len(value)
        return Fix(_describe(old, new), (Edit(span.path, at, at, f",{new}"),))
    return None


def _widen_proftpd_limit(config: Config, diagnostic: Diagnostic, texts: Mapping[str, str]) -> Fix | None:
    """``<Limit PORT>`` around the refusing DenyAll -> ``<Limit PORT EPRT>``."""
    for server, old, new in _refusals(config, diagnostic):
        if new in server.commands.origins:
            return None  # another <Limit> decides the twin: adding it here might not change the outcome
        span = diagnostic.span
        if span.path not in texts:
            return None
        return _limit_edit(span.path, texts[span.path], span.line, old, new)
    return None


def _limit_edit(path: str, text: str, line: int, old: str, new: str) -> Fix | None:
    from ftpconf.dialects.proftpd import grammar as proftpd_grammar
    from ftpconf.dialects.proftpd.syntax import limit_argument_commands, parse_section_header

    section = _enclosing_limit(proftpd_grammar.parse(path, text).tree, line)
    if section is None or len(section.open.lines) != 1:
        return None
    opener = section.open.first
    header = parse_section_header(opener.text)
    if header is None or not header.args or header.directive.quoted or any(w.quoted for w in header.args):
        return None
    listed = {name.upper() for w in header.args for name in limit_argument_commands(w.text)}
    if old not in listed or new in listed:
        return None
    offset = opener.offset + header.args[-1].end  # right after the last command, before the closing '>'
    return Fix(_describe(old, new), (Edit(path, offset, offset, f" {new}"),))


def _enclosing_limit(
    nodes: list[proftpd_grammar.Logical | proftpd_grammar.Section], line: int
) -> proftpd_grammar.Section | None:
    """The <Limit> section that holds the directive on ``line`` directly."""
    from ftpconf.dialects.proftpd import grammar as proftpd_grammar

    stack = [n for n in nodes if isinstance(n, proftpd_grammar.Section)]
    while stack:
        section = stack.pop()
        for child in section.children:
            if isinstance(child, proftpd_grammar.Section):
                stack.append(child)
            elif section.name == "limit" and child.first.number <= line <= child.number:
                return section
    return None


FIXERS: dict[tuple[str, str], TextFixer] = {
    ("FTP201", "vsftpd"): _swap_vsftpd_range,
    ("FTP209", "vsftpd"): _widen_vsftpd_denied,
    ("FTP209", "proftpd"): _widen_proftpd_limit,
}
