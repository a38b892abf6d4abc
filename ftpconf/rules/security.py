"""FTP6xx: security baseline."""

from __future__ import annotations

from collections.abc import Iterator

from ftpconf.diagnostics import Diagnostic, rule
from ftpconf.model import Config, Origin, Server
from ftpconf.rules._where import span_of
from ftpconf.source import printable


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


WRITES = ("upload files", "create directories", "rename or delete files")


def _anonymous_writes(server: Server, *, explicit: bool) -> Iterator[tuple[Origin, list[str]]]:
    """What anonymous users may write, grouped by the origin that allows it: only the writes a line of
    the file grants (``explicit``), or only those left to the daemon's default and the file system."""
    access = server.access
    grouped: dict[Origin, list[str]] = {}
    for setting, what in zip(
        (access.anonymous_upload, access.anonymous_mkdir, access.anonymous_other_write), WRITES, strict=True
    ):
        if what == WRITES[0] and explicit and not access.anonymous_uploads_readable.effective:
            continue  # an upload-only drop box: nobody can fetch what is dropped there
        if setting.effective and (setting.origin.kind in ("file", "argv")) == explicit:
            grouped.setdefault(setting.origin, []).append(what)
    yield from grouped.items()


def _listed(whats: list[str]) -> str:
    return whats[0] if len(whats) == 1 else ", ".join(whats[:-1]) + " and " + whats[-1]


@rule("FTP602 anonymous-write warning: the file lets anonymous users upload, create directories or change files")
def anonymous_write(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    A line of the file lets anonymous users write: upload files that anonymous users can then
    download, create directories, or rename and delete (vsftpd `anon_upload_enable=YES` with
    `write_enable=YES`, pure-ftpd `AnonymousCantUpload no`, proftpd `<Limit STOR> AllowAll` in
    `<Anonymous>`).  Open anonymous upload areas are abused to host malware and warez within hours.

    An upload-only drop box is not reported: vsftpd's defaults (`anon_umask=077` with
    `anon_world_readable_only=YES`: `RETR` of an upload answers `550`, verified on 3.0.3) or
    pure-ftpd's `AntiWarez yes` keep uploads from being handed out.  `anon_umask=022` or
    `anon_world_readable_only=NO` turn the drop box into a download site.

    Anonymous write that only the daemon's default allows, where the directory happens to be
    writable (pure-ftpd's default, a proftpd `<Anonymous>` without `<Limit WRITE>`), depends on
    file permissions the file does not show: that is FTP605, in the opt-in `hardening` group.

    Fix: turn the anonymous write switches off, or require a login for uploads.
    """
    readback = server.access.anonymous_uploads_readable.origin
    said = "" if readback.kind == "default" else f" ({printable(readback.detail)})"
    for origin, whats in _anonymous_writes(server, explicit=True):
        served = f", which anyone can then download{said}" if WRITES[0] in whats else ""
        yield anonymous_write.at(
            span_of(config, origin),
            f"`{printable(origin.detail)}`: anonymous users can {_listed(whats)}{served}",
            "turn it off, or let only logged-in users write",
        )


@rule(
    "FTP605 anonymous-write-by-permissions warning: anonymous users may write wherever file permissions allow it",
    group="hardening",
)
def anonymous_write_by_permissions(config: Config, server: Server) -> Iterator[Diagnostic]:
    """
    Anonymous login is on and nothing in the file forbids anonymous writes, so whether anonymous
    users can upload or create directories is left to the file system: pure-ftpd lets them upload
    into any directory the `ftp` user may write (unless `AnonymousCantUpload yes`), proftpd allows
    every write command in an `<Anonymous>` block that has no `<Limit WRITE> DenyAll`.  On Debian
    the anonymous root (`/srv/ftp`) belongs to `ftp`, so such a server takes uploads.

    Opt-in (`extend-select = ["hardening"]`): the file permissions are not in the file.

        <Anonymous ~ftp>
          <Limit WRITE>
            DenyAll
          </Limit>
        </Anonymous>

    Fix: forbid anonymous writes in the file (pure-ftpd `AnonymousCantUpload yes`, proftpd the
    `<Limit WRITE> DenyAll` above).
    """
    for origin, whats in _anonymous_writes(server, explicit=False):
        yield anonymous_write_by_permissions.at(
            span_of(config, origin),
            f"anonymous users can {_listed(whats)} wherever file permissions allow ({printable(origin.describe())})",
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
    by_origin: dict[Origin, list[str]] = {}  # one line may allow both directions: one finding
    for setting, what in (
        (server.active.allow_foreign_address, "PORT/EPRT may point at any host (bounce attack)"),
        (server.passive.allow_foreign_address, "any host may connect to a passive data port (transfer theft)"),
    ):
        if setting.effective:
            by_origin.setdefault(setting.origin, []).append(what)
    for origin, whats in by_origin.items():
        yield foreign_address.at(
            span_of(config, origin),
            f"`{printable(origin.detail)}`: {' and '.join(whats)}",
            "turn it off unless a proxy or load balancer needs it",
        )


@rule("FTP604 writable-chroot warning: users are jailed in a directory they can write to", group="hardening")
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
