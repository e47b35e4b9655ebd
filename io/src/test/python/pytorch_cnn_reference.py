#!/usr/bin/env python3
"""A PyTorch CNN state_dict and its outputs, for PyTorchCnnStateDictTest.

Builds in float64, seeded, a small CNN for 8x8 single-channel images (the size of the bundled digits):

    nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Conv2d(4, 8, 3, padding=2, dilation=2, groups=2), nn.ReLU(), nn.AvgPool2d(2),
                  nn.Flatten(), nn.Linear(8 * 2 * 2, 10))

trains it a few full-batch Adam steps on random images with pixels 0-16 and random classes (so that
the weights are not PyTorch's initialisation and BatchNorm2d's running statistics and
num_batches_tracked are not their defaults), switches it to eval(), and saves its state_dict with
safetensors.torch.save_file, as PyTorch users save one (F64 tensors, num_batches_tracked I64). The
JSON fixture holds an input batch [5, 1, 8, 8], the eval-mode outputs in float64 (every float
written as Python's repr, which reads back as the same double), and the outputs of the same model
cast to float32 on the input cast to float32 (each float32 value as the double it equals).

Regenerate from the repository root with torch 2.x and safetensors:

    python3 -m venv venv && venv/bin/pip install torch numpy safetensors
    venv/bin/python io/src/test/python/pytorch_cnn_reference.py

It writes io/src/test/resources/cnn/torch-cnn.safetensors and torch-cnn-outputs.json.
"""
import json
import os
import sys

import torch
import torch.nn as nn
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "cnn"))
STEPS = 5


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),  # [N, 4, 8, 8]
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),  # [N, 4, 4, 4]
        nn.Conv2d(4, 8, 3, stride=1, padding=2, dilation=2, groups=2),  # [N, 8, 4, 4]
        nn.ReLU(),
        nn.AvgPool2d(2),  # [N, 8, 2, 2]
        nn.Flatten(),
        nn.Linear(8 * 2 * 2, 10),
    )


def images(g, n):
    """n images [n, 1, 8, 8] with integer pixels 0-16, as the bundled digits have."""
    return torch.randint(0, 17, (n, 1, 8, 8), generator=g).to(torch.float64)


def main():
    if int(torch.__version__.split(".")[0]) < 2:
        sys.exit(f"torch {torch.__version__} is too old: use torch 2.x (see the docstring)")
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    model = cnn()
    x_train = images(g, 64)
    y_train = torch.randint(0, 10, (64,), generator=g)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(STEPS):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x_train / 16), y_train).backward()
        optimizer.step()
    model.eval()

    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "torch-cnn.safetensors")
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(state, path)
    # the outputs come from the model as the file holds it
    loaded = cnn()
    loaded.load_state_dict(load_file(path))
    loaded.eval()

    x = images(g, 5) / 16
    with torch.no_grad():
        out = loaded(x)
        out32 = loaded.to(torch.float32)(x.to(torch.float32))
    assert out.dtype == torch.float64 and out32.dtype == torch.float32
    fixture = {
        "torch": torch.__version__,
        "generator": "io/src/test/python/pytorch_cnn_reference.py",
        "model": "Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU, MaxPool2d(2), Conv2d(4, 8, 3,"
                 " padding=2, dilation=2, groups=2), ReLU, AvgPool2d(2), Flatten, Linear(32, 10)), eval mode",
        "trainingSteps": STEPS,
        "input": {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]},
        "output": {"shape": list(out.shape), "data": [float(v) for v in out.reshape(-1).tolist()]},
        "outputFloat32": {"shape": list(out32.shape), "data": [float(v) for v in out32.reshape(-1).tolist()]},
    }
    with open(os.path.join(OUT, "torch-cnn-outputs.json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    worst = (out32.double() - out).abs().max().item()
    print(f"{path}: {len(state)} tensors; outputs of magnitude up to {out.abs().max().item():.3g};"
          f" torch float32 differs from float64 by up to {worst:.3g}")
    print("torch", torch.__version__)


if __name__ == "__main__":
    main()
