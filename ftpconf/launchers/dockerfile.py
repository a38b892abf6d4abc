"""A Dockerfile (Containerfile): the daemons its RUN lines start, and the one the container runs.

Instructions continue over lines ending in ``\\``.  ``RUN``, ``CMD`` and ``ENTRYPOINT`` take an exec
form (a JSON array: the argv itself) or a shell form (run by ``/bin/sh -c``).  As Docker does, the
container runs the last stage's ENTRYPOINT with its CMD appended when the ENTRYPOINT is in exec form
(a shell-form ENTRYPOINT ignores CMD); ``FROM`` an earlier stage inherits both.  When the ENTRYPOINT is
a script of the image (``docker-entrypoint.sh`` ending in ``exec "$@"``), the CMD is looked at alone.
``COPY``/``ADD`` of a local file to an absolute path tell where the image's files come from.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from ftpconf.launchers import Found, Launch, Lines, Token, argv_launches, shell_launches

_INSTRUCTION = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]*", re.M)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass
class _Form:
    exec_form: bool
    argv: tuple[Token, ...] = ()  # exec form
    start: int = 0  # shell form: the text's place
    end: int = 0
    keyword: str = ""


def instructions(text: str) -> list[tuple[str, int, int]]:
    """(keyword, start, end) of each instruction's arguments, continuation lines included."""
    found = []
    pos = 0
    while pos < len(text):
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        line = text[pos:line_end]
        if not line.strip() or line.lstrip().startswith("#"):
            pos = line_end + 1
            continue
        match = _INSTRUCTION.match(text, pos)
        end = line_end
        while text[pos:end].rstrip(" \t\r").endswith("\\") and end < len(text):  # continued
            following = text.find("\n", end + 1)
            end = len(text) if following < 0 else following
        if match and match.end() <= end:
            found.append((match.group(1).upper(), match.end(), end))
        pos = end + 1
    return found


def _form(lines: Lines, keyword: str, start: int, end: int) -> _Form:
    body = lines.text[start:end]
    if body.lstrip().startswith("["):
        try:
            argv = json.loads(body.replace("\\\n", ""))
        except ValueError:
            argv = None
        if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
            strings = list(_JSON_STRING.finditer(lines.text, start, end))
            if len(strings) == len(argv):
                tokens = []
                for value, match in zip(argv, strings, strict=True):
                    line, column = lines.at(match.start())
                    tokens.append(Token(value, line, column, match.end() - match.start()))
                return _Form(True, tuple(tokens), keyword=keyword)
    return _Form(False, start=start, end=end, keyword=keyword)


def _launches(lines: Lines, form: _Form, via: str) -> list[Launch]:
    if form.exec_form:
        return argv_launches(form.argv, via, lines)
    return shell_launches(lines, form.start, form.end, via)


def read(path: str, text: str) -> Found:
    lines = Lines(text)
    found = Found("Dockerfile", in_container=True)
    stages: dict[str, tuple[_Form | None, _Form | None]] = {}  # FROM <stage>: its ENTRYPOINT and CMD
    current = ""
    entrypoint: _Form | None = None
    cmd: _Form | None = None
    folder = os.path.dirname(path)
    for keyword, start, end in instructions(text):
        args = text[start:end]
        if keyword == "FROM":
            if current:
                stages[current] = (entrypoint, cmd)
            words = args.split()
            base = next((w for w in words if not w.startswith("--")), "")
            entrypoint, cmd = stages.get(base.lower(), (None, None))
            current = words[-1].lower() if len(words) >= 3 and words[-2].upper() == "AS" else ""
            found.files.clear()  # a new stage starts from its base's files
        elif keyword == "RUN" and not args.lstrip().startswith("<<"):
            flags = re.match(r"(?:--\S+\s+)*", args)
            offset = flags.end() if flags else 0
            found.launches.extend(_launches(lines, _form(lines, keyword, start + offset, end), "RUN"))
        elif keyword in ("CMD", "ENTRYPOINT"):
            form = _form(lines, keyword, start, end)
            if keyword == "CMD":
                cmd = form
            else:
                entrypoint = form
        elif keyword in ("COPY", "ADD"):
            _copied(args, folder, found.files)
    found.launches.extend(_container(lines, entrypoint, cmd))
    return found


def _container(lines: Lines, entrypoint: _Form | None, cmd: _Form | None) -> list[Launch]:
    """What the container runs: ENTRYPOINT (+ CMD), as Docker combines them."""
    if entrypoint is None:
        return [] if cmd is None else _launches(lines, cmd, "CMD")
    if not entrypoint.exec_form or cmd is None:
        return _launches(lines, entrypoint, "ENTRYPOINT")
    if cmd.exec_form:
        combined = _Form(True, entrypoint.argv + cmd.argv)
        found = _launches(lines, combined, "ENTRYPOINT + CMD")
    else:  # Docker appends ["/bin/sh", "-c", "..."]: the shell's command is what runs
        found = _launches(lines, entrypoint, "ENTRYPOINT")
    return found or _launches(lines, cmd, "CMD")  # an entrypoint script that ends in exec "$@"


def _copied(args: str, folder: str, files: dict[str, str]) -> None:
    """COPY/ADD of local files to an absolute path: image path -> file here (only plain files, no globs)."""
    words = [w for w in args.replace("\\\n", " ").split() if not w.startswith("--")]
    if args.lstrip().startswith("["):
        try:
            words = json.loads(args)
        except ValueError:
            return
    if len(words) < 2 or not words[-1].startswith("/"):
        return
    sources, target = words[:-1], words[-1]
    for source in sources:
        if any(ch in source for ch in "*?[") or "://" in source:
            continue
        local = os.path.join(folder, source)
        if not os.path.isfile(local):
            continue
        image_path = (
            os.path.join(target, os.path.basename(source)) if target.endswith("/") or len(sources) > 1 else target
        )
        files[image_path] = local
