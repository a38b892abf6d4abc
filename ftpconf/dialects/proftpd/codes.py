"""Findings the proftpd reader emits: what proftpd 1.3.8's parser does with a file.

Every ``error`` here is a condition on which ``proftpd -t`` exits non-zero (the daemon does not
start); the messages quote proftpd's own ``fatal:`` text.  The parity suite runs the real binary on
each case to keep that true.
"""

from __future__ import annotations

import functools

from ftpconf import diagnostics

# Every code here is the proftpd reader's: its dialect is said once, for all of them.
define = functools.partial(diagnostics.define, dialects=("proftpd",))

UNKNOWN_DIRECTIVE = define(
    "FTP130 proftpd-unknown-directive error: proftpd does not know this directive (or its module is not loaded) and "
    "refuses to start",
    """
    proftpd stops at a directive name no loaded module registers:
    `fatal: unknown configuration directive 'PasivePorts'` followed by `fatal: Did you mean: PassivePorts`.
    Names are case-insensitive.  A directive is known only once its module is compiled in or loaded
    with `LoadModule` *before* the line (Debian loads its stock set from /etc/proftpd/modules.conf);
    wrap optional modules' directives in `<IfModule mod_x.c>`.

        PasivePorts 30000 30099        # refused
        PassivePorts 30000 30099       # accepted
    """,
    fixable=True,
)

WRONG_CONTEXT = define(
    "FTP131 proftpd-wrong-context error: a directive or section where proftpd does not allow it",
    """
    Each directive is allowed only in some contexts (server config, `<VirtualHost>`, `<Global>`,
    `<Anonymous>`, `<Directory>`, `<Limit>`).  Elsewhere proftpd refuses to start with
    `fatal: PassivePorts: directive not allowed in <Anonymous> context`.  Access directives
    (`AllowAll`, `DenyAll`, `Allow`, `Deny`, `Order`) belong inside `<Limit>`.

        DenyAll                        # refused at the top level
        <Limit PORT EPRT>
          DenyAll                      # accepted
        </Limit>
    """,
)

WRONG_ARG_COUNT = define(
    "FTP132 proftpd-wrong-argument-count error: a directive with a number of arguments proftpd refuses",
    """
    proftpd checks how many arguments a directive has: `DenyAll x` gives
    `fatal: DenyAll: wrong number of parameters`, `PassivePorts 30000` gives `missing parameters`,
    a closing tag with an argument (`</Limit READ>`) is refused too.  The accepted counts were
    measured on the Debian binary for every directive.

    Fix: give the directive the arguments its syntax names.
    """,
)

BAD_VALUE = define(
    "FTP133 proftpd-bad-value error: a value proftpd refuses (boolean, port, umask, address rule, path ...)",
    """
    The directive's handler rejects the value and proftpd refuses to start, e.g.
    `fatal: UseIPv6: expected Boolean parameter` (booleans are on/off, yes/no, true/false, 1/0),
    `fatal: Port: value must be between 0 and 65535`, `fatal: Umask: '999' is not a valid umask`,
    `fatal: Order: 'allowdeny': invalid argument`, `fatal: Include: unable to use path for configuration file`
    (Include needs an absolute path).

        UseIPv6 enable                 # refused
        UseIPv6 on                     # accepted
    """,
)

PASSIVE_PORTS = define(
    "FTP134 proftpd-invalid-passive-ports error: PassivePorts with min >= max, a port below 1024 or above 65535",
    """
    Unlike vsftpd, proftpd refuses a passive range it cannot use instead of silently widening it:
    `fatal: PassivePorts: min port must be less than max port` (also when min = max: a one-port
    range is impossible in proftpd), `port numbers must be above 1023`,
    `max port must be allowable port number`.

        PassivePorts 30099 30000       # refused
        PassivePorts 30000 30099       # accepted
    """,
    fixable=True,
)

