"""Bringing in the commune's existing lists (xlsx, csv): reading, legacy encodings, dates, planning."""
