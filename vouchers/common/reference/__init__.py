"""Reference data kept as data, not logic: postal-code regions, NACE codes, domains."""
