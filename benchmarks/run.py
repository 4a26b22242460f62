"""Start-up and scale benchmark of `qt`: median wall time against `python -c pass`, and peak memory.

    python benchmarks/run.py                      # start-up cases and batch (about a minute)
    python benchmarks/run.py --scale 1k,10k,100k  # also synthetic fact bases (100k takes minutes)

Every case runs as a fresh process, interleaved with the baseline in the same
rounds (shuffled each round), so machine noise hits both alike; the table gives
each case's median, the baseline's median in the same run, their ratio, and the
largest peak memory (maxrss) seen. Rich cases set FORCE_COLOR so output is drawn
as a terminal would see it. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
QT = shutil.which("qt", path=os.path.dirname(PYTHON)) or "qt"

STARTUP = {
    "json: company 中策橡胶": (["company", "中策橡胶", "--json"], {}),
    "json: metric rd-intensity --year 2021": (
        ["metric", "rd-intensity", "--year", "2021", "--json"],
        {},
    ),
    "rich: company 中策橡胶": (["company", "中策橡胶"], {"FORCE_COLOR": "1", "COLUMNS": "160"}),
    "rich: metric rd-intensity --year 2021": (
        ["metric", "rd-intensity", "--year", "2021"],
        {"FORCE_COLOR": "1", "COLUMNS": "160"},
    ),
    "fuzzy json: company zcxj": (["company", "zcxj", "--json"], {}),
    "fuzzy json: company 'Zhongce Rubbr'": (["company", "Zhongce Rubbr", "--json"], {}),
}
TARGETS = {"json": 6.0, "rich": 8.5, "fuzzy json": 7.5}
SIZES = {"1k": (1_000, 10_000), "10k": (10_000, 100_000), "100k": (100_000, 1_000_000)}


def _gnu_time() -> str | None:
    """GNU time, if installed: it reports a child's peak memory from a small parent."""
    path = shutil.which("time")
    if path is None:
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True)
    return path if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


GNU_TIME = _gnu_time()


