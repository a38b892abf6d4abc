"""The command line: parse arguments, call the library, print a report.  Exit 0 clean, 1 findings, 2 usage."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from ftpconf import __version__

FAIL_ON = ("error", "warning", "info", "none")


def _write(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    # Undecodable input bytes travel as surrogates: give the terminal the original bytes back.
    data = text.encode("utf-8", "surrogateescape")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # pragma: no cover - e.g. a captured StringIO
        stream.write(data.decode("utf-8", "replace"))


def _usage_error(message: str) -> NoReturn:
    _write(f"ftpconf: error: {message}\n", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ftpconf")
def main() -> None:
    """Read, lint and translate vsftpd, proftpd and pure-ftpd configuration."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--dialect",
    type=click.Choice(["auto", "vsftpd", "proftpd", "pureftpd"]),
    default="auto",
    show_default=True,
    help="Which daemon the files are for.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding of this severity or worse is reported.",
)
@click.option(
    "--cmdline",
    "cmdlines",
    multiple=True,
    metavar="COMMAND",
    help='Lint a daemon command line, e.g. "vsftpd -olisten_port=2121 /etc/vsftpd.conf".',
)
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option(
    "--modules",
    metavar="LIST",
    default=None,
    help="proftpd: the loaded module set, comma-separated (default: Debian 12's stock set).",
)
@click.option("--define", "defines", multiple=True, metavar="NAME", help="proftpd: a -D define, for <IfDefine>.")
def lint(
    paths: tuple[str, ...],
    dialect: str,
    output_format: str,
    fail_on: str,
    cmdlines: tuple[str, ...],
    color: bool | None,
    modules: str | None,
    defines: tuple[str, ...],
) -> None:
    """Check configuration files (``-`` reads standard input)."""
    import os

    from ftpconf.lint import LintResult, ReadOptions, UnsupportedDialect, lint_invocation, lint_path, lint_source
    from ftpconf.source import InputError, SourceFile

    if not paths and not cmdlines:
        _usage_error("nothing to lint: give a file, '-' for standard input, or --cmdline")
    options = ReadOptions(
        modules=None if modules is None else tuple(m.strip() for m in modules.split(",") if m.strip()),
        defines=defines,
    )
    results: list[LintResult] = []
    errors: list[dict[str, str]] = []
    for path in paths:
        try:
            if path == "-":
                results.append(lint_source(SourceFile("<stdin>", _read_stdin()), dialect, options))
            else:
                results.append(lint_path(path, dialect, options))
        except (InputError, UnsupportedDialect) as exc:
            errors.append({"path": path, "message": str(exc)})
    for command in cmdlines:
        try:
            results.append(lint_invocation(command))
        except (InputError, UnsupportedDialect) as exc:
            errors.append({"path": command, "message": str(exc)})

    if output_format == "json":
        from ftpconf.report import json_report

        _write(json_report.render(results, errors))
    else:
        from ftpconf.report import text

        use_color = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        for error in errors:
            _write(f"ftpconf: error: {error['message']}\n", err=True)
        if results:
            _write(text.render(results, color=use_color))
    if errors:
        sys.exit(2)
    if fail_on != "none":
        threshold = {"info": 1, "warning": 2, "error": 3}[fail_on]
        if any(d.severity.rank >= threshold for r in results for d in r.diagnostics):
            sys.exit(1)


def _read_stdin() -> bytes:
    from ftpconf.source import InputError

    try:
        return sys.stdin.buffer.read() if sys.stdin is not None else b""
    except (OSError, ValueError) as exc:
        raise InputError("<stdin>", f"cannot read standard input ({exc})") from None


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output_format: str) -> None:
    """List every rule: code, name, severity, summary."""
    from ftpconf.registry import all_rules

    infos = all_rules()
    if output_format == "json":
        import json

        _write(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "dialects": list(r.dialects),
                        "fixable": r.fixable,
                    }
                    for r in infos
                ],
                indent=2,
            )
            + "\n"
        )
        return
    for info in infos:
        _write(f"{info.code}  {info.severity.value:<7}  {info.name:<38} {info.summary}\n")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain one rule, e.g. ``ftpconf explain FTP201`` (a name works too)."""
    from ftpconf.registry import find_rule

    info = find_rule(code)
    if info is None:
        _usage_error(f"no rule {code!r}; `ftpconf rules` lists them")
    _write(
        f"{info.code} {info.name} ({info.severity.value})\n\n{info.summary}.\n\n{info.explanation}\n\n"
        f"Dialects: {', '.join(info.dialects)}{'; has an automatic fix' if info.fixable else ''}\n"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
