"""A Dockerfile (Containerfile): the daemons its RUN lines start, and the one the container runs.

Instructions continue over lines ending in the escape character (``\\``, or the one a ``# escape=``
parser directive names).  ``RUN``, ``CMD`` and ``ENTRYPOINT`` take an exec form (a JSON array: the argv
itself) or a shell form (run by ``/bin/sh -c``); a list that is not JSON is, for Docker, a shell command
(FTP015).  As Docker does, the container runs the last stage's ENTRYPOINT with its CMD appended when
the ENTRYPOINT is in exec form (a shell-form ENTRYPOINT ignores CMD); ``FROM`` an earlier stage inherits
both, and an ENTRYPOINT resets the CMD the stage did not set itself.  When the ENTRYPOINT is a script of
the image (``docker-entrypoint.sh`` ending in ``exec "$@"``), the CMD is looked at alone.

The shell that runs a shell form sees the stage's ``ENV`` (and, in ``RUN``, its ``ARG``): those values are
filled in, any other variable is the host's (FTP014).  Heredocs: ``RUN <<EOF`` is a shell script;
``COPY <<EOF /etc/vsftpd.conf`` (or ``RUN cat <<EOF > /etc/vsftpd.conf``) writes a file of the image,
linted where its text stands.  ``COPY``/``ADD`` of a local file to an absolute path tell where the
image's files come from.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ftpconf import input_codes, shellwords
from ftpconf.launchers import Found, Inline, Launch, Lines, Problem, Token, argv_launches, shell_launches
from ftpconf.launchers.shell import script_launches

_INSTRUCTION = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]*", re.M)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*(\S+)[ \t]*")
_HEREDOC = re.compile(r"(?<!<)<<(-?)[ \t]*([\"']?)([A-Za-z0-9_.-]+)\2")
_FLAGS = re.compile(r"(?:--\S+\s+)*")
_LIST_ITEM = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,\s\[\]][^,\]]*""")
_SHELL_PROGRAMS = {"sh", "bash", "dash", "ash", "/bin/sh", "/bin/bash", "/bin/dash", "/bin/ash"}
_WRITES_FILE = re.compile(r"(?:cat|tee)(?:[ \t]+<<-?[ \t]*[\"']?[\w.-]+[\"']?)?[ \t]*>?[ \t]*(/\S+)[ \t]*$")


@dataclass(frozen=True)
class Heredoc:
    name: str
    start: int  # the body's first character
    end: int  # just past the body (its last newline included)
    strip_tabs: bool  # <<-


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case
    start: int  # the arguments' first character
    end: int  # just past the last continuation line
    heredocs: tuple[Heredoc, ...] = ()


@dataclass
class _Form:
    exec_form: bool
    argv: tuple[Token, ...] = ()  # exec form
    start: int = 0  # shell form: the text's place
    end: int = 0
    not_json: Token | None = None  # a list Docker does not read as JSON: where it stands


@dataclass
class _Stage:
    entrypoint: _Form | None = None
    cmd: _Form | None = None
    cmd_set: bool = False  # by this stage itself: an ENTRYPOINT resets an inherited CMD only
    env: dict[str, str | None] = field(default_factory=dict)  # ENV; None: a value this file does not give
    args: dict[str, str | None] = field(default_factory=dict)  # ARG in this stage
    arg_lines: dict[str, int] = field(default_factory=dict)

    def inherit(self) -> _Stage:
        return _Stage(self.entrypoint, self.cmd, False, dict(self.env))

    def build_environ(self) -> dict[str, str]:
        """What a RUN's shell sees: ARG, then ENV over it (Docker's precedence)."""
        return _known({**self.args, **self.env})

    def run_environ(self) -> dict[str, str]:
        """What the container's shell sees: ENV only (ARG values are gone once the image is built)."""
        return _known(self.env)


def _known(values: Mapping[str, str | None]) -> dict[str, str]:
    return {name: value for name, value in values.items() if value is not None}


