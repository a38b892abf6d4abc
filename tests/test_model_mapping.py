"""data/model_fields.tsv, the setting <-> model-field table, against the model, the catalogues and the builders.

Every row names a real setting of its daemon's catalogue and a real field of ftpconf/model.py, with the
type that field holds; every derivation it names is registered by the dialect's model builder; and the
catalogues carry exactly the table (the generator puts it there, tests/test_grammars_reproducible.py keeps
it current).
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

from ftpconf import catalog, model
from ftpconf.catalog import ModelField
from ftpconf.dialects import model_mapping
from ftpconf.dialects.proftpd import model_builder as proftpd_builder
from ftpconf.dialects.pureftpd import model_builder as pureftpd_builder
from ftpconf.dialects.vsftpd import model_builder as vsftpd_builder
from ftpconf.dialects.vsftpd.reader import read as read_vsftpd
from ftpconf.lint import lint_source
from ftpconf.source import SourceFile
from tests.conftest import ROOT

TABLE = ROOT / "data" / "model_fields.tsv"
BUILDERS: dict[str, ModuleType] = {"vsftpd": vsftpd_builder, "proftpd": proftpd_builder, "pureftpd": pureftpd_builder}


def _rows(path: Path = TABLE) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text("utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def _catalogue_rows(dialect: str) -> list[tuple[str, ModelField]]:
    if dialect == "vsftpd":
        return [(o.name, row) for o in catalog.vsftpd().options.values() for row in o.model]
    if dialect == "proftpd":
        return [(d.name, row) for d in catalog.proftpd().directives.values() for row in d.model]
    return [(o.name, row) for o in catalog.pureftpd().options.values() for row in o.model]


def _known(dialect: str, setting: str) -> bool:
    names = {
        "vsftpd": lambda: set(catalog.vsftpd().options),
        "proftpd": lambda: {d.name for d in catalog.proftpd().directives.values()},
        "pureftpd": lambda: set(catalog.pureftpd().options),
    }
    return setting in names[dialect]()


ROWS = [row for row in _rows() if row["dialect"] in BUILDERS]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['dialect']}:{r['setting']}->{r['field']}")
def test_each_row_names_a_real_setting_and_a_real_field_of_its_type(row: dict[str, str]) -> None:
    assert _known(row["dialect"], row["setting"]), f"{row['setting']} is not in the {row['dialect']} catalogue"
    section, _, name = row["field"].partition(".")
    assert section in model.Server.model_fields, f"model.Server has no {section}"
    holder = model_mapping.annotation(section, None)
    assert name == "" or name in holder.model_fields, f"model.{holder.__name__} has no {name}"
    annotation = model_mapping.annotation(section, name or None)
    holds = model_mapping.TYPES[row["type"]]
    if row["type"] in ("flag", "port-range", "commands", "section"):  # the field itself, not a Setting
        assert annotation in holds, (row["field"], annotation)
    else:
        assert annotation in tuple(model.Setting[t] for t in holds), (row["field"], annotation)  # type: ignore[valid-type]
    if row["derive"] == "-":
        assert row["type"] in model_mapping.PLAIN_TYPES, f"{row['type']} needs a derivation"


@pytest.mark.parametrize("dialect", sorted(BUILDERS))
def test_every_derivation_is_registered_and_used(dialect: str) -> None:
    named = {row["derive"] for row in ROWS if row["dialect"] == dialect and row["derive"] != "-"}
    assert named == set(BUILDERS[dialect].DERIVATIONS)


@pytest.mark.parametrize("dialect", sorted(BUILDERS))
def test_the_catalogue_carries_the_table(dialect: str) -> None:
    """Row for row, with the derivation, type and extra flag the table gives."""
    expected = sorted(
        (r["setting"], r["field"], r["type"], "" if r["derive"] == "-" else r["derive"], r["extra"] == "yes")
        for r in ROWS
        if r["dialect"] == dialect
    )
    carried = sorted((s, f.field, f.type, f.derive, f.extra) for s, f in _catalogue_rows(dialect))
    assert carried == expected


@pytest.mark.parametrize("dialect", sorted(BUILDERS))
def test_rows_of_one_field_agree(dialect: str) -> None:
    """Several settings feed one field only through one derivation, with one type."""
    by_field: dict[str, set[tuple[str, str]]] = {}
    for row in ROWS:
        if row["dialect"] == dialect:
            by_field.setdefault(row["field"], set()).add((row["type"], row["derive"]))
    assert {f: kinds for f, kinds in by_field.items() if len(kinds) > 1} == {}


def _config(dialect: str, text: str) -> model.Config:
    config = lint_source(SourceFile("test.conf", text.encode()), dialect).config
    assert config is not None
    return config


def _sections(server: model.Server) -> dict[str, Any]:
    return {name: getattr(server, name) for name in model.Server.model_fields if name not in ("name", "extras")}


@pytest.mark.parametrize(
    ("dialect", "text"),
    [
        ("vsftpd", "listen=YES\n"),
        ("vsftpd", ""),
        ("proftpd", ""),
        ("proftpd", "MasqueradeAddress 192.0.2.1\n<VirtualHost 10.0.0.1>\nPort 2121\n</VirtualHost>\n"),
        ("pureftpd", ""),
        ("pureftpd", "ForcePassiveIP 192.0.2.1\nChrootEveryone yes\n"),
    ],
)
def test_the_builder_fills_every_field_the_model_requires(dialect: str, text: str) -> None:
    """model_construct does not check: a field neither the table, a derivation nor the builder gives would be
    missing from the model without a word."""
    for server in _config(dialect, text).servers:
        for section, value in _sections(server).items():
            if not isinstance(value, BaseModel) or isinstance(value, model.Commands):
                continue
            required = {n for n, f in type(value).model_fields.items() if f.is_required()}
            assert required <= value.model_fields_set, (section, required - value.model_fields_set)


def test_a_table_row_alone_maps_a_setting() -> None:
    """The generic builder: a plain row is the setting's value, declared text and origin, with no code."""
    rows = model_mapping.table([("anonymous_enable", ModelField("access.anonymous", "bool"))])
    settings = read_vsftpd(SourceFile("test.conf", b"anonymous_enable=NO\n")).settings
    view = vsftpd_builder._View(settings)
    sections = model_mapping.build_sections(view, rows, {})
    anonymous = sections["access"].anonymous
    assert (anonymous.effective, anonymous.declared, anonymous.origin.line) == (False, "NO", 1)
    assert rows.modelled == {"anonymous_enable"}


