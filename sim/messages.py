"""What a user reads when a scenario is wrong, in the user's language.

Keyed by the error code (pydantic's own types and ours); ``{...}`` fields come from the error's
context. ``{got}`` is the value the user wrote, already quoted (or "nothing" when empty).
A code without a template falls back to pydantic's English message. The templates are English
message ids, translated through the catalogue (:mod:`sim.text`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from sim import calendar_words, text, units
from sim.text import N_

_NUMBER = N_("expected a number, got {got}")
_WHOLE = N_("expected a whole number, got {got}")
_BOOL = N_("expected true or false, got {got}")
_MAPPING = N_("expected a block of 'key: value' lines (or {{key: value}}), got {got}")
_DATE = N_("expected a date such as 2026-01-05, got {got}")

TEMPLATES: dict[str, str] = {
    # --- school holidays ----------------------------------------------------------------------
    "school_holidays_not_covered": N_(
        "the school holidays '{preset}' are only known from {first} to {last}, but the run goes from {run_first} "
        "to {run_last} (school year {years}); list that school's periods for those years here, e.g. "
        "'- {{from: 2026-10-17, to: 2026-10-25}}', or use an official regional preset ({regional})"),
    "no_school_holidays": N_(
        "these people are away in school holidays, but calendar.school_holidays lists none; "
        "give a preset ({presets}) or the periods"),
    # --- keys ---------------------------------------------------------------------------
    "missing": N_("required key '{key}' is missing: add '{key}:' {under}{about}"),
    "extra_forbidden": N_("unknown key '{key}'{hint}{homes}; allowed here: {allowed}"),
    # --- quantities ----------------------------------------------------------------------
    "unit": N_("expected {expected}, got {got}"),
    "unit_missing": N_("{got} has no unit; write {expected}"),
    "unit_kind": N_("{got} is {found_name}, but here {kind_name} is needed: {expected}"),
    "unit_thousands": N_("{got} is ambiguous: write thousands without a separator (65000) and decimals with a point (1.25); expected {expected}"),
    "quantity_range": N_("must be {relation} {minimum}, got {got}"),
    "quantity_too_large": N_("may be at most {maximum} in size, got {got}"),
    "percent_not_share": N_("{got} is a percentage, but here a plain number is needed (a percentage only fits a share or a fraction); write it without '%'"),
    "number_thousands": N_("{got} is ambiguous: write thousands without a separator (1250) and decimals with a comma or a point (1,25 or 1.25)"),
    "day_name": N_("{got} is not {kind_name}{hint}; allowed: {choices}"),
    "not_finite": N_("{got} is not a number that can be used here; write a finite number"),
    # --- opening hours and dates -----------------------------------------------------------
    "hours": N_("expected opening hours such as '09:00-17:00', '09:00-12:30, 13:00-17:00' or 'closed', got {got}"),
    "hours_order": N_("a period must start before it ends, within 00:00-24:00: {got}"),
    "hours_overlap": N_("periods overlap in {got}"),
    "date_order": N_("'to' ({end}) is before 'from' ({start})"),
    # --- distributions ---------------------------------------------------------------------
    "dist_order": N_("this distribution needs {order}, got {got}"),
    "dist_weights": N_("needs one weight per value ({n} values)"),
    "dist_weights_sum": N_("weights must add up to more than 0"),
    "dist_missing": N_("a distribution needs 'distribution:' (one of {choices}) or a single value such as '6 min'"),
    "dist_weights_normalise": N_("these weights cannot be turned into chances that add up to 1 within {tolerance} (they give {total}); use weights between 0.000001 and 1000000"),
    "dist_not_finite": N_("this distribution cannot be drawn from with these parameters (its mean, variance or spread is not a finite number), got {got}"),
    # --- distributions describing themselves (reference, report assumptions) ---------------
    "describe_fixed": N_("always {value}"),
    "describe_exponential": N_("exponential"),
    "describe_uniform": N_("uniform between {min} and {max}"),
    "describe_triangular": N_("triangular between {min} and {max}, most often {mode}"),
    "describe_normal": N_("normal with mean {mean} and sd {sd}, never below zero"),
    "describe_lognormal": N_("lognormal with sd {sd}"),
    "describe_empirical": N_("one of {values}"),
    "describe_mean": N_("{text}; mean {mean}"),
    "union_tag_invalid": N_("unknown distribution '{tag}'{hint}; allowed: {expected_tags}"),
    # --- choices and shares -----------------------------------------------------------------
    "literal_error": N_("got {got}{hint}; allowed: {expected}"),
    "shares_sum": N_("the {what} shares must add up to 1, they add up to {total} ({parts})"),
    "objective_name": N_("{got} is not a metric name such as contracts.<id>.on_time_share or economics.net_result"),
    "priority_repeat": N_("each channel may appear once: {got}"),
    "contract_items_and_product": N_("give either items (a package) or product and quantity, not both"),
    "contract_package_price": N_("a package's items sell at their products' prices; leave out price"),
    "contract_no_items": N_("a package needs at least one item"),
    "contract_dates": N_("the contract ends ({until}) before it starts ({starts})"),
    "filled_over_not_opening": N_("places are filled over the first weeks only when the centre opens "
                                  "(experiment.start: opening), not with start '{start}'"),
    "change_places_unlimited": N_("step '{step}' has unlimited work places, or the change makes them so: a change "
                                  "may set a number of places to another number"),
    "change_hours_always_open": N_("the calendar is always open (calendar.always_open), so opening hours "
                                   "change nothing; leave out this change or the always_open"),
    "contract_product_missing": N_("give product and quantity (one product per order) or items (a package)"),
    "reserve_not_an_item": N_("reserve names {got}, which the package does not order; its items: {items}"),
    "reserve_per_item": N_("a reserve per item is for a package (items); for one product give the units as a number"),
    "warm_up": N_("the warm-up ({warm_up}) must be shorter than the horizon ({horizon})"),
    "sampling": N_("sampling_interval is too short for this horizon (more than 200000 samples)"),
    # --- cross-references ------------------------------------------------------------------
    "unknown_ref": N_("unknown {what} '{name}'{hint}; defined: {choices}"),
    "skill_unused": N_("no step needs the skill '{name}'{hint}; skills the steps need: {choices}"),
    "qualification_unused": N_("no target group needs the qualification '{name}'{hint}; qualifications the groups "
                               "need: {choices}"),
    "skill_is_step": N_(" ('{name}' is a step; the skill it needs is '{skill}')"),
    "skill_unstaffed": N_("no pool (or productive supervisor) has the skill '{skill}'{hint}; skills present: {skills}"),
    "work_content_missing": N_("stream '{stream}' reaches this step but has no work content here (add '{stream}:' or 'default:')"),
    "unsupervised": N_("target group '{group}' needs supervision, but no supervisor has the qualification '{qualification}' (qualifications present: {qualifications})"),
    "product_not_made": N_("no route makes the product '{product}' (no route has 'to: {product}')"),
    "online_unlisted": N_("online sales need a step with 'lists_online: true' (only listed items sell online)"),
    "no_opening_hours": N_("calendar.opening_hours has no hours for '{function}', which this needs"),
    "too_many_events": N_("this would simulate about {expected} arrivals over the horizon; at most {limit} (check the number and its unit)"),
    "bad_path": N_("'{path}' is not a path in this scenario: '{missing}' does not exist{hint}"),
    # --- the business case ----------------------------------------------------------------
    "change_fixed": N_("'{path}' cannot change in a phase: the start date, the experiment and the business case hold for all years"),
    "unknown_stakeholder": N_("{where}: '{name}' is not a stakeholder; stakeholders: {choices} (or 'outside')"),
    "unknown_budget": N_("{where}: '{name}' is not a budget; budgets: {choices}"),
    "care_shares": N_("social_value.care_saving_to: the shares add up to {got}, not 1"),
    "centre_outside": N_("centre must be one of the stakeholders, not 'outside'"),
    "late_investment": N_("investments.{id}.year is {year}, after the last year ({years})"),
    "positive_amount": N_("an investment must be more than 0 EUR, got {got} EUR"),
    "grant_amount": N_("give either 'amount' (one-off per named year) or 'per_year', not {got}"),
    "change_moment": N_("give either 'year' or 'from' (a date) for a change, not {got}"),
    "change_not_running": N_("'{path}' cannot change while the centre runs; a change may set {allowed}"),
    "start_warm_up": N_("a run that starts from its opening or a stated state has no warm-up: leave out warm_up (got {warm_up} h) or start: running"),
    "state_without_start": N_("start_state describes an existing centre: set experiment.start: state to start from it"),
    "start_without_state": N_("'state' needs a start_state section (people, stock and waiting work)"),
    "state_too_many": N_("{count} people listed, but the pool has {people} places"),
    "state_no_route": N_("no route of stream '{stream}' passes step '{step}': its units cannot wait there"),
    "year_spec": N_("expected years such as 2, [1, 2], '1-5' or 'all' (from 1 to {most}), got '{got}'"),
    # --- uncertain values -----------------------------------------------------------------
    "range_shape": N_("a range lists two values (low, high) or three (low, likely, high), such as {{range: [80 per week, 100 per week, 130 per week]}}; got {got}"),
    "range_value": N_("a value of a range is a number, with its unit where the field has one, such as '80 per week'; got '{got}'"),
    "range_units": N_("the values of a range must be in the same unit; got {units}"),
    "range_order": N_("a range runs from low to high with the likely value between them, and low must differ from high; got low {low}, likely {likely}, high {high}"),
    "range_here": N_("the experiment settings and the business case's changes cannot be uncertain: write one value here"),
    "sweep_value": N_("the sweep value {value} for '{path}' makes a scenario that cannot run: {problem}"),
    "sweep_range": N_("expected a list of values, or a range such as '2..8' or '0.5..1 step 0.25' (start <= end, step > 0, at most 10000 values), got {got}"),
    "sweep_too_many": N_("the sweeps in this file list more than {limit} values; use a range such as '2..8 step 2'"),
    # --- pydantic's own checks --------------------------------------------------------------
    "greater_than": N_("must be more than {gt}, got {got}"),
    "greater_than_equal": N_("must be at least {ge}, got {got}"),
    "less_than": N_("must be less than {lt}, got {got}"),
    "less_than_equal": N_("must be at most {le}, got {got}"),
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "int_type": _WHOLE,
    "int_parsing_size": N_("the number {got} is too large"),
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": N_("expected a finite number, got {got}"),
    "bool_parsing": _BOOL,
    "bool_type": _BOOL,
    "string_type": N_("expected text, got {got}"),
    "string_pattern_mismatch": N_("{got} is not a valid id: use letters, digits, '_' or '-', starting with a letter"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("may have at most {max_length} characters"),
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "list_type": N_("expected a list ('- item' lines or [a, b]), got {got}"),
    "too_short": N_("needs at least {min_length} {entries}"),
    "too_long": N_("may have at most {max_length} entries"),
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_type": _DATE,
    "int_too_big": N_("the number {got} is too large"),
    # --- problems with the file itself ------------------------------------------------------
    "file_missing": N_("file not found"),
    "file_is_directory": N_("this is a folder, not a scenario file; give the path of a scenario file (.yaml)"),
    "file_is_directory_with": N_("this is a folder, not a scenario file; give the path of a scenario file in it, such as {files}"),
    "file_unreadable": N_("cannot read the file: {reason}"),
    "file_empty": N_("the file is empty; start from 'ambacht init FILE'"),
    "file_too_large": N_("the file is {size} KB; a scenario may be at most {limit} KB"),
    "file_too_many_items": N_("the file has more than {limit} lines and list items; a scenario needs far fewer"),
    "file_encoding": N_("the file is not UTF-8 text (byte {byte} here); save it as UTF-8"),
    "file_utf16": N_("the file is saved as UTF-16; save it as UTF-8"),
    "file_binary": N_("the file holds a NUL character here: it is not a text file"),
    "yaml_syntax": N_("YAML syntax error: {problem}{started}; check brackets, quotes, and the space after each ':'"),
    "number_too_long": N_("a number with {digits} digits is too long to be read"),
    "yaml_tab": N_("a tab is used for indentation; YAML indents with spaces only"),
    "yaml_duplicate": N_("the key '{key}' appears twice in the same block (first on line {first}); keep one"),
    "yaml_too_deep": N_("the file is nested too deeply (more than {limit} levels)"),
    "yaml_too_many_nodes": N_("the file holds more than {limit} values (counting what anchors and aliases repeat); a scenario needs far fewer"),
    "yaml_tag": N_("a YAML tag ('!' or '!!' before a value) is not allowed in a scenario; write the value itself"),
    "yaml_not_mapping": N_("a scenario is a block of 'key: value' lines at the top level (name:, calendar:, materials: ...)"),
}

RELATIONS = {"more than": N_("more than"), "at least": N_("at least")}
KIND_NAMES = {
    "duration": N_("a duration"),
    "mass": N_("a mass"),
    "money": N_("an amount of money"),
    "rate": N_("a rate (a number per time)"),
    "mass_rate": N_("a mass per time"),
    "money_rate": N_("an amount per time"),
    "money_per_kg": N_("an amount per kg"),
}

YAML_PROBLEMS = (
    # Translators: the YAML parser's own words (ruamel.yaml), kept in English exactly as it writes them.
    (r"mapping values are not allowed here", N_("mapping values are not allowed here")),
    (r"expected (?P<expected>.+?), but got (?P<found>.+)", N_("expected {expected}, but got {found}")),
    (r"expected (?P<expected>.+?), but found (?P<found>.+)", N_("expected {expected}, but found {found}")),
    (r"found unexpected end of stream", N_("found unexpected end of stream")),
    (r"found character (?P<char>.+) that cannot start any token", N_("found character {char} that cannot start any token")),
    (r"found undefined alias (?P<alias>.+)", N_("found undefined alias {alias}")),
    (r"but found another document", N_("but found another document")),
    (r"found unknown escape character (?P<char>.+)", N_("found unknown escape character {char}")),
    (r"could not find expected ':'", N_("could not find expected ':'")),
    (r"found unexpected ':'", N_("found unexpected ':'")),
    (r"sequence entries are not allowed here", N_("sequence entries are not allowed here")),
    (r"mapping keys are not allowed here", N_("mapping keys are not allowed here")),
    (r"found duplicate anchor (?P<anchor>.+?)(?:;.*)?", N_("found duplicate anchor {anchor}")),
)
"""The parser's common complaints, matched on its English text and translated (issue 15)."""
YAML_TOKENS = {
    "<block end>": N_("<block end>"),
    "<stream end>": N_("<stream end>"),
    "<block mapping start>": N_("<block mapping start>"),
    "<block sequence start>": N_("<block sequence start>"),
    "<document start>": N_("<document start>"),
    "<flow mapping start>": N_("<flow mapping start>"),
    "<flow sequence start>": N_("<flow sequence start>"),
}


