"""``ftpconf show --format html`` in a real browser: Debian's Chromium, headless, driven by Playwright.

Each sample is rendered by the command line into a file, opened from disk (so a stylesheet, font or
image it tried to fetch would show up as a request), screenshotted under tmp_path and checked in
the DOM: the title, one card per mode with its level as a class, a word and a colour, no ✓ beside a
finding (in the cards and in the picture), the findings ``ftpconf lint`` reports as rows, headings.

One browser for the module, with a fresh profile and no network (``make test`` installs the
``chromium`` package: scripts/provision-browser; the Python package ``playwright`` comes with the
dev extras; ``playwright install`` is never run).  Outside CI a machine without chromium skips, with
the reason; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.cli import run_cli
from tests.conftest import IN_CI, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.xdist_group("browser")  # one worker, one browser for the whole module

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MODES = ["active", "passive", "range", "advertised", "tls", "access"]
# The page's colours (page.STYLE) as the browser computes them.
COLOURS = {
    "error": "rgb(207, 34, 46)",
    "warning": "rgb(154, 103, 0)",
    "info": "rgb(9, 105, 218)",
    "ok": "rgb(26, 127, 55)",
}
WORDS = {"error": "error", "warning": "warning", "info": "note", "ok": "no findings"}

# What each sample's modes should show, from what the daemons do with them (docs/daemons/*.md):
# the levels follow from the default lint's findings, each checked against the file by hand.
EXPECTED: dict[str, dict[str, Any]] = {
    "proftpd-seed-deny-port": {  # <Limit PASV> DenyAll leaves EPSV open (FTP209 warning)
        "levels": {"passive": "warning"},
        "states": {"passive": "PASV refused (line 14), EPSV accepted", "range": "11100-11111"},
    },
    "pure-ftpd": {  # 10 passive ports cap 50 clients at 5 (FTP260); ForcePassiveIP is private (FTP302 info)
        "levels": {"range": "warning", "advertised": "info"},
        "states": {"range": "30000-30009", "advertised": "192.168.1.10 (line 7)"},
    },
    "vsftpd-active-passive-60000": {
        "levels": {},
        "states": {"active": "PORT accepted, EPRT accepted; connects from port 20", "range": "60000-60006"},
    },
    "vsftpd-clean": {"levels": {}, "states": {"range": "30000-30049", "advertised": "203.0.113.10 (line 16)"}},
    "vsftpd-range-30000": {"levels": {"advertised": "info"}, "states": {"advertised": "192.168.1.93 (line 8)"}},
    "vsftpd-swapped-range": {  # min 20480 > max 10240: vsftpd ignores the max and runs to 65535 (FTP201)
        "levels": {"range": "warning"},
        "states": {"range": "20480-65535 (declared 20480-10240)"},
    },
    "vsftpd-typos": {  # pasv_enalbe / chroot_root: vsftpd refuses to start (FTP101); anon_mkdir (FTP602)
        "levels": {"passive": "error", "range": "info", "access": "warning"},
        "states": {"range": "5001-65535 (not set: the daemon's default)"},
        "status": "vsftpd refuses to start with this file (2 errors: FTP101)",
    },
}


def _chromium_missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (make browser, or: apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    missing = _chromium_missing()
    if missing:
        if IN_CI:
            pytest.fail(f"CI must run the browser test: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1100, "height": 900},
            offline=True,
        )
        try:
            yield context
        finally:
            context.close()


class Opened:
    """A page opened from a file, with every request it made and every dialog a script opened."""

    def __init__(self, context: BrowserContext, path: Path) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page: Page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.url = path.as_uri()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the page names the file as given: samples/...


def render(tmp_path: Path, *args: str) -> Path:
    """``ftpconf show --format html -o FILE ARGS`` (in this process: the browser is what is slow)."""
    target = tmp_path / "show.html"
    done = run_cli("show", "--format", "html", "-o", str(target), *args)
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture(scope="module")
def lint_findings() -> dict[str, list[tuple[str, str, str]]]:
    """What the default ``ftpconf lint`` reports for each sample: (file:line:col, code, severity), in order."""
    paths = [f"samples/{sample}.conf" for sample in sorted(EXPECTED)]
    done = run_cli("lint", "--isolated", "--format", "json", *paths)
    assert done.returncode in (0, 1), done.stderr
    found: dict[str, list[tuple[str, str, str]]] = {path: [] for path in paths}
    for d in json.loads(done.stdout)["diagnostics"]:
        found[d["path"]].append((f"{d['path']}:{d['line']}:{d['column']}", d["code"], d["severity"]))
    return found


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


CARDS = """() => [...document.querySelectorAll('ul.glance > li.mode')].map(li => ({
    mode: li.dataset.mode, level: li.dataset.level, classes: [...li.classList],
    border: getComputedStyle(li).borderLeftColor,
    badge: li.querySelector('.badge').textContent,
    badgeColour: getComputedStyle(li.querySelector('.badge')).color,
    state: li.querySelector('.state').textContent,
    links: [...li.querySelectorAll('.because a')].map(a => a.getAttribute('href')),
}))"""

ROWS = """() => [...document.querySelectorAll('table.findings tr.finding')].map(tr => ({
    id: tr.id, where: tr.querySelector('.where').textContent, code: tr.querySelector('.code').textContent,
    severity: tr.querySelector('.severity').textContent, message: tr.querySelector('.message').textContent,
    border: getComputedStyle(tr.querySelector('td.severity')).borderLeftColor,
}))"""

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => ({
    level: h.tagName, text: h.textContent, section: h.closest('section') ? h.closest('section').id : ''
}))"""

