"""Per-framework binding tables (see binding.py for the format)."""
