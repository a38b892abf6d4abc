"""Findings the vsftpd reader emits: what vsftpd 3.0.3's parser and start-up checks do with a file.

Every ``error`` here is a condition on which the Debian binary prints ``500 OOPS: ...`` and exits;
the parity suite starts the real binary to keep that true.
"""

from __future__ import annotations

import functools

from ftpconf import diagnostics

# Every code here is the vsftpd reader's: its dialect is said once, for all of them.
define = functools.partial(diagnostics.define, dialects=("vsftpd",))

UNKNOWN_OPTION = define(
    "FTP101 unknown-option error: vsftpd does not know this option and refuses to start",
    """
    vsftpd stops at the first name it does not know and prints
    `500 OOPS: unrecognised variable in config file: NAME` (or, when the line has no value,
    `missing value in config file for: NAME`).  Names are case-sensitive and must match exactly.
    Options from other builds (e.g. `ssl_tlsv1_2` from Red Hat's patches) are unknown to Debian's 3.0.3.

    Fix: correct the spelling (ftpconf suggests the closest names) or remove the line.

        pasv_enalbe=YES      # refused
        pasv_enable=YES      # accepted
    """,
    fixable=True,
)

MISSING_VALUE = define(
    "FTP102 missing-value error: a yes/no or number option without a value",
    """
    A boolean or numeric option needs `=VALUE`.  `pasv_enable` or `pasv_enable=` makes vsftpd print
    `500 OOPS: missing value in config file for: pasv_enable` and exit.  (String options may be empty:
    that resets them to unset.)
    """,
)

BAD_BOOL = define(
    "FTP103 bad-boolean error: a yes/no option with a value vsftpd does not accept",
    """
    vsftpd upper-cases the value and accepts exactly YES, TRUE, 1, NO, FALSE or 0.  Anything else,
    including `on`, `off`, quotes, a trailing space, a trailing `# comment` or the carriage return of
    a CRLF line ending, gives `500 OOPS: bad bool value in config file for: NAME`.

        listen=YES # IPv4     # refused: the comment is part of the value
        listen=YES            # accepted
    """,
    fixable=True,
)

SPACE_AROUND_EQUALS = define(
    "FTP104 space-before-equals error: a space before `=` becomes part of the name",
    """
    vsftpd splits at the first `=` without trimming, so `pasv_enable = YES` names an option
    `pasv_enable ` (with a trailing space) and vsftpd refuses it as unrecognised.  A space after `=`
    is part of the value (fatal for yes/no options).  Write `name=value` with no spaces.
    """,
    fixable=True,
)

INDENTED_COMMENT = define(
    "FTP105 indented-comment error: only a `#` in column 1 starts a comment",
    """
    vsftpd treats a line as a comment only when its first byte is `#`.  An indented `# ...` is read
    as a setting named `# ...` and vsftpd refuses to start
    (`500 OOPS: missing value in config file for: # ...`).  Move the `#` to column 1.
    """,
    fixable=True,
)

BOM = define(
    "FTP106 byte-order-mark error: a UTF-8 byte-order mark breaks the first line",
    """
    vsftpd does not skip a UTF-8 BOM: it becomes part of the first option name (or defeats a first
    comment line), and vsftpd refuses to start.  Save the file without a BOM.
    """,
    fixable=True,
)

BLANK_STRING = define(
    "FTP107 blank-string-value error: a string option whose value is only whitespace crashes vsftpd",
    """
    Debian's vsftpd 3.0.3 trims spaces around string values, and a value made only of whitespace
    (spaces, tabs, or the carriage return of a CRLF line ending, as in `ftpd_banner=` on a Windows-edited
    file) crashes it with a segmentation fault: clients are disconnected before any greeting, whatever
    later lines say.  Measured on the binary for every string option.

    Fix: remove the line, or write the value; `ftpd_banner=` with nothing after `=` is safe.
    """,
    fixable=True,
)

EMPTY_REQUIRED = define(
    "FTP108 required-string-emptied error: an option vsftpd cannot run without is set empty",
    """
    An empty string option clears its compiled-in default.  For a few options vsftpd then refuses
    every session on any host: `secure_chroot_dir` (`not found: directory given in
    'secure_chroot_dir':(null)`), `nopriv_user` (`cannot locate user entry:`), and, when their feature
    is on, `ftp_username` (anonymous login), `guest_username` (`guest_enable`) and `chown_username`
    (`chown_uploads`).

    Fix: remove the line to keep the default, or name a real directory or user.
    """,
)

