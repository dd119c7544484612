#!/usr/bin/env python3
"""Amable against two peers on the dev sets: a trained classifier and a rule-based parser.

Run it through Benchmarks/peers.sh, which makes the virtualenv (.build/peers-venv) with the
pinned packages and finds or builds the amable binary.

Peers, both trained on exactly Amable's own examples (Intents/<lang>/*.json, files not starting
with `_`), never on anything from the dev data:

  svm    scikit-learn: TF-IDF of word 1-2-grams + char_wb 2-5-grams (FeatureUnion, sublinear_tf,
         lowercase, strip_accents='unicode') -> LinearSVC(class_weight='balanced').
         out_of_scope: when the highest decision_function score is below a threshold. The
         threshold is the 5th percentile of the out-of-fold highest scores of the training
         examples under stratified 5-fold cross-validation, i.e. the threshold that keeps 95% of
         the training examples in scope. Nothing from the dev data tunes it.
  adapt  Mycroft's Adapt (adapt-parser), a keyword parser: per intent, a required keyword from
         the words distinctive of that intent in its examples (see AdaptPeer for the exact
         construction). out_of_scope: no parse, or a parse whose confidence is below a
         threshold chosen by the same 5-fold / 95% rule as the svm.

Dev files (gold `text<TAB>intent` lines, read the way `amable eval` reads them) are only read
to be classified; no sentence from them is written anywhere, except that --quick hands amable
the first 300 lines through a private temporary file deleted right after (amable eval cannot
read a pipe).

Metrics, the same definitions as Amable's EvalReport: accuracy; macro-F1 = mean over the
intents present in the file's gold labels (out_of_scope included when present) of
2PR/(P+R), P over the predictions of that intent; oos-recall = share of gold out_of_scope
predicted out_of_scope ("-" when the file has none); msgs/s = messages classified one at a
time over the whole file (load and training excluded; amable measures its own loop the same
way). The peers' batched speed (whole file in one call) is kept in --json output.

Exit status: 0 when every system produced figures for every file, whoever wins; 1 when
something could not be measured (missing data, amable failing), after printing what it could;
2 on bad usage.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

OOS = "out_of_scope"
KEEP_IN_SCOPE = 0.95          # share of training examples the out_of_scope threshold keeps in scope
CV_FOLDS = 5
QUICK_LINES = 300

DEV_FILES = [
    ("bitext_en.tsv", "en"), ("extras_en.tsv", "en"), ("clinc_outofscope_en.tsv", "en"),
    ("bitext_es.tsv", "es"), ("extras_es.tsv", "es"), ("oos_es.tsv", "es"),
]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data

def load_examples(home: Path, lang: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(text, intent) pairs from Intents/<lang>/*.json (not `_*`), and warnings.

    The files are being edited while this runs, so a file that does not parse is retried a
    few times, then skipped with a warning."""
    pairs: list[tuple[str, str]] = []
    notes: list[str] = []
    folder = home / "Intents" / lang
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("_"):
            continue
        data, err = None, None
        for attempt in range(4):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                break
            except (OSError, ValueError) as e:
                err = e
                time.sleep(0.5)
        if not isinstance(data, dict):
            notes.append(f"{path.relative_to(home)}: skipped ({err if data is None else 'not an object'})")
            continue
        intent = data.get("intent")
        if not isinstance(intent, str) or not intent:
            notes.append(f"{path.relative_to(home)}: skipped (no \"intent\")")
            continue
        if intent != path.stem:
            notes.append(f"{path.relative_to(home)}: \"intent\" is {intent!r}, not the file name")
        examples = data.get("examples") or []
        for ex in examples:
            if isinstance(ex, str) and ex.strip():
                pairs.append((ex.strip(), intent))
    return pairs, notes


