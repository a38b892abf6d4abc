"""Ask the real daemons for their verdict on every real-world corpus file (``make verdicts``).

The corpus is ``tests/corpus/<kind>/`` (in the repository) and ``../shared/corpus/<kind>/`` (when
present). Each file is run on its daemon, as found in docs/corpus.md:

* vsftpd: ``vsftpd FILE`` standalone on a free loopback port when the file turns ``listen`` or
  ``listen_ipv6`` on (its own choice, only the addresses forced to loopback), else in inetd mode on
  a connected socket; accepted = the first connection gets 220 (so the session start-up checks ran).
* proftpd: ``proftpd -t -c FILE`` (tests/daemons.proftpd_configtest).
* pure-ftpd: the file as ``pure-ftpd /path/pure-ftpd.conf``, a command line as its flags, in inetd
  mode (tests/daemons.pureftpd_verdict), on the build that the file's SQL/LDAP keys or ``-l``
  methods ask for, as an admin would install it.
* pure-ftpd command lines and launchers (Dockerfiles, compose files, units, scripts): only where
  the labels give the daemon's argv by hand (``command = ...``): the raw lines hold shell
  variables, pipes and prefixes (CMD, ExecStart=) that only a reader of the launcher resolves.

Real files name Debian's paths and users, which this machine lacks. So that a verdict is about
the file and not about this machine, the daemons run in a private mount namespace that looks like
a Debian host with the packages installed (``debian_host``): the users ``proftpd`` and ``ftp``,
``/run/vsftpd/empty``, ``/etc/proftpd/`` with the stock files of proftpd-core, ``/var/log/proftpd``,
the ssl-cert snake-oil pair, and the modules of every proftpd-mod-* package beside proftpd-core's.
Paths no Debian host has (``/etc/pki/...``) stay missing: the labels call such a refusal ``host``.

The verdicts go to ``tests/corpus/verdicts.tsv`` (one row per file); rows of shared files are
kept when ../shared is absent. ``--release debian13`` asks Debian 13's daemons instead, on a Debian 13
host (its stock /etc/proftpd, whose modules.conf loads what 1.3.8c builds loadable), and writes
``tests/corpus/verdicts-debian13.tsv`` (``verdicts_path``); ``make verdicts`` records every release.
``--check [--release R] FILE...`` prints fresh verdicts as JSON instead (the daemon-run test compares
them with the recorded ones).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ftpconf.dialects.pureftpd.reader import flags_per_line
from tests import daemons

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
VERDICTS = CORPUS / "verdicts.tsv"
LABELS = CORPUS / "labels.toml"
SHARED_LABELS = CORPUS / "shared-labels.toml"
KINDS = ("vsftpd", "proftpd", "pureftpd", "pureftpd-cmdline", "launchers")
COLUMNS = ("file", "kind", "method", "verdict", "message")
_VARIANT_KEYS = (("MySQLConfigFile", "mysql"), ("PGSQLConfigFile", "postgresql"), ("LDAPConfigFile", "ldap"))
_VARIANT_METHODS = (("mysql:", "mysql"), ("pgsql:", "postgresql"), ("ldap:", "ldap"))


@dataclass(frozen=True)
class CorpusFile:
    """A corpus file: ``key`` is its path as the labels and verdicts.tsv name it
    (``vsftpd/x.conf`` in the repository, ``shared:vsftpd/001.conf`` in ../shared)."""

    key: str
    path: Path
    kind: str

    @property
    def shared(self) -> bool:
        return self.key.startswith("shared:")


@dataclass(frozen=True)
class Measured:
    """One daemon run: how (``method``), accepted or refused, and what the daemon said."""

    method: str
    verdict: str  # accepted, refused, or silent (neither greeted nor exited before the timeout)
    message: str

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"


def _measured(method: str, verdict: daemons.Verdict, item: CorpusFile) -> Measured:
    """The verdict with the file's path in messages shown as its key, so the record does not
    depend on where the checkout is."""
    message = verdict.message.replace(str(item.path), item.key)
    return Measured(method, "accepted" if verdict.accepted else "refused", message)


def corpus_files(*, shared: bool = True) -> list[CorpusFile]:
    """Every corpus file, the repository's first, then ../shared's when present."""
    found = []
    roots = [("", CORPUS)] + ([("shared:", SHARED_CORPUS)] if shared and SHARED_CORPUS.is_dir() else [])
    for prefix, root in roots:
        for kind in KINDS:
            for path in sorted((root / kind).glob("*")):
                if path.is_file():
                    found.append(CorpusFile(f"{prefix}{kind}/{path.name}", path, kind))
    return found


def by_key(key: str) -> CorpusFile:
    shared = key.startswith("shared:")
    relative = key.removeprefix("shared:")
    kind = relative.split("/", 1)[0]
    return CorpusFile(key, (SHARED_CORPUS if shared else CORPUS) / relative, kind)


# --- reading recorded verdicts -----------------------------------------------------------------


def verdicts_path(release: str = daemons.DEFAULT_RELEASE) -> Path:
    """Where ``release``'s verdicts are recorded: verdicts.tsv for the default release (Debian 12),
    verdicts-<release>.tsv beside it for the others."""
    return VERDICTS if release == daemons.DEFAULT_RELEASE else CORPUS / f"verdicts-{release}.tsv"


def read_verdicts(path: Path = VERDICTS) -> dict[str, dict[str, str]]:
    """verdicts.tsv as {key: row}; messages are stored with \\n and \\t escaped."""
    if not path.exists():
        return {}
    with path.open(newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row["file"]: {**row, "message": _unescape(row["message"])} for row in rows}


def write_verdicts(rows: dict[str, dict[str, str]], path: Path = VERDICTS) -> None:
    with path.open("w", newline="") as handle:
        handle.write("\t".join(COLUMNS) + "\n")
        for key in sorted(rows, key=lambda k: (k.startswith("shared:"), k)):
            row = rows[key]
            handle.write("\t".join([*(row[c] for c in COLUMNS[:-1]), _escape(row["message"])]) + "\n")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), text)


# --- running the daemons ---------------------------------------------------------------------


def measure(item: CorpusFile, command: str | None = None, release: str = daemons.DEFAULT_RELEASE) -> Measured | None:
    """The daemon's verdict on one file (``release``'s binary); None for a launcher without a hand-given
    command.  Must run inside ``debian_host`` of that release (see the module doc)."""
    try:
        return _measure(item, command, release)
    except TimeoutError as exc:
        return Measured(_METHODS[item.kind], "silent", f"no answer within {daemons.TIMEOUT:g} s: {exc}")


_METHODS = {
    "vsftpd": "vsftpd FILE",
    "proftpd": "proftpd -t -c FILE",
    "pureftpd": "pure-ftpd FILE",
    "pureftpd-cmdline": "pure-ftpd FLAGS",
    "launchers": "pure-ftpd FLAGS",
}


def _measure(item: CorpusFile, command: str | None, release: str) -> Measured | None:
    raw = item.path.read_bytes()
    if item.kind == "vsftpd":
        return _vsftpd(raw, item, release)
    if item.kind == "proftpd":
        return _measured("proftpd -t -c FILE", daemons.proftpd_configtest(item.path, release=release), item)
    if item.kind == "pureftpd" and flags_per_line(raw.decode(errors="replace")):
        # CRUX's flags file: its rc script runs `pure-ftpd $(sed '/^#/d' $CONF)`, so the daemon gets the words
        words = shlex.split(raw.decode(errors="replace"), comments=True)
        verdict = daemons.pureftpd_verdict(args=words, build=_build_of_words(" ".join(words)), release=release)
        return _measured("pure-ftpd FLAGS (one per line in the file, vanilla build, inetd)", verdict, item)
    if item.kind == "pureftpd":
        build = _build_of_conf(raw)
        verdict = daemons.pureftpd_verdict(config=raw, build=build, release=release)
        return _measured(f"pure-ftpd FILE ({build} build, inetd)", verdict, item)
    if command is None:  # a shell line with $VARIABLES and pipes is no argv: the labels give one
        return None
    text = command
    words = shlex.split(text.strip())
    if words and Path(words[0]).name.startswith("pure-ftpd"):
        words = words[1:]
    build = _build_of_words(text)
    verdict = daemons.pureftpd_verdict(args=words, build=build, release=release)
    return _measured(f"pure-ftpd FLAGS ({build} build, inetd)", verdict, item)


def _build_of_conf(raw: bytes) -> str:
    """The Debian binary a pure-ftpd.conf needs: the one that knows its SQL/LDAP key."""
    for key, build in _VARIANT_KEYS:
        if re.search(rb"(?im)^[ \t]*" + key.encode() + rb"\b", raw):
            return build
    return "vanilla"


def _build_of_words(text: str) -> str:
    program = text.split(None, 1)[0] if text.split() else ""
    for suffix in ("mysql", "postgresql", "ldap"):
        if Path(program).name == f"pure-ftpd-{suffix}":
            return suffix
    for method, build in _VARIANT_METHODS:
        if re.search(r"(?:-l\s*|--login[= ])" + method, text):
            return build
    return "vanilla"


_TRUE = frozenset({"YES", "TRUE", "1"})


def _vsftpd(raw: bytes, item: CorpusFile, release: str) -> Measured:
    """Standalone with the file's own listen choice when it listens, else inetd mode."""
    listens = any(
        (daemons._config_value(raw, (), name) or "").upper() in _TRUE for name in ("listen", "listen_ipv6")
    )
    if not listens:
        return _measured("vsftpd FILE (inetd)", daemons.vsftpd_verdict(raw, release=release), item)
    guard = daemons._loopback_guard(raw, ())
    with daemons._vsftpd_standalone(raw, (), guard, daemons.TIMEOUT, release=release) as (_, verdict):
        return _measured("vsftpd FILE (standalone, loopback)", verdict, item)


