"""einops.layers: pattern layers (the torch flavour is emulated)."""
