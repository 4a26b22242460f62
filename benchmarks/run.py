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
    "ask: English question --json": (
        ["ask", "What was Qiantang's R&D intensity in 2021?", "--json"],
        {},
    ),
    "ask: Chinese question --json": (["ask", "中策橡胶投资了多少建未来工厂", "--json"], {}),
    "ask: refused --json": (["ask", "钱塘区2023年GDP是多少？", "--json"], {}),
}
TARGETS = {"json": 6.0, "rich": 8.5, "fuzzy json": 7.5, "ask": 12.0}
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
            if code != (1 if "refused" in name else 0):
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
        "| fact base | entities | observations | "
        + " | ".join(f"{k} (ms, × shipped in the same rounds, peak)" for k in lookups)
        + " | warm peak MB |",
        "|---|---:|---:|" + "---:|" * len(lookups) + "---:|",
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
        f"| shipped | {n_entities} | {n_observations} | "
        + " | ".join(
            f"{1000 * shipped[k]['median']:.1f} (1.00×, {shipped[k]['peak_kb'] / 1024:.0f} MB)"
            for k in lookups
        )
        + f" | {max(shipped[k]['peak_kb'] for k in lookups) / 1024:.1f} |"
    )
    for size in sizes:
        entities, observations = SIZES[size]
        facts = work / f"edit-{size}"  # written and indexed by edits()
        size_env = {**env, "QT_CACHE_DIR": str(work / f"edit-cache-{size}"), "QT_FACTS": str(facts)}
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
            f"| synthetic {size} | {entities:,} | {observations:,} | {cells} "
            f"| {max(warm[k]['peak_kb'] for k in lookups) / 1024:.1f} |"
        )
    return "\n".join(rows)


# ------------------------------------------------------------------ issue 13: edits at scale
def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (workers count), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError):
            continue
    return total


