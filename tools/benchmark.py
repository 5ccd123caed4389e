"""Benchmark the course on this machine (`make benchmark`).

    python tools/benchmark.py [--runs 3] [--no-suite] [--update-readme]

Measures, each as the median of ``--runs`` runs:

- every notebook's full run in a fresh kernel (Restart & Run All, as nbclient does it);
- every notebook's *floor*: a fresh kernel running only that notebook's import lines;
- the strict nbval suite's wall time (all notebooks), serial and with 2 xdist workers;
- the whole test suite (`make test`'s pytest, once): its wall time and where the time goes,
  summed per test file (or per kind: nbval cells, coursekit doctests) from pytest's JUnit XML;
- the size of the set-up environment (`.venv`, without the browser-test extras).

Prints a table, writes ``build/benchmark.json`` and, with ``--update-readme``, the table
between the ``benchmark`` markers of README.md. Timings live here, never in tests.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib import metadata
from pathlib import Path

import nbformat
import syllabus

import course_tools

ROOT = course_tools.ROOT
OUT = ROOT / "build" / "benchmark.json"
README_START, README_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
TARGETS = {
    "notebook_s": 8.0,
    # Notebooks 9 and 10 make virtual environments, install, build and run a package index.
    "lifecycle_s": 15.0,
    # The demos run the libraries' own command lines (scrapy), train a network, encode video.
    "demo_s": 10.0,
    "nbval_suite_s": 45.0,
    "floor_ratio": 2.0,
    "env_gb": 2.0,
    "whole_suite_s": 150.0,
}
LIFECYCLE = {"09", "10"}
DEMOS = {item.file[:2] for item in syllabus.LESSONS if item.track == "Demo"}


def target_s(stem: str) -> float:
    """The Restart & Run All target of a notebook, by its number."""
    if stem[:2] in LIFECYCLE:
        return TARGETS["lifecycle_s"]
    return TARGETS["demo_s"] if stem[:2] in DEMOS else TARGETS["notebook_s"]


def import_lines(nb) -> str:
    """The top-level import statements of a notebook's code cells that need nothing the
    notebook creates itself, in order: what a fresh kernel must load before any work."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            # Only what is installed or ships with the course: modules a notebook writes
            # into its workspace do not exist before it runs, and are not part of the floor.
            if all(importlib.util.find_spec(top) is not None for top in tops):
                lines.append(ast.get_source_segment(source, node))
    return "\n".join(dict.fromkeys(lines))


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def time_notebook(path: Path, runs: int) -> tuple[float, float]:
    """(median full run, median floor) in seconds for one notebook."""
    full, floor = [], []
    imports_only = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(import_lines(nbformat.read(path, as_version=4)))]
    )
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            full.append(_timed(lambda: course_tools.execute(path, workspace=Path(tmp))))
            floor.append(
                _timed(
                    lambda: course_tools.execute(path, notebook=nbformat.from_dict(imports_only), workspace=Path(tmp))
                )
            )
    return statistics.median(full), statistics.median(floor)


def _timed_pytest(*args: str) -> float:
    """Wall time of ``pytest -q ARGS`` run from the repository, as `make test` runs it."""
    env = {**os.environ, **course_tools.STABLE_ENV, "OMP_NUM_THREADS": "1"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"pytest {' '.join(args)[:80]} failed while benchmarking:\n{done.stdout[-3000:]}")
    return elapsed


def time_suite(workers: int) -> float:
    """Wall time of the strict nbval suite over every notebook."""
    return _timed_pytest("-n", str(workers), *[str(p.relative_to(ROOT)) for p in course_tools.notebook_paths()])


def suite_breakdown(junit_xml: Path) -> dict[str, float]:
    """Seconds spent per test file (nbval cells and coursekit doctests each as one line)."""
    import xml.etree.ElementTree as ET

    totals: dict[str, float] = {}
    for case in ET.parse(junit_xml).getroot().iter("testcase"):
        name = case.get("classname") or "?"
        if ".ipynb" in name:
            key = "nbval: every notebook, cell by cell"
        elif name.startswith("notebooks."):
            key = "doctests in coursekit"
        else:  # tests.test_x or tests.test_x.TestClass: one line per file
            key = "/".join(name.split(".")[:2]) + ".py"
        totals[key] = totals.get(key, 0.0) + float(case.get("time") or 0)
    return dict(sorted(((k, round(v, 1)) for k, v in totals.items()), key=lambda kv: -kv[1]))


