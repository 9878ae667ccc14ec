"""A feed-forward network, its forward pass and its backward pass (backprop).

Layer 0 is the input. ``weights[l][j, i]`` is the weight from node ``i`` of
layer ``l`` into node ``j`` of layer ``l + 1``: each row lists a node's incoming
weights, as the course writes them. ``biases[l][j]`` belongs to node ``j`` of
layer ``l + 1``.

Every array keeps one row per sample, so a batch flows through in one go.
Each activation and loss carries its own value and slope (activations.py,
losses.py); here they are chained: ``forward`` computes ``z = W a + b`` and
``a = f(z)`` layer by layer, ``backward`` the chain rule's factors from the
output back (``batch_slopes`` is the same chain rule for lean training, which
wants only the batch slopes).

Small batches spend their time on numpy calls, not on arithmetic, so the
forward and backward passes make as few calls as the maths allows.
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


class FlatParams:
    """Where each trained parameter array of a network sits in one flat vector:
    the weights, then the biases if they are trained. Lean training keeps the
    parameters, their slopes and an optimizer's memory in such vectors."""

    def __init__(self, net: Network, with_biases: bool) -> None:
        self.template = net
        self.with_biases = with_biases
        arrays = self.trained(net)
        self.shapes = [a.shape for a in arrays]
        self.bounds = np.cumsum([0] + [a.size for a in arrays]).tolist()
        self.size = self.bounds[-1]

    def trained(self, net: Network) -> list[np.ndarray]:
        """``net``'s trained arrays in their flat order."""
        return list(net.weights) + (list(net.biases) if self.with_biases else [])

    def join(self, arrays: tuple[np.ndarray, ...] | list[np.ndarray]) -> np.ndarray:
        """One flat vector of (new) values of the trained arrays."""
        return np.concatenate([a.ravel() for a in arrays])

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        """The trained arrays inside ``flat``, as views of it."""
        b = self.bounds
        return [flat[b[k] : b[k + 1]].reshape(shape) for k, shape in enumerate(self.shapes)]

    def views(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """The weight arrays and the trained bias arrays (None if none) inside ``flat``."""
        parts, d = self.split(flat), self.template.depth
        return parts[:d], parts[d:] if self.with_biases else None

    def network(self, flat: np.ndarray) -> Network:
        """The network whose trained parameters are views of ``flat``."""
        weights, biases = self.views(flat)
        biases = self.template.biases if biases is None else tuple(biases)
        return self.template.with_params(tuple(weights), biases)


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
    biases = net.biases
    for l, w in enumerate(net.weights):
        # For one matrix w.T is the view np.swapaxes gives, and far cheaper to take.
        zl = np.matmul(a[-1], w.T if w.ndim == 2 else np.swapaxes(w, -1, -2))
        if biases is not None:
            b = biases[l]
            zl = zl + (b if b.ndim == 1 else b[..., None, :])  # the same bias for every sample
        z.append(zl)
        a.append(ACTIVATIONS[net.activations[l]].f(zl))
    return ForwardPass(z, a)


def batch_loss(loss: Loss, yhat: np.ndarray, y: np.ndarray) -> float:
    """The batch loss L: the mean of the per-sample losses."""
    return float(mean_loss(loss.value(yhat, y)))


def backward(net: Network, fwd: ForwardPass, y: np.ndarray, loss: Loss) -> BackwardPass:
    """Backprop, keeping every factor the walkthrough shows: each layer's loss,
    activation and node slopes, and the batch slopes (see ``batch_slopes``)."""
    n = net.depth
    loss_slope: list[np.ndarray | None] = [None] * (n + 1)
    act_slope: list[np.ndarray | None] = [None] * (n + 1)
    node_slope: list[np.ndarray | None] = [None] * (n + 1)
    grad_w: list[np.ndarray | None] = [None] * n
    grad_b: list[np.ndarray | None] | None = [None] * n if net.biases is not None else None
    batch_slopes(net, fwd, y, loss, grad_w, grad_b, (loss_slope, act_slope, node_slope))
    return BackwardPass(
        loss_slope,
        act_slope,
        node_slope,
        tuple(grad_w),  # type: ignore[arg-type]
        tuple(grad_b) if grad_b is not None else None,  # type: ignore[arg-type]
    )


def batch_slopes(
    net: Network,
    fwd: ForwardPass,
    y: np.ndarray,
    loss: Loss,
    grad_w: list[np.ndarray | None],
    grad_b: list[np.ndarray | None] | None,
    factors: tuple[list, list, list] | None = None,
) -> None:
    """Backprop: the chain rule applied layer by layer, from the output back.

    A hidden node's loss slope is the sum, over its outgoing weights, of
    weight x activation slope x loss slope of the node that weight feeds.
    The batch slopes of ``weights[l]`` and ``biases[l]`` go to ``grad_w[l]``
    and ``grad_b[l]`` (None: bias slopes are not wanted); an array already
    there is written into, as lean training does with views of one flat
    slope vector. ``factors`` (lists of the loss, activation and node slopes
    by layer, as in BackwardPass) receives every factor; without it the two
    that the output's a - y makes unneeded are not computed.
    """
    n = net.depth
    samples = y.shape[0]
    a_minus_y = simplifies_to_a_minus_y(net, loss)
    da = None if a_minus_y and factors is None else loss.slope(fwd.a[n], y)
    for l in range(n, 0, -1):
        act = ACTIVATIONS[net.activations[l - 1]]
        if l == n and a_minus_y:
            # loss slope x sigmoid slope = (a - y) / (a(1 - a)) x a(1 - a) = a - y, which
            # stays right when a saturated sigmoid makes both factors useless in floating point.
            fp = act.slope(fwd.z[l], fwd.a[l]) if factors is not None else None
            dz = fwd.a[n] - y
        else:
            fp = act.slope(fwd.z[l], fwd.a[l])
            dz = fp * da
        if factors is not None:
            factors[0][l], factors[1][l], factors[2][l] = da, fp, dz
        # Averaging over the batch: scale once, then sum over samples. (numpy
        # divides by a float faster than by an int, with the same result.)
        g = dz if samples == 1 else dz / float(samples)
        grad_w[l - 1] = np.matmul(g.T, fwd.a[l - 1], out=grad_w[l - 1])
        if grad_b is not None:
            # g.sum(axis=0), without the method's overhead
            grad_b[l - 1] = np.add.reduce(g, 0, out=grad_b[l - 1])
        if l > 1:
            da = np.matmul(dz, net.weights[l - 1])


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