def test_a_mapping_added_as_one_row_reaches_the_model() -> None:
    """proftpd's AuthUserFile -> access.virtual_users is one row of the table and nothing else.  On the
    binary (proftpd 1.3.8): a user of the file logs in (230) with the directive and not without it (530)."""
    path = ROOT / "tests" / "fixtures" / "model" / "proftpd-authuserfile.conf"
    config = lint_source(SourceFile(str(path), path.read_bytes()), "proftpd").config
    assert config is not None
    main, vhost = config.servers
    virtual = main.access.virtual_users
    assert (virtual.effective, virtual.declared, virtual.origin.line) == (True, "/etc/proftpd/ftpd.passwd", 5)
    assert main.access.local_users.effective  # system accounts still log in beside the file's
    assert "AuthUserFile" not in {extra.name for extra in main.extras}  # modelled, so not an extra any more
    # The <VirtualHost> does not inherit the main server's directive: the model default, as before.
    assert not vhost.access.virtual_users.effective
    assert vhost.access.virtual_users.origin.detail == "no user database configured"


def test_a_field_given_twice_is_refused() -> None:
    """A plain row for a field its section's derivation also gives would leave the table order to decide."""
    rows = model_mapping.table(
        [
            ("anonymous_enable", ModelField("access.anonymous", "bool")),
            ("local_enable", ModelField("access", "section", derive="both")),
        ]
    )
    view = vsftpd_builder._View(read_vsftpd(SourceFile("test.conf", b"")).settings)
    both = {"both": lambda s, names: {"anonymous": s.value("anonymous_enable", "bool")}}
    with pytest.raises(ValueError, match=r"access\.anonymous is given twice"):
        model_mapping.build_sections(view, rows, both)