def escape_character(text: str) -> str:
    """The ``# escape=`` parser directive: the lines before the first instruction, comment or blank line."""
    for line in text.splitlines():
        directive = _DIRECTIVE.fullmatch(line.strip())
        if directive is None:
            break
        if directive.group(1).lower() == "escape" and directive.group(2) in ("\\", "`"):
            return directive.group(2)
    return "\\"


def instructions(text: str, escape: str = "\\") -> list[Instruction]:
    """Each instruction's arguments, continuation lines included, and the heredoc bodies that follow it."""
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
        while text[pos:end].rstrip(" \t\r").endswith(escape) and end < len(text):  # continued
            following = text.find("\n", end + 1)
            end = len(text) if following < 0 else following
        after = end + 1
        heredocs: list[Heredoc] = []
        if match and match.group(1).upper() in ("RUN", "COPY", "ADD"):
            for marker in _HEREDOC.finditer(text, match.end(), end):
                body, after = _heredoc_body(text, after, marker.group(3), bool(marker.group(1)))
                heredocs.append(Heredoc(marker.group(3), body, min(after, len(text)), bool(marker.group(1))))
        if match and match.end() <= end:
            found.append(Instruction(match.group(1).upper(), match.end(), end, tuple(heredocs)))
        pos = after
    return found


def _heredoc_body(text: str, start: int, name: str, strip_tabs: bool) -> tuple[int, int]:
    """(the body's start, just past its closing line): the body runs to the line that is the name alone."""
    pos = start
    while pos < len(text):
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        line = text[pos:line_end].rstrip("\r")
        if (line.lstrip("\t") if strip_tabs else line) == name:
            return start, line_end + 1 if newline >= 0 else len(text)
        pos = line_end + 1
    return start, len(text)


def _form(lines: Lines, start: int, end: int) -> _Form:
    body = lines.text[start:end]
    if body.lstrip().startswith("["):
        argv = shellwords.exec_form(body.replace("\\\n", ""))
        if argv is not None:
            strings = list(_JSON_STRING.finditer(lines.text, start, end))
            if len(strings) == len(argv):
                tokens = []
                for value, match in zip(argv, strings, strict=True):
                    line, column = lines.at(match.start())
                    tokens.append(Token(value, line, column, match.end() - match.start()))
                return _Form(True, tuple(tokens))
        meant = _meant_list(lines, start, end)
        if meant is not None:
            return meant
    return _Form(False, start=start, end=end)


def _meant_list(lines: Lines, start: int, end: int) -> _Form | None:
    """A list that is not JSON (single quotes, bare words, a trailing comma) but plainly meant as an argv:
    the words as meant, and where the list stands.  ``[ -f x ] && ...`` (the test command) is no list."""
    body = lines.text[start:end].replace("\\\n", "  ")
    opening, closing = body.find("["), body.rstrip().rfind("]")
    if closing <= opening:
        return None
    inner = body[opening + 1 : closing]
    items = [m for m in _LIST_ITEM.finditer(inner) if m.group().strip()]
    quoted = [m for m in items if m.group()[:1] in "'\""]
    if not items or (len(items) == 1 and not quoted) or ("," not in inner and len(items) > 1):
        return None
    tokens = []
    for item in items:
        written = item.group().rstrip()
        value = written[1:-1] if written[:1] in "'\"" and written[-1:] == written[:1] else written
        line, column = lines.at(start + opening + 1 + item.start())
        tokens.append(Token(value.replace("\\" + written[:1], written[:1]), line, column, len(written)))
    line, column = lines.at(start + opening)
    first_line = lines.text[start + opening : end].split("\n", 1)[0].rstrip(" \t\r\\")
    return _Form(True, tuple(tokens), not_json=Token("", line, column, len(first_line)))


def _launches(lines: Lines, form: _Form, via: str, environ: Mapping[str, str]) -> list[Launch]:
    if form.exec_form:
        return argv_launches(form.argv, via, lines, environ)  # exec form: no expansion, but sh -c "..." has one
    return shell_launches(lines, form.start, form.end, via, environ)