# --- a Debian host in a private mount namespace -------------------------------------------------

_DEBIAN_USERS = (
    ("proftpd", "x:108:65534::/run/proftpd:/usr/sbin/nologin"),  # proftpd-core's postinst
    ("ftp", "x:109:65534::/srv/ftp:/usr/sbin/nologin"),  # created by proftpd-core / vsftpd
)
TEMPLATES = "proftpd-core/usr/share/proftpd/templates"


_PARENT_NAMESPACE = "FTPCONF_VERDICTS_PARENT_MNT_NS"


def _mount_namespace() -> str:
    return os.readlink("/proc/self/ns/mnt")


def _in_private_namespace() -> bool:
    """True only in the namespace ``reexec_in_namespace`` made: the parent records its own, and
    ours must differ from it (PID 1's is not always readable, so it cannot be the reference)."""
    parent = os.environ.get(_PARENT_NAMESPACE)
    return bool(parent) and parent != _mount_namespace()


@contextmanager
def debian_host(release: str = daemons.DEFAULT_RELEASE) -> Iterator[None]:
    """Mount a Debian host's /etc, /run and /var/log over this process's own, in its private mount
    namespace (refused in the host's namespace: run under ``unshare --mount``, see ``main``); /etc/proftpd
    and the modules are ``release``'s."""
    if not _in_private_namespace():
        raise RuntimeError("debian_host() mounts over /etc: run it in a private mount namespace only")
    root = daemons.release_root(release)
    with tempfile.TemporaryDirectory(prefix="ftpconf-debian-host-") as tmpdir:
        tmp = Path(tmpdir)
        etc, run, log = tmp / "etc", tmp / "run", tmp / "log"
        shutil.copytree("/etc", etc, symlinks=True)
        _add_users(etc)
        _stock_proftpd(etc / "proftpd", root)
        _snakeoil(etc / "ssl")
        (run / "vsftpd" / "empty").mkdir(parents=True)
        (run / "proftpd").mkdir()
        (log / "proftpd").mkdir(parents=True)  # an empty /var/log: the daemons only create files in it
        (log / "vsftpd").mkdir()
        modules = _all_modules(root, tmp / "modules")
        mounts = ((etc, "/etc"), (run, "/run"), (log, "/var/log"), (modules, str(root / daemons.PROFTPD_MODULES)))
        for source, target in mounts:
            subprocess.run(["mount", "--bind", str(source), target], check=True)
        yield


