"""``ftpconf convert``: write a configuration in another dialect (or TOML/JSON), with a loss report."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Literal

import click

from ftpconf.commands._io import read_stdin, usage_error, write
from ftpconf.commands._options import read_options, target_version_option
from ftpconf.dialects import registry

if TYPE_CHECKING:
    from ftpconf.convert import Conversion
    from ftpconf.diagnostics import Diagnostic
    from ftpconf.lint import LintResult, ReadOptions

NEUTRAL = ("toml", "json")  # the model itself, as a file (ftpconf/dialects/neutral.py)
TARGETS = (*(form for dialect in registry.DIALECTS for form in dialect.forms), *NEUTRAL)
SOURCES = ("auto", *registry.spellings(), *NEUTRAL)


@click.command()
@click.argument("source")
@click.option("--to", "target", type=click.Choice(TARGETS), required=True, help="The dialect to write.")
@click.option(
    "--from",
    "source_dialect",
    type=click.Choice(SOURCES),
    default="auto",
    show_default=True,
    help="The dialect of SOURCE (detected from its name and content).",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    default=None,
    help="Write here (atomically, keeping owner and mode) instead of standard output; a directory for pureftpd-debian.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when anything could not be carried over.")
@click.option(
    "--partial",
    is_flag=True,
    help="Convert even when ftpconf could not read the whole configuration (FTP010); refused by default.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@read_options
@target_version_option
def convert(target_versions: tuple[tuple[str, str], ...], **arguments: Any) -> None:
    """Convert SOURCE (a file, Debian's pure-ftpd conf directory, or - for standard input).

    The converted configuration goes to standard output (or --output); every setting that could
    not be carried over is reported as an FTP9xx finding on standard error, pointing at its line.
    With --target-version the output is what that version of the target daemon accepts (and the source is
    read as that version when it is the source's daemon).
    """
    from ftpconf import versions

    with versions.targeting(target_versions):
        _convert(**arguments)


def _convert(
    source: str,
    target: str,
    source_dialect: str,
    output: str | None,
    strict: bool,
    partial: bool,
    output_format: str,
    options: ReadOptions,
) -> None:
    from ftpconf.convert import convert as run_conversion
    from ftpconf.diagnostics import sorted_diagnostics
    from ftpconf.dialects.neutral import NeutralError
    from ftpconf.input_codes import unread_parts
    from ftpconf.lint import UnsupportedDialect
    from ftpconf.source import InputError

    try:
        result = _read(source, source_dialect, options)
        conversion = run_conversion(result, target)
    except (InputError, UnsupportedDialect, NeutralError) as exc:
        usage_error(str(exc))
    unread = unread_parts(result.diagnostics)
    if unread and not partial:
        # Defaults would stand in for the settings never read: a plausible file that says something else.
        where = unread[0].span
        usage_error(
            f"{where.path}:{where.line}: {unread[0].code} {unread[0].message}; the rest of the configuration was not "
            "read, so nothing was converted (--partial converts what was read)"
        )
    written: list[str] = []
    if output is not None:
        try:
            written = _write_output(conversion, output)
        except OSError as exc:
            usage_error(f"{output}: cannot write ({exc.strerror or exc})")
    findings = [d for d in result.diagnostics if d.severity.value == "error"] + unread
    findings += sorted_diagnostics(conversion.losses + conversion.ineffective) + conversion.notes
    if output_format == "json":
        _report_json(result, conversion, findings, written, stdout_has_files=output is None)
    else:
        if output is None:
            write(_as_text(conversion))
        _report_text(result, findings, conversion, written)
    if strict and conversion.losses:
        sys.exit(1)


def _read(source: str, dialect: str, options: ReadOptions) -> LintResult:
    from ftpconf.convert.engine import read_neutral
    from ftpconf.lint import lint_path, lint_source
    from ftpconf.source import SourceFile, read_source

    neutral = dialect in NEUTRAL or (
        dialect == "auto" and source.lower().endswith(tuple(f".{kind}" for kind in NEUTRAL)) and source != "-"
    )
    if neutral:
        path = source if source != "-" else f"<stdin>.{dialect}"
        data = read_stdin() if source == "-" else read_source(source).raw
        kind: Literal["toml", "json"] | None = "json" if dialect == "json" else "toml" if dialect == "toml" else None
        return read_neutral(path, data, kind)
    if source == "-":
        return lint_source(SourceFile("<stdin>", read_stdin()), dialect, options)
    return lint_path(source, dialect, options)


def _as_text(conversion: Conversion) -> str:
    if set(conversion.files) == {""}:
        return conversion.files[""]
    # Several files (Debian's conf directory) on a terminal: one block per file, like `head *`.
    parts = [f"==> {name} <==\n{text}" for name, text in sorted(conversion.files.items())]
    parts += [f"==> {name} -> {target} (symlink) <==\n" for name, target in sorted(conversion.links.items())]
    return "\n".join(parts)


def _write_output(conversion: Conversion, output: str) -> list[str]:
    import os

    from ftpconf.atomic import link_atomically, write_atomically

    if set(conversion.files) == {""}:
        if os.path.isdir(output):
            raise IsADirectoryError(21, "is a directory; give a file name", output)
        write_atomically(output, conversion.files[""].encode("utf-8", "surrogateescape"))
        return [output]
    written = []
    for name, text in sorted(conversion.files.items()):
        path = os.path.join(output, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomically(path, text.encode("utf-8", "surrogateescape"))
        written.append(path)
    for name, target in sorted(conversion.links.items()):
        path = os.path.join(output, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.islink(path) and os.readlink(path) == target:
            continue
        link_atomically(path, target)
        written.append(path)
    return written


def _report_text(result: LintResult, findings: list[Diagnostic], conversion: Conversion, written: list[str]) -> None:
    from ftpconf.lint import LintResult as Result
    from ftpconf.redact import redact_result
    from ftpconf.report import text

    framed = [d for d in findings if d not in conversion.notes]
    if framed:
        shown = redact_result(Result(result.path, result.dialect, result.config, framed, result.texts))
        rendered = text.render([shown], color=False)
        write(rendered.rsplit("\n", 2)[0] + "\n", err=True)  # the findings without the "N findings" line
    for note in conversion.notes:  # about the output, not a source line: no code frame
        write(f"ftpconf convert: {note.code} default written: {note.message}\n", err=True)
    lost = len(conversion.losses)
    summary = "nothing lost" if not lost else f"{lost} setting{'s' if lost != 1 else ''} not carried over"
    if conversion.ineffective:  # overridden in the source: leaving them out changes nothing
        dead = len(conversion.ineffective)
        summary += f"; {dead} line{'s' if dead != 1 else ''} without effect left out"
    if conversion.identical:
        summary = "same dialect: the source, byte for byte"
    where = f"; wrote {', '.join(written)}" if written else ""
    write(f"ftpconf convert: {summary}{where}\n", err=True)


def _report_json(
    result: LintResult,
    conversion: Conversion,
    findings: list[Diagnostic],
    written: list[str],
    stdout_has_files: bool,
) -> None:
    import json

    from ftpconf import __version__
    from ftpconf.lint import LintResult as Result
    from ftpconf.redact import redact_result
    from ftpconf.report.json_report import diagnostic_dict

    findings = redact_result(Result(result.path, result.dialect, result.config, findings, result.texts)).diagnostics

    document = {
        "version": __version__,
        "target": conversion.target,
        "identical": conversion.identical,
        "files": conversion.files if stdout_has_files else {},
        "links": conversion.links if stdout_has_files else {},
        "written": written,
        "diagnostics": [diagnostic_dict(d) for d in findings],
    }
    write(json.dumps(document, indent=2, ensure_ascii=True) + "\n")
