"""A safety net that does not depend on the NLU: recognise urgent situations in any of our languages.

The dialogue has its own crisis and emergency intents; this check runs on every message as well, so an
emergency worded in a way the model has not seen still gets the emergency numbers and an urgent handoff
offer at once (DOMEIN.md §6.1). Patterns are deliberately broad: a false alarm costs one extra sentence, a
missed emergency can cost much more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS: dict[str, list[str]] = {
    # Suicidal thoughts or self-harm → 113.
    "crisis": [
        r"zelfmoord",
        r"su[iï]cid",
        r"niet meer (wil |wilt |willen )?leven",
        r"er niet meer (ben|zijn|zou zijn)",
        r"\bik wil niet meer\b",
        r"einde aan (mijn|m'?n) leven",
        r"mezelf (iets )?aan(doen| te doen)",
        r"kill myself",
        r"suicid",
        r"end my life",
        r"(don'?t|do not) want to live",
        r"better off dead",
        r"hurt myself",
        r"intihar",
        r"ya[sş]amak istemiyorum",
        r"kendimi [öo]ld[üu]r",
        r"can[ıi]ma k[ıi]y",
        r"samob[óo]j",
        r"nie chc[ęe] [żz]y[ćc]",
        r"zabi[ćc] si[ęe]",
        r"odebra[ćc] sobie [żz]ycie",
        r"самогуб",
        r"не хочу жити",
        r"покінчити з собою",
        r"вбити себе",
        r"انتحار",
        r"أنتحر",
        r"لا أريد أن أعيش",
        r"أقتل نفسي",
        r"إنهاء حياتي",
    ],
    # Someone's life or health in acute danger → 112.
    "medisch": [
        r"beweegt niet",
        r"reageert niet",
        r"bewusteloos",
        r"ambulance",
        r"ademt niet",
        r"op de grond en",
        r"not moving",
        r"unconscious",
        r"not breathing",
        r"hareket etmiyor",
        r"bilin[cç]siz",
        r"ambulans",
        r"nefes alm[ıi]yor",
        r"nie rusza si[ęe]",
        r"nieprzytomn",
        r"karetk",
        r"nie oddycha",
        r"не рухається",
        r"непритомн",
        r"швидк\w* допомог",
        r"не дихає",
        r"لا يتحرك",
        r"فاقد الوعي",
        r"إسعاف",
        r"لا يتنفس",
    ],
    # Violence, threats, hiding from a (former) partner → Veilig Thuis / 112.
    "gevaar": [
        r"blijf[- ]van[- ]mijn[- ]lijf",
        r"huiselijk geweld",
        r"\bslaat (mij|me)\b",
        r"bedreig",
        r"mishandel",
        r"\bex (mag|mogen) (echt )?(niet|nooit) weten",
        r"vrouwenopvang",
        r"geheim adres",
        r"onderduik",
        r"domestic violence",
        r"\bhits me\b",
        r"threaten",
        r"abus(e|ive)",
        r"women'?s shelter",
        r"(must|should) not (find out|know) where",
        r"[şs]iddet",
        r"d[öo]v[üu]yor",
        r"tehdit",
        r"s[ıi][gğ][ıi]nma evi",
        r"przemoc",
        r"bije mnie",
        r"grozi mi",
        r"schronisk",
        r"насильств",
        r"б'?є мене",
        r"погрожу",
        r"притулок",
        r"عنف",
        r"يضربني",
        r"يهددني",
        r"ملجأ",
    ],
    # No money for the basics, no roof tonight, cut off, evicted → urgent, team inkomen.
    "geldnood": [
        r"geen geld (meer )?(voor|om)",
        r"\bgeen (eten|geld) meer\b",
        r"huur (niet|nooit) (meer )?(kan |kunnen )?betalen",
        r"(energie|gas|stroom|water)rekening niet",
        r"af (te )?sluiten",
        r"afgesloten",
        r"uit (mijn|m'?n|het|ons) huis",
        r"ontruim",
        r"deurwaarder",
        r"nergens (te |om te )?slapen",
        r"dakloos",
        r"op straat (staan|slapen)",
        r"uitkering (is )?gestopt",
        r"\bno money\b",
        r"can'?t pay (the |my |our )?rent",
        r"evict",
        r"nowhere to sleep",
        r"homeless",
        r"changed the locks",
        r"cut off",
        r"no food",
        r"bailiff",
        r"param (yok|kalmad[ıi])",
        r"kira(y[ıi])? [öo]deyemiyorum",
        r"(elektri[gğ]i|do[gğ]algaz[ıi]?) kes",
        r"tahliye",
        r"evsiz",
        r"yiyecek yok",
        r"\bicra",
        r"nie mam pieni[ęe]dzy",
        r"nie mog[ęe] zap[łl]aci[ćc]",
        r"eksmis",
        r"od[łl][ąa]cz",
        r"bezdomn",
        r"nie mam (co je[śs][ćc]|gdzie spa[ćc])",
        r"komornik",
        r"немає грошей",
        r"не можу заплатити",
        r"висел",
        r"відключ",
        r"бездомн",
        r"ніде спати",
        r"немає їжі",
        r"ليس لدي (مال|نقود)",
        r"لا أستطيع دفع",
        r"طرد",
        r"قطع (الكهرباء|الغاز)",
        r"بلا مأوى",
        r"لا يوجد طعام",
    ],
    # Panic and despair: a person first.
    "nood": [
        r"paniek",
        r"\bik kan niet meer\b",
        r"wanhopig",
        r"radeloos",
        r"\bpanic",
        r"desperate",
        r"can'?t cope",
        r"panik",
        r"[çc]aresiz",
        r"zrozpaczon",
        r"паніка",
        r"у відчаї",
        r"ذعر",
        r"يائس",
    ],
}
_COMPILED = {kind: re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) for kind, pats in _PATTERNS.items()}
#: The order in which kinds are reported; the first one decides the emergency pointer.
ORDER = ("crisis", "medisch", "gevaar", "geldnood", "nood")


@dataclass(frozen=True)
class Urgentie:
    kinds: tuple[str, ...]

    @property
    def queue(self) -> str:
        return "inkomen" if self.kinds and self.kinds[0] == "geldnood" else "werk"

    @property
    def pointer(self) -> str | None:
        """The key of the emergency sentence to show first, if any."""
        first = self.kinds[0] if self.kinds else None
        return {"crisis": "spoed_113", "medisch": "spoed_112", "gevaar": "spoed_veilig_thuis"}.get(first or "")


def detect_urgentie(text: str) -> Urgentie | None:
    """The urgent situations ``text`` mentions, most serious first; ``None`` when there is none."""
    kinds = tuple(kind for kind in ORDER if _COMPILED[kind].search(text))
    return Urgentie(kinds) if kinds else None
