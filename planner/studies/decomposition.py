r"""Benders decomposition for operations mode (issue 15 point 4).

Given the capacity decisions x (sites, IT MW, batteries, cogeneration, non-firm use,
builds), operations mode falls apart into one LP per (phase, period): the rows of the
per-step variables (``model.operations_variables.STEP_VARIABLES``) never join two
periods or two phases (FORMULATION.md §4.3). So

    min  c_F x + \sum_g \theta_g   s.t. master rows (everything without a step variable),
         \theta_g >= Q_g(\hat x) + \lambda_g^T (x - \hat x)   (one cut per group g and visit)

with Q_g(x) = min { c_g y : L_g - B_g x <= A_g y <= U_g - B_g x, bounds on y }, and
\lambda_g = -B_g^T \pi_g from the row duals \pi_g (multi-cut: one \theta per (phase,
period)). A subproblem whose rows hold x gets elastic columns at a high price, so every
Q_g is finite; Q_g with them is at most the true Q_g, so every cut stays valid, and a
plan counts as an upper bound only if no elastic column is used.

First the master's LP relaxation gathers cuts (cheap, and its optimum is already a proven
lower bound), then the master MIP: each round its proven bound is the lower bound, the
plan it returns is priced exactly by the subproblems (an upper bound), and it stops at
the gap asked for, or at the time limit with the gap it has. The answer is the best
plan found with its proven bound; its values are loaded into the Pyomo model, so the
results sheets read it as they read a monolithic solve.

Anchors: Fischetti, Ljubić and Sinnl, "Redesigning Benders decomposition for
large-scale facility location", Management Science 63(7), 2017 (multi-cut, LP phase
first); the same split of capacity and operations as capacity-expansion studies use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyomo.environ as pyo
import scipy.sparse as sp

from planner.model.data import ModelData
from planner.model.operations_variables import STEP_VARIABLES
from planner.solver.matrix import MatrixProblem, ModelMatrices, model_matrices
from planner.solver.options import SolveOptions
from planner.solver.outcome import SolveOutcome

ELASTIC_FACTOR = 10.0
"""An elastic column's price per unit of row violation: this many times the dearest unit
of a continuous capacity column (at least 1). A price near the case's own costs keeps the
optimality cuts well scaled; feasibility cuts (``_least_elastic``) push plans off them."""
CUT_TOLERANCE = 1e-7
"""Relative violation below which a cut is not added."""
IN_OUT_WEIGHT = 0.5
"""Separation point of the LP phase: this share of the relaxation's optimum, the rest the core."""
IN_OUT_PATIENCE = 25
"""Rounds without progress before the LP phase separates at the optimum itself."""
KELLEY_PATIENCE = 10
"""Rounds without progress after which the LP phase ends."""
LP_PHASE_SHARE = 0.35
POLISH_SHARE = 0.15
"""Most of the time limit the polish of the first plan may take."""
"""Most of the time limit the LP phase may take."""


class NotDecomposable(ValueError):
    """A row joins two (phase, period) groups, or the model is not in operations mode."""


@dataclass
class DecompositionOutcome:
    """How the decomposition ended: the best plan's cost, the proven bound, the gap."""

    status: str
    """'optimal' (gap reached), 'time_limit' (a plan, gap not reached), 'no_plan'."""
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    iterations: int
    groups: int
    history: list[tuple[float, float, float | None]] = field(default_factory=list)
    """(seconds, lower bound, upper bound or None) after every round."""
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Group:
    """One (phase, period) subproblem."""

    key: tuple[str, str]
    rows: np.ndarray
    columns: np.ndarray
    coupling: sp.csr_matrix
    """B_g: the subproblem rows' coefficients on the master columns."""
    row_lower: np.ndarray
    row_upper: np.ndarray
    problem: MatrixProblem
    elastic: np.ndarray
    """Indices (in the subproblem) of its elastic columns."""
    elastic_rows: np.ndarray
    elastic_price: float
    best_values: np.ndarray | None = None


