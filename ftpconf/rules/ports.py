"""FTP2xx: data-connection modes and the passive port range."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.model import Config, Origin, Server
from ftpconf.rules._where import option_name, span_of
from ftpconf.source import Span, printable

FALLBACK = {
    "drop": "the next PASV/EPSV ends that client's session with `500 OOPS: vsf_sysutil_bind`",
    "any-port": "the daemon hands out a port outside the range, which a firewall opened for the range blocks",
    "refuse": "further PASV/EPSV requests fail with 425",
}


def _line_of(origin: Origin) -> str:
    return f"{origin.path}:{origin.line}" if origin.path else origin.describe()


def _declared_bounds(server: Server) -> tuple[int | None, int | None]:
    return server.passive.range_low.effective, server.passive.range_high.effective


@rule("FTP201 inverted-passive-range warning: the passive range's minimum is above its maximum", fixable=True)
def inverted_range(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The minimum of the passive port range is larger than the maximum, usually because the two
    values were swapped.  vsftpd does not complain: it ignores the maximum and hands out any port
    from the minimum up to 65535, so a firewall opened for the intended range blocks most passive
    transfers.  (proftpd and pure-ftpd refuse such a range.)

        pasv_min_port=20480
        pasv_max_port=10240     # vsftpd really uses 20480-65535

    Fix: swap the two values.
    """
    low, high = _declared_bounds(server)
    if low is None or high is None or low <= high:
        return
    passive = server.passive
    yield inverted_range.at(
        span_of(config, passive.range_high.origin),
        f"passive range is inverted ({option_name(passive.range_low.origin)}={low} > "
        f"{option_name(passive.range_high.origin)}={high}): the daemon silently uses ports "
        f"{passive.effective_range}, not {high}-{low}",
        f"swap the values to get {high}-{low}",
    )


