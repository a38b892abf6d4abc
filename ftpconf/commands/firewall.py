"""``ftpconf firewall``: print (or write) the firewall rules a configuration needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ftpconf.commands._io import read_stdin, usage_error, warn_unread, write
from ftpconf.commands._options import dialect_option, format_option, read_options
from ftpconf.firewall.emit import FORMATS

if TYPE_CHECKING:
    from ftpconf.source import ReadOptions


@click.command()
@click.argument("config")
@format_option(
    tuple(FORMATS),
    "nft",
    "nft: an nft -f file; iptables/ip6tables: iptables-restore files; firewalld and ufw: shell scripts "
    "of their commands; compose: a docker compose override file with the service's ports.",
)
@dialect_option
@click.option("--output", "-o", "output", metavar="PATH", help="Write the rules to PATH (atomically), not stdout.")
@click.option("--service", default=None, metavar="NAME", help="compose: the service name (default: ftp).")
@read_options
def firewall(
    config: str,
    output_format: str,
    dialect: str,
    output: str | None,
    service: str | None,
    options: ReadOptions,
) -> None:
    """Print the minimal firewall rules CONFIG needs (``-`` reads standard input).

    Opened: each server's control port and passive range, restricted to its listen address.
    Never opened: port 20 (active mode connects out).  The FTP conntrack helper is attached for
    plain FTP with active mode, and never relied on under TLS.
    """
    from ftpconf.atomic import write_atomically
    from ftpconf.firewall.emit import generate
    from ftpconf.lint import LintResult, UnsupportedDialect, lint_path, lint_source
    from ftpconf.source import InputError, SourceFile, encode

    try:
        result: LintResult = (
            lint_source(SourceFile("<stdin>", read_stdin()), dialect, options)
            if config == "-"
            else lint_path(config, dialect, options)
        )
    except (InputError, UnsupportedDialect) as exc:
        usage_error(str(exc))
    warn_unread(result.diagnostics)
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors:
        write(
            f"ftpconf: warning: {result.path}: the daemon would refuse this config ({len(errors)} error(s), "
            "see `ftpconf lint`); the rules are for the settings as written\n",
            err=True,
        )
    text = generate(result.config, result.path, output_format, service=service)
    if output is None:
        write(text)
        return
    try:
        write_atomically(output, encode(text))
    except OSError as exc:
        usage_error(f"{output}: cannot write ({exc.strerror or exc})")
