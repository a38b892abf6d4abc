"""FTP7xx: what a running server does, observed by ``ftpconf probe``, against what its configuration says.

These rules judge an observation (ftpconf/probe/observation.py), not a file alone, so they are emitted by
ftpconf/probe/compare.py and never by ``ftpconf lint``.
"""

from __future__ import annotations

from ftpconf.diagnostics import define

ADDRESS_DIFFERS = define(
    "FTP701 probe-advertised-address-differs warning: the server advertises another passive address than the file",
    """
    The 227 reply to PASV names the address the client must connect to for the data.  The probe compares it
    with the configuration: `pasv_address` (vsftpd), `MasqueradeAddress` (proftpd), `-P` / `ForcePassiveIP`
    (pure-ftpd), or, when none is set, the address the client reached the server at (every daemon then
    advertises the local address of the control connection).

        # the configuration              # the running server
        pasv_address=203.0.113.10        227 Entering Passive Mode (10,0,0,5,117,48)

    A difference means the server is not running this configuration (the file was changed but the daemon
    not restarted, or another file is in use), or a NAT in front of it rewrites the reply.  Clients then
    connect to the wrong address and passive transfers hang.  Fix: restart the daemon on this file, or set
    the advertised address to the one clients can reach.
    """,
)

PRIVATE_ADVERTISED = define(
    "FTP702 probe-private-address-advertised warning: a private address is advertised to a client on a public one",
    """
    The client reached the server at a public address but the 227 reply names a private (RFC 1918, unique-local,
    carrier-grade NAT), loopback or link-local address: the classic server behind NAT with no advertised address
    set.  A client on the internet cannot connect there; clients that ignore the 227 address (FileZilla, curl)
    hide the fault, others hang on every passive transfer.

        # reached at 198.51.100.20       227 Entering Passive Mode (192,168,1,10,117,48)

    Fix: set the public address (`pasv_address`, `MasqueradeAddress`, `-P`) and forward the passive range 1:1.
    """,
)

PORT_OUTSIDE_RANGE = define(
    "FTP703 probe-port-outside-range warning: the server hands out passive ports outside the configured range",
    """
    The probe samples several PASV and EPSV replies.  A port outside the range the configuration sets (with the
    daemon's own adjustments: vsftpd's hidden minimum, an inverted range) means the daemon does not run this
    configuration; a firewall opened for the configured range will drop those connections.

        pasv_min_port=30000              229 Entering Extended Passive Mode (|||41234|)
        pasv_max_port=30049

    Fix: restart the daemon on this file, or correct the range it is given.
    """,
)

MODE_REFUSED = define(
    "FTP704 probe-mode-refused warning: the server refuses a data-connection command the configuration accepts",
    """
    The configuration accepts PASV, EPSV, PORT or EPRT but the running server answers it with an error
    (500, 502, 504, 522, ...).  Clients that use that command fail: EPSV is the first choice of most modern
    clients, PORT of older ones.

        # proftpd.conf says nothing about EPSV     EPSV -> 500 EPSV not understood

    Fix: find what refuses it (another configuration in use, a `<Limit>` in an included file, a proxy
    or load balancer in front speaking FTP) and make file and server agree.
    """,
)

DATA_CONNECTION_FAILED = define(
    "FTP705 probe-data-connection-failed warning: the data connection of an accepted mode does not get through",
    """
    The server accepted the command but the data connection that follows did not work: for passive modes
    the connection to the advertised port timed out (a firewall drops the passive range), was refused or had
    no route; for active modes the server never connected back (an outbound filter, or a NAT in front of the
    client).  The control connection works, so users can log in and then every listing and transfer hangs.

        PASV -> 227 (10,0,0,5,117,48)    connect 10.0.0.5:30000 ... no answer after 5 s

    Fix: open the passive range inbound on every firewall and NAT between clients and the server
    (`ftpconf firewall FILE` prints the rules), or allow the server's outbound data connections.
    """,
)

MODE_ACCEPTED = define(
    "FTP706 probe-mode-unexpectedly-accepted warning: the server accepts a data command the configuration refuses",
    """
    The configuration turns a data-connection command off (`port_enable=NO`, `<Limit EPRT> DenyAll`,
    `-E`/`-N`-style switches) but the running server accepts it: it does not run this configuration, so the
    exposure the file closes is open on the server.

        port_enable=NO                   PORT 10,0,0,9,117,48 -> 200 PORT command successful

    Fix: restart the daemon on this file, or find which configuration it really reads.
    """,
)

TLS_NOT_OFFERED = define(
    "FTP707 probe-tls-not-offered warning: the configuration turns TLS on, the running server does not offer it",
    """
    The configuration enables FTPS (`ssl_enable=YES`, `TLSEngine on`, `TLS 1`-`3`) but the running server
    answers `AUTH TLS` with an error (explicit FTPS) or does not complete a TLS handshake on connect (implicit
    FTPS).  Passwords and data then cross the network in clear text, or clients that insist on TLS cannot
    connect at all.

        ssl_enable=YES                   AUTH TLS -> 530 Please login with USER and PASS.

    Fix: restart the daemon on this file; check that its TLS module is loaded and its certificate readable
    (the daemon's log says why TLS stayed off).
    """,
)
