#!/usr/bin/env python3
"""One-off import: Participatiewet Markdown in /work/shared/bronnen -> kennisbank/wet/participatiewet/art-<N>.yaml.

Usage:  python3 tools/import_wet.py [--bronnen DIR] [--out DIR] [--diff]

Sources
  * participatiewet-volledig-2026-01-01.md  (official BWB-XML, toestand 2026-01-01)  -> version from 2026-01-01
  * participatiewet-art-*.md                (MinBZK corpus, consolidated 2026-07-01) -> version from 2026-07-01
Where both texts are identical after normalising markup, one version from 2026-01-01 is written.

Parsing rules (the Markdown has one paragraph per blank-line block):
  "N text"      -> lid N   (labels kept as in the law: "2a", "8*")
  "x. text"     -> onderdeel x of the current lid ("aa." too)
  "1°. text"    -> appended (new line) to the current onderdeel
  other text    -> appended (new line) to the current onderdeel, or lid, or article text
  "> ..." and "[Formule ...]" lines are editorial notes (no law text) -> opmerking
Articles without leden keep their whole text (including onderdelen) in `tekst`.
The script does NOT decide 2027 validity on its own: see OVERRIDES below (hand-written, sourced).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

D = dt.date
VOLLEDIG = "participatiewet-volledig-2026-01-01.md"
URL_2601 = "https://wetten.overheid.nl/BWBR0015703/2026-01-01"
URL_2607 = "https://wetten.overheid.nl/BWBR0015703/2026-07-01"

LID_RE = re.compile(r"^(\d+[a-z]*)(\\?\*)?(?:\s+(\S.*))?$", re.S)
OND_RE = re.compile(r"^([a-z]{1,2})\.(?:\s+(\S.*))?$", re.S)
SUB_RE = re.compile(r"^\d+°\.")
BULLET_DEF_RE = re.compile(r"^- \*([^*]+?):\*\s*(.*)$")


def paragraphs(lines):
    block = []
    for ln in lines:
        if ln.strip() == "":
            if block:
                yield block
                block = []
        else:
            block.append(ln.rstrip("\n"))
    if block:
        yield block


def parse_body(lines, bullet_labels=False):
    """Return dict(tekst, leden, notes, bulletdefs)."""
    notes, intro, leden = [], [], []
    bulletdefs = False
    for block in paragraphs(lines):
        # split editorial notes off
        law = []
        for ln in block:
            s = ln.strip()
            if s.startswith(">") or s.startswith("[Formule"):
                t = s.lstrip("> ").strip().replace("\\*", "*")
                t = re.sub(r"^Noot \(geen wettekst\):\s*", "", t)
                notes.append(t)
            else:
                law.append(s)
        if not law:
            continue
        # a block of "- *term:* text" bullets = onderdelen without letters (corpus rendering)
        if all(BULLET_DEF_RE.match(s) for s in law) and bullet_labels:
            bulletdefs = True
            target = leden[-1]["onderdelen"] if leden else None
            for i, s in enumerate(law):
                m = BULLET_DEF_RE.match(s)
                item = {"onderdeel": None, "tekst": f"{m.group(1)}: {m.group(2)}"}
                if target is not None:
                    target.append(item)
                else:
                    intro.append(item)
            continue
        text = "\n".join(law)
        text = text.replace("\\*", "*")
        m = LID_RE.match(text)
        if m and not SUB_RE.match(text):
            label = m.group(1) + ("*" if m.group(2) else "")
            leden.append({"lid": label, "tekst": m.group(3) or "", "onderdelen": []})
            continue
        m = OND_RE.match(text)
        if m:
            item = {"onderdeel": m.group(1), "tekst": m.group(2) or ""}
            if leden:
                leden[-1]["onderdelen"].append(item)
            else:
                intro.append(item)
            continue
        # continuation / sub-item
        if leden:
            if leden[-1]["onderdelen"] and text[:1].isupper():
                # a full sentence after the list belongs to the lid, not to the last onderdeel
                leden[-1].setdefault("slot", []).append(text)
            elif leden[-1]["onderdelen"]:
                o = leden[-1]["onderdelen"][-1]
                o["tekst"] = (o["tekst"] + "\n" + text).strip()
            else:
                leden[-1]["tekst"] += "\n" + text
        else:
            if intro and isinstance(intro[-1], dict):
                intro[-1]["tekst"] = (intro[-1]["tekst"] + "\n" + text).strip()
            else:
                intro.append(text)
    tekst = None
    if not leden:
        parts = []
        for it in intro:
            if isinstance(it, dict):
                lab = f"{it['onderdeel']}. " if it["onderdeel"] else "- "
                parts.append(lab + it["tekst"])
            else:
                parts.append(it)
        tekst = "\n".join(parts)
    elif intro:
        raise ValueError(f"text before first lid: {intro!r}")
    return {"tekst": tekst, "leden": leden, "notes": notes, "bulletdefs": bulletdefs}


def split_volledig(path: Path):
    arts = {}
    cur = None
    for ln in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#### Artikel (\S+?)\. (.*)$", ln)
        if m:
            nr, rest = m.group(1), m.group(2)
            title, _, status = rest.partition(" — ")
            cur = {"nr": nr, "titel": title.strip(), "status": status.strip(), "lines": []}
            arts[nr] = cur
            continue
        if ln.startswith("#"):
            cur = None
            continue
        if cur is not None:
            cur["lines"].append(ln)
    return arts


def split_bfiles(bronnen: Path):
    arts = {}
    for f in sorted(bronnen.glob("participatiewet-art-*.md")):
        cur = None
        for ln in f.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^## Artikel (\S+)(.*)$", ln)
            if m:
                cur = {"nr": m.group(1), "suffix": m.group(2).strip(), "file": f.name, "lines": []}
                arts[m.group(1)] = cur
                continue
            if ln.startswith("#") or ln.strip() == "---":
                cur = None if ln.startswith("#") else cur
                continue
            if cur is not None:
                cur["lines"].append(ln)
    return arts


def norm(parsed):
    """Comparable representation: labels + whitespace/bullet-normalised text."""
    def n(s):
        s = s or ""
        s = s.replace("•", "").replace("\u00a0", " ")
        s = re.sub(r"(?m)^- ", "", s)
        s = re.sub(r"\s+", " ", s).strip()
        return s
    if parsed["tekst"] is not None and not parsed["leden"]:
        return ("T", n(parsed["tekst"]))
    out = []
    for l in parsed["leden"]:
        if not l["tekst"].strip() and not l["onderdelen"]:
            continue  # empty (vervallen) lid: the corpus shows the bare number, the XML omits it
        t = n(l["tekst"] + " " + " ".join(l.get("slot", [])))
        out.append((l["lid"], t, tuple((o["onderdeel"], n(o["tekst"])) for o in l["onderdelen"])))
    return ("L", tuple(out))


def flat(parsed):
    """Fully flattened text, to compare content independent of structure."""
    r = norm(parsed)
    if r[0] == "T":
        return re.sub(r"\b[a-z]{1,2}\. ", "", r[1])
    s = []
    for lid, t, onds in r[1]:
        s.append(t)
        s.extend(o[1] for o in onds)
    return re.sub(r"\b[a-z]{1,2}\. ", "", " ".join(s))


def restore_labels(parsed_b, parsed_v):
    """Corpus bullets '- *term:*' have no letters: take the letters from the official text, by position."""
    for lb in parsed_b["leden"]:
        if any(o["onderdeel"] is None for o in lb["onderdelen"]):
            lv = next((l for l in parsed_v["leden"] if l["lid"] == lb["lid"]), None)
            if lv is None or len(lv["onderdelen"]) != len(lb["onderdelen"]):
                raise ValueError("cannot restore onderdeel labels")
            for ob, ov in zip(lb["onderdelen"], lv["onderdelen"]):
                ob["onderdeel"] = ov["onderdeel"]
                # the official text puts 1°/2° on their own lines; the corpus inlines them
                ob["tekst"] = re.sub(r"\s+(\d+°\.)", r"\n\1", ob["tekst"]) if "\n" in ov["tekst"] else ob["tekst"]


def fix_22a_corpus(parsed):
    """Corpus 2026-07-01 renders art. 22a lid 1 with '- ' bullets and the onderdelen a-c of the B-definition
    inline; the official text has '•' bullets and a-c as separate onderdelen. Same words: use the official layout."""
    lid = parsed["leden"][0]
    m = re.search(r"\s(a\. 21, onderdeel b.*)$", lid["tekst"], re.S)
    if not m or lid["onderdelen"]:
        raise ValueError("22a: unexpected corpus layout")
    head = lid["tekst"][: m.start()].replace("\n- ", "\n• ")
    tail = m.group(1)
    parts = re.split(r"\s(?=[bc]\. 22, onderdeel)", tail)
    lid["tekst"] = head
    lid["onderdelen"] = [{"onderdeel": p[0], "tekst": p[3:]} for p in parts]


def clean_leden(leden):
    out = []
    for l in leden:
        d = {"lid": l["lid"], "tekst": l["tekst"].strip()}
        if l.get("slot"):
            d["tekst"] += "\n" + "\n".join(l["slot"])
        if l["onderdelen"]:
            d["onderdelen"] = [{"onderdeel": o["onderdeel"], "tekst": o["tekst"].strip()} for o in l["onderdelen"]]
        out.append(d)
    return out


def version(vanaf, tot, status, document, url, geverifieerd, opmerking, parsed):
    v = {
        "geldig_vanaf": vanaf,
        "geldig_tot": tot,
        "status": status,
        "bron": {"document": document, "url": url, "geverifieerd": geverifieerd},
        "opmerking": opmerking,
        "tekst": None,
        "leden": [],
    }
    if parsed is not None:
        v["tekst"] = parsed["tekst"].strip() if parsed["tekst"] else None
        v["leden"] = clean_leden(parsed["leden"])
        slots = [l["lid"] for l in parsed["leden"] if l.get("slot")]
        if slots:
            v["opmerking"] = (v["opmerking"] or "") + (
                " Let op de volgorde: in lid " + ", ".join(slots) + " staat de laatste zin van de lidtekst "
                "(na de regelovergang) in de wet ná de onderdelen.")
    return v


# ---- hand-written, sourced decisions ---------------------------------------------------------------
NOG_NIET = {"24a", "34a", "34b"}
ALLEEN_VOLLEDIG = {"60a", "60c"}  # cited in DOMEIN.md, only in the official 1-1-2026 text  # BV + B-files: status "nogniet", inwerking 2027-01-01 (Stb. 2025, 312)

# Articles whose 2026 text is expected to change on 2027-01-01 while the new text is not in bronnen.
# Source: participatiewet-in-balans-wet-slotbepalingen.md ("Wijzigingen van bestaande artikelen die per
# 1-1-2027 ingaan (zoals de vervanging van tegenprestatie/sociale activering door 'maatschappelijke
# participatie', het vervallen van de oude vrijlatingen, de verruiming van tijdelijke ontheffingen) staan
# niet in de XML van 1-1-2026 en konden niet woordelijk worden gevonden") and, for art. 31, the note in
# participatiewet-art-31-39 ("Tot die datum [1-1-2027] gelden de vrijlatingen van artikel 31, tweede lid,
# onderdelen n, r, y, z en aa").
EIND_2026 = {
    "6": "Onderdeel c (sociale activering) wordt volgens participatiewet-in-balans-wet-slotbepalingen.md per 2027-01-01 vervangen door 'maatschappelijke participatie'",
    "7": "Lid 1 onderdeel c (tegenprestatie) wijzigt volgens participatiewet-in-balans-wet-slotbepalingen.md per 2027-01-01 (maatschappelijke participatie)",
    "8a": "Lid 1 onderdeel b (verordening tegenprestatie) wijzigt volgens participatiewet-in-balans-wet-slotbepalingen.md per 2027-01-01 (maatschappelijke participatie)",
    "9": "Lid 1 onderdeel c (tegenprestatie) en lid 2 (tijdelijke ontheffing) wijzigen volgens participatiewet-in-balans-wet-slotbepalingen.md per 2027-01-01",
    "31": "Lid 2 onderdelen n, r, y, z en aa gelden volgens de noot in participatiewet-art-31-39-middelen-vrijlating-vermogen.md tot 2027-01-01 ('het vervallen van de oude vrijlatingen', participatiewet-in-balans-wet-slotbepalingen.md); vanaf 2027-01-01 gelden art. 34a en 34b",
}
ONBEKEND_2027 = (
    "{reden}. De tekst van dit artikel vanaf 2027-01-01 staat niet in shared/bronnen (niet in de XML van "
    "1-1-2026, niet in het corpus van 1-7-2026) en is dus onbekend. Niet bekend: de nieuwe formulering, welke "
    "leden en onderdelen ongewijzigd blijven, en het overgangsrecht. Controleer wetten.overheid.nl/BWBR0015703 "
    "(toestand 2027-01-01) en Stb. 2025, 312 (Participatiewet in balans) en vul deze versie dan aan."
)


# Extra notes per (article, geldig_vanaf) — hand-written, each with its source.
EXTRA_OPM = {
    ("31", "2026-07-01"): (
        " Lid 2 onderdeel s (giften boven de grens van onderdeel m, 'verantwoord' naar het oordeel van het college) "
        "staat in deze tekst en niet in de officiële tekst van 1-1-2026 (toen: vergoeding Wet inburgering). Art. V, "
        "derde lid, Participatiewet in balans laat bepaalde onderdelen terugwerken tot 1-1-2026 "
        "(participatiewet-in-balans-wet-slotbepalingen.md); of onderdeel s daaronder valt, is niet nagegaan."),
    ("17", "2026-07-01"): " Lid 3 (identificatie, ook met een elektronisch identificatiemiddel) is gewijzigd per 2026-07-01.",
}


def build(nr, v, b):
    """Return the YAML document for article nr; v = volledig entry (or None), b = B-file entry (or None)."""
    titel = v["titel"] if v else f"Artikel {nr}"
    pv = parse_body(v["lines"]) if v else None
    pb = parse_body(b["lines"], bullet_labels=True) if b else None
    if pb and pb["bulletdefs"]:
        restore_labels(pb, pv)
    if pb and nr == "22a":
        fix_22a_corpus(pb)
    versies = []
    if nr == "22a":
        extra = (" De formule (in de officiële tekst een afbeelding) die in lid 1 tussen 'voor de belanghebbende:' en "
                 "'Hierbij staat:' staat, is NIET als tekst overgenomen; lid 1 is zonder die formule onvolledig.")
        if pv["notes"]:
            pv["notes"][-1] += extra
        if pb and pb["notes"]:
            pb["notes"][-1] += extra
    notes_v = "; ".join(pv["notes"]) if pv and pv["notes"] else None
    notes_b = "; ".join(pb["notes"]) if pb and pb["notes"] else None
    eind = D(2026, 12, 31) if nr in EIND_2026 else None

    if nr in NOG_NIET:
        same = pb is not None and norm(pv) == norm(pb)
        op = ("Nog niet in werking: treedt in werking op 2027-01-01 (officiële BWB-XML toestand 2026-01-01: "
              "status=\"nogniet\", inwerking=\"2027-01-01\"; bron Stb. 2025, 312). Tekst uit de officiële XML van "
              "1-1-2026" + ("; identiek aan de tekst in " + b["file"] + "." if same else ".") +
              " Vóór 2027-01-01 bestaat dit artikel niet in de geldende wet. Controleer de tekst per 2027-01-01 "
              "op wetten.overheid.nl (latere wijzigingen vóór inwerkingtreding zijn mogelijk).")
        versies.append(version(D(2027, 1, 1), None, "nog_niet_in_werking", VOLLEDIG,
                               "https://wetten.overheid.nl/BWBR0015703/2027-01-01", True, op, pv))
        return {"wet": "participatiewet", "artikel": nr, "titel": titel, "versies": versies}

    partial_b = b is not None and "leden" in b.get("suffix", "")
    if pv and pb and not partial_b and norm(pv) == norm(pb):
        op = (f"Tekst identiek in {VOLLEDIG} (officieel, toestand 2026-01-01) en {b['file']} "
              "(geconsolideerd 2026-07-01).")
        if notes_v or notes_b:
            op += " Noot bij de bron (geen wettekst): " + (notes_b or notes_v)
        versies.append(version(D(2026, 1, 1), eind, "in_werking", VOLLEDIG, URL_2601, True, op, pv))
    else:
        if pv:
            op = f"Tekst uit {VOLLEDIG} (officiële BWB-XML, toestand 2026-01-01)."
            if b is None:
                op += (" Dit artikel staat niet in de bestanden participatiewet-art-*.md (1-7-2026); of het per "
                       "2026-07-01 is gewijzigd, is niet gecontroleerd.")
            if pb and not partial_b:
                if flat(pv) == flat(pb):
                    op += (f" {b['file']} (1-7-2026) heeft dezelfde woorden in een andere opmaak; "
                           "de indeling volgt de officiële tekst.")
                else:
                    op += f" Gewijzigd per 2026-07-01: zie de volgende versie ({b['file']})."
            if notes_v:
                op += " Noot bij de bron (geen wettekst): " + notes_v
            if pb is not None and not partial_b and flat(pv) == flat(pb):
                # same words, only the corpus markup differs: one version
                versies.append(version(D(2026, 1, 1), eind, "in_werking", VOLLEDIG, URL_2601, True, op, pv))
                pb = None
            else:
                versies.append(version(D(2026, 1, 1), D(2026, 6, 30) if (pb and not partial_b) else eind,
                                       "in_werking", VOLLEDIG, URL_2601, True, op, pv))
        if pb is not None and not partial_b:
            op = (f"Tekst uit {b['file']} (MinBZK regelrecht-corpus, geconsolideerd 2026-07-01, machinale kopie "
                  "van wetten.overheid.nl).")
            if pb["bulletdefs"]:
                op += (" In het corpus staan de onderdelen als opsomming zonder letters; de letters zijn "
                       "overgenomen uit de officiële tekst van 1-1-2026.")
            if notes_b:
                op += " Noot bij de bron (geen wettekst): " + notes_b
            versies.append(version(D(2026, 7, 1), eind, "in_werking", b["file"], URL_2607, True, op, pb))
        elif partial_b and pv:
            versies[-1]["opmerking"] += (
                f" {b['file']} bevat alleen een deel ({b['suffix'].strip('()')}) van de tekst per 2026-07-01; die leden zijn "
                + ("gelijk aan" if all(
                    norm({'tekst': None, 'leden': [l], 'notes': []}) ==
                    norm({'tekst': None, 'leden': [lv], 'notes': []})
                    for l in pb['leden'] for lv in pv['leden'] if lv['lid'] == l['lid']) else "ANDERS DAN")
                + " deze tekst. De overige leden per 2026-07-01 zijn niet apart gecontroleerd.")
    if eind:
        versies.append({
            "geldig_vanaf": D(2027, 1, 1), "geldig_tot": None, "status": "tekst_onbekend",
            "bron": {"document": "participatiewet-in-balans-wet-slotbepalingen.md",
                     "url": "https://wetten.overheid.nl/BWBR0051679/2027-01-01", "geverifieerd": False},
            "opmerking": ONBEKEND_2027.format(reden=EIND_2026[nr]),
            "tekst": None, "leden": [],
        })
    for x in versies:
        extra = EXTRA_OPM.get((nr, x["geldig_vanaf"].isoformat()))
        if extra:
            x["opmerking"] = (x["opmerking"] or "") + extra
    return {"wet": "participatiewet", "artikel": nr, "titel": titel, "versies": versies}


class Dumper(yaml.SafeDumper):
    pass


def _str(dumper, s):
    if "\n" in s:
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
    return dumper.represent_str(s)


Dumper.add_representer(str, _str)


def dump(doc):
    return yaml.dump(doc, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bronnen", default="/work/shared/bronnen")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "kennisbank/wet/participatiewet"))
    ap.add_argument("--diff", action="store_true", help="only report which articles differ")
    ap.add_argument("artikelen", nargs="*", help="limit to these article numbers")
    a = ap.parse_args()
    bron = Path(a.bronnen)
    vol = split_volledig(bron / VOLLEDIG)
    bf = split_bfiles(bron)
    wanted = a.artikelen or sorted(set(bf) | NOG_NIET | ALLEEN_VOLLEDIG, key=lambda s: (int(re.match(r"\d+", s).group()), s))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for nr in wanted:
        v, b = vol.get(nr), bf.get(nr)
        if v is None:
            print(f"!! {nr}: not in {VOLLEDIG}", file=sys.stderr)
            continue
        if v["status"].startswith("vervallen"):
            print(f"-- {nr}: vervallen, skipped", file=sys.stderr)
            continue
        doc = build(nr, v, b)
        if a.diff:
            print(nr, [(x["geldig_vanaf"].isoformat(), x["status"], x["bron"]["document"][:30]) for x in doc["versies"]])
            continue
        (out / f"art-{nr}.yaml").write_text(dump(doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
