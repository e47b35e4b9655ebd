#!/usr/bin/env python3
"""PyTorch reference fixtures for Descent's differential test suite (dev.descent.differential).

Every case is computed with torch in float64 and written together with its inputs, so the Java side
needs neither Python nor a random generator: `mvn verify` reads only the JSON files under
core/src/test/resources/differential/.

Regenerate from the repository root with torch 2.x (the torch version is recorded in every fixture
file; `--out DIR` writes elsewhere, to compare torch versions; `--only FILE...` writes only the named
files, such as convolution.json, leaving the others as they are), for instance in a virtual environment:

    python3 -m venv venv && venv/bin/pip install torch numpy
    venv/bin/python core/src/test/python/pytorch_reference.py

The files: ops.json, losses.json, layers.json, optimizers.json, schedules.json, and convolution.json
(conv2d, max/avg/adaptive pooling and the convolutional layers: Conv2d, the pools, BatchNorm2d,
Dropout2d, Unflatten, a small CNN).

The committed fixtures were generated with torch 2.13.0+cpu (Python 3.11). Debian's python3-torch
1.13 cannot regenerate them: its backward of var/std over one element fails with "VarBackward0
returned an invalid gradient"; otherwise its numbers agree with 2.13 within the tolerance, except
the gradient of var over a 0-d tensor (n - 1 = 0: 1.13 gives ±inf, 2.13 NaN).

A case names a Descent operation by a key ("logSumExp.dim", "crossEntropy.options", "BatchNorm1d",
"Adam", ...). The table OPS below says what that key means in torch; DescentCalls.java says what it
means in Descent. Where Descent's semantics differ from torch's by design the key maps to the
matching torch function (Tensor.max is torch.amax, Tensor.transpose() is x.mT, indexSelect is
x[index] with Python's negative indices, slice is Python slicing) and the comment says so.

For each accepted case the fixture holds:
  output                     the forward value
  gradUpstream               grads after out.backward(u) with a seeded upstream gradient u
  grad                       grads after backward() of a scalar (out itself if 0-d, else out.sum())
  gradAccumulated            grads after out.backward(u) on top of the previous pass: their sum
  second.grad                d/dx of sum_i <dL/dx_i, v_i> with L = sum(out * u), built with
                             torch.autograd.grad(create_graph=True)
When torch raises, the case holds the refusal instead and Descent must throw an
IllegalArgumentException or IllegalStateException whose message names the op.

Where torch itself is off, the case has a "torchDeviation" field with the reason and torch's own
numbers, and "expect" holds the mathematically right values (softplus above its threshold 20).
"""
import gzip
import json
import math
import os
import random
import sys
import warnings
import zlib

import numpy
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "differential"))
TOLERANCE = {"rtol": 1e-9, "atol": 1e-12}
GZIP_ABOVE = 2_000_000


# ---------------------------------------------------------------- encoding

def num(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def enc(t):
    if t is None:
        return None
    t = torch.as_tensor(t).detach()
    if t.dtype != torch.float64:
        t = t.double()
    return {"shape": list(t.shape), "data": [num(v) for v in t.reshape(-1).tolist()]}


def dec(d):
    vals = [float(v) if not isinstance(v, str) else float(v.replace("Infinity", "inf")) for v in d["data"]]
    return torch.tensor(vals, dtype=torch.float64).reshape(d["shape"])


# ---------------------------------------------------------------- seeded inputs

class Rng:
    """Values rounded to 3 decimals so the fixtures stay readable; seeded by the case name."""

    def __init__(self, name):
        self.r = random.Random(zlib.crc32(name.encode()))

    def uniform(self, shape, lo, hi):
        n = math.prod(shape)
        return torch.tensor([round(self.r.uniform(lo, hi), 3) for _ in range(n)]).reshape(shape)


def R(*shape, lo=-2.0, hi=2.0):
    return lambda rng: rng.uniform(shape, lo, hi)


def P(*shape, lo=0.5, hi=2.0):
    return lambda rng: rng.uniform(shape, lo, hi)


def t(v):
    return torch.tensor(v, dtype=torch.float64)


class In:
    """An input: a value (or a function of the case's Rng) and whether it requires grad."""

    def __init__(self, value, grad=True):
        self.value = value
        self.grad = grad

    def resolve(self, rng):
        v = self.value(rng) if callable(self.value) else self.value
        return (v if isinstance(v, torch.Tensor) else t(v)).detach().clone()


def const(value):
    return In(value, grad=False)


def as_in(x):
    return x if isinstance(x, In) else In(x)


# ---------------------------------------------------------------- what each op key means in torch

def amax_all(x):
    return torch.amax(x, dim=tuple(range(x.dim())))


def amin_all(x):
    return torch.amin(x, dim=tuple(range(x.dim())))


def descent_transpose(x):
    # By design Tensor.transpose() swaps the last two dimensions (x.mT) and returns vectors unchanged.
    return x.mT if x.dim() >= 2 else x


def index_select_python(x, a):
    # By design indexSelect is x[index] along dim, with Python's negative indices (torch.index_select has none).
    d = a["dim"]
    x.size(d)  # torch's own range check of the dimension
    idx = torch.tensor(a["index"], dtype=torch.long)
    return x.movedim(d, 0)[idx].movedim(0, d)


def class_target(target, logits_shape):
    """Class indices are stored as doubles; torch wants int64 (a non-integer is passed on to be refused)."""
    if list(target.shape) == list(logits_shape):
        return target
    if torch.all(target == torch.round(target)):
        return target.long()
    return target


def reduction(a):
    return a.get("reduction", "MEAN").lower()


def ce_options(x, a, nll=False):
    w = dec(a["weight"]) if a.get("weight") is not None else None
    target = class_target(x[1], x[0].shape)
    if nll:
        return F.nll_loss(x[0], target, weight=w, ignore_index=a["ignoreIndex"], reduction=reduction(a))
    return F.cross_entropy(x[0], target, weight=w, ignore_index=a["ignoreIndex"],
                           label_smoothing=a["labelSmoothing"], reduction=reduction(a))


def backward_then(y_fn, *calls):
    def run(x, a):
        y = y_fn(x)
        for c in calls:
            c(y, x)
        return x[0].grad.clone()
    return run


def in_place(fn):
    def run(x, a):
        fn(x, a)
        return x[0]
    return run


def backward_after_in_place(x, a):
    y = (x[0] * x[1]).sum()
    with torch.no_grad():
        x[1].add_(1.0)
    y.backward()
    return x[0].grad.clone()


def requires_grad_non_leaf(x, a):
    y = x[0] * 2.0
    y.requires_grad_(False)
    return y


OPS = {
    # elementwise
    "add": lambda x, a: x[0] + x[1],
    "add.scalar": lambda x, a: x[0] + a["value"],
    "sub": lambda x, a: x[0] - x[1],
    "sub.scalar": lambda x, a: x[0] - a["value"],
    "mul": lambda x, a: x[0] * x[1],
    "mul.scalar": lambda x, a: x[0] * a["value"],
    "div": lambda x, a: x[0] / x[1],
    "div.scalar": lambda x, a: x[0] / a["value"],
    "neg": lambda x, a: -x[0],
    "pow.scalar": lambda x, a: torch.pow(x[0], a["exponent"]),
    "pow": lambda x, a: torch.pow(x[0], x[1]),
    "square": lambda x, a: torch.square(x[0]),
    "exp": lambda x, a: torch.exp(x[0]),
    "log": lambda x, a: torch.log(x[0]),
    "log1p": lambda x, a: torch.log1p(x[0]),
    "softplus": lambda x, a: F.softplus(x[0]),
    "sqrt": lambda x, a: torch.sqrt(x[0]),
    "abs": lambda x, a: torch.abs(x[0]),
    "sin": lambda x, a: torch.sin(x[0]),
    "cos": lambda x, a: torch.cos(x[0]),
    "tan": lambda x, a: torch.tan(x[0]),
    "tanh": lambda x, a: torch.tanh(x[0]),
    "sigmoid": lambda x, a: torch.sigmoid(x[0]),
    "relu": lambda x, a: torch.relu(x[0]),
    "leakyRelu": lambda x, a: F.leaky_relu(x[0], a["slope"]),
    "clamp": lambda x, a: torch.clamp(x[0], a["min"], a["max"]),
    "maximum": lambda x, a: torch.maximum(x[0], x[1]),
    "maximum.self": lambda x, a: torch.maximum(x[0], x[0]),
    "minimum.self": lambda x, a: torch.minimum(x[0], x[0]),
    "mul.self": lambda x, a: x[0] * x[0],
    "minimum": lambda x, a: torch.minimum(x[0], x[1]),
    "where": lambda x, a: torch.where(x[0] != 0, x[1], x[2]),
    "gt": lambda x, a: x[0] > x[1], "gt.scalar": lambda x, a: x[0] > a["value"],
    "lt": lambda x, a: x[0] < x[1], "lt.scalar": lambda x, a: x[0] < a["value"],
    "ge": lambda x, a: x[0] >= x[1], "ge.scalar": lambda x, a: x[0] >= a["value"],
    "le": lambda x, a: x[0] <= x[1], "le.scalar": lambda x, a: x[0] <= a["value"],
    "eq": lambda x, a: x[0] == x[1], "eq.scalar": lambda x, a: x[0] == a["value"],
    "ne": lambda x, a: x[0] != x[1], "ne.scalar": lambda x, a: x[0] != a["value"],
    # reductions (Tensor.max/min are amax/amin by design: values only, gradient shared among ties)
    "sum.all": lambda x, a: torch.sum(x[0]),
    "sum.dim": lambda x, a: torch.sum(x[0], a["dim"]),
    "sum.dimKeep": lambda x, a: torch.sum(x[0], a["dim"], keepdim=a["keepDim"]),
    "sum.dims": lambda x, a: torch.sum(x[0], a["dims"], keepdim=a["keepDim"]),
    "mean.all": lambda x, a: torch.mean(x[0]),
    "mean.dim": lambda x, a: torch.mean(x[0], a["dim"]),
    "mean.dimKeep": lambda x, a: torch.mean(x[0], a["dim"], keepdim=a["keepDim"]),
    "mean.dims": lambda x, a: torch.mean(x[0], a["dims"], keepdim=a["keepDim"]),
    "max.all": lambda x, a: amax_all(x[0]),
    "max.dim": lambda x, a: torch.amax(x[0], a["dim"], keepdim=a["keepDim"]),
    "min.all": lambda x, a: amin_all(x[0]),
    "min.dim": lambda x, a: torch.amin(x[0], a["dim"], keepdim=a["keepDim"]),
    "var.all": lambda x, a: torch.var(x[0]),
    "var.dim": lambda x, a: torch.var(x[0], a["dim"], keepdim=a["keepDim"]),
    "std.all": lambda x, a: torch.std(x[0]),
    "std.dim": lambda x, a: torch.std(x[0], a["dim"], keepdim=a["keepDim"]),
    "argmax.all": lambda x, a: torch.argmax(x[0]),
    "argmax.dim": lambda x, a: torch.argmax(x[0], a["dim"], keepdim=a["keepDim"]),
    "logSumExp.dim": lambda x, a: torch.logsumexp(x[0], a["dim"], keepdim=a["keepDim"]),
    "softmax": lambda x, a: torch.softmax(x[0], a["dim"]),
    "logSoftmax": lambda x, a: torch.log_softmax(x[0], a["dim"]),
    # argmin, var/std with a correction, logsumexp over several dims, select
    "argmin.all": lambda x, a: torch.argmin(x[0]),
    "argmin.dim": lambda x, a: torch.argmin(x[0], a["dim"], keepdim=a["keepDim"]),
    "var.correction": lambda x, a: torch.var(x[0], a["dims"], correction=a["correction"], keepdim=a["keepDim"]),
    "std.correction": lambda x, a: torch.std(x[0], a["dims"], correction=a["correction"], keepdim=a["keepDim"]),
    "logSumExp.dims": lambda x, a: torch.logsumexp(x[0], a["dims"], keepdim=a["keepDim"]),
    "select": lambda x, a: torch.select(x[0], a["dim"], a["index"]),
    # shape and movement
    "reshape": lambda x, a: x[0].reshape(a["dims"]),
    "flatten": lambda x, a: torch.flatten(x[0]),
    "permute": lambda x, a: x[0].permute(a["dims"]),
    "transpose": lambda x, a: descent_transpose(x[0]),
    "transpose.dims": lambda x, a: x[0].transpose(a["dim0"], a["dim1"]),
    "expand": lambda x, a: x[0].expand(a["dims"]),
    "squeeze.all": lambda x, a: torch.squeeze(x[0]),
    "squeeze.dim": lambda x, a: torch.squeeze(x[0], a["dim"]),
    "unsqueeze": lambda x, a: torch.unsqueeze(x[0], a["dim"]),
    # By design slice is Python slicing x[start:end] along dim (empty or clamped out of range).
    "slice": lambda x, a: torch.ops.aten.slice.Tensor(x[0], a["dim"], a["start"], a["end"], 1),
    "indexSelect": lambda x, a: index_select_python(x[0], a),
    "gather": lambda x, a: torch.gather(x[0], a["dim"], x[1].long()),
    "cat": lambda x, a: torch.cat(x, a["dim"]),
    "stack": lambda x, a: torch.stack(x, a["dim"]),
    "matmul": lambda x, a: torch.matmul(x[0], x[1]),
    "linear": lambda x, a: F.linear(x[0], x[1], x[2] if len(x) > 2 else None),
    # creation
    "of.scalar": lambda x, a: t(a["value"]),
    "of.vector": lambda x, a: t(a["values"]),
    "wrap": lambda x, a: torch.from_numpy(numpy.array(a["values"], dtype=numpy.float64).reshape(a["shape"])),
    "of.rows": lambda x, a: t(a["rows"]),
    "of.blocks": lambda x, a: t(a["blocks"]),
    "of.shape": lambda x, a: t(a["values"]).reshape(a["shape"]),
    "zeros": lambda x, a: torch.zeros(a["shape"]),
    "ones": lambda x, a: torch.ones(a["shape"]),
    "full": lambda x, a: torch.full(a["shape"], a["value"]),
    "arange.end": lambda x, a: torch.arange(a["end"], dtype=torch.float64),
    "arange": lambda x, a: torch.arange(a["start"], a["end"], a["step"], dtype=torch.float64),
    "linspace": lambda x, a: torch.linspace(a["start"], a["end"], a["steps"]),
    "eye": lambda x, a: torch.eye(a["n"]),
    "zerosLike": lambda x, a: torch.zeros_like(x[0]),
    "onesLike": lambda x, a: torch.ones_like(x[0]),
    # values
    "item": lambda x, a: x[0].item(),
    # get, item and toArray return plain numbers in Descent: no gradient flows through them.
    "get": lambda x, a: x[0][tuple(a["index"])].detach(),
    "toArray": lambda x, a: x[0].detach().reshape(-1),
    "toArray2d": lambda x, a: x[0].detach().clone(),
    "allClose": lambda x, a: torch.allclose(x[0], x[1], rtol=a["rtol"], atol=a["atol"]),
    "allFinite": lambda x, a: torch.isfinite(x[0]).all(),
    "numel": lambda x, a: x[0].numel(),
    "dim": lambda x, a: x[0].dim(),
    "detach": lambda x, a: x[0].detach(),
    "clone": lambda x, a: x[0].clone(),
    # in place
    "addInPlace": in_place(lambda x, a: x[0].add_(x[1])),
    "addInPlace.alpha": in_place(lambda x, a: x[0].add_(x[1], alpha=a["alpha"])),
    "subInPlace": in_place(lambda x, a: x[0].sub_(x[1])),
    "mulInPlace": in_place(lambda x, a: x[0].mul_(x[1])),
    "mulInPlace.scalar": in_place(lambda x, a: x[0].mul_(a["value"])),
    "divInPlace": in_place(lambda x, a: x[0].div_(x[1])),
    "copyInPlace": in_place(lambda x, a: x[0].copy_(x[1])),
    "fillInPlace": in_place(lambda x, a: x[0].fill_(a["value"])),
    # autograd
    "backward.nonScalar": backward_then(lambda x: x[0] * 2.0, lambda y, x: y.backward()),
    "backward.gradientShape": backward_then(lambda x: x[0] * 2.0, lambda y, x: y.backward(torch.ones(2))),
    "backward.withoutGrad": backward_then(lambda x: (x[0] * 2.0).sum(), lambda y, x: y.backward()),
    "backward.twice": backward_then(lambda x: (x[0] * x[0]).sum(), lambda y, x: y.backward(),
                                    lambda y, x: y.backward()),
    "backward.retainGraph": backward_then(lambda x: (x[0] * x[0]).sum(), lambda y, x: y.backward(retain_graph=True),
                                          lambda y, x: y.backward()),
    "backward.afterInPlace": backward_after_in_place,
    "requiresGrad.nonLeaf": requires_grad_non_leaf,
    "Autograd.grad.nonScalar": lambda x, a: torch.autograd.grad(x[0] * 2.0, [x[0]])[0],
    "Autograd.grad.inputWithoutGrad": lambda x, a: torch.autograd.grad((x[0] * x[1]).sum(), [x[0], x[1]])[0],
    # By design Autograd.grad gives zeros for an input the output does not use (torch: allow_unused=True).
    "Autograd.grad.unused": lambda x, a: torch.stack(
        [g if g is not None else torch.zeros_like(v) for g, v in
         zip(torch.autograd.grad((x[0] * x[0]).sum(), [x[0], x[1]], allow_unused=True), [x[0], x[1]])]),
    # losses
    "mse": lambda x, a: F.mse_loss(x[0], x[1]),
    "mse.reduction": lambda x, a: F.mse_loss(x[0], x[1], reduction=reduction(a)),
    "l1": lambda x, a: F.l1_loss(x[0], x[1]),
    "l1.reduction": lambda x, a: F.l1_loss(x[0], x[1], reduction=reduction(a)),
    "huber": lambda x, a: F.huber_loss(x[0], x[1]),
    "huber.delta": lambda x, a: F.huber_loss(x[0], x[1], delta=a["delta"]),
    "huber.reduction": lambda x, a: F.huber_loss(x[0], x[1], delta=a["delta"], reduction=reduction(a)),
    "crossEntropy": lambda x, a: F.cross_entropy(x[0], class_target(x[1], x[0].shape)),
    "crossEntropy.smoothing": lambda x, a: F.cross_entropy(x[0], class_target(x[1], x[0].shape),
                                                          label_smoothing=a["labelSmoothing"]),
    "crossEntropy.reduction": lambda x, a: F.cross_entropy(x[0], class_target(x[1], x[0].shape),
                                                          label_smoothing=a["labelSmoothing"], reduction=reduction(a)),
    "nllLoss": lambda x, a: F.nll_loss(x[0], class_target(x[1], x[0].shape)),
    "nllLoss.reduction": lambda x, a: F.nll_loss(x[0], class_target(x[1], x[0].shape), reduction=reduction(a)),
    "binaryCrossEntropyWithLogits": lambda x, a: F.binary_cross_entropy_with_logits(x[0], x[1]),
    "binaryCrossEntropyWithLogits.reduction": lambda x, a: F.binary_cross_entropy_with_logits(
        x[0], x[1], reduction=reduction(a)),
    # losses with options
    "crossEntropy.options": lambda x, a: ce_options(x, a),
    "nllLoss.options": lambda x, a: ce_options(x, a, nll=True),
    "binaryCrossEntropy": lambda x, a: F.binary_cross_entropy(x[0], x[1]),
    "binaryCrossEntropy.reduction": lambda x, a: F.binary_cross_entropy(x[0], x[1], reduction=reduction(a)),
    "binaryCrossEntropyWithLogits.posWeight": lambda x, a: F.binary_cross_entropy_with_logits(
        x[0], x[1], pos_weight=dec(a["posWeight"]) if a.get("posWeight") is not None else None,
        reduction=reduction(a)),
    # convolution and pooling (stride, padding, dilation: one value for both directions or two; stride null
    # in pooling means the kernel size)
    "conv2d": lambda x, a: F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None),
    "conv2d.options": lambda x, a: F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, a["stride"], a["padding"],
                                            a["dilation"], a["groups"]),
    "maxPool2d": lambda x, a: F.max_pool2d(x[0], a["kernel"], a["stride"], a["padding"], a["dilation"]),
    "avgPool2d": lambda x, a: F.avg_pool2d(x[0], a["kernel"], a["stride"], a["padding"]),
    "adaptiveAvgPool2d": lambda x, a: F.adaptive_avg_pool2d(x[0], (a["outH"], a["outW"])),
}

