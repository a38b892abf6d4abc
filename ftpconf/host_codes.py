"""Facts of the machine ftpconf runs on, not of the file (the FTP080-FTP089 "host" family).

A configuration checked into a repository is linted for the server it is meant for.  Whether a file
it names exists is a fact of the machine that runs the lint: on a developer's checkout or in CI the
answer says nothing about the server.  These findings
therefore have their own codes, all `info`, and one setting switches the family off
(``host-checks = false`` in the project file, ``--no-host-checks`` on the command line, and the
pre-commit hooks).  ``--root DIR`` (or ``root = "DIR"``) says where the server's ``/`` is checked in;
without it a file lying under ``…/etc/`` has the directory above ``etc/`` taken as the server's ``/``
(source.py: ``HostPaths``).
"""

from __future__ import annotations

from ftpconf.diagnostics import define

PREFIX = "FTP08"  # the whole family, as a selector

INCLUDE_NOT_FOUND = define(
    "FTP080 host-include-not-found info: an Include whose target is not on this machine (nor under the root): its "
    "settings are not checked",
    """
    `Include /etc/proftpd/modules.conf` names a file of the server.  When ftpconf cannot find it, on
    this machine or under the root (`--root DIR`, `root = "DIR"`, or the directory above `etc/` when
    the linted file lies under `…/etc/`), the settings in it are not checked, and judgements about the
    whole server may miss what it sets.  That is usually a checkout without the daemon's stock files,
    not a mistake.

    If the target is missing on the server too: proftpd 1.3.8 logs
    `warning: unable to include '...': No such file or directory`, reads the rest of the file and
    starts (`proftpd -t` exits 0); pure-ftpd includes nothing, without a message.

    Fix: lint with `--root` pointing at the checked-in tree that holds the file, or switch the
    family off where the server's files are not at hand (`host-checks = false`, `--no-host-checks`).
    (A missing target used to be reported as FTP140 for proftpd and FTP174 for pure-ftpd: those
    codes, in `select`, `ignore` and `# ftpconf: disable=`, still cover this finding.)
    """,
    dialects=("proftpd", "pureftpd"),
)

# FTP081 (`host-env-unset`, an unset proftpd `%{env:NAME}`) is retired into FTP014 (input_codes.py): a value
# the daemon's environment gives at run time is a fact of neither this file nor this machine, whether a
# launcher's `$VAR` or proftpd's `%{env:NAME}` holds it.  registry.REDIRECTS keeps the code working.
