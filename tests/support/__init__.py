"""Helpers shared by every test folder: tiny workbooks from Python rows, OR-Library cases."""
