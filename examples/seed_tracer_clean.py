# The seed's "higher-level code is excluded" example: a Network, a clean and an
# unclean function all trace to the same two-op graph; the print and the unused
# temporary are pruned.
# (The seed writes `class Network(ivy.module)` without a colon; the valid
# spelling is `class Network(ivy.Module):`.)
import ivy

ivy.set_backend("torch")


class Network(ivy.Module):
    def __init__(self):
        self._layer = ivy.Linear(3, 3)
        super().__init__()

    def _forward(self, x):
        return self._layer(x)


# build network
net = Network()
# input
x = ivy.array([1., 2., 3.])
# trace graph
net.trace_graph(x)
# execute graph
net(x)


def clean(x, w, b):
    return w*x + b


# input
x = ivy.array([1., 2., 3.])
w = ivy.random_uniform(
    -1, 1, (3, 3))
b = ivy.zeros((3,))
# trace graph
graph = ivy.trace_graph(
    clean, x, w, b)
# execute graph
graph(x, w, b)


def unclean(x, w, b):
    y = b + w + x
    print('message')
    wx = w * x
    ret = wx + b
    temp = y * wx
    return ret


# input
x = ivy.array([1., 2., 3.])
w = ivy.random_uniform(
    -1, 1, (3, 3))
b = ivy.zeros((3,))
# trace graph
graph = ivy.trace_graph(
    unclean, x, w, b)
# execute graph
graph(x, w, b)
