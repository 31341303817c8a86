"""Result tables: one module per sheet or sheet family, plain DataFrames out.

No Pyomo object leaves this package. ``registry`` lists the sheets and their
units; ``registry.extract_tables`` builds every decision sheet of a solved model.
"""
