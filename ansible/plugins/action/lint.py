"""ftpconf.ftpconf.lint: read a configuration file from the managed host and lint it on the controller.

The file travels with ``ansible.builtin.slurp`` (read-only, so check mode changes nothing and the task
runs the same); ftpconf itself runs here, in the controller's Python.
"""

from __future__ import annotations

import base64
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible_collections.ftpconf.ftpconf.plugins.plugin_utils import bridge


class ActionModule(ActionBase):  # type: ignore[misc]
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = super().run(tmp, task_vars)
        del tmp  # unused since ansible-core 2.x; the module below gets its own temporary directory
        try:
            choices = bridge.dialect_choices()
        except bridge.BridgeError as exc:
            raise AnsibleActionFail(str(exc)) from None
        _, args = self.validate_argument_spec(
            argument_spec={
                "path": {"type": "path", "required": True},
                "dialect": {"type": "str", "default": "auto", "choices": choices},
                "fail_on": {"type": "str", "default": "error", "choices": list(bridge.FAIL_ON)},
            }
        )
        path, fail_on = args["path"], args["fail_on"]
        try:
            slurped = self._execute_module(
                module_name="ansible.builtin.slurp", module_args={"src": path}, task_vars=task_vars
            )
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        if slurped.get("failed"):
            result.update(failed=True, msg=f"{path}: {slurped.get('msg', 'cannot be read')}")
            return result
        data = base64.b64decode(slurped["content"])
        try:
            report = bridge.lint(path, data, args["dialect"], fail_on)
        except bridge.BridgeError as exc:  # ftpconf lint's exit 2: the input, not a finding
            result.update(failed=True, msg=str(exc))
            return result
        result.update(
            changed=False,
            path=path,
            dialect=report["dialect"],
            diagnostics=report["diagnostics"],
            counts=report["counts"],
        )
        if report["failing"]:
            result.update(failed=True, msg=bridge.failure_message(path, fail_on, report["failing"]))
        else:
            result["msg"] = f"ftpconf: {path}: {len(report['diagnostics'])} finding(s), none at or above {fail_on}"
        return result