UNCLOSED_SECTION = define(
    "FTP135 proftpd-unclosed-section error: a section that is never closed",
    """
    A `<Limit>`, `<Directory>`, `<Anonymous>`, `<Global>`, `<VirtualHost>` or `<Class>` without its
    closing tag makes proftpd refuse the file: `fatal: error processing configuration file '...':
    unclosed configuration section` (no line number).  A false `<IfModule>` / `<IfDefine>` /
    `<IfVersion>` that is never closed is refused too; a true one is silently closed at the end.

    Fix: add the closing tag (`</Limit>`) where the section ends.
    """,
)

STRAY_CLOSER = define(
    "FTP136 proftpd-stray-closing-tag error: a closing tag that closes nothing open, or the wrong section",
    """
    proftpd treats a closing tag as a directive allowed only inside its own section:
    `</Limit>` at the top level gives `fatal: </Limit>: directive not allowed in server config context`,
    `</Directory>` inside `<Limit>` gives `... not allowed in <Limit> context`.  (Stray `</IfModule>`,
    `</IfDefine>` and `</IfVersion>` are silently accepted.)

    Fix: close sections in the reverse order they were opened.
    """,
)

BOM = define(
    "FTP137 proftpd-byte-order-mark error: a UTF-8 byte-order mark or non-ASCII character in a directive name",
    """
    proftpd does not skip a byte-order mark: the first directive becomes `\\xef\\xbb\\xbfServerName`
    and proftpd refuses to start with `fatal: unknown configuration directive` and
    `fatal: malformed directive name '...' (contains non-ASCII characters)`.  Editors on Windows add
    the mark when saving as "UTF-8 with BOM".

    Fix: save the file without the byte-order mark (ftpconf can remove it).
    """,
    fixable=True,
)

LOAD_MODULE = define(
    "FTP138 proftpd-load-module-fails error: a LoadModule that fails: no such module, no `.c` suffix, or a module it "
    "depends on is missing",
    """
    `LoadModule` needs the module's name with the `.c` suffix (`LoadModule mod_ban.c`; without it:
    `error loading module 'mod_ban': Invalid argument`) and a module file that exists and loads:
    `mod_tls_memcache` needs `mod_tls` loaded first, `mod_auth_otp` needs `mod_sftp`, and Debian 12's
    `mod_dnsbl` never loads (its library lacks libresolv).  proftpd then refuses to start.
    """,
)

INCLUDE_RELATIVE = define(
    "FTP139 proftpd-include-relative error: an Include with a relative path",
    """
    proftpd accepts only absolute paths in `Include`: `Include conf.d/x.conf` gives
    `fatal: Include: unable to use path for configuration file 'conf.d/x.conf'`.

        Include /etc/proftpd/conf.d/   # accepted
    """,
)

INCLUDE_MISSING = define(
    "FTP140 proftpd-include-missing warning: an Include proftpd cannot follow wherever it runs (a wildcard before the "
    "last component, a sub-directory of an included directory)",
    """
    proftpd expands a wildcard only in the last component of an `Include` path:
    `Include /etc/proftpd/*/site.conf` logs `warning: unable to include '...': No such file or directory`
    and includes nothing, even when such a file exists.  A sub-directory inside an included directory
    is skipped the same way (`error: unable to open parse file '...': Is a directory`).  proftpd still
    starts, without the settings you meant to include.

    A target that does not exist on the machine running ftpconf is not this finding but FTP080
    (host-include-not-found, `info`): a checkout lacks the server's files.  `FTP140` in `select`,
    `ignore` and suppressions still covers it.

    Fix: name the files with a wildcard in the last component only (`Include /etc/proftpd/conf.d/*.conf`).
    """,
)

