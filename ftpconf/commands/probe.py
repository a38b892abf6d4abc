"""``ftpconf probe``: observe a running FTP server and, with ``--config``, compare it with that file (FTP7xx)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ftpconf.commands._io import usage_error, write
from ftpconf.commands._options import dialect_option, format_option
from ftpconf.commands._report import FORMATS

if TYPE_CHECKING:
    from ftpconf.lint import LintResult
    from ftpconf.probe.observation import Observation


@click.command()
@click.argument("address", metavar="HOST[:PORT]", required=False)
@click.option("--config", "config_path", metavar="FILE", default=None, help="Compare with this configuration (FTP7xx).")
@dialect_option
@click.option(
    "--tls",
    type=click.Choice(("explicit", "implicit")),
    default=None,
    help="Probe over TLS [default: plain, or implicit when --config's file sets implicit TLS].",
)
@click.option("--user", default="anonymous", show_default=True, help="Log in as this user.")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Read the password from the first line of this file (never give it on the command line).",
)
@click.option(
    "--follow-advertised",
    is_flag=True,
    help="Connect to a passive address the server advertises even when it is not the probed host.",
)
@format_option(FORMATS, "text", "text for people, json (without --config: the observation), sarif or github.")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=5.0, show_default=True, help="Seconds per step.")
@click.option("--samples", type=click.IntRange(1, 100), default=5, show_default=True, help="Passive replies sampled.")
@click.option(
    "--observed",
    metavar="FILE",
    default=None,
    help="Judge an observation saved by `probe --format json` instead of connecting.",
)
def probe(
    address: str | None,
    config_path: str | None,
    dialect: str,
    tls: str | None,
    user: str,
    password_file: str | None,
    follow_advertised: bool,
    output_format: str,
    timeout: float,
    samples: int,
    observed: str | None,
) -> None:
    """Check a running FTP server: which data connections work, the passive address and ports it hands out."""
    from ftpconf.probe.observation import Observation, ObservationError

    if (address is None) == (observed is None):
        usage_error("give HOST[:PORT] to probe, or --observed FILE to judge a saved observation")
    if config_path is None and output_format in ("sarif", "github"):
        usage_error(f"--format {output_format} reports findings: it needs --config")
    result = _lint(config_path, dialect) if config_path is not None else None
    if observed is not None:
        try:
            seen = Observation.from_json(Path(observed).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ObservationError) as exc:
            usage_error(f"{observed}: {exc}")
    else:
        assert address is not None
        seen = _observe(address, result, tls, user, password_file, follow_advertised, timeout, samples)
    if result is None:
        write(seen.to_json() if output_format == "json" else _text(seen))
        return
    from ftpconf.commands._report import emit, exit_status
    from ftpconf.probe.compare import compare

    result.diagnostics = compare(result.config, seen)
    if output_format == "text":
        write(_text(seen) + "\n")
    emit(output_format, [result], [])
    status = exit_status([result], [], {})
    if status:
        sys.exit(status)


def _text(seen: Observation) -> str:
    from ftpconf.probe.render import render

    return render(seen)


def _lint(path: str, dialect: str) -> LintResult:
    """The configuration's model (its own lint findings are ``ftpconf lint``'s business, not repeated here)."""
    from ftpconf.lint import UnsupportedDialect, lint_path
    from ftpconf.source import InputError

    try:
        result = lint_path(path, dialect)
    except (InputError, UnsupportedDialect) as exc:
        usage_error(str(exc))
    if not result.config.servers:
        usage_error(f"{path}: no server configured")
    return result


def split_address(text: str) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 address -> (host, port); port 21 when none."""
    host, port = text, "21"
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":") or "21"
    elif text.count(":") == 1:
        host, port = text.split(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        usage_error(f"{text!r} is not HOST[:PORT]")
    return host, int(port)


def _observe(
    address: str,
    result: LintResult | None,
    tls: str | None,
    user: str,
    password_file: str | None,
    follow_advertised: bool,
    timeout: float,
    samples: int,
) -> Observation:
    from ftpconf.model import TlsMode
    from ftpconf.probe.client import ANONYMOUS_PASSWORD, ProbeError, Target, probe
    from ftpconf.probe.observation import TlsChoice

    host, port = split_address(address)
    password = ANONYMOUS_PASSWORD
    if password_file is not None:
        try:
            password = Path(password_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            usage_error(f"--password-file {password_file}: cannot read a password ({type(exc).__name__})")
    elif user != "anonymous":
        usage_error("--user needs --password-file (a password is never given on the command line)")
    if tls is None and result is not None:
        implicit = any(s.tls.mode.effective is TlsMode.IMPLICIT for s in result.config.servers)
        tls = "implicit" if implicit else None
    choice: TlsChoice = "implicit" if tls == "implicit" else "explicit" if tls == "explicit" else "off"
    target = Target(host, port, choice, user, password, timeout, samples, follow_advertised)
    try:
        return probe(target)
    except ProbeError as exc:
        usage_error(str(exc))