def read(path: str, text: str) -> Found:
    escape = escape_character(text)
    lines = Lines(text)
    if escape == "`":  # the shell words go by the backslash: `<newline> continues as \<newline> does
        lines.text = text.replace("`\n", "\\\n")
    found = Found("Dockerfile", in_container=True)
    stages: dict[str, _Stage] = {}  # FROM <stage>
    stage = _Stage()
    global_args: dict[str, str | None] = {}  # ARG before the first FROM: for FROM, and a stage's bare ARG
    folder = os.path.dirname(path)
    first = True
    for instruction in instructions(lines.text, "\\" if escape == "`" else escape):
        keyword, start, end = instruction.keyword, instruction.start, instruction.end
        args = text[start:end]
        if keyword == "FROM":
            words = args.split()
            base = next((w for w in words if not w.startswith("--")), "")
            stage = stages[base.lower()].inherit() if base.lower() in stages else _Stage()
            name = words[-1].lower() if len(words) >= 3 and words[-2].upper() == "AS" else ""
            if name:
                stages[name] = stage
            found.files.clear()  # a new stage starts from its base's files
            found.inline.clear()
            first = False
        elif keyword == "ARG":
            _arg(lines, start, end, global_args if first else stage, global_args)
        elif keyword == "ENV":
            _env(lines, start, end, stage)
        elif keyword == "RUN":
            found.launches.extend(_run(lines, instruction, stage, found, folder))
        elif keyword in ("CMD", "ENTRYPOINT"):
            form = _form(lines, start, end)
            if keyword == "CMD":
                stage.cmd, stage.cmd_set = form, True
            else:
                stage.entrypoint = form
                if not stage.cmd_set:
                    stage.cmd = None  # Docker: an ENTRYPOINT resets the CMD inherited from the base
        elif keyword in ("COPY", "ADD"):
            if instruction.heredocs:
                _inline(lines, instruction, found.inline)
            else:
                _copied(args, folder, found.files)
    environ = stage.run_environ()
    container = _container(lines, stage.entrypoint, stage.cmd, environ)
    found.launches.extend(container)
    if container:
        found.problems.extend(_not_json(form) for form in (stage.entrypoint, stage.cmd) if form and form.not_json)
    found.build_only.update({n: stage.arg_lines[n] for n in stage.args if n not in stage.env and n in stage.arg_lines})
    return found


def _not_json(form: _Form) -> Problem:
    where = form.not_json
    assert where is not None
    return Problem(
        input_codes.EXEC_FORM_NOT_JSON,
        where.line,
        where.column,
        where.width,
        "this list is not a JSON array (double quotes, no trailing comma): Docker runs it as a shell command line, "
        "`/bin/sh -c '[...]'`, and the daemon never starts; its words are checked as meant",
    )


def _run(lines: Lines, instruction: Instruction, stage: _Stage, found: Found, folder: str) -> list[Launch]:
    start, end = instruction.start, instruction.end
    flags = _FLAGS.match(lines.text, start)
    start = flags.end() if flags else start
    environ = stage.build_environ()
    if instruction.heredocs:
        return _run_heredoc(lines, instruction, lines.text[start:end], environ, found)
    form = _form(lines, start, end)
    launches = _launches(lines, form, "RUN", environ)
    if launches and form.not_json:
        found.problems.append(_not_json(form))
    return launches


def _run_heredoc(
    lines: Lines, instruction: Instruction, command: str, environ: Mapping[str, str], found: Found
) -> list[Launch]:
    """``RUN <<EOF`` (or ``RUN bash <<EOF``): the body is a shell script; ``cat <<EOF > /etc/x`` writes a file."""
    body = instruction.heredocs[0]
    words = command[: command.find("<<")].split()
    writes = _WRITES_FILE.match(command.strip())
    if writes and len(instruction.heredocs) == 1:
        found.inline[writes.group(1)] = _inline_text(lines, body)
        return []
    if words and words[0] not in _SHELL_PROGRAMS:
        return []  # python3 <<EOF ...: not a shell script
    script = lines.text[body.start : body.end]
    if script.startswith("#!") and not re.match(r"#![ \t]*\S*/(?:env[ \t]+)?(?:ba|da|a)?sh\b", script):
        return []
    closing = lines.text.rfind("\n", body.start, max(body.end - 1, body.start))  # stop before the delimiter line
    return script_launches(lines, body.start, max(closing, body.start), "RUN <<" + body.name, environ)


