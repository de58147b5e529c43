#!/usr/bin/env python3
"""Turns the raw lines `run` collected into the Markdown tables of BENCHMARKS.md.

Usage: report.py RESULTS CHECK_RESULTS

RESULTS lines:  ROUND BUILD WORKLOAD (train|predict) SIDE VALUE
  BUILD is fann, plain or native; SIDE is fann-batch, fann-rprop, fann,
  simdnet-exact or simdnet-table.
CHECK lines:    BUILD WORKLOAD check EPOCHS SIDE (cost|fann_mse|params) VALUES...
"""
import statistics
import sys
from collections import defaultdict

WORKLOADS = [("or", "OR 2-1"), ("xor", "XOR 2-2-1"), ("diabetes", "diabetes 8-16-2")]
COLUMNS = [
    ("FANN batch / fann_run", "fann", ("fann-batch", "fann")),
    ("FANN RPROP", "fann", ("fann-rprop",)),
    ("plain, exact σ", "plain", ("simdnet-exact",)),
    ("plain, table σ", "plain", ("simdnet-table",)),
    ("haswell, exact σ", "native", ("simdnet-exact",)),
    ("haswell, table σ", "native", ("simdnet-table",)),
]
SIMDNET = COLUMNS[2:]


def si(x):
    for scale, suffix in ((1e9, " G"), (1e6, " M"), (1e3, " k")):
        if x >= scale:
            return f"{x / scale:.3g}{suffix}"
    return f"{x:.3g}"


def main():
    samples = defaultdict(list)
    rounds = set()
    for line in open(sys.argv[1]):
        r, build, workload, metric, side, value = line.split()
        rounds.add(r)
        samples[(build, workload, metric, side)].append(float(value))

    def median(build, workload, metric, sides):
        for side in sides:
            values = samples.get((build, workload, metric, side))
            if values:
                return statistics.median(values), values
        return None, None

    print(f"Medians of {len(rounds)} rounds (each round: FANN, then SIMDNet plain, then SIMDNet")
    print("haswell; each figure in a round is the best of the repetitions). ±: half the")
    print("range of the rounds, as a percentage of the median.\n")
    print("| workload | " + " | ".join(c[0] for c in COLUMNS) + " |")
    print("| --- | " + " | ".join("---:" for _ in COLUMNS) + " |")
    for metric, label in (("train", "training epochs/s"), ("predict", "predictions/s (per example)")):
        for key, name in WORKLOADS:
            cells = []
            for _, build, sides in COLUMNS:
                m, values = median(build, key, metric, sides)
                if m is None:
                    cells.append("—")
                else:
                    spread = (max(values) - min(values)) / 2 / m * 100
                    cells.append(f"{si(m)} ±{spread:.0f}%")
            print(f"| {name} {label} | " + " | ".join(cells) + " |")

    print("\nRatios: SIMDNet ÷ FANN (batch training, or `fann_run`), and table σ ÷ exact σ.\n")
    print("| workload | " + " | ".join(c[0] for c in SIMDNET)
          + " | table ÷ exact, plain | table ÷ exact, haswell |")
    print("| --- | " + " | ".join("---:" for _ in range(len(SIMDNET) + 2)) + " |")
    ratios = {}
    for metric, label in (("train", "training"), ("predict", "predictions")):
        for key, name in WORKLOADS:
            base, _ = median("fann", key, metric, ("fann-batch", "fann"))
            cells = []
            for column, build, sides in SIMDNET:
                m, _ = median(build, key, metric, sides)
                ratios[(key, metric, column)] = m / base
                cells.append(f"{m / base:.2f}×")
            for build in ("plain", "native"):
                t, _ = median(build, key, metric, ("simdnet-table",))
                e, _ = median(build, key, metric, ("simdnet-exact",))
                ratios[(key, metric, "table/exact", build)] = t / e
                cells.append(f"{t / e:.2f}×")
            print(f"| {name} {label} | " + " | ".join(cells) + " |")

    print("\nGoals (issue 6), judged on the ratios above:\n")
    print("| goal | plain exact | plain table | haswell exact | haswell table | verdict |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    goals = [
        ("OR 2-1 training ≥ 10× FANN batch", "or", "train", 10),
        ("XOR 2-2-1 training ≥ 10× FANN batch", "xor", "train", 10),
        ("XOR 2-2-1 predictions ≥ 5× FANN", "xor", "predict", 5),
        ("diabetes 8-16-2 batch epochs ≥ 10× FANN", "diabetes", "train", 10),
    ]
    for text, key, metric, target in goals:
        values = [ratios[(key, metric, c[0])] for c in SIMDNET]
        met = [c[0] for c, v in zip(SIMDNET, values) if v >= target]
        verdict = ("met (" + ", ".join(met) + ")") if met else f"missed (best {max(values):.2f}×)"
        print(f"| {text} | " + " | ".join(f"{v:.2f}×" for v in values) + f" | {verdict} |")
    print("\n| goal: table σ ≥ 2× exact σ | plain build | haswell build | verdict |")
    print("| --- | ---: | ---: | --- |")
    for key, name in WORKLOADS:
        for metric in ("train", "predict"):
            p = ratios[(key, metric, "table/exact", "plain")]
            n = ratios[(key, metric, "table/exact", "native")]
            verdict = "met" if min(p, n) >= 2 else ("met in the plain build only" if p >= 2 else
                      ("met in the haswell build only" if n >= 2 else "missed"))
            print(f"| {name} {'training' if metric == 'train' else 'predictions'} | {p:.2f}× | {n:.2f}× | {verdict} |")

    if len(sys.argv) > 2:
        check(sys.argv[2])


