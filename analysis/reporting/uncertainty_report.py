"""Uncertain inputs in words, tables and a self-contained page, and their results folder.

"The answer holds in X % of plausible inputs; it hinges most on A and B", in Dutch and English,
from the same :class:`~analysis.experiments.uncertainty.UncertaintyResult` as the tornado chart and the JSON.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.ticker import FuncFormatter

import sim
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Interrupted, Progress, Silent, Stopped, signum_of
from analysis.experiments.sweeps import Requirement, Store
from analysis.experiments.uncertainty import (
    KEY_METRICS,
    NoUncertainInputs,
    UncertaintyResult,
    run_uncertainty,
    simulated_inputs,
)
from analysis.reporting import metric_text
from analysis.reporting.charts import uncertainty as charts
from analysis.reporting.charts.context import Names
from analysis.reporting.charts.output import png_base64, save
from analysis.results.files import FolderError, marker, start_folder, write_text_atomic
from analysis.results.folder import settings as settings_of
from sim import text
from sim.loader import LoadedScenario
from sim.scenario.model import Scenario

LANGUAGES = ("nl", "en")
STORE = "uncertainty.sqlite"
HINGE_INDEX = 0.05
"""An input whose first-order index is below this explains too little to name."""
INPUT_SHARE_FLOOR = 0.05
"""Below this share of the spread of the sample means, the inputs are said not to move the answer."""


def inputs_share(out: dict[str, float], replications: int) -> float:
    """The inputs' share of the variance of the samples' means (the rest is chance, divided by the
    replications each mean averages). With one replication chance is not measured and counts as 0."""
    inputs = out["input_sd"] ** 2
    chance = out["chance_sd"] ** 2 / replications if math.isfinite(out["chance_sd"]) else 0.0
    total = inputs + chance
    return inputs / total if total > 0 else 0.0


def show(metric: str, value: float, lang: str) -> str:
    """A value of the metric as the reader's language writes it (analysis.reporting.metric_text)."""
    return metric_text.value(metric, value, lang)


def metric_label(metric: str, lang: str, names: Names) -> str:
    """A metric's label from the registry, with the user's names for the things it belongs to."""
    owners = metric_text.owner_names(names.scenario, lang) if names.scenario is not None else None
    return metric_text.label(metric, lang, owners)


def input_names(result: UncertaintyResult, names: Names) -> dict[str, str]:
    return {i["path"]: names.path(i["path"]) for i in result.inputs}


def answer(result: UncertaintyResult, lang: str, names: Names) -> list[str]:
    """How sure the answer is, and what it hinges on, in sentences."""
    _ = text.translation(lang).gettext
    sentences = []
    objective = result.objective
    label = metric_label(objective, lang, names)
    sentences.append(tested(result, lang, label))
    if result.holds_share is not None and result.requirement is not None:
        sentences.append(_("The promise ({requirement}) holds in {share} of the plausible inputs.",
                           requirement=_requirement_text(result.requirement, lang, names),
                           share=text.percent(result.holds_share, lang)))
    out = result.outputs.get(objective)
    if out is not None:
        sentences.append(_("{metric} lies between {p5} and {p95} for 90% of the plausible inputs (median {p50}).",
                           metric=label, p5=show(objective, out["p5"], lang), p95=show(objective, out["p95"], lang),
                           p50=show(objective, out["p50"], lang)))
        if math.isfinite(out["chance_sd"]):
            sentences.append(_("Of that spread, the inputs account for a standard deviation of {inputs}; chance alone "
                               "moves one run by {chance}.", inputs=show(objective, out["input_sd"], lang),
                               chance=show(objective, out["chance_sd"], lang)))
    ranking = [r for r in result.sensitivity.get(objective, []) if r["index"] >= HINGE_INDEX]
    labels = input_names(result, names)
    if out is not None and inputs_share(out, result.replications) < INPUT_SHARE_FLOOR:
        # The inputs' part of the spread is lost in chance: an index ranks noise, so name no input.
        sentences.append(_("The plausible inputs do not move {metric} beyond what chance does: no input "
                           "needs research for this answer.", metric=label))
    elif len(ranking) >= 2:
        sentences.append(_("It hinges most on {first} and {second}: research those before signing.",
                           first=labels[ranking[0]["path"]], second=labels[ranking[1]["path"]]))
    elif ranking:
        sentences.append(_("It hinges most on {first}: research that before signing.", first=labels[ranking[0]["path"]]))
    else:
        sentences.append(_("No single input explains a clear share of the spread: the answer is robust to each "
                           "input on its own (or more samples are needed to tell)."))
    return sentences


