"""Microseconds per training step: the gdviz core against a bare numpy loop.

Both do the same arithmetic (forward, loss, backprop, plain SGD update, loss
kept per step) the lean way ``Trainer.run`` trains; the core also checks each
step for overflow and NaN. Last, the fast-forward rate of the ``xor`` lesson.
Run: ``python benchmarks/training_step.py``.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from gdviz.core.lessons import load_lesson
from gdviz.core.losses import LOSSES
from gdviz.core.network import Network, init_weights
from gdviz.core.optimizers import Optimizer
from gdviz.core.training import Trainer

LR = 0.001


def make(layers: tuple[int, ...], batch: int) -> tuple[Network, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    acts = ("relu",) * (len(layers) - 2) + ("identity",)
    weights = init_weights(layers, "he", 0)
    biases = tuple(np.zeros(n) for n in layers[1:])
    x = rng.normal(size=(batch, layers[0]))
    y = x.sum(axis=1, keepdims=True) * 0.5
    return Network(layers, acts, weights, biases), x, y


def bare_loop(net: Network, x: np.ndarray, y: np.ndarray, steps: int) -> list[float]:
    """The same training written as one plain numpy loop (relu hidden, identity out, mse)."""
    ws = [w.copy() for w in net.weights]
    bs = [b.copy() for b in net.biases]
    n = len(ws)
    batch, outputs = y.shape
    losses = []
    for _ in range(steps):
        zs, acts = [], [x]
        for layer in range(n):
            z = acts[-1] @ ws[layer].T + bs[layer]
            zs.append(z)
            acts.append(np.maximum(z, 0.0) if layer < n - 1 else z)
        err = acts[-1] - y
        losses.append(float((err * err).sum()) / (batch * outputs))
        dz = (2.0 / outputs) * err
        for layer in range(n - 1, -1, -1):
            gw = (dz.T @ acts[layer]) / batch
            gb = dz.sum(axis=0) / batch
            if layer:
                dz = (dz @ ws[layer]) * (zs[layer - 1] > 0)
            ws[layer] = ws[layer] - LR * gw
            bs[layer] = bs[layer] - LR * gb
    return losses


def core_loop(net: Network, x: np.ndarray, y: np.ndarray, steps: int) -> Trainer:
    trainer = Trainer(net, x, y, LOSSES["mse"], Optimizer.create("sgd", learning_rate=LR))
    trainer.run(steps)
    return trainer


def paired_us(core, bare, steps: int, rounds: int = 15) -> tuple[float, float, float]:
    """Median microseconds per step of each, and the median of the paired ratios.

    The two loops alternate round by round, so a machine whose speed drifts
    (shared cores) slows both alike and the ratio stays meaningful.
    """
    cores, bares, ratios = [], [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        core(steps)
        t1 = time.perf_counter()
        bare(steps)
        t2 = time.perf_counter()
        cores.append((t1 - t0) / steps * 1e6)
        bares.append((t2 - t1) / steps * 1e6)
        ratios.append((t1 - t0) / (t2 - t1))
    return statistics.median(cores), statistics.median(bares), statistics.median(ratios)


def main() -> None:
    print(f"{'network':<12}{'batch':>6}{'core us':>10}{'bare us':>10}{'ratio':>8}")
    for layers, batch in (((2, 2, 1), 1), ((4, 8, 8, 1), 32)):
        net, x, y = make(layers, batch)
        core_hist = core_loop(net, x, y, 200).history.values
        assert np.allclose(core_hist, bare_loop(net, x, y, 200)), "loops disagree"
        core, bare, ratio = paired_us(
            lambda s, n=net, x=x, y=y: core_loop(n, x, y, s),
            lambda s, n=net, x=x, y=y: bare_loop(n, x, y, s),
            2000,
        )
        name = "-".join(map(str, layers))
        print(f"{name:<12}{batch:>6}{core:>10.1f}{bare:>10.1f}{ratio:>8.2f}")
    net, x, y = make((2, 2, 1), 1)
    t0 = time.perf_counter()
    trainer = core_loop(net, x, y, 100_000)
    elapsed = time.perf_counter() - t0
    print(
        f"100,000 steps of 2-2-1: {elapsed:.2f} s (target < 3 s); "
        f"loss history {trainer.history.nbytes / 1e6:.2f} MB"
    )
    xor = load_lesson("xor").trainer()
    t0 = time.perf_counter()
    xor.run(100_000)
    elapsed = time.perf_counter() - t0
    rate = 100_000 / elapsed
    print(f"xor lesson (2-3-1 sigmoid, cross-entropy, adam): {rate:,.0f} steps/s (target >= 30,000)")


if __name__ == "__main__":
    main()
