"""The arithmetic of each micro-step, written out with its real numbers."""

from __future__ import annotations

from gdviz.core.losses import LOSSES
from gdviz.core.microsteps import (
    AVERAGE,
    BACKWARD,
    FORWARD,
    MicroStep,
    batch_slope,
    old_new_direction,
    slope_factors,
)
from gdviz.core.names import bias_name, node_name, weight_name
from gdviz.core.network import sigmoid_cross_entropy
from gdviz.core.numbers import fmt
from gdviz.core.training import StepRecord


def _p(x: float) -> str:
    """A factor: negative numbers in parentheses, so ``3 x (-2)`` never reads as a subtraction."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text


def _sum(terms: list[str], limit: int = 6) -> str:
    """``a + b - c``: terms joined with their signs, long sums shortened."""
    shown = terms[:limit] + ([f"... ({len(terms) - limit} more)"] if len(terms) > limit else [])
    text = " + ".join(shown).replace("+ -", "- ")
    return text or "0"


def formula(record: StepRecord, m: MicroStep, loss_name: str, optimizer_name: str) -> str:
    """The arithmetic of micro-step ``m`` with the real numbers, in the course's terms.

    The first line is the computation; a second line, where there is one, says
    what the factors are.
    """
    net = record.before
    layers = net.layers
    fwd, bwd = record.forward, record.backward
    s = m.sample
    if m.kind == "node" and m.phase == FORWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        terms = [f"{fmt(net.weights[l - 1][j, i])}*{_p(fwd.a[l - 1][s, i])}" for i in range(layers[l - 1])]
        if net.biases is not None:
            terms.append(fmt(net.biases[l - 1][j]))
        z, a = float(fwd.z[l][s, j]), float(fwd.a[l][s, j])
        act = net.activations[l - 1]
        if act == "identity":
            return f"{name} = {_sum(terms)} = {fmt(a)}"
        inner = f" = {act}({fmt(z)})" if len(terms) > 1 else ""
        return f"{name} = {act}({_sum(terms)}){inner} = {fmt(a)}"
    if m.kind == "loss":
        if s < 0:
            losses = _sum([fmt(v) for v in record.sample_losses])
            return f"batch loss = ({losses}) / {len(record.sample_losses)} = {fmt(record.loss)}"
        yhat, y = fwd.a[-1][s], record.y[s]
        errors = ", ".join(f"{fmt(p)} - {_p(t)} = {fmt(p - t)}" for p, t in zip(yhat, y, strict=True))
        value = fmt(record.sample_losses[s])
        k = len(yhat)
        if loss_name == "binary_cross_entropy":
            body = " + ".join(
                f"-({fmt(t)} log {fmt(p)} + {fmt(1 - t)} log {fmt(1 - p)})"
                for p, t in zip(yhat, y, strict=True)
            )
        else:
            squares = " + ".join(f"({fmt(p - t)})^2" for p, t in zip(yhat, y, strict=True))
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
            a, t = float(fwd.a[l][s, j]), float(record.y[s, j])
            how = {
                "mse": f"2 x {_p(a - t)}" + (f" / {layers[-1]}" if layers[-1] > 1 else ""),
                "sse": f"2 x {_p(a - t)}",
                "half_sse": f"{fmt(a)} - {_p(t)}",
                "binary_cross_entropy": f"({fmt(a)} - {_p(t)}) / ({fmt(a)} x {fmt(1 - a)})",
            }[loss_name]
            text = f"{name}: loss slope = {how} = {fmt(loss_slope)}\n{act_text}"
            if sigmoid_cross_entropy(net, LOSSES[loss_name]):
                text += f"; together they simplify to a - y = {fmt(bwd.node_slope[l][s, j])}"
            return text
        outgoing = [
            f"{fmt(net.weights[l][k, j])} x {_p(bwd.act_slope[l + 1][s, k])} x {_p(bwd.loss_slope[l + 1][s, k])}"
            for k in range(layers[l + 1])
        ]
        return (
            f"{name}: loss slope = {_sum(outgoing, 4)} = {fmt(loss_slope)}\n"
            f"(weight x activation slope x loss slope, summed over outgoing weights); {act_text}"
        )
    l, j, i = m.layer, m.node, m.source
    pname = bias_name(layers, l, j) if i < 0 else weight_name(layers, l, j, i)
    if m.phase == BACKWARD:
        v, f, d, slope = slope_factors(record, s, l, j, i)
        if l + 1 == len(layers) - 1 and sigmoid_cross_entropy(net, LOSSES[loss_name]):
            return (
                f"slope of {pname} = {_p(v)} x {_p(bwd.node_slope[l + 1][s, j])} = {fmt(slope)}\n"
                "(value in x (activation slope x loss slope), which for a sigmoid with cross-entropy is a - y)"
            )
        return (
            f"slope of {pname} = {_p(v)} x {_p(f)} x {_p(d)} = {fmt(slope)}\n"
            "(value in x activation slope x loss slope)"
        )
    if m.phase == AVERAGE:
        per = [fmt(slope_factors(record, t, l, j, i)[3]) for t in range(len(record.x))]
        return (
            f"slope of {pname} = ({_sum(per)}) / {len(per)} = {fmt(batch_slope(record, l, j, i))}\n"
            "(average of the samples' slopes)"
        )
    old, new, direction = old_new_direction(record, l, j, i)
    lr = fmt(record.learning_rate)
    if optimizer_name == "sgd":
        return f"{pname} = {fmt(old)} - {lr} x {_p(direction)} = {fmt(new)}\n(old - learning rate x slope)"
    return (
        f"{pname} = {fmt(old)} - {lr} x {_p(direction)} = {fmt(new)}\n"
        f"(old - learning rate x {optimizer_name} step; the slope was {fmt(batch_slope(record, l, j, i))})"
    )
