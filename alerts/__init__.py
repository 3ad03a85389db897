"""Incidents: spike alerts merged, explained and pushed to where the comms team works (issue 13)."""
