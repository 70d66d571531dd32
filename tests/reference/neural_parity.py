#!/usr/bin/python3
"""PyTorch 1.13 reference for AcousticAnomaly.Models.Neural: tests/fixtures/neural/parity.json.

Run with Debian's interpreter (python3-torch 1.13): /usr/bin/python3 tests/reference/neural_parity.py

For fixed weights and inputs (seeded), every layer's forward output and its gradients (input, weight, bias; batch norm
also the running statistics) from torch, in OUR layout: activations channel-last ([N, L, C] / [N, H, W, C]), dense
weights [in, out], convolution kernels [(kh * KW + kw) * Cin + c, out]. Plus Adam after three steps, the weighted
cross-entropy, and the loss curve of a small Conv1d network trained 4 epochs (batch 8, fixed order, Adam lr 0.01,
class weights) from initial weights stored here too. For the block autoencoders (appended last, so the earlier seeded
values do not move): Sigmoid, MSELoss, one Conv1d autoencoder backward pass and an LSTM layer (torch.nn.LSTM, kernels
stored [in, 4H] / [H, 4H]). Values are float32 written with 9 significant digits.
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "neural", "parity.json")
torch.manual_seed(1234)
cases = {}


def flat(t):
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def nlc(t):  # [N, C, L] -> [N, L, C]
    return t.permute(0, 2, 1)


def nhwc(t):  # [N, C, H, W] -> [N, H, W, C]; [N, C] stays
    return t.permute(0, 2, 3, 1) if t.dim() == 4 else t


def conv_kernel(w):  # [Cout, Cin, KH, KW] -> [(kh * KW + kw) * Cin + c, Cout]
    return w.permute(2, 3, 1, 0).reshape(-1, w.shape[0])


def run(name, module, x, to_ours, params, extra=None):
    """Forward in training mode, backward with a random upstream gradient; store in our layout."""
    x = x.clone().requires_grad_(True)
    y = module(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    case = {"x": flat(to_ours(x)), "y": flat(to_ours(y)), "dy": flat(to_ours(dy)), "dx": flat(to_ours(x.grad))}
    for key, (value, grad) in params.items():
        case[key] = flat(value())
        case["d" + key] = flat(grad())
    if extra:
        case.update({k: flat(v()) for k, v in extra.items()})
    cases[name] = case


ident = lambda t: t

dense = nn.Linear(6, 5)
run("dense", dense, torch.randn(4, 6), ident,
    {"weight": (lambda: dense.weight.t(), lambda: dense.weight.grad.t()), "bias": (lambda: dense.bias, lambda: dense.bias.grad)})

conv1 = nn.Conv1d(3, 4, kernel_size=3, padding=1)
run("conv1d", conv1, torch.randn(2, 3, 7), nlc,
    {"weight": (lambda: conv_kernel(conv1.weight.unsqueeze(3)), lambda: conv_kernel(conv1.weight.grad.unsqueeze(3))),
     "bias": (lambda: conv1.bias, lambda: conv1.bias.grad)})

conv2 = nn.Conv2d(2, 3, kernel_size=(3, 2), padding=(1, 0))
run("conv2d", conv2, torch.randn(2, 2, 5, 4), nhwc,
    {"weight": (lambda: conv_kernel(conv2.weight), lambda: conv_kernel(conv2.weight.grad)),
     "bias": (lambda: conv2.bias, lambda: conv2.bias.grad)})

run("maxpool1d", nn.MaxPool1d(2), torch.randn(2, 3, 7), nlc, {})
run("maxpool2d", nn.MaxPool2d(2), torch.randn(2, 3, 5, 6), nhwc, {})
run("avgpool2d", nn.AvgPool2d(2), torch.randn(2, 3, 5, 6), nhwc, {})
run("globalavg2d", nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()), torch.randn(2, 3, 4, 5), nhwc, {})
run("relu", nn.ReLU(), torch.randn(3, 8), ident, {})


def batchnorm_case(name, bn, x, to_ours):
    with torch.no_grad():
        bn.weight.copy_(torch.rand(bn.num_features) + 0.5)
        bn.bias.copy_(torch.randn(bn.num_features))
    gamma0, beta0 = bn.weight.detach().clone(), bn.bias.detach().clone()
    run(name, bn, x, to_ours,
        {"weight": (lambda: gamma0, lambda: bn.weight.grad), "bias": (lambda: beta0, lambda: bn.bias.grad)},
        {"running_mean": lambda: bn.running_mean, "running_var": lambda: bn.running_var})
    bn.eval()
    with torch.no_grad():
        cases[name]["y_eval"] = flat(to_ours(bn(x)))


batchnorm_case("batchnorm1d", nn.BatchNorm1d(5), torch.randn(6, 5) * 3 + 1, ident)
batchnorm_case("batchnorm2d", nn.BatchNorm2d(3), torch.randn(2, 3, 4, 5) * 2 - 1, nhwc)

# Weighted cross-entropy.
logits = (torch.randn(6, 3) * 3).requires_grad_(True)
labels = torch.tensor([0, 2, 1, 2, 2, 0])
weights = torch.tensor([0.5, 2.0, 1.25])
loss = nn.CrossEntropyLoss(weight=weights)(logits, labels)
loss.backward()
cases["cross_entropy"] = {"logits": flat(logits), "labels": labels.tolist(), "class_weights": flat(weights),
                          "loss": [float("%.9g" % loss.item())], "dlogits": flat(logits.grad),
                          "softmax": flat(torch.softmax(logits, 1))}

# Adam: three steps with fixed gradients.
p = torch.randn(7, requires_grad=True)
p0 = p.detach().clone()
opt = torch.optim.Adam([p], lr=0.01)
grads = [torch.randn(7) for _ in range(3)]
for g in grads:
    opt.zero_grad()
    p.grad = g.clone()
    opt.step()
cases["adam"] = {"p0": flat(p0), "grads": [flat(g) for g in grads], "p3": flat(p), "lr": [0.01]}


# Loss curve: Conv1d(4->6) BN ReLU MaxPool(2) Conv1d(6->8) BN ReLU GlobalAvg Linear(8->3), input [N, C=4, L=8].
class GlobalAvg1d(nn.Module):
    def forward(self, x):
        return x.mean(dim=2)


net = nn.Sequential(nn.Conv1d(4, 6, 3, padding=1), nn.BatchNorm1d(6), nn.ReLU(), nn.MaxPool1d(2),
                    nn.Conv1d(6, 8, 3, padding=1), nn.BatchNorm1d(8), nn.ReLU(), GlobalAvg1d(), nn.Linear(8, 3))
xs = torch.randn(24, 4, 8)
ys = torch.randint(0, 3, (24,))
xs = xs + ys.view(-1, 1, 1).float() * 0.5  # learnable
cw = torch.tensor([1.0, 1.5, 0.75])
init = {
    "conv0.weight": flat(conv_kernel(net[0].weight.unsqueeze(3))), "conv0.bias": flat(net[0].bias),
    "conv4.weight": flat(conv_kernel(net[4].weight.unsqueeze(3))), "conv4.bias": flat(net[4].bias),
    "dense8.weight": flat(net[8].weight.t()), "dense8.bias": flat(net[8].bias),
}
# A bias right before batch norm has a gradient of zero up to rounding noise, which Adam (m / sqrt(v)) turns into
# full-size steps in arbitrary directions: harmless for the loss (batch norm removes it) but it moves the running mean
# differently in any two implementations. Frozen here so the running statistics and eval logits can be compared.
net[0].bias.requires_grad_(False)
net[4].bias.requires_grad_(False)
opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=0.01)
lossfn = nn.CrossEntropyLoss(weight=cw)
losses = []
net.train()
for epoch in range(4):
    for start in range(0, 24, 8):
        opt.zero_grad()
        out = lossfn(net(xs[start:start + 8]), ys[start:start + 8])
        out.backward()
        opt.step()
        losses.append(float("%.9g" % out.item()))
net.eval()
with torch.no_grad():
    final = net(xs)
cases["training"] = {"x": flat(nlc(xs)), "labels": ys.tolist(), "class_weights": flat(cw), "init": init,
                     "losses": losses, "eval_logits": flat(final),
                     "bn1.running_mean": flat(net[1].running_mean), "bn1.running_var": flat(net[1].running_var),
                     "bn5.running_mean": flat(net[5].running_mean), "bn5.running_var": flat(net[5].running_var), "lr": [0.01], "batch": [8], "epochs": [4]}

# Added after the cases above so their seeded values stay as they were. Sigmoid (the convolutional autoencoder's output
# layer) and the mean squared error (its loss, torch.nn.MSELoss with mean reduction) with its gradient.
run("sigmoid", nn.Sigmoid(), torch.randn(3, 8) * 3, ident, {})
recon = torch.rand(4, 6).requires_grad_(True)
target = torch.rand(4, 6)
mse = nn.MSELoss()(recon, target)
mse.backward()
cases["mse"] = {"y": flat(recon), "target": flat(target), "loss": [float("%.9g" % mse.item())], "dy": flat(recon.grad)}

# A convolutional autoencoder step: Conv1d(6->4) ReLU Conv1d(4->6) Sigmoid over [N, C=6, L=5], MSE against its input,
# one backward pass: the first layer's weight and bias gradients.
cae = nn.Sequential(nn.Conv1d(6, 4, 3, padding=1), nn.ReLU(), nn.Conv1d(4, 6, 3, padding=1), nn.Sigmoid())
xa = torch.rand(3, 6, 5)
lossa = nn.MSELoss()(cae(xa), xa)
lossa.backward()
cases["conv_autoencoder"] = {
    "x": flat(nlc(xa)), "loss": [float("%.9g" % lossa.item())],
    "conv0.weight": flat(conv_kernel(cae[0].weight.unsqueeze(3))), "conv0.bias": flat(cae[0].bias),
    "conv2.weight": flat(conv_kernel(cae[2].weight.unsqueeze(3))), "conv2.bias": flat(cae[2].bias),
    "dconv0.weight": flat(conv_kernel(cae[0].weight.grad.unsqueeze(3))), "dconv0.bias": flat(cae[0].bias.grad),
}

# LSTM (torch.nn.LSTM, batch_first, one layer, gates i f g o) over [N, T, I] -> all hidden states [N, T, H]; weights in
# our layout: input kernel [I, 4H] and recurrent kernel [H, 4H] (torch's weight_ih / weight_hh transposed), both biases.
lstm = nn.LSTM(3, 4, batch_first=True)
run("lstm", lambda t: lstm(t)[0], torch.randn(2, 5, 3), ident,
    {"weight_ih": (lambda: lstm.weight_ih_l0.t(), lambda: lstm.weight_ih_l0.grad.t()),
     "weight_hh": (lambda: lstm.weight_hh_l0.t(), lambda: lstm.weight_hh_l0.grad.t()),
     "bias_ih": (lambda: lstm.bias_ih_l0, lambda: lstm.bias_ih_l0.grad),
     "bias_hh": (lambda: lstm.bias_hh_l0, lambda: lstm.bias_hh_l0.grad)})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print("wrote", OUT, "torch", torch.__version__)
