"""verify(): entries, weights, eval mode, verdicts and localisation, end to end in the sandbox."""
import json
import textwrap
import unittest

from tensorglot import api
from tensorglot.transpiler import transpile
from tensorglot.verify import verify

# a model whose middle layer uses torch.var (unbiased): the mapping that converters get wrong
NORM_NET = textwrap.dedent('''\
    import torch
    import torch.nn as nn


    class Norm(nn.Module):
        def forward(self, x):
            mu = x.mean(dim=-1, keepdim=True)
            return (x - mu) / torch.sqrt(torch.var(x, dim=-1, keepdim=True) + 1e-5)


    class Net(nn.Module):
        def __init__(self, width):
            super().__init__()
            self.fc = nn.Linear(width, width)
            self.norm = Norm()
            self.out = nn.Linear(width, 3)

        def forward(self, x):
            return self.out(self.norm(self.fc(x)))


    torch.manual_seed(0)
    net = Net(6)
    y = net(torch.randn(2, 6))
    ''')

# the same thing with the variance in a top-level function
FUNC_SOURCE = textwrap.dedent('''\
    import torch


    def spread(x):
        return torch.var(x, dim=1)


    def score(x, w):
        return spread(x) * w


    a = torch.randn(3, 4)
    s = score(a, 2.0)
    ''')

FUNC_CONVERTED = textwrap.dedent('''\
    import tensorflow as tf


    def spread(x):
        n = 4.0
        return tf.math.reduce_variance(x, axis=1) * (n / (n - 1.0))


    def score(x, w):
        return spread(x) * w
    ''')

#: torch.var mapped to a biased variance with no correction: the deliberately wrong mapping
BIASED_VAR = textwrap.dedent('''\


    def _tg_var(x, axis=None, correction=0, keepdims=False):
        return tf.math.reduce_variance(x, axis=axis, keepdims=keepdims)
    ''')


class WrongMappingTest(unittest.TestCase):
    def test_correct_conversion_passes(self):
        r = verify({"source": NORM_NET, "from": "torch", "to": "tensorflow"})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual([(o["name"], o["shape"], o["dtype"]) for o in r["outputs"]], [("Net", [2, 3], "float32")])
        self.assertEqual(r["entries"][0]["init"], "Net(6)")
        self.assertEqual(r["entries"][0]["inputs"], {"x": "float32[2,6]"})

    def test_biased_var_is_inaccurate_and_localised_to_the_norm_layer(self):
        code = transpile(NORM_NET)["code"]
        self.assertIn("def _tg_var", code, "the transpiler no longer emits the _tg_var helper this fixture overrides")
        r = verify({"source": NORM_NET, "converted": code + BIASED_VAR})
        self.assertEqual(r["verdict"], "INACCURATE")
        self.assertEqual(r["first_divergence"], "norm")
        by_name = {layer["name"]: layer["verdict"] for layer in r["layers"]}
        self.assertEqual(by_name, {"fc": "PASS", "norm": "INACCURATE", "out": "PASS", "Net": "INACCURATE"})
        norm = next(layer for layer in r["layers"] if layer["name"] == "norm")
        self.assertGreater(norm["max_abs"], 1e-3)
        self.assertEqual(norm["module"], "norm")
        self.assertGreater(r["outputs"][0]["max_abs"], 1e-3)

    def test_function_entries_and_function_localisation(self):
        ok = verify({"source": FUNC_SOURCE, "converted": FUNC_CONVERTED})
        self.assertEqual(ok["verdict"], "PASS", ok)
        self.assertEqual([e["name"] for e in ok["entries"]], ["score"])
        self.assertEqual(ok["entries"][0]["inputs"]["x"], "float32[3,4]")
        wrong = FUNC_CONVERTED.replace(" * (n / (n - 1.0))", "")
        r = verify({"source": FUNC_SOURCE, "converted": wrong})
        self.assertEqual(r["verdict"], "INACCURATE")
        self.assertEqual(r["first_divergence"], "score.spread")
        self.assertEqual([(x["name"], x["verdict"]) for x in r["layers"]],
                         [("score.spread", "INACCURATE"), ("score", "INACCURATE")])

    def test_layers_always_reports_every_layer_even_when_passing(self):
        r = verify({"source": NORM_NET, "layers": "always"})
        self.assertEqual(r["verdict"], "PASS")
        self.assertEqual([x["name"] for x in r["layers"]], ["fc", "norm", "out", "Net"])
        self.assertTrue(all(x["verdict"] == "PASS" for x in r["layers"]))
        self.assertIsNone(r["first_divergence"])


