"""vsftpd: lossless document -> settings as the daemon applies them -> model, with findings.

The order of operations is vsftpd's own (docs/daemons/vsftpd.md §1, §2): the file is cut at 100,000 bytes, split
at ``\\n``; comment / blank lines are skipped on the whole line; then the line is a C string (cut at
NUL), leading whitespace is stripped and the rest split at the first ``=``; the string table is
looked up first, then the empty-value check, then booleans, then numbers, else "unrecognised".
"""

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from ftpconf import catalog, input_codes, versions
from ftpconf.catalog import VsftpdOption
from ftpconf.diagnostics import Diagnostic, Edit, Fix
from ftpconf.dialects.base import Occurrence, ReaderResult, Repeat
from ftpconf.dialects.linescan import LineDocument
from ftpconf.dialects.vsftpd import codes
from ftpconf.dialects.vsftpd.grammar import C_SPACE, TRAILING_COMMENT, Line, parse_line, parse_text
from ftpconf.dialects.vsftpd.model_builder import build_server
from ftpconf.dialects.vsftpd.values import blank_or_comment, c_upper, parse_bool, parse_uint, trim_string
from ftpconf.integers import is_digits
from ftpconf.model import Config, Origin
from ftpconf.records import Record
from ftpconf.source import ReadOptions, SourceFile, Span, decode, encode, printable, read_source

if TYPE_CHECKING:
    from ftpconf.suggest import Suggester

DEFAULT_CONFIG = "/etc/vsftpd.conf"
Value = bool | int | str | None

# Checked against 1024..65535 before use, never cut to 16 bits: one out of range is ignored (FTP203 says what
# range follows; verified: pasv_max_port=65600 hands out 65400-65535 with pasv_min_port=65400).
PASSIVE_BOUNDS = frozenset(("pasv_min_port", "pasv_max_port"))


VsftpdDocument = LineDocument[Line]  # one vsftpd configuration file, kept byte for byte


class Assignment(Record):
    """A line (or ``-o`` argument) that vsftpd applied to an option."""

    option: VsftpdOption
    value: Value
    text: str  # the value text as vsftpd saw it (for strings: before trimming)
    span: Span
    kind: Literal["file", "argv"]

    @property
    def origin(self) -> Origin:
        return Origin.at(self.span, self.kind, f"{self.option.name}={printable(self.text)}")


class Settings:
    """The state of vsftpd's tunables after parsing, with every assignment kept for provenance."""

    def __init__(self) -> None:
        self.applied: dict[str, list[Assignment]] = {}

    def last(self, name: str) -> Assignment | None:
        found = self.applied.get(name)
        return found[-1] if found else None

    def value(self, name: str) -> Value:
        found = self.last(name)
        return found.value if found else catalog.vsftpd().options[name].default

    def origin(self, name: str) -> Origin:
        found = self.last(name)
        return found.origin if found else Origin.default(f"compiled-in default {name}={_default_text(name)}{_of(name)}")

    def declared(self, name: str) -> str | None:
        found = self.last(name)
        return None if found is None else found.text


class ReadResult(ReaderResult[VsftpdDocument]):
    settings: Settings  # each option's occurrences, as vsftpd applies them

