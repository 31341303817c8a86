"""``plan_violations``: an independent check of every row and bound of a plan.

Tiny hand-made models where each violation is known exactly, solved real
cases (which must pass) with one variable perturbed (which must be named),
and agreement with Pyomo's own evaluator on the full model's expression shapes.
"""

from __future__ import annotations

import ast
import math
import random
from pathlib import Path

import pyomo.environ as pyo
import pytest
from pyomo.common.collections import ComponentMap

import planner
from planner import synth
from planner.model import build_model
from planner.model import check as check_module
from planner.model.check import PlanCheck, plan_violations
from planner.solver.options import SolveOptions
from planner.solver.run import optimise
from support import read_capacity_case

ROOT = Path(__file__).resolve().parents[2]
JAPAN = ROOT / "inputs" / "japan_watt_bit.xlsx"
EXAMPLE = ROOT / "inputs" / "example.xlsx"
EXACT = {"rel": 1e-12, "abs": 1e-12}


def exact(value: float) -> object:
    return pytest.approx(value, **EXACT)


def clean(check: PlanCheck) -> None:
    """Nothing violated at all (hand-made models hold exact values)."""
    assert check.max_row_violation == 0.0 and check.worst_row is None
    assert check.max_row_violation_relative == 0.0 and check.worst_row_relative is None
    assert check.max_bound_violation == 0.0 and check.worst_bound is None
    assert check.max_integrality_violation == 0.0 and check.worst_integer is None
    assert check.unvalued == 0
    assert check.ok()


# --------------------------------------------------------------------------- tiny models

def test_a_row_violated_by_2_5() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 10))
    m.y = pyo.Var(bounds=(0, 10))
    m.cap = pyo.Constraint([("R1", "P1"), ("R2", "P1")],
                           rule=lambda m, r, t: m.x + 2 * m.y <= (4 if r == "R1" else 100))
    m.x.set_value(3.0)
    m.y.set_value(1.75)  # 3 + 3.5 = 6.5 = 4 + 2.5
    c = plan_violations(m)
    assert c.max_row_violation == exact(2.5)
    assert c.worst_row == "cap[R1,P1]"
    assert c.max_row_violation_relative == exact(2.5 / 4)
    assert c.worst_row_relative == "cap[R1,P1]"
    assert c.max_bound_violation == 0.0 and c.max_integrality_violation == 0.0
    assert (c.rows, c.columns) == (2, 2)
    assert not c.ok()
    m.y.set_value(0.5)
    clean(plan_violations(m))


