"""Project configuration: ``[tool.ftpconf]`` in pyproject.toml, or ``.ftpconf.toml``, found upward.

For each linted file the nearest directory (the file's own, then its parents) holding a
``.ftpconf.toml`` or a ``pyproject.toml`` with a ``[tool.ftpconf]`` table supplies the settings;
``.ftpconf.toml`` wins within one directory, and a pyproject.toml without the table is passed over,
as ruff does.  ``--config PATH`` names one file for every input, ``--isolated`` reads none.

    select = ["FTP"]                 # rule codes, prefixes or groups ("hardening"); "ALL" for every rule
    extend-select = []
    ignore = ["FTP6"]
    fail-on = "warning"              # error | warning | info | none
    [per-file-ignores]               # globs relative to this file's directory
    "legacy/*.conf" = ["FTP601"]
    [severity]                       # a code, prefix or group -> error | warning | info
    FTP501 = "error"
    [dialects]                       # globs -> vsftpd | proftpd | pureftpd
    "ftp/*.cfg" = "proftpd"
    root = "deploy"                  # the server's / as checked in (deploy/etc/proftpd/...): absolute paths
                                     # the files name are read there (default: inferred, see source.py)
    host-checks = false              # leave out the FTP08x facts of the machine running ftpconf
    [vsftpd]
    target-version = "3.0.5"         # the daemon version whose catalogue decides (every daemon's table has it;
                                     # default Debian 12's: vsftpd 3.0.3, proftpd 1.3.8, pure-ftpd 1.0.50)
    [proftpd]
    modules = ["mod_tls.c"]          # the loaded module set (default: what the files' LoadModule lines load)
    packages = ["proftpd-mod-crypto"]  # module packages installed besides proftpd-core (default: any)
    defines = ["TLS"]                # -D defines, for <IfDefine>
    main = "etc/proftpd/proftpd.conf"  # the file whose Include reads the conf.d/ fragments linted
    [pureftpd]
    build = "mysql"                  # Debian's binary: vanilla | mysql | postgresql | ldap (default: detected)

(in pyproject.toml the same keys sit under ``[tool.ftpconf]``, ``[tool.ftpconf.severity]``, …).
A mistake is a ConfigError naming the file and the key; the command line exits 2 on it.
"""

import functools
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftpconf import versions
from ftpconf.diagnostics import Severity
from ftpconf.dialects import registry
from ftpconf.records import Record
from ftpconf.selection import Layer, Policy, matches_glob, normalise

if TYPE_CHECKING:
    from ftpconf.lint import LintResult
    from ftpconf.source import ReadOptions
    from ftpconf.suggest import Suggester

CONFIG_NAMES = (".ftpconf.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "none")
DIALECTS = registry.spellings()
SEVERITIES = tuple(s.value for s in Severity)
_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "fail-on",
    "per-file-ignores",
    "severity",
    "dialects",
    "proftpd",
    "pureftpd",
    "vsftpd",
    "root",
    "host-checks",
    "exclude",
    "extend-exclude",
)
_PROFTPD_KEYS = ("modules", "defines", "packages", "main", "target-version")
_PUREFTPD_KEYS = ("build", "target-version")
_VSFTPD_KEYS = ("target-version",)
_SELECTOR = re.compile(r"FTP\d{0,3}")
_NO_LAYER = Layer()


class ConfigError(Exception):
    """A configuration file that cannot be used: the message names the file and the key."""


class ProjectConfig(Record):  # a Record: neither a dataclass nor a NamedTuple compiles code to define it
    path: Path | None = None  # None: built-in defaults
    layer: Layer = _NO_LAYER
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: str | None = None
    dialects: tuple[tuple[str, str], ...] = ()
    modules: tuple[str, ...] | None = None
    packages: tuple[str, ...] | None = None  # proftpd: module packages installed; None: any Debian 12 one
    defines: tuple[str, ...] = ()
    pureftpd_build: str | None = None
    target_versions: tuple[tuple[str, str], ...] = ()  # (daemon, version) of `target-version` in its table
    server_root: str | None = None  # `root`: the server's / as checked in, absolute
    host_checks: bool | None = None
    proftpd_main: str | None = None  # `[proftpd] main`, absolute
    exclude: tuple[str, ...] | None = None  # None: discovery's built-in list
    extend_exclude: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        return self.path.parent if self.path is not None else Path(os.getcwd())


# -- reading and checking one file -------------------------------------------------------------


