"""Fixes for model findings in vsftpd.conf: swap an inverted range (FTP201), refuse EPRT/EPSV too (FTP209)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.model import Config, Origin
from ftpconf.textedit import TextFixer, describe_widening, line_at, refusals

_COMMAND_LIST = re.compile(r"[A-Z]+(?:,[A-Z]+)*")


def _vsftpd_value(origin: Origin, name: str, texts: Mapping[str, str]) -> tuple[str, int, str] | None:
    """(path, offset, value text) of the ``name=value`` line ``origin`` points at; the value must be a whole number."""
    from ftpconf.dialects.vsftpd.grammar import parse_line
    from ftpconf.dialects.vsftpd.values import blank_or_comment, parse_uint

    if origin.kind != "file" or origin.path is None or origin.line is None or origin.path not in texts:
        return None
    found = line_at(texts[origin.path], origin.line)
    if found is None:
        return None
    start, text = found
    line = parse_line(text)
    if line.kind != "setting" or line.name.lstrip() != name or line.value is None:
        return None
    used = parse_uint(line.value).used
    if not used or not blank_or_comment(line.value[used:]):
        return None  # trailing text has its own fix (FTP110) first
    return origin.path, start + line.value_column - 1, line.value[:used]


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


def _widen_vsftpd_denied(config: Config, diagnostic: Diagnostic, texts: Mapping[str, str]) -> Fix | None:
    """``cmds_denied=PORT`` -> ``cmds_denied=PORT,EPRT`` (``PORT,PASV`` -> ``PORT,PASV,EPRT,EPSV``: one finding)."""
    from ftpconf.dialects.vsftpd.grammar import parse_line

    span = diagnostic.span
    found = line_at(texts.get(span.path, ""), span.line) if span.path in texts else None
    if found is None:
        return None
    start, text = found
    line = parse_line(text)
    value = (line.value or "").removesuffix("\r")
    if line.kind != "setting" or line.name.lstrip() != "cmds_denied" or not _COMMAND_LIST.fullmatch(value):
        return None
    pairs = list(dict.fromkeys((old, new) for _server, old, new in refusals(config, diagnostic)))
    if not pairs or any(old not in value.split(",") or new in value.split(",") for old, new in pairs):
        return None
    at = start + line.value_column - 1 + len(value)
    added = "".join(f",{new}" for _, new in pairs)
    # Unsafe: it refuses a command the file did not name, and clients that used it lose the mode.
    described = "; ".join(describe_widening(old, new) for old, new in pairs)
    return Fix(described, (Edit(span.path, at, at, added),), safe=False)


FIXERS: dict[str, TextFixer] = {"FTP201": _swap_vsftpd_range, "FTP209": _widen_vsftpd_denied}
