"""The store: SQLModel tables, engine and the queries the flows use."""
