# The seed's graph tracer example: pure Ivy, pure PyTorch and a mix of both
# trace to the same graph of torch functions.
import ivy
import torch

ivy.set_backend("torch")


def pure_ivy(x):
    y = ivy.mean(x)
    z = ivy.sum(x)
    f = ivy.var(y)
    k = ivy.cos(z)
    m = ivy.sin(f)
    o = ivy.tan(y)
    return ivy.concatenate(
        [k, m, o], -1)


# input
x = ivy.array([[1., 2., 3.]])
# create graph
graph = ivy.trace_graph(
    pure_ivy, x)
# call graph
ret = graph(x)


def pure_torch(x):
    y = torch.mean(x)
    z = torch.sum(x)
    f = torch.var(y)
    k = torch.cos(z)
    m = torch.sin(f)
    o = torch.tan(y)
    return torch.cat(
        [k, m, o], -1)


# input
x = torch.tensor([[1., 2., 3.]])
# create graph
graph = ivy.trace_graph(
    pure_torch, x)
# call graph
ret = graph(x)


def mix(x):
    y = ivy.mean(x)
    z = torch.sum(x)
    f = ivy.var(y)
    k = torch.cos(z)
    m = ivy.sin(f)
    o = torch.tan(y)
    return ivy.concatenate(
        [k, m, o], -1)


# input
x = ivy.array([[1., 2., 3.]])
# create graph
graph = ivy.trace_graph(
    mix, x)
# call graph
ret = graph(x)
print(ret)
