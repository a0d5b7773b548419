#!/usr/bin/env python3
"""Load script for the server's bounds (issue 19): loopback only, bounded in count and time.

Starts the `regionwise` binary (release build by default) on 127.0.0.1 with an SQLite file in
a temporary directory and runs three scenarios, printing a Markdown table for BENCHMARKS.md:

  flood      N connections that send an incomplete request and stall (re-opened when the
             server closes them), held for S seconds, while a prober opens a new connection
             every 20 ms for GET /healthz: its latency p50/p99/max and failures.
  history    a plan with R revisions (written straight into the SQLite file, past the API's
             cap of 1,000, alternating two different plans so every step has a diff), read by
             16 concurrent clients through GET /api/v1/plans/{id}/revisions for S seconds: the
             page's latency, and the server's peak RSS (VmHWM).
  terraform  64 concurrent clients POSTing plans to /api/v1/terraform, each plan new (a
             different name), so no bundle comes from the cache, for S seconds, while the
             prober measures /healthz.

Only the Python standard library. The flood is spread over worker processes of at most
9,000 connections each, so no process needs more open files than a 20,000 limit allows, and
they run at `nice 19`: on one machine the load generator's CPU is the server's, which a real
attacker's is not. Beyond the server's connection cap (fitted below its open-file limit) the
flood evicts itself: each re-opened connection closes the oldest idle one.

    tests/bench/hardening.py [--connections 20000] [--revisions 20000] [--seconds 15]
"""

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLAN_A = {
    "name": "Bench",
    "pattern": "warm_standby",
    "primary_region": "us-east-1",
    "secondary_regions": ["us-west-2"],
    "database": {"instance_class": "db.r6g.large"},
}
PLAN_B = dict(PLAN_A, pattern="hot_standby", database={"instance_class": "db.r7g.xlarge"})
PER_WORKER = 9_000


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def request(host, port, raw, timeout=10.0):
    """Sends `raw` on a new connection; returns (status, body bytes, seconds)."""
    started = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(raw)
        await writer.drain()
        data = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    elapsed = time.perf_counter() - started
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
    return status, body, elapsed


def get(path):
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode()


def post_json(path, document):
    body = json.dumps(document).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def put_json(path, document, token, revision):
    body = json.dumps(document).encode()
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n"
        f"Authorization: Bearer {token}\r\nIf-Match: \"{revision}\"\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def probe_healthz(host, port, stop):
    """GET /healthz on a new connection every 20 ms until `stop` is set."""
    latencies, failures = [], 0
    while not stop.is_set():
        try:
            status, _, elapsed = await request(host, port, get("/healthz"), timeout=5.0)
            if status == 200:
                latencies.append(elapsed * 1000)
            else:
                failures += 1
        except (OSError, asyncio.TimeoutError):
            failures += 1
        await asyncio.sleep(0.02)
    return latencies, failures


