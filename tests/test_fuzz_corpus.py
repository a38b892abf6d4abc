"""A bounded, deterministic fuzz run over mutated real-world configurations (../shared/corpus).

Every corpus file is mutated the way files get damaged in the wild: flipped bytes, lines duplicated,
deleted or swapped, truncation, an inserted NUL, a BOM, CRLF line ends, latin-1 and GBK bytes.  Each
mutant goes through ``ftpconf lint`` (in-process, every output format in turn): no exception may
escape, the exit status is 0, 1 or 2, and nothing prints a traceback.

The seed is the file's name and the iteration, so a failure reproduces exactly.  CI runs
``FTPCONF_FUZZ_ITERATIONS`` mutants per file (default 2); set it higher for a longer local run.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ftpconf.cli import main
from tests.conftest import SHARED, shared_dir

ITERATIONS = int(os.environ.get("FTPCONF_FUZZ_ITERATIONS", "2"))
CORPUS = sorted(p for p in (SHARED / "corpus").glob("*/*") if p.is_file())
FORMATS: tuple[str, ...] = next(
    tuple(str(c) for c in p.type.choices)
    for p in main.commands["lint"].params
    if "--format" in p.opts and isinstance(p.type, click.Choice)
)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    return b"".join(lines[: at + 1] + lines[at:])


def _delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert(piece: bytes) -> Callable[[bytes, random.Random], bytes]:
    def insert(data: bytes, rng: random.Random) -> bytes:
        at = rng.randrange(len(data) + 1)
        return data[:at] + piece + data[at:]

    return insert


def _bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def _crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip,
    _duplicate_line,
    _delete_line,
    _swap_lines,
    _truncate,
    _insert(b"\x00"),
    _insert(b"caf\xe9 \xc4\xe3\xba\xc3"),  # latin-1 then GBK
    _insert(b"\\\n"),
    _insert(b"\n<Directory /x>\n"),
    _bom,
    _crlf,
)


def mutate(data: bytes, seed: str) -> bytes:
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATIONS)(data, rng)
    return data


def test_the_corpus_is_there() -> None:
    shared_dir("corpus")
    assert len(CORPUS) >= 150


def test_mutations_are_deterministic_and_change_the_input() -> None:
    data = (SHARED / "corpus" / "vsftpd" / "001.conf").read_bytes() if CORPUS else b"listen=YES\n"
    assert mutate(data, "x:0") == mutate(data, "x:0")
    assert sum(mutate(data, f"x:{i}") != data for i in range(20)) >= 18


@pytest.mark.parametrize("original", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mutated_corpus_file_lints_cleanly(original: Path, tmp_path: Path) -> None:
    # The folder keeps the dialect's name, which is how ftpconf tells the dialect of "001.conf".
    folder = tmp_path / original.parent.name
    folder.mkdir()
    target = folder / original.name
    runner = CliRunner()
    for iteration in range(ITERATIONS):
        seed = f"{original.parent.name}/{original.name}:{iteration}"
        target.write_bytes(mutate(original.read_bytes(), seed))
        output_format = FORMATS[iteration % len(FORMATS)]
        result = runner.invoke(main, ["lint", "--format", output_format, "--no-color", str(target)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (seed, result.exception)
        assert result.exit_code in (0, 1, 2), (seed, result.exit_code)
        assert "Traceback" not in result.stdout + result.stderr, seed
