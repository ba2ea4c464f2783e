# LSTM language model: embedding, a two-layer LSTM and tied output weights
import torch
import torch.nn as nn


class LSTMLanguageModel(nn.Module):
    def __init__(self, vocab_size: int = 50, embed_dim: int = 16, hidden_dim: int = 16, num_layers: int = 2, dropout: float = 0.2):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=num_layers, dropout=dropout, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.decoder = nn.Linear(hidden_dim, vocab_size)
        self.decoder.weight = self.embedding.weight    # weight tying (embed_dim == hidden_dim)

    def init_hidden(self, batch_size: int):
        # A fresh (h0, c0) pair on the model's device and dtype; call it at the start of every sequence batch.
        weight = next(self.parameters())
        return (weight.new_zeros(self.num_layers, batch_size, self.hidden_dim),
                weight.new_zeros(self.num_layers, batch_size, self.hidden_dim))

    def forward(self, tokens: torch.Tensor, hidden):
        emb = self.dropout(self.embedding(tokens))    # (batch, seq, embed_dim)
        output, hidden = self.lstm(emb, hidden)
        logits = self.decoder(self.dropout(output))   # (batch, seq, vocab)
        return logits, hidden


torch.manual_seed(0)
model = LSTMLanguageModel().eval()
tokens = torch.randint(0, 50, (2, 7))
hidden = model.init_hidden(batch_size=2)
logits, (h, c) = model(tokens, hidden)
print(logits.shape, h.shape)
