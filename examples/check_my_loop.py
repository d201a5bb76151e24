#!/usr/bin/env python3
"""The book's training loop (Dive into Deep Learning, 3.4) on an exported run, recording every step
for the checker.

    build/linreg --export-run run.json                 # the data, initial parameters, minibatch order
    python3 examples/check_my_loop.py run.json record.csv
    build/linreg --check record.csv --against run.json # 0: matches, 1: differs (names the bug), 2: bad file

The loop reads the exported training data (data.X_train, data.y_train), starts from
initial_params, and at step k trains on the rows steps[k-1].indices with config.lr: the same
minibatches as the tool's run, so every step can be compared. Options:

    --bug NAME   plant a classic mistake (the names of `linreg --bug list`; docs/bugs.md)
    --torch      the book's PyTorch code with autograd (needs torch; NumPy otherwise)
    --float32    compute in float32, as PyTorch does by default (the checker's tolerance allows it)
    --json       write the record as JSON instead of CSV

To check your own loop, copy StepRecorder into it and call record() after each update.
Needs NumPy (Debian: apt-get install python3-numpy).
"""

import argparse
import json
import sys

import numpy as np


class StepRecorder:
    """Writes a record for `linreg --check`: one line per step, `step,loss,w1,...,wd,b`.

        rec = StepRecorder('record.csv', d=2, run={'seed': 0})  # run: optional, the run's config keys
        for ...:                                                # your training loop
            ...                                                 # forward, loss, backward, update
            rec.record(loss, w, b)                              # the loss you called backward() on,
        rec.close()                                             # and w, b after the update

    loss, w and b may be Python floats, NumPy arrays or PyTorch tensors (of any shape).
    """

    def __init__(self, path, d, run=None, as_json=False):
        self.file = open(path, 'w', encoding='utf-8')
        self.d, self.as_json, self.step = d, as_json, 0
        if as_json:
            self.file.write('{"format": "d2l-linreg-record", "version": 1,')
            if run:
                self.file.write(' "run": ' + json.dumps(run) + ',')
            self.file.write('\n "steps": [\n')
        else:
            if run:
                self.file.write('# run: ' + json.dumps(run) + '\n')
            self.file.write(','.join(['step', 'loss'] + [f'w{j + 1}' for j in range(d)] + ['b']) + '\n')

    @staticmethod
    def _floats(x):
        if hasattr(x, 'detach'):  # a PyTorch tensor
            x = x.detach().cpu().numpy()
        return [float(v) for v in np.asarray(x, dtype=np.float64).ravel()]

    def record(self, loss, w, b):
        self.step += 1
        loss, w, b = self._floats(loss)[0], self._floats(w), self._floats(b)[0]
        if len(w) != self.d:
            raise ValueError(f'w has {len(w)} entries, the record {self.d}')
        if self.as_json:
            row = {'step': self.step, 'loss': loss, 'w': w, 'b': b}
            self.file.write((',\n' if self.step > 1 else '') + '  ' + json.dumps(row))
        else:  # repr(): the shortest text that reads back to the same double
            self.file.write(','.join([str(self.step)] + [repr(v) for v in [loss, *w, b]]) + '\n')

    def close(self):
        if self.as_json:
            self.file.write('\n ]}\n')
        self.file.close()


BUGS = ['none', 'no_zero_grad', 'sum_loss', 'shape_broadcast', 'same_batch', 'ascent', 'short_batch_divisor',
        'double_mean', 'frozen_bias']


def clip_gradients(grads, clip_val):
    """The book's clip_gradients: scale to a global L2 norm of at most clip_val (in place)."""
    norm = float(np.sqrt(sum(float((g * g).sum()) for g in grads)))
    if clip_val > 0 and norm > clip_val:
        for g in grads:
            g *= clip_val / norm