# The word a refusal message must contain, when it is not the key's first segment.
MUST_NAME = {"Autograd.grad.nonScalar": "grad", "Autograd.grad.inputWithoutGrad": "grad",
             # Descent's pooling messages use torch's names
             "maxPool2d": "max_pool2d", "avgPool2d": "avg_pool2d", "adaptiveAvgPool2d": "adaptive_avg_pool2d"}


def must_name(key):
    return MUST_NAME.get(key, key.split(".")[0])


# ---------------------------------------------------------------- evaluation

def zeros_if_none(g, x):
    return torch.zeros_like(x) if g is None else g.detach().clone()


def grads_of(wrt):
    return [None if x is None else zeros_if_none(x.grad, x) for x in wrt]


def enc_all(ts):
    return [enc(g) for g in ts]


def differ(a, b):
    """True when a and b differ beyond the suite's tolerance (NaN equal to NaN)."""
    both_nan = torch.isnan(a) & torch.isnan(b)
    same = (a == b) | both_nan | ((a - b).abs() <= TOLERANCE["atol"] + TOLERANCE["rtol"] * b.abs())
    return not bool(same.all())


ALIASED_ACCUMULATION = (
    "torch's accumulated gradient is not the sum of the two passes: its AccumulateGrad keeps the first pass's"
    " gradients without copying them, and when those are views of one expanded tensor (here the backward of sum()"
    " unbound by stack/cat) the in-place += of the second pass adds every input's gradient into the same memory;"
    " expect holds the sum of torch's two separate passes")


def clear(wrt):
    for x in wrt:
        if x is not None:
            x.grad = None


def as_output(out):
    if not isinstance(out, torch.Tensor):
        out = t(float(out))
    if out.dtype != torch.float64:
        out = out.double()
    return out


def evaluate(build, rng, second=True):
    """build() -> (wrt, out, extra): wrt lists the leaves to differentiate by (None for constants)."""
    wrt, out, extra = build()
    out = as_output(out)
    expect = {"output": enc(out)}
    leaves = [x for x in wrt if x is not None]
    if not out.requires_grad or not leaves:
        expect["differentiable"] = False
        return expect, extra
    expect["differentiable"] = True
    u = rng.uniform(list(out.shape), -1.5, 1.5)
    expect["upstream"] = enc(u)
    clear(wrt)
    out.backward(u, retain_graph=True)
    g_up = grads_of(wrt)
    clear(wrt)
    scalar = out if out.dim() == 0 else out.sum()
    scalar.backward(retain_graph=True)
    g_scalar = [None if g is None else g.clone() for g in grads_of(wrt)]
    out.backward(u)
    g_acc = grads_of(wrt)
    expect["gradUpstream"] = enc_all(g_up)
    expect["grad"] = enc_all(g_scalar)
    expect["gradAccumulated"] = enc_all(g_acc)
    summed = [None if a is None else a + b for a, b in zip(g_scalar, g_up)]
    if any(a is not None and differ(a, b) for a, b in zip(g_acc, summed)):
        expect["gradAccumulated"] = enc_all(summed)
        expect["_deviation"] = {"why": ALIASED_ACCUMULATION, "torch": {"gradAccumulated": enc_all(g_acc)}}
    if second:
        wrt2, out2, _ = build()
        leaves2 = [x for x in wrt2 if x is not None]
        vs = [None if x is None else rng.uniform(list(x.shape), -1.5, 1.5) for x in wrt2]
        loss = (as_output(out2) * u).sum()
        gs = torch.autograd.grad(loss, leaves2, create_graph=True, allow_unused=True)
        s = None
        for g, v in zip(gs, [v for v in vs if v is not None]):
            if g is not None:
                term = (g * v).sum()
                s = term if s is None else s + term
        if s is not None and s.requires_grad:
            hs = torch.autograd.grad(s, leaves2, allow_unused=True)
        else:
            hs = [None] * len(leaves2)
        it = iter(hs)
        h = [None if x is None else enc(zeros_if_none(next(it), x)) for x in wrt2]
        expect["second"] = {"v": [enc(v) for v in vs], "grad": h}
    return expect, extra


def refusal_text(e):
    return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:300]


class Suite:
    def __init__(self, kind):
        self.kind = kind
        self.cases = []

    def add(self, case):
        assert all(c["name"] != case["name"] for c in self.cases), "duplicate case name " + case["name"]
        self.cases.append(case)
        return case


ALL_NAMES = set()


def finish(case, expect_fn, rng, refuse, second):
    name = case["name"]
    assert name not in ALL_NAMES, "duplicate case name " + name
    ALL_NAMES.add(name)
    try:
        expect, extra = expect_fn(rng, second)
    except (RuntimeError, IndexError, ValueError, TypeError) as e:
        if refuse is False:
            raise AssertionError(f"{name}: torch refused unexpectedly: {refusal_text(e)}") from e
        case["refusal"] = {"torch": refusal_text(e), "mustName": case.get("mustName") or must_name(case["op"])}
        case.pop("mustName", None)
        return case
    if refuse is True:
        raise AssertionError(f"{name}: torch accepted a case written as a refusal")
    case.pop("mustName", None)
    if "_deviation" in expect:
        case["torchDeviation"] = expect.pop("_deviation")
        print("torch deviation:", name, file=sys.stderr)
    case["expect"] = expect
    if extra:
        case["expect"].update(extra)
    return case


# ---------------------------------------------------------------- op and loss cases

OPS_SUITE = Suite("op")
LOSS_SUITE = Suite("loss")


def op_case(name, key, inputs=(), args=None, second=True, refuse=False, suite=None, **fields):
    assert key in OPS, key
    suite = suite or OPS_SUITE
    args = args or {}
    rng = Rng(name)
    ins = [as_in(i) for i in inputs]
    values = [i.resolve(rng) for i in ins]
    case = {"name": name, "op": key}
    if args:
        case["args"] = args
    case["inputs"] = [dict(enc(v), grad=i.grad) for v, i in zip(values, ins)]
    case.update(fields)

    def build():
        xs = [v.detach().clone().requires_grad_(i.grad) for v, i in zip(values, ins)]
        out = OPS[key](xs, args)
        return [x if i.grad else None for x, i in zip(xs, ins)], out, None

    return suite.add(finish(case, lambda r, s: evaluate(build, r, s), rng, refuse, second))


def loss_case(name, key, inputs=(), args=None, **kw):
    return op_case(name, key, inputs, args, suite=LOSS_SUITE, **kw)


def exact(why):
    """The forward value must be bitwise torch's (gradients keep the normal tolerance)."""
    return {"exactValue": why}


def unary_ops():
    special = {
        "neg": [R(3, 4), t(1.5), torch.zeros(0, 3)],
        "exp": [R(3, 4), t([-1000.0, -50.0, 0.0, 50.0, 700.0]), t(0.5)],
        "log": [P(3, 4), t([0.0, 1e-300, 1.0, 2.5]), t([-1.0, -0.0]), t(2.0)],
        "log1p": [R(3, 4, lo=-0.5, hi=2), t([-1.0, 0.0, 1e-20, 1e-10, -0.5]), t(0.25)],
        "softplus": [R(3, 4), t([-1000.0, -40.0, -20.0, 0.0, 1.0, 19.9, 1000.0]), t(-0.7)],
        "sqrt": [P(3, 4), t([0.0, 1e-300, 4.0]), t([-1.0]), t(2.25)],
        "abs": [R(3, 4), t([-2.0, -0.5, 0.0, 0.0, 1.5]), t(0.0)],
        "sin": [R(3, 4), t(0.0)],
        "cos": [R(3, 4), t(0.0)],
        "tan": [R(3, 4, lo=-1, hi=1), t(0.0)],
        "tanh": [R(3, 4), t([-1000.0, -20.0, 0.0, 20.0, 1000.0]), t(0.3)],
        "sigmoid": [R(3, 4), t([-1000.0, -40.0, 0.0, 40.0, 1000.0]), t(-0.3)],
        "relu": [R(3, 4), t([-2.0, -0.5, 0.0, 0.0, 1.5, 3.0]), t(0.0)],
        "square": [R(3, 4), t([0.0, -3.0, 1e200]), t(-1.5)],
    }
    for key, inputs in special.items():
        for i, x in enumerate(inputs):
            if i == 0:
                label = "random [3, 4]"
            elif isinstance(x, torch.Tensor) and x.dim() == 0:
                label = f"0-d {x.item():g}"
            elif isinstance(x, torch.Tensor) and x.numel() == 0:
                label = f"empty {list(x.shape)}"
            else:
                label = "at " + ", ".join(f"{v:g}" for v in x.tolist())
            op_case(f"{key} {label}", key, [x])
    for slope in (0.1, 0.2, 0.0, -0.5):
        op_case(f"leakyRelu({slope:g}) with zeros", "leakyRelu", [t([-2.0, -0.5, 0.0, 0.0, 1.5])], {"slope": slope})
    op_case("leakyRelu(0.01) random [3, 4]", "leakyRelu", [R(3, 4)], {"slope": 0.01})
    op_case("leakyRelu(0.01) 0-d", "leakyRelu", [t(-2.0)], {"slope": 0.01})


def softplus_deviation():
    """torch's softplus returns x (gradient 1, second derivative 0) above threshold 20: off by e^-x."""
    import mpmath
    mpmath.mp.dps = 50
    name = "softplus at and above torch's threshold 20"
    case = op_case(name, "softplus", [t([20.0, 20.001, 20.5, 21.0, 22.0, 25.0])])
    e = case["expect"]
    x = dec(case["inputs"][0]).tolist()
    u = dec(e["upstream"]).tolist()
    v = dec(e["second"]["v"][0]).tolist()
    f = [mpmath.log1p(mpmath.exp(mpmath.mpf(xi))) for xi in x]
    d1 = [1 / (1 + mpmath.exp(-mpmath.mpf(xi))) for xi in x]
    d2 = [s * (1 - s) for s in d1]
    torch_numbers = {k: e[k] for k in ("output", "grad", "gradUpstream", "gradAccumulated")}
    torch_numbers["second"] = e["second"]["grad"]
    e["output"] = enc(t([float(a) for a in f]))
    e["grad"] = [enc(t([float(a) for a in d1]))]
    e["gradUpstream"] = [enc(t([float(a * b) for a, b in zip(d1, u)]))]
    e["gradAccumulated"] = [enc(t([float(a * (1 + b)) for a, b in zip(d1, u)]))]
    e["second"]["grad"] = [enc(t([float(a * b * c) for a, b, c in zip(d2, u, v)]))]
    case["torchDeviation"] = {
        "why": "F.softplus returns x itself above its threshold 20 (beta 1), so its value is off by log1p(e^-x),"
               " its derivative is 1 instead of sigmoid(x) (off by ~2e-9 at 20, beyond rtol 1e-9) and its second"
               " derivative is 0 instead of sigmoid(x)(1 - sigmoid(x)); at exactly 20 its double backward also"
               " gives 0 (it tests x < threshold where the forward tests x > threshold); expect holds the exact"
               " values computed with mpmath at 50 digits",
        "torch": torch_numbers}


def pow_ops():
    for p in (0, 1, 2, 3, 0.5, -1, -1.5, 2.5, -2):
        op_case(f"pow({p:g}) at 0", "pow.scalar", [t([0.0])], {"exponent": float(p)})
    for p in (0, 1, 2, 3, -1, -2):
        op_case(f"pow({p:g}) at negative, zero and positive", "pow.scalar", [t([-2.0, -0.5, 0.0, 0.5, 2.0])],
                {"exponent": float(p)})
    for p in (0.5, -1.5, 2.5, 1.0 / 3):
        op_case(f"pow({p:g}) random positive [3, 4]", "pow.scalar", [P(3, 4)], {"exponent": p})
    op_case("pow(0.5) of a negative is NaN", "pow.scalar", [t([-1.0, 4.0])], {"exponent": 0.5})
    op_case("pow(2) 0-d", "pow.scalar", [t(-1.5)], {"exponent": 2.0})
    op_case("pow tensor exponent broadcast [3, 4]^[4]", "pow", [P(3, 4), R(4)])
    op_case("pow(a, b) at a = 0 and b = 0, 0.5, 2, -1", "pow", [t([0.0, 0.0, 0.0, 0.0]), t([0.0, 0.5, 2.0, -1.0])],
            skip={"second": "at a = 0 torch's double backward is NaN even where the limit exists (b = 2: d/db of"
                            " the masked a^b·ln a is 0) and 0^0 has no second derivative: not compared"})
    op_case("pow(a, b) at a = 0, b = 0", "pow", [t(0.0), t(0.0)])
    op_case("pow(a, b) negative base, integer exponents", "pow", [t([-2.0, -2.0, -0.5]), t([2.0, 3.0, -1.0])])
    op_case("pow(a, b) zero-size [0, 2]^[2]", "pow", [torch.zeros(0, 2), R(2)])


