"""Backprop's slopes are right: property tests against finite differences.

For random small networks, every activation, every loss, with and without
biases, the batch slopes that ``backward`` finds must match central finite
differences of the batch loss ``loss_of``. The per-sample pieces the course
shows (value in x activation slope x loss slope) must multiply up to the
per-sample weight slopes, and those must average to the batch slopes.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gdviz.core.activations import ACTIVATIONS
from gdviz.core.losses import LOSSES
from gdviz.core.network import Network, backward, batch_slopes, forward, loss_of

H = 1e-6
"""Finite-difference step."""
RTOL = 1e-4
ATOL = 1e-6
KINK = 1e-3
"""relu and leaky_relu are not differentiable at 0: pre-activations must keep this far away."""
BCE_MAX_Z = 10.0
"""For binary cross-entropy the output's pre-activation stays within +-BCE_MAX_Z: beyond
that ``1 - p`` loses most of its digits to rounding (and far beyond, the loss is clipped),
so the finite difference, not backprop, would be wrong."""
KINKED = ("relu", "leaky_relu")

VALUES = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False, width=64)
PARAMS = VALUES | st.floats(0.01, 2.0) | st.floats(-2.0, -0.01)
"""Weights, biases and inputs: any value in [-2, 2], but less often 0 or tiny
(Hypothesis favours those, and they put relu inputs on the kink)."""
UNIT = st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False, width=64)


def examples(n: int) -> settings:
    # Filtering by assume_smooth is expected (a quarter of the draws at most).
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def test_every_activation_and_loss_is_covered():
    # The parametrizations below are taken from these dicts; this pins what they hold.
    assert set(ACTIVATIONS) == {"identity", "relu", "sigmoid", "tanh", "leaky_relu"}
    assert set(LOSSES) == {"mse", "sse", "half_sse", "binary_cross_entropy"}


# -- strategies ---------------------------------------------------------------
@st.composite
def problems(draw, act: str | None, loss: str | None, with_biases: bool | None):
    """A random network plus a batch ``(x, y)`` for it.

    ``act`` is placed on the output layer and on one randomly chosen hidden
    layer (if there is one); the other layers get random activations. For
    binary cross-entropy the output layer is sigmoid and ``act`` goes on a
    hidden layer. ``None`` for any argument means: draw it at random.
    """
    if loss is None:
        loss = draw(st.sampled_from(sorted(LOSSES)))
    if act is None:
        act = draw(st.sampled_from(sorted(ACTIVATIONS)))
    if with_biases is None:
        with_biases = draw(st.booleans())
    bce = loss == "binary_cross_entropy"
    depth = draw(st.integers(2 if bce else 1, 3))
    layers = tuple(draw(st.integers(1, 4)) for _ in range(depth + 1))
    activations = [draw(st.sampled_from(sorted(ACTIVATIONS))) for _ in range(depth)]
    activations[-1] = "sigmoid" if bce else act
    if depth > 1:
        activations[draw(st.integers(0, depth - 2))] = act
    weights = tuple(
        draw(arrays(np.float64, (n_out, n_in), elements=PARAMS, fill=st.nothing()))
        for n_in, n_out in zip(layers[:-1], layers[1:])
    )
    biases = None
    if with_biases:
        biases = tuple(draw(arrays(np.float64, (n,), elements=PARAMS, fill=st.nothing())) for n in layers[1:])
    samples = draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (samples, layers[0]), elements=PARAMS, fill=st.nothing()))
    y = draw(arrays(np.float64, (samples, layers[-1]), elements=UNIT if bce else VALUES, fill=st.nothing()))
    net = Network(layers, tuple(activations), weights, biases)
    return net, x, y, loss


def assume_smooth(net: Network, x: np.ndarray, loss: str) -> None:
    """Skip points where the loss is not smooth enough for finite differences.

    A relu or leaky_relu node must keep its input at least KINK away from 0,
    unless that input is 0 whatever the parameters: no biases and every value
    coming in stuck at exactly 0 (a zero input, or a node that is itself stuck
    at 0 or is a relu held well below its kink). Such dead paths are common with
    relu and no biases, and they are worth checking too.
    """
    fwd = forward(net, x)
    stuck = x == 0  # per sample and node: the value is exactly 0 for any small change of parameters
    for l, name in enumerate(net.activations):
        z = fwd.z[l + 1]
        z_stuck = np.broadcast_to(stuck.all(axis=1, keepdims=True) & (net.biases is None), z.shape)
        if name in KINKED:
            assume(bool(np.all((np.abs(z) > KINK) | z_stuck)))
        stuck = z_stuck & (name != "sigmoid")
        if name == "relu":
            stuck = stuck | (z < -KINK)
    if loss == "binary_cross_entropy":
        assume(bool(np.all(np.abs(fwd.z[-1]) < BCE_MAX_Z)))


# -- finite differences -------------------------------------------------------
def numeric_slopes(net: Network, x: np.ndarray, y: np.ndarray, loss: str):
    """Central differences of the batch loss for every weight and bias."""

    def slope(make) -> float:
        up = loss_of(make(+H), x, y, loss)
        down = loss_of(make(-H), x, y, loss)
        return (up - down) / (2 * H)

    grad_w = []
    for l, w in enumerate(net.weights):
        g = np.zeros_like(w)
        for idx in np.ndindex(w.shape):

            def make(d, l=l, idx=idx):
                ws = [m.copy() for m in net.weights]
                ws[l][idx] += d
                return net.with_params(tuple(ws), net.biases)

            g[idx] = slope(make)
        grad_w.append(g)
    grad_b = None
    if net.biases is not None:
        grad_b = []
        for l, b in enumerate(net.biases):
            g = np.zeros_like(b)
            for j in range(len(b)):

                def make(d, l=l, j=j):
                    bs = [v.copy() for v in net.biases]
                    bs[l][j] += d
                    return net.with_params(net.weights, tuple(bs))

                g[j] = slope(make)
            grad_b.append(g)
    return grad_w, grad_b


def assert_slopes_match(net: Network, x: np.ndarray, y: np.ndarray, loss: str) -> None:
    bwd = backward(net, forward(net, x), y, LOSSES[loss])
    num_w, num_b = numeric_slopes(net, x, y, loss)
    # A central difference carries rounding error of about eps * |L| / H, so
    # the absolute tolerance grows with the size of the loss itself.
    atol = ATOL * max(1.0, abs(loss_of(net, x, y, loss)))
    assert len(bwd.grad_weights) == net.depth
    for l, (got, want) in enumerate(zip(bwd.grad_weights, num_w)):
        assert got.shape == net.weights[l].shape
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=f"grad_weights[{l}] of {net}")
    if net.biases is None:
        assert bwd.grad_biases is None
    else:
        assert bwd.grad_biases is not None and len(bwd.grad_biases) == net.depth
        for l, (got, want) in enumerate(zip(bwd.grad_biases, num_b)):
            assert got.shape == net.biases[l].shape
            np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=f"grad_biases[{l}] of {net}")


# -- backprop against finite differences ---------------------------------------
CASES = [
    pytest.param(act, loss, id=f"{act}-{loss}") for act in sorted(ACTIVATIONS) for loss in sorted(LOSSES)
]


@pytest.mark.parametrize("with_biases", [False, True], ids=["no-biases", "biases"])
@pytest.mark.parametrize(("act", "loss"), CASES)
@examples(20)
@given(data=st.data())
def test_backprop_matches_finite_differences(act, loss, with_biases, data):
    net, x, y, loss = data.draw(problems(act, loss, with_biases))
    assert act in net.activations
    assume_smooth(net, x, loss)
    assert_slopes_match(net, x, y, loss)


@examples(20)
@given(
    act=st.sampled_from(sorted(ACTIVATIONS)),
    depth=st.integers(1, 3),
    width=st.integers(1, 4),
    samples=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
    with_biases=st.booleans(),
    loss=st.sampled_from(sorted(LOSSES)),
)
def test_backprop_with_one_activation_everywhere(act, depth, width, samples, seed, with_biases, loss):
    """Same check with numpy-drawn numbers: the same activation on every layer."""
    rng = np.random.default_rng(seed)
    bce = loss == "binary_cross_entropy"
    layers = (width,) * (depth + 1)
    activations = (act,) * depth
    if bce:
        activations = activations[:-1] + ("sigmoid",)
    net = Network(
        layers,
        activations,
        tuple(rng.uniform(-2, 2, (width, width)) for _ in range(depth)),
        tuple(rng.uniform(-2, 2, width) for _ in range(depth)) if with_biases else None,
    )
    x = rng.uniform(-2, 2, (samples, width))
    y = rng.uniform(0, 1, (samples, width)) if bce else rng.uniform(-2, 2, (samples, width))
    assume_smooth(net, x, loss)
    assert_slopes_match(net, x, y, loss)


@examples(60)
@given(data=st.data())
def test_lean_batch_slopes_are_backwards_number_for_number(data):
    """Lean training's backprop skips the factors only the walkthrough shows and
    writes into the arrays it is given: the batch slopes stay exactly backward's."""
    net, x, y, loss_name = data.draw(problems(None, None, None))
    loss = LOSSES[loss_name]
    with np.errstate(all="ignore"):  # any numbers at all, as long as both agree
        fwd = forward(net, x)
        bwd = backward(net, fwd, y, loss)
        grad_w = [np.full_like(w, np.nan) for w in net.weights]
        grad_b = None if net.biases is None else [np.full_like(b, np.nan) for b in net.biases]
        out_w, out_b = list(grad_w), None if grad_b is None else list(grad_b)
        batch_slopes(net, fwd, y, loss, out_w, out_b)
    for got, into, want in zip(out_w, grad_w, bwd.grad_weights, strict=True):
        assert got is into and np.array_equal(got, want, equal_nan=True)
    if net.biases is not None:
        for got, into, want in zip(out_b, grad_b, bwd.grad_biases, strict=True):
            assert got is into and np.array_equal(got, want, equal_nan=True)


