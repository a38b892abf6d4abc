"""pure-ftpd: pure-ftpd.conf, command-line flags and Debian's /etc/pure-ftpd/conf/ directory."""

# The --pureftpd-build values, in the order of builds.BUILDS (which checks it): the command line's choices,
# without importing the builds themselves.
BUILD_NAMES: tuple[str, ...] = ("vanilla", "mysql", "postgresql", "ldap")
