"""Readers of firewall files (never the live kernel): one module per format, detect.py picks one."""
