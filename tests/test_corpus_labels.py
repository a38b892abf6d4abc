"""The labelled real-world corpus: ftpconf against the daemons' recorded verdicts and our labels.

tests/corpus/labels.toml labels the files in tests/corpus/ and tests/corpus/shared-labels.toml those
of ../shared/corpus/ (skipped when ../shared is absent; docs/corpus.md). For every labelled file:

* its label verdict agrees with the daemon's recorded one (tests/corpus/verdicts.tsv, ``make verdicts``);
* ftpconf reports an error-severity finding (or exits 2) exactly when the label says "refused";
* every ``fire`` finding is reported and no ``quiet`` one is;
* where another release's daemon (tests/corpus/verdicts-<release>.tsv) judges a file otherwise than Debian
  12's, ftpconf targeting that release's version agrees with it.

A label with ``xfail`` / ``verdict_xfail`` is a disagreement of today's ftpconf, kept as a strict xfail:
when a fix lands it XPASSes and the marker is to be removed.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ftpconf.catalog import parse_toml
from ftpconf.cli import main
from tests.conftest import shared_dir
from tests.corpus_verdicts import (
    CORPUS,
    LABELS,
    SHARED_CORPUS,
    SHARED_LABELS,
    by_key,
    corpus_files,
    read_verdicts,
    verdicts_path,
)
from tests.daemons import DEFAULT_RELEASE, RELEASES

VERDICTS = ("accepted", "refused", "host", "none")
_DIALECT = {"vsftpd": "vsftpd", "proftpd": "proftpd", "pureftpd": "pureftpd", "pureftpd-cmdline": "pureftpd"}


def _load(path: Path, prefix: str) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = parse_toml(path.read_text()).get("file", {})
    return {prefix + key: entry for key, entry in files.items()}


LABELLED = {**_load(LABELS, ""), **_load(SHARED_LABELS, "shared:")}
RECORDED = read_verdicts()
OTHER_RELEASES = {release: read_verdicts(verdicts_path(release)) for release in RELEASES if release != DEFAULT_RELEASE}


def _marks(entry: dict[str, Any], key: str = "xfail") -> list[pytest.MarkDecorator]:
    reason = entry.get(key)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _params(kind: str) -> list[Any]:
    params = []
    for key, label in LABELLED.items():
        for index, entry in enumerate(label.get(kind, [])):
            where = f"L{entry['line']}" if "line" in entry else "any"
            params.append(pytest.param(key, entry, id=f"{key}-{entry['code']}-{where}-{index}", marks=_marks(entry)))
    return params


def _file(key: str) -> Path:
    """The labelled file; skips a shared one when ../shared is absent (a failure in CI)."""
    if key.startswith("shared:"):
        shared_dir("corpus")
    return by_key(key).path


@cache
def findings(key: str, target_version: str | None = None) -> tuple[int, tuple[dict[str, Any], ...]]:
    """(exit status, diagnostics) of ``ftpconf lint --isolated --format json`` on the file, as an admin
    runs it: the dialect given for config files, found by ftpconf for launchers.  The opt-in `hardening`
    rules are selected too: a label says whether such a finding is right when it is asked for."""
    item = by_key(key)
    dialect = _DIALECT.get(item.kind, "auto")
    argv = ["lint", "--isolated", "--format", "json", "--fail-on", "none", "--extend-select", "hardening",
            "--dialect", dialect, *(["--target-version", target_version] if target_version else []), str(item.path)]
    result = CliRunner().invoke(main, argv)
    if result.exit_code == 2:
        return 2, ()
    assert result.exit_code == 0, result.output
    return 0, tuple(json.loads(result.stdout)["diagnostics"])


def _reported(key: str, code: str, line: int | None) -> bool:
    return any(d["code"] == code and (line is None or d["line"] == line) for d in findings(key)[1])


# --- the corpus itself ---------------------------------------------------------------------------


def test_every_repository_file_is_labelled_and_sourced() -> None:
    files = {item.key for item in corpus_files(shared=False)}
    assert files == {key for key in LABELLED if not key.startswith("shared:")}
    with (CORPUS / "SOURCES.tsv").open(newline="") as handle:
        sourced = {row["file"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    assert files == sourced


def test_every_shared_file_is_labelled() -> None:
    shared_dir("corpus")
    files = {item.key for item in corpus_files() if item.shared}
    assert files == {key for key in LABELLED if key.startswith("shared:")}


def test_labels_are_well_formed() -> None:
    for key, label in LABELLED.items():
        assert label["verdict"] in VERDICTS, key
        assert label.get("why"), key
        for entry in label.get("fire", []) + label.get("quiet", []):
            assert entry["code"].startswith("FTP") and entry.get("why"), (key, entry)


def test_verdicts_are_recorded_for_every_file_the_daemons_judge() -> None:
    """verdicts.tsv is complete and has no row for a file that is gone (``make verdicts`` rewrites it)."""
    measurable = {
        item.key
        for item in corpus_files(shared=False)
        if item.kind in ("vsftpd", "proftpd", "pureftpd") or "command" in LABELLED.get(item.key, {})
    }
    recorded = {key for key in RECORDED if not key.startswith("shared:")}
    assert recorded == measurable


def test_every_release_has_a_verdict_for_every_file_debian12_judged() -> None:
    """Each release's record covers the same files (``make verdicts`` records every release)."""
    for release, recorded in OTHER_RELEASES.items():
        assert set(recorded) == set(RECORDED), release


