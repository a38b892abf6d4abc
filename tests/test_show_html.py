"""``show --format html`` without a browser: which findings colour which mode, escaping, the title.

tests/test_show_html_browser.py checks the rendered page in Chromium; these run everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ftpconf.lint import lint_path
from ftpconf.show import page
from ftpconf.show.health import TITLES, health_of
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def levels(html: str) -> list[dict[str, str]]:
    """Per server, mode -> level, as the page's cards say."""
    servers = html.split('<section class="server"')[1:]
    return [dict(re.findall(r'data-mode="([a-z]+)" data-level="([a-z]+)"', s)) for s in servers]


def test_a_misspelt_setting_colours_the_mode_it_was_meant_for() -> None:
    # vsftpd-typos: `pasv_enalbe=YES` (FTP101, vsftpd refuses to start) was meant for pasv_enable;
    # `chroot_root` (FTP101) would be anon_root, which no mode shows.
    result = lint_path("samples/vsftpd-typos.conf")
    (health,) = health_of(result.config.servers, result.diagnostics, page.once_fixed(result))
    assert [(d.code, d.span.line) for d in health.findings["passive"]] == [("FTP101", 13)]
    assert health.level("passive") == "error"
    assert health.level("active") == "ok"
    assert all(d.span.line != 9 for ds in health.findings.values() for d in ds)
    # Without the re-read the typo concerns no mode: the card would say "no findings".
    (blind,) = health_of(result.config.servers, result.diagnostics)
    assert blind.level("passive") == "ok"


def test_a_finding_in_a_virtual_host_colours_that_server(tmp_path: Path) -> None:
    conf = tmp_path / "proftpd.conf"
    conf.write_text(
        'ServerName "main"\nServerType standalone\nPort 21\nPassivePorts 30000 30099\n'
        "<VirtualHost 10.0.0.5>\n  Port 2121\n  PassivePorts 40000 30000\n</VirtualHost>\n",
        encoding="utf-8",
    )
    html = page.render([lint_path(str(conf))])
    main, vhost = levels(html)
    assert main == dict.fromkeys(TITLES, "ok")  # proftpd -t: PassivePorts min >= max is fatal (FTP134)
    assert vhost["range"] == "error" and set(vhost.values()) == {"ok", "error"}


def test_inverted_range_is_amber_without_a_tick() -> None:
    html = page.render([lint_path("samples/vsftpd-swapped-range.conf")])
    card = re.search(r'<li class="mode level-warning" data-mode="range".*?</li>', html)
    assert card is not None
    assert "20480-65535 (declared 20480-10240)" in card.group(0) and "✓" not in card.group(0)
    assert "⚠ warning" in card.group(0) and 'href="#f1d1">FTP201 line 8' in card.group(0)
    assert re.search(r"PASV ⚠ · ", html) and not re.search(r"PASV ✓", html)
    assert "<title>samples/vsftpd-swapped-range.conf (vsftpd) — ftpconf show</title>" in html


def test_findings_are_the_default_lints() -> None:
    # FTP501 (TLS off) is in the opt-in hardening group: `ftpconf lint` does not report it, nor does the page.
    result = lint_path("samples/vsftpd-typos.conf")
    assert "FTP501" in {d.code for d in result.diagnostics}
    html = page.render([result])
    assert 'data-code="FTP501"' not in html
    assert re.findall(r'data-code="(FTP\d+)"', html) == ["FTP206", "FTP602", "FTP101", "FTP101"]
    assert '<td class="where">samples/vsftpd-typos.conf:13:1</td>' in html


def test_every_value_from_the_file_is_escaped(tmp_path: Path) -> None:
    conf = tmp_path / 'a<script>"b".conf'
    conf.write_text(
        'listen=YES\npasv_address=<script>alert("x")</script>\nftpd_banner=<img src=x onerror="alert(1)"> \'q\'\n'
        "<svg onload=alert(2)>=1\n",
        encoding="utf-8",
    )
    html = page.render([lint_path(str(conf), "vsftpd")])
    assert "<script" not in html and "<img" not in html and "<svg onload" not in html
    assert html.count("<svg ") == 1  # the picture, and no other
    title = re.search(r"<title>(.*)</title>", html)
    assert title is not None and "&lt;script&gt;&quot;b&quot;" in title.group(1)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&#x27;q&#x27;" in html


def test_self_contained() -> None:
    html = page.render([lint_path(f"samples/{name}") for name in ("pure-ftpd.conf", "vsftpd-clean.conf")])
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|href)=\"(?!#)", html)  # only links within the page
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 2  # namespaces, not fetched
    title = "samples/pure-ftpd.conf (pure-ftpd), samples/vsftpd-clean.conf (vsftpd) — ftpconf show"
    assert f"<title>{title}</title>" in html