def train_numpy(run, bug, dtype, rec):
    """The book's loop in NumPy, with the backward pass written out (what autograd computes)."""
    cfg = run['config']
    X = np.array(run['data']['X_train'], dtype=dtype)
    y = np.array(run['data']['y_train'], dtype=dtype).reshape(-1, 1)  # (n, 1), as the book's data module
    w = np.array(run['initial_params']['w'], dtype=dtype).reshape(-1, 1)
    b = np.zeros(1, dtype=dtype)
    lr, batch_size = dtype(cfg['lr']), cfg['batch_size']
    w_grad, b_grad = np.zeros_like(w), np.zeros_like(b)  # .grad
    first = run['steps'][0]['indices']
    for st in run['steps']:
        idx = first if bug == 'same_batch' else st['indices']  # BUG same_batch: next(iter(loader)) once
        X_b, y_b = X[idx], y[idx]
        if bug == 'shape_broadcast':
            y_b = y_b.reshape(-1)  # BUG: y of shape (B,) against y_hat of shape (B, 1)
        y_hat = X_b @ w + b                        # forward
        diff = y_hat - y_b                         # (B, 1), or (B, B) when broadcast
        l = diff ** 2 / 2
        if bug == 'sum_loss':
            loss, dl = l.sum(), diff               # BUG: l.sum() instead of the mean
        elif bug == 'short_batch_divisor':
            loss, dl = l.sum() / dtype(batch_size), diff / dtype(batch_size)  # BUG: / batch_size, not len
        else:
            loss, dl = l.mean(), diff / dtype(diff.size)  # the book's reduce_mean
        # backward: d loss / d y_hat, summed over the axes y_hat was broadcast along
        dy_hat = dl.reshape(len(idx), -1).sum(axis=1, keepdims=True)
        g_w, g_b = X_b.T @ dy_hat, dy_hat.sum(axis=0)
        if bug == 'no_zero_grad':                  # BUG: no zero_grad(): backward adds into .grad
            w_grad, b_grad = w_grad + g_w, b_grad + g_b
        else:
            w_grad, b_grad = g_w, g_b
        if cfg['gradient_clip_val'] > 0:
            clip_gradients([w_grad, b_grad], cfg['gradient_clip_val'])
        if bug == 'ascent':                        # BUG: param += lr * grad
            w, b = w + lr * w_grad, b + lr * b_grad
        elif bug == 'double_mean':                 # BUG: the first edition's sgd on a mean loss
            w, b = w - lr * w_grad / dtype(batch_size), b - lr * b_grad / dtype(batch_size)
        elif bug == 'frozen_bias':                 # BUG: SGD([self.w], lr): b is not updated
            w = w - lr * w_grad
        else:                                      # the book's SGD.step
            w, b = w - lr * w_grad, b - lr * b_grad
        rec.record(loss, w, b)


def train_torch(run, bug, dtype, rec):
    """The book's PyTorch code: autograd, the SGD class's step and zero_grad."""
    import torch
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    cfg = run['config']
    X = torch.tensor(run['data']['X_train'], dtype=tdtype)
    y = torch.tensor(run['data']['y_train'], dtype=tdtype).reshape(-1, 1)
    w = torch.tensor(run['initial_params']['w'], dtype=tdtype).reshape(-1, 1).requires_grad_(True)
    b = torch.zeros(1, dtype=tdtype, requires_grad=True)
    params = [w] if bug == 'frozen_bias' else [w, b]  # BUG frozen_bias: SGD([self.w], lr)
    lr, batch_size = cfg['lr'], cfg['batch_size']
    first = run['steps'][0]['indices']
    for st in run['steps']:
        idx = torch.tensor(first if bug == 'same_batch' else st['indices'])
        X_b, y_b = X[idx], y[idx]
        if bug == 'shape_broadcast':
            y_b = y_b.reshape(-1)
        y_hat = X_b @ w + b
        l = (y_hat - y_b) ** 2 / 2
        loss = l.sum() if bug == 'sum_loss' else l.sum() / batch_size if bug == 'short_batch_divisor' else l.mean()
        if bug != 'no_zero_grad':  # self.optim.zero_grad()
            for p in (w, b):
                if p.grad is not None:
                    p.grad.zero_()
        loss.backward()
        with torch.no_grad():
            if cfg['gradient_clip_val'] > 0:
                grads = [p.grad for p in (w, b)]
                norm = torch.sqrt(sum(torch.sum(g ** 2) for g in grads))
                if norm > cfg['gradient_clip_val']:
                    for g in grads:
                        g[:] *= cfg['gradient_clip_val'] / norm
            for p in params:
                if bug == 'ascent':
                    p += lr * p.grad
                elif bug == 'double_mean':
                    p -= lr * p.grad / batch_size
                else:
                    p -= lr * p.grad
        rec.record(loss, w, b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('run', help='an exported run (linreg --export-run run.json)')
    parser.add_argument('record', help='the record to write (CSV, or JSON with --json)')
    parser.add_argument('--bug', choices=BUGS, default='none', help='plant a classic mistake')
    parser.add_argument('--torch', action='store_true', help="the book's PyTorch code (needs torch)")
    parser.add_argument('--float32', action='store_true', help='compute in float32')
    parser.add_argument('--json', action='store_true', help='write the JSON record')
    args = parser.parse_args()
    with open(args.run, encoding='utf-8') as f:
        run = json.load(f)
    cfg = run['config']
    d = len(run['initial_params']['w'])
    header = {'seed': cfg['seed'], 'num_train': cfg['num_train'], 'batch_size': cfg['batch_size'], 'lr': cfg['lr'],
              'd': d}
    rec = StepRecorder(args.record, d, run=header, as_json=args.json)
    dtype = np.float32 if args.float32 else np.float64
    try:
        (train_torch if args.torch else train_numpy)(run, args.bug, dtype, rec)
    finally:
        rec.close()
    print(f'{args.record}: {rec.step} steps recorded' + (f' with the bug {args.bug}' if args.bug != 'none' else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main())
