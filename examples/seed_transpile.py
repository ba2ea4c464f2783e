# The seed's source-to-source transpiler example: a PyTorch network becomes a
# TensorFlow class (its source is also written to Translated_Outputs/).
import ivy
import tensorflow as tf
import torch


class Network(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self._linear = torch.nn.Linear(3, 3)

    def forward(self, x):
        return self._linear(x)


TFNetwork = ivy.transpile(Network, source="torch", target="tensorflow")
x = tf.convert_to_tensor([1., 2., 3.])
net = TFNetwork()
net(x)
