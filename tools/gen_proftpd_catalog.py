"""Regenerate grammars/proftpd.toml from the measured directive table, data/proftpd-directives.tsv, and one
catalogue per other version, grammars/proftpd-<version>.toml, from data/proftpd-versions.tsv (its changes).

Run ``make grammars`` (or ``python tools/gen_proftpd_catalog.py [TSV [OUT]]``) after editing the table.
The TOML is the shipped source of truth; this script only keeps it reproducible from data/ (see data/README.md).
"""

from __future__ import annotations

import copy
import csv
import re
import sys
from pathlib import Path
from typing import Any

import tomli_w
from model_fields import model_fields
from repeats import repeats

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TSV = REPO / "data" / "proftpd-directives.tsv"
DEFAULT_OUT = REPO / "grammars" / "proftpd.toml"
VERSIONS_TSV = REPO / "data" / "proftpd-versions.tsv"
ARGUMENT_RULES = REPO / "data" / "proftpd-argument-rules.tsv"  # tools/probe_proftpd_args.py measures it
FILE_ARGUMENTS = REPO / "data" / "proftpd-file-arguments.tsv"  # and this one
WORD_MODULES = REPO / "data" / "proftpd-word-modules.tsv"  # and this one
ARGUMENT_POSITIONS = REPO / "data" / "proftpd-argument-positions.tsv"  # tools/probe_proftpd_positions.py

CONTEXTS = ("server", "VirtualHost", "Global", "Anonymous", "Directory", "Limit", "Class", ".ftpaccess")
_DOC_CONTEXT = {
    "server config": "server",
    "<VirtualHost>": "VirtualHost",
    "<Global>": "Global",
    "<Anonymous>": "Anonymous",
    "<Directory>": "Directory",
    "<Limit>": "Limit",
    "<Class>": "Class",
    ".ftpaccess": ".ftpaccess",
}
# `proftpd -l` on Debian 12 (docs/daemons/proftpd.md §9): compiled into the binary.
STATIC_MODULES = (
    "mod_core",
    "mod_xfer",
    "mod_rlimit",
    "mod_auth_unix",
    "mod_auth_file",
    "mod_auth",
    "mod_ls",
    "mod_log",
    "mod_site",
    "mod_delay",
    "mod_facts",
    "mod_dso",
    "mod_auth_pam",
    "mod_cap",
    "mod_ctrls",
    "mod_lang",
)
# Debian's default /etc/proftpd/modules.conf loads these, in this order (docs/daemons/proftpd.md §9).
DEBIAN_DEFAULT_LOADED = (
    "mod_ctrls_admin",
    "mod_radius",
    "mod_quotatab",
    "mod_quotatab_file",
    "mod_quotatab_radius",
    "mod_rewrite",
    "mod_load",
    "mod_ban",
    "mod_wrap2",
    "mod_wrap2_file",
    "mod_dynmasq",
    "mod_exec",
    "mod_shaper",
    "mod_ratio",
    "mod_site_misc",
    "mod_facl",
    "mod_unique_id",
    "mod_copy",
    "mod_deflate",
    "mod_ifversion",
    "mod_memcache",
    "mod_readme",
    "mod_ifsession",
)
# Shared modules that refuse to load unless another one was loaded first (docs/daemons/proftpd.md §9).
LOAD_REQUIRES = {
    "mod_tls_memcache": "mod_tls",
    "mod_sftp_ldap": "mod_sftp",  # proftpd-mod-sftp-ldap (measured: it loads after mod_sftp, without mod_ldap)
    "mod_tls_redis": "mod_tls",
    "mod_tls_shmcache": "mod_tls",
    "mod_auth_otp": "mod_sftp",
    "mod_sftp_pam": "mod_sftp",
    "mod_sftp_sql": "mod_sftp",
    "mod_quotatab_file": "mod_quotatab",
    "mod_quotatab_radius": "mod_quotatab",
    "mod_quotatab_sql": "mod_quotatab",
    "mod_quotatab_ldap": "mod_quotatab",
    "mod_sql_mysql": "mod_sql",
    "mod_sql_postgres": "mod_sql",
    "mod_sql_sqlite": "mod_sql",
    "mod_sql_odbc": "mod_sql",
    "mod_sql_passwd": "mod_sql",
    "mod_wrap2_file": "mod_wrap2",
    "mod_wrap2_sql": "mod_wrap2",
    "mod_wrap2_redis": "mod_wrap2",
}
# Shipped but never loadable on Debian 12 (docs/daemons/proftpd.md §9: mod_dnsbl's .so lacks libresolv).
BROKEN_MODULES = {"mod_dnsbl": "the Debian 12 build cannot resolve ns_initparse (libresolv is not linked)"}
# Modules that register no directive, so the table does not list them: (Debian package, how we know).
WITHOUT_DIRECTIVES = {
    "mod_quotatab_file": "proftpd-core",  # the .so files of the unpacked proftpd-core
    "mod_quotatab_radius": "proftpd-core",
    "mod_quotatab_sql": "proftpd-core",
    "mod_wrap2_file": "proftpd-core",
    "mod_wrap2_redis": "proftpd-core",
    "mod_wrap2_sql": "proftpd-core",
    "mod_tls_fscache": "proftpd-mod-crypto",  # Debian 12 package contents
    "mod_tls_shmcache": "proftpd-mod-crypto",
    "mod_tls_memcache": "proftpd-mod-crypto",
    "mod_sftp_ldap": "proftpd-mod-sftp-ldap",  # Debian 12 package contents; it adds no directive (measured)
    "mod_tls_redis": "proftpd-mod-crypto",
    "mod_sftp_sql": "proftpd-mod-crypto",
    "mod_sql_postgres": "proftpd-mod-pgsql",
    "mod_sql_sqlite": "proftpd-mod-sqlite",
    "mod_quotatab_ldap": "proftpd-mod-ldap",
}
# Directive names from older proftpd releases that 1.3.8 no longer knows, and what replaced them.
RENAMED = {
    "DisplayFirstChdir": "DisplayChdir",
    "LsDefaultOptions": "ListOptions",
    "HiddenStor": "HiddenStores",
    "RateReadBPS": "TransferRate",
    "RateReadFreeBytes": "TransferRate",
    "RateReadHardBPS": "TransferRate",
    "RateWriteBPS": "TransferRate",
    "RateWriteFreeBytes": "TransferRate",
    "RateWriteHardBPS": "TransferRate",
    "ScoreboardPath": "ScoreboardFile",
    "AuthPAMAuthoritative": "AuthOrder",
    "SQLHomedirOnDemand": "CreateHome",
    "DisplayGoAway": "MaxClients",
    "TLSDSACertificateFile": "TLSECCertificateFile",
}