@rule("FTP202 half-set-passive-range warning: only one end of the passive range is set")
def half_set_range(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Only the minimum or only the maximum of the passive range is set.  The daemon fills in the other
    end with its default, which is rarely what the firewall was opened for: vsftpd has a hidden
    default minimum of 5001 (the man page says 0) and a maximum of 65535; a maximum below 5001 is
    ignored altogether.

        pasv_max_port=6000      # vsftpd uses 5001-6000

    Fix: set both ends explicitly.
    """
    low, high = _declared_bounds(server)
    if (low is None) == (high is None):
        return
    passive = server.passive
    origin = passive.range_low.origin if low is not None else passive.range_high.origin
    missing = "maximum" if high is None else "minimum"
    yield half_set_range.at(
        span_of(config, origin),
        f"only {option_name(origin)} is set: the {missing} keeps its default and the daemon uses passive ports "
        f"{passive.effective_range}",
    )


@rule("FTP203 passive-bound-ignored warning: a passive-range bound the daemon ignores")
def bound_ignored(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The daemon ignores a bound of the passive range it cannot use: vsftpd uses the minimum only when
    it is above 1024 (so privileged ports are never used), and the maximum only when it is at least
    the minimum in effect and below 65535.  The ignored bound falls back to 1024 or 65535, so the
    range is far wider than configured.

        pasv_min_port=0
        pasv_max_port=0         # "any port": really 1024-65535

    Fix: choose bounds between 1025 and 65534, minimum not above maximum.
    """
    low, high = _declared_bounds(server)
    if low is None or high is None or low > high:
        return  # half-set and inverted ranges have their own rules
    passive = server.passive
    effective = passive.effective_range
    high_why = (
        f"it is below the minimum in effect, {effective.low}" if high < effective.low else "it is not below 65535"
    )
    for declared, used, setting, why in (
        (low, effective.low, passive.range_low, "ports up to 1024 and above 65535 are never used for passive mode"),
        (high, effective.high, passive.range_high, high_why),
    ):
        if declared != used and not (declared == 65535 == used):
            yield bound_ignored.at(
                span_of(config, setting.origin),
                f"{option_name(setting.origin)}={declared} is ignored ({why}): "
                f"the daemon uses passive ports {effective}",
            )


@rule("FTP205 passive-range-overlaps-control-port info: the passive range contains the control port")
def range_contains_control_port(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The passive range includes the port the server listens on for control connections.  That port
    is never free for a data connection (the daemon draws another), and a firewall rule written for
    "the passive range" now also describes the control port, which hides mistakes.  Nothing fails
    because of it: advice (info).

    Fix: move the passive range away from the control port.
    """
    low, high = _declared_bounds(server)
    port = server.listen.port.effective
    if (low is None and high is None) or not server.listen.standalone.effective:
        return
    if port in server.passive.effective_range:
        yield range_contains_control_port.at(
            span_of(config, server.passive.range_low.origin, server.passive.range_high.origin),
            f"passive ports {server.passive.effective_range} include the control port {port}",
        )


@rule("FTP206 passive-range-unset info: no passive port range: ports are drawn from a huge default range")
def range_unset(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Passive mode is on but no port range is configured, so the daemon opens data ports anywhere in
    its default range (vsftpd: 5001-65535).  A firewall or NAT in front of the server cannot be
    opened for such a range sensibly, which is the most common cause of `LIST` hanging after
    `227 Entering Passive Mode`.

    Fix: configure a small explicit range and open exactly that range in the firewall.

        pasv_min_port=30000
        pasv_max_port=30099
    """
    low, high = _declared_bounds(server)
    if low is not None or high is not None or not server.passive.enabled.effective:
        return
    yield range_unset.at(
        span_of(config, server.passive.enabled.origin),
        f"no passive port range is set: the daemon picks ports from {server.passive.effective_range}, which a "
        "firewall cannot sensibly open",
    )


# Not pure-ftpd: it keeps two ports per client and lowers its client limit to fit the range (FTP260).
@rule(
    "FTP207 passive-range-too-small warning: fewer passive ports than the client limit the file sets",
    dialects=("vsftpd", "proftpd"),
)
def range_too_small(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    A passive data connection holds its port of the range from PASV/EPSV until the transfer
    ends, so the range caps how many clients can transfer at once.  The file sets a client limit
    larger than the range: at that load the next PASV/EPSV fails.  vsftpd 3.0.3 retries a few
    random ports and then ends the session with `500 OOPS: vsf_sysutil_bind` (verified: a running
    upload keeps its port); proftpd falls back to a port outside the range, which the firewall blocks.

        max_clients=200
        pasv_min_port=30000
        pasv_max_port=30049      # 50 transfers at once, not 200

    A limit the file does not set (vsftpd's compiled-in 2,000) is no statement of the load the
    server expects, so it is not compared: a range of 1,000 ports is not reported for it.

    Fix: widen the range to the client limit (and open it in the firewall), or lower the limit.
    """
    limit = server.limits.max_clients
    passive = server.passive
    if not passive.enabled.effective or limit.effective is None or not limit.is_set:
        return
    size = passive.effective_range.size
    if size >= limit.effective:
        return
    yield range_too_small.at(
        span_of(config, passive.range_high.origin, passive.range_low.origin, limit.origin),
        f"only {size} passive port{'s' if size != 1 else ''} ({passive.effective_range}) for up to {limit.effective} "
        f"clients (`{printable(limit.origin.detail)}`, {_line_of(limit.origin)}): with more transfers at once, "
        f"{FALLBACK[passive.range_fallback]}",
        f"widen the range to {limit.effective} ports or lower the client limit",
    )


@rule("FTP208 no-data-connection warning: neither active nor passive mode is possible: every transfer fails")
def no_data_connection(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Both active mode (PORT/EPRT) and passive mode (PASV/EPSV) are refused.  The daemon starts and
    logins work, but every listing, download and upload fails (vsftpd: `425 Use PORT or PASV first.`).

    Fix: enable at least one mode; passive mode is the one that works through NAT.
    """
    if server.commands.accepted:
        return
    origins = [server.commands.origins[c] for c in ("PASV", "PORT") if c in server.commands.origins]
    yield no_data_connection.at(
        span_of(config, *origins),
        "PORT, EPRT, PASV and EPSV are all refused: logins work but no listing or transfer can ever succeed",
    )


@rule(
    "FTP209 extended-command-left-open warning: PORT or PASV is refused but its extended twin EPRT or EPSV is not",
    fixable=True,
)
def extended_twin_open(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Active mode has two commands, PORT and EPRT; passive mode has PASV and EPSV.  Refusing only the
    old one does not switch the mode off: every modern client (curl, lftp, FileZilla, Python's
    ftplib for IPv6) tries EPSV/EPRT first and keeps working.  Verified on proftpd 1.3.8: with
    `<Limit PORT> DenyAll`, EPRT is still accepted and data flows.

        <Limit PORT>            <Limit PORT EPRT>
          DenyAll       ->        DenyAll
        </Limit>                </Limit>

    Fix: refuse both commands of the mode (vsftpd: `port_enable=NO` / `pasv_enable=NO`).
    """
    commands = server.commands
    by_span: dict[Span, list[tuple[str, str]]] = {}  # one line may refuse both: one finding
    for old, new in (("PORT", "EPRT"), ("PASV", "EPSV")):
        if not commands.accepts(old) and commands.accepts(new):  # type: ignore[arg-type]
            span = span_of(config, commands.origins.get(old, server.passive.enabled.origin))
            by_span.setdefault(span, []).append((old, new))
    for span, pairs in by_span.items():
        olds, news = " and ".join(o for o, _ in pairs), " and ".join(n for _, n in pairs)
        modes = " and ".join("active" if o == "PORT" else "passive" for o, _ in pairs)
        yield extended_twin_open.at(
            span,
            f"{olds} {'is' if len(pairs) == 1 else 'are'} refused but {news} {'is' if len(pairs) == 1 else 'are'} "
            f"still accepted: {modes} mode{'s stay' if len(pairs) > 1 else ' stays'} available to clients that use "
            f"{news}; refuse {news} too",
        )