def sampled(
    argv: list[str], env: dict[str, str], stdin: bytes | None = None, limit_kb: int | None = None
) -> tuple[float, int, int]:
    """(seconds, peak memory of the process tree in kB, exit code), sampled every 50 ms; with
    `limit_kb`, under `ulimit -v` (each process may map at most that much)."""
    import threading

    if limit_kb:
        argv = ["bash", "-c", f'ulimit -v {limit_kb}; exec "$@"', "bash", *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    if stdin:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    return elapsed, peak[0], code


def _index_file(cache: Path) -> Path:
    (index,) = cache.glob("index-*.sqlite")
    return index


def _generation(cache: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(_index_file(cache))
    try:
        row = conn.execute("SELECT v FROM meta WHERE k = 'generation'").fetchone()
        return int(row[0]) if row else 0
    finally:
        conn.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cell(seconds: float, peak_kb: int, target: str = "") -> str:
    return f"{seconds:.2f} s, {peak_kb / 1024:.0f} MB" + (f" ({target})" if target else "")


def _runs(runs: list[tuple[float, int, int]]) -> str:
    """The median time and the highest peak of several runs, and each run's time: the machine is
    shared, and one run of a minute moves by a tenth from one to the next."""
    if len(runs) == 1:
        return _cell(*runs[0][:2])
    each = ", ".join(f"{r[0]:.1f}" for r in runs)
    median = statistics.median(r[0] for r in runs)
    return f"{_cell(median, max(r[1] for r in runs))} (median of {len(runs)}: {each} s)"


WHOLE_RUNS = 3  # cold builds and exports at each size, each from scratch


def edits(sizes: list[str], env: dict[str, str], work: Path) -> str:
    """Issue 13's targets at each size: build, edit → answer, check, export, size, concurrency.
    A cold build and an export are run WHOLE_RUNS times each (their median and every run)."""
    lookup = [QT, "company", "中策橡胶", "--json"]
    rows = [
        "| fact base | cold build under ulimit -v 1G | edit → answer: observations file | "
        "edit → answer: companies file | qt check after the edit | qt export --format sqlite | "
        "cache file | 8 lookups at once after an edit |",
        "|---|---|---|---|---|---|---:|---|",
    ]
    for size in sizes:
        entities, observations = SIZES[size]
        facts = work / f"edit-{size}"
        cache = work / f"edit-cache-{size}"
        shutil.rmtree(cache, ignore_errors=True)
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
            capture_output=True,
        )
        size_env = {**env, "QT_CACHE_DIR": str(cache), "QT_FACTS": str(facts)}
        colds = []
        for _ in range(WHOLE_RUNS):  # the last run's cache is the one edited below
            shutil.rmtree(cache, ignore_errors=True)
            build = sampled(lookup, size_env, limit_kb=1024 * 1024)
            if build[2] != 0:
                raise SystemExit(f"cold build at {size} exited {build[2]} under ulimit -v 1G")
            colds.append(build)
        cache_mb = _index_file(cache).stat().st_size / 1024**2
        syn = facts / "synthetic"
        _edit(syn / "observations-000.toml", "value = ", "value = 1")  # one figure
        observed = sampled(lookup, size_env)
        _edit(syn / "companies-000.toml", 'en = "Synthetic Firm 1"', 'en = "Synthetic Firm One"')
        renamed = sampled(lookup, size_env)
        _edit(syn / "facts-000.toml", "合成事实", "合成的事实")
        check = sampled([QT, "check"], size_env)
        out = work / f"export-{size}.db"
        exports = []
        for _ in range(WHOLE_RUNS):
            out.unlink(missing_ok=True)
            exports.append(sampled([QT, "export", "--format", "sqlite", str(out)], size_env))
        _edit(syn / "facts-000.toml", "合成的事实", "合成事实")
        before = _generation(cache)
        start = time.perf_counter()
        procs = [
            subprocess.Popen(lookup, env=size_env, stdout=subprocess.DEVNULL) for _ in range(8)
        ]
        codes = [p.wait() for p in procs]
        together = time.perf_counter() - start
        builds = _generation(cache) - before
        rows.append(
            f"| {size} | {_runs(colds)} | {_cell(*observed[:2])} | "
            f"{_cell(*renamed[:2])} | {_cell(*check[:2])} | {_runs(exports)} | "
            f"{cache_mb:.0f} MB | {builds} build{'s' if builds != 1 else ''}, "
            f"{together:.2f} s{'' if set(codes) == {0} else ' (some failed)'} |"
        )
    return "\n".join(rows)


def shipped_cold(env: dict[str, str], work: Path, runs: int = 9) -> tuple[float, int]:
    """A lookup on the shipped base with an empty cache: the build and the answer."""
    times, peak = [], 0
    for i in range(runs):
        cache = work / f"cold-{i}"
        shutil.rmtree(cache, ignore_errors=True)
        seconds, kb, code = run_once(
            [QT, "company", "中策橡胶", "--json"], {**env, "QT_CACHE_DIR": str(cache)}, peak=True
        )
        if code != 0:
            raise SystemExit(f"cold lookup exited {code}")
        times.append(seconds)
        peak = max(peak, kb)
    return statistics.median(times), peak


def exact_lines(env: dict[str, str], facts: Path | None, count: int) -> tuple[float, int, int]:
    """`qt company -` on `count` lines of exact company names: (seconds, peak kB, names)."""
    import sqlite3

    extra = {"QT_FACTS": str(facts)} if facts else {}
    run_once([QT, "company", "中策橡胶"], {**env, **extra})  # the index, built
    cache = Path(env["QT_CACHE_DIR"])
    names = []
    for index in cache.glob("index-*.sqlite"):
        conn = sqlite3.connect(index)
        if conn.execute("SELECT v FROM meta WHERE k = 'root'").fetchone()[0] == os.path.realpath(
            facts or ROOT / "facts"
        ):
            from qtcli.index.store import Store  # the index's own reading of its names

            names = [row[3] for row in Store(conn).names(("company",), ("name",))]
        conn.close()
    lines = "".join(names[i % len(names)] + "\n" for i in range(count)).encode()
    seconds, peak, _ = sampled([QT, "company", "-"], {**env, **extra}, stdin=lines)
    return seconds, peak, len(set(names))


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
        f"\nbatch: 1,000 mixed company lookups from stdin in one process: {seconds:.2f} s (target ≤ 0.5 s), peak {peak / 1024:.1f} MB"
    )
    seconds, peak, names = exact_lines(env, None, 100_000)
    print(
        f"batch: 100,000 lines of the shipped base's {names} company names: {seconds:.2f} s, "
        f"{100_000 / seconds:,.0f} lookups/s (target ≥ 5,000), peak {peak / 1024:.1f} MB"
    )
    cold, cold_peak = shipped_cold(env, work)
    print(
        f"shipped base, empty cache: build and answer {cold:.3f} s median of 9 (target ≤ 0.3 s), "
        f"peak {cold_peak / 1024:.1f} MB"
    )
    if args.scale:
        sizes = [s.strip() for s in args.scale.split(",") if s.strip()]
        print("\nEdits at scale (issue 13); peak memory of the process and its workers:\n")
        print(edits(sizes, env, work))
        for size in sizes:
            if size in ("10k", "100k"):
                facts = work / f"edit-{size}"
                lines = 10_000  # every one a name not asked before: no answer is reused
                seconds, peak, names = exact_lines(
                    {**env, "QT_CACHE_DIR": str(work / f"edit-cache-{size}")}, facts, lines
                )
                print(
                    f"\nbatch at {size}: {lines:,} lines of distinct company names (of {names:,}): "
                    f"{seconds:.2f} s, {lines / seconds:,.0f} lookups/s, peak {peak / 1024:.0f} MB"
                )
        print()
        print(
            scale(
                sizes,
                max(5, args.runs // 3),
                env,
                work,
            )
        )


if __name__ == "__main__":
    main()
