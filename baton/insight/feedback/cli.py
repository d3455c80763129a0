"""`baton feedback ...`: classify comments in bulk, or train a model on labelled comments.

    baton feedback classify IN.csv --out OUT.csv [--model MODEL.npz] [--chunk-size N]
    baton feedback train LABELLED.csv [--out MODEL.npz] [--split train,dev] [--folds 5] [--phase1 P1.csv --phase1-map MAP.json]
    baton feedback info [--model MODEL.npz]

The model is --model, else $BATON_FEEDBACK_MODEL, else the one shipped with Baton.
Errors are one line on stderr and a non-zero exit code (2: bad input, 3: bad model).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

from .language import is_not_english, language_name

EXIT_BAD_INPUT = 2
EXIT_BAD_MODEL = 3


class InputError(Exception):
    """Bad input file; the message is one line for stderr."""


def _err(msg: str) -> None:
    print(f"baton feedback: {msg}", file=sys.stderr)


class _Progress:
    """A one-line progress meter on stderr, only when stderr is a terminal."""

    def __init__(self, total_bytes: int, enabled: bool | None = None):
        self.total = max(total_bytes, 1)
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self.last = 0.0

    def update(self, rows: int, pos: int, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = rows / max(now - self.start, 1e-9)
        pct = 100.0 if final else min(99.9, 100.0 * pos / self.total)
        sys.stderr.write(f"\rclassifying: {rows:,} comments  {pct:5.1f}%  {rate:,.0f}/s   ")
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _note(language: str) -> str:
    """The `note` column: why a comment has no themes and no sentiment, for the person reading OUT.csv."""
    if not is_not_english(language):
        return ""
    return f"not English ({language_name(language)}): no themes or sentiment given"


def _open_csv(path: Path):
    """Open IN.csv as UTF-8 (a BOM is fine); returns (raw binary file, csv reader, header)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty")
    csv.field_size_limit(16 * 1024 * 1024)  # long free-text answers are fine
    raw = open(path, "rb")
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raw.close()
        raise InputError(f"{path} is empty") from None
    except UnicodeDecodeError:
        raw.close()
        raise InputError(f"{path} is not UTF-8 text: save it as CSV UTF-8 and try again") from None
    except csv.Error as exc:
        raw.close()
        raise InputError(f"{path} is not a readable CSV file ({exc})") from None
    header = [h.strip() for h in header]
    if not any(header):
        raw.close()
        raise InputError(f"{path} has no header row")
    return raw, reader, header


def classify_csv(
    in_path, out_path, model=None, chunk_size: int = 2000, progress: bool | None = None, model_path=None
) -> int:
    """Stream IN.csv through the model into OUT.csv; returns the number of rows written.

    Reads and classifies `chunk_size` rows at a time and writes as it goes, so memory stays flat
    whatever the file's size. OUT is written to a temporary file and moved into place at the
    end, so a failed run leaves no half-written OUT behind.
    """
    from baton.core.spreadsheets import csv_writer

    from .engine import load_model, normalise_question_type

    in_path, out_path = Path(in_path), Path(out_path)
    raw, reader, header = _open_csv(in_path)
    try:
        missing = [c for c in ("comment_id", "comment_text") if c not in header]
        if missing:
            raise InputError(
                f"{in_path} lacks column(s) {', '.join(missing)} "
                f"(it has: {', '.join(h for h in header if h) or 'none'})"
            )
        i_id, i_text = header.index("comment_id"), header.index("comment_text")
        i_qt = header.index("question_type") if "question_type" in header else None
        if model is None:  # loaded once the input looks right
            model = load_model(model_path)
        labels = model.labels
        meter = _Progress(in_path.stat().st_size, progress)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
        n = 0
        bad_qt: set[str] = set()
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                w = csv_writer(out)  # comment ids are people's text: no formula may reach a spreadsheet
                # language and note came later: at the end, so the earlier columns keep their places
                w.writerow(["comment_id", "sentiment", *labels, "confidence", "language", "note"])
                line = 1
                while True:
                    ids, texts, qts = [], [], []
                    try:
                        for row in reader:
                            line += 1
                            if not row:
                                continue
                            if len(row) < len(header):  # short row: missing trailing fields are blank
                                row = row + [""] * (len(header) - len(row))
                            ids.append(row[i_id])
                            texts.append(row[i_text])
                            q = row[i_qt] if i_qt is not None else ""
                            nq = normalise_question_type(q)
                            if nq is None:
                                bad_qt.add(q)
                                nq = "nonspecific"
                            qts.append(nq)
                            if len(ids) >= chunk_size:
                                break
                    except UnicodeDecodeError:
                        raise InputError(
                            f"{in_path} is not UTF-8 text (near line {line}): save it as CSV UTF-8 and try again"
                        ) from None
                    except csv.Error as exc:
                        raise InputError(f"{in_path} line {line}: {exc}") from None
                    if not ids:
                        break
                    p = model.predict(texts, qts)
                    sent = p.sentiment.tolist()
                    conf = p.confidence.tolist()
                    lab = p.labels.tolist()
                    w.writerows(  # sentiment 0 is "not English, no score": a blank cell
                        [cid, s or None, *ls, f"{c:.3f}", lang, _note(lang)]
                        for cid, s, ls, c, lang in zip(ids, sent, lab, conf, p.language)
                    )
                    n += len(ids)
                    meter.update(n, raw.tell())
            if n == 0:
                raise InputError(f"{in_path} has a header but no rows")
            os.replace(tmp, out_path)
        finally:
            if tmp.exists():
                tmp.unlink()
        meter.update(n, raw.tell(), final=True)
        if bad_qt:
            shown = ", ".join(sorted(repr(q) for q in bad_qt)[:5])
            _err(f"warning: unknown question_type value(s) {shown} read as nonspecific")
        return n
    finally:
        raw.close()


