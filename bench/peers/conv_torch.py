#!/usr/bin/env python3
"""Peer: 2-D convolution in PyTorch (CPU), one thread, float32 and float64.

The same workloads as Descent's `descent bench` (Workloads.java), same shapes:

  conv:  nn.Conv2d(1, 32, 3, padding=1), ReLU, nn.Conv2d(32, 64, 3, padding=1) (torch default
         init, seed 0) on a batch of 64x1x28x28 standard-normal inputs (no gradient for them).
         One run: output.sum().backward() after the forward pass, in ms; the parameters'
         gradients are set to None before each run, untimed. Warm-up: at least 3 runs and 1 s;
         then 15 timed runs, median (and min).
  lenet: LeNet-style network for 28x28 images, as Descent's Architecture "cnn:6k5,16k5|120,84":
         Unflatten to 1x28x28, Conv2d(1, 6, 5, padding=2), ReLU, MaxPool2d(2), Conv2d(6, 16, 5,
         padding=2), ReLU, MaxPool2d(2), Flatten, Linear(784, 120), ReLU, Linear(120, 84), ReLU,
         Linear(84, 10); torch.optim.Adam(lr=1e-3), cross-entropy, batch 64. The data do not matter
         for speed: one batch of standard-normal inputs [64, 784] and uniform labels 0..9 (seed 0),
         stepped on again and again. One run is 50 steps (3,200 samples); warm-up: at least 2 runs
         and 3 s; then 7 timed runs; samples/s median (and best), and the implied seconds of one
         60,000-image epoch at the median.

One thread: OMP_NUM_THREADS, MKL_NUM_THREADS and OPENBLAS_NUM_THREADS are set to 1 before torch
is imported, then torch.set_num_threads(1). The model is cast with .to(dtype) and the inputs
drawn in that dtype, as Descent's model.to(DType) does. --quick: fewer runs and steps (a smoke
test, not a measurement). Prints one JSON line.

Run: <python with torch> bench/peers/conv_torch.py [--quick]
"""
import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

QUICK = "--quick" in sys.argv[1:]
BATCH = 64
EPOCH_IMAGES = 60000
CONV_RUNS = 5 if QUICK else 15
LENET_RUNS = 3 if QUICK else 7
LENET_STEPS = 10 if QUICK else 50


def warm_then_time(once, min_runs, min_seconds, runs):
    start = time.perf_counter()
    done = 0
    while done < min_runs or time.perf_counter() - start < min_seconds:
        once()
        done += 1
    return [once() for _ in range(runs)]


def conv(dtype):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1)).to(dtype)
    x = torch.randn(BATCH, 1, 28, 28, dtype=dtype)

    def once():
        model.zero_grad(set_to_none=True)
        t0 = time.perf_counter()
        model(x).sum().backward()
        return (time.perf_counter() - t0) * 1e3

    ms = warm_then_time(once, 3, 0.2 if QUICK else 1.0, CONV_RUNS)
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "runs_ms": ms}


def lenet(dtype):
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(784, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)).to(dtype)
    x = torch.randn(BATCH, 784, dtype=dtype)
    y = torch.randint(0, 10, (BATCH,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    last = [0.0]

    def once():
        t0 = time.perf_counter()
        for _ in range(LENET_STEPS):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        secs = time.perf_counter() - t0
        last[0] = loss.item()
        return LENET_STEPS * BATCH / secs

    rates = warm_then_time(once, 2, 0.5 if QUICK else 3.0, LENET_RUNS)
    med = statistics.median(rates)
    return {"samples_per_s_median": med, "samples_per_s_best": max(rates), "runs_samples_per_s": rates,
            "epoch_s_median": EPOCH_IMAGES / med, "ms_per_step_median": BATCH / med * 1e3,
            "steps_per_run": LENET_STEPS, "last_loss": last[0]}


def main():
    torch.set_num_threads(1)
    out = {"script": "conv_torch.py", "torch": torch.__version__, "python": sys.version.split()[0],
           "threads": torch.get_num_threads(), "mkldnn": torch.backends.mkldnn.is_available(),
           "batch": BATCH, "quick": QUICK}
    for name in ("float32", "float64"):
        dtype = getattr(torch, name)
        out[f"conv_{name}"] = conv(dtype)
        out[f"lenet_{name}"] = lenet(dtype)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
