"""Fuzzing the scenario loader: whatever a file holds, loading it either gives a
Scenario or refuses it with a ScenarioError that says where and what; nothing
else ever escapes. A Scenario that loads saves and loads back unchanged, and
can take a training step.
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from gdviz.core import cost
from gdviz.core.activations import ACTIVATIONS
from gdviz.core.cost import MAX_PARAMETERS
from gdviz.core.losses import LOSSES
from gdviz.core.optimizers import DEFAULTS
from gdviz.core.scenario import (
    FORMAT,
    INIT_SCHEMES,
    KEYS,
    MAX_FILE_BYTES,
    REQUIRED,
    Scenario,
    ScenarioError,
    from_dict,
    load,
    loads,
)

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "resources" / "lessons"
LESSON_05 = LESSONS / "05-changing-one-weight.json"

KNOWN_KEYS = (
    "format, title, notes, layers, activations, weights, biases, "
    "train_biases, inputs, targets, loss, optimizer, batch_size, seed, checkpoints, data, test_inputs, test_targets, regularization"
)


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def lesson_05() -> dict[str, Any]:
    return json.loads(LESSON_05.read_text(encoding="utf-8"))


def xavier_doc() -> dict[str, Any]:
    """A valid scenario using every optional key, random weights and biases."""
    return {
        "format": FORMAT,
        "title": "xavier with biases",
        "notes": "fuzz base",
        "layers": [2, 3, 1],
        "activations": ["tanh", "sigmoid"],
        "weights": {"init": "xavier", "seed": 0},
        "biases": [[0.1, -0.2, 0.0], [0.5]],
        "train_biases": True,
        "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]],
        "targets": [[0], [1], [1], [0]],
        "loss": "binary_cross_entropy",
        "optimizer": {"name": "adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
        "batch_size": 2,
        "seed": 7,
    }


def he_doc() -> dict[str, Any]:
    """A valid scenario with initialised weights, no biases and momentum."""
    return {
        "format": FORMAT,
        "layers": [1, 4, 2],
        "activations": ["leaky_relu", "identity"],
        "weights": {"init": "he", "seed": 12},
        "inputs": [[0.5], [-1.5], [2]],
        "targets": [[1, 2], [3, 4], [5, 6]],
        "loss": "half_sse",
        "optimizer": {"name": "momentum", "learning_rate": 0.001, "momentum": 0.5},
    }


OPTIONAL = [k for k in KEYS if k not in REQUIRED]

BASES = [lesson_05(), xavier_doc(), he_doc()] + [
    json.loads(p.read_text(encoding="utf-8")) for p in sorted(LESSONS.glob("*.json")) if p != LESSON_05
]


# -- what every call must do -------------------------------------------------
def check_error(err: ScenarioError) -> None:
    assert isinstance(err.place, str) and err.place, repr(err)
    assert isinstance(err.problem, str) and err.problem, repr(err)
    assert str(err) == f"{err.place}: {err.problem}"


def outcome(fn, *args) -> Scenario | ScenarioError:
    """Run a loader; a Scenario or a well-formed ScenarioError is all it may give.

    Any other exception propagates and fails the test.
    """
    try:
        result = fn(*args)
    except ScenarioError as err:
        check_error(err)
        return err
    assert isinstance(result, Scenario), type(result)
    return result


def same_outcome(a: Scenario | ScenarioError, b: Scenario | ScenarioError) -> None:
    if isinstance(a, ScenarioError) or isinstance(b, ScenarioError):
        assert isinstance(a, ScenarioError) and isinstance(b, ScenarioError), (a, b)
        assert (a.place, a.problem) == (b.place, b.problem)
    else:
        assert a == b


def round_trip_and_step(s: Scenario) -> None:
    """Save atomically, load back equal, and take one training step."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.json"
        s.save(path)
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["scenario.json"], "temporary file left behind"
        back = load(path)
        assert back == s
        s.save(path)  # overwriting an existing file works too
        assert load(path) == s
    assert loads(s.to_json()) == s
    trainer = s.trainer()
    record = trainer.step()
    if record is None:
        assert trainer.divergence is not None
    else:
        assert record.step == 1 and math.isfinite(record.loss)


