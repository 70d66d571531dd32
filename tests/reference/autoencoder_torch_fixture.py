#!/usr/bin/python3
"""Builds tests/fixtures/autoencoder/torch_autoencoder_logmelstats.onnx (+ .json), deterministically.

Run with Debian's interpreter: /usr/bin/python3 tests/reference/autoencoder_torch_fixture.py

A graph shaped like torch.onnx.export of a small PyTorch autoencoder (nn.Linear -> ReLU -> nn.Linear), sized for our
LogMelStats features (128 mel bands x [mean, std] = 256 values): input "input" float [batch_size, 256], output
"output" float [batch_size, 256] (the reconstruction), no "scores" output and no AcousticAnomaly metadata - what a user
brings from PyTorch. Weights are rounded to 3 decimals so the JSON stays small and still gives numpy and C# the same
float32 values. The JSON holds the weights and, for 3 fixed random rows, numpy's reconstruction MSE per row (the
score AnomalyModel must produce for a Reconstruction model).
"""
import json
import os

import numpy as np
import onnx

from make_onnx_models import torch_style_autoencoder

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "autoencoder")
D, H = 256, 8


def main():
    rng = np.random.RandomState(2024)
    w1 = np.round(rng.normal(scale=0.06, size=(D, H)), 3).astype(np.float32)
    b1 = np.round(rng.normal(scale=0.1, size=(H,)), 3).astype(np.float32)
    w2 = np.round(rng.normal(scale=0.3, size=(H, D)), 3).astype(np.float32)
    b2 = np.round(rng.normal(loc=-20.0, scale=5.0, size=(D,)), 3).astype(np.float32)
    model = torch_style_autoencoder(w1, b1, w2, b2, "encoder", "decoder")
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, "torch_autoencoder_logmelstats.onnx"))

    x = np.round(rng.normal(loc=-20.0, scale=10.0, size=(3, D)), 2).astype(np.float32)
    y = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    mse = ((x.astype(np.float64) - y.astype(np.float64)) ** 2).mean(axis=1)
    record = {
        "input_length": D, "hidden": H,
        "w1": w1.ravel().tolist(), "b1": b1.tolist(), "w2": w2.ravel().tolist(), "b2": b2.tolist(),
        "x": x.ravel().tolist(), "mse": mse.tolist(),
    }
    with open(os.path.join(OUT, "torch_autoencoder_logmelstats.json"), "w", encoding="utf-8") as f:
        # float32 values printed with 3 (weights) or 2 (x) decimals: the shortest text giving the same float32.
        json.dump({k: ([float(f"{v:.6g}") for v in val] if isinstance(val, list) and k != "mse" else val)
                   for k, val in record.items()}, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
