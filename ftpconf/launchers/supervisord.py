"""supervisord: the ``command=`` of each ``[program:x]`` section (split into words, run without a shell)."""

from __future__ import annotations

import re

from ftpconf.launchers import Found, Lines, launch_of

_SECTION = re.compile(r"^\[([^\]\n]+)\][ \t]*$", re.M)
_COMMAND = re.compile(r"^command[ \t]*[=:][ \t]*", re.M)


def read(path: str, text: str) -> Found:
    from ftpconf import shellwords

    lines = Lines(text)
    found = Found("supervisord configuration")
    sections = list(_SECTION.finditer(text))
    for index, section in enumerate(sections):
        if not section.group(1).strip().startswith("program:"):
            continue
        stop = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        match = _COMMAND.search(text, section.end(), stop)
        if match is None:
            continue
        end = text.find("\n", match.end(), stop)
        end = stop if end < 0 else end
        while end < stop and re.match(r"\n[ \t]+\S", text[end:stop]):  # indented continuation lines
            following = text.find("\n", end + 1, stop)
            end = stop if following < 0 else following
        words = [w for w in shellwords.split(text, match.end(), end) if not w.operator]
        tokens = [lines.token(w) for w in words]
        tokens = [t.__class__(t.text, t.line, t.column, t.width, t.raw, shell=False) for t in tokens]
        found.launches.extend(launch_of(tokens, f"[{section.group(1).strip()}] command=", lines))
    return found
