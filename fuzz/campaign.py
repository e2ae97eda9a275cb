#!/usr/bin/env python3
"""Mutation campaign against the vanban binary (issue 16), independent of the fuzzer.

Generates hostile inputs — structural PDF attacks (page-tree and reference cycles, huge /Count,
decompression bombs, deep nesting, huge arrays, sizes and counts), random byte mutations of
real PDFs, texts and Word files, and pathological text — runs `vanban convert` (and `restore`,
`diff`) on each in its own process under a CPU-time and memory limit, and reports every panic
(exit 101, "internal error"), abort or signal, hang (CPU limit), out-of-memory, and every input
whose CPU time per MB is over 20 times the median.

Time per MB is compared with the median of the same command on inputs of the same format (pdf,
txt, docx). An input's size for time per MB is what the converter must read: its bytes plus what its
compressed parts decompress to (the entries of a Word file's zip, a PDF's Flate streams), up to
the reader's own limit (256 MiB). A 100 KB .docx holding 16 MB of text is 16 MB of work, as a
1 KB decompression bomb is; both sizes are kept in the records (`size`, `content_size`).

    nice python3 fuzz/campaign.py --bin target/release/vanban --seeds fixtures /work/shared/real \
        --n 3000 --out /tmp/campaign

Times are CPU times of the process (user + system, from wait4), not wall-clock: the machine
may be loaded. Time per MB is compared on inputs of 64 KiB or more (below, process start-up
dominates); smaller inputs are held to an absolute bound instead (1 s of CPU).
"""

import argparse
import io
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

CPU_LIMIT_S = 10
MEMORY_LIMIT = 2 << 30
SMALL = 64 << 10


# ---------------------------------------------------------------------------------------------
# PDF construction