def _groups_of_columns(matrices: ModelMatrices) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Group id per column (-1: master), and the (phase, period) of each group."""
    keys: dict[tuple[str, str], int] = {}
    group = np.full(len(matrices.variables), -1, dtype=np.int64)
    for j, var in enumerate(matrices.variables):
        if var.parent_component().local_name in STEP_VARIABLES:
            index = var.index()
            group[j] = keys.setdefault((index[-3], index[-2]), len(keys))
    return group, list(keys)


def _groups_of_rows(matrix: sp.csr_matrix, column_group: np.ndarray) -> np.ndarray:
    """Group id per row (-1: master rows); raises NotDecomposable for a row joining two groups."""
    nnz = np.diff(matrix.indptr)
    groups = column_group[matrix.indices]
    starts = matrix.indptr[:-1]
    rows = np.full(matrix.shape[0], -1, dtype=np.int64)
    filled = nnz > 0
    if groups.size:
        high = np.maximum.reduceat(groups, np.minimum(starts, groups.size - 1))
        masked = np.where(groups < 0, np.iinfo(np.int64).max, groups)
        low = np.minimum.reduceat(masked, np.minimum(starts, groups.size - 1))
        high, low = np.where(filled, high, -1), np.where(filled, low, np.iinfo(np.int64).max)
        joined = (high >= 0) & (low != high)
        if joined.any():
            raise NotDecomposable(f"{int(joined.sum())} rows join two (phase, period) groups")
        rows = high
    return rows


def _subproblem(key: tuple[str, str], matrices: ModelMatrices, rows: np.ndarray, columns: np.ndarray,
                master_columns: np.ndarray, threads: int | None, seed: int, price: float) -> _Group:
    block = matrices.matrix[rows]
    own = block[:, columns]
    coupling = block[:, master_columns].tocsr()
    lower, upper = matrices.row_lower[rows], matrices.row_upper[rows]
    linked = np.flatnonzero(np.diff(coupling.indptr) > 0)
    plus = linked[np.isfinite(lower[linked])]
    minus = linked[np.isfinite(upper[linked])]
    elastic = sp.csc_matrix(
        (np.concatenate([np.ones(len(plus)), -np.ones(len(minus))]),
         (np.concatenate([plus, minus]), np.arange(len(plus) + len(minus)))),
        shape=(len(rows), len(plus) + len(minus)))
    n_own, n_elastic = len(columns), len(plus) + len(minus)
    problem = MatrixProblem(
        sp.hstack([own, elastic], format="csc"),
        np.concatenate([matrices.cost[columns], np.full(n_elastic, price)]),
        np.concatenate([matrices.col_lower[columns], np.zeros(n_elastic)]),
        np.concatenate([matrices.col_upper[columns], np.full(n_elastic, np.inf)]),
        lower, upper, threads=threads, random_seed=seed)
    return _Group(key, rows, columns, coupling, lower, upper, problem,
                  np.arange(n_own, n_own + n_elastic), np.concatenate([plus, minus]), price)


def _theta_floor(group: _Group, matrices: ModelMatrices, master_columns: np.ndarray, threads: int | None) -> float:
    """A lower bound on Q_g for any x: the subproblem with the master columns free within their
    bounds (the work must run somewhere, so its energy has a floor; 0 when nothing costs)."""
    columns = group.columns
    if not matrices.cost[columns].any():
        return 0.0
    relaxed = MatrixProblem(
        sp.hstack([matrices.matrix[group.rows][:, columns], group.coupling], format="csc"),
        np.concatenate([matrices.cost[columns], np.zeros(len(master_columns))]),
        np.concatenate([matrices.col_lower[columns], matrices.col_lower[master_columns]]),
        np.concatenate([matrices.col_upper[columns], matrices.col_upper[master_columns]]),
        group.row_lower, group.row_upper, threads=threads)
    return relaxed.objective() if relaxed.run() == "optimal" else -1e12


@dataclass
class _Priced:
    """A subproblem solved at a plan x."""

    value: float
    """Q_g(x) (with elastic columns at their price)."""
    gradient: np.ndarray
    leaning: float
    """Elastic use; > 0 only where the operations rows cannot hold x at all."""
    values: np.ndarray
    infeasibility: tuple[float, np.ndarray] | None = None
    """(F_g(x), its subgradient) where leaning > 0: the least elastic use."""


def _price(group: _Group, x: np.ndarray) -> _Priced | None:
    """Q_g(x) with its subgradient, or None if HiGHS cannot solve it (once more from scratch
    first): no cut and no plan from this round. Where the optimum leans on elastic columns
    though the rows could hold x without them, the elastic price is too low for this case:
    it rises tenfold until the optimum no longer leans (so Q_g is the true cost wherever x is
    feasible); where they cannot, the least elastic use F_g(x) comes along for a feasibility cut."""
    shift = group.coupling @ x
    group.problem.set_row_bounds(np.arange(len(group.rows)), group.row_lower - shift, group.row_upper - shift)
    for _attempt in range(12):
        status = group.problem.run()
        if status != "optimal":
            group.problem.h.clearSolver()
            if group.problem.run() != "optimal":
                return None
        values = group.problem.values()
        leaning = float(values[group.elastic].sum())
        found = _Priced(group.problem.objective(), -(group.coupling.T @ group.problem.row_duals()), leaning, values)
        if leaning <= 1e-6:
            return found
        least = _least_elastic(group)
        if least is None:
            return None
        if least[0] > 1e-6:
            found.infeasibility = least
            return found
        _set_elastic_price(group, group.elastic_price * 10.0)
    return None


def coverage_rows(model: pyo.ConcreteModel, data: ModelData) -> list[tuple[list[Any], float]]:
    """Valid master rows the operations rows imply, which the master alone lacks: per region,
    phase and period, its sites' IT MW hold its peak inflexible work (sites that may serve it)
    and its mean work (all its sites); and the same summed over regions. Without them the
    first master plans build almost nothing and the cuts climb slowly. None when an unserved
    penalty lets work go unrun.

    Each row is (it_mw variables, right-hand side): sum of the variables >= rhs."""
    if data.unserved_penalty is not None:
        return []
    sites_of: dict[tuple[str, str], list[str]] = {}
    for r, s, t in model.service_phases:
        sites_of.setdefault((r, t), []).append(s)
    rows: list[tuple[list[Any], float]] = []
    for t in data.phases:
        every = sorted({s for (r, tt), sites in sites_of.items() if tt == t for s in sites})
        for p in data.periods:
            steps = range(1, data.period_steps[p] + 1)
            peak_total, mean_total = 0.0, 0.0
            for r in data.regions:
                sites = sites_of.get((r, t), [])
                firm = [s for s in sites if (r, s) not in data.flexible_only]
                peak = max(data.inflexible_mw(r, t, p, k) for k in steps) if (r, t) in data.demand else 0.0
                mean = (sum(data.inflexible_mw(r, t, p, k) for k in steps) + data.flexible_mwstep(r, t, p)) \
                    / len(steps) if (r, t) in data.demand else 0.0
                if peak > 0:
                    rows.append(([model.it_mw[s, t] for s in firm], peak))
                if mean > 0:
                    rows.append(([model.it_mw[s, t] for s in sites], mean))
                mean_total += mean
            per_step = [sum(data.inflexible_mw(r, t, p, k) for r in data.regions if (r, t) in data.demand)
                        for k in steps]
            peak_total = max(per_step, default=0.0)
            for need in (peak_total, mean_total):
                if need > 0:
                    rows.append(([model.it_mw[s, t] for s in every], need))
    return rows


Copy = tuple[str, str, int | None, dict[str, float], list[tuple[str, str]]]
"""(phase, period, step or None for the period's mean, need per region, allowed pairs)."""


def service_copies(model: pyo.ConcreteModel, data: ModelData) -> list[Copy]:
    """Relaxed copies of the service rows the master keeps (partial decomposition, Crainic,
    Frangioni and Gendron 2016): per phase and period, the step with the most inflexible work
    (DI served at sites that may serve it) and the period's mean work (all its sites). Each is
    (phase, need per region, allowed (region, site) pairs); the master gets a flow y^ over the
    pairs with sum_s y^_rs >= need_r and sum_r y^_rs <= c_s. Both are implied by the operations
    rows (the step's own y; the mean of y over the period's steps), so the bound stays valid;
    they tell the master which regions each site's capacity can serve. ``_Benders`` adds the
    copies' power rows too (``copy_power_rows``). None when an unserved penalty lets work go unrun."""
    if data.unserved_penalty is not None:
        return []
    pairs: dict[str, list[tuple[str, str]]] = {}
    for r, s, t in model.service_phases:
        pairs.setdefault(t, []).append((r, s))
    copies = []
    for t in data.phases:
        regions = [r for r in data.regions if (r, t) in data.demand]
        for p in data.periods:
            steps = range(1, data.period_steps[p] + 1)
            peak = max(steps, key=lambda k: sum(data.inflexible_mw(r, t, p, k) for r in regions))
            firm = [(r, s) for r, s in pairs.get(t, []) if (r, s) not in data.flexible_only]
            copies.append((t, p, peak, {r: data.inflexible_mw(r, t, p, peak) for r in regions}, firm))
            mean = {r: (sum(data.inflexible_mw(r, t, p, k) for k in steps) + data.flexible_mwstep(r, t, p))
                    / len(steps) for r in regions}
            copies.append((t, p, None, mean, pairs.get(t, [])))
    return copies


def copy_power_rows(model: pyo.ConcreteModel, data: ModelData, copy: Copy,
                    flows: dict[str, list[int]]) -> list[tuple[list[tuple[Any, float]], float]]:
    """The site-power and area-supply rows of a service copy, each (terms, limit) for
    sum(coefficient x term) <= limit, a term a master column number (the copy's flows) or a
    model variable. At the copy's step the draw G = pue * running + b+ - b- - q is at least
    pue * running - e - kappa (b- <= e, q <= kappa); over a period's cycle the battery gives
    back no more than it took (eta <= 1), so the mean draw is at least pue * mean running - kappa."""
    t, p, k, _need, _pairs = copy

    def available(g: tuple[str, str]) -> tuple[list[tuple[Any, float]], float]:
        """mw_g * a_{g,t} as terms and a constant."""
        mw = data.project_mw[g]
        if data.build_existing[g]:
            return [], mw
        return [(model.build[g[0], g[1], tau], mw) for tau in data.phases[: data.phase_pos(t) + 1]
                if (g[0], g[1], tau) in model.build_phases], 0.0

    def backing(s: str) -> list[tuple[Any, float]]:
        terms = [(model.cogen_mw[s, t], -1.0)] if s in model.cogen_sites else []
        if s in model.battery_sites and k is not None:
            terms.append((model.battery_mw[s, t], -1.0))
        return terms

    def profile(name: object) -> float:
        steps = [k] if k is not None else range(1, data.period_steps[p] + 1)
        return sum(data.profile(name, p, step) for step in steps) / len(steps)

    rows = []
    for s, columns in flows.items():
        if s not in data.grid_firm:
            continue
        terms: list[tuple[Any, float]] = [(j, data.pue[s]) for j in columns] + backing(s)
        if s in model.battery_sites:
            terms.append((model.nonfirm_mw[s, t], -1.0))
        limit = data.grid_firm[s]
        for g in data.site_projects.get(s, []):
            project, constant = available(g)
            terms += [(var, -mw) for var, mw in project]
            limit += constant
        rows.append((terms, limit))
    for a in data.areas:
        if (a, t) not in data.supply:
            continue
        sites = [s for s in flows if data.site_area[s] == a]
        if not sites:
            continue
        energy = data.area_energy.get((a, t), {})
        limit = data.supply[a, t] * profile(energy.get("supply_profile"))
        limit += float(energy.get("surplus_mw") or 0.0) * profile(energy.get("surplus_profile"))
        terms = [(j, data.pue[s]) for s in sites for j in flows[s]] + [b for s in sites for b in backing(s)]
        for g, ends in data.link_ends.items():
            if a in ends:
                project, constant = available(g)
                terms += [(var, -mw) for var, mw in project]
                limit += constant
        rows.append((terms, limit))
    return rows


class _Benders:
    """The master, the subproblems and the bounds of one decomposition run."""

    def __init__(self, model: pyo.ConcreteModel, options: SolveOptions, data: ModelData | None = None) -> None:
        self.clock = time.perf_counter()
        self.options = options
        self.stages: dict[str, float] = {}
        threads = options.threads  # one count for every HiGHS instance: they share a scheduler
        seed = int(options.random_seed)
        self.matrices = matrices = model_matrices(model)
        self.stages["hand-off"] = time.perf_counter() - self.clock
        split = time.perf_counter()
        column_group, keys = _groups_of_columns(matrices)
        if not keys:
            raise NotDecomposable("the model has no per-step variables (not operations mode)")
        row_group = _groups_of_rows(matrices.matrix, column_group)
        self.master_columns = master_columns = np.flatnonzero(column_group < 0)
        master_rows = np.flatnonzero(row_group < 0)
        continuous = master_columns[~matrices.integer[master_columns]]
        price = ELASTIC_FACTOR * max(1.0, float(np.abs(matrices.cost[continuous]).max(initial=0.0)))
        self.groups = [_subproblem(key, matrices, np.flatnonzero(row_group == g),
                                   np.flatnonzero(column_group == g), master_columns, threads, seed,
                                   price) for g, key in enumerate(keys)]
        floors = [_theta_floor(g, matrices, master_columns, threads) for g in self.groups]
        self.n_master = len(master_columns)
        self.master = MatrixProblem(
            matrices.matrix[master_rows][:, master_columns], matrices.cost[master_columns],
            matrices.col_lower[master_columns], matrices.col_upper[master_columns],
            matrices.row_lower[master_rows], matrices.row_upper[master_rows], threads=threads,
            random_seed=seed)
        self.theta = self.master.add_columns(np.ones(len(self.groups)), np.array(floors),
                                             np.full(len(self.groups), np.inf))
        self.integer = np.flatnonzero(matrices.integer[master_columns])
        if data is not None:
            self.add_implied_rows(model, data)
        self.stages["split"] = time.perf_counter() - split
        self.lower, self.best, self.best_x = -np.inf, np.inf, None
        self.history: list[tuple[float, float, float | None]] = []
        self.rounds = 0
        self.tight = False
        self.polished = False
        """Whether the master MIP is solved to its final gap (no violated cut at a looser one)."""

    def add_implied_rows(self, model: pyo.ConcreteModel, data: ModelData) -> None:
        """The coverage rows and the service copies: valid master rows the operations rows imply."""
        column = {id(var): j for j, var in enumerate(self.matrices.variables)}
        lower: list[float] = []
        upper: list[float] = []
        rows: list[tuple[np.ndarray, np.ndarray]] = []

        def row(low: float, high: float, index: np.ndarray, value: np.ndarray) -> None:
            lower.append(low)
            upper.append(high)
            rows.append((np.asarray(index, dtype=np.int64), np.asarray(value, dtype=np.float64)))

        def at(var: Any) -> int:
            return int(self.position(np.array([column[id(var)]], dtype=np.int64))[0])

        for variables, need in coverage_rows(model, data):
            index = np.array([at(v) for v in variables if id(v) in column], dtype=np.int64)
            row(need, np.inf, index, np.ones(len(index)))
        for copy in service_copies(model, data):
            t, _p, _k, need, pairs = copy
            if not pairs:
                continue
            flow = self.master.add_columns(np.zeros(len(pairs)), np.zeros(len(pairs)), np.full(len(pairs), np.inf))
            by_region: dict[str, list[int]] = {}
            by_site: dict[str, list[int]] = {}
            for j, (r, s) in zip(flow, pairs, strict=True):
                by_region.setdefault(r, []).append(int(j))
                by_site.setdefault(s, []).append(int(j))
            for r, amount in need.items():
                if amount > 0:
                    flows = by_region.get(r, [])
                    row(amount, np.inf, np.array(flows), np.ones(len(flows)))
            for s, flows in by_site.items():
                row(-np.inf, 0.0, np.array([*flows, at(model.it_mw[s, t])]), np.array([1.0] * len(flows) + [-1.0]))
            for terms, limit in copy_power_rows(model, data, copy, by_site):
                row(-np.inf, limit, np.array([j if isinstance(j, int) else at(j) for j, _c in terms]),
                    np.array([c for _j, c in terms]))
        self.master.add_rows(lower, upper, rows)

    def position(self, columns: np.ndarray) -> np.ndarray:
        """Master column positions of model columns."""
        return np.searchsorted(self.master_columns, columns)

    def elapsed(self) -> float:
        return time.perf_counter() - self.clock

    def first_stage_cost(self, x: np.ndarray) -> float:
        return float(self.matrices.cost[self.master_columns] @ x) + self.matrices.offset

    def price(self, x: np.ndarray) -> list[_Priced | None]:
        return [_price(g, x) for g in self.groups]

    def add_cuts(self, x: np.ndarray, thetas: np.ndarray | None, priced: list) -> int:
        """One cut per group whose Q_g at ``x`` exceeds the master's theta_g (all if ``thetas`` is None)."""
        lower, rows = [], []
        for g, found in enumerate(priced):
            if found is None:
                continue
            value, gradient = found.value, found.gradient
            if thetas is not None and value <= thetas[g] + CUT_TOLERANCE * max(1.0, abs(value)):
                continue
            keep = np.flatnonzero(np.abs(gradient) > 1e-12)
            lower.append(value - float(gradient[keep] @ x[keep]))
            rows.append((np.concatenate([keep, [self.theta[g]]]), np.concatenate([-gradient[keep], [1.0]])))
        self.master.add_rows(lower, [np.inf] * len(rows), rows)
        return len(rows)

    def add_feasibility_cuts(self, x: np.ndarray, priced: list[_Priced | None]) -> int:
        """For each group whose rows cannot hold ``x``: the cut F_g(x^) + mu_g (x - x^) <= 0, F_g the
        least elastic use (unit prices), which every plan the operations rows allow meets;
        scale-free, unlike an optimality cut at a high price."""
        upper, rows = [], []
        for found in priced:
            if found is None or found.infeasibility is None:
                continue
            value, gradient = found.infeasibility
            keep = np.flatnonzero(np.abs(gradient) > 1e-12)
            scale = float(np.abs(gradient[keep]).max(initial=1.0))
            upper.append(float(gradient[keep] @ x[keep] - value) / scale)
            rows.append((keep, gradient[keep] / scale))
        self.master.add_rows([-np.inf] * len(rows), upper, rows)
        return len(rows)

    def master_gap(self) -> float:
        """The master MIP's own gap: a quarter of the gap still open (cheap early rounds), at
        most a third of the gap asked for at the end."""
        floor = max(self.options.mip_gap / 3.0, 1e-6)
        if self.tight:
            return floor
        if self.best_x is None or not np.isfinite(self.lower):
            return max(floor, 0.01)
        return max(floor, 0.25 * (self.best - self.lower) / max(1e-9, abs(self.best)))

    def solve_master(self, time_left: float, mip: bool) -> tuple[np.ndarray, np.ndarray, float] | None:
        """The master's plan, thetas and proven bound (None: no plan in time)."""
        gap = {"mip_rel_gap": self.master_gap()} if mip else {}
        self.master.set_options(time_limit=max(1.0, time_left), **gap)
        status = self.master.run()
        if status not in ("optimal", "infeasible", "time_limit"):  # a numerical failure: once more afresh
            self.master.h.clearSolver()
            status = self.master.run()
        if status == "infeasible":
            raise RuntimeError("the master problem is infeasible: the case has no plan")
        if status not in ("optimal", "time_limit") or not self.master.has_solution() or (
                not mip and status != "optimal"):
            return None
        values = self.master.values()
        bound = self.master.dual_bound() if mip else self.master.objective()
        return values[: self.n_master], values[self.theta], bound + self.matrices.offset

    def note(self, report: Callable[[float, float, float | None], None] | None) -> None:
        upper = self.best if self.best_x is not None else None
        self.history.append((self.elapsed(), self.lower, upper))
        if report:
            report(self.elapsed(), self.lower, upper)

    def lp_phase(self, deadline: float, report: Callable | None) -> None:
        """Cuts from the master's relaxation until it is closed (its priced cost meets its bound,
        within a tenth of the asked gap), no cut is violated, or 10 rounds raise the bound by less
        than a thousandth of the asked gap. Cuts are separated in-out (Ben-Ameur and Neto) at a
        point between the relaxation's optimum and a core point while that raises the bound, and
        at the optimum itself (Kelley) when it does not."""
        self.master.set_integer(self.integer, False)
        core: np.ndarray | None = None
        weight, upper, stalled = IN_OUT_WEIGHT, np.inf, 0
        while time.perf_counter() < deadline:
            solved = self.solve_master(deadline - time.perf_counter(), mip=False)
            if solved is None:
                return
            x, thetas, bound = solved
            improved = bound > self.lower + 1e-3 * self.options.mip_gap * max(1.0, abs(bound))
            self.lower = max(self.lower, bound)
            core = x if core is None else 0.5 * (core + x)
            point = weight * x + (1.0 - weight) * core
            priced = self.price(point)
            self.rounds += 1
            if all(p is not None and p.leaning <= 1e-6 for p in priced):  # priced without elastic help
                upper = min(upper, self.first_stage_cost(point) + sum(p.value for p in priced))
            self.note(report)
            added = self.add_cuts(point, thetas if weight == 1.0 else None, priced)
            added += self.add_feasibility_cuts(point, priced)
            closed = np.isfinite(upper) and upper - self.lower <= 0.1 * self.options.mip_gap * abs(upper)
            if closed or (weight == 1.0 and added == 0):
                return
            stalled = 0 if improved else stalled + 1
            if stalled >= IN_OUT_PATIENCE and weight < 1.0:
                weight, stalled = 1.0, 0
            elif stalled >= KELLEY_PATIENCE:
                return

    def polish(self, deadline: float, report: Callable | None) -> None:
        """Better capacities for the best plan's sites and builds: its integers fixed, the master's
        relaxation and in-out cuts as in the LP phase. Every separation point keeps those integers,
        so each one priced without elastic help is a plan (an upper bound); the cuts stay valid
        for every plan. The bound of this restricted master is not a bound of the case."""
        integer = self.integer
        fixed = np.round(self.best_x[integer])
        h = self.master.h
        h.changeColsBounds(len(integer), integer.astype(np.int32), fixed, fixed)
        self.master.set_integer(integer, False)
        core: np.ndarray | None = None
        restricted, stalled = -np.inf, 0
        try:
            while time.perf_counter() < deadline and stalled < IN_OUT_PATIENCE:
                solved = self.solve_master(deadline - time.perf_counter(), mip=False)
                if solved is None:
                    return
                x, _thetas, bound = solved
                stalled = 0 if bound > restricted + 1e-3 * self.options.mip_gap * abs(bound) else stalled + 1
                restricted = max(restricted, bound)
                core = x if core is None else 0.5 * (core + x)
                point = IN_OUT_WEIGHT * x + (1.0 - IN_OUT_WEIGHT) * core
                priced = self.price(point)
                self.rounds += 1
                self.keep_if_best(point, priced)
                self.note(report)
                added = self.add_cuts(point, None, priced) + self.add_feasibility_cuts(point, priced)
                if added == 0 or self.best - restricted <= 0.1 * self.options.mip_gap * abs(self.best):
                    return
        finally:
            lower = self.matrices.col_lower[self.master_columns][integer]
            upper = self.matrices.col_upper[self.master_columns][integer]
            h.changeColsBounds(len(integer), integer.astype(np.int32), lower, upper)
            self.master.set_integer(integer, True)

    def keep_if_best(self, x: np.ndarray, priced: list[_Priced | None]) -> bool:
        """Keep ``x`` as the best plan if every group priced it without elastic help and it costs less."""
        if not all(p is not None and p.leaning <= 1e-6 for p in priced):
            return False
        cost = self.first_stage_cost(x) + sum(p.value for p in priced)
        if cost >= self.best:
            return False
        self.best, self.best_x = cost, x.copy()
        for g, p in zip(self.groups, priced, strict=True):
            g.best_values = p.values
        return True

    def mip_phase(self, deadline: float, report: Callable | None) -> None:
        """The master MIP's proven bound and the priced plans, until the gap or the deadline."""
        self.master.set_integer(self.integer, True)
        while time.perf_counter() < deadline:
            solved = self.solve_master(deadline - time.perf_counter(), mip=True)
            if solved is None:
                return
            x, thetas, bound = solved
            self.lower = max(self.lower, bound)
            priced = self.price(x)
            self.rounds += 1
            improved = self.keep_if_best(x, priced)
            self.note(report)
            if improved and not self.polished:  # the first plan: polish its capacities once
                self.polished = True
                self.polish(min(deadline, time.perf_counter() + POLISH_SHARE * self.options.time_limit), report)
            if self.best_x is not None and self.best - self.lower <= self.options.mip_gap * abs(self.best):
                return
            added = self.add_cuts(x, thetas, priced) + self.add_feasibility_cuts(x, priced)
            if added == 0:
                if self.tight:
                    return
                self.tight = True  # no cut at the looser master gap: close the master itself

    def outcome(self) -> DecompositionOutcome:
        self.stages["mip phase"] = self.elapsed() - sum(self.stages.values())
        lower = self.lower if np.isfinite(self.lower) else None
        if self.best_x is None:
            return DecompositionOutcome("no_plan", None, lower, None, self.elapsed(), self.rounds,
                                        len(self.groups), self.history, self.stages)
        _load(self.matrices, self.master_columns, self.best_x, self.groups)
        gap = max(0.0, (self.best - self.lower) / max(1e-9, abs(self.best)))
        status = "optimal" if gap <= self.options.mip_gap + 1e-12 else "time_limit"
        return DecompositionOutcome(status, self.best, lower, gap, self.elapsed(), self.rounds,
                                    len(self.groups), self.history, self.stages)


def decompose(model: pyo.ConcreteModel, options: SolveOptions,
              report: Callable[[float, float, float | None], None] | None = None,
              data: ModelData | None = None) -> DecompositionOutcome:
    """Solve ``model`` (operations mode) by Benders decomposition; load the best plan into it.

    ``report(seconds, lower_bound, upper_bound)`` is called after every round. Raises
    ``NotDecomposable`` when a row joins two (phase, period) groups. With ``data`` (the model's
    ModelData) the master starts with ``coverage_rows``."""
    run = _Benders(model, options, data)
    deadline = run.clock + float(options.time_limit)
    run.lp_phase(run.clock + LP_PHASE_SHARE * float(options.time_limit), report)
    run.stages["lp phase"] = run.elapsed() - sum(run.stages.values())
    run.mip_phase(deadline, report)
    return run.outcome()


def _least_elastic(group: _Group) -> tuple[float, np.ndarray] | None:
    """F_g(x), the least elastic use at the x its row bounds are set for, and its subgradient."""
    h, own = group.problem.h, np.arange(len(group.columns), dtype=np.int32)
    costs = np.asarray(h.getLp().col_cost_, dtype=np.float64)[: len(own)]
    h.changeColsCost(len(own), own, np.zeros(len(own)))
    h.changeColsCost(len(group.elastic), group.elastic.astype(np.int32), np.ones(len(group.elastic)))
    try:
        if group.problem.run() != "optimal":
            return None
        return group.problem.objective(), -(group.coupling.T @ group.problem.row_duals())
    finally:
        h.changeColsCost(len(own), own, costs)
        _set_elastic_price(group, group.elastic_price)


def _set_elastic_price(group: _Group, price: float) -> None:
    group.elastic_price = price
    group.problem.h.changeColsCost(len(group.elastic), group.elastic.astype(np.int32),
                                   np.full(len(group.elastic), price))


def _load(matrices: ModelMatrices, master_columns: np.ndarray, x: np.ndarray, groups: list[_Group]) -> None:
    """Put the best plan's values on the Pyomo variables (integers rounded)."""
    variables = matrices.variables
    for j, value in zip(master_columns, x, strict=True):
        variables[j].set_value(round(value) if matrices.integer[j] else float(value), skip_validation=True)
    for g in groups:
        if g.best_values is None:
            continue
        for j, value in zip(g.columns, g.best_values[: len(g.columns)], strict=True):
            variables[j].set_value(float(value), skip_validation=True)


DECOMPOSE_STEP_COLUMNS = 100_000
"""``decomposition="auto"`` decomposes models with more per-step columns than this: below it
the monolithic solve closes the gap as fast (benchmarks/decomposition.py)."""


def wanted(model: pyo.ConcreteModel, options: SolveOptions) -> bool:
    """Whether to decompose ``model``: asked for, or "auto" and large enough."""
    if options.decomposition == "off":
        return False
    steps = sum(len(getattr(model, name)) for name in STEP_VARIABLES if hasattr(model, name))
    if steps == 0:
        return False
    return options.decomposition == "on" or steps > DECOMPOSE_STEP_COLUMNS


def decomposed_outcome(model: pyo.ConcreteModel, options: SolveOptions,
                       data: ModelData | None = None) -> SolveOutcome | None:
    """``decompose`` as a ``SolveOutcome`` (None: the model cannot be decomposed or gave no plan,
    so the caller solves it whole)."""
    from planner.solver.highs import solver_version
    from planner.solver.progress import ProgressLine

    line = ProgressLine("decomposition", options.time_limit, options.log_stream) if options.progress else None

    def report(seconds: float, lower: float, upper: float | None) -> None:
        if line is not None:
            gap = None if upper is None else max(0.0, (upper - lower) / max(1e-9, abs(upper)))
            line.update(seconds, upper, lower, gap)

    try:
        found = decompose(model, options, report, data)
    except NotDecomposable:
        return None
    finally:
        if line is not None:
            line.close()
    if found.objective is None:
        return None
    log = (f"Benders decomposition: {found.groups} (phase, period) subproblems, {found.iterations} rounds, "
           f"objective {found.objective:.6g}, bound {found.bound:.6g}, gap {100 * (found.gap or 0):.4f}%; "
           + ", ".join(f"{k} {v:.1f} s" for k, v in found.stage_seconds.items()))
    return SolveOutcome(status=found.status, termination="decomposition", has_solution=True,
                        objective=found.objective, bound=found.bound, gap=found.gap,
                        solve_seconds=found.seconds, highs_seconds=None, solver_version=solver_version(),
                        log=log)
