"""The sandbox: import hook scope, blocked modules, output capture, errors."""
import importlib.machinery
import sys
import types
import unittest

from tensorglot.runtime import sandbox


class SandboxTest(unittest.TestCase):
    def test_stdout_stderr_and_last_expression(self):
        r = sandbox.run_source("import sys\nprint('hi')\nprint('oops', file=sys.stderr)\n1 + 2\n")
        self.assertIsNone(r["error"])
        self.assertEqual(r["stdout"], "hi\n")
        self.assertEqual(r["stderr"], "oops\n")
        self.assertEqual(r["result"], "3")
        self.assertIsInstance(r["ms"], float)

    def test_statement_last_gives_no_result(self):
        self.assertIsNone(sandbox.run_source("x = 1\n")["result"])
        self.assertIsNone(sandbox.run_source("None\n")["result"])

    def test_error_trimmed_to_user_frames_with_line(self):
        src = "def f(x):\n    return x / 0\n\nf(1)\n"
        r = sandbox.run_source(src)
        err = r["error"]
        self.assertEqual(err["type"], "ZeroDivisionError")
        self.assertEqual(err["line"], 2)
        self.assertIn('File "<source>", line 4', err["traceback"])
        self.assertIn('File "<source>", line 2, in f', err["traceback"])
        self.assertIn("return x / 0", err["traceback"])   # linecache has the source
        self.assertNotIn("sandbox.py", err["traceback"])

    def test_syntax_error_line(self):
        err = sandbox.run_source("x = 1\nclass Network(object)\n    pass\n")["error"]
        self.assertEqual(err["type"], "SyntaxError")
        self.assertEqual(err["line"], 2)

    def test_runaway_recursion_is_a_normal_error(self):
        err = sandbox.run_source("def f(n):\n    return f(n + 1)\nf(0)\n")["error"]
        self.assertEqual(err["type"], "RecursionError")
        self.assertEqual(err["line"], 2)

    def test_bridge_modules_are_blocked(self):
        for stmt in ("import js", "import pyodide", "from pyodide.ffi import to_js",
                     "import pyodide_js", "import _pyodide"):
            err = sandbox.run_source(stmt + "\n")["error"]
            self.assertEqual(err["type"], "ImportError", stmt)
            self.assertIn("blocked in the Tensorglot sandbox", err["message"])

    def test_other_routes_to_javascript_are_blocked(self):
        # _pyodide_core is the bridge's C core (create_proxy, to_js); ctypes reaches
        # emscripten_run_script, a JavaScript eval, in Pyodide
        for stmt in ("import _pyodide_core", "import ctypes", "from ctypes import CDLL",
                     "import _ctypes", "import importlib\nimportlib.import_module('js')",
                     "__import__('pyodide_js')"):
            err = sandbox.run_source(stmt + "\n")["error"]
            self.assertEqual(err["type"], "ImportError", stmt)
            self.assertIn("blocked in the Tensorglot sandbox", err["message"])

    def test_a_finder_that_serves_the_bridge_is_off_meta_path_inside(self):
        class BridgeFinder:  # stands in for Pyodide's JsFinder (which the Pyodide run also has)
            def find_spec(self, name, path=None, target=None):
                return importlib.machinery.ModuleSpec(name, None) if name == "js" else None

        fake = BridgeFinder()
        sys.meta_path.append(fake)
        try:
            probe = ("import sys\n"
                     "def serves(f):\n"
                     "    try:\n"
                     "        return f.find_spec('js', None) is not None\n"
                     "    except ImportError:\n"
                     "        return False\n"
                     "[type(f).__name__ for f in sys.meta_path if serves(f)]\n")
            r = sandbox.run_source(probe)
            self.assertIsNone(r["error"], r["error"])
            self.assertEqual(r["result"], "[]")
            self.assertIs(sys.meta_path[-1], fake)   # put back where it was
        finally:
            sys.meta_path.remove(fake)

    def test_user_code_has_no_network(self):
        attempts = {  # each must fail before any packet is sent, with the sandbox's message
            "socket": "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)\n",
            "_socket": "import _socket\n_socket.socket().connect(('127.0.0.1', 9))\n",
            "urllib": "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/', timeout=1)\n",
            "dns": "import socket\nsocket.getaddrinfo('localhost', 80)\n",
        }
        for name, src in attempts.items():
            err = sandbox.run_source(src)["error"]
            self.assertEqual(err["type"], "PermissionError", name)
            self.assertIn("network access is blocked in the Tensorglot sandbox", err["message"], name)
        # outside the sandbox the host's own network code is untouched
        sys.audit("socket.connect", None, ("127.0.0.1", 9))

    def test_blocked_even_when_already_imported_by_the_host(self):
        fake = types.ModuleType("js")
        sys.modules["js"] = fake
        try:
            err = sandbox.run_source("import js\n")["error"]
            self.assertEqual(err["type"], "ImportError")
            self.assertIs(sys.modules["js"], fake)      # the host's module is back
        finally:
            del sys.modules["js"]

    def test_frameworks_resolve_to_emulations_only_inside(self):
        before = {n: m for n, m in sys.modules.items() if n.partition(".")[0] == "numpy"}
        r = sandbox.run_source("import torch\nimport torch.nn as nn\n"
                               "(torch.__name__, nn.__name__)\n")
        self.assertIsNone(r["error"], r["error"])
        self.assertEqual(r["result"], "('tensorglot.runtime.torch', 'tensorglot.runtime.torch.nn')")
        self.assertNotIn("torch", sys.modules)
        after = {n: m for n, m in sys.modules.items() if n.partition(".")[0] == "numpy"}
        self.assertEqual(before, after)
        # the emulation module keeps its own spec (the alias spec is undone)
        import tensorglot.runtime.torch as emu
        self.assertEqual(emu.__spec__.name, "tensorglot.runtime.torch")

    def test_real_numpy_is_not_shadowed_outside(self):
        try:
            import numpy as real  # noqa: F401 - the host's numpy, if installed
        except ImportError:
            real = types.ModuleType("numpy")
            sys.modules["numpy"] = real
        try:
            r = sandbox.run_source("import numpy\nnumpy.__name__\n")
            self.assertNotEqual(r["result"], repr(real.__name__) if real.__name__ != "numpy"
                                else "'numpy'")
            self.assertIs(sys.modules["numpy"], real)
        finally:
            if sys.modules.get("numpy") is real and not hasattr(real, "__file__"):
                del sys.modules["numpy"]

    def test_unknown_submodule_names_the_module(self):
        err = sandbox.run_source("import torch.distributed_not_there\n")["error"]
        self.assertEqual(err["type"], "ModuleNotFoundError")
        self.assertIn("torch.distributed_not_there", err["message"])

    def test_source_is_visible_to_inspect(self):
        r = sandbox.run_source("import inspect\ndef f(x):\n    return x\ninspect.getsource(f)\n")
        self.assertEqual(r["result"], repr("def f(x):\n    return x\n"))

    def test_main_guard_runs(self):
        r = sandbox.run_source("if __name__ == '__main__':\n    print('main')\n")
        self.assertEqual(r["stdout"], "main\n")


if __name__ == "__main__":
    unittest.main()