def _all_modules(root: Path, target: Path) -> Path:
    """One /usr/lib/proftpd holding the modules of proftpd-core and of every proftpd-mod-* package, as
    on a host where the packages a file's LoadModule lines need are installed."""
    target.mkdir()
    for package in [root / "proftpd-core", *sorted(root.glob("proftpd-mod-*"))]:
        for module in (package / "usr" / "lib" / "proftpd").iterdir():
            shutil.copy2(module, target / module.name)  # a copy: the mount hides the originals
    return target


def _add_users(etc: Path) -> None:
    passwd = (etc / "passwd").read_text()
    for name, rest in _DEBIAN_USERS:
        if not re.search(rf"(?m)^{name}:", passwd):
            passwd += f"{name}:{rest}\n"
    (etc / "passwd").write_text(passwd)


def _stock_proftpd(target: Path, root: Path) -> None:
    """/etc/proftpd as proftpd-core's postinst writes it, LoadModule pointing at the unpacked modules."""
    (target / "conf.d").mkdir(parents=True)
    modules = str(root / daemons.PROFTPD_MODULES)
    for template in sorted((root / TEMPLATES).iterdir()):
        (target / template.name).write_text(template.read_text().replace("/usr/lib/proftpd", modules))


def _snakeoil(ssl: Path) -> None:
    """ssl-cert's self-signed pair, which Debian's stock vsftpd.conf and tls.conf name."""
    (ssl / "private").mkdir(parents=True, exist_ok=True)
    (ssl / "certs").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-keyout", str(ssl / "private" / "ssl-cert-snakeoil.key"),
         "-out", str(ssl / "certs" / "ssl-cert-snakeoil.pem")],
        check=True, capture_output=True,
    )


