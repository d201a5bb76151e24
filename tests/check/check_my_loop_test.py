#!/usr/bin/env python3
"""The checker end to end: examples/check_my_loop.py (the book's loop in NumPy) against an exported run.

    python3 tests/check/check_my_loop_test.py path/to/linreg

* the correct loop's record (CSV, JSON, and in float32) is accepted: exit 0, "matches";
* the loop with each bug planted is refused with exit 1; the report names that bug as the best match
  (all its steps matched), and its first differing step is the one where the bug's own exported run
  (linreg --bug NAME --export-run) first leaves the reference, found here independently;
* 25 malformed records (and a bad run file) each get exit 2 and their one-line message naming the
  line and the field;
* the PyTorch variant, when torch is installed, is accepted too.
Needs NumPy (scripts/setup.sh installs python3-numpy); exits 1 on any failure.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, '..', '..', 'examples', 'check_my_loop.py')
BUGS = ['no_zero_grad', 'sum_loss', 'shape_broadcast', 'same_batch', 'ascent', 'short_batch_divisor',
        'double_mean', 'frozen_bias']
REL, ABS = 1e-5, 1e-6  # the checker's tolerance (cpp/check.hpp), for the independent first difference

failures = []


def expect(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def python_with_numpy():
    for py in [sys.executable, '/usr/bin/python3', shutil.which('python3')]:
        if py and subprocess.run([py, '-c', 'import numpy'], capture_output=True).returncode == 0:
            return py
    return None


def has_torch(py):
    return subprocess.run([py, '-c', 'import torch'], capture_output=True).returncode == 0


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def values(step):
    return [step['loss'], *step['w'], step['b']]


def first_difference(reference, other):
    """The first step where `other` (an exported run's steps) leaves `reference`, by the checker's rule."""
    for k, (a, b) in enumerate(zip(reference, other)):
        for x, y in zip(values(a), values(b)):
            if x is None or y is None or abs(y - x) > ABS + REL * abs(x):
                return k + 1
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    linreg = sys.argv[1]
    py = python_with_numpy()
    if py is None:
        print('FAIL NumPy is not installed for any python3 (apt-get install python3-numpy; scripts/setup.sh)')
        return 1
    tmp = tempfile.mkdtemp(prefix='linreg_check_')
    try:
        run_path = os.path.join(tmp, 'run.json')
        r = run([linreg, '--quiet', '--export-run', run_path])  # the book's run: 96 steps (3 epochs of 31 batches of 32 and one of 8)
        expect(r.returncode == 0, f'export the book run (exit {r.returncode})')
        with open(run_path, encoding='utf-8') as f:
            reference = json.load(f)['steps']

        def record(name, *flags):
            path = os.path.join(tmp, name)
            r = run([py, EXAMPLE, run_path, path, *flags])
            if r.returncode != 0:
                expect(False, f'{name}: the example failed: {r.stderr.strip()[-400:]}')
            return path

        def check(path, report=True):
            cmd = [linreg, '--check', path, '--against', run_path]
            rep = os.path.join(tmp, 'report.json')
            if os.path.exists(rep):
                os.remove(rep)
            if report:
                cmd += ['--report', rep]
            r = run(cmd)
            data = None
            if report and os.path.exists(rep):
                with open(rep, encoding='utf-8') as f:
                    data = json.load(f)
            return r, data

        # The correct loop, in three forms.
        for name, flags in [('correct.csv', []), ('correct.json', ['--json']), ('float32.csv', ['--float32'])]:
            r, rep = check(record(name, *flags))
            expect(r.returncode == 0 and r.stdout.startswith('matches: all 96 steps'),
                   f'{name}: exit {r.returncode}, {r.stdout.strip()[:120]!r}')
            expect(rep is not None and rep['matches'] and rep['first_difference'] is None and rep['best_bug'] is None,
                   f'{name}: the report says it matches')
        with open(os.path.join(tmp, 'float32.csv'), encoding='utf-8') as f:
            rows = [line.split(',') for line in f.read().splitlines()[2:]]
        worst = max(abs(float(v) - x) / (ABS + REL * abs(x))
                    for row, st in zip(rows, reference) for v, x in zip(row[1:], values(st)))
        print(f'     float32 loop: largest |record - reference| / tolerance = {worst:.3g}')
        if has_torch(py):
            for name, flags in [('torch.csv', ['--torch']), ('torch32.csv', ['--torch', '--float32'])]:
                r, _ = check(record(name, *flags))
                expect(r.returncode == 0 and r.stdout.startswith('matches'), f'{name} (PyTorch): exit {r.returncode}')
        else:
            print('     (torch is not installed: the PyTorch variant is not run)')

        # Each bug planted in the loop.
        for bug in BUGS:
            bug_run = os.path.join(tmp, f'{bug}.json')
            run([linreg, '--quiet', '--bug', bug, '--export-run', bug_run])
            with open(bug_run, encoding='utf-8') as f:
                expected_step = first_difference(reference, json.load(f)['steps'])
            r, rep = check(record(f'{bug}.csv', '--bug', bug))
            ok = (r.returncode == 1 and rep is not None and rep['best_bug'] is not None
                  and rep['best_bug']['name'] == bug and rep['best_bug']['score'] == 96
                  and rep['first_difference']['step'] == expected_step)
            got = (rep['best_bug'] or {}).get('name') if rep else None
            expect(ok, f'bug {bug}: exit {r.returncode}, best match {got}, first difference at step '
                       f'{rep and rep["first_difference"] and rep["first_difference"]["step"]} (expected {expected_step})')
            expect(f'best match: {bug} (' in r.stdout, f'bug {bug}: the verdict names it')

        # Malformed records: exit 2 and their message.
        with open(os.path.join(tmp, 'correct.csv'), encoding='utf-8') as f:
            good = f.read().splitlines()  # line 1: "# run: ...", line 2: the header, line k + 2: step k
        with open(os.path.join(tmp, 'correct.json'), encoding='utf-8') as f:
            good_json = f.read()

        def text(lines):
            return '\n'.join(lines) + '\n'

        def replace(k, field, value):  # step k's field (0: step, 1: loss, 2..: w1.., last: b)
            lines = list(good)
            cells = lines[k + 1].split(',')
            cells[field] = value
            lines[k + 1] = ','.join(cells)
            return text(lines)

        swapped = list(good)
        swapped[6], swapped[7] = swapped[7], swapped[6]
        renumbered = [good[0], good[1]] + [str(k) + line[line.index(','):] for k, line in enumerate(good[2:])]
        json_step = json.loads(good_json)
        json_step['steps'][3]['w'] = [1.0]
        json_extra = json.loads(good_json)
        json_extra['steps'][0]['lr'] = 0.03
        malformed = [
            ('empty', '', 'the record is empty'),
            ('binary', '\x00\x01\x02PK', 'line 1, column 1: byte 0x00 is not text'),
            ('huge', 'step,loss,w1,w2,b\n' + '1,1,1,1,1\n' * 7_000_000, 'a record may have at most 67108864 bytes'),
            ('no header', text([good[0]] + good[2:]), 'line 2: the header is missing'),
            ('wrong column', text([good[0], 'step,loss,weight,w2,b'] + good[2:]),
             "line 2, column 3: expected 'w1', got 'weight'"),
            ('wrong d', text([good[0], 'step,loss,w1,b'] + [','.join(l.split(',')[:3] + l.split(',')[4:]) for l in good[2:]]),
             'line 2: the header has 1 weight (w1..w1), the run has d = 2'),
            ('extra column', text([good[0], good[1] + ',lr'] + [l + ',0.03' for l in good[2:]]),
             "line 2, column 6: an extra column 'lr' after b"),
            ('extra field', text(good[:6] + [good[6] + ',0'] + good[7:]), 'line 7: 6 fields, the header has 5'),
            ('cut line', text(good[:-1] + [good[-1][:good[-1].index(',', good[-1].index(',') + 1)]]),
             'line 98: 2 fields, the header has 5 (step,loss,w1,w2,b); is the line cut short?'),
            ('truncated', text(good[:-10]), 'line 88: the record stops at step 86, the run has 96 steps'),
            ('reordered', text(swapped), "line 7, field 'step': step 6 after step 4"),
            ('duplicate', text(good[:7] + [good[6]] + good[7:]), "line 8, field 'step': step 5 after step 5"),
            ('from 0', text(renumbered), "line 3, field 'step': the first step must be 1, got 0"),
            ('step 2.5', replace(2, 0, '2.5'), "line 4, field 'step': '2.5' is not a step number"),
            ('NaN', replace(5, 3, 'nan'), "line 7, field 'w2': nan is not a finite number"),
            ('inf', replace(9, 1, 'inf'), "line 11, field 'loss': inf is not a finite number"),
            ('not a number', replace(3, 4, 'abc'), "line 5, field 'b': 'abc' is not a number"),
            ('empty field', replace(4, 2, ''), "line 6, field 'w1': empty; expected a number"),
            ('blank line', text(good[:10] + [''] + good[10:]), 'line 11: an empty line inside the record'),
            ('another seed', text(['# run: {"seed": 7, "batch_size": 32}'] + good[1:]),
             "line 1, field 'run.seed': the record is of seed 7, the run of 0 (a record of another run?)"),
            ('too many steps', text(good + ['97' + good[-1][good[-1].index(','):]]),
             "line 99, field 'step': step 97 is beyond the run's 96 steps"),
            ('header only', text(good[:2]), 'the record has no steps, only the header step,loss,w1,w2,b'),
            ('JSON syntax', good_json[:200], 'the record is not valid JSON'),
            ('JSON wrong d', json.dumps(json_step, indent=None).replace('}, {', '},\n {'),
             "line 4 (steps[3]), field 'w': 1 number, the run has d = 2"),
            ('JSON extra field', json.dumps(json_extra), "line 1 (steps[0]), field 'lr': an extra field"),
        ]
        for name, content, message in malformed:
            path = os.path.join(tmp, 'bad.rec')
            with open(path, 'w', encoding='utf-8', newline='') as f:
                f.write(content)
            r, rep = check(path)
            ok = (r.returncode == 2 and r.stdout == '' and r.stderr.startswith(f'linreg: {path}: ')
                  and message in r.stderr and r.stderr.count('\n') == 1 and rep is None)
            expect(ok, f'malformed record ({name}): exit {r.returncode}: {r.stderr.strip()[:160]}')
        bad_run = os.path.join(tmp, 'bad-run.json')
        with open(bad_run, 'w', encoding='utf-8') as f:
            f.write('{"format": "d2l-linreg-run", "version": 1, "steps": []')
        r = run([linreg, '--check', os.path.join(tmp, 'correct.csv'), '--against', bad_run])
        expect(r.returncode == 2 and f'linreg: {bad_run}: the run is not valid JSON' in r.stderr,
               f'a bad run file: exit {r.returncode}: {r.stderr.strip()[:160]}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(('FAILED: ' + str(len(failures)) + ' checks') if failures else 'passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