def load(path: str | Path) -> ProjectConfig:
    """Read one configuration file; a pyproject.toml must have ``[tool.ftpconf]``."""
    if sys.version_info >= (3, 11):  # imported here: most runs find no configuration file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or not isinstance(tool.get("ftpconf"), dict):
            raise ConfigError(f"{path}: has no [tool.ftpconf] table")
        return _parse(path, tool["ftpconf"], "tool.ftpconf")
    return _parse(path, data, "")


def _parse(path: Path, table: dict[str, Any], prefix: str) -> ProjectConfig:
    checker = _Checker(path, prefix)
    checker.known_keys(table, _KEYS, "")
    select = checker.selectors(table, "select") if "select" in table else None
    proftpd = checker.table(table, "proftpd")
    checker.known_keys(proftpd, _PROFTPD_KEYS, "proftpd")
    pureftpd = checker.table(table, "pureftpd")
    checker.known_keys(pureftpd, _PUREFTPD_KEYS, "pureftpd")
    vsftpd = checker.table(table, "vsftpd")
    checker.known_keys(vsftpd, _VSFTPD_KEYS, "vsftpd")
    targets = tuple(
        (daemon, checker.choice(f"{daemon}.target-version", section["target-version"], versions.known(daemon)))
        for daemon, section in (("vsftpd", vsftpd), ("proftpd", proftpd), ("pureftpd", pureftpd))
        if "target-version" in section
    )
    build = pureftpd.get("build")
    if build is not None:
        from ftpconf.dialects.pureftpd.builds import NAMES

        build = checker.choice("pureftpd.build", build, NAMES)
    fail_on = table.get("fail-on")
    if fail_on is not None:
        checker.choice("fail-on", fail_on, FAIL_ON)
    modules = checker.strings(proftpd, "modules", "proftpd.modules") if "modules" in proftpd else None
    server_root = checker.file_path(table, "root", directory=True)
    main = checker.file_path(proftpd, "main", "proftpd.main")
    host_checks = table.get("host-checks")
    if host_checks is not None and not isinstance(host_checks, bool):
        raise checker.fail("host-checks", f"expected true or false, got {_kind(host_checks)}")
    packages = (
        tuple(
            checker.choice("proftpd.packages", p, _proftpd_packages())
            for p in checker.strings(proftpd, "packages", "proftpd.packages")
        )
        if "packages" in proftpd
        else None
    )
    return ProjectConfig(
        path=path,
        layer=Layer(select, checker.selectors(table, "extend-select"), checker.selectors(table, "ignore")),
        per_file_ignores=tuple(
            (glob, checker.selectors({"x": codes}, "x", f"per-file-ignores.{_quote(glob)}"))
            for glob, codes in checker.table(table, "per-file-ignores").items()
        ),
        severity=tuple(
            (checker.selector(key, f"severity.{key}"), Severity(checker.choice(f"severity.{key}", value, SEVERITIES)))
            for key, value in checker.table(table, "severity").items()
        ),
        fail_on=fail_on,
        dialects=tuple(
            (glob, checker.choice(f"dialects.{_quote(glob)}", value, DIALECTS))
            for glob, value in checker.table(table, "dialects").items()
        ),
        modules=None if modules is None else tuple(modules),
        defines=tuple(checker.strings(proftpd, "defines", "proftpd.defines")),
        packages=packages,
        pureftpd_build=build,
        target_versions=targets,
        server_root=server_root,
        host_checks=host_checks,
        proftpd_main=main,
        exclude=tuple(checker.strings(table, "exclude")) if "exclude" in table else None,
        extend_exclude=tuple(checker.strings(table, "extend-exclude")),
    )


def _proftpd_packages() -> tuple[str, ...]:
    from ftpconf.dialects.proftpd.modules import known_packages

    return tuple(sorted(known_packages()))


