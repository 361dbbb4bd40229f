#!/usr/bin/env python3
"""png.py — just enough PNG for the tests, with the standard library only.

  png.py invert IN.png OUT.png     inverts every pixel (8-bit grey/RGB/RGBA, not palette)
  png.py colour IN.png R G B TOL X0 Y0 X1 Y1
                                   prints the number of pixels inside the box
                                   (pixels, inclusive) within TOL of the colour,
                                   then the number of distinct colours of the whole image
Used by tests/e2e/diffexact.sh (a picture's pixels changed) and tests/e2e/html.sh
(a browser screenshot of the visual report is not blank, the highlight is where
the change is)."""
import struct
import sys
import zlib

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


def read(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit(f'{path}: not a PNG file')
    pos, idat, head = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            head = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = head
    if depth != 8 or ctype not in CHANNELS or interlace:
        raise SystemExit(f'{path}: only 8-bit, non-interlaced grey/RGB/RGBA PNG (got depth {depth}, type {ctype})')
    bpp = CHANNELS[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, ctype, bpp, rows


def write(path, w, h, ctype, rows):
    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))
    raw = b''.join(b'\x00' + bytes(r) for r in rows)
    out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, ctype, 0, 0, 0))
    out += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(out)


def rgb(rows, bpp, x, y):
    r = rows[y]
    if bpp < 3:
        return (r[x * bpp],) * 3
    return tuple(r[x * bpp:x * bpp + 3])


def main(argv):
    if len(argv) == 4 and argv[1] == 'invert':
        w, h, ctype, bpp, rows = read(argv[2])
        for r in rows:
            for i in range(len(r)):
                if not (bpp in (2, 4) and i % bpp == bpp - 1):  # alpha stays
                    r[i] = 255 - r[i]
        write(argv[3], w, h, ctype, rows)
        return 0
    if len(argv) == 11 and argv[1] == 'colour':
        w, h, ctype, bpp, rows = read(argv[2])
        want = tuple(int(v) for v in argv[3:6])
        tol = int(argv[6])
        x0, y0, x1, y1 = (int(v) for v in argv[7:11])
        hits = 0
        for y in range(max(0, y0), min(h - 1, y1) + 1):
            for x in range(max(0, x0), min(w - 1, x1) + 1):
                p = rgb(rows, bpp, x, y)
                if all(abs(p[k] - want[k]) <= tol for k in range(3)):
                    hits += 1
        colours = set()
        for y in range(0, h, 2):
            for x in range(0, w, 2):
                colours.add(rgb(rows, bpp, x, y))
        print(hits, len(colours))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
