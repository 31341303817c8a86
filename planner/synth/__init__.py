"""Synthetic Japan-like cases of any size, for tests and benchmarks (``wattbit synth``)."""

from planner.synth.generator import (
    Rows,
    Witness,
    generate,
    generate_with_witness,
    write,
    write_rows,
)

__all__ = ["Rows", "Witness", "generate", "generate_with_witness", "write", "write_rows"]
