"""``make bench``: benchmark the site's build against plain Sphinx + MyST + Furo.

    make bench                                # N = 100 and 500, three repetitions
    make bench BENCH_ARGS="--n 20 50"         # smaller and quicker
    python -m bench --n 100 500 --repeats 5   # more samples on a noisy machine
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path

from bench.measure import measure_n
from bench.report import markdown, plot

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 500], metavar="N",
                        help="numbers of posts to generate (default: 100 500)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="repetitions of every build; medians are reported (default: 3)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the post generator")
    parser.add_argument("--no-fixed", dest="fixed", action="store_false",
                        help="skip the empty-site builds that separate fixed from per-post cost")
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="skip the clean build that checks incremental output")
    parser.add_argument("--workdir", type=Path, default=RESULTS / "tmp",
                        help="where the generated projects are built (default: bench/results/tmp)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="where latest.md, latest.json and time-vs-n.svg go")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ns = sorted(set(args.n))
    if any(n < 1 for n in ns):
        raise SystemExit("every N must be at least 1")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d", time.gmtime())
    command = "make bench" + (f' BENCH_ARGS="{shlex.join(argv or sys.argv[1:])}"'
                              if (argv or sys.argv[1:]) else "")
    print(f"bench: N = {', '.join(map(str, ns))}, {args.repeats} repetitions "
          f"(load average {load})", flush=True)
    results = {}
    for n in ([0] if args.fixed else []) + ns:
        results[n] = measure_n(n, args.workdir, args.repeats, args.seed, args.check,
                               say=lambda line: print(line, flush=True))
    args.out.mkdir(parents=True, exist_ok=True)
    text = markdown(results, command=command, repeats=args.repeats, when=when,
                    cores=os.cpu_count() or 0, load=load)
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(
        json.dumps([r.as_dict() for r in results.values()], indent=1), encoding="utf-8")
    plot(results, args.out / "time-vs-n.svg")
    print(text)
    print(f"\nwritten: {args.out / 'latest.md'}, {args.out / 'time-vs-n.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
