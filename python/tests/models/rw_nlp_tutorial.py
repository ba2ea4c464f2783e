"""Tutorial-style NLP script: a vocabulary built from sentences, batches made with the legacy
torch.LongTensor from NumPy arrays, a bidirectional LSTM with dot-product attention over its
outputs (torch.dot per step, torch.mv for the context), a small transformer encoder block whose padding mask comes from
``seq.data.eq(0)``, and greedy top-k sampling through torch.multinomial (k=1: deterministic)."""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sentences = ["the cat sat", "a dog ran", "the dog sat", "a cat ran"]
words = sorted(set(" ".join(sentences).split()))
word2idx = {w: i + 1 for i, w in enumerate(words)}  # 0 is padding
n_vocab = len(word2idx) + 1


class AttnBiLSTM(nn.Module):
    def __init__(self, n_hidden=4):
        super(AttnBiLSTM, self).__init__()
        self.n_hidden = n_hidden
        self.emb = nn.Embedding(n_vocab, 5)
        self.lstm = nn.LSTM(5, n_hidden, bidirectional=True)
        self.out = nn.Linear(n_hidden * 2, 2)

    def attend(self, outputs, final):
        # outputs: [len, 2H]; final: [2H]
        scores = torch.zeros(outputs.size(0))
        for i in range(outputs.size(0)):
            scores[i] = torch.dot(outputs[i], final)
        return F.softmax(scores, dim=0)

    def forward(self, X):
        x = self.emb(X).transpose(0, 1)  # [len, batch, emb]
        output, (h_n, c_n) = self.lstm(x)
        finals = torch.cat([h_n[0], h_n[1]], dim=1)  # [batch, 2H]
        context = []
        for b in range(X.size(0)):
            w = self.attend(output[:, b], finals[b])
            context.append(torch.mv(output[:, b].t(), w))
        return self.out(torch.stack(context))


def get_attn_pad_mask(seq_q, seq_k):
    batch_size, len_q = seq_q.size()
    batch_size, len_k = seq_k.size()
    return seq_k.data.eq(0).unsqueeze(1).expand(batch_size, len_q, len_k)


class TinyEncoder(nn.Module):
    def __init__(self, d_model=8, n_heads=2):
        super(TinyEncoder, self).__init__()
        self.n_heads, self.d_k = n_heads, d_model // n_heads
        self.emb = nn.Embedding(n_vocab, d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.norm = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, n_vocab, bias=False)

    def forward(self, ids):
        B, T = ids.size()
        x = self.emb(ids)
        q, k, v = self.qkv(x).split(x.size(-1), dim=2)
        q, k, v = [t.view(B, T, self.n_heads, self.d_k).transpose(1, 2) for t in (q, k, v)]
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.d_k)
        mask = get_attn_pad_mask(ids, ids).unsqueeze(1).repeat(1, self.n_heads, 1, 1)
        scores.masked_fill_(mask, -1e9)
        ctx = torch.matmul(F.softmax(scores, dim=-1), v).transpose(1, 2).contiguous().view(B, T, -1)
        return self.lm_head(self.norm(x + ctx))


@torch.no_grad()
def sample_next(model, ids, top_k=1):
    logits = model(ids)[:, -1, :]
    v, _ = torch.topk(logits, top_k)
    logits[logits < v[:, [-1]]] = -float('Inf')
    return torch.multinomial(F.softmax(logits, dim=-1), num_samples=1)


batch = torch.LongTensor([np.asarray([word2idx[w] for w in s.split()]) for s in sentences])
padded = torch.cat([batch, torch.zeros(4, 1, dtype=torch.long)], dim=1)

torch.manual_seed(0)
classifier = AttnBiLSTM()
classifier.eval()
logits = classifier(batch)
encoder = TinyEncoder()
encoder.eval()
next_ids = sample_next(encoder, padded)
