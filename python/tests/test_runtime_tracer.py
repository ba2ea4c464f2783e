"""The tracer on a tiny stand-in framework built with core.public (no engine needed),
so the recording, pruning, replay and JSON rules are tested in isolation."""
import io
import json
import unittest
from array import array
from contextlib import redirect_stdout

from tensorglot.runtime import tracer
from tensorglot.runtime.core import TensorBase, public


class _Arr:
    """Just enough of an NDArray for the tracer: shape, dtype, size, data, tolist."""

    def __init__(self, vals):
        self.vals = [float(v) for v in vals]
        self.shape = (len(self.vals),)
        self.dtype = "float32"
        self.size = len(self.vals)
        self.data = array("d", self.vals)

    def tolist(self):
        return list(self.vals)


class T(TensorBase):
    __slots__ = ()


def t(*vals):
    return T(_Arr(vals))


def _zip(f, x, y):
    return t(*(f(a, b) for a, b in zip(x._a.vals, y._a.vals)))


add = public("fk.add")(lambda x, y: _zip(lambda a, b: a + b, x, y))
mul = public("fk.mul")(lambda x, y: _zip(lambda a, b: a * b, x, y))
neg = public("fk.neg")(lambda x: t(*(-a for a in x._a.vals)))
cat = public("fk.cat")(lambda xs, dim=0: t(*(v for x in xs for v in x._a.vals)))
split2 = public("fk.split2")(lambda x: (t(*x._a.vals[:1]), t(*x._a.vals[1:])))


@public("fk.fma")
def fma(x, y, z):
    # implemented with other public functions: only fk.fma may be recorded
    return add(mul(x, y), z)


class Scale:
    def __init__(self):
        self.weight = t(2, 3)

    def __call__(self, x):
        with tracer.module_scope(self):
            return mul(x, self.weight)


class Lin:
    """A module-like object: parameters by identity, a submodule path via module_scope."""

    def __init__(self):
        self.inner = Scale()

    def named_parameters(self):
        return [("inner.weight", self.inner.weight)]

    def named_modules(self):
        return [("", self), ("inner", self.inner)]

    def __call__(self, x):
        with tracer.module_scope(self):
            return self.inner(x)


class TracerTest(unittest.TestCase):
    def test_records_outermost_calls_and_prunes_dead_code(self):
        def f(x, y):
            dead = neg(x)
            print("message")
            s = add(x, y)
            unused = mul(s, dead)
            return fma(s, y, x)

        with redirect_stdout(io.StringIO()) as out:
            g = tracer.trace(f, t(1, 2), t(3, 4))
        self.assertEqual(out.getvalue(), "message\n")      # the eager run still prints
        self.assertEqual(g.op_labels(), ["fk.add", "fk.fma"])
        self.assertEqual(g.stats["ops"], 2)
        self.assertEqual(g.stats["pruned"], 2)              # neg and the unused mul
        self.assertIsNone(tracer.ACTIVE)

    def test_replay_on_new_inputs_matches_eager(self):
        def f(x, y):
            return fma(add(x, y), y, x)

        g = tracer.trace(f, t(1, 2), t(3, 4))
        a, b = t(5, -1), t(0.5, 2)
        self.assertEqual(g(a, b).tolist(), f(a, b).tolist())
        # (5+0.5)*0.5+5, (-1+2)*2-1
        self.assertEqual(g(a, b).tolist(), [7.75, 1.0])
        with self.assertRaises(TypeError):
            g(a)

    def test_replay_does_not_record_into_an_active_tracer(self):
        g = tracer.trace(lambda x: neg(x), t(1))
        outer = tracer.trace(lambda x: g(x), t(2))
        self.assertEqual(outer.op_labels(), [])

    def test_list_arguments_tuple_results_and_structure(self):
        def f(x, y):
            a, b = split2(x)
            return cat([b, y, a]), a

        g = tracer.trace(f, t(1, 2, 3), t(9))
        out, first = g(t(4, 5, 6), t(7))
        self.assertEqual(out.tolist(), [5, 6, 7, 4])
        self.assertEqual(first.tolist(), [4])
        j = g.to_json()
        cat_id = next(n["id"] for n in j["nodes"] if n["label"] == "fk.cat")
        args = sorted(e["arg"] for e in j["edges"] if e["target"] == cat_id)
        self.assertEqual(args, ["0[0]", "0[1]", "0[2]"])
        self.assertEqual(len(j["outputs"]), 2)

    def test_const_and_param_nodes_module_path_and_line(self):
        lin = Lin()
        bias = t(10, 20)

        def f(x):
            return add(lin(x), bias)

        g = tracer.trace(f, t(1, 1))
        j = g.to_json()
        kinds = {n["kind"]: n for n in j["nodes"]}
        self.assertEqual(kinds["param"]["label"], "inner.weight")
        self.assertEqual(kinds["const"]["value"], "[10.0, 20.0]")
        mul_node = next(n for n in j["nodes"] if n["label"] == "fk.mul")
        self.assertEqual(mul_node["module"], "inner")
        add_node = next(n for n in j["nodes"] if n["label"] == "fk.add")
        self.assertIsNone(add_node["module"])
        import inspect
        src, start = inspect.getsourcelines(f)
        self.assertEqual(add_node["line"], start + 1)
        self.assertEqual(g(t(2, 3)).tolist(), [14, 29])

    def test_json_contract(self):
        g = tracer.trace(lambda x: neg(x), t(1, 2))
        j = json.loads(json.dumps(g.to_json()))
        self.assertEqual(set(j), {"backend", "nodes", "edges", "outputs", "stats"})
        for n in j["nodes"]:
            self.assertEqual(set(n), {"id", "kind", "label", "shape", "dtype", "value",
                                      "attrs", "module", "line"})
        for e in j["edges"]:
            self.assertEqual(set(e), {"source", "target", "arg", "shape", "dtype"})
        self.assertEqual(set(j["stats"]), {"ops", "pruned", "ms"})
        self.assertEqual([n["kind"] for n in j["nodes"]], ["input", "op", "output"])
        self.assertEqual(j["nodes"][0]["label"], "x")
        self.assertEqual(j["nodes"][0]["shape"], [2])


if __name__ == "__main__":
    unittest.main()
