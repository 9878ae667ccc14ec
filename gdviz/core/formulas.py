"""The arithmetic of each micro-step, written out with its real numbers."""

from __future__ import annotations

from gdviz.core.losses import LOSSES
from gdviz.core.microsteps import (
    AVERAGE,
    BACKWARD,
    FORWARD,
    RESULT,
    Kind,
    MicroStep,
    batch_slope,
    old_new_direction,
    result_of,
    slope_factors,
)
from gdviz.core.names import node_name, param_name
from gdviz.core.network import simplifies_to_a_minus_y
from gdviz.core.numbers import factor, fmt, pair_texts, parenthesised, update_texts
from gdviz.core.training import StepRecord


def _sum(terms: list[str], limit: int = 6) -> str:
    """``a + b - c``: terms joined with their signs, long sums shortened."""
    shown = terms[:limit] + ([f"... ({len(terms) - limit} more)"] if len(terms) > limit else [])
    text = " + ".join(shown).replace("+ -", "- ")
    return text or "0"


def formula(record: StepRecord, m: MicroStep, loss_name: str, optimizer_name: str) -> str:
    """The arithmetic of micro-step ``m`` with the real numbers, in the course's terms.

    The first line is the computation; a second line, where there is one, says
    what the factors are. Numbers are written by the rules of ``numbers.py``.
    """
    net = record.before
    layers = net.layers
    fwd, bwd = record.forward, record.backward
    s = m.sample
    loss = LOSSES[loss_name]
    if m.phase == RESULT:
        return _result(record, loss_name)
    if m.kind == Kind.NODE and m.phase == FORWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        terms = [
            f"{fmt(net.weights[l - 1][j, i])}*{factor(fwd.a[l - 1][s, i])}" for i in range(layers[l - 1])
        ]
        if net.biases is not None:
            terms.append(fmt(net.biases[l - 1][j]))
        z, a = float(fwd.z[l][s, j]), float(fwd.a[l][s, j])
        act = net.activations[l - 1]
        if act == "identity":
            return f"{name} = {_sum(terms)} = {fmt(a)}"
        inner = f" = {act}({fmt(z)})" if len(terms) > 1 else ""
        return f"{name} = {act}({_sum(terms)}){inner} = {fmt(a)}"
    if m.kind == Kind.LOSS:
        if s < 0:
            losses = _sum([fmt(v) for v in record.sample_losses])
            return f"batch loss = ({losses}) / {len(record.sample_losses)} = {fmt(record.loss)}"
        yhat, y = fwd.a[-1][s], record.y[s]
        errors = ", ".join(f"{fmt(p)} - {factor(t)} = {fmt(p - t)}" for p, t in zip(yhat, y, strict=True))
        value = fmt(record.sample_losses[s])
        body = loss.value_text(yhat, y)
        label = "loss" if len(record.x) == 1 else f"sample loss (row {record.indices[s] + 1})"
        return f"error = predicted - actual: {errors}\n{label} = {body} = {value}"
    if m.kind == Kind.NODE and m.phase == BACKWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        loss_slope = float(bwd.loss_slope[l][s, j])
        act_slope = float(bwd.act_slope[l][s, j])
        act = net.activations[l - 1]
        act_text = f"activation slope = {act}'({fmt(fwd.z[l][s, j])}) = {fmt(act_slope)}"
        if l == len(layers) - 1:
            a, t = float(fwd.a[l][s, j]), float(record.y[s, j])
            how = loss.slope_text(a, t, layers[-1])
            text = f"{name}: loss slope = {how} = {fmt(loss_slope)}\n{act_text}"
            if simplifies_to_a_minus_y(net, loss):
                text += f"; together they simplify to a - y = {fmt(bwd.node_slope[l][s, j])}"
            return text
        outgoing = [
            f"{fmt(net.weights[l][k, j])} x {factor(bwd.act_slope[l + 1][s, k])} x {factor(bwd.loss_slope[l + 1][s, k])}"
            for k in range(layers[l + 1])
        ]
        return (
            f"{name}: loss slope = {_sum(outgoing, 4)} = {fmt(loss_slope)}\n"
            f"(weight x activation slope x loss slope, summed over outgoing weights); {act_text}"
        )
    p = m.param
    l, j, i = p
    pname = param_name(layers, p)
    if m.phase == BACKWARD:
        v, f, d, slope = slope_factors(record, s, p)
        if l + 1 == len(layers) - 1 and simplifies_to_a_minus_y(net, loss):
            return (
                f"slope of {pname} = {factor(v)} x {factor(bwd.node_slope[l + 1][s, j])} = {fmt(slope)}\n"
                "(value in x (activation slope x loss slope), which for a sigmoid with cross-entropy is a - y)"
            )
        return (
            f"slope of {pname} = {factor(v)} x {factor(f)} x {factor(d)} = {fmt(slope)}\n"
            "(value in x activation slope x loss slope)"
        )
    if m.phase == AVERAGE:
        per = [fmt(slope_factors(record, t, p)[3]) for t in range(len(record.x))]
        return (
            f"slope of {pname} = ({_sum(per)}) / {len(per)} = {fmt(batch_slope(record, l, j, i))}\n"
            "(average of the samples' slopes)"
        )
    old_value, new_value, direction = old_new_direction(record, l, j, i)
    old, rate, step, new = update_texts(old_value, record.learning_rate, direction, new_value)
    line = f"{pname} = {old} - {rate} x {parenthesised(step)} = {new}"
    if optimizer_name == "sgd":
        return f"{line}\n(old - learning rate x slope)"
    return (
        f"{line}\n"
        f"(old - learning rate x {optimizer_name} step; the slope was {fmt(batch_slope(record, l, j, i))})"
    )


def _result(record: StepRecord, loss_name: str) -> str:
    """The step's batch with the updated parameters: output, error and loss, and
    what they were before the update."""
    result = result_of(record, loss_name)
    layers = record.before.layers
    last = len(layers) - 1
    samples = len(record.x)
    s = samples - 1  # the sample the diagram shows at batch-wide micro-steps
    before, after = record.forward.a[last][s], result.forward.a[last][s]
    outputs, errors, was = [], [], []
    for j, (old, new, t) in enumerate(zip(before, after, record.y[s], strict=True)):
        old_text, new_text = pair_texts(float(old), float(new))
        name = node_name(layers, last, j)
        outputs.append(f"{name} = {new_text}")
        errors.append(f"{new_text} - {factor(t)} = {fmt(new - t)}")
        was.append(f"{name} {old_text}")
    old_loss, new_loss = pair_texts(record.loss, result.loss)
    loss = LOSSES[loss_name]
    sample_loss = f"{loss.value_text(after, record.y[s])} = {fmt(result.sample_losses[s])}"
    error = "error = " + ", ".join(errors)
    if samples == 1:
        return (
            f"with the new weights: {', '.join(outputs)}, {error}, loss = {sample_loss}\n"
            f"(before the update: {', '.join(was)}, loss {old_loss})"
        )
    losses = _sum([fmt(v) for v in result.sample_losses])
    row = record.indices[s] + 1
    return (
        f"with the new weights: batch loss = ({losses}) / {samples} = {new_loss} (before the update: {old_loss})\n"
        f"row {row}: {', '.join(outputs)}, {error}, sample loss (row {row}) = {sample_loss}"
    )