def pdf(objects, root=1, extra_trailer=b""):
    """A PDF of `objects` (bodies of objects 1..n) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def deflated(unit, total):
    """`unit` repeated to `total` bytes, deflated without holding it in memory."""
    z = zlib.compressobj(9)
    block = unit * ((1 << 20) // len(unit))
    parts = [z.compress(block) for _ in range(total // len(block))]
    return b"".join(parts) + z.flush()


def stream(data, extra=b"", compress=False):
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


TEXT = "BT /F1 12 Tf 72 700 Td (KE HOACH so 12/KH-UBND) Tj 0 -14 Td (Thuc hien Nghi quyet 57-NQ/TW) Tj ET"


def one_page(content=TEXT.encode(), resources=b"<< /Font << /F1 5 0 R >> >>", page_extra=b"",
             more=(), compress=False):
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources %s %s >>"
        % (resources, page_extra),
        stream(content, compress=compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more,
    ]


def structural_pdfs(rng):
    """(name, bytes) of structural attacks."""
    out = []
    # Page trees claiming huge counts, nested or at the root.
    for count in [b"2147483648", b"17592186044416", b"4611686018427387904", b"9223372036854775807",
                  b"-1", b"1e308", b"99999999999999999999999"]:
        objs = one_page()
        objs[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count %s >>" % count
        objs.append(b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count %s >>" % count)
        out.append(("count-%s.pdf" % count.decode()[:12], pdf(objs)))
    # Page-tree cycles.
    objs = one_page()
    objs[1] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"
    out.append(("pages-self-cycle.pdf", pdf(objs)))
    objs = one_page()
    objs[1] = b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>"
    objs.append(b"<< /Type /Pages /Parent 2 0 R /Kids [7 0 R] /Count 1 >>")
    objs.append(b"<< /Type /Pages /Parent 6 0 R /Kids [2 0 R 3 0 R] /Count 1 >>")
    out.append(("pages-cycle3.pdf", pdf(objs)))
    # A page whose /Parent chain is a cycle (inherited attributes walk it).
    objs = one_page()
    objs[2] = objs[2].replace(b"/MediaBox [0 0 612 792]", b"").replace(b"/Parent 2 0 R", b"/Parent 3 0 R")
    out.append(("parent-cycle.pdf", pdf(objs)))
    # Reference cycles: a length that is itself, objects referring to each other.
    objs = one_page()
    objs[3] = b"<< /Length 4 0 R >>\nstream\n" + TEXT.encode() + b"\nendstream"
    out.append(("length-self.pdf", pdf(objs)))
    objs = one_page(resources=b"6 0 R", more=[b"7 0 R", b"6 0 R"])
    out.append(("resources-ref-cycle.pdf", pdf(objs)))
    # A form XObject drawing itself, and two drawing each other.
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n"
    body = b"/X Do " + TEXT.encode()
    objs = one_page(content=b"/X Do", resources=b"<< /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >>",
                    more=[form % len(body) + body + b"\nendstream"])
    out.append(("form-self.pdf", pdf(objs)))
    # Forms fanning out: each draws the next one 8 times (8^12 if unbounded).
    objs = one_page(content=b"/X0 Do", resources=b"<< /XObject << /X0 6 0 R >> >>")
    depth = 14
    for d in range(depth):
        nxt = 6 + d + 1
        body = (b"/X Do " * 8) if d + 1 < depth else TEXT.encode()
        res = b"<< /XObject << /X %d 0 R >> /Font << /F1 5 0 R >> >>" % nxt
        objs.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Length %d >>\nstream\n"
                    % (res, len(body)) + body + b"\nendstream")
    out.append(("form-fanout.pdf", pdf(objs)))
    # Decompression bombs: content, an object stream, a font program, an image.
    bomb = deflated(b"0", 1 << 30)
    objs = one_page()
    objs[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    out.append(("bomb-content.pdf", pdf(objs)))
    spaces = deflated(b"q ", 1 << 28)
    objs = one_page()
    objs[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(spaces) + spaces + b"\nendstream"
    out.append(("bomb-q.pdf", pdf(objs)))
    many = b"".join(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream" for _ in range(1))
    objs = one_page(more=[many])
    objs[2] = objs[2].replace(b"/Contents 4 0 R", b"/Contents [4 0 R 6 0 R 6 0 R 6 0 R 6 0 R 6 0 R 6 0 R 6 0 R 6 0 R]")
    out.append(("bomb-repeated-contents.pdf", pdf(objs)))
    img = deflated(b"\x00", 64 << 20)
    objs = one_page(content=b"q 612 0 0 792 0 0 cm /Im Do Q " + TEXT.encode(),
                    resources=b"<< /XObject << /Im 6 0 R >> /Font << /F1 5 0 R >> >>",
                    more=[b"<< /Type /XObject /Subtype /Image /Width 1000000000 /Height 1000000000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(img) + img + b"\nendstream"])
    out.append(("image-huge-dims.pdf", pdf(objs)))
    objs = one_page(content=b"q 612 0 0 792 0 0 cm /Im Do Q",
                    resources=b"<< /XObject << /Im 6 0 R >> >>",
                    more=[b"<< /Type /XObject /Subtype /Image /Width 4294967295 /Height 4294967295 /ColorSpace /DeviceGray /BitsPerComponent 16 /Length 4 >>\nstream\n\x00\x00\x00\x00\nendstream"])
    out.append(("image-only-huge-dims.pdf", pdf(objs)))
    # Deep nesting: arrays and dictionaries a million deep, in the body and in content.
    for n in [10_000, 1_000_000]:
        objs = one_page(more=[b"[" * n + b"]" * n])
        out.append(("nest-array-%d.pdf" % n, pdf(objs)))
        objs = one_page(more=[b"<< /A " * n + b"1" + b" >>" * n])
        out.append(("nest-dict-%d.pdf" % n, pdf(objs)))
        out.append(("nest-content-%d.pdf" % n, pdf(one_page(content=b"[" * n + b"] TJ " + TEXT.encode()))))
        out.append(("nest-q-%d.pdf" % n, pdf(one_page(content=b"q " * n + TEXT.encode() + b" Q" * n))))
    # Huge counts and sizes stated in the file.
    out.append(("xref-size-huge.pdf", pdf(one_page(), extra_trailer=b"/Size 9223372036854775807 ")))
    body = pdf(one_page())
    out.append(("xref-subsection-huge.pdf", body.replace(b"xref\n0 6", b"xref\n0 4294967295")))
    out.append(("startxref-huge.pdf", body.rsplit(b"startxref", 1)[0] + b"startxref\n99999999999999999999\n%%EOF\n"))
    objs = one_page(more=[b"<< /Type /ObjStm /N 2147483647 /First 99999999 /Length 10 >>\nstream\n1 0 2 5 3 \nendstream"])
    out.append(("objstm-huge-n.pdf", pdf(objs)))
    widths = b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 2147483647 /LastChar 4294967295 /Widths [500 500] >>"
    objs = one_page()
    objs[4] = widths
    out.append(("font-widths-range.pdf", pdf(objs)))
    cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0041> endbfrange 1 begincidrange <00000000> <FFFFFFFF> 0 endcidrange endcmap end end"
    objs = one_page(content=b"BT /F1 12 Tf 72 700 Td <0041004200430044> Tj ET", more=[stream(cmap)])
    objs[4] = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R /DescendantFonts [7 0 R] >>"
    objs.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W [0 [500] 1 4294967295 500] >>")
    out.append(("cmap-huge-ranges.pdf", pdf(objs)))
    # Many pages, annotations and XObjects.
    n = 20_000
    kids = b" ".join(b"3 0 R" for _ in range(n))
    objs = one_page()
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)
    out.append(("pages-20000-same.pdf", pdf(objs)))
    annots = b" ".join(b"6 0 R" for _ in range(200_000))
    objs = one_page(page_extra=b"/Annots [%s]" % annots,
                    more=[b"<< /Type /Annot /Subtype /Stamp /Rect [0 0 100 100] /AP << /N 7 0 R >> >>",
                          stream(TEXT.encode(), b" /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 5 0 R >> >>")])
    out.append(("annots-200000.pdf", pdf(objs)))
    draws = b"/X Do " * 500_000
    objs = one_page(content=draws, resources=b"<< /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >>",
                    more=[stream(TEXT.encode(), b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>")],
                    compress=True)
    out.append(("xobject-draws-500000.pdf", pdf(objs)))
    # Glyph and operator floods, and absurd numbers.
    flood = b"BT /F1 1 Tf " + b"(" + b"A" * (8 << 20) + b") Tj ET"
    out.append(("glyph-flood.pdf", pdf(one_page(content=flood, compress=True))))
    ops = b"1 0 0 1 0 0 cm " * 3_000_000
    out.append(("op-flood.pdf", pdf(one_page(content=ops, compress=True))))
    weird = b"BT /F1 1e308 Tf 1e308 0 0 1e308 1e308 1e308 Tm 1e308 Tz 1e308 TL (A) ' -1e308 Tc (B) Tj NaN 0 Td (C) Tj ET 0 0 1e308 1e308 re f"
    out.append(("numbers-absurd.pdf", pdf(one_page(content=weird + b" " + TEXT.encode()))))
    lines = b"".join(b"0 %d m 612 %d l S " % (y % 792, y % 792) for y in range(200_000))
    out.append(("rulings-200000.pdf", pdf(one_page(content=lines + TEXT.encode(), compress=True))))
    grid = b"".join(b"%d 0 m %d 792 l S 0 %d m 612 %d l S " % (x, x, x, x) for x in range(0, 3000, 1))
    out.append(("rulings-grid-3000.pdf", pdf(one_page(content=grid + TEXT.encode(), compress=True))))
    words = b"BT /F1 6 Tf " + b"".join(b"1 0 0 1 %d %d Tm (w) Tj " % (rng.randrange(612), rng.randrange(792)) for _ in range(300_000)) + b"ET"
    out.append(("words-scattered-300000.pdf", pdf(one_page(content=words, compress=True))))
    return out


# ---------------------------------------------------------------------------------------------
# Text

HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW\n\n"
          "PHỤ LỤC\nTT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành\n")
WORDS = ("nhiệm vụ sở ban ngành thực hiện xây dựng 2025 quý tháng UBND tỉnh chủ trì phối hợp "
         "Sở Nội vụ Sở Tài chính năm 2030 ≥ 80% chuyển đổi số kế hoạch triển khai").split()


def pathological_texts(rng, seeds):
    out = []
    words = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))
    for n in [2000, 8000]:
        body = "1 Xây dựng chính quyền số Sở Nội vụ 2025\n" + "".join(
            f"tiếp tục triển khai các nội dung của nhiệm vụ phần {i} theo kế hoạch\n" for i in range(n))
        out.append((f"table-runon-{n}.txt", (HEADER + body).encode()))
    for n in [3000, 10000]:
        rows = "".join(f"{i} {words(rng.randint(3, 15))}\n" for i in range(1, n + 1))
        out.append((f"table-garbage-{n}.txt", (HEADER + rows).encode()))
        out.append((f"table-unnumbered-{n}.txt", (HEADER + "".join(words(12) + "\n" for _ in range(n))).encode()))
    table_lines = [l for s in seeds for l in s.splitlines() if l[:3].strip().isdigit() and len(l) > 40]
    if table_lines:
        line = rng.choice(table_lines)
        out.append(("table-line-repeated-2000.txt", (HEADER + (line + "\n") * 2000).encode()))
    pipe = "TT | " + " | ".join(f"Cột {i}" for i in range(5000)) + "\n"
    out.append(("pipe-5000-cols.txt", (HEADER + pipe + "".join(f"{r} | " + " | ".join(rng.choice(WORDS) for _ in range(5000)) + "\n" for r in range(1, 40))).encode()))
    out.append(("pipe-row-20000-cells.txt", (HEADER + "TT | Nhiệm vụ | Chủ trì\n1 | " + " | ".join(words(2) for _ in range(20000)) + "\n").encode()))
    out.append(("line-2MB.txt", (HEADER + words(300_000) + "\n").encode()))
    out.append(("line-2MB-stripped.txt", strip_marks(HEADER + words(300_000) + "\n").encode()))
    out.append(("lines-300k.txt", (HEADER + "".join(words(3) + "\n" for _ in range(300_000))).encode()))
    out.append(("sections-deep.txt", (HEADER + "".join(".".join(["1"] * d) + ". Nội dung\n" for d in range(1, 3000))).encode()))
    out.append(("sections-roman-10000.txt", (HEADER + "".join(f"{roman(i)}. NỘI DUNG {i}\n" for i in range(1, 10000))).encode()))
    out.append(("legal-bases-20000.txt", (HEADER + "Căn cứ Nghị quyết số 57-NQ/TW; " * 20000 + "\n").encode()))
    out.append(("symbols-50000.txt", (HEADER + " ".join(f"{i}/KH-UBND" for i in range(50000)) + "\n").encode()))
    out.append(("combining-marks.txt", (HEADER + "a" + "\u0301" * 500_000 + "\n").encode()))
    out.append(("nul-bytes.txt", HEADER.encode() + b"\x00" * 1_000_000))
    out.append(("invalid-utf8.txt", HEADER.encode() + bytes(rng.randrange(256) for _ in range(500_000))))
    out.append(("utf16-odd.txt", b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x41"))
    out.append(("cr-only.txt", (HEADER + "".join(words(10) + "\r" for _ in range(50000))).encode()))
    out.append(("stripped-plan-x80.txt", strip_marks("\n".join(seeds[:1]) * 80 if seeds else HEADER).encode()))
    out.append(("deadlines-100000.txt", (HEADER + "1 Nhiệm vụ Sở Nội vụ " + " ".join("quý I/2025" for _ in range(100000)) + "\n").encode()))
    out.append(("agencies-100000.txt", (HEADER + "1 Nhiệm vụ " + ", ".join("Sở Nội vụ" for _ in range(100000)) + " 2025\n").encode()))
    return out


def roman(n):
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    s = ""
    for v, r in vals:
        while n >= v:
            s += r
            n -= v
    return s


def strip_marks(s):
    import unicodedata
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("đ", "d").replace("Đ", "D")


# ---------------------------------------------------------------------------------------------
# Random mutations

def mutate(rng, data, kind):
    data = bytearray(data)
    for _ in range(rng.choice([1, 2, 4, 8, 32])):
        op = rng.randrange(8)
        if not data:
            data += b"x"
        i = rng.randrange(len(data))
        if op == 0:
            data[i] = rng.randrange(256)
        elif op == 1:
            data[i] ^= 1 << rng.randrange(8)
        elif op == 2:
            del data[i:i + rng.randrange(1, 64)]
        elif op == 3:
            j = rng.randrange(len(data))
            data[i:i] = data[j:j + rng.randrange(1, 512)]
        elif op == 4:
            data[i:i] = rng.choice([b"9999999999", b"-1", b"4294967296", b"1e308", b"[", b"<<", b"R",
                                    b"obj", b"endstream", b"\x00", b"(", b"\\", b"%", b"\n", b"|",
                                    b"TT ", b"1 ", b"I. "])
        elif op == 5:
            # Replace a number by a huge one.
            j = i
            while j < len(data) and 48 <= data[j] <= 57:
                j += 1
            data[i:j] = str(rng.choice([2 ** 31, 2 ** 32, 2 ** 63 - 1, 10 ** 12])).encode()
        elif op == 6:
            data = data[:i]  # truncation
        else:
            j = rng.randrange(len(data))
            chunk = data[j:j + rng.randrange(1, 256)]
            data[i:i] = chunk * rng.randrange(2, 200)
    return bytes(data)


def mutate_docx(rng, data):
    """Mutates the XML inside a Word file and zips it again (a mutated zip is mostly rejected
    by the zip reader; the document XML is where the reader's own work is)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        parts = {n: z.read(n) for n in z.namelist()}
    except Exception:
        return mutate(rng, data, "docx")
    name = "word/document.xml" if "word/document.xml" in parts else rng.choice(list(parts))
    xml = parts[name]
    op = rng.randrange(4)
    if op == 0:
        parts[name] = mutate(rng, xml, "xml")
    elif op == 1:
        # Deep nesting of tables.
        n = rng.choice([100, 10_000, 200_000])
        parts[name] = xml.replace(b"<w:body>", b"<w:body>" + b"<w:tbl><w:tr><w:tc>" * n + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * n, 1)
    elif op == 2:
        # Huge spans.
        parts[name] = xml.replace(b"<w:tc>", b'<w:tc><w:tcPr><w:gridSpan w:val="2147483647"/><w:vMerge w:val="restart"/></w:tcPr>')
    else:
        parts[name] = xml.replace(b"</w:body>", b"<w:p><w:r><w:t>" + b"x" * (1 << 24) + b"</w:t></w:r></w:p></w:body>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Content size

CONTENT_LIMIT = 256 << 20
FLATE_STREAM = re.compile(rb"/FlateDecode.{0,200}?stream\r?\n", re.S)


def inflated(data: bytes, start: int, budget: int) -> int:
    """Bytes a zlib stream at `start` decompresses to (0 if it is none), up to `budget`."""
    d = zlib.decompressobj()
    n = 0
    try:
        chunk = d.decompress(data[start:start + (64 << 20)], budget)
        n += len(chunk)
        while d.unconsumed_tail and n < budget:
            n += len(d.decompress(d.unconsumed_tail, budget - n))
    except zlib.error:
        pass
    return n


def content_size(data: bytes) -> int:
    """The input's bytes plus its compressed parts decompressed, up to CONTENT_LIMIT."""
    extra = 0
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                extra = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            extra = 0
    elif b"%PDF" in data[:1024]:
        for m in FLATE_STREAM.finditer(data):
            extra += inflated(data, m.end(), CONTENT_LIMIT - extra)
            if extra >= CONTENT_LIMIT:
                break
    return len(data) + min(extra, CONTENT_LIMIT)


def input_format(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


# ---------------------------------------------------------------------------------------------
# Running

def limit():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_S, CPU_LIMIT_S + 5))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    os.nice(5)


def run(args, wall=600):
    start = time.time()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, preexec_fn=limit)
    try:
        _, err = p.communicate(timeout=wall)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    # communicate() has reaped the child: its rusage is in RUSAGE_CHILDREN (difference).
    return p.returncode, err.decode("utf-8", "replace"), time.time() - start


