"""Issue 3's speed-target GPT: the test suite's nanoGPT model (python/tests/models/gpt.py)
at 2 layers, 4 heads, embedding 32, 16 tokens. Not a module of its own: the benchmarks
append it to that model's source (``gpt_source()`` in bench/bench_tracer.py, GPT_SOURCE
in scripts/bench-browser.mjs) and time ``model(idx)``."""
torch.manual_seed(0)
config = GPTConfig(vocab_size=64, block_size=16, n_layer=2, n_head=4, n_embd=32, dropout=0.0)
model = GPT(config)
model.eval()
idx = torch.randint(0, config.vocab_size, (1, config.block_size))