def _cmd_classify(ns) -> int:
    if ns.chunk_size < 1:
        raise InputError("--chunk-size must be at least 1")
    t0 = time.perf_counter()
    n = classify_csv(ns.input, ns.out, chunk_size=ns.chunk_size, model_path=ns.model)
    dt = time.perf_counter() - t0
    if not ns.quiet:
        _err(f"classified {n:,} comments into {ns.out} in {dt:.1f} s ({n / max(dt, 1e-9):,.0f}/s)")
    return 0


def _cmd_train(ns) -> int:
    from .engine import TrainConfig, resolve_model_path, train_from_csv

    path = Path(ns.input)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty")
    out = Path(ns.out) if ns.out else None
    if out is None:
        env = os.environ.get("BATON_FEEDBACK_MODEL", "").strip()
        out = resolve_model_path(None) if env else Path("feedback-model.npz")
    if out.suffix != ".npz":
        raise InputError(f"--out must end in .npz: {out}")
    cfg = TrainConfig(folds=ns.folds)
    log = None if ns.quiet else (lambda m: _err(m))
    phase1 = mapping = None
    if ns.phase1 or ns.phase1_map:
        if not (ns.phase1 and ns.phase1_map):
            raise InputError("--phase1 and --phase1-map go together")
        phase1, mapping = Path(ns.phase1), Path(ns.phase1_map)
        for f in (phase1, mapping):
            if not f.is_file():
                raise InputError(f"{f}: no such file")
    try:
        model = train_from_csv(path, config=cfg, log=log, split=ns.split, phase1=phase1, phase1_map=mapping)
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text: save it as CSV UTF-8 and try again") from None
    except csv.Error as exc:
        raise InputError(f"{path} is not a readable CSV file ({exc})") from None
    model.save(out)
    if not ns.quiet:
        _err(f"saved the model to {out}; use it with --model {out} or BATON_FEEDBACK_MODEL={out}")
    return 0


def _cmd_info(ns) -> int:
    import json

    from .engine import load_model, resolve_model_path

    model = load_model(ns.model)
    info = {
        "path": str(resolve_model_path(ns.model)),
        "labels": len(model.labels),
        "learnt_labels": len(model.model_labels),
        "features": model.featuriser.n_features,
        "lexicon_concepts": len(model.featuriser.lexicon.names) if model.featuriser.lexicon else 0,
        "sentiment_cues": model.featuriser.cues,
        "sentiment_group_model": model.group_coef is not None,
        "thresholds": {k: round(float(t), 3) for k, t in zip(model.model_labels, model.thresholds)},
        **{k: v for k, v in model.meta.items() if k != "label_counts"},
    }
    print(json.dumps(info, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="baton feedback", description="Themes and sentiment for patient feedback comments."
    )
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("classify", help="classify IN.csv (comment_id, comment_text[, question_type])")
    c.add_argument("input", metavar="IN.csv")
    c.add_argument("--out", required=True, metavar="OUT.csv")
    c.add_argument(
        "--model",
        metavar="MODEL.npz",
        help="a model from `baton feedback train` (default: $BATON_FEEDBACK_MODEL, else the shipped model)",
    )
    c.add_argument("--chunk-size", type=int, default=2000, help="rows classified at a time")
    c.add_argument("-q", "--quiet", action="store_true")
    c.set_defaults(func=_cmd_classify)

    t = sub.add_parser("train", help="train a model on a labelled CSV (the shared file's columns)")
    t.add_argument("input", metavar="LABELLED.csv")
    t.add_argument(
        "--out",
        metavar="MODEL.npz",
        help="where to save it (default: $BATON_FEEDBACK_MODEL, else ./feedback-model.npz)",
    )
    t.add_argument("--split", help="use only rows whose `split` column is one of these (comma list)")
    t.add_argument("--folds", type=int, default=5, help="cross-validation folds for tuning thresholds (0: fixed 0.5)")
    t.add_argument(
        "--phase1",
        metavar="P1.csv",
        help="also learn from comments labelled with pxtextmining's phase-1 framework (one old sub-category"
        " each): positive examples of the sub-categories their old one maps to, where that pays in"
        " cross-validation (measured: no gain on dev, see README)",
    )
    t.add_argument("--phase1-map", metavar="MAP.json", help="old sub-category -> current one (with --phase1)")
    t.add_argument("-q", "--quiet", action="store_true")
    t.set_defaults(func=_cmd_train)

    i = sub.add_parser("info", help="describe a model")
    i.add_argument("--model", metavar="MODEL.npz")
    i.set_defaults(func=_cmd_info)
    return p


def main(argv: list[str] | None = None) -> int:
    from .engine import FeedbackDataError, FeedbackModelError

    ns = build_parser().parse_args(argv)
    try:
        return ns.func(ns)
    except (InputError, FeedbackDataError) as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    except FeedbackModelError as exc:
        _err(str(exc))
        return EXIT_BAD_MODEL
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:
        _err(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        return 1


if __name__ == "__main__":
    sys.exit(main())
