"""pure-ftpd: pure-ftpd.conf, command-line flags and Debian's /etc/pure-ftpd/conf/ directory."""
