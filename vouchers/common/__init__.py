"""What every stage uses, and nothing stage-specific: validators and reference data,
upload checks by content, virus scanning, the private file download, the shared
pieces of correspondence (contact address, redress date, queueing a letter), the
French decimal input, and the staff predicate. Imports no stage."""
