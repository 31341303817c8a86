"""Synthetic Japan-like cases of any size, for tests and benchmarks (``wattbit synth``)."""

from planner.synth.generator import (
    Rows,
    Witness,
    generate,
    generate_with_witness,
    write,
    write_rows,
)

from planner.synth.shapes import SHAPES, shaped

__all__ = ["SHAPES", "Rows", "Witness", "generate", "generate_with_witness", "shaped", "write", "write_rows"]
