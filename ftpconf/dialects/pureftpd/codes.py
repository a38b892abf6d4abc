"""Findings the pure-ftpd readers emit: what pure-ftpd 1.0.50 and Debian's wrapper do with a configuration.

Every ``error`` is a condition on which the Debian binary answers ``421 ...`` and exits 252 (or the
Debian wrapper exits non-zero) before serving anyone; the parity suite starts the real binary to
keep that true.
"""

from __future__ import annotations

import functools

from ftpconf import diagnostics

# Every code here is the pureftpd reader's: its dialect is said once, for all of them.
define = functools.partial(diagnostics.define, dialects=("pureftpd",))

SYNTAX = define(
    "FTP170 pureftpd-syntax-error error: pure-ftpd.conf line the daemon cannot parse",
    """
    pure-ftpd matches each line of pure-ftpd.conf against a template such as
    `PassivePortRange (<digits>) (<digits>)` and stops at the first line that does not fit:
    `pure-ftpd.conf:3:16: syntax error line 3: [ # comment].` on stderr, `421 Configuration error`
    to the client, exit 252.  Common causes: a trailing `# comment` after a yes/no or a number, a
    boolean other than yes/no/on/off/true/false/1/0, a colon between two numbers where the file
    wants a space (`PassivePortRange 30000 30010`) or a space where it wants a colon
    (`Umask 133:022`), a second word after a one-word value.

        NoAnonymous yes   # no anonymous     # refused: comments must be on their own line
        NoAnonymous yes                      # accepted

    Fix: write the value exactly as the template wants it; ftpconf shows the column.
    """,
    fixable=True,
)

UNKNOWN_KEY = define(
    "FTP171 pureftpd-unknown-key error: pure-ftpd.conf key the daemon does not know",
    """
    A key that matches no template is fatal: `property not found line N: [...]`, exit 252.  Keys
    are case-insensitive.  `Bonjour` is not compiled in, and Debian's `FSCharset`/`ClientCharset`
    are conf-directory names, not pure-ftpd.conf keys.  A UTF-8 byte-order mark glues itself to the
    first key.  `MySQLConfigFile`, `PGSQLConfigFile` and `LDAPConfigFile` exist only in
    pure-ftpd-mysql, -postgresql and -ldap: the file is read for the build its first such key asks
    for (or the one `--pureftpd-build` / `[pureftpd] build` names), and another build's key is
    refused as that binary refuses it.  Every refused line is reported; the others still count.

        PassivePortRang 30000 30010    # refused
        PassivePortRange 30000 30010   # accepted
    """,
    fixable=True,
)

LINE_TOO_LONG = define(
    "FTP172 pureftpd-line-too-long error: a pure-ftpd.conf line longer than the daemon's 65,535-byte buffer",
    """
    The daemon reads lines into a 65,536-byte buffer and builds each option in one of the same
    size: a longer line makes it answer `421 Configuration error` with no further explanation.

    Fix: shorten the value (use a shorter path or a symbolic link).
    """,
)

INCLUDE_RECURSION = define(
    "FTP173 pureftpd-include-recursion error: Include nested more than 16 levels deep (usually a file including "
    "itself)",
    """
    `Include` splices another file in place; the daemon allows 16 levels and then stops with
    `[file]: too many levels of recursion`, exit 252.  A file that includes itself, directly or
    through another file, always hits the limit.

    Fix: remove the loop.
    """,
)

# FTP174 (an Include of a file that does not exist) is retired: a fact of the linting machine, FTP080
# (host_codes.py).

CONF_WITH_FLAGS = define(
    "FTP175 pureftpd-conf-file-with-flags error: a pure-ftpd.conf path combined with command-line flags",
    """
    pure-ftpd reads a configuration file only when it is started with exactly one argument that
    does not start with `-`: `pure-ftpd /etc/pure-ftpd.conf`.  With any flag before or after it the
    path is just a stray argument: `421 Invalid argument: "/etc/pure-ftpd.conf"`, exit 252.

        pure-ftpd /etc/pure-ftpd.conf -B     # refused
        pure-ftpd /etc/pure-ftpd.conf        # with "Daemonize yes" in the file

    Fix: move the flags into the file (`Daemonize yes`), or drop the file and pass only flags.
    (Debian's `pure-config.pl` is different: it reads the file itself and adds further arguments.)
    """,
)

