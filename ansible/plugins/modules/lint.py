# The documentation of the ftpconf.ftpconf.lint action; the action itself (plugins/action/lint.py) runs on
# the controller and never sends this module to a host.

from __future__ import annotations

DOCUMENTATION = r"""
module: lint
short_description: Lint a vsftpd, proftpd or pure-ftpd configuration file of the managed host
description:
  - Reads O(path) from the managed host (with M(ansible.builtin.slurp)) and lints it with ftpconf on the
    controller; nothing is installed on the FTP servers.
  - Returns every finding, with passwords and keys masked as ftpconf's reports mask them, and fails the
    task when a finding reaches O(fail_on).
  - A file ftpconf cannot read (missing, unknown dialect, too large) fails the task whatever O(fail_on) says.
  - Files a configuration includes (proftpd C(Include)) are read from the controller's filesystem, so lint
    them on the controller for remote hosts.
version_added: 0.1.0
author: ftpconf contributors
requirements:
  - ftpconf (C(pip install ftpconf)) on the controller, beside ansible-core
options:
  path:
    description: The configuration file on the managed host.
    type: path
    required: true
  dialect:
    description:
      - The daemon the file is for; C(auto) tells it from the file's name and content, as C(ftpconf lint) does.
    type: str
    default: auto
  fail_on:
    description:
      - Fail the task when a finding of this severity or worse is found; C(never) only reports.
      - C(error) means the daemon refuses the configuration, C(warning) that something will not work as
        written, C(info) advice that depends on facts outside the file.
    type: str
    default: error
    choices: [error, warning, info, never]
attributes:
  check_mode:
    support: full
    description: The file is only read, so the task runs the same in check mode.
"""

EXAMPLES = r"""
- name: The daemon must accept the configuration
  ftpconf.ftpconf.lint:
    path: /etc/vsftpd.conf

- name: Report everything, fail on nothing, and show the warnings
  ftpconf.ftpconf.lint:
    path: /etc/proftpd/proftpd.conf
    dialect: proftpd
    fail_on: never
  register: ftp_lint

- ansible.builtin.debug:
    msg: "{{ ftp_lint.diagnostics | selectattr('severity', 'eq', 'warning') | map(attribute='message') }}"
"""

RETURN = r"""
dialect:
  description: The dialect the file was read as.
  returned: success
  type: str
  sample: vsftpd
diagnostics:
  description: Every finding, in ftpconf's JSON report form (secrets masked).
  returned: success
  type: list
  elements: dict
  sample:
    - code: FTP201
      rule: inverted-passive-range
      severity: warning
      path: /etc/vsftpd.conf
      line: 12
      column: 1
      end_column: 20
      message: pasv_min_port is above pasv_max_port
      notes: []
counts:
  description: How many findings of each severity.
  returned: success
  type: dict
  sample: {error: 0, warning: 1, info: 0}
"""
