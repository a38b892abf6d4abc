"""FTP9xx: what a conversion could not carry over.  Emitted by ``ftpconf convert``, never by lint."""

from __future__ import annotations

from ftpconf.diagnostics import define

NOT_EXPRESSIBLE = define(
    "FTP901 behaviour-not-carried-over warning: The target daemon cannot be made to behave as this setting says",
    """
    The converted file, read back the way the target daemon reads it, does something different
    from the source here: a data-connection command it accepts or refuses, the passive range, the
    advertised address, the control port, TLS or who may log in.  ftpconf checks every conversion
    this way, so the report names each difference and points at the source line that asked for it.

    Example: pure-ftpd has no switch that refuses PORT and EPRT, so a vsftpd.conf with
    `port_enable=NO` converted to pure-ftpd reports FTP901 on that line.  Fix it on the target
    side (a firewall rule, another daemon) or accept the difference; `--strict` makes it fail.
    """,
)

NO_EQUIVALENT = define(
    "FTP902 setting-has-no-equivalent info: A dialect-specific setting has no equivalent in the target dialect and "
    "was left out",
    """
    The setting is outside what ftpconf models (logging, banners, user mapping, paths, ...) and
    the target daemon has no directive known to mean the same, so the converted file does not
    say it.  ftpconf never drops a line silently: each one is listed here with its source line.

    Example: vsftpd's `ftpd_banner=...` converted to pure-ftpd, which has no setting for the text
    of its greeting.  Certificates, keys, the idle timeout, umasks, the greeting text, the
    anonymous root, SITE CHMOD, transfer rates, the transfer log and the directory message file
    are carried over where the target can say them (grammars/equivalents.toml); where it cannot,
    the message says why.  An `Include` whose files were read is no loss: their settings are converted.
    """,
)

SERVER_DROPPED = define(
    "FTP903 server-not-carried-over warning: The target dialect holds one server per file; this virtual host was left "
    "out",
    """
    proftpd serves several `<VirtualHost>`s from one file; vsftpd and pure-ftpd run one server per
    configuration file.  The converted file holds the main server only.  Convert the virtual
    host into its own file (for example from a TOML export that keeps only that server) and run
    a second daemon instance for it.
    """,
)

SECRET_NOT_EXPORTED = define(
    "FTP904 secret-not-exported info: A setting that carries a password or key was left out of the TOML/JSON export",
    """
    ftpconf never writes secrets (SQL or LDAP passwords, key passphrases) into its own output.
    The neutral file leaves the setting out; keep the secret in the daemon's own file or a
    secret store and add it when you render the configuration for a host.
    """,
)

DEFAULT_SUPPLIED = define(
    "FTP905 target-needs-default info: The target daemon needs a setting the source did not say; a documented default "
    "was written",
    """
    Some daemons need settings the others do not have: proftpd wants `User`/`Group` to drop
    privileges to, vsftpd on Debian needs `secure_chroot_dir` and a PAM service name.  The
    converted file gets the documented default and this note says which, so you can change it.
    """,
)

INEFFECTIVE_LEFT_OUT = define(
    "FTP906 ineffective-line-left-out info: A source line the daemon ignores (overridden by another) was not written",
    """
    The source sets something twice and the daemon applies only one of the lines (FTP114 for
    vsftpd, FTP151 for proftpd, FTP182 for pure-ftpd).  The converted file carries the value that
    takes effect, so the ignored line is left out; this note names it, so nothing disappears
    without a word.  It does not count as a loss for `--strict`: the behaviour is carried.

    Example: `pasv_min_port=30000` followed later by `pasv_min_port=30010` converts to proftpd's
    `PassivePorts 30010 ...`, and the first line is reported here.
    """,
)