def yaml_problem(problem: str, tr: text.Translation) -> str:
    """The YAML parser's complaint in the reader's language (unchanged when not recognised)."""
    for pattern, message in YAML_PROBLEMS:
        match = re.fullmatch(pattern, problem)
        if match:
            values = {k: _yaml_tokens(v, tr) for k, v in match.groupdict().items()}
            return tr.gettext(message, **values) if values else tr.gettext(message)
    return problem


def _yaml_tokens(words: str, tr: text.Translation) -> str:
    for token, message in YAML_TOKENS.items():
        words = words.replace(f"'{token}'", token).replace(token, tr.gettext(message))
    return words.replace(" or ", " " + tr.pgettext("a list of choices", "or") + " ")


def _number(value: Any) -> Any:
    """1.0 -> '1', 0.25 -> '0.25': numbers as a person writes them."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    return value


MAX_VALUE_TEXT = 400
"""Longest text of one value in a message: a message quotes, it never dumps."""


def _short(value: Any) -> Any:
    if isinstance(value, (dt.date, Decimal)):
        value = str(value)
    if isinstance(value, (str, int, float, bool)) or value is None or isinstance(value, tuple):
        text_ = value if isinstance(value, str) else None
    else:  # anything else is shown by its kind only: a message never prints an object's insides
        text_ = type(value).__name__
    if text_ is not None and len(text_) > MAX_VALUE_TEXT:
        return text_[: MAX_VALUE_TEXT - 3] + "..."
    return value if text_ is None else text_


def render(code: str, context: dict[str, Any], language: str, fallback: str) -> str:
    """The message for ``code`` in ``language``."""
    template = TEMPLATES.get(code)
    if template is None:
        return fallback
    tr = text.translation(language)
    _ = tr.gettext
    values = {key: _short(_number(value)) for key, value in context.items()}
    if code == "sweep_value":  # the problem of the variant, rendered beforehand in each language
        values["problem"] = context.get(f"problem_{language}", context.get("problem_en", ""))
    got = values.get("got")
    values["got"] = _("nothing (the value is empty)") if got is None or got == "" else repr(str(got))
    values.setdefault("hint", "")
    if values.get("relation") in RELATIONS:
        values["relation"] = _(RELATIONS[values["relation"]])
    kind = values.get("kind")
    if kind in KIND_NAMES:
        values["kind_name"] = _(KIND_NAMES[kind])
        values["expected"] = _(units.KINDS[kind])
    if values.get("found") in KIND_NAMES:
        values["found_name"] = _(KIND_NAMES[values["found"]])
    if isinstance(values.get("what"), str):
        values["what"] = _(values["what"])
    for key in ("expected", "expected_tags"):
        if isinstance(values.get(key), str):
            values[key] = values[key].replace(" or ", " " + tr.pgettext("a list of choices", "or") + " ")
    if code == "day_name" and context.get("kind") in calendar_words.KINDS:
        kind = str(context["kind"])
        values["kind_name"] = _(calendar_words.KIND_NAMES[kind])
        values["choices"] = calendar_words.choices(kind, language)
        values["suggestion"] = calendar_words.suggestion(kind, str(context.get("got") or ""), language)
    if code == "extra_forbidden" and context.get("decimal_comma"):
        values["hint"] = _(" (inside {...} a comma separates entries, so a decimal comma splits a number in two: "
                           "write 0.4, or quote it: '0,4')")
    if context.get("step_skill"):
        values["hint"] = _(TEMPLATES["skill_is_step"], name=context.get("name"), skill=context["step_skill"])
    suggestion = values.get("suggestion")
    if suggestion and not values["hint"]:
        values["hint"] = _(" (did you mean '{suggestion}'?)", suggestion=suggestion)
    homes = values.get("homes")
    values["homes"] = _(" (it belongs under {homes})", homes=homes) if homes else ""
    if code == "too_short":
        values["entries"] = tr.ngettext("entry", "entries", context.get("min_length") or 0)
    if code == "missing":
        parent = values.get("parent")
        values["under"] = _("under '{parent}:'", parent=parent) if parent else _("at the top level")
        # The key's description (English): in the reader's language, or left out when it has no
        # translation there (sim.scenario.hints lists those the catalogue must have).
        about = context.get("about")
        shown = tr.gettext(about) if isinstance(about, str) and about else ""
        if shown == about and tr.lang != text.SOURCE_LANGUAGE:
            shown = ""
        values["about"] = f" ({shown})" if shown else ""
    if code == "yaml_syntax":
        values["problem"] = yaml_problem(str(values.get("problem", "")), tr)
        started = context.get("started")
        if started:
            line, column = started
            values["started"] = _(" (in the part that starts on line {line}, column {column})",
                                  line=line, column=column)
        else:
            values["started"] = ""
    try:
        return tr.gettext(template, **values)
    except (KeyError, IndexError, ValueError):
        return fallback


def more_problems(count: int, language: str) -> str:
    """The line that ends a long list of problems."""
    return text.translation(language).ngettext(
        "... and {n} more problem (fix the first ones first)",
        "... and {n} more problems (fix the first ones first)", count)
