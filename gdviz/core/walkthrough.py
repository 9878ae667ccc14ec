"""Step-through: one training step split into micro-steps a class can follow.

For every sample of the batch the walkthrough visits each node's forward
computation, that sample's loss, then each node's backward computation and each
weight's slope with its three factors. A batch of several samples then shows
each averaged slope. Last come the updates, one parameter at a time.

The walkthrough moves forward and back through micro-steps, and back across
earlier training steps (a bounded number), by saving and restoring the
trainer's state. It never changes numbers itself: everything it shows comes
from the :class:`~gdviz.core.training.StepRecord` the trainer computed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from gdviz.core.names import bias_name, node_name, weight_name
from gdviz.core.numbers import fmt
from gdviz.core.training import Diverged, Divergence, StepRecord, Trainer, TrainState

FORWARD, LOSS, BACKWARD, AVERAGE, UPDATE = "forward", "loss", "backward", "average", "update"
PHASES = (FORWARD, LOSS, BACKWARD, AVERAGE, UPDATE)


@dataclass(frozen=True)
class MicroStep:
    """One thing to look at.

    ``kind`` is ``"node"``, ``"loss"``, ``"weight"`` or ``"bias"``. For a node,
    ``layer`` is its layer (1 = first after the input) and ``node`` its index;
    for a weight or bias, ``layer`` is the parameter's matrix index ``l``,
    ``node`` the node it feeds (``j``) and ``source`` the node it comes from
    (``i``). ``sample`` is the row within the batch, or -1 for batch-wide
    micro-steps (batch loss, averages, updates).
    """

    phase: str
    kind: str
    sample: int = -1
    layer: int = -1
    node: int = -1
    source: int = -1


def micro_steps(record: StepRecord, has_biases: bool, train_biases: bool) -> list[MicroStep]:
    """The micro-steps of one training step, in teaching order."""
    layers = record.before.layers
    depth = len(layers) - 1
    samples = len(record.x)
    out: list[MicroStep] = []
    for s in range(samples):
        for l in range(1, depth + 1):
            out += [MicroStep(FORWARD, "node", s, l, j) for j in range(layers[l])]
        out.append(MicroStep(LOSS, "loss", s))
        for l in range(depth, 0, -1):
            out += [MicroStep(BACKWARD, "node", s, l, j) for j in range(layers[l])]
            for j in range(layers[l]):
                out += [MicroStep(BACKWARD, "weight", s, l - 1, j, i) for i in range(layers[l - 1])]
                if has_biases:
                    out.append(MicroStep(BACKWARD, "bias", s, l - 1, j))
    if samples > 1:
        out.append(MicroStep(LOSS, "loss"))
        out += [_param(AVERAGE, l, j, i) for l, j, i in _params(layers, has_biases)]
    out += [_param(UPDATE, l, j, i) for l, j, i in _params(layers, train_biases)]
    return out


def _params(layers: tuple[int, ...], with_biases: bool) -> list[tuple[int, int, int]]:
    """(l, j, i) of every weight, with i = -1 for biases, layer by layer."""
    out = []
    for l in range(len(layers) - 1):
        for j in range(layers[l + 1]):
            out += [(l, j, i) for i in range(layers[l])]
            if with_biases:
                out.append((l, j, -1))
    return out


def _param(phase: str, l: int, j: int, i: int) -> MicroStep:
    return MicroStep(phase, "bias" if i < 0 else "weight", -1, l, j, i)


def slope_factors(record: StepRecord, s: int, l: int, j: int, i: int) -> tuple[float, float, float, float]:
    """The course's three factors of one sample's slope for ``weights[l][j][i]``
    (``i = -1`` for the bias, whose value in is 1), and their product.

    value in x activation slope x loss slope = slope.
    """
    value_in = 1.0 if i < 0 else float(record.forward.a[l][s, i])
    act = float(record.backward.act_slope[l + 1][s, j])
    loss = float(record.backward.loss_slope[l + 1][s, j])
    slope = value_in * float(record.backward.node_slope[l + 1][s, j])
    return value_in, act, loss, slope


def batch_slope(record: StepRecord, l: int, j: int, i: int) -> float:
    """The batch slope of ``weights[l][j][i]`` (or bias for ``i = -1``)."""
    if i < 0:
        return float(record.backward.grad_biases[l][j])
    return float(record.backward.grad_weights[l][j, i])


def old_new_direction(record: StepRecord, l: int, j: int, i: int) -> tuple[float, float, float]:
    """A parameter's value before and after the step, and the optimizer's direction."""
    if i < 0:
        return (
            float(record.before.biases[l][j]),
            float(record.after.biases[l][j]),
            float(record.bias_directions[l][j]),
        )
    return (
        float(record.before.weights[l][j, i]),
        float(record.after.weights[l][j, i]),
        float(record.weight_directions[l][j, i]),
    )


# -- formulas --------------------------------------------------------------
def _terms(pairs: list[tuple[float, float]], limit: int = 6) -> str:
    text = [f"{fmt(w)}*{fmt(v)}" for w, v in pairs[:limit]]
    if len(pairs) > limit:
        text.append(f"... ({len(pairs) - limit} more)")
    return " + ".join(text).replace("+ -", "- ") if text else "0"


def formula(record: StepRecord, m: MicroStep, loss_name: str, optimizer_name: str) -> str:
    """The arithmetic of micro-step ``m`` with the real numbers, in the course's terms."""
    net = record.before
    layers = net.layers
    fwd, bwd = record.forward, record.backward
    s = m.sample
    if m.kind == "node" and m.phase == FORWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        pairs = [(float(net.weights[l - 1][j, i]), float(fwd.a[l - 1][s, i])) for i in range(layers[l - 1])]
        terms = _terms(pairs)
        if net.biases is not None:
            terms += f" + {fmt(net.biases[l - 1][j])}"
        z, a = float(fwd.z[l][s, j]), float(fwd.a[l][s, j])
        act = net.activations[l - 1]
        if act == "identity":
            return f"{name} = {terms} = {fmt(a)}"
        inner = f" = {act}({fmt(z)})" if len(pairs) > 1 or net.biases is not None else ""
        return f"{name} = {act}({terms}){inner} = {fmt(a)}"
    if m.kind == "loss":
        if s < 0:
            losses = " + ".join(fmt(v) for v in record.sample_losses[:6])
            more = f" + ... ({len(record.sample_losses) - 6} more)" if len(record.sample_losses) > 6 else ""
            return f"batch loss = ({losses}{more}) / {len(record.sample_losses)} = {fmt(record.loss)}"
        yhat, y = fwd.a[-1][s], record.y[s]
        errors = ", ".join(f"{fmt(p)} - {fmt(t)} = {fmt(p - t)}" for p, t in zip(yhat, y))
        value = fmt(record.sample_losses[s])
        k = len(yhat)
        if loss_name == "binary_cross_entropy":
            body = " + ".join(
                f"-({fmt(t)} log {fmt(p)} + {fmt(1 - t)} log {fmt(1 - p)})" for p, t in zip(yhat, y)
            )
        else:
            squares = " + ".join(f"({fmt(p - t)})^2" for p, t in zip(yhat, y))
            body = {
                "mse": f"({squares}) / {k}" if k > 1 else squares,
                "sse": squares,
                "half_sse": f"1/2 x ({squares})" if k > 1 else f"1/2 x {squares}",
            }[loss_name]
        return f"error = predicted - actual: {errors}\nloss = {body} = {value}"
    if m.kind == "node" and m.phase == BACKWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        loss_slope = float(bwd.loss_slope[l][s, j])
        act_slope = float(bwd.act_slope[l][s, j])
        act = net.activations[l - 1]
        act_text = f"activation slope = {act}'({fmt(fwd.z[l][s, j])}) = {fmt(act_slope)}"
        if l == len(layers) - 1:
            err = float(fwd.a[l][s, j] - record.y[s, j])
            how = {
                "mse": f"2 x {fmt(err)}" + (f" / {layers[-1]}" if layers[-1] > 1 else ""),
                "sse": f"2 x {fmt(err)}",
                "half_sse": fmt(err),
                "binary_cross_entropy": f"({fmt(fwd.a[l][s, j])} - {fmt(record.y[s, j])}) / "
                f"({fmt(fwd.a[l][s, j])} x {fmt(1 - fwd.a[l][s, j])})",
            }[loss_name]
            return f"{name}: loss slope = {how} = {fmt(loss_slope)}\n{act_text}"
        outgoing = [
            (
                float(net.weights[l][k, j]),
                float(bwd.act_slope[l + 1][s, k]),
                float(bwd.loss_slope[l + 1][s, k]),
            )
            for k in range(layers[l + 1])
        ]
        shown = [f"{fmt(w)} x {fmt(f)} x {fmt(d)}" for w, f, d in outgoing[:4]]
        if len(outgoing) > 4:
            shown.append(f"... ({len(outgoing) - 4} more)")
        return (
            f"{name}: loss slope = {' + '.join(shown)} = {fmt(loss_slope)}"
            "   (weight x activation slope x loss slope, summed over outgoing weights)"
            f"\n{act_text}"
        )
    l, j, i = m.layer, m.node, m.source
    pname = bias_name(layers, l, j) if i < 0 else weight_name(layers, l, j, i)
    if m.phase == BACKWARD:
        v, f, d, slope = slope_factors(record, s, l, j, i)
        return (
            f"slope of {pname} = {fmt(v)} x {fmt(f)} x {fmt(d)} = {fmt(slope)}"
            "   (value in x activation slope x loss slope)"
        )
    if m.phase == AVERAGE:
        per = [slope_factors(record, t, l, j, i)[3] for t in range(len(record.x))]
        shown = " + ".join(fmt(p) for p in per[:6]) + (
            f" + ... ({len(per) - 6} more)" if len(per) > 6 else ""
        )
        return f"slope of {pname} = ({shown}) / {len(per)} = {fmt(batch_slope(record, l, j, i))}   (average over the batch)"
    old, new, direction = old_new_direction(record, l, j, i)
    lr = fmt(record.learning_rate)
    if optimizer_name == "sgd":
        return f"{pname} = {fmt(old)} - {lr} x {fmt(direction)} = {fmt(new)}   (old - learning rate x slope)"
    return (
        f"{pname} = {fmt(old)} - {lr} x {fmt(direction)} = {fmt(new)}"
        f"   (old - learning rate x {optimizer_name} step; slope was {fmt(batch_slope(record, l, j, i))})"
    )


