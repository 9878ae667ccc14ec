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
    data_slope,
    old_new_direction,
    result_of,
    samples_slopes,
    slope_factors,
)
from gdviz.core.names import node_name, param_name
from gdviz.core.network import simplifies_to_a_minus_y
from gdviz.core.numbers import DIGITS, factor, fmt, operand_digits, pair_texts, parenthesised, update_texts
from gdviz.core.params import Param
from gdviz.core.training import StepRecord

SHOWN_TERMS = 6
"""A sum lists at most this many terms."""


def _sum(terms: list[str], limit: int = SHOWN_TERMS, total: int | None = None) -> str:
    """``a + b - c``: terms joined with their signs, long sums shortened (``total``: how
    many terms the sum has, when only the first are given)."""
    total = len(terms) if total is None else total
    shown = terms[:limit] + ([f"... ({total - limit} more)"] if total > limit else [])
    text = " + ".join(shown).replace("+ -", "- ")
    return text or "0"


def formula(record: StepRecord, m: MicroStep, loss_name: str, optimizer_name: str, ask: bool = False) -> str:
    """The arithmetic of micro-step ``m`` with the real numbers, in the course's terms.

    The first line is the computation; a second line, where there is one, says
    what the factors are. Numbers are written by the rules of ``numbers.py``.
    ``ask``: the numbers the micro-step computes are written ``?`` (predict mode),
    the numbers that go into them stay.
    """

    def r(text: str) -> str:
        return "?" if ask else text

    net = record.before
    layers = net.layers
    fwd, bwd = record.forward, record.backward
    s = m.sample
    loss = LOSSES[loss_name]
    if m.phase == RESULT:
        return _result(record, loss_name, r)
    if m.kind == Kind.NODE and m.phase == FORWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        n = focus_digits(record, m, loss_name)
        terms = [
            f"{fmt(net.weights[l - 1][j, i], n)}*{factor(fwd.a[l - 1][s, i], n)}"
            for i in range(layers[l - 1])
        ]
        if net.biases is not None:
            terms.append(fmt(net.biases[l - 1][j], n))
        z, a = float(fwd.z[l][s, j]), float(fwd.a[l][s, j])
        act = net.activations[l - 1]
        if act == "identity":
            return f"{name} = {_sum(terms)} = {r(fmt(a))}"
        inner = f" = {act}({fmt(z)})" if len(terms) > 1 and not ask else ""
        return f"{name} = {act}({_sum(terms)}){inner} = {r(fmt(a))}"
    if m.kind == Kind.LOSS:
        if s < 0:
            losses = _sum([fmt(v) for v in record.sample_losses[:SHOWN_TERMS]], total=len(record.x))
            text = f"batch loss = ({losses}) / {len(record.sample_losses)} = {r(fmt(record.data_loss))}"
            return text + _penalty_line(record, r)
        yhat, y = fwd.a[-1][s], record.y[s]
        errors = ", ".join(f"{fmt(p)} - {factor(t)} = {r(fmt(p - t))}" for p, t in zip(yhat, y, strict=True))
        value = r(fmt(record.sample_losses[s]))
        body = "" if ask else f"{loss.value_text(yhat, y)} = "  # it is written with the errors
        label = "loss" if len(record.x) == 1 else f"sample loss (row {record.indices[s] + 1})"
        text = f"error = predicted - actual: {errors}\n{label} = {body}{value}"
        return text + (_penalty_line(record, r) if len(record.x) == 1 else "")
    if m.kind == Kind.NODE and m.phase == BACKWARD:
        l, j = m.layer, m.node
        name = node_name(layers, l, j)
        loss_slope = float(bwd.loss_slope[l][s, j])
        act_slope = float(bwd.act_slope[l][s, j])
        act = net.activations[l - 1]
        act_text = f"activation slope = {act}'({fmt(fwd.z[l][s, j])}) = {r(fmt(act_slope))}"
        if l == len(layers) - 1:
            a, t = float(fwd.a[l][s, j]), float(record.y[s, j])
            how = loss.slope_text(a, t, layers[-1])
            text = f"{name}: loss slope = {how} = {r(fmt(loss_slope))}\n{act_text}"
            if simplifies_to_a_minus_y(net, loss):
                text += f"; together they simplify to a - y = {r(fmt(bwd.node_slope[l][s, j]))}"
            return text
        outgoing = [
            f"{fmt(net.weights[l][k, j])} x {factor(bwd.act_slope[l + 1][s, k])} x {factor(bwd.loss_slope[l + 1][s, k])}"
            for k in range(layers[l + 1])
        ]
        return (
            f"{name}: loss slope = {_sum(outgoing, 4)} = {r(fmt(loss_slope))}\n"
            f"(weight x activation slope x loss slope, summed over outgoing weights); {act_text}"
        )
    p = m.param
    l, j, i = p
    pname = param_name(layers, p)
    if m.phase == BACKWARD:
        v, f, d, slope = slope_factors(record, s, p)
        n = focus_digits(record, m, loss_name)
        if l + 1 == len(layers) - 1 and simplifies_to_a_minus_y(net, loss):
            a_minus_y = factor(bwd.node_slope[l + 1][s, j], n)
            data, why = (
                f"{factor(v, n)} x {a_minus_y}",
                (
                    "value in x (activation slope x loss slope), which for a sigmoid with cross-entropy is a - y"
                ),
            )
        else:
            data, why = (
                f"{factor(v, n)} x {factor(f, n)} x {factor(d, n)}",
                "value in x activation slope x loss slope",
            )
        if len(record.x) == 1:  # a batch of one: this is the slope the update uses
            return _with_penalty(record, p, pname, data, slope, why, ask)
        return f"slope of {pname} = {data} = {r(fmt(slope))}\n({why})"
    if m.phase == AVERAGE:
        count = len(record.x)
        shown = [fmt(v) for v in samples_slopes(record, p)[:SHOWN_TERMS].tolist()]  # the rest are counted
        average = f"({_sum(shown, total=count)}) / {count}"
        return _with_penalty(
            record, p, pname, average, data_slope(record, l, j, i), "average of the samples' slopes", ask
        )
    old_value, new_value, direction = old_new_direction(record, l, j, i)
    old, rate, step, new = update_texts(old_value, record.learning_rate, direction, new_value)
    line = f"{pname} = {old} - {rate} x {parenthesised(step)} = {r(new)}"
    if optimizer_name == "sgd":
        return f"{line}\n(old - learning rate x slope)"
    return (
        f"{line}\n"
        f"(old - learning rate x {optimizer_name} step; the slope was {fmt(batch_slope(record, l, j, i))})"
    )


