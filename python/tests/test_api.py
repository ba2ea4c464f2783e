"""The JSON boundary shared by the worker and the CLI."""
import io
import json
import sys
import unittest

from tensorglot import api


class ApiTest(unittest.TestCase):
    def test_handle_round_trips_json_and_never_raises(self):
        out = json.loads(api.handle("transpile", json.dumps({"source": "import torch\ny = torch.mean(torch.ones(3))\n"})))
        self.assertTrue(out["ok"])
        self.assertIn("tf.", out["result"]["code"])

    def test_unknown_kind_and_bad_json_are_error_objects(self):
        self.assertFalse(json.loads(api.handle("nope", "{}"))["ok"])
        bad = json.loads(api.handle("run", "{not json"))
        self.assertFalse(bad["ok"])
        self.assertIn("bad request", bad["error"]["message"])

    def test_nan_and_inf_are_sent_as_strings_valid_json(self):
        text = json.dumps(api._finite({"a": float("nan"), "b": [float("inf"), 1.5]}), allow_nan=False)
        self.assertEqual(json.loads(text), {"a": "nan", "b": ["inf", 1.5]})

    def test_oversized_source_gets_a_clear_message_for_every_kind(self):
        big = "x = 1\n" * 200_000  # 1.2 MB
        t = api.call("transpile", {"source": big})
        self.assertTrue(t["ok"])
        [d] = t["result"]["diagnostics"]
        self.assertEqual(d["severity"], "error")
        self.assertIn("KB", d["message"])
        for kind in ("run", "trace", "verify"):
            r = api.call(kind, {"source": big})
            self.assertFalse(r["ok"], kind)
            self.assertEqual(r["error"]["type"], "SourceTooLarge")

    def test_ten_thousand_line_file_converts(self):
        src = "import torch\n" + "".join(f"y{i} = torch.mean(torch.ones({i % 7 + 1}))  # line {i}\n" for i in range(10_000))
        r = api.call("transpile", {"source": src, "from": "torch", "to": "tensorflow"})
        self.assertTrue(r["ok"])
        self.assertFalse([d for d in r["result"]["diagnostics"] if d["severity"] == "error"])
        self.assertEqual(r["result"]["code"].count("tf.math.reduce_mean"), 10_000)

    def test_syntax_error_diagnostic_points_at_the_offending_character(self):
        # Python's SyntaxError.offset is 1-based (docs: "This is 1-indexed"), and so are the
        # diagnostics' columns (DESIGN.md's transpile result; Monaco's markers take them as they
        # are). "x = 1 +* 2": the '*' is character 8, 1-based; "def f(x:": the '(' is 6.
        cases = {"x = 1 +* 2\n": (1, 8), "import torch\n\ndef f(x:\n    return x\n": (3, 6)}
        for src, (line, col) in cases.items():
            [d] = api.call("transpile", {"source": src})["result"]["diagnostics"]
            self.assertEqual((d["severity"], d["line"], d["col"]), ("error", line, col), src)
            self.assertGreater(d["end_col"], d["col"], src)  # end exclusive: the span is not empty

    def test_run_reports_user_errors_as_results(self):
        r = api.call("run", {"source": "print('hi')\n1/0\n"})
        self.assertTrue(r["ok"])
        self.assertEqual(r["result"]["stdout"], "hi\n")
        self.assertEqual(r["result"]["error"]["type"], "ZeroDivisionError")
        self.assertEqual(r["result"]["error"]["line"], 2)


class StreamTest(unittest.TestCase):
    def run_echoing(self, params):
        """api.call("run", params) -> (response, what it wrote to sys.__stdout__, where
        streamed output goes)."""
        seen = io.StringIO()
        real = sys.__stdout__
        sys.__stdout__ = seen
        try:
            r = api.call("run", params)
        finally:
            sys.__stdout__ = real
        return r, seen.getvalue()

    def test_stream_echoes_stdout_as_written_and_still_returns_it(self):
        r, echoed = self.run_echoing({"source": "print('a')\nprint('b')\n", "stream": True})
        self.assertEqual(echoed, "a\nb\n")
        self.assertEqual(r["result"]["stdout"], "a\nb\n")

    def test_without_stream_nothing_is_echoed(self):
        _, echoed = self.run_echoing({"source": "print('quiet')\n"})
        self.assertEqual(echoed, "")



class ParserLimitsTest(unittest.TestCase):
    def test_nesting_beyond_the_parser_is_a_user_error_for_every_kind(self):
        # CPython's parser gives up on some deep nestings with MemoryError, not SyntaxError
        for nested in ("2**" * 5000 + "2", "lambda: " * 3000 + "1", "-" * 5000 + "1", "[" * 5000 + "]" * 5000):
            src = "import torch\nz = " + nested + "\n"
            t = api.call("transpile", {"source": src})
            self.assertTrue(t["ok"])
            self.assertEqual(t["result"]["diagnostics"][0]["severity"], "error")
            for kind in ("run", "trace"):
                # never an internal error; whether the interpreter itself accepts this depth
                # depends on its version (3.11 refuses, Pyodide's 3.14 runs some of them)
                r = api.call(kind, {"source": src})
                self.assertTrue(r["ok"], (kind, r))
                err = r["result"]["error"]
                if err is not None:  # reported as the user's problem, with a message
                    self.assertTrue(err["message"] or err["type"] == "MemoryError", (kind, err))


if __name__ == "__main__":
    unittest.main()
