"""Which firewall format a file is, from its content (names only break ties), and reading FILE|DIR arguments.

A directory is read for every file in it (and one level below, for /etc/firewalld's zones/ and
services/) whose format is recognised; firewalld files are read together (zones need services),
and so are ufw's (user.rules needs the default policies).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Literal

from ftpconf.firewall.policy import FirewallError
from ftpconf.firewall.readers import compose, firewalld, iptables, nftables, nftjson, ufw
from ftpconf.firewall.readers.common import ReadResult
from ftpconf.source import InputError, SourceFile, read_source

Kind = Literal["iptables", "nftables", "nft-json", "firewalld", "firewalld-conf", "ufw", "ufw-defaults", "compose"]


def detect(source: SourceFile) -> Kind | None:
    text = source.text[:200000].lstrip("\ufeff")
    name = os.path.basename(source.path)
    stripped = text.lstrip()
    if stripped.startswith("{") and '"nftables"' in text[:2000]:
        return "nft-json"
    if stripped.startswith("<"):
        return "firewalld" if firewalld.xml_kind(source) in ("zone", "service", "helper") else None
    if name == "firewalld.conf" or re.search(r"^\s*DefaultZone\s*=", text, re.M):
        return "firewalld-conf"
    if ufw.is_status(text) or ufw.is_ufw_rules(text):
        return "ufw"
    if name in ("ufw", "ufw.conf") or re.search(r"^\s*DEFAULT_INPUT_POLICY\s*=", text, re.M):
        return "ufw-defaults"
    if re.search(r"^\s*(\[\d+:\d+\]\s*)?(\*(filter|raw|nat|mangle|security)\s*$|:[A-Za-z][\w-]*\s+(ACCEPT|DROP|-)\s"
                 r"|-[AINP]\s+[A-Za-z])", text, re.M):
        return "iptables"
    if re.search(r"^\s*(table\s+(\w+\s+)?[\w-]+\s*\{|flush\s+ruleset|add\s+(rule|table|chain)\s|#!\S*nft\b)",
                 text, re.M):
        return "nftables"
    if name.endswith((".yml", ".yaml")) and compose.looks_like_compose(text, source.path):
        return "compose"
    if name.endswith(".nft"):
        return "nftables"
    return None


def _files(path: str) -> list[str]:
    if not os.path.isdir(path):
        return [path]
    found: list[str] = []
    for entry in sorted(os.listdir(path)):
        full = os.path.join(path, entry)
        if os.path.isfile(full):
            found.append(full)
        elif os.path.isdir(full) and entry in ("zones", "services", "helpers"):
            inner = (os.path.join(full, e) for e in sorted(os.listdir(full)))
            found.extend(f for f in inner if os.path.isfile(f))
    return found  # every one: a firewall silently read in part would vouch for rules it never saw


def read_paths(paths: Iterable[str], environ: Mapping[str, str] | None = None) -> ReadResult:
    """Read every firewall FILE or DIR; an unreadable or unrecognised FILE raises InputError/FirewallError."""
    result = ReadResult()
    grouped: dict[str, list[SourceFile]] = {"firewalld": [], "ufw": []}
    for path in paths:
        in_directory = os.path.isdir(path)
        recognised = 0
        for file in _files(path):
            source = read_source(file)
            kind = detect(source)
            if kind is None:
                if in_directory:
                    continue
                raise FirewallError(file, None, "not a firewall file ftpconf can read (iptables-save, nftables, "
                                    "nft -j, firewalld XML, ufw user.rules or status, docker compose)")
            recognised += 1
            if kind in ("firewalld", "firewalld-conf"):
                grouped["firewalld"].append(source)
            elif kind in ("ufw", "ufw-defaults"):
                grouped["ufw"].append(source)
            elif kind == "iptables":
                if in_directory and os.path.basename(file).startswith(("before", "after")):
                    grouped["ufw"].append(source)  # /etc/ufw/before.rules: ufw's own chains
                else:
                    result.extend(iptables.read(source))
            elif kind == "nftables":
                result.extend(nftables.read(source))
            elif kind == "nft-json":
                result.extend(nftjson.read(source))
            else:
                result.extend(compose.read(source, environ))
        if in_directory and not recognised:
            raise InputError(path, "no firewall file ftpconf can read in this directory")
    if grouped["firewalld"]:
        result.extend(firewalld.read(grouped["firewalld"]))
    if grouped["ufw"]:
        result.extend(ufw.read(grouped["ufw"]))
    return result