class Server:
    def __init__(self, binary, data_dir, extra_env):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "REGIONWISE_ADDR": "127.0.0.1:0",
            "REGIONWISE_DATA_DIR": data_dir,
            "REGIONWISE_WRITE_LIMIT": "0",
            "REGIONWISE_COMPUTE_LIMIT": "0",
            "RUST_LOG": "error",
            **extra_env,
        }
        self.process = subprocess.Popen(
            [binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        line = self.process.stdout.readline().decode().strip()
        prefix = "listening on http://"
        if not line.startswith(prefix):
            raise SystemExit(f"unexpected first line from the server: {line!r}")
        host, port = line[len(prefix):].rsplit(":", 1)
        self.host, self.port = host, int(port)

    def memory_kib(self, field):
        """`VmRSS` (now) or `VmHWM` (peak) of the server, from /proc."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
        return 0

    def rss_kib(self):
        return self.memory_kib("VmRSS")

    def hwm_kib(self):
        return self.memory_kib("VmHWM")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- flood ------------------------------------------------------------------------------


async def flood_worker(host, port, count, seconds):
    """Holds `count` stalled connections for `seconds`, re-opening closed ones."""
    deadline = time.monotonic() + seconds
    opened = 0
    stats = {"open": 0, "reopened": 0, "refused": 0}

    async def hold():
        nonlocal opened
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                stats["refused"] += 1
                await asyncio.sleep(0.1)
                continue
            opened += 1
            stats["open"] += 1
            writer.write(b"GET / HTTP/1.1\r\nHost: flood\r\n")
            try:
                await asyncio.wait_for(reader.read(-1), max(0.0, deadline - time.monotonic()))
            except (asyncio.TimeoutError, OSError):
                pass
            stats["open"] -= 1
            writer.close()
            if time.monotonic() < deadline:
                stats["reopened"] += 1

    tasks = []
    for _ in range(count):
        tasks.append(asyncio.create_task(hold()))
        if len(tasks) % 500 == 0:
            await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)
    print(json.dumps({"opened": opened, **stats}), flush=True)


async def flood(server, connections, seconds):
    workers = []
    remaining = connections
    while remaining > 0:
        count = min(PER_WORKER, remaining)
        remaining -= count
        # At the lowest CPU priority: on one machine the attacker's CPU is the server's, and
        # an attacker elsewhere would not take it from the server or the prober.
        workers.append(
            await asyncio.create_subprocess_exec(
                "nice", "-n", "19", sys.executable, __file__, "--flood-worker", server.host, str(server.port),
                str(count), str(seconds + 5), stdout=asyncio.subprocess.PIPE,
            )
        )
    # Let the connections open, then probe while they are held.
    await asyncio.sleep(5)
    stop = asyncio.Event()
    prober = asyncio.create_task(probe_healthz(server.host, server.port, stop))
    await asyncio.sleep(seconds)
    stop.set()
    latencies, failures = await prober
    opened = 0
    for worker in workers:
        out, _ = await worker.communicate()
        opened += json.loads(out.decode().strip().splitlines()[-1])["opened"]
    return {
        "stalled connections held": connections,
        "connections opened (with re-opens)": opened,
        "healthz probes": len(latencies) + failures,
        "healthz failures": failures,
        "healthz p50 ms": percentile(latencies, 0.5),
        "healthz p99 ms": percentile(latencies, 0.99),
        "healthz max ms": max(latencies) if latencies else float("nan"),
    }


# --- history -----------------------------------------------------------------------------


async def seed_history(server, data_dir, revisions):
    status, body, _ = await request(server.host, server.port, post_json("/api/v1/plans", PLAN_A))
    assert status == 201, (status, body)
    created = json.loads(body)
    plan_id, token = created["id"], created["edit_token"]
    status, body, _ = await request(
        server.host, server.port, put_json(f"/api/v1/plans/{plan_id}", PLAN_B, token, 1)
    )
    assert status == 200, (status, body)
    database = sqlite3.connect(os.path.join(data_dir, "regionwise.db"), timeout=30)
    columns = [row[1] for row in database.execute("PRAGMA table_info(plan_revisions)")]
    rows = {
        row[columns.index("revision")]: row
        for row in database.execute("SELECT * FROM plan_revisions WHERE plan_id = ?", (plan_id,))
    }
    placeholders = ", ".join("?" for _ in columns)
    index = columns.index("revision")
    with database:
        for number in range(3, revisions + 1):
            row = list(rows[1 if number % 2 else 2])
            row[index] = number
            database.execute(
                f"INSERT INTO plan_revisions ({', '.join(columns)}) VALUES ({placeholders})", row
            )
        database.execute("UPDATE plans SET current_revision = ? WHERE id = ?", (revisions, plan_id))
    database.close()
    return plan_id


async def history(server, data_dir, revisions, seconds, clients=16):
    plan_id = await seed_history(server, data_dir, revisions)
    rss_before = server.rss_kib()
    deadline = time.monotonic() + seconds
    latencies, failures = [], 0
    peak_rss = rss_before

    async def reader():
        nonlocal failures
        while time.monotonic() < deadline:
            try:
                status, body, elapsed = await request(
                    server.host, server.port, get(f"/api/v1/plans/{plan_id}/revisions")
                )
                if status == 200 and json.loads(body)["current_revision"] == revisions:
                    latencies.append(elapsed * 1000)
                else:
                    failures += 1
            except (OSError, asyncio.TimeoutError):
                failures += 1

    async def watch_rss():
        nonlocal peak_rss
        while time.monotonic() < deadline:
            peak_rss = max(peak_rss, server.rss_kib())
            await asyncio.sleep(0.05)

    await asyncio.gather(watch_rss(), *(reader() for _ in range(clients)))
    return {
        "revisions": revisions,
        "concurrent readers": clients,
        "history pages read": len(latencies),
        "failures": failures,
        "page p50 ms": percentile(latencies, 0.5),
        "page p99 ms": percentile(latencies, 0.99),
        "RSS before MiB": rss_before / 1024,
        "RSS peak MiB": peak_rss / 1024,
    }


# --- terraform ---------------------------------------------------------------------------


async def terraform(server, seconds, clients=64):
    deadline = time.monotonic() + seconds
    bundles, failures, counter = 0, 0, 0
    stop = asyncio.Event()
    prober = asyncio.create_task(probe_healthz(server.host, server.port, stop))

    async def downloader():
        nonlocal bundles, failures, counter
        while time.monotonic() < deadline:
            counter += 1
            plan = dict(PLAN_A, name=f"Bench {counter}")
            try:
                status, body, _ = await request(
                    server.host, server.port, post_json("/api/v1/terraform", plan), timeout=60
                )
                if status == 200 and body.startswith(b"PK"):
                    bundles += 1
                else:
                    failures += 1
            except (OSError, asyncio.TimeoutError):
                failures += 1

    await asyncio.gather(*(downloader() for _ in range(clients)))
    stop.set()
    latencies, probe_failures = await prober
    return {
        "concurrent bundle requests": clients,
        "bundles generated": bundles,
        "bundles per second": bundles / seconds,
        "failures": failures,
        "healthz probes": len(latencies) + probe_failures,
        "healthz failures": probe_failures,
        "healthz p50 ms": percentile(latencies, 0.5),
        "healthz p99 ms": percentile(latencies, 0.99),
    }


def table(title, result):
    print(f"\n**{title}**\n\n| measure | value |\n|---|---|")
    for name, value in result.items():
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        print(f"| {name} | {shown} |")


async def main(arguments):
    binary = arguments.binary
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} not found: build it with cargo leptos build --release --split")
    scenarios = arguments.only or ["flood", "history", "terraform"]
    for scenario in scenarios:
        with tempfile.TemporaryDirectory(prefix="regionwise-bench-") as data_dir:
            server = Server(binary, data_dir, {})
            try:
                if scenario == "flood":
                    result = await flood(server, arguments.connections, arguments.seconds)
                    table(f"{arguments.connections} stalled connections", result)
                elif scenario == "history":
                    result = await history(server, data_dir, arguments.revisions, arguments.seconds)
                    table(f"History of a {arguments.revisions}-revision plan", result)
                elif scenario == "terraform":
                    result = await terraform(server, arguments.seconds)
                    table("64 concurrent Terraform bundles", result)
                print(f"| peak server RSS (VmHWM) MiB | {server.hwm_kib() / 1024:.1f} |")
            finally:
                server.stop()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--flood-worker":
        _, _, host, port, count, seconds = sys.argv
        asyncio.run(flood_worker(host, int(port), int(count), float(seconds)))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.environ.get(
        "REGIONWISE_BIN", os.path.join(ROOT, "target", "release", "regionwise")))
    parser.add_argument("--connections", type=int, default=20_000)
    parser.add_argument("--revisions", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--only", action="append", choices=["flood", "history", "terraform"])
    asyncio.run(main(parser.parse_args()))
