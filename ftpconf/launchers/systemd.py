"""A systemd unit: its ``ExecStart=`` lines (``ExecStartPre=`` and the others run no daemon).

systemd splits the line into words itself (quotes as the shell's, no expansion but ``$VAR`` from the
environment); the prefixes ``-``, ``@``, ``:``, ``+``, ``!`` come first, and with ``@`` the second
word is only argv[0].  Lines ending in ``\\`` continue.
"""

from __future__ import annotations

import re

from ftpconf.launchers import Found, Lines, launch_of

_EXEC_START = re.compile(r"^[ \t]*ExecStart[ \t]*=[ \t]*([-@:+!]*)", re.M)


def read(path: str, text: str) -> Found:
    from ftpconf import shellwords

    lines = Lines(text)
    found = Found("systemd unit")
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
        tokens = [t.__class__(t.text, t.line, t.column, t.width, t.raw, shell=False) for t in tokens]
        if "@" in match.group(1) and len(tokens) >= 2:
            tokens = [tokens[0], *tokens[2:]]
        found.launches.extend(launch_of(tokens, "ExecStart=", lines))
    return found
