# MLP classifier: a small fully-connected network, the way it is usually written
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    """Two hidden layers with dropout, for 10-way classification."""

    def __init__(self, in_features: int = 16, hidden: int = 32, num_classes: int = 10):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, num_classes)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.fc1(x))
        x = self.dropout(F.relu(self.fc2(x)))
        return F.log_softmax(self.head(x), dim=-1)


torch.manual_seed(0)
model = MLP().eval()
x = torch.randn(4, 16)
probs = model(x).exp()
print(probs.sum(dim=-1))
