"""Filters ftpconf.ftpconf.convert and ftpconf.ftpconf.firewall_ports, run on the controller by ftpconf."""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display
from ansible_collections.ftpconf.ftpconf.plugins.plugin_utils import bridge

display = Display()


def convert(text: str, to: str, dialect: str | None = None, strict: bool = False) -> str | dict[str, str]:
    """A configuration's text in another dialect (``ftpconf convert --to``): a string, or a mapping of file
    name to text for a target written as several files (pureftpd-debian).  Each setting that could not be
    carried over is a warning, or an error with ``strict=true``."""
    try:
        files, losses = bridge.convert(text, to, None if dialect in (None, "auto") else dialect)
    except bridge.BridgeError as exc:
        raise AnsibleFilterError(f"ftpconf.ftpconf.convert: {exc}") from None
    if losses and strict:
        raise AnsibleFilterError(f"ftpconf.ftpconf.convert to {to}: not carried over: " + "; ".join(losses))
    for loss in losses:
        display.warning(f"ftpconf.ftpconf.convert to {to}: not carried over: {loss}")
    return files[""] if set(files) == {""} else files


def firewall_ports(text: str, dialect: str | None = None) -> list[str]:
    """The inbound ports and ranges a configuration needs, as ``["21/tcp", "30000-30009/tcp"]``."""
    try:
        return bridge.firewall_ports(text, None if dialect in (None, "auto") else dialect)
    except bridge.BridgeError as exc:
        raise AnsibleFilterError(f"ftpconf.ftpconf.firewall_ports: {exc}") from None


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"convert": convert, "firewall_ports": firewall_ports}
