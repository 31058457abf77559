"""What a user reads when a scenario is wrong, in English and Dutch.

Keyed by the error code (pydantic's own types and ours); ``{...}`` fields come from the error's
context. ``{got}`` is the value the user wrote, already quoted (or "nothing" when empty).
A code without a template falls back to pydantic's English message.
"""

from __future__ import annotations

from typing import Any

from sim import units

_NUMBER_EN = "expected a number, got {got}"
_NUMBER_NL = "verwacht een getal, maar kreeg {got}"
_WHOLE_EN = "expected a whole number, got {got}"
_WHOLE_NL = "verwacht een heel getal, maar kreeg {got}"
_BOOL_EN = "expected true or false, got {got}"
_BOOL_NL = "verwacht true of false, maar kreeg {got}"
_MAPPING_EN = "expected a block of 'key: value' lines (or {{key: value}}), got {got}"
_MAPPING_NL = "verwacht een blok 'sleutel: waarde'-regels (of {{sleutel: waarde}}), maar kreeg {got}"
_DATE_EN = "expected a date such as 2026-01-05, got {got}"
_DATE_NL = "verwacht een datum zoals 2026-01-05, maar kreeg {got}"

TEMPLATES: dict[str, dict[str, str]] = {
    # --- keys ---------------------------------------------------------------------------
    "missing": {
        "en": "required key '{key}' is missing: add '{key}:' {under}{about}",
        "nl": "verplichte sleutel '{key}' ontbreekt: voeg '{key}:' toe {under}{about}",
    },
    "extra_forbidden": {
        "en": "unknown key '{key}'{hint}{homes}; allowed here: {allowed}",
        "nl": "onbekende sleutel '{key}'{hint}{homes}; hier toegestaan: {allowed}",
    },
    # --- quantities ----------------------------------------------------------------------
    "unit": {"en": "expected {expected}, got {got}", "nl": "verwacht {expected}, maar kreeg {got}"},
    "unit_missing": {
        "en": "{got} has no unit; write {expected}",
        "nl": "{got} heeft geen eenheid; schrijf {expected}",
    },
    "unit_kind": {
        "en": "{got} is {found_name}, but here {kind_name} is needed: {expected}",
        "nl": "{got} is {found_name}, maar hier is {kind_name} nodig: {expected}",
    },
    "unit_thousands": {
        "en": "{got} is ambiguous: write thousands without a separator (65000) and decimals with a point (1.25); expected {expected}",
        "nl": "{got} is dubbelzinnig: schrijf duizendtallen zonder scheidingsteken (65000) en decimalen met een punt (1.25); verwacht {expected}",
    },
    "quantity_range": {"en": "must be {relation} {minimum}, got {got}", "nl": "moet {relation} {minimum} zijn, maar is {got}"},
    "not_finite": {
        "en": "{got} is not a number that can be used here; write a finite number",
        "nl": "{got} is hier geen bruikbaar getal; schrijf een eindig getal",
    },
    # --- opening hours and dates -----------------------------------------------------------
    "hours": {
        "en": "expected opening hours such as '09:00-17:00', '09:00-12:30, 13:00-17:00' or 'closed', got {got}",
        "nl": "verwacht openingstijden zoals '09:00-17:00', '09:00-12:30, 13:00-17:00' of 'closed', maar kreeg {got}",
    },
    "hours_order": {
        "en": "a period must start before it ends, within 00:00-24:00: {got}",
        "nl": "een periode moet beginnen voor ze eindigt, binnen 00:00-24:00: {got}",
    },
    "hours_overlap": {"en": "periods overlap in {got}", "nl": "periodes overlappen in {got}"},
    "date_order": {"en": "'to' ({end}) is before 'from' ({start})", "nl": "'to' ({end}) ligt voor 'from' ({start})"},
    # --- distributions ---------------------------------------------------------------------
    "dist_order": {
        "en": "this distribution needs {order}, got {got}",
        "nl": "deze verdeling vraagt {order}, maar kreeg {got}",
    },
    "dist_weights": {"en": "needs one weight per value ({n} values)", "nl": "vraagt één gewicht per waarde ({n} waarden)"},
    "dist_weights_sum": {"en": "weights must add up to more than 0", "nl": "de gewichten moeten samen meer dan 0 zijn"},
    "dist_missing": {
        "en": "a distribution needs 'distribution:' (one of {choices}) or a single value such as '6 min'",
        "nl": "een verdeling vraagt 'distribution:' (een van {choices}) of één waarde zoals '6 min'",
    },
    "union_tag_invalid": {
        "en": "unknown distribution '{tag}'{hint}; allowed: {expected_tags}",
        "nl": "onbekende verdeling '{tag}'{hint}; toegestaan: {expected_tags}",
    },
    # --- choices and shares -----------------------------------------------------------------
    "literal_error": {"en": "got {got}{hint}; allowed: {expected}", "nl": "kreeg {got}{hint}; toegestaan: {expected}"},
    "shares_sum": {
        "en": "the {what} shares must add up to 1, they add up to {total} ({parts})",
        "nl": "de aandelen ({what}) moeten samen 1 zijn, maar ze zijn samen {total} ({parts})",
    },
    "priority_repeat": {"en": "each channel may appear once: {got}", "nl": "elk verkoopkanaal mag één keer voorkomen: {got}"},
    "warm_up": {
        "en": "the warm-up ({warm_up}) must be shorter than the horizon ({horizon})",
        "nl": "de inloopperiode ({warm_up}) moet korter zijn dan de horizon ({horizon})",
    },
    "sampling": {
        "en": "sampling_interval is too short for this horizon (more than 200000 samples)",
        "nl": "sampling_interval is te kort voor deze horizon (meer dan 200000 metingen)",
    },
    # --- cross-references ------------------------------------------------------------------
    "unknown_ref": {
        "en": "unknown {what} '{name}'{hint}; defined: {choices}",
        "nl": "{what} '{name}' bestaat niet{hint}; gedefinieerd: {choices}",
    },
    "skill_unstaffed": {
        "en": "no pool (or productive supervisor) has the skill '{skill}'{hint}; skills present: {skills}",
        "nl": "geen groep (of meewerkende begeleider) heeft de vaardigheid '{skill}'{hint}; aanwezige vaardigheden: {skills}",
    },
    "work_content_missing": {
        "en": "stream '{stream}' reaches this step but has no work content here (add '{stream}:' or 'default:')",
        "nl": "stroom '{stream}' komt langs deze stap maar heeft hier geen werkinhoud (voeg '{stream}:' of 'default:' toe)",
    },
    "unsupervised": {
        "en": "target group '{group}' needs supervision, but no supervisor has the qualification '{qualification}' (qualifications present: {qualifications})",
        "nl": "doelgroep '{group}' heeft begeleiding nodig, maar geen begeleider heeft de kwalificatie '{qualification}' (aanwezige kwalificaties: {qualifications})",
    },
    "product_not_made": {
        "en": "no route makes the product '{product}' (no route has 'to: {product}')",
        "nl": "geen route maakt het product '{product}' (geen route heeft 'to: {product}')",
    },
    "online_unlisted": {
        "en": "online sales need a step with 'lists_online: true' (only listed items sell online)",
        "nl": "online verkoop vraagt een stap met 'lists_online: true' (alleen gefotografeerde en geplaatste artikelen verkopen online)",
    },
    "no_opening_hours": {
        "en": "calendar.opening_hours has no hours for '{function}', which this needs",
        "nl": "calendar.opening_hours heeft geen openingstijden voor '{function}', die dit nodig heeft",
    },
    "too_many_events": {
        "en": "this would simulate about {expected} arrivals over the horizon; at most {limit} (check the number and its unit)",
        "nl": "dit zou zo'n {expected} aankomsten over de horizon simuleren; hoogstens {limit} (controleer het getal en de eenheid)",
    },
    "bad_path": {
        "en": "'{path}' is not a path in this scenario: '{missing}' does not exist{hint}",
        "nl": "'{path}' is geen pad in dit scenario: '{missing}' bestaat niet{hint}",
    },
    # --- pydantic's own checks --------------------------------------------------------------
    "greater_than": {"en": "must be more than {gt}, got {got}", "nl": "moet meer dan {gt} zijn, maar is {got}"},
    "greater_than_equal": {"en": "must be at least {ge}, got {got}", "nl": "moet minstens {ge} zijn, maar is {got}"},
    "less_than": {"en": "must be less than {lt}, got {got}", "nl": "moet minder dan {lt} zijn, maar is {got}"},
    "less_than_equal": {"en": "must be at most {le}, got {got}", "nl": "mag hoogstens {le} zijn, maar is {got}"},
    "int_parsing": {"en": _WHOLE_EN, "nl": _WHOLE_NL},
    "int_from_float": {"en": _WHOLE_EN, "nl": _WHOLE_NL},
    "int_type": {"en": _WHOLE_EN, "nl": _WHOLE_NL},
    "int_parsing_size": {"en": "the number {got} is too large", "nl": "het getal {got} is te groot"},
    "float_parsing": {"en": _NUMBER_EN, "nl": _NUMBER_NL},
    "float_type": {"en": _NUMBER_EN, "nl": _NUMBER_NL},
    "finite_number": {"en": "expected a finite number, got {got}", "nl": "verwacht een eindig getal, maar kreeg {got}"},
    "bool_parsing": {"en": _BOOL_EN, "nl": _BOOL_NL},
    "bool_type": {"en": _BOOL_EN, "nl": _BOOL_NL},
    "string_type": {"en": "expected text, got {got}", "nl": "verwacht tekst, maar kreeg {got}"},
    "string_pattern_mismatch": {
        "en": "{got} is not a valid id: use letters, digits, '_' or '-', starting with a letter",
        "nl": "{got} is geen geldige id: gebruik letters, cijfers, '_' of '-', te beginnen met een letter",
    },
    "string_too_short": {"en": "must not be empty", "nl": "mag niet leeg zijn"},
    "string_too_long": {"en": "may have at most {max_length} characters", "nl": "mag hoogstens {max_length} tekens hebben"},
    "dict_type": {"en": _MAPPING_EN, "nl": _MAPPING_NL},
    "model_type": {"en": _MAPPING_EN, "nl": _MAPPING_NL},
    "model_attributes_type": {"en": _MAPPING_EN, "nl": _MAPPING_NL},
    "list_type": {
        "en": "expected a list ('- item' lines or [a, b]), got {got}",
        "nl": "verwacht een lijst ('- item'-regels of [a, b]), maar kreeg {got}",
    },
    "too_short": {"en": "needs at least {min_length} {entries}", "nl": "heeft minstens {min_length} {entries} nodig"},
    "too_long": {"en": "may have at most {max_length} entries", "nl": "mag hoogstens {max_length} onderdelen hebben"},
    "date_parsing": {"en": _DATE_EN, "nl": _DATE_NL},
    "date_from_datetime_parsing": {"en": _DATE_EN, "nl": _DATE_NL},
    "date_from_datetime_inexact": {"en": _DATE_EN, "nl": _DATE_NL},
    "date_type": {"en": _DATE_EN, "nl": _DATE_NL},
    "int_too_big": {"en": "the number {got} is too large", "nl": "het getal {got} is te groot"},
    # --- problems with the file itself ------------------------------------------------------
    "file_missing": {"en": "file not found", "nl": "bestand niet gevonden"},
    "file_is_directory": {
        "en": "this is a folder, not a scenario file",
        "nl": "dit is een map, geen scenariobestand",
    },
    "file_unreadable": {"en": "cannot read the file: {reason}", "nl": "kan het bestand niet lezen: {reason}"},
    "file_empty": {
        "en": "the file is empty; start from 'ambacht init FILE'",
        "nl": "het bestand is leeg; begin met 'ambacht init BESTAND'",
    },
    "file_too_large": {
        "en": "the file is {size} KB; a scenario may be at most {limit} KB",
        "nl": "het bestand is {size} KB; een scenario mag hoogstens {limit} KB zijn",
    },
    "file_too_many_items": {
        "en": "the file has more than {limit} lines and list items; a scenario needs far fewer",
        "nl": "het bestand heeft meer dan {limit} regels en lijstonderdelen; een scenario heeft er veel minder nodig",
    },
    "file_encoding": {
        "en": "the file is not UTF-8 text (byte {byte} here); save it as UTF-8",
        "nl": "het bestand is geen UTF-8-tekst (byte {byte} hier); sla het op als UTF-8",
    },
    "file_utf16": {
        "en": "the file is saved as UTF-16; save it as UTF-8",
        "nl": "het bestand is opgeslagen als UTF-16; sla het op als UTF-8",
    },
    "file_binary": {
        "en": "the file holds a NUL character here: it is not a text file",
        "nl": "het bestand bevat hier een NUL-teken: het is geen tekstbestand",
    },
    "yaml_syntax": {
        "en": "YAML syntax error: {problem}{started}; check brackets, quotes, and the space after each ':'",
        "nl": "YAML-syntaxfout: {problem}{started}; controleer haakjes, aanhalingstekens en de spatie na elke ':'",
    },
    "number_too_long": {
        "en": "a number with {digits} digits is too long to be read",
        "nl": "een getal met {digits} cijfers is te lang om te lezen",
    },
    "yaml_tab": {
        "en": "a tab is used for indentation; YAML indents with spaces only",
        "nl": "er is een tab gebruikt om in te springen; YAML springt alleen in met spaties",
    },
    "yaml_duplicate": {
        "en": "the key '{key}' appears twice in the same block (first on line {first}); keep one",
        "nl": "de sleutel '{key}' komt twee keer voor in hetzelfde blok (eerst op regel {first}); houd er één",
    },
    "yaml_too_deep": {
        "en": "the file is nested too deeply (more than {limit} levels)",
        "nl": "het bestand is te diep genest (meer dan {limit} niveaus)",
    },
    "yaml_too_many_nodes": {
        "en": "the file holds more than {limit} values (counting what anchors and aliases repeat); a scenario needs far fewer",
        "nl": "het bestand bevat meer dan {limit} waarden (meegeteld wat ankers en aliassen herhalen); een scenario heeft er veel minder nodig",
    },
    "yaml_not_mapping": {
        "en": "a scenario is a block of 'key: value' lines at the top level (name:, calendar:, materials: ...)",
        "nl": "een scenario bestaat op het hoogste niveau uit 'sleutel: waarde'-regels (name:, calendar:, materials: ...)",
    },
}

