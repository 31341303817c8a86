"""A built model as matrices, and HiGHS on matrices: what the decomposition needs.

``model_matrices(model)`` hands the Pyomo model to HiGHS once (the same hand-off as a
solve) and reads back its columns, rows and objective as numpy/scipy arrays with the
Pyomo variable of every column. ``MatrixProblem`` is one HiGHS instance built from
such arrays (a Benders master or subproblem): change row bounds, add columns or rows,
switch integrality, run, read primal values and row duals. HiGHS's dual convention:
for a minimisation, ``row_dual[i]`` is the change of the optimum per unit the active
bound of row ``i`` moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyomo.environ as pyo
import scipy.sparse as sp

from planner.solver import highs


@dataclass
class ModelMatrices:
    """``min cost @ x + offset`` s.t. ``row_lower <= A @ x <= row_upper``, column bounds, integers."""

    matrix: sp.csr_matrix
    cost: np.ndarray
    offset: float
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    integer: np.ndarray
    """Boolean per column."""
    variables: list[Any]
    """The Pyomo variable of each column."""


def model_matrices(model: pyo.ConcreteModel) -> ModelMatrices:
    """The model's LP/MIP data as HiGHS holds it after the hand-off."""
    import highspy

    solver = highs.new_interface()
    solver.set_instance(model)
    h = highs.highspy_of(solver)
    if h is None:
        raise RuntimeError("the decomposition needs the HiGHS hand-off (planner.solver.highs.private_access)")
    lp = h.getLp()
    n, m = lp.num_col_, lp.num_row_
    a = lp.a_matrix_
    parts = (np.asarray(a.value_, dtype=np.float64), np.asarray(a.index_, dtype=np.int64),
             np.asarray(a.start_, dtype=np.int64))
    by_rows = a.format_ == highspy.MatrixFormat.kRowwise
    matrix = sp.csr_matrix(parts, shape=(m, n)) if by_rows else sp.csc_matrix(parts, shape=(m, n)).tocsr()
    integrality = np.asarray([kind == highspy.HighsVarType.kInteger for kind in lp.integrality_], dtype=bool) \
        if len(lp.integrality_) else np.zeros(n, dtype=bool)
    columns = highs.column_variables(solver)
    sense = 1.0 if lp.sense_ == highspy.ObjSense.kMinimize else -1.0
    return ModelMatrices(
        matrix=matrix, cost=sense * np.asarray(lp.col_cost_, dtype=np.float64),
        offset=sense * float(lp.offset_), col_lower=np.asarray(lp.col_lower_, dtype=np.float64),
        col_upper=np.asarray(lp.col_upper_, dtype=np.float64),
        row_lower=np.asarray(lp.row_lower_, dtype=np.float64),
        row_upper=np.asarray(lp.row_upper_, dtype=np.float64), integer=integrality,
        variables=[columns[j] for j in range(n)])


class MatrixProblem:
    """One HiGHS instance over given arrays (minimise), quiet, with fixed threads and seed."""

    def __init__(self, matrix: sp.spmatrix, cost: np.ndarray, col_lower: np.ndarray, col_upper: np.ndarray,
                 row_lower: np.ndarray, row_upper: np.ndarray, *, threads: int | None = None, random_seed: int = 0,
                 integer: np.ndarray | None = None) -> None:
        import highspy

        self._highspy = highspy
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        if threads is not None:  # every instance in a process must ask for the same count
            h.setOptionValue("threads", int(threads))
        h.setOptionValue("random_seed", int(random_seed))
        csc = sp.csc_matrix(matrix)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = csc.shape[1], csc.shape[0]
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, col_lower, col_upper
        lp.row_lower_, lp.row_upper_ = row_lower, row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
        lp.a_matrix_.index_ = csc.indices.astype(np.int32)
        lp.a_matrix_.value_ = csc.data.astype(np.float64)
        if integer is not None and integer.any():
            lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                               for i in integer]
        h.passModel(lp)
        self.h = h
        self.num_col = csc.shape[1]

    def set_row_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        self.h.changeRowsBounds(len(rows), rows.astype(np.int32), lower, upper)

    def add_columns(self, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """New empty columns; their indices."""
        first = self.num_col
        self.h.addCols(len(cost), cost, lower, upper, 0, np.zeros(len(cost) + 1, dtype=np.int32)[:-1],
                       np.array([], dtype=np.int32), np.array([], dtype=np.float64))
        self.num_col += len(cost)
        return np.arange(first, self.num_col)

    def add_rows(self, lower: list[float], upper: list[float], rows: list[tuple[np.ndarray, np.ndarray]]) -> None:
        """Several rows in one call (HiGHS copies its matrix on every call)."""
        if not rows:
            return
        starts = np.cumsum([0] + [len(index) for index, _value in rows[:-1]]).astype(np.int32)
        index = np.concatenate([i for i, _v in rows]).astype(np.int32)
        value = np.concatenate([v for _i, v in rows]).astype(np.float64)
        self.h.addRows(len(rows), np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64),
                       len(index), starts, index, value)

    def set_integer(self, columns: np.ndarray, integer: bool) -> None:
        kind = self._highspy.HighsVarType.kInteger if integer else self._highspy.HighsVarType.kContinuous
        self.h.changeColsIntegrality(len(columns), columns.astype(np.int32),
                                     np.array([kind] * len(columns)))

    def set_options(self, **options: float | str | bool) -> None:
        for name, value in options.items():
            self.h.setOptionValue(name, value)

    def run(self) -> str:
        """'optimal', 'infeasible', 'time_limit' or another word; HiGHS's model status, shortened."""
        self.h.run()
        status = self.h.getModelStatus()
        names = {self._highspy.HighsModelStatus.kOptimal: "optimal",
                 self._highspy.HighsModelStatus.kInfeasible: "infeasible",
                 self._highspy.HighsModelStatus.kTimeLimit: "time_limit",
                 self._highspy.HighsModelStatus.kUnbounded: "unbounded"}
        return names.get(status, str(status))

    def objective(self) -> float:
        return float(self.h.getInfo().objective_function_value)

    def dual_bound(self) -> float:
        """The MIP's proven lower bound (the objective for an LP)."""
        info = self.h.getInfo()
        return float(info.mip_dual_bound) if self.h.getLp().integrality_ else float(info.objective_function_value)

    def has_solution(self) -> bool:
        return bool(self.h.getInfo().primal_solution_status == 2)

    def values(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().col_value, dtype=np.float64)

    def row_duals(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().row_dual, dtype=np.float64)