def _with_penalty(
    record: StepRecord, p: Param, pname: str, data: str, value: float, why: str, ask: bool
) -> str:
    """A batch slope written out: the data's part (``data`` = ``value``) and, with
    regularisation, the penalty's part beside it, each with its numbers."""
    reg = record.regularization
    if reg is None or p.is_bias:
        return f"slope of {pname} = {data} = {'?' if ask else fmt(value)}\n({why})"
    w = float(record.before.weights[p.layer][p.node, p.source])
    penalty = record.penalty_slope(*p)
    total = batch_slope(record, *p)
    if ask:  # the parts would give the answer away
        return f"slope of {pname} = {data} + {reg.slope_text(w)} = ?\n({why}, plus the penalty's slope)"
    return (
        f"slope of {pname} = {data} + {reg.slope_text(w)} = {_sum([fmt(value), fmt(penalty)])} = {fmt(total)}\n"
        f"(the data's part: {why}; the {reg.kind.upper()} penalty's part: {_penalty_why(reg.kind)})"
    )


def _penalty_why(kind: str) -> str:
    return "strength x sign of the weight" if kind == "l1" else "2 x strength x weight"


def _penalty_line(record: StepRecord, r) -> str:
    """With regularisation, the line that adds the penalty to the data's loss."""
    reg = record.regularization
    if reg is None:
        return ""
    return (
        f"\ntraining loss = {fmt(record.data_loss)} + {reg.kind.upper()} penalty "
        f"{reg.penalty_text(record.before.weights)} = {_sum([fmt(record.data_loss), fmt(record.penalty)])} "
        f"= {r(fmt(record.loss))}"
    )


