"""Build the census first-name lists under newsmon/data/vocabulary/.

    pip download names==0.3.0 --no-deps -d /tmp/names   # read only; never a dependency
    apt-get install wamerican                           # /usr/share/dict/american-english
    .venv/bin/python -m eval.vocabulary.first_names /tmp/names/names-0.3.0.tar.gz

Source: the US Census Bureau's 1990 name frequency lists (dist.male.first,
dist.female.first, dist.all.last), a work of the US government and so in the public
domain, as shipped in the MIT-licensed PyPI package ``names`` 0.3.0 (sha256 checked).
Each line is a name, its share of the sample of that sex (per cent), the cumulative share
and its rank.

A name is kept when it reaches ``--cut`` per cent for either sex, and left out when:
- the hand-kept female_names.txt or male_names.txt already holds it (they decide);
- it is a lower-case word of the English word list ("will", "grant", "hope", "major":
  a capitalised "Will" opens questions, "Grant Park" is no person);
- it is more common as a surname than as a first name ("Jackson", "Graham", "Cruz": a
  bare "Graham" in the news is a surname, and "Cruz campaign" no person);
- eval/vocabulary/not_first_names.txt lists it (places, parties, brands, presidents).

It goes to census_female_names.txt or census_male_names.txt when that sex bears it
``--ratio`` times as often as the other, else to census_either_names.txt (a first name,
no gender). The lists are written sorted, each with a header saying where it came from.
"""

from __future__ import annotations

import argparse
import hashlib
import tarfile
from pathlib import Path

ARCHIVE_SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"
VOCABULARY = Path(__file__).resolve().parents[2] / "newsmon" / "data" / "vocabulary"
EXCLUDED = Path(__file__).resolve().with_name("not_first_names.txt")
HEADER = (
    "# {what}, written by eval/vocabulary/first_names.py (--cut {cut} --ratio {ratio}) from\n"
    "# the US Census Bureau's 1990 first-name frequencies (public domain, US government\n"
    "# work; as shipped in the MIT-licensed PyPI package names 0.3.0). Do not edit: rerun.\n"
)


def frequencies(archive: tarfile.TarFile, member: str) -> dict[str, float]:
    """Name (lower case) -> per cent of the sample, from one census list in the sdist."""
    handle = archive.extractfile(f"names-0.3.0/names/{member}")
    if handle is None:
        raise SystemExit(f"{member} is missing from the archive")
    shares = {}
    for line in handle.read().decode("ascii").splitlines():
        name, share, _cumulative, _rank = line.split()
        shares[name.lower()] = float(share)
    return shares


def plain_words(path: Path) -> set[str]:
    """The lower-case entries of an English word list ("mark"; "Mark" is a name there)."""
    return {w for w in path.read_text(encoding="utf-8").split() if w.islower()}


def listed(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip().lower() for line in lines if line and not line.startswith("#")}


def build(
    male: dict[str, float],
    female: dict[str, float],
    surnames: dict[str, float],
    left_out: set[str],
    cut: float,
    ratio: float,
) -> dict[str, list[str]]:
    """The names of each list ("female", "male", "either"), sorted."""
    lists: dict[str, list[str]] = {"female": [], "male": [], "either": []}
    for name in sorted(male.keys() | female.keys()):
        as_male, as_female = male.get(name, 0.0), female.get(name, 0.0)
        # Each first-name share is of one sex, about half of the surname list's population.
        as_first = (as_male + as_female) / 2
        if max(as_male, as_female) < cut or name in left_out:
            continue
        if surnames.get(name, 0.0) > as_first:
            continue
        if as_female >= ratio * as_male:
            lists["female"].append(name)
        elif as_male >= ratio * as_female:
            lists["male"].append(name)
        else:
            lists["either"].append(name)
    return lists


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path, help="names-0.3.0.tar.gz from PyPI")
    parser.add_argument("--words", type=Path, default=Path("/usr/share/dict/american-english"))
    parser.add_argument("--cut", type=float, default=0.01, help="per cent of one sex")
    parser.add_argument("--ratio", type=float, default=4.0)
    args = parser.parse_args()
    digest = hashlib.sha256(args.archive.read_bytes()).hexdigest()
    if digest != ARCHIVE_SHA256:
        raise SystemExit(f"{args.archive}: sha256 {digest}, expected {ARCHIVE_SHA256}")
    with tarfile.open(args.archive) as archive:
        male = frequencies(archive, "dist.male.first")
        female = frequencies(archive, "dist.female.first")
        surnames = frequencies(archive, "dist.all.last")
    left_out = plain_words(args.words) | listed(EXCLUDED)
    left_out |= listed(VOCABULARY / "female_names.txt") | listed(VOCABULARY / "male_names.txt")
    lists = build(male, female, surnames, left_out, args.cut, args.ratio)
    what = {
        "female": "First names women bear",
        "male": "First names men bear",
        "either": "First names both sexes bear (a person, no gender)",
    }
    for key, names in lists.items():
        header = HEADER.format(what=what[key], cut=args.cut, ratio=args.ratio)
        path = VOCABULARY / f"census_{key}_names.txt"
        path.write_text(header + "".join(f"{name}\n" for name in names), encoding="utf-8")
        print(f"{path.name}: {len(names)} names")


if __name__ == "__main__":
    main()
