"""The Qt user interface: a thin layer over the services (no SQL, no business rules)."""
