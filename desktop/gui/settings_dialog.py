"""Settings dialog (placeholder until the full dialog lands)."""