UNKNOWN_FLAG = define(
    "FTP176 pureftpd-unknown-flag error: a command-line option pure-ftpd does not know, or one used without its "
    "argument",
    """
    getopt refuses the option and the daemon answers `421 Unknown run-time option`, exit 252:
    an unknown letter or long name, an ambiguous abbreviation, a missing argument, or an argument
    given to a switch (`--noanonymous=yes`).  `-8`/`--fscharset` and `-9`/`--clientcharset` were
    removed in 1.0.48 but are still in many Dockerfiles.

        pure-ftpd -8 UTF-8 -E      # refused
        pure-ftpd -E               # accepted
    """,
)

STRAY_ARGUMENT = define(
    "FTP177 pureftpd-stray-argument error: a word on the command line that is not an option or an option's argument",
    """
    pure-ftpd takes no positional arguments besides a lone configuration file.  Any other word,
    e.g. the value of a flag that takes none, makes it answer `421 Invalid argument: "word"`.

        pure-ftpd -l pam 1000 -E        # "1000" was meant for -u
        pure-ftpd -l pam -u 1000 -E
    """,
)

ILLEGAL_VALUE = define(
    "FTP178 pureftpd-illegal-value error: an option value pure-ftpd refuses at start-up",
    """
    pure-ftpd checks option values while reading them and stops at the first bad one with
    `421 Configuration error: ...`: a client limit of 0 (`-c 0`, `-C 0`), `-Y` outside 0..3, an
    unknown `-l` method (`ldap:` on the vanilla binary), an `-O` log format other than
    clf/stats/w3c/xferlog or a relative log path, a umask above 777, an invalid `-V` address, a
    zero bandwidth or ratio, a negative `-u`.
    """,
)

ILLEGAL_RANGE = define(
    "FTP179 pureftpd-illegal-port-range error: a passive port range pure-ftpd refuses",
    """
    `-p first:last` (pure-ftpd.conf `PassivePortRange first last`) must satisfy
    1024 <= first <= last <= 65535.  An inverted range, ports below 1024 or above 65535, one number
    or a dash (`30000-30010`) make the daemon refuse to start:
    `421 Configuration error: Illegal ports range: 40000:30000`.  (vsftpd silently widens such a
    range; pure-ftpd does not start.)  A one-port range (`30000:30000`) is accepted.

        -p 40000:30000      # refused
        -p 30000:40000      # accepted
    """,
    fixable=True,
)

COMMENT_IN_VALUE = define(
    "FTP180 pureftpd-comment-in-value warning: a trailing # comment that pure-ftpd takes as part of the value",
    """
    Free-text values (AltLog, PureDB, CertFile, PIDFile, FortunesFile, ExtAuth, Include) run to the
    end of the line, so a trailing comment becomes part of them:
    `AltLog clf:/var/log/x.log # log` logs to the file `/var/log/x.log # log`.

    Fix: put the comment on its own line.
    """,
    fixable=True,
)

BOOLEAN_NOT_UNDONE = define(
    "FTP181 pureftpd-boolean-not-undone warning: a yes/no key set to no after yes: the no has no effect",
    """
    Each pure-ftpd.conf line adds a flag; `no` adds nothing.  So `NoAnonymous yes` followed later
    by `NoAnonymous no` still gives `--noanonymous`: a boolean cannot be switched off again.

    Fix: delete the line you do not want.
    """,
)

