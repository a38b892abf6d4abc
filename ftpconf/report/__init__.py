"""Reports: turn lint results into text for people and JSON for machines."""
