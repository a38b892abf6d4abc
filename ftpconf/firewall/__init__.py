"""Firewalls and port publishing: what a server needs open (needs.py), readers of rule files, emitters."""
