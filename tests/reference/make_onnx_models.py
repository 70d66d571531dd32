#!/usr/bin/python3
"""Builds the small ONNX fixtures in tests/fixtures/onnx/ and their expected outputs (expected.json), deterministically.

Run with Debian's interpreter: /usr/bin/python3 tests/reference/make_onnx_models.py
(needs numpy, scikit-learn and onnx 1.12; skl2onnx is not available, so the graphs are built with onnx.helper).

1. sklearn_iforest.onnx - shaped like skl2onnx's IsolationForest export: input "float_input" [None, D] (unnamed dynamic
   batch), outputs "label" int64 [None, 1] and "scores" float [None, 1], one TreeEnsembleRegressor per tree yielding the
   leaf id, Gather of per-leaf path lengths, Sum and arithmetic. No metadata. Expected values are scikit-learn's own
   predict() and decision_function() of the fitted forest, so this checks the whole interpretation independently.
2. torch_autoencoder.onnx - PyTorch-style: input "input" [batch, D] -> MatMul/Add/Relu -> MatMul/Add -> "output" [batch, D].
3. with_metadata.onnx - an Identity graph carrying metadata_props, including an "acoustic_anomaly" record written here
   (so the C# reader is checked against JSON it did not write).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.ensemble import IsolationForest

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "onnx")


def c(n):
    n = np.asarray(n, dtype=np.float64)
    out = np.zeros_like(n)
    out[n == 2] = 1.0
    m = n > 2
    out[m] = 2.0 * (np.log(n[m] - 1.0) + np.euler_gamma) - 2.0 * (n[m] - 1.0) / n[m]
    return out


def save(model, name):
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(OUT, name)
    onnx.save(model, path)
    return path


def iforest():
    rng = np.random.RandomState(7)
    d = 4
    train = rng.normal(size=(200, d)).astype(np.float32)
    forest = IsolationForest(n_estimators=5, max_samples=32, random_state=11).fit(train)
    test = np.vstack([rng.normal(size=(6, d)), rng.normal(loc=4.0, size=(4, d))]).astype(np.float32)

    nodes, inits = [], []
    per_tree = []
    for t, est in enumerate(forest.estimators_):
        tree = est.tree_
        feats = forest.estimators_features_[t]
        n = tree.node_count
        leaf = tree.children_left == -1
        # depth of each node
        depth = np.zeros(n, dtype=np.int64)
        for i in range(n):
            if not leaf[i]:
                depth[tree.children_left[i]] = depth[i] + 1
                depth[tree.children_right[i]] = depth[i] + 1
        path_len = np.where(leaf, depth + c(tree.n_node_samples), 0.0).astype(np.float32)
        nodes.append(helper.make_node(
            "TreeEnsembleRegressor", ["float_input"], [f"leaf_f{t}"], domain="ai.onnx.ml", name=f"tree{t}",
            n_targets=1, aggregate_function="SUM", post_transform="NONE",
            nodes_treeids=[0] * n, nodes_nodeids=list(range(n)),
            nodes_featureids=[int(feats[f]) if not leaf[i] else 0 for i, f in enumerate(tree.feature)],
            nodes_values=[float(v) if not leaf[i] else 0.0 for i, v in enumerate(tree.threshold)],
            nodes_modes=["LEAF" if leaf[i] else "BRANCH_LEQ" for i in range(n)],
            nodes_truenodeids=[int(v) if not leaf[i] else 0 for i, v in enumerate(tree.children_left)],
            nodes_falsenodeids=[int(v) if not leaf[i] else 0 for i, v in enumerate(tree.children_right)],
            target_treeids=[0] * int(leaf.sum()), target_nodeids=[int(i) for i in np.where(leaf)[0]],
            target_ids=[0] * int(leaf.sum()), target_weights=[float(i) for i in np.where(leaf)[0]]))
        nodes.append(helper.make_node("Cast", [f"leaf_f{t}"], [f"leaf_i{t}"], to=TensorProto.INT64))
        nodes.append(helper.make_node("Reshape", [f"leaf_i{t}", "flat"], [f"leaf_flat{t}"]))
        inits.append(numpy_helper.from_array(path_len, name=f"path_table{t}"))
        nodes.append(helper.make_node("Gather", [f"path_table{t}", f"leaf_flat{t}"], [f"path{t}"]))
        per_tree.append(f"path{t}")
    denom = len(forest.estimators_) * c(np.array([forest.max_samples_]))[0]
    inits += [
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "flat"),
        numpy_helper.from_array(np.array([-1, 1], dtype=np.int64), "col"),
        numpy_helper.from_array(np.array(denom, dtype=np.float32), "denom"),
        numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two"),
        numpy_helper.from_array(np.array(forest.offset_, dtype=np.float32), "offset"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
        numpy_helper.from_array(np.array(-2, dtype=np.int64), "minus_two"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
    ]
    nodes += [
        helper.make_node("Sum", per_tree, ["path_sum"]),
        helper.make_node("Reshape", ["path_sum", "col"], ["path_col"]),
        helper.make_node("Div", ["path_col", "denom"], ["ratio"]),
        helper.make_node("Neg", ["ratio"], ["neg_ratio"]),
        helper.make_node("Pow", ["two", "neg_ratio"], ["pw"]),
        helper.make_node("Neg", ["pw"], ["score_samples"]),
        helper.make_node("Sub", ["score_samples", "offset"], ["scores"]),
        helper.make_node("Less", ["scores", "zero"], ["is_anomaly"]),
        helper.make_node("Cast", ["is_anomaly"], ["is_anomaly_i"], to=TensorProto.INT64),
        helper.make_node("Mul", ["is_anomaly_i", "minus_two"], ["m2"]),
        helper.make_node("Add", ["m2", "one"], ["label"]),
    ]
    graph = helper.make_graph(
        nodes, "sklearn_isolation_forest",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, d])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, [None, 1]),
         helper.make_tensor_value_info("scores", TensorProto.FLOAT, [None, 1])],
        inits)
    model = helper.make_model(graph, producer_name="skl2onnx", producer_version="1.16.0",
                              opset_imports=[helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    save(model, "sklearn_iforest.onnx")
    return {
        "file": "sklearn_iforest.onnx", "input": "float_input", "features": d, "rows": len(test),
        "x": test.ravel().tolist(),
        "label": forest.predict(test).astype(int).tolist(),
        "scores": forest.decision_function(test).tolist(),
    }


def torch_style_autoencoder(w1, b1, w2, b2, first, second):
    """A graph shaped like torch.onnx.export of nn.Linear -> ReLU -> nn.Linear (node and weight names as PyTorch
    gives them), input "input" and output "output" [batch_size, D]: the reconstruction, no scores, no metadata."""
    d = w1.shape[0]
    nodes = [
        helper.make_node("MatMul", ["input", f"{first}.weight"], [f"/{first}/MatMul_output_0"], name=f"/{first}/MatMul"),
        helper.make_node("Add", [f"/{first}/MatMul_output_0", f"{first}.bias"], [f"/{first}/Add_output_0"], name=f"/{first}/Add"),
        helper.make_node("Relu", [f"/{first}/Add_output_0"], ["/relu/Relu_output_0"], name="/relu/Relu"),
        helper.make_node("MatMul", ["/relu/Relu_output_0", f"{second}.weight"], [f"/{second}/MatMul_output_0"], name=f"/{second}/MatMul"),
        helper.make_node("Add", [f"/{second}/MatMul_output_0", f"{second}.bias"], ["output"], name=f"/{second}/Add"),
    ]
    inits = [numpy_helper.from_array(w1, f"{first}.weight"), numpy_helper.from_array(b1, f"{first}.bias"),
             numpy_helper.from_array(w2, f"{second}.weight"), numpy_helper.from_array(b2, f"{second}.bias")]
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch_size", d])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch_size", d])], inits)
    model = helper.make_model(graph, producer_name="pytorch", producer_version="2.1.0",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def autoencoder():
    rng = np.random.RandomState(3)
    d, h = 8, 3
    w1 = rng.normal(scale=0.5, size=(d, h)).astype(np.float32)
    b1 = rng.normal(scale=0.1, size=(h,)).astype(np.float32)
    w2 = rng.normal(scale=0.5, size=(h, d)).astype(np.float32)
    b2 = rng.normal(scale=0.1, size=(d,)).astype(np.float32)
    model = torch_style_autoencoder(w1, b1, w2, b2, "fc1", "fc2")
    save(model, "torch_autoencoder.onnx")
    x = rng.normal(size=(5, d)).astype(np.float32)
    y = (np.maximum(x @ w1 + b1, 0) @ w2 + b2).astype(np.float32)
    return {"file": "torch_autoencoder.onnx", "input": "input", "features": d, "rows": len(x),
            "x": x.ravel().tolist(), "output": y.ravel().tolist()}


def with_metadata():
    record = {
        "SchemaVersion": 1, "Algorithm": "IsolationForest",
        "FeatureSettings": {"SampleRate": 16000, "FftSize": 1024, "HopLength": 512, "MelBands": 128, "FMin": 0.0,
                            "FMax": None, "Power": 2.0, "Center": True, "Frames": 5, "FeatureSet": "LogMelFrames",
                            "MfccCount": 20, "ChannelMode": "Select", "Channel": 2},
        "Threshold": 0.125, "ScoreKind": "NegatedDecision",
        "Training": {"Clips": 12, "Vectors": 3708, "CreatedUtc": "2026-11-21T10:00:00Z", "ToolVersion": "python-fixture",
                     "Parameters": {"trees": "100", "max_samples": "256"}},
    }
    props = {
        "acoustic_anomaly": json.dumps(record),
        "algorithm": "IsolationForest",
        "threshold": "0.125",
        "note": "Gr\u00fc\u00dfe \u2013 unicode survives",
        "big": "x" * 5000,
    }
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])], "identity",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])])
    model = helper.make_model(graph, producer_name="make_onnx_models.py", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, props)
    save(model, "with_metadata.onnx")
    return {"file": "with_metadata.onnx", "metadata": props, "producer": "make_onnx_models.py", "opsets": {"": 17}}


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"iforest": iforest(), "autoencoder": autoencoder(), "metadata": with_metadata()}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
