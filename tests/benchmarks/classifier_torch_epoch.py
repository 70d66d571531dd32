#!/usr/bin/python3
"""PyTorch 1.13 side of the classifier training-speed comparison (tests/benchmarks/classifier_bench.sh).

Builds the same network as our ClassifierNetworkBuilder for an architecture (width 64, dropout 0.3, 3 labels) and
times epochs exactly as our trainer runs them: shuffled mini-batches of 32 with Adam (lr 0.001) on the weighted
cross-entropy over TRAIN rows, then an eval pass over VALID rows. Data are random rows of the architecture's input
shape (epoch time does not depend on the values). Prints the mean seconds per epoch over EPOCHS epochs after one
warm-up epoch, with torch's default thread count or THREADS (torch.set_num_threads).
Usage: classifier_torch_epoch.py ARCH TRAIN VALID [EPOCHS [THREADS]]
"""
import sys
import time

import torch
import torch.nn as nn


def build(arch):
    if arch == "Mlp":
        return nn.Sequential(nn.Linear(80, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),
                             nn.Linear(128, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 3)), (80,)
    conv, bn, pool, shape, widths = (nn.Conv1d, nn.BatchNorm1d, nn.MaxPool1d, (20, 63), [32, 64, 64]) if arch == "Cnn1d" \
        else (nn.Conv2d, nn.BatchNorm2d, nn.MaxPool2d, (1, 63, 40), [16, 32, 64])
    layers, c = [], shape[0]
    for i, w in enumerate(widths):
        layers += [conv(c, w, 3, padding=1), bn(w), nn.ReLU()]
        if i < len(widths) - 1:
            layers.append(pool(2))
        c = w
    pool_all = nn.AdaptiveAvgPool1d(1) if arch == "Cnn1d" else nn.AdaptiveAvgPool2d(1)
    return nn.Sequential(*layers, pool_all, nn.Flatten(), nn.Dropout(0.3), nn.Linear(c, 3)), shape


def main():
    arch, n_train, n_valid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    if len(sys.argv) > 5:
        torch.set_num_threads(int(sys.argv[5]))
    torch.manual_seed(0)
    net, shape = build(arch)
    x = torch.randn(n_train, *shape)
    y = torch.randint(0, 3, (n_train,))
    vx = torch.randn(n_valid, *shape)
    vy = torch.randint(0, 3, (n_valid,))
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss(weight=torch.ones(3))
    times = []
    for epoch in range(epochs + 1):
        t = time.perf_counter()
        net.train()
        order = torch.randperm(n_train)
        for s in range(0, n_train, 32):
            idx = order[s:s + 32]
            if len(idx) < 2:
                break
            opt.zero_grad()
            loss_fn(net(x[idx]), y[idx]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            for s in range(0, n_valid, 128):
                loss_fn(net(vx[s:s + 128]), vy[s:s + 128])
        if epoch > 0:
            times.append(time.perf_counter() - t)
    print(f"{arch},torch {torch.__version__} threads {torch.get_num_threads()},{sum(times) / len(times):.3f} s/epoch")


if __name__ == "__main__":
    main()
