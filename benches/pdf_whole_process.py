#!/usr/bin/env python3
"""Whole-process time of `vanban convert FILE -o OUT` against `pdftotext FILE OUT` on the same
PDFs, interleaved rounds, medians of the summed times (the issue-10 figure).

    cargo build --release
    python3 benches/pdf_whole_process.py [--rounds 7] [--skip-ocr] ../shared/real/pdf

`--skip-ocr` leaves out the files vanban reads through OCR (their pages have no usable text;
pdftotext gives nothing for them): those whose first conversion OCR'd a page
(`source.pages_detail`).
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import tempfile
import time

VANBAN = "target/release/vanban"


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def needs_ocr(pdf, out):
    subprocess.run([VANBAN, "convert", str(pdf), "-o", out], capture_output=True)
    try:
        pages = json.load(open(out, encoding="utf-8"))["source"].get("pages_detail") or []
    except (OSError, ValueError):
        return True
    return any(p.get("text", "").startswith("ocr") for p in pages)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--skip-ocr", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out_json, out_txt = f"{tmp}/x.json", f"{tmp}/x.txt"
        files = sorted(pathlib.Path(args.folder).glob("*.pdf"))
        if args.skip_ocr:
            files = [f for f in files if not needs_ocr(f, out_json)]
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(sum(timed([VANBAN, "convert", str(f), "-o", out_json]) for f in files))
            theirs.append(sum(timed(["pdftotext", str(f), out_txt]) for f in files))
    v, p = statistics.median(ours), statistics.median(theirs)
    print(f"{len(files)} PDFs, {args.rounds} interleaved rounds: vanban {1000 * v:.0f} ms, "
          f"pdftotext {1000 * p:.0f} ms (vanban/pdftotext {v / p:.2f})")


if __name__ == "__main__":
    main()
