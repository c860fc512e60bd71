"""Pure domain rules: text handling, enumerations, the plan's indicators. No SQLAlchemy, no Qt."""