def tested(result: UncertaintyResult, lang: str, label: str) -> str:
    """Which metric the study tested, and why that one."""
    _ = text.translation(lang).gettext
    if result.objective_source == "file":
        return _("Tested: {metric} (the file's objective).", metric=label)
    if result.objective_source == "option":
        return _("Tested: {metric} (--objective).", metric=label)
    return _("Tested: {metric} (the file names no objective: the first contract's on-time share, else the net "
             "result).", metric=label)


def _requirement_text(requirement: str, lang: str, names: Names) -> str:
    metric, op, bound = requirement.split(" ")
    return f"{metric_label(metric, lang, names)} {'≥' if op == '>=' else '≤'} {show(metric, float(bound), lang)}"


def caveat_texts(result: UncertaintyResult, lang: str) -> list[str]:
    _ = text.translation(lang).gettext
    out = []
    if "few_samples" in result.caveats:
        out.append(_("Only {n} samples of the inputs: percentiles and sensitivity indices are rough; use 50 or more "
                     "for a decision.", n=result.samples))
    if "few_replications" in result.caveats:
        out.append(_("Only {n} replications per sample: chance and inputs are hard to tell apart.",
                     n=result.replications))
    if result.booked_only_by_businesscase:
        out.append(_("Not sampled, because they change no run: {inputs}; these ranges are booked only by 'ambacht "
                     "businesscase'.", inputs=", ".join(result.booked_only_by_businesscase)))
    return out


def outputs_table(result: UncertaintyResult, lang: str, names: Names) -> pd.DataFrame:
    _ = text.translation(lang).gettext
    rows = []
    for metric in dict.fromkeys([result.objective, *KEY_METRICS]):
        out = result.outputs.get(metric)
        if out is None:
            continue
        rows.append({_("metric"): metric_label(metric, lang, names), "p5": show(metric, out["p5"], lang),
                     "p50": show(metric, out["p50"], lang), "p95": show(metric, out["p95"], lang),
                     _("spread by inputs (sd)"): show(metric, out["input_sd"], lang),
                     _("spread by chance (sd)"): show(metric, out["chance_sd"], lang)})
    return pd.DataFrame(rows)


def inputs_table(result: UncertaintyResult, lang: str, names: Names, paths: bool = False) -> pd.DataFrame:
    """The uncertain inputs, named for people (``paths``: with a column of their scenario paths,
    which sensitivity.csv keeps for programs)."""
    _ = text.translation(lang).gettext
    labels = input_names(result, names)
    ranks = {r["path"]: r for r in result.sensitivity.get(result.objective, [])}
    rows = []
    for i in result.inputs:
        unit = f" {i['unit']}" if i["unit"] else ""
        r = ranks.get(i["path"], {})
        rows.append({_("input"): labels[i["path"]], _("path"): i["path"],
                     _("low"): f"{text.number(i['low'], lang)}{unit}", _("likely"): f"{text.number(i['likely'], lang)}{unit}",
                     _("high"): f"{text.number(i['high'], lang)}{unit}",
                     _("sensitivity index"): text.number(r.get("index", math.nan), lang, 2),
                     _("rank correlation"): text.number(r.get("spearman", math.nan), lang, 2)})
    order = {p: n for n, p in enumerate(ranks)}
    rows.sort(key=lambda row: order.get(row[_("path")], len(order)))
    frame = pd.DataFrame(rows)
    return frame if paths else frame.drop(columns=[_("path")])


def _tag(tag: str, content: str) -> str:
    """An HTML element around escaped text."""
    return f"<{tag}>{html.escape(content)}</{tag}>"


def stamp() -> str:
    return f"Ambacht {sim.__version__} · {dt.date.today().isoformat()}"


def draw(result: UncertaintyResult, lang: str, scenario: Scenario | None) -> list[Any]:
    names = Names(lang, scenario)
    objective = result.objective
    formatter = FuncFormatter(lambda v, _p: show(objective, v, lang))
    chart = charts.tornado(result, lang, stamp(), input_names(result, names), metric_label(objective, lang, names),
                           formatter)
    return [chart] if chart is not None else []


