"""A plain MLP classifier, the way tutorials write it."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    """Two hidden layers with ReLU and dropout."""

    def __init__(self, in_features: int = 4, hidden: int = 16, num_classes: int = 3, p: float = 0.2):
        super().__init__()
        print(f"MLP({in_features} -> {hidden} -> {num_classes})")
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, num_classes)
        self.dropout = nn.Dropout(p)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = self.dropout(x)
        x = F.relu(self.fc2(x))
        return F.log_softmax(self.out(x), dim=-1)


def build():
    return MLP()


INPUT = "torch.randn(5, 4)"