def reexec_in_namespace(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tests.corpus_verdicts ARGV`` in a private mount namespace."""
    command = ["unshare", "--mount", "--propagation", "private", sys.executable, "-m", "tests.corpus_verdicts", *argv]
    env = {**os.environ, "PYTHONPATH": str(REPO), _PARENT_NAMESPACE: _mount_namespace()}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def _commands() -> dict[str, str]:
    """Hand-extracted daemon command lines of launcher files (labels: ``command = ...``)."""
    from ftpconf.catalog import parse_toml

    commands = {}
    for path, prefix in ((LABELS, ""), (SHARED_LABELS, "shared:")):
        if path.exists():
            for key, entry in parse_toml(path.read_text()).get("file", {}).items():
                if "command" in entry:
                    commands[prefix + key] = entry["command"]
    return commands


def main(argv: Sequence[str]) -> int:
    if not _in_private_namespace():
        result = reexec_in_namespace(argv)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        return result.returncode
    argv = list(argv)
    check = argv[:1] == ["--check"]
    del argv[:check]
    release = daemons.DEFAULT_RELEASE
    if argv[:1] == ["--release"]:
        release, argv = argv[1], argv[2:]
    commands = _commands()
    with debian_host(release):
        if check:
            fresh = {}
            for key in argv:
                measured = measure(by_key(key), commands.get(key), release)
                fresh[key] = None if measured is None else measured.__dict__
            print(json.dumps(fresh))
            return 0
        path = verdicts_path(release)
        kept = read_verdicts(path).items()
        rows = {k: v for k, v in kept if k.startswith("shared:") and not SHARED_CORPUS.is_dir()}
        for item in corpus_files():
            measured = measure(item, commands.get(item.key), release)
            if measured is None:
                continue
            rows[item.key] = {
                "file": item.key,
                "kind": item.kind,
                "method": measured.method,
                "verdict": measured.verdict,
                "message": measured.message,
            }
            print(f"{measured.verdict:8} {item.key}: {measured.message.splitlines()[0] if measured.message else ''}")
    write_verdicts(rows, path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
