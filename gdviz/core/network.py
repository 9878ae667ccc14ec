"""A feed-forward network, its forward pass and its backward pass (backprop).

Layer 0 is the input. ``weights[l][j, i]`` is the weight from node ``i`` of
layer ``l`` into node ``j`` of layer ``l + 1``: each row lists a node's incoming
weights, as the course writes them. ``biases[l][j]`` belongs to node ``j`` of
layer ``l + 1``.

Every array keeps one row per sample, so a batch flows through in one go.
Each activation and loss carries its own value and slope (activations.py,
losses.py); here they are chained: ``forward`` computes ``z = W a + b`` and
``a = f(z)`` layer by layer, ``backward`` the chain rule's factors from the
output back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdviz.core.activations import ACTIVATIONS, Activation
from gdviz.core.losses import LOSSES, Loss, mean_loss


@dataclass(slots=True, eq=False)
class Network:
    """Architecture plus parameters. Never changed in place: an update makes a new one."""

    layers: tuple[int, ...]
    activations: tuple[str, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...] | None = None

    @property
    def depth(self) -> int:
        """Number of layers after the input (the number of weight matrices)."""
        return len(self.weights)

    def activation(self, l: int) -> Activation:
        """The activation of layer ``l + 1`` (the layer fed by ``weights[l]``)."""
        return ACTIVATIONS[self.activations[l]]

    def with_params(self, weights: tuple[np.ndarray, ...], biases: tuple[np.ndarray, ...] | None) -> Network:
        """The same architecture with other parameters (possibly stacked, see ``forward``)."""
        return Network(self.layers, self.activations, weights, biases)

    def __repr__(self) -> str:
        shape = "-".join(map(str, self.layers))
        return f"Network({shape}, {', '.join(self.activations)}, biases={self.biases is not None})"


@dataclass(slots=True)
class ForwardPass:
    """Every node's input ``z[l]`` and output ``a[l]``, one row per sample.

    ``a[0]`` is the input data and ``z[0]`` is None.
    """

    z: list[np.ndarray | None]
    a: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.a[-1]


@dataclass(slots=True)
class BackwardPass:
    """All slopes of one batch, as backprop finds them from the output back.

    Per sample (one row each), for every layer ``l >= 1``:
      - ``loss_slope[l]``: dl/da, the slope of the loss with respect to a node's output;
      - ``act_slope[l]``: f'(z), the slope of the node's activation at its input;
      - ``node_slope[l]``: dl/dz = act_slope * loss_slope.
    A weight's per-sample slope is value in x activation slope x loss slope
    (see ``sample_slopes``). The batch slopes ``grad_weights`` and
    ``grad_biases`` are those averaged over the samples.
    """

    loss_slope: list[np.ndarray | None]
    act_slope: list[np.ndarray | None]
    node_slope: list[np.ndarray | None]
    grad_weights: tuple[np.ndarray, ...]
    grad_biases: tuple[np.ndarray, ...] | None


def forward(net: Network, x: np.ndarray) -> ForwardPass:
    """Push a batch ``x`` (samples x inputs) through the network.

    The parameters may carry leading axes, ``weights[l]`` of shape
    ``(..., nodes out, nodes in)`` and ``biases[l]`` of ``(..., nodes out)``: then
    the batch goes through every stacked parameter set at once (the loss
    landscape uses this for a whole grid of weights) and each ``z`` and ``a``
    gets those leading axes too.
    """
    z: list[np.ndarray | None] = [None]
    a = [x]
    for l, w in enumerate(net.weights):
        zl = a[-1] @ np.swapaxes(w, -1, -2)
        if net.biases is not None:
            zl = zl + net.biases[l][..., None, :]  # the same bias for every sample
        z.append(zl)
        a.append(ACTIVATIONS[net.activations[l]].f(zl))
    return ForwardPass(z, a)


def batch_loss(loss: Loss, yhat: np.ndarray, y: np.ndarray) -> float:
    """The batch loss L: the mean of the per-sample losses."""
    return float(mean_loss(loss.value(yhat, y)))


def backward(net: Network, fwd: ForwardPass, y: np.ndarray, loss: Loss) -> BackwardPass:
    """Backprop: the chain rule applied layer by layer, from the output back.

    A hidden node's loss slope is the sum, over its outgoing weights, of
    weight x activation slope x loss slope of the node that weight feeds.
    """
    n = net.depth
    samples = y.shape[0]
    loss_slope: list[np.ndarray | None] = [None] * (n + 1)
    act_slope: list[np.ndarray | None] = [None] * (n + 1)
    node_slope: list[np.ndarray | None] = [None] * (n + 1)
    grad_w: list[np.ndarray] = [None] * n  # type: ignore[list-item]
    grad_b: list[np.ndarray] = [None] * n  # type: ignore[list-item]

    da = loss.slope(fwd.a[n], y)
    for l in range(n, 0, -1):
        fp = ACTIVATIONS[net.activations[l - 1]].slope(fwd.z[l], fwd.a[l])
        dz = fp * da
        if l == n and simplifies_to_a_minus_y(net, loss):
            # loss slope x sigmoid slope = (a - y) / (a(1 - a)) x a(1 - a) = a - y, which
            # stays right when a saturated sigmoid makes both factors useless in floating point.
            dz = fwd.a[n] - y
        loss_slope[l], act_slope[l], node_slope[l] = da, fp, dz
        # Averaging over the batch: scale once, then sum over samples.
        g = dz if samples == 1 else dz / samples
        grad_w[l - 1] = g.T @ fwd.a[l - 1]
        if net.biases is not None:
            grad_b[l - 1] = g.sum(axis=0)
        if l > 1:
            da = dz @ net.weights[l - 1]
    return BackwardPass(
        loss_slope,
        act_slope,
        node_slope,
        tuple(grad_w),
        tuple(grad_b) if net.biases is not None else None,
    )


def simplifies_to_a_minus_y(net: Network, loss: Loss) -> bool:
    """True when the output's slope dl/dz is best computed as a - y: a sigmoid
    output with a loss made for it (binary cross-entropy)."""
    return loss.cancels_sigmoid and net.activations[-1] == "sigmoid"


def sample_slopes(fwd: ForwardPass, bwd: BackwardPass, s: int, l: int) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``s``'s own slopes of ``weights[l]`` and ``biases[l]``.

    A weight's slope is value in x (activation slope x loss slope), that is
    ``a[l][s, i] * node_slope[l + 1][s, j]``; a bias's value in is 1, so its
    slope is the node slope. The batch slopes are these averaged over the samples.
    """
    node = bwd.node_slope[l + 1][s]
    return fwd.a[l][s][None, :] * node[:, None], node


def loss_of(net: Network, x: np.ndarray, y: np.ndarray, loss: Loss | str) -> float:
    """The batch loss of ``net`` on ``(x, y)``: one forward pass."""
    loss = LOSSES[loss] if isinstance(loss, str) else loss
    return batch_loss(loss, forward(net, x).output, y)


def init_weights(layers: tuple[int, ...], scheme: str, seed: int) -> tuple[np.ndarray, ...]:
    """Random starting weights: ``xavier`` (Glorot uniform), ``he`` (normal with
    variance 2 / fan-in) or ``uniform`` (on [-1, 1]). Same seed, same weights."""
    rng = np.random.default_rng(seed)
    out = []
    for fan_in, fan_out in zip(layers[:-1], layers[1:]):
        if scheme == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-limit, limit, (fan_out, fan_in))
        elif scheme == "he":
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_out, fan_in))
        elif scheme == "uniform":
            w = rng.uniform(-1.0, 1.0, (fan_out, fan_in))
        else:
            raise ValueError(f"unknown weight init {scheme!r}")
        out.append(w)
    return tuple(out)
