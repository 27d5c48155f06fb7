#!/usr/bin/env python3
"""Trains policydiff's sentence context model on CAPP-130 and writes the files the crate embeds.

Rerunnable and deterministic: inputs are read in sorted order, the only randomness is the solver's
fixed seed, and the same command writes byte-identical files. See docs/design.md ("Sentence context
model") for the features, the figures and how to retrain:

    pip install -r models/context/requirements.txt
    python3 models/context/train.py --data ../shared/data/capp130

Writes models/context/weights.bin (quantised weights), models/context/model.json (everything
else) and models/context/parity/predictions.json (this script's scores for the sentences in
models/context/parity/sentences.tsv, written for the project, which the Rust parity test
recomputes and compares).
"""

import argparse
import glob
import json
import math
import os
import re
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

CATEGORIES = [
    "collection", "permission", "sharing", "use", "storage", "security",
    "special_audience", "user_control", "contact", "policy_change", "cessation",
]
# The Chinese names annotation/*.jsonl uses, in the order of CATEGORIES.
CAPP_NAMES = [
    "数据收集", "权限获取", "共享、委托、转让、公开（披露）", "使用", "存储方式", "安全措施",
    "特殊人群", "数据、权限管理", "联系方式", "隐私政策的授权、修改与变更", "停止运营",
]
FORMAT = 1
# A namespace byte is hashed before every n-gram, so that the sentence's and its heading's
# n-grams land in different buckets.
NS_SENTENCE, NS_HEADING = 0x53, 0x48  # b"S", b"H"
FNV_OFFSET, FNV_PRIME, MASK64 = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
WHITESPACE = set(" \t\n\r\u00a0\u3000")


def normalise(text):
    """Full-width ASCII to ASCII, ASCII case folded, digits to 0, whitespace dropped."""
    out = []
    for ch in text:
        c = ord(ch)
        if 0xFF01 <= c <= 0xFF5E:
            ch = chr(c - 0xFEE0)
        if ch in WHITESPACE:
            continue
        if "0" <= ch <= "9":
            ch = "0"
        elif "A" <= ch <= "Z":
            ch = ch.lower()
        out.append(ch)
    return out


def fnv_step(h, data):
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def ngram_buckets(text, namespace, bits, ngram_max):
    """Bucket of every char 1..ngram_max-gram: FNV-1a 64 over the namespace byte and the n-gram's
    UTF-8 bytes, low `bits` bits. Returns {bucket: count}."""
    chars = [c.encode("utf-8") for c in normalise(text)]
    mask = (1 << bits) - 1
    counts = {}
    start = fnv_step(FNV_OFFSET, [namespace])
    for i in range(len(chars)):
        h = start
        for n in range(ngram_max):
            if i + n >= len(chars):
                break
            h = fnv_step(h, chars[i + n])
            b = h & mask
            counts[b] = counts.get(b, 0) + 1
    return counts


def block(counts):
    """Sublinear term frequency (1 + ln count), L2-normalised."""
    vals = {b: 1.0 + math.log(c) for b, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vals.values()))
    return {b: v / norm for b, v in vals.items()} if norm > 0 else {}


def features(sentence, heading, p):
    feats = block(ngram_buckets(sentence, NS_SENTENCE, p.bits, p.ngram_max))
    for b, v in block(ngram_buckets(heading, NS_HEADING, p.bits, p.ngram_max)).items():
        feats[b] = feats.get(b, 0.0) + p.heading_weight * v
    return feats


def matrix(rows, p):
    indptr, indices, data = [0], [], []
    for sentence, heading in rows:
        f = features(sentence, heading, p)
        for b in sorted(f):
            indices.append(b)
            data.append(f[b])
        indptr.append(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), 1 << p.bits), dtype=np.float64)


def is_heading(text):
    """The training data's stand-in for a section heading: a short line without closing punctuation.
    (At run time the caller passes the real heading of the sentence's section.)"""
    return len(text) < 30 and not re.search("[。；;]$", text)


def read_annotation(data):
    """First occurrence of every sentence: its nearest preceding heading; and each text's labels."""
    heading_of, labels = {}, {}
    files = sorted(glob.glob(os.path.join(data, "annotation", "rw_*.jsonl")))
    if not files:
        sys.exit(f"no annotation/rw_*.jsonl under {data}")
    for path in files:
        heading = ""
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                text = d["text"]
                heading_of.setdefault(text, heading)
                labels.setdefault(text, set()).update(d["label"])
                if is_heading(text):
                    heading = text
    return heading_of, labels