class RandomDrawTest(unittest.TestCase):
    SRC = textwrap.dedent('''\
        import torch
        import torch.nn as nn


        class Sampler(nn.Module):
            def __init__(self):
                super().__init__()
                self.mu = nn.Linear(4, 2)

            def forward(self, x):
                mu = self.mu(x)
                return mu + torch.randn_like(mu)  # the reparameterisation trick


        m = Sampler()
        y = m(torch.randn(3, 4))
        ''')

    def test_random_draws_in_the_compared_code_are_named_when_it_is_inaccurate(self):
        r = verify({"source": self.SRC})
        self.assertEqual(r["verdict"], "INACCURATE")
        self.assertIn("torch.randn_like (line 12)", " ".join(r["notes"]))
        # the input drawn at the top level is shared by both runs: not named
        self.assertNotIn("line 16", " ".join(r["notes"]))

    def test_no_random_note_for_a_wrong_mapping(self):
        code = transpile(NORM_NET)["code"]
        r = verify({"source": NORM_NET, "converted": code + BIASED_VAR})
        self.assertEqual(r["verdict"], "INACCURATE")
        self.assertFalse([n for n in r["notes"] if "random" in n], r["notes"])


class FailureTest(unittest.TestCase):
    def test_converted_exception_fails_with_position(self):
        broken = FUNC_CONVERTED.replace("return spread(x) * w", "return spread(x) * undefined_name")
        r = verify({"source": FUNC_SOURCE, "converted": broken})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("NameError", r["outputs"][0]["message"])
        self.assertIn("converted line 10", r["outputs"][0]["message"])

    def test_weights_go_through_the_converted_models_load_state_dict(self):
        code = transpile(NORM_NET)["code"]
        self.assertIn("def load_state_dict(self, state_dict, strict=True):", code)
        # a load_state_dict that ignores the weights: each side keeps its own random ones
        ignored = code.replace("def load_state_dict(self, state_dict, strict=True):",
                               "def load_state_dict(self, state_dict, strict=True):\n        return self", 1)
        r = verify({"source": NORM_NET, "converted": ignored})
        self.assertEqual(r["verdict"], "INACCURATE", r["outputs"])
        self.assertEqual(r["first_divergence"], "fc")
        # none at all: the weights cannot be copied, which is a failure, not a comparison
        missing = code.replace("def load_state_dict(self, state_dict, strict=True):", "def _unused(self, state_dict, strict=True):", 1)
        r = verify({"source": NORM_NET, "converted": missing})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("no load_state_dict", json.dumps(r))

    def test_shape_mismatch_fails(self):
        wrong = FUNC_CONVERTED.replace("axis=1)", "axis=1, keepdims=True)")
        r = verify({"source": FUNC_SOURCE, "converted": wrong})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("shape", r["outputs"][0]["message"])

    def test_missing_definition_fails(self):
        r = verify({"source": FUNC_SOURCE, "converted": "import tensorflow as tf\n"})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("defines no function score", r["outputs"][0]["message"])

    def test_source_error_fails_with_its_line(self):
        r = verify({"source": "import torch\nx = torch.ones(2)\nraise ValueError('boom')\n"})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertEqual(r["error"]["line"], 3)
        self.assertIn("boom", r["error"]["message"])

    def test_unknown_entry_fails(self):
        r = verify({"source": FUNC_SOURCE, "entry": "nope"})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("nope", r["error"]["message"])

    def test_nothing_to_verify_says_so(self):
        r = verify({"source": "x = 1\n"})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("nothing to verify", r["error"]["message"])
        self.assertNotIn("init", r["error"]["message"])

    def test_a_model_needing_constructor_arguments_is_named_with_the_init_hint(self):
        src = textwrap.dedent('''\
            import torch
            import torch.nn as nn


            class Net(nn.Module):
                def __init__(self, width):
                    super().__init__()
                    self.fc = nn.Linear(width, 3)

                def forward(self, x):
                    return torch.log_softmax(self.fc(x), dim=-1)
            ''')
        r = verify({"source": src})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("Net cannot be built without constructor arguments", r["error"]["message"])
        self.assertIn("init", r["error"]["message"])
        ok = verify({"source": src, "init": {"width": "5"}, "inputs": {"x": "float32[3,5]"}})
        self.assertEqual(ok["verdict"], "PASS", ok)
        self.assertEqual(ok["entries"][0]["init"], "Net(width=5)")
        self.assertEqual(ok["outputs"][0]["shape"], [3, 3])