def binary_ops():
    shapes = [((3, 4), (3, 4)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((), (3, 4)), ((2, 1, 3), (4, 1)),
              ((0, 3), (3,)), ((1,), ())]
    for key in ("add", "sub", "mul", "maximum", "minimum"):
        for a, b in shapes:
            op_case(f"{key} {list(a)} and {list(b)}", key, [R(*a), R(*b)])
        op_case(f"{key} shapes [2, 3] and [4] cannot broadcast", key, [R(2, 3), R(4)], refuse=True)
    for a, b in shapes:
        if a != (0, 3):
            op_case(f"div {list(a)} / {list(b)}", "div", [R(*a), P(*b)])
    op_case("div [0, 3] / [3]", "div", [torch.zeros(0, 3), P(3)])
    op_case("div shapes [2, 3] and [4] cannot broadcast", "div", [R(2, 3), P(4)], refuse=True)
    op_case("pow shapes [2, 3] and [4] cannot broadcast", "pow", [P(2, 3), R(4)], refuse=True)
    op_case("maximum ties", "maximum", [t([1.0, 2.0, 3.0, -1.0]), t([1.0, 5.0, 3.0, -1.0])])
    nan_grad = "at a NaN the gradient is only a convention: torch passes the whole gradient to both operands" \
               " (every comparison with NaN is false, so neither side is masked); gradients are not compared"
    for key in ("maximum", "minimum"):
        op_case(f"{key} with NaN propagates it", key, [t([float("nan"), 1.0, 2.0]), t([0.0, float("nan"), 1.0])],
                second=False, skip={"grad": nan_grad, "gradUpstream": nan_grad, "gradAccumulated": nan_grad})
    op_case("minimum ties", "minimum", [t([1.0, 2.0, 3.0, -1.0]), t([1.0, 5.0, 3.0, -1.0])])
    op_case("maximum ties broadcast [2, 3] and [3]", "maximum", [t([[1.0, 2.0, 0.0], [3.0, 2.0, -1.0]]), t([1.0, 2.0, 3.0])])
    op_case("maximum of a tensor with itself", "maximum.self", [t([1.0, -2.0, 0.0])])
    op_case("minimum of a tensor with itself", "minimum.self", [t([1.0, -2.0, 0.0])])
    op_case("mul of a tensor with itself", "mul.self", [R(3, 4)])
    for key, v in (("add.scalar", 2.5), ("sub.scalar", 0.5), ("mul.scalar", -3.0), ("div.scalar", 4.0)):
        op_case(f"{key.split('.')[0]} scalar {v:g}", key, [R(3, 4)], {"value": v})
        op_case(f"{key.split('.')[0]} scalar {v:g} on 0-d", key, [t(1.25)], {"value": v})
    op_case("div by zero tensors", "div", [t([1.0, -1.0, 0.0]), t([0.0, 0.0, 0.0])])
    op_case("div scalar 0", "div.scalar", [t([1.0, -1.0, 0.0])], {"value": 0.0})
    op_case("div 3 / 10 is 0.3", "div.scalar", [t(3.0)], {"value": 10.0},
            **exact("3.0/10 correctly rounded is 0.3; multiplying by the reciprocal gives 0.30000000000000004"))
    op_case("div 3 / 10 by a tensor is 0.3", "div", [t(3.0), t(10.0)],
            **exact("3.0/10 correctly rounded is 0.3"))
    op_case("div 1e-310 / 1e-310 scalar is 1", "div.scalar", [t(1e-310)], {"value": 1e-310},
            **exact("1e-310/1e-310 is exactly 1; the reciprocal of 1e-310 overflows to infinity"))
    op_case("div 1e-310 / 1e-310 tensors is 1", "div", [t(1e-310), t(1e-310)],
            **exact("1e-310/1e-310 is exactly 1"))
    op_case("div gradient at a = b = 1e-200", "div", [t(1e-200), t(1e-200)],
            tolerance={"rtol": 1e-9, "atol": 0.0,
                       "why": "d/db = -a/b^2 = -1e200; b*b underflows to 0 if computed first"})
    op_case("div gradient at a = b = 1e200", "div", [t(1e200), t(1e200)],
            tolerance={"rtol": 1e-9, "atol": 0.0,
                       "why": "d/db = -1e-200, below the absolute tolerance: compare relatively only"})
    op_case("where broadcast condition [3, 4], [3, 4], [4]", "where",
            [const(t([[1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 1.0, 0.0]])), R(3, 4), R(4)])
    op_case("where condition [3, 1]", "where", [const(t([[1.0], [0.0], [1.0]])), R(3, 4), R(3, 4)])
    op_case("where 0-d branches", "where", [const(t([1.0, 0.0, 1.0])), t(2.0), t(-3.0)])
    op_case("where all true", "where", [const(t([1.0, 1.0])), R(2), R(2)])
    op_case("where shapes [2, 3] and [4] cannot broadcast", "where", [const(torch.ones(2, 3)), R(2, 3), R(4)],
            refuse=True)
    cmp_a = t([[1.0, 2.0, 3.0], [float("nan"), 0.0, -1.0]])
    cmp_b = t([2.0, 2.0, -1.0])
    for key in ("gt", "lt", "ge", "le", "eq", "ne"):
        op_case(f"{key} with ties, NaN and broadcasting", key, [cmp_a, cmp_b])
        op_case(f"{key} scalar 2 with ties", key + ".scalar", [t([1.0, 2.0, 3.0, float("nan")])], {"value": 2.0})
        op_case(f"{key} of variables has no gradient", key, [R(3), R(3)])
    op_case("gt shapes [2, 3] and [4] cannot broadcast", "gt", [R(2, 3), R(4)], refuse=True)


def clamp_ops():
    x = t([-1.7, -1.0, -0.6, 0.3, 1.0, 1.4])
    op_case("clamp(-1, 1) with values on the bounds", "clamp", [x], {"min": -1.0, "max": 1.0})
    op_case("clamp(-1, 1) random [3, 4]", "clamp", [R(3, 4)], {"min": -1.0, "max": 1.0})
    op_case("clamp(min > max) sets every element to max", "clamp", [t([-3.0, 0.0, 1.5, 5.0, 9.0])],
            {"min": 6.0, "max": 2.0})
    op_case("clamp(min = max)", "clamp", [t([-1.0, 0.5, 2.0])], {"min": 0.5, "max": 0.5})
    op_case("clamp 0-d", "clamp", [t(3.0)], {"min": -1.0, "max": 1.0})


def undefined_second(key):
    """var/std of one value with correction 1 is 0/0: NaN, and so is its gradient (torch agrees); torch's
    double backward of var returns 0 there instead, an artefact of how its graph is built."""
    if key != "var":
        return {}
    return {"skip": {"second": "n - correction = 0: the variance is 0/0 and its first derivative NaN (in torch"
                               " too); torch's second derivative 0 is an artefact, so it is not compared"}}


def reductions():
    x34 = R(3, 4)
    x234 = R(2, 3, 4)
    zero_d = t(2.5)
    for key in ("sum", "mean"):
        op_case(f"{key} all random [3, 4]", f"{key}.all", [x34])
        op_case(f"{key} all 0-d", f"{key}.all", [zero_d])
        op_case(f"{key} all empty [0]", f"{key}.all", [torch.zeros(0)])
        op_case(f"{key} all empty [2, 0]", f"{key}.all", [torch.zeros(2, 0)])
        op_case(f"{key} dim 1", f"{key}.dim", [x34], {"dim": 1})
        op_case(f"{key} dim -1 of [2, 3, 4]", f"{key}.dim", [x234], {"dim": -1})
        op_case(f"{key} dim 0 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": 0})
        op_case(f"{key} dim -1 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": -1})
        op_case(f"{key} dim 1 of size 0", f"{key}.dim", [torch.zeros(3, 0)], {"dim": 1})
        op_case(f"{key} dim 0 keepDim", f"{key}.dimKeep", [x34], {"dim": 0, "keepDim": True})
        op_case(f"{key} dim -2 keepDim of [2, 3, 4]", f"{key}.dimKeep", [x234], {"dim": -2, "keepDim": True})
        op_case(f"{key} dims [0, 2] keepDim", f"{key}.dims", [x234], {"dims": [0, 2], "keepDim": True})
        op_case(f"{key} dims [-1, 0]", f"{key}.dims", [x234], {"dims": [-1, 0], "keepDim": False})
        op_case(f"{key} dims [] reduces everything", f"{key}.dims", [x34], {"dims": [], "keepDim": False})
        op_case(f"{key} dim 2 of [3, 4] is out of range", f"{key}.dim", [x34], {"dim": 2}, refuse=True)
        op_case(f"{key} dim -3 of [3, 4] is out of range", f"{key}.dim", [x34], {"dim": -3}, refuse=True)
        op_case(f"{key} dim 1 of a 0-d tensor is out of range", f"{key}.dim", [zero_d], {"dim": 1}, refuse=True)
        op_case(f"{key} dims [0, 0] repeat a dimension", f"{key}.dims", [x34], {"dims": [0, 0], "keepDim": False},
                refuse=True)
    op_case("mean of ones(49) is exactly 1", "mean.all", [torch.ones(49)],
            **exact("49 ones sum to 49 exactly and 49/49 is 1; 49·(1/49) is 0.9999999999999999"))
    op_case("mean of full(7, 49) is exactly 7", "mean.all", [torch.full((49,), 7.0)],
            **exact("343/49 is exactly 7"))
    op_case("mean dim 1 of full(0.1, [2, 49])", "mean.dim", [torch.full((2, 49), 0.1)], {"dim": 1},
            **exact("the sum of 49 times 0.1 divided by 49, as torch rounds it"))

    ties = t([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 5.0, 0.0]])
    for key, name in (("max", "max"), ("min", "min")):
        op_case(f"{name} all random [3, 4]", f"{key}.all", [x34])
        op_case(f"{name} all with a tie", f"{key}.all", [t([[1.0, 5.0], [5.0, -5.0], [-5.0, 0.0]])])
        op_case(f"{name} all equal", f"{key}.all", [torch.full((2, 2), 3.0)])
        op_case(f"{name} all 0-d", f"{key}.all", [zero_d])
        op_case(f"{name} dim 1 with ties", f"{key}.dim", [ties], {"dim": 1, "keepDim": False})
        op_case(f"{name} dim 0 keepDim with ties", f"{key}.dim", [ties], {"dim": 0, "keepDim": True})
        op_case(f"{name} dim -1 of [2, 3, 4]", f"{key}.dim", [x234], {"dim": -1, "keepDim": False})
        op_case(f"{name} dim 0 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": 0, "keepDim": False})
        op_case(f"{name} dim -1 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": -1, "keepDim": True})
        op_case(f"{name} dim 1 of [0, 3] keeps the empty dimension", f"{key}.dim", [torch.zeros(0, 3)],
                {"dim": 1, "keepDim": False})
        op_case(f"{name} all of an empty tensor is refused", f"{key}.all", [torch.zeros(0)], refuse=True)
        op_case(f"{name} dim 1 of size 0 is refused", f"{key}.dim", [torch.zeros(2, 0)], {"dim": 1, "keepDim": False},
                refuse=True)
        op_case(f"{name} dim 2 of [3, 4] is out of range", f"{key}.dim", [x34], {"dim": 2, "keepDim": False},
                refuse=True)

    const_row = t([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]])
    for key in ("var", "std"):
        op_case(f"{key} all random [3, 4]", f"{key}.all", [x34])
        op_case(f"{key} all of one element is NaN", f"{key}.all", [t([3.0])], **undefined_second(key))
        op_case(f"{key} all 0-d", f"{key}.all", [zero_d], **undefined_second(key))
        op_case(f"{key} all of [0]", f"{key}.all", [torch.zeros(0)])
        op_case(f"{key} dim 1", f"{key}.dim", [x34], {"dim": 1, "keepDim": False})
        op_case(f"{key} dim 0 keepDim", f"{key}.dim", [x34], {"dim": 0, "keepDim": True})
        op_case(f"{key} dim -1 of [2, 3, 4]", f"{key}.dim", [x234], {"dim": -1, "keepDim": False})
        op_case(f"{key} dim 1 over a constant row", f"{key}.dim", [const_row], {"dim": 1, "keepDim": False})
        op_case(f"{key} dim 0 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": 0, "keepDim": False},
                **undefined_second(key))
        op_case(f"{key} dim -1 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": -1, "keepDim": False},
                **undefined_second(key))
        op_case(f"{key} dim 2 of [3, 4] is out of range", f"{key}.dim", [x34], {"dim": 2, "keepDim": False},
                refuse=True)
    op_case("var of full(7, 49) is 0", "var.all", [torch.full((49,), 7.0)],
            **exact("the mean of 49 sevens is exactly 7, so every deviation and the variance are 0"))
    op_case("std of full(7, 49) is 0", "std.all", [torch.full((49,), 7.0)],
            **exact("the mean of 49 sevens is exactly 7, so the standard deviation is 0"))

    op_case("sum dims [0, -1] of a 0-d tensor repeat a dimension", "sum.dims", [zero_d],
            {"dims": [0, -1], "keepDim": False}, refuse=True)
    op_case("sum dims [-1] of a 0-d tensor", "sum.dims", [zero_d], {"dims": [-1], "keepDim": True})
    for key, args in (("max.dim", {"keepDim": False}), ("var.dim", {"keepDim": False}),
                      ("logSumExp.dim", {"keepDim": False}), ("softmax", {}), ("squeeze.dim", {}),
                      ("argmax.dim", {"keepDim": False})):
        op_case(f"{key.split('.')[0]} dim 1 of a 0-d tensor is out of range", key, [zero_d], dict(args, dim=1),
                refuse=True)
    op_case("transpose dims (0, 1) of a 0-d tensor are out of range", "transpose.dims", [zero_d],
            {"dim0": 0, "dim1": 1}, refuse=True)
    op_case("unsqueeze dim 2 of a 0-d tensor is out of range", "unsqueeze", [zero_d], {"dim": 2}, refuse=True)

    for key in ("argmax", "argmin"):
        op_case(f"{key} dim -1 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": -1, "keepDim": False})
        op_case(f"{key} all with ties gives the first", f"{key}.all", [t([[1.0, 5.0], [5.0, -5.0], [-5.0, 0.0]])])
        op_case(f"{key} all random [3, 4]", f"{key}.all", [x34])
        op_case(f"{key} all 0-d", f"{key}.all", [zero_d])
        op_case(f"{key} dim 1 with ties", f"{key}.dim", [ties], {"dim": 1, "keepDim": False})
        op_case(f"{key} dim 0 keepDim with ties", f"{key}.dim", [ties], {"dim": 0, "keepDim": True})
        op_case(f"{key} dim -1 of [2, 3, 4]", f"{key}.dim", [x234], {"dim": -1, "keepDim": False})
        op_case(f"{key} dim 0 of a 0-d tensor", f"{key}.dim", [zero_d], {"dim": 0, "keepDim": False})
        op_case(f"{key} all of an empty tensor is refused", f"{key}.all", [torch.zeros(0)], refuse=True)
        op_case(f"{key} dim 2 of [3, 4] is out of range", f"{key}.dim", [x34], {"dim": 2, "keepDim": False},
                refuse=True)

    lse_cases = [
        ("random [3, 4] dim 1", R(3, 4), 1, False),
        ("dim -1 tied maxima", t([[2.0, 2.0], [1.0, 1.0], [3.0, -1.0]]), -1, False),
        ("dim 1 three tied maxima keepDim", t([[0.5, 0.5, 0.5], [4.0, 4.0, -4.0]]), 1, True),
        ("dim 0 of large values", t([[1000.0, -1000.0], [999.0, -1000.0]]), 0, False),
        ("dim 1 with -inf", t([[float("-inf"), 0.0, 1.0], [float("-inf"), float("-inf"), 2.0]]), 1, False),
        ("dim 0 of a 0-d tensor", t(1.5), 0, False),
        ("dim -1 of a 0-d tensor", t(1.5), -1, True),
        ("dim 0 of size 0 is -inf", torch.zeros(0), 0, False),
        ("dim 1 of size 0 is -inf", torch.zeros(2, 0), 1, False),
        ("dim 1 of [0, 3]", torch.zeros(0, 3), 1, False),
    ]
    for label, x, d, keep in lse_cases:
        op_case(f"logSumExp {label}", "logSumExp.dim", [x], {"dim": d, "keepDim": keep})
    op_case("logSumExp all -inf", "logSumExp.dim", [t([float("-inf"), float("-inf")])], {"dim": 0, "keepDim": False},
            second=False)
    op_case("logSumExp dim 2 of [3, 4] is out of range", "logSumExp.dim", [x34], {"dim": 2, "keepDim": False},
            refuse=True)
    for label, x, dims, keep in (("dims [0, 1] of [2, 3, 4]", x234, [0, 1], False),
                                 ("dims [-1] keepDim with ties", t([[2.0, 2.0], [1.0, 0.0]]), [-1], True),
                                 ("dims [0, 1] of a [2, 0]", torch.zeros(2, 0), [0, 1], False)):
        op_case(f"logSumExp {label}", "logSumExp.dims", [x], {"dims": dims, "keepDim": keep})

    for key, tname in (("softmax", "softmax"), ("logSoftmax", "logSoftmax")):
        op_case(f"{tname} dim 1 random [3, 4]", key, [x34], {"dim": 1})
        op_case(f"{tname} dim 0 random [3, 4]", key, [x34], {"dim": 0})
        op_case(f"{tname} dim -1 of [2, 3, 4]", key, [x234], {"dim": -1})
        op_case(f"{tname} of large values", key, [t([[1000.0, -1000.0, 999.0], [-1000.0, -1000.0, -1000.0]])],
                {"dim": 1})
        op_case(f"{tname} with ties", key, [t([[2.0, 2.0, 1.0]])], {"dim": -1})
        op_case(f"{tname} with -inf", key, [t([[float("-inf"), 0.0, 1.0]])], {"dim": 1})
        op_case(f"{tname} dim 0 of a 0-d tensor", key, [t(1.5)], {"dim": 0})
        op_case(f"{tname} dim -1 of a 0-d tensor", key, [t(1.5)], {"dim": -1})
        op_case(f"{tname} over a dimension of size 0", key, [torch.zeros(2, 0)], {"dim": 1})
        op_case(f"{tname} dim 2 of [3, 4] is out of range", key, [x34], {"dim": 2}, refuse=True)

    # correction-aware var/std
    for key in ("var", "std"):
        for label, x, dims, c, keep in (("dims [1] correction 0", x34, [1], 0, False),
                                        ("dims [0, 1] correction 1 keepDim", x234, [0, 1], 1, True),
                                        ("dims [-1] correction 2", x34, [-1], 2, False),
                                        ("dims [1] correction 0 constant row", const_row, [1], 0, False),
                                        ("dims [0] correction 1 of a 0-d tensor", zero_d, [0], 1, False)):
            op_case(f"{key} {label}", f"{key}.correction", [x], {"dims": dims, "correction": c, "keepDim": keep},
                    **(undefined_second(key) if "0-d" in label else {}))
        op_case(f"{key} dims [2] of [3, 4] with a correction is out of range", f"{key}.correction", [x34],
                {"dims": [2], "correction": 1, "keepDim": False}, refuse=True)
    for label, x, d, i in (("dim 0 index 1", x34, 0, 1), ("dim -1 index -1", x234, -1, -1), ("dim 1 index 0", x34, 1, 0)):
        op_case(f"select {label}", "select", [x], {"dim": d, "index": i})
    op_case("select index 3 of size 3 is refused", "select", [x34], {"dim": 0, "index": 3}, refuse=True)
    op_case("select dim 2 of [3, 4] is refused", "select", [x34], {"dim": 2, "index": 0}, refuse=True)
    op_case("select of a 0-d tensor is refused", "select", [zero_d], {"dim": 0, "index": 0}, refuse=True)


