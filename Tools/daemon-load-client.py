#!/usr/bin/env python3
"""Drives simdnetd over its Unix socket and reports latency and memory.

Usage: Tools/daemon-load-client.py SOCKET PID [--latency-requests N]
           [--requests N] [--connections C] [--learn N]

Three phases, each request sent strictly one at a time on its connection (send
`x1,x2`, wait for the reply line), so a request's latency is one round trip
through the daemon as the client sees it (Python's own overhead included):
  1. latency: one connection, --latency-requests predictions;
  2. load: C connections at once, in C processes, sharing --requests
     predictions; meanwhile VmRSS of PID is sampled from /proc every 20 ms;
  2b. pipelined: one connection, --requests predictions written 100 at a
     time (the daemon's own cost per request, without a round trip each);
  3. learning: --learn `learn x1,x2;y` steps (XOR examples) on one
     connection, then a `stats` request.
Prints one JSON object: counts, errors (replies starting with "error" or not
ending in a newline), latency p50/p99/max in microseconds for phases 1 and 2,
throughput of phase 2, RSS before, while serving (maximum sample) and after,
VmHWM (the peak resident set since start-up), and the resident set
afterwards split into RssAnon (heap, stacks) and RssFile (mapped binary and libraries).
"""

import argparse
import json
import random
import socket
import multiprocessing
import threading
import time


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s, s.makefile("rb")


def worker(path, count, seed, results):
    rng = random.Random(seed)
    s, reader = connect(path)
    local = []
    bad = 0
    first = None
    for _ in range(count):
        request = f"{rng.uniform(-4, 4)!r},{rng.uniform(-4, 4)!r}\n".encode()
        start = time.perf_counter_ns()
        s.sendall(request)
        reply = reader.readline()
        local.append(time.perf_counter_ns() - start)
        if not reply.endswith(b"\n") or reply.startswith(b"error"):
            bad += 1
        if first is None:
            first = reply.decode(errors="replace").strip()
    s.close()
    results.put((local, bad, first))


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def run(path, count, connections):
    """Runs `connections` processes of `count // connections` requests; returns
    (sorted latencies in ns, errors, first reply, seconds)."""
    results = multiprocessing.Queue()
    per = count // connections
    processes = [
        multiprocessing.Process(target=worker, args=(path, per, seed, results))
        for seed in range(connections)
    ]
    start = time.perf_counter()
    for p in processes:
        p.start()
    collected = [results.get() for _ in processes]
    elapsed = time.perf_counter() - start
    for p in processes:
        p.join()
    latencies = sorted(ns for local, _, _ in collected for ns in local)
    return latencies, sum(bad for _, bad, _ in collected), collected[0][2], elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("pid", type=int)
    parser.add_argument("--latency-requests", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--learn", type=int, default=10_000)
    parser.add_argument("--learn-format", default="learn {x1!r},{x2!r};{y!r}")
    args = parser.parse_args()
    pid = args.pid
    us = lambda ns: None if ns is None else round(ns / 1000, 1)
    rss_before = status_kib(pid, "VmRSS")

    # 1. Latency, one connection.
    latency, latency_errors, first_reply, _ = run(args.socket, args.latency_requests, 1)

    # 2. Load, several connections at once, sampling the resident set.
    samples = []
    done = threading.Event()

    def sampler():
        while not done.is_set():
            try:
                samples.append(status_kib(pid, "VmRSS"))
            except OSError:
                break
            time.sleep(0.02)

    sampling = threading.Thread(target=sampler)
    sampling.start()
    load, load_errors, _, elapsed = run(args.socket, args.requests, args.connections)
    rss_serving = status_kib(pid, "VmRSS")

    # 2b. Pipelined: one connection, batches of 100 requests in one write, so
    # the daemon's own cost per request shows without a round trip each.
    s, reader = connect(args.socket)
    rng = random.Random(7)
    batch = b"".join(
        f"{rng.uniform(-4, 4)!r},{rng.uniform(-4, 4)!r}\n".encode() for _ in range(100))
    pipelined = 0
    pipelined_errors = 0
    start = time.perf_counter()
    for _ in range(max(1, args.requests // 100)):
        s.sendall(batch)
        for _ in range(100):
            reply = reader.readline()
            if not reply.endswith(b"\n") or reply.startswith(b"error"):
                pipelined_errors += 1
        pipelined += 100
    pipelined_elapsed = time.perf_counter() - start
    s.close()

    # 3. Learning steps, then stats, on one connection.
    learn_errors = 0
    stats = None
    if args.learn:
        s, reader = connect(args.socket)
        rng = random.Random(99)
        for _ in range(args.learn):
            x1, x2 = rng.choice([0.0, 1.0]), rng.choice([0.0, 1.0])
            y = float(int(x1) ^ int(x2))
            s.sendall((args.learn_format.format(x1=x1, x2=x2, y=y) + "\n").encode())
            reply = reader.readline()
            if not reply.endswith(b"\n") or reply.startswith(b"error"):
                learn_errors += 1
        s.sendall(b"stats\n")
        stats = reader.readline().decode(errors="replace").strip()
        s.close()
    done.set()
    sampling.join()
    rss_after = status_kib(pid, "VmRSS")

    print(json.dumps({
        "first_reply": first_reply,
        "latency_requests": len(latency),
        "latency_errors": latency_errors,
        "latency_us_p50": us(percentile(latency, 50)),
        "latency_us_p99": us(percentile(latency, 99)),
        "latency_us_max": us(latency[-1] if latency else None),
        "load_requests": len(load),
        "load_connections": args.connections,
        "load_errors": load_errors,
        "load_requests_per_second": round(len(load) / elapsed),
        "load_latency_us_p50": us(percentile(load, 50)),
        "load_latency_us_p99": us(percentile(load, 99)),
        "pipelined_requests": pipelined,
        "pipelined_errors": pipelined_errors,
        "pipelined_requests_per_second": round(pipelined / pipelined_elapsed),
        "pipelined_us_per_request": round(pipelined_elapsed / pipelined * 1e6, 2),
        "learn_requests": args.learn,
        "learn_errors": learn_errors,
        "stats_reply": stats,
        "rss_kib_before": rss_before,
        "rss_kib_serving_max": max([x for x in samples if x] + [rss_serving]),
        "rss_kib_after": rss_after,
        "vmhwm_kib": status_kib(pid, "VmHWM"),
        "rss_anon_kib_after": status_kib(pid, "RssAnon"),
        "rss_file_kib_after": status_kib(pid, "RssFile"),
    }))


if __name__ == "__main__":
    main()
