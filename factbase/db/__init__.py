"""Storage: the schema (models), engines and upgrade-on-open (engine), Document <-> rows (store)."""
