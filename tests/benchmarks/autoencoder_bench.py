#!/usr/bin/python3
"""scikit-learn side of the "autoencoder" benchmark: times MLPRegressor trained as an autoencoder (X -> X) with the
DCASE baseline's layer sizes on the SAME vectors our benchmark trained on.

usage: /usr/bin/python3 autoencoder_bench.py X.npy [epochs] [threads,...]
X.npy: float32 [rows, 640] written by `AcousticAnomaly.Benchmarks autoencoder --save-npy`. Fits on the first 90 % of
the rows (the rows Keras' validation_split=0.1 - and ours - train on) with hidden_layer_sizes=(128,)*4+(8,)+(128,)*4,
ReLU, adam (lr 1e-3, beta 0.9/0.999, epsilon 1e-7 as Keras), batch 512, shuffle, no L2 (alpha=0), exactly `epochs`
epochs (tol=0, no early stopping). scikit-learn has no BatchNormalization, so its network is slightly LESS work per
epoch than ours. BLAS threads limited with threadpoolctl. Prints key=value lines for autoencoder_bench.sh.
"""
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from threadpoolctl import threadpool_info, threadpool_limits


def main():
    x = np.load(sys.argv[1])
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    threads = [int(t) for t in sys.argv[3].split(",")] if len(sys.argv) > 3 else [1, 2]
    train = x[: int(np.floor(len(x) * 0.9))]
    print(f"sklearn_version={sklearn.__version__}")
    print(f"sklearn_dtype={train.dtype}")
    warnings.simplefilter("ignore", ConvergenceWarning)
    for t in threads:
        with threadpool_limits(limits=t):
            mlp = MLPRegressor(hidden_layer_sizes=(128,) * 4 + (8,) + (128,) * 4, activation="relu", solver="adam",
                               alpha=0.0, batch_size=512, learning_rate_init=1e-3, beta_1=0.9, beta_2=0.999,
                               epsilon=1e-7, max_iter=epochs, shuffle=True, random_state=0, tol=0.0,
                               n_iter_no_change=epochs + 1, early_stopping=False)
            c0, t0 = time.process_time(), time.perf_counter()
            mlp.fit(train, train)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"sklearn_fit_s_j{t}={wall:.3f}")
            print(f"sklearn_fit_cpu_s_j{t}={cpu:.3f}")
            print(f"sklearn_epochs_run_j{t}={mlp.n_iter_}")
            # sklearn's squared-error loss is half the MSE.
            print(f"sklearn_final_loss_j{t}={2 * mlp.loss_:.6g}")
            print(f"sklearn_mean_error_j{t}={float(((mlp.predict(x) - x) ** 2).mean()):.6g}")
    blas = [f"{i['internal_api']}:{i.get('num_threads')}" for i in threadpool_info()]
    print(f"sklearn_threadpools={','.join(blas)}")


if __name__ == "__main__":
    main()