class _Reader:
    def __init__(self) -> None:
        self.settings = Settings()
        self.diagnostics: list[Diagnostic] = []
        self.renames: list[tuple[int, str]] = []  # (index of an FTP101 finding, suggested name)
        self.lines: dict[tuple[str, int], Line] = {}  # for fixes that delete a line
        self.crlf_bool_seen = False  # a yes/no value broken only by a CRLF line ending was reported

    # -- files -------------------------------------------------------------------------------------
    def read_file(self, source: SourceFile) -> VsftpdDocument:
        text = source.text
        lines = parse_text(text)
        document = VsftpdDocument(source.path, lines)
        cap = catalog.vsftpd().max_file_bytes
        byte_offset = 0
        if text.startswith("\ufeff") and lines:
            self._bom(source.path, lines[0])
        if any(line.text.endswith("\r") for line in lines):
            self._crlf(source.path, lines)
        for line in lines:
            size = len(encode(line.raw))
            seen = line
            if byte_offset >= cap:
                self._beyond_cap(source.path, line, cut=False)
                break
            if byte_offset + size > cap:  # vsftpd reads the line only up to the limit
                kept = decode(encode(line.raw)[: cap - byte_offset])
                self._beyond_cap(source.path, line, cut=True)
                seen = parse_line(kept.rstrip("\n"), line.number, line.offset)
            byte_offset += size
            if seen.kind != "setting":
                continue
            self.lines[(source.path, line.number)] = line
            span = Span(source.path, line.number, 1, None)  # every field: the fast path, once a line
            self.apply(self._effective_setting_text(source.path, seen), span, "file", line)
        return document

    def _effective_setting_text(self, path: str, line: Line) -> str:
        if "\0" in line.text:
            cut = line.text.index("\0")
            self.diagnostics.append(
                codes.NUL_BYTE.at(
                    Span(path, line.number, cut + 1, len(line.text) + 1),
                    f"NUL byte: vsftpd ignores the rest of the line and reads `{printable(line.text[:cut])}`",
                )
            )
            return line.text[:cut]
        return line.text

    # -- one setting, exactly as vsf_parseconf_load_setting ------------------------------------------
    def apply(self, text: str, where: Span, kind: Literal["file", "argv"], line: Line | None = None) -> None:
        setting = text.lstrip(C_SPACE)
        indent = len(text) - len(setting)
        name, _, value = setting.partition("=")
        name_span = Span(where.path, where.line, where.column + indent, where.column + indent + len(name))
        value_column = where.column + indent + len(name) + 1
        value_span = Span(where.path, where.line, value_column, value_column + len(value))
        options = catalog.vsftpd().options
        option = options.get(name)
        if option is not None and option.type == "string":
            self._assign(option, trim_string(value), value, name_span, kind)
            self._check_string(option, value, value_span, line)
            return
        if not value:
            self._missing_value(name, option, name_span, setting, line)
            return
        if option is not None and option.type == "bool":
            parsed = parse_bool(value)
            if parsed is None:
                self._bad_bool(option, value, value_span, line)
                return
            self._assign(option, parsed, value, name_span, kind)
            return
        if option is not None:
            self._assign_uint(option, value, name_span, value_span, line)
            return
        self._unknown(name, value, name_span, line)

    def _assign(self, option: VsftpdOption, value: Value, text: str, span: Span, kind: Literal["file", "argv"]) -> None:
        self.settings.applied.setdefault(option.name, []).append(Assignment(option, value, text, span, kind))

    def _assign_uint(
        self, option: VsftpdOption, text: str, name_span: Span, value_span: Span, line: Line | None
    ) -> None:
        reading = parse_uint(text)
        self._assign(option, reading.value, text, name_span, "file" if line else "argv")
        rest = text[reading.used :]
        # `max_clients=5 #EDIT HERE` is 5, as written (measured on 3.0.3 and 3.0.5): nothing to report.
        if rest and rest != "\r" and not (reading.used and blank_or_comment(rest)):
            shown = printable(text.rstrip("\r"))
            if reading.used == 0:
                message = f"`{shown}` is not a number: vsftpd reads it as 0 without an error"
            else:
                message = f"vsftpd reads `{shown}` as {reading.value} and ignores `{printable(rest.rstrip(chr(13)))}`"
            digits = text[: reading.used]
            fix = None
            if reading.used and line is not None:
                start = line.offset + value_span.column - 1
                fix = self._move_comment_fix(line, value_span, text, digits) or Fix(
                    f"keep only `{digits}`", (Edit(value_span.path, start, start + len(text), digits),)
                )
            self.diagnostics.append(codes.JUNK_IN_NUMBER.at(value_span, message, fix=fix))
        if option.octal and not reading.octal and reading.used:
            written = text[: reading.used].strip(C_SPACE)
            note = "a space after `=` defeats the leading 0" if text[:1] in C_SPACE else ""
            mode_fix = None
            octal = written.lstrip("+")
            if line is not None and is_digits(octal) and set(octal) <= set("01234567"):
                octal = octal if octal.startswith("0") else "0" + octal
                start = line.offset + value_span.column - 1
                mode_fix = Fix(
                    f"write `{octal}` (octal {int(octal, 8):04o} instead of decimal {reading.value})",
                    (Edit(value_span.path, start, start + reading.used, octal),),
                    safe=False,
                )
            digits = written.lstrip("+")
            advice = (  # suggest an octal spelling only: `0{digits}` with an 8 or 9 in it is not one
                f"write `0{digits}` if you meant octal"
                if set(digits) <= set("01234567")
                else f"`{digits}` cannot be octal (8 and 9 are not octal digits): write the mode in octal, "
                f"e.g. `0{reading.value:o}` for what vsftpd uses now"
            )
            self.diagnostics.append(
                codes.DECIMAL_MODE.at(
                    value_span,
                    f"`{option.name}={printable(text.rstrip(chr(13)))}` is decimal {reading.value} "
                    f"(octal {reading.value:04o}); {advice}",
                    note,
                    fix=mode_fix,
                )
            )
        if reading.exact != reading.value % (1 << 32) or reading.exact < 0 or reading.exact >= 1 << 32:
            self.diagnostics.append(
                codes.NUMBER_RANGE.at(
                    value_span,
                    f"`{option.name}={printable(text.rstrip(chr(13)))}` wraps to {reading.value} "
                    "(vsftpd stores 32-bit unsigned numbers)",
                )
            )
        elif option.port and reading.value > 65535 and option.name not in PASSIVE_BOUNDS:
            self.diagnostics.append(
                codes.NUMBER_RANGE.at(
                    value_span,
                    f"`{option.name}={reading.value}` is not a port: vsftpd uses it as "
                    f"{reading.value % 65536} (cut to 16 bits)",
                )
            )

    def _check_string(self, option: VsftpdOption, text: str, span: Span, line: Line | None) -> None:
        trimmed = trim_string(text)
        if trimmed is None and text:
            shown = "a carriage return (CRLF line ending)" if text == "\r" else f"only whitespace (`{printable(text)}`)"
            self.diagnostics.append(
                codes.BLANK_STRING.at(
                    span,
                    f"`{option.name}` is {shown}: Debian's vsftpd 3.0.3 crashes (segmentation fault) on such a "
                    "value and never greets a client",
                    fix=self._replace_value_fix(line, span, text, "", "empty the value"),
                )
            )
            return
        if trimmed is None:
            if option.default is not None and not option.empty_fatal:
                self.diagnostics.append(
                    codes.EMPTY_STRING.at(
                        span,
                        f"`{option.name}` is set empty: this clears the compiled-in default "
                        f"`{option.default}` instead of keeping it",
                    )
                )
            return
        if option.name in ("cmds_allowed", "cmds_denied"):
            self._check_command_list(option, trimmed, span, line)
        if len(trimmed) >= 2 and trimmed[0] == trimmed[-1] and trimmed[0] in "\"'":
            fix = self._replace_value_fix(line, span, text, trimmed[1:-1], "remove the quotes")
            self.diagnostics.append(
                codes.QUOTED_VALUE.at(
                    span,
                    f"vsftpd keeps the quotes: `{option.name}` is the text {printable(trimmed)} quotes included",
                    fix=fix,
                )
            )
        trailing = TRAILING_COMMENT.search(trimmed)
        if trailing is not None:
            kept = text.removesuffix("\r")
            found = TRAILING_COMMENT.search(kept)
            fix = None
            if line is not None and line.kind == "setting" and found is not None:
                fix = self._move_comment_fix(line, span, text, kept[: found.start()].rstrip(" \t"))
                # Unsafe: a string is used as written, and a `#` in it may be meant (`Welcome to ftp #2`).
                fix = None if fix is None else fix.replace(safe=False)
            self.diagnostics.append(
                codes.INLINE_COMMENT.at(
                    span,
                    f"`{option.name}` is `{printable(trimmed)}`: vsftpd has no inline comments, "
                    "the `#` and what follows are part of the value",
                    fix=fix,
                )
            )

    def _check_command_list(self, option: VsftpdOption, value: str, span: Span, line: Line | None) -> None:
        items = value.split(",")
        broken = [item for item in items if item and (item != item.strip(C_SPACE) or item != c_upper(item))]
        if not broken:
            return
        fixed = ",".join(c_upper(item.strip(C_SPACE)) for item in items if item.strip(C_SPACE))
        shown = ", ".join(f"`{printable(item)}`" for item in broken)
        self.diagnostics.append(
            codes.COMMAND_LIST_ITEM.at(
                span,
                f"{option.name}: {shown} match{'es' if len(broken) == 1 else ''} no command (vsftpd compares items "
                "exactly, in capitals, spaces included)",
                fix=self._replace_value_fix(line, span, value, fixed, f"write `{fixed}`"),
            )
        )

    @staticmethod
    def _move_comment_fix(line: Line | None, span: Span, value: str, keep: str) -> Fix | None:
        """Put the trailing `# comment` of ``value`` on a line of its own above (column 1, vsftpd's only
        comment) and leave ``keep`` as the value; a CRLF line keeps its carriage return."""
        core = value.removesuffix("\r")
        found = TRAILING_COMMENT.search(core)
        if line is None or found is None:
            return None
        comment = core[found.start() :].strip(C_SPACE)
        newline = "\r\n" if line.text.endswith("\r") else "\n"
        start = line.offset + span.column - 1
        return Fix(
            f"move the comment onto its own line and write `{printable(keep)}`",
            (
                Edit(span.path, line.offset, line.offset, comment + newline),
                Edit(span.path, start, start + len(core), keep),
            ),
        )

    @staticmethod
    def _replace_value_fix(line: Line | None, span: Span, old: str, new: str, what: str) -> Fix | None:
        if line is None:
            return None
        start = line.offset + span.column - 1
        return Fix(what, (Edit(span.path, start, start + len(old), new),))

    # -- fatal cases --------------------------------------------------------------------------------
    def _missing_value(
        self, name: str, option: VsftpdOption | None, span: Span, setting: str, line: Line | None
    ) -> None:
        oops = f"500 OOPS: missing value in config file for: {printable(name)}"
        if name.lstrip(C_SPACE).startswith("#") or (line is not None and line.text.lstrip(C_SPACE).startswith("#")):
            self._indented_comment(span, oops, line)
        elif name.startswith("\ufeff"):
            pass  # reported once by _bom
        elif option is None and name.rstrip(C_SPACE) != name and name.rstrip(C_SPACE) in catalog.vsftpd().options:
            self.diagnostics.append(
                codes.MISSING_VALUE.at(span, f"`{name.rstrip(C_SPACE)}` has no value; vsftpd refuses to start: {oops}")
            )
        elif option is None:
            self._unknown(name, "", span, line, oops)
        else:
            self.diagnostics.append(
                codes.MISSING_VALUE.at(
                    span, f"`{name}` needs a value ({_expected(option)}); vsftpd refuses to start: {oops}"
                )
            )

    def _bad_bool(self, option: VsftpdOption, value: str, span: Span, line: Line | None) -> None:
        oops = f"500 OOPS: bad bool value in config file for: {option.name}"
        stripped = value.strip(C_SPACE)
        if " #" in value or "\t#" in value:
            stripped = value.split("#", 1)[0].strip(C_SPACE)
        stripped = stripped.strip("\"'")
        hint = ""
        fix = None
        if parse_bool(stripped) is not None:
            only_crlf = value.endswith("\r") and stripped == value[:-1]
            if only_crlf and self.crlf_bool_seen:
                return  # one defect (the line endings, FTP119): vsftpd stops at the first such line anyway
            self.crlf_bool_seen = self.crlf_bool_seen or only_crlf
            why = (
                "the carriage return of a CRLF line ending (FTP119 converts the file; vsftpd stops at this first "
                "yes/no line)"
                if only_crlf
                else "quotes, spaces or a comment around it"
            )
            hint = f"`{stripped}` would be accepted; the value has {why}"
            fix = self._move_comment_fix(line, span, value, stripped) or self._replace_value_fix(
                line, span, value, stripped, f"write `{stripped}`"
            )
        elif c_word := {"ON": "YES", "OFF": "NO", "Y": "YES", "N": "NO", "ENABLE": "YES", "DISABLE": "NO"}.get(
            stripped.upper()
        ):
            hint = f"write `{c_word}`"
        self.diagnostics.append(
            codes.BAD_BOOL.at(
                span,
                f"`{option.name}={printable(value)}`: vsftpd accepts only YES/NO, TRUE/FALSE, 1/0 "
                f"and refuses to start: {oops}",
                hint,
                fix=fix,
            )
        )

    def _unknown(self, name: str, value: str, span: Span, line: Line | None, oops: str | None = None) -> None:
        oops = oops or f"500 OOPS: unrecognised variable in config file: {printable(name)}"
        cat = catalog.vsftpd()
        if name.lstrip(C_SPACE).startswith("#") or (line is not None and line.text.lstrip(C_SPACE).startswith("#")):
            self._indented_comment(span, oops, line)
            return
        if name.startswith("\ufeff"):
            return  # reported once by _bom
        bare = name.strip(C_SPACE)
        if bare != name and bare in cat.options:
            fix = None
            if line is not None:
                fixed = f"{line.indent}{bare}={value.lstrip(' ').rstrip(chr(13))}" + (
                    "\r" if value.endswith("\r") else ""
                )
                fix = Fix(
                    "remove the spaces around `=`", (Edit(span.path, line.offset, line.offset + len(line.text), fixed),)
                )
            self.diagnostics.append(
                codes.SPACE_AROUND_EQUALS.at(
                    span,
                    f"the space before `=` is part of the name `{printable(name)}`; vsftpd refuses to start: {oops}",
                    fix=fix,
                )
            )
            return
        if bare in cat.elsewhere:  # a real option of another version: not a typo to rename
            self.diagnostics.append(
                codes.UNKNOWN_OPTION.at(
                    span,
                    f"`{bare}` is unknown to vsftpd {cat.version} (accepted from {cat.elsewhere[bare]}); "
                    f"vsftpd {cat.version} refuses to start: {oops}",
                    f"ftpconf targets vsftpd {cat.version} ({cat.build}); for another version give "
                    f"--target-version or `target-version` in [vsftpd] of .ftpconf.toml",
                )
            )
            return
        # A foreign name is no typo, but another build's spelling: suggest only this version's spelling of it
        # (3.0.5's manual says ssl_tlsv1_2, its parser knows ssl_tlsv12).
        respelt = tuple(o for o in cat.options if o.replace("_", "") == bare.replace("_", ""))
        suggestions = respelt if bare in cat.foreign else _option_names().suggest(bare)
        notes = []
        fix = None
        if bare in cat.foreign:
            notes.append(
                f"`{bare}` exists in other vsftpd builds ({cat.foreign[bare] or 'not Debian'}), "
                f"not in vsftpd {cat.version} ({cat.build})"
            )
        message = f"unknown option `{printable(name)}`"
        if suggestions:
            message += " (did you mean " + " or ".join(f"`{s}`" for s in suggestions) + "?)"
            if len(suggestions) == 1 and line is not None:
                start = line.offset + span.column - 1
                fix = Fix(
                    f"rename to `{suggestions[0]}`",
                    (Edit(span.path, start, start + len(name), suggestions[0]),),
                    safe=False,  # settle_renames() makes it safe once the whole file is known
                )
                from ftpconf.suggest import is_typo

                if is_typo(bare, suggestions[0]):  # a different word is a guess: its rename stays unsafe
                    self.renames.append((len(self.diagnostics), suggestions[0]))
        self.diagnostics.append(
            codes.UNKNOWN_OPTION.at(span, f"{message}; vsftpd refuses to start: {oops}", *notes, fix=fix)
        )

    def _indented_comment(self, span: Span, oops: str, line: Line | None) -> None:
        fix = None
        if line is not None:
            fix = Fix(
                "start the comment in column 1", (Edit(span.path, line.offset, line.offset + len(line.indent), ""),)
            )
        self.diagnostics.append(
            codes.INDENTED_COMMENT.at(
                span, f"vsftpd reads an indented `#` line as a setting and refuses to start: {oops}", fix=fix
            )
        )

    def _bom(self, path: str, first: Line) -> None:
        shown = printable(first.text.rstrip("\r"))
        oops = (
            "500 OOPS: missing value in config file for: "
            if first.value is None
            else "500 OOPS: unrecognised variable in config file: "
        ) + printable(first.name)
        message, fix = input_codes.byte_order_mark(
            path, f"which vsftpd reads as part of `{shown}` and refuses to start: {oops}"
        )
        self.diagnostics.append(codes.BOM.at(Span(path, 1, 1, 2), message, fix=fix))

    def _crlf(self, path: str, lines: list[Line]) -> None:
        first = next(line for line in lines if line.text.endswith("\r"))
        edits = tuple(
            Edit(path, ln.offset + len(ln.text) - 1, ln.offset + len(ln.text), "")
            for ln in lines
            if ln.text.endswith("\r")
        )
        self.diagnostics.append(
            codes.CRLF.at(
                Span(path, first.number, len(first.text), len(first.text) + 1),
                "the file has CRLF (Windows) line endings; vsftpd keeps the carriage return in each value",
                fix=Fix("convert to LF line endings", edits),
            )
        )

    def _beyond_cap(self, path: str, line: Line, cut: bool) -> None:
        cap = catalog.vsftpd().max_file_bytes
        if cut:
            message = f"this line crosses vsftpd's {cap:,}-byte limit: vsftpd reads only its beginning"
        else:
            message = f"vsftpd stops reading at {cap:,} bytes: this line and every line after it are ignored"
        self.diagnostics.append(codes.BEYOND_CAP.at(Span(path, line.number), message))

    # -- duplicates ---------------------------------------------------------------------------------
    def repeats(self) -> list[Repeat]:
        """Options set more than once: vsftpd applies lines in order, so the last one wins."""
        found = []
        for name, assignments in self.settings.applied.items():
            if len(assignments) > 1:
                final = assignments[-1]
                occurrences = tuple(self._occurrence(a) for a in assignments[:-1])
                # Deleting a redundant line is safe only when a line of the file wins: a -o setting is not
                # there when the file is used alone.
                found.append(Repeat(self._occurrence(final), occurrences, "last", name, final.kind == "file"))
        return found

    def _occurrence(self, assignment: Assignment) -> Occurrence:
        span = assignment.span
        line = self.lines.get((span.path, span.line)) if assignment.kind == "file" else None
        text = f"{assignment.option.name}={assignment.text}"
        return Occurrence(span, text, assignment.value, None, line is not None)

    def settle_renames(self) -> None:
        """A typo fix is safe when its name has one close match that nothing else sets (else it adds a duplicate)."""
        targets = [name for _, name in self.renames]
        for index, name in self.renames:
            diagnostic = self.diagnostics[index]
            if diagnostic.fix is None or name in self.settings.applied or targets.count(name) > 1:
                continue
            self.diagnostics[index] = diagnostic.replace(fix=diagnostic.fix.replace(safe=True))


