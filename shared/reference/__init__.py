"""Reference data shipped with the project: regions, facilities, bed profiles."""