# Arguments (1-based) that carry a password, shared secret or password hash (their syntax_doc in
# data/proftpd-directives.tsv): ftpconf never prints them, secrets stay out of every report and export.
# RedisServer takes `server password` or `server username password`, so both positions are covered.
SECRET_ARGS = {
    "SQLConnectInfo": [3],
    "SQLNamedConnectInfo": [5],
    "LDAPBindDN": [2],
    "RadiusAuthServer": [2],
    "RadiusAcctServer": [2],
    "SNMPCommunity": [1],
    "RedisServer": [2, 3],
    "UserPassword": [2],
}


def contexts(text: str) -> list[str]:
    if text.startswith("any"):
        return list(CONTEXTS)
    found = []
    for part in text.split(","):
        key = re.sub(r"\s*\(.*$", "", part.strip())
        if key in _DOC_CONTEXT:
            found.append(_DOC_CONTEXT[key])
    return found


def arities(text: str) -> tuple[list[int] | None, int]:
    """Argument counts the binary accepted (None when not probed), and the most it was probed with
    (``1,4 of 0-5``; 4 where the column predates the range)."""
    counts, _, probed = text.partition(" of ")
    top = int(probed.partition("-")[2]) if probed else 4
    if not counts:
        return None, top
    if counts.startswith("none"):
        return [], top
    return [int(n) for n in counts.split(",")], top


def minimum_args(source: str) -> int | None:
    match = re.fullmatch(r"min (\d+)", source) or re.fullmatch(r"(\d+)\.\.\d+", source)
    return int(match[1]) if match else None


def kind(record: dict[str, str]) -> str:
    """What the first argument is, where the binary checks it: on|off booleans only when that is all it takes."""
    syntax = record["syntax_doc"].split()
    if "Boolean" in record["notes"] and len(syntax) == 2 and syntax[1].lower() == "on|off":
        return "boolean"
    return "text"


def documented_max_args(syntax_doc: str) -> int | None:
    """How many arguments the documented syntax names; None when open-ended or unknown."""
    words = syntax_doc.split()[1:]
    if not words or any("..." in w or "…" in w for w in words):
        return None
    return len(words)


def _judged(klass: str, closed: str) -> bool:
    """Whether a refused class is judged: plain words only where the words found are all the handler takes
    (words_closed ``yes``, or ``words``: a fixed set found in the module, whose compounds may still be taken),
    any other shape only where they are all it takes (``yes``)."""
    if klass == "word":
        return closed in ("yes", "words")
    return klass != "other" or closed == "yes"