def focus_digits(record: StepRecord, m: MicroStep, loss_name: str) -> int:
    """Significant digits of the numbers that go into micro-step ``m``'s result
    (rule 4 of ``numbers.py``): a node's weights, inputs and bias in its forward
    sum, a slope's factors. 4 unless more are needed for the sum or product to
    come out at the result's digits; 4 for every other micro-step."""
    net, fwd, bwd, s = record.before, record.forward, record.backward, m.sample
    if m.phase == FORWARD and m.kind == Kind.NODE:
        l, j = m.layer, m.node
        weights, values = net.weights[l - 1][j], fwd.a[l - 1][s]
        terms = len(values) + (net.biases is not None)
        identity = net.activations[l - 1] == "identity"
        if terms > SHOWN_TERMS or (terms == 1 and not identity):
            return DIGITS  # not all of the sum is written, or its result is not written
        result = fwd.a[l][s, j] if identity else fwd.z[l][s, j]
        operands = [*weights, *values] + ([net.biases[l - 1][j]] if net.biases is not None else [])
        count = len(values)

        def sum_of(x: list) -> object:
            return sum((x[i] * x[count + i] for i in range(count)), x[2 * count] if terms > count else 0)

        return operand_digits(operands, float(result), sum_of)
    if m.phase == BACKWARD and m.kind != Kind.NODE:
        p = m.param
        v, f, d, slope = slope_factors(record, s, p)
        if p.layer + 1 == len(net.layers) - 1 and simplifies_to_a_minus_y(net, LOSSES[loss_name]):
            factors = [v, float(bwd.node_slope[p.layer + 1][s, p.node])]
        else:
            factors = [v, f, d]
        return operand_digits(factors, slope, _product)
    return DIGITS


def _product(x: list) -> object:
    out = x[0]
    for y in x[1:]:
        out *= y
    return out


def _result(record: StepRecord, loss_name: str, r=lambda text: text) -> str:
    """The step's batch with the updated parameters: output, error and loss, and
    what they were before the update (``r`` writes each new number: ``?`` when asking)."""
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
        outputs.append(f"{name} = {r(new_text)}")
        errors.append(f"{r(new_text)} - {factor(t)} = {r(fmt(new - t))}")
        was.append(f"{name} {old_text}")
    old_loss, new_loss = pair_texts(record.loss, result.loss)
    loss = LOSSES[loss_name]
    sample_loss = r(f"{loss.value_text(after, record.y[s])} = {fmt(result.sample_losses[s])}")
    error = "error = " + ", ".join(errors)
    # With regularisation the loss compared is the training loss: the data's plus the new penalty.
    penalty = "" if record.regularization is None else f" + penalty {r(fmt(result.penalty))}"
    if samples == 1:
        total = f", training loss {r(new_loss)}" if penalty else ""
        return (
            f"with the new weights: {', '.join(outputs)}, {error}, loss = {sample_loss}{penalty}{total}\n"
            f"(before the update: {', '.join(was)}, loss {old_loss})"
        )
    losses = r(_sum([fmt(v) for v in result.sample_losses[:SHOWN_TERMS]], total=samples))
    row = record.indices[s] + 1
    return (
        f"with the new weights: batch loss = ({losses}) / {samples}{penalty} = {r(new_loss)} "
        f"(before the update: {old_loss})\n"
        f"row {row}: {', '.join(outputs)}, {error}, sample loss (row {row}) = {sample_loss}"
    )
