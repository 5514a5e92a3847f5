"""The service's own client-facing sentences, by key. Dutch is the source; catalogs live in ``vertalingen/``."""

from __future__ import annotations

from bot.i18n.catalogs import catalog


def _(text: str) -> str:
    """Mark a string for extraction by ``pybabel extract``; translation happens in :func:`tekst`."""
    return text


BERICHTEN: dict[str, str] = {
    "begroeting": _("Hallo! Ik ben Bijstandswijzer. Ik beantwoord vragen over de bijstand, zoals de tegenprestatie."),
    "afscheid": _("Dag! Je kunt altijd terugkomen met een nieuwe vraag."),
    "graag_gedaan": _("Graag gedaan. Heb je nog een vraag?"),
    "ik_ben_een_programma": _(
        "Ik ben een computerprogramma, geen mens. Ik neem geen besluiten. "
        "Wil je met een mens praten? Vraag dan naar je klantmanager."
    ),
    "melding_programma": _(
        "Let op: je praat met een computerprogramma, niet met een mens. Ik geef uitleg over de regels. "
        "Alleen de gemeente beslist over jouw situatie. Ik vraag nooit om je BSN. Deel die hier niet. "
        "Wil je een mens spreken? Schrijf dan: ik wil een mens spreken."
    ),
    "weet_ik_niet": _(
        "Dat weet ik niet zeker. Ik wil je geen verkeerde informatie geven. "
        "Wil je dat ik je vraag doorgeef aan een klantmanager?"
    ),
    "welke_vraag": _("Ik weet niet precies wat je bedoelt. Gaat je vraag over een van deze onderwerpen?"),
    # --- added to answer cards by bot/kennisbank/render.py ---
    "gemeente_geen_regels": _(
        "Voor {gemeente} heb ik hierover nog geen gecontroleerde regels. Vraag het je klantmanager."
    ),
    "gemeente_verschilt": _("De regels verschillen per gemeente. In welke gemeente woon je?"),
    "gemeente_regel": _("Dit is de regel van {gemeente}, uit: {bron} (versie {datum})."),
    "gemeente_historisch": _(
        "Let op: over {gemeente} heb ik alleen een oude beschrijving uit onderzoek. "
        "Die kan verouderd zijn. Vraag je klantmanager wat nu geldt."
    ),
    "regel_verandert": _("Let op: deze regel verandert op {datum}."),
    "regel_nieuw": _("Deze regel geldt sinds {datum}. Daarvoor gold een andere regel."),
    "bron_regel": _("Bron: {bronnen}."),
    # --- commands and notices of the Telegram and WhatsApp channels (bot/channels/teksten.py) ---
    "kanaal_privacy": _(
        "Privacy: ik bewaar je berichten om je vraag te beantwoorden. Persoonlijke gegevens zoals een BSN "
        "haal ik eruit. Met /verwijder wis je je gesprek."
    ),
    "kanaal_taal_kies": _("Kies je taal:"),
    "kanaal_taal_gezet": _("Je taal is nu: {taal}."),
    "kanaal_taal_onbekend": _("Die taal ken ik niet. Kies een van deze talen:"),
    "kanaal_verwijder_vraag": _("Wil je dat ik dit gesprek en je gegevens wis? Dat kan niet ongedaan worden."),
    "kanaal_verwijder_ja": _("Ja, wis alles"),
    "kanaal_verwijder_nee": _("Nee, bewaar"),
    "kanaal_verwijderd": _("Je gesprek en je gegevens zijn gewist. Je kunt altijd opnieuw beginnen."),
    "kanaal_niet_verwijderd": _("Goed, ik wis niets."),
    "kanaal_media": _(
        "Ik kan nog geen spraakberichten, foto's of bestanden lezen. Typ je vraag alsjeblieft. "
        "Ik heb het bestand niet bewaard."
    ),
    # --- the web widget's own labels (served by GET /api/v1/widget/teksten) ---
    "widget_title": _("Chat met Bijstandswijzer"),
    "widget_language": _("Taal"),
    "widget_log": _("Gesprek"),
    "widget_field": _("Je vraag"),
    "widget_send": _("Verstuur"),
    "widget_notice": _(
        "Je praat met een computerprogramma, niet met een mens. Het programma legt regels uit en neemt geen "
        "besluiten. Alleen de gemeente beslist."
    ),
    "widget_privacy": _(
        "Privacy: je berichten worden bewaard om je vraag te beantwoorden. Een BSN, rekeningnummer of "
        "telefoonnummer halen we eruit. Deel die niet."
    ),
    "widget_you": _("Jij"),
    "widget_klantmanager": _("Klantmanager"),
    "widget_system": _("Melding"),
    "widget_sources": _("Bronnen"),
    "widget_typing": _("Bijstandswijzer is aan het typen…"),
    "widget_offline": _("Er ging iets mis met de verbinding. Probeer het opnieuw."),
    "spoed_113": _(
        "Dit klinkt heel zwaar. Je hoeft dit niet alleen te dragen. Praat nu met iemand: bel 113 of 0800-0113 "
        "(gratis, dag en nacht), of chat op 113.nl. Is er direct gevaar? Bel 112."
    ),
    "spoed_112": _("Is er nu gevaar voor iemands leven of gezondheid? Bel meteen 112."),
    "spoed_veilig_thuis": _(
        "Ben je in gevaar? Bel 112. Voor hulp bij geweld thuis kun je dag en nacht Veilig Thuis bellen: "
        "0800-2000 (gratis)."
    ),
    "taal_niet_ondersteund": _(
        "Ik kan helaas niet in jouw taal antwoorden. Ik spreek Nederlands, Engels, Turks, Arabisch, Pools en "
        "Oekraïens. Ik antwoord nu in het Nederlands."
    ),
    "per_maand": _("per maand"),
    "per_jaar": _("per jaar"),
    "vertaling_ontbreekt": _(
        "Deze uitleg is nog niet (goed) vertaald in jouw taal. Hieronder staat de Nederlandse tekst."
    ),
    "bedrag_nog_onbekend": _("(dit bedrag gold tot {datum}; het nieuwe bedrag is nog niet bekend)"),
    "bron_geldig": _("{label} (tekst geldig vanaf {datum})"),
    "bron_versie": _("{label} (versie {datum})"),
    "persoonsgegevens_verwijderd": _(
        "Ik heb persoonlijke gegevens uit je bericht gehaald, zoals een BSN of rekeningnummer. "
        "Die heb ik niet nodig en ik bewaar ze niet."
    ),
    "motor_start_nog": _("De assistent start nog op. Je bericht is bewaard. Probeer het over een minuut opnieuw."),
    "motor_storing": _(
        "Er ging iets mis aan mijn kant. Je bericht is bewaard. "
        "Probeer het straks opnieuw, of vraag om een klantmanager."
    ),
    "knop_klantmanager": _("Ja, naar een klantmanager"),
    "knop_nee": _("Nee, dank je"),
    # --- dialogue layer (dialogen/, bot/actions/): small talk, gemeente, handoff ---
    "waarmee_helpen": _("Waarmee kan ik je helpen? Stel gerust je vraag over de bijstand."),
    "niet_begrepen": _("Dat begrijp ik niet. Kun je je vraag anders stellen? Gebruik gewone woorden, dat is prima."),
    "rustig_blijven": _(
        "Ik merk dat je boos bent. Dat begrijp ik. Ik wil je graag helpen. Wil je met een mens praten?"
    ),
    "vragen_gestopt": _("Goed, ik stop met de vragen. Wat wil je nu weten?"),
    "vraag_gemeente": _("In welke gemeente woon je? Dan zoek ik de regels van jouw gemeente erbij."),
    "gemeente_niet_gevonden": _(
        "Die gemeente ken ik nog niet. Kies een gemeente uit de lijst, of kies 'Weet ik niet'."
    ),
    "gemeente_gekozen": _("Ik onthoud dat je in {naam} woont. Woon je ergens anders? Zeg dan: andere gemeente."),
    "gemeente_onbekend_ok": _(
        "Geen probleem. Ik geef je de landelijke regels. Let op: de regels kunnen per gemeente verschillen."
    ),
    "buiten_bereik": _(
        "Daar kan ik je niet mee helpen. Ik weet alleen iets over de bijstand. "
        "Voor toeslagen ga je naar Dienst Toeslagen. Voor de WW ga je naar het UWV."
    ),
    "overdracht_werk": _(
        "Ik geef je vraag door aan een klantmanager van de gemeente. Je ziet eerst wat ik doorgeef. "
        "Daarna neemt een medewerker contact met je op."
    ),
    "overdracht_inkomen": _(
        "Ik geef je vraag door aan een inkomensconsulent van de gemeente. Je ziet eerst wat ik doorgeef. "
        "Daarna neemt een medewerker contact met je op."
    ),
    "overdracht_aanbod_werk": _("Dit hangt af van jouw situatie. Wil je het vragen aan een klantmanager?"),
    "overdracht_aanbod_inkomen": _("Dit hangt af van jouw situatie. Wil je het vragen aan een inkomensconsulent?"),
    "twee_keer_onzeker": _(
        "Ik kan je vraag twee keer niet goed beantwoorden. Dat spijt me. Zal ik je doorverbinden met een mens?"
    ),
    "crisis_hulp": _(
        "Ben je in gevaar? Bel 112. Denk je aan zelfdoding? Bel 113 of gratis 0800-0113. "
        "Geweld thuis? Bel Veilig Thuis: 0800-2000. Ik geef je bericht ook met spoed door aan een medewerker."
    ),
    "spoed_geld": _(
        "Wat naar dat je geen geld hebt. Ik geef je vraag met spoed door aan een inkomensconsulent. "
        "Bel vandaag ook je gemeente."
    ),
    "spoed_gekort": _(
        "Wat vervelend dat je bijstand lager is. Ik geef je vraag met spoed door aan je klantmanager. "
        "Ben je het niet eens met het besluit? Dan kun je bezwaar maken. Kijk op je brief tot wanneer dat kan."
    ),
    "verwijderen_verzoek": _("Je wilt dat je gegevens weg gaan. Ik geef je verzoek door. Een medewerker regelt het."),
    "aanbod_rekenhulp": _(
        "Wil je een schatting voor jouw loon? Dan reken ik het met je uit. Of vraag het aan een inkomensconsulent."
    ),
    "aanbod_ontheffing": _(
        "Wil je kijken welke regels voor ontheffing bij jou kunnen passen? Ik stel je een paar korte vragen."
    ),
    "knop_rekenhulp": _("Reken het uit"),
    "knop_ontheffing": _("Bekijk mijn situatie"),
    "knop_weet_niet": _("Weet ik niet"),
    "knop_ja": _("Ja"),
    "knop_nee_kort": _("Nee"),
    # Gemeente names on buttons (proper nouns; one key per file in kennisbank/gemeenten/, tested)
    "knop_gemeente_amsterdam": _("Amsterdam"),
    "knop_gemeente_diemen": _("Diemen"),
    "knop_gemeente_dijk_en_waard": _("Dijk en Waard"),
    "knop_gemeente_gennep": _("Gennep"),
    "knop_gemeente_helmond": _("Helmond"),
    "knop_gemeente_leeuwarden": _("Leeuwarden"),
    "knop_gemeente_moerdijk": _("Moerdijk"),
    "knop_gemeente_overbetuwe": _("Overbetuwe"),
    "knop_gemeente_rotterdam": _("Rotterdam"),
    "knop_gemeente_tilburg": _("Tilburg"),
    "knop_gemeente_utrecht": _("Utrecht"),
    "knop_gemeente_wijdemeren": _("Wijdemeren"),
    # --- rekenhulp inkomsten (bot/actions/rekenhulp.py); amounts come from kennisbank/bedragen/ ---
    "rh_intro": _("Ik maak een schatting met je. Ik stel je een paar vragen. Wil je stoppen? Zeg dan: stop."),
    "rh_vraag_bedrag": _(
        "Hoeveel geld krijg je per keer voor je werk? Schrijf het netto bedrag, bijvoorbeeld 600 euro."
    ),
    "rh_vraag_frequentie": _("Hoe vaak krijg je dat bedrag?"),
    "rh_vraag_huishouden": _("Hoe woon je?"),
    "rh_vraag_kind": _("Zorg je voor een kind dat jonger is dan 12 jaar?"),
    "rh_vraag_leeftijd": _("Hoe oud ben je?"),
    "rh_vraag_datum": _("Op welke dag krijg je voor het eerst loon? Bijvoorbeeld: 2 maart."),
    "rh_niet_begrepen_inkomen_bedrag": _("Dat bedrag begreep ik niet. Schrijf alleen het bedrag, bijvoorbeeld 600."),
    "rh_niet_begrepen_inkomen_frequentie": _("Dat begreep ik niet. Kies per week, per 4 weken of per maand."),
    "rh_niet_begrepen_huishouden": _("Dat begreep ik niet. Kies een van de knoppen."),
    "rh_niet_begrepen_kind_onder_12": _("Dat begreep ik niet. Antwoord met ja of nee."),
    "rh_niet_begrepen_leeftijdsgroep": _("Dat begreep ik niet. Kies een van de knoppen."),
    "rh_niet_begrepen_eerste_betaling": _("Die datum begreep ik niet. Schrijf bijvoorbeeld: 2 maart."),
    "knop_per_week": _("Per week"),
    "knop_per_4_weken": _("Per 4 weken"),
    "knop_per_maand": _("Per maand"),
    "knop_alleenstaand": _("Alleenstaand"),
    "knop_alleenstaande_ouder": _("Alleenstaande ouder"),
    "knop_gehuwd": _("Getrouwd of samenwonend"),
    "knop_onder_27": _("Jonger dan 27"),
    "knop_27_tot_aow": _("27 jaar tot de AOW-leeftijd"),
    "knop_aow": _("AOW-leeftijd of ouder"),
    "rh_kop_week": _("Je krijgt {bedrag} netto per week. Zo werkt het ongeveer per maand:"),
    "rh_kop_4weken": _("Je krijgt {bedrag} netto per 4 weken. Zo werkt het ongeveer per maand:"),
    "rh_kop_maand": _("Je krijgt {bedrag} netto per maand. Zo werkt het ongeveer per maand:"),
    "rh_maand": _("{maand}: loon {inkomen}, vrij {vrij}, verrekend {verrekend}."),
    "rh_maand_meer": _("{maand}: {aantal} keer loon, samen {inkomen}, vrij {vrij}, verrekend {verrekend}."),
    "rh_uitleg_n": _(
        "De eerste {maanden} maanden blijft {percentage} van je loon vrij, tot {max} per maand "
        "(artikel 31 lid 2 onderdeel n)."
    ),
    "rh_uitleg_n_aow": _(
        "Je hebt de AOW-leeftijd. Dan blijft {percentage} van je loon vrij, tot {max} per maand. "
        "Daar is geen tijdslimiet voor (artikel 31 lid 2 onderdeel n)."
    ),
    "rh_uitleg_r": _(
        "Daarna blijft als alleenstaande ouder {percentage} vrij, tot {max} per maand, zolang je kind jonger is "
        "dan 12. Dat kan {maanden} maanden lang (artikel 31 lid 2 onderdeel r)."
    ),
    "rh_uitleg_geen_meer": _("Daarna blijft er niets meer vrij. Dan wordt je hele loon verrekend."),
    "rh_uitleg_onder_27": _(
        "Je bent jonger dan {leeftijd}. Dan blijft er van je loon niets vrij (artikel 31 lid 5). "
        "Je hele loon wordt verrekend."
    ),
    "rh_uitleg_34a": _(
        "Vanaf 2027 blijft {percentage} van je loon vrij, {maanden} maanden lang. Er is geen maximumbedrag "
        "(artikel 34a lid 1 onderdeel a)."
    ),
    "rh_uitleg_34a_aow": _(
        "Je hebt de AOW-leeftijd. Vanaf 2027 blijft {percentage} van je loon vrij, tot {max} per maand "
        "(artikel 34a lid 1 onderdeel c)."
    ),
    "rh_uitleg_34a_verlengen": _(
        "Daarna wordt je hele loon verrekend. De gemeente kan de periode soms verlengen (artikel 34a lid 2)."
    ),
    "rh_bufferbudget": _(
        "Is je inkomen in een maand lager dan je bijstandsnorm door de verrekening? Dan kan de gemeente een "
        "bufferbudget inzetten, tot {max} per jaar (artikel 34b). Dat is geen recht: de gemeente kiest dit zelf."
    ),
    "rh_vierwekelijks": _(
        "Je krijgt elke 4 weken loon. Dat is 13 keer per jaar. Daarom krijg je in sommige maanden twee keer loon. "
        "In die maand wordt meer verrekend."
    ),
    "rh_wekelijks": _("Je krijgt elke week loon. In sommige maanden krijg je daarom vijf keer loon."),
    "rh_overgang_2027": _(
        "Vanaf januari 2027 gelden nieuwe regels (artikel 34a). Hoe een vrijlating die al loopt dan verdergaat, "
        "is nog niet bekend."
    ),
    "rh_indicatie": _(
        "Let op: dit is alleen een schatting. De gemeente rekent het echte bedrag uit, en beslist of je de "
        "vrijlating krijgt. Het verrekende deel gaat van je bijstand af. Geef je loon elke maand door."
    ),
    "rh_kan_niet_rekenen": _("Dit kan ik niet voor je uitrekenen. Een inkomensconsulent kan je helpen."),
    # --- ontheffing-verkenner (bot/actions/ontheffing.py): never "you are exempt" ---
    "ont_intro": _(
        "Ik stel je een paar vragen. Dan zie je welke regels over ontheffing bij jou kunnen passen. "
        "Ik beslis niets. Dat doet de gemeente. Wil je stoppen? Zeg dan: stop."
    ),
    "ont_vraag_kind": _("Ben je alleenstaande ouder? Hoe oud is je jongste kind?"),
    "ont_vraag_gezondheid": _("Maakt je gezondheid het moeilijk om te werken? Je hoeft niet te zeggen wat je hebt."),
    "ont_vraag_zorg": _("Zorg je veel voor iemand, bijvoorbeeld voor een ziek familielid?"),
    "ont_vraag_andere": _("Is er een andere dringende reden waardoor werken of meedoen nu niet lukt?"),
    "ont_niet_begrepen": _("Dat begreep ik niet. Kies een van de knoppen."),
    "knop_kind_onder_5": _("Ja, jonger dan 5"),
    "knop_kind_5_tot_12": _("Ja, 5 tot 12 jaar"),
    "knop_kind_geen": _("Nee, of mijn kind is 12 of ouder"),
    "ont_kop": _("Deze regels kunnen bij jou passen:"),
    "ont_grond_9a": _(
        "Alleenstaande ouder met een kind jonger dan 5: je kunt vragen om ontheffing van de plicht om werk te "
        "zoeken (artikel 9a). Wat helpt: de geboortedatum van je kind. Je maakt dan samen een plan."
    ),
    "ont_grond_9_4": _(
        "Alleenstaande ouder met een kind jonger dan 12: de gemeente moet eerst kijken of er opvang is voor je "
        "kind (artikel 9 lid 4)."
    ),
    "ont_grond_gezondheid": _(
        "Gezondheid: de gemeente kan je om dringende redenen tijdelijk ontheffing geven (artikel 9 lid 2). Kun je "
        "volledig en blijvend niet werken? Dan gelden de plichten niet (artikel 9 lid 5). Kun je minder uren "
        "werken? Vraag dan naar 'medisch urenbeperkt' (artikel 6b). Wat helpt: een brief van je arts of het UWV."
    ),
    "ont_grond_zorg": _(
        "Zorg voor iemand: zorgtaken kunnen een dringende reden zijn voor een tijdelijke ontheffing "
        "(artikel 9 lid 2). Wat helpt: een overzicht van je zorgtaken en hoeveel uur per week dat is."
    ),
    "ont_grond_andere": _(
        "Een andere dringende reden: de gemeente kan je tijdelijk ontheffing geven (artikel 9 lid 2). "
        "Wat helpt: schrijf op wat er aan de hand is en sinds wanneer."
    ),
    "ont_geen_grond": _(
        "In je antwoorden zie ik geen bekende reden voor ontheffing. Twijfel je? Bespreek het met je klantmanager."
    ),
    "ont_gemeente_regels": _("{naam} kan ook eigen regels voor ontheffing hebben. Die heb ik nog niet gecontroleerd."),
    "ont_gemeente_onbekend": _(
        "Je gemeente kan ook eigen regels voor ontheffing hebben. Vraag je klantmanager ernaar."
    ),
    "ont_gemeente_beslist": _("Of je ontheffing krijgt, beslist de gemeente. Vraag het altijd schriftelijk aan."),
    "ont_aanbod": _(
        "Wil je dat ik je verzoek om ontheffing klaarzet voor je klantmanager? Je ziet eerst wat ik doorgeef."
    ),
    # --- premie (bot/actions/premie.py) ---
    "premie_max": _(
        "Een premie voor stappen naar werk telt tot {max} per jaar niet mee voor je bijstand "
        "(artikel 31 lid 2 onderdeel j)."
    ),
    "premie_max_onbekend": _("Hoeveel premie je mag houden, is voor deze datum nog niet bekend."),
    "premie_gemeente_bekend": _("{naam} heeft deze premies: {premies}."),
    "premie_gemeente_niet_gecontroleerd": _(
        "Welke premies {naam} geeft, heb ik nog niet gecontroleerd. Vraag het je klantmanager."
    ),
    "premie_gemeente_verschilt": _("Of je een premie krijgt, verschilt per gemeente."),
    "premie_melden": _("Krijg je een premie? Geef die dan altijd door aan de gemeente."),
    # --- handoff to a person: summary, consent, what happens next (bot/handoff/flow.py) ---
    "overdracht_samenvatting": _("Dit geef ik door aan de gemeente:"),
    "overdracht_gesprek_mee": _(
        "Ik stuur ook ons gesprek mee. Persoonlijke gegevens zoals je BSN heb ik er al uit gehaald."
    ),
    "overdracht_toestemming": _("Mag ik dit doorsturen? Je kunt ook nog iets toevoegen."),
    "knop_versturen": _("Ja, stuur het door"),
    "knop_regel_toevoegen": _("Ik wil iets toevoegen"),
    "knop_niet_versturen": _("Nee, stuur alleen dat ik contact wil"),
    "knop_stoppen": _("Stop, ik wil geen contact"),
    "overdracht_regel_vraag": _("Wat wil je toevoegen? Schrijf het in één bericht."),
    "overdracht_kies_knop": _("Kies een van de knoppen. Dan weet ik wat ik met je vraag moet doen."),
    "overdracht_verstuurd": _("Ik heb je vraag doorgegeven aan {team}."),
    "overdracht_alleen_contact": _(
        "Ik geef alleen door dat je contact wilt, en via welk kanaal. Ons gesprek stuur ik niet mee."
    ),
    "overdracht_gestopt": _("Goed, ik geef niets door. Je kunt me weer een vraag stellen."),
    "overdracht_wat_nu": _(
        "Een medewerker antwoordt hier, in dit gesprek. Bereikbaar: {openingstijden}. "
        "Meestal krijg je antwoord binnen {reactietijd}."
    ),
    "overdracht_spoed": _("Je vraag heeft spoed. Ik heb dat erbij gezet."),
    "overdracht_noodgeval": _(
        "Wordt het intussen dringend? Ben je in gevaar, bel dan 112. Denk je aan zelfdoding? "
        "Bel 113 of gratis 0800-0113."
    ),
    "overdracht_bericht_bewaard": _("Ik heb je bericht bij je vraag gezet. Een medewerker leest het."),
    "overdracht_opgepakt": _("Een medewerker heeft je vraag nu gepakt. Je krijgt hier antwoord."),
    "overdracht_bot_terug": _(
        "Het gesprek met de medewerker is klaar. Je praat nu weer met Bijstandswijzer, een computerprogramma. "
        "Je kunt me een nieuwe vraag stellen."
    ),
    "team_werk": _("een klantmanager"),
    "team_inkomen": _("een inkomensconsulent"),
    "standaard_openingstijden": _("op werkdagen, tijdens kantoortijden"),
    "standaard_reactietijd": _("een paar werkdagen"),
    "samenvatting_onderwerp": _("Onderwerp: {waarde}"),
    "samenvatting_gemeente": _("Gemeente: {waarde}"),
    "samenvatting_spoed": _("Spoed: ja, want {waarde}"),
    "samenvatting_feiten": _("Wat je vertelde: {waarde}"),
    "samenvatting_gezegd": _("Wat ik al uitlegde: {waarde}"),
    "samenvatting_vraag": _("Je vraag: {waarde}"),
    "samenvatting_regel": _("Wat je toevoegde: {waarde}"),
    "samenvatting_onbekend": _("onbekend"),
    "reden_gevraagd": _("je wilt een mens spreken"),
    "reden_crisis": _("je zit in een moeilijke situatie"),
    "reden_geen_geld": _("je hebt geen geld"),
    "reden_maatregel_opgelegd": _("je bijstand is lager"),
    "reden_persoonlijke_beoordeling": _("je situatie moet iemand persoonlijk bekijken"),
    "reden_onzeker": _("ik kon je vraag niet goed beantwoorden"),
    "feit_huishouden": _("huishouden"),
    "feit_inkomen_bedrag": _("inkomen"),
    "feit_inkomen_frequentie": _("hoe vaak je loon krijgt"),
    "feit_kind_onder_12": _("kind jonger dan 12"),
    "feit_leeftijdsgroep": _("leeftijd"),
    "feit_eerste_betaling": _("eerste betaling"),
    "feit_ont_kind": _("leeftijd jongste kind"),
    "feit_ont_gezondheid": _("gezondheid speelt mee"),
    "feit_ont_zorg": _("je zorgt voor iemand"),
    "feit_ont_andere": _("een andere reden"),
}


def tekst(key: str, language: str = "nl") -> str:
    """The sentence ``key`` in ``language``; Dutch when no current (non-fuzzy) translation exists."""
    source = BERICHTEN[key]
    if language == "nl":
        return source
    return catalog(language).get(source) or source
