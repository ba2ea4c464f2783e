"""tf.keras (filled in below)."""