def movement():
    x34 = R(3, 4)
    x234 = R(2, 3, 4)
    zero_d = t(2.5)
    op_case("reshape [2, 6] to [4, -1]", "reshape", [R(2, 6)], {"dims": [4, -1]})
    op_case("reshape [1] to []", "reshape", [t([3.0])], {"dims": []})
    op_case("reshape 0-d to [1, 1]", "reshape", [zero_d], {"dims": [1, 1]})
    op_case("reshape [0, 3] to [3, 0]", "reshape", [torch.zeros(0, 3)], {"dims": [3, 0]})
    op_case("reshape [3, 4] to [5, -1] is refused", "reshape", [x34], {"dims": [5, -1]}, refuse=True)
    op_case("reshape [3, 4] to [5, 2] is refused", "reshape", [x34], {"dims": [5, 2]}, refuse=True)
    op_case("reshape with two -1 is refused", "reshape", [x34], {"dims": [-1, -1]}, refuse=True)
    op_case("reshape with -2 is refused", "reshape", [x34], {"dims": [-2, -6]}, refuse=True)
    op_case("reshape [0, 3] to [-1, 0] is refused", "reshape", [torch.zeros(0, 3)], {"dims": [-1, 0]}, refuse=True)
    op_case("flatten [2, 3, 4]", "flatten", [x234])
    op_case("flatten 0-d", "flatten", [zero_d])
    op_case("permute [2, 3, 4] (2, 0, 1)", "permute", [x234], {"dims": [2, 0, 1]})
    op_case("permute with negative dims", "permute", [x234], {"dims": [-1, 0, 1]})
    op_case("permute 0-d ()", "permute", [zero_d], {"dims": []})
    op_case("permute with the wrong length is refused", "permute", [x234], {"dims": [1, 0]}, refuse=True)
    op_case("permute with a repeated dim is refused", "permute", [x234], {"dims": [0, 0, 1]}, refuse=True)
    op_case("permute with dim 3 of 3 is refused", "permute", [x234], {"dims": [0, 1, 3]}, refuse=True)
    op_case("transpose [3, 4]", "transpose", [x34])
    op_case("transpose [2, 3, 4] swaps the last two", "transpose", [x234])
    op_case("transpose of a vector is the vector", "transpose", [R(3)])
    op_case("transpose of a 0-d tensor", "transpose", [zero_d])
    for d0, d1 in ((0, 2), (-1, 0), (1, 1)):
        op_case(f"transpose dims ({d0}, {d1})", "transpose.dims", [x234], {"dim0": d0, "dim1": d1})
    op_case("transpose dims (0, -1) of a 0-d tensor", "transpose.dims", [zero_d], {"dim0": 0, "dim1": -1})
    op_case("transpose dims (0, 3) is refused", "transpose.dims", [x234], {"dim0": 0, "dim1": 3}, refuse=True)
    op_case("expand [3, 1] to [2, 3, 4]", "expand", [R(3, 1)], {"dims": [2, 3, 4]})
    op_case("expand [3, 1] to [-1, 4]", "expand", [R(3, 1)], {"dims": [-1, 4]})
    op_case("expand 0-d to [2, 2]", "expand", [zero_d], {"dims": [2, 2]})
    op_case("expand [3] to [2, 3]", "expand", [R(3)], {"dims": [2, 3]})
    op_case("expand [3] to its own shape", "expand", [R(3)], {"dims": [3]})
    op_case("expand [1] to [0]", "expand", [R(1)], {"dims": [0]})
    op_case("expand [3] to [-1, 3] is refused", "expand", [R(3)], {"dims": [-1, 3]}, refuse=True)
    op_case("expand [3] to [4] is refused", "expand", [R(3)], {"dims": [4]}, refuse=True)
    op_case("expand [2, 3] to [3] is refused", "expand", [R(2, 3)], {"dims": [3]}, refuse=True)
    op_case("squeeze [3, 1, 4, 1]", "squeeze.all", [R(3, 1, 4, 1)])
    op_case("squeeze [1, 1] to 0-d", "squeeze.all", [R(1, 1)])
    op_case("squeeze 0-d", "squeeze.all", [zero_d])
    op_case("squeeze dim 1 of size 1", "squeeze.dim", [R(3, 1, 4)], {"dim": 1})
    op_case("squeeze dim 0 of size 3 is a no-op", "squeeze.dim", [R(3, 1, 4)], {"dim": 0})
    op_case("squeeze dim -1", "squeeze.dim", [R(3, 1)], {"dim": -1})
    op_case("squeeze dim 0 of a 0-d tensor", "squeeze.dim", [zero_d], {"dim": 0})
    op_case("squeeze dim -1 of a 0-d tensor", "squeeze.dim", [zero_d], {"dim": -1})
    op_case("squeeze dim 3 of [3, 1, 4] is refused", "squeeze.dim", [R(3, 1, 4)], {"dim": 3}, refuse=True)
    for d in (0, 1, 2, -1, -3):
        op_case(f"unsqueeze dim {d} of [3, 4]", "unsqueeze", [x34], {"dim": d})
    op_case("unsqueeze dim 0 of a 0-d tensor", "unsqueeze", [zero_d], {"dim": 0})
    op_case("unsqueeze dim -1 of a 0-d tensor", "unsqueeze", [zero_d], {"dim": -1})
    op_case("unsqueeze dim 3 of [3, 4] is refused", "unsqueeze", [x34], {"dim": 3}, refuse=True)
    op_case("unsqueeze dim -4 of [3, 4] is refused", "unsqueeze", [x34], {"dim": -4}, refuse=True)
    for d, s, e, label in ((1, 1, 3, ""), (0, -2, 3, " negative start"), (0, 3, 1, " start after end is empty"),
                           (0, 5, 7, " beyond the end is empty"), (0, -10, 2, " clamps the start"),
                           (1, 0, 100, " clamps the end"), (-1, 1, 2, " negative dim"), (0, 1, 1, " empty")):
        op_case(f"slice({d}, {s}, {e}){label}", "slice", [x34], {"dim": d, "start": s, "end": e})
    op_case("slice(2, 0, 1) of [3, 4] is refused", "slice", [x34], {"dim": 2, "start": 0, "end": 1}, refuse=True)
    op_case("slice of a 0-d tensor is refused", "slice", [zero_d], {"dim": 0, "start": 0, "end": 1}, refuse=True)
    op_case("indexSelect rows with repeats", "indexSelect", [x34], {"dim": 0, "index": [2, 0, 2]})
    op_case("indexSelect dim 1", "indexSelect", [x34], {"dim": 1, "index": [3, 1]})
    op_case("indexSelect negative index counts from the end", "indexSelect", [x34], {"dim": 0, "index": [-1, 0]})
    op_case("indexSelect no indices", "indexSelect", [x34], {"dim": 0, "index": []})
    op_case("indexSelect dim -1 of [2, 3, 4]", "indexSelect", [x234], {"dim": -1, "index": [0, 0, 3]})
    op_case("indexSelect index 3 of size 3 is refused", "indexSelect", [x34], {"dim": 0, "index": [3]}, refuse=True)
    op_case("indexSelect index -4 of size 3 is refused", "indexSelect", [x34], {"dim": 0, "index": [-4]},
            refuse=True)
    op_case("indexSelect dim 2 of [3, 4] is refused", "indexSelect", [x34], {"dim": 2, "index": [0]}, refuse=True)
    idx = const(t([[0.0, 2.0], [1.0, 1.0], [3.0, 0.0]]))
    op_case("gather dim 1", "gather", [x34, idx], {"dim": 1})
    op_case("gather dim 0", "gather", [x34, const(t([[2.0, 0.0, 1.0, 1.0]]))], {"dim": 0})
    op_case("gather dim -1 of [2, 3, 4]", "gather", [x234, const(torch.tensor([[[3.0], [0.0], [1.0]],
                                                                             [[2.0], [2.0], [0.0]]]))], {"dim": -1})
    op_case("gather with an index smaller than the input outside dim", "gather", [x34, const(t([[1.0], [3.0]]))],
            {"dim": 1})
    op_case("gather with an empty index", "gather", [x34, const(torch.zeros(3, 0))], {"dim": 1})
    op_case("gather of a 0-d tensor", "gather", [zero_d, const(t(0.0))], {"dim": 0})
    op_case("gather index -1 is refused", "gather", [R(3), const(t([-1.0]))], {"dim": 0}, refuse=True)
    op_case("gather index 4 of size 4 is refused", "gather", [x34, const(t([[4.0], [0.0], [0.0]]))], {"dim": 1},
            refuse=True)
    op_case("gather with an index larger than the input outside dim is refused", "gather",
            [x34, const(torch.zeros(4, 1))], {"dim": 1}, refuse=True)
    op_case("gather with an index of another rank is refused", "gather", [x34, const(torch.zeros(3))], {"dim": 1},
            refuse=True)
    op_case("gather dim 2 of [3, 4] is refused", "gather", [x34, const(torch.zeros(3, 1))], {"dim": 2}, refuse=True)
    op_case("cat dim 0", "cat", [R(2, 3), R(1, 3)], {"dim": 0})
    op_case("cat dim 1 with a constant", "cat", [R(2, 3), const(R(2, 2))], {"dim": 1})
    op_case("cat dim -1 of three", "cat", [R(2, 1), R(2, 2), R(2, 3)], {"dim": -1})
    op_case("cat with an empty [0, 3]", "cat", [R(2, 3), torch.zeros(0, 3)], {"dim": 0})
    op_case("cat of one tensor", "cat", [R(2, 3)], {"dim": 1})
    op_case("cat shapes [2, 3] and [2, 4] along dim 0 are refused", "cat", [R(2, 3), R(2, 4)], {"dim": 0},
            refuse=True)
    op_case("cat of 0-d tensors is refused", "cat", [t(1.0), t(2.0)], {"dim": 0}, refuse=True)
    op_case("cat of different ranks is refused", "cat", [R(2, 3), R(3)], {"dim": 0}, refuse=True)
    op_case("cat dim 2 of [2, 3] is refused", "cat", [R(2, 3), R(2, 3)], {"dim": 2}, refuse=True)
    op_case("cat of no tensors is refused", "cat", [], {"dim": 0}, refuse=True)
    for d in (0, 1, 2, -1):
        op_case(f"stack dim {d}", "stack", [R(2, 3), R(2, 3)], {"dim": d})
    op_case("stack of 0-d tensors", "stack", [t(1.0), t(2.0), t(3.0)], {"dim": 0})
    op_case("stack of different shapes is refused", "stack", [R(2, 3), R(3, 2)], {"dim": 0}, refuse=True)
    op_case("stack dim 3 of [2, 3] is refused", "stack", [R(2, 3), R(2, 3)], {"dim": 3}, refuse=True)
    op_case("stack of no tensors is refused", "stack", [], {"dim": 0}, refuse=True)
    for label, a, b in (("vector·vector", (4,), (4,)), ("matrix·vector", (3, 4), (4,)),
                        ("vector·matrix", (3,), (3, 4)), ("matrix·matrix", (3, 4), (4, 2)),
                        ("batched·matrix", (2, 3, 4), (4, 5)), ("broadcast batches", (2, 1, 3, 4), (3, 4, 2)),
                        ("vector·batched", (4,), (2, 4, 3)), ("inner size 0", (2, 0), (0, 3)),
                        ("[1, 1]·[1, 1]", (1, 1), (1, 1))):
        op_case(f"matmul {label}", "matmul", [R(*a), R(*b)])
    op_case("matmul inner sizes 4 and 3 are refused", "matmul", [R(3, 4), R(3, 2)], refuse=True)
    op_case("matmul of a 0-d tensor is refused", "matmul", [t(2.0), R(3)], refuse=True)
    op_case("matmul vectors of different lengths are refused", "matmul", [R(3), R(4)], refuse=True)
    op_case("matmul batches 2 and 3 are refused", "matmul", [R(2, 3, 4), R(3, 4, 5)], refuse=True)
    op_case("linear batch", "linear", [R(3, 4), R(2, 4), R(2)])
    op_case("linear one sample", "linear", [R(4), R(2, 4), R(2)])
    op_case("linear batched without bias", "linear", [R(2, 3, 4), R(2, 4)])
    op_case("linear input [3, 5] with weight [2, 4] is refused", "linear", [R(3, 5), R(2, 4), R(2)], refuse=True)
    op_case("linear bias [3] for weight [2, 4] is refused", "linear", [R(3, 4), R(2, 4), R(3)], refuse=True)


def creation_and_values():
    op_case("of scalar", "of.scalar", [], {"value": -2.5})
    op_case("of vector", "of.vector", [], {"values": [1.0, -2.0, 3.5]})
    op_case("of empty vector", "of.vector", [], {"values": []})
    op_case("wrap [2, 3]", "wrap", [], {"values": [1.0, -2.0, 3.5, 0.25, 8.0, -0.5], "shape": [2, 3]})
    op_case("wrap 6 values as [4] is refused", "wrap", [], {"values": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "shape": [4]},
            refuse=True)
    op_case("of rows", "of.rows", [], {"rows": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]})
    op_case("of ragged rows is refused", "of.rows", [], {"rows": [[1.0, 2.0], [3.0]]}, refuse=True)
    op_case("of blocks", "of.blocks", [], {"blocks": [[[1.0, 2.0]], [[3.0, 4.0]]]})
    op_case("of ragged blocks is refused", "of.blocks", [], {"blocks": [[[1.0, 2.0]], [[3.0]]]}, refuse=True)
    op_case("of values with a shape", "of.shape", [], {"values": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "shape": [2, 3]})
    op_case("of 5 values with shape [2, 3] is refused", "of.shape", [], {"values": [1.0, 2.0, 3.0, 4.0, 5.0],
                                                                        "shape": [2, 3]}, refuse=True)
    for key in ("zeros", "ones"):
        op_case(f"{key} [2, 3]", key, [], {"shape": [2, 3]})
        op_case(f"{key} [] is 0-d", key, [], {"shape": []})
        op_case(f"{key} [0, 2]", key, [], {"shape": [0, 2]})
        op_case(f"{key} [-1] is refused", key, [], {"shape": [-1]}, refuse=True)
    op_case("full 3.5 [2, 2]", "full", [], {"value": 3.5, "shape": [2, 2]})
    op_case("full [] is 0-d", "full", [], {"value": -1.0, "shape": []})
    op_case("full [2, -3] is refused", "full", [], {"value": 1.0, "shape": [2, -3]}, refuse=True)
    op_case("arange 5", "arange.end", [], {"end": 5.0})
    op_case("arange 2.5", "arange.end", [], {"end": 2.5})
    op_case("arange 0", "arange.end", [], {"end": 0.0})
    op_case("arange -1 is refused", "arange.end", [], {"end": -1.0}, refuse=True)
    for s, e, st in ((0.5, 3.0, 0.7), (3.0, 0.0, -1.0), (1.0, 1.0, 1.0), (0.0, 1.0, 0.1), (-1.0, 1.0, 0.25)):
        op_case(f"arange({s:g}, {e:g}, {st:g})", "arange", [], {"start": s, "end": e, "step": st})
    op_case("arange step 0 is refused", "arange", [], {"start": 0.0, "end": 3.0, "step": 0.0}, refuse=True)
    op_case("arange(0, 3, -1) with the wrong sign is refused", "arange", [], {"start": 0.0, "end": 3.0, "step": -1.0},
            refuse=True)
    for s, e, n in ((0.0, 1.0, 5), (0.0, 1.0, 1), (0.0, 1.0, 0), (1.0, -1.0, 4), (-3.0, 7.0, 11), (0.0, 1.0, 7)):
        op_case(f"linspace({s:g}, {e:g}, {n})", "linspace", [], {"start": s, "end": e, "steps": n})
    op_case("linspace steps -1 is refused", "linspace", [], {"start": 0.0, "end": 1.0, "steps": -1}, refuse=True)
    for n in (3, 1, 0):
        op_case(f"eye {n}", "eye", [], {"n": n})
    op_case("eye -1 is refused", "eye", [], {"n": -1}, refuse=True)
    for key in ("zerosLike", "onesLike"):
        op_case(f"{key} [2, 3]", key, [R(2, 3)])
        op_case(f"{key} 0-d", key, [t(4.0)])
    op_case("item 0-d", "item", [t(-3.25)])
    op_case("item [1, 1]", "item", [t([[7.5]])])
    op_case("item of 2 elements is refused", "item", [t([1.0, 2.0])], refuse=True)
    op_case("get [1, 0]", "get", [t([[1.0, 2.0], [3.0, 4.0]])], {"index": [1, 0]})
    op_case("get negative indices", "get", [t([[1.0, 2.0], [3.0, 4.0]])], {"index": [-1, -2]})
    op_case("get 0-d", "get", [t(9.0)], {"index": []})
    op_case("get index 2 of size 2 is refused", "get", [t([[1.0, 2.0], [3.0, 4.0]])], {"index": [2, 0]},
            refuse=True)
    op_case("get index -3 of size 2 is refused", "get", [t([[1.0, 2.0], [3.0, 4.0]])], {"index": [0, -3]},
            refuse=True)
    op_case("toArray [2, 3]", "toArray", [R(2, 3)])
    op_case("toArray 0-d", "toArray", [t(1.5)])
    op_case("toArray2d [2, 3]", "toArray2d", [R(2, 3)])
    op_case("toArray2d [1, 1]", "toArray2d", [t([[2.5]])])
    for label, a, b, rt, at in (("equal", [1.0, 2.0], [1.0, 2.0], 1e-5, 1e-8),
                                ("within tolerance", [1.0, 2.0], [1.0 + 1e-9, 2.0], 1e-5, 1e-8),
                                ("outside tolerance", [1.0, 2.0], [1.1, 2.0], 1e-5, 1e-8),
                                ("broadcasts [3] against [2, 3]", [1.0, 2.0, 3.0],
                                 [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], 1e-5, 1e-8),
                                ("broadcasts 0-d against [3]", 2.0, [2.0, 2.0, 2.0], 0.0, 0.0),
                                ("infinities of the same sign", [float("inf")], [float("inf")], 0.0, 0.0)):
        op_case(f"allClose {label}", "allClose", [const(t(a)), const(t(b))], {"rtol": rt, "atol": at})
    op_case("allClose shapes [2] and [3] are refused", "allClose", [const(t([1.0, 2.0])), const(t([1.0, 2.0, 3.0]))],
            {"rtol": 1e-5, "atol": 1e-8}, refuse=True)
    for label, v in (("finite", [1.0, -2.0]), ("with NaN", [1.0, float("nan")]), ("with -inf", [float("-inf")]),
                     ("empty", [])):
        op_case(f"allFinite {label}", "allFinite", [const(t(v))])
    for label, v in (("[2, 3]", torch.zeros(2, 3)), ("0-d", t(1.0)), ("[0, 4]", torch.zeros(0, 4))):
        op_case(f"numel {label}", "numel", [const(v)])
        op_case(f"dim {label}", "dim", [const(v)])
    op_case("detach", "detach", [R(2, 3)])
    op_case("clone", "clone", [R(2, 3)])
    b = const(R(3))
    op_case("addInPlace broadcasting [3] into [2, 3]", "addInPlace", [const(R(2, 3)), b])
    op_case("addInPlace with alpha", "addInPlace.alpha", [const(R(2, 3)), const(R(2, 3))], {"alpha": -0.25})
    op_case("subInPlace", "subInPlace", [const(R(2, 3)), b])
    op_case("mulInPlace", "mulInPlace", [const(R(2, 3)), const(R(2, 1))])
    op_case("mulInPlace scalar", "mulInPlace.scalar", [const(R(2, 3))], {"value": 1.5})
    op_case("divInPlace", "divInPlace", [const(R(2, 3)), const(P(2, 1))])
    op_case("copyInPlace broadcasting", "copyInPlace", [const(R(2, 3)), b])
    op_case("fillInPlace", "fillInPlace", [const(R(2, 3))], {"value": 0.125})
    for key in ("addInPlace", "subInPlace", "mulInPlace", "divInPlace", "copyInPlace"):
        op_case(f"{key} of [2, 3] into [3] is refused", key, [const(R(3)), const(R(2, 3))], refuse=True)
        op_case(f"{key} on a variable outside NoGrad is refused", key, [R(3), const(R(3))], refuse=True)
    op_case("fillInPlace on a variable outside NoGrad is refused", "fillInPlace", [R(3)], {"value": 1.0},
            refuse=True)
    op_case("mulInPlace scalar on a variable outside NoGrad is refused", "mulInPlace.scalar", [R(3)], {"value": 2.0},
            refuse=True)