# -- strategies ----------------------------------------------------------------
# Integers of more than 4300 digits are left to explicit tests below: Python
# will not even print them (sys.get_int_max_str_digits), nor will json.
INTS = st.integers() | st.sampled_from(
    [
        0,
        1,
        -1,
        2,
        3,
        4096,
        4097,
        2**53 + 1,
        2**63 - 1,
        2**63,
        10**300,
        10**301,
        -(10**305),
        10**400,
        -(2**1100),
        10**4000,
    ]
)
FLOATS = st.floats() | st.sampled_from([0.0, -0.0, 0.5, 1e-320, 1e300, 1e301, -1e308, 2.0, 4096.0])
NAMES = st.sampled_from(
    [FORMAT, "gdviz/2", "", *ACTIVATIONS, *LOSSES, *DEFAULTS, *INIT_SCHEMES, *KEYS, "init", "seed", "name"]
)
SCALARS = st.none() | st.booleans() | INTS | FLOATS | st.text(max_size=12) | NAMES
DICT_KEYS = st.text(max_size=8) | st.sampled_from(
    [*KEYS, "init", "seed", "name", "learning_rate", "momentum"]
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(DICT_KEYS, children, max_size=5),
    max_leaves=25,
)
SMALL_JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(DICT_KEYS, children, max_size=3),
    max_leaves=8,
)


@st.composite
def shaped_docs(draw) -> dict[str, Any]:
    """Documents with (mostly) the right keys and random values."""
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True))
    doc = {k: draw(SMALL_JSON) for k in keys}
    if draw(st.booleans()):
        doc["format"] = FORMAT
    return doc


