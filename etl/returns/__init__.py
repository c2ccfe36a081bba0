"""Providers' returns: the data contract as spreadsheet templates, and the returns providers send, checked cell by
cell and taken into the extracts the ETL reads.

- `sheets` the templates' layout: which sheets, which contract columns on each, and which the provider may change;
  `expected` what a provider owes for a quarter (its sheets, the rows pre-filled, the deadlines);
  `context` the VRU's current extracts that a return is checked against;
- `template` builds a template with openpyxl (dropdowns behind named ranges, locked headers and keys, a hidden
  identity, an About sheet from `about`);
- `safety` refuses a file before any parser sees it (size, type by its first bytes, macros, decompression bombs);
  `workbook` and `csvfile` read a return into cells; `cells` turns a cell into the contract's text; `layout` turns
  the cells into one frame per extract, with what is wrong with the workbook's shape;
- `check` runs the ETL's own rules (`etl.validation`) and the returns' (`rules`) and points every finding at its
  sheet and cell; `report` writes the findings CSV, `annotate` the provider's workbook back with its faults marked;
- `intake` takes clean returns into the extracts (`vru-etl returns import`), keeping every return in `history` and
  what was received in the internal database (`log`).

Imports the contract and validation; never the demo generator or the dashboard.
"""
