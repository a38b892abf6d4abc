"""A systemd unit: its ``ExecStart=`` lines (``ExecStartPre=`` and the others run no daemon).

systemd splits the line into words itself (quotes as the shell's, no expansion but its own ``$VAR``, split
into words, and ``${VAR}``, one word): the values of ``Environment=`` are filled in, unless an
``EnvironmentFile=`` (which overrides them) is named; any other variable is the host's (FTP014).  The
prefixes ``-``, ``@``, ``:``, ``+``, ``!`` come first, and with ``@`` the second
word is only argv[0].  Lines ending in ``\\`` continue.
"""

from __future__ import annotations

import dataclasses
import re

from ftpconf.launchers import Found, Lines, launch_of

_EXEC_START = re.compile(r"^[ \t]*ExecStart[ \t]*=[ \t]*([-@:+!]*)", re.M)
_ENVIRONMENT = re.compile(r"^[ \t]*Environment[ \t]*=[ \t]*(.*)$", re.M)
_ENVIRONMENT_FILE = re.compile(r"^[ \t]*EnvironmentFile[ \t]*=[ \t]*-?(\S*)", re.M)


def environment(text: str) -> dict[str, str]:
    """``Environment=`` assignments (quoted words as systemd splits them), later lines winning."""
    from ftpconf import shellwords

    values = {}
    for line in _ENVIRONMENT.finditer(text):
        for word in shellwords.split(line.group(1)):
            name, equals, value = word.text.partition("=")
            if equals and not word.operator:
                values[name] = value
    return values


def read(path: str, text: str) -> Found:
    from ftpconf import shellwords

    lines = Lines(text)
    found = Found("systemd unit")
    files = [m.group(1) for m in _ENVIRONMENT_FILE.finditer(text)]
    environ = {} if files else environment(text)  # an EnvironmentFile= overrides Environment=
    context = f"EnvironmentFile={files[0]} may set it; that file is not checked" if files else ""
    for match in _EXEC_START.finditer(text):
        end = match.end()
        while True:
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline
            if not text[match.start() : end].rstrip(" \t\r").endswith("\\") or end >= len(text):
                break
            end += 1
        words = [w for w in shellwords.split(text, match.end(), end) if not (w.operator and w.text == "\n")]
        if any(w.operator for w in words):  # systemd runs no shell: `;` and `|` are words
            words = [shellwords.Word(w.text, w.start, w.end) for w in words]
        tokens = [lines.token(w) for w in words]
        # systemd's own $VAR (split into words) and ${VAR} (one word): as the shell's, from Environment=
        tokens = [t.__class__(t.text, t.line, t.column, t.width, t.raw, shell="$" in t.raw) for t in tokens]
        if "@" in match.group(1) and len(tokens) >= 2:
            tokens = [tokens[0], *tokens[2:]]
        launches = launch_of(tokens, "ExecStart=", lines, environ)
        found.launches.extend(dataclasses.replace(launch, context=context) for launch in launches)
    return found
