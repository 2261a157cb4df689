"""The ``kezek`` command: the one entry point people type."""