def _quote(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


@functools.cache
def _key_suggester(keys: tuple[str, ...]) -> "Suggester":
    from ftpconf.suggest import Suggester  # only for a mistake: a plain run does not import difflib

    return Suggester(keys)


class _Checker:
    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def fail(self, key: str, problem: str) -> ConfigError:
        table = f"[{self.prefix}] " if self.prefix else ""
        return ConfigError(f"{self.path}: {table}{key}: {problem}")

    def known_keys(self, table: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in keys:
                close = _key_suggester(keys).suggest(key.replace("_", "-"))  # ruff spells keys with dashes
                did_you_mean = " or ".join(f"`{k}`" for k in close)
                hint = f" (did you mean {did_you_mean}?)" if close else f"; known keys: {', '.join(keys)}"
                raise self.fail(f"{where}.{key}" if where else key, f"unknown key{hint}")

    def table(self, table: dict[str, Any], key: str) -> dict[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {_kind(value)}")
        return value

    def strings(self, table: dict[str, Any], key: str, where: str | None = None) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where or key, f"expected a list of strings, got {_kind(value)}")
        return value

    def selectors(self, table: dict[str, Any], key: str, where: str | None = None) -> tuple[str, ...]:
        return tuple(self.selector(s, where or key) for s in self.strings(table, key, where))

    def selector(self, text: str, where: str) -> str:
        try:
            return check_selector(text)
        except ValueError as exc:
            raise self.fail(where, str(exc)) from None

    def file_path(
        self, table: dict[str, Any], key: str, where: str | None = None, directory: bool = False
    ) -> str | None:
        """A path relative to this file's directory, made absolute; a root must be an existing directory."""
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(where or key, f"expected a path, got {_kind(value)}")
        path = os.path.normpath(os.path.join(os.path.abspath(self.path.parent), value))
        if directory and not _is(Path(path), stat.S_ISDIR):
            raise self.fail(where or key, f"{value!r} is not a directory (relative paths start at {self.path.parent})")
        return path

    def choice(self, where: str, value: object, choices: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value.lower() not in choices:
            raise self.fail(where, f"expected one of {', '.join(choices)}, got {value!r}")
        return value.lower()


def _kind(value: object) -> str:
    names = {str: "a string", int: "a number", float: "a number", bool: "a boolean", list: "a list", dict: "a table"}
    return f"{names.get(type(value), type(value).__name__)} ({value!r})"


def check_selector(text: str) -> str:
    """A rule code, code prefix or group name that names at least one rule, normalised; ValueError otherwise."""
    from ftpconf.diagnostics import GROUPS
    from ftpconf.registry import REDIRECTS, all_rules

    key = normalise(text)
    if key in GROUPS:
        return key
    known = key in REDIRECTS or any(info.code.startswith(key) for info in all_rules())
    if not _SELECTOR.fullmatch(key) or not known:
        groups = ", ".join(GROUPS)
        raise ValueError(f"`{text}` is not a rule code, code prefix or group (e.g. FTP201, FTP2, ALL, {groups})")
    return key


# -- discovery ---------------------------------------------------------------------------------


def discover(start: Path, cache: dict[Path, Path | None] | None = None) -> Path | None:
    """The configuration file nearest to ``start`` (a directory), or None."""
    cache = {} if cache is None else cache
    seen: list[Path] = []
    found: Path | None = None
    for directory in (start, *start.parents):
        if directory in cache:
            found = cache[directory]
            break
        seen.append(directory)
        found = _config_in(directory)
        if found is not None:
            break
    for directory in seen:
        cache[directory] = found
    return found


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    """Path.is_file()/is_dir() that says False, not PermissionError, in a directory the user cannot search.

    The input itself then cannot be read either, and its reader says so, naming it."""
    try:
        return kind(path.stat().st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def _config_in(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if not _is(candidate, stat.S_ISREG):
            continue
        if name == "pyproject.toml":
            try:
                text = candidate.read_text("utf-8", "replace")
            except OSError:
                continue
            if not re.search(r"^\s*\[\s*tool\s*\.\s*ftpconf\s*[\].]", text, re.MULTILINE):
                continue
        return candidate
    return None


# -- the settings for one input: project file + command line -------------------------------------


class CommandLine(Record):
    """What the command line says; it overrides (or, for defines, adds to) the project file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    dialect: str = "auto"
    modules: tuple[str, ...] | None = None
    defines: tuple[str, ...] = ()
    pureftpd_build: str | None = None  # "auto": decided from the configuration, whatever the project says
    target_versions: tuple[tuple[str, str], ...] = ()  # --target-version, per daemon (versions.parse)
    config: str | None = None
    isolated: bool = False
    root: str | None = None  # --root
    host_checks: bool | None = None  # --host-checks / --no-host-checks
    exclude: tuple[str, ...] | None = None  # --exclude replaces the project's list, as in ruff
    extend_exclude: tuple[str, ...] = ()

    @property
    def layer(self) -> Layer:
        return Layer(self.select, self.extend_select, self.ignore)


class Settings(Record):
    project: ProjectConfig
    command_line: CommandLine

    @property
    def host_checks(self) -> bool:
        chosen = self.command_line.host_checks
        return (self.project.host_checks is not False) if chosen is None else chosen

    @property
    def policy(self) -> Policy:
        from ftpconf.host_codes import PREFIX

        project = self.project
        layers: tuple[Layer, ...] = (project.layer, self.command_line.layer)
        if not self.host_checks:  # last: switching the family off wins over any select
            layers = (*layers, Layer(ignore=(PREFIX,)))
        return Policy(layers, project.per_file_ignores, project.severity, project.root)

    @property
    def fail_on(self) -> str:
        return self.command_line.fail_on or self.project.fail_on or "warning"

    @property
    def target_versions(self) -> tuple[tuple[str, str], ...]:
        """(daemon, version) pairs the files target: the command line's, else the project's, per daemon."""
        return tuple({**dict(self.project.target_versions), **dict(self.command_line.target_versions)}.items())

    def dialect_for(self, path: str) -> str:
        if self.command_line.dialect != "auto":
            return self.command_line.dialect
        for pattern, dialect in self.project.dialects:
            if matches_glob(pattern, path, self.project.root):
                return dialect
        return "auto"

    def excludes(self) -> tuple[tuple[str, Path], ...]:
        """The globs directory discovery skips, each with the folder it is relative to."""
        from ftpconf.discovery import DEFAULT_EXCLUDE

        cwd, root = Path(os.getcwd()), self.project.root
        if self.command_line.exclude is not None:
            base = tuple((glob, cwd) for glob in self.command_line.exclude)
        elif self.project.exclude is not None:
            base = tuple((glob, root) for glob in self.project.exclude)
        else:
            base = tuple((glob, root) for glob in DEFAULT_EXCLUDE)
        return (
            *base,
            *((glob, root) for glob in self.project.extend_exclude),
            *((glob, cwd) for glob in self.command_line.extend_exclude),
        )

    def read_options(self) -> "ReadOptions":
        from ftpconf.source import ReadOptions

        modules = self.command_line.modules if self.command_line.modules is not None else self.project.modules
        defines = tuple(dict.fromkeys((*self.project.defines, *self.command_line.defines)))
        build = self.command_line.pureftpd_build or self.project.pureftpd_build
        return ReadOptions(
            modules=modules,
            defines=defines,
            packages=self.project.packages,
            pureftpd_build=None if build == "auto" else build,
            root=self.command_line.root or self.project.server_root,
            proftpd_main=self.project.proftpd_main,
        )


def _checked(selectors: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(check_selector(s) for s in selectors)
    except ValueError as exc:
        raise ConfigError(f"command line: {exc}") from None


class Resolver:
    """Finds (once per directory) and loads (once per file) the settings for each input."""

    def __init__(self, command_line: CommandLine) -> None:
        self.command_line = command_line
        self._found: dict[Path, Path | None] = {}
        self._loaded: dict[Path, ProjectConfig] = {}
        self._fixed: ProjectConfig | None = None
        if command_line.isolated:
            self._fixed = ProjectConfig()
        elif command_line.config is not None:
            self._fixed = self._load(Path(command_line.config))
        self.command_line = command_line.replace(
            select=None if command_line.select is None else _checked(command_line.select),
            extend_select=_checked(command_line.extend_select),
            ignore=_checked(command_line.ignore),
        )

    def for_path(self, path: str | None) -> Settings:
        """Settings for a file (None: standard input or a command line, found from the working directory)."""
        if self._fixed is not None:
            return Settings(self._fixed, self.command_line)
        start = Path(os.path.abspath(path)) if path is not None else Path(os.getcwd())
        if path is None or not _is(start, stat.S_ISDIR):
            start = start.parent if path is not None else start
        found = discover(start, self._found)
        return Settings(self._load(found) if found is not None else ProjectConfig(), self.command_line)

    def _load(self, path: Path) -> ProjectConfig:
        key = Path(os.path.abspath(path))
        if key not in self._loaded:
            self._loaded[key] = load(path)
        return self._loaded[key]


def apply(settings: Settings, result: "LintResult") -> "LintResult":
    """Filter and re-grade a result's findings in place (inline suppressions were applied by the reader)."""
    result.diagnostics = settings.policy.apply(result.diagnostics)
    return result
