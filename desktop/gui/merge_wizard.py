"""Batch merge wizard (placeholder until the full wizard lands)."""
