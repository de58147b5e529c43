#!/usr/bin/env python3
"""The tool rows of `run` (step 9) as Markdown tables: the `simdnet` tool against FANN.

Usage: tool-report.py ROOT RESULTS EPOCHS IO CHECK

ROOT     the repository (for the commit)
RESULTS  lines ROUND WORKLOAD METRIC SIDE VALUE:
           train    fann-batch | fann-rprop | simdnet-batch | simdnet-rprop    epochs/s
           evaluate fann-process | simdnet-process                             examples/s
           predict  fann (fann_run loop) | fann-text | simdnet-process         predictions/s
           startup  fann-text | simdnet-process                                seconds
EPOCHS   lines WORKLOAD LAYERS EPOCHS (the first two are the main rows, the rest held back)
IO       lines WORKLOAD EVALUATE-EXAMPLES PREDICT-LINES
CHECK    evaluate's cost on both sides and predict's largest output difference
"""
import statistics
import subprocess
import sys
from collections import defaultdict

GOAL = 3.0


def si(x):
    for scale, suffix in ((1e9, " G"), (1e6, " M"), (1e3, " k")):
        if x >= scale:
            return f"{x / scale:.3g}{suffix}"
    return f"{x:.3g}"


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


def header(root):
    cpu = next((line.split(":", 1)[1].strip() for line in command("lscpu").splitlines()
                if line.startswith("Model name:")), "unknown CPU")
    cores = command("nproc").strip() or "?"
    commit = command("git", "-C", root, "rev-parse", "--short", "HEAD").strip() or "unknown"
    dirty = command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").strip()
    print(f"CPU: {cpu} ({cores} cores). Commit: {commit}"
          + (" (with uncommitted changes)" if dirty else "") + ".\n")


