"""Regenerate grammars/pureftpd.toml from the measured option table, data/pureftpd-options.tsv.

Run ``make grammars`` (or ``python tools/gen_pureftpd_catalog.py [TSV [OUT]]``) after editing the table.
The TOML is the shipped source of truth; this script only keeps it reproducible from data/ (see data/README.md).

Besides the option rows, the catalogue holds ``conf_entries``: the pure-ftpd.conf templates in the
order the binary tries them.  Order matters where one key is a prefix of another (``TLS`` and
``TLSCipherSuite``): the daemon stops at the first entry whose key matches the start of the line,
so the longer key must come first (verified: ``TLSCipherSuite HIGH`` is accepted).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Any

import tomli_w
from model_fields import model_fields
from repeats import repeats

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TSV = REPO / "data" / "pureftpd-options.tsv"
DEFAULT_OUT = REPO / "grammars" / "pureftpd.toml"

# Conf keys that select an authentication method: the binary turns them into --login=<method>[:<file>].
LOGIN_METHODS = {
    "ExtAuth": "extauth",
    "LDAPConfigFile": "ldap",
    "MySQLConfigFile": "mysql",
    "PAMAuthentication": "pam",
    "PGSQLConfigFile": "pgsql",
    "PureDB": "puredb",
    "UnixAuthentication": "unix",
}
# Two-value templates whose command-line form joins the values with something other than ":".
JOINERS = {"CertFileAndKey": ","}
NOT_BUILT = re.compile(r"\[NOT in Debian build\]")


def _rows(tsv: Path) -> list[dict[str, str]]:
    # Plain TSV: no quoting, so a cell is exactly what lands in the TOML; "#" lines are comments.
    lines = tsv.read_text(encoding="utf-8").splitlines()
    rows = [r for r in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    # "debian_conf_file(/etc/pure-ftpd/conf/)" in older copies of the table is "debian_conf_file".
    header, body = [h.split("(")[0] for h in rows[0]], rows[1:]
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in body]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip() and part.strip() != "-"]


def _emit(key: str, template: str, long: str) -> str:
    """The long option simpleconf writes for a matched line ($0, $1: the captured values)."""
    captures = template.count("(<")
    if key in LOGIN_METHODS:
        method = LOGIN_METHODS[key]
        return f"--login={method}" + (":$0" if captures else "")
    if captures == 0:
        return f"--{long}"
    if captures == 1:
        return f"--{long}=$0"
    return f"--{long}=$0{JOINERS.get(key, ':')}$1"


def main(tsv: Path, out: Path) -> None:
    options: dict[str, dict[str, Any]] = {}
    applies = repeats("pureftpd")  # which occurrence of a repeated option pure-ftpd applies (default: the last)
    fields = model_fields("pureftpd")  # the model fields each option feeds (data/model_fields.tsv)
    entries: list[dict[str, Any]] = []
    removed: dict[str, dict[str, Any]] = {}
    for rec in _rows(tsv):
        short, long = rec["short"], rec["long"]
        if "removed" in short or "not built" in short:
            name = long.split()[0].lstrip("-")
            removed[name] = {
                "short": short.split()[0].lstrip("-"),
                "debian_file": rec["debian_conf_file"].split()[0].strip("-"),
                "conf_key": rec["pureftpd_conf_key"].split()[0].strip("-"),
                "why": rec["flag_argument_shape"],
            }
            continue
        if long == "-":  # Include: a conf-file keyword, not an option
            entries.append({"key": "Include", "template": "<any*>", "special": "include", "built": True})
            continue
        name = long.lstrip("-")
        shape = rec["flag_argument_shape"]
        option: dict[str, Any] = {
            "short": short.lstrip("-"),
            "argument": not shape.startswith("none"),
            "argument_shape": shape,
            "default": rec["default"],
        }
        debian_cell = rec["debian_conf_file"]
        files = _split(debian_cell.split(" (", 1)[0])
        parsers = dict(p.split(": ", 1) for p in _split(rec["debian_wrapper_parser"]))
        if files:
            option["debian_files"] = {f: parsers[f] for f in files}
            if "only honoured through symlinks" in debian_cell:
                option["debian_auth"] = True
        keys = _split(rec["pureftpd_conf_key"])
        templates = _split(rec["conf_value_shape"])
        option["conf_keys"] = sorted({NOT_BUILT.sub("", k).strip() for k in keys})
        for template in templates:
            key, _, value = template.partition(" ")
            built = not any(NOT_BUILT.search(k) and k.startswith(key + " ") for k in keys)
            boolean = value == "<bool>"
            entries.append(
                {
                    "key": key,
                    "template": value,
                    "boolean": boolean,
                    "option": name,
                    "emit": _emit(key, value, name),
                    "built": built,
                }
            )
        if name in applies:
            option["repeat"] = applies[name]
        if name in fields:
            option["model"] = fields[name]
        options[name] = option
    assert set(fields) <= set(options), set(fields) - set(options)
    # Longer keys before keys that are their prefix; otherwise the order of the reference rows.
    entries = [e for _, e in sorted(enumerate(entries), key=lambda p: (p[1]["key"].lower() + "\x7f", p[0]))]
    getopt = "".join(o["short"] + (":" if o["argument"] else "") for o in options.values())
    doc = {
        "meta": {
            "daemon": "pure-ftpd",
            "version": "1.0.50",
            "build": "Debian 12, 1.0.50-2.1+b2 (vanilla flavour)",
            "measured": (
                "the binary's --help, its conf-file parser and the Debian wrapper, see docs/daemons/pureftpd.md"
            ),
            "include_depth": 16,
            "max_line_bytes": 65535,
            "getopt": getopt,
            "debian_pidfile": "/var/run/pure-ftpd/pure-ftpd.pid",
            # Password keys of the flavour binaries' own files (-l mysql:/pgsql:/ldap:<file>; README.MySQL,
            # README.PGSQL, README.LDAP).  ftpconf does not read those files, but one linted by mistake must
            # not have its password printed (secrets stay out of every report and export).
            "secret_keys": ["MYSQLPassword", "PGSQLPassword", "LDAPBindPW"],
        },
        "options": options,
        "conf_entries": entries,
        "removed": removed,
    }
    out.write_text(
        "# pure-ftpd 1.0.50 (Debian 12) options: flags, pure-ftpd.conf templates, Debian conf files, defaults.\n"
        "# Generated by tools/gen_pureftpd_catalog.py from measurements of the Debian binary; edit with care.\n"
        + tomli_w.dumps(doc),
        encoding="utf-8",
    )
    print(f"{len(options)} options, {len(entries)} conf entries -> {out}")


if __name__ == "__main__":
    args = sys.argv[1:]  # [TSV [OUT]]
    main(Path(args[0]) if args else DEFAULT_TSV, Path(args[1]) if len(args) > 1 else DEFAULT_OUT)