# -- the course's per-sample factors ------------------------------------------
@examples(60)
@given(data=st.data())
def test_per_sample_factors_multiply_up_and_average_to_the_batch_slope(data):
    net, x, y, loss_name = data.draw(problems(None, None, None))
    # A saturated sigmoid's output slope is taken as a - y, not its two rounded-away factors.
    assume_smooth(net, x, loss_name)
    loss = LOSSES[loss_name]
    fwd = forward(net, x)
    bwd = backward(net, fwd, y, loss)
    n, samples = net.depth, len(x)

    assert bwd.loss_slope[0] is None and bwd.act_slope[0] is None and bwd.node_slope[0] is None
    np.testing.assert_allclose(bwd.loss_slope[n], loss.slope(fwd.a[n], y))
    for l in range(1, n + 1):
        act = net.activation(l - 1)
        np.testing.assert_allclose(bwd.act_slope[l], act.slope(fwd.z[l], fwd.a[l]))
        np.testing.assert_allclose(bwd.node_slope[l], bwd.act_slope[l] * bwd.loss_slope[l])
        if l < n:
            # A hidden node's loss slope: sum over its outgoing weights of
            # weight x activation slope x loss slope of the node it feeds.
            np.testing.assert_allclose(bwd.loss_slope[l], bwd.node_slope[l + 1] @ net.weights[l])

    for l, w in enumerate(net.weights):
        per_sample = np.zeros((samples, *w.shape))
        for s in range(samples):
            for j in range(w.shape[0]):
                for i in range(w.shape[1]):
                    three = fwd.a[l][s, i] * bwd.act_slope[l + 1][s, j] * bwd.loss_slope[l + 1][s, j]
                    two = fwd.a[l][s, i] * bwd.node_slope[l + 1][s, j]
                    assert np.isclose(three, two, rtol=1e-12, atol=1e-300), (l, j, i, s)
                    per_sample[s, j, i] = two
        np.testing.assert_allclose(bwd.grad_weights[l], per_sample.mean(axis=0), rtol=1e-12, atol=1e-12)
        if net.biases is not None:
            np.testing.assert_allclose(
                bwd.grad_biases[l], bwd.node_slope[l + 1].mean(axis=0), rtol=1e-12, atol=1e-12
            )


