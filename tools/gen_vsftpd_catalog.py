"""Regenerate grammars/vsftpd.toml from the measured option table, data/vsftpd-options.tsv, and one
catalogue per other version, grammars/vsftpd-<version>.toml, from data/vsftpd-versions.tsv (its changes).

Run ``make grammars`` (or ``python tools/gen_vsftpd_catalog.py [TSV [OUT]]``) after editing the table.
The TOML is the shipped source of truth; this script only keeps it reproducible from data/ (see data/README.md).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import tomli_w
from model_fields import model_fields

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TSV = REPO / "data" / "vsftpd-options.tsv"
DEFAULT_OUT = REPO / "grammars" / "vsftpd.toml"
VERSIONS_TSV = REPO / "data" / "vsftpd-versions.tsv"
BASE_VERSION, BASE_BUILD = "3.0.3", "Debian 12, 3.0.3-13+b2"

# Options whose numeric value is a file mode or umask: vsftpd reads them as octal only with a leading 0.
OCTAL_OPTIONS = {"anon_umask", "local_umask", "file_open_mode", "chown_upload_mode"}
# Options that are TCP port numbers.
PORT_OPTIONS = {"listen_port", "ftp_data_port", "pasv_min_port", "pasv_max_port"}
# String options whose *empty* value vsftpd refuses on every host (measured on the Debian binary), with the
# option that must be YES for the check to happen ("" = always) and what vsftpd prints.
EMPTY_FATAL = {
    "secure_chroot_dir": ("", "vsftpd: not found: directory given in 'secure_chroot_dir':(null)"),
    "nopriv_user": ("", "cannot locate user entry:"),
    "ftp_username": ("anonymous_enable", "vsftpd: cannot locate user specified in 'ftp_username':(null)"),
    "guest_username": ("guest_enable", "vsftpd: cannot locate user specified in 'guest_username':(null)"),
    "chown_username": ("chown_uploads", "vsftpd: cannot locate user specified in 'chown_username':(null)"),
}
# Names that exist in other vsftpd builds (Red Hat / SUSE patches) but in no version we have a binary of.
# vsftpd 3.0.5's manual spells its TLS options ssl_tlsv1_1..ssl_tlsv1_3, but its parser refuses those names
# (measured on Debian 13's binary): it knows ssl_tlsv11..ssl_tlsv13 (data/vsftpd-versions.tsv).
FOREIGN = {
    "ssl_tlsv1_1": "Red Hat / SUSE patched builds; vsftpd 3.0.5's manual, not its parser",
    "ssl_tlsv1_2": "Red Hat / SUSE patched builds; vsftpd 3.0.5's manual, not its parser",
    "ssl_tlsv1_3": "SUSE patched builds; vsftpd 3.0.5's manual, not its parser",
    "reverse_lookup_enable": "Red Hat / Fedora patched builds",
}


def typed_default(kind: str, text: str) -> object | None:
    if text == "(none)":
        return None
    if kind == "bool":
        return text == "YES"
    if kind == "uint":
        return int(text, 8) if text.startswith("0") and len(text) > 1 else int(text)
    return text


def table(tsv: Path) -> tuple[list[str], list[list[str]]]:
    """Plain TSV: no quoting, so a cell is exactly what lands in the TOML; "#" lines are comments."""
    lines = tsv.read_text(encoding="utf-8").splitlines()
    rows = [r for r in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return [h.split("(")[0] for h in rows[0]], rows[1:]


def base_options(tsv: Path) -> dict[str, dict[str, object]]:
    header, body = table(tsv)
    options: dict[str, dict[str, object]] = {}
    fields = model_fields("vsftpd")  # the model fields each option feeds (data/model_fields.tsv)
    for row in body:
        rec = dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
        entry: dict[str, object] = {"type": rec["type"]}
        default = typed_default(rec["type"], rec["default"])
        if default is not None:
            entry["default"] = default
        entry["default_text"] = rec["default"]
        entry["category"] = rec["category"]
        entry["documented"] = rec["in_man"] == "yes"
        entry["man_default"] = rec["man_default"]
        entry["origin"] = rec["origin"]
        if rec["upstream_default_if_different"]:
            entry["upstream_default"] = rec["upstream_default_if_different"]
        if rec["name"] in OCTAL_OPTIONS:
            entry["octal"] = True
        if rec["name"] in PORT_OPTIONS:
            entry["port"] = True
        if rec["name"] in EMPTY_FATAL:
            when, message = EMPTY_FATAL[rec["name"]]
            entry["empty_fatal"] = message
            if when:
                entry["empty_fatal_when"] = when
        if rec["notes"]:
            entry["notes"] = rec["notes"]
        if rec["name"] in fields:
            entry["model"] = fields[rec["name"]]
        options[rec["name"]] = entry
    assert set(fields) <= set(options), set(fields) - set(options)
    return options


def other_versions(
    tsv: Path, base: dict[str, dict[str, object]]
) -> dict[str, tuple[str, dict[str, dict[str, object]]]]:
    """version -> (build, its options): the base table with that version's changes applied."""
    header, body = table(tsv)
    found: dict[str, tuple[str, dict[str, dict[str, object]]]] = {}
    for row in body:
        rec = dict(zip(header, row, strict=True))
        _, options = found.setdefault(rec["version"], (rec["build"], {k: dict(v) for k, v in base.items()}))
        entry = options.setdefault(rec["name"], {"type": rec["type"]})
        assert (rec["change"] == "added") == (rec["name"] not in base), rec
        default = typed_default(rec["type"], rec["default"])
        if default is not None:
            entry["default"] = default
        entry["default_text"] = rec["default"]
        if rec["change"] == "added":
            entry.update(category=rec["category"], documented=rec["in_man"] == "yes", man_default=rec["man_default"])
            entry["origin"] = "upstream"
        entry["notes"] = rec["notes"]
    return found


def write(
    out: Path, version: str, build: str, options: dict[str, dict[str, object]], elsewhere: dict[str, str]
) -> None:
    doc = {
        "meta": {
            "daemon": "vsftpd",
            "version": version,
            "build": build,
            "measured": "option tables and compiled defaults read out of the Debian binary",
            "max_file_bytes": 100_000,
        },
        "options": options,
        "foreign": {k: v for k, v in FOREIGN.items() if k not in options},
        # Names this version refuses that another version we measured accepts -> those versions.
        "elsewhere": elsewhere,
    }
    out.write_text(
        f"# vsftpd {version} ({build.split(',')[0]}) options: type, the binary's real default, category.\n"
        "# Generated by tools/gen_vsftpd_catalog.py from measurements of the Debian binary; edit with care.\n"
        + tomli_w.dumps(doc),
        encoding="utf-8",
    )
    print(f"{len(options)} options -> {out}")


def main(tsv: Path, out: Path) -> None:
    base = base_options(tsv)
    catalogues = {BASE_VERSION: (BASE_BUILD, base), **other_versions(VERSIONS_TSV, base)}
    for version, (build, options) in catalogues.items():
        elsewhere = {
            name: ", ".join(v for v, (_, known) in catalogues.items() if name in known)
            for name in sorted(set().union(*(known for _, known in catalogues.values())) - set(options))
        }
        target = out if version == BASE_VERSION else out.with_name(f"{out.stem}-{version}{out.suffix}")
        write(target, version, build, options, elsewhere)


if __name__ == "__main__":
    args = sys.argv[1:]  # [TSV [OUT]]
    main(Path(args[0]) if args else DEFAULT_TSV, Path(args[1]) if len(args) > 1 else DEFAULT_OUT)
