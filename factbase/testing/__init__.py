"""Test support for factbase: a throwaway PostgreSQL server and the pytest fixtures built on it."""
