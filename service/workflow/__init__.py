"""The appraisal workflow: units, dossiers and their statuses, deadlines, the council's appraisals,
the units' replies, stored totals and the exports (docs/council-workflow.md)."""