def run_once(
    argv: list[str], env: dict[str, str], stdin: bytes | None = None, peak: bool = False
) -> tuple[float, int, int]:
    """(seconds, peak memory in kB, exit code) of one fresh process.

    The kernel counts a child's peak memory from the moment it is forked, so a child of
    this Python process starts at this process's size (~14 MB): `python -c pass` would
    seem to need that much. With `peak`, the child runs under GNU time (a small parent)
    and its own peak is reported; timing runs leave it out, since it adds a fork."""
    report = None
    if peak and GNU_TIME:
        report = tempfile.NamedTemporaryFile(suffix=".txt", delete=False)
        report.close()
        argv = [GNU_TIME, "-f", "%M", "-o", report.name, *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if stdin:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if report is not None:
        lines = Path(report.name).read_text().split()
        os.unlink(report.name)
        maxrss = int(lines[-1]) if lines and lines[-1].isdigit() else maxrss
    return elapsed, maxrss, proc.returncode


def measure(
    cases: dict[str, tuple[list[str], dict[str, str]]], env: dict[str, str], runs: int
) -> dict[str, dict[str, float]]:
    """Median time and peak memory per case, the baseline interleaved in every round."""
    cases = {
        "baseline: python -c pass": ([PYTHON, "-c", "pass"], {}),
        **{k: ([QT, *a], e) for k, (a, e) in cases.items()},
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    peaks: dict[str, int] = dict.fromkeys(cases, 0)
    for argv, extra in cases.values():  # warm the cache and the OS file cache
        run_once(argv, {**env, **extra})
    for name, (argv, extra) in cases.items():  # peak memory, warm, in runs of their own
        for _ in range(3):
            peaks[name] = max(peaks[name], run_once(argv, {**env, **extra}, peak=True)[1])
    order = list(cases)
    for _ in range(runs):
        random.shuffle(order)
        for name in order:
            argv, extra = cases[name]
            seconds, peak, code = run_once(argv, {**env, **extra})
            if code != 0:
                raise SystemExit(f"{name} exited {code}")
            times[name].append(seconds)
            if not GNU_TIME:
                peaks[name] = max(peaks[name], peak)
    return {k: {"median": statistics.median(v), "peak_kb": peaks[k]} for k, v in times.items()}


def table(results: dict[str, dict[str, float]], targets: bool = True) -> str:
    base = results["baseline: python -c pass"]["median"]
    lines = [
        "| case | median ms | python -c pass ms | ratio | target | peak MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        ratio = r["median"] / base
        target = next(
            (f"≤ {t}×" for prefix, t in TARGETS.items() if name.startswith(prefix + ":")), ""
        )
        lines.append(
            f"| {name} | {1000 * r['median']:.1f} | {1000 * base:.1f} | {ratio:.2f}× | {target if targets else ''} | {r['peak_kb'] / 1024:.1f} |"
        )
    return "\n".join(lines)


def batch(env: dict[str, str], count: int = 1000) -> tuple[float, int]:
    """1,000 mixed company lookups through one process reading stdin."""
    names = [
        "中策橡胶",
        "Zhongce Rubber",
        "zcxj",
        "比亚迪",
        "Yokohama",
        "优科豪马",
        "松下马达",
        "西子航空",
        "Shining 3D",
        "mige dianji",
        "葆元医药",
        "Panasonic Motor Hangzhou",
        "天境生物",
        "not a company xyz",
    ]
    lines = "\n".join(names[i % len(names)] for i in range(count)) + "\n"
    best = None
    for _ in range(3):
        seconds, peak, _ = run_once([QT, "company", "-"], env, lines.encode(), peak=True)
        best = (seconds, peak) if best is None or seconds < best[0] else best
    assert best is not None
    return best


def scale(sizes: list[str], runs: int, env: dict[str, str], work: Path) -> str:
    lookups = {
        "json: company 中策橡胶": ["company", "中策橡胶", "--json"],
        "json: metric rd-intensity --year 2021": [
            "metric",
            "rd-intensity",
            "--year",
            "2021",
            "--json",
        ],
        "fuzzy json: company 'Zhongce Rubbr'": ["company", "Zhongce Rubbr", "--json"],
        "search 中测橡胶 (typo)": ["search", "中测橡胶", "--json"],
        "ask": ["ask", "What was Qiantang's R&D intensity in 2021?", "--json"],
    }
    rows = [
        "| fact base | entities | observations | first run after an edit (s) | its peak MB | "
        + " | ".join(f"{k} (ms, × shipped in the same rounds, peak)" for k in lookups)
        + " | warm peak MB |",
        "|---|---:|---:|---:|---:|" + "---:|" * len(lookups) + "---:|",
    ]
    shipped_env = {**env, "QT_CACHE_DIR": str(work / "cache-shipped")}
    shipped = measure({k: (a, {}) for k, a in lookups.items()}, shipped_env, runs)
    # Counted in a child process, so this one stays small (see the synth.py call below).
    count = (
        "from pathlib import Path; from qtcli.factbase.load import load_factbase; "
        "from qtcli.paths import shipped_facts; fb = load_factbase(Path(shipped_facts())); "
        "print(len(fb.entities), len(fb.observations))"
    )
    n_entities, n_observations = subprocess.run(
        [PYTHON, "-c", count], check=True, capture_output=True, text=True
    ).stdout.split()
    rows.append(
        f"| shipped | {n_entities} | {n_observations} | | | "
        + " | ".join(
            f"{1000 * shipped[k]['median']:.1f} (1.00×, {shipped[k]['peak_kb'] / 1024:.0f} MB)"
            for k in lookups
        )
        + f" | {max(shipped[k]['peak_kb'] for k in lookups) / 1024:.1f} |"
    )
    for size in sizes:
        entities, observations = SIZES[size]
        facts = work / f"synth-{size}"
        # In a child process: a fork of this process would count its memory as the lookups'.
        subprocess.run(
            [
                PYTHON,
                str(HERE / "synth.py"),
                str(facts),
                "--entities",
                str(entities),
                "--observations",
                str(observations),
            ],
            check=True,
        )
        size_env = {**env, "QT_CACHE_DIR": str(work / f"cache-{size}"), "QT_FACTS": str(facts)}
        rebuild, rebuild_peak, code = run_once(
            [QT, "company", "中策橡胶", "--json"], size_env, peak=True
        )
        if code != 0:
            raise SystemExit(f"rebuild at {size} exited {code}")
        # The same lookups on the shipped base run in the same rounds, so the ratio compares
        # like with like even when the machine's speed drifts between sizes.
        both = measure(
            {
                **{f"{size} {k}": (a, {"QT_FACTS": str(facts)}) for k, a in lookups.items()},
                **{
                    f"shipped {k}": (a, {"QT_CACHE_DIR": str(work / "cache-shipped")})
                    for k, a in lookups.items()
                },
            },
            {key: value for key, value in size_env.items() if key != "QT_FACTS"},
            runs,
        )
        warm = {k: both[f"{size} {k}"] for k in lookups}
        cells = " | ".join(
            f"{1000 * warm[k]['median']:.1f} ({warm[k]['median'] / both[f'shipped {k}']['median']:.2f}×, "
            f"{warm[k]['peak_kb'] / 1024:.0f} MB)"
            for k in lookups
        )
        rows.append(
            f"| synthetic {size} | {entities:,} | {observations:,} | {rebuild:.1f} | {rebuild_peak / 1024:.0f} | {cells} "
            f"| {max(warm[k]['peak_kb'] for k in lookups) / 1024:.1f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="rounds per case (default 30)")
    parser.add_argument(
        "--scale", default="", help="comma-separated synthetic sizes: 1k, 10k, 100k"
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="where to put synthetic bases and caches"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qt-bench-"))
    env = {**os.environ, "QT_CACHE_DIR": str(work / "cache")}
    env.pop("QT_FACTS", None)
    env.pop("NO_COLOR", None)
    # Python caches compiled modules on first import, unless PYTHONDONTWRITEBYTECODE is set
    # (as on some CI machines) or the install is read-only: then every run would recompile
    # qtcli (~16 ms). Compile it once, as a user's first run would, so the figures are the
    # steady state; the line below says whether the environment would have done it.
    spec = importlib.util.find_spec("qtcli")  # locates the installed package, imports nothing
    for where in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run([PYTHON, "-m", "compileall", "-q", where], check=False)
    print(f"qt: {QT}\npython: {PYTHON}")
    print(
        "bytecode: qtcli precompiled by this benchmark"
        + (
            " (PYTHONDONTWRITEBYTECODE is set here)"
            if os.environ.get("PYTHONDONTWRITEBYTECODE")
            else ""
        )
    )
    print(
        "peak memory: "
        + (
            "maxrss under GNU time, in runs apart from the timed ones\n"
            if GNU_TIME
            else "maxrss from wait4 (GNU time not found: each figure includes this process's size)\n"
        )
    )
    print(table(measure(STARTUP, env, args.runs)))
    seconds, peak = batch(env)
    print(
        f"\nbatch: 1,000 mixed company lookups from stdin in one process: {seconds:.2f} s (target ≤ 1.5 s), peak {peak / 1024:.1f} MB"
    )
    if args.scale:
        print()
        print(
            scale(
                [s.strip() for s in args.scale.split(",") if s.strip()],
                max(5, args.runs // 3),
                env,
                work,
            )
        )


if __name__ == "__main__":
    main()