def _option_names() -> "Suggester":
    """The targeted version's option names, for "did you mean" (names are case-sensitive: ``Listen`` is a
    case-only typo)."""
    return _suggester(catalog.vsftpd().version)


@functools.cache
def _suggester(version: str) -> "Suggester":
    from ftpconf.suggest import Suggester  # only for an unknown name: a clean file does not import difflib

    return Suggester(catalog.vsftpd(version).options)


def _expected(option: VsftpdOption) -> str:
    return "YES or NO" if option.type == "bool" else "a number"


def _default_text(name: str) -> str:
    return catalog.vsftpd().options[name].default_text


def _of(name: str) -> str:
    """" of vsftpd 3.0.3 (3.0.5: NO)" where another version's binary starts with another value, else ""."""
    text = _default_text(name)
    differ = [
        f"{v}: {catalog.vsftpd(v).options[name].default_text}"
        for v in versions.others("vsftpd")
        if name in catalog.vsftpd(v).options and catalog.vsftpd(v).options[name].default_text != text
    ]
    return f" of vsftpd {catalog.vsftpd().version} ({'; '.join(differ)})" if differ else ""


# -- entry points -----------------------------------------------------------------------------------


def read(source: SourceFile, options: ReadOptions | None = None) -> ReadResult:
    """Read one vsftpd.conf as vsftpd would when started with this file (``options``: none apply)."""
    return read_invocation([source])


