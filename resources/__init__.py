"""Packaged data: the plan targets, the default curriculum, fonts and translations."""