def walk(node: Any, prefix: tuple = ()):
    """Every path (tuple of keys and indices) in a nested document, root first."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, (*prefix, i))


def get(doc: Any, path: tuple) -> Any:
    for k in path:
        doc = doc[k]
    return doc


def put(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    get(doc, path[:-1])[path[-1]] = value
    return doc


def near(value: Any) -> st.SearchStrategy:
    """Values a slip of the keyboard might put in place of ``value``."""
    if isinstance(value, bool):
        return st.sampled_from([not value, 0, 1, None, "true"])
    if isinstance(value, (int, float)):
        return st.sampled_from(
            [
                0,
                -1,
                1,
                0.5,
                value + 1,
                value - 1,
                -value,
                value * 2.5 if abs(value) < 1e300 else value * 2,  # a huge int cannot become a float
                str(value),
                None,
                True,
                math.nan,
                math.inf,
                -math.inf,
                1e301,
                4096,
                2**63,
                [value],
                float(value) if abs(value) < 1e300 else value,
            ]
        )
    if isinstance(value, str):
        return NAMES | st.just(value.upper()) | st.just(value + " ")
    return JSON


@st.composite
def mutated_docs(draw) -> Any:
    """A valid document after one to three random edits."""
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(walk(doc))
        op = draw(st.sampled_from(["delete", "replace", "tweak", "add_key", "resize", "number", "optional"]))
        if op == "number":
            # Often harmless (a new weight, input or target), sometimes not (layers, seed...).
            numbers = [p for p in paths if type(get(doc, p)) in (int, float)]
            if not numbers:
                continue
            doc = put(doc, draw(st.sampled_from(numbers)), draw(st.floats(-10, 10) | st.integers(-10, 10)))
        elif op == "optional":
            present = [k for k in OPTIONAL if isinstance(doc, dict) and k in doc]
            if not present:
                continue
            del doc[draw(st.sampled_from(present))]
        elif op == "delete":
            owners = [p for p in paths if isinstance(get(doc, p), (dict, list)) and get(doc, p)]
            if not owners:
                continue
            owner = get(doc, draw(st.sampled_from(owners)))
            key = draw(st.sampled_from(list(owner.keys()) if isinstance(owner, dict) else range(len(owner))))
            del owner[key]
        elif op == "replace":
            doc = put(doc, draw(st.sampled_from(paths)), draw(JSON))
        elif op == "tweak":
            leaves = [p for p in paths if not isinstance(get(doc, p), (dict, list))]
            if not leaves:
                continue
            path = draw(st.sampled_from(leaves))
            doc = put(doc, path, draw(near(get(doc, path))))
        elif op == "add_key":
            dicts = [p for p in paths if isinstance(get(doc, p), dict)]
            if not dicts:
                continue
            get(doc, draw(st.sampled_from(dicts)))[draw(DICT_KEYS)] = draw(JSON)
        else:
            lists = [p for p in paths if isinstance(get(doc, p), list)]
            if not lists:
                continue
            items = get(doc, draw(st.sampled_from(lists)))
            how = draw(st.sampled_from(["pop", "duplicate", "append", "clear"]))
            if how == "pop" and items:
                items.pop(draw(st.integers(0, len(items) - 1)))
            elif how == "duplicate" and items:
                items.append(copy.deepcopy(items[draw(st.integers(0, len(items) - 1))]))
            elif how == "append":
                items.append(draw(JSON))
            else:
                items.clear()
    return doc


@st.composite
def valid_docs(draw) -> dict[str, Any]:
    """Documents that follow every rule, built from scratch."""
    numbers = (
        st.floats(-1e3, 1e3) | st.integers(-1000, 1000) | st.sampled_from([1e300, -1e300, 10**300, 5e-324])
    )
    layers = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    depth = len(layers) - 1
    loss = draw(st.sampled_from(sorted(LOSSES)))
    activations = draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)), min_size=depth, max_size=depth))
    if loss == "binary_cross_entropy":
        activations[-1] = "sigmoid"
    samples = draw(st.integers(1, 6))

    def matrix(rows: int, cols: int, values=numbers) -> list:
        return draw(st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows))

    if draw(st.booleans()):
        weights: Any = [matrix(n_out, n_in) for n_in, n_out in zip(layers[:-1], layers[1:])]
    else:
        weights = {"init": draw(st.sampled_from(INIT_SCHEMES))}
        if draw(st.booleans()):
            weights["seed"] = draw(st.integers(0, 2**63 - 1))
    name = draw(st.sampled_from(sorted(DEFAULTS)))
    optimizer: dict[str, Any] = {"name": name}
    for key in DEFAULTS[name]:
        if draw(st.booleans()):
            if key in ("learning_rate", "epsilon"):
                optimizer[key] = draw(st.floats(min_value=0, max_value=1e3, exclude_min=True) | st.just(1))
            else:
                optimizer[key] = draw(st.floats(0, 1, exclude_max=True) | st.just(0))
    doc: dict[str, Any] = {
        "format": FORMAT,
        "layers": layers,
        "activations": activations,
        "weights": weights,
        "inputs": matrix(samples, layers[0]),
        "targets": matrix(
            samples,
            layers[-1],
            st.floats(0, 1) | st.sampled_from([0, 1]) if loss == "binary_cross_entropy" else numbers,
        ),
        "loss": loss,
        "optimizer": optimizer,
    }
    optional = {
        "title": st.text(max_size=20),
        "notes": st.text(max_size=40),
        "biases": st.none() | st.just([matrix(1, n)[0] for n in layers[1:]]),
        "train_biases": st.booleans(),
        "batch_size": st.none() | st.integers(1, samples) | st.just(float(samples)),
        "seed": st.integers(0, 2**63 - 1),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        doc[key] = draw(optional[key])
    return doc


# -- (a) random documents ---------------------------------------------------------
@fuzz(300)
@given(doc=JSON)
def test_random_json_values_give_a_scenario_or_a_scenario_error(doc):
    result = outcome(from_dict, doc)
    if not isinstance(doc, dict):
        assert isinstance(result, ScenarioError) and result.place == "document"


@fuzz(200)
@given(doc=shaped_docs())
def test_random_documents_with_known_keys_give_a_scenario_or_a_scenario_error(doc):
    result = outcome(from_dict, doc)
    if isinstance(result, Scenario):
        round_trip_and_step(result)


# -- (b) mutations of valid documents -------------------------------------------
def test_the_fuzz_bases_are_valid():
    for doc in BASES[:3]:
        s = from_dict(copy.deepcopy(doc))
        round_trip_and_step(s)


@fuzz(400)
@given(doc=mutated_docs())
def test_mutated_documents_give_a_scenario_or_a_scenario_error(doc):
    result = outcome(from_dict, copy.deepcopy(doc))
    event("loads" if isinstance(result, Scenario) else f"refused at {result.place.split('[')[0]}")
    # The same document as JSON text gives the same answer, unless it holds a
    # NaN or infinity, which JSON text cannot (loads refuses those at "file").
    try:
        text = json.dumps(doc, allow_nan=False)
    except ValueError:
        text = json.dumps(doc)
        err = outcome(loads, text)
        assert isinstance(err, ScenarioError) and err.place == "file"
    else:
        same_outcome(result, outcome(loads, text))
        same_outcome(result, outcome(loads, text.encode("utf-8")))
    if isinstance(result, Scenario):
        round_trip_and_step(result)


# -- (c) random bytes and text ----------------------------------------------------
@fuzz(200)
@given(data=st.binary(max_size=200) | st.text(max_size=200))
def test_random_bytes_and_text_give_a_scenario_or_a_scenario_error(data):
    outcome(loads, data)


@fuzz(300)
@given(base=st.sampled_from(BASES[:3]), data=st.data())
def test_damaged_scenario_text_gives_a_scenario_or_a_scenario_error(base, data):
    raw = bytearray(json.dumps(base).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        how = data.draw(st.sampled_from(["insert", "delete", "overwrite", "truncate"]))
        if how == "insert":
            raw[at:at] = data.draw(
                st.binary(min_size=1, max_size=4)
                | st.sampled_from([b"NaN", b"-Infinity", b"1e999", b"[", b"}", b'"', b"\xef\xbb\xbf"])
            )
        elif how == "delete":
            del raw[at : at + data.draw(st.integers(1, 4))]
        elif how == "overwrite" and at < len(raw):
            raw[at] = data.draw(st.integers(0, 255))
        else:
            del raw[at:]
    result = outcome(loads, bytes(raw))
    if isinstance(result, Scenario):
        round_trip_and_step(result)


@fuzz(100)
@given(doc=JSON)
def test_random_json_text_gives_the_same_answer_as_the_document(doc):
    try:
        text = json.dumps(doc, allow_nan=False)
    except ValueError:
        assume(False)
    same_outcome(outcome(from_dict, doc), outcome(loads, text))


# -- (d) valid scenarios save, load back, and train ----------------------------------
@fuzz(150)
@given(doc=valid_docs())
def test_valid_documents_load_save_load_back_equal_and_train(doc):
    s = from_dict(copy.deepcopy(doc))
    assert s.layers == doc["layers"]
    round_trip_and_step(s)
    # Saved text is a document that loads to the same scenario.
    assert from_dict(json.loads(s.to_json())) == s


# -- explicit messages ------------------------------------------------------------
def refusal(doc: Any) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        from_dict(doc)
    check_error(info.value)
    return info.value


def test_lesson_05_is_a_2_2_1_network():
    s = load(LESSON_05)
    assert s.layers == [2, 2, 1]


def test_weights_row_of_the_wrong_length():
    doc = lesson_05()
    doc["weights"][0][1] = [1]
    err = refusal(doc)
    assert str(err) == "weights[0][1]: expected 2 numbers, got 1"
    assert (err.place, err.problem) == ("weights[0][1]", "expected 2 numbers, got 1")


def test_weights_with_the_wrong_number_of_rows():
    doc = lesson_05()
    doc["weights"][0].append([1, 2])
    assert str(refusal(doc)) == "weights[0]: expected 2 nodes, got 3"


def test_weight_that_is_not_a_number():
    doc = lesson_05()
    doc["weights"][1][0][1] = "1"
    assert str(refusal(doc)) == "weights[1][0][1]: expected a number, got a string"
    doc["weights"][1][0][1] = True
    assert str(refusal(doc)) == "weights[1][0][1]: expected a number, got true/false"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_refused(literal):
    text = json.dumps(lesson_05()).replace('"learning_rate": 0.01', f'"learning_rate": {literal}')
    assert literal in text
    with pytest.raises(ScenarioError) as info:
        loads(text)
    assert (info.value.place, info.value.problem) == ("file", f"{literal} is not a number JSON allows")


def test_nan_in_a_document_is_refused_where_it_is():
    doc = lesson_05()
    doc["inputs"][0][1] = math.nan
    assert str(refusal(doc)) == "inputs[0][1]: expected a finite number, got nan"


def test_a_number_too_big_for_json_is_refused():
    text = json.dumps(lesson_05()).replace('"learning_rate": 0.01', '"learning_rate": 1e999')
    with pytest.raises(ScenarioError) as info:
        loads(text)
    assert (info.value.place, info.value.problem) == (
        "optimizer.learning_rate",
        "expected a finite number, got inf",
    )


@pytest.mark.parametrize("rate", [0, -1, 0.0, -1e-300])
def test_learning_rate_must_be_positive(rate):
    doc = lesson_05()
    doc["optimizer"]["learning_rate"] = rate
    err = refusal(doc)
    assert err.place == "optimizer.learning_rate"
    assert err.problem == f"must be greater than 0, got {rate}"


def test_unknown_key_is_refused():
    doc = lesson_05()
    doc["colour"] = "red"
    err = refusal(doc)
    assert err.place == "colour"
    assert err.problem == f"unknown key (known keys: {KNOWN_KEYS})"


def test_unknown_optimizer_setting_is_refused():
    doc = lesson_05()
    doc["optimizer"]["momentum"] = 0.9
    assert str(refusal(doc)) == "optimizer.momentum: sgd has no such setting (it has: learning_rate)"


def test_missing_key_is_refused():
    doc = lesson_05()
    del doc["targets"]
    assert str(refusal(doc)) == 'targets: missing (or give "data": a generator)'


def test_layer_of_zero_nodes_is_refused():
    doc = lesson_05()
    doc["layers"] = [2, 0, 1]
    assert str(refusal(doc)) == "layers[1]: expected a whole number from 1 to 4096, got 0"


def test_the_cost_limits_are_refused_by_name_and_the_limits_themselves_allowed():
    doc = he_doc()  # no biases: [1, n, 2] has 3n parameters
    doc["layers"] = [1, MAX_PARAMETERS // 3, 2]
    s = from_dict(copy.deepcopy(doc))
    assert cost.parameters(s.layers, False) == MAX_PARAMETERS - 1
    assert s.trainer().step() is not None
    doc["layers"] = [1, MAX_PARAMETERS // 3 + 1, 2]
    assert (
        str(refusal(doc))
        == "layers: 4,002 weights and biases; the limit is 4,000 (use fewer or smaller layers)"
    )
    doc["layers"] = [1, 1000, 2]  # 3,000 parameters, 1,003 nodes: 1,994 rows keep 1,999,982 numbers
    doc["inputs"], doc["targets"] = [[0.5]] * 1995, [[1, 2]] * 1995  # full batch: 2,000,985, over
    assert str(refusal(doc)) == (
        "batch_size: a step of 1,995 samples through 1,003 nodes keeps 2,000,985 numbers of each kind; "
        "the limit is 2,000,000: use batches of at most 1,994"
    )
    doc["batch_size"] = 1994
    assert from_dict(copy.deepcopy(doc)).batch_size == 1994
    with pytest.raises(ScenarioError, match="the nudge check of 3,000 slopes over batches of 1,994 samples"):
        cost.check_nudges(doc["layers"], False, 1994)
    cost.check_nudges(doc["layers"], False, 44)  # 396,000,000: allowed


def test_bce_needs_a_sigmoid_output_and_targets_from_0_to_1():
    doc = xavier_doc()
    doc["activations"][-1] = "tanh"
    assert str(refusal(doc)) == "loss: binary_cross_entropy needs a sigmoid output layer"
    doc = xavier_doc()
    doc["targets"][2] = [1.5]
    assert str(refusal(doc)) == "targets[2][0]: binary_cross_entropy needs targets from 0 to 1, got 1.5"


def test_wrong_format_and_not_an_object():
    doc = lesson_05()
    doc["format"] = "gdviz/2"
    assert str(refusal(doc)) == 'format: expected "gdviz/1", got "gdviz/2"'
    assert str(refusal([doc])) == "document: expected a JSON object, got a list"


def test_invalid_json_says_where():
    with pytest.raises(ScenarioError) as info:
        loads('{"format": "gdviz/1",\n  "layers": [2, 2,, 1]}')
    assert info.value.place == "line 2 column 19"
    assert info.value.problem.startswith("invalid JSON: ")


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(ScenarioError) as info:
        loads(b'{"title": "caf\xe9"}')
    assert str(info.value) == "file: is not UTF-8 text (byte 14)"


def test_a_utf8_byte_order_mark_is_accepted():
    assert loads(b"\xef\xbb\xbf" + LESSON_05.read_bytes()) == load(LESSON_05)


def test_deep_nesting_is_refused():
    with pytest.raises(ScenarioError) as info:
        loads("[" * 200_000 + "]" * 200_000)
    assert str(info.value) == "file: is nested too deeply"


def test_file_over_4_mb_is_refused(tmp_path):
    text = json.dumps(lesson_05())
    path = tmp_path / "big.json"
    path.write_text(text + " " * (MAX_FILE_BYTES - len(text)), encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load(path) == load(LESSON_05)  # exactly at the limit is fine
    path.write_text(text + " " * (MAX_FILE_BYTES + 1 - len(text)), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load(path)
    assert str(info.value) == "file: is 4,194,305 bytes; the limit is 4,194,304"
    with pytest.raises(ScenarioError) as info:
        loads(path.read_bytes())
    assert str(info.value) == "file: is over the 4,194,304 byte limit"


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load(tmp_path / "nope.json")
    assert str(info.value) == "file: no such file"
    with pytest.raises(ScenarioError) as info:
        load(tmp_path)
    assert str(info.value) == "file: is a folder, not a file"


def test_batch_size_must_fit_the_data():
    doc = xavier_doc()
    doc["batch_size"] = 5
    assert str(refusal(doc)) == "batch_size: expected a whole number from 1 to 4, got 5"


# -- huge integers and empty keys ---------------------------------------------------
# Found by these fuzz tests (OverflowError / ValueError escaped, and the key ""
# gave an empty place); fixed in scenario.py, kept here as regressions.
@pytest.mark.parametrize("source", ["document", "text"])
def test_integer_too_big_for_a_float_is_refused(source):
    doc = lesson_05()
    if source == "document":
        doc["inputs"][0][1] = 10**400
        call = lambda: from_dict(doc)  # noqa: E731
    else:
        text = json.dumps(doc).replace("[[0, 3]]", "[[0, 1" + "0" * 400 + "]]")
        assert "0" * 400 in text
        call = lambda: loads(text)  # noqa: E731
    with pytest.raises(ScenarioError) as info:
        call()
    check_error(info.value)
    assert str(info.value) == "inputs[0][1]: expected a number of sensible size, got a very large number"


def test_integer_literal_with_too_many_digits_is_refused():
    text = json.dumps(lesson_05()).replace('"seed": 0', '"seed": 1' + "0" * 5000)
    assert "0" * 5000 in text
    with pytest.raises(ScenarioError) as info:
        loads(text)
    check_error(info.value)
    assert info.value.place == "file"


@pytest.mark.parametrize("where", ["format", "layers[1]", "seed", "batch_size", "optimizer.learning_rate"])
def test_huge_integers_in_a_document_are_refused(where):
    doc = lesson_05()
    huge = 10**5000
    if where == "layers[1]":
        doc["layers"][1] = huge
    elif where == "optimizer.learning_rate":
        doc["optimizer"]["learning_rate"] = -huge
    else:
        doc[where] = huge
    err = refusal(doc)
    assert err.place == where
    assert err.problem.endswith("got a very large number")


@pytest.mark.parametrize("key", ["", " ", "\n"])
def test_blank_key_is_refused_with_a_place(key):
    doc = lesson_05()
    doc[key] = 1
    err = refusal(doc)
    assert err.problem == f"unknown key (known keys: {KNOWN_KEYS})"
    assert err.place == json.dumps(key)  # quoted, so the place is never invisible


def test_blank_key_inside_a_section_is_quoted():
    doc = lesson_05()
    doc["optimizer"][""] = 1
    assert refusal(doc).place == 'optimizer.""'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"format": "gdviz/1", "loss": "mse", "loss": "sse"}',
            "loss: given twice (a file must say each thing once)",
        ),
        (
            '{"optimizer": {"name": "sgd", "name": "adam"}}',
            "name: given twice (a file must say each thing once)",
        ),
    ],
)
def test_a_key_given_twice_is_refused_with_its_name(text, message):
    with pytest.raises(ScenarioError) as err:
        loads(text)
    assert str(err.value) == message
