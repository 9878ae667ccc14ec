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
MAX_FRAME_PIXELS = MAX_FRAMES * 900 * 560
"""Frames times pixels per frame (one byte each once quantized): the memory a GIF may take."""
MAX_FRAME_MS = 655_350
"""A GIF stores each frame's time in hundredths of a second, in 16 bits."""


def check_gif(frames: int, size: tuple[int, int], frame_ms: int = 100) -> None:
    """Refuse, before any drawing, a GIF that would hold more frames or pixels than
    memory allows, or a frame time a GIF cannot store. ``frames`` may be a lower bound."""
    if not 0 < frame_ms <= MAX_FRAME_MS:
        raise ValueError(f"a GIF frame shows for 1 to {MAX_FRAME_MS:,} ms, not {frame_ms:,}")
    if frames > MAX_FRAMES:
        raise ValueError(
            f"at least {frames:,} frames is more than a GIF should hold ({MAX_FRAMES}); "
            "choose fewer steps or coarser frames"
        )
    width, height = size
    if frames * width * height > MAX_FRAME_PIXELS:
        most = MAX_FRAME_PIXELS // (width * height)
        raise ValueError(
            f"{frames:,} frames of {width}x{height} would take over {MAX_FRAME_PIXELS // 10**6} MB; "
            f"at that size a GIF holds at most {most} frames: choose a smaller size or fewer frames"
        )


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
    if limit is not None and steps > limit:  # every step makes a frame at least: said before walking
        raise ValueError(
            f"{steps:,} steps make at least {steps:,} frames, more than a GIF should hold ({limit}); "
            "choose fewer steps"
        )
    plans: dict[str, list[int]] = {"micro": [], "phase": [], "step": []}
    totals = dict.fromkeys(plans, 0)  # the frames each kind makes, also past what is listed
    most = None if limit is None else max(limit, AUTO_FRAMES) + 1  # enough to refuse or choose
    offset = 0
    for _ in range(steps):
        if walk.record is None:
            break
        if limit is not None and kind != "auto" and totals[kind] > limit:
            break  # already too many: the count below says so without walking on
        count = len(walk.steps)
        room = {name: None if most is None else max(most - len(plan), 0) for name, plan in plans.items()}
        phases, phase_count = walk.steps.phase_starts(room["phase"])
        plans["micro"] += range(offset, offset + (count if most is None else min(count, room["micro"])))
        plans["phase"] += [offset + k for k in phases if k != count - 1] + [offset + count - 1]
        plans["step"].append(offset + count - 1)
        totals["micro"] += count
        totals["phase"] += phase_count  # the last phase is the result, one micro-step: the step's end
        totals["step"] += 1
        offset += count
        walk.finish_step()
        walk.step_on()
    if walk.record is None:
        for name, plan in plans.items():
            plan.append(offset)
            totals[name] += 1
    walk.reset()
    if kind == "auto":
        kind = next((k for k in ("micro", "phase") if totals[k] <= AUTO_FRAMES), "step")
    if limit is not None and totals[kind] > limit:
        raise ValueError(
            f"{totals[kind]} frames (one per {kind.replace('micro', 'micro-step')}) "
            f"is more than a GIF should hold ({limit}); choose fewer steps or coarser frames"
        )
    return plans[kind], kind
