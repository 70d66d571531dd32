#!/usr/bin/python3
"""scikit-learn side of the "detectors" benchmark: times KMeans and OneClassSVM training on the .npy that
`dotnet run -- detectors --write-npy` wrote (DCASE log-mel frame vectors of real valve clips).

usage: /usr/bin/python3 detectors_bench.py X.npy [repeats] [svm_rows] [clusters]
KMeans: StandardScaler then KMeans(n_clusters, init='k-means++', n_init=1, random_state=0, algorithm='lloyd') on
float32, like our default detector (standardise, k-means++, one run); threads limited to 1 and 2 with threadpoolctl.
OneClassSVM: nu=0.1, gamma='scale', RBF, on the first svm_rows vectors (libsvm is single-threaded).
Prints key=value lines (best of `repeats`) for detectors_bench.sh.
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler
from sklearn.svm import OneClassSVM
from threadpoolctl import threadpool_limits


def best(fn, repeats):
    wall, cpu, result = [], [], None
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu), result


def main():
    x = np.load(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    svm_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
    clusters = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    print(f"sklearn_version={sklearn.__version__}")
    for jobs in (1, 2):
        with threadpool_limits(jobs):
            def fit_kmeans():
                z = StandardScaler().fit_transform(x)
                return KMeans(n_clusters=clusters, init="k-means++", n_init=1, random_state=0, algorithm="lloyd").fit(z)
            wall, cpu, km = best(fit_kmeans, repeats)
            print(f"sklearn_kmeans_fit_s_j{jobs}={wall:.6f}")
            print(f"sklearn_kmeans_fit_cpu_s_j{jobs}={cpu:.6f}")
            print(f"sklearn_kmeans_iterations_j{jobs}={km.n_iter_}")
            print(f"sklearn_kmeans_s_per_iteration_j{jobs}={wall / km.n_iter_:.6f}")
    svm_x = x[:svm_rows].astype(np.float64)
    wall, cpu, svm = best(lambda: OneClassSVM(nu=0.1, gamma="scale").fit(svm_x), repeats)
    print(f"sklearn_ocsvm_fit_s={wall:.6f}")
    print(f"sklearn_ocsvm_fit_cpu_s={cpu:.6f}")
    print(f"sklearn_ocsvm_support_vectors={len(svm.support_)}")
    print(f"sklearn_ocsvm_iterations={int(np.asarray(svm.n_iter_).ravel()[0])}")
    print(f"sklearn_ocsvm_rho={float(svm.offset_[0])!r}")


if __name__ == "__main__":
    main()