class EntryTest(unittest.TestCase):
    def test_explicit_function_entry_with_form_inputs(self):
        r = verify({"source": FUNC_SOURCE, "converted": FUNC_CONVERTED, "entry": "spread",
                    "inputs": {"x": "float32[5,4]"}})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["outputs"][0]["shape"], [5])
        self.assertEqual(r["entries"][0]["origin"], "form")

    def test_explicit_model_entry_with_form_inputs_uses_the_scripts_model(self):
        r = verify({"source": NORM_NET, "entry": "Net", "inputs": {"x": "float32[5,6]"}})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["outputs"][0]["shape"], [5, 3])
        self.assertEqual(r["entries"][0]["init"], "Net(6)")

    def test_instance_name_as_entry(self):
        r = verify({"source": NORM_NET, "entry": "net"})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["entries"][0]["origin"], "script")

    def test_missing_input_is_named(self):
        r = verify({"source": FUNC_SOURCE, "converted": FUNC_CONVERTED, "entry": "score",
                    "inputs": {"x": "float32[3,4]"}})
        self.assertEqual(r["verdict"], "FAIL")
        self.assertIn("w", r["error"]["message"])

    def test_model_never_called_gets_a_guessed_input(self):
        src = NORM_NET.replace("net = Net(6)\ny = net(torch.randn(2, 6))\n", "")
        src = src.replace("def __init__(self, width)", "def __init__(self, width=4)")
        r = verify({"source": src})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["entries"][0]["origin"], "guessed")
        self.assertEqual(r["entries"][0]["inputs"], {"x": "float32[2,4]"})
        self.assertTrue(any("guessed" in n for n in r["notes"]))

    def test_twin_built_from_the_captured_constructor_arguments(self):
        # the converted script stops before building its model: verify builds Net(6) itself
        code = transpile(NORM_NET)["code"].replace("net = Net(6)", "raise SystemError('stop')\nnet = Net(6)")
        r = verify({"source": NORM_NET, "converted": code})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["outputs"][0]["shape"], [2, 3])
        self.assertTrue(any("SystemError" in n for n in r["notes"]))

    def test_seeded_inputs_are_reproducible(self):
        req = {"source": NORM_NET, "entry": "Net", "inputs": {"x": "float32[2,6]"}, "layers": "always"}
        a, b = verify(dict(req)), verify(dict(req))
        self.assertEqual(a["outputs"], b["outputs"])


CONFIG_NET = textwrap.dedent('''\
    from dataclasses import dataclass

    import torch
    import torch.nn as nn


    @dataclass
    class Config:
        vocab: int = 7
        width: int = 4


    class Tagger(nn.Module):
        def __init__(self, config: Config):
            super().__init__()
            self.emb = nn.Embedding(config.vocab, config.width)
            self.head = nn.Linear(config.width, 2)

        def forward(self, idx):
            return self.head(self.emb(idx))


    def train(model, data, steps=2):
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for _ in range(steps):
            loss = model(data).sum()
        return loss
    ''')


class ConstructionTest(unittest.TestCase):
    def test_config_class_parameter_is_built_with_its_defaults(self):
        r = verify({"source": CONFIG_NET})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["entries"][0]["init"], "Tagger(config=Config(vocab=7, width=4))")
        self.assertEqual(r["entries"][0]["inputs"], {"idx": "int64[2,8]"})  # from Embedding(7, 4)
        self.assertTrue(any("built for verification" in n for n in r["notes"]))

    def test_init_and_inputs_may_be_expressions_over_the_scripts_names(self):
        r = verify({"source": CONFIG_NET, "entry": "Tagger", "init": {"config": "Config(vocab=3, width=5)"},
                    "inputs": {"idx": "torch.tensor([[0, 1, 2]])"}})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual(r["outputs"][0]["shape"], [1, 3, 2])

    def test_a_driver_taking_the_model_is_not_an_entry_its_model_calls_are(self):
        src = CONFIG_NET + "\nm = Tagger(Config())\ntrain(m, torch.tensor([[1, 2], [3, 4]]))\n"
        r = verify({"source": src})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertEqual([(e["name"], e["origin"]) for e in r["entries"]], [("Tagger", "script")])
        self.assertEqual(r["entries"][0]["inputs"], {"idx": "int64[2,2]"})


class EvalModeTest(unittest.TestCase):
    def test_dropout_model_called_in_training_mode_passes(self):
        src = textwrap.dedent('''\
            import torch
            import torch.nn as nn


            class Drop(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(8, 8)
                    self.drop = nn.Dropout(0.5)

                def forward(self, x):
                    return self.drop(self.fc(x))


            m = Drop()
            y = m(torch.randn(4, 8))
            ''')
        r = verify({"source": src})
        self.assertEqual(r["verdict"], "PASS", r)
        self.assertTrue(any("eval mode" in n for n in r["notes"]))

    def test_script_that_switches_to_train_mode_is_compared_in_eval_mode_on_both_sides(self):
        # a training script: model.train() (the converted file then has train() but no eval())
        src = textwrap.dedent('''\
            import torch
            import torch.nn as nn


            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(8, 8)
                    self.bn = nn.BatchNorm1d(8)
                    self.drop = nn.Dropout(0.5)

                def forward(self, x):
                    return self.drop(self.bn(self.fc(x)))


            model = Net()
            model.train()
            y = model(torch.randn(4, 8))
            ''')
        r = verify({"source": src})
        self.assertEqual(r["verdict"], "PASS", (r["outputs"], r["first_divergence"]))


class ApiTest(unittest.TestCase):
    def test_worker_entry_point_returns_json(self):
        out = json.loads(api.handle("verify", json.dumps({"source": NORM_NET, "from": "torch", "to": "tensorflow",
                                                           "entry": None, "inputs": None})))
        self.assertTrue(out["ok"])
        res = out["result"]
        self.assertEqual(res["verdict"], "PASS")
        for key in ("outputs", "layers", "first_divergence", "error", "ms"):
            self.assertIn(key, res)


if __name__ == "__main__":
    unittest.main()