RELATIONS = {"more than": "meer dan", "at least": "minstens"}
KIND_NAMES = {
    "duration": ("a duration", "een duur"),
    "mass": ("a mass", "een massa"),
    "money": ("an amount of money", "een bedrag"),
    "rate": ("a rate (a number per time)", "een tempo (een aantal per tijd)"),
    "mass_rate": ("a mass per time", "een massa per tijd"),
    "money_rate": ("an amount per time", "een bedrag per tijd"),
    "money_per_kg": ("an amount per kg", "een bedrag per kg"),
}
WHAT_NL = {
    "route": "route",
    "step": "stap",
    "product": "product",
    "stream": "stroom",
    "target group": "doelgroep",
    "school holiday preset": "schoolvakantie-preset",
    "product or end ('recycling', 'waste', 'leaves')": "product of einde ('recycling', 'waste', 'leaves')",
    "grade": "grades",
    "destination": "bestemmingen",
    "outflow": "uitstroom",
}
"""Dutch for the English words that references and share checks put in ``{what}``."""
NOTHING = {"en": "nothing (the value is empty)", "nl": "niets (de waarde is leeg)"}


def _number(value: Any) -> Any:
    """1.0 -> '1', 0.25 -> '0.25': numbers as a person writes them."""
    if isinstance(value, float):
        return f"{value:g}"
    return value


