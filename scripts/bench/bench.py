#!/usr/bin/env python3
"""Folio's benchmark (`make bench`, run through scripts/bench.sh).

Generates its inputs from input/sample-report.pdf (and, when present, the
collection of ../shared/corpus) in a temporary directory, measures Folio and
its references (pdftotext, tesseract) side by side in one run, each figure the
median of BENCH_RUNS runs, and prints a Markdown table of ratios with their
targets, then the ~500-page runs' stage profile. See docs/performance.md.

Environment:
  FOLIO          folio binary (default .build/release/folio)
  SHARED         the shared data folder (default ../shared beside the repository)
  BENCH_RUNS     runs per measurement, median reported (default 3)
  BENCH_QUICK=1  smoke run: 1 run, 2 OCR pages
  BENCH_KEEP=1   keep the temporary directory (its path is printed)

Exit status: 0 when every measurement ran (whatever PASS/MISS says),
1 when some measurement could not run.
"""

import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "input", "sample-report.pdf")
SHARED = os.path.abspath(os.environ.get("SHARED") or os.path.join(ROOT, "..", "shared"))
COLLECTION = os.path.join(SHARED, "corpus", "collection", "collection.pdf")
GNU_TIME = "/usr/bin/time"

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "1" if QUICK else "3")))
KEEP = os.environ.get("BENCH_KEEP", "") not in ("", "0")
FOLIO = os.path.abspath(os.environ.get("FOLIO") or os.path.join(ROOT, ".build", "release", "folio"))

SMALL_COPIES, LARGE_COPIES = 4, 42          # × 12 pages = 48 and 504 pages
COLLECTION_COPIES = 14                       # × 35 pages = 490 pages
OCR_PAGES = (4, 5) if QUICK else (4, 5, 6, 7, 8, 9)  # body pages of the sample
OCR_DPI = 300
BATCH_DOCS = 100
BATCH_JOB_DOCS = 4 if QUICK else 8  # documents of 20+ pages for the 1-vs-2-jobs batch row
SCALING_JOBS = 2                    # N of the scaling row; its target is 0.9 × N