def main():
    root, results, epochs_path, io_path, check_path = sys.argv[1:6]
    header(root)
    samples, rounds = defaultdict(list), set()
    for line in open(results):
        r, workload, metric, side, value = line.split()
        rounds.add(r)
        samples[(workload, metric, side)].append(float(value))
    shapes = [line.split() for line in open(epochs_path)]
    io = {f[0]: (int(f[1]), int(f[2])) for f in (line.split() for line in open(io_path))}

    def cell(workload, metric, side):
        values = samples.get((workload, metric, side))
        if not values:
            return None, "—"
        m = statistics.median(values)
        spread = (max(values) - min(values)) / 2 / m * 100
        return m, f"{si(m)} ±{spread:.0f}%"

    def table(rows):
        print("| workload | FANN | simdnet tool | simdnet ÷ FANN | goal ≥ 3× FANN |")
        print("| --- | ---: | ---: | ---: | --- |")
        met = total = 0
        for label, workload, metric, fann_side, tool_side in rows:
            f, f_text = cell(workload, metric, fann_side)
            t, t_text = cell(workload, metric, tool_side)
            if f is None or t is None:
                print(f"| {label} | {f_text} | {t_text} | — | — |")
                continue
            ratio = t / f
            total += 1
            met += ratio >= GOAL
            print(f"| {label} | {f_text} | {t_text} | {ratio:.2f}× | {'met' if ratio >= GOAL else 'missed'} |")
        print(f"\nGoal met on {met} of {total} rows.")

    def shape(layers):
        return layers.replace(",", "-")

    def training_rows(selected):
        rows = []
        for name, layers, epochs in selected:
            rows.append((f"{name} {shape(layers)} training, batch α 0.7, {epochs} epochs (epochs/s)",
                         name, "train", "fann-batch", "simdnet-batch"))
            rows.append((f"{name} {shape(layers)} training, RPROP, {epochs} epochs (epochs/s)",
                         name, "train", "fann-rprop", "simdnet-rprop"))
        return rows

    main_shapes, held = shapes[:2], shapes[2:]
    print(f"Medians of {len(rounds)} rounds; in each round FANN runs first, then the tool, and each")
    print("figure is the best of the repetitions. ±: half the range of the rounds, as a percentage")
    print("of the median. Training: FANN times N fann_train_epoch calls in-process (FANN_TRAIN_BATCH,")
    print("learning rate 0.7, or FANN_TRAIN_RPROP); the tool's figure is N ÷ the `seconds` of")
    print("`simdnet train --report json`, which covers the epochs and the cost curve (one cost")
    print("evaluation per curve point: every epoch below 100 epochs, 100 of them above), not")
    print("start-up or reading the data. Same shapes, sigmoid hidden and output, same initial")
    print("weights on both sides. evaluate and predict: whole processes, timed from outside")
    print("(monotonic clock, nothing subtracted), so they include start-up, reading the weights")
    print("and data, parsing and printing; FANN's side is `fann-driver evaluate` (reads the data")
    print("with fann_read_train_from_file, one fann_run per example, cost and accuracy as the")
    print("tool computes them) and `fann-driver predict` (reads the same comma-separated lines,")
    print("fann_run, prints the outputs with printf(\"%.17g\")). The last predict rows compare the")
    print("tool's whole process with a bare in-process fann_run loop over the examples in memory")
    print("(no parsing, no printing): not like for like, a bound on what the network alone costs.\n")
    rows = training_rows(main_shapes)
    for name, layers, _ in main_shapes:
        if name not in io:
            continue
        examples, lines = io[name]
        rows.append((f"{name} {shape(layers)} `simdnet evaluate`, {examples:,} examples, whole process "
                     "(examples/s)", name, "evaluate", "fann-process", "simdnet-process"))
        rows.append((f"{name} {shape(layers)} `simdnet predict`, {lines:,} lines, whole process; FANN "
                     "parses and prints too (predictions/s)", name, "predict", "fann-text",
                     "simdnet-process"))
    for name, layers, _ in main_shapes:
        if name in io:
            rows.append((f"{name} {shape(layers)} `simdnet predict` whole process vs FANN's bare "
                         "fann_run loop, in memory (predictions/s)", name, "predict", "fann",
                         "simdnet-process"))
    table(rows)

    print("\nStart-up: the same predict processes with an empty input (loading the weights, no")
    print("example), and its share of each side's timed predict run above.\n")
    print("| weights | FANN (fann-driver predict) | simdnet predict | share of FANN's predict run "
          "| share of the tool's predict run |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, layers, _ in main_shapes:
        if name not in io:
            continue
        f, _ = cell(name, "startup", "fann-text")
        t, _ = cell(name, "startup", "simdnet-process")
        p, _ = cell(name, "predict", "simdnet-process")
        q, _ = cell(name, "predict", "fann-text")
        if None in (f, t, p, q):
            continue
        lines = io[name][1]
        print(f"| {name} {shape(layers)} | {1000 * f:.1f} ms | {1000 * t:.1f} ms "
              f"| {100 * f / (lines / q):.1f}% | {100 * t / (lines / p):.1f}% |")

    print("\nHeld-back datasets (not used to choose anything; training only, as above):\n")
    table(training_rows(held))

    print("\nBoth sides compute the same (one run before the rounds, on the trained weights):\n")
    checks = [line.split() for line in open(check_path)]
    for name in io:
        fann = next((f for f in checks if f[0] == name and f[2] == "fann"), None)
        tool = next((f for f in checks if f[0] == name and f[2] == "simdnet"), None)
        diff = next((f for f in checks if f[0] == name and f[1] == "predict"), None)
        if fann and tool:
            fc, tc = float(fann[4]), float(tool[4])
            fa, ta = float(fann[6]), float(tool[6])
            print(f"- {name}: evaluate cost FANN {fc:.10g}, simdnet {tc:.10g} (relative difference "
                  f"{abs(fc - tc) / abs(fc):.1e}); accuracy {100 * fa:.2f}% and {100 * ta:.2f}%.")
        if diff:
            print(f"- {name}: predict, largest absolute difference between the outputs: {diff[3]}.")


if __name__ == "__main__":
    main()