UNRESOLVABLE_PASSIVE_IP = define(
    "FTP183 pureftpd-forced-ip-unresolvable error: a ForcePassiveIP (-P) that can never resolve: every session is "
    "dropped",
    """
    pure-ftpd resolves `-P` when each session starts; if that fails the client gets the welcome
    lines and then `421 Illegal forced IP for passive connections`.  A value that is not an IP
    address or a possible host name (or one under the reserved `.invalid` domain) can never work.

    Fix: the public IPv4 address clients should connect to.
    """,
)

CONF_BESIDE_DEBIAN = define(
    "FTP184 pureftpd-dead-conf-file warning: a pure-ftpd.conf beside Debian's conf directory: Debian's init never "
    "reads it",
    """
    Debian starts pure-ftpd through `pure-ftpd-wrapper`, which builds flags from the files in
    `/etc/pure-ftpd/conf/` and ignores `/etc/pure-ftpd/pure-ftpd.conf` altogether.  Settings in
    that file look active but are dead.

    Fix: put each setting into its own file in `/etc/pure-ftpd/conf/` (`ftpconf` can write them),
    or start the daemon with the file explicitly.
    """,
)

CONFDIR_UNKNOWN_FILE = define(
    "FTP185 pureftpd-confdir-unknown-file error: a file in /etc/pure-ftpd/conf/ that names no option: the wrapper "
    "refuses to start",
    """
    Every file whose name is letters and digits must be an option name, exactly and case-sensitively
    (`NoAnonymous`, not `noanonymous`); otherwise pure-ftpd-wrapper stops with
    `Invalid configuration file .../FooBar: No corresponding directive`.  Names with other
    characters (`MaxIdleTime.bak`, `NoAnonymous~`) are silently skipped.
    """,
)

CONFDIR_BAD_VALUE = define(
    "FTP186 pureftpd-confdir-bad-value error: a conf-directory value the Debian wrapper refuses",
    """
    The wrapper checks the first non-comment line of each file: booleans are yes/no, on/off or 1/0
    (`true` is refused, although pure-ftpd.conf accepts it), numbers are digits only, two numbers
    are separated by a space (`30000 30010`, not `30000:30010`), `Umask` is two octal numbers with a
    space (`133 022`, the opposite of pure-ftpd.conf), strings contain no whitespace.

        /etc/pure-ftpd/conf/PassivePortRange:  30000:30010   # refused: "not two numbers"
        /etc/pure-ftpd/conf/PassivePortRange:  30000 30010   # -p 30000:30010
    """,
)

CONFDIR_UNCHECKED = define(
    "FTP187 pureftpd-confdir-unchecked-value warning: a conf-directory value the wrapper passes on without checking",
    """
    The wrapper does not check what string options mean: `ForcePassiveIP` may be a host name (it is
    resolved at every session; if DNS fails, every session is dropped), `TrustedIP` is not
    validated (an invalid address turns into a stray argument that stops the daemon), an unknown
    `SyslogFacility` silently keeps the default.  Check these values yourself.
    """,
)

CONFDIR_IGNORED = define(
    "FTP188 pureftpd-confdir-ignored-file warning: a conf-directory file the wrapper ignores",
    """
    Some files in `/etc/pure-ftpd/conf/` have no effect: `FSCharset` and `ClientCharset` (the
    options were removed from pure-ftpd 1.0.48; Debian still ships `FSCharset`), names with dots
    or `~` (backups), and authentication files (`PureDB`, `PAMAuthentication`, `UnixAuthentication`,
    `ExtAuth`) that are not linked from `/etc/pure-ftpd/auth/`: the wrapper takes the
    authentication order only from those links.
    """,
)

DYNAMIC_VALUE = define(
    "FTP189 pureftpd-value-from-environment info: a command-line word the shell fills in at run time: not checked",
    """
    `$PUBLICHOST`, `${FTP_MAX_CLIENTS}` or `$(...)` is expanded when the container or service
    starts, so ftpconf cannot check it (and the daemon may see something else entirely, e.g. no
    word at all when the variable is empty).  Pass the environment to ftpconf to check the values.
    """,
)
