#!/usr/bin/env python3
"""Make Fixtures/iris-train.csv and Fixtures/iris-test.csv from Fisher's iris data.

Usage: Tools/make-iris-fixture.py [--check]

Input: Fixtures/raw/iris-sklearn.csv, scikit-learn 1.9.1's copy of the data
(sklearn/datasets/data/iris.csv in its wheel; the same 150 rows as R's `iris`,
without the two wrong values of the UCI copy). The script refuses any other
file: it checks the SHA-256 below.

What it writes, deterministically (pure Python, no randomness, no libraries):

* Split: stratified 80/20 by position. Within each class, in the source file's
  order, every fifth example (the 5th, 10th, ..., 50th: within-class index
  i with i % 5 == 4) goes to the test set; the rest to training. That is 40
  training and 10 test examples per class: 120 and 30.
* Order: classes interleaved (setosa, versicolor, virginica, setosa, ...), so
  that any run of consecutive rows is balanced and mini-batch or stochastic
  gradient descent without shuffling does not see one class at a time.
* Features: standardised, z = (x - mean) / sd, with the mean and population
  standard deviation of each feature over the 120 TRAINING examples only (the
  test set is scaled with the training statistics, so nothing about it leaks
  into training), written rounded to 6 decimal places.
* Targets: one-hot, the last three columns (setosa, versicolor, virginica).

With --check it writes nothing and exits 1 if either committed file differs
from what it would write.
"""

import hashlib
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "Fixtures" / "raw" / "iris-sklearn.csv"
SOURCE_SHA256 = "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"
OUTPUTS = {"train": ROOT / "Fixtures" / "iris-train.csv", "test": ROOT / "Fixtures" / "iris-test.csv"}
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
CLASSES = ["setosa", "versicolor", "virginica"]


def read_source():
    """The 150 examples as (features, class index), in file order."""
    data = SOURCE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{SOURCE}: SHA-256 {digest}, expected {SOURCE_SHA256}")
    lines = data.decode("ascii").splitlines()
    # scikit-learn's header: count, feature count, class names.
    header = lines[0].split(",")
    if header != ["150", "4"] + CLASSES:
        sys.exit(f"{SOURCE}:1: unexpected header {lines[0]!r}")
    examples = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != 5:
            sys.exit(f"{SOURCE}:{number}: expected 5 fields, found {len(fields)}")
        examples.append(([float(f) for f in fields[:4]], int(fields[4])))
    if len(examples) != 150:
        sys.exit(f"{SOURCE}: expected 150 examples, found {len(examples)}")
    return examples


def split(examples):
    """Stratified 80/20 by within-class position, classes interleaved."""
    by_class = [[x for x, c in examples if c == k] for k in range(len(CLASSES))]
    parts = {"train": [], "test": []}
    for name, keep in (("train", lambda i: i % 5 != 4), ("test", lambda i: i % 5 == 4)):
        chosen = [[x for i, x in enumerate(rows) if keep(i)] for rows in by_class]
        for i in range(len(chosen[0])):
            for k in range(len(CLASSES)):
                parts[name].append((chosen[k][i], k))
    return parts


def standardiser(train):
    """Mean and population standard deviation of each feature over `train`."""
    columns = list(zip(*(x for x, _ in train)))
    means = [math.fsum(column) / len(column) for column in columns]
    sds = [
        math.sqrt(math.fsum((v - mean) ** 2 for v in column) / len(column))
        for column, mean in zip(columns, means)
    ]
    return means, sds


def render(rows, means, sds):
    lines = [",".join(FEATURES + CLASSES)]
    for x, k in rows:
        z = [f"{(v - mean) / sd:.6f}" for v, mean, sd in zip(x, means, sds)]
        # "-0.000000" and "0.000000" are the same value; write one of them.
        z = ["0.000000" if value == "-0.000000" else value for value in z]
        lines.append(",".join(z + ["1" if j == k else "0" for j in range(len(CLASSES))]))
    return "\n".join(lines) + "\n"


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        sys.exit(__doc__.split("\n\n")[1])
    parts = split(read_source())
    means, sds = standardiser(parts["train"])
    stale = []
    for name, path in OUTPUTS.items():
        text = render(parts[name], means, sds)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}: {len(parts[name])} examples")
    if check:
        if stale:
            sys.exit("stale: " + ", ".join(stale) + " (run Tools/make-iris-fixture.py)")
        print("iris fixtures up to date")
    for feature, mean, sd in zip(FEATURES, means, sds):
        print(f"  {feature}: mean {mean!r}, sd {sd!r}")


if __name__ == "__main__":
    main()