COMMAND_LIST_ITEM = define(
    "FTP109 command-list-item-ignored warning: an item of cmds_allowed / cmds_denied that matches no command",
    """
    vsftpd compares each comma-separated item of `cmds_allowed` and `cmds_denied` with the command
    exactly as clients send it, in capitals and without spaces: `cmds_denied=epsv` denies nothing,
    and in `cmds_denied=PORT, PASV` the item ` PASV` (with its space) never matches, so PASV stays
    allowed.  Probed on the Debian binary.

    Fix: write the items in capitals, separated by commas only: `cmds_denied=PORT,PASV`.
    """,
    fixable=True,
)

JUNK_IN_NUMBER = define(
    "FTP110 number-with-trailing-text warning: vsftpd reads only the leading digits of a number",
    """
    Numbers are read with C `atoi()` (or as octal after a leading 0), which stops silently at the
    first character that is not a digit: `idle_session_timeout=5m` is 5 seconds, `listen_port=abc`
    is 0, `pasv_min_port=30000-30100` is 30000.  No error is printed, so a typo changes the value
    without a trace.  Write the number alone.

    Blanks or a `# comment` after the digits are not reported: `max_clients=5 #EDIT HERE` is 5, as
    written (measured on vsftpd 3.0.3 and 3.0.5: a second client was refused with `max_clients=1 #x`).
    A comment after a yes/no value is fatal (FTP103), after a string it becomes part of it (FTP111).
    """,
    fixable=True,
)

CERTIFICATE_PATH_COMMENT = define(
    "FTP125 certificate-path-with-comment error: with TLS on, a `# comment` after the certificate or key path "
    "makes vsftpd refuse to start",
    """
    vsftpd has no inline comments (FTP111): `rsa_cert_file=/etc/ssl/ftp.pem   #EDIT HERE` names a file
    whose name ends in `   #EDIT HERE`.  With `ssl_enable=YES` vsftpd loads the certificate and key at
    start-up and stops: `500 OOPS: SSL: cannot load RSA certificate` (measured on 3.0.3 with a valid
    certificate and such a comment after its path).  Put the comment on a line of its own.
    """,
)

LOGIN_AS_ROOT = define(
    "FTP126 vsftpd-login-as-root warning: `guest_username` or `ftp_username` is root: those logins fail, or run as "
    "root",
    """
    Virtual users (`guest_enable=YES`, logged in through PAM) run as `guest_username`, anonymous users
    as `ftp_username`.  Set to `root`, measured on vsftpd 3.0.3 and 3.0.5:

    - anonymous logins are always refused: the session is chrooted, root can write to any directory,
      and vsftpd ends it with `500 OOPS: vsftpd: refusing to run with writable root inside chroot()`
      (`allow_writeable_chroot=YES` does not change that for anonymous users);
    - virtual users are chrooted too (unless `virtual_use_local_privs=YES`): refused the same way, or,
      with `allow_writeable_chroot=YES`, logged in as uid 0: an upload is a file owned by root;
    - with `virtual_use_local_privs=YES` and no `chroot_local_user`, virtual users are not chrooted at
      all: they read `/etc/shadow` and, with `write_enable=YES`, write anywhere as root.

    The same idea as FTP152 (`User root` in proftpd's `<Anonymous>`).

        guest_enable=YES
        guest_username=ftpvirtual     # an unprivileged account that owns the virtual users' files

    Fix: name an unprivileged account made for these logins.
    """,
)

INLINE_COMMENT = define(
    "FTP111 comment-in-value warning: a trailing `# comment` becomes part of a string value",
    """
    vsftpd has no inline comments.  In a string option the text after `#` is kept:
    `ftpd_banner=Welcome # set by ops` shows the comment to every client, and a path gets a
    `# ...` suffix and no longer exists.  Put comments on their own line, starting in column 1.
    """,
    fixable=True,
)

QUOTED_VALUE = define(
    "FTP112 quoted-value warning: quotes are kept literally as part of the value",
    """
    vsftpd does not strip quotes: `pasv_address="203.0.113.7"` is the string with the quotes, which
    is not an address (the first PASV then fails with `500 OOPS: invalid pasv_address`), and a quoted
    path names a file that does not exist.  Remove the quotes.
    """,
    fixable=True,
)

