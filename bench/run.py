"""Start-up and scaling benchmarks: whole processes, medians, ratios to a baseline from the same run.

    python bench/run.py [--quick] [--sizes 1000,10000,100000]

Run it with the Python of the environment where dprk is installed. The baseline is
``python -c "import typer"`` with that same interpreter and Typer, the floor any Typer CLI pays;
it is measured before and after the scenarios and its median over both is used. Each scenario
is a separate process; the table shows its median wall time, the ratio to the baseline (or, for
cold loads, to PyYAML's C loader parsing the same file), and its peak RSS. At each size a second
timeline drawn from 50 words (``generate.py --vocabulary 50``) is searched for two words that each
occur in most events: the search's cost must follow the 20 hits shown, not the matches.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RACY_SECONDS = 2.0  # dprk_rights.store.RACY_SECONDS
DPRK = str(Path(sys.executable).with_name("dprk"))
PY = sys.executable
#: Two of the 50 words of ``generate.py --vocabulary 50``: each is in most events, both in about 70%.
COMMON_QUERY = "council resolution"
COMMON_JSON = "warm search 2 common words --json -n20"
COMMON_TERMINAL = "  same, terminal"
YAML_LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
YAML_LOAD_NO_GC = "import gc, sys, yaml; gc.disable(); yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"


@dataclass
class Result:
    name: str
    seconds: float
    rss_mb: float
    ratio: float | None
    target: str
    versus: str


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one process; it must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {process.stderr.read().decode() if process.stderr else ''}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


Scenario = tuple[list[str], dict[str, str], list[str] | None]  # command, environment, command to run before


def interleaved(scenarios: dict[str, Scenario], rounds: int) -> dict[str, tuple[float, float]]:
    """Median time and largest peak RSS of each scenario, running one of each per round.

    Interleaving puts every scenario, the baseline included, through the same moments of a
    shared, noisy machine, so their ratios are fair even when their absolute times drift.
    """
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in scenarios}
    for _ in range(rounds):
        for name, (command, env, before) in scenarios.items():
            if before:
                subprocess.run(before, check=True, env=env, stdout=subprocess.DEVNULL)
            samples[name].append(run_once(command, env))
    return {name: (statistics.median(t for t, _ in runs), max(r for _, r in runs)) for name, runs in samples.items()}


def settle(env: dict[str, str], command: list[str]) -> None:
    """Fill the cache, then wait out the window in which a just-modified file is hashed on every run."""
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    time.sleep(RACY_SECONDS + 0.5)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        lines = cpuinfo.read_text().splitlines()
        models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
        cpu = models[0] if models else cpu
    import sqlite3

    import typer
    import yaml

    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores; Python {platform.python_version()},"
        f" typer {typer.__version__}, PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__}),"
        f" SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (for a smoke test)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="generated timeline sizes")
    args = parser.parse_args()
    fast_runs, slow_runs, cold_runs = (3, 3, 1) if args.quick else (21, 7, 3)
    sizes = [int(n) for n in args.sizes.split(",") if n]

    work = Path(tempfile.mkdtemp(prefix="dprk-bench-"))
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"))
    env.pop("DPRK_TIMELINE", None)
    terminal = dict(env, FORCE_COLOR="1", COLUMNS="120")
    baseline_command = [PY, "-c", "import typer"]

    baseline = "baseline: python -c 'import typer'"
    results: list[Result] = []
    settle(env, [DPRK, "sources"])
    shipped: dict[str, Scenario] = {
        baseline: (baseline_command, env, None),
        "S1 dprk --version": ([DPRK, "--version"], env, None),
        "S2 timeline --since 2014 --json": ([DPRK, "timeline", "--since", "2014", "--json"], env, None),
        "S3 search 'ICC referral' --json": ([DPRK, "search", "ICC referral", "--json"], env, None),
        "S4 timeline --since 2014 (terminal)": ([DPRK, "timeline", "--since", "2014"], terminal, None),
    }
    targets = {"S1": "<= 1.25x", "S2": "<= 1.25x", "S3": "<= 1.25x", "S4": "<= 1.6x"}
    measured = interleaved(shipped, fast_runs)
    base_seconds = measured[baseline][0]
    for name, (seconds, rss) in measured.items():
        ratio = seconds / base_seconds
        results.append(Result(name, seconds, rss, ratio, targets.get(name[:2], ""), "import typer"))

    for size in sizes:
        data = work / f"timeline-{size}.yaml"
        subprocess.run([PY, str(BENCH / "generate.py"), str(size), str(data)], check=True, stdout=subprocess.DEVNULL)
        label = f"{size // 1000}k"
        touch = [PY, "-c", f"open({str(data)!r}, 'a').write('# changed\\n')"]
        search = [DPRK, "--data", str(data), "search", "forced labour", "--json", "--limit", "20"]
        cold = interleaved(
            {
                "yaml": ([PY, "-c", YAML_LOAD, str(data)], env, None),
                "yaml-no-gc": ([PY, "-c", YAML_LOAD_NO_GC, str(data)], env, None),
                "cold": (search, env, touch),
            },
            cold_runs if size >= 100_000 else slow_runs,
        )
        (yaml_s, yaml_rss), (no_gc_s, _), (cold_s, cold_rss) = cold["yaml"], cold["yaml-no-gc"], cold["cold"]
        cold_target = "<= 1.3x" if size == 10_000 else ""
        results.append(Result(f"PyYAML CLoader load, {label}", yaml_s, yaml_rss, None, "", "-"))
        results.append(Result(f"  same, GC off, {label}", no_gc_s, 0, None, "", "-"))
        results.append(Result(f"cold search, {label}", cold_s, cold_rss, cold_s / yaml_s, cold_target, "PyYAML"))
        results.append(
            Result(f"  cold vs PyYAML GC off, {label}", cold_s, cold_rss, cold_s / no_gc_s, "", "PyYAML GC off")
        )
        settle(env, search)
        # The worst case for ranking: two words that each occur in most events (a 50-word vocabulary).
        common = work / f"common-{size}.yaml"
        generated = [PY, str(BENCH / "generate.py"), str(size), str(common), "--vocabulary", "50"]
        subprocess.run(generated, check=True, stdout=subprocess.DEVNULL)
        common_search = [DPRK, "--data", str(common), "search", COMMON_QUERY, "--limit", "20"]
        settle(env, [*common_search, "--json"])
        show_id = "event-000042"
        warm = interleaved(
            {
                baseline: (baseline_command, env, None),
                "warm search 'forced labour' --limit 20": (search, env, None),
                "warm timeline --since 2020 --json": (
                    [DPRK, "--data", str(data), "timeline", "--since", "2020", "--json"],
                    env,
                    None,
                ),
                f"warm show {show_id}": ([DPRK, "--data", str(data), "show", show_id], env, None),
                COMMON_JSON: ([*common_search, "--json"], env, None),
                COMMON_TERMINAL: (common_search, terminal, None),
            },
            slow_runs,
        )
        warm_base = warm.pop(baseline)[0]
        warm_target = {10_000: "<= 2x", 100_000: "<= 4x"}.get(size, "")
        for name, (seconds, rss) in warm.items():
            common_targets = {COMMON_JSON: "<= 4x" if size == 100_000 else "", COMMON_TERMINAL: ""}
            target = common_targets.get(name, warm_target if "timeline" not in name else "")
            if size == 100_000 and name.startswith("warm search '"):
                target += ", RSS <= 250 MB"
            results.append(
                Result(f"{name}, {label}", seconds, rss, seconds / warm_base, target.strip(", "), "import typer")
            )

    print(f"Machine: {machine()}")
    print(f"Baseline `python -c 'import typer'`: {base_seconds * 1000:.1f} ms (median, interleaved with S1-S4)\n")
    print(f"| {'scenario':44} | {'median':>9} | {'ratio':>7} | {'versus':13} | {'peak RSS':>9} | {'target':22} |")
    print(f"| {'-' * 44} | {'-' * 9}:| {'-' * 7}:| {'-' * 13} | {'-' * 9}:| {'-' * 22} |")
    for r in results:
        ratio_text = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        rss = f"{r.rss_mb:.0f} MB" if r.rss_mb else "-"
        print(
            f"| {r.name:44} | {r.seconds * 1000:7.0f}ms | {ratio_text:>7} | {r.versus:13} | {rss:>9} | {r.target:22} |"
        )


if __name__ == "__main__":
    main()
