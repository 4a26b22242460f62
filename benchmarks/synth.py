"""Write a synthetic fact base with the real schema, for measuring how qt scales.

The shipped fact base is copied in unchanged, so the same lookups (中策橡胶,
rd-intensity 2021) give the same answers at every size; synthetic regions,
parks, companies, metrics, observations and facts are added around it in
files of at most 20,000 records. Names are unique after normalisation, so the
fact base passes `qt check`.

    python benchmarks/synth.py OUT --entities 100000 --observations 1000000
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Common characters for Chinese names; a number in base len(CHARS) picks them.
CHARS = "".join(
    dict.fromkeys(
        "华新东方海天金明宏盛鑫瑞安达恒信通远泰丰源和中兴科创智能电子材料精密机械光网络数据生物医药航空汽车装备"
    )
)
SOURCES = ("zhizao-2022", "qiankai-2022", "xinqu-2025", "hangzhou-2023", "jingxin-2022")
UNITS = (("亿元", "amount"), ("%", "share"), ("家", "count"), ("个", "count"), ("亩", "area"))
CHUNK = 20_000


def zh_name(n: int, suffix: str) -> str:
    """A unique Chinese name for number n: distinct numbers give distinct strings."""
    digits = []
    n += len(CHARS) ** 2  # at least three characters
    while n:
        n, r = divmod(n, len(CHARS))
        digits.append(CHARS[r])
    return "".join(digits) + suffix


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_chunks(out: Path, stem: str, records: list[str], header: str) -> None:
    for start in range(0, len(records), CHUNK):
        path = out / f"{stem}-{start // CHUNK:03d}.toml"
        path.write_text(
            f"# {header}\n\n" + "\n".join(records[start : start + CHUNK]), encoding="utf-8"
        )


def generate(out: Path, entities: int, observations: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "facts", out)
    syn = out / "synthetic"
    syn.mkdir()
    n_regions = max(5, entities // 100)
    n_parks = max(10, entities // 20)
    n_companies = max(1, entities - n_regions - n_parks)
    n_metrics = max(20, entities // 100)

    regions = [
        f'[[region]]\nid = "syn-r-{i}"\nname = {{ zh = {_q(zh_name(i, "区"))}, en = "Synthetic District {i}", en_source = "translated" }}\n'
        f'level = "district"\nparent = "hangzhou"\nsource = "zhizao-2022"\nquote = "钱塘"\n'
        for i in range(n_regions)
    ]
    parks = [
        f'[[park]]\nid = "syn-p-{i}"\nname = {{ zh = {_q(zh_name(i, "园"))}, en = "Synthetic Park {i}", en_source = "translated" }}\n'
        f'type = "industrial-park"\nregion = "syn-r-{i % n_regions}"\nsource = "zhizao-2022"\nquote = "钱塘"\n'
        for i in range(n_parks)
    ]
    companies = [
        f'[[company]]\nid = "syn-c-{i}"\nname = {{ zh = {_q(zh_name(i, "公司"))}, en = "Synthetic Firm {i}", en_source = "translated" }}\n'
        f"aliases = [{_q(zh_name(i, '集团'))}]\n"
        f'sector = {{ zh = "制造", en = "manufacturing" }}\npark = "syn-p-{i % n_parks}"\nregion = "syn-r-{i % n_regions}"\n'
        f'source = "{SOURCES[i % len(SOURCES)]}"\nquote = "钱塘"\n'
        for i in range(n_companies)
    ]
    metrics = []
    for i in range(n_metrics):
        unit, kind = UNITS[i % len(UNITS)]
        metrics.append(
            f'[[metric]]\nid = "syn-m-{i}"\nname = {{ zh = {_q(zh_name(i, "指标"))}, en = "synthetic measure {i}" }}\n'
            f'unit = "{unit}"\nkind = "{kind}"\ndefinition = {{ zh = "合成指标。", en = "A synthetic measure." }}\n'
        )
    subjects = [f"syn-c-{i}" for i in range(n_companies)] + [f"syn-p-{i}" for i in range(n_parks)]
    obs = []
    for i in range(observations):
        m = rng.randrange(n_metrics)
        value = rng.randrange(1, 100000) / 10
        # Quoted as an article would print it, so that `qt check` proves the value (the
        # quote is not in the shipped articles: `qt check --sources` would say so).
        printed = f"{value:g}{UNITS[m % len(UNITS)][0]}"
        obs.append(
            f'[[observation]]\nmetric = "syn-m-{m}"\nsubject = "{subjects[rng.randrange(len(subjects))]}"\n'
            f"year = {2015 + i % 10}\nvalue = {value}\n"
            f'source = "{SOURCES[i % len(SOURCES)]}"\nquote = "钱塘{printed}"\n'
        )
    facts = [
        f'[[fact]]\nsubject = "syn-c-{i}"\ntopic = "project"\nyear = {2015 + i % 10}\n'
        f'text = {{ zh = "合成事实{i}。", en = "Synthetic fact {i}." }}\nsource = "{SOURCES[i % len(SOURCES)]}"\nquote = "钱塘"\n'
        for i in range(0, n_companies, 2)
    ]
    write_chunks(syn, "regions", regions, "Synthetic regions (benchmarks/synth.py).")
    write_chunks(syn, "parks", parks, "Synthetic parks (benchmarks/synth.py).")
    write_chunks(syn, "companies", companies, "Synthetic companies (benchmarks/synth.py).")
    write_chunks(syn, "metrics", metrics, "Synthetic metrics (benchmarks/synth.py).")
    write_chunks(syn, "observations", obs, "Synthetic observations (benchmarks/synth.py).")
    write_chunks(syn, "facts", facts, "Synthetic facts (benchmarks/synth.py).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.out, args.entities, args.observations)
    print(
        f"wrote {args.out}: {args.entities} entities, {args.observations} observations (plus the shipped facts)"
    )


if __name__ == "__main__":
    main()
