#!/usr/bin/env bash
# `make bench-long`: text mode on one long text, the trust issue's 45 MB in
# 30 s. The text is pdftotext's output of every PDF in ../shared/corpus and
# ../shared/real/wild (without ../shared, the sample report), form feeds
# removed (so the whole text is one page, the hardest case for the page-level
# rules), repeated to 45 MB and cut at a line end. One run: wall time, peak
# memory, megabytes per second and the slowest stages. See docs/performance.md.
#
#   FOLIO=path     folio binary (default .build/release/folio)
#   SHARED=dir     the shared data (default ../shared)
#   LONG_MB=N      the text's size in megabytes (default 45)
#   LINE_MB=N      then the same words on one line, this many megabytes (default 5; 0 skips)
#   BENCH_KEEP=1   keep the text and the output
set -euo pipefail
cd "$(dirname "$0")/.."
folio=${FOLIO:-.build/release/folio}
shared=${SHARED:-../shared}
megabytes=${LONG_MB:-45}
line_megabytes=${LINE_MB:-5}
[ -x "$folio" ] || { echo "bench-long: no folio binary at $folio (run make build, or set FOLIO=…)" >&2; exit 1; }
for tool in pdftotext /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "bench-long: $tool is missing (make bench installs it)" >&2; exit 1; }
done
work=$(mktemp -d)
[ -n "${BENCH_KEEP:-}" ] && echo "bench-long: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT

shopt -s nullglob
sources=("$shared"/corpus/*/*.pdf "$shared"/real/wild/*/*.pdf)
[ ${#sources[@]} -gt 0 ] || sources=(input/sample-report.pdf)
for pdf in "${sources[@]}"; do pdftotext "$pdf" - 2> /dev/null | tr -d '\f' >> "$work/one.txt" || true; done
python3 - "$work/one.txt" "$work/long.txt" "$megabytes" <<'PY'
import sys
one, out, mb = open(sys.argv[1], "rb").read(), sys.argv[2], int(sys.argv[3])
size = mb * 1_000_000
text = one * (size // max(1, len(one)) + 1)
open(out, "wb").write(text[: text.rfind(b"\n", 0, size) + 1])
PY
size=$(stat -c %s "$work/long.txt")
lines=$(wc -l < "$work/long.txt")
echo "bench-long: $(python3 -c "print(round($size / 1e6, 1))") MB, $lines lines, one page, from ${#sources[@]} PDFs; $(uptime)"
/usr/bin/time -v -o "$work/time.txt" "$folio" convert "$work/long.txt" --format json --output "$work/out" -v \
  2> "$work/stages.txt"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
python3 - "$size" "$wall" "$rss" "$work/stages.txt" <<'PY'
import sys
size, wall, rss, stages = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rate = size / 1e6 / seconds
verdict = "PASS" if seconds <= 30 * size / 45e6 else "MISS"
print(f"bench-long: {seconds:.1f} s ({rate:.2f} MB/s; target 45 MB in 30 s, 1.50 MB/s: {verdict}), "
      f"peak RSS {rss / 1024:.0f} MB")
times = []
for line in open(stages):
    head, _, rest = line.rpartition(" s  ")
    if head and not line.startswith("folio"):
        try:
            times.append((float(head.split()[-1]), rest.strip()))
        except ValueError:
            pass
print("slowest stages: " + ", ".join(f"{name} {t:.1f} s" for t, name in sorted(times, reverse=True)[:6]))
PY

# One line: every step that works line by line meets the whole text at once.
if [ "$line_megabytes" -gt 0 ]; then
  head -c $((line_megabytes * 1000000)) "$work/long.txt" | tr '\n' ' ' > "$work/line.txt"
  /usr/bin/time -f "%e %M" -o "$work/line-time.txt" "$folio" convert "$work/line.txt" --format json \
    --output "$work/out-line" --quiet
  read -r seconds kb < "$work/line-time.txt"
  echo "bench-long: the first ${line_megabytes} MB on one line: ${seconds} s, peak RSS $((kb / 1024)) MB"
fi
