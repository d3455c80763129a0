"""What the feedback engine's language rule and safe CSV output cost, and whom the rule leaves out.

    python bench/feedback_language.py [--rows N]

- CPU time of `detect_language` a comment, on the dev comments repeated to --rows (as the speed
  figures in bench/README.md use them);
- CPU time of writing --rows rows of `baton feedback classify`'s shape with `csv_writer`
  (neutralised, text quoted) against a bare `csv.writer`;
- the shipped labelled comments (all English) that the detector calls another language: it should
  be none; each one is listed.

CPU time (`time.process_time`), so that other work on a shared machine moves the figures less than
it moves wall-clock time.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baton.core.spreadsheets import csv_writer  # noqa: E402
from baton.insight.feedback import engine as E  # noqa: E402
from baton.insight.feedback.language import detect_language, is_not_english  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ns = ap.parse_args(argv)

    rows, _, labels = E.read_labelled_csv(E.LABELLED_PATH)
    dev = [r["comment_text"] for r in rows if r.get("split") == "dev"]
    texts = [dev[i % len(dev)] for i in range(ns.rows)]

    t0 = time.process_time()
    for t in texts:
        detect_language(t)
    dt = time.process_time() - t0
    print(f"detect_language: {dt:.2f} s CPU for {ns.rows:,} comments, {dt / ns.rows * 1e6:.1f} us a comment")

    out = [[f"c{i}", 2, *([0] * (len(labels) - 1) + [1]), "0.734", "en", ""] for i in range(ns.rows)]
    for name, make in (("csv.writer", csv.writer), ("csv_writer", csv_writer)):
        best = float("inf")
        for _ in range(3):
            w = make(io.StringIO())
            t0 = time.process_time()
            w.writerows(out)
            best = min(best, time.process_time() - t0)
        print(f"{name}: {best:.2f} s CPU for {ns.rows:,} rows, {best / ns.rows * 1e6:.1f} us a row (best of 3)")

    flagged = [(detect_language(r["comment_text"]), r["comment_text"]) for r in rows]
    flagged = [(c, t) for c, t in flagged if is_not_english(c)]
    print(f"labelled comments called another language: {len(flagged)} of {len(rows):,}")
    for code, text in flagged:
        print(f"  {code}: {text[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