class Walkthrough:
    """A position inside training: which step, and which micro-step of it."""

    def __init__(self, trainer: Trainer, history_limit: int = 1000) -> None:
        self.trainer = trainer
        self._start = trainer.state
        self._past: deque[TrainState] = deque(maxlen=history_limit)
        self.record: StepRecord | None = None
        self.steps: list[MicroStep] = []
        self.index = 0
        self._load_pending()

    # -- where we are --------------------------------------------------------
    @property
    def divergence(self) -> Divergence | None:
        return self.trainer.divergence

    @property
    def current(self) -> MicroStep | None:
        return self.steps[self.index] if self.steps else None

    @property
    def step_number(self) -> int:
        """1-based number of the training step being walked through."""
        return self.trainer.state.step + 1

    @property
    def phase(self) -> str | None:
        m = self.current
        return m.phase if m else None

    @property
    def at_start(self) -> bool:
        return self.index == 0 and not self._past

    def formula(self) -> str:
        """The current micro-step's arithmetic, or the divergence message."""
        if self.record is None or self.current is None:
            return self.divergence.message() if self.divergence else ""
        return formula(self.record, self.current, self.trainer.loss.name, self.trainer.optimizer.name)

    # -- moving --------------------------------------------------------------
    def next(self) -> bool:
        """One micro-step forward; past the last one the step is applied and
        the next training step begins. False if training has diverged."""
        if self.record is None:
            return False
        if self.index < len(self.steps) - 1:
            self.index += 1
            return True
        self._past.append(self.trainer.state)
        self.trainer.apply(self.record)
        self._load_pending()
        return True

    def previous(self) -> bool:
        """One micro-step back, across into the previous training step if
        needed (as far back as the history limit). False at the very start."""
        if self.record is not None and self.index > 0:
            self.index -= 1
            return True
        if not self._past:
            return False
        self.trainer.restore(self._past.pop())
        self._load_pending()
        self.index = max(len(self.steps) - 1, 0)
        return True

    def next_phase(self) -> bool:
        """Jump to the first micro-step of the next phase."""
        if self.record is None:
            return False
        phase = self.steps[self.index].phase
        for k in range(self.index + 1, len(self.steps)):
            if self.steps[k].phase != phase:
                self.index = k
                return True
        self.index = len(self.steps) - 1
        return self.next()

    def previous_phase(self) -> bool:
        """Jump to the start of this phase, or of the previous one if already there."""
        if self.record is None or self.index == 0:
            return self.previous() and self._to_phase_start()
        start = self._phase_start(self.index)
        self.index = start if start < self.index else self._phase_start(start - 1)
        return True

    def finish_step(self) -> bool:
        """Jump to the last micro-step of the current training step (all updates shown)."""
        if self.record is None:
            return False
        self.index = len(self.steps) - 1
        return True

    def run(self, steps: int) -> int:
        """Apply ``steps`` whole training steps from the current one; returns how
        many were applied before any divergence. Lands at the next step's start."""
        done = 0
        while done < steps and self.record is not None:
            self._past.append(self.trainer.state)
            self.trainer.apply(self.record)
            done += 1
            self._load_pending(build=done == steps)
        if self.record is not None and not self.steps:
            self._load_pending()
        return done

    def run_epochs(self, epochs: int) -> int:
        return self.run(epochs * self.trainer.batches_per_epoch)

    def reset(self) -> None:
        """Back to step 0 of the scenario, micro-step 0."""
        self.trainer.restore(self._start)
        self._past.clear()
        self._load_pending()

    # -- internals -------------------------------------------------------------
    def _load_pending(self, build: bool = True) -> None:
        self.index = 0
        try:
            self.record = self.trainer.compute()
        except Diverged as err:
            self.trainer.divergence = err.divergence
            self.record, self.steps = None, []
            return
        self.steps = (
            micro_steps(self.record, self.record.before.biases is not None, self.trainer.train_biases)
            if build
            else []
        )

    def _phase_start(self, k: int) -> int:
        phase = self.steps[k].phase
        while k > 0 and self.steps[k - 1].phase == phase:
            k -= 1
        return k

    def _to_phase_start(self) -> bool:
        if self.steps:
            self.index = self._phase_start(self.index)
        return True
