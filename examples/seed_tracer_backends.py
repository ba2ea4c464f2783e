# The seed's multi-backend example: the same Ivy function traces to a graph of
# TensorFlow, NumPy or JAX functions depending on the backend.
import ivy


def ivy_func(x, y):
    w = ivy.diag(x)
    z = ivy.matmul(w, y)
    return z


for backend in ("tensorflow", "numpy", "jax"):
    ivy.set_backend(backend)
    # input
    x = ivy.array([[1., 2., 3.]])
    y = ivy.array([[2., 3., 4.]])
    # create graph
    graph = ivy.trace_graph(
        ivy_func, x, y)
    # call graph
    ret = graph(x, y)
    print(backend, graph.op_labels(), ret)
    ivy.unset_backend()