def autograd_api():
    op_case("backward of a non-scalar without a gradient is refused", "backward.nonScalar", [R(3)], refuse=True)
    op_case("backward with a gradient of the wrong shape is refused", "backward.gradientShape", [R(3)], refuse=True)
    op_case("backward of a tensor that does not require grad is refused", "backward.withoutGrad", [const(R(3))],
            refuse=True)
    op_case("backward twice through a freed graph is refused", "backward.twice", [R(3)], refuse=True)
    op_case("backward twice with retainGraph accumulates", "backward.retainGraph", [R(3)])
    op_case("backward after an input was changed in place is refused", "backward.afterInPlace",
            [R(3), const(R(3))], refuse=True)
    op_case("requiresGrad(false) on a non-leaf is refused", "requiresGrad.nonLeaf", [R(3)], refuse=True)
    op_case("Autograd.grad of a non-scalar is refused", "Autograd.grad.nonScalar", [R(3)], refuse=True)
    op_case("Autograd.grad with an input that does not require grad is refused", "Autograd.grad.inputWithoutGrad",
            [R(3), const(R(3))], refuse=True)
    op_case("Autograd.grad gives zeros for an unused input", "Autograd.grad.unused", [R(3), R(3)])


# ---------------------------------------------------------------- losses

def losses():
    for key in ("mse", "l1"):
        loss_case(f"{key} random [4, 3]", key, [R(4, 3), R(4, 3)])
        loss_case(f"{key} 0-d", key, [t(1.5), t(-0.5)])
        loss_case(f"{key} with exact matches", key, [t([1.0, 2.0, 3.0]), t([1.0, 0.0, 3.0])])
        for r in ("MEAN", "SUM", "NONE"):
            loss_case(f"{key} reduction {r}", f"{key}.reduction", [R(4, 3), R(4, 3)], {"reduction": r})
        loss_case(f"{key} of empty tensors", key, [torch.zeros(0), torch.zeros(0)])
        loss_case(f"{key} shapes [3] and [4] are refused", key, [R(3), R(4)], refuse=True)
        loss_case(f"{key} broadcasting [4, 1] against [4] is refused by design", key, [R(4, 1), R(4)],
                  descentRefusesByDesign="Descent's Loss refuses to broadcast prediction against target (the [n, 1]"
                                         " vs [n] mistake); torch broadcasts with a warning")
    loss_case("mse of two constant tensors is exact", "mse", [torch.full((49,), 3.0), torch.full((49,), 1.0)],
              **exact("(3 - 1)^2 = 4 for each of 49 elements: the sum is 196 and 196/49 is exactly 4"))
    loss_case("mse of full(0.5, 7) and zeros is exact", "mse", [torch.full((7,), 0.5), torch.zeros(7)],
              **exact("0.25·7/7 is exactly 0.25"))
    loss_case("huber random [4, 3]", "huber", [R(4, 3, lo=-3, hi=3), R(4, 3, lo=-3, hi=3)])
    loss_case("huber |d| equal to delta", "huber", [t([1.0, -1.0, 0.5, 2.0]), t([0.0, 0.0, 0.0, 0.0])])
    loss_case("huber delta 0.5", "huber.delta", [R(4, 3), R(4, 3)], {"delta": 0.5})
    loss_case("huber delta 2 on the boundary", "huber.delta", [t([2.0, -2.0, 0.0]), t([0.0, 0.0, 0.0])],
              {"delta": 2.0})
    for r in ("SUM", "NONE"):
        loss_case(f"huber reduction {r}", "huber.reduction", [R(4, 3), R(4, 3)], {"delta": 1.5, "reduction": r})
    loss_case("huber delta 0 is refused", "huber.delta", [R(3), R(3)], {"delta": 0.0}, refuse=True)
    loss_case("huber delta -1 is refused", "huber.delta", [R(3), R(3)], {"delta": -1.0}, refuse=True)
    loss_case("huber shapes [3] and [4] are refused", "huber", [R(3), R(4)], refuse=True)

    y = const(t([0.0, 4.0, 2.0, 2.0]))
    loss_case("crossEntropy class indices [4, 5]", "crossEntropy", [R(4, 5), y])
    loss_case("crossEntropy one sample [5] with a 0-d index", "crossEntropy", [R(5), const(t(3.0))])
    loss_case("crossEntropy probabilities [4, 5]", "crossEntropy", [R(4, 5), torch.softmax(R(4, 5)(Rng("p")), 1)])
    loss_case("crossEntropy one sample of probabilities", "crossEntropy", [R(5), t([0.1, 0.2, 0.3, 0.4, 0.0])])
    loss_case("crossEntropy of large logits", "crossEntropy",
              [t([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, 1000.0]]), const(t([1.0, 2.0]))])
    loss_case("crossEntropy of an empty batch is NaN", "crossEntropy", [torch.zeros(0, 5), const(torch.zeros(0))])
    loss_case("crossEntropy of tied logits", "crossEntropy", [t([[2.0, 2.0, 2.0], [1.0, 1.0, 0.0]]),
                                                              const(t([0.0, 1.0]))])
    for eps in (0.1, 1.0):
        loss_case(f"crossEntropy label smoothing {eps:g}", "crossEntropy.smoothing", [R(4, 5), y],
                  {"labelSmoothing": eps})
        loss_case(f"crossEntropy probabilities label smoothing {eps:g}", "crossEntropy.smoothing",
                  [R(3, 4), torch.softmax(R(3, 4)(Rng("q")), 1)], {"labelSmoothing": eps})
    for r in ("SUM", "NONE"):
        loss_case(f"crossEntropy reduction {r}", "crossEntropy.reduction", [R(4, 5), y],
                  {"labelSmoothing": 0.0, "reduction": r})
        loss_case(f"crossEntropy smoothing 0.2 reduction {r}", "crossEntropy.reduction", [R(4, 5), y],
                  {"labelSmoothing": 0.2, "reduction": r})
        loss_case(f"crossEntropy probabilities reduction {r}", "crossEntropy.reduction",
                  [R(3, 4), torch.softmax(R(3, 4)(Rng("r")), 1)], {"labelSmoothing": 0.0, "reduction": r})
    loss_case("crossEntropy target 5 of 5 classes is refused", "crossEntropy", [R(4, 5), const(t([0.0, 5.0, 1.0, 1.0]))],
              refuse=True)
    loss_case("crossEntropy target -1 is refused", "crossEntropy", [R(4, 5), const(t([0.0, -1.0, 1.0, 1.0]))],
              refuse=True)
    loss_case("crossEntropy target 1.5 is refused", "crossEntropy", [R(4, 5), const(t([0.0, 1.5, 1.0, 1.0]))],
              refuse=True)
    loss_case("crossEntropy 3 targets for a batch of 4 are refused", "crossEntropy", [R(4, 5), const(t([0.0, 1.0, 1.0]))],
              refuse=True)
    loss_case("crossEntropy label smoothing 1.5 is refused", "crossEntropy.smoothing", [R(4, 5), y],
              {"labelSmoothing": 1.5}, refuse=True)
    lp = torch.log_softmax(R(4, 5)(Rng("lp")), 1)
    loss_case("nllLoss [4, 5]", "nllLoss", [lp, y])
    loss_case("nllLoss one sample", "nllLoss", [lp[0], const(t(2.0))])
    for r in ("SUM", "NONE"):
        loss_case(f"nllLoss reduction {r}", "nllLoss.reduction", [lp, y], {"reduction": r})
    loss_case("nllLoss target 5 of 5 classes is refused", "nllLoss", [lp, const(t([0.0, 5.0, 1.0, 1.0]))], refuse=True)
    loss_case("nllLoss 3 targets for a batch of 4 are refused", "nllLoss", [lp, const(t([0.0, 1.0, 1.0]))],
              refuse=True)
    bt = R(3, 4, lo=0, hi=1)
    loss_case("binaryCrossEntropyWithLogits [3, 4]", "binaryCrossEntropyWithLogits", [R(3, 4, lo=-4, hi=4), bt])
    loss_case("binaryCrossEntropyWithLogits large logits and zeros", "binaryCrossEntropyWithLogits",
              [t([-1000.0, -40.0, 0.0, 0.0, 40.0, 1000.0]), t([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])])
    loss_case("binaryCrossEntropyWithLogits 0-d", "binaryCrossEntropyWithLogits", [t(0.3), t(1.0)])
    for r in ("SUM", "NONE"):
        loss_case(f"binaryCrossEntropyWithLogits reduction {r}", "binaryCrossEntropyWithLogits.reduction",
                  [R(3, 4), bt], {"reduction": r})
    loss_case("binaryCrossEntropyWithLogits shapes [3] and [4] are refused", "binaryCrossEntropyWithLogits",
              [R(3), R(4, lo=0, hi=1)], refuse=True)

    # the options of crossEntropy and nllLoss
    w5 = enc(t([1.0, 2.0, 0.5, 1.5, 0.25]))
    yi = const(t([0.0, -100.0, 2.0, 4.0]))
    base = {"weight": None, "ignoreIndex": -100, "labelSmoothing": 0.0, "reduction": "MEAN"}
    ce = [
        ("default options", R(4, 5), y, {}),
        ("class weights", R(4, 5), y, {"weight": w5}),
        ("class weights reduction SUM", R(4, 5), y, {"weight": w5, "reduction": "SUM"}),
        ("class weights reduction NONE", R(4, 5), y, {"weight": w5, "reduction": "NONE"}),
        ("ignore index -100 in the targets", R(4, 5), yi, {}),
        ("ignore index -100 with weights", R(4, 5), yi, {"weight": w5}),
        ("ignore index 2", R(4, 5), y, {"ignoreIndex": 2}),
        ("ignore index 2 with weights and smoothing 0.1", R(4, 5), y, {"ignoreIndex": 2, "weight": w5,
                                                                        "labelSmoothing": 0.1}),
        ("every target ignored gives NaN", R(2, 5), const(t([-100.0, -100.0])), {}),
        ("every target ignored reduction SUM", R(2, 5), const(t([-100.0, -100.0])), {"reduction": "SUM"}),
        ("smoothing 0.3 with weights", R(4, 5), y, {"weight": w5, "labelSmoothing": 0.3}),
        ("[N, C, d1] with targets [N, d1]", R(2, 5, 3), const(t([[0.0, 4.0, 1.0], [2.0, 2.0, -100.0]])), {}),
        ("[N, C, d1, d2] with weights", R(2, 3, 2, 2), const(t([[[0.0, 1.0], [2.0, 1.0]], [[1.0, 1.0], [0.0, 2.0]]])),
         {"weight": enc(t([0.5, 1.0, 2.0]))}),
        ("[N, C, d1] reduction NONE", R(2, 5, 3), const(t([[0.0, 4.0, 1.0], [2.0, 2.0, 3.0]])), {"reduction": "NONE"}),
        ("one sample [C] with a 0-d index and weights", R(5), const(t(3.0)), {"weight": w5}),
        ("probabilities with weights", R(3, 5), torch.softmax(R(3, 5)(Rng("pw")), 1), {"weight": w5}),
        ("probabilities with weights and smoothing 0.2", R(3, 5), torch.softmax(R(3, 5)(Rng("pw2")), 1),
         {"weight": w5, "labelSmoothing": 0.2}),
    ]
    for label, x, tgt, opts in ce:
        loss_case(f"crossEntropy options {label}", "crossEntropy.options", [x, tgt], dict(base, **opts))
    loss_case("crossEntropy options weight of 4 for 5 classes is refused", "crossEntropy.options", [R(4, 5), y],
              dict(base, weight=enc(t([1.0, 1.0, 1.0, 1.0]))), refuse=True)
    loss_case("crossEntropy options target 7 of 5 classes is refused", "crossEntropy.options",
              [R(4, 5), const(t([0.0, 7.0, 1.0, 1.0]))], dict(base), refuse=True)
    loss_case("crossEntropy options targets [2, 4] for [2, 5, 3] are refused", "crossEntropy.options",
              [R(2, 5, 3), const(torch.zeros(2, 4))], dict(base), refuse=True)
    nll = [
        ("default options", lp, y, {}),
        ("class weights", lp, y, {"weight": w5}),
        ("ignore index -100 with weights", lp, yi, {"weight": w5}),
        ("ignore index 4 reduction SUM", lp, y, {"ignoreIndex": 4, "reduction": "SUM"}),
        ("[N, C, d1] with weights reduction NONE", torch.log_softmax(R(2, 5, 3)(Rng("lp3")), 1),
         const(t([[0.0, 4.0, 1.0], [2.0, -100.0, 3.0]])), {"weight": w5, "reduction": "NONE"}),
    ]
    for label, x, tgt, opts in nll:
        loss_case(f"nllLoss options {label}", "nllLoss.options", [x, tgt], dict(base, **opts))
    loss_case("nllLoss options weight of 4 for 5 classes is refused", "nllLoss.options", [lp, y],
              dict(base, weight=enc(t([1.0, 1.0, 1.0, 1.0]))), refuse=True)
    # binaryCrossEntropy on probabilities
    pr = R(3, 4, lo=0.01, hi=0.99)
    loss_case("binaryCrossEntropy [3, 4]", "binaryCrossEntropy", [pr, bt])
    loss_case("binaryCrossEntropy 0-d", "binaryCrossEntropy", [t(0.25), t(1.0)])
    for r in ("MEAN", "SUM", "NONE"):
        loss_case(f"binaryCrossEntropy reduction {r}", "binaryCrossEntropy.reduction", [pr, bt], {"reduction": r})
    loss_case("binaryCrossEntropy at p = 0 and 1 (torch clamps the log at -100)", "binaryCrossEntropy.reduction",
              [t([0.0, 1.0, 0.0, 1.0]), t([0.0, 1.0, 1.0, 0.0])], {"reduction": "NONE"}, second=False,
              notes="torch clamps log(p) and log(1 - p) at -100 (documented in BCELoss), so -log(0) is 100;"
                    " its backward divides by max(p(1 - p), 1e-12)",
              skip={"grad": "torch's derivative at p = 0 or 1 divides by its clamp 1e-12, an artefact",
                    "gradUpstream": "as grad", "gradAccumulated": "as grad"})
    loss_case("binaryCrossEntropy p = 1.5 is refused", "binaryCrossEntropy", [t([0.5, 1.5]), t([0.0, 1.0])],
              refuse=True)
    loss_case("binaryCrossEntropy shapes [3] and [4] are refused", "binaryCrossEntropy",
              [R(3, lo=0.1, hi=0.9), R(4, lo=0, hi=1)], refuse=True)
    pw = enc(t([1.0, 2.0, 0.5, 3.0]))
    for label, x, tg, opts in (("pos weight [4] over [3, 4]", R(3, 4), bt, {"posWeight": pw, "reduction": "MEAN"}),
                               ("no pos weight reduction SUM", R(3, 4), bt, {"posWeight": None, "reduction": "SUM"}),
                               ("pos weight reduction NONE", R(3, 4), bt, {"posWeight": pw, "reduction": "NONE"}),
                               ("pos weight with large logits",
                                t([[-1000.0, 0.0, 40.0, 1000.0]]), t([[1.0, 1.0, 0.0, 0.0]]),
                                {"posWeight": pw, "reduction": "NONE"})):
        loss_case(f"binaryCrossEntropyWithLogits {label}", "binaryCrossEntropyWithLogits.posWeight", [x, tg], opts)
    loss_case("binaryCrossEntropyWithLogits pos weight [3] over [3, 4] is refused",
              "binaryCrossEntropyWithLogits.posWeight", [R(3, 4), bt],
              {"posWeight": enc(t([1.0, 2.0, 3.0])), "reduction": "MEAN"}, refuse=True)


