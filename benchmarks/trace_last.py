"""``gdviz trace xor --steps 100000 --last`` as a whole process, against a
bare numpy script doing the same 100,000 steps (same start, same arithmetic:
2-3-1 sigmoid network, binary cross-entropy, adam), each timed as a process
over several alternating runs. Target: within 1.5x.

Run: ``python benchmarks/trace_last.py [steps]``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

BARE = r'''
import json, sys
import numpy as np

doc = json.load(open(sys.argv[1]))
steps = int(sys.argv[2])
layers, seed = doc["layers"], doc["weights"]["seed"]
rng = np.random.default_rng(seed)
ws = []
for fan_in, fan_out in zip(layers[:-1], layers[1:]):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    ws.append(rng.uniform(-limit, limit, (fan_out, fan_in)))
bs = [np.asarray(b, dtype=float) for b in doc["biases"]]
x, y = np.asarray(doc["inputs"], dtype=float), np.asarray(doc["targets"], dtype=float)
lr, b1, b2, eps = doc["optimizer"]["learning_rate"], 0.9, 0.999, 1e-8
params = ws + bs
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
n = len(x)


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


for t in range(1, steps + 1):
    w1, w2, c1, c2 = params
    a1 = sigmoid(x @ w1.T + c1)
    a2 = sigmoid(a1 @ w2.T + c2)
    p = np.clip(a2, 1e-12, 1 - 1e-12)
    loss = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).sum()) / n
    d2 = (a2 - y) / n
    d1 = (d2 @ w2) * (a1 * (1 - a1))
    grads = [d2.T @ a1, d1.T @ x, d2.sum(axis=0), d1.sum(axis=0)]
    grads = [grads[1], grads[0], grads[3], grads[2]]
    for k, g in enumerate(grads):
        m[k] = b1 * m[k] + (1 - b1) * g
        v[k] = b2 * v[k] + (1 - b2) * g * g
        params[k] = params[k] - lr * (m[k] / (1 - b1**t)) / (np.sqrt(v[k] / (1 - b2**t)) + eps)
print(json.dumps({"loss": loss}))
'''


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from gdviz.core.lessons import lesson_path

    lesson = str(lesson_path("xor"))
    gdviz = [sys.executable, "-m", "gdviz", "trace", "xor", "--steps", str(steps), "--last", "--format", "json"]
    bare = [sys.executable, "-c", BARE, lesson, str(steps)]
    _, out = timed(gdviz)
    ours = json.loads(out)["steps"][-1]["loss"]
    _, out = timed(bare)
    theirs = json.loads(out)["loss"]
    assert abs(ours - theirs) <= 1e-9 * max(1.0, abs(ours)), f"the two runs disagree: {ours} vs {theirs}"
    ratios, gd, bb = [], [], []
    for _ in range(5):
        a, _ = timed(gdviz)
        b, _ = timed(bare)
        gd.append(a)
        bb.append(b)
        ratios.append(a / b)
    print(
        f"{steps:,} steps of xor: gdviz trace --last {statistics.median(gd):.2f} s, "
        f"bare numpy script {statistics.median(bb):.2f} s, ratio {statistics.median(ratios):.2f} (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
