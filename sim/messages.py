"""What a user reads when a scenario is wrong, in English and Dutch.

Keyed by the error code (pydantic's own types and ours); ``{...}`` fields come from the error's
context. A code without a template falls back to pydantic's English message.
"""

from __future__ import annotations

from typing import Any

from sim import units

TEMPLATES: dict[str, dict[str, str]] = {
    "missing": {"en": "required field is missing", "nl": "verplicht veld ontbreekt"},
    "extra_forbidden": {
        "en": "unknown key '{key}'{hint}; allowed here: {allowed}",
        "nl": "onbekende sleutel '{key}'{hint}; hier toegestaan: {allowed}",
    },
    "unit": {"en": "expected {expected}, got {got!r}", "nl": "verwacht {expected}, maar kreeg {got!r}"},
    "quantity_range": {"en": "must be {relation} {minimum}, got {got!r}", "nl": "moet {relation} {minimum} zijn, maar is {got!r}"},
    "hours": {
        "en": "expected opening hours such as '09:00-17:00' or 'closed', got {got!r}",
        "nl": "verwacht openingstijden zoals '09:00-17:00' of 'closed', maar kreeg {got!r}",
    },
    "hours_order": {"en": "a period must start before it ends, within 00:00-24:00: {got!r}", "nl": "een periode moet beginnen voor ze eindigt, binnen 00:00-24:00: {got!r}"},
    "hours_overlap": {"en": "periods overlap in {got!r}", "nl": "periodes overlappen in {got!r}"},
    "dist_order": {"en": "this distribution needs {order}", "nl": "deze verdeling vraagt {order}"},
    "dist_weights": {"en": "needs one weight per value ({n} values)", "nl": "vraagt één gewicht per waarde ({n} waarden)"},
    "dist_weights_sum": {"en": "weights must add up to more than 0", "nl": "de gewichten moeten samen meer dan 0 zijn"},
    "dist_missing": {
        "en": "a distribution needs 'distribution:' (one of {choices}) or a single value",
        "nl": "een verdeling vraagt 'distribution:' (een van {choices}) of één waarde",
    },
    "union_tag_invalid": {
        "en": "unknown distribution '{tag}'{hint}; allowed: {expected_tags}",
        "nl": "onbekende verdeling '{tag}'{hint}; toegestaan: {expected_tags}",
    },
    "literal_error": {"en": "got {got!r}{hint}; allowed: {expected}", "nl": "kreeg {got!r}{hint}; toegestaan: {expected}"},
    "shares_sum": {"en": "the {what} shares must add up to 1, they add up to {total}", "nl": "de aandelen ({what}) moeten samen 1 zijn, ze zijn samen {total}"},
    "date_order": {"en": "'to' ({end}) is before 'from' ({start})", "nl": "'to' ({end}) ligt voor 'from' ({start})"},
    "priority_repeat": {"en": "each channel may appear once: {got}", "nl": "elk verkoopkanaal mag één keer voorkomen: {got}"},
    "warm_up": {"en": "warm_up ({warm_up} h) must be shorter than the horizon ({horizon} h)", "nl": "warm_up ({warm_up} uur) moet korter zijn dan de horizon ({horizon} uur)"},
    "sampling": {"en": "sampling_interval is too short for this horizon (more than 200000 samples)", "nl": "sampling_interval is te kort voor deze horizon (meer dan 200000 metingen)"},
    "unknown_ref": {
        "en": "unknown {what} '{name}'{hint}; defined: {choices}",
        "nl": "onbekende {what} '{name}'{hint}; gedefinieerd: {choices}",
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
    "product_not_made": {"en": "no route makes the product '{product}'", "nl": "geen route maakt het product '{product}'"},
    "online_unlisted": {
        "en": "online sales need a step with 'lists_online: true' (only listed items sell online)",
        "nl": "online verkoop vraagt een stap met 'lists_online: true' (alleen gefotografeerde en geplaatste artikelen verkopen online)",
    },
    "no_opening_hours": {
        "en": "calendar.opening_hours has no hours for '{function}', which this needs",
        "nl": "calendar.opening_hours heeft geen openingstijden voor '{function}', die dit nodig heeft",
    },
    "bad_path": {"en": "'{path}' is not a path in this scenario", "nl": "'{path}' is geen pad in dit scenario"},
    "greater_than": {"en": "must be more than {gt}, got {got!r}", "nl": "moet meer dan {gt} zijn, maar is {got!r}"},
    "greater_than_equal": {"en": "must be at least {ge}, got {got!r}", "nl": "moet minstens {ge} zijn, maar is {got!r}"},
    "less_than": {"en": "must be less than {lt}, got {got!r}", "nl": "moet minder dan {lt} zijn, maar is {got!r}"},
    "less_than_equal": {"en": "must be at most {le}, got {got!r}", "nl": "mag hoogstens {le} zijn, maar is {got!r}"},
    "int_parsing": {"en": "expected a whole number, got {got!r}", "nl": "verwacht een heel getal, maar kreeg {got!r}"},
    "int_from_float": {"en": "expected a whole number, got {got!r}", "nl": "verwacht een heel getal, maar kreeg {got!r}"},
    "int_type": {"en": "expected a whole number, got {got!r}", "nl": "verwacht een heel getal, maar kreeg {got!r}"},
    "float_parsing": {"en": "expected a number, got {got!r}", "nl": "verwacht een getal, maar kreeg {got!r}"},
    "float_type": {"en": "expected a number, got {got!r}", "nl": "verwacht een getal, maar kreeg {got!r}"},
    "finite_number": {"en": "expected a finite number, got {got!r}", "nl": "verwacht een eindig getal, maar kreeg {got!r}"},
    "bool_parsing": {"en": "expected true or false, got {got!r}", "nl": "verwacht true of false, maar kreeg {got!r}"},
    "bool_type": {"en": "expected true or false, got {got!r}", "nl": "verwacht true of false, maar kreeg {got!r}"},
    "string_type": {"en": "expected text, got {got!r}", "nl": "verwacht tekst, maar kreeg {got!r}"},
    "string_pattern_mismatch": {
        "en": "{got!r} is not a valid id: use letters, digits, '_' or '-', starting with a letter",
        "nl": "{got!r} is geen geldige id: gebruik letters, cijfers, '_' of '-', te beginnen met een letter",
    },
    "string_too_short": {"en": "must not be empty", "nl": "mag niet leeg zijn"},
    "dict_type": {"en": "expected a mapping of 'key: value' lines, got {got!r}", "nl": "verwacht een lijst van 'sleutel: waarde'-regels, maar kreeg {got!r}"},
    "model_type": {"en": "expected a mapping of 'key: value' lines, got {got!r}", "nl": "verwacht een lijst van 'sleutel: waarde'-regels, maar kreeg {got!r}"},
    "model_attributes_type": {"en": "expected a mapping of 'key: value' lines, got {got!r}", "nl": "verwacht een lijst van 'sleutel: waarde'-regels, maar kreeg {got!r}"},
    "list_type": {"en": "expected a list ('- item' lines or [a, b]), got {got!r}", "nl": "verwacht een lijst ('- item'-regels of [a, b]), maar kreeg {got!r}"},
    "too_short": {"en": "needs at least {min_length} entries", "nl": "heeft minstens {min_length} onderdelen nodig"},
    "too_long": {"en": "may have at most {max_length} entries", "nl": "mag hoogstens {max_length} onderdelen hebben"},
    "date_parsing": {"en": "expected a date such as 2026-01-05, got {got!r}", "nl": "verwacht een datum zoals 2026-01-05, maar kreeg {got!r}"},
    "date_from_datetime_parsing": {"en": "expected a date such as 2026-01-05, got {got!r}", "nl": "verwacht een datum zoals 2026-01-05, maar kreeg {got!r}"},
    "date_type": {"en": "expected a date such as 2026-01-05, got {got!r}", "nl": "verwacht een datum zoals 2026-01-05, maar kreeg {got!r}"},
    # problems with the file itself
    "file_missing": {"en": "file not found", "nl": "bestand niet gevonden"},
    "file_unreadable": {"en": "cannot read the file: {reason}", "nl": "kan het bestand niet lezen: {reason}"},
    "file_empty": {"en": "the file is empty; start from 'ambacht init'", "nl": "het bestand is leeg; begin met 'ambacht init'"},
    "file_too_large": {"en": "the file is {size} KB; a scenario may be at most {limit} KB", "nl": "het bestand is {size} KB; een scenario mag hoogstens {limit} KB zijn"},
    "file_encoding": {"en": "the file is not UTF-8 text (byte {position}); save it as UTF-8", "nl": "het bestand is geen UTF-8-tekst (byte {position}); sla het op als UTF-8"},
    "yaml_syntax": {"en": "YAML syntax error: {problem}", "nl": "YAML-syntaxfout: {problem}"},
    "yaml_duplicate": {"en": "the key '{key}' appears twice in the same mapping", "nl": "de sleutel '{key}' komt twee keer voor in hetzelfde blok"},
    "yaml_too_deep": {"en": "the file is nested too deeply (more than {limit} levels)", "nl": "het bestand is te diep genest (meer dan {limit} niveaus)"},
    "yaml_too_many_nodes": {
        "en": "the file expands to more than {limit} values (anchors and aliases?)",
        "nl": "het bestand groeit uit tot meer dan {limit} waarden (ankers en aliassen?)",
    },
    "yaml_not_mapping": {"en": "a scenario is a mapping of 'key: value' lines at the top level", "nl": "een scenario bestaat op het hoogste niveau uit 'sleutel: waarde'-regels"},
}

RELATIONS = {"more than": "meer dan", "at least": "minstens"}


def render(code: str, context: dict[str, Any], language: str, fallback: str) -> str:
    """The message for ``code`` in ``language`` ('en' or 'nl')."""
    template = TEMPLATES.get(code, {}).get(language) or TEMPLATES.get(code, {}).get("en")
    if template is None:
        return fallback
    values = dict(context)
    values.setdefault("hint", "")
    if language == "nl" and values.get("relation") in RELATIONS:
        values["relation"] = RELATIONS[values["relation"]]
    if language == "nl":
        if values.get("kind") in units.KINDS_NL:
            values["expected"] = units.KINDS_NL[values["kind"]]
        for key in ("expected", "expected_tags"):
            if isinstance(values.get(key), str):
                values[key] = values[key].replace(" or ", " of ")
    suggestion = values.get("suggestion")
    if suggestion and not values["hint"]:
        values["hint"] = f" (did you mean '{suggestion}'?)" if language == "en" else f" (bedoelt u '{suggestion}'?)"
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return fallback
