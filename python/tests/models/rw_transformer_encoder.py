"""Text classifier on nn.TransformerEncoder (the PyTorch tutorial's shape): token embedding scaled by
sqrt(d_model), a learned position embedding as nn.Parameter, batch_first encoder layers with a padding
mask, mean over the non-padded tokens, and a linear head."""
import math

import torch
import torch.nn as nn


class TextClassifier(nn.Module):
    def __init__(self, vocab_size=20, d_model=8, nhead=2, num_layers=2, num_classes=3, max_len=16, pad_idx=0):
        super().__init__()
        self.pad_idx = pad_idx
        self.d_model = d_model
        self.embedding = nn.Embedding(vocab_size, d_model, padding_idx=pad_idx)
        self.pos_embedding = nn.Parameter(torch.randn(1, max_len, d_model) * 0.02)
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=16, dropout=0.1, activation="gelu",
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(d_model))
        self.classifier = nn.Linear(d_model, num_classes)

    def forward(self, tokens):
        padding_mask = tokens == self.pad_idx                      # True where there is no token
        x = self.embedding(tokens) * math.sqrt(self.d_model)
        x = x + self.pos_embedding[:, :tokens.size(1)]
        x = self.encoder(x, src_key_padding_mask=padding_mask)
        keep = (~padding_mask).unsqueeze(-1).float()
        pooled = (x * keep).sum(dim=1) / keep.sum(dim=1).clamp(min=1.0)
        return self.classifier(pooled)


class CausalBlock(nn.Module):
    """A post-norm encoder layer used as a causal language-model block (sequence-first layout)."""

    def __init__(self, d_model=8, nhead=2):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=12, dropout=0.0)

    def forward(self, x):
        n = x.size(0)
        mask = torch.triu(torch.ones(n, n), diagonal=1).bool()
        return self.layer(x, src_mask=mask)


torch.manual_seed(0)
model = TextClassifier()
model.eval()
tokens = torch.tensor([[5, 3, 9, 0, 0], [7, 1, 2, 4, 11]])
logits = model(tokens)
print(logits.shape)

block = CausalBlock()
block.eval()
out = block(torch.randn(4, 2, 8))
print(out.shape)
