"""Dashboard views of the desk (Part B of issue 5 owns this module)."""
