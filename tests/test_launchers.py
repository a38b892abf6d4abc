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
    assert ("FTP014", 3, 38) in findings  # the shell expands $PUBLICHOST, which the file does not set
    assert ("FTP189", 3, 38) not in findings  # one finding for the word
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
    assert ("FTP014", 7, 55) in findings  # $FLAGS: set under a condition, not followed


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


# -- Dockerfile: heredocs, the escape directive, ENTRYPOINT and CMD, lists that are not JSON, ENV and ARG ------


def _findings(tmp_path: Path, name: str, text: str, dialect: str | None = None) -> list[tuple[str, int, int, str]]:
    path = tmp_path / name
    path.write_text(text)
    result = lint_path(str(path), dialect)
    return [(d.code, d.span.line, d.span.column, " ".join((d.message, *d.notes))) for d in result.diagnostics]


def _places(findings: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int]]:
    return [(code, line, column) for code, line, column, _ in findings]


def test_run_heredoc_is_a_shell_script(tmp_path: Path) -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN <<EOF\n"
        "apt-get update\n"
        "  pure-ftpd -B -p 30009:30000\n"
        "EOF\n"
        "RUN python3 <<EOF\nimport os; os.system('pure-ftpd -p 9:1')\nEOF\n"  # not a shell script
        "CMD RUN <<EOF\n"  # not an instruction inside a heredoc: the lines above are the body's
    )
    found = _places(_findings(tmp_path, "Dockerfile", text))
    assert ("FTP179", 4, 16) in found
    assert all(line != 7 for _, line, _ in found)


def test_copy_heredoc_is_linted_as_the_file_it_writes(tmp_path: Path) -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y vsftpd\n"
        "COPY <<EOF /etc/vsftpd.conf\n"
        "listen=YES\n"
        "anonymous_enable=NO\n"
        "local_enable=YES\n"
        "listen_port=99999\n"
        "EOF\n"
        'CMD ["vsftpd", "/etc/vsftpd.conf"]\n'
    )
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    result = lint_path(str(path))
    assert ("FTP116", 7, 13) in [(d.code, d.span.line, d.span.column) for d in result.diagnostics]
    assert {d.span.path for d in result.diagnostics} == {str(path)}
    assert "FTP012" not in {d.code for d in result.diagnostics}  # the configuration is here: it is checked


def test_cat_heredoc_writes_the_default_config(tmp_path: Path) -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN cat <<'EOF' > /etc/vsftpd.conf\nlisten=YES\nlisten_port=99999\nEOF\n"
        'CMD ["/usr/sbin/vsftpd"]\n'  # reads /etc/vsftpd.conf
    )
    assert ("FTP116", 4, 13) in _places(_findings(tmp_path, "Dockerfile", text))


def test_escape_directive_backtick_continues_lines(tmp_path: Path) -> None:
    text = "# escape=`\nFROM debian:bookworm-slim\nCMD /usr/sbin/pure-ftpd -c 50 `\n    -p 30009:30000\n"
    assert ("FTP179", 4, 5) in _places(_findings(tmp_path, "Dockerfile", text))
    # without the directive the backtick is an ordinary character and the next line is an instruction of its own
    assert ("FTP179", 4, 5) not in _places(_findings(tmp_path, "Dockerfile", text.removeprefix("# escape=`\n")))


def test_entrypoint_resets_the_inherited_cmd_only(tmp_path: Path) -> None:
    inherited = (
        'FROM debian AS base\nCMD ["pure-ftpd", "-p", "30009:30000"]\nFROM base\nENTRYPOINT ["/usr/sbin/pure-ftpd"]\n'
    )
    found = find(str(tmp_path / "Dockerfile"), inherited)
    assert found is not None
    assert [(launch.via, [w.text for w in launch.words]) for launch in found.launches] == [
        ("ENTRYPOINT", ["/usr/sbin/pure-ftpd"])
    ]
    own = 'FROM debian\nCMD ["-p", "30009:30000"]\nENTRYPOINT ["/usr/sbin/pure-ftpd"]\n'  # the stage's own CMD stays
    found = find(str(tmp_path / "Dockerfile"), own)
    assert found is not None
    assert [w.text for w in found.launches[0].words] == ["/usr/sbin/pure-ftpd", "-p", "30009:30000"]