def argument_rules(path: Path = ARGUMENT_RULES) -> dict[str, dict[str, object]]:
    """directive -> what the binary refuses as its first argument: ``arg1_refused`` value classes, the
    enumeration words it still takes (``arg1_words``, ``arg1_words_any_case``), the integers it takes
    (``arg1_min``/``arg1_max``), and whether the rule holds with further arguments (``arg1_with_more``) or
    for each of them (``arg_each``)."""
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    rules: dict[str, dict[str, object]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        # a word is judged only where the words tried are all the handler takes (probe: words_closed), or
        # where the handler is a number parser with bounds (DebugLevel 0..10, TCPBackLog 1..255)
        closed = row["words_closed"] == "yes" or row["integer_range"] not in ("", "..")
        classes = [c for c in row["refused_classes"].split(",") if _judged(c, "yes" if closed else row["words_closed"])]
        if not classes:
            continue
        rule: dict[str, object] = {"arg1_refused": classes}
        if row["words"]:
            rule["arg1_words"] = row["words"].split(",")
            rule["arg1_words_any_case"] = row["words_any_case"] == "yes"
        low, _, high = row["integer_range"].partition("..")
        if low:
            rule["arg1_min"] = int(low)
        if high:
            rule["arg1_max"] = int(high)
        # Probed alone; with more arguments only where the first is not optional ("[scope] limit") and
        # a lone first argument can be right at all (MaxClientsPerClass needs two).
        rule["arg1_with_more"] = bool(row["accepted_classes"] or row["words"]) and row["alone_only"] != "yes"
        # an option list (TLSOptions, TLSProtocol, SQLAuthTypes): every argument is held to the rule
        if row.get("each_argument") == "yes":
            rule["arg_each"] = True
        message = row["message_example"].removeprefix(f"fatal: {row['directive']}: ")
        if row["message_example"].startswith("fatal:") and message:
            rule["arg1_message"] = message
        rules[row["directive"]] = rule
    return rules


def argument_positions(path: Path = ARGUMENT_POSITIONS) -> dict[str, list[dict[str, object]]]:
    """directive -> what the binary refuses at each position of a line of ``count`` arguments: value classes
    (a word class only where the position's words are closed), the words it still takes there, the message."""
    if not path.is_file():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    found: dict[str, list[dict[str, object]]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if not (row["accepted_classes"] or row["words"] or row["words_closed"] != "no"):
            # Nothing was ever accepted at this position and the words are not known to be closed: every line
            # tried was refused, for its other arguments (TransferRate's "abc x": "error with command list"),
            # so the row says nothing about this position.
            continue
        classes = [c for c in row["refused_classes"].split(",") if _judged(c, row["words_closed"])]
        if not classes:
            continue
        rule: dict[str, object] = {"count": int(row["count"]), "position": int(row["position"]), "refused": classes}
        # the lines measured: the rule holds where the other arguments are of the classes of one of them
        rule["bases"] = row["base"].split(" | ")
        if row["words"]:
            rule["words"] = row["words"].split(",")
        message = row["message_example"].removeprefix(f"fatal: {row['directive']}: ")
        if row["message_example"].startswith("fatal:") and message:
            rule["message"] = message
        found.setdefault(row["directive"], []).append(rule)
    return found


def word_modules(path: Path = WORD_MODULES) -> dict[str, dict[str, list[str]]]:
    """directive -> word -> the modules one of which must be loaded for the word to be taken."""
    if not path.is_file():
        return {}
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    found: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        found.setdefault(row["directive"], {})[row["word"]] = row["module"].split("|")
    return found


def file_arguments(path: Path = FILE_ARGUMENTS) -> dict[str, str]:
    """directive -> proftpd's message when the file its first argument names is missing ({} = the path)."""
    if not path.is_file():
        return {}
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row["directive"]: row["message"].removeprefix(f"fatal: {row['directive']}: ") for row in rows}


def main(tsv: Path, out: Path) -> None:
    # Plain TSV: no quoting, so a cell is exactly what lands in the TOML; "#" lines are comments.
    lines = tsv.read_text(encoding="utf-8").splitlines()
    rows = [r for r in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    header = [h.split("(")[0] for h in rows[0]]
    directives: dict[str, dict[str, object]] = {}
    modules: dict[str, dict[str, object]] = {}
    applies = repeats("proftpd")  # which occurrence of a repeated directive proftpd applies
    fields = model_fields("proftpd")  # the model fields each directive feeds (data/model_fields.tsv)
    measured = argument_rules()
    needs_file = file_arguments()
    positions = argument_positions()
    added_by = word_modules()
    for row in rows[1:]:
        rec = dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
        name, module = rec["directive"], rec["module"]
        modules.setdefault(
            module,
            {
                "static": rec["build"].startswith("static"),
                "package": rec["debian_package"],
                "debian_default": module in DEBIAN_DEFAULT_LOADED,
            },
        )
        if name in directives:  # the same directive in a second module (SQLAuthTypes)
            also = directives[name].setdefault("also_in", [])
            assert isinstance(also, list)
            also.append(module)
            continue
        entry: dict[str, object] = {
            "module": module,
            "needs_load_module": rec["needs_LoadModule"] == "yes",
            "contexts": contexts(rec["contexts_source"]),
        }
        rejected = [c for c in rec["contexts_rejected_by_binary"].split(",") if c]
        if rejected:
            entry["contexts_rejected"] = rejected
        accepted, probed = arities(rec["arities_accepted_by_binary"])
        if accepted is not None:
            entry["arities"] = accepted
            if probed != 4:
                entry["arities_probed"] = probed
        minimum = minimum_args(rec["args_source"])
        if minimum is not None:
            entry["min_args"] = minimum
        entry["kind"] = kind(rec)
        if rec["syntax_doc"]:
            entry["syntax"] = rec["syntax_doc"]
            most = documented_max_args(rec["syntax_doc"])
            if most is not None:
                entry["documented_max_args"] = most
        if rec["default_doc"]:
            entry["default"] = rec["default_doc"]
        if rec["notes"]:
            entry["notes"] = rec["notes"]
        if name in SECRET_ARGS:
            entry["secret_args"] = SECRET_ARGS[name]
        if name in applies:
            entry["repeat"] = applies[name]
        if name in fields:
            entry["model"] = fields[name]
        rule = dict(measured.get(name, {}))
        if rule and rec["syntax_doc"].split()[1:2] and rec["syntax_doc"].split()[1].startswith("["):
            rule["arg1_with_more"] = False
        entry.update(rule)
        if name in needs_file:
            entry["file_message"] = needs_file[name]
        if name in positions:
            entry["arg_positions"] = positions[name]
        if name in added_by:
            entry["arg_word_modules"] = added_by[name]
        directives[name] = entry
    assert set(SECRET_ARGS) <= set(directives), set(SECRET_ARGS) - set(directives)
    assert set(fields) <= set(directives), set(fields) - set(directives)
    assert set(applies) <= set(directives), set(applies) - set(directives)
    for module, package in WITHOUT_DIRECTIVES.items():
        modules.setdefault(
            module, {"static": False, "package": package, "debian_default": module in DEBIAN_DEFAULT_LOADED}
        )
    for module, info in modules.items():
        if module in LOAD_REQUIRES:
            info["requires"] = LOAD_REQUIRES[module]
        if module in BROKEN_MODULES:
            info["broken"] = BROKEN_MODULES[module]
    doc: dict[str, Any] = {
        "meta": {
            "daemon": "proftpd",
            "version": "1.3.8",
            "build": "Debian 12, 1.3.8+dfsg-4+deb12u5",
            "measured": "conftab + CHECK_CONF/CHECK_ARGS of the Debian source, probed with `proftpd -t`",
            "max_line_bytes": 4096,
            "static_modules": list(STATIC_MODULES),
            "debian_default_modules": list(DEBIAN_DEFAULT_LOADED),
        },
        "modules": modules,
        "directives": directives,
        "renamed": {k: v for k, v in RENAMED.items() if k not in directives},
    }
    write(out, doc)
    for version, changed in other_versions(VERSIONS_TSV, doc).items():
        write(out.with_name(f"{out.stem}-{version}{out.suffix}"), changed)


def other_versions(tsv: Path, base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """version -> its catalogue: the base one with that version's module changes applied."""
    lines = tsv.read_text(encoding="utf-8").splitlines()
    rows = [r for r in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    found: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        rec = dict(zip(rows[0], row, strict=True))
        doc = found.setdefault(rec["version"], copy.deepcopy(base))
        meta, module = doc["meta"], rec["module"]
        meta["version"], meta["build"] = rec["version"], rec["build"]
        assert rec["change"] == "loadable" and module in meta["static_modules"], rec
        meta["static_modules"].remove(module)
        stock = meta["debian_default_modules"]
        stock.insert(stock.index(rec["stock_load_after"]) + 1, module)
        doc["modules"][module].update(static=False, debian_default=True)
        for entry in doc["directives"].values():
            if entry["module"] == module:
                entry["needs_load_module"] = True
    return found


def write(out: Path, doc: dict[str, Any]) -> None:
    meta, directives = doc["meta"], doc["directives"]
    out.write_text(
        f"# proftpd {meta['version']} ({meta['build'].split(',')[0]}) directives: module, contexts, argument counts"
        " the binary accepts.\n"
        "# Generated by tools/gen_proftpd_catalog.py from data/proftpd-directives.tsv; edit with care.\n"
        + tomli_w.dumps(doc),
        encoding="utf-8",
    )
    print(f"{len(directives)} directives ({sum(not n.startswith('</') for n in directives)} without closers) -> {out}")


if __name__ == "__main__":
    args = sys.argv[1:]  # [TSV [OUT]]
    main(Path(args[0]) if args else DEFAULT_TSV, Path(args[1]) if len(args) > 1 else DEFAULT_OUT)