def test_the_row_constant_moves_to_the_right_hand_side() -> None:
    """x - 2000 <= 0 is the row x <= 2000 to a solver: relative to |rhs| = 2000."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.z = pyo.Var()
    m.c = pyo.Constraint(expr=m.x + 1.5 * m.z <= 2000 + m.z)  # x + 0.5 z <= 2000
    m.x.set_value(2001.0)
    m.z.set_value(2.0)
    c = plan_violations(m)
    assert c.max_row_violation == exact(2.0)
    assert c.max_row_violation_relative == exact(2.0 / 2000)
    assert c.worst_row == c.worst_row_relative == "c"


def test_upper_and_lower_bound_violations() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(["a", "b"], bounds=(0, 10))
    m.y = pyo.Var(within=pyo.NonNegativeReals)
    m.c = pyo.Constraint(expr=m.x["a"] + m.x["b"] + m.y >= 0)
    m.x["a"].set_value(12.5, skip_validation=True)
    m.x["b"].set_value(5.0)
    m.y.set_value(-0.25, skip_validation=True)
    c = plan_violations(m)
    assert c.max_bound_violation == exact(2.5)
    assert c.worst_bound == "x[a]"
    assert c.max_row_violation == 0.0
    assert not c.ok()
    m.x["a"].set_value(9.0)
    c = plan_violations(m)
    assert c.max_bound_violation == exact(0.25)  # the domain's lower bound counts too
    assert c.worst_bound == "y"


def test_fractional_binary_and_integer() -> None:
    m = pyo.ConcreteModel()
    m.b = pyo.Var([1, 2], within=pyo.Binary)
    m.n = pyo.Var(within=pyo.NonNegativeIntegers)
    m.r = pyo.Var(bounds=(0, 1))
    m.c = pyo.Constraint(expr=m.b[1] + m.b[2] + m.n + m.r <= 100)
    m.b[1].set_value(0.3, skip_validation=True)
    m.b[2].set_value(1.0)
    m.n.set_value(4.0)
    m.r.set_value(0.5)  # continuous: not an integrality violation
    c = plan_violations(m)
    assert c.max_integrality_violation == exact(0.3)
    assert c.worst_integer == "b[1]"
    assert c.max_bound_violation == 0.0 and c.max_row_violation == 0.0
    assert not c.ok()
    m.b[1].set_value(0.7, skip_validation=True)
    assert plan_violations(m).max_integrality_violation == exact(0.3)
    m.b[1].set_value(1.0)
    m.n.set_value(2.6, skip_validation=True)
    c = plan_violations(m)
    assert c.max_integrality_violation == exact(0.4) and c.worst_integer == "n"


def test_fixed_variables_moved() -> None:
    """Fixed through bounds (lb == ub, as the model fixes settled decisions) and by fix()."""
    m = pyo.ConcreteModel()
    m.open = pyo.Var(within=pyo.Binary, bounds=(1, 1))
    m.x = pyo.Var(bounds=(0, 1))
    m.y = pyo.Var(bounds=(0, 10))
    m.c = pyo.Constraint(expr=m.x + m.y == 5)
    m.open.set_value(1)
    m.x.fix(1.0)
    m.y.set_value(4.0)
    clean(plan_violations(m))
    m.open.set_value(0.0, skip_validation=True)  # settled at 1, moved to 0
    c = plan_violations(m)
    assert c.max_bound_violation == exact(1.0) and c.worst_bound == "open"
    m.open.set_value(1)
    m.x.set_value(1.4, skip_validation=True)  # fixed, moved: its row and its bound see it
    c = plan_violations(m)
    assert c.max_bound_violation == exact(0.4) and c.worst_bound == "x"
    assert c.max_row_violation == exact(0.4) and c.worst_row == "c"
    assert m.x.fixed


def test_equality_row_both_ways() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.y = pyo.Var()
    m.balance = pyo.Constraint(["R1"], ["P1"], rule=lambda m, r, t: m.x - m.y == 3)
    m.y.set_value(0.0)
    m.x.set_value(1.0)
    c = plan_violations(m)
    assert c.max_row_violation == exact(2.0) and c.worst_row == "balance[R1,P1]"
    assert c.max_row_violation_relative == exact(2.0 / 3)
    m.x.set_value(4.5)
    c = plan_violations(m)
    assert c.max_row_violation == exact(1.5) and c.worst_row == "balance[R1,P1]"
    m.x.set_value(3.0)
    clean(plan_violations(m))


def test_ranged_row() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.y = pyo.Var()
    m.band = pyo.Constraint(expr=pyo.inequality(2, m.x + m.y + 1, 10))  # 1 <= x + y <= 9
    m.y.set_value(0.0)
    m.x.set_value(12.0)
    c = plan_violations(m)
    assert c.max_row_violation == exact(3.0)
    assert c.max_row_violation_relative == exact(3.0 / 9)
    m.x.set_value(0.25)
    c = plan_violations(m)
    assert c.max_row_violation == exact(0.75)
    assert c.max_row_violation_relative == exact(0.75)  # rhs 1 -> divided by max(1, 1)
    m.x.set_value(5.0)
    clean(plan_violations(m))


def test_ranged_row_with_mutable_bounds() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.lo = pyo.Param(mutable=True, initialize=1.0)
    m.hi = pyo.Param(mutable=True, initialize=4.0)
    m.band = pyo.Constraint(expr=pyo.inequality(m.lo, m.x, m.hi))
    m.x.set_value(3.0)
    clean(plan_violations(m))
    m.hi.set_value(2.0)
    assert plan_violations(m).max_row_violation == exact(1.0)
    m.lo.set_value(3.5)
    m.hi.set_value(8.0)
    assert plan_violations(m).max_row_violation == exact(0.5)


def test_mutable_params_changed_between_calls() -> None:
    """Coefficients and right-hand sides are read at their current values on every call."""
    m = pyo.ConcreteModel()
    m.i = pyo.Set(initialize=["a", "b"])
    m.x = pyo.Var(m.i, bounds=(0, 100))
    m.p = pyo.Param(m.i, mutable=True, initialize={"a": 2.0, "b": 3.0})
    m.demand = pyo.Param(mutable=True, initialize=12.0)
    m.share = pyo.Param(mutable=True, initialize=0.5)
    m.meet = pyo.Constraint(expr=sum(m.p[i] * m.x[i] for i in m.i) >= m.demand)
    m.cap = pyo.Constraint(expr=m.x["a"] <= m.share * (m.x["a"] + m.x["b"]) + 1)
    m.x["a"].set_value(3.0)
    m.x["b"].set_value(2.0)  # 2*3 + 3*2 = 12; 3 <= 0.5*5 + 1
    clean(plan_violations(m))
    structure = check_module._STRUCTURES[m]
    m.p["b"].set_value(1.0)  # 6 + 2 = 8 < 12
    c = plan_violations(m)
    assert c.max_row_violation == exact(4.0) and c.worst_row == "meet"
    assert c.max_row_violation_relative == exact(4.0 / 12)
    m.demand.set_value(7.5)
    m.share.set_value(0.2)  # 3 <= 0.2*5 + 1 = 2 fails by 1
    c = plan_violations(m)
    assert c.max_row_violation == exact(1.0) and c.worst_row == "cap"
    assert check_module._STRUCTURES[m] is structure  # values changed, structure kept
    m.share.set_value(0.5)
    clean(plan_violations(m))
    m.top = pyo.Param(mutable=True, initialize=5.0)
    m.x["b"].setub(m.top)  # a variable bound read at the Param's current value
    clean(plan_violations(m))
    m.top.set_value(1.5)
    c = plan_violations(m)
    assert c.max_bound_violation == exact(0.5) and c.worst_bound == "x[b]"


def test_variable_without_value() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 1))
    m.y = pyo.Var(bounds=(0, 1))
    m.spare = pyo.Var(within=pyo.Binary)  # in no row: not a violation
    m.c = pyo.Constraint(expr=m.x + m.y <= 1)
    m.d = pyo.Constraint(expr=m.spare <= 1)
    m.d.deactivate()
    m.x.set_value(0.5)
    c = plan_violations(m)
    assert c.worst_bound == "y" and math.isinf(c.max_bound_violation)
    assert c.unvalued == 1
    assert c.max_row_violation == 0.0  # the row cannot be scored without y
    assert not c.ok()
    m.y.set_value(0.25)
    clean(plan_violations(m))
    m.d.activate()  # now spare is in an active row
    c = plan_violations(m)
    assert c.worst_bound == "spare" and c.unvalued == 1 and not c.ok()


def test_nan_value_fails() -> None:
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.c = pyo.Constraint(expr=m.x <= 1)
    m.x.set_value(math.nan)
    c = plan_violations(m)
    assert math.isinf(c.max_bound_violation) and c.worst_bound == "x" and not c.ok()


def test_only_active_rows_and_changed_rows() -> None:
    """Deactivating, reactivating and replacing rows or named Expressions is seen."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.p = pyo.Param(mutable=True, initialize=1.0)
    m.total = pyo.Expression(expr=2 * m.x)
    m.a = pyo.Constraint(expr=m.x <= 1)
    m.b = pyo.Constraint(expr=m.total <= 5)
    m.x.set_value(2.0)
    c = plan_violations(m)
    assert c.worst_row == "a" and c.max_row_violation == exact(1.0) and c.rows == 2
    m.a.deactivate()
    c = plan_violations(m)
    assert c.rows == 1
    clean(c)
    m.total.set_value(4 * m.x)  # 8 <= 5 fails by 3
    c = plan_violations(m)
    assert c.worst_row == "b" and c.max_row_violation == exact(3.0)
    m.b.set_value(m.total <= 10 * m.p)
    clean(plan_violations(m))
    m.p.set_value(0.5)
    assert plan_violations(m).max_row_violation == exact(3.0)
    m.a.activate()
    c = plan_violations(m)
    assert c.rows == 2 and c.worst_row == "b"