INCLUDE_TRAP = define(
    "FTP141 proftpd-include-drops-lines warning: an error in an included file silently drops the rest of the "
    "including file",
    """
    When a directive in an included file fails, proftpd 1.3.8 prints the error and
    `unable to include '...': Operation not permitted`, keeps reading the included file, but then
    **silently stops parsing the file that contains the `Include`** (and its parents).  `proftpd -t`
    still exits 0, and the daemon starts with every line after the `Include` missing (verified: a
    `ServerIdent` after such an Include was ignored).  A second error in the same included file is fatal.

    Fix: correct the failing line in the included file.
    """,
    fixable=True,
)

INCLUDE_LOOP = define(
    "FTP142 proftpd-include-loop error: an Include that includes itself, directly or through other files",
    """
    proftpd 1.3.8 has no loop detection: a file that includes itself (or A → B → A) makes
    `proftpd -t` and the daemon crash with SIGSEGV after about ten seconds, without a message.
    ftpconf stops at the first repeated file and names the cycle.

    Fix: remove the Include that closes the cycle.
    """,
)

INCLUDE_BACKUPS = define(
    "FTP143 proftpd-include-reads-backups warning: a directory Include that also reads editor backup and temporary "
    "files",
    """
    `Include /etc/proftpd/conf.d/` (or a `*` glob) reads every file of the directory in sorted
    order whatever its suffix, so `site.conf~`, `.swp` files and `site.conf.bak` are parsed too:
    old settings come back, or a half-edited file breaks the server.

    Fix: include `*.conf` only, or set `IncludeOptions IgnoreTempFiles` before the Include.
    """,
)

EXTRA_ARGS = define(
    "FTP144 proftpd-extra-arguments warning: arguments proftpd silently ignores",
    """
    Many proftpd handlers only check a minimum argument count and ignore the rest without a
    warning: `ServerName a b` names the server `a`, `Include a.conf b.conf` never reads `b.conf`,
    `PassivePorts 30000 30010 30020` ignores the third number.  Usually a value with spaces was
    meant to be quoted.

        ServerName My FTP Server       # the name is "My"
        ServerName "My FTP Server"
    """,
)

MODULE_NOT_LOADED = define(
    "FTP145 proftpd-module-not-loaded warning: settings inside `<IfModule>` for a module that is not loaded are "
    "silently skipped",
    """
    `<IfModule mod_tls.c>` is false when mod_tls is neither compiled in nor loaded with `LoadModule`,
    and proftpd skips the whole block without a word: `TLSEngine on` inside it does nothing and the
    server runs without TLS.  The module set is the one the files load: the compiled-in modules and
    the `LoadModule` lines above the block (Debian's stock /etc/proftpd/modules.conf does not load
    mod_tls, mod_sftp, mod_sql or mod_ldap); `--modules` replaces it.

    Fix: load the module (`LoadModule mod_tls.c`, Debian: uncomment it in /etc/proftpd/modules.conf and
    install proftpd-mod-crypto) or drop the block.
    """,
)

LINE_TOO_LONG = define(
    "FTP146 proftpd-line-too-long warning: a line longer than proftpd's 4096-byte buffer is cut; the rest is read as "
    "a new line",
    """
    proftpd reads lines into a 4096-byte buffer.  A longer line is cut with only a warning
    (`handling possibly truncated configuration data`), and the remainder is parsed as a line of its
    own, usually `unknown configuration directive`.

    Fix: shorten the line (split long lists over several directives).
    """,
)

MODULE_PACKAGE = define(
    "FTP147 proftpd-module-needs-package info: a LoadModule for a module that Debian ships in a separate package",
    """
    `mod_tls`, `mod_sftp`, `mod_sql_mysql`, `mod_ldap`, `mod_wrap` and others are not in proftpd-core:
    on Debian they come with proftpd-mod-crypto, proftpd-mod-mysql, proftpd-mod-ldap, proftpd-mod-wrap ...
    Without that package `LoadModule` fails (`error loading module ... No such file or directory`):
    proftpd refuses to start, or, when the line is in an included file (an old modules.conf that still
    loads mod_wrap), it skips the line and drops the rest of the including file (FTP141).

    Which packages a host has is not in the file, so ftpconf assumes the package is installed.  List
    the installed ones and ftpconf reads as proftpd would on that host (a missing one is then FTP138):

        [proftpd]
        packages = ["proftpd-mod-crypto"]

    Fix: install the package named in the finding, or remove the line.
    """,
)

