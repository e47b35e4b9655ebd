#!/usr/bin/env python3
"""PyTorch float32 reference fixtures for Descent's float32 tests (dev.descent.differential.PyTorchFloat32Test).

The main suite (pytorch_reference.py) computes in float64; Float32DifferentialTest runs it in float32
against those float64 values. This script adds what only torch's own float32 arithmetic can say:
every input is a float32 tensor, torch computes in float32 (its CPU sum accumulates as it does, its
matmul in float32), and the fixture holds torch's float32 results, written as the exact decimal of
each float32 value. The cases are the operations a float32 training run spends its time in, and
short training runs of a small MLP with SGD (momentum) and Adam, step by step. The ops include
conv2d and the pooling ops, for which torch's float32 CPU convolution has kernels of its own.

Regenerate from the repository root with torch 2.x, for instance in a virtual environment:

    python3 -m venv venv && venv/bin/pip install torch numpy
    venv/bin/python core/src/test/python/pytorch_float32_reference.py

It writes core/src/test/resources/differential/float32.json (`--out DIR` writes elsewhere).
"""
import argparse
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "differential"))
F32 = torch.float32


def num(v):
    """A float32 value as the shortest decimal that reads back as it (a JSON number)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    for digits in range(1, 10):
        text = "%.*g" % (digits, v)
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == v:
            return Raw(text)
    raise AssertionError(v)


class Raw(float):
    """A float printed as the given text."""

    def __new__(cls, text):
        obj = super().__new__(cls, float(text))
        obj.text = text
        return obj

    def __repr__(self):
        return self.text


def enc(t):
    t = torch.as_tensor(t).detach()
    assert t.dtype == F32 or t.dtype == torch.long, t.dtype
    return {"shape": list(t.shape), "data": [num(v) for v in t.reshape(-1).tolist()]}


def gen(seed):
    return torch.Generator().manual_seed(seed)


def uniform(g, shape, lo, hi):
    return (torch.rand(shape, generator=g, dtype=F32) * (hi - lo) + lo).to(F32)


# Each op: (name, torch function of the inputs, input makers). Descent's side is in PyTorchFloat32Test.
def op_cases():
    R = lambda *s: (lambda g: uniform(g, s, -2, 2))
    P = lambda *s: (lambda g: uniform(g, s, 0.5, 2))
    W = lambda *s: (lambda g: uniform(g, s, -0.2, 0.2))
    return [
        ("neg", lambda x: -x, [R(64)]),
        ("exp", torch.exp, [R(64)]),
        ("log", torch.log, [P(64)]),
        ("log1p", torch.log1p, [P(64)]),
        ("sqrt", torch.sqrt, [P(64)]),
        ("sin", torch.sin, [R(64)]),
        ("cos", torch.cos, [R(64)]),
        ("tanh", torch.tanh, [R(64)]),
        ("sigmoid", torch.sigmoid, [R(64)]),
        ("relu", torch.relu, [R(64)]),
        ("pow", lambda x: x.pow(3.0), [R(64)]),
        ("add", torch.add, [R(8, 16), R(16)]),
        ("sub", torch.sub, [R(8, 16), R(8, 1)]),
        ("mul", torch.mul, [R(8, 16), R(16)]),
        ("div", torch.div, [R(8, 16), P(8, 1)]),
        ("maximum", torch.maximum, [R(8, 16), R(8, 16)]),
        ("sum", torch.sum, [lambda g: uniform(g, (8192,), 0, 1)]),
        ("sum.dim", lambda x: x.sum(1), [R(8, 300)]),
        ("mean", torch.mean, [R(8, 300)]),
        ("max.dim", lambda x: x.amax(0), [R(32, 50)]),
        ("softmax", lambda x: torch.softmax(x, -1), [R(16, 10)]),
        ("logSoftmax", lambda x: torch.log_softmax(x, -1), [R(16, 10)]),
        ("logSumExp", lambda x: torch.logsumexp(x, -1), [R(16, 10)]),
        ("matmul", torch.matmul, [R(24, 64), R(64, 16)]),
        ("matmul.large", torch.matmul, [R(16, 256), W(256, 32)]),
        ("linear", F.linear, [R(16, 32), W(24, 32), W(24)]),
        ("mse", F.mse_loss, [R(16, 4), R(16, 4)]),
        ("crossEntropy", lambda x, y: F.cross_entropy(x, y),
         [R(64, 10), lambda g: torch.randint(0, 10, (64,), generator=g)]),
        # new cases go at the end: each case's generator is seeded by its position
        ("conv2d", lambda x, w, b: F.conv2d(x, w, b, padding=1), [R(4, 3, 10, 10), W(8, 3, 3, 3), W(8)]),
        ("conv2d.options", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=2, dilation=2, groups=2),
         [R(4, 4, 11, 11), W(6, 2, 3, 3), W(6)]),
        ("maxPool2d", lambda x: F.max_pool2d(x, 3, 2, 1), [R(4, 4, 9, 9)]),
        ("avgPool2d", lambda x: F.avg_pool2d(x, 2), [R(4, 4, 8, 8)]),
        ("adaptiveAvgPool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 2)), [R(4, 4, 7, 5)]),
    ]


def ops():
    cases = []
    for i, (name, fn, makers) in enumerate(op_cases()):
        g = gen(1000 + i)
        inputs = [m(g) for m in makers]
        leaves = [x.clone().requires_grad_(x.dtype == F32) for x in inputs]
        out = fn(*leaves)
        assert out.dtype == F32, name
        u = uniform(g, out.shape, -1, 1)
        out.backward(u)
        cases.append({
            "name": name,
            "inputs": [enc(x) for x in inputs],
            "upstream": enc(u),
            "expect": {"output": enc(out), "grads": [enc(x.grad) if x.requires_grad else None for x in leaves]},
        })
    return cases


def training(optimizer, steps=30):
    """A 20-32-32-5 MLP (ReLU) on 64 samples, cross-entropy, full batch, in float32."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 5)).to(F32)
    g = gen(7)
    x = torch.randn(64, 20, generator=g, dtype=F32)
    y = torch.randint(0, 5, (64,), generator=g)
    start = {k: enc(v) for k, v in model.state_dict().items()}
    if optimizer["type"] == "Sgd":
        opt = torch.optim.SGD(model.parameters(), lr=optimizer["lr"], momentum=optimizer["momentum"])
    else:
        opt = torch.optim.Adam(model.parameters(), lr=optimizer["lr"])
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        assert loss.dtype == F32
        loss.backward()
        opt.step()
        losses.append(num(loss.item()))
    return {
        "name": optimizer["type"] + " on a 20-32-32-5 MLP, " + str(steps) + " steps",
        "optimizer": optimizer,
        "x": enc(x), "y": enc(y), "start": start, "losses": losses,
        "final": {k: enc(v) for k, v in model.state_dict().items()},
    }


def main():
    if int(torch.__version__.split(".")[0]) < 2:
        sys.exit(f"torch {torch.__version__} is too old: use torch 2.x (see the docstring)")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT, help="directory for the fixture (default: %(default)s)")
    out = parser.parse_args().out
    torch.set_num_threads(1)
    doc = {
        "torchVersion": torch.__version__,
        "python": sys.version.split()[0],
        "generator": "core/src/test/python/pytorch_float32_reference.py",
        "dtype": "float32",
        "ops": ops(),
        "training": [training({"type": "Sgd", "lr": 0.1, "momentum": 0.9}),
                     training({"type": "Adam", "lr": 0.01})],
    }
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "float32.json")
    with open(path, "w") as f:
        f.write(json.dumps(doc, separators=(",", ":"), allow_nan=False))
    print(f"{path}: {len(doc['ops'])} ops, {len(doc['training'])} training runs, torch {torch.__version__}")


if __name__ == "__main__":
    main()