def render(code: str, context: dict[str, Any], language: str, fallback: str) -> str:
    """The message for ``code`` in ``language`` ('en' or 'nl')."""
    template = TEMPLATES.get(code, {}).get(language) or TEMPLATES.get(code, {}).get("en")
    if template is None:
        return fallback
    nl = language == "nl"
    values = {key: _number(value) for key, value in context.items()}
    got = values.get("got")
    values["got"] = NOTHING[language if nl else "en"] if got is None or got == "" else repr(str(got))
    values.setdefault("hint", "")
    if nl and values.get("relation") in RELATIONS:
        values["relation"] = RELATIONS[values["relation"]]
    kind = values.get("kind")
    if kind in KIND_NAMES:
        values["kind_name"] = KIND_NAMES[kind][nl]
        if nl:
            values["expected"] = units.KINDS_NL[kind]
    if values.get("found") in KIND_NAMES:
        values["found_name"] = KIND_NAMES[values["found"]][nl]
    if nl and values.get("what") in WHAT_NL:
        values["what"] = WHAT_NL[values["what"]]
    if nl:
        for key in ("expected", "expected_tags"):
            if isinstance(values.get(key), str):
                values[key] = values[key].replace(" or ", " of ")
    suggestion = values.get("suggestion")
    if suggestion and not values["hint"]:
        values["hint"] = f" (bedoelt u '{suggestion}'?)" if nl else f" (did you mean '{suggestion}'?)"
    if values.get("homes"):
        values["homes"] = f" (hoort bij {values['homes']})" if nl else f" (it belongs under {values['homes']})"
    else:
        values["homes"] = ""
    if code == "too_short":
        one = context.get("min_length") == 1
        values["entries"] = ("onderdeel" if one else "onderdelen") if nl else ("entry" if one else "entries")
    if code == "missing":
        parent = values.get("parent")
        if nl:
            values["under"] = f"onder '{parent}:'" if parent else "op het hoogste niveau"
        else:
            values["under"] = f"under '{parent}:'" if parent else "at the top level"
        about = values.get("about")
        values["about"] = f" ({about})" if about else ""
    if code == "yaml_syntax":
        started = context.get("started")
        if started:
            line, column = started
            values["started"] = (
                f" (in het blok dat begint op regel {line}, kolom {column})" if nl
                else f" (in the part that starts on line {line}, column {column})"
            )
        else:
            values["started"] = ""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return fallback


def more_problems(count: int, language: str) -> str:
    """The line that ends a long list of problems."""
    if language == "nl":
        return f"... en nog {count} problemen (los eerst de bovenste op)"
    return f"... and {count} more problems (fix the first ones first)"
