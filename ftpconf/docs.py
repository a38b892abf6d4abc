"""The rule pages under docs/rules/, generated from the rule registry: ``python -m ftpconf.docs``.

Each page carries what ``ftpconf explain`` prints (code, name, severity, dialects, summary,
explanation, whether it has a fix) plus two real examples: the test fixture on which the rule must
fire and the look-alike on which it must not (tests/fixtures/rules/CODE/, checked by the fixture
meta-test).  ``--check`` changes nothing and exits 1 when a page is missing, stale or orphaned;
tests/test_rule_docs.py runs it, so the pages cannot drift from the registry.

The wheel has no tests/ folder: it ships the generated pages as ``ftpconf/rule_docs/`` and
``ftpconf explain --format markdown`` prints those when the fixtures are not beside the package.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ftpconf.diagnostics import RuleInfo
from ftpconf.dialects.registry import daemon_name
from ftpconf.source import decode, printable

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
SHIPPED = Path(__file__).resolve().parent / "rule_docs"  # docs/rules/, as the wheel carries it
MAX_EXAMPLE_LINES = 40
SEVERITY_MEANING = {
    "error": "the daemon refuses this configuration",
    "warning": "the daemon starts, but something will not work as written, or the file makes an exposure certain",
    "info": "advice that depends on facts outside the file",
}


def explanation_markdown(info: RuleInfo) -> str:
    """The explanation is written as Markdown already (backticks, four-space code blocks)."""
    return info.explanation.strip() + "\n"


def page(info: RuleInfo, fixtures: Path = FIXTURES) -> str:
    dialects = ", ".join(daemon_name(d) for d in info.dialects)
    parts = [
        f"# {info.code} {info.name}\n",
        f"{info.summary[:1].upper()}{info.summary[1:]}.\n",
        "| | |\n|---|---|\n"
        f"| Code | `{info.code}` |\n"
        f"| Name | `{info.name}` |\n"
        f"| Severity | {info.severity.value}: {SEVERITY_MEANING[info.severity.value]} |\n"
        f"| Dialects | {dialects} |\n"
        f"| Automatic fix | {'yes (`ftpconf lint --fix`)' if info.fixable else 'no'} |\n"
        f"| Group | {_group(info)} |\n",
        "## Explanation\n",
        explanation_markdown(info),
    ]
    for kind, title in (("fires", "Example: reported"), ("ok", "Example: not reported")):
        examples = _examples(fixtures / info.code, kind)
        if examples:
            parts.append(f"## {title}\n")
            parts.extend(examples)
    parts.append(
        "## Silencing it\n\n"
        f"On the line above the setting (in vsftpd the `#` must be in column 1):\n\n"
        f"```\n# ftpconf: disable={info.code}\n```\n\n"
        f"or for the whole project, in `pyproject.toml`:\n\n"
        f'```toml\n[tool.ftpconf]\nignore = ["{info.code}"]\n```\n'
    )
    parts.append("[All rules](README.md)\n")
    return "\n".join(parts)


def _group(info: RuleInfo) -> str:
    if info.group == "default":
        return "default (on unless ignored)"
    return f"{info.group}, opt-in: `extend-select = [\"{info.group}\"]` or `--extend-select {info.code}`"


def rule_page(info: RuleInfo) -> str:
    """The page of one rule: generated in a checkout, the shipped copy in an installed wheel."""
    shipped = SHIPPED / f"{info.code}.md"
    if not FIXTURES.is_dir() and shipped.is_file():
        return shipped.read_text("utf-8")
    return page(info)


def _examples(folder: Path, kind: str) -> list[str]:
    out = []
    for path in sorted(folder.glob(f"{kind}*")):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            name = file.relative_to(folder).as_posix()
            out.append(f"`{name}`:\n\n{_fence(decode(file.read_bytes()))}")
    return out


def _fence(text: str) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    shown = ["\t".join(printable(part) for part in line.split("\t")) for line in lines[:MAX_EXAMPLE_LINES]]
    if len(lines) > MAX_EXAMPLE_LINES:
        shown.append(f"… ({len(lines) - MAX_EXAMPLE_LINES} more lines)")
    longest = max((len(m) for m in re.findall(r"`+", "\n".join(shown))), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n" + "".join(line + "\n" for line in shown) + f"{fence}\n"


def redirect_page(old: str, new: tuple[str, ...]) -> str:
    """The page of a retired code: where its findings are reported now (ruff keeps such redirects)."""
    targets = ", ".join(f"[{code}]({code}.md)" for code in new)
    return (
        f"# {old} (retired)\n\n"
        f"What {old} reported is now reported as {targets}.  The code is never reused, and `{old}` in\n"
        "`select`, `ignore`, `[severity]` and `# ftpconf: disable=` still applies to the new code.\n\n"
        "[All rules](README.md)\n"
    )


def retired_codes(infos: list[RuleInfo]) -> dict[str, tuple[str, ...]]:
    """The redirected codes that no rule holds any more: they get a page saying where their findings went."""
    from ftpconf.registry import REDIRECTS

    codes = {info.code for info in infos}
    return {old: new for old, new in REDIRECTS.items() if old not in codes}


def index(infos: list[RuleInfo], retired: dict[str, tuple[str, ...]] | None = None) -> str:
    rows = "".join(
        f"| [{i.code}]({i.code}.md) | `{i.name}` | {i.severity.value} | "
        f"{', '.join(daemon_name(d) for d in i.dialects)} | {'yes' if i.fixable else ''} | "
        f"{'' if i.group == 'default' else i.group} | {_cell(i.summary)} |\n"
        for i in infos
    )
    moved = "".join(
        f"| [{old}]({old}.md) | now {', '.join(f'[{c}]({c}.md)' for c in new)} |\n"
        for old, new in sorted((retired_codes(infos) if retired is None else retired).items())
    )
    return (
        "# ftpconf rules\n\n"
        "Generated from the rule registry by `python -m ftpconf.docs`; `ftpconf rules` and\n"
        "`ftpconf explain CODE` print the same text.\n\n"
        "Codes: `FTP0xx` ftpconf's own (suppressions, input limits; `FTP08x` facts of the machine running\n"
        "ftpconf, switched off as a group by `host-checks = false`), `FTP1xx` syntax and daemon parity,\n"
        "`FTP2xx` modes and ports, `FTP3xx` the advertised (NAT) address, `FTP4xx` firewall, `FTP5xx` TLS, `FTP6xx`\n"
        "security baseline, `FTP7xx` a running server against its file (`ftpconf probe`), `FTP9xx`\n"
        "conversion loss.  Severity ([the policy](../severity.md)): `error` the daemon refuses the\n"
        "configuration, `warning` it starts but something will not work as written or the file makes an\n"
        "exposure certain, `info` advice that depends on facts outside the file.  Rules of the `hardening`\n"
        "group are opt-in: `extend-select = [\"hardening\"]` (or `--extend-select hardening`).\n\n"
        "| Code | Name | Severity | Dialects | Fix | Group | Summary |\n|---|---|---|---|---|---|---|\n"
        + rows
        + ("\nRetired codes, redirected:\n\n| Code | Reported as |\n|---|---|\n" + moved if moved else "")
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def expected(infos: list[RuleInfo], fixtures: Path = FIXTURES) -> dict[str, str]:
    """File name under docs/rules/ -> its content."""
    retired = retired_codes(infos)
    pages = {f"{info.code}.md": page(info, fixtures) for info in infos}
    pages.update({f"{old}.md": redirect_page(old, new) for old, new in retired.items()})
    pages["README.md"] = index(infos, retired)
    return pages


def main(argv: list[str] | None = None) -> int:
    from ftpconf.atomic import write_atomically
    from ftpconf.registry import all_rules
    from ftpconf.source import encode

    parser = argparse.ArgumentParser(prog="python -m ftpconf.docs", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if docs/rules/ is out of date")
    parser.add_argument("--out", type=Path, default=DOCS, help="the directory to write (default: docs/rules)")
    args = parser.parse_args(argv)

    pages = expected(all_rules())
    present = {p.name for p in args.out.glob("*.md")} if args.out.is_dir() else set()
    stale = sorted(
        name for name, text in pages.items() if name not in present or (args.out / name).read_text("utf-8") != text
    )
    orphans = sorted(present - pages.keys())
    if args.check:
        for name in stale:
            print(f"{args.out / name}: missing or out of date", file=sys.stderr)
        for name in orphans:
            print(f"{args.out / name}: no such rule", file=sys.stderr)
        if stale or orphans:
            print("run `python -m ftpconf.docs` to regenerate", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        write_atomically(str(args.out / name), encode(pages[name]))
    for name in orphans:
        (args.out / name).unlink()
    print(f"{len(stale)} page(s) written, {len(orphans)} removed, {len(pages) - len(stale)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