Argument = SourceFile | str  # a file, or the text of one ``-o`` setting


class _Setting(str):
    """The text of one ``-o`` setting, knowing its column in the command line it was written in."""

    column: int = 0


def read_invocation(arguments: Sequence[Argument]) -> ReadResult:
    """Apply files and ``-o`` settings left to right, as vsftpd does with its command line."""
    reader = _Reader()
    documents = []
    for index, argument in enumerate(arguments):
        if isinstance(argument, SourceFile):
            documents.append(reader.read_file(argument))
        else:
            column = getattr(argument, "column", 0) or _argv_column(arguments, index)
            reader.apply(argument, Span("<command line>", 1, column), "argv")
    reader.settle_renames()
    sources = tuple(doc.path for doc in documents) or ("<command line>",)
    path = sources[0]
    server, startup = build_server(reader.settings, path)
    config = Config.model_construct(dialect="vsftpd", sources=sources, servers=(server,))
    return ReadResult(config, documents, reader.diagnostics + startup, reader.repeats(), settings=reader.settings)


def _argv_column(arguments: Sequence[Argument], index: int) -> int:
    column = 1
    for argument in arguments[:index]:
        column += len(argument if isinstance(argument, str) else argument.path) + 4
    return column


def parse_command_line(
    command: str | Sequence[str], open_file: Callable[[str], SourceFile] = read_source
) -> tuple[list[Argument], list[str]]:
    """Turn ``vsftpd -olisten_port=2121 /etc/vsftpd.conf`` into arguments; returns (arguments, problems)."""
    if isinstance(command, str):
        import shlex  # a command line given as one string: a file alone does not need it

        argv = shlex.split(command)
    else:
        argv = list(command)
    columns = [0] * len(argv)
    if isinstance(command, str):  # where each word stands, so a finding on a -o setting points at it
        from ftpconf import shellwords

        placed = [w for w in shellwords.split(command) if not w.operator]
        if [w.text for w in placed] == argv:
            columns = [w.start + 1 for w in placed]
    if (
        argv
        and not argv[0].startswith("-")
        and argv[0].rsplit("/", 1)[-1].startswith("vsftpd")
        and (len(argv) == 1 or not argv[0].endswith(".conf"))
    ):
        argv, columns = argv[1:], columns[1:]
    arguments: list[Argument] = []
    problems: list[str] = []
    saw_file = False
    for arg, column in zip(argv, columns, strict=True):
        if arg.startswith("-o"):
            setting = _Setting(arg[2:])
            setting.column = column + 2 if column else 0
            arguments.append(setting)
        elif arg == "-v":
            continue
        elif arg.startswith("-"):
            problems.append(f"500 OOPS: unrecognise option: {arg}")
        else:
            arguments.append(open_file(arg))
            saw_file = True
    if not saw_file:
        arguments.append(open_file(DEFAULT_CONFIG))  # vsftpd reads its default file after the -o settings
    return arguments, problems


def iter_settings(result: ReadResult) -> Iterable[Assignment]:
    for assignments in result.settings.applied.values():
        yield from assignments
