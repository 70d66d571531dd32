#!/usr/bin/python3
"""A foreign classifier: a small PyTorch 2-D CNN exported with torch.onnx.export, as a user would bring one.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):
    /usr/bin/python3 tests/reference/torch_cnn_classifier_fixture.py [ours.onnx ...]

Writes tests/fixtures/classifier/torch_cnn_mfcc.onnx: input "input" float [batch, 1, 32, 20] (32 MFCC frames x 20
coefficients = our MfccImage at the default settings, frame-major), output "logits" [batch, 3] (no softmax: our loader
applies it), no AcousticAnomaly metadata - labels and feature settings must be given. Also writes
torch_cnn_mfcc.json: 4 seeded input rows and torch's softmax probabilities for them. Every .onnx given on the command
line (e.g. a model written by New-AudioClassifierModel) and the fixture are checked with onnx.checker (full check).
"""
import json
import os
import sys

import onnx
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "classifier")


def main():
    torch.manual_seed(42)
    net = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3))
    with torch.no_grad():
        net[1].running_mean.copy_(torch.randn(4) * 0.1)
        net[1].running_var.copy_(torch.rand(4) + 0.5)
    net.eval()
    x = torch.randn(4, 1, 32, 20) * 5
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "torch_cnn_mfcc.onnx")
    torch.onnx.export(net, x[:1], path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    with torch.no_grad():
        p = torch.softmax(net(x), dim=1)
    with open(os.path.join(OUT, "torch_cnn_mfcc.json"), "w") as f:
        json.dump({"torch": torch.__version__, "labels": ["off", "idle", "running"],
                   "x": [float("%.9g" % v) for v in x.reshape(-1).tolist()],
                   "probabilities": [float("%.9g" % v) for v in p.reshape(-1).tolist()]}, f)
    for model in [path] + sys.argv[1:]:
        onnx.checker.check_model(onnx.load(model), full_check=True)
        m = onnx.load(model)
        print("onnx.checker OK:", model, [o.name for o in m.graph.output], {p.key: len(p.value) for p in m.metadata_props})


if __name__ == "__main__":
    main()
