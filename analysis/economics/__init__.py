"""Money over years: the ledger per stakeholder and the business case."""
