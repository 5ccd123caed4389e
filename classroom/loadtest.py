"""How many learners one server holds: a load test of the classroom hub, on 127.0.0.1 only.

    make classroom-load N="5 10 20"         # as root, after make classroom-setup
    python classroom/loadtest.py --home /srv/python-packages-test 5 10 20 [--demo 12_pytorch.ipynb]
    python classroom/loadtest.py --home /srv/python-packages-test --profile   # every notebook, alone

For each N, N learners log in at the same moment, start their servers, pull the course and run
the start page and one demo notebook through the Jupyter server API, as Run All would. It reports
the spawn time (median and 95th percentile), the notebooks' run times, the most memory each
learner's processes used together (read from their control group, so kernels, ``!python`` and
pip count too), the hub's and proxy's memory, and every failure. ``--profile`` runs every notebook
of the course for one learner, alone, and reports its run time, CPU time and memory: the
per-notebook rows of the README's sizing table.

It runs with the hub's own environment (``CLASSROOM_HOME/venv/bin/python``), makes its own
temporary class (hubclient.trial_class), and deletes its accounts and folder at the end. The
figures go to ``build/classroom-load.json`` too. Bounded: at most 40 learners, each notebook run at
most ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import signal
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cgroups
import classroom
import hubclient

OUT = classroom.ROOT / "build" / "classroom-load.json"
#: The figures behind the README's sizing table (written with --update-readme).
MEASURED = Path(__file__).resolve().parent / "measured.json"
MAX_LEARNERS = 40
MB = 1024**2
#: The seconds a Run All of the demo may take when the whole class starts it together (sizing).
TARGET = 30


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Sampler(threading.Thread):
    """Every half second: the hub's own processes' memory (hub, proxy, culler: the hub's session,
    which the learners' servers are not in), each learner's working memory (their control
    group's anonymous memory), and the memory the whole machine uses. Keeps the peaks."""

    def __init__(self, session: int, names: list[str]) -> None:
        super().__init__(daemon=True)
        self.session, self.names, self.running = session, names, True
        self.hub = self.machine = 0
        self.learners = dict.fromkeys(names, 0)

    def run(self) -> None:
        while self.running:
            self.hub = max(self.hub, self._session_memory())
            self.machine = max(self.machine, machine_memory())
            for name in self.names:
                try:
                    self.learners[name] = max(self.learners[name], cgroups.working_memory(name))
                except (OSError, KeyError, ValueError):
                    continue  # no server (yet)
            time.sleep(0.5)

    def _session_memory(self) -> int:
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[3]) == self.session:  # field 6 of stat: the session id
                    total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # field 24: resident pages
            except (OSError, IndexError, ValueError):
                continue
        return total


def machine_memory() -> int:
    """What the machine's memory holds now, file cache that could be dropped left out."""
    info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    return (int(info["MemTotal"].split()[0]) - int(info["MemAvailable"].split()[0])) * 1024


def one_learner(trial: hubclient.TrialClass, name: str, demo: str, timeout: float, start: threading.Barrier) -> dict:
    """What one learner lived through: times, memory, or the failure they saw."""
    record, phase, began = {"name": name}, "login", time.monotonic()
    try:
        start.wait()
        learner = hubclient.Learner(trial.url, name)
        began = time.monotonic()
        learner.login(trial.passwords[name])
        record["login"] = time.monotonic() - began
        phase = "spawn"
        record["spawn"] = learner.spawn(timeout=timeout)
        phase = "pull"
        learner.pull(classroom.pull_query(trial.home))
        for phase, notebook in (("start_page", "00_start_here.ipynb"), ("demo", demo)):
            run = learner.run(f"{classroom.COPY}/notebooks/{notebook}", timeout=timeout)
            if run.errors:
                raise hubclient.HubError(f"{notebook}: {run.errors[0]}")
            record[phase] = run.seconds
            record["reconnects"] = record.get("reconnects", 0) + run.reconnects
    except Exception as error:  # noqa: BLE001 (a learner's failure is a figure of the test, not its end)
        record["failure"] = f"{phase}, after {time.monotonic() - began:.0f} s: {type(error).__name__}: {error}"
    return record


def load(trial: hubclient.TrialClass, names: list[str], demo: str, timeout: float) -> dict:
    """N learners at once; the round's figures."""
    baseline = machine_memory()
    memory = Sampler(trial.session, names)
    memory.start()
    began = time.monotonic()
    barrier = threading.Barrier(len(names))
    with ThreadPoolExecutor(len(names)) as pool:
        records = list(pool.map(lambda name: one_learner(trial, name, demo, timeout, barrier), names))
    wall = time.monotonic() - began
    memory.running = False
    memory.join()
    for record in records:
        record["memory_mb"] = memory.learners[record["name"]] / MB
    with ThreadPoolExecutor(len(names)) as pool:  # end of the round: every server stopped
        list(pool.map(trial.admin.stop, names))
    ok = [r for r in records if "failure" not in r]

    def figure(key: str) -> dict:
        values = [r[key] for r in ok]
        if not values:
            return {}
        return {"median": statistics.median(values), "p95": _p95(values), "max": max(values)}

    return {
        "learners": len(names),
        "wall_seconds": wall,
        "spawn_seconds": figure("spawn"),
        "start_page_seconds": figure("start_page"),
        "demo_seconds": figure("demo"),
        "memory_per_learner_mb": figure("memory_mb"),
        "hub_memory_mb": memory.hub / MB,
        "machine_memory_added_mb": (memory.machine - baseline) / MB,
        "failures": [f"{r['name']}: {r['failure']}" for r in records if "failure" in r],
        "reconnects": sum(r.get("reconnects", 0) for r in records),  # a dropped websocket, connected again
    }


def profile(trial: hubclient.TrialClass, name: str, timeout: float) -> list[dict]:
    """Every notebook for one learner, alone: run time, CPU time and working memory."""
    learner = trial.learner(name)
    rows = []
    for path in sorted((Path(f"/home/{name}") / classroom.COPY / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        memory = Sampler(trial.session, [name])
        memory.start()
        cpu_before = cgroups.usage(name)[1]
        run = learner.run(f"{classroom.COPY}/notebooks/{path.name}", timeout=timeout)
        memory.running = False
        memory.join()
        cpu = cgroups.usage(name)[1] - cpu_before
        mb = memory.learners[name] / MB
        row = {"notebook": path.name, "seconds": run.seconds, "cpu_seconds": cpu, "memory_mb": mb, "errors": run.errors}
        rows.append(row)
        print(f"{path.name:<42} {run.seconds:6.1f} s {cpu:6.1f} CPU s {mb:6.0f} MB {run.errors or ''}", flush=True)
    return rows


def sizing(result: dict, sizes=((4, 16), (8, 32), (16, 64), (32, 128))) -> str:
    """The README's sizing section, from the figures of one run of the load test."""
    rounds, rows = result["rounds"], result["profile"]
    demo = next(row for row in rows if row["notebook"] == result["demo"])
    lines = [
        f"Measured on {result['date']} on this project's test machine ({result['cores']} cores, "
        f"{result['memory_total_mb'] / 1024:.0f} GiB, no swap) with the default limits (1 core, 2G per learner), by "
        f'`make classroom-load N="{" ".join(str(r["learners"]) for r in rounds)}"` '
        "(it runs `--profile` too, and `--update-readme` writes this section; `classroom/measured.json` keeps the "
        "figures).",
        "",
        "**Each notebook, one learner alone** (Run All through the server API; working memory is what the",
        "learner's processes hold that is theirs alone, at its peak: their Jupyter server, the kernel, the",
        "commands it runs; the libraries' files are shared by all learners):",
        "",
        "| Notebook | Run All | CPU time | Working memory |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {row['notebook'].removesuffix('.ipynb')} | {row['seconds']:.1f} s | {row['cpu_seconds']:.1f} s "
        f"| {row['memory_mb']:.0f} MB |"
        for row in rows
    ]
    lines += [
        f"| **whole course** | {sum(r['seconds'] for r in rows):.0f} s | {sum(r['cpu_seconds'] for r in rows):.0f} s "
        f"| {max(r['memory_mb'] for r in rows):.0f} MB at most |",
        "",
        f"**N learners at once**: all log in at the same moment, start their servers, pull the course and "
        f"run the start page, then the {demo['notebook'].removesuffix('.ipynb')} demo (the heaviest notebook):",
        "",
        "| Learners | Spawn, median / p95 | Start page, median / max | Demo, median / max "
        "| Working memory per learner, max | Machine memory added | Hub and proxy | Failures | Reconnects |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rounds:
        s, p, d = r["spawn_seconds"], r["start_page_seconds"], r["demo_seconds"]
        lines.append(
            f"| {r['learners']} | {s['median']:.1f} / {s['p95']:.1f} s | {p['median']:.1f} / {p['max']:.1f} s "
            f"| {d['median']:.0f} / {d['max']:.0f} s | {r['memory_per_learner_mb']['max']:.0f} MB "
            f"| {r['machine_memory_added_mb']:.0f} MB | {r['hub_memory_mb']:.0f} MB | {len(r['failures'])} "
            f"| {r['reconnects']} |"
        )
    biggest = max(rounds, key=lambda r: r["learners"])
    per_learner = biggest["machine_memory_added_mb"] / biggest["learners"]
    hub = max(r["hub_memory_mb"] for r in rounds)
    lines += [
        "",
        f"**Sizing.** With {biggest['learners']} learners running the demo at once the machine's memory grew by "
        f"{per_learner:.0f} MB per learner. The cores are shared: when N learners run the demo at the same "
        f"moment, each Run All takes about N × {demo['cpu_seconds']:.0f} CPU s / cores (here, "
        + ", ".join(
            f"{r['learners']} learners: {r['learners'] * demo['cpu_seconds'] / result['cores']:.0f} s predicted, "
            f"{r['demo_seconds']['median']:.0f} s measured"
            for r in rounds
        )
        + "). A class rarely runs the same cell at the same second, so that is the worst case; the memory, "
        "though, stays taken while a learner's kernel lives. Budget the memory for everyone, and the cores "
        f"for how long you accept a Run All to take when the whole class starts one together (here: {TARGET} s):",
        "",
        f"| Server | Learners by memory | Learners by cores, for a {TARGET} s demo with all at once |",
        "|---|---|---|",
    ]
    for cores, gib in sizes:
        by_memory = int((gib * 1024 - 2048 - hub) // per_learner)  # 2 GB for the system, and the hub
        by_cores = int(cores * TARGET // demo["cpu_seconds"])
        lines.append(f"| {cores} cores, {gib} GiB | {by_memory} | {by_cores} |")
    return "\n".join(lines) + "\n"


def update_readme(result: dict, readme: Path = classroom.ROOT / "README.md") -> None:
    """Write the sizing section between the README's markers, and keep the figures beside it."""
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- classroom-sizing:start -->\n", "<!-- classroom-sizing:end -->"
    before, rest = text.split(start, 1)
    readme.write_text(before + start + sizing(result) + end + rest.split(end, 1)[1], encoding="utf-8")
    MEASURED.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, help="numbers of learners, one round each (e.g. 5 10 20)")
    parser.add_argument("--home", type=Path, default=classroom.HOME, help="where classroom.py install put the hub")
    parser.add_argument("--demo", default="12_pytorch.ipynb", help="the demo notebook each learner runs")
    parser.add_argument("--profile", action="store_true", help="every notebook for one learner, alone")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a notebook run may take")
    parser.add_argument("--update-readme", action="store_true", help="write the README's sizing table from this run")
    parser.add_argument("--render", action="store_true", help="only rewrite the README's table from measured.json")
    args = parser.parse_args(argv)
    if args.render:
        update_readme(json.loads(MEASURED.read_text(encoding="utf-8")))
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("loadtest.py: stopped; cleaning up"))  # the finally runs
    if os.geteuid() != 0:
        print("loadtest.py: run it as root (it creates Unix accounts for its learners).", file=sys.stderr)
        return 2
    if not args.counts and not args.profile:
        parser.error("give numbers of learners (5 10 20) or --profile")
    if any(not 1 <= n <= MAX_LEARNERS for n in args.counts):
        parser.error(f"each number of learners must be 1 to {MAX_LEARNERS}")
    names = [f"pp-load-{i:02d}" for i in range(1, max([1, *args.counts]) + 1)]
    result = {"date": datetime.date.today().isoformat(), "cores": os.cpu_count(), "demo": args.demo, "rounds": []}
    result["memory_total_mb"] = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / MB
    try:
        with hubclient.trial_class(classroom.Layout(args.home), names) as trial:
            if args.profile:
                result["profile"] = profile(trial, names[0], args.timeout)
                trial.admin.stop(names[0])
            for count in args.counts:
                figures = load(trial, names[:count], args.demo, args.timeout)
                result["rounds"].append(figures)
                print(json.dumps(figures, indent=1), flush=True)
    except hubclient.HubError as error:
        print(f"loadtest.py: {error}", file=sys.stderr)
        return 1
    finally:
        if "trial" in locals():
            OUT.parent.mkdir(exist_ok=True)
            OUT.with_suffix(".hub.log").write_text(trial.log, encoding="utf-8")  # the hub's and servers' log
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"Written to {OUT}")
    if args.update_readme:
        update_readme(result)
        print(f"The README's sizing table is updated; the figures are in {MEASURED}")
    return 0 if not any(r["failures"] for r in result["rounds"]) else 1


if __name__ == "__main__":
    sys.exit(main())
