"""coursekit.checks: every wrong answer gets a message, never a traceback."""

import sys
import time

import pytest

from coursekit import CourseError, checks
from coursekit.checks import Feedback, Wrong, call, exercise, expect_equal, expect_type


@exercise("Sum", hint="use the built-in sum()")
def check_sum(fn):
    got = call(fn, [1, 2, 3], what="total([1, 2, 3])")
    expect_equal(got, 6, "total([1, 2, 3])")


def test_right_answer():
    fb = check_sum(sum)
    assert isinstance(fb, Feedback) and fb and repr(fb).startswith("✅ Sum: correct!")


def test_not_answered_yet():
    fb = check_sum(...)
    assert not fb and "not answered yet" in fb.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (None, "should be a function, but it is None"),
        (42, "should be a function, but it is an int"),
        (lambda xs: 1 / 0, "raised ZeroDivisionError"),
        (lambda xs: "6", "should be an int, but it is a str"),
        (lambda xs: 7, "is 7, but it should be 6"),
        (lambda: 6, "raised TypeError"),
    ],
)
def test_wrong_answers_get_messages(answer, fragment):
    fb = check_sum(answer)
    assert not fb
    assert fragment in fb.message
    assert "Hint:" in fb.message and "Traceback" not in fb.message


def test_endless_loop_is_stopped():
    def loop(xs):
        while True:
            pass

    start = time.perf_counter()
    message = None
    try:
        call(loop, [1], what="loop", time_limit=0.2)
    except Wrong as exc:
        message = str(exc)
    assert message and "still running" in message
    assert time.perf_counter() - start < 2


def test_surprise_inside_a_checker_is_still_a_message():
    @exercise("Broken checker")
    def check(x):
        return {}[x]

    fb = check("key")
    assert not fb and "KeyError" in fb.message


def test_course_error_counts_as_wrong():
    @exercise("Name")
    def check(x):
        raise CourseError("bad name")

    assert check("x").message == "❌ Name: bad name"


def test_specific_hint_beats_general_hint():
    @exercise("Hinted", hint="general")
    def check(x):
        raise Wrong("no", hint="specific")

    assert check(1).message.endswith("Hint: specific")


def test_call_captures_printed_text():
    result, printed = call(lambda: print("hi") or 3, capture=True)
    assert (result, printed) == (3, "hi\n")


def test_expect_type_with_several_types():
    with pytest.raises(Wrong, match="should be an int or float"):
        expect_type("x", (int, float))


# --- the learner's files: read_answer, NotAnswered, compile_answer, run_python ---------------


def test_a_placeholder_file_is_not_answered_yet_and_a_missing_one_is_wrong(tmp_path):
    @checks.exercise("Write c.py", hint="define baz")
    def check_c(path):
        checks.read_answer(path, "c.py")

    (tmp_path / "c.py").write_text("# write c.py here\n\n", encoding="utf-8")
    assert check_c(tmp_path / "c.py").message.startswith("⏳ Write c.py: not answered yet. Replace the placeholder")
    missing = check_c(tmp_path / "gone.py")
    assert missing.message.startswith("❌ Write c.py: there is no file c.py yet: run the %%writefile cell")
    (tmp_path / "c.py").write_text("def baz(): ...\n", encoding="utf-8")
    assert check_c(tmp_path / "c.py").ok


def test_compile_answer_names_the_line():
    with pytest.raises(checks.Wrong, match="line 2 of c.py is not valid Python"):
        checks.compile_answer("x = 1\ndef (:\n", "c.py")


def test_run_python_runs_in_the_folder_and_stops_an_endless_loop(tmp_path):
    (tmp_path / "where.py").write_text("import os; print(os.getcwd())\n", encoding="utf-8")
    assert checks.run_python(["where.py"], cwd=tmp_path).stdout.strip() == str(tmp_path)
    with pytest.raises(checks.Wrong, match="ran for more than 0.5 s: is there an endless loop"):
        checks.run_python(["-c", "while True: pass"], cwd=tmp_path, timeout=0.5)
    failed = checks.run_python(["-c", "import nowhere"], cwd=tmp_path)
    assert checks.last_line(failed.stderr) == "ModuleNotFoundError: No module named 'nowhere'"


def test_output_of_and_answer_file(tmp_path):
    (tmp_path / "ok.py").write_text("print('hi')\n")
    (tmp_path / "bad.py").write_text("raise ValueError('nope')\n")
    assert checks.output_of(["ok.py"], tmp_path, "ok.py") == "hi\n"
    with pytest.raises(checks.Wrong, match=r"bad.py failed in a fresh Python: ValueError: nope"):
        checks.output_of(["bad.py"], tmp_path, "bad.py")
    assert checks.answer_file(tmp_path, "c.py", "c.py") == tmp_path / "c.py"
    for name in ("../c.py", "c.txt", "", None, "a b.py", "x" * 70 + ".py"):
        with pytest.raises(checks.Wrong, match="give the name of the file you wrote"):
            checks.answer_file(tmp_path, name, "c.py")


def test_watchdog_stops_a_loop_and_clip_keeps_both_ends():
    import time

    with checks.Watchdog(0.2) as dog:
        try:
            while True:
                time.sleep(0.01)
        except KeyboardInterrupt:
            pass
    assert dog.fired
    assert checks.clip("a" * 10 + "b" * 10, limit=12) == "aaaaa … bbbbb"
    assert checks.is_placeholder("# write c.py here\n\n") and not checks.is_placeholder("def baz(): ...")


def test_expect_type_and_expect_equal_say_what_they_got():
    with pytest.raises(checks.Wrong, match=r"the count should be an int, but it is a str \('3'\)\."):
        checks.expect_type("3", int, "the count")
    with pytest.raises(checks.Wrong, match=r"None \(did you forget a `return`\?\)"):
        checks.expect_type(None, int)
    checks.expect_equal(2.0, 2)
    with pytest.raises(checks.Wrong, match="your answer is 3, but it should be 2"):
        checks.expect_equal(3, 2)


def test_output_of_gives_the_hint_of_a_clue_and_runs_another_python(tmp_path):
    (tmp_path / "bad.py").write_text("import no_such_module_here\n")
    with pytest.raises(checks.Wrong) as caught:
        checks.output_of(["bad.py"], tmp_path, "bad.py", clues={"No module named": "is it on sys.path?"})
    assert caught.value.hint == "is it on sys.path?" and "ModuleNotFoundError" in str(caught.value)
    assert checks.output_of(["-c", "print(1)"], tmp_path, "print", python=sys.executable) == "1\n"
    with pytest.raises(checks.Wrong, match="second"):
        checks.first_mistake((False, "first"), (True, "second"), (True, "third"))
