"""The command line: a thin click group; each sub-command lives in ``ftpconf.commands``.

Exit 0 clean, 1 findings, 2 usage or input errors.
"""

from __future__ import annotations

import click

from ftpconf import __version__
from ftpconf.commands.convert import convert
from ftpconf.commands.firewall import firewall
from ftpconf.commands.lint import lint
from ftpconf.commands.rules import explain, rules
from ftpconf.commands.show import show


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ftpconf")
def main() -> None:
    """Read, lint and translate vsftpd, proftpd and pure-ftpd configuration."""
    tune_gc()


def tune_gc() -> None:
    """Readers build several objects a line and free them by reference counting; with the default gen-0
    threshold (700) the cycle collector rescans the growing trees thousands of times on a big file, which
    costs a third of the time and makes it grow faster than the input (bench/PROFILE.md)."""
    import gc

    gc.freeze()  # what the imports built (catalogues, grammars, the model classes) is never garbage
    gc.set_threshold(50_000, 20, 20)


main.add_command(lint)
main.add_command(convert)
main.add_command(rules)
main.add_command(explain)
main.add_command(show)
main.add_command(firewall)


if __name__ == "__main__":  # pragma: no cover
    main()