def test_rows_of_other_shapes() -> None:
    """Nonlinear rows (evaluated as they stand), division by Params, Params in named
    Expressions multiplying a variable, a product of two sums with one fixed."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.y = pyo.Var()
    m.p = pyo.Param(mutable=True, initialize=4.0)
    m.q = pyo.Param(mutable=True, initialize=1.0)
    m.scale = pyo.Expression(expr=m.p + m.q)
    m.product = pyo.Constraint(expr=m.x * m.y <= 2)
    m.ratio = pyo.Constraint(expr=m.x / m.p <= 1)
    m.scaled = pyo.Constraint(expr=m.scale * m.y <= 10)
    m.mixed = pyo.Constraint(expr=(m.p - m.q) * (m.x + 2 * m.y) == 12)
    m.x.set_value(2.0)
    m.y.set_value(2.0)
    m.shapes = pyo.Constraint(["sum_ratio", "named_ratio", "negated"])
    m.shapes["sum_ratio"] = (m.x + m.y) / m.p <= 0.25  # 4/4 > 0.25 by 0.75
    m.shapes["named_ratio"] = (m.x + m.y) / m.scale <= 0.3  # 4/5 > 0.3 by 0.5
    m.shapes["negated"] = -(m.x + m.y) + 5 >= 1.5  # 1 < 1.5 by 0.5
    for row, gap in (("sum_ratio", 0.75), ("named_ratio", 0.5), ("negated", 0.5)):
        m.shapes.deactivate()
        m.shapes[row].activate()
        m.mixed.deactivate()
        m.product.deactivate()
        c = plan_violations(m)
        assert (c.worst_row, c.max_row_violation) == (f"shapes[{row}]", exact(gap))
        assert not check_module._STRUCTURES[m].direct
    m.shapes.deactivate()
    m.product.activate()
    m.mixed.activate()
    c = plan_violations(m)  # x*y = 4 > 2 by 2; (4-1)*(2+4) = 18 misses 12 by 6
    assert c.worst_row == "mixed" and c.max_row_violation == exact(6.0)
    m.mixed.deactivate()
    c = plan_violations(m)
    assert c.worst_row == "product" and c.max_row_violation == exact(2.0)
    assert len(check_module._STRUCTURES[m].direct) == 1  # only x*y is evaluated as it stands
    m.mixed.activate()
    m.y.set_value(1.0)  # 2*1 <= 2; 2/4 <= 1; 5*1 <= 10; 3*(2+2) == 12
    clean(plan_violations(m))
    m.p.set_value(1.5)  # 2/1.5 > 1 by 1/3; (0.5)*(4) = 2 misses 12 by 10
    c = plan_violations(m)
    assert c.worst_row == "mixed" and c.max_row_violation == exact(10.0)
    m.mixed.deactivate()
    c = plan_violations(m)
    assert c.worst_row == "ratio" and c.max_row_violation == exact(1 / 3)
    m.p.set_value(4.0)
    m.q.set_value(7.0)  # 11*1 > 10 by 1
    c = plan_violations(m)
    assert c.worst_row == "scaled" and c.max_row_violation == exact(1.0)


def test_rows_evaluated_as_they_stand_still_see_changes() -> None:
    """A named Expression first met in a nonlinear row is still watched in the linear
    rows after it; a variable without a value in a nonlinear row is reported."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.y = pyo.Var()
    m.z = pyo.Var()
    m.twice = pyo.Expression(expr=2 * m.x)
    m.curved = pyo.Constraint(expr=m.twice + m.x * m.y <= 100)
    m.straight = pyo.Constraint(expr=m.twice <= 5)
    m.x.set_value(2.0)
    m.y.set_value(1.0)
    clean(plan_violations(m))
    m.twice.set_value(4 * m.x)  # 8 > 5 by 3
    c = plan_violations(m)
    assert c.worst_row == "straight" and c.max_row_violation == exact(3.0)
    m.square = pyo.Constraint(expr=m.z * m.z <= 4)
    c = plan_violations(m)
    assert c.worst_bound == "z" and c.unvalued == 1 and not c.ok()
    m.z.set_value(3.0)  # 9 > 4 by 5
    c = plan_violations(m)
    assert c.worst_row == "square" and c.max_row_violation == exact(5.0)


