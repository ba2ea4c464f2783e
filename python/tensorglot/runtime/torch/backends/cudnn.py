"""Emulated ``torch.backends.cudnn``: settable flags; cuDNN itself is never available here."""
enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available() -> bool:
    return False


def version():
    return None