def intents_fingerprint(home: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((home / "Intents").rglob("*.json")):
        try:
            h.update(str(path).encode() + b"\0" + path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()


def read_tsv_lines(lines: list[str]) -> list[tuple[str, str]]:
    """Rows the way `amable eval` reads them: blank lines skipped, the last tab field is the
    intent (trimmed), the fields before it joined by a space are the text."""
    rows = []
    for line in lines:
        line = line[:-1] if line.endswith("\r") else line
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0] or not fields[-1]:
            continue
        rows.append((" ".join(fields[:-1]), fields[-1].strip(" ")))
    return rows


def read_dev(path: Path, quick: bool) -> tuple[list[str], list[tuple[str, str]]]:
    raw = path.read_text(encoding="utf-8", errors="replace").split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    if quick:
        raw = raw[:QUICK_LINES]
    return raw, read_tsv_lines(raw)


# --------------------------------------------------------------------------- metrics

def scores(gold: list[str], pred: list[str]) -> dict:
    """Accuracy, macro-F1 over the gold intents, oos-recall: as Amable's EvalReport."""
    n = len(gold)
    tp, fp, support = Counter(), Counter(), Counter()
    correct = 0
    for g, p in zip(gold, pred):
        support[g] += 1
        if g == p:
            tp[g] += 1
            correct += 1
        else:
            fp[p] += 1
    f1s = []
    for c in support:
        t = tp[c]
        prec = t / (t + fp[c]) if t + fp[c] else 0.0
        rec = t / support[c]
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "oos_recall": (tp[OOS] / support[OOS]) if support[OOS] else None,
    }


# --------------------------------------------------------------------------- peers