def check(path):
    costs, mse, params = {}, {}, {}
    for line in open(path):
        f = line.split()
        build, workload, epochs, side, kind = f[0], f[1], int(f[3]), f[4], f[5]
        key = (workload, epochs, build if side.startswith("simdnet") else "fann", side)
        if kind == "cost":
            costs[key] = float(f[6])
        elif kind == "fann_mse":
            mse[(workload, epochs)] = float(f[6])
        else:
            params[key] = [float(x) for x in f[6:]]
    outputs = {"or": 1, "xor": 1, "diabetes": 2}
    print("\nCorrectness: batch gradient descent, α = 0.7 (float, as FANN stores it), from the same")
    print("initial weights; Cost = 1/(2m) Σ (y − ŷ)², computed in double on both sides. FANN's own")
    print("MSE (`fann_test_data`) is Σ (y − ŷ)² / (m · outputs), accumulated in float, so")
    print("cost = MSE · outputs / 2; that conversion is shown in its own column.\n")
    print("| workload | epochs | FANN cost | FANN MSE·K/2 | SIMDNet exact σ cost | relative difference "
          "| max abs weight difference | SIMDNet table σ cost |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, name in WORKLOADS:
        for epochs in sorted({k[1] for k in costs if k[0] == key}):
            f = costs.get((key, epochs, "fann", "fann"))
            s = costs.get((key, epochs, "plain", "simdnet-exact"))
            t = costs.get((key, epochs, "plain", "simdnet-table"))
            pf = params.get((key, epochs, "fann", "fann"))
            ps = params.get((key, epochs, "plain", "simdnet-exact"))
            dw = max(abs(a - b) for a, b in zip(pf, ps))
            converted = mse[(key, epochs)] * outputs[key] / 2
            print(f"| {name} | {epochs} | {f:.10g} | {converted:.8g} | {s:.10g} "
                  f"| {abs(f - s) / f:.1e} | {dw:.1e} | {t:.10g} |")
    same = all(
        params.get((k[0], k[1], "native", k[3])) == v
        for k, v in params.items() if k[2] == "plain")
    print("\nFANN clips ŷ to [0.01, 0.99] in the sigmoid's derivative (`fann_activation_derived`);")
    print("SIMDNet uses ŷ(1 − ŷ) unclipped, so the two part once an output passes 0.99 (OR after")
    print("a few hundred epochs). FANN also rounds α/m to float, hence the ~1e-9 differences.")
    print("\nThe haswell build's parameters after every checkpoint are "
          + ("bit-identical to the plain build's." if same else "NOT bit-identical to the plain build's."))


if __name__ == "__main__":
    main()
