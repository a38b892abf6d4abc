"""``ftpconf rules`` and ``ftpconf explain``: the rule catalogue."""

from __future__ import annotations

import click

from ftpconf.commands._io import usage_error, write


@click.command()
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
def rules(output_format: str) -> None:
    """List every rule: code, name, severity, summary (markdown: the docs/rules index)."""
    from ftpconf.registry import all_rules

    infos = all_rules()
    if output_format == "markdown":
        from ftpconf.docs import index

        write(index(infos))
        return
    if output_format == "json":
        import json

        write(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "dialects": list(r.dialects),
                        "fixable": r.fixable,
                        "group": r.group,
                    }
                    for r in infos
                ],
                indent=2,
            )
            + "\n"
        )
        return
    for info in infos:
        opt_in = f" [opt-in: {info.group}]" if info.group != "default" else ""
        write(f"{info.code}  {info.severity.value:<7}  {info.name:<38} {info.summary}{opt_in}\n")


@click.command()
@click.argument("code")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def explain(code: str, output_format: str) -> None:
    """Explain one rule, e.g. ``ftpconf explain FTP201`` (a name works too); markdown: its docs page."""
    from ftpconf.registry import find_rule

    info = find_rule(code)
    if info is None:
        usage_error(f"no rule {code!r}; `ftpconf rules` lists them")
    if output_format == "markdown":
        from ftpconf.docs import rule_page

        write(rule_page(info))
        return
    if code.upper().startswith("FTP") and code.upper() != info.code:
        write(f"{code.upper()} is retired: its findings are reported as {info.code}.\n\n")
    write(
        f"{info.code} {info.name} ({info.severity.value})\n\n{info.summary}.\n\n{info.explanation}\n\n"
        f"Dialects: {', '.join(info.dialects)}{'; has an automatic fix' if info.fixable else ''}\n"
        + (
            f"Group: {info.group}, opt-in: reported only when selected (`--extend-select {info.group}` or "
            f"`--extend-select {info.code}`)\n"
            if info.group != "default"
            else ""
        )
    )
