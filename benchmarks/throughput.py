"""Throughput and memory of ``cleantext --jsonl`` with -j 1 and -j 2.

    PYTHONPATH=src python benchmarks/throughput.py                 # both parts
    PYTHONPATH=src python benchmarks/throughput.py --stream 20000  # longer memory run

1. **Throughput**: the benchmark pages (scrapinghub + trafeval-dev, 532 pages) as one
   JSONL file ``{"id", "set", "html"}``; the HTML is decoded beforehand with cleantext's
   own decoder, so the timed part is JSON + cleaning + JSON. Each setting runs ``--rounds``
   times as a whole command (start-up included); docs/s of the best round, and the
   speed-up of -j 2 over -j 1 measured in the same run.
2. **Memory on a long stream**: a generator process writes ``--stream`` records (the pages
   repeated) into ``cleantext --jsonl -j 2``'s stdin, nothing touches the disk; every
   half second the memory of cleantext's whole process tree (parent, fork server, workers)
   is sampled from /proc — PSS where the kernel gives it (shared pages counted once), else
   RSS. Flat memory over the stream shows the bounded window at work.

Linux only (it reads /proc). Results are printed as Markdown.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cleantext.load import decode

BENCH = Path("/work/shared/bench")
SETS = ("scrapinghub", "trafeval-dev")


def build_jsonl(path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for name in SETS:
            for page in sorted((BENCH / name / "html").glob("*.html.gz")):
                html = decode(gzip.decompress(page.read_bytes()))
                record = {"id": page.name.split(".")[0], "set": name, "html": html}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _memory_kb(pid: int) -> int:
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_memory_mb(root: int) -> float:
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _memory_kb(pid)
        todo.extend(tree.get(pid, []))
    return total / 1024


class Sampler(threading.Thread):
    """Samples the memory of a process tree until stopped."""

    def __init__(self, pid: int, every: float = 0.5, verbose: bool = False) -> None:
        super().__init__(daemon=True)
        self.verbose = verbose
        self.pid, self.every, self.samples = pid, every, []  # (seconds, MB)
        self.stopped = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.stopped.wait(self.every):
            mb = tree_memory_mb(self.pid)
            if mb > 0:  # 0: the process has just exited
                self.samples.append((time.monotonic() - start, mb))
            if self.verbose and len(self.samples) % 60 == 0:
                at, mb = self.samples[-1]
                print(f"    {at:.0f} s: {mb:.0f} MB", file=sys.stderr, flush=True)


def command(jobs: int) -> list[str]:
    return [sys.executable, "-m", "cleantext", "--jsonl", "--field", "html", "-j", str(jobs)]


def time_run(jobs: int, data: Path) -> tuple[float, float]:
    """Seconds and peak tree memory (MB) of one whole run over ``data``."""
    with open(data, "rb") as source:
        start = time.monotonic()
        proc = subprocess.Popen(command(jobs), stdin=source, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        sampler = Sampler(proc.pid, 0.2)
        sampler.start()
        _, err = proc.communicate()
        seconds = time.monotonic() - start
        sampler.stopped.set()
    if proc.returncode not in (0, 1):
        raise SystemExit(err.decode())
    return seconds, max((mb for _, mb in sampler.samples), default=0.0)


def stream_run(jobs: int, data: Path, records: int) -> tuple[float, list[tuple[float, float]]]:
    feeder_code = (
        "import sys\n"
        f"lines = open({str(data)!r}, 'rb').readlines()\n"
        f"for i in range({records}):\n"
        "    sys.stdout.buffer.write(lines[i % len(lines)])\n"
    )
    feeder = subprocess.Popen([sys.executable, "-c", feeder_code], stdout=subprocess.PIPE)
    start = time.monotonic()
    proc = subprocess.Popen(command(jobs), stdin=feeder.stdout, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert feeder.stdout is not None
    feeder.stdout.close()
    sampler = Sampler(proc.pid, 0.5, verbose=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.stopped.set()
    feeder.wait()
    print(f"    {err.decode().strip().splitlines()[-1]}", file=sys.stderr)
    return time.monotonic() - start, sampler.samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--stream", type=int, default=5000,
                        help="records in the long-stream memory run (0: skip it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "pages.jsonl"
        count = build_jsonl(data)
        size = data.stat().st_size / 1e6
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{os.cpu_count()} CPUs; load average before the run: {load}\n")
        best: dict[int, tuple[float, float]] = {}
        for _ in range(args.rounds):
            for jobs in (1, 2):
                seconds, peak = time_run(jobs, data)
                if jobs not in best or seconds < best[jobs][0]:
                    best[jobs] = (seconds, peak)
        if best:
            print(f"## Throughput: {count} pages ({size:.0f} MB of JSONL), "
                  f"best of {args.rounds}\n")
            print("| command | seconds | docs/s | speed-up | peak memory (MB) |")
            print("|---|---|---|---|---|")
        for jobs in sorted(best):
            seconds, peak = best[jobs]
            print(f"| `cleantext --jsonl --field html -j {jobs}` | {seconds:.1f} | "
                  f"{count / seconds:.1f} | {best[1][0] / seconds:.2f}x | {peak:.0f} |")
        if args.stream:
            seconds, samples = stream_run(2, data, args.stream)
            print(f"\n## Memory on a stream of {args.stream} records (-j 2, "
                  f"{seconds:.0f} s, {args.stream / seconds:.1f} docs/s)\n")
            print("| elapsed | share of run | memory of the process tree (MB) |")
            print("|---|---|---|")
            if samples:
                picks = sorted({round(q * (len(samples) - 1)) for q in
                                (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)})
                for i in picks:
                    at, mb = samples[i]
                    print(f"| {at:.0f} s | {at / seconds:.0%} | {mb:.0f} |")
                tail = [mb for _, mb in samples[len(samples) // 10:]]
                print(f"\npeak {max(mb for _, mb in samples):.0f} MB; after the first 10%: "
                      f"min {min(tail):.0f}, max {max(tail):.0f} MB")
        print(f"\nload average after the run: "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
