"""Jury logic that needs no database: the assignment planner."""
