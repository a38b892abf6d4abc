"""Every pure-ftpd file of the shared corpus parses without a crash; config files round-trip byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftpconf.dialects.linescan import render
from ftpconf.dialects.pureftpd.grammar import parse_text
from ftpconf.dialects.pureftpd.reader import read, read_cmdline
from ftpconf.lint import lint_source
from ftpconf.source import SourceFile, decode, encode
from tests.conftest import SHARED

CONF_FILES = sorted((SHARED / "corpus" / "pureftpd").glob("*.conf"))
CMDLINE_FILES = sorted((SHARED / "corpus" / "pureftpd-cmdline").glob("*.cmdline"))


def test_corpus_present() -> None:
    from tests.conftest import shared_dir

    assert len(list(shared_dir("corpus", "pureftpd").glob("*.conf"))) == 34
    assert len(list(shared_dir("corpus", "pureftpd-cmdline").glob("*.cmdline"))) == 11


@pytest.mark.parametrize("path", CONF_FILES, ids=lambda p: p.name)
def test_conf_round_trip(path: Path) -> None:
    raw = path.read_bytes()
    result = read(SourceFile(str(path), raw))
    if result.documents:
        assert result.documents[0].bytes() == raw
    else:  # a file of flags, one per line (CRUX): kept whole, as a *.cmdline file is
        assert result.texts[str(path)] == decode(raw)
    assert encode(render(parse_text(decode(raw)))) == raw
    lint_source(SourceFile(str(path), raw), "pureftpd")  # the rules run on the model without a crash


@pytest.mark.parametrize("path", CMDLINE_FILES, ids=lambda p: p.name)
def test_cmdline_parses(path: Path) -> None:
    result = read_cmdline(path.read_text().strip(), str(path))
    assert result.config.dialect == "pureftpd"


def test_known_corpus_findings() -> None:
    """Two corpus lines the real daemon refuses: -8 was removed in 1.0.48 and "1000" is a stray word."""
    from tests.conftest import shared_dir

    text = (shared_dir("corpus", "pureftpd-cmdline") / "004.cmdline").read_text().strip()
    codes = {d.code for d in read_cmdline(text).diagnostics}
    assert {"FTP176", "FTP177"} <= codes


def test_crlf_no_final_newline_and_tabs_round_trip() -> None:
    for text in ("NoAnonymous yes\r\nMaxIdleTime\t5", "\ufeffx\n\n  # c\t\n", "", "\n\n", "a\0b\n"):
        assert render(parse_text(text)) == text
