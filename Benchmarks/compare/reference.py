#!/usr/bin/env python3
"""An independent recomputation of SIMDNet's optimizers, for Benchmarks/compare/run.

Usage: reference.py WORKLOADS CHECK_RESULTS

For every `simdnet-exact-OPT params` line the plain build wrote into
CHECK_RESULTS (OPT momentum, rprop or adam; after a few epochs), trains the
same network from the same weights file in plain Python floats — the
lecture's forward and backward pass written out here, not SIMDNet's code —
and prints the parameters in the same format, as build `reference`:

  reference WORKLOAD check EPOCHS reference-OPT params VALUES...

Rates are the ones `simdnet-compare bench` uses (the simdnet tool's
defaults): momentum α 0.1, μ 0.9; Adam α 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8;
iRPROP− (Igel & Hüsken) with η⁺ 1.2, η⁻ 0.5, Δ0 0.1, Δmax 50, Δmin 1e-6.
"""
import math
import sys


def sigmoid(z):
    """1/(1 + e^−z) as IEEE arithmetic gives it: 0 once e^−z overflows (z < −709.78;
    iRPROP− drives XOR's weights to −765), where Python raises instead."""
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:
        return 0.0


def read_data(path):
    numbers = open(path).read().split()
    n, nin, nout = int(numbers[0]), int(numbers[1]), int(numbers[2])
    values = [float(x) for x in numbers[3:]]
    step = nin + nout
    return [(values[k * step:k * step + nin], values[k * step + nin:(k + 1) * step]) for k in range(n)]


def layers_of(sizes):
    """(offset of weights, rows, cols, offset of biases) per layer, SIMDNet's order."""
    out, at = [], 0
    for rows, cols in zip(sizes[1:], sizes[:-1]):
        out.append((at, rows, cols, at + rows * cols))
        at += rows * cols + rows
    return out, at


def gradient(params, sizes, data):
    """∂Cost/∂parameter of Cost = 1/(2m) Σ Σ (y − ŷ)², sigmoid in every layer."""
    layers, count = layers_of(sizes)
    g = [0.0] * count
    m = len(data)
    for x, y in data:
        activations = [x]
        for w, rows, cols, b in layers:
            a = activations[-1]
            activations.append([sigmoid(sum(params[w + j * cols + i] * a[i] for i in range(cols))
                                        + params[b + j]) for j in range(rows)])
        out = activations[-1]
        delta = [(o - t) * o * (1 - o) / m for o, t in zip(out, y)]
        for L in range(len(layers) - 1, -1, -1):
            w, rows, cols, b = layers[L]
            a = activations[L]
            for j in range(rows):
                for i in range(cols):
                    g[w + j * cols + i] += delta[j] * a[i]
                g[b + j] += delta[j]
            if L > 0:
                delta = [sum(params[w + j * cols + i] * delta[j] for j in range(rows)) * a[i] * (1 - a[i])
                         for i in range(cols)]
    return g


def train(params, sizes, data, optimizer, marks):
    p = list(params)
    n = len(p)
    velocity = [0.0] * n
    previous, step = [0.0] * n, [0.1] * n
    first, second = [0.0] * n, [0.0] * n
    out = {}
    for t in range(1, max(marks) + 1):
        g = gradient(p, sizes, data)
        for k in range(n):
            if optimizer == "momentum":
                velocity[k] = 0.9 * velocity[k] - 0.1 * g[k]
                p[k] += velocity[k]
            elif optimizer == "rprop":
                gk = g[k]
                # sign(g)·sign(g′): the product g·g′ itself underflows to 0 once
                # the sigmoids saturate (XOR's gradients reach 1e-250 here).
                same = (gk > 0) - (gk < 0)
                same *= (previous[k] > 0) - (previous[k] < 0)
                if same > 0:
                    step[k] = min(step[k] * 1.2, 50.0)
                elif same < 0:
                    step[k] = max(step[k] * 0.5, 1e-6)
                    gk = 0.0
                if gk > 0:
                    p[k] -= step[k]
                elif gk < 0:
                    p[k] += step[k]
                previous[k] = gk
            elif optimizer == "adam":
                first[k] = 0.9 * first[k] + 0.1 * g[k]
                second[k] = 0.999 * second[k] + 0.001 * g[k] * g[k]
                mean = first[k] / (1 - 0.9 ** t)
                variance = second[k] / (1 - 0.999 ** t)
                p[k] -= 0.001 * mean / (math.sqrt(variance) + 1e-8)
        if t in marks:
            out[t] = list(p)
    return out


def main():
    workloads = {}
    for line in open(sys.argv[1]):
        f = line.split()
        sizes = [int(f[1])] + ([int(f[2])] if int(f[2]) else []) + [int(f[3])]
        workloads[f[0]] = (sizes, f[4], f[5])
    wanted = {}
    for line in open(sys.argv[2]):
        f = line.split()
        # plain WORKLOAD check EPOCHS SIDE (cost|params) VALUES...
        if f[0] == "plain" and f[4].startswith("simdnet-exact-") and f[5] == "params":
            wanted.setdefault((f[1], f[4][len("simdnet-exact-"):]), set()).add(int(f[3]))
    for (name, optimizer), marks in sorted(wanted.items()):
        sizes, data_path, weights_path = workloads[name]
        params = [float(x) for x in open(weights_path).read().split()]
        for epochs, p in sorted(train(params, sizes, read_data(data_path), optimizer, marks).items()):
            print(f"reference {name} check {epochs} reference-{optimizer} params "
                  + " ".join(repr(x) for x in p))


if __name__ == "__main__":
    main()
