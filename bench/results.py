"""bench/results.json: one JSON object keyed by benchmark name, shared by every
benchmark script (Python here, Node in scripts/bench-browser.mjs). Each writer
merges its own keys and leaves the others' alone."""
import json
import os
import sys
import time

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.json")
MACHINE = "2 cores, 24 GiB, headless Chromium (Debian) / Node 20 / CPython 3.11"


def runtime() -> str:
    """'pyodide' inside Pyodide (Node or browser), else 'cpython'."""
    return "pyodide" if sys.platform == "emscripten" else "cpython"


def merge(key: str, entry: dict) -> None:
    """Write ``entry`` under ``key`` (read just before writing: others write too)."""
    entry = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": MACHINE,
             "python": sys.version.split()[0], "runtime": runtime(), **entry}
    try:
        with open(PATH) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = {}
    data[key] = entry
    with open(PATH, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
