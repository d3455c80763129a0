"""What the feedback engine's language rule and safe CSV output cost, and whom the rule leaves out.

    python bench/feedback_language.py [--rows N]

- CPU time of `detect_language` a comment, on the dev comments repeated to --rows (as the speed
  figures in bench/README.md use them);
- CPU time of writing --rows rows of `baton feedback classify`'s shape with `csv_writer`
  (neutralised, text quoted) against a bare `csv.writer`;
- the shipped labelled comments (all English) that the detector calls another language: it should
  be none; each one is listed;
- how many of 21 complaints written in 17 other languages it finds, and which of 47 short answers
  it calls another language (README.md, "Which language detector", has the other detectors'
  figures on the same texts).

CPU time (`time.process_time`), so that other work on a shared machine moves the figures less than
it moves wall-clock time.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baton.core.spreadsheets import csv_writer  # noqa: E402
from baton.insight.feedback import engine as E  # noqa: E402
from baton.insight.feedback.language import detect_language, is_not_english  # noqa: E402

# Complaints written for the comparison in README.md, in the languages and four more.
COMPLAINTS = {
    "ar": [
        "انتظرت خمس ساعات في قسم الطوارئ ولم يتحدث معي أي طبيب. الممرضة كانت وقحة جداً.",
        "الخدمة سيئة جدا، لم يشرح لي أحد ما هو العلاج",
    ],
    "ur": [
        "میں نے ایمبولینس کے لیے چار گھنٹے انتظار کیا اور کسی نے میری بات نہیں سنی۔",
        "ڈاکٹر نے میری والدہ سے بدتمیزی کی اور دوا غلط دی گئی",
    ],
    "pl": [
        "Czekałem pięć godzin na lekarza i nikt mi nie pomógł. Pielęgniarka była bardzo niemiła.",
        "Czekalem piec godzin na karetke, nikt nie odbieral telefonu",
        "Bardzo zła obsługa, nikt nie mówił po polsku",
    ],
    "ro": [
        "Am așteptat patru ore și nimeni nu m-a ajutat. Asistenta a fost foarte nepoliticoasă.",
    ],
    "bn": [
        "আমি চার ঘণ্টা অপেক্ষা করেছি এবং কেউ আমার সাথে কথা বলেনি।",
    ],
    "pa": [
        "ਮੈਂ ਚਾਰ ਘੰਟੇ ਇੰਤਜ਼ਾਰ ਕੀਤਾ ਅਤੇ ਕਿਸੇ ਨੇ ਮੇਰੀ ਗੱਲ ਨਹੀਂ ਸੁਣੀ।",
    ],
    "so": [
        "Waxaan sugay afar saacadood, qofna ima caawin. Kalkaalisadu way edeb darnayd.",
    ],
    "pt": [
        "Esperei quatro horas e ninguém me ajudou. A enfermeira foi muito mal-educada.",
    ],
    "es": [
        "Esperé cuatro horas y nadie me ayudó. La enfermera fue muy grosera.",
    ],
    "fr": [
        "J'ai attendu quatre heures et personne ne m'a aidé. L'infirmière était très impolie.",
    ],
    "zh": [
        "我等了四个小时，没有人帮助我。护士非常粗鲁。",
    ],
    "tr": [
        "Dört saat bekledim ve kimse bana yardım etmedi. Hemşire çok kabaydı.",
    ],
    "gu": [
        "મેં ચાર કલાક રાહ જોઈ અને કોઈએ મને મદદ કરી નહીં.",
    ],
    "cy": [
        "Arhosais am bedair awr a doedd neb wedi fy helpu. Roedd y nyrs yn anghwrtais iawn.",
    ],
    "de": [
        "Ich habe vier Stunden gewartet und niemand hat mir geholfen.",
    ],
    "it": [
        "Ho aspettato quattro ore e nessuno mi ha aiutato. L'infermiera era molto scortese.",
    ],
    "lt": [
        "Laukiau keturias valandas ir niekas man nepadėjo.",
    ],
}
# Short answers, which should stay classified (too short to be sure of); four of them are not English.
SHORT = [
    "ok",
    "OK",
    "good",
    "N/A",
    "n/a",
    "10/10",
    "Fab",
    "Brill",
    "Nil",
    "Nothing",
    "no",
    "A+",
    "Very good",
    "Excellent",
    "Lovely",
    "Spot on",
    "Ta",
    "Gr8",
    "Perfect!",
    "Quick",
    "None",
    "Nowt",
    "Kind",
    "Fine",
    "Ace",
    "Good service",
    "Very helpful",
    "All good",
    "No complaints",
    "Thank you",
    "Great crew",
    "Fab x",
    "Top notch",
    "Dr Patel was great",
    "Nurse Olu was lovely",
    "The crew from Kraków ambulance station",
    "Merci beaucoup",
    "Dziękuję",
    "Gracias",
    "شكرا",
    "ok 👍",
    "😊",
    "5*",
    "Ambulance",
    "Paramedics",
    "Pronto",
    "Superb",
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ns = ap.parse_args(argv)

    rows, _, labels = E.read_labelled_csv(E.LABELLED_PATH)
    dev = [r["comment_text"] for r in rows if r.get("split") == "dev"]
    texts = [dev[i % len(dev)] for i in range(ns.rows)]

    t0 = time.process_time()
    for t in texts:
        detect_language(t)
    dt = time.process_time() - t0
    print(f"detect_language: {dt:.2f} s CPU for {ns.rows:,} comments, {dt / ns.rows * 1e6:.1f} us a comment")

    out = [[f"c{i}", 2, *([0] * (len(labels) - 1) + [1]), "0.734", "en", ""] for i in range(ns.rows)]
    for name, make in (("csv.writer", csv.writer), ("csv_writer", csv_writer)):
        best = float("inf")
        for _ in range(3):
            w = make(io.StringIO())
            t0 = time.process_time()
            w.writerows(out)
            best = min(best, time.process_time() - t0)
        print(f"{name}: {best:.2f} s CPU for {ns.rows:,} rows, {best / ns.rows * 1e6:.1f} us a row (best of 3)")

    found = [(lang, detect_language(t)) for lang, texts in COMPLAINTS.items() for t in texts]
    missed = [(lang, got) for lang, got in found if not is_not_english(got)]
    print(f"complaints in other languages found: {len(found) - len(missed)} of {len(found)}; missed: {missed}")
    short = [t for t in SHORT if is_not_english(detect_language(t))]
    print(f"short answers called another language: {len(short)} of {len(SHORT)}: {short}")

    flagged = [(detect_language(r["comment_text"]), r["comment_text"]) for r in rows]
    flagged = [(c, t) for c, t in flagged if is_not_english(c)]
    print(f"labelled comments called another language: {len(flagged)} of {len(rows):,}")
    for code, text in flagged:
        print(f"  {code}: {text[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
