"""Findings about the input itself rather than any one daemon's grammar (the FTP010-FTP019 block).

Limits live here too, so every reader stops at the same place: a configuration that no daemon could
sensibly run must still give a report and a clean exit, never a hang (invariant 4 in
docs/architecture.md#invariants).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ftpconf.diagnostics import Diagnostic, Edit, Fix, define
from ftpconf.source import Span, printable

# Included files read for one top-level file.  Real trees include tens of files; a "diamond ladder"
# (each file including the next one twice) doubles the work at every level: proftpd 1.3.8 needs
# 0.2 s for 2^12 reads, 5 s for 2^14 and 160 s for 2^16 (measured with `proftpd -t`).
MAX_INCLUDED_READS = 1024

INCLUDE_BUDGET = define(
    "FTP010 include-budget-exceeded warning: the Include statements read so many files that ftpconf stopped following "
    "them",
    f"""
    proftpd and pure-ftpd read an included file again every time an `Include` names it, so a
    file that includes the next one twice, at each of a few levels, multiplies the work: 16 levels
    are 65,536 reads, which takes `proftpd -t` over two minutes.  ftpconf follows at most
    {MAX_INCLUDED_READS:,} included files for one configuration and reports the `Include` where it
    stopped; the files beyond it are not checked.

    Fix: include each file once, from one place:

        Include /etc/proftpd/conf.d/*.conf     # once, at the top level
    """,
)


def unread_parts(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings that say part of the configuration was not read: what is built from it is partial."""
    return [d for d in diagnostics if d.code == INCLUDE_BUDGET.code]


@dataclass
class IncludeBudget:
    """The included files one configuration may still read, shared by every reader that follows Include."""

    used: int = 0

    def admit(self, span: Span, diagnostics: list[Diagnostic]) -> bool:
        """Count one more read; past the budget refuse it, reporting (once) the Include where reading stopped."""
        self.used += 1
        if self.used == MAX_INCLUDED_READS + 1:
            diagnostics.append(
                INCLUDE_BUDGET.at(
                    span, f"ftpconf stopped following Include here, after {MAX_INCLUDED_READS:,} included files"
                )
            )
        return self.used <= MAX_INCLUDED_READS


def byte_order_mark(path: str, how: str) -> tuple[str, Fix]:
    """What to say of a UTF-8 byte-order mark that starts ``path`` (``how`` the daemon reads it), and the
    fix that removes it.  No daemon skips one: each reads it as part of the first name."""
    message = f"the file starts with a UTF-8 byte-order mark, {how}"
    return message, Fix("remove the byte-order mark", (Edit(path, 0, 1, ""),))


# -- command lines in the files that start a daemon (ftpconf/launchers) --------------------------------

NO_DAEMON_COMMAND = define(
    "FTP011 no-daemon-command info: a Dockerfile, compose file, unit file or script that starts no FTP daemon",
    """
    `ftpconf lint` reads a Dockerfile (`RUN`, `CMD`, `ENTRYPOINT`), a compose file (`command:`,
    `entrypoint:`), a systemd unit (`ExecStart=`), a supervisord `[program:x]` (`command=`) or a shell
    script for the command lines that start vsftpd, proftpd or pure-ftpd, and checks each as that
    daemon's command line.  This file starts none of them: nothing was checked.  Installing a daemon
    (`apt-get install -y pure-ftpd`) does not count, nor does a program that is not the daemon
    itself (an entrypoint script whose contents are not here).

    Lint the file that holds the command line, or give it on the command line:

        ftpconf lint --cmdline 'pure-ftpd -p 30000:30009 -P ftp.example.org'
    """,
)

SETTINGS_ELSEWHERE = define(
    "FTP012 settings-elsewhere info: the command line takes its settings from a file or directory that is not here",
    """
    A command line found in a Dockerfile, compose file, unit file or script names the configuration
    the daemon reads (`vsftpd /etc/vsftpd/vsftpd.conf`, `proftpd -c /etc/proftpd/proftpd.conf`, the
    default file when it names none, or Debian's `pure-ftpd-wrapper`, which turns the files of
    `/etc/pure-ftpd/conf/` into flags).  In an image that file is the image's, not this machine's
    (unless a `COPY` or a volume brings it from beside the Dockerfile or compose file), so only the
    command line itself was checked.

    Lint the configuration itself too:

        ftpconf lint vsftpd.conf             # the file the image copies
        ftpconf lint /etc/pure-ftpd/conf     # Debian's directory, on the server
    """,
)

REFUSED_COMMAND_LINE = define(
    "FTP013 refused-command-line error: the daemon refuses to start with this command line",
    """
    The daemon stops at this command line before it reads any configuration: an unknown option
    (`vsftpd -x`), an option without its value (`proftpd -c`), a relative `-c` path for proftpd or an
    unbalanced quote.  The container, unit or script that runs it fails at once.

    Fix the option as the message says; `proftpd --help` and `vsftpd -v` list what they take:

        CMD ["proftpd", "--nodaemon", "-c", "/etc/proftpd/proftpd.conf"]
    """,
)

VALUE_FROM_ENVIRONMENT = define(
    "FTP014 value-from-environment info: a value the daemon's environment gives at run time, not this file: "
    "not checked",
    """
    A value that is filled in from the environment when the daemon starts is not in the file, so
    ftpconf cannot check it.  Two places hold one:

    - a word of a command line with an expansion (`$PUBLICHOST`, `${PORTS}`, `$(hostname)`) whose
      value this Dockerfile, compose file, unit file or script does not give: it comes from the host,
      `docker run -e`, the orchestrator or a file that is not here.  An unquoted expansion that comes
      to nothing is no word at all, so `-P $PUBLICHOST -A` becomes `-P -A` when the variable is empty,
      and pure-ftpd refuses it (`421 Illegal forced IP for passive connections`).  A Dockerfile `ARG`
      is set only while the image is built, not when the container runs.  Variables the file sets
      itself (`ENV`, a compose `.env` file, `${VAR:-default}`) are filled in and checked.
    - a proftpd `%{env:NAME}`, which proftpd replaces with the variable's value when it reads the file,
      and with an empty string, without a warning, when it is unset.  The environment that counts is
      the daemon's (a container's `ENV`, a unit's `Environment=`); ftpconf stands its own in for it: a
      variable set where ftpconf runs is filled in and the line checked with it
      (`FTP_PASV_MIN=30000 ftpconf lint proftpd.conf`), an unset one leaves the line unchecked (and out
      of the model) rather than judged with an empty value.  (A library caller that passes the
      daemon's own environment, `ReadOptions(environ=...)`, gets the line judged with the empty value,
      as proftpd reads it.)

    This finding used to be two codes: FTP081 (`host-env-unset`, the proftpd case, earlier the warning
    FTP148) is retired into it; those codes, in `select`, `ignore`, `[severity]` and
    `# ftpconf: disable=`, still cover it.

    Set the variable in the file, give a default, and quote it so that it stays one word:

        ENV PUBLICHOST=203.0.113.10
        CMD pure-ftpd -P "${PUBLICHOST:-203.0.113.10}" -p 30000:30099
    """,
)


def from_environment(
    span: Span, expansions: Iterable[str], where: str, when: str, unset: str, unchecked: str, *notes: str
) -> Diagnostic:
    """FTP014, the one finding for both kinds: ``expansions`` as written, ``where`` they stand (or ""),
    ``when`` the daemon fills them in, ``unset`` who does not give the value, ``unchecked`` what is left."""
    what = ", ".join(f"`{printable(e)}`" for e in expansions)
    return VALUE_FROM_ENVIRONMENT.at(
        span, f"{what}{where} is filled in when {when}, with a value {unset}: {unchecked} is not checked", *notes
    )


EXEC_FORM_NOT_JSON = define(
    "FTP015 exec-form-not-json warning: a CMD or ENTRYPOINT written as a list is not JSON: Docker runs it through "
    "/bin/sh -c",
    """
    Docker reads `CMD [...]`, `ENTRYPOINT [...]` and `RUN [...]` as an argv only when the brackets
    hold a valid JSON array of strings: double quotes, no trailing comma.  Anything else
    (`['pure-ftpd', '-A']`, `[vsftpd, /etc/vsftpd.conf]`, `["proftpd", "-n",]`) is silently taken
    as a shell command line, so the container runs `/bin/sh -c "['pure-ftpd', '-A']"`: the shell
    looks for a program named `[pure-ftpd,` (or runs `[`, the test command) and the daemon never
    starts.  ftpconf checks the words as they were meant.

    Fix: write the array as JSON.

        CMD ["pure-ftpd", "-A", "-p", "30000:30099"]
    """,
)

# -- an input that could not be read at all -------------------------------------------------------------

UNREADABLE_INPUT = define(
    "FTP019 unreadable-input error: the input could not be read, so none of it was checked",
    """
    ftpconf could not read this input: the file does not exist or cannot be opened, it is a
    directory no daemon reads as a whole, or ftpconf cannot tell which daemon it is for.  `lint`
    exits 2.  In `json`, `sarif` and `github` output the input is also a finding of its own, so a
    tool that reads only the findings does not take it for a clean file.

    Fix: name the file the daemon reads, or say which daemon it is for:

        ftpconf lint --dialect proftpd /etc/proftpd/ftp.conf
    """,
)


def unreadable(errors: Iterable[Mapping[str, str]]) -> list[Diagnostic]:
    """The inputs a run could not read (``{"path", "message"}``, the message naming the file) as findings at
    their first line; an error of the run itself (no path: fixes that could not be written) is not one."""
    return [
        UNREADABLE_INPUT.at(Span(e["path"], 1), e["message"].removeprefix(f"{e['path']}: "))
        for e in errors
        if e["path"]
    ]
