"""A small read-only web app over the store: statements by day, speakers, outlets, Atom feeds."""
