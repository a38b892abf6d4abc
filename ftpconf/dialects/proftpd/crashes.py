"""Where proftpd's handlers crash while reading a configuration the daemon then cannot start with
(docs/daemons/proftpd.md §9): measured with ``proftpd -t`` and with a real start (``proftpd -n``)."""

from __future__ import annotations

# On proftpd 1.3.8 (Debian 12; 1.3.8c fixed it) mod_sftp's algorithm directives, given a valid value, die with
# SIGSEGV when they are the first setting stored in their server (the main server or a <VirtualHost>).
EMPTY_SERVER_CRASHES = frozenset({"sftpciphers", "sftpdigests", "sftphostkeys", "sftpkeyexchanges"})
EMPTY_SERVER_CRASH_VERSIONS = frozenset({"1.3.8"})

# Directives measured to leave a server without a stored setting (each, alone before `SFTPCiphers aes256-ctr`,
# still crashed 1.3.8): they set fields of the server or of the process instead.  Any other directive or
# section before it, `SFTPEngine`, `Port`, `Define`, an empty `<Global>` among them, avoided the crash; a directive
# not measured counts as storing one, so a crash may go unreported but none is invented.
LEAVE_SERVER_EMPTY = frozenset(
    {
        "loadmodule", "modulepath", "include", "servername", "servertype", "serveradmin", "useipv6",
        "usereversedns", "socketbindtight", "maxinstances", "maxconnectionrate", "multilinerfc2228", "pidfile",
        "scoreboardmutex", "tcpbacklog", "includeoptions", "langpath", "faclengine", "controlsengine",
        "controlsauthfreshness", "controlsinterval", "controlsmaxclients", "controlssocket", "controlssocketowner",
        "admincontrolsengine", "banlog", "banmessage", "bantable", "dynmasqrefresh", "shaperlog", "shapertable",
        "statcachemaxage", "statcachetable",
    }
)  # fmt: skip
