"""FTP4xx: the FTP configuration checked against firewall rule files and docker compose publishing.

These findings need ``--firewall FILE|DIR``; ftpconf.firewall.crosscheck emits them.  Where a finding
points: a need the firewall does not meet points at the FTP setting that creates it (the listen port,
the passive range, active mode), with the firewall line that drops the packets in a note; a firewall
line that is itself wrong (opened too wide, a helper on the wrong port, a shifted compose mapping)
is pointed at directly.
"""

from __future__ import annotations

from ftpconf.diagnostics import define

CONTROL_PORT_BLOCKED = define(
    "FTP401 control-port-blocked warning: the firewall does not accept new connections to the control port",
    """
    No client can connect: the firewall drops or rejects new TCP connections to the port the daemon
    listens on (or docker compose does not publish it).  The finding points at the FTP setting that
    chose the port; a note names the firewall rule or chain policy that drops the packets.

    Fix: accept the control port inbound, e.g. iptables
    `-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 21 -j ACCEPT`, nftables
    `tcp dport 21 ct state new accept`, firewalld `--add-port=21/tcp`, ufw `ufw allow 21/tcp`,
    compose `ports: ["21:21"]`.
    """,
)

PASSIVE_RANGE_BLOCKED = define(
    "FTP402 passive-range-blocked warning: part of the effective passive port range is not open inbound",
    """
    In passive mode (PASV/EPSV) the client opens the data connection to a port the server picks from
    its effective passive range.  Every port of that range the firewall drops makes some listings and
    transfers hang ("425 Can't open data connection" or a client timeout), at random, because the
    server picks ports at random.  Port 20 is never needed inbound.  The ftp conntrack helper can
    stand in for the range rule (the data connection is then RELATED), but only when a rule
    attaches it to the control port and RELATED traffic is accepted.  A rule that accepts the range
    only for ESTABLISHED packets does not accept the first packet (SYN) of a data connection.

    The finding points at the setting that declares the range (vsftpd `pasv_min_port`, proftpd
    `PassivePorts`, pure-ftpd `PassivePortRange`); a docker compose service must publish every port
    of it, on the same host port.

    Fix: open the whole range, e.g. iptables `-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp
    --dport 30000:30999 -j ACCEPT`, nftables `tcp dport 30000-30999 ct state new accept`, or
    shrink the range to what is open.
    """,
)

PORT_OPEN_TO_SOME = define(
    "FTP403 port-open-to-some-clients info: the control port or passive range is accepted only from some sources or "
    "interfaces",
    """
    The rule that accepts an FTP port is restricted (a source address, an interface, a firewalld zone,
    a compose `host_ip`, or a match ftpconf does not model), so other clients are dropped.  Often
    intended; the finding points at that rule so the restriction is a decision, not an accident.

    Example: `-A INPUT -s 10.0.0.0/8 -p tcp --dport 21 -j ACCEPT` admits only 10.0.0.0/8.
    """,
)

RANGE_OPENED_TOO_WIDE = define(
    "FTP404 passive-range-opened-too-wide warning: the firewall opens many more ports than the configured passive "
    "range",
    """
    The rule that opens the passive range accepts far more ports than the daemon uses (more than
    the range's size again and at least 100 extra ports), e.g. `--dport 1024:65535` for a range of
    30000-30009.  Every other service listening on one of those ports is exposed as well.

    Fix: open exactly the effective passive range, e.g. `--dport 30000:30009`, or make the
    daemon's range match what the firewall was meant to open.
    """,
)

ACTIVE_EGRESS_BLOCKED = define(
    "FTP405 active-mode-egress-blocked warning: active mode is on but outbound data connections are dropped",
    """
    In active mode (PORT/EPRT) the server connects out to the client (from port 20 when the daemon
    binds it).  No inbound rule is needed, but an OUTPUT policy of DROP without a rule for these
    connections blocks every active transfer.  The ftp conntrack helper makes them RELATED (then a
    RELATED rule suffices), but not while TLS hides the PORT commands from it.

    Fix: allow them, e.g. iptables `-A OUTPUT -p tcp -m tcp --sport 20 -j ACCEPT` (or
    `--dport 1024:65535` when the daemon connects from an ephemeral port), nftables
    `tcp sport 20 accept` in the output chain, or turn active mode off.
    """,
)

HELPER_DEFEATED_BY_TLS = define(
    "FTP406 helper-defeated-by-tls warning: the passive range is left to the ftp conntrack helper, which cannot read "
    "TLS-encrypted replies",
    """
    The firewall does not open the passive range and relies on the ftp conntrack helper, which
    reads the server's 227/229 replies on the control connection to expect the data connection.
    With TLS (explicit AUTH TLS or implicit FTPS) those replies are encrypted, no expectation is
    created, and every passive data connection is dropped as NEW.

    Fix: open the passive range explicitly (the helper rule may stay for plain-FTP clients).
    """,
)

HELPER_ON_OTHER_PORT = define(
    "FTP407 helper-on-other-port warning: the ftp conntrack helper is attached to a port the server does not listen on",
    """
    The helper only watches connections to the port its rule names (firewalld's ftp service: 21),
    but the daemon listens on another port, so no data connection becomes RELATED and the passive
    range (or active mode under an OUTPUT DROP policy) is blocked.

    Fix: attach the helper to the real control port (`-t raw -A PREROUTING -p tcp --dport 2121 -j CT
    --helper ftp`, nftables `tcp dport 2121 ct helper set "ftp-standard"`, a firewalld helper with
    port 2121) or open the passive range explicitly.
    """,
)

COMPOSE_PORT_SHIFTED = define(
    "FTP408 compose-passive-port-shifted warning: docker compose publishes passive ports on different host port "
    "numbers",
    """
    In its 227/229 reply the server hands out the port it listens on inside the container.  A
    mapping such as `"31000-31009:30000-30009"`, or a bare `"30000-30009"` (random host ports),
    makes clients connect to host ports nothing is published on.  Only the control port may be
    shifted (`"2121:21"`: clients dial 2121).

    Fix: publish the passive range on the same numbers, `"30000-30009:30000-30009"`, quoted.
    """,
)

FIREWALL_INPUT_NOT_UNDERSTOOD = define(
    "FTP440 firewall-input-not-understood info: a firewall construct ftpconf cannot evaluate, so its ports are not "
    "counted",
    """
    The firewall names something whose ports ftpconf cannot know from the given files: a firewalld
    service that is neither stock nor among the files (pass /etc/firewalld or the service's XML
    with --firewall), a ufw application profile, or an iptables-nft rule shown as an `xt` blob in
    an nft listing (read iptables-save output instead).  Findings about open ports may then be wrong.
    """,
)
