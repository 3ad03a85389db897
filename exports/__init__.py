"""The managers' weekly files: CSV they open in Excel, built from the store's manager-facing reads."""