@examples(25)
@given(data=st.data())
def test_per_sample_slope_is_the_slope_of_that_samples_loss(data):
    """``a[l][s, i] * node_slope[l + 1][s, j]`` is the slope of sample s's own loss."""
    net, x, y, loss = data.draw(problems(None, None, False))
    assume_smooth(net, x, loss)
    bwd = backward(net, forward(net, x), y, LOSSES[loss])
    fwd = forward(net, x)
    for s in range(len(x)):
        xs, ys = x[s : s + 1], y[s : s + 1]
        want, _ = numeric_slopes(net, xs, ys, loss)
        atol = ATOL * max(1.0, abs(loss_of(net, xs, ys, loss)))
        for l in range(net.depth):
            got = np.outer(bwd.node_slope[l + 1][s], fwd.a[l][s])
            np.testing.assert_allclose(got, want[l], rtol=RTOL, atol=atol, err_msg=f"sample {s}, layer {l}")


# -- activation slopes --------------------------------------------------------
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@examples(50)
@given(
    z=arrays(np.float64, st.integers(1, 8), elements=st.floats(-8.0, 8.0, width=64), fill=st.nothing()),
    shift=st.floats(2 * KINK, 1.0),
)
def test_activation_slope_matches_finite_differences(name, z, shift):
    act = ACTIVATIONS[name]
    if name in KINKED:
        # Move every input at least 2 * KINK away from the kink at 0, keeping its sign.
        z = np.where(np.abs(z) > KINK, z, np.where(z < 0, -shift, shift))
    want = (act.f(z + H) - act.f(z - H)) / (2 * H)
    np.testing.assert_allclose(act.slope(z, act.f(z)), want, rtol=RTOL, atol=ATOL)
