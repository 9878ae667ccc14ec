"""The worksheet: the worked solution with each question's numbers blank, and its answer key."""

from __future__ import annotations

import subprocess
import sys

from gdviz.core.lessons import load_lesson
from gdviz.core.trace import BLANK, worksheet


def test_the_error_the_class_is_asked_for_is_blank_until_the_answer_key():
    text = worksheet(load_lesson("forward-pass-error"))
    sheet, key = text.split("## Answer key")
    assert "error = predicted - actual: 16 - 5 = ____" in sheet and "loss = ____" in sheet
    assert "> **Question 1.** Inputs 3 and 2, target 5. What is the error" in sheet
    assert "> 3. 11" in sheet and f"> Your answer: {BLANK}" in sheet
    assert "= 11" not in sheet and " 121" not in sheet  # nor does a later line give it away
    assert "output = relu(2*8 + 4*0) = relu(16) = 16" in sheet  # the numbers not asked stay
    assert "**11** (option 3)" in key and "16 - 5 = 11" in key


def test_every_built_in_question_is_in_its_worksheet_and_a_lesson_without_any_says_so():
    for lesson in ("weight-sensitivity", "multiple-updates", "changing-one-weight", "backprop-in-practice"):
        scenario = load_lesson(lesson)
        text = worksheet(scenario)
        for n, question in enumerate(scenario.checkpoints, 1):
            assert f"> **Question {n}.** {question.question}" in text
            assert f"{n}. (step {question.step}, {question.phase}) **{question.answer}**" in text
    assert "slope of w(x1 -> node_0) = 3 x 1 x 2 = ____" in worksheet(load_lesson("backprop-in-practice"))
    assert "asks no questions" in worksheet(load_lesson("regression-4-8-8-1"))


def test_the_command_line_prints_it_and_refuses_json():
    run = [sys.executable, "-m", "gdviz", "trace", "forward-pass-error", "--worksheet"]
    done = subprocess.run(run, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "## Answer key" in done.stdout
    done = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "--worksheet is a Markdown hand-out" in done.stderr
