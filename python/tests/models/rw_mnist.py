"""MNIST-style classifier and its evaluation step: conv/max-pool/dropout, log_softmax output,
F.nll_loss and argmax accuracy the way training scripts compute them."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1)
        self.conv2 = nn.Conv2d(4, 8, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def evaluate(model, data, target):
    output = model(data)
    test_loss = F.nll_loss(output, target, reduction='sum')
    pred = output.argmax(dim=1, keepdim=True)
    correct = pred.eq(target.view_as(pred)).sum()
    return test_loss, correct


torch.manual_seed(0)
model = Net()
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
images, labels = torch.randn(6, 1, 8, 8), torch.randint(0, 10, (6,))
loader = DataLoader(TensorDataset(images, labels), batch_size=3)
model.eval()
with torch.no_grad():
    for data, target in loader:
        loss, correct = evaluate(model, data, target)
        break
