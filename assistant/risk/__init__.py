"""Risk rules as data: assessed changes, lineage, playbooks."""