@pytest.mark.parametrize(
    ("cmd", "place"),
    [
        ("CMD ['pure-ftpd', '-p', '30009:30000']", (2, 5)),
        ("CMD [vsftpd, -olisten_port=99999]", (2, 5)),
        ('CMD ["proftpd", "--nodaemon",]', (2, 5)),
        ("ENTRYPOINT [\"tini\", \"--\"]\nCMD ['pure-ftpd', '-p', '30009:30000']", (3, 5)),
    ],
)
def test_a_list_that_is_not_json_runs_through_the_shell(tmp_path: Path, cmd: str, place: tuple[int, int]) -> None:
    findings = _findings(tmp_path, "Dockerfile", f"FROM debian\n{cmd}\n")
    assert [(line, column) for code, line, column, _ in findings if code == "FTP015"] == [place]
    assert "FTP011" not in {code for code, *_ in findings}  # its words are still checked, as meant


@pytest.mark.parametrize(
    "cmd",
    [
        'CMD ["pure-ftpd", "-p", "30000:30099"]',
        "CMD [ -f /etc/pure-ftpd.conf ] && exec pure-ftpd -p 30000:30099",  # the test command: shell form
        'CMD [ "$MODE" = tls ] && exec pure-ftpd -p 30000:30099',
        "CMD ['nginx', '-g', 'daemon off;']",  # not an FTP daemon: not ours to say
    ],
)
def test_json_lists_and_shell_tests_are_not_ftp015(tmp_path: Path, cmd: str) -> None:
    assert "FTP015" not in {code for code, *_ in _findings(tmp_path, "Dockerfile", f"FROM debian\n{cmd}\n")}


def test_env_values_are_filled_in_for_the_container_shell(tmp_path: Path) -> None:
    text = (
        "FROM alpine\n"
        "ARG RANGE=30000:30099\n"
        "ENV PUBLICHOST=ftp.example.org PORTS=${RANGE} MAX=500\n"
        'CMD exec pure-ftpd -p "$PORTS" -P $PUBLICHOST -c ${MAX} -C ${PER_IP:-8}\n'
    )
    found = _findings(tmp_path, "Dockerfile", text)
    assert ("FTP260", 4, 20) in _places(found)  # 100 ports for 500 clients: the values were filled in
    # PER_IP is not the file's: the host may set it, default or not
    assert [(c, line, column) for c, line, column, _ in found if c in ("FTP014", "FTP189")] == [("FTP014", 4, 60)]
    assert "with `PER_IP` unset or empty, it is `8`" in next(m for c, *_, m in found if c == "FTP014")


def test_an_empty_env_value_drops_the_word_and_shifts_the_flags(tmp_path: Path) -> None:
    text = "FROM alpine\nENV PUBLICHOST=\nCMD exec pure-ftpd -p 30000:30099 -P $PUBLICHOST -A\n"
    [refused] = [f for f in _findings(tmp_path, "Dockerfile", text) if f[0] == "FTP183"]
    assert refused[1:3] == (3, 35)  # at -P, whose value -A became
    assert "`$PUBLICHOST` (line 3, column 38) expands to nothing" in refused[3]
    quoted = 'FROM alpine\nENV PUBLICHOST=\nCMD exec pure-ftpd -p 30000:30099 -P "$PUBLICHOST" -A\n'
    assert "expands to nothing" not in " ".join(f[3] for f in _findings(tmp_path, "Dockerfile", quoted))