DECIMAL_MODE = define(
    "FTP113 mode-not-octal warning: a umask or file mode written without its leading 0 is decimal",
    """
    vsftpd reads a number as octal only when its first byte is `0`.  `local_umask=22` is decimal 22
    (octal 026), `file_open_mode=666` is decimal 666 (octal 01232), and `local_umask= 077` (space
    after `=`) is decimal 77.  Write modes with a leading zero: `local_umask=022`.
    """,
    fixable=True,
)

BEYOND_CAP = define(
    "FTP115 beyond-size-limit warning: vsftpd reads only the first 100,000 bytes of a file",
    """
    vsftpd reads at most 100,000 bytes of its configuration; the rest is ignored without a word and
    a line that crosses the limit is cut.  Move settings before the limit or shorten the file.
    """,
)

NUMBER_RANGE = define(
    "FTP116 number-out-of-range warning: a number wraps around or exceeds what it can mean",
    """
    vsftpd stores numbers as 32-bit unsigned integers: `-1` becomes 4294967295 and 99999999999
    becomes 1215752191.  A port is cut to 16 bits when it is used: `listen_port=99999` listens on
    34463 (the passive range's bounds are not cut but ignored when out of range: FTP203).  Use a value
    in range.
    """,
)

EMPTY_STRING = define(
    "FTP117 empty-string-option info: an empty string option resets the compiled-in default",
    """
    `rsa_cert_file=` (or the name alone) does not mean "default": it clears the option, so the
    compiled-in default (here a path) is no longer used.  Remove the line to keep the default.
    """,
)

NUL_BYTE = define(
    "FTP118 nul-byte warning: everything after a NUL byte on a line is ignored",
    """
    vsftpd reads each line as a C string, so a NUL byte ends it: `pasv_enable=YES\\0junk` is read as
    `pasv_enable=YES`.  Such bytes come from broken editors or binary copies; remove them.
    """,
)

CRLF = define(
    "FTP119 crlf-line-endings warning: Windows line endings leave a carriage return in every value",
    """
    Only `\\n` ends a line in vsftpd; the `\\r` of CRLF stays in the value.  Yes/no options then fail
    (`bad bool value`), numbers still parse, strings are trimmed.  Convert the file to LF endings
    (`dos2unix`).
    """,
    fixable=True,
)

LISTEN_BOTH = define(
    "FTP120 listen-ipv4-and-ipv6 error: listen and listen_ipv6 are both YES",
    """
    One vsftpd process listens either on IPv4 (`listen=YES`) or on IPv6 (`listen_ipv6=YES`, which on
    Linux also accepts IPv4 unless `listen_address6` is set); with both, vsftpd prints
    `500 OOPS: run two copies of vsftpd for IPv4 and IPv6` and exits.  Keep one of them.
    """,
)

NO_ACCESS = define(
    "FTP121 no-login-allowed error: anonymous and local logins are both off",
    """
    With `anonymous_enable=NO` and `local_enable=NO` nobody could log in, so vsftpd refuses to start:
    `500 OOPS: vsftpd: both local and anonymous access disabled!`.  Note that `anonymous_enable`
    defaults to YES in the binary (the man page says NO).
    """,
)

BAD_LISTEN_ADDRESS = define(
    "FTP122 bad-listen-address error: listen_address is not an address",
    """
    In standalone mode vsftpd converts `listen_address` with `inet_aton()` (and `listen_address6` with
    `inet_pton()`); a host name or a typo makes it print `500 OOPS: bad listen_address: VALUE` and exit.
    Use a numeric address.
    """,
)

HTTP_ONE_PROCESS = define(
    "FTP123 process-model-conflict error: one_process_model / http_enable / ftp_enable contradict each other",
    """
    vsftpd refuses these combinations at start-up: `http_enable=YES` without `one_process_model=YES`
    (`HTTP needs 'one_process_model' for now`), `one_process_model=YES` with `local_enable=YES`
    (`security: 'one_process_model' is anonymous only`), and `ftp_enable=NO` without HTTP
    (`both FTP and HTTP disabled!`).
    """,
)

INETD_MODE = define(
    "FTP124 inetd-mode info: neither listen nor listen_ipv6 is YES: vsftpd expects inetd",
    """
    Debian's vsftpd defaults to `listen=NO` (upstream defaults to YES).  With neither `listen` nor
    `listen_ipv6` set to YES, vsftpd does not open a socket itself: it serves the connection on its
    standard input, as started by inetd, xinetd or a systemd socket unit.  `listen_port`,
    `listen_address`, `max_clients` and `max_per_ip` then have no effect.  Set `listen=YES` (or
    `listen_ipv6=YES`) to run it as a standalone daemon.
    """,
)