def cpu_of(fn):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc, err, wall = fn()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return rc, err, wall, cpu, after.ru_maxrss


def verdict(rc, err, cpu):
    if rc is None:
        return "hang"
    if rc < 0:
        sig = -rc
        if sig == 24 or cpu >= CPU_LIMIT_S - 0.5:  # SIGXCPU
            return "hang"
        return f"signal {sig}"
    if "the converter process" in err:
        return "worker died"
    if rc == 101 or "internal error" in err:
        return "panic"
    if "memory allocation" in err or "capacity overflow" in err:
        return "oom"
    if rc not in (0, 1):
        return f"exit {rc}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seeds", nargs="+", required=True)
    ap.add_argument("--n", type=int, default=2000, help="random mutations")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", action="store_true", help="keep every input, not only findings")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    (out / "findings").mkdir(exist_ok=True)

    files = [p for s in args.seeds for p in Path(s).rglob("*") if p.is_file()]
    by_kind = {"pdf": [], "txt": [], "docx": []}
    for p in files:
        ext = p.suffix.lower().lstrip(".")
        if ext in by_kind and p.stat().st_size <= 4 << 20:
            by_kind[ext].append(p)
    seeds_text = [p.read_text("utf-8", "replace") for p in by_kind["txt"][:20]]

    inputs = []  # (name, bytes, kind)
    inputs += [(n, b, "structural-pdf") for n, b in structural_pdfs(rng)]
    inputs += [(n, b, "pathological-text") for n, b in pathological_texts(rng, seeds_text)]
    kinds = [k for k in by_kind if by_kind[k]]
    for i in range(args.n):
        kind = kinds[i % len(kinds)]
        src = rng.choice(by_kind[kind])
        data = src.read_bytes()
        data = mutate_docx(rng, data) if kind == "docx" else mutate(rng, data, kind)
        inputs.append((f"mut-{i:05d}-{src.stem[:30]}.{kind}", data, f"mutated-{kind}"))

    records = []
    diff_base = by_kind["txt"][0] if by_kind["txt"] else None
    t0 = time.time()
    for k, (name, data, kind) in enumerate(inputs):
        path = out / "inputs" / name
        path.write_bytes(data)
        # In-process: a crash is then the process's own signal (in a worker it is a failed file).
        commands = [["convert", "--in-process", str(path)]]
        if kind.endswith("text") or name.endswith(".txt"):
            if k % 3 == 0 or kind == "pathological-text":
                commands.append(["restore", "--annotate", str(path)])
            if diff_base and (k % 5 == 0 or kind == "pathological-text"):
                commands.append(["diff", str(diff_base), str(path)])
        for cmd in commands:
            rc, err, wall, cpu, rss = cpu_of(lambda: run([args.bin, *cmd]))
            v = verdict(rc, err, cpu)
            rec = {"name": name, "kind": kind, "command": cmd[0], "size": len(data),
                   "content_size": content_size(data), "rc": rc,
                   "cpu": round(cpu, 3), "wall": round(wall, 3), "verdict": v,
                   "error": err.strip().splitlines()[-1][:300] if err.strip() else ""}
            records.append(rec)
            if v:
                (out / "findings" / name).write_bytes(data)
                print(f"FINDING {v}: {cmd[0]} {name}: {rec['error']}", flush=True)
        if not args.keep and not any(r["verdict"] for r in records[-len(commands):]):
            path.unlink()
        if k % 200 == 0:
            print(f"{k}/{len(inputs)} inputs, {time.time() - t0:.0f} s", flush=True)

    # Time per MB of content, against the median of the same command on inputs of the same
    # format (a MB of PDF, of Word XML and of text are not the same work): inputs of 64 KiB or
    # more; smaller ones against an absolute bound.
    big = [r for r in records if r["content_size"] >= SMALL and r["verdict"] is None]
    per_mb = {}
    for group in sorted({(r["command"], input_format(r["name"])) for r in big}):
        rs = [r for r in big if (r["command"], input_format(r["name"])) == group]
        median = statistics.median(r["cpu"] / (r["content_size"] / 1e6) for r in rs)
        per_mb[" ".join(group)] = median
        for r in rs:
            r["x_median"] = (round(r["cpu"] / (r["content_size"] / 1e6) / median, 1)
                             if median > 0 else 0)
    slow = [r for r in big if r.get("x_median", 0) > 20]
    slow_small = [r for r in records
                  if r["content_size"] < SMALL and r["verdict"] is None and r["cpu"] > 1.0]
    summary = {
        "inputs": len(inputs),
        "runs": len(records),
        "by_kind": {k: sum(1 for r in records if r["kind"] == k) for k in sorted({r["kind"] for r in records})},
        "findings": [r for r in records if r["verdict"]],
        "median_cpu_s_per_mb": {k: round(v, 3) for k, v in per_mb.items()},
        "over_20x_median": slow,
        "small_over_1s": slow_small,
        "max_cpu": max(records, key=lambda r: r["cpu"]),
        "slowest_per_mb": sorted(big, key=lambda r: -r.get("x_median", 0))[:10],
        "total_cpu_s": round(sum(r["cpu"] for r in records), 1),
    }
    (out / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps({k: summary[k] for k in ["inputs", "runs", "by_kind", "median_cpu_s_per_mb", "total_cpu_s"]}, ensure_ascii=False))
    print(f"findings: {len(summary['findings'])}, over 20x median: {len(slow)}, small over 1 s: {len(slow_small)}")
    for r in summary["findings"] + slow + slow_small:
        print(json.dumps(r, ensure_ascii=False))
    return 1 if summary["findings"] or slow or slow_small else 0


if __name__ == "__main__":
    sys.exit(main())
