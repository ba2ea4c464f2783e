"""Calls of one binding with the same literal arguments share a template (convert.py): the
other arguments' texts must still come out right whatever they are spelled like."""
import unittest

from tensorglot.transpiler import transpile

HEAD = "import torch\ndef f(x: torch.Tensor, p: torch.Tensor, a: torch.Tensor, b: torch.Tensor, d, dev):\n"


def body(code: str) -> list[str]:
    """The converted function body lines."""
    out = transpile(HEAD + "".join(f"    {line}\n" for line in code.splitlines()))["code"]
    return [line.strip() for line in out.splitlines() if line.startswith("    ")]


class CallTemplates(unittest.TestCase):
    def test_argument_texts_pasted_per_call(self):
        # the same call shape with a name, an expression and a subscript holding braces
        self.assertEqual(body("y = torch.cos(p)\nz = torch.cos(a + b)\nw = torch.cos(d['{0}'])"),
                         ["y = tf.math.cos(p)", "z = tf.math.cos(a + b)", "w = tf.math.cos(d['{0}'])"])

    def test_text_a_derive_rewrites_is_not_templated(self):
        # view_as reads the other tensor's shape: an operator expression needs parentheses
        # ((a + b).shape, not a + b.shape), in either order and across conversions
        for _ in range(2):
            self.assertEqual(body("return x.view_as(p)"), ["return tf.reshape(x, p.shape)"])
            self.assertEqual(body("return x.view_as(a + b)"), ["return tf.reshape(x, (a + b).shape)"])

    def test_literal_arguments_are_part_of_the_template(self):
        # dim=1 vs dim=0: different literal values, different outputs
        self.assertEqual(body("y = torch.sum(p, 1)\nz = torch.sum(a, 0)\nw = torch.sum(b, dim=1)"),
                         ["y = tf.math.reduce_sum(p, axis=1)", "z = tf.math.reduce_sum(a, axis=0)",
                          "w = tf.math.reduce_sum(b, axis=1)"])

    def test_diagnostics_repeat_at_each_call(self):
        r = transpile(HEAD + "    y = torch.zeros(3, device=dev)\n    z = torch.zeros(3, device=dev)\n")
        dropped = [(d["line"], d["severity"]) for d in r["diagnostics"] if "device" in d["message"]]
        self.assertEqual(dropped, [(3, "info"), (4, "info")])


if __name__ == "__main__":
    unittest.main()
