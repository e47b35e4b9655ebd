#!/usr/bin/env python3
"""PyTorch float32 predictions on the bundled digits, for Float32PyTorchPredictionsTest.

Two model files, each read by both libraries, with PyTorch's float32 outputs as the reference:

1. descent-digits-mlp32.safetensors: written by Descent, a float32 MLP trained with

       ./descent fit --data digits --model mlp:32 --dtype float32 --epochs 20 --save descent-digits-mlp32.safetensors

   PyTorch loads its state_dict (safetensors.torch.load_file) into the same nn.Sequential, in float32.
2. torch-digits-mlp16.safetensors: written here, a float32 nn.Sequential(Linear(64, 16), ReLU,
   Linear(16, 10)) trained by this script (seeded full-batch Adam) and saved with
   safetensors.torch.save_file, as PyTorch users save a state_dict; Descent loads it into its own
   Sequential.

For each, the fixture holds the predicted class of every digit and the logits of the first 100
(each float32 value as the double it equals). Regenerate from the repository root with torch 2.x and safetensors:

    python3 -m venv venv && venv/bin/pip install torch numpy safetensors
    venv/bin/python io/src/test/python/pytorch_float32_predictions.py

It writes io/src/test/resources/float32/torch-digits-mlp16.safetensors and predictions.json, and
reads descent-digits-mlp32.safetensors from there.
"""
import csv
import gzip
import io
import json
import os

import torch
import torch.nn as nn
from safetensors import safe_open
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "io", "src", "test", "resources", "float32")
LOGITS_KEPT = 100  # the logits of the first rows (the classes of all): a fixture of a few kB
DIGITS = os.path.join(ROOT, "io", "src", "main", "resources", "dev", "descent", "io", "data", "digits.csv.gz")


def digits():
    """The bundled digits (no header: 64 pixels 0-16 row by row, then the digit): the feature names
    Descent gives them, the features [1797, 64] in float32, the targets."""
    with gzip.open(DIGITS, "rt", newline="") as f:
        rows = [r for r in csv.reader(io.StringIO(f.read())) if r]
    names = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
    x = torch.tensor([[float(v) for v in r[:64]] for r in rows], dtype=torch.float32)
    y = torch.tensor([int(float(r[64])) for r in rows])
    return names, x, y


def mlp(hidden):
    return nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, 10)).to(torch.float32)


def outputs(model, x):
    with torch.no_grad():
        logits = model(x)
    return {"logits": [[float(v) for v in row] for row in logits[:LOGITS_KEPT].tolist()],
            "classes": logits.argmax(dim=1).tolist()}


def main():
    torch.manual_seed(0)
    names, x, y = digits()

    descent_file = os.path.join(OUT, "descent-digits-mlp32.safetensors")
    with safe_open(descent_file, "pt") as f:
        meta = f.metadata()
    if not meta["descent.architecture"].startswith("mlp:32;in=64;out=10;activation=relu"):
        raise SystemExit("unexpected architecture " + meta["descent.architecture"])
    if "descent.scaler.mean" in meta or json.loads(meta["descent.features"]) != names:
        raise SystemExit("the script expects unscaled digits features in the file's order")
    state = load_file(descent_file)
    if any(t.dtype != torch.float32 for t in state.values()):
        raise SystemExit("the Descent model is not float32")
    from_descent = mlp(32)
    from_descent.load_state_dict(state)

    trained = mlp(16)
    optimizer = torch.optim.Adam(trained.parameters(), lr=0.01)
    for _ in range(150):
        optimizer.zero_grad()
        nn.functional.cross_entropy(trained(x / 16), y).backward()
        optimizer.step()
    # The scaling by 1/16 is folded into the first layer, so that the file takes the raw pixels.
    with torch.no_grad():
        trained[0].weight /= 16
    torch_file = os.path.join(OUT, "torch-digits-mlp16.safetensors")
    save_file({k: v.contiguous() for k, v in trained.state_dict().items()}, torch_file)
    from_torch = mlp(16)
    from_torch.load_state_dict(load_file(torch_file))

    fixture = {"torch": torch.__version__, "generator": "io/src/test/python/pytorch_float32_predictions.py",
               "descent-digits-mlp32.safetensors": outputs(from_descent, x),
               "torch-digits-mlp16.safetensors": outputs(from_torch, x)}
    for key in ("descent-digits-mlp32.safetensors", "torch-digits-mlp16.safetensors"):
        accuracy = sum(int(c == t) for c, t in zip(fixture[key]["classes"], y.tolist())) / len(y)
        print(f"{key}: training accuracy {accuracy:.4f}")
    with open(os.path.join(OUT, "predictions.json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print("torch", torch.__version__)


if __name__ == "__main__":
    main()
