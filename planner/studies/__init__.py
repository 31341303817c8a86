"""Studies on top of the pipeline: re-solves, sweeps, explain, alternatives, marginal values,
rolling horizon, infeasibility diagnosis. Import the submodules; this package imports none."""