def fold(text: str) -> str:
    """Lowercase and strip accents (NFKD, drop combining marks): what strip_accents='unicode'
    and lowercase=True do for the svm, applied to the adapt peer's vocabulary and input too."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def cv_threshold(texts: list[str], labels: list[str], fit_score) -> tuple[float, float]:
    """The out_of_scope threshold: the (1 - KEEP_IN_SCOPE) quantile of the out-of-fold
    confidence of the training examples under stratified CV_FOLDS-fold cross-validation, so
    that 95% of them stay in scope. fit_score(train_texts, train_labels, test_texts) returns
    the confidences of test_texts. Returns (threshold, out-of-fold accuracy)."""
    from sklearn.model_selection import StratifiedKFold

    folds = max(2, min(CV_FOLDS, len(texts)))
    oof = np.zeros(len(texts))
    oof_pred = [""] * len(texts)
    with warnings.catch_warnings():
        # intents with fewer examples than folds only make StratifiedKFold warn
        warnings.simplefilter("ignore")
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
        for train_idx, test_idx in splitter.split(texts, labels):
            tr_t = [texts[i] for i in train_idx]
            tr_l = [labels[i] for i in train_idx]
            if len(set(tr_l)) < 2:
                continue
            conf, pred = fit_score(tr_t, tr_l, [texts[i] for i in test_idx])
            for j, i in enumerate(test_idx):
                oof[i] = conf[j]
                oof_pred[i] = pred[j]
    threshold = float(np.quantile(oof, 1 - KEEP_IN_SCOPE))
    accuracy = sum(p == l for p, l in zip(oof_pred, labels)) / len(labels)
    return threshold, accuracy


class SVMPeer:
    name = "tfidf+linearsvc"

    @staticmethod
    def _pipeline():
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, make_pipeline
        from sklearn.svm import LinearSVC

        common = dict(sublinear_tf=True, lowercase=True, strip_accents="unicode")
        features = FeatureUnion([
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), **common)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common)),
        ])
        return make_pipeline(features, LinearSVC(class_weight="balanced", random_state=0))

    @classmethod
    def _fit(cls, texts, labels):
        model = cls._pipeline()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence chatter on tiny folds
            model.fit(texts, labels)
        return model

    @staticmethod
    def _best(model, texts):
        d = model.decision_function(texts)
        classes = model.classes_
        if d.ndim == 1:  # two intents: one score, positive for classes_[1]
            d = np.column_stack([-d, d])
        idx = d.argmax(axis=1)
        return d[np.arange(len(texts)), idx], [classes[i] for i in idx]

    def __init__(self, texts: list[str], labels: list[str]):
        self.threshold, self.cv_accuracy = cv_threshold(
            texts, labels, lambda a, b, c: self._best(self._fit(a, b), c))
        self.model = self._fit(texts, labels)
        self.info = {"threshold": round(self.threshold, 4), "cv_accuracy": round(self.cv_accuracy, 4)}

    def classify(self, text: str) -> str:
        conf, pred = self._best(self.model, [text])
        return pred[0] if conf[0] >= self.threshold else OOS

    def classify_batch(self, texts: list[str]) -> list[str]:
        conf, pred = self._best(self.model, texts)
        return [p if c >= self.threshold else OOS for c, p in zip(conf, pred)]


class AdaptPeer:
    """Mycroft's Adapt, configured from the training examples only.

    Adapt matches registered keywords (exact words after lowercasing; no stemming) and an
    intent fires when its required entity is found. Construction, per language:

    * Vocabulary: words (lowercased, accents stripped, as for the svm; 2+ letters, not
      numbers) counted per intent. A word is distinctive for an intent when it occurs in at
      least `min_examples` of that intent's examples and at least `min_share` of all its
      occurrences in the training examples are in that intent. No stopword list is needed:
      function words are spread over many intents and never reach the share. An intent with
      no such word (a tiny social intent such as `deny`: "no", "nope", "nah") falls back to
      its words seen once with the same share, so every intent can fire.
    * (min_examples, min_share) is picked from GRID by the out-of-fold accuracy of the same
      stratified 5-fold cross-validation over the training examples that sets the threshold
      (so the dev data tunes nothing); ties go to the earlier, stricter setting.
    * Registration: the vocabulary is registered as entity `<intent>_kw0`, and the intent is
      `IntentBuilder(intent).require("<intent>_kw0")` plus `.optionally()` of SLOTS-1 more
      entities holding the same vocabulary, so a message that contains 1..SLOTS of the
      intent's keywords uses that many tags. That is the ordinary Adapt idiom (a required
      keyword, optional others) and it lets Adapt's own confidence (tags used by the intent /
      all tags, times the share of the message's characters they cover) tell intents apart
      instead of tying at one keyword each. Intents are registered in name order; Adapt keeps
      the first of equal confidences.
    * Decision: `engine.determine_intent(message)`; no parse -> out_of_scope; a parse
      whose confidence is below the cross-validated threshold (same 5-fold / 95% rule as the
      svm; 0 when fewer than 95% of held-out examples get any parse, i.e. any parse counts)
      -> out_of_scope.

    Nothing is hand-written per intent: Amable's rules and lexicon are hand-written, but the
    peers get only the examples, which is the comparison this benchmark makes.
    """

    name = "adapt"
    # (min_examples, min_share): "in 2+ examples of the intent, and most of its uses there"
    GRID = [(2, 0.75), (2, 0.6), (2, 0.5)]
    SLOTS = 4

    @staticmethod
    def vocabulary(texts: list[str], labels: list[str], min_examples: int, min_share: float) -> dict[str, list[str]]:
        in_examples: dict[str, Counter] = defaultdict(Counter)
        occurrences: dict[str, Counter] = defaultdict(Counter)
        total: Counter = Counter()
        for text, label in zip(texts, labels):
            toks = [t for t in tokens(text) if len(t) >= 2 and not t.isdigit()]
            occurrences[label].update(toks)
            total.update(toks)
            in_examples[label].update(set(toks))
        vocab = {}
        for label in sorted(set(labels)):
            share = {w: c / total[w] for w, c in occurrences[label].items()}
            words = [w for w, n in in_examples[label].items() if n >= min_examples and share[w] >= min_share]
            if not words:
                words = [w for w in in_examples[label] if share[w] >= min_share]
            vocab[label] = sorted(words)
        return vocab

    @classmethod
    def _build(cls, texts, labels, setting):
        from adapt.engine import IntentDeterminationEngine
        from adapt.intent import IntentBuilder

        engine = IntentDeterminationEngine()
        vocab = cls.vocabulary(texts, labels, *setting)
        for intent, words in vocab.items():
            if not words:
                continue
            builder = IntentBuilder(intent)
            for k in range(cls.SLOTS):
                entity = f"{intent}_kw{k}"
                for w in words:
                    engine.register_entity(w, entity)
                builder = builder.require(entity) if k == 0 else builder.optionally(entity)
            engine.register_intent_parser(builder.build())
        return engine, vocab

    @staticmethod
    def _parse(engine, text: str) -> tuple[float, str]:
        message = " ".join(tokens(text))
        if not message:
            return 0.0, OOS
        best = next(engine.determine_intent(message), None)
        if not best or best.get("confidence", 0.0) <= 0:
            return 0.0, OOS
        return float(best["confidence"]), best["intent_type"]

    def __init__(self, texts: list[str], labels: list[str]):
        def fit_score(setting):
            def run(train_t, train_l, test_t):
                engine, _ = self._build(train_t, train_l, setting)
                out = [self._parse(engine, t) for t in test_t]
                return [c for c, _ in out], [p for _, p in out]
            return run

        tried = []
        for setting in self.GRID:
            threshold, accuracy = cv_threshold(texts, labels, fit_score(setting))
            tried.append((accuracy, -len(tried), setting, threshold))
        self.cv_accuracy, _, self.setting, self.threshold = max(tried)
        self.engine, vocab = self._build(texts, labels, self.setting)
        self.info = {
            "threshold": round(self.threshold, 4), "cv_accuracy": round(self.cv_accuracy, 4),
            "min_examples": self.setting[0], "min_share": self.setting[1], "slots": self.SLOTS,
            "cv_accuracy_by_setting": {f"{s[0]}/{s[1]}": round(a, 4) for a, _, s, _ in tried},
            "keywords": sum(len(v) for v in vocab.values()),
            "intents_without_keywords": sorted(k for k, v in vocab.items() if not v),
        }

    def classify(self, text: str) -> str:
        conf, intent = self._parse(self.engine, text)
        return intent if intent != OOS and conf >= self.threshold else OOS

    def classify_batch(self, texts: list[str]) -> list[str]:
        return [self.classify(t) for t in texts]  # Adapt has no batch API


# --------------------------------------------------------------------------- runs

def measure_peer(peer, rows: list[tuple[str, str]]) -> dict:
    texts = [t for t, _ in rows]
    gold = [g for _, g in rows]
    start = time.perf_counter()
    pred = [peer.classify(t) for t in texts]
    seconds = time.perf_counter() - start
    result = scores(gold, pred)
    result["messages_per_second"] = len(texts) / max(seconds, 1e-9)
    if isinstance(peer, SVMPeer):
        start = time.perf_counter()
        batch = peer.classify_batch(texts)
        result["batched_messages_per_second"] = len(texts) / max(time.perf_counter() - start, 1e-9)
        # same model and threshold: should agree (a float at the threshold could flip)
        result["batched_disagreements"] = sum(a != b for a, b in zip(batch, pred))
    return result


def run_amable(amable: str, home: Path, path: Path, lang: str, quick_lines: list[str] | None) -> dict:
    """`$AMABLE eval FILE --lang LANG --json --home HOME`; one retry, since the intent files
    may be mid-edit when it loads them."""
    tmpdir = None
    try:
        target = path
        if quick_lines is not None:
            # amable eval reads only regular files: hand it the first lines through a private
            # temporary file (in memory when /dev/shm exists), removed in `finally`.
            shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
            tmpdir = tempfile.mkdtemp(prefix="amable-peers-", dir=shm)
            target = Path(tmpdir) / path.name
            target.write_text("\n".join(quick_lines) + "\n", encoding="utf-8")
        cmd = [amable, "eval", str(target), "--lang", lang, "--json", "--home", str(home), "--misses", "0"]
        last = ""
        for attempt in range(2):
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
            except (OSError, subprocess.TimeoutExpired) as e:
                last = str(e)
                break
            if proc.returncode == 0:
                try:
                    obj = json.loads(proc.stdout)
                    return {
                        "n": obj["n"], "accuracy": obj["accuracy"], "macro_f1": obj["macro_f1"],
                        "oos_recall": obj["oos_recall"], "messages_per_second": obj["messages_per_second"],
                    }
                except (ValueError, KeyError, TypeError) as e:
                    last = f"unreadable output ({e})"
            else:
                errs = [l for l in proc.stderr.splitlines() if l.strip() and not l.startswith("warning:")]
                last = f"exit {proc.returncode}: " + " | ".join(errs[:4])
            time.sleep(2)
        raise RuntimeError(last)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def fmt(x, digits=3) -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    return f"{x:.{digits}f}"


def main(argv: list[str]) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # keep stdout and stderr lines in order
    ap = argparse.ArgumentParser(description="Amable vs. a TF-IDF+LinearSVC and an Adapt peer on the dev sets.")
    ap.add_argument("--quick", action="store_true", help=f"only the first {QUICK_LINES} lines of each file")
    ap.add_argument("--json", metavar="OUT", help="also write the raw figures to OUT")
    ap.add_argument("--home", default=str(Path(__file__).resolve().parent.parent),
                    help="folder with Intents/ (and amable's --home); default: this repository")
    ap.add_argument("--dev", default=os.environ.get("AMABLE_DEV", "/work/shared/data/dev"), help="folder of the dev .tsv files")
    ap.add_argument("--amable", default=os.environ.get("AMABLE", ""), help="amable binary (default: $AMABLE)")
    args = ap.parse_args(argv)
    home, dev = Path(args.home).resolve(), Path(args.dev)
    if not args.amable:
        ap.error("no amable binary: pass --amable or set AMABLE")

    t0 = time.perf_counter()
    failures: list[str] = []
    fingerprint = intents_fingerprint(home)

    # 1. training data = Amable's examples, exported for inspection next to the venv
    export_dir = Path(os.environ.get("PEERS_EXPORT", home / ".build" / "peers-venv" / "export"))
    peers: dict[str, dict[str, object]] = {}
    training: dict[str, dict] = {}
    for lang in ("en", "es"):
        pairs, notes = load_examples(home, lang)
        for note in notes:
            log(f"warning: {note}")
        intents = sorted({l for _, l in pairs})
        training[lang] = {"examples": len(pairs), "intents": len(intents)}
        try:
            export_dir.mkdir(parents=True, exist_ok=True)
            with open(export_dir / f"train_{lang}.tsv", "w", encoding="utf-8") as f:
                for text, label in pairs:
                    f.write(f"{' '.join(text.split())}\t{label}\n")
        except OSError as e:
            log(f"warning: could not export training data: {e}")
        if len(intents) < 2:
            msg = f"{lang}: {len(pairs)} examples in {len(intents)} intent(s) under Intents/{lang}/: the peers need 2 or more intents"
            log(f"error: {msg}")
            failures.append(msg)
            continue
        texts, labels = [p[0] for p in pairs], [p[1] for p in pairs]
        peers[lang] = {}
        for cls in (SVMPeer, AdaptPeer):
            s = time.perf_counter()
            peer = cls(texts, labels)
            peer.info["train_seconds"] = round(time.perf_counter() - s, 2)
            peers[lang][cls.name] = peer
            training[lang][cls.name] = peer.info
        adapt = peers[lang][AdaptPeer.name]
        log(f"trained {lang}: {len(pairs)} examples, {len(intents)} intents; "
            + "; ".join(f"{n} threshold {p.info['threshold']:.3f} (cv accuracy {p.info['cv_accuracy']:.3f})"
                        for n, p in peers[lang].items())
            + f"; adapt keywords {adapt.info['keywords']} (min_examples {adapt.setting[0]}, min_share {adapt.setting[1]})")

    # 2. evaluate
    systems = ["amable", SVMPeer.name, AdaptPeer.name]
    results: list[dict] = []
    for fname, lang in DEV_FILES:
        path = dev / fname
        if not path.is_file():
            failures.append(f"{path}: missing")
            log(f"error: {path}: missing")
            continue
        raw, rows = read_dev(path, args.quick)
        for system in systems:
            row = {"file": fname, "lang": lang, "system": system, "has_oos": any(g == OOS for _, g in rows)}
            try:
                if system == "amable":
                    row.update(run_amable(args.amable, home, path, lang, raw if args.quick else None))
                elif lang in peers:
                    row.update(measure_peer(peers[lang][system], rows))
                else:
                    raise RuntimeError(f"no {lang} training data")
            except Exception as e:  # noqa: BLE001 - reported in the table and the exit status
                row["error"] = str(e) or type(e).__name__
                failures.append(f"{fname} {system}: {row['error']}")
                log(f"error: {fname} {system}: {row['error']}")
            results.append(row)
        log(f"evaluated {fname} ({len(rows)} lines)")

    # 3. report
    header = ["file", "system", "accuracy", "macro-F1", "oos-recall", "msgs/s"]
    table = []
    for r in results:
        if "error" in r:
            table.append([r["file"], r["system"], "error", "error", "error", "-"])
        else:
            oos = r["oos_recall"]
            if not r["has_oos"]:
                oos = None  # amable prints 0 for a file with no out_of_scope line
            r["oos_recall"] = oos
            table.append([r["file"], r["system"], fmt(r["accuracy"]), fmt(r["macro_f1"]), fmt(oos),
                          f"{r['messages_per_second']:.0f}"])
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(header)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print()
    print(f"Amable vs. peers{' (--quick: first %d lines of each file)' % QUICK_LINES if args.quick else ''}")
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    prev = None
    for cells in table:
        print(line(cells if cells[0] != prev else [""] + cells[1:]))
        prev = cells[0]
    print()

    best: dict[str, list[str]] = {}
    beats = True
    for fname, _ in DEV_FILES:
        rows_f = [r for r in results if r["file"] == fname]
        ok = [r for r in rows_f if "error" not in r]
        if not ok:
            beats = False
            continue
        top = max(round(r["macro_f1"], 4) for r in ok)
        best[fname] = [r["system"] for r in ok if round(r["macro_f1"], 4) == top]
        print(f"best macro-F1 on {fname}: {', '.join(best[fname])} ({top:.3f})")
        am = next((r for r in ok if r["system"] == "amable"), None)
        others = [r for r in rows_f if r["system"] != "amable"]
        if am is None or any("error" in r or round(r["macro_f1"], 4) >= round(am["macro_f1"], 4) for r in others):
            beats = False
        if len(rows_f) < len(systems):
            beats = False
    if len(best) < len(DEV_FILES):
        beats = False
    svm_b = [f"{r['file']} {r['batched_messages_per_second']:.0f}" for r in results if "batched_messages_per_second" in r]
    if svm_b:
        print(f"({SVMPeer.name} batched, whole file in one call, msgs/s: {', '.join(svm_b)})")
    if intents_fingerprint(home) != fingerprint:
        print("note: Intents/ changed during the run; amable may have loaded newer examples than the peers")
    elapsed = time.perf_counter() - t0
    print(f"({elapsed:.0f} s; peers trained on Intents/*/*.json examples only: "
          + ", ".join(f"{l} {training[l]['examples']} examples / {training[l]['intents']} intents" for l in training) + ")")
    print(f"amable beats every peer on macro-F1 on every file: {'yes' if beats else 'no'}")

    if args.json:
        versions = {}
        for pkg in ("scikit-learn", "adapt-parser", "numpy", "scipy"):
            try:
                versions[pkg] = metadata.version(pkg)
            except metadata.PackageNotFoundError:
                versions[pkg] = None
        out = {
            "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "quick": args.quick, "home": str(home), "dev": str(dev), "amable": args.amable,
            "python": sys.version.split()[0], "versions": versions,
            "keep_in_scope": KEEP_IN_SCOPE, "cv_folds": CV_FOLDS,
            "training": training, "results": results, "best_macro_f1": best,
            "amable_beats_every_peer": beats, "failures": failures, "seconds": round(elapsed, 1),
        }
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
