"""FTP6xx: security baseline."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.model import Config, Server
from ftpconf.rules._where import option_name, span_of


@rule("FTP601 anonymous-by-default warning: anonymous login is on because nothing turned it off")
def anonymous_by_default(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Anonymous login is enabled by the daemon's compiled-in default, not by a line of the file.
    vsftpd 3.0.3's binary defaults to `anonymous_enable=YES` although Debian's man page says NO.

    Fix: say what you mean: `anonymous_enable=NO` (or YES if anonymous access is intended).
    """
    anonymous = server.access.anonymous
    if anonymous.effective and not anonymous.is_set:
        yield anonymous_by_default.at(
            span_of(config, anonymous.origin),
            f"anonymous login is on by the {anonymous.origin.describe()}; set it explicitly",
        )


@rule("FTP602 anonymous-write warning: anonymous users may upload, create directories or change files")
def anonymous_write(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Anonymous users can write: upload files, create directories, or rename and delete.  Open
    anonymous upload areas are abused to host malware and warez within hours.

    Fix: turn the anonymous write switches off, or require a login for uploads.
    """
    access = server.access
    for setting, what in (
        (access.anonymous_upload, "upload files"),
        (access.anonymous_mkdir, "create directories"),
        (access.anonymous_other_write, "rename and delete"),
    ):
        if setting.effective:
            yield anonymous_write.at(
                span_of(config, setting.origin), f"anonymous users can {what} ({option_name(setting.origin)})"
            )


@rule("FTP603 foreign-data-address warning: data connections may go to or come from another host than the client")
def foreign_address(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    The server accepts data connections from, or opens them to, an address other than the
    client's: vsftpd `pasv_promiscuous` / `port_promiscuous`, proftpd `AllowForeignAddress`.  This
    enables FXP and the FTP bounce attack (using the server to scan or attack third hosts) and lets
    another host steal a passive transfer.

    Fix: turn it off unless a proxy or load balancer really needs it.
    """
    for setting, what in (
        (server.active.allow_foreign_address, "PORT/EPRT may point at any host (bounce attack)"),
        (server.passive.allow_foreign_address, "any host may connect to a passive data port (transfer theft)"),
    ):
        if setting.effective:
            yield foreign_address.at(span_of(config, setting.origin), f"{option_name(setting.origin)}: {what}")


@rule("FTP604 writable-chroot warning: users are jailed in a directory they can write to")
def writable_chroot(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Local users are chrooted and `allow_writeable_chroot=YES` lets their jail root be writable.
    A user who can write the root of their chroot can plant files such as `etc/` or `lib/` that
    privileged code inside the jail may trust (the reason vsftpd refuses it by default).

    Fix: make the chroot root read-only and give users a writable subdirectory.
    """
    access = server.access
    if access.chroot_local_users.effective and access.writable_chroot_allowed.effective:
        yield writable_chroot.at(
            span_of(config, access.writable_chroot_allowed.origin),
            "chrooted users may write to their jail's root directory",
        )
