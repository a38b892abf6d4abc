"""docs/ftpconf.1, the man page, generated from the click commands: ``python -m ftpconf.manpage``.

Every command, argument and option comes from the same objects the command line parses, so the
page cannot list an option that does not exist or miss one; ``--check`` exits 1 when the committed
page is stale (tests/test_manpage.py runs it).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import click

from ftpconf import __version__

PAGE = Path(__file__).resolve().parent.parent / "docs" / "ftpconf.1"


def _roff(text: str) -> str:
    """Escape what roff reads as requests or escapes."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line for line in text.split("\n"))


def _prose(text: str) -> str:
    """A docstring as roff paragraphs: its own line breaks dropped, blank lines kept as .PP."""
    paragraphs = [" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n") if p.strip()]
    return "\n.PP\n".join(_roff(p) for p in paragraphs)


def _option(param: click.Parameter) -> str:
    names = [*param.opts, *param.secondary_opts]
    metavar = (
        ""
        if isinstance(param, click.Option) and (param.is_flag or param.count)
        else f" {param.make_metavar(click.Context(click.Command('x')))}"
    )
    help_text = getattr(param, "help", None) or ""
    return f".TP\n.B {_roff(', '.join(names))}{_roff(metavar)}\n{_prose(help_text)}\n"


def render() -> str:
    from ftpconf.cli import main

    out = [
        f'.TH FTPCONF 1 "" "ftpconf {__version__}" "User Commands"\n',
        ".SH NAME\nftpconf \\- read, lint and translate vsftpd, proftpd and pure\\-ftpd configuration\n",
        ".SH SYNOPSIS\n.B ftpconf\n"
        "[\\fB\\-\\-version\\fR] [\\fB\\-h\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n",
        ".SH DESCRIPTION\n" + _prose(main.help or "") + "\n",
        ".SH COMMANDS\n",
    ]
    # The group's context settings (-h as well as --help) reach each command through its parent context,
    # as when ftpconf runs; click caches a command's help option, so it must be asked this way every time.
    context = click.Context(main, info_name="ftpconf", **main.context_settings)
    for name in sorted(main.list_commands(context)):
        command = main.get_command(context, name)
        assert command is not None
        arguments = " ".join(p.human_readable_name for p in command.params if isinstance(p, click.Argument))
        out.append(f".SS ftpconf {name} {_roff(arguments.upper())}\n{_prose(command.help or '')}\n")
        for param in command.get_params(click.Context(command, info_name=name, parent=context)):
            if isinstance(param, click.Option):
                out.append(_option(param))
    out.append(
        ".SH EXIT STATUS\n0 no finding at or above \\-\\-fail\\-on; 1 findings; 2 usage error, invalid configuration "
        "or unreadable input; 130 interrupted.\n"
        ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nA non\\-empty value turns colour off.\n"
        ".TP\n.B FORCE_COLOR\nA non\\-empty value turns colour on where standard output is no terminal.\n"
        ".TP\n.B COLUMNS\nThe width text output wraps at.\n"
        '.TP\n.B _FTPCONF_COMPLETE\nShell completion: \\fBeval "$(_FTPCONF_COMPLETE=bash_source ftpconf)"\\fR '
        "(zsh_source, fish_source for those shells).\n"
        ".SH FILES\n.TP\n.B pyproject.toml, .ftpconf.toml\nProject settings ([tool.ftpconf]), from the linted file's "
        "directory upwards.\n"
    )
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ftpconf.manpage", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if docs/ftpconf.1 is stale")
    parser.add_argument("--out", type=Path, default=PAGE)
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        if not args.out.is_file() or args.out.read_text("utf-8") != page:
            print(f"{args.out}: missing or out of date; run `make man`", file=sys.stderr)
            return 1
        return 0
    from ftpconf.atomic import write_atomically

    write_atomically(str(args.out), page.encode("utf-8"))
    print(f"{args.out} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
