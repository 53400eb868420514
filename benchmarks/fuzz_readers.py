"""Fuzz every reader with mutated files: byte flips, truncation, deleted and duplicated tags, mangled XML
declarations, entity declarations, deep nesting, and mangled zip headers (local and central), both on the raw
EPUB bytes and on one member re-zipped. A read that raises anything but a FiclensError is a crash; one over
HANG_SECONDS is a hang.

    python -m benchmarks.fuzz_readers --cases 100000          # counts, and the first few failures to replay
    python -m benchmarks.fuzz_readers --replay 4711            # one case, with its traceback

Case i is built from random.Random(seed * 1_000_003 + i) alone, so any reported case replays on its own.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import signal
import struct
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
HANG_SECONDS = 5.0
KILL_SECONDS = 30  # a read still running after this is interrupted, counted as a hang, and the run goes on
TEXT_SEEDS = ("ao3-two-chapters.html", "ao3-oneshot.html", "fanficfare.html", "fanficfare.txt")
EPUB_SEEDS = ("ao3-epub", "fff-epub", "plain-epub", "titlepage-ao3-epub")
ENCODINGS = ("utf-99", "x-unknown", "", "utf-16", "utf-32", "cp037", "latin-1", "koi8-r", "shift_jis", "\x00", "é")


def fixture_epub(folder: str) -> dict[str, bytes]:
    root = FORMATS / folder
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def zip_members(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), members.get("mimetype", b"application/epub+zip"))
        for name, data in members.items():
            if name != "mimetype":
                archive.writestr(name, data, compress_type=compression)
    return buffer.getvalue()


# --- markup and byte mutations -----------------------------------------------------------------------------------

TAG = re.compile(rb"<[^<>]{0,200}>")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_tags(rng: random.Random, data: bytes) -> bytes:
    tags = list(TAG.finditer(data))
    for match in sorted(rng.sample(tags, min(len(tags), rng.randint(1, 6))), key=lambda m: -m.start()):
        data = data[: match.start()] + data[match.end() :]
    return data


def duplicate_tags(rng: random.Random, data: bytes) -> bytes:
    tags = list(TAG.finditer(data))
    if not tags:
        return data
    match = rng.choice(tags)
    times = rng.choice((2, 3, 10, 200, 5000))  # 5,000 nested openings: deep trees
    return data[: match.start()] + match.group(0) * times + data[match.start() :]


def mangle_declaration(rng: random.Random, data: bytes) -> bytes:
    encoding = rng.choice(ENCODINGS).encode("utf-8")
    declaration = b"<?xml version='1.0' encoding='" + encoding + b"'?>"
    if data.startswith(b"<?xml"):
        return re.sub(rb"^<\?xml[^>]*>", lambda _: declaration, data, count=1)
    return declaration + data


def declare_entities(rng: random.Random, data: bytes) -> bytes:
    doctype = b'<!DOCTYPE html [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    if rng.random() < 0.5:
        doctype = b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    body = data.find(b"<body")
    where = data.find(b">", body) + 1 if body >= 0 else len(data) // 2
    use = rng.choice((b"&b;", b"&x;", b"&a;"))
    at = data.find(b"<html")
    at = at if at >= 0 else 0
    data = data[:at] + doctype + data[at:]
    where += len(doctype) if where >= at else 0
    return data[:where] + use * rng.randint(1, 50) + data[where:]


def insert_junk(rng: random.Random, data: bytes) -> bytes:
    junk = rng.choice((b"\x00" * 8, b"\xff\xfe", b"\xef\xbb\xbf", b"]]>", b"<![CDATA[", b"<!--", b"&#x110000;", b"&#0;",
                       bytes(rng.randrange(256) for _ in range(16)), b"<p>" * 100, b"</div>" * 50))  # fmt: skip
    at = rng.randrange(len(data) + 1)
    return data[:at] + junk + data[at:]


MARKUP_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip_bytes": flip_bytes,
    "truncate": truncate,
    "delete_tags": delete_tags,
    "duplicate_tags": duplicate_tags,
    "mangle_declaration": mangle_declaration,
    "declare_entities": declare_entities,
    "insert_junk": insert_junk,
}


# --- zip header mutations ----------------------------------------------------------------------------------------

# (signature, offsets of interesting fields: version needed, flags, method, crc, sizes, name length)
LOCAL_FIELDS = (4, 6, 8, 14, 18, 22, 26, 28)
CENTRAL_FIELDS = (4, 6, 8, 10, 16, 20, 24, 28, 30, 32, 42)
END_FIELDS = (4, 6, 8, 10, 12, 16, 20)


def mangle_zip_header(rng: random.Random, data: bytes) -> bytes:
    signature, fields = rng.choice(
        ((b"PK\x03\x04", LOCAL_FIELDS), (b"PK\x01\x02", CENTRAL_FIELDS), (b"PK\x05\x06", END_FIELDS))
    )
    places = [m.start() for m in re.finditer(re.escape(signature), data)]
    if not places:
        return flip_bytes(rng, data)
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.choice(places) + rng.choice(fields)
        value = rng.choice((0, 1, 8, 9, 12, 14, 19, 63, 99, 0x7FFF, 0xFFFF, rng.randrange(0x10000)))
        if at + 2 <= len(out):
            out[at : at + 2] = struct.pack("<H", value)
    return bytes(out)


# --- cases -------------------------------------------------------------------------------------------------------


@dataclass
class Seeds:
    texts: dict[str, bytes] = field(default_factory=dict)
    epubs: dict[str, dict[str, bytes]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Seeds:
        seeds = cls()
        for name in TEXT_SEEDS:
            seeds.texts[name] = (FORMATS / name).read_bytes()
        seeds.texts["example.txt"] = (ROOT / "examples" / "the-lighthouse-keys.txt").read_bytes()
        for folder in EPUB_SEEDS:
            if (FORMATS / folder).is_dir():
                seeds.epubs[folder] = fixture_epub(folder)
        return seeds


def make_case(seeds: Seeds, rng: random.Random) -> tuple[str, bytes]:
    """One mutated file and a label saying what was done to which seed."""
    kind = rng.random()
    if kind < 0.3:
        seed = rng.choice(sorted(seeds.texts))
        mutation = rng.choice(sorted(MARKUP_MUTATIONS))
        return f"{seed}:{mutation}", MARKUP_MUTATIONS[mutation](rng, seeds.texts[seed])
    seed = rng.choice(sorted(seeds.epubs))
    members = dict(seeds.epubs[seed])
    if kind < 0.7:  # one member mutated, re-zipped (so the zip itself is sound)
        member = rng.choice(sorted(members))
        mutation = rng.choice(sorted(MARKUP_MUTATIONS))
        members[member] = MARKUP_MUTATIONS[mutation](rng, members[member])
        compression = rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))
        return f"{seed}/{member}:{mutation}", zip_members(members, compression)
    data = zip_members(members)
    mutation = rng.choice(("mangle_zip_header", "mangle_zip_header", "flip_bytes", "truncate"))
    mutate = mangle_zip_header if mutation == "mangle_zip_header" else MARKUP_MUTATIONS[mutation]
    return f"{seed}.epub:{mutation}", mutate(rng, data)


class Interrupted(BaseException):
    """Raised by the alarm in a read that runs past KILL_SECONDS (a BaseException: readers must not catch it)."""


def on_alarm(signum, frame):
    raise Interrupted


@dataclass
class Outcome:
    kind: str  # "read", "refused", "crash", "hang"
    seconds: float
    detail: str = ""


def read_case(data: bytes, name: str = "fuzzed") -> Outcome:
    from ficlens.errors import FiclensError
    from ficlens.ingest import read_bytes

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(KILL_SECONDS)
    started = time.perf_counter()
    try:
        read_bytes(data, name=name)
        kind, detail = "read", ""
    except FiclensError as error:
        kind, detail = "refused", str(error)
    except Interrupted:
        kind, detail = "hang", f"interrupted after {KILL_SECONDS} s"
    except Exception as error:  # noqa: BLE001 - every other exception is what the fuzzer looks for
        kind, detail = "crash", f"{type(error).__name__}: {error}"[:300]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - started
    if kind != "hang" and seconds > HANG_SECONDS:
        kind, detail = "hang", f"{seconds:.1f} s"
    return Outcome(kind, seconds, detail)


def case_rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[int, str, Outcome]] = field(default_factory=list)
    crash_kinds: Counter = field(default_factory=Counter)
    slowest: float = 0.0
    seconds: float = 0.0


def run(cases: int, seed: int = 0, start: int = 0, progress: Callable[[int, Report], None] | None = None) -> Report:
    seeds = Seeds.load()
    report = Report()
    started = time.perf_counter()
    for index in range(start, start + cases):
        label, data = make_case(seeds, case_rng(seed, index))
        outcome = read_case(data)
        report.counts[outcome.kind] += 1
        report.slowest = max(report.slowest, outcome.seconds)
        if outcome.kind in ("crash", "hang"):
            report.crash_kinds[outcome.detail.split(":")[0] if outcome.kind == "crash" else "hang"] += 1
            if len(report.failures) < 50:
                report.failures.append((index, label, outcome))
        if progress and (index - start + 1) % 1000 == 0:
            progress(index - start + 1, report)
    report.seconds = time.perf_counter() - started
    return report


def replay(index: int, seed: int = 0) -> None:
    from ficlens.ingest import read_bytes

    label, data = make_case(Seeds.load(), case_rng(seed, index))
    print(f"case {index}: {label}, {len(data):,} bytes")
    try:
        work = read_bytes(data, name="fuzzed")
        print(f"read: {work.metadata.format}, {len(work.text.split()):,} words, problems {work.metadata.problems}")
    except Exception:  # noqa: BLE001 - show whatever it is
        traceback.print_exc()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first case index (to split a run)")
    parser.add_argument("--replay", type=int, default=None, help="run one case and show its traceback")
    args = parser.parse_args(argv)
    if args.replay is not None:
        replay(args.replay, args.seed)
        return 0

    def show(done: int, report: Report) -> None:
        elapsed = time.perf_counter() - started
        print(f"  {done:,} cases, {dict(report.counts)}, {elapsed:.0f} s", file=sys.stderr, flush=True)

    started = time.perf_counter()
    report = run(args.cases, args.seed, args.start, show)
    total = sum(report.counts.values())
    print(f"fuzz_readers: {total:,} cases (seed {args.seed}, from case {args.start}) in {report.seconds:.0f} s")
    for kind in ("read", "refused", "crash", "hang"):
        print(f"  {kind}: {report.counts[kind]:,}")
    print(f"  slowest read: {report.slowest:.2f} s (hang threshold {HANG_SECONDS:.0f} s)")
    for detail, count in report.crash_kinds.most_common():
        print(f"  failure kind: {detail}: {count}")
    for index, label, outcome in report.failures[:20]:
        print(f"  case {index} ({label}): {outcome.kind}: {outcome.detail}")
    return 1 if report.counts["crash"] or report.counts["hang"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
