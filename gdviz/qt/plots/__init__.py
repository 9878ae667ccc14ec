"""Plots beside the diagram (pyqtgraph): loss curve, gradient step, loss surface, optimizer race."""
