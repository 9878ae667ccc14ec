"""The arithmetic of each micro-step, written out with its real numbers."""

from __future__ import annotations

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
from gdviz.core.numbers import fmt
from gdviz.core.training import StepRecord


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
