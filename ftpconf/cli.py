"""The command line: a thin click group; each sub-command lives in ``ftpconf.commands``.

Exit 0 clean, 1 findings, 2 usage or input errors.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

import click

from ftpconf import __version__

# Each command is imported when it runs: `ftpconf lint` does not pay for convert, show or firewall.
COMMANDS = {
    "lint": "ftpconf.commands.lint",
    "convert": "ftpconf.commands.convert",
    "rules": "ftpconf.commands.rules",
    "explain": "ftpconf.commands.rules",
    "show": "ftpconf.commands.show",
    "firewall": "ftpconf.commands.firewall",
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ftpconf")
def main() -> None:
    """Read, lint and translate vsftpd, proftpd and pure-ftpd configuration."""
    from ftpconf import gcpolicy

    gcpolicy.tune()


main.commands = LazyCommands()


if __name__ == "__main__":  # pragma: no cover
    main()
