"""The end-to-end scenarios: one data-connection set-up, written by hand in each dialect.

Each text was checked on its own daemon (tests/e2e/test_scenarios.py keeps checking it): the
source probe must show ``expect``. Where a dialect cannot say what the scenario means, the text is
an ``Unexpressible`` with the reason; a conversion *to* that dialect must then report a loss at
the source line named by ``loss_lines``.

Placeholders filled in at run time: ``{port}`` (a free port on 127.0.0.2), ``{cert}`` and
``{key}`` (a self-signed test certificate). Passive ranges sit below the kernel's ephemeral
range (32768+) and differ per scenario, so concurrent runs rarely meet on a port.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.e2e.probe import Aspect

ALL = frozenset({"PASV", "EPSV", "PORT", "EPRT"})
PASSIVE = frozenset({"PASV", "EPSV"})
ACTIVE = frozenset({"PORT", "EPRT"})
BIND_ADDRESS = "127.0.0.2"  # loopback, but not 127.0.0.1: a daemon bound to every address is caught
ADVERTISED = "192.0.2.7"  # TEST-NET-1: never routed

SOURCE_FORMS = ("vsftpd", "proftpd", "pureftpd", "pureftpd-flags")
FILE_NAMES = {
    "vsftpd": "vsftpd.conf",
    "proftpd": "proftpd.conf",
    "pureftpd": "pure-ftpd.conf",
    "pureftpd-flags": "pure-ftpd.cmdline",
}


@dataclass(frozen=True)
class Unexpressible:
    """A dialect cannot express the scenario. ``refused``: a text that tries, which the daemon
    rejects (checked); otherwise the reason cites what was measured."""

    reason: str
    refused: str | None = None
    starts: bool = True  # the converted file still starts the daemon (False: it needs something the host lacks)


@dataclass(frozen=True)
class Expect:
    """The behaviour every source text must show on its daemon."""

    accepted: frozenset[str]
    port_range: tuple[int, int] | None = None  # every passive port handed out lies in it
    address: str = "127.0.0.1"  # in the 227 reply (the probes connect to 127.0.0.1)
    active_from_20: bool | None = None  # active data from port 20 (control port - 1 for proftpd)
    tls: bool | None = None  # AUTH TLS accepted
    anonymous_write: tuple[bool, bool, bool] | None = None  # (upload, mkdir, rename/delete) for anonymous


Text = str | Unexpressible


@dataclass(frozen=True)
class Scenario:
    name: str
    intent: str
    expect: Expect
    texts: dict[str, Text]  # source form (SOURCE_FORMS) -> text; a missing form is not written
    # source form -> a piece of the line a loss must point at when a target cannot express it
    loss_lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aspects: frozenset[Aspect] = frozenset({"commands", "ports", "address"})
    listen: bool = False  # the daemon keeps its own control address and port ({port} on BIND_ADDRESS)

    def text(self, form: str) -> Text | None:
        return self.texts.get(form)

    def target_text(self, target: str) -> Text | None:
        """What the scenario needs from a target form: its own entry (a form-only limitation such
        as pureftpd-debian's), else its dialect's (pureftpd or pureftpd-flags for every pure-ftpd form)."""
        family = "pureftpd" if target.startswith("pureftpd") else target
        for key in (target, family, family + "-flags"):
            if key in self.texts:
                return self.texts[key]
        return None


# proftpd serves anonymous FTP only from an <Anonymous> section; each proftpd text has one, so the
# daemon runs exactly the text that ftpconf converts (~ftp is /srv/ftp, see conftest.py).
ANONYMOUS = "<Anonymous ~ftp>\n  User ftp\n  Group nogroup\n  UserAlias anonymous ftp\n  RequireValidShell off\n"


def proftpd(server: str, anonymous: str = "") -> str:
    """A proftpd.conf: server-level lines, then the anonymous section with ``anonymous`` inside."""
    return server + ANONYMOUS + anonymous + "</Anonymous>\n"


PUREFTPD_NO_ACTIVE_REFUSAL = Unexpressible(
    "pure-ftpd has no option that refuses PORT/EPRT (docs/daemons/pureftpd.md §4; no such flag in pure-ftpd --help)"
)
PUREFTPD_NO_SINGLE_REFUSAL = Unexpressible("pure-ftpd cannot refuse PORT alone: no option refuses a single command")
# mod_tls is not part of proftpd-core (Debian ships it as proftpd-mod-crypto, provisioned): the file loads it.
PROFTPD_TLS = (
    "<IfModule !mod_tls.c>\n  LoadModule mod_tls.c\n</IfModule>\nTLSEngine on\nTLSRequired off\n"
    "TLSRSACertificateFile {cert}\nTLSRSACertificateKeyFile {key}\n"
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "passive-only-range",
        "PASV/EPSV only, ports 29100-29109; PORT and EPRT refused",
        Expect(PASSIVE, (29100, 29109)),
        {
            "vsftpd": "listen=YES\nport_enable=NO\npasv_enable=YES\npasv_min_port=29100\npasv_max_port=29109\n",
            "proftpd": proftpd("PassivePorts 29100 29109\n<Limit PORT EPRT>\n  DenyAll\n</Limit>\n"),
            "pureftpd": PUREFTPD_NO_ACTIVE_REFUSAL,
        },
        {"vsftpd": ("port_enable=NO",), "proftpd": ("<Limit PORT EPRT>", "DenyAll")},
    ),
    Scenario(
        "active-only",
        "PORT/EPRT only; PASV and EPSV refused",
        Expect(ACTIVE),
        {
            "vsftpd": "listen=YES\npasv_enable=NO\n",
            "proftpd": proftpd("<Limit PASV EPSV>\n  DenyAll\n</Limit>\n"),
            "pureftpd": "NATmode yes\n",
        },
    ),
    Scenario(
        "both-modes",
        "every data command accepted, no passive range declared",
        Expect(ALL),
        {
            "vsftpd": "listen=YES\nport_enable=YES\npasv_enable=YES\n",
            "proftpd": proftpd("ServerType standalone\n"),
            "pureftpd": "NATmode no\n",
        },
    ),
    Scenario(
        "neither-mode",
        "no data connection at all: PASV, EPSV, PORT and EPRT refused",
        Expect(frozenset()),
        {
            "vsftpd": "listen=YES\npasv_enable=NO\nport_enable=NO\n",
            "proftpd": proftpd("<Limit PASV EPSV PORT EPRT>\n  DenyAll\n</Limit>\n"),
            "pureftpd": PUREFTPD_NO_ACTIVE_REFUSAL,
        },
        {"vsftpd": ("port_enable=NO",), "proftpd": ("<Limit PASV EPSV PORT EPRT>", "DenyAll")},
    ),
    Scenario(
        "range-advertised-address",
        f"passive ports 29300-29309 advertised as {ADVERTISED} (a NAT's public address)",
        Expect(ALL, (29300, 29309), ADVERTISED),
        {
            "vsftpd": f"listen=YES\npasv_min_port=29300\npasv_max_port=29309\npasv_address={ADVERTISED}\n",
            "proftpd": proftpd(f"PassivePorts 29300 29309\nMasqueradeAddress {ADVERTISED}\n"),
            "pureftpd": f"PassivePortRange 29300 29309\nForcePassiveIP {ADVERTISED}\n",
        },
    ),
    Scenario(
        "control-port-and-bind-address",
        f"control connection on {BIND_ADDRESS} only, on a port of its own",
        Expect(ALL, address=BIND_ADDRESS),  # 227 names the address the client reached
        {
            "vsftpd": f"listen=YES\nlisten_address={BIND_ADDRESS}\nlisten_port={{port}}\n",
            "proftpd": proftpd(f"Port {{port}}\nDefaultAddress {BIND_ADDRESS}\nSocketBindTight on\n"),
            "pureftpd-flags": f"/usr/sbin/pure-ftpd -S {BIND_ADDRESS},{{port}}\n",
        },
        listen=True,
    ),
    Scenario(
        "single-port-range",
        "passive mode on exactly one port, 29400",
        Expect(ALL, (29400, 29400)),
        {
            "vsftpd": "listen=YES\npasv_min_port=29400\npasv_max_port=29400\n",
            "proftpd": Unexpressible(
                "PassivePorts needs min < max (docs/daemons/proftpd.md §8)", refused="PassivePorts 29400 29400\n"
            ),
            "pureftpd": "PassivePortRange 29400 29400\n",
        },
        {"vsftpd": ("pasv_min_port", "pasv_max_port"), "pureftpd": ("PassivePortRange",)},
    ),
    Scenario(
        "active-from-port-20",
        "active data connections leave from port 20 (L-1: control port minus one)",
        Expect(ALL, active_from_20=True),
        {
            "vsftpd": "listen=YES\nconnect_from_port_20=YES\n",
            # proftpd 1.3.8 binds L-1 only with an explicit RootRevoke off (src/data.c; measured)
            "proftpd": proftpd("RootRevoke off\n"),
            # pure-ftpd run as root always connects from port 20 (measured); nothing to write
            "pureftpd": "# pure-ftpd started as root opens active data connections from port 20\n",
        },
        aspects=frozenset({"commands", "active-source"}),
    ),
    Scenario(
        "proftpd-limit-port-eprt",
        "active mode refused by proftpd's <Limit PORT EPRT> inside <Anonymous>",
        Expect(PASSIVE),
        {
            "vsftpd": "listen=YES\ncmds_denied=PORT,EPRT\n",
            "proftpd": proftpd("", "  <Limit PORT EPRT>\n    DenyAll\n  </Limit>\n"),
            "pureftpd": PUREFTPD_NO_ACTIVE_REFUSAL,
        },
        {"vsftpd": ("cmds_denied",), "proftpd": ("<Limit PORT EPRT>", "DenyAll")},
    ),
    Scenario(
        "proftpd-limit-port-only",
        "<Limit PORT> alone: PORT refused, EPRT still accepted",
        Expect(frozenset({"PASV", "EPSV", "EPRT"})),
        {
            "vsftpd": "listen=YES\ncmds_denied=PORT\n",
            "proftpd": proftpd("<Limit PORT>\n  DenyAll\n</Limit>\n"),
            "pureftpd": PUREFTPD_NO_SINGLE_REFUSAL,
        },
        {"vsftpd": ("cmds_denied",), "proftpd": ("<Limit PORT>", "DenyAll")},
    ),
    Scenario(
        "pureftpd-natmode-flag",
        "pure-ftpd -N on the command line: passive mode refused (500 Unknown command)",
        Expect(ACTIVE),
        {
            "vsftpd": "listen=YES\ncmds_denied=PASV,EPSV\n",
            "proftpd": proftpd("", "  <Limit EPSV PASV>\n    DenyAll\n  </Limit>\n"),
            "pureftpd-flags": "/usr/sbin/pure-ftpd -N\n",
        },
    ),
    Scenario(
        "tls-explicit",
        "explicit TLS (AUTH TLS) offered, plain sessions still allowed; anonymous may use it",
        Expect(ALL, tls=True),
        {
            "vsftpd": (
                "listen=YES\nssl_enable=YES\nallow_anon_ssl=YES\nforce_local_logins_ssl=NO\n"
                "force_local_data_ssl=NO\nrsa_cert_file={cert}\nrsa_private_key_file={key}\n"
            ),
            "proftpd": proftpd(PROFTPD_TLS),
            "pureftpd": "TLS 1\nCertFileAndKey {cert} {key}\n",
            "pureftpd-debian": Unexpressible(
                "Debian's wrapper has no conf file for --certfile (grammars/pureftpd.toml): the daemon looks for "
                "/etc/ssl/private/pure-ftpd.pem and does not start without it",
                starts=False,
            ),
        },
        {
            "vsftpd": ("ssl_enable=YES", "rsa_cert_file", "rsa_private_key_file"),
            "pureftpd": ("TLS 1", "CertFileAndKey"),
            "proftpd": ("TLSEngine on", "TLSRSACertificateFile", "TLSRSACertificateKeyFile"),
        },
        aspects=frozenset({"commands", "tls"}),
    ),
    Scenario(
        "anonymous-read-only",
        "anonymous login allowed, but no upload and no mkdir",
        Expect(ALL, anonymous_write=(False, False, False)),
        {
            "vsftpd": "listen=YES\nanonymous_enable=YES\nwrite_enable=NO\n",
            "proftpd": proftpd("", "  <Limit WRITE>\n    DenyAll\n  </Limit>\n"),
            "pureftpd": "AnonymousCantUpload yes\nAnonymousCanCreateDirs no\n",
        },
        aspects=frozenset({"commands", "anonymous"}),
    ),
    Scenario(
        "anonymous-upload",
        "anonymous users may upload and make directories, not rename or delete (the look-alike of anonymous-read-only)",
        Expect(ALL, anonymous_write=(True, True, False)),
        {
            "vsftpd": "listen=YES\nanonymous_enable=YES\nwrite_enable=YES\nanon_upload_enable=YES\n"
            "anon_mkdir_write_enable=YES\n",
            "proftpd": proftpd("", "  <Limit DELE RMD XRMD RNFR RNTO APPE SITE_CHMOD>\n    DenyAll\n  </Limit>\n"),
            "pureftpd": "AnonymousCantUpload no\nAnonymousCanCreateDirs yes\n",
        },
        aspects=frozenset({"commands", "anonymous"}),
    ),
)

BY_NAME = {s.name: s for s in SCENARIOS}
