"""ftpconf: read, lint and translate vsftpd, proftpd and pure-ftpd configuration."""

__version__ = "0.1.0"