def read_split(data, name, heading_of):
    rows, ys = [], []
    with open(os.path.join(data, "topic_identification", f"{name}.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            text, y = line.rsplit("\t", 1)
            rows.append((text, heading_of.get(text, "")))
            ys.append(json.loads(y))
    return rows, np.array(ys, dtype=np.int64)


def negative_part(text):
    """Held-out split of the negatives by a hash of the text: 0 test, 1 dev, else train."""
    return fnv_step(FNV_OFFSET, text.encode("utf-8")) % 10


def decide(scores, none_threshold):
    """Every category scoring above 0; if none does, the best one if it scores above
    `none_threshold`, else no category (the sentence states no practice)."""
    pred = (scores > 0).astype(np.int64)
    best = scores.argmax(1)
    empty = (pred.sum(1) == 0) & (scores.max(1) > none_threshold)
    pred[np.arange(len(pred))[empty], best[empty]] = 1
    return pred


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "capp130"))
    ap.add_argument("--bits", type=int, default=18, help="log2 of the number of hash buckets")
    ap.add_argument("--c", type=float, default=1.0, help="LinearSVC regularisation C")
    ap.add_argument("--heading-weight", type=float, default=0.8)
    ap.add_argument("--ngram-max", type=int, default=3)
    ap.add_argument("--augment", type=float, default=0.3,
                    help="weight of the copy of each labelled sentence without its heading (0: none)")
    ap.add_argument("--no-write", action="store_true", help="evaluate only")
    args = ap.parse_args()

    heading_of, labels = read_annotation(args.data)
    train, ytrain = read_split(args.data, "train", heading_of)
    dev, ydev = read_split(args.data, "dev", heading_of)
    test, ytest = read_split(args.data, "test", heading_of)
    in_split = {t for t, _ in train + dev + test}
    negatives = sorted(t for t, ls in labels.items() if not ls and t not in in_split)
    neg = {p: [(t, heading_of[t]) for t in negatives if negative_part(t) == p] for p in (0, 1)}
    neg_train = [(t, heading_of[t]) for t in negatives if negative_part(t) >= 2]
    zeros = lambda n: np.zeros((n, len(CATEGORIES)), dtype=np.int64)

    # Each labelled training sentence twice, with its heading and without, so that the one model
    # serves callers that know the heading and callers that do not; negatives once, with heading.
    rows = train + ([(t, "") for t, _ in train] if args.augment else []) + neg_train
    y = np.vstack([ytrain] + ([ytrain] if args.augment else []) + [zeros(len(neg_train))])
    w = np.concatenate([np.ones(len(train)), np.full(len(train) if args.augment else 0, args.augment),
                        np.ones(len(neg_train))])
    x = matrix(rows, args)
    weights, bias = [], []
    for k in range(len(CATEGORIES)):
        clf = LinearSVC(C=args.c, random_state=0, max_iter=5000).fit(x, y[:, k], sample_weight=w)
        weights.append(clf.coef_[0])
        bias.append(clf.intercept_[0])
    weights = np.array(weights).T  # buckets × categories
    bias = np.array(bias, dtype=np.float32)

    # Quantise: per category, weight = q * scale with q in -127..=127.
    scale = (np.abs(weights).max(0) / 127.0).astype(np.float32)
    q = np.clip(np.rint(weights / scale), -127, 127).astype(np.int8)
    wq = q.astype(np.float32) * scale

    def scores(rows):
        return np.asarray(matrix(rows, args) @ wq, dtype=np.float32) + bias

    sdev, sdev_neg = scores(dev), scores(neg[1])
    best = None
    for t in np.arange(-1.5, 0.01, 0.05):
        pred = np.vstack([decide(sdev, t), decide(sdev_neg, t)])
        f = f1_score(np.vstack([ydev, zeros(len(neg[1]))]), pred, average="micro")
        if best is None or f > best[0] + 1e-9:
            best = (f, round(float(t), 2))
    none_threshold = best[1]

    report = {}
    for name, rows_, ys in [("dev", dev, ydev), ("test", test, ytest)]:
        for ctx in ("heading", "no_heading"):
            r = rows_ if ctx == "heading" else [(t, "") for t, _ in rows_]
            pred = decide(scores(r), none_threshold)
            report[f"{name}_{ctx}"] = {
                "micro_f1": round(float(f1_score(ys, pred, average="micro")), 4),
                "macro_f1": round(float(f1_score(ys, pred, average="macro")), 4),
                "per_category_f1": {c: round(float(v), 4) for c, v in zip(CATEGORIES, f1_score(ys, pred, average=None))},
            }
    for name, rows_ in [("dev", neg[1]), ("test", neg[0])]:
        pred = decide(scores(rows_), none_threshold)
        report[f"{name}_negatives"] = {
            "sentences": len(rows_),
            "false_positive_rate": round(float((pred.sum(1) > 0).mean()), 4),
        }
    print(json.dumps({"bits": args.bits, "c": args.c, "heading_weight": args.heading_weight,
                      "ngram_max": args.ngram_max, "augment": args.augment,
                      "none_threshold": none_threshold, **report}, ensure_ascii=False, indent=1))
    if args.no_write:
        return

    out = os.path.join(REPO, "models", "context")
    with open(os.path.join(out, "weights.bin"), "wb") as f:
        f.write(q.tobytes(order="C"))
    model = {
        "format": FORMAT,
        "source": "CAPP-130 (CC BY 4.0), topic_identification/train.txt + annotation negatives",
        "categories": CATEGORIES,
        "bits": args.bits,
        "ngram_max": args.ngram_max,
        "heading_weight": args.heading_weight,
        "none_threshold": none_threshold,
        "bias": [float(b) for b in bias],
        "scale": [float(s) for s in scale],
        "figures": report,
    }
    with open(os.path.join(out, "model.json"), "w", encoding="utf-8") as f:
        json.dump(model, f, ensure_ascii=False, indent=1)
        f.write("\n")

    fixtures = os.path.join(out, "parity")
    cases = []
    with open(os.path.join(fixtures, "sentences.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            heading, _, sentence = line.rpartition("\t")
            cases.append((sentence, heading))
    s = scores(cases)
    pred = decide(s, none_threshold)
    with open(os.path.join(fixtures, "predictions.json"), "w", encoding="utf-8") as f:
        lines = [json.dumps({"heading": h, "sentence": t, "scores": [round(float(v), 5) for v in sc],
                             "categories": [c for c, p in zip(CATEGORIES, pr) if p]}, ensure_ascii=False)
                 for (t, h), sc, pr in zip(cases, s, pred)]
        f.write("[\n" + ",\n".join(lines) + "\n]\n")


if __name__ == "__main__":
    main()
