"""Which positions of a walkthrough become the frames of an animated GIF.

- ``"micro"``: every micro-step, what a lecturer sees pressing Right from a
  step's first micro-step to its last (one step of a 2-2-1 lesson: 20 frames);
- ``"phase"``: the start of every phase (what Down shows) and the finished step;
- ``"step"``: each training step finished, every update shown (Ctrl+Right);
- ``"auto"`` (the default): the finest of these that stays within
  ``AUTO_FRAMES``. A step of the 4-8-8-1 lesson has 1,491 micro-steps,
  far too many frames for a GIF; its phases make 28.

Planning is pure bookkeeping over the walkthrough, so it lives in the core;
drawing the frames is the window's job.
"""

from __future__ import annotations

from gdviz.core.walkthrough import Walkthrough

FRAME_KINDS = ("auto", "micro", "phase", "step")
AUTO_FRAMES = 240
MAX_FRAMES = 500
"""A GIF's frames are all held until the file is written: 500 frames of 900x560 are about 250 MB."""


def plan_frames(
    walk: Walkthrough, steps: int, kind: str, limit: int | None = MAX_FRAMES
) -> tuple[list[int], str]:
    """Positions to draw, counted in micro-steps from the start of a fresh ``walk``,
    and the kind used (``auto`` resolved). Walks through and resets it afterwards;
    a run that diverges ends with one frame of the diverged state. More than
    ``limit`` frames is a ValueError."""
    if not walk.at_start:
        raise ValueError("plan_frames needs a walkthrough at its start (it resets it afterwards)")
    if kind not in FRAME_KINDS:
        raise ValueError(f"frames must be one of {', '.join(FRAME_KINDS)}, not {kind!r}")
    if walk.record is None:
        raise ValueError(
            walk.divergence.message() if walk.divergence else "there is no training step to show"
        )
    plans: dict[str, list[int]] = {"micro": [], "phase": [], "step": []}
    offset = 0
    for _ in range(steps):
        if walk.record is None:
            break
        count = len(walk.steps)
        phases = [k for k in range(count) if k == 0 or walk.steps[k].phase != walk.steps[k - 1].phase]
        plans["micro"] += range(offset, offset + count)
        plans["phase"] += [offset + k for k in phases if k != count - 1] + [offset + count - 1]
        plans["step"].append(offset + count - 1)
        offset += count
        walk.finish_step()
        walk.step_on()
    if walk.record is None:
        for plan in plans.values():
            plan.append(offset)
    walk.reset()
    if kind == "auto":
        kind = next((k for k in ("micro", "phase") if len(plans[k]) <= AUTO_FRAMES), "step")
    if limit is not None and len(plans[kind]) > limit:
        raise ValueError(
            f"{len(plans[kind])} frames (one per {kind.replace('micro', 'micro-step')}) "
            f"is more than a GIF should hold ({limit}); choose fewer steps or coarser frames"
        )
    return plans[kind], kind
