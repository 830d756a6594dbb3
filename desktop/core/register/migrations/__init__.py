"""Alembic migrations of the register schema (run programmatically by :mod:`..db`)."""