def _inline(lines: Lines, instruction: Instruction, inline: dict[str, Inline]) -> None:
    """``COPY <<EOF /etc/vsftpd.conf``: the heredoc is the file; several go into a directory by their names."""
    words = [w for w in lines.text[instruction.start : instruction.end].split() if not w.startswith(("--", "<<"))]
    target = words[-1] if words else ""
    if not target.startswith("/"):
        return
    for heredoc in instruction.heredocs:
        image_path = target + heredoc.name if target.endswith("/") else target
        inline[image_path] = _inline_text(lines, heredoc)


def _inline_text(lines: Lines, heredoc: Heredoc) -> Inline:
    closing = lines.text.rfind("\n", heredoc.start, max(heredoc.end - 1, heredoc.start))
    text = lines.text[heredoc.start : closing + 1] if closing >= heredoc.start else ""
    if heredoc.strip_tabs:
        text = "".join(line.lstrip("\t") for line in text.splitlines(keepends=True))
    return Inline(text, lines.at(heredoc.start)[0])


def _assignments(lines: Lines, start: int, end: int) -> list[tuple[str, str | None, int]]:
    """NAME=value words (or a bare NAME) of an ENV or ARG line, with their lines; value None: no ``=``."""
    found = []
    for word in shellwords.split(lines.text, start, end):
        if word.operator:
            continue
        raw = word.raw(lines.text)
        name, equals, value = raw.partition("=")
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            found.append((name, value if equals else None, lines.at(word.start)[0]))
    return found


def _value(raw: str, environ: Mapping[str, str]) -> str | None:
    """A value as Docker substitutes it (its own ``$VAR`` and ``${VAR:-word}``); None when one is unknown."""
    expanded = shellwords.expand(raw, environ)
    return None if expanded.unresolved else " ".join(expanded.fields)


def _env(lines: Lines, start: int, end: int, stage: _Stage) -> None:
    pairs = _assignments(lines, start, end)
    if pairs and pairs[0][1] is None:  # legacy `ENV NAME value with spaces`
        name = pairs[0][0]
        rest = lines.text[start:end].split(None, 1)
        stage.env[name] = _value(rest[1].strip(), stage.build_environ()) if len(rest) > 1 else None
        return
    known = stage.build_environ()  # one line's values see the values before that line only
    for name, raw, _ in pairs:
        stage.env[name] = None if raw is None else _value(raw, known)


def _arg(
    lines: Lines, start: int, end: int, target: _Stage | dict[str, str | None], globals_: dict[str, str | None]
) -> None:
    for name, raw, line in _assignments(lines, start, end):
        if isinstance(target, dict):
            target[name] = None if raw is None else _value(raw, _known(target))
            continue
        default = globals_.get(name) if raw is None else _value(raw, target.build_environ())
        target.args[name] = default  # --build-arg may still change it: the file's value is what it says
        target.arg_lines[name] = line


def _container(lines: Lines, entrypoint: _Form | None, cmd: _Form | None, environ: Mapping[str, str]) -> list[Launch]:
    """What the container runs: ENTRYPOINT (+ CMD), as Docker combines them."""
    if entrypoint is None:
        return [] if cmd is None else _launches(lines, cmd, "CMD", environ)
    if not entrypoint.exec_form or cmd is None:
        return _launches(lines, entrypoint, "ENTRYPOINT", environ)
    if cmd.exec_form:
        combined = _Form(True, entrypoint.argv + cmd.argv)
        found = _launches(lines, combined, "ENTRYPOINT + CMD", environ)
    else:  # Docker appends ["/bin/sh", "-c", "..."]: the shell's command is what runs
        found = _launches(lines, entrypoint, "ENTRYPOINT", environ)
    return found or _launches(lines, cmd, "CMD", environ)  # an entrypoint script that ends in exec "$@"


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
