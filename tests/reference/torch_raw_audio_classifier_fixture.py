#!/usr/bin/python3
"""A foreign raw-audio classifier: a tiny PyTorch 1-D CNN on samples, exported with torch.onnx.export as a user would
bring a YAMNet-style model (input = mono samples [N, S], not features).

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):
    /usr/bin/python3 tests/reference/torch_raw_audio_classifier_fixture.py

Writes tests/fixtures/classifier/torch_raw_audio.onnx: input "samples" float [batch, 8000] (1 s at 8 kHz), a strided
Conv1d (kernel 64, stride 32) -> ReLU -> mean over time -> Linear to 3 logits "logits" (no softmax), opset 13, no
AcousticAnomaly metadata. Also writes torch_raw_audio.json: the sample rate, the labels, a few tones (frequency,
amplitude) whose samples the tests regenerate (a * sin(2 pi f n / rate), float32) and torch's softmax probabilities
for them. The model is checked with onnx.checker (full check).
"""
import json
import math
import os

import onnx
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "classifier")
RATE, SAMPLES = 8000, 8000
TONES = [(200.0, 0.5), (1000.0, 0.3), (2500.0, 0.8)]


class RawAudioNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 6, 64, stride=32)
        self.head = nn.Linear(6, 3)

    def forward(self, samples):
        h = torch.relu(self.conv(samples.unsqueeze(1)))
        return self.head(h.mean(dim=2))


def tone(f, a):
    n = torch.arange(SAMPLES, dtype=torch.float64)
    return (a * torch.sin(2 * math.pi * f * n / RATE)).float()


def main():
    torch.manual_seed(7)
    net = RawAudioNet().eval()
    x = torch.stack([tone(f, a) for f, a in TONES])
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "torch_raw_audio.onnx")
    torch.onnx.export(net, x[:1], path, input_names=["samples"], output_names=["logits"],
                      dynamic_axes={"samples": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    with torch.no_grad():
        p = torch.softmax(net(x), dim=1)
    with open(os.path.join(OUT, "torch_raw_audio.json"), "w") as f:
        json.dump({"torch": torch.__version__, "rate": RATE, "labels": ["off", "idle", "running"],
                   "tones": [{"hz": f, "amplitude": a} for f, a in TONES],
                   "probabilities": [float("%.9g" % v) for v in p.reshape(-1).tolist()]}, f, indent=1)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    m = onnx.load(path)
    print("onnx.checker OK:", path, [i.name for i in m.graph.input], [o.name for o in m.graph.output],
          "opset", m.opset_import[0].version, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