CHANNELS = """() => [...document.querySelectorAll('figure svg text')].map(t => t.textContent)
    .filter(t => /^(PASV|EPSV|PORT|EPRT) /.test(t))"""


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_in_chromium(
    browser: BrowserContext, lint_findings: dict[str, list[tuple[str, str, str]]], tmp_path: Path, sample: str
) -> None:
    path = f"samples/{sample}.conf"
    opened = Opened(browser, render(tmp_path, path))
    shot = tmp_path / f"{sample}.png"
    opened.page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot)
    assert width == 1100 and height > 1500  # the whole page, not one screen

    expected = EXPECTED[sample]
    daemon = {"proftpd": "proftpd", "pure": "pure-ftpd", "vsftpd": "vsftpd"}[sample.split("-")[0]]
    assert opened.page.title() == f"{path} ({daemon}) — ftpconf show"
    assert opened.requests == [opened.url]  # self-contained: nothing but the page itself is fetched
    assert opened.js("() => document.querySelectorAll('script, link, img, iframe').length") == 0

    # The modes, in order, each with its level as a class, a colour, and a word.
    cards = opened.js(CARDS)
    assert [c["mode"] for c in cards] == MODES
    for card in cards:
        level = expected["levels"].get(card["mode"], "ok")
        assert card["level"] == level, card
        assert f"level-{level}" in card["classes"]
        assert card["border"] == COLOURS[level] and card["badgeColour"] == COLOURS[level]
        assert WORDS[level] in card["badge"]
        assert ("✓" in card["badge"]) == (level == "ok")  # never a ✓ beside a finding
        assert bool(card["links"]) == (level != "ok")  # each finding named links to its row
    states = {c["mode"]: c["state"] for c in cards}
    for mode, state in expected["states"].items():
        assert states[mode] == state

    # The findings are the default lint's, each row with file:line:col, code, severity and message.
    rows = opened.js(ROWS)
    assert [(r["where"], r["code"], r["severity"]) for r in rows] == lint_findings[path]
    for row in rows:
        assert row["message"] and row["border"] == COLOURS[row["severity"]]
    row_ids = {f"#{r['id']}" for r in rows}
    assert {link for c in cards for link in c["links"]} <= row_ids
    if not rows:
        assert opened.js("() => document.querySelector('p.none').textContent") == "ftpconf lint: no findings."

    # The picture: an accepted connection a finding concerns is not marked ✓.
    levels = {c["mode"]: c["level"] for c in cards}
    concerns = {"PASV": ("passive", "range", "advertised"), "EPSV": ("passive", "range"), "PORT": ("active",)}
    for label in opened.js(CHANNELS):
        command = label.split()[0]
        clean = all(levels[m] == "ok" for m in concerns.get(command, ("active",)))
        assert (" ✓ " in label) == (clean and " ✗ " not in label), label

    status = expected.get("status")
    shown = opened.js("() => document.querySelector('.status') && document.querySelector('.status').textContent")
    assert (shown is None) == (status is None) and (status is None or shown.startswith(status))

    # One h1; no heading repeated inside one section (the picture draws no heading of its own).
    headings = opened.js(HEADINGS)
    assert [h["level"] for h in headings].count("H1") == 1
    seen = [(h["section"], h["text"]) for h in headings]
    assert len(seen) == len(set(seen)), seen
    opened.page.close()


def test_hostile_values_are_text(browser: BrowserContext, tmp_path: Path) -> None:
    """Markup and quotes from the file and its name are shown as text and never run."""
    conf = tmp_path / 'evil<script>"q".conf'
    conf.write_text(
        "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n"
        'pasv_address=<script>alert("x")</script>\n'
        "ftpd_banner=Hi \"there\" & <b>bold</b> 'q' <img src=x onerror=alert(2)>\n"
        "pasv_min_port=40000\npasv_max_port=30000\n"
        "<img src=x onerror=alert(1)>=1\n",
        encoding="utf-8",
    )
    opened = Opened(browser, render(tmp_path, "--dialect", "vsftpd", str(conf)))
    opened.page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert opened.dialogs == []
    assert opened.js("() => document.querySelectorAll('script, img, b').length") == 0
    assert opened.requests == [opened.url]
    assert opened.page.title() == f"{conf} (vsftpd) — ftpconf show"
    cards = {c["mode"]: c for c in opened.js(CARDS)}
    assert cards["advertised"]["state"] == '<script>alert("x")</script> (line 4)'
    assert cards["advertised"]["level"] == "warning"  # FTP301: not an IPv4 address
    assert cards["range"]["level"] == "warning"  # FTP201: inverted
    banner = opened.js(
        "() => [...document.querySelectorAll('table.settings tr')].find(tr => tr.cells[0]"
        " && tr.cells[0].textContent === 'ftpd_banner').cells[1].textContent"
    )
    assert banner == "Hi \"there\" & <b>bold</b> 'q' <img src=x onerror=alert(2)>"
    codes = [r["code"] for r in opened.js(ROWS)]
    assert codes == ["FTP301", "FTP201", "FTP101"]
    assert any("<img src" in r["message"] for r in opened.js(ROWS))

