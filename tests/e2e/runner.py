"""Start a daemon on a scenario text in any form, probe it, read it with ftpconf, compare two runs.

Every step takes the Debian ``release`` whose daemons run (tests/daemons.py RELEASES); ftpconf then reads
as the version of the daemon that release ships (``--target-version``)."""

from __future__ import annotations

import os
import shlex
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ftpconf.dialects.pureftpd.confdir import read_conf_dir
from ftpconf.lint import LintResult, lint_source
from ftpconf.model import Server
from ftpconf.source import SourceFile
from tests import daemons
from tests.daemons import DEFAULT_RELEASE
from tests.e2e.probe import Observation, observe
from tests.e2e.scenarios import BIND_ADDRESS, FILE_NAMES, Scenario
from tests.releases import target

SAMPLES = 6  # PASV and as many EPSV per probe: enough to see a range, cheap enough for the matrix


@dataclass(frozen=True)
class Params:
    """What the scenario texts leave open until run time."""

    port: int  # the control port of the listen scenario, free on BIND_ADDRESS
    cert: str
    key: str

    def fill(self, text: str) -> str:
        return text.replace("{port}", str(self.port)).replace("{cert}", self.cert).replace("{key}", self.key)


def flags_of(command_line: str) -> list[str]:
    """pure-ftpd's arguments from a command line (its program word dropped)."""
    words = shlex.split(command_line)
    return words[1:] if words and words[0].rsplit("/", 1)[-1].startswith("pure-ftpd") else words


@contextmanager
def running(
    form: str, files: Mapping[str, str], listen: tuple[str, int] | None, release: str = DEFAULT_RELEASE
) -> Iterator[tuple[str, int]]:
    """The daemon of ``form`` (``release``'s build) serving ``files`` ({"": text}, or pureftpd-debian's conf files)."""
    if form == "vsftpd":
        # secure_chroot_dir is a host path (Debian's package makes /var/run/vsftpd/empty): the
        # written file may name it, so an empty dir of ours is given after the file.
        with (
            tempfile.TemporaryDirectory(prefix="ftpconf-e2e-empty-") as empty,
            daemons.running_vsftpd(
                files[""].encode(), [f"-osecure_chroot_dir={empty}"], listen=listen, release=release
            ) as where,
        ):
            yield where
    elif form == "proftpd":
        with daemons.running_proftpd(files[""].encode(), listen=listen, release=release) as where:
            yield where
    elif form == "pureftpd":
        with daemons.running_pureftpd(config=files[""].encode(), listen=listen, release=release) as where:
            yield where
    elif form == "pureftpd-flags":
        with daemons.running_pureftpd(flags_of(files[""]), listen=listen, release=release) as where:
            yield where
    elif form == "pureftpd-debian":
        with daemons.running_pureftpd(debian_flags(files), listen=listen, release=release) as where:
            yield where
    else:
        raise ValueError(f"no daemon for {form}")


@contextmanager
def debian_dir(files: Mapping[str, str], links: Mapping[str, str] | None = None) -> Iterator[Path]:
    """The converted /etc/pure-ftpd tree (conf/ files and auth/ links) in a temp dir."""
    with tempfile.TemporaryDirectory(prefix="ftpconf-e2e-debian-") as tmp:
        root = Path(tmp)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        for name, target in (links or {}).items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, root / name)
        yield root


def debian_flags(files: Mapping[str, str], links: Mapping[str, str] | None = None) -> list[str]:
    """The flags Debian's wrapper would pass for a converted /etc/pure-ftpd tree. The wrapper
    (pure-ftpd-wrapper) is not in the pure-ftpd package, so ftpconf's reader of the directory,
    which follows the wrapper's rules, lists them."""
    with debian_dir(files, links) as path:
        flags = read_conf_dir(path).flags
    return [f"--{f.option.name}" + ("" if f.value is None else f"={f.value}") for f in flags]


def probe(
    scenario: Scenario, form: str, files: Mapping[str, str], params: Params, release: str = DEFAULT_RELEASE
) -> Observation:
    listen = (BIND_ADDRESS, params.port) if scenario.listen else None
    with running(form, files, listen, release) as (host, port):
        return observe(host, port, scenario.aspects, samples=SAMPLES)


def dialect_of(form: str) -> str:
    return "pureftpd" if form.startswith("pureftpd") else form


def read(form: str, text: str, release: str = DEFAULT_RELEASE) -> LintResult:
    """ftpconf's reading of one scenario text (file named as its form expects), targeting ``release``."""
    with target(release, dialect_of(form)):
        return lint_source(SourceFile(FILE_NAMES[form], text.encode()), dialect_of(form))


def read_files(
    form: str, files: Mapping[str, str], links: Mapping[str, str] | None = None, release: str = DEFAULT_RELEASE
) -> Server:
    """The first server of a converted output, read back with ftpconf."""
    if form == "pureftpd-debian":
        with debian_dir(files, links) as path, target(release, "pureftpd"):
            return read_conf_dir(path).config.servers[0]
    return read(form, files[""], release).config.servers[0]


def differences(
    scenario: Scenario, source: tuple[Observation, Server], target: tuple[Observation, Server]
) -> list[str]:
    """Where the target daemon (and its model) behaves unlike the source; [] when they agree."""
    (src, src_model), (tgt, tgt_model) = source, target
    found: list[str] = []

    def differ(what: str, expected: object, got: object) -> None:
        if expected != got:
            found.append(f"{what}: source {expected!r}, target {got!r}")

    differ("accepted commands", sorted(src.accepted), sorted(tgt.accepted))
    if "ports" in scenario.aspects and src.accepted & tgt.accepted & {"PASV", "EPSV"}:
        src_range, tgt_range = src_model.passive.effective_range, tgt_model.passive.effective_range
        differ("effective passive range (models)", str(src_range), str(tgt_range))
        outside = [p for p in tgt.pasv_ports if p not in src_range]
        differ(f"target ports outside the source range {src_range}", [], outside)
        outside = [p for p in src.pasv_ports if p not in tgt_range]
        differ(f"source ports outside the target range {tgt_range}", [], outside)
    if "address" in scenario.aspects and "PASV" in src.accepted & tgt.accepted:
        differ("advertised address", src.pasv_host, tgt.pasv_host)
    if "active-source" in scenario.aspects:
        differ("active data from port 20 / L-1", src.active_from_20, tgt.active_from_20)
    if "tls" in scenario.aspects:
        differ("AUTH TLS accepted", src.tls, tgt.tls)
    if "anonymous" in scenario.aspects:
        differ("anonymous (upload, mkdir, rename/delete)", src.anonymous_write, tgt.anonymous_write)
    if scenario.listen:
        differ("listen address (models)", src_model.listen.address.effective, tgt_model.listen.address.effective)
        differ("control port (models)", src_model.listen.port.effective, tgt_model.listen.port.effective)
    return found