# FTP148 (an unset `%{env:NAME}`) is retired: a value the daemon's environment gives, FTP014 (input_codes.py).

LIMIT_HOST_RULES_CRASH = define(
    "FTP149 proftpd-extended-limit-host-rules warning: host rules in a server-level `<Limit>` naming EPRT or EPSV can "
    "crash proftpd 1.3.8",
    """
    proftpd 1.3.8 was seen to crash (SIGSEGV at start-up and under `proftpd -t`) on a `<Limit>`
    in the server config or `<Global>` that names EPRT or EPSV and holds `Allow`/`Deny` host
    rules; whether it crashes depends on the surrounding lines.  `DenyAll` there, or the same block
    inside `<Anonymous>`, was fine.

    Fix: refuse the commands with `DenyAll`, or move the host rules into `<Anonymous>`.
    """,
)

EMPTY_SERVER_CRASH = define(
    "FTP153 proftpd-sftp-algorithms-crash error: an SFTP algorithm list as the first setting of a server crashes "
    "proftpd 1.3.8",
    """
    proftpd 1.3.8 (Debian 12) dies with SIGSEGV, under `proftpd -t` and at start, on `SFTPCiphers`,
    `SFTPDigests`, `SFTPHostKeys` or `SFTPKeyExchanges` with a valid value when nothing stored a
    setting in that server before it: in `<VirtualHost>` or at the top of the file, with only
    `ServerName`, `ServerType`, `LoadModule`… above it.  1.3.8c (Debian 13) is fixed.

        <VirtualHost 0.0.0.0>          <VirtualHost 0.0.0.0>
          SFTPCiphers aes256-ctr  ->     SFTPEngine on
          SFTPEngine on                  SFTPCiphers aes256-ctr
        </VirtualHost>                 </VirtualHost>

    Fix: put `SFTPEngine on` (or any other setting) first in the server.
    """,
)

ANONYMOUS_AS_ROOT = define(
    "FTP152 proftpd-anonymous-as-root warning: `User root` in `<Anonymous>`: anonymous logins fail, or run as root",
    """
    The `User` of an `<Anonymous>` block is the account anonymous sessions run as.  With `User root`
    proftpd treats every anonymous login as a login as root: without `RootLogin on` it refuses them
    (`530 Login incorrect`), with it anonymous users read and write with root's rights (measured on
    proftpd 1.3.8: `STOR` made a file owned by uid 0).  `User root` at server level is another thing:
    the anonymous sessions of a block without its own `User` still run as `ftp`.

        <Anonymous ~ftp>
          User ftp
          Group nogroup
          UserAlias anonymous ftp
        </Anonymous>

    Fix: give the block an unprivileged account (`User ftp`).  vsftpd's `ftp_username=root` and
    `guest_username=root` are FTP126.
    """,
)

ORDER_DENY_ALLOW = define(
    "FTP150 proftpd-order-deny-allow warning: `Order deny,allow` with `Deny from all`: the Allow lines never win",
    """
    proftpd's `Order deny,allow` is not Apache's: the first side that matches decides, so with
    `Deny from all` every client is denied before the `Allow from ...` lines are looked at (verified:
    `Order deny,allow` / `Deny from all` / `Allow from 127.0.0.1` denied 127.0.0.1).

        <Limit WRITE>                  <Limit WRITE>
          Order deny,allow               Order allow,deny
          Deny from all        ->        Allow from 10.0.0.0/8
          Allow from 10.0.0.0/8          Deny from all
        </Limit>                       </Limit>
    """,
)
