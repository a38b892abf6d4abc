"""``ftpconf show --format html``: one standalone page, per server the SVG picture and the settings table."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ftpconf.lint import LintResult
from ftpconf.show import svg
from ftpconf.show.report import findings_line, heading, startup_status, views

STYLE = """
body { font-family: DejaVu Sans, Verdana, Arial, sans-serif; color: #24292f; margin: 2em; max-width: 1000px; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #d0d7de; }
.status { color: #cf222e; font-weight: bold; }
table { border-collapse: collapse; font-size: 0.9em; margin-top: 1em; }
td, th { padding: 2px 10px; text-align: left; vertical-align: top; }
th.group { padding-top: 0.8em; border-bottom: 1px solid #d0d7de; }
td.value { font-family: DejaVu Sans Mono, monospace; }
td.source { color: #57606a; }
tr.default td.source { color: #8c959f; }
tr.differs { background: #fff8c5; }
.refused { color: #cf222e; font-weight: bold; } .accepted { color: #1a7f37; font-weight: bold; }
"""


def render(results: Iterable[LintResult]) -> str:
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>ftpconf show</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>ftpconf show</h1>\n"
    ]
    for result in results:
        status = startup_status(result)
        for view in views(result):
            parts.append(f"<h2>{escape(heading(result, view))}</h2>\n")
            if status:
                parts.append(f'<p class="status">{escape(status)}</p>\n')
            picture = svg.render_one(result, view)
            parts.append(picture)
            parts.append("<h3>Why each command is accepted or refused</h3>\n<ul>\n")
            for channel in view.picture.data:
                verdict = "accepted" if channel.accepted else "refused"
                parts.append(
                    f'<li><b>{channel.command}</b> <span class="{verdict}">{verdict}</span>: '
                    f"{escape(channel.reason)}</li>\n"
                )
            parts.append("</ul>\n<h3>Effective settings</h3>\n<table>\n")
            parts.append("<tr><th>setting</th><th>effective</th><th>where it comes from</th></tr>\n")
            group = None
            for row in view.rows:
                if row.group != group:
                    group = row.group
                    parts.append(f'<tr><th class="group" colspan="3">{escape(group)}</th></tr>\n')
                classes = []
                if row.differs:
                    classes.append("differs")
                if row.origin is not None and row.origin.kind == "default":
                    classes.append("default")
                attribute = f' class="{" ".join(classes)}"' if classes else ""
                differs = f"<br>≠ {escape(row.differs)}" if row.differs else ""
                parts.append(
                    f"<tr{attribute}><td>{escape(row.label)}</td><td class=\"value\">{escape(row.effective)}{differs}"
                    f"</td><td class=\"source\">{escape(row.source)}</td></tr>\n"
                )
            parts.append("</table>\n")
            parts.append(f"<p>{escape(findings_line(result))}</p>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
