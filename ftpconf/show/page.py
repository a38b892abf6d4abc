"""``ftpconf show --format html``: one self-contained page (inline CSS, no script, nothing fetched).

Per file: whether the daemon starts, its findings (file:line:col, code, severity, message), then per
server the state of each mode at a glance, the data-connection picture and the settings table.
Each mode's colour comes from the findings about it (:mod:`ftpconf.show.health`); the level is also
written out in words, so colour is never the only signal.  Every value taken from the input is
escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ftpconf.diagnostics import Diagnostic
from ftpconf.dialects.registry import daemon_name
from ftpconf.fixes import apply_edits
from ftpconf.lint import LintResult, UnsupportedDialect, lint_source
from ftpconf.model import ACTIVE_COMMANDS, PASSIVE_COMMANDS, Server, TlsMode
from ftpconf.selection import Policy
from ftpconf.show import svg
from ftpconf.show.health import TITLES, Health, Level, OnceFixed, Topic, health_of
from ftpconf.show.report import ServerView, startup_status, views
from ftpconf.show.settings import Row
from ftpconf.show.where import place
from ftpconf.source import InputError, SourceFile, encode, printable

# The word beside each colour (WCAG 1.4.1: colour is not the only signal) and its mark.
LEVEL_WORDS: dict[Level, str] = {"error": "error", "warning": "warning", "info": "note", "ok": "no findings"}
LEVEL_MARKS: dict[Level, str] = {"error": "✗", "warning": "⚠", "info": "ℹ", "ok": "✓"}

STYLE = """
:root { --red: #cf222e; --red-bg: #ffebe9; --amber: #9a6700; --amber-bg: #fff8c5; --blue: #0969da;
  --blue-bg: #ddf4ff; --green: #1a7f37; --green-bg: #dafbe1; --grey: #57606a; --line: #d0d7de; }
body { font-family: DejaVu Sans, Verdana, Arial, sans-serif; color: #24292f; margin: 2em; max-width: 1020px; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; } h1 small { color: var(--grey); font-weight: normal; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05em; margin-top: 1.6em; } h4 { font-size: 1em; margin-top: 1.4em; }
.status { border-left: 6px solid var(--red); background: var(--red-bg); padding: 0.5em 0.8em; font-weight: bold; }
.starts { color: var(--grey); }
ul.glance { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
ul.glance li { border: 1px solid var(--line); border-left-width: 8px; border-radius: 6px; padding: 8px 10px; }
.mode-name { display: block; font-weight: bold; }
.state { display: block; font-family: DejaVu Sans Mono, monospace; font-size: 0.9em; margin: 4px 0; }
.badge { display: inline-block; font-weight: bold; font-size: 0.85em; padding: 1px 8px; border-radius: 10px;
  border: 1px solid currentColor; }
.because { font-size: 0.85em; margin-left: 0.4em; }
table.findings td.severity { border-left: 6px solid transparent; font-weight: bold; }
ul.glance li.level-error, table.findings tr.level-error td.severity { border-left-color: var(--red); }
ul.glance li.level-warning, table.findings tr.level-warning td.severity { border-left-color: var(--amber); }
ul.glance li.level-info, table.findings tr.level-info td.severity { border-left-color: var(--blue); }
ul.glance li.level-ok { border-left-color: var(--green); }
.level-error .badge, .sev-error { color: var(--red); background: var(--red-bg); }
.level-warning .badge, .sev-warning { color: var(--amber); background: var(--amber-bg); }
.level-info .badge, .sev-info { color: var(--blue); background: var(--blue-bg); }
.level-ok .badge { color: var(--green); background: var(--green-bg); }
table { border-collapse: collapse; font-size: 0.9em; margin-top: 0.6em; }
td, th { padding: 3px 10px; text-align: left; vertical-align: top; }
table.findings td { border-top: 1px solid var(--line); }
table.findings caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
td.where, td.code, td.value { font-family: DejaVu Sans Mono, monospace; white-space: nowrap; }
td.message .notes { color: var(--grey); margin: 2px 0 0 0; padding-left: 1.2em; }
th.group { padding-top: 0.8em; border-bottom: 1px solid var(--line); }
td.source { color: var(--grey); }
tr.default td.source { color: #6e7781; }
tr.differs { background: var(--amber-bg); }
.none { color: var(--grey); }
a { color: inherit; }
"""


def render(results: Iterable[LintResult]) -> str:
    shown = list(results)
    title = _title(shown)
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(_subject(shown))} <small>· ftpconf show</small></h1>\n"
    ]
    for number, result in enumerate(shown, start=1):
        parts.append(_file(result, f"f{number}", single=len(shown) == 1))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _title(results: Sequence[LintResult]) -> str:
    return f"{_subject(results)} — ftpconf show"


def _subject(results: Sequence[LintResult]) -> str:
    """What is shown: ``vsftpd.conf (vsftpd)``, or the first files and how many more."""
    names = [f"{printable(r.path)} ({daemon_name(r.dialect)})" for r in results[:3]]
    more = len(results) - len(names)
    return ", ".join(names) + (f" and {more} more" if more else "") if names else "nothing shown"


def _file(result: LintResult, anchor: str, single: bool) -> str:
    """One file: its heading (the page's h1 when it is the only one), status, findings, servers."""
    shown = views(result)
    diagnostics = Policy().apply(result.diagnostics)  # what the default `ftpconf lint` reports (no opt-in groups)
    healths = health_of([v.server for v in shown], diagnostics, once_fixed(result))
    level = 2 if single else 3  # heading level of the file's parts
    out = [f'<section class="file" id="{anchor}">\n']
    if not single:
        out.append(f"<h2>{escape(printable(result.path))} ({escape(daemon_name(result.dialect))})</h2>\n")
    status = startup_status(result)
    if status:
        out.append(f'<p class="status" role="alert">{escape(status)}</p>\n')
    out.append(f"<h{level}>Findings</h{level}>\n")
    out.append(_findings(diagnostics, anchor))
    many = len(shown) > 1
    for index, (view, health) in enumerate(zip(shown, healths, strict=True)):
        server_anchor = f"{anchor}s{index + 1}"
        out.append(f'<section class="server" id="{server_anchor}" data-server="{escape(view.picture.server)}">\n')
        sub = level
        if many:
            out.append(f"<h{level}>{escape(_server_name(view))}</h{level}>\n")
            sub = level + 1
        out.append(_glance(view, health, sub, anchor, diagnostics, result.path))
        out.append(f"<h{sub}>Data connections</h{sub}>\n")
        out.append(f'<figure role="img" aria-label="data connections of {escape(_server_name(view))}">')
        out.append(svg.render_one(result, view, health))
        out.append("</figure>\n")
        out.append(_reasons(view))
        out.append(f"<h{sub}>Effective settings</h{sub}>\n")
        out.append(_settings(view.rows))
        out.append("</section>\n")
    out.append("</section>\n")
    return "".join(out)


def once_fixed(result: LintResult) -> OnceFixed:
    """The file read again with one finding's fix applied (health.py: what a misspelt line would set).

    Read with the default options: only the modes the fixed line sets are looked at."""

    def servers(diagnostic: Diagnostic) -> Sequence[Server]:
        text = result.texts.get(result.path)
        fix = diagnostic.fix
        if text is None or fix is None or any(edit.path != result.path for edit in fix.edits):
            return ()
        try:
            fixed = lint_source(SourceFile(result.path, encode(apply_edits(text, fix.edits))), result.dialect)
        except (InputError, UnsupportedDialect):  # pragma: no cover - the fix of a file that was read reads
            return ()
        return fixed.config.servers

    return servers


def _server_name(view: ServerView) -> str:
    server = view.picture.server
    return "main server" if server == "main" else server


def _findings(diagnostics: Sequence[Diagnostic], anchor: str) -> str:
    if not diagnostics:
        return '<p class="none">ftpconf lint: no findings.</p>\n'
    counts = {s: sum(1 for d in diagnostics if d.severity.value == s) for s in ("error", "warning", "info")}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    out = [
        f'<table class="findings">\n<caption>{escape(summary)}</caption>\n'
        "<thead><tr><th>severity</th><th>where</th><th>code</th><th>message</th></tr></thead>\n<tbody>\n"
    ]
    for number, d in enumerate(diagnostics, start=1):
        severity = d.severity.value
        notes = "".join(f"<li>{escape(printable(n))}</li>" for n in d.notes)
        out.append(
            f'<tr class="finding level-{severity}" id="{anchor}d{number}" data-code="{escape(d.code)}" '
            f'data-severity="{severity}"><td class="severity"><span class="sev-{severity}">{severity}</span></td>'
            f'<td class="where">{escape(printable(str(d.span)))}</td><td class="code">{escape(d.code)}</td>'
            f'<td class="message">{escape(printable(d.message))}'
            + (f'<ul class="notes">{notes}</ul>' if notes else "")
            + "</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _glance(
    view: ServerView, health: Health, level: int, anchor: str, diagnostics: Sequence[Diagnostic], base: str | None
) -> str:
    out = [f"<h{level}>At a glance</h{level}>\n", '<ul class="glance">\n']
    states = _states(view.server, view, base)
    for topic, name in TITLES.items():
        grade = health.level(topic)
        findings = health.findings.get(topic, ())
        links = ", ".join(
            f'<a href="#{anchor}d{diagnostics.index(d) + 1}">{escape(d.code)} '
            f"{f'line {d.span.line}' if d.span.path == base else escape(printable(str(d.span)))}</a>"
            for d in findings
        )
        because = f'<span class="because">{links}</span>' if links else ""
        out.append(
            f'<li class="mode level-{grade}" data-mode="{topic}" data-level="{grade}">'
            f'<span class="mode-name">{escape(name)}</span>'
            f'<span class="state">{escape(states[topic])}</span>'
            f'<span class="badge">{LEVEL_MARKS[grade]} {LEVEL_WORDS[grade]}</span>{because}</li>\n'
        )
    out.append("</ul>\n")
    return "".join(out)


def _states(server: Server, view: ServerView, base: str | None) -> dict[Topic, str]:
    """Each mode in a few words: what the daemon does with this file."""
    passive, tls, access = server.passive, server.tls, server.access
    verdicts = {c.command: "accepted" if c.accepted else f"refused ({c.short_reason})" for c in view.picture.data}

    def commands(names: Sequence[str]) -> str:
        return ", ".join(f"{command} {verdicts[command]}" for command in names)

    active = commands(ACTIVE_COMMANDS)
    if any(verdicts[c] == "accepted" for c in ACTIVE_COMMANDS):
        source = server.active.source_port.effective
        active += "; connects from " + ("any port" if source is None else f"port {source}")
    low, high = passive.range_low.effective, passive.range_high.effective
    effective = str(passive.effective_range)
    if low is None and high is None:
        ports = f"{effective} (not set: the daemon's default)"
    elif (low, high) != (passive.effective_range.low, passive.effective_range.high):
        declared = f"{'unset' if low is None else low}-{'unset' if high is None else high}"
        ports = f"{effective} (declared {declared})"
    else:
        ports = effective
    address = passive.advertised_address
    advertised = (
        f"{printable(address.effective)} ({place(address.origin, base)})"
        if address.effective
        else "not set: the 227 reply names the server's own address"
    )
    if tls.mode.effective is TlsMode.OFF:
        secure = "off"
    else:
        required = [w for w, on in (("login", tls.required_for_login), ("data", tls.required_for_data)) if on.effective]
        secure = f"{tls.mode.effective.value}; required for " + (" and ".join(required) if required else "nothing")
    users = [w for w, on in (("anonymous", access.anonymous), ("local users", access.local_users)) if on.effective]
    if access.virtual_users.effective:
        users.append("virtual users")
    login = ("login: " + ", ".join(users)) if users else "nobody can log in"
    writes = "write commands on" if access.write.effective else "read-only"
    return {
        "active": active,
        "passive": commands(PASSIVE_COMMANDS),
        "range": ports,
        "advertised": advertised,
        "tls": secure,
        "access": f"{login}; {writes}",
    }


def _reasons(view: ServerView) -> str:
    out = ['<ul class="reasons">\n']
    for channel in view.picture.data:
        verdict = "accepted" if channel.accepted else "refused"
        out.append(f"<li><strong>{channel.command} {verdict}</strong>: {escape(channel.reason)}</li>\n")
    out.append("</ul>\n")
    return "".join(out)


def _settings(rows: Sequence[Row]) -> str:
    out = ["<table class=\"settings\">\n<tr><th>setting</th><th>effective</th><th>where it comes from</th></tr>\n"]
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            out.append(f'<tr><th class="group" colspan="3">{escape(group)}</th></tr>\n')
        classes = []
        if row.differs:
            classes.append("differs")
        if row.origin is not None and row.origin.kind == "default":
            classes.append("default")
        attribute = f' class="{" ".join(classes)}"' if classes else ""
        differs = f"<br>≠ {escape(row.differs)}" if row.differs else ""
        out.append(
            f"<tr{attribute}><td>{escape(row.label)}</td><td class=\"value\">{escape(row.effective)}{differs}"
            f"</td><td class=\"source\">{escape(row.source)}</td></tr>\n"
        )
    out.append("</table>\n")
    return "".join(out)
