"""Regenerate the "What the optimal plan looks like" section of inputs/README.md.

Solves the bundled Japan case (threads 1, seed 0) and writes, between the
markers, the clusters chosen, when grid, fibre and cables are built and the
cost split — so the README always describes a real run of the current code.
Run: python inputs/summarise_plan.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import planner

HERE = Path(__file__).resolve().parent
START = "<!-- plan summary: regenerated from a real run -->"
END = "<!-- end of plan summary -->"


def summary_markdown(plan: planner.Plan) -> str:
    """The plan in a few tables a planner reads first."""
    sites = plan.tables["Sites"]
    phases = list(dict.fromkeys(sites["phase"]))
    lines = [START, "",
             f"Solved with `wattbit run` (HiGHS, gap {plan.gap:.4%}): present-value cost "
             f"**{plan.objective / 1e6:,.2f} trillion JPY** ({plan.objective:,.0f} MJPY).", "",
             "IT MW by site type and phase:", "",
             "| type | " + " | ".join(phases) + " |", "|---|" + "---|" * len(phases)]
    pivot = sites.pivot_table(index="type", columns="phase", values="it_mw", aggfunc="sum")[phases]
    for kind, row in pivot.iterrows():
        lines.append(f"| {kind} | " + " | ".join(f"{v:,.0f}" for v in row) + " |")
    clusters = sites[(sites["type"] == "cluster") & sites["open"]]
    first = clusters.groupby("site")["phase"].first()
    final = sites[sites["phase"] == phases[-1]].set_index("site")
    lines += ["", "Clusters opened (first phase open, IT MW in the last phase):", ""]
    lines += [f"- {final.at[s, 'name']} ({s}): opens {p}, {final.at[s, 'it_mw']:,.0f} MW"
              for s, p in sorted(first.items(), key=lambda kv: (phases.index(kv[1]), kv[0]))]
    builds = plan.tables["Builds"]
    built = builds[builds["phase_built"] != "existing"]
    lines += ["", "Built, by phase:", "", "| phase | grid | IX | routes | cables |", "|---|---|---|---|---|"]
    for t in phases:
        now = built[built["phase_built"] == t]
        cells = [", ".join(now[now["family"] == f]["id"]) or "–" for f in ("grid", "ix", "route", "cable")]
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    costs = plan.tables["Costs"].groupby("category")["discounted_mjpy"].sum()
    costs = costs[costs.abs() > 0.5].sort_values(ascending=False)
    lines += ["", "Cost split (present value, MJPY):", "", "| category | MJPY | share |", "|---|---|---|"]
    lines += [f"| {c} | {v:,.0f} | {v / plan.objective:.1%} |" for c, v in costs.items()]
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    case = planner.read_workbook(HERE / "japan_watt_bit.xlsx")
    plan = planner.solve(case, threads=1, random_seed=0)
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(head + summary_markdown(plan) + tail, encoding="utf-8")
    print(f"{readme}: plan summary updated ({plan.status}, {plan.objective:,.0f} MJPY)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