def test_tolerance_rule() -> None:
    """Rows relative to max(1, |rhs|), bounds absolute, integrality 10x looser."""
    def check(**fields: float) -> PlanCheck:
        base: dict[str, object] = {
            "max_row_violation": 0.0, "worst_row": None, "max_row_violation_relative": 0.0,
            "worst_row_relative": None, "max_bound_violation": 0.0, "worst_bound": None,
            "max_integrality_violation": 0.0, "worst_integer": None, "rows": 1, "columns": 1,
        }
        return PlanCheck(**{**base, **fields})  # type: ignore[arg-type]

    assert check(max_row_violation=0.5, max_row_violation_relative=5e-7).ok()
    assert not check(max_row_violation_relative=2e-6).ok()
    assert check(max_row_violation_relative=2e-6).ok(tolerance=1e-5)
    assert check(max_bound_violation=9e-7).ok()
    assert not check(max_bound_violation=2e-6).ok()
    assert check(max_integrality_violation=9e-6).ok()
    assert not check(max_integrality_violation=2e-5).ok()
    assert not check(max_row_violation_relative=math.nan).ok()
    assert not check(unvalued=1).ok()
    # a row with a big right-hand side: 0.5 off 1e6 passes, 0.5 off 1 does not
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.big = pyo.Constraint(expr=m.x <= 1e6)
    m.x.set_value(1e6 + 0.5)
    assert plan_violations(m).ok()
    m.big.set_value(m.x <= 1)
    m.x.set_value(1.5)
    assert not plan_violations(m).ok()


