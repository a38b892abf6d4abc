"""The man page is generated from the click commands and covers every one of their options; shell
completion (click's ``_FTPCONF_COMPLETE``) completes commands, options, choices and file names."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from ftpconf import manpage
from ftpconf.cli import main
from ftpconf.manpage import PAGE, render
from tests.conftest import ROOT


def test_committed_page_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert manpage.main(["--check"]) == 0, capsys.readouterr().err
    assert PAGE.read_text("utf-8") == render()


def test_every_command_and_option_is_on_the_page() -> None:
    page = render()
    context = click.Context(main, info_name="ftpconf", **main.context_settings)
    commands = main.list_commands(context)
    assert {"lint", "convert", "show", "firewall", "rules", "explain"} <= set(commands)
    for name in commands:
        command = main.get_command(context, name)
        assert command is not None
        section = page.split(f".SS ftpconf {name} ", 1)[1].split(".SS ", 1)[0]
        for param in command.get_params(click.Context(command, info_name=name, parent=context)):
            for option in (*param.opts, *param.secondary_opts):
                if isinstance(param, click.Option):
                    assert option.replace("-", "\\-") in section, f"{name} {option}"


def complete(words: str) -> list[tuple[str, str]]:
    parts = words.split(" ")
    result = subprocess.run(
        [sys.executable, "-m", "ftpconf"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "_FTPCONF_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [tuple(line.split(",", 1)) for line in result.stdout.splitlines()]  # type: ignore[misc]


def test_completion_of_commands_options_choices_and_paths() -> None:
    assert complete("ftpconf li") == [("plain", "lint")]
    assert ("plain", "--stdin-filename") in complete("ftpconf lint --std")
    assert complete("ftpconf lint --format ju") == [("plain", "junit")]
    assert complete("ftpconf lint sam") == [("file", "sam")]  # the shell lists the files
    script = subprocess.run(
        [sys.executable, "-m", "ftpconf"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "_FTPCONF_COMPLETE": "bash_source"},
        timeout=120,
    )
    assert "complete -o nosort -F _ftpconf_completion ftpconf" in script.stdout
