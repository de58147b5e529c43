#!/usr/bin/env python3
"""Drives simdnetd over its Unix socket and reports latency and memory.

Usage: Tools/daemon-load-client.py SOCKET PID [--latency-requests N]
           [--requests N] [--connections C] [--learn N] [--no-misbehaving]

Three phases, each request sent strictly one at a time on its connection (send
`x1,x2`, wait for the reply line), so a request's latency is one round trip
through the daemon as the client sees it (Python's own overhead included):
  1. latency: one connection, --latency-requests predictions;
  2. load: C connections at once, in C processes, sharing --requests
     predictions; meanwhile VmRSS of PID is sampled from /proc every 20 ms;
  2b. pipelined: one connection, --requests predictions written 100 at a
     time (the daemon's own cost per request, without a round trip each);
  2c. misbehaving (unless --no-misbehaving): phase 2 again, while two more
     clients misbehave: one pipelines requests and never reads a reply (its
     output fills, the daemon stops reading it), one streams seeded random
     garbage (NULs, bytes >= 0x80, lines past 4096 bytes) as fast as the
     daemon takes it, reading and discarding the error replies. The
     well-behaved clients' throughput and p50/p99 are reported beside the
     clean run's (phase 2), with what the misbehaving ones sent and got;
  3. learning: --learn `learn x1,x2;y` steps (XOR examples) on one
     connection, then a `stats` request.
Prints one JSON object: counts, errors (replies starting with "error" or not
ending in a newline), latency p50/p99/max in microseconds for phases 1 and 2,
throughput of phase 2, "misbehaving": phase 2c's counts, errors, throughput
and p50/p99 (null with --no-misbehaving), RSS before, while serving (maximum sample) and after,
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


def never_reads(path, ready):
    """Pipelines predictions and never reads a reply, until killed or closed."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    ready.set()
    burst = b"1,0\n" * 4096
    try:
        while True:
            s.sendall(burst)  # blocks once the daemon stops reading
    except OSError:
        pass  # closed by the daemon's idle timeout


def garbage_bytes(seed, size):
    """Random bytes, about one line in 40 bytes, one line in 50 past 4096 bytes."""
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        length = rng.randint(4097, 6000) if rng.random() < 0.02 else rng.randint(0, 80)
        out += rng.randbytes(length).replace(b"\n", b"x")
        out += b"\n"
    return bytes(out[:size])


def streams_garbage(path, ready, counts):
    """Sends garbage as fast as the daemon takes it, reading and discarding
    the replies in a second thread; counts[0] bytes sent, counts[1] replies."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    garbage = garbage_bytes(12, 1 << 20)
    ready.set()

    def drain():
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    return
                counts[1] += data.count(b"\n")
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        while True:
            s.sendall(garbage)
            counts[0] += len(garbage)
    except OSError:
        pass


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def microseconds(ns):
    return None if ns is None else round(ns / 1000, 1)


def load_summary(latencies, errors, seconds):
    """A load phase's counts, throughput and p50/p99 from its sorted latencies."""
    return {
        "requests": len(latencies),
        "errors": errors,
        "requests_per_second": round(len(latencies) / seconds),
        "latency_us_p50": microseconds(percentile(latencies, 50)),
        "latency_us_p99": microseconds(percentile(latencies, 99)),
    }


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
    parser.add_argument("--no-misbehaving", action="store_true")
    args = parser.parse_args()
    pid = args.pid
    us = microseconds
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

    # 2c. Phase 2 again beside a client that never reads and one that
    # streams garbage, each in a process of its own.
    misbehaving = None
    if not args.no_misbehaving:
        garbage_counts = multiprocessing.Array("q", 2, lock=False)
        readies = [multiprocessing.Event(), multiprocessing.Event()]
        bad_clients = [
            multiprocessing.Process(target=never_reads, args=(args.socket, readies[0])),
            multiprocessing.Process(
                target=streams_garbage, args=(args.socket, readies[1], garbage_counts)),
        ]
        for p in bad_clients:
            p.start()
        for ready in readies:
            ready.wait()
        time.sleep(0.5)  # the non-reader's buffers fill; the garbage flows
        bad_load, bad_errors, _, bad_elapsed = run(args.socket, args.requests, args.connections)
        garbage_sent, garbage_replies = garbage_counts[0], garbage_counts[1]
        for p in bad_clients:
            p.terminate()
            p.join()
        misbehaving = {
            **load_summary(bad_load, bad_errors, bad_elapsed),
            "garbage_bytes_sent": garbage_sent,
            "garbage_replies_read": garbage_replies,
        }

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
        **{"load_" + k: v for k, v in load_summary(load, load_errors, elapsed).items()},
        "load_connections": args.connections,
        "misbehaving": misbehaving,
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