def page(result: UncertaintyResult, lang: str, scenario: Scenario | None) -> str:
    _ = text.translation(lang).gettext
    names = Names(lang, scenario)
    title = _("Uncertain inputs: {scenario}", scenario=result.scenario)
    parts = [f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
             "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
             "table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #d9d9d9;padding:.25rem .6rem;"
             "text-align:right}td:first-child,th:first-child{text-align:left}img{max-width:100%}"
             ".caveat{border-left:4px solid #E69F00;padding-left:.8rem}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>", _tag("h2", _("How sure is the answer"))]
    parts += [f"<p>{html.escape(s)}</p>" for s in answer(result, lang, names)]
    parts += [f"<p class=\"caveat\">{html.escape(c)}</p>" for c in caveat_texts(result, lang)]
    for chart in draw(result, lang, scenario):
        parts.append(f"<figure><img alt=\"{html.escape(chart.alt)}\" src=\"data:image/png;base64,{png_base64(chart)}\">"
                     f"<figcaption>{html.escape(chart.caption)}</figcaption></figure>")
    parts.append(_tag("h2", _("Spread of the results")))
    parts.append(outputs_table(result, lang, names).to_html(index=False, border=0))
    parts.append(_tag("h2", _("The uncertain inputs")))
    parts.append(inputs_table(result, lang, names).to_html(index=False, border=0))
    parts.append(f"<p style=\"color:#595959;font-size:.8rem\">{html.escape(charts.provenance(result, lang, stamp()))}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_outputs(result: UncertaintyResult, folder: Path, scenario: Scenario | None, settings: dict[str, Any]) -> None:
    """The finished outputs of an uncertainty study into its folder, each file written atomically."""
    write_text_atomic(folder / "uncertainty.json", json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(folder / "settings.json", json.dumps(settings, indent=2, ensure_ascii=False, default=str) + "\n")
    rows = [{"path": r["path"], "metric": m, **{k: v for k, v in r.items() if k != "path"}}
            for m, ranking in result.sensitivity.items() for r in ranking]
    write_text_atomic(folder / "sensitivity.csv", pd.DataFrame(rows).to_csv(index=False))
    design = pd.DataFrame(result.design, columns=[i["path"] for i in result.inputs])
    for metric, values in result.sample_means.items():
        design[metric] = values
    write_text_atomic(folder / "samples.csv", design.to_csv(index_label="sample"))
    (folder / "charts").mkdir(exist_ok=True)
    for lang in LANGUAGES:
        for chart in draw(result, lang, scenario):
            save(chart, folder / "charts", lang)
        write_text_atomic(folder / f"uncertainty-{lang}.html", page(result, lang, scenario))


def read_result(folder: Path) -> UncertaintyResult:
    data = json.loads((folder / "uncertainty.json").read_text(encoding="utf-8"))
    return UncertaintyResult(**data)


def study(loaded: LoadedScenario, samples: int, replications: int, seed: int | None = None,
          executor: Executor | None = None, progress: Progress | None = None, out: Path | None = None,
          resume: bool = False, objective: str | None = None, requirement: Requirement | None = None,
          lang: str = "en") -> UncertaintyResult:
    """An uncertainty study: with ``out``, every finished run is stored there as it finishes, so
    an interrupted study continues with ``resume``; the outputs are written when it is done."""
    if not simulated_inputs(loaded):
        raise NoUncertainInputs(loaded.source)
    seed = loaded.scenario.experiment.seed if seed is None else seed
    progress = progress or Silent()
    store = None
    provenance = settings_of("uncertainty", loaded.scenario.name, loaded.content_hash, loaded.source, seed,
                             replications, lang, samples=samples)
    if out is not None:
        meta = {"scenario_hash": loaded.content_hash, "samples": samples, "replications": replications, "seed": seed}
        if (out / STORE).exists():
            if not resume:
                raise FolderError("sweep_exists", folder=out)
            old = Store(out / STORE)
            try:
                same = old.meta() == json.loads(json.dumps(meta))
            finally:
                old.close()
            if not same:
                raise FolderError("sweep_other", folder=out)
        elif out.exists() and any(out.iterdir()):
            raise FolderError("folder_taken" if marker(out) is not None else "folder_not_ours", folder=out)
        else:
            start_folder(out, provenance)
        store = Store(out / STORE)
        store.set_meta(meta)
        progress.folder(out)
    _ = text.translation(lang).gettext
    try:
        result = run_uncertainty(loaded, samples, replications, seed, executor, objective, requirement, store,
                                 progress, _("samples of the inputs"))
    except (KeyboardInterrupt, Stopped) as stop:
        finished = len(store.done()) if store is not None else 0
        raise Interrupted(out, finished, samples * replications, signum_of(stop)) from None
    finally:
        if store is not None:
            store.close()
    if out is not None:
        write_outputs(result, out, loaded.scenario, provenance)
    return result
