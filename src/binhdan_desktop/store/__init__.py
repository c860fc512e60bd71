"""Storage: the SQLite engine, the ORM models, change capture, migrations and SQL queries."""