# ---------------------------------------------------------------- layers

LAYER_SUITE = Suite("layer")


def torch_layer(spec):
    k, c = spec["layer"], spec.get("config", {})
    if k == "Linear":
        return nn.Linear(c["in"], c["out"], bias=c["bias"])
    if k == "BatchNorm1d":
        return nn.BatchNorm1d(c["features"], eps=c["eps"], momentum=c["momentum"], affine=c["affine"])
    if k == "BatchNorm1d.cumulative":
        return nn.BatchNorm1d(c["features"], eps=c["eps"], momentum=None, affine=c["affine"])
    if k == "LayerNorm":
        return nn.LayerNorm(c["features"], eps=c["eps"], elementwise_affine=c["elementwiseAffine"])
    if k == "ReLU":
        return nn.ReLU()
    if k == "Tanh":
        return nn.Tanh()
    if k == "Sigmoid":
        return nn.Sigmoid()
    if k == "LeakyReLU":
        return nn.LeakyReLU(c["slope"])
    if k == "Flatten":
        return nn.Flatten(c["startDim"], c["endDim"])
    if k == "Dropout":
        return nn.Dropout(c["p"])
    if k == "Sequential":
        return nn.Sequential(*[torch_layer(s) for s in c["layers"]])
    if k == "Conv2d":
        return nn.Conv2d(c["in"], c["out"], c["kernel"], stride=c["stride"], padding=c["padding"],
                         dilation=c["dilation"], groups=c["groups"], bias=c["bias"])
    if k == "MaxPool2d":
        return nn.MaxPool2d(c["kernel"], c["stride"], c["padding"], c["dilation"])
    if k == "AvgPool2d":
        return nn.AvgPool2d(c["kernel"], c["stride"], c["padding"])
    if k == "AdaptiveAvgPool2d":
        return nn.AdaptiveAvgPool2d((c["outH"], c["outW"]))
    if k == "BatchNorm2d":
        return nn.BatchNorm2d(c["features"], eps=c["eps"], momentum=c["momentum"], affine=c["affine"])
    if k == "BatchNorm2d.cumulative":
        return nn.BatchNorm2d(c["features"], eps=c["eps"], momentum=None, affine=c["affine"])
    if k == "Dropout2d":
        return nn.Dropout2d(c["p"])
    if k == "Unflatten":
        return nn.Unflatten(c["dim"], tuple(c["sizes"]))
    raise KeyError(k)


def L(key, **config):
    return {"layer": key, "config": config}


def linear(i, o, bias=True):
    return L("Linear", **{"in": i, "out": o, "bias": bias})


def bn(features, eps=1e-5, momentum=0.1, affine=True):
    return L("BatchNorm1d", features=features, eps=eps, momentum=momentum, affine=affine)


def cma(features, eps=1e-5, affine=True):
    """BatchNorm1d with momentum None: a cumulative moving average."""
    return L("BatchNorm1d.cumulative", features=features, eps=eps, affine=affine)


def ln(features, eps=1e-5, affine=True):
    return L("LayerNorm", features=features, eps=eps, elementwiseAffine=affine)


def layer_case(name, spec, x, train=True, warmup=(), refuse=False, second=True, batches_tracked=0, suite=None,
               must=None):
    """must: the word Descent's refusal must contain, where it is not the layer's name."""
    rng = Rng(name)
    x_in = as_in(x)
    xv = x_in.resolve(rng)
    warm = [as_in(w).resolve(rng) for w in warmup]
    template = torch_layer(spec)
    state = {}
    for k, v in template.state_dict().items():
        if k.endswith("num_batches_tracked"):
            state[k] = torch.tensor(float(batches_tracked))
        elif k.endswith("running_var"):
            state[k] = rng.uniform(list(v.shape), 0.5, 2.0)
        elif k.endswith("running_mean"):
            state[k] = rng.uniform(list(v.shape), -1.0, 1.0)
        else:
            state[k] = rng.uniform(list(v.shape), -1.0, 1.0)
    params = [k for k, _ in template.named_parameters()]
    case = {"name": name, "op": spec["layer"], "layer": spec, "train": train,
            "state": {k: enc(v) for k, v in state.items()}, "params": params,
            "warmup": [enc(w) for w in warm], "inputs": [dict(enc(xv), grad=x_in.grad)]}
    if spec["layer"] == "Sequential":
        case["mustName"] = "Sequential"
    if must:
        case["mustName"] = must

    def build():
        m = torch_layer(spec)
        m.load_state_dict({k: (v.long() if k.endswith("num_batches_tracked") else v) for k, v in state.items()})
        m.train(train)
        for w in warm:
            m(w.clone())
        xx = xv.detach().clone().requires_grad_(x_in.grad)
        out = m(xx)
        wrt = [xx if x_in.grad else None] + [dict(m.named_parameters())[p] for p in params]
        buffers = {k: enc(v) for k, v in m.state_dict().items() if k not in params}
        return wrt, out, {"stateAfter": buffers} if buffers else None

    return (suite or LAYER_SUITE).add(finish(case, lambda r, s: evaluate(build, r, s), rng, refuse, second))


def layers():
    layer_case("Linear(4, 3) batch [5, 4]", linear(4, 3), R(5, 4))
    layer_case("Linear(4, 3) one sample [4]", linear(4, 3), R(4))
    layer_case("Linear(4, 2) [2, 5, 4]", linear(4, 2), R(2, 5, 4))
    layer_case("Linear(3, 2) without bias", linear(3, 2, bias=False), R(4, 3))
    layer_case("Linear(4, 3) in eval mode", linear(4, 3), R(5, 4), train=False)
    layer_case("Linear(4, 3) empty batch [0, 4]", linear(4, 3), torch.zeros(0, 4))
    layer_case("Linear(4, 3) input [5, 3] is refused", linear(4, 3), R(5, 3), refuse=True)
    layer_case("Linear(4, 3) 0-d input is refused", linear(4, 3), t(1.0), refuse=True)
    layer_case("BatchNorm1d(3) train [6, 3]", bn(3), R(6, 3))
    layer_case("BatchNorm1d(3) train [4, 3, 5]", bn(3), R(4, 3, 5))
    layer_case("BatchNorm1d(3) train after two batches", bn(3), R(5, 3), warmup=[R(4, 3), R(6, 3, lo=0, hi=3)])
    layer_case("BatchNorm1d(3) momentum 0.3 after two batches", bn(3, momentum=0.3), R(5, 3),
               warmup=[R(4, 3), R(2, 3)], batches_tracked=7)
    layer_case("BatchNorm1d(3) momentum 0", bn(3, momentum=0.0), R(4, 3))
    layer_case("BatchNorm1d(3) momentum 1", bn(3, momentum=1.0), R(4, 3), warmup=[R(3, 3)])
    layer_case("BatchNorm1d(3) without affine", bn(3, affine=False), R(4, 3))
    layer_case("BatchNorm1d(2) eps 1e-3 with a constant feature", bn(2, eps=1e-3), t([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]]))
    layer_case("BatchNorm1d(2) train batch of 2", bn(2), R(2, 2))
    layer_case("BatchNorm1d(3) eval [5, 3]", bn(3), R(5, 3), train=False)
    layer_case("BatchNorm1d(3) eval [2, 3, 4]", bn(3), R(2, 3, 4), train=False)
    layer_case("BatchNorm1d(3) eval one sample [1, 3]", bn(3), R(1, 3), train=False)
    layer_case("BatchNorm1d(3) eval without affine", bn(3, affine=False), R(4, 3), train=False)
    layer_case("BatchNorm1d(3) train one sample is refused", bn(3), R(1, 3), refuse=True)
    layer_case("BatchNorm1d(3) train [1, 3, 1] is refused", bn(3), R(1, 3, 1), refuse=True)
    layer_case("BatchNorm1d(3) input [4, 2] is refused", bn(3), R(4, 2), refuse=True)
    layer_case("BatchNorm1d(3) input [3] is refused", bn(3), R(3), refuse=True)
    layer_case("BatchNorm1d(3) momentum null train after two batches", cma(3), R(5, 3), warmup=[R(4, 3), R(3, 3)])
    layer_case("BatchNorm1d(3) momentum null with batches tracked", cma(3), R(5, 3), warmup=[R(4, 3)],
               batches_tracked=4)
    layer_case("BatchNorm1d(3) momentum null eval", cma(3), R(5, 3), train=False)
    layer_case("LayerNorm(4) [3, 4]", ln(4), R(3, 4))
    layer_case("LayerNorm(4) [2, 3, 4]", ln(4), R(2, 3, 4))
    layer_case("LayerNorm(4) one sample [4]", ln(4), R(4))
    layer_case("LayerNorm(4) without affine", ln(4, affine=False), R(3, 4))
    layer_case("LayerNorm(3) eps 0.1 with a constant row", ln(3, eps=0.1), t([[2.0, 2.0, 2.0], [1.0, 0.0, -1.0]]))
    layer_case("LayerNorm(4) in eval mode", ln(4), R(3, 4), train=False)
    layer_case("LayerNorm(4) input [3, 5] is refused", ln(4), R(3, 5), refuse=True)
    layer_case("LayerNorm(4) 0-d input is refused", ln(4), t(1.0), refuse=True)
    zeros_in = t([[-2.0, -0.5, 0.0], [0.0, 1.5, 3.0]])
    for key in ("ReLU", "Tanh", "Sigmoid"):
        layer_case(f"{key} with zeros", L(key), zeros_in)
        layer_case(f"{key} random [2, 3, 4]", L(key), R(2, 3, 4))
        layer_case(f"{key} 0-d", L(key), t(-0.5))
    layer_case("LeakyReLU(0.01) with zeros", L("LeakyReLU", slope=0.01), zeros_in)
    layer_case("LeakyReLU(0.2) random [3, 4]", L("LeakyReLU", slope=0.2), R(3, 4))
    layer_case("Flatten() [2, 3, 4]", L("Flatten", startDim=1, endDim=-1), R(2, 3, 4))
    layer_case("Flatten(0, -1) [2, 3, 4]", L("Flatten", startDim=0, endDim=-1), R(2, 3, 4))
    layer_case("Flatten(1, 2) [2, 3, 4, 2]", L("Flatten", startDim=1, endDim=2), R(2, 3, 4, 2))
    layer_case("Flatten() [5, 1]", L("Flatten", startDim=1, endDim=-1), R(5, 1))
    layer_case("Flatten(0, -1) of a 0-d tensor", L("Flatten", startDim=0, endDim=-1), t(3.0))
    layer_case("Flatten() of a 0-d tensor is refused", L("Flatten", startDim=1, endDim=-1), t(3.0), refuse=True)
    layer_case("Flatten() of a vector is refused", L("Flatten", startDim=1, endDim=-1), R(5), refuse=True)
    layer_case("Flatten(2, 1) is refused", L("Flatten", startDim=2, endDim=1), R(5, 2, 3), refuse=True)
    layer_case("Dropout(0.5) in eval mode is the identity", L("Dropout", p=0.5), R(3, 4), train=False)
    layer_case("Dropout(0) in training mode is the identity", L("Dropout", p=0.0), R(3, 4))
    layer_case("Dropout(1) in eval mode is the identity", L("Dropout", p=1.0), R(3, 4), train=False)
    layer_case("Dropout(1) in training mode zeroes everything", L("Dropout", p=1.0), R(3, 4))
    mlp = L("Sequential", layers=[linear(4, 8), L("ReLU"), linear(8, 3)])
    layer_case("Sequential(Linear, ReLU, Linear)", mlp, R(5, 4))
    norm = L("Sequential", layers=[linear(4, 6), bn(6), L("Tanh"), L("Dropout", p=0.0), linear(6, 2)])
    layer_case("Sequential(Linear, BatchNorm1d, Tanh, Dropout, Linear) train", norm, R(5, 4))
    layer_case("Sequential(Linear, BatchNorm1d, Tanh, Dropout, Linear) eval", norm, R(5, 4), train=False)
    flat = L("Sequential", layers=[L("Flatten", startDim=1, endDim=-1), linear(6, 4), ln(4),
                                   L("LeakyReLU", slope=0.1), linear(4, 1, bias=False), L("Sigmoid")])
    layer_case("Sequential(Flatten, Linear, LayerNorm, LeakyReLU, Linear, Sigmoid)", flat, R(3, 2, 3))


# ---------------------------------------------------------------- convolution and pooling (convolution.json)

CONV_SUITE = Suite("convolution")


def conv_case(name, key, inputs=(), args=None, **kw):
    return op_case(name, key, inputs, args, suite=CONV_SUITE, **kw)


def conv_options(stride=(1,), padding=(0,), dilation=(1,), groups=1):
    return {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups}


def pool(kernel, stride=None, padding=(0,), dilation=(1,)):
    return {"kernel": list(kernel), "stride": None if stride is None else list(stride), "padding": list(padding),
            "dilation": list(dilation)}


def avg(kernel, stride=None, padding=(0,)):
    return {"kernel": list(kernel), "stride": None if stride is None else list(stride), "padding": list(padding)}


