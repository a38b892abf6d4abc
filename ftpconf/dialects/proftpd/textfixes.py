"""Fixes for model findings in proftpd.conf: add the extended twin to a refusing <Limit> (FTP209)."""

from __future__ import annotations

from collections.abc import Mapping

from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.dialects.proftpd import grammar as proftpd_grammar
from ftpconf.dialects.proftpd.syntax import limit_argument_commands, parse_section_header
from ftpconf.model import Config
from ftpconf.textedit import TextFixer, describe_widening, refusals


def _widen_proftpd_limit(config: Config, diagnostic: Diagnostic, texts: Mapping[str, str]) -> Fix | None:
    """``<Limit PORT>`` around the refusing DenyAll -> ``<Limit PORT EPRT>``."""
    for server, old, new in refusals(config, diagnostic):
        if new in server.commands.origins:
            return None  # another <Limit> decides the twin: adding it here might not change the outcome
        span = diagnostic.span
        if span.path not in texts:
            return None
        return _limit_edit(span.path, texts[span.path], span.line, old, new)
    return None


def _limit_edit(path: str, text: str, line: int, old: str, new: str) -> Fix | None:
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
    # Unsafe: it refuses a command the file did not name, and clients that used it lose the mode.
    return Fix(describe_widening(old, new), (Edit(path, offset, offset, f" {new}"),), safe=False)


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


FIXERS: dict[str, TextFixer] = {"FTP209": _widen_proftpd_limit}
