"""Extraction quality and speed: newsmon against plain trafilatura.extract, same run.

    .venv/bin/python -m bench.extraction [--limit N]

ScrapingHub set (181 pages, full gold text): token precision/recall/F1 averaged
over pages. trafilatura set (990 pages, must-keep and must-drop snippets):
share of snippets handled right. ms/page is wall time of the extraction call.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from statistics import mean

import trafilatura

from bench.common import CORPUS, machine, token_prf
from newsmon.decoding import decode_html
from newsmon.extract import extract_html

Extractor = Callable[[str], str]


def newsmon_text(html: str) -> str:
    return extract_html(html).text


def plain_trafilatura(html: str) -> str:
    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Extractor] = {"newsmon": newsmon_text, "trafilatura": plain_trafilatura}


def scrapinghub(limit: int | None) -> dict[str, dict[str, float]]:
    root = CORPUS / "extraction" / "scrapinghub-aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        (decode_html(gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())), value)
        for key, value in sorted(truth.items())[:limit]
    ]
    results: dict[str, dict[str, float]] = {}
    for name, extractor in EXTRACTORS.items():
        scores, elapsed = [], 0.0
        for html, gold in pages:
            started = time.perf_counter()
            text = extractor(html)
            elapsed += time.perf_counter() - started
            scores.append(token_prf(text, gold["articleBody"]))
        results[name] = {
            "precision": mean(s[0] for s in scores),
            "recall": mean(s[1] for s in scores),
            "f1": mean(s[2] for s in scores),
            "ms_per_page": 1000 * elapsed / len(pages),
            "pages": len(pages),
        }
    return results


def snippets(limit: int | None) -> dict[str, dict[str, float]]:
    root = CORPUS / "extraction" / "trafilatura"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for _url, value in sorted(truth.items())[:limit]:
        raw = gzip.decompress((root / value["file"]).read_bytes())
        pages.append((decode_html(raw), value.get("with", []), value.get("without", [])))
    results: dict[str, dict[str, float]] = {}
    for name, extractor in EXTRACTORS.items():
        kept = dropped = total_with = total_without = 0
        elapsed = 0.0
        for html, must_keep, must_drop in pages:
            started = time.perf_counter()
            text = extractor(html)
            elapsed += time.perf_counter() - started
            kept += sum(snippet in text for snippet in must_keep)
            dropped += sum(snippet not in text for snippet in must_drop)
            total_with += len(must_keep)
            total_without += len(must_drop)
        results[name] = {
            "keep": kept / total_with,
            "drop": dropped / total_without,
            "accuracy": (kept + dropped) / (total_with + total_without),
            "ms_per_page": 1000 * elapsed / len(pages),
            "pages": len(pages),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="pages per set (default: all)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    sh = scrapinghub(args.limit)
    print(f"\nScrapingHub AEB ({sh['newsmon']['pages']:.0f} pages): token P / R / F1, ms/page")
    for name, r in sh.items():
        print(
            f"  {name:<12} {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}"
            f"   {r['ms_per_page']:.1f} ms"
        )
    print(f"  ratio F1 newsmon/trafilatura: {sh['newsmon']['f1'] / sh['trafilatura']['f1']:.3f}")
    tr = snippets(args.limit)
    print(
        f"\ntrafilatura eval ({tr['newsmon']['pages']:.0f} pages): keep / drop / accuracy, ms/page"
    )
    for name, r in tr.items():
        print(
            f"  {name:<12} {r['keep']:.3f} / {r['drop']:.3f} / {r['accuracy']:.3f}"
            f"   {r['ms_per_page']:.1f} ms"
        )


if __name__ == "__main__":
    main()
