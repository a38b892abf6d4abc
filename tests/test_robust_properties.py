"""Properties every dialect must keep on any input (invariants 1 and 4 in docs/architecture.md#invariants).

* parse then render gives the text back, byte for byte, whatever the text;
* arbitrary bytes never raise: not in the reader, the rules, the redaction, nor any report renderer,
  and every finding points at a line that exists.

Example counts are bounded so the suite stays fast; ``FTPCONF_FUZZ_EXAMPLES`` raises them locally.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftpconf.dialects.linescan import render
from ftpconf.dialects.proftpd import grammar as proftpd_grammar
from ftpconf.dialects.pureftpd import grammar as pureftpd_grammar
from ftpconf.dialects.pureftpd.confdir import read_conf_dir
from ftpconf.dialects.vsftpd import grammar as vsftpd_grammar
from ftpconf.lint import LintResult, ReadOptions, lint_source
from ftpconf.redact import redact_result
from ftpconf.report import github, json_report, sarif, text
from ftpconf.source import SourceFile, decode

EXAMPLES = int(os.environ.get("FTPCONF_FUZZ_EXAMPLES", "120"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters each format cares about, plus what arrives from the wild: a BOM, a decoded latin-1/GBK byte
# (a lone surrogate after surrogateescape), NUL, CR, backslash continuations, quotes and section brackets.
_CHARS = [*"ab_=#:<>/ \t\r\n\x0b\x0c\x00\"'\\019%{}", "\ufeff", "\udce9", "\udcc4", "é", "中", "\u2028", "\x85"]
texts = st.text(alphabet=st.sampled_from(_CHARS), max_size=300)

# Pieces of real configurations, so the readers get past their first line more often than random bytes do.
_PIECES = [
    b"listen=YES",
    b"pasv_min_port=30000",
    b"pasv_max_port=2",
    b"anonymous_enable=NO",
    b"ServerName x",
    b"<Directory /srv>",
    b"</Directory>",
    b"<Limit PASV EPSV>",
    b"</Limit>",
    b"<IfModule mod_tls.c>",
    b"</IfModule>",
    b"<VirtualHost 127.0.0.1>",
    b"</VirtualHost>",
    b"PassivePorts 30000 30010",
    b"Include /nonexistent/ftpconf-fuzz/*.conf",
    b"DenyAll",
    b"PassivePortRange 30000 30010",
    b"NoAnonymous yes",
    b"ForcePassiveIP 192.0.2.7",
    b"SQLConnectInfo db user pw",
    b"-p 30000:30010 -P 1.2.3.4 -E",
    b"%{env:FTPCONF_FUZZ}",
    b"\xef\xbb\xbf",
    b"\xe9\xc4\xe3",
    b"\x00",
    b"\\",
    b"\r\n",
    b"\n",
    b" ",
    b"#",
    b"=",
    b'"',
]
inputs = st.one_of(st.binary(max_size=400), st.lists(st.sampled_from(_PIECES), max_size=60).map(b"".join))

# path -> dialect: the three file dialects and pure-ftpd's command line (a *.cmdline file).
FILES = {
    "fuzz.vsftpd.conf": "vsftpd",
    "fuzz.proftpd.conf": "proftpd",
    "fuzz.pure-ftpd.conf": "pureftpd",
    "fuzz.pure-ftpd.cmdline": "pureftpd",
}
RENDERERS: dict[str, Callable[[list[LintResult]], str]] = {
    "text": lambda results: text.render(results),
    "json": lambda results: json_report.render(results, []),
    "sarif": lambda results: sarif.render(results, []),
    "github": lambda results: github.render(results, []),
}

GRAMMARS: dict[str, Callable[[str], str]] = {
    "vsftpd": lambda t: render(vsftpd_grammar.parse_text(t)),
    "proftpd": lambda t: proftpd_grammar.parse("fuzz.conf", t).text(),
    "pureftpd": lambda t: render(pureftpd_grammar.parse_text(t)),
}


@pytest.mark.parametrize("dialect", sorted(GRAMMARS))
@given(data=st.data())
@PROPERTY
def test_parse_then_render_is_the_identity(dialect: str, data: st.DataObject) -> None:
    value = data.draw(texts)
    assert GRAMMARS[dialect](value) == value


@pytest.mark.parametrize("path", sorted(FILES))
@given(data=st.data())
@PROPERTY
def test_arbitrary_bytes_lint_and_report_cleanly(path: str, data: st.DataObject) -> None:
    raw = data.draw(inputs)
    source = SourceFile(path, raw)
    result = lint_source(source, FILES[path], ReadOptions(environ={"FTPCONF_FUZZ": "x y"}))
    if not path.endswith(".cmdline"):
        assert result.texts[path] == decode(raw)  # what code frames and fixes work on is the file itself
    for diagnostic in result.diagnostics:
        lines = result.texts.get(diagnostic.span.path)
        assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1
        if lines is not None:
            assert diagnostic.span.line <= lines.count("\n") + 1, diagnostic
    shown = [redact_result(result)]
    for name, renderer in RENDERERS.items():
        assert renderer(shown), name


# Debian's conf directory: one value per file; the wrapper and the daemon parse each differently.
_CONF_FILES = ("PassivePortRange", "ChrootEveryone", "MaxClientsNumber", "ForcePassiveIP", "TLS", "Bind")


@given(contents=st.lists(inputs, min_size=len(_CONF_FILES), max_size=len(_CONF_FILES)))
@settings(max_examples=max(EXAMPLES // 2, 20), deadline=None)
def test_arbitrary_conf_directory_reads_cleanly(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory(prefix="ftpconf-fuzz-") as tmp:
        conf = Path(tmp, "conf")
        conf.mkdir()
        for name, raw in zip(_CONF_FILES, contents, strict=True):
            (conf / name).write_bytes(raw)
        result = read_conf_dir(tmp)
        assert all(d.span.line >= 1 for d in result.diagnostics)
