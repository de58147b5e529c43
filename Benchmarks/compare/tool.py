#!/usr/bin/env python3
"""Helpers for the tool rows of `run` (the `simdnet` command-line tool against FANN).

  tool.py weights W.json                  W.json's parameters in SIMDNet's order, one a
                                          line (layer by layer: weights row by row, then
                                          biases), the form fann-driver loads
  tool.py repeat DATA.train N             DATA.train (FANN's format) with its examples
                                          repeated N times, in FANN's format
  tool.py inputs DATA.train N             the inputs of DATA.train's examples, one example
                                          a line, comma-separated (`simdnet predict`'s
                                          input), repeated N times
  tool.py wall REPS INPUT -- COMMAND...   runs COMMAND REPS times, stdin from INPUT,
                                          stdout to /dev/null; prints the shortest wall
                                          time in seconds (monotonic clock around the
                                          whole process, nothing subtracted)
  tool.py train REPS EPOCHS -- COMMAND... runs `simdnet train ... --report json` REPS
                                          times; prints the smallest of its `seconds`
  tool.py compare A B                     the largest absolute difference between the
                                          numbers of two files of comma-separated outputs
  tool.py split DATA.train PERCENT SEED FIT HOLDOUT
                                          DATA.train's examples shuffled (Python's
                                          random.Random(SEED)), PERCENT % of them written
                                          to HOLDOUT and the rest to FIT, FANN's format,
                                          each in the order of DATA.train
  tool.py quality TRAIN.json EVALUATE.json
                                          `test-accuracy test-cost train-accuracy
                                          train-cost` from the reports of `simdnet train
                                          --report json` and `simdnet evaluate --report
                                          json` (fann-driver quality's last four fields)

Any failure (a command's non-zero exit, a malformed file) ends with a message on
stderr and exit status 1.
"""
import json
import random
import subprocess
import sys
import time


def fail(message):
    sys.exit(f"tool.py: {message}")


def read_fann(path):
    """(inputs, outputs, [(input tokens, output tokens)]) of a FANN data file."""
    try:
        tokens = open(path).read().split()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    if len(tokens) < 3:
        fail(f"{path}: no FANN header (examples inputs outputs)")
    m, n_in, n_out = (int(t) for t in tokens[:3])
    body = tokens[3:]
    width = n_in + n_out
    if len(body) != m * width:
        fail(f"{path}: header says {m} examples of {n_in}+{n_out} numbers, found {len(body)} numbers")
    return n_in, n_out, [(body[k * width:k * width + n_in], body[k * width + n_in:(k + 1) * width])
                         for k in range(m)]


def weights(path):
    try:
        w = json.load(open(path))
    except (OSError, ValueError) as e:
        fail(f"cannot read weights file {path}: {e}")
    out = []
    for matrix, biases in zip(w["weights"], w["biases"]):
        for row in matrix:
            out.extend(row)
        out.extend(biases)
    sys.stdout.write("".join(f"{x!r}\n" for x in out))


def repeat(path, times):
    n_in, n_out, examples = read_fann(path)
    lines = [f"{len(examples) * times} {n_in} {n_out}\n"]
    block = "".join(" ".join(x) + "\n" + " ".join(y) + "\n" for x, y in examples)
    sys.stdout.write(lines[0] + block * times)


def inputs(path, times):
    _, _, examples = read_fann(path)
    block = "".join(",".join(x) + "\n" for x, _ in examples)
    sys.stdout.write(block * times)


def run(command, stdin_path):
    with open(stdin_path, "rb") as stdin:
        start = time.perf_counter()
        done = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        fail(f"exit status {done.returncode}: {' '.join(command)}")
    return elapsed


def wall(reps, stdin_path, command):
    print(f"{min(run(command, stdin_path) for _ in range(reps)):.6g}")


def train(reps, epochs, command):
    best = None
    for _ in range(reps):
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"exit status {done.returncode}: {' '.join(command)}\n{done.stderr}")
        report = json.loads(done.stdout)
        if report["epochs"] != epochs:
            fail(f"ran {report['epochs']} epochs, not {epochs}: {' '.join(command)}")
        best = report["seconds"] if best is None else min(best, report["seconds"])
    print(f"{best:.6g}")


def compare(a, b):
    rows_a, rows_b = open(a).read().split(), open(b).read().split()
    if len(rows_a) != len(rows_b):
        fail(f"{a} has {len(rows_a)} lines, {b} {len(rows_b)}")
    worst = 0.0
    for p, q in zip(rows_a, rows_b):
        xs, ys = p.split(","), q.split(",")
        if len(xs) != len(ys):
            fail(f"{a} and {b}: different numbers of outputs on a line")
        worst = max(worst, max(abs(float(x) - float(y)) for x, y in zip(xs, ys)))
    print(f"{worst:.3g}")


def split(path, percent, seed, fit_path, holdout_path):
    n_in, n_out, examples = read_fann(path)
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    held = set(order[:len(examples) * percent // 100])
    for out, keep in ((fit_path, lambda k: k not in held), (holdout_path, lambda k: k in held)):
        chosen = [examples[k] for k in range(len(examples)) if keep(k)]
        with open(out, "w") as f:
            f.write(f"{len(chosen)} {n_in} {n_out}\n")
            f.write("".join(" ".join(x) + "\n" + " ".join(y) + "\n" for x, y in chosen))


def quality(train_path, evaluate_path):
    try:
        trained, evaluated = json.load(open(train_path)), json.load(open(evaluate_path))
        fields = (evaluated["accuracy"], evaluated["cost"], trained["train_accuracy"],
                  trained["final_cost"])
    except (OSError, ValueError, KeyError) as e:
        fail(f"cannot read the reports {train_path} and {evaluate_path}: {e!r}")
    print(" ".join("nan" if x is None else repr(x) for x in fields))


def main(argv):
    if len(argv) == 3 and argv[1] == "weights":
        return weights(argv[2])
    if len(argv) == 4 and argv[1] == "repeat":
        return repeat(argv[2], int(argv[3]))
    if len(argv) == 4 and argv[1] == "inputs":
        return inputs(argv[2], int(argv[3]))
    if len(argv) > 5 and argv[1] == "wall" and argv[4] == "--":
        return wall(int(argv[2]), argv[3], argv[5:])
    if len(argv) > 5 and argv[1] == "train" and argv[4] == "--":
        return train(int(argv[2]), int(argv[3]), argv[5:])
    if len(argv) == 4 and argv[1] == "compare":
        return compare(argv[2], argv[3])
    if len(argv) == 7 and argv[1] == "split":
        return split(argv[2], int(argv[3]), int(argv[4]), argv[5], argv[6])
    if len(argv) == 4 and argv[1] == "quality":
        return quality(argv[2], argv[3])
    fail("usage: see the docstring at the top of tool.py")


if __name__ == "__main__":
    main(sys.argv)