def _release_differences() -> list[Any]:
    """(key, release) where that release's daemon judged a file otherwise than Debian 12's."""
    return [
        pytest.param(key, release, id=f"{key}-{release}")
        for release, recorded in OTHER_RELEASES.items()
        for key, row in recorded.items()
        if key in RECORDED and (row["verdict"] == "accepted") != (RECORDED[key]["verdict"] == "accepted")
    ]


@pytest.mark.parametrize(("key", "release"), _release_differences())
def test_ftpconf_follows_the_release_where_its_daemon_judges_otherwise(key: str, release: str) -> None:
    """A file one release accepts and the other refuses (1.3.8c builds mod_xfer, mod_ls, mod_delay loadable):
    ftpconf targeting each release's version reports an error exactly where that release's daemon refused."""
    _file(key)
    dialect = _DIALECT[by_key(key).kind]
    for version, record in ((RELEASES[release][dialect], OTHER_RELEASES[release]), (None, RECORDED)):
        status, diagnostics = findings(key, version)
        errors = [f"{d['code']} L{d['line']}: {d['message']}" for d in diagnostics if d["severity"] == "error"]
        assert (status == 2 or bool(errors)) == (record[key]["verdict"] != "accepted"), (version, errors)


_UNKNOWN_AT = re.compile(r"^fatal: unknown configuration directive '[^']+' on line (\d+) of '([^']+)'")


def _unknown_directives() -> list[Any]:
    """(key, release, line) where that release's proftpd stopped at a directive it does not know, in the file
    itself: on 1.3.8c that is where many files fail first (mod_xfer, mod_ls and mod_delay are loadable)."""
    records = {DEFAULT_RELEASE: RECORDED, **OTHER_RELEASES}
    return [
        pytest.param(key, release, int(found[1]), id=f"{key}-{release}")
        for release, recorded in records.items()
        for key, row in recorded.items()
        if (found := _UNKNOWN_AT.match(row["message"])) and found[2] == key
    ]


@pytest.mark.parametrize(("key", "release", "line"), _unknown_directives())
def test_ftpconf_reports_the_directive_the_release_does_not_know(key: str, release: str, line: int) -> None:
    _file(key)
    status, diagnostics = findings(key, RELEASES[release]["proftpd"])
    assert status == 0 and any(d["severity"] == "error" and d["line"] == line for d in diagnostics), diagnostics


# --- per file ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [pytest.param(key, id=key) for key, label in LABELLED.items() if label["verdict"] != "none"],
)
def test_label_agrees_with_the_recorded_daemon_verdict(key: str) -> None:
    _file(key)
    recorded = RECORDED[key]
    accepted = recorded["verdict"] == "accepted"
    assert accepted == (LABELLED[key]["verdict"] == "accepted"), recorded["message"]


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, id=key, marks=_marks(label, "verdict_xfail"))
        for key, label in LABELLED.items()
        if label["verdict"] != "none"
    ],
)
def test_ftpconf_error_verdict_agrees_with_the_daemon(key: str) -> None:
    """An error-severity finding means "the daemon refuses this file": it must appear exactly for the
    files the daemon refuses for what they say (not for a fact of the test host)."""
    _file(key)
    status, diagnostics = findings(key)
    errors = [f"{d['code']} L{d['line']}: {d['message']}" for d in diagnostics if d["severity"] == "error"]
    refused = status == 2 or bool(errors)
    expected = LABELLED[key]["verdict"] == "refused"
    assert refused == expected, f"{LABELLED[key]['why']}\nftpconf errors: {errors}"


@pytest.mark.parametrize(("key", "entry"), _params("fire"))
def test_labelled_finding_fires(key: str, entry: dict[str, Any]) -> None:
    _file(key)
    assert _reported(key, entry["code"], entry.get("line")), entry["why"]


@pytest.mark.parametrize(("key", "entry"), _params("quiet"))
def test_labelled_finding_stays_quiet(key: str, entry: dict[str, Any]) -> None:
    _file(key)
    assert not _reported(key, entry["code"], entry.get("line")), entry["why"]


def test_shared_corpus_location_is_the_one_conftest_uses() -> None:
    from tests.conftest import SHARED

    assert SHARED / "corpus" == SHARED_CORPUS
