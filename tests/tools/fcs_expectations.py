#!/usr/bin/env python3
"""Independent FCS reference values for Stroma's corpus tests.

A deliberately plain reader (Python `struct`, one value at a time) written from the FCS 3.1
standard, separate from Stroma's span/SIMD decoder. For every readable data set in the shared
corpus it records the event count and, per parameter, the first and last raw value and the sum
of all raw values (integers masked to $PnR as FCS 3.1 §3.3.39 requires). Files it cannot read are
recorded with the reason. Output: tests/Stroma.Cytometry.Tests/Data/fcs-corpus-expectations.json

Usage: python3 tests/tools/fcs_expectations.py ../shared/corpus/fcs
"""
import json, math, os, struct, sys

def parse_text(seg):
    d = seg[0:1]
    toks, cur, i = [], bytearray(), 1
    while i < len(seg):
        c = seg[i:i+1]
        if c == d:
            if seg[i+1:i+2] == d and not (len(cur) == 0 and len(toks) % 2 == 1 and seg[i+2:i+3] == b'$'):
                cur += d; i += 2; continue
            toks.append(bytes(cur)); cur = bytearray(); i += 1; continue
        cur += c; i += 1
    kv = {}
    for k, v in zip(toks[0::2], toks[1::2]):
        kv[k.decode('latin1').upper()] = v.decode('latin1')
    return kv

def read_dataset(b, off):
    h = b[off:off+58]
    if len(h) < 58 or not h.startswith(b'FCS'):
        raise ValueError('no FCS header')
    f = [h[10+8*i:18+8*i].strip() for i in range(6)]
    f = [int(x) if x else 0 for x in f]
    kv = parse_text(b[off+f[0]:off+f[1]+1])
    if int(kv.get('$BEGINSTEXT', '0').strip() or 0) and int(kv['$BEGINSTEXT']) != f[0]:
        s0, s1 = int(kv['$BEGINSTEXT']), int(kv['$ENDSTEXT'])
        if off + s1 < len(b):
            for k, v in parse_text(b[off+s0:off+s1+1]).items():
                kv.setdefault(k, v)
    par = int(kv['$PAR']); tot = int(kv['$TOT'].strip())
    dt = kv['$DATATYPE'].strip().upper()
    order = [int(x) for x in kv['$BYTEORD'].split(',')]
    little = order == sorted(order)
    bits = [int(kv['$P%dB' % n].strip()) for n in range(1, par+1)]
    widths = [x // 8 for x in bits]
    ew = sum(widths)
    # DATA offsets: header unless zero; when header and TEXT disagree take the one whose length is $TOT x width.
    cands = []
    if f[2] or f[3]: cands.append((f[2], f[3]))
    if '$BEGINDATA' in kv:
        t = (int(kv['$BEGINDATA'].strip()), int(kv['$ENDDATA'].strip()))
        if t != (0, 0): cands.append(t)
    chosen = cands[0]
    for c in cands:
        if c[1] - c[0] + 1 == tot * ew and off + c[1] < len(b): chosen = c; break
    start = off + chosen[0]
    if off + chosen[1] >= len(b): raise ValueError('DATA beyond end of file')
    masks = []
    for n in range(1, par+1):
        r = float(kv.get('$P%dR' % n, '0').strip() or 0)
        full = (1 << bits[n-1]) - 1
        if dt == 'I' and 2 <= r < 2 ** bits[n-1]:
            masks.append(((1 << math.ceil(math.log2(math.ceil(r)))) - 1) & full)
        else:
            masks.append(full)
    first = [None]*par; last = [None]*par; sums = [0.0]*par
    pos = start
    for e in range(tot):
        for p in range(par):
            w = widths[p]; raw = b[pos:pos+w]; pos += w
            if dt == 'F': v = struct.unpack('<f' if little else '>f', raw)[0]
            elif dt == 'D': v = struct.unpack('<d' if little else '>d', raw)[0]
            else: v = int.from_bytes(raw, 'little' if little else 'big') & masks[p]
            if e == 0: first[p] = v
            if e == tot - 1: last[p] = v
            sums[p] += v
    names = [kv.get('$P%dN' % n, 'P%d' % n) for n in range(1, par+1)]
    nxt = int(kv.get('$NEXTDATA', '0').strip() or 0)
    return dict(version=h[:6].decode(), events=tot, datatype=dt, names=names, first=first, last=last, sums=sums), nxt

def main(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        if not name.lower().endswith(('.fcs', '.lmd')): continue
        b = open(os.path.join(folder, name), 'rb').read()
        sets, off = [], 0
        try:
            while True:
                ds, nxt = read_dataset(b, off)
                sets.append(ds)
                if not nxt: break
                off += nxt
            out[name] = dict(datasets=sets)
        except Exception as ex:  # noqa: BLE001 - the reason is the expectation
            out[name] = dict(error=str(ex), datasets=sets)
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, '..', 'Stroma.Cytometry.Tests', 'Data', 'fcs-corpus-expectations.json')
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'w') as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
    print('wrote', os.path.normpath(target), len(out), 'files')

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '../shared/corpus/fcs')
