#!/usr/bin/env python3
"""Prints a BenchmarkDotNet CSV report as mean times and ratios to its baseline row.

Usage: bdn_report.py REPORT.csv BASELINE_METHOD BASELINE_LABEL
"""
import csv
import sys

def ms(s):
    v, unit = s.replace(',', '').split()
    return float(v) * {'ns': 1e-6, 'us': 1e-3, 'μs': 1e-3, 'ms': 1, 's': 1000}[unit]

rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    # BenchmarkDotNet quotes descriptions with spaces or commas: 'read 1,536 records'.
    r['Method'] = r['Method'].strip("'")
base = ms(next(r for r in rows if r['Method'] == sys.argv[2])['Mean'])
for r in rows:
    print(f"  {r['Method']:<28} {ms(r['Mean']):8.1f} ms   ratio to {sys.argv[3]} {ms(r['Mean'])/base:5.2f}   allocated {r.get('Allocated','?')}")
