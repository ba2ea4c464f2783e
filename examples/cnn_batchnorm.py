# CNN with BatchNorm: two conv blocks, batch norm, dropout and a linear classifier
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    """Conv -> BatchNorm -> ReLU -> 2x2 max pool."""

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)


class SmallCNN(nn.Module):
    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            ConvBlock(3, 8),
            ConvBlock(8, 16),
        )
        self.dropout = nn.Dropout(p=0.25)
        self.classifier = nn.Linear(16 * 2 * 2, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)               # (N, 16, 2, 2) for 8x8 inputs
        x = torch.flatten(x, start_dim=1)
        x = self.dropout(x)
        return self.classifier(x)


torch.manual_seed(0)
model = SmallCNN()
model.eval()                               # BatchNorm uses running stats, dropout is off
images = torch.randn(2, 3, 8, 8)           # NCHW, as PyTorch expects
with torch.no_grad():
    logits = model(images)
print(logits.shape)