def convolution_ops():
    # conv2d: weight [out, in/groups, kH, kW]
    conv_case("conv2d [2, 3, 5, 5] with [4, 3, 3, 3] and bias", "conv2d", [R(2, 3, 5, 5), R(4, 3, 3, 3), R(4)])
    conv_case("conv2d without bias", "conv2d", [R(2, 3, 5, 4), R(2, 3, 2, 2)])
    conv_case("conv2d unbatched [3, 5, 5]", "conv2d", [R(3, 5, 5), R(4, 3, 3, 3), R(4)])
    conv_case("conv2d 1x1 kernel", "conv2d", [R(2, 3, 3, 4), R(5, 3, 1, 1), R(5)])
    conv_case("conv2d kernel the size of the input", "conv2d", [R(2, 2, 3, 3), R(3, 2, 3, 3), R(3)])
    conv_case("conv2d rectangular kernel [2, 3]", "conv2d", [R(1, 2, 4, 6), R(3, 2, 2, 3), R(3)])
    conv_case("conv2d input that does not require grad", "conv2d", [const(R(2, 2, 4, 4)), R(3, 2, 3, 3), R(3)])
    conv_case("conv2d weight that does not require grad", "conv2d", [R(2, 2, 4, 4), const(R(3, 2, 3, 3))])
    conv_case("conv2d empty batch [0, 3, 5, 5]", "conv2d", [torch.zeros(0, 3, 5, 5), R(4, 3, 3, 3), R(4)])
    conv_case("conv2d [2, 6, 8, 8] with [8, 6, 3, 3] padding 1", "conv2d.options",
              [R(2, 6, 8, 8), R(8, 6, 3, 3), R(8)], conv_options(padding=(1,)), second=False)
    conv_case("conv2d stride 2 padding 1", "conv2d.options", [R(2, 3, 6, 6), R(4, 3, 3, 3), R(4)],
              conv_options(stride=(2,), padding=(1,)))
    conv_case("conv2d stride 3 leaves the last rows out", "conv2d.options", [R(1, 2, 8, 7), R(2, 2, 3, 3), R(2)],
              conv_options(stride=(3,)))
    conv_case("conv2d dilation 2", "conv2d.options", [R(2, 2, 7, 7), R(3, 2, 3, 3), R(3)],
              conv_options(dilation=(2,)))
    conv_case("conv2d stride (2, 1) padding (1, 2) dilation (2, 1)", "conv2d.options",
              [R(2, 3, 7, 6), R(4, 3, 3, 2), R(4)], conv_options((2, 1), (1, 2), (2, 1)))
    conv_case("conv2d stride (1, 3) padding (0, 1) dilation (1, 2)", "conv2d.options",
              [R(1, 2, 5, 9), R(3, 2, 2, 3), R(3)], conv_options((1, 3), (0, 1), (1, 2)))
    conv_case("conv2d padding 3 wider than the kernel", "conv2d.options", [R(1, 2, 3, 3), R(2, 2, 2, 2), R(2)],
              conv_options(padding=(3,)))
    conv_case("conv2d groups 2", "conv2d.options", [R(2, 4, 5, 5), R(6, 2, 3, 3), R(6)], conv_options(groups=2))
    conv_case("conv2d groups 2 without bias stride 2 padding 1", "conv2d.options", [R(2, 4, 6, 5), R(4, 2, 3, 3)],
              conv_options(stride=(2,), padding=(1,), groups=2))
    conv_case("conv2d groups 2 dilation 2 padding 2", "conv2d.options", [R(1, 4, 6, 6), R(2, 2, 3, 3), R(2)],
              conv_options(padding=(2,), dilation=(2,), groups=2))
    conv_case("conv2d depthwise groups 3", "conv2d.options", [R(2, 3, 5, 5), R(6, 1, 3, 3), R(6)],
              conv_options(padding=(1,), groups=3))
    conv_case("conv2d unbatched [4, 5, 5] groups 2 stride 2", "conv2d.options", [R(4, 5, 5), R(2, 2, 3, 3), R(2)],
              conv_options(stride=(2,), groups=2))
    # refusals
    conv_case("conv2d input with 2 channels for weight [4, 3, 3, 3] is refused", "conv2d",
              [R(2, 2, 5, 5), R(4, 3, 3, 3), R(4)], refuse=True)
    conv_case("conv2d input [1, 3, 2, 2] smaller than the kernel is refused", "conv2d",
              [R(1, 3, 2, 2), R(4, 3, 3, 3), R(4)], refuse=True)
    conv_case("conv2d input [1, 1, 4, 4] smaller than the dilated kernel is refused", "conv2d.options",
              [R(1, 1, 4, 4), R(1, 1, 3, 3)], conv_options(dilation=(2,)), refuse=True)
    conv_case("conv2d bias [3] for 4 out channels is refused", "conv2d", [R(2, 3, 5, 5), R(4, 3, 3, 3), R(3)],
              refuse=True)
    conv_case("conv2d input [5, 5] is refused", "conv2d", [R(5, 5), R(4, 1, 3, 3)], refuse=True)
    conv_case("conv2d weight [4, 3, 3] is refused", "conv2d", [R(1, 3, 5, 5), R(4, 3, 3)], refuse=True)
    conv_case("conv2d groups 2 with 3 input channels is refused", "conv2d.options", [R(1, 3, 5, 5), R(4, 1, 3, 3)],
              conv_options(groups=2), refuse=True)
    conv_case("conv2d groups 2 with 3 out channels is refused", "conv2d.options", [R(1, 4, 5, 5), R(3, 2, 3, 3)],
              conv_options(groups=2), refuse=True)
    conv_case("conv2d groups 0 is refused", "conv2d.options", [R(1, 2, 5, 5), R(2, 2, 3, 3)],
              conv_options(groups=0), refuse=True)
    conv_case("conv2d stride 0 is refused", "conv2d.options", [R(1, 2, 5, 5), R(2, 2, 3, 3)],
              conv_options(stride=(0,)), refuse=True)
    conv_case("conv2d padding -1 is refused", "conv2d.options", [R(1, 2, 5, 5), R(2, 2, 3, 3)],
              conv_options(padding=(-1,)), refuse=True)

    # max_pool2d: the gradient goes to the first maximum of each window in row-major order (the last NaN)
    conv_case("maxPool2d 2 [2, 3, 6, 6]", "maxPool2d", [R(2, 3, 6, 6)], pool((2,)))
    conv_case("maxPool2d 2 of [1, 2, 5, 5] leaves the last row out", "maxPool2d", [R(1, 2, 5, 5)], pool((2,)))
    conv_case("maxPool2d 3 stride 2 padding 1", "maxPool2d", [R(1, 2, 7, 7)], pool((3,), (2,), (1,)))
    conv_case("maxPool2d 3 stride 1 dilation 2", "maxPool2d", [R(1, 2, 7, 7)], pool((3,), (1,), (0,), (2,)))
    conv_case("maxPool2d 3 stride 2 padding 1 dilation 2", "maxPool2d", [R(1, 2, 8, 8)], pool((3,), (2,), (1,), (2,)))
    conv_case("maxPool2d (2, 3) stride (1, 2) padding (1, 1) dilation (1, 2)", "maxPool2d", [R(2, 2, 5, 7)],
              pool((2, 3), (1, 2), (1, 1), (1, 2)))
    conv_case("maxPool2d unbatched [2, 5, 5]", "maxPool2d", [R(2, 5, 5)], pool((2,), (1,)))
    conv_case("maxPool2d empty batch [0, 2, 4, 4]", "maxPool2d", [torch.zeros(0, 2, 4, 4)], pool((2,)))
    ties = t([[[[1.0, 1.0, 0.0, 2.0, 2.0],
                [1.0, 1.0, 2.0, 2.0, -1.0],
                [0.0, 3.0, 3.0, 0.0, 2.0],
                [3.0, 3.0, 0.0, 3.0, 2.0]]]])
    conv_case("maxPool2d 2 stride 1 with ties in overlapping windows", "maxPool2d", [ties], pool((2,), (1,)))
    conv_case("maxPool2d 3 stride 1 padding 1 with ties", "maxPool2d", [ties], pool((3,), (1,), (1,)))
    conv_case("maxPool2d 2 stride 2 with ties", "maxPool2d", [ties], pool((2,), (2,)))
    conv_case("maxPool2d 2 stride 1 dilation 2 with ties", "maxPool2d", [ties], pool((2,), (1,), (0,), (2,)))
    conv_case("maxPool2d 3 stride 1 padding 1 of a constant plane", "maxPool2d", [torch.full((1, 1, 3, 4), 0.5)],
              pool((3,), (1,), (1,)))
    conv_case("maxPool2d 2 stride 2 padding 1 of negative values: padding is never the maximum", "maxPool2d",
              [R(1, 2, 4, 5, lo=-3, hi=-1)], pool((2,), (2,), (1,)))
    conv_case("maxPool2d 2 stride 1 with NaN", "maxPool2d",
              [t([[[[1.0, float("nan"), 0.0], [2.0, 5.0, float("nan")], [float("nan"), 0.0, 1.0]]]])],
              pool((2,), (1,)))
    conv_case("maxPool2d 2 padding 2 is refused", "maxPool2d", [R(1, 2, 6, 6)], pool((2,), None, (2,)), refuse=True)
    conv_case("maxPool2d 3 padding 2 is refused", "maxPool2d", [R(1, 2, 6, 6)], pool((3,), (1,), (2,)), refuse=True)
    conv_case("maxPool2d 3 padding 2 dilation 2 is refused", "maxPool2d", [R(1, 2, 7, 7)],
              pool((3,), (1,), (2,), (2,)), refuse=True)
    conv_case("maxPool2d 3 of [1, 1, 2, 2] is refused", "maxPool2d", [R(1, 1, 2, 2)], pool((3,)), refuse=True)
    conv_case("maxPool2d of [5, 5] is refused", "maxPool2d", [R(5, 5)], pool((2,)), refuse=True)
    conv_case("maxPool2d stride 0 is refused", "maxPool2d", [R(1, 2, 4, 4)], pool((2,), (0,)), refuse=True)
    conv_case("maxPool2d kernel 0 is refused", "maxPool2d", [R(1, 2, 4, 4)], pool((0,)), refuse=True)

    # avg_pool2d, padding counted as zeros (count_include_pad=True)
    conv_case("avgPool2d 2 [2, 3, 6, 6]", "avgPool2d", [R(2, 3, 6, 6)], avg((2,)))
    conv_case("avgPool2d 2 of [1, 2, 5, 5] leaves the last row out", "avgPool2d", [R(1, 2, 5, 5)], avg((2,)))
    conv_case("avgPool2d 3 stride 2 padding 1 counts the padding", "avgPool2d", [R(1, 2, 7, 7)], avg((3,), (2,), (1,)))
    conv_case("avgPool2d (2, 3) stride (1, 2) padding (1, 1)", "avgPool2d", [R(2, 2, 5, 7)], avg((2, 3), (1, 2), (1, 1)))
    conv_case("avgPool2d 3 stride 1 unbatched [2, 4, 5]", "avgPool2d", [R(2, 4, 5)], avg((3,), (1,)))
    conv_case("avgPool2d 2 padding 2 is refused", "avgPool2d", [R(1, 2, 6, 6)], avg((2,), None, (2,)), refuse=True)
    conv_case("avgPool2d 3 of [1, 1, 2, 2] is refused", "avgPool2d", [R(1, 1, 2, 2)], avg((3,)), refuse=True)
    conv_case("avgPool2d of [5, 5] is refused", "avgPool2d", [R(5, 5)], avg((2,)), refuse=True)
    conv_case("avgPool2d stride 0 is refused", "avgPool2d", [R(1, 2, 4, 4)], avg((2,), (0,)), refuse=True)

    # adaptive_avg_pool2d: output row i averages input rows floor(i·H/outH) to ceil((i + 1)·H/outH) − 1
    conv_case("adaptiveAvgPool2d [2, 3, 7, 5] to 3x2", "adaptiveAvgPool2d", [R(2, 3, 7, 5)], {"outH": 3, "outW": 2})
    conv_case("adaptiveAvgPool2d [1, 2, 5, 7] to 3x4", "adaptiveAvgPool2d", [R(1, 2, 5, 7)], {"outH": 3, "outW": 4})
    conv_case("adaptiveAvgPool2d [2, 2, 6, 6] to 3x3", "adaptiveAvgPool2d", [R(2, 2, 6, 6)], {"outH": 3, "outW": 3})
    conv_case("adaptiveAvgPool2d to 1x1 is the global mean", "adaptiveAvgPool2d", [R(2, 3, 4, 5)],
              {"outH": 1, "outW": 1})
    conv_case("adaptiveAvgPool2d [1, 1, 3, 3] to 5x4 larger than the input", "adaptiveAvgPool2d", [R(1, 1, 3, 3)],
              {"outH": 5, "outW": 4})
    conv_case("adaptiveAvgPool2d unbatched [2, 5, 7] to 4x3", "adaptiveAvgPool2d", [R(2, 5, 7)],
              {"outH": 4, "outW": 3})
    conv_case("adaptiveAvgPool2d of [5, 5] is refused", "adaptiveAvgPool2d", [R(5, 5)], {"outH": 2, "outW": 2},
              refuse=True)
    conv_case("adaptiveAvgPool2d to 0x2 is refused", "adaptiveAvgPool2d", [R(1, 2, 5, 5)], {"outH": 0, "outW": 2},
              refuse=True, notes="torch's forward returns an empty [1, 2, 0, 2] and its backward refuses it;"
                                 " Descent refuses an output size below 1 in the forward pass")


def conv2d_layer(i, o, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    return L("Conv2d", **{"in": i, "out": o, "kernel": k, "stride": stride, "padding": padding, "dilation": dilation,
                          "groups": groups, "bias": bias})


def max_pool(k, stride=None, padding=0, dilation=1):
    return L("MaxPool2d", kernel=k, stride=k if stride is None else stride, padding=padding, dilation=dilation)


def avg_pool(k, stride=None, padding=0):
    return L("AvgPool2d", kernel=k, stride=k if stride is None else stride, padding=padding)


def bn2d(features, eps=1e-5, momentum=0.1, affine=True):
    return L("BatchNorm2d", features=features, eps=eps, momentum=momentum, affine=affine)


def conv_layer_case(name, spec, x, **kw):
    return layer_case(name, spec, x, suite=CONV_SUITE, **kw)


def convolution_layers():
    conv_layer_case("Conv2d(3, 4, 3) [2, 3, 5, 5]", conv2d_layer(3, 4, 3), R(2, 3, 5, 5))
    conv_layer_case("Conv2d(3, 4, 3) one image [3, 5, 5]", conv2d_layer(3, 4, 3), R(3, 5, 5))
    conv_layer_case("Conv2d(2, 3, 3) stride 2 padding 1", conv2d_layer(2, 3, 3, stride=2, padding=1), R(2, 2, 6, 5))
    conv_layer_case("Conv2d(2, 2, 3) dilation 2 padding 2", conv2d_layer(2, 2, 3, padding=2, dilation=2), R(1, 2, 5, 5))
    conv_layer_case("Conv2d(4, 6, 3) groups 2 padding 1 without bias",
                    conv2d_layer(4, 6, 3, padding=1, groups=2, bias=False), R(2, 4, 4, 4))
    conv_layer_case("Conv2d(3, 4, 2) in eval mode", conv2d_layer(3, 4, 2), R(2, 3, 4, 4), train=False)
    conv_layer_case("Conv2d(3, 4, 3) input with 2 channels is refused", conv2d_layer(3, 4, 3), R(2, 2, 5, 5),
                    refuse=True)
    conv_layer_case("Conv2d(3, 4, 3) input [1, 3, 2, 2] smaller than the kernel is refused", conv2d_layer(3, 4, 3),
                    R(1, 3, 2, 2), refuse=True, must="conv2d")
    conv_layer_case("MaxPool2d(2) [2, 3, 4, 5]", max_pool(2), R(2, 3, 4, 5))
    conv_layer_case("MaxPool2d(3, 2, 1, 1)", max_pool(3, 2, 1), R(1, 2, 7, 6))
    conv_layer_case("MaxPool2d(2, 1, 1, 2)", max_pool(2, 1, 1, 2), R(1, 2, 5, 5))
    conv_layer_case("MaxPool2d(2) of [1, 1, 1, 1] is refused", max_pool(2), R(1, 1, 1, 1), refuse=True,
                    must="max_pool2d")
    conv_layer_case("MaxPool2d(2, 2, 2, 1) padding above half the kernel is refused", max_pool(2, 2, 2), R(1, 1, 6, 6),
                    refuse=True)
    conv_layer_case("MaxPool2d(3, 1, 2, 2) padding above half the kernel is refused", max_pool(3, 1, 2, 2),
                    R(1, 1, 7, 7), refuse=True)
    conv_layer_case("AvgPool2d(2) [2, 3, 4, 5]", avg_pool(2), R(2, 3, 4, 5))
    conv_layer_case("AvgPool2d(3, 2, 1)", avg_pool(3, 2, 1), R(1, 2, 7, 6))
    conv_layer_case("AvgPool2d(3, 1, 2) padding above half the kernel is refused", avg_pool(3, 1, 2), R(1, 1, 6, 6),
                    refuse=True)
    conv_layer_case("AdaptiveAvgPool2d(3, 2) [2, 3, 7, 5]", L("AdaptiveAvgPool2d", outH=3, outW=2), R(2, 3, 7, 5))
    conv_layer_case("AdaptiveAvgPool2d(1, 1) [2, 3, 4, 4]", L("AdaptiveAvgPool2d", outH=1, outW=1), R(2, 3, 4, 4))
    conv_layer_case("BatchNorm2d(3) train [4, 3, 2, 3]", bn2d(3), R(4, 3, 2, 3))
    conv_layer_case("BatchNorm2d(3) train [1, 3, 2, 2]", bn2d(3), R(1, 3, 2, 2))
    conv_layer_case("BatchNorm2d(3) train after two batches", bn2d(3), R(3, 3, 2, 2),
                    warmup=[R(2, 3, 3, 2), R(4, 3, 2, 2, lo=0, hi=3)])
    conv_layer_case("BatchNorm2d(3) momentum 0.3 after a batch", bn2d(3, momentum=0.3), R(2, 3, 2, 2),
                    warmup=[R(3, 3, 2, 2)], batches_tracked=5)
    conv_layer_case("BatchNorm2d(2) eps 1e-3 with a constant channel", bn2d(2, eps=1e-3),
                    t([[[[1.0, 1.0], [1.0, 1.0]], [[2.0, -1.0], [0.5, 0.0]]],
                       [[[1.0, 1.0], [1.0, 1.0]], [[1.5, 3.0], [-2.0, 0.25]]]]))
    conv_layer_case("BatchNorm2d(3) without affine", bn2d(3, affine=False), R(2, 3, 2, 2))
    conv_layer_case("BatchNorm2d(3) momentum null after two batches",
                    L("BatchNorm2d.cumulative", features=3, eps=1e-5, affine=True), R(2, 3, 2, 2),
                    warmup=[R(3, 3, 2, 2), R(2, 3, 3, 3)])
    conv_layer_case("BatchNorm2d(3) eval [2, 3, 2, 3]", bn2d(3), R(2, 3, 2, 3), train=False)
    conv_layer_case("BatchNorm2d(3) eval one image [1, 3, 1, 1]", bn2d(3), R(1, 3, 1, 1), train=False)
    conv_layer_case("BatchNorm2d(3) eval without affine", bn2d(3, affine=False), R(2, 3, 2, 2), train=False)
    conv_layer_case("BatchNorm2d(3) train one value per channel [1, 3, 1, 1] is refused", bn2d(3), R(1, 3, 1, 1),
                    refuse=True)
    conv_layer_case("BatchNorm2d(3) input [2, 2, 3, 3] is refused", bn2d(3), R(2, 2, 3, 3), refuse=True)
    conv_layer_case("BatchNorm2d(3) input [4, 3, 5] is refused", bn2d(3), R(4, 3, 5), refuse=True)
    # Only the deterministic p (0, 1) and eval mode: torch's generator draws other masks. (torch reads a 3-D input
    # as [N, C, L], Descent as [C, H, W]; with p 0 or 1 both are the identity or zero.)
    conv_layer_case("Dropout2d(0.5) in eval mode is the identity", L("Dropout2d", p=0.5), R(2, 3, 2, 2), train=False)
    conv_layer_case("Dropout2d(0) in training mode is the identity", L("Dropout2d", p=0.0), R(2, 3, 2, 2))
    conv_layer_case("Dropout2d(1) in training mode zeroes everything", L("Dropout2d", p=1.0), R(2, 3, 2, 2))
    conv_layer_case("Unflatten(1, [2, 3]) [4, 6]", L("Unflatten", dim=1, sizes=[2, 3]), R(4, 6))
    conv_layer_case("Unflatten(-1, [1, 2, 2]) [3, 2, 4]", L("Unflatten", dim=-1, sizes=[1, 2, 2]), R(3, 2, 4))
    conv_layer_case("Unflatten(1, [2, 4]) of [4, 6] is refused", L("Unflatten", dim=1, sizes=[2, 4]), R(4, 6),
                    refuse=True)
    cnn = L("Sequential", layers=[conv2d_layer(1, 4, 3, padding=1), bn2d(4), L("ReLU"), max_pool(2),
                                  conv2d_layer(4, 8, 3, padding=2, dilation=2, groups=2), L("ReLU"), avg_pool(2),
                                  L("Flatten", startDim=1, endDim=-1), linear(8 * 2 * 2, 10)])
    conv_layer_case("Sequential CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Conv2d, ReLU, AvgPool2d, Flatten, Linear)"
                    " train", cnn, R(3, 1, 8, 8))
    conv_layer_case("Sequential CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Conv2d, ReLU, AvgPool2d, Flatten, Linear)"
                    " eval", cnn, R(3, 1, 8, 8), train=False)
    pixels = L("Sequential", layers=[L("Unflatten", dim=1, sizes=[1, 4, 4]), conv2d_layer(1, 2, 3, stride=1),
                                     L("AdaptiveAvgPool2d", outH=1, outW=1), L("Flatten", startDim=1, endDim=-1),
                                     linear(2, 3)])
    conv_layer_case("Sequential(Unflatten, Conv2d, AdaptiveAvgPool2d, Flatten, Linear)", pixels, R(2, 16))


# ---------------------------------------------------------------- optimizers

OPT_SUITE = Suite("optimizer")
STEPS = 20
SHAPES = [(3, 2), (4,), ()]

DEFAULTS = {
    "Sgd": {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "nesterov": False, "weightDecay": 0.0},
    "Adam": {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0.0, "amsgrad": False},
    "AdamW": {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0.01, "amsgrad": False},
    "RmsProp": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weightDecay": 0.0, "momentum": 0.0, "centered": False},
    "Adagrad": {"lr": 0.1, "lrDecay": 0.0, "weightDecay": 0.0, "initialAccumulatorValue": 0.0, "eps": 1e-10},
}


def torch_optimizer(kind, params, o):
    kind = kind.split(".")[0]
    maximize = o.get("maximize", False)
    if kind == "Sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"], dampening=o["dampening"],
                               weight_decay=o["weightDecay"], nesterov=o["nesterov"], maximize=maximize)
    if kind in ("Adam", "AdamW"):
        cls = torch.optim.Adam if kind == "Adam" else torch.optim.AdamW
        return cls(params, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"], weight_decay=o["weightDecay"],
                   amsgrad=o["amsgrad"], maximize=maximize)
    if kind == "RmsProp":
        return torch.optim.RMSprop(params, lr=o["lr"], alpha=o["alpha"], eps=o["eps"], weight_decay=o["weightDecay"],
                                   momentum=o["momentum"], centered=o["centered"], maximize=maximize)
    if kind == "Adagrad":
        return torch.optim.Adagrad(params, lr=o["lr"], lr_decay=o["lrDecay"], weight_decay=o["weightDecay"],
                                   initial_accumulator_value=o["initialAccumulatorValue"], eps=o["eps"],
                                   maximize=maximize)
    raise KeyError(kind)


