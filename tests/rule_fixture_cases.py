"""How a fixture under tests/fixtures/rules/<CODE>/ is run; shared by the fixture and snapshot tests.

Besides a plain configuration file, a fixture is one of three shapes:

- ``<kind>.to-<target>.<dialect>.<ext>`` (e.g. ``fires.to-pureftpd.vsftpd.conf``): converted to
  <target>; its findings are the conversion's FTP9xx losses, notes and ineffective lines;
- a directory holding ``firewall/`` beside one FTP configuration: linted against that firewall (FTP4xx);
- a directory holding ``observed.json`` (what ``ftpconf probe --format json`` saves) beside one FTP
  configuration: that observation of a running server judged against it (FTP7xx);
- any other directory: Debian's pure-ftpd conf directory, linted as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ftpconf.diagnostics import Diagnostic
from ftpconf.host_codes import PREFIX as HOST_FAMILY
from ftpconf.input_codes import UNREADABLE_INPUT
from tests.conftest import FIXTURES, ROOT

RULES = FIXTURES / "rules"


@dataclass(frozen=True)
class RuleFixture:
    path: Path

    @property
    def code(self) -> str:
        return self.path.parent.name

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def fires(self) -> bool:
        return self.name.startswith("fires")

    @property
    def conversion_target(self) -> str | None:
        parts = self.name.split(".")
        return parts[1][3:] if len(parts) > 2 and parts[1].startswith("to-") else None

    @property
    def source_dialect(self) -> str:
        """A conversion fixture's dialect, the third part of its name (fires.to-vsftpd.proftpd.conf)."""
        return self.name.split(".")[2]

    @property
    def is_neutral(self) -> bool:
        return self.path.suffix in (".toml", ".json")

    @property
    def firewall(self) -> Path | None:
        folder = self.path / "firewall"
        return folder if folder.exists() else None

    @property
    def observed(self) -> Path | None:
        observed = self.path / "observed.json"
        return observed if observed.exists() else None

    @property
    def config(self) -> Path:
        """The FTP configuration linted: beside a firewall or an observation, the one other entry."""
        if self.firewall is None and self.observed is None:
            return self.path
        return next(p for p in sorted(self.path.iterdir()) if p.name not in ("firewall", "observed.json"))

    def findings(self) -> list[Diagnostic]:
        """What the library reports for this fixture: the calls ``ftpconf lint`` / ``convert`` make."""
        from ftpconf.input_codes import unreadable
        from ftpconf.lint import UnsupportedDialect, lint_path
        from ftpconf.source import InputError

        target = self.conversion_target
        if target is not None:
            from ftpconf.convert import convert
            from ftpconf.convert.engine import read_neutral

            if self.is_neutral:
                source = read_neutral(str(self.path), self.path.read_bytes())
            else:
                source = lint_path(str(self.path), self.source_dialect)
            conversion = convert(source, target)
            return conversion.losses + conversion.notes + conversion.ineffective
        try:
            result = lint_path(str(self.config))
        except (InputError, UnsupportedDialect) as exc:  # what `lint` reports in its machine formats (FTP019)
            return unreadable([{"path": str(self.config), "message": str(exc)}])
        if self.observed is not None:
            from ftpconf.probe.compare import compare
            from ftpconf.probe.observation import Observation

            return compare(result.config, Observation.from_json(self.observed.read_text(encoding="utf-8")))
        if self.firewall is not None:
            from ftpconf.firewall.crosscheck import add_findings, load

            add_findings(result, load([str(self.firewall)]))
        return result.diagnostics

    def cli_arguments(self) -> list[str]:
        """``ftpconf`` arguments that report this fixture, with paths relative to the repository root."""
        target = self.conversion_target
        if target is not None:
            dialect = "auto" if self.is_neutral else self.source_dialect
            return ["convert", _relative(self.path), "--to", target, "--from", dialect]
        if self.observed is not None:
            return ["probe", "--observed", _relative(self.observed), "--config", _relative(self.config)]
        arguments = ["lint", "--isolated", "--no-color", _relative(self.config)]
        if not self.code.startswith(HOST_FAMILY):  # what this machine holds is no part of another rule's report
            arguments[3:3] = ["--no-host-checks"]
        from ftpconf.registry import find_rule

        info = find_rule(self.code)
        if info is not None and info.group != "default":  # an opt-in rule: selected, as its users would
            arguments[3:3] = ["--extend-select", self.code]
        if self.code == UNREADABLE_INPUT.code:  # counted as a finding; a text report says it on stderr only
            arguments[3:3] = ["--statistics"]
        if self.firewall is not None:
            arguments += ["--firewall", _relative(self.firewall)]
        return arguments


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def rule_fixtures(pattern: str = "*") -> list[RuleFixture]:
    """The ``fires*`` and ``ok*`` fixtures matching ``pattern``, in a stable order (helpers such as inc/ excluded)."""
    return [RuleFixture(path) for path in sorted(RULES.glob(f"*/{pattern}")) if path.name.startswith(("fires", "ok"))]


def fixture_id(fixture: RuleFixture) -> str:
    return f"{fixture.code}/{fixture.name}"
