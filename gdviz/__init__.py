"""gdviz: see gradient descent and backpropagation, one step at a time."""

__version__ = "0.1.0"
