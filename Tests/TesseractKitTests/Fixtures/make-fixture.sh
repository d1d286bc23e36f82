#!/bin/sh
# Regenerates fixture.pgm / fixture.txt: a two-line crop of a 300-dpi greyscale
# render of a reportlab PDF. Run once; the outputs are committed so the tests
# need neither Python nor poppler.
#   ./make-fixture.sh            -> fixture.pgm, fixture.txt (small, committed)
#   ./make-fixture.sh --full DIR -> DIR/fullpage.pgm, a dense US-letter page for
#                                   the opt-in benchmark (8 MB, not committed)
# Needs: python3 with reportlab (pip install reportlab), pdftoppm (poppler-utils).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "${1:-}" = "--full" ]; then
  out=${2:?usage: make-fixture.sh --full DIR}
  python3 - "$tmp/full.pdf" <<'PY'
import sys, random
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
random.seed(7)
words = ("revenue cost margin quarter growth operating net income total assets "
         "liabilities equity cash flow segment region forecast budget variance "
         "report annual fiscal year percent million thousand sales expense").split()
c = canvas.Canvas(sys.argv[1], pagesize=letter)
c.setFont("Helvetica-Bold", 16)
c.drawString(72, 720, "Annual Report 2023 - Financial Summary")
c.setFont("Times-Roman", 11)
y = 690
while y > 72:
    line = " ".join(random.choice(words) for _ in range(12))
    c.drawString(72, y, line.capitalize() + f" {random.randint(1, 9999)}.")
    y -= 14
c.save()
PY
  pdftoppm -r 300 -gray -singlefile "$tmp/full.pdf" "$out/fullpage"
  exit 0
fi

python3 - "$tmp/f.pdf" <<'PY'
import sys
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
c = canvas.Canvas(sys.argv[1], pagesize=letter)
c.setFont("Times-Roman", 12)
lines = ["Quarterly revenue grew 12 percent to 4.2 million dollars.",
         "Operating costs fell sharply in the third quarter of 2023."]
y = 792 - 72          # one inch from the top, in PDF points
for line in lines:
    c.drawString(72, y, line)
    y -= 18
c.save()
with open("fixture.txt", "w") as f:
    f.write("\n".join(lines) + "\n")
PY
# Crop (300-dpi pixels): x from 0.8in, y from ~0.85in; two lines with margins.
pdftoppm -r 300 -gray -singlefile -x 240 -y 250 -W 1450 -H 150 "$tmp/f.pdf" fixture
ls -l fixture.pgm fixture.txt