def training_problem(rng):
    """Parameters and the loss sum(c·sin(p) + a·p²/2) whose gradients drive the optimizers."""
    params = [rng.uniform(list(s), -2, 2) for s in SHAPES]
    cs = [rng.uniform(list(s), -1, 1) for s in SHAPES]
    as_ = [rng.uniform(list(s), 0.5, 2) for s in SHAPES]

    def grads(ps):
        loss = sum((c * torch.sin(p) + 0.5 * a * p * p).sum() for p, c, a in zip(ps, cs, as_))
        return torch.autograd.grad(loss, ps)
    return params, grads


def optimizer_case(name, kind, refuse=False, skip_steps=(3, 7), **options):
    rng = Rng(name)
    o = dict(DEFAULTS[kind.split(".")[0]], **options)
    params, grads = training_problem(rng)
    case = {"name": name, "op": kind, "options": o, "params": [enc(p) for p in params]}
    assert name not in ALL_NAMES
    ALL_NAMES.add(name)
    ps = [p.clone().requires_grad_(True) for p in params]
    try:
        opt = torch_optimizer(kind, ps, o)
    except (ValueError, RuntimeError) as e:
        assert refuse, f"{name}: torch refused unexpectedly: {e}"
        case["refusal"] = {"torch": refusal_text(e), "mustName": kind.split(".")[0]}
        return OPT_SUITE.add(case)
    assert not refuse, f"{name}: torch accepted a case written as a refusal"
    steps = []
    for k in range(STEPS):
        gs = grads(ps)
        given = []
        for i, (p, g) in enumerate(zip(ps, gs)):
            # The last parameter gets no gradient in a few steps: optimizers skip it, its state stays.
            if i == len(ps) - 1 and k in skip_steps:
                p.grad = None
                given.append(None)
            else:
                p.grad = g.detach().clone()
                given.append(enc(g))
        opt.step()
        steps.append({"grads": given, "params": [enc(p) for p in ps]})
    state = {}
    for i, p in enumerate(ps):
        for key, v in opt.state[p].items():
            if isinstance(v, torch.Tensor):
                state[f"state.{i}.{key}"] = enc(v)
    case["expect"] = {"steps": steps, "state": state}
    return OPT_SUITE.add(case)


def optimizers():
    optimizer_case("Sgd lr 0.1", "Sgd")
    optimizer_case("Sgd momentum 0.9", "Sgd", momentum=0.9)
    optimizer_case("Sgd momentum 0.9 dampening 0.5", "Sgd", momentum=0.9, dampening=0.5)
    optimizer_case("Sgd Nesterov momentum 0.8", "Sgd", momentum=0.8, nesterov=True)
    optimizer_case("Sgd weight decay 0.05", "Sgd", weightDecay=0.05)
    optimizer_case("Sgd Nesterov with weight decay", "Sgd", lr=0.05, momentum=0.9, nesterov=True, weightDecay=0.01)
    optimizer_case("Sgd lr 0 is accepted", "Sgd", lr=0.0, momentum=0.9)
    optimizer_case("Sgd maximize", "Sgd.maximize", maximize=True)
    optimizer_case("Sgd maximize with momentum and weight decay", "Sgd.maximize", maximize=True, momentum=0.9,
                   weightDecay=0.1)
    optimizer_case("Sgd lr -0.1 is refused", "Sgd", lr=-0.1, refuse=True)
    optimizer_case("Sgd momentum -0.5 is refused", "Sgd", momentum=-0.5, refuse=True)
    optimizer_case("Sgd weight decay -1 is refused", "Sgd", weightDecay=-1.0, refuse=True)
    optimizer_case("Sgd Nesterov without momentum is refused", "Sgd", nesterov=True, refuse=True)
    optimizer_case("Sgd Nesterov with dampening is refused", "Sgd", nesterov=True, momentum=0.9, dampening=0.1,
                   refuse=True)
    for kind in ("Adam", "AdamW"):
        optimizer_case(f"{kind} defaults", kind)
        optimizer_case(f"{kind} AMSGrad", kind, amsgrad=True)
        optimizer_case(f"{kind} weight decay 0.1", kind, weightDecay=0.1)
        optimizer_case(f"{kind} betas (0.5, 0.9) eps 1e-6", kind, beta1=0.5, beta2=0.9, eps=1e-6)
        optimizer_case(f"{kind} AMSGrad weight decay 0.05 lr 0.1", kind, amsgrad=True, weightDecay=0.05, lr=0.1)
        optimizer_case(f"{kind} beta1 0 eps 0", kind, beta1=0.0, eps=0.0)
        optimizer_case(f"{kind} lr 0 is accepted", kind, lr=0.0)
        optimizer_case(f"{kind} maximize", f"{kind}.maximize", maximize=True)
        optimizer_case(f"{kind} maximize AMSGrad", f"{kind}.maximize", maximize=True, amsgrad=True)
        optimizer_case(f"{kind} lr -1 is refused", kind, lr=-1.0, refuse=True)
        optimizer_case(f"{kind} beta1 1 is refused", kind, beta1=1.0, refuse=True)
        optimizer_case(f"{kind} beta2 -0.1 is refused", kind, beta2=-0.1, refuse=True)
        optimizer_case(f"{kind} eps -1e-8 is refused", kind, eps=-1e-8, refuse=True)
        optimizer_case(f"{kind} weight decay -0.1 is refused", kind, weightDecay=-0.1, refuse=True)
    optimizer_case("AdamW weight decay 0", "AdamW", weightDecay=0.0)
    optimizer_case("RmsProp defaults", "RmsProp")
    optimizer_case("RmsProp alpha 0.9", "RmsProp", alpha=0.9)
    optimizer_case("RmsProp centered", "RmsProp", centered=True)
    optimizer_case("RmsProp momentum 0.5", "RmsProp", momentum=0.5)
    optimizer_case("RmsProp centered momentum 0.9 weight decay 0.1", "RmsProp", centered=True, momentum=0.9,
                   weightDecay=0.1)
    optimizer_case("RmsProp eps 1e-4 lr 0.05", "RmsProp", eps=1e-4, lr=0.05)
    optimizer_case("RmsProp lr 0 is accepted", "RmsProp", lr=0.0)
    optimizer_case("RmsProp maximize", "RmsProp.maximize", maximize=True)
    optimizer_case("RmsProp maximize centered momentum", "RmsProp.maximize", maximize=True, centered=True,
                   momentum=0.5)
    optimizer_case("RmsProp alpha -0.1 is refused", "RmsProp", alpha=-0.1, refuse=True)
    optimizer_case("RmsProp momentum -0.1 is refused", "RmsProp", momentum=-0.1, refuse=True)
    optimizer_case("RmsProp eps -1 is refused", "RmsProp", eps=-1.0, refuse=True)
    optimizer_case("Adagrad defaults", "Adagrad")
    optimizer_case("Adagrad lr decay 0.01", "Adagrad", lrDecay=0.01)
    optimizer_case("Adagrad weight decay 0.1", "Adagrad", weightDecay=0.1)
    optimizer_case("Adagrad initial accumulator 0.5", "Adagrad", initialAccumulatorValue=0.5)
    optimizer_case("Adagrad eps 1e-6 lr 0.5", "Adagrad", eps=1e-6, lr=0.5)
    optimizer_case("Adagrad lr 0 is accepted", "Adagrad", lr=0.0)
    optimizer_case("Adagrad maximize", "Adagrad.maximize", maximize=True)
    optimizer_case("Adagrad maximize lr decay", "Adagrad.maximize", maximize=True, lrDecay=0.05)
    optimizer_case("Adagrad lr decay -1 is refused", "Adagrad", lrDecay=-1.0, refuse=True)
    optimizer_case("Adagrad initial accumulator -1 is refused", "Adagrad", initialAccumulatorValue=-1.0, refuse=True)
    optimizer_case("Adagrad weight decay -1 is refused", "Adagrad", weightDecay=-1.0, refuse=True)


# ---------------------------------------------------------------- schedules

SCHED_SUITE = Suite("schedule")


def torch_schedule(opt, s):
    k = s["type"]
    if k == "StepLr":
        return torch.optim.lr_scheduler.StepLR(opt, s["stepSize"], s["gamma"])
    if k == "ExponentialLr":
        return torch.optim.lr_scheduler.ExponentialLR(opt, s["gamma"])
    if k == "CosineAnnealingLr":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, s["tMax"], s["etaMin"])
    if k == "constant":
        return torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0)
    if k == "LinearWarmup":
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=s["startFactor"], end_factor=1.0,
                                                 total_iters=s["epochs"])
        then = torch_schedule(opt, s["then"])
        return torch.optim.lr_scheduler.SequentialLR(opt, [warm, then], milestones=[s["epochs"]])
    raise KeyError(k)


def closed_form(s, base, e):
    k = s["type"]
    if k == "StepLr":
        return base * s["gamma"] ** (e // s["stepSize"])
    if k == "ExponentialLr":
        return base * s["gamma"] ** e
    if k == "CosineAnnealingLr":
        return s["etaMin"] + (base - s["etaMin"]) * (1 + math.cos(math.pi * e / s["tMax"])) / 2
    if k == "constant":
        return base
    if e < s["epochs"]:
        return base * (s["startFactor"] + (1 - s["startFactor"]) * e / s["epochs"])
    return closed_form(s["then"], base, e - s["epochs"])


def schedule_case(name, schedule, epochs=25, lr=0.1):
    rng = Rng(name)
    params, grads = training_problem(rng)
    options = dict(DEFAULTS["Sgd"], lr=lr, momentum=0.9)
    ps = [p.clone().requires_grad_(True) for p in params]
    opt = torch_optimizer("Sgd", ps, options)
    sched = torch_schedule(opt, schedule)
    lrs, steps = [], []
    for e in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        gs = grads(ps)
        for p, g in zip(ps, gs):
            p.grad = g.detach().clone()
        opt.step()
        steps.append({"grads": [enc(g) for g in gs], "params": [enc(p) for p in ps]})
        sched.step()
    case = {"name": name, "op": schedule["type"], "schedule": schedule, "optimizer": "Sgd", "options": options,
            "params": [enc(p) for p in params], "epochs": epochs}
    closed = [closed_form(schedule, lr, e) for e in range(epochs)]
    worst = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(lrs, closed) if b != 0 or a != 0) if lrs else 0
    if any((b == 0) != (abs(a) < 1e-15) for a, b in zip(lrs, closed)):
        worst = max(worst, 1.0)
    case["expect"] = {"lrs": lrs, "steps": steps}
    if worst > 1e-12:
        case["notes"] = f"torch's recursive learning rates differ from the closed form by up to {worst:.3g} (relative)"
    assert name not in ALL_NAMES
    ALL_NAMES.add(name)
    return SCHED_SUITE.add(case)


def constant():
    return {"type": "constant"}


def schedules():
    schedule_case("StepLr(3, 0.5)", {"type": "StepLr", "stepSize": 3, "gamma": 0.5})
    schedule_case("StepLr(1, 0.9)", {"type": "StepLr", "stepSize": 1, "gamma": 0.9})
    schedule_case("StepLr(10, 2) grows", {"type": "StepLr", "stepSize": 10, "gamma": 2.0}, lr=0.01)
    schedule_case("ExponentialLr(0.9)", {"type": "ExponentialLr", "gamma": 0.9})
    schedule_case("ExponentialLr(1)", {"type": "ExponentialLr", "gamma": 1.0})
    schedule_case("CosineAnnealingLr(10) past tMax", {"type": "CosineAnnealingLr", "tMax": 10, "etaMin": 0.0})
    schedule_case("CosineAnnealingLr(8, 0.001)", {"type": "CosineAnnealingLr", "tMax": 8, "etaMin": 0.001}, epochs=20)
    schedule_case("CosineAnnealingLr(25, 0.01)", {"type": "CosineAnnealingLr", "tMax": 25, "etaMin": 0.01})
    schedule_case("LinearWarmup(5) then constant", {"type": "LinearWarmup", "epochs": 5, "startFactor": 1 / 6,
                                                    "then": constant()})
    schedule_case("LinearWarmup(3, 0.25) then CosineAnnealingLr(10)",
                  {"type": "LinearWarmup", "epochs": 3, "startFactor": 0.25,
                   "then": {"type": "CosineAnnealingLr", "tMax": 10, "etaMin": 0.0}})
    schedule_case("LinearWarmup(4, 0.5) then StepLr(2, 0.5)",
                  {"type": "LinearWarmup", "epochs": 4, "startFactor": 0.5,
                   "then": {"type": "StepLr", "stepSize": 2, "gamma": 0.5}})
    schedule_case("LinearWarmup(2, 1) then ExponentialLr(0.8)",
                  {"type": "LinearWarmup", "epochs": 2, "startFactor": 1.0,
                   "then": {"type": "ExponentialLr", "gamma": 0.8}})
    schedule_case("LinearWarmup(1, 0.1) then CosineAnnealingLr(5, 0.02)",
                  {"type": "LinearWarmup", "epochs": 1, "startFactor": 0.1,
                   "then": {"type": "CosineAnnealingLr", "tMax": 5, "etaMin": 0.02}}, epochs=12)


# ---------------------------------------------------------------- output

def write(filename, suite, extra=None):
    doc = {
        "torchVersion": torch.__version__,
        "python": sys.version.split()[0],
        "generator": "core/src/test/python/pytorch_reference.py",
        "dtype": "float64",
        "tolerance": TOLERANCE,
        "kind": suite.kind,
        "cases": suite.cases,
    }
    if extra:
        doc.update(extra)
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    os.makedirs(OUT, exist_ok=True)
    for old in (filename, filename + ".gz"):
        p = os.path.join(OUT, old)
        if os.path.exists(p):
            os.remove(p)
    if len(text) > GZIP_ABOVE:
        with gzip.GzipFile(os.path.join(OUT, filename + ".gz"), "wb", mtime=0) as f:
            f.write(text.encode())
        size = os.path.getsize(os.path.join(OUT, filename + ".gz"))
        filename += ".gz"
    else:
        with open(os.path.join(OUT, filename), "w") as f:
            f.write(text)
        size = len(text)
    return filename, size


def summary(suite):
    refusals = sum(1 for c in suite.cases if "refusal" in c)
    second = sum(1 for c in suite.cases if "second" in c.get("expect", {}))
    return f"{len(suite.cases)} cases ({refusals} refusals, {second} with second order)"


def main():
    global OUT
    if int(torch.__version__.split(".")[0]) < 2:
        sys.exit(f"torch {torch.__version__} is too old: use torch 2.x (see the docstring)")
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT, help="directory for the fixtures (default: %(default)s)")
    parser.add_argument("--only", nargs="+", metavar="FILE",
                        help="write only these fixture files (e.g. convolution.json); every case is still computed")
    options = parser.parse_args()
    OUT = options.out
    unary_ops()
    softplus_deviation()
    pow_ops()
    binary_ops()
    clamp_ops()
    reductions()
    movement()
    creation_and_values()
    autograd_api()
    losses()
    layers()
    optimizers()
    schedules()
    convolution_ops()
    convolution_layers()
    files = (("ops.json", OPS_SUITE), ("losses.json", LOSS_SUITE), ("layers.json", LAYER_SUITE),
             ("optimizers.json", OPT_SUITE), ("schedules.json", SCHED_SUITE), ("convolution.json", CONV_SUITE))
    unknown = set(options.only or ()) - {f for f, _ in files}
    if unknown:
        sys.exit(f"--only: no fixture file {sorted(unknown)}; the files are {[f for f, _ in files]}")
    for filename, suite in files:
        if options.only and filename not in options.only:
            continue
        name, size = write(filename, suite)
        print(f"{name:20s} {size / 1e3:8.1f} kB  {summary(suite)}")
    print("torch", torch.__version__)


if __name__ == "__main__":
    main()
