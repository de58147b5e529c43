#!/usr/bin/env python3
"""The classifier-quality table of `run` (step 10, issue 15).

  quality-report.py RESULTS

RESULTS holds lines
  quality DATASET SEED SIDE EPOCHS TEST_ACCURACY TEST_COST TRAIN_ACCURACY TRAIN_COST
from `fann-driver rprop` (SIDE fann-rprop-tanh, fann-rprop-linear) and from
`run` for the simdnet tool (SIDE simdnet-OUTPUT-SPEC). For each dataset it
prints one row per seed with every side's test accuracy, then the medians
(of the seeds' test accuracies; with an even count, the mean of the middle
two), then training accuracy's medians, and for each SIMDNet side whether its
median test accuracy reaches FANN RPROP's, the larger of the two error
functions' medians.
"""
import statistics
import sys

FANN = ("fann-rprop-tanh", "fann-rprop-linear")
LABELS = {"fann-rprop-tanh": "FANN RPROP, tanh error (default)",
          "fann-rprop-linear": "FANN RPROP, linear error"}


def label(side):
    if side in LABELS:
        return LABELS[side]
    _, output, spec = side.split("-", 2)
    optimizer, rate, scale, batch, early = (spec.split(":") + [""] * 4)[:5]
    words = [f"SIMDNet {output}, {optimizer}" + (f" α {rate}" if rate else "")]
    if scale:
        words.append(f"{scale} scaling")
    if batch:
        words.append(f"batch {batch}")
    if early:
        percent, _, patience = early.partition("/")
        words.append(f"early stopping ({percent} %, patience {patience})")
    return ", ".join(words)


def percent(x):
    return f"{100 * x:.2f} %"


def main(path):
    runs = {}  # dataset -> side -> seed -> (test, train)
    order = []
    for line in open(path):
        f = line.split()
        if not f or f[0] != "quality":
            continue
        dataset, seed, side = f[1], int(f[2]), f[3]
        if dataset not in runs:
            order.append(dataset)
        runs.setdefault(dataset, {}).setdefault(side, {})[seed] = (float(f[5]), float(f[7]))
    if not runs:
        sys.exit(f"quality-report.py: no quality lines in {path}")
    verdicts = []
    for dataset in order:
        sides = runs[dataset]
        fann = [s for s in FANN if s in sides]
        ours = [s for s in sides if s not in FANN]
        columns = fann + ours
        seeds = sorted(set().union(*(sides[s].keys() for s in columns)))
        missing = [(s, k) for s in columns for k in seeds if k not in sides[s]]
        if missing or len(fann) != 2:
            sys.exit(f"quality-report.py: {dataset}: runs missing ({missing or 'FANN'})")
        print(f"**{dataset}**, test accuracy ({len(seeds)} seeds)\n")
        print("| seed | " + " | ".join(label(s) for s in columns) + " |")
        print("| ---: |" + " ---: |" * len(columns))
        for k in seeds:
            print(f"| {k} | " + " | ".join(percent(sides[s][k][0]) for s in columns) + " |")

        def median(side, which):
            return statistics.median(sides[side][k][which] for k in seeds)

        print("| **median** | " + " | ".join(f"**{percent(median(s, 0))}**" for s in columns) + " |")
        print("| median training accuracy | "
              + " | ".join(percent(median(s, 1)) for s in columns) + " |")
        print()
        goal = max(median(s, 0) for s in fann)
        for s in ours:
            met = median(s, 0) >= goal
            verdicts.append((dataset, s, median(s, 0), goal, met))
    print("| dataset | SIMDNet | median | FANN RPROP's median (larger) | reached |")
    print("| --- | --- | ---: | ---: | --- |")
    for dataset, s, ours, goal, met in verdicts:
        print(f"| {dataset} | {label(s)} | {percent(ours)} | {percent(goal)} | "
              f"{'yes' if met else 'no'} ({100 * (ours - goal):+.2f} points) |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: quality-report.py RESULTS")
    main(sys.argv[1])