def test_no_solver_code_imported() -> None:
    """The check must not lean on the solver side of Pyomo (pyomo.repn, pyomo.contrib.solver)."""
    tree = ast.parse(Path(check_module.__file__).read_text())
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names]
    modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert modules and not [name for name in modules
                            if name.startswith(("pyomo.repn", "pyomo.contrib"))]
    assert "planner.solve" not in modules


# --------------------------------------------------------------------------- real cases

def solved_model(path: Path, mutable: bool = False, gap: float = 1e-4) -> pyo.ConcreteModel:
    model = build_model(read_capacity_case(path), mutable=mutable)
    outcome = optimise(model, SolveOptions(mip_gap=gap, time_limit=120.0, threads=1,
                                              random_seed=0))
    assert outcome.status == "optimal", outcome.status
    return model


@pytest.fixture(scope="module")
def japan() -> pyo.ConcreteModel:
    return solved_model(JAPAN)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> pyo.ConcreteModel:
    path = synth.write(tmp_path_factory.mktemp("check") / "synth200.xlsx", 200, 6, 7)
    return solved_model(path, gap=1e-2)


@pytest.fixture(params=["japan", "synthetic"])
def real(request: pytest.FixtureRequest) -> pyo.ConcreteModel:
    model = request.getfixturevalue(request.param)
    values = [(v, v.value) for v in model.component_data_objects(pyo.Var)]
    yield model
    for v, value in values:  # undo a test's perturbation for the next one
        v.set_value(value, skip_validation=True)
    for c in model.component_data_objects(pyo.Constraint):
        c.activate()


def test_solved_plans_pass(real: pyo.ConcreteModel) -> None:
    c = plan_violations(real)
    assert c.ok(), c
    assert c.max_row_violation < 1e-6
    assert c.max_row_violation_relative < 1e-6
    assert c.max_bound_violation < 1e-6
    assert c.max_integrality_violation < 1e-6
    assert c.rows == sum(1 for _ in real.component_data_objects(pyo.Constraint, active=True))
    assert c.columns == sum(1 for _ in real.component_data_objects(pyo.Var))
    assert c.rows > 2000 and c.unvalued == 0


def test_solved_plan_with_one_row_broken(real: pyo.ConcreteModel) -> None:
    """Less served at one site breaks exactly that region's demand_balance row."""
    var, row = next(
        (real.served_mw[r, s, t], real.demand_balance[r, t])
        for (r, s, t) in real.service_phases
        if real.served_mw[r, s, t].value > 1.0 and (r, t) in real.demand_balance
    )
    var.set_value(var.value - 0.75)
    c = plan_violations(real)
    assert c.worst_row == row.name
    assert c.max_row_violation == pytest.approx(0.75, abs=1e-6)
    assert c.max_row_violation_relative == pytest.approx(0.75 / max(1.0, abs(row.upper())), rel=1e-6)
    assert c.max_bound_violation < 1e-6 and not c.ok()
    row.deactivate()  # no other row is broken
    assert plan_violations(real).ok()


def test_solved_plan_with_one_bound_broken(real: pyo.ConcreteModel) -> None:
    var = next(v for v in real.it_mw.values() if v.ub is not None and v.ub > 0)
    var.set_value(var.ub + 3.0, skip_validation=True)
    c = plan_violations(real)
    assert c.worst_bound == var.name
    assert c.max_bound_violation == pytest.approx(3.0, abs=1e-9)
    assert c.max_integrality_violation < 1e-6 and not c.ok()


