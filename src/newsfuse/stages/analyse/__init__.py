"""Analysis stages: entities (and, later, figures, quotes, events)."""
