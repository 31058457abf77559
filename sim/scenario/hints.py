"""The descriptions a missing-key message quotes, as message ids (translated where shown).

A message about a required key that is missing quotes the first line of that key's description
from the scenario language (:func:`sim.scenario.paths.description`), which is English. These are
those first lines for every required key, so that the catalogue has them and a Dutch reader gets
the hint in Dutch; a test keeps the list complete. A description without a translation is left
out of the message rather than shown in another language.
"""

from __future__ import annotations

from sim.text import N_

REQUIRED_KEY_HINTS = (
    N_("the scenario's name, shown on every chart"),
    N_("start date, opening hours, holidays (kalender)"),
    N_("material streams coming in, by your own id (materialen)"),
    N_("the steps each grade goes through and where it ends (routes)"),
    N_("horizon, warm-up, replications, seed and sweeps"),
    N_("arrivals (drop-offs) per time on average, each bringing batch_size units, e.g. '60 per week' (over clock time), or '2 per open hour' (per hour that the `during` function is open)"),
    N_("years simulated from calendar.start_date, e.g. 5"),
    N_("the stakeholder that runs the centre: sales and the workshop's costs are its"),
    N_("the parties that pay or gain, by your own id"),
    N_("the first day of the simulation (hour 0 is its midnight), 1900-2200"),
    N_("scenario path -> new value, e.g. workforce.deelnemers.people: 12"),
    N_("the business partner's name, e.g. 'Atelier Naald & Draad'"),
    N_("how long ago it was placed, e.g. '3 days'"),
    N_("per product of the order: the units still to set aside (products not listed: all of them)"),
    N_("the product id ordered (a key under products)"),
    N_("units (kg for a product in kg) per order"),
    N_("time between orders, e.g. '4 weeks'"),
    N_("from order to complete delivery: a duration ('2 weeks') or working days ('10 working days', '10 werkdagen': days the workshop is open, counted from the day after the order)"),
    N_("first day (1900-2200)"),
    N_("last day (included)"),
    N_("simulated time, e.g. '1 year'"),
    N_("a share between 0 and 1, or a percentage such as 60%"),
    N_("id of the route this grade follows"),
    N_("stakeholder id that pays, or 'outside'"),
    N_("stakeholder id that receives"),
    N_("one-off amount, e.g. '150000 EUR'"),
    N_("stakeholder id that pays"),
    N_("share of full productivity at the start"),
    N_("duration with its unit, for example '6 min', '2 h', '3 days', '4 weeks' or '1 year'"),
    N_("online orders on average, e.g. '20 per week'"),
    N_("per product id"),
    N_("the target group id"),
    N_("head count (places)"),
    N_("the skills (step skill names) these people may do"),
    N_("a product id, 'recycling', 'waste' or 'leaves'; or shares by mass, e.g. {parts: 0.1, recycling: 0.7, waste: 0.2} for disassembly"),
    N_("customers on average, e.g. '1200 per week'"),
    N_("the skill a person needs to do this step"),
    N_("work per unit for a trained worker, per stream id (or 'default')"),
    N_("how the material comes in"),
    N_("the mix of grades and their routes"),
    N_("route id, or 'recycling' or 'waste'"),
    N_("head count"),
    N_("target-group qualifications"),
    N_("scenario path -> values: a list, 'a..b' or 'a..b step s'"),
    N_("how long a trajectory lasts, e.g. '1 year'"),
    N_("shares of people going to a job, education or elsewhere"),
    N_("Time: a real start date, opening hours per function, holidays."),
    N_("How to run the scenario: simulated time, warm-up, replications, seed, named sweeps."),
    N_("an uncertain value: [low, high] (uniform) or [low, likely, high] (triangular), each with the field's unit, e.g. {range: [80 per week, 100 per week, 130 per week]}"),
    N_("How material comes in: an average rate, spread over the opening hours of a function."),
    N_("gross wage per paid hour, e.g. '14.71 EUR per hour'"),
    N_("paid hours a week, all people in the role together"),
    N_("stakeholder id of the partner that buys"),
    N_("units in stock (kg for a product sold by the kg)"),
)
