"""Sine-wave sequence predictor: two stacked LSTMCells stepped over input.split(1, dim=1), then fed
their own output for `future` steps; a GRU cell variant with a carried hidden state."""
import torch
import torch.nn as nn


class Sequence(nn.Module):
    def __init__(self, hidden=6):
        super(Sequence, self).__init__()
        self.hidden = hidden
        self.lstm1 = nn.LSTMCell(1, hidden)
        self.lstm2 = nn.LSTMCell(hidden, hidden)
        self.linear = nn.Linear(hidden, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), self.hidden)
        c_t = torch.zeros(input.size(0), self.hidden)
        h_t2 = torch.zeros(input.size(0), self.hidden)
        c_t2 = torch.zeros(input.size(0), self.hidden)
        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for i in range(future):
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        return torch.cat(outputs, dim=1)


class GRUTagger(nn.Module):
    def __init__(self, n_in=3, hidden=4, n_tags=2):
        super().__init__()
        self.cell = nn.GRUCell(n_in, hidden)
        self.out = nn.Linear(hidden, n_tags)

    def forward(self, xs):
        h = None
        tags = []
        for t in range(xs.shape[1]):
            h = self.cell(xs[:, t], h)
            tags.append(self.out(h).log_softmax(-1))
        return torch.stack(tags, 1)


torch.manual_seed(0)
seq = Sequence()
pred = seq(torch.sin(torch.arange(10.0).view(2, 5) / 3.0), future=3)
tagger = GRUTagger()
tags = tagger(torch.randn(2, 4, 3))
