"""Daemon command lines in Dockerfiles, compose files, systemd units, supervisord and scripts (ftpconf/launchers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftpconf.launchers import find, recognise
from ftpconf.lint import lint_path


def _lint(tmp_path: Path, name: str, text: str) -> list[tuple[str, int, int]]:
    path = tmp_path / name
    path.write_text(text)
    return [(d.code, d.span.line, d.span.column) for d in lint_path(str(path)).diagnostics]


DOCKERFILE = """\
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
 && apt-get install -y --no-install-recommends pure-ftpd \\
 && rm -rf /var/lib/apt/lists/*
ENV PUBLICHOST=ftp.example.org
EXPOSE 21 30000-30009
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/usr/sbin/pure-ftpd", "-c", "5", "-E", "-j", "-A", \\
     "-p", "30009:30000", "--tls=1"]
"""


def test_dockerfile_entrypoint_and_cmd_make_one_argv(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    found = find(str(path), DOCKERFILE)
    assert found is not None and found.kind == "Dockerfile"
    [launch] = found.launches  # apt-get install pure-ftpd starts nothing
    assert launch.dialect.daemon == "pure-ftpd"
    assert launch.via == "ENTRYPOINT + CMD"
    assert [(w.text, w.line, w.column) for w in launch.words][:2] == [("/usr/sbin/pure-ftpd", 9, 6), ("-c", 9, 29)]
    result = lint_path(str(path))
    assert result.path == str(path)
    assert ("FTP179", 10, 6) in [(d.code, d.span.line, d.span.column) for d in result.diagnostics]
    assert all(d.span.path == str(path) for d in result.diagnostics)


def test_dockerfile_shell_form_and_exec_form_expansion(tmp_path: Path) -> None:
    text = (
        'FROM alpine:3.19\nRUN apk add --no-cache pure-ftpd\nCMD exec pure-ftpd -p 30000:30099 -P "$PUBLICHOST" -Y 9\n'
    )
    findings = _lint(tmp_path, "ftp.dockerfile", text)
    assert ("FTP189", 3, 38) in findings  # the shell expands $PUBLICHOST: not checked
    exec_form = 'FROM alpine:3.19\nCMD ["pure-ftpd", "-p", "30000:30099", "-P", "$PUBLICHOST"]\n'
    assert ("FTP183", 2, 40) in _lint(tmp_path, "Containerfile", exec_form)  # no shell: the daemon gets "$PUBLICHOST"


def test_dockerfile_copy_brings_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "vsftpd.conf").write_text("listen=YES\nanonymous_enable=NO\nlisten_port=99999\n")
    text = (
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y vsftpd\n"
        'COPY vsftpd.conf /etc/vsftpd.conf\nCMD ["vsftpd", "-obackground=NO"]\n'
    )
    result = lint_path(str(tmp_path / "Dockerfile") if (tmp_path / "Dockerfile").write_text(text) else "")
    bad_port = [d for d in result.diagnostics if d.code == "FTP116"]
    assert [(d.span.path, d.span.line) for d in bad_port] == [(str(tmp_path / "vsftpd.conf"), 3)]


def test_a_dockerfile_without_a_daemon_is_one_info(tmp_path: Path) -> None:
    text = (
        "FROM nginx:1.25\nRUN apt-get update && apt-get install -y vsftpd\nEXPOSE 80\n"
        'CMD ["nginx", "-g", "daemon off;"]\n'
    )
    result = lint_path(str(tmp_path / "Dockerfile") if (tmp_path / "Dockerfile").write_text(text) else "")
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("FTP011", "info")]


COMPOSE = """\
services:
  ftp:
    image: stilliard/pure-ftpd:latest
    ports:
      - "21:21"
      - 30000-30009:30000-30009
    command: /usr/sbin/pure-ftpd -c 50 -p 30000:30009 -E -j -P $$PUBLICHOST
  legacy:
    image: fauria/vsftpd
    entrypoint: ["/usr/sbin/vsftpd"]
    command:
      - -olisten_port=99999
      - /etc/vsftpd/vsftpd.conf
  web:
    image: nginx
"""


def test_compose_every_service(tmp_path: Path) -> None:
    findings = _lint(tmp_path, "docker-compose.prod.yml", COMPOSE)
    assert ("FTP260", 7, 40) in findings  # -p 30000:30009 with -c 50
    assert ("FTP183", 7, 61) in findings  # $$ is a literal $: pure-ftpd gets "$PUBLICHOST"
    assert ("FTP116", 12, 23) in findings  # the value of -olisten_port=99999 in the list item
    assert ("FTP012", 13, 9) in findings  # the image's vsftpd.conf is not here


def test_compose_yaml_1_2_keeps_port_strings(tmp_path: Path) -> None:
    text = "services:\n  ftp:\n    image: x\n    command: [pure-ftpd, -p, 21:21, -S, 21]\n"
    path = tmp_path / "compose.yaml"
    path.write_text(text)
    found = find(str(path), text)
    assert found is not None
    assert [w.text for w in found.launches[0].words] == ["pure-ftpd", "-p", "21:21", "-S", "21"]
    assert [(w.line, w.column) for w in found.launches[0].words][2] == (4, 30)


SERVICE = """\
[Unit]
Description=Pure-FTPd FTP server
After=network.target

[Service]
Type=simple
ExecStartPre=/bin/mkdir -p /var/run/pure-ftpd
ExecStart=-/usr/sbin/pure-ftpd -l puredb:/etc/pure-ftpd/pureftpd.pdb -p 30009:30000 \\
    -E -j --bogus
Restart=on-failure

[Install]
WantedBy=multi-user.target
"""


def test_systemd_exec_start(tmp_path: Path) -> None:
    findings = _lint(tmp_path, "pure-ftpd.service", SERVICE)
    assert ("FTP179", 8, 70) in findings
    assert ("FTP176", 9, 11) in findings  # on the continuation line
    assert all(line != 7 for _, line, _ in findings)  # ExecStartPre= runs no daemon


def test_debian_wrapper_is_one_info(tmp_path: Path) -> None:
    text = "[Service]\nExecStart=/usr/sbin/pure-ftpd-wrapper\n"
    assert _lint(tmp_path, "pure-ftpd.service", text) == [("FTP012", 2, 11)]


def test_supervisord_program(tmp_path: Path) -> None:
    text = (
        "[supervisord]\nnodaemon=true\n\n[program:sshd]\ncommand=/usr/sbin/sshd -D\n\n"
        "[program:proftpd]\ncommand=/usr/sbin/proftpd --nodaemon -c etc/proftpd.conf\nautorestart=true\n"
    )
    assert _lint(tmp_path, "supervisord.conf", text) == [("FTP013", 8, 9)]
    assert recognise("ftp.conf", text) == "supervisord"


def test_shell_script(tmp_path: Path) -> None:
    text = (
        "#!/bin/bash\nset -e\nmkdir -p /home/ftpusers\n"
        'if [ -n "$PUBLICHOST" ]; then\n  FLAGS="-P $PUBLICHOST"\nfi\n'
        "exec /usr/sbin/pure-ftpd -l unix -c 50 -p 30000:30009 $FLAGS 2>&1\n"
    )
    findings = _lint(tmp_path, "run", text)  # no .sh: the shebang says so
    assert ("FTP260", 7, 40) in findings
    assert ("FTP189", 7, 55) in findings


def test_sh_c_in_exec_form(tmp_path: Path) -> None:
    text = 'FROM alpine\nCMD ["/bin/sh", "-c", "mkdir -p /srv && exec pure-ftpd -p 30009:30000"]\n'
    assert ("FTP179", 2, 56) in _lint(tmp_path, "Dockerfile", text)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dockerfile", "dockerfile"),
        ("Dockerfile.ftp", "dockerfile"),
        ("ftp.Dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("compose.yaml", "compose"),
        ("docker-compose.override.yml", "compose"),
        ("vsftpd.service", "systemd"),
        ("entrypoint.sh", "shell"),
        ("vsftpd.conf", None),
        ("pure-ftpd.conf", None),
        ("004.cmdline", None),
    ],
)
def test_recognised_by_name(name: str, kind: str | None) -> None:
    assert recognise(name, "") == kind


def test_cmdline_files_still_read_as_pure_ftpd(tmp_path: Path) -> None:
    path = tmp_path / "x.cmdline"
    path.write_text("/usr/sbin/pure-ftpd -p 30009:30000\n")
    assert "FTP179" in {d.code for d in lint_path(str(path)).diagnostics}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# syntax=docker/dockerfile:1\nARG V=1\n\nFROM debian:12\n", "dockerfile"),
        ("ARG\tV=1\nfrom debian:12\n", "dockerfile"),
        # a vsftpd.conf opening with '#' banners: not a Dockerfile (and no exponential backtracking on them)
        ("#" * 60 + "\n" + "## a # b # c # d #\n" * 200 + "listen=YES\n", None),
        ("listen=YES\nFROM=x\n", None),
    ],
)
def test_a_dockerfile_is_recognised_by_its_first_instruction(text: str, expected: str | None) -> None:
    from ftpconf.launchers import recognise

    assert recognise("config", text) == expected
