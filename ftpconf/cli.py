"""The command line: a thin click group; each sub-command lives in ``ftpconf.commands``.

Exit 0 clean, 1 findings, 2 usage or input errors.
"""

from __future__ import annotations

import click

from ftpconf import __version__
from ftpconf.commands.lint import lint
from ftpconf.commands.rules import explain, rules


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ftpconf")
def main() -> None:
    """Read, lint and translate vsftpd, proftpd and pure-ftpd configuration."""


main.add_command(lint)
main.add_command(rules)
main.add_command(explain)


if __name__ == "__main__":  # pragma: no cover
    main()