def test_a_variable_the_file_does_not_set_is_the_hosts(tmp_path: Path) -> None:
    text = "FROM alpine\nARG PUBLICHOST=ftp.example.org\nCMD exec pure-ftpd -p 30000:30099 -P $PUBLICHOST -A\n"
    [(code, line, column, message)] = [
        f for f in _findings(tmp_path, "Dockerfile", text) if f[0] in ("FTP014", "FTP189")
    ]
    assert (code, line, column) == ("FTP014", 3, 38)
    assert "ARG PUBLICHOST (line 2) is set only while the image is built" in message
    # and RUN, at build time, does see the ARG
    run = "FROM alpine\nARG PORTS=30009:30000\nRUN pure-ftpd -B -p $PORTS\n"
    assert ("FTP179", 3, 18) in _places(_findings(tmp_path, "Dockerfile", run))


@pytest.mark.parametrize(
    ("command", "place"),
    [
        ("vsftpd -opasv_address=$IP /etc/vsftpd.conf", (2, 12)),  # not `$IP is not an IPv4 address`
        ("proftpd --nodaemon -c $CONF", (2, 27)),  # not FTP013: -c takes it, whatever it is
    ],
)
def test_unknown_values_are_not_judged_as_written(tmp_path: Path, command: str, place: tuple[int, int]) -> None:
    findings = _findings(tmp_path, "Dockerfile", f"FROM debian\nCMD {command}\n")
    assert [(line, column) for code, line, column, _ in findings if code == "FTP014"] == [place]
    assert not {"FTP301", "FTP013"} & {code for code, *_ in findings}


def test_vsftpd_option_is_judged_without_its_config_file(tmp_path: Path) -> None:
    """vsftpd applies -o after the file: the advertised address on the command line is certain."""
    text = 'FROM debian\nCMD ["vsftpd", "-opasv_address=127.0.0.1", "/etc/vsftpd.conf"]\n'
    found = _places(_findings(tmp_path, "Dockerfile", text))
    assert ("FTP303", 2, 19) in found  # at pasv_address, inside the quotes
    assert ("FTP012", 2, 44) in found


# -- compose: interpolation, extends, env_file --------------------------------------------------------------


