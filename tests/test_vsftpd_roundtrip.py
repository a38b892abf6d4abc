"""Lossless reading: an unedited file is written back byte for byte, and no input makes the reader crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftpconf.dialects.linescan import render
from ftpconf.dialects.vsftpd.grammar import parse_text
from ftpconf.dialects.vsftpd.reader import read
from ftpconf.lint import lint_source
from ftpconf.source import SourceFile, decode
from tests.conftest import shared_dir


def _corpus() -> list[Path]:
    return sorted(shared_dir("corpus", "vsftpd").glob("*"))


def test_corpus_is_there() -> None:
    assert len(_corpus()) >= 60


@pytest.mark.parametrize("index", range(68))
def test_corpus_file_round_trips_and_lints(index: int) -> None:
    files = _corpus()
    if index >= len(files):
        pytest.skip("fewer corpus files")
    path = files[index]
    raw = path.read_bytes()
    result = read(SourceFile(str(path), raw))
    assert result.documents[0].bytes() == raw
    lint_source(SourceFile(str(path), raw), "vsftpd")  # must not raise


# Text over an alphabet rich in the characters the format cares about.
_alphabet = st.sampled_from([*list("ab_=#  \t\r\n\x0b\x0c\x00\"'0179"), "\ufeff", "é", "�", "中"])


@given(st.text(alphabet=_alphabet, max_size=300))
@settings(max_examples=300, deadline=None)
def test_parse_render_is_identity(text: str) -> None:
    assert render(parse_text(text)) == text


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    source = SourceFile("fuzz.vsftpd.conf", raw)
    result = lint_source(source, "vsftpd")
    assert decode(raw) == source.text
    for diagnostic in result.diagnostics:
        assert diagnostic.span.line >= 1