class BenchError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def nproc():
    return len(os.sched_getaffinity(0))


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def uptime():
    """`uptime`'s line: the time, how long the machine has been up, the load averages."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        with open("/proc/loadavg") as f:
            return "load average: " + " ".join(f.read().split()[:3])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        out = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Mem:"):
                return line.split()[1]
    except OSError:
        pass
    return "?"


def folio_env():
    # Folio sets OMP_THREAD_LIMIT=1 for itself when it is unset: measure that.
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    return env


def tesseract_env():
    # Debian's tesseract is built with OpenMP; limit it to one thread like Folio does.
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


LAST_CPU = 0.0  # CPU seconds (user + system) of the last run()'s process and its children


def run(cmd, env=None, cwd=None, memory=False, capture=False):
    """Runs cmd once. Returns (wall seconds, peak RSS in KiB or None, output)."""
    rss_file = None
    if memory:
        fd, rss_file = tempfile.mkstemp(prefix="bench-time-")
        os.close(fd)
        cmd = [GNU_TIME, "-v", "-o", rss_file] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    global LAST_CPU
    LAST_CPU = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    rss = None
    if rss_file:
        with open(rss_file) as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
        os.unlink(rss_file)
        rss = int(m.group(1)) if m else None
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BenchError(f"`{' '.join(cmd)}` exited {proc.returncode}: {' | '.join(tail)}")
    return wall, rss, (proc.stdout + proc.stderr) if capture else ""


def median(xs):
    return statistics.median(xs)


# ---------------------------------------------------------------- inputs

def pages_of(pdf):
    out = run(["pdfinfo", pdf], capture=True)[2]
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    if not m:
        raise BenchError(f"pdfinfo gave no page count for {pdf}")
    return int(m.group(1))


def make_inputs(tmp):
    """Makes the inputs; returns the OCR page images and the text inputs
    {stem: (label, pages)}, the sample's and, when ../shared is there, the collection's."""
    log("bench: generating inputs in " + tmp)
    run(["pdfunite"] + [SAMPLE] * SMALL_COPIES + [f"{tmp}/text-48.pdf"])
    run(["pdfunite"] + [SAMPLE] * LARGE_COPIES + [f"{tmp}/text-504.pdf"])
    texts = {"text-48": ("the sample", 12 * SMALL_COPIES), "text-504": ("the sample", 12 * LARGE_COPIES)}
    if os.path.exists(COLLECTION):
        pages = pages_of(COLLECTION)
        shutil.copy(COLLECTION, f"{tmp}/collection-{pages}.pdf")
        large = pages * COLLECTION_COPIES
        run(["pdfunite"] + [COLLECTION] * COLLECTION_COPIES + [f"{tmp}/collection-{large}.pdf"])
        texts[f"collection-{pages}"] = ("the collection", pages)
        texts[f"collection-{large}"] = ("the collection", large)
    else:
        log(f"bench: no {COLLECTION}: the collection rows are left out")

    # OCR: a few body pages of the sample, and the same pages as 300 dpi grey images.
    os.makedirs(f"{tmp}/pages")
    run(["pdfseparate", "-f", str(OCR_PAGES[0]), "-l", str(OCR_PAGES[-1]),
         SAMPLE, f"{tmp}/pages/p-%02d.pdf"])
    run(["pdfunite"] + [f"{tmp}/pages/p-{n:02d}.pdf" for n in OCR_PAGES] + [f"{tmp}/scan.pdf"])
    os.makedirs(f"{tmp}/pgm")
    run(["pdftoppm", "-r", str(OCR_DPI), "-gray", f"{tmp}/scan.pdf", f"{tmp}/pgm/page"])
    images = sorted(os.path.join(f"{tmp}/pgm", f) for f in os.listdir(f"{tmp}/pgm"))
    if len(images) != len(OCR_PAGES):
        raise BenchError(f"pdftoppm made {len(images)} images for {len(OCR_PAGES)} pages")

    # Batch: distinct one-page documents (different pages of the 504-page file;
    # pdfunite renumbers objects, so even repeated content differs byte-wise).
    os.makedirs(f"{tmp}/batch-in")
    run(["pdfseparate", "-f", "1", "-l", str(BATCH_DOCS),
         f"{tmp}/text-504.pdf", f"{tmp}/batch-in/doc-%03d.pdf"])
    # Batch with 1 and 2 jobs: a few documents of 20 pages or more (the
    # collection's 35 when there, else the sample's 48), so that process
    # start-up is a small part of each.
    os.makedirs(f"{tmp}/batch-jobs")
    source = COLLECTION if os.path.exists(COLLECTION) else f"{tmp}/text-48.pdf"
    for i in range(BATCH_JOB_DOCS):
        shutil.copy(source, f"{tmp}/batch-jobs/doc-{i:02d}.pdf")
    batch_pages = pages_of(source)
    return images, texts, batch_pages


# ---------------------------------------------------------------- measurements

def bench_batch_jobs(tmp):
    """Seconds for a whole batch with --jobs 1 and --jobs N (--force: every document
    converted), and the CPU the N-job run kept busy (1.0 = one core)."""
    def once(jobs):
        out = f"{tmp}/batch-jobs-out-{jobs}"
        w, _, _ = run([FOLIO, "batch", f"{tmp}/batch-jobs", "--output", out, "--jobs", str(jobs), "--force"],
                      env=folio_env())
        return w, LAST_CPU / w
    one, many, cpu = [], [], []
    for i in range(RUNS):
        one.append(once(1)[0])
        w, c = once(SCALING_JOBS)
        many.append(w)
        cpu.append(c)
        log(f"bench: batch of {BATCH_JOB_DOCS} documents run {i + 1}/{RUNS}: {one[-1]:.2f} s with 1 job, "
            f"{w:.2f} s with {SCALING_JOBS} ({c:.0%} CPU)")
    return median(one), median(many), median(cpu)


STAGE_LINE = re.compile(r":\s+(\d+\.\d+) s  (\S+)( \(per page, summed\))?$")


def bench_profile(tmp, stem):
    """The pipeline's own stage timings (`folio convert -v`), each the median over
    BENCH_RUNS runs: ([(stage, seconds, per page)], wall seconds of those runs)."""
    pdf = f"{tmp}/{stem}.pdf"
    cmd = [FOLIO, "convert", pdf, "--format", "json", "--output", f"{tmp}/out-profile-{stem}", "-v"]
    order, times, walls, summed = [], {}, [], set()
    for _ in range(RUNS):
        wall, _, text = run(cmd, env=folio_env(), capture=True)
        walls.append(wall)
        for line in text.splitlines():
            m = STAGE_LINE.search(line)
            if not m:
                continue
            name = m.group(2)
            if name not in times:
                order.append(name)
                times[name] = []
            times[name].append(float(m.group(1)))
            if m.group(3):
                summed.add(name)
    if not order:
        raise BenchError("`folio convert -v` printed no stage times")
    return [(name, median(times[name]), name in summed) for name in order], median(walls)


def bench_text(tmp, stem):
    pdf = f"{tmp}/{stem}.pdf"
    out = f"{tmp}/out-{stem}"
    folio = [FOLIO, "convert", pdf, "--format", "json", "--output", out]
    ref = ["pdftotext", pdf, f"{tmp}/ref-{stem}.txt"]
    run(folio, env=folio_env())   # warm-up: page cache, dynamic loader
    run(ref)
    f_t, f_rss, r_t = [], [], []
    for i in range(RUNS):
        w, rss, _ = run(folio, env=folio_env(), memory=True)
        f_t.append(w)
        f_rss.append(rss)
        r_t.append(run(ref)[0])
        log(f"bench: {stem} run {i + 1}/{RUNS}: folio {w:.2f} s ({rss / 1024:.0f} MB), "
            f"pdftotext {r_t[-1]:.2f} s")
    return median(f_t), median(r_t), median(f_rss)


def bench_text_mode(tmp, stem):
    """Text mode's throughput on pdftotext's output of a ~500-page input (form
    feeds between pages): (megabytes, median seconds). The trust issue's target
    is 45 MB in 30 s, 1.5 MB/s."""
    txt = f"{tmp}/textmode-{stem}.txt"
    run(["pdftotext", f"{tmp}/{stem}.pdf", txt])
    megabytes = os.path.getsize(txt) / 1e6
    folio = [FOLIO, "convert", txt, "--format", "json", "--output", f"{tmp}/out-textmode-{stem}"]
    times = [run(folio, env=folio_env())[0] for _ in range(RUNS)]
    log(f"bench: text mode on {stem}.txt ({megabytes:.1f} MB): " + ", ".join(f"{t:.2f} s" for t in times))
    return megabytes, median(times)


def bench_ocr(tmp, images):
    pdf = f"{tmp}/scan.pdf"
    n = len(images)

    # The engine rows read with one model, as the tesseract command does; the
    # second reading of names (`--accent-lang`, on by default) is its own row.
    def folio(jobs, accents=False):
        return [FOLIO, "convert", pdf, "--format", "json", "--output", f"{tmp}/out-ocr-{jobs}",
                "--ocr", "always", "--dpi", str(OCR_DPI), "--jobs", str(jobs)] + (
                    [] if accents else ["--accent-lang", "none"])

    # One tesseract process over a list of the images: the engine is initialised
    # once, as in folio (one engine per worker). --dpi as the images carry none.
    listing = f"{tmp}/pgm-list.txt"
    with open(listing, "w") as f:
        f.write("".join(img + "\n" for img in images))
    tesseract = ["tesseract", listing, f"{tmp}/ref-ocr", "--dpi", str(OCR_DPI)]
    render = ["pdftoppm", "-r", str(OCR_DPI), "-gray", pdf, f"{tmp}/render"]

    j1, j2, ref, rendering, j2_cpu, accented = [], [], [], [], [], []
    for i in range(RUNS):
        j1.append(run(folio(1), env=folio_env())[0])
        accented.append(run(folio(1, accents=True), env=folio_env())[0])
        ref.append(run(tesseract, env=tesseract_env())[0])
        rendering.append(run(render)[0])
        if nproc() >= 2:
            j2.append(run(folio(2), env=folio_env())[0])
            j2_cpu.append(LAST_CPU / j2[-1])
        log(f"bench: OCR {n} p run {i + 1}/{RUNS}: folio --jobs 1 {j1[-1]:.2f} s, "
            f"tesseract {ref[-1]:.2f} s, with accents {accented[-1]:.2f} s"
            + (f", folio --jobs 2 {j2[-1]:.2f} s ({j2_cpu[-1]:.0%} CPU)" if j2 else ""))
    return (median(j1) / n, median(ref) / n, (median(j2) / n if j2 else None), median(rendering) / n,
            (median(j2_cpu) if j2 else None), median(accented) / n)


def batch_available():
    """`folio batch INPUT_DIR --output OUT_DIR` exists (not only a placeholder command)."""
    try:
        p = subprocess.run([FOLIO, "batch", "--help"], capture_output=True, text=True, env=folio_env())
    except OSError:
        return False
    return p.returncode == 0 and "--output" in p.stdout + p.stderr


def bench_batch(tmp):
    src, out = f"{tmp}/batch-in", f"{tmp}/batch-out"
    cmd = [FOLIO, "batch", src, "--output", out]
    first, _, _ = run(cmd, env=folio_env())
    log(f"bench: batch first run, {BATCH_DOCS} documents: {first:.2f} s")
    times, reconverted = [], 0
    for i in range(RUNS):
        w, _, text = run(cmd, env=folio_env(), capture=True)
        times.append(w)
        reconverted = max(reconverted, sum(1 for l in text.splitlines() if l.startswith("converted ")))
        log(f"bench: batch re-run {i + 1}/{RUNS}: {w:.3f} s")
    scale = 100 / BATCH_DOCS
    return median(times) * scale, first * scale, reconverted


# ---------------------------------------------------------------- table

def fmt_s(x):
    return "—" if x is None else (f"{x:.3f} s" if x < 1 else f"{x:.2f} s")


def fmt_mb(kb):
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def fmt_ratio(x, limit=None):
    if x is None:
        return "—"
    # One more digit when two would hide which side of the target the ratio is on.
    return f"{x:.3f}×" if limit is not None and f"{x:.2f}" == f"{limit:.2f}" and x != limit else f"{x:.2f}×"


def verdict(ok):
    return "PASS" if ok else "MISS"


PROFILE_PAGES = 400  # text inputs this long get the ~500-page target and a stage profile
# The speed issue's targets: the text path at most as slow as pdftotext at ~500
# pages; at 35–48 pages half the ratio the issue recorded (4.05× on the sample's
# 48 pages, 1.92× on the collection's 35); OCR with the default options at most
# the tesseract command's time, the accent re-read costing at most 5 %; memory at
# ~500 pages at most 1.2× that at 35–48 pages and under 100 MB.
TEXT_TARGET_LARGE = 1.0
TEXT_TARGET_SMALL = {"the sample": 4.05 / 2, "the collection": 1.92 / 2}
OCR_TARGET = 1.0
ACCENT_COST_TARGET = 1.05
MEMORY_RATIO_TARGET = 1.2
MEMORY_CEILING_MB = 100


def print_profiles(texts, profiles):
    """The ~500-page runs' stage times side by side, as `folio convert -v` reports them."""
    if not profiles:
        return
    stems = list(profiles)
    stages = list(dict.fromkeys(name for stem in stems for name, _, _ in profiles[stem][0]))
    summed = {name for stem in stems for name, _, per_page in profiles[stem][0] if per_page}
    header = ["stage"] + [f"{texts[s][0].removeprefix('the ')}, {texts[s][1]} p" for s in stems]
    table = []
    for name in stages:
        cells = []
        for stem in stems:
            times = {n: t for n, t, _ in profiles[stem][0]}
            wall = profiles[stem][1]
            t = times.get(name)
            cells.append("—" if t is None else
                         f"{t:.3f} s" + ("" if name in summed else f" ({t / wall:.0%})"))
        table.append([name + (" (per page, summed)" if name in summed else "")] + cells)
    rest = []
    for stem in stems:
        stage_times, wall = profiles[stem]
        outside = wall - sum(t for _, t, per_page in stage_times if not per_page)
        rest.append(f"{outside:.3f} s ({outside / wall:.0%})")
    table.append(["outside the stages (start-up, open, JSON)"] + rest)
    table.append(["wall"] + [f"{profiles[s][1]:.3f} s" for s in stems])
    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header))]

    def line(r):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"

    print()
    print(f"Stage profile of the ~500-page text runs (`folio convert X.pdf --format json -v`, median of "
          f"{RUNS} run{'s' if RUNS > 1 else ''}; share of that run's wall time):")
    print()
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in table:
        print(line(r))
    print()
    print("- Stages without \"per page\" are timed around the whole stage (a pass over all pages "
          "on the workers counts its wall time); \"per page, summed\" is the sum over pages and workers "
          "(CPU-like, not part of the wall shares).")


