"""Workbook input and output: schema, reader, writer."""