def test_compose_interpolates_from_dot_env_and_defaults(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# project settings\nMAX=500\nEMPTY=\nPORTS=\n")
    text = (
        "services:\n"
        "  ftp:\n"
        "    image: x\n"
        "    command: pure-ftpd -p ${PORTS:-30000:30099} -c ${MAX} -P ${EMPTY} -A\n"
        "  listed:\n"
        "    image: x\n"
        "    command: [pure-ftpd, -p, '${PORTS:-30000:30099}', -c, '${MAX}', -P, '${HOST}']\n"
    )
    found = _places(_findings(tmp_path, "compose.yaml", text))
    assert ("FTP260", 4, 24) in found  # ${PORTS:-...} (PORTS is empty) and ${MAX} filled in
    assert ("FTP183", 4, 59) in found  # ${EMPTY} in a string: no word, -P takes -A
    assert ("FTP014", 7, 73) in found  # ${HOST}: neither .env nor a default gives it
    assert ("FTP260", 7, 26) in found


def test_compose_extends_and_env_file(tmp_path: Path) -> None:
    (tmp_path / "ftp.env").write_text("PUBLICHOST=ftp.example.org\nPORTS=30009:30000\n")
    text = (
        "services:\n"
        "  base:\n"
        "    image: x\n"
        '    command: sh -c "exec pure-ftpd -p $$PORTS -P $$PUBLICHOST"\n'
        "  ftp:\n"
        "    extends: base\n"
        "    env_file: ftp.env\n"
        "  other:\n"
        "    extends:\n"
        "      service: base\n"
        "    env_file: [missing.env]\n"
    )
    findings = _findings(tmp_path, "compose.yaml", text)
    assert ("FTP179", 4, 20) in _places(findings)  # ftp: the env file's PORTS, in the container's shell
    unresolved = [f for f in findings if f[0] == "FTP014"]
    assert {f[1:3] for f in unresolved} == {(4, 20)}  # base has no environment; other's file is not here
    assert any("env_file missing.env is not beside the compose file" in f[3] for f in unresolved)


# -- systemd: Environment= ---------------------------------------------------------------------------------------


def test_systemd_environment_is_filled_in(tmp_path: Path) -> None:
    unit = '[Service]\nEnvironment="PORTS=30009:30000" HOST=\nExecStart=/usr/sbin/pure-ftpd -p ${PORTS} -P $HOST -A\n'
    found = _places(_findings(tmp_path, "pure-ftpd.service", unit))
    assert ("FTP179", 3, 31) in found
    assert ("FTP183", 3, 43) in found  # $HOST is empty: -P takes -A
    with_file = unit.replace("[Service]\n", "[Service]\nEnvironmentFile=/etc/default/pure-ftpd\n")
    found = _places(_findings(tmp_path, "pure-ftpd.service", with_file))  # the file overrides Environment=
    assert ("FTP014", 4, 34) in found and ("FTP014", 4, 46) in found


# -- --dialect names the daemon; the carrier is still read as one -------------------------------------------


def test_dialect_option_keeps_carrier_detection(tmp_path: Path) -> None:
    text = 'FROM debian\nCMD ["pure-ftpd", "-p", "30009:30000"]\n'
    assert ("FTP179", 2, 19) in _places(_findings(tmp_path, "Dockerfile", text, "pure-ftpd"))
    [(code, _, _, message)] = _findings(tmp_path, "Dockerfile", text, "vsftpd")
    assert (code, message) == ("FTP011", "this Dockerfile starts no vsftpd (--dialect): nothing to check")


@pytest.mark.parametrize(
    ("name", "text", "place"),
    [
        ("Dockerfile", 'FROM debian\nCMD ["proftpd", "--nodaemon", "-c", "proftpd.conf"]\n', (2, 6)),
        ("Dockerfile", "FROM debian\nCMD exec gosu ftp /usr/sbin/proftpd -c etc/proftpd.conf\n", (2, 19)),
        ("proftpd.service", "[Service]\nExecStart=-/usr/sbin/proftpd -c relative.conf\n", (2, 12)),
        ("compose.yaml", "services:\n  ftp:\n    command: [/usr/sbin/proftpd, -n, -c, x.conf]\n", (3, 15)),
    ],
)
def test_refused_command_line_points_at_the_program(
    tmp_path: Path, name: str, text: str, place: tuple[int, int]
) -> None:
    assert [(line, column) for code, line, column, _ in _findings(tmp_path, name, text) if code == "FTP013"] == [place]


def test_a_script_fills_in_what_it_sets_for_certain(tmp_path: Path) -> None:
    text = (
        "#!/bin/sh\n"
        'PUBLICHOST=""\n'
        "export PORTS=30009:30000 MAX=500\n"
        'if [ -n "$1" ]; then\n'
        "  MAX=5\n"  # set or not: the environment's from here on
        "fi\n"
        '[ -f /etc/tls ] && EXTRA="-Y 3"\n'
        "exec /usr/sbin/pure-ftpd -p $PORTS -P $PUBLICHOST -A -c $MAX $EXTRA\n"
    )
    findings = _findings(tmp_path, "run.sh", text)
    assert ("FTP179", 8, 26) in _places(findings)  # PORTS, set at the top level
    [refused] = [f for f in findings if f[0] == "FTP183"]
    assert refused[1:3] == (8, 36) and "`$PUBLICHOST` (line 8, column 39) expands to nothing" in refused[3]
    assert [(line, column) for code, line, column, _ in findings if code == "FTP014"] == [(8, 57), (8, 62)]


def test_run_heredoc_scripts_follow_their_assignments(tmp_path: Path) -> None:
    text = "FROM alpine\nRUN <<EOF\nRANGE=30009:30000\npure-ftpd -B -p $RANGE\nEOF\n"
    assert ("FTP179", 4, 14) in _places(_findings(tmp_path, "Dockerfile", text))


def test_pure_ftpd_conf_of_the_image_is_not_guessed(tmp_path: Path) -> None:
    """The image's pure-ftpd.conf is not here: FTP012, and no finding on defaults it may well change."""
    text = 'FROM alpine\nCMD ["pure-ftpd", "/etc/pure-ftpd.conf"]\n'
    assert _places(_findings(tmp_path, "Dockerfile", text)) == [("FTP012", 2, 19)]
    (tmp_path / "pure-ftpd.conf").write_text("PassivePortRange 30009 30000\n")
    copied = 'FROM alpine\nCOPY pure-ftpd.conf /etc/pure-ftpd.conf\nCMD ["pure-ftpd", "/etc/pure-ftpd.conf"]\n'
    findings = lint_path(str(tmp_path / "Dockerfile") if (tmp_path / "Dockerfile").write_text(copied) else "")
    assert ("FTP179", str(tmp_path / "pure-ftpd.conf")) in [(d.code, d.span.path) for d in findings.diagnostics]


@pytest.mark.parametrize(
    "command", ["pure-ftpd /etc/no-such-pure-ftpd.conf", "pure-ftpd $CONF", "pure-ftpd -P localhost $OPTS"]
)
def test_pureftpd_defaults_are_not_judged_when_the_settings_are_unseen(command: str) -> None:
    """The settings are in a file ftpconf cannot read, or in a word the shell fills in: the daemon's
    defaults are not what runs, so anonymous login or no chroot by default are not findings; what the line
    itself writes still is (`-P localhost`)."""
    from ftpconf.lint import lint_invocation

    codes = {d.code for d in lint_invocation(command).diagnostics}
    assert not codes & {"FTP501", "FTP601", "FTP605", "FTP640", "FTP206"}
    assert ("FTP303" in codes) == ("localhost" in command)
    assert "FTP601" in {d.code for d in lint_invocation("pure-ftpd").diagnostics}  # the defaults do run here


def test_a_redirection_before_the_program_is_no_program(tmp_path: Path) -> None:
    """`&>/dev/null /usr/sbin/vsftpd FILE` (fauria/vsftpd's run script): bash's `&>` redirects, it does not
    end a command, and a redirection may stand before the program."""
    script = tmp_path / "run.sh"
    script.write_text("#!/bin/bash\n&>/dev/null /usr/sbin/vsftpd /etc/vsftpd.conf\n2>&1 >/tmp/log pure-ftpd -E\n")
    found = find(str(script), script.read_text())
    assert found is not None
    assert [(launch.dialect.daemon, launch.words[0].line) for launch in found.launches] == [
        ("vsftpd", 2),
        ("pure-ftpd", 3),
    ]


def test_start_stop_daemon_runs_the_program_after_exec(tmp_path: Path) -> None:
    """Debian's init scripts: `start-stop-daemon --start ... --exec $DAEMON -- ARGS` runs the daemon with ARGS;
    `--stop` starts nothing."""
    script = tmp_path / "proftpd"
    script.write_text(
        "#!/bin/sh\nDAEMON=/usr/sbin/proftpd\n"
        'start-stop-daemon --start --quiet --pidfile "$PIDFILE" --exec $DAEMON -- -c /etc/proftpd/x.conf\n'
        'start-stop-daemon --stop --quiet --pidfile "$PIDFILE"\n'
    )
    found = find(str(script), script.read_text())
    assert found is not None
    assert [[w.text for w in launch.words] for launch in found.launches] == [
        ["/usr/sbin/proftpd", "-c", "/etc/proftpd/x.conf"]
    ]