def test_solved_plan_with_one_binary_fractional(real: pyo.ConcreteModel) -> None:
    var = next(v for v in real.build.values() if v.lb != v.ub)
    var.set_value(0.3 if var.value < 0.5 else 0.7, skip_validation=True)
    c = plan_violations(real)
    assert c.worst_integer == var.name
    assert c.max_integrality_violation == pytest.approx(0.3, abs=1e-9)
    assert c.max_bound_violation < 1e-6 and not c.ok()


# --------------------------------------------------------------------------- agreement

def pyomo_violations(model: pyo.ConcreteModel) -> tuple[float, str | None, float, float, str | None]:
    """The same check written plainly with Pyomo's own evaluator, row by row.

    The relative violation needs each row's constant part, found by evaluating
    the body with every variable at 0.
    """
    values = [(v, v.value) for v in model.component_data_objects(pyo.Var)]
    for v, _ in values:
        v.set_value(0.0, skip_validation=True)
    rows = list(model.component_data_objects(pyo.Constraint, active=True))
    constants = ComponentMap((c, pyo.value(c.body)) for c in rows)
    for v, value in values:
        v.set_value(value, skip_validation=True)
    worst, worst_row, relative = 0.0, None, 0.0
    for c in rows:
        body, k = pyo.value(c.body), constants[c]
        for bound, gap in ((c.lb, None if c.lb is None else c.lb - body),
                           (c.ub, None if c.ub is None else body - c.ub)):
            if gap is not None and gap > 0:
                if gap > worst:
                    worst, worst_row = gap, c.name
                relative = max(relative, gap / max(1.0, abs(bound - k)))
    bound_worst, bound_var = 0.0, None
    for v, x in values:
        lb, ub = v.bounds
        gap = max(0.0, (lb - x) if lb is not None else 0.0, (x - ub) if ub is not None else 0.0)
        if gap > bound_worst:
            bound_worst, bound_var = gap, v.name
    return worst, worst_row, relative, bound_worst, bound_var


@pytest.mark.parametrize("mutable", [False, True], ids=["fixed", "mutable"])
def test_agrees_with_pyomo_on_the_full_model(mutable: bool, tmp_path: Path) -> None:
    """Random values (off bounds too) on every expression shape the model builds,
    with mutable Params changed between calls."""
    path = synth.write(tmp_path / "synth60.xlsx", 60, 3, 3)
    model = build_model(planner.read_workbook(path), mutable=mutable)
    rng = random.Random(5)
    variables = list(model.component_data_objects(pyo.Var))
    for round_ in range(3):
        for v in variables:
            lb, ub = v.bounds
            lb = -5.0 if lb is None else lb
            ub = lb + 50.0 if ub is None else ub
            v.set_value(rng.uniform(lb - 0.01, ub + 0.01), skip_validation=True)
        if mutable and round_:
            for param in (model.demand_mw, model.pue, model.capacity_bound_mw, model.tbps):
                for p in param.values():
                    p.set_value(p.value * rng.uniform(0.5, 1.5))
        c = plan_violations(model)
        worst, worst_row, relative, bound, bound_var = pyomo_violations(model)
        assert c.max_row_violation == pytest.approx(worst, rel=1e-9)
        assert c.worst_row == worst_row
        assert c.max_row_violation_relative == pytest.approx(relative, rel=1e-9)
        assert c.max_bound_violation == pytest.approx(bound, rel=1e-12)
        assert c.worst_bound == bound_var
        assert len(check_module._STRUCTURES[model].direct) == 0  # every row took the fast path


def test_a_variable_whose_terms_cancel_needs_no_value() -> None:
    """-p + p (a grid link from an area to itself): no solver gives p a value, and no row
    really reads it, so the plan is fine; a real term still makes it count."""
    m = pyo.ConcreteModel()
    m.p = pyo.Var(bounds=(-5, 5))
    m.x = pyo.Var(bounds=(0, 10))
    m.balance = pyo.Constraint(expr=m.x - m.p + m.p <= 4)
    m.x.set_value(3.0)
    check = plan_violations(m)
    assert check.ok() and check.unvalued == 0 and check.max_bound_violation == 0.0
    m.other = pyo.Constraint(expr=m.p + m.x >= 1)
    check = plan_violations(m)
    assert not check.ok() and check.unvalued == 1 and check.worst_bound == "p"