def time_whole_suite() -> dict:
    """Wall time of the whole suite, as `make test` runs it, and its breakdown per test file."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        elapsed = _timed_pytest(f"--junitxml={junit}")
        return {"wall_s": round(elapsed, 1), "by_file_s": suite_breakdown(junit)}


def environment_size() -> dict[str, float]:
    """Size in GB of sys.prefix (the venv), and of it without the browser-test extras."""

    def du(path: Path) -> int:
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())

    prefix = Path(sys.prefix)
    total = du(prefix)
    extras = 0
    for line in (ROOT / "tests" / "requirements.txt").read_text().splitlines():
        name = line.split("==")[0].strip()
        if name and not name.startswith("#"):
            try:
                files = metadata.distribution(name).files or []
            except metadata.PackageNotFoundError:
                continue
            extras += sum(f.locate().stat().st_size for f in files if f.locate().is_file())
    return {"venv_gb": total / 1e9, "env_gb": (total - extras) / 1e9}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} ({cpu})"
    )


def run(runs: int, suite: bool) -> dict:
    results = {"date": date.today().isoformat(), "machine": machine(), "runs": runs, "notebooks": {}}
    for path in course_tools.notebook_paths():
        full, floor = time_notebook(path, runs)
        results["notebooks"][path.stem] = {"run_s": round(full, 2), "floor_s": round(floor, 2)}
        print(f"  {path.stem:<28} run {full:5.2f} s   floor {floor:5.2f} s", flush=True)
    if suite:
        results["nbval_suite_serial_s"] = round(time_suite(0), 1)
        results["nbval_suite_parallel_s"] = round(time_suite(2), 1)
        results["whole_suite"] = time_whole_suite()
    results.update({k: round(v, 2) for k, v in environment_size().items()})
    results["hands_on"] = hands_on()
    results["hands_on_demos"] = hands_on(("Demo", "Wrap-up"))
    return results


def hands_on(tracks=("Packages",)) -> dict[str, int]:
    """What the learner does in the lesson cells of these tracks (course_tools.hands_on, summed)."""
    total = {"lesson": 0, "helper": 0, "writefile": 0, "command": 0}
    for item in syllabus.LESSONS:
        if item.track in tracks:
            for key, value in course_tools.hands_on(course_tools.load(course_tools.NOTEBOOKS / item.file)).items():
                total[key] += value
    return total


def table(results: dict) -> str:
    rows = [
        "| Notebook | Restart & Run All (s) | Floor: kernel + imports (s) | Target (s) | Met |",
        "|---|---:|---:|---:|:-:|",
    ]
    for stem, times in results["notebooks"].items():
        target = target_s(stem)
        rows.append(
            f"| {stem} | {times['run_s']:.2f} | {times['floor_s']:.2f} | ≤ {target:g} | "
            f"{'✅' if times['run_s'] <= target else '❌'} |"
        )
    floors = sum(t["floor_s"] for t in results["notebooks"].values())
    lines = [f"Measured {results['date']} on {results['machine']}; medians of {results['runs']} runs.", "", *rows, ""]
    if "nbval_suite_serial_s" in results:
        best = min(results["nbval_suite_serial_s"], results["nbval_suite_parallel_s"])
        lines += [
            f"- Strict nbval suite, all notebooks: **{results['nbval_suite_serial_s']} s** serial, "
            f"**{results['nbval_suite_parallel_s']} s** with 2 workers (target ≤ {TARGETS['nbval_suite_s']:g} s: "
            f"{'✅' if best <= TARGETS['nbval_suite_s'] else '❌'}); sum of floors {floors:.1f} s, "
            f"ratio {best / floors:.2f} (target ≤ {TARGETS['floor_ratio']:g}: "
            f"{'✅' if best <= TARGETS['floor_ratio'] * floors else '❌'})."
        ]
    if "whole_suite" in results:
        whole = results["whole_suite"]
        busy = sum(whole["by_file_s"].values())
        top = ", ".join(f"{name} {seconds:g} s" for name, seconds in list(whole["by_file_s"].items())[:8])
        lines += [
            f"- Whole test suite (`make test`): **{whole['wall_s']} s** wall (target ≤ {TARGETS['whole_suite_s']:g} s: "
            f"{'✅' if whole['wall_s'] <= TARGETS['whole_suite_s'] else '❌'}); {busy:.0f} s of test time "
            f"across the workers, most in: {top}."
        ]
    for key, what in (("hands_on", "packages track"), ("hands_on_demos", "demos and wrap-up")):
        if key in results:
            h = results[key]
            met = "✅" if 6 * h["helper"] <= h["lesson"] else "❌"
            lines += [
                f"- Hands-on, {what}: {h['writefile']} `%%writefile` cells and {h['command']} command cells; "
                f"{h['helper']} of {h['lesson']} lesson cells use `coursekit` "
                f"({100 * h['helper'] / h['lesson']:.1f} %, target ≤ 16.7 %: {met})."
            ]
    lines += [
        f"- Set-up environment: **{results['env_gb']:.2f} GB** (target ≤ {TARGETS['env_gb']:g} GB: "
        f"{'✅' if results['env_gb'] <= TARGETS['env_gb'] else '❌'}); {results['venv_gb']:.2f} GB "
        "with the browser-test extras."
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median); default 3")
    parser.add_argument("--no-suite", action="store_true", help="skip the two nbval suite runs")
    parser.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--table-only", action="store_true", help="rewrite the table from build/benchmark.json")
    args = parser.parse_args(argv)
    if args.table_only:
        results = json.loads(OUT.read_text())
    else:
        results = run(args.runs, suite=not args.no_suite)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(results, indent=2) + "\n")
    text = table(results)
    print("\n" + text + f"\n\nwritten: {OUT.relative_to(ROOT)}")
    if args.update_readme:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        head, _, rest = readme.partition(README_START)
        _, _, tail = rest.partition(README_END)
        (ROOT / "README.md").write_text(f"{head}{README_START}\n{text}\n{README_END}{tail}", encoding="utf-8")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
