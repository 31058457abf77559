"""Words and numbers of charts and reports, in Dutch and English.

Every text a reader sees in a chart or report comes from :data:`STRINGS` through :func:`t`, so
both languages stay complete (a test checks that every key has both). Numbers, money, shares
and dates are formatted for the language with Babel: ``1.234,5`` and ``€ 12.346`` in Dutch,
``1,234.5`` and ``€12,346`` in English.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LANGUAGES = ("nl", "en")
LOCALES = {"nl": "nl_NL", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {
    # --- provenance and general ------------------------------------------------------------
    "provenance": {
        "nl": "Scenario '{scenario}' (hash {hash}) · seed {seed} · {replications} replicaties · Ambacht {version} · {date}",
        "en": "Scenario '{scenario}' (hash {hash}) · seed {seed} · {replications} replications · Ambacht {version} · {date}",
    },
    "provenance_scenario": {
        "nl": "Scenario '{scenario}' (hash {hash}) · Ambacht {version} · {date}",
        "en": "Scenario '{scenario}' (hash {hash}) · Ambacht {version} · {date}",
    },
    "mean_ci": {"nl": "gemiddelde met 95%-betrouwbaarheidsinterval", "en": "mean with 95% confidence interval"},
    "per_week": {"nl": "per week", "en": "per week"},
    "per_year": {"nl": "per jaar", "en": "per year"},
    "scenario_key": {"nl": "scenario", "en": "scenario"},
    "variant": {"nl": "variant", "en": "variant"},
    # --- staffing vs on time -----------------------------------------------------------------
    "staffing_title": {"nl": "Bezetting en levering op tijd: {contract}", "en": "Staffing and on-time delivery: {contract}"},
    "staffing_y": {"nl": "orders op tijd geleverd", "en": "orders delivered on time"},
    "staffing_band": {"nl": "95%-betrouwbaarheidsinterval", "en": "95% confidence interval"},
    "staffing_mean": {"nl": "gemiddeld aandeel op tijd", "en": "mean share on time"},
    "staffing_promise": {"nl": "belofte: {target} op tijd", "en": "promise: {target} on time"},
    "staffing_meets": {"nl": "eerste waarde die de belofte haalt", "en": "first value that keeps the promise"},
    "staffing_caption": {
        "nl": "Elk punt is het gemiddelde over {n} replicaties; de band is het 95%-betrouwbaarheidsinterval. "
              "De stippellijn is de belofte aan de partner ({target} van de orders binnen {lead}).",
        "en": "Each point is the mean over {n} replications; the band is the 95% confidence interval. "
              "The dashed line is the promise to the partner ({target} of orders within {lead}).",
    },
    "staffing_alt": {
        "nl": "Lijngrafiek: aandeel orders van {contract} dat op tijd is geleverd tegen {x}. {finding}",
        "en": "Line chart: share of {contract}'s orders delivered on time against {x}. {finding}",
    },
    "staffing_found": {
        "nl": "Vanaf {x} = {value} haalt het gemiddelde de belofte van {target}.",
        "en": "From {x} = {value} the mean keeps the promise of {target}.",
    },
    "staffing_not_found": {
        "nl": "Geen van de onderzochte waarden haalt de belofte van {target}.",
        "en": "None of the values studied keeps the promise of {target}.",
    },
    # --- triad --------------------------------------------------------------------------------
    "triad_title": {"nl": "Drie-eenheid per materiaalstroom", "en": "The triad per material stream"},
    "triad_supply": {"nl": "aanbod restmateriaal", "en": "material supply"},
    "triad_capacity": {"nl": "verwerkingscapaciteit", "en": "processing capacity"},
    "triad_demand": {"nl": "vraag afzetmarkt", "en": "market demand"},
    "triad_sold": {"nl": "werkelijk verkocht", "en": "actually sold"},
    "triad_binding": {"nl": "beperkend", "en": "binding"},
    "triad_x": {"nl": "kg herbruikbaar product per week", "en": "kg of reusable product per week"},
    "triad_caption": {
        "nl": "Per stroom drie poten in kg per week: het aanbod dat geschikt is voor hergebruik, wat de werkplaats "
              "daarvan kan verwerken (geschat uit de gemeten bezetting van de drukste stap of de mensen die die stap doen) "
              "en wat winkel, webshop en contracten vragen. De kortste poot is beperkend (gemarkeerd); "
              "het zwarte streepje is wat werkelijk is verkocht.",
        "en": "Three legs per stream, in kg per week: the supply fit for reuse, what the workshop can process of it "
              "(estimated from the measured occupation of the busiest step or the people doing it) and what the shop, "
              "webshop and contracts ask. The shortest leg binds (marked); the black tick is what was actually sold.",
    },
    "triad_alt": {
        "nl": "Staafdiagram met per materiaalstroom aanbod, verwerkingscapaciteit en vraag in kg per week. {finding}",
        "en": "Bar chart of supply, processing capacity and demand in kg per week per material stream. {finding}",
    },
    "triad_finding": {"nl": "{stream}: {leg} is beperkend.", "en": "{stream}: {leg} binds."},
    # --- utilisation --------------------------------------------------------------------------
    "util_title": {"nl": "Bezetting van stappen, mensen en begeleiders", "en": "Occupation of steps, people and supervisors"},
    "util_steps": {"nl": "Werkplekken per stap", "en": "Work places per step"},
    "util_pools": {"nl": "Deelnemers en medewerkers", "en": "Participants and staff"},
    "util_supervisors": {"nl": "Begeleiders", "en": "Supervisors"},
    "util_x": {"nl": "bezetting (deel van de beschikbare tijd)", "en": "occupation (share of available time)"},
    "util_full": {"nl": "vol", "en": "full"},
    "util_caption": {
        "nl": "Deel van de tijd dat werkplekken, mensen en begeleiders bezig zijn; de foutbalken geven het "
              "95%-betrouwbaarheidsinterval. Boven 85% ontstaan snel wachtrijen.",
        "en": "Share of the time that work places, people and supervisors are busy; error bars show the "
              "95% confidence interval. Above 85% queues build up quickly.",
    },
    "util_alt": {
        "nl": "Liggend staafdiagram van de bezetting per stap, groep en begeleidersteam. Het drukst is {busiest} met {value}.",
        "en": "Horizontal bar chart of occupation per step, group and supervisor team. The busiest is {busiest} at {value}.",
    },
    # --- time series --------------------------------------------------------------------------
    "series_title": {"nl": "Wachtrijen en voorraad in de tijd", "en": "Queues and stock over time"},
    "series_queue": {"nl": "Werk dat wacht per stap (partijen)", "en": "Work waiting per step (lots)"},
    "series_storage": {"nl": "Opslag vóór bewerking (kg)", "en": "Storage before processing (kg)"},
    "series_stock": {"nl": "Voorraad eindproduct", "en": "Stock of finished products"},
    "series_backlog": {"nl": "Openstaande contractorders", "en": "Open contract orders"},
    "series_warm_up": {"nl": "inloopperiode", "en": "warm-up"},
    "series_band": {"nl": "band: spreiding over replicaties (10–90%)", "en": "band: spread across replications (10–90%)"},
    "series_caption": {
        "nl": "Lijnen zijn het gemiddelde over {n} replicaties (bij lange runs per week), de band de spreiding "
              "(10e tot 90e percentiel). De grijze strook is de inloopperiode, die niet meetelt.",
        "en": "Lines are the mean over {n} replications (weekly means for long runs), the band the spread "
              "(10th to 90th percentile). The grey strip is the warm-up, which does not count.",
    },
    "series_alt": {
        "nl": "Lijngrafieken van wachtrijen, opslag, voorraad en openstaande orders over de gesimuleerde periode. {finding}",
        "en": "Line charts of queues, storage, stock and open orders over the simulated period. {finding}",
    },
    "series_finding": {
        "nl": "De langste wachtrij staat bij {step}: gemiddeld tot {value} partijen.",
        "en": "The longest queue is at {step}: up to {value} lots on average.",
    },
    # --- lead times ---------------------------------------------------------------------------
    "lead_title": {"nl": "Levertijd per order: {contract}", "en": "Lead time per order: {contract}"},
    "lead_x": {"nl": "levertijd (dagen)", "en": "lead time (days)"},
    "lead_y": {"nl": "aantal orders", "en": "number of orders"},
    "lead_on_time": {"nl": "op tijd", "en": "on time"},
    "lead_late": {"nl": "te laat", "en": "late"},
    "lead_promise": {"nl": "beloofde levertijd: {lead}", "en": "promised lead time: {lead}"},
    "lead_summary": {
        "nl": "{share} binnen de belofte (doel {target})",
        "en": "{share} within the promise (target {target})",
    },
    "lead_caption": {
        "nl": "Alle geleverde orders uit {n} replicaties. Staven rechts van de stippellijn kwamen te laat. "
              "Orders die aan het eind nog openstonden zijn niet geleverd en staan hier niet in.",
        "en": "All delivered orders from {n} replications. Bars right of the dashed line were late. "
              "Orders still open at the end were not delivered and are not shown.",
    },
    "lead_alt": {
        "nl": "Histogram van de levertijden van {contract} met de beloofde levertijd van {lead}: {summary}.",
        "en": "Histogram of {contract}'s lead times with the promised lead time of {lead}: {summary}.",
    },
    # --- social impact ------------------------------------------------------------------------
    "social_title": {"nl": "Sociale impact per doelgroep", "en": "Social impact per target group"},
    "social_hours": {"nl": "Uren per jaar", "en": "Hours per year"},
    "social_worked": {"nl": "gewerkte uren", "en": "hours worked"},
    "social_lost": {"nl": "verloren door gebrek aan begeleiding", "en": "lost to missing supervision"},
    "social_lost_short": {"nl": "verloren", "en": "lost"},
    "social_people": {"nl": "Mensen in de gemeten {weeks} weken", "en": "People in the {weeks} weeks measured"},
    "social_served": {"nl": "bereikt", "en": "served"},
    "social_job": {"nl": "uitstroom naar werk", "en": "outflow to a job"},
    "social_education": {"nl": "uitstroom naar opleiding", "en": "outflow to education"},
    "social_other": {"nl": "uitstroom anders", "en": "outflow elsewhere"},
    "social_caption": {
        "nl": "Links de uren die deelnemers werkten en de uren die verloren gingen omdat er te weinig begeleiding "
              "was (omgerekend naar een jaar); rechts hoeveel mensen meededen in de gemeten periode en waar zij "
              "naartoe gingen. Foutbalken: 95%-betrouwbaarheidsinterval.",
        "en": "Left: hours participants worked and hours lost because supervision was short (scaled to a year); "
              "right: how many people "
              "took part in the measured period and where they went. Error bars: 95% confidence interval.",
    },
    "social_alt": {
        "nl": "Staafdiagrammen per doelgroep van gewerkte en verloren uren en van bereikte mensen en uitstroom. {finding}",
        "en": "Bar charts per target group of hours worked and lost and of people served and outflow. {finding}",
    },
    "social_finding": {
        "nl": "{group} werkt {hours} uur per jaar; {lost} uur gaat verloren door gebrek aan begeleiding.",
        "en": "{group} works {hours} hours a year; {lost} hours are lost to missing supervision.",
    },
    # --- material flow ------------------------------------------------------------------------
    "flow_title": {"nl": "Materiaalstroom: van inzameling tot bestemming", "en": "Material flow: from collection to destination"},
    "flow_taken": {"nl": "ingenomen", "en": "taken in"},
    "flow_reused": {"nl": "hergebruikt (verkocht)", "en": "reused (sold)"},
    "flow_recycled": {"nl": "gerecycled", "en": "recycled"},
    "flow_wasted": {"nl": "afval", "en": "waste"},
    "flow_refused": {"nl": "geweigerd (geen ruimte)", "en": "refused (no space)"},
    "flow_in_chain": {"nl": "nog in bewerking of voorraad", "en": "still in process or stock"},
    "flow_caption": {
        "nl": "Kilogram per jaar, gemiddeld over de replicaties. De breedte van elke band is de hoeveelheid.",
        "en": "Kilograms per year, mean over the replications. The width of each band is the amount.",
    },
    "flow_alt": {
        "nl": "Stroomdiagram van {total} kg per jaar: {parts}.",
        "en": "Flow diagram of {total} kg a year: {parts}.",
    },
    # --- money --------------------------------------------------------------------------------
    "money_title": {"nl": "Geldstromen per jaar", "en": "Money flows per year"},
    "money_y": {"nl": "euro per jaar", "en": "euros per year"},
    "money_revenue_shop": {"nl": "verkoop winkel", "en": "shop sales"},
    "money_revenue_online": {"nl": "verkoop online", "en": "online sales"},
    "money_revenue_contracts": {"nl": "verkoop aan partners", "en": "sales to partners"},
    "money_income_target_groups": {"nl": "vergoedingen doelgroepen", "en": "target group income"},
    "money_recycling_revenue": {"nl": "opbrengst recycling", "en": "recycling income"},
    "money_wages": {"nl": "lonen medewerkers", "en": "staff wages"},
    "money_supervisor_cost": {"nl": "kosten begeleiders", "en": "supervisor costs"},
    "money_participant_cost": {"nl": "vergoeding deelnemers", "en": "participant allowances"},
    "money_overhead": {"nl": "huisvesting en overhead", "en": "premises and overhead"},
    "money_waste_cost": {"nl": "afvalkosten", "en": "waste costs"},
    "money_net_result": {"nl": "nettoresultaat", "en": "net result"},
    "money_benefit_savings": {"nl": "besparing uitkeringen", "en": "benefit savings"},
    "money_disposal_cost_avoided": {"nl": "vermeden afvalkosten", "en": "disposal costs avoided"},
    "money_social_result": {"nl": "maatschappelijk resultaat", "en": "social result"},
    "money_income": {"nl": "inkomsten", "en": "income"},
    "money_cost": {"nl": "kosten", "en": "costs"},
    "money_total": {"nl": "saldo", "en": "balance"},
    "money_caption": {
        "nl": "Watervaldiagram: inkomsten tellen op, kosten trekken af, tot het nettoresultaat van het centrum. "
              "Daarna de maatschappelijke baten buiten het centrum (besparing op uitkeringen, vermeden afvalkosten). "
              "Foutbalken op de saldi: 95%-betrouwbaarheidsinterval.",
        "en": "Waterfall: income adds up, costs subtract, down to the centre's net result. Then the social benefits "
              "outside the centre (benefit savings, disposal costs avoided). Error bars on the balances: 95% confidence interval.",
    },
    "money_alt": {
        "nl": "Watervaldiagram van inkomsten en kosten per jaar: nettoresultaat {net}, maatschappelijk resultaat {social}.",
        "en": "Waterfall of income and costs per year: net result {net}, social result {social}.",
    },
    # --- report -------------------------------------------------------------------------------
    "report_title": {"nl": "Rapport: {scenario}", "en": "Report: {scenario}"},
    "report_summary": {"nl": "Samenvatting", "en": "Summary"},
    "report_question": {"nl": "De vraag", "en": "The question"},
    "report_answer": {"nl": "Het antwoord", "en": "The answer"},
    "report_diagnosis": {"nl": "Welke poot van de drie-eenheid beperkt?", "en": "Which leg of the triad binds?"},
    "report_key_figures": {"nl": "Kerncijfers", "en": "Key figures"},
    "report_metric": {"nl": "maat", "en": "measure"},
    "report_mean": {"nl": "gemiddelde", "en": "mean"},
    "report_interval": {"nl": "95%-interval", "en": "95% interval"},
    "report_assumptions": {"nl": "Aannames", "en": "Assumptions"},
    "report_assumptions_intro": {
        "nl": "Dit is wat het scenario aanneemt. Alle uitkomsten gelden alleen onder deze aannames.",
        "en": "This is what the scenario assumes. Every result holds only under these assumptions.",
    },
    "report_sources": {"nl": "Bronnen", "en": "Sources"},
    "report_no_sources": {"nl": "Het scenario noemt geen bronnen.", "en": "The scenario names no sources."},
    "report_charts": {"nl": "Grafieken", "en": "Charts"},
    "report_data": {"nl": "De cijfers achter deze grafiek", "en": "The numbers behind this chart"},
    "report_reproduce": {"nl": "Zo maakt u dit opnieuw", "en": "How to reproduce this"},
    "report_reproduce_text": {
        "nl": "De resultatenmap bevat het scenario zoals het is gedraaid. Dezelfde opdracht met hetzelfde scenario "
              "en dezelfde seed geeft precies dezelfde uitkomsten:",
        "en": "The results folder holds the scenario as it was run. The same command with the same scenario and "
              "seed gives exactly the same results:",
    },
    "report_reproduce_report": {"nl": "En dit rapport:", "en": "And this report:"},
    "report_versions": {"nl": "Versies", "en": "Versions"},
    "report_no_charts": {"nl": "Deze resultatenmap heeft geen gegevens voor grafieken.",
                         "en": "This results folder has no data for charts."},
    "report_variants": {"nl": "Per variant", "en": "Per variant"},
    "report_variant_leg": {"nl": "beperkende poot", "en": "binding leg"},
    "report_base_variant": {"nl": "De detailgrafieken tonen de variant {variant}.",
                            "en": "The detail charts show the variant {variant}."},
    "report_footer": {"nl": "Gemaakt met Ambacht {version}, open-source capaciteitssimulator voor circulaire ambachtscentra.",
                      "en": "Made with Ambacht {version}, an open-source capacity simulator for circular craft centres."},
    "answer_met": {
        "nl": "Contract met {contract}: {share} van de orders op tijd (95%-interval {low} – {high}); de belofte is {target}. De belofte wordt gehaald.",
        "en": "Contract with {contract}: {share} of orders on time (95% interval {low} – {high}); the promise is {target}. The promise is kept.",
    },
    "answer_not_met": {
        "nl": "Contract met {contract}: {share} van de orders op tijd (95%-interval {low} – {high}); de belofte is {target}. De belofte wordt niet gehaald.",
        "en": "Contract with {contract}: {share} of orders on time (95% interval {low} – {high}); the promise is {target}. The promise is not kept.",
    },
    "answer_unsure": {
        "nl": "Contract met {contract}: {share} van de orders op tijd (95%-interval {low} – {high}); de belofte is {target}. Dat is nog onzeker: draai meer replicaties.",
        "en": "Contract with {contract}: {share} of orders on time (95% interval {low} – {high}); the promise is {target}. That is still uncertain: run more replications.",
    },
    "answer_sweep": {
        "nl": "Contract met {contract}{condition}: vanaf {x} = {value} haalt het gemiddelde de belofte van {target} op tijd.",
        "en": "Contract with {contract}{condition}: from {x} = {value} the mean keeps the promise of {target} on time.",
    },
    "answer_sweep_sure": {
        "nl": "Met 95% zekerheid vanaf {value}.",
        "en": "With 95% confidence from {value}.",
    },
    "answer_sweep_none": {
        "nl": "Contract met {contract}{condition}: geen van de onderzochte waarden van {x} haalt de belofte van {target} op tijd.",
        "en": "Contract with {contract}{condition}: none of the values of {x} studied keeps the promise of {target} on time.",
    },
    "answer_condition": {"nl": " (bij {what})", "en": " (with {what})"},
    "answer_no_contract": {
        "nl": "Het scenario heeft geen contracten; het antwoord staat in de diagnose hieronder en in de grafieken.",
        "en": "The scenario has no contracts; the answer is in the diagnosis below and in the charts.",
    },
    # --- chain drawing ------------------------------------------------------------------------
    "chain_title": {"nl": "De keten van {scenario}", "en": "The chain of {scenario}"},
    "chain_streams": {"nl": "materiaal", "en": "material"},
    "chain_steps": {"nl": "bewerking", "en": "processing"},
    "chain_ends": {"nl": "bestemming", "en": "destination"},
    "chain_channels": {"nl": "afzet", "en": "sales"},
    "chain_people": {"nl": "mensen", "en": "people"},
    "chain_supervisors": {"nl": "begeleiding", "en": "supervision"},
    "chain_recycling": {"nl": "recycling", "en": "recycling"},
    "chain_waste": {"nl": "afval", "en": "waste"},
    "chain_leaves": {"nl": "verlaat het centrum", "en": "leaves the centre"},
    "chain_shop": {"nl": "winkel", "en": "shop"},
    "chain_online": {"nl": "webshop", "en": "webshop"},
    "chain_failure": {"nl": "mislukt", "en": "fails"},
    "chain_per_week": {"nl": "{rate} per week", "en": "{rate} per week"},
    "chain_people_count": {"nl": "{n} pers.", "en": "{n} people"},
    "chain_person": {"nl": "1 pers.", "en": "1 person"},
    "chain_legend_places": {"nl": "[n] = aantal werkplekken", "en": "[n] = number of work places"},
    "chain_ratio": {"nl": "1 op {ratio}", "en": "1 per {ratio}"},
    "chain_legend_flow": {"nl": "materiaal", "en": "material"},
    "chain_legend_failure": {"nl": "bij mislukken", "en": "on failure"},
    "chain_legend_serves": {"nl": "werkt aan", "en": "works on"},
    "chain_legend_supervises": {"nl": "begeleidt", "en": "supervises"},
    "chain_legend_sells": {"nl": "verkoop", "en": "sales"},
    # --- experiments: progress, results folders, interrupts --------------------------------------
    "progress_replications": {"nl": "replicaties", "en": "replications"},
    "progress_runs": {"nl": "simulaties", "en": "runs"},
    "progress_sweep": {"nl": "{sweep}: simulaties", "en": "{sweep}: runs"},
    "results_to": {"nl": "De resultaten komen in {folder}/", "en": "Results go to {folder}/"},
    "results_redirect": {"nl": "{wanted} bestaat al; de resultaten komen in {folder}/",
                         "en": "{wanted} exists; results go to {folder}/"},
    "results_replace": {"nl": "De resultaten komen in {folder}/ (de vorige resultaten daar worden vervangen als alles klaar is)",
                        "en": "Results go to {folder}/ (the earlier results there are replaced when all is done)"},
    "results_in": {"nl": "resultaten in {folder}/", "en": "results in {folder}/"},
    "report_in": {"nl": "rapport: {path}", "en": "report: {path}"},
    "folder_is_file": {"nl": "{folder} is een bestand, geen map; geef met --out de naam van een map",
                       "en": "{folder} is a file, not a folder; give the name of a folder with --out"},
    "folder_not_ours": {
        "nl": "{folder} bevat bestanden die Ambacht niet heeft geschreven; er is niets veranderd. Ambacht vervangt "
              "alleen mappen die het zelf schreef: kies een andere map met --out.",
        "en": "{folder} holds files that Ambacht did not write; nothing was changed. Ambacht replaces only folders "
              "it wrote itself: choose another folder with --out.",
    },
    "folder_foreign_files": {
        "nl": "{folder} bevat bestanden die Ambacht niet heeft geschreven ({files}); er is niets veranderd. "
              "Verplaats ze, of kies een andere map met --out.",
        "en": "{folder} holds files that Ambacht did not write ({files}); nothing was changed. "
              "Move them elsewhere, or choose another folder with --out.",
    },
    "folder_taken": {
        "nl": "{folder} bevat al andere resultaten van Ambacht; vervang ze met --force, of kies een andere map met --out.",
        "en": "{folder} already holds other Ambacht results; replace them with --force, or choose another folder with --out.",
    },
    "sweep_exists": {"nl": "{folder} bevat deze sweep al; er is niets gestart.",
                     "en": "{folder} already holds this sweep; nothing was started."},
    "sweep_other": {
        "nl": "{folder} bevat een andere sweep (ander scenario, andere seed, waarden of replicaties); kies een andere "
              "map met --out, of begin opnieuw met --force",
        "en": "{folder} holds another sweep (different scenario, seed, values or replications); use another --out, "
              "or --force to start again",
    },
    "sweep_unreadable": {"nl": "{folder}: de opgeslagen simulaties van deze sweep zijn niet te lezen",
                         "en": "{folder}: the stored runs of this sweep cannot be read"},
    "sweep_continue": {"nl": "Verder gaan waar hij stopte:  {resume}\nOpnieuw beginnen:             {force}",
                       "en": "To continue where it stopped:  {resume}\nTo start again:                {force}"},
    "sweep_none_finished": {"nl": "{folder}: nog geen enkele simulatie van deze sweep is klaar; ga verder met --resume",
                            "en": "{folder}: no run of this sweep has finished yet; continue it with --resume"},
    "report_not_results": {
        "nl": "{folder}: geen resultatenmap (geen settings.json); maak er een met 'ambacht run BESTAND --out {folder}'",
        "en": "{folder}: not a results folder (no settings.json); make one with 'ambacht run FILE --out {folder}'",
    },
    "report_unreadable": {"nl": "{folder}: deze resultatenmap is niet te lezen ({error})",
                          "en": "{folder}: this results folder cannot be read ({error})"},
    "report_html_only": {"nl": "--out {out}: het rapport is HTML; geef een bestandsnaam die eindigt op .html",
                         "en": "--out {out}: the report is HTML; give a file name ending in .html"},
    "sweep_partial": {"nl": "Let op: deze sweep is niet af: {finished} van de {total} simulaties zijn klaar.",
                      "en": "Note: this sweep is not finished: {finished} of {total} runs are done."},
    "interrupted": {"nl": "Onderbroken; er is niets weggeschreven.", "en": "Interrupted; nothing was written."},
    "interrupted_sweep": {
        "nl": "Onderbroken: {finished} van de {total} simulaties zijn klaar en bewaard in {folder}/.\n"
              "Verder gaan waar hij stopte:  {command}",
        "en": "Interrupted: {finished} of {total} runs are finished and kept in {folder}/.\n"
              "To continue where it stopped:  {command}",
    },
    "report_partial": {
        "nl": "Deze resultaten zijn onvolledig: de sweep is onderbroken toen {finished} van de {total} simulaties klaar "
              "waren. Varianten zonder simulaties ontbreken; ga verder met: {command}",
        "en": "These results are partial: the sweep was interrupted when {finished} of {total} runs had finished. "
              "Variants without runs are missing; continue with: {command}",
    },
    # --- warm-up check -------------------------------------------------------------------------
    "warmup_warning": {
        "nl": "let op: de wachtrijen zijn na de inloopperiode nog niet stabiel (te korte inloop, of ze blijven groeien); "
              "MSER-5 stelt {suggested} dagen voor (nu {current})",
        "en": "warning: the queues have not settled by the end of the warm-up (too short, or they keep growing); "
              "MSER-5 suggests {suggested} days (now {current})",
    },
    "warmup_verdict": {
        "nl": "MSER-5 stelt een inloopperiode van {suggested} dagen voor; het scenario gebruikt {current} dagen: {verdict}.",
        "en": "MSER-5 suggests a warm-up of {suggested} days; the scenario uses {current} days: {verdict}.",
    },
    "warmup_enough": {"nl": "voldoende", "en": "enough"},
    "warmup_too_short": {"nl": "te kort", "en": "too short"},
    # --- the command line's tables -------------------------------------------------------------
    "cli_replications": {"nl": "replicaties", "en": "replications"},
    "cli_metric": {"nl": "maat", "en": "metric"},
    "cli_mean": {"nl": "gemiddelde", "en": "mean"},
    "cli_interval": {"nl": "95%-interval", "en": "95% interval"},
    "cli_real": {"nl": "echt?", "en": "real?"},
    "cli_yes": {"nl": "ja", "en": "yes"},
    "cli_no": {"nl": "nee", "en": "no"},
    "cli_minimise": {"nl": "minimaliseer", "en": "minimise"},
    "target_none": {"nl": "Geen optie haalt de eis met {pct} zekerheid.",
                    "en": "No option meets the requirement with {pct} confidence."},
    "target_best": {
        "nl": "Goedkoopste optie: {settings} (kosten {cost}); {metric} gemiddeld {mean}, met {pct} zekerheid "
              "{bound_word} {bound} over {n} replicaties.",
        "en": "Cheapest option: {settings} (cost {cost}); {metric} mean {mean}, with {pct} confidence "
              "{bound_word} {bound} over {n} replications.",
    },
    "target_at_least": {"nl": "minstens", "en": "at least"},
    "target_at_most": {"nl": "hoogstens", "en": "at most"},
    "target_unsure": {"nl": "Onzeker gebleven na {max} replicaties: {count} goedkopere optie(s).",
                      "en": "Still unsure after {max} replications: {count} cheaper option(s)."},
}

FIELDS: dict[str, dict[str, str]] = {
    "people": {"nl": "aantal mensen", "en": "people"},
    "supervisors_people": {"nl": "aantal begeleiders", "en": "supervisors"},
    "work_places": {"nl": "werkplekken", "en": "work places"},
    "productivity": {"nl": "productiviteit", "en": "productivity"},
    "supervision_ratio": {"nl": "deelnemers per begeleider", "en": "participants per supervisor"},
    "rate": {"nl": "aanvoer", "en": "supply rate"},
    "storage": {"nl": "opslagruimte", "en": "storage space"},
    "customers": {"nl": "klanten", "en": "customers"},
    "orders": {"nl": "orders", "en": "orders"},
    "quantity": {"nl": "hoeveelheid per order", "en": "quantity per order"},
    "interval": {"nl": "tijd tussen orders", "en": "time between orders"},
    "promised_lead_time": {"nl": "beloofde levertijd", "en": "promised lead time"},
    "absence": {"nl": "verzuim", "en": "absence"},
    "probability": {"nl": "slagingskans", "en": "success rate"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The text ``key`` in ``lang`` ('nl' or 'en'), with ``values`` filled in."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def field_name(field: str, lang: str) -> str:
    """A readable name for a scenario field (the last part of a sweep path)."""
    return FIELDS.get(field, {}).get(lang, field.replace("_", " "))


def _finite(value: Any) -> bool:
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def number(value: Any, lang: str, decimals: int | None = None) -> str:
    """A number for the language: ``1.234,5`` (nl), ``1,234.5`` (en); '–' when undefined.

    Without ``decimals``: whole numbers from 100 up, one decimal from 10, else two.
    """
    if not _finite(value):
        return "–"
    if decimals is None:
        size = abs(value)
        decimals = 0 if size >= 100 else 1 if size >= 10 else 2
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale=LOCALES[lang])


def percent(value: Any, lang: str, decimals: int = 0) -> str:
    """A share as a percentage: ``0.656`` -> ``66%``."""
    if not _finite(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(float(value), format=pattern, locale=LOCALES[lang])


def money(value: Any, lang: str) -> str:
    """Euros without cents: ``€ 12.346`` (nl), ``€12,346`` (en)."""
    if not _finite(value):
        return "–"
    pattern = "¤ #,##0" if lang == "nl" else "¤#,##0"
    return format_currency(round(float(value)), "EUR", pattern, locale=LOCALES[lang], currency_digits=False)


def date(value: dt.date | dt.datetime | str, lang: str, pattern: str = "d MMMM y") -> str:
    """A date in words: ``27 november 2026`` (nl), ``27 November 2026`` (en)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, pattern, locale=LOCALES[lang])


def promise(contract: Any, lang: str) -> str:
    """A contract's promised lead time as the user wrote it: '10 werkdagen' or '2 weken'."""
    days = getattr(contract, "promised_working_days", None)
    if days:
        return f"{days} {'werkdagen' if lang == 'nl' else 'working days'}"
    return duration(contract.promised_lead_time, lang)


def duration(hours: float, lang: str) -> str:
    """A duration in the largest sensible unit: '5 dagen', '2 weken', '3 uur'."""
    if not _finite(hours):
        return "–"
    units = (
        (24 * 365, "jaar", "jaar", "year", "years"),
        (24 * 7, "week", "weken", "week", "weeks"),
        (24, "dag", "dagen", "day", "days"),
        (1, "uur", "uur", "hour", "hours"),
        (1 / 60, "min", "min", "min", "min"),
    )
    for size, nl_one, nl_many, en_one, en_many in units:
        if hours >= size and (hours / size) == round(hours / size, 1):
            amount = hours / size
            one = amount == 1
            word = (nl_one if one else nl_many) if lang == "nl" else (en_one if one else en_many)
            return f"{number(amount, lang, 1)} {word}"
    return f"{number(hours, lang, 1)} {'uur' if lang == 'nl' else 'hours'}"
