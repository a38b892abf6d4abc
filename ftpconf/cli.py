"""The command line: a thin click group; each sub-command lives in ``ftpconf.commands``.

Exit 0 clean, 1 findings, 2 usage or input errors.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping

from ftpconf import gcpolicy

gcpolicy.starting()  # before click, pyparsing and pydantic are imported: see there

import click  # noqa: E402

from ftpconf import __version__  # noqa: E402

# Each command is imported when it runs: `ftpconf lint` does not pay for convert, show or firewall.
COMMANDS = {
    "lint": "ftpconf.commands.lint",
    "convert": "ftpconf.commands.convert",
    "rules": "ftpconf.commands.rules",
    "explain": "ftpconf.commands.rules",
    "show": "ftpconf.commands.show",
    "firewall": "ftpconf.commands.firewall",
    "probe": "ftpconf.commands.probe",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """``main.commands`` that imports a command the first time it is looked up."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            command = getattr(importlib.import_module(COMMANDS[name]), name)
            assert isinstance(command, click.Command)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("ftpconf's commands are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self._loaded})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self._loaded})

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded


class _Group(click.Group):
    """Exit statuses a caller can rely on: Ctrl-C is 130, as shells expect (click says "Aborted!" and 1),
    and a bug is 2 with a one-line report naming the input, never a traceback read as findings (1)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("ftpconf: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # every other exception is a bug of ours
            click.echo(f"ftpconf: internal error{_context(exc)} (please report it, with that input)", err=True)
            sys.exit(2)


def _context(exc: BaseException) -> str:
    """Where it broke: the input being read and the line of ftpconf that raised.  The exception's own
    message is left out: it may quote the input, and a report never shows a secret (invariant 6)."""
    import traceback

    from ftpconf.source import READING, printable

    where = READING.get()
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "ftpconf" in f.filename] or frames
    at = f" at {ours[-1].filename.rsplit('ftpconf/', 1)[-1]}:{ours[-1].lineno}" if ours else ""
    return f"{' while reading ' + printable(where) if where else ''}: {type(exc).__name__}{at}"


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ftpconf")
def main() -> None:
    """Read, lint and translate vsftpd, proftpd and pure-ftpd configuration."""
    from ftpconf import gcpolicy

    gcpolicy.tune()


main.commands = LazyCommands()


if __name__ == "__main__":  # pragma: no cover
    main()
