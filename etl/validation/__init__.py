"""Validation of the extracts against the contract: schemas, then named rules across files, each
finding with file, row, column, value and what was expected."""
