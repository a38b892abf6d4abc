"""vsftpd 3.0.3 (Debian 12)."""