def main():
    for tool in ("pdftotext", "pdfunite", "pdfseparate", "pdftoppm", "pdfinfo", "tesseract"):
        if not shutil.which(tool):
            log(f"bench: {tool} not found")
            return 1
    if not os.access(FOLIO, os.X_OK):
        log(f"bench: no folio binary at {FOLIO} (make build, or set FOLIO=…)")
        return 1

    cores = nproc()
    load_start = load1()
    uptime_start = uptime()
    log("bench: at the start: " + uptime_start)
    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="folio-bench-")
    rows, notes, failures = [], [], []

    def failed(name, err):
        failures.append(f"{name}: {err}")
        log(f"bench: {name} could not run: {err}")

    try:
        try:
            images, texts, batch_pages = make_inputs(tmp)
        except BenchError as e:
            failed("inputs", e)
            images, texts, batch_pages = None, {}, None

        # Text: the sample's and the collection's short and ~500-page inputs;
        # the ~500-page ones have a target and a stage profile.
        text, profiles = {}, {}
        for stem, (source, pages) in texts.items():
            try:
                text[stem] = bench_text(tmp, stem)
                if pages >= PROFILE_PAGES:
                    profiles[stem] = bench_profile(tmp, stem)
            except BenchError as e:
                failed(f"{stem}", e)
        for stem, (source, pages) in texts.items():
            name = f"text: `convert --format json`, {source.removeprefix('the ')}, {pages} pages (wall)"
            if stem in text:
                f, r, _ = text[stem]
                target = TEXT_TARGET_LARGE if pages >= PROFILE_PAGES else TEXT_TARGET_SMALL.get(source)
                rows.append((name, fmt_s(f), "pdftotext " + fmt_s(r), fmt_ratio(f / r, target or 1.0),
                             f"≤ {target:.2f}×" if target else "(info)", verdict(f / r <= target) if target else ""))
            else:
                rows.append((name, "failed", "", "", "", ""))

        for stem, (source, pages) in texts.items():
            if pages < PROFILE_PAGES:
                continue
            name = f"text mode: pdftotext's `.txt` of {source.removeprefix('the ')}, {pages} pages"
            try:
                megabytes, seconds = bench_text_mode(tmp, stem)
                rate = megabytes / seconds
                rows.append((name + f" ({megabytes:.1f} MB)", f"{rate:.2f} MB/s", fmt_s(seconds), "",
                             "≥ 1.50 MB/s", verdict(rate >= 1.5)))
            except BenchError as e:
                failed(name, e)
                rows.append((name, "failed", "", "", "", ""))

        ocr = None
        if images is not None:
            try:
                ocr = bench_ocr(tmp, images)
            except BenchError as e:
                failed("OCR", e)
        if ocr:
            f1, ref, f2, render, f2_cpu, accented = ocr
            notes.append(f"rendering alone (`pdftoppm -r {OCR_DPI} -gray`, not in tesseract's time, "
                         f"part of folio's): {fmt_s(render)} per page")
            rows.append((f"OCR: s/page, `--ocr always --dpi {OCR_DPI} --jobs 1 --accent-lang none`",
                         fmt_s(f1), "tesseract " + fmt_s(ref), fmt_ratio(f1 / ref, OCR_TARGET), "(info)", ""))
            rows.append(("OCR: s/page, default options (names read again for accents), `--jobs 1`",
                         fmt_s(accented), "tesseract " + fmt_s(ref), fmt_ratio(accented / ref, OCR_TARGET),
                         f"≤ {OCR_TARGET:.2f}×", verdict(accented / ref <= OCR_TARGET)))
            rows.append(("OCR: the accent re-read's cost per page (default vs `--accent-lang none`)",
                         fmt_s(accented), "one model " + fmt_s(f1), fmt_ratio(accented / f1, ACCENT_COST_TARGET),
                         f"≤ {ACCENT_COST_TARGET:.2f}×", verdict(accented / f1 <= ACCENT_COST_TARGET)))
            if f2 is not None:
                notes.append(f"folio `--jobs 2` kept {f2_cpu:.0%} of a core busy (200% = both cores; "
                             "less means it waited for the CPU or for another worker)")
                rows.append(("OCR: s/page, `--jobs 2` vs `--jobs 1` (speed-up)",
                             fmt_s(f2), "jobs 1 " + fmt_s(f1), fmt_ratio(f1 / f2, 1.7),
                             "≥ 1.70×", verdict(f1 / f2 >= 1.7)))
            else:
                rows.append(("OCR: `--jobs 2` vs `--jobs 1` (speed-up)", "n/a (1 core)", "", "", "≥ 1.70×", ""))
        else:
            rows.append(("OCR", "failed", "", "", "", ""))

        for source in dict.fromkeys(source for source, _ in texts.values()):
            stems = sorted((pages, stem) for stem, (s, pages) in texts.items() if s == source)
            (small, small_stem), (large, large_stem) = stems[0], stems[-1]
            if small_stem in text and large_stem in text:
                m_small, m_large = text[small_stem][2], text[large_stem][2]
                rows.append((f"peak RSS, {source.removeprefix('the ')}: {large} pages vs {small} pages",
                             fmt_mb(m_large), f"{small} p " + fmt_mb(m_small),
                             fmt_ratio(m_large / m_small, MEMORY_RATIO_TARGET),
                             f"≤ {MEMORY_RATIO_TARGET:.2f}×, < {MEMORY_CEILING_MB} MB",
                             verdict(m_large / m_small <= MEMORY_RATIO_TARGET and m_large / 1024 < MEMORY_CEILING_MB)))
            else:
                rows.append((f"peak RSS, {source.removeprefix('the ')}", "failed", "", "", "", ""))

        label = "batch: unchanged re-run, s per 100 documents"
        if images is None:
            rows.append((label, "failed", "", "", "", ""))
        elif not batch_available():
            rows.append((label, "n/a (batch not built)", "", "", "< 1 s", ""))
        else:
            try:
                rerun, first, reconverted = bench_batch(tmp)
                rows.append((label, fmt_s(rerun), "first run " + fmt_s(first), "", "< 1 s",
                             verdict(rerun < 1.0)))
                scale_label = (f"batch: documents/min, `--jobs {SCALING_JOBS}` vs `--jobs 1`, "
                               f"{BATCH_JOB_DOCS} × {batch_pages} pages")
                target = 0.9 * SCALING_JOBS
                if cores < SCALING_JOBS:
                    rows.append((scale_label, f"n/a ({cores} core)", "", "", f"≥ {target:.2f}×", ""))
                else:
                    one, many, cpu = bench_batch_jobs(tmp)
                    per_min = lambda seconds: f"{BATCH_JOB_DOCS / seconds * 60:.1f}/min"
                    rows.append((scale_label, per_min(many), "jobs 1 " + per_min(one), fmt_ratio(one / many, target),
                                 f"≥ {target:.2f}×", verdict(one / many >= target)))
                    notes.append(f"folio batch `--jobs {SCALING_JOBS}` kept {cpu:.0%} of a core busy "
                                 f"({SCALING_JOBS * 100}% = {SCALING_JOBS} cores; less means it waited for the "
                                 "CPU, or for the serial parts: start-up, the last document, the datasets)")
                if reconverted:
                    notes.append(f"the batch re-run converted {reconverted} document(s) again "
                                 "instead of skipping them")
            except BenchError as e:
                failed("batch", e)
                rows.append((label, "failed", "", "", "< 1 s", ""))
    finally:
        if KEEP:
            log("bench: inputs and outputs kept in " + tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    load_end = load1()
    uptime_end = uptime()
    log("bench: at the end: " + uptime_end)
    elapsed = time.monotonic() - clock
    try:
        version = subprocess.run([FOLIO, "--version"], capture_output=True, text=True,
                                 env=folio_env()).stdout.strip() or "?"
    except OSError:
        version = "?"
    mode = "quick" if QUICK else "default"
    print()
    print(f"Folio benchmark ({mode}: median of {RUNS} run{'s' if RUNS > 1 else ''}), "
          f"{started.strftime('%Y-%m-%d %H:%M UTC')}, {elapsed / 60:.1f} min")
    print(f"folio {version} ({os.path.relpath(FOLIO, ROOT) if FOLIO.startswith(ROOT) else FOLIO})")
    print(f"Machine: {cores} cores ({cpu_model()}), {mem_total()} RAM; "
          f"load average {load_start:.2f} at start, {load_end:.2f} at end")
    print(f"uptime at start: {uptime_start}")
    print(f"uptime at end:   {uptime_end}")
    print()
    header = ("metric", "folio", "reference", "ratio", "target", "result")
    table = [header] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]

    def line(r):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print()
    print(f"- text: folio with its default `--jobs` (one worker per core, {cores} here) vs pdftotext "
          f"(single-threaded), same PDF (the {12}-page sample united {SMALL_COPIES}× and "
          f"{LARGE_COPIES}×; the corpus collection as it is and united {COLLECTION_COPIES}×); "
          "folio's time includes writing the JSON.")
    print(f"- OCR: {len(OCR_PAGES)} pages (sample pages {OCR_PAGES[0]}–{OCR_PAGES[-1]}). folio's time "
          "includes opening, rendering, OCR, layout and JSON; tesseract's is the `tesseract` command "
          f"alone on `pdftoppm -r {OCR_DPI} -gray` images (rendering excluded): one process over the "
          f"list of images, `--dpi {OCR_DPI}`, default page segmentation (as folio), OMP_THREAD_LIMIT=1 "
          "(folio sets the same limit for itself). The engine rows read with one model, as the command "
          "does (`--accent-lang none`); the default also reads words that may be names again with the "
          "Latin-script model, whose cost is the row after.")
    print(f"- peak RSS: GNU time's \"Maximum resident set size\" of the text runs above.")
    print(f"- batch: `folio batch DIR --output OUT` run again over {BATCH_DOCS} unchanged one-page "
          "documents" + (", scaled to 100" if BATCH_DOCS != 100 else "") + ".")
    if batch_pages:
        print(f"- batch documents/min: {BATCH_JOB_DOCS} copies of a {batch_pages}-page PDF "
              f"({'the corpus collection' if os.path.exists(COLLECTION) else 'the sample united 4×'}), "
              "`folio batch DIR --output OUT --force`, one worker process per document; the ratio is "
              f"the speed-up, its target 0.9 × {SCALING_JOBS}.")
    for n in notes:
        print("- note: " + n)
    print_profiles(texts, profiles)
    if load_start > 1.5 or load_end > 1.5:
        print(f"- warning: the machine was busy (load average above 1.5); figures are noisy.")
    if failures:
        print()
        for f in failures:
            print("could not run: " + f)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
