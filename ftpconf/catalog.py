"""The directive catalogues (grammars/*.toml), loaded once into typed, immutable tables."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

VsftpdType = Literal["bool", "uint", "string"]


@dataclass(frozen=True, slots=True)
class VsftpdOption:
    name: str
    type: VsftpdType
    default: bool | int | str | None  # None: compiled-in unset (NULL string)
    default_text: str
    category: str
    documented: bool
    man_default: str
    notes: str = ""
    octal: bool = False
    port: bool = False


@dataclass(frozen=True)
class VsftpdCatalog:
    version: str
    build: str
    max_file_bytes: int
    options: dict[str, VsftpdOption]
    foreign: dict[str, str]  # names known from other vsftpd builds -> where they exist


def _grammar_text(name: str) -> str:
    """The catalogue inside the installed wheel, or grammars/ beside the package in a checkout."""
    packaged = resources.files("ftpconf").joinpath("grammars").joinpath(name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parent.parent / "grammars" / name).read_text(encoding="utf-8")


def load_grammar(name: str) -> dict[str, Any]:
    document: dict[str, Any] = tomllib.loads(_grammar_text(name))
    return document


@functools.cache
def vsftpd() -> VsftpdCatalog:
    doc = load_grammar("vsftpd.toml")
    options = {
        name: VsftpdOption(
            name=name,
            type=entry["type"],
            default=entry.get("default"),
            default_text=entry["default_text"],
            category=entry["category"],
            documented=entry["documented"],
            man_default=entry["man_default"],
            notes=entry.get("notes", ""),
            octal=entry.get("octal", False),
            port=entry.get("port", False),
        )
        for name, entry in doc["options"].items()
    }
    meta = doc["meta"]
    return VsftpdCatalog(meta["version"], meta["build"], meta["max_file_bytes"], options, doc.get("foreign", {}))
